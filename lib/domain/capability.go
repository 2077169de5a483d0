package domain

import (
	"fmt"
	"reflect"
	"slices"
)

// Capability is an industry concept a site can provide, such as a DHCP
// server. It is never a product name: OPNsense and dnsmasq both provide
// dhcp-server, and a Score that needs one does not care which.
type Capability string

// The capabilities Harmony knows. A Site device lists the ones it provides.
const (
	DHCPServer   Capability = "dhcp-server"
	DNSServer    Capability = "dns-server"
	LoadBalancer Capability = "load-balancer"
	Firewall     Capability = "firewall"
	TFTPServer   Capability = "tftp-server"
	PXEBoot      Capability = "pxe-boot"
	Switch       Capability = "switch"
	PowerControl Capability = "power-control"
	HostNetwork  Capability = "host-network"
	K8sCluster   Capability = "k8s-cluster"
	PostgreSQL   Capability = "postgresql"
)

type capabilityMethod struct {
	cap    Capability
	method string
	// many says a site may have several devices providing it (every
	// switch, every database host); the others have one.
	many bool
}

// capabilities maps each capability to the method a typed topology has
// when it provides it. The method names are what the Go compiler prints
// when a topology lacks a capability, so they read as the capability.
var capabilities = []capabilityMethod{
	{DHCPServer, "DHCPServer", false},
	{DNSServer, "DNSServer", false},
	{LoadBalancer, "LoadBalancer", false},
	{Firewall, "Firewall", false},
	{TFTPServer, "TFTPServer", false},
	{PXEBoot, "PXEBoot", false},
	{Switch, "Switch", true},
	{PowerControl, "PowerControl", false},
	{HostNetwork, "HostNetwork", false},
	{K8sCluster, "K8sCluster", false},
	{PostgreSQL, "PostgreSQL", true},
}

// Capabilities returns every known capability in a fixed order.
func Capabilities() []Capability {
	out := make([]Capability, len(capabilities))
	for i, c := range capabilities {
		out[i] = c.cap
	}
	return out
}

// Many reports whether a site may have several devices providing c.
func (c Capability) Many() bool {
	i := slices.IndexFunc(capabilities, func(e capabilityMethod) bool { return e.cap == c })
	return i >= 0 && capabilities[i].many
}

// Known reports whether c is a capability Harmony knows.
func (c Capability) Known() bool {
	return slices.ContainsFunc(capabilities, func(e capabilityMethod) bool { return e.cap == c })
}

// Topology is what every Score plans against: the facts of one site.
// A typed topology embeds Facts and one *Provider value per capability
// the site has (see DHCPServerProvider); a Score's planning method accepts
// only a topology with the capability methods it needs, so a missing
// capability is a compile error that names it.
type Topology interface {
	Site() *Site
	Inventory() *Inventory
	Host(name string) (*Host, bool)
}

// The capability interfaces. Each method returns the name of the Site
// device that provides the capability; Switch returns every switch.
type (
	// HasDHCPServer is a topology with a dhcp-server.
	HasDHCPServer interface{ DHCPServer() string }
	// HasDNSServer is a topology with a dns-server.
	HasDNSServer interface{ DNSServer() string }
	// HasLoadBalancer is a topology with a load-balancer.
	HasLoadBalancer interface{ LoadBalancer() string }
	// HasFirewall is a topology with a firewall.
	HasFirewall interface{ Firewall() string }
	// HasTFTPServer is a topology with a tftp-server.
	HasTFTPServer interface{ TFTPServer() string }
	// HasPXEBoot is a topology with a pxe-boot server.
	HasPXEBoot interface{ PXEBoot() string }
	// HasSwitch is a topology with one or more switches.
	HasSwitch interface{ Switch() []string }
	// HasPowerControl is a topology with power-control over the hosts' BMCs.
	HasPowerControl interface{ PowerControl() string }
	// HasHostNetwork is a topology whose hosts' own networking is managed.
	HasHostNetwork interface{ HostNetwork() string }
	// HasK8sCluster is a topology with a Kubernetes cluster.
	HasK8sCluster interface{ K8sCluster() string }
	// HasPostgreSQL is a topology with site hosts whose PostgreSQL is
	// managed; it returns every such host's device.
	HasPostgreSQL interface{ PostgreSQL() []string }
)

// PowerControlFor is the device that drives a host's BMC, and the BMC as
// the host's steps name it: on a topology with a device per protocol
// (SiteTopology), the one whose provider is the BMC's protocol; on a
// typed one, its power-control device.
func PowerControlFor(t HasPowerControl, host string, b *BMC) (device, endpoint string, err error) {
	endpoint, err = b.Endpoint()
	if err != nil {
		return "", "", err
	}
	if pt, ok := t.(interface {
		PowerControlOf(string) (string, bool)
	}); ok {
		d, found := pt.PowerControlOf(b.Protocol())
		if !found {
			return "", "", fmt.Errorf("host %q has a %s BMC (%s), and no device of the site with provider %s provides power-control: add one", host, b.Protocol(), endpoint, b.Protocol())
		}
		return d, endpoint, nil
	}
	return t.PowerControl(), endpoint, nil
}

// The providers a typed topology embeds, one per capability. Each holds
// the name of the Site device that provides the capability.
type (
	// DHCPServerProvider gives a typed topology the dhcp-server capability.
	DHCPServerProvider string
	// DNSServerProvider gives a typed topology the dns-server capability.
	DNSServerProvider string
	// LoadBalancerProvider gives a typed topology the load-balancer capability.
	LoadBalancerProvider string
	// FirewallProvider gives a typed topology the firewall capability.
	FirewallProvider string
	// TFTPServerProvider gives a typed topology the tftp-server capability.
	TFTPServerProvider string
	// PXEBootProvider gives a typed topology the pxe-boot capability.
	PXEBootProvider string
	// SwitchProvider gives a typed topology the switch capability.
	SwitchProvider []string
	// PowerControlProvider gives a typed topology the power-control capability.
	PowerControlProvider string
	// HostNetworkProvider gives a typed topology the host-network capability.
	HostNetworkProvider string
	// K8sClusterProvider gives a typed topology the k8s-cluster capability.
	K8sClusterProvider string
	// PostgreSQLProvider gives a typed topology the postgresql capability.
	PostgreSQLProvider []string
)

// DHCPServer returns the device providing dhcp-server.
func (p DHCPServerProvider) DHCPServer() string { return string(p) }

// DNSServer returns the device providing dns-server.
func (p DNSServerProvider) DNSServer() string { return string(p) }

// LoadBalancer returns the device providing load-balancer.
func (p LoadBalancerProvider) LoadBalancer() string { return string(p) }

// Firewall returns the device providing firewall.
func (p FirewallProvider) Firewall() string { return string(p) }

// TFTPServer returns the device providing tftp-server.
func (p TFTPServerProvider) TFTPServer() string { return string(p) }

// PXEBoot returns the device providing pxe-boot.
func (p PXEBootProvider) PXEBoot() string { return string(p) }

// Switch returns the devices providing switch.
func (p SwitchProvider) Switch() []string { return []string(p) }

// PowerControl returns the device providing power-control.
func (p PowerControlProvider) PowerControl() string { return string(p) }

// HostNetwork returns the device providing host-network.
func (p HostNetworkProvider) HostNetwork() string { return string(p) }

// K8sCluster returns the device providing k8s-cluster.
func (p K8sClusterProvider) K8sCluster() string { return string(p) }

// PostgreSQL returns the devices providing postgresql.
func (p PostgreSQLProvider) PostgreSQL() []string { return []string(p) }

// RequiredCapabilities lists the capabilities a Score's topology interface
// asks for, read from its method set. It is how one declaration (the Go
// interface a Score plans against) feeds both the compiler's check and
// harmony-plan's check of data documents. The result is in the fixed
// order of Capabilities.
func RequiredCapabilities(topology reflect.Type) []Capability {
	var out []Capability
	for _, c := range capabilities {
		if _, ok := topology.MethodByName(c.method); ok {
			out = append(out, c.cap)
		}
	}
	return out
}
