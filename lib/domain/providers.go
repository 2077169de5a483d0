package domain

import (
	"fmt"
	"slices"
	"strings"
)

// This file is the one place that says which providers Harmony drives,
// with which tool, and which capabilities, resource types and actions each
// provider's tool drives. harmony-plan's checks, every apply tool's
// ownership and its refusals, the build and the testscripts read it; a new
// provider is one entry here, one adapter package and its tool wiring.

// ResourceType is a kind of resource a plan's steps carry.
type ResourceType struct {
	Name       string
	Capability Capability
	// Removable says whether `absent` means something for it: a DNS record
	// can be deleted; a machine's power state or next boot device cannot
	// be "not there", so the planner refuses absent for them.
	Removable bool
}

// resourceTypes lists every resource type, by capability.
var resourceTypes = []ResourceType{
	{TypeReservation, DHCPServer, true},
	{TypeNetBoot, DHCPServer, true},
	{TypeARecord, DNSServer, true},
	{TypeAAAARecord, DNSServer, true},
	{TypePTRRecord, DNSServer, true},
	{TypeCNAMERecord, DNSServer, true},
	{TypeFrontend, LoadBalancer, true},
	{TypeRule, Firewall, true},
	{TypeTFTP, TFTPServer, true},
	{TypeProfile, PXEBoot, true},
	{TypeVLAN, Switch, true},
	{TypeLAG, Switch, true},
	{TypePort, Switch, true},
	{TypeBootDevice, PowerControl, false},
	{TypePower, PowerControl, false},
	{TypeHostBond, HostNetwork, true},
	{TypeHostVLAN, HostNetwork, true},
	{TypeK8sObject, K8sCluster, true},
	{TypeHelmChart, K8sCluster, true},
	// A database is not deleted by a plan: its data outlives the Score.
	{TypePGCluster, PostgreSQL, false},
}

// ResourceTypes returns every resource type Harmony knows.
func ResourceTypes() []ResourceType { return slices.Clone(resourceTypes) }

// LookupResourceType finds a resource type of a capability.
func LookupResourceType(c Capability, name string) (ResourceType, bool) {
	for _, t := range resourceTypes {
		if t.Capability == c && t.Name == name {
			return t, true
		}
	}
	return ResourceType{}, false
}

// Actions are the actions a step may take on a resource of this type.
func (t ResourceType) Actions() []Action {
	if t.Removable {
		return []Action{Ensure, Absent}
	}
	return []Action{Ensure}
}

// Provider is a kind of device a Harmony tool drives.
type Provider struct {
	Name string // as a Site device's provider names it
	Tool string // the tool that drives it
	// Types are the resource types (capability/type) the tool drives on
	// it, with every action the type allows.
	Types []string
}

// providers lists every provider, by name.
var providers = []Provider{
	{"brocade-fastiron", "harmony-switch", []string{"switch/vlan", "switch/lag", "switch/port"}},
	{"dnsmasq", "harmony-apply-dnsmasq", []string{"dhcp-server/reservation", "dhcp-server/netboot",
		"dns-server/a-record", "dns-server/aaaa-record", "dns-server/ptr-record", "tftp-server/service"}},
	{"harmony-pxe", "harmony-pxe", []string{"pxe-boot/profile"}},
	{"ipmi", "harmony-bmc", []string{"power-control/boot-device", "power-control/power"}},
	{"redfish", "harmony-bmc", []string{"power-control/boot-device", "power-control/power"}},
	{"kubernetes", "harmony-k8s", []string{"k8s-cluster/object", "k8s-cluster/helm-chart"}},
	{"linux", "harmony-hostnet", []string{"host-network/bond", "host-network/vlan-link"}},
	{"opnsense", "harmony-apply-opnsense", []string{"dhcp-server/reservation", "dhcp-server/netboot",
		"dns-server/a-record", "dns-server/aaaa-record", "dns-server/ptr-record", "dns-server/cname-record",
		"load-balancer/frontend", "firewall/rule", "tftp-server/service"}},
	{"postgresql", "harmony-pg", []string{"postgresql/cluster"}},
}

// Providers returns every provider Harmony drives, by name.
func Providers() []Provider { return slices.Clone(providers) }

// ProviderNames returns the names of the providers Harmony drives.
func ProviderNames() []string {
	out := make([]string, len(providers))
	for i, p := range providers {
		out[i] = p.Name
	}
	return out
}

// LookupProvider finds a provider by name.
func LookupProvider(name string) (Provider, bool) {
	i := slices.IndexFunc(providers, func(p Provider) bool { return p.Name == name })
	if i < 0 {
		return Provider{}, false
	}
	return providers[i], true
}

// ProvidersOf returns the providers a tool drives.
func ProvidersOf(tool string) []Provider {
	var out []Provider
	for _, p := range providers {
		if p.Tool == tool {
			out = append(out, p)
		}
	}
	return out
}

// Tools returns the apply tools that drive providers, sorted.
func Tools() []string {
	var out []string
	for _, p := range providers {
		if !slices.Contains(out, p.Tool) {
			out = append(out, p.Tool)
		}
	}
	slices.Sort(out)
	return out
}

// Capabilities returns what the provider can provide, in the order of
// Capabilities().
func (p Provider) Capabilities() []Capability {
	var out []Capability
	for _, c := range Capabilities() {
		if slices.ContainsFunc(p.Types, func(t string) bool { return strings.HasPrefix(t, string(c)+"/") }) {
			out = append(out, c)
		}
	}
	return out
}

// Drives reports whether the provider's tool takes action on a resource
// of type typ of capability c, and if not, why, for the operator.
func (p Provider) Drives(c Capability, typ string, action Action) error {
	if !slices.Contains(p.Types, string(c)+"/"+typ) {
		var have []string
		for _, t := range p.Types {
			if rest, ok := strings.CutPrefix(t, string(c)+"/"); ok {
				have = append(have, rest)
			}
		}
		if len(have) == 0 {
			return fmt.Errorf("%s does not drive %s on %s devices", p.Tool, c, p.Name)
		}
		return fmt.Errorf("%s does not drive %s %s on %s devices (it drives %s)", p.Tool, c, typ, p.Name, strings.Join(have, ", "))
	}
	rt, ok := LookupResourceType(c, typ)
	if !ok || !slices.Contains(rt.Actions(), action) {
		return fmt.Errorf("%s %s cannot be %s", c, typ, action)
	}
	return nil
}
