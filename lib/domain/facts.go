package domain

import (
	"fmt"
	"slices"
	"strings"
)

// Facts are a Site and its Inventory, checked against each other. They are
// the base of every topology: embed Facts in a typed topology, or use
// NewSiteTopology for one that offers whatever the Site provides.
type Facts struct {
	site  *Site
	inv   *Inventory
	hosts map[string]*Host
	fleet *Fleet
}

// NewFacts validates site and inv, each on its own and against each other
// (every cabled NIC names a Site device that provides switch).
func NewFacts(site *Site, inv *Inventory) (Facts, error) {
	if err := site.Validate(); err != nil {
		return Facts{}, err
	}
	if err := inv.Validate(); err != nil {
		return Facts{}, err
	}
	f := Facts{site: site, inv: inv, hosts: make(map[string]*Host, len(inv.Spec.Hosts))}
	for i := range inv.Spec.Hosts {
		h := &inv.Spec.Hosts[i]
		f.hosts[h.Name] = h
		for j, n := range h.NICs {
			if n.Switch == "" {
				continue
			}
			p := fmt.Sprintf("spec.hosts[%d].nics[%d].switch", i, j)
			d, ok := site.Spec.Device(n.Switch)
			if !ok {
				return Facts{}, In(KindInventory, fieldErrorf(p,
					fmt.Sprintf("add %s to the Site's devices with provides: [switch], or correct the cabling", n.Switch),
					"NIC %s of host %q is cabled to switch %q, which is not a device of site %q", n.Name, h.Name, n.Switch, site.Metadata.Name))
			}
			if !d.Has(Switch) {
				return Facts{}, In(KindInventory, fieldErrorf(p,
					fmt.Sprintf("add switch to the provides list of device %s, or correct the cabling", n.Switch),
					"NIC %s of host %q is cabled to %q, which does not provide switch", n.Name, h.Name, n.Switch))
			}
		}
	}
	return f, nil
}

// WithFleet returns the facts with the Fleet the site belongs to, for
// Scores that span sites. The Fleet is validated first.
func (f Facts) WithFleet(fl *Fleet) (Facts, error) {
	if err := fl.Validate(); err != nil {
		return f, err
	}
	if _, ok := fl.Site(f.site.Metadata.Name); !ok {
		return f, In(KindFleet, fieldErrorf("spec.sites", fmt.Sprintf("add site %s to the Fleet, or plan one of its sites: %s", f.site.Metadata.Name, strings.Join(fl.SiteNames(), ", ")),
			"site %q is not in fleet %q", f.site.Metadata.Name, fl.Metadata.Name))
	}
	f.fleet = fl
	return f, nil
}

// Fleet returns the Fleet the site belongs to, or nil when none was given.
// A Score that spans sites needs it; it is not a capability of one site.
func (f Facts) Fleet() *Fleet { return f.fleet }

// Site returns the site.
func (f Facts) Site() *Site { return f.site }

// Inventory returns the inventory.
func (f Facts) Inventory() *Inventory { return f.inv }

// Host returns the inventory's host with that name.
func (f Facts) Host(name string) (*Host, bool) {
	h, ok := f.hosts[name]
	return h, ok
}

// Check reports the first capability in needs that the site does not
// provide exactly once (switch may be provided by several devices), as a
// *CapabilityError for the named Score.
func (f Facts) Check(kind, score string, needs []Capability) error {
	for _, c := range needs {
		ps := f.site.Spec.Providers(c)
		if len(ps) == 0 || (len(ps) > 1 && !c.Many() && (c != PowerControl || !f.onePerProvider(ps))) {
			return &CapabilityError{Score: score, Kind: kind, Capability: c, Site: f.site.Metadata.Name, Providers: ps}
		}
	}
	return nil
}

// onePerProvider: power-control may come from one device per protocol
// (an ipmi one and a redfish one), each host going to the one its BMC
// speaks.
func (f Facts) onePerProvider(devices []string) bool {
	seen := map[string]bool{}
	for _, name := range devices {
		for _, d := range f.site.Spec.Devices {
			if d.Name == name {
				if seen[d.Provider] {
					return false
				}
				seen[d.Provider] = true
			}
		}
	}
	return true
}

// SiteTopology is a topology that offers every capability, answering with
// the Site's device that provides it. harmony-plan uses it for documents,
// after Facts.Check has proven each capability a Score needs is there; a
// Go program that wants the compiler's check uses a typed topology instead.
type SiteTopology struct {
	Facts
	providers map[Capability][]string
}

// NewSiteTopology returns the topology of f's Site.
func NewSiteTopology(f Facts) SiteTopology {
	t := SiteTopology{Facts: f, providers: map[Capability][]string{}}
	for _, c := range Capabilities() {
		t.providers[c] = f.site.Spec.Providers(c)
	}
	return t
}

func (t SiteTopology) one(c Capability) string {
	if ps := t.providers[c]; len(ps) == 1 {
		return ps[0]
	}
	return ""
}

// DHCPServer returns the device providing dhcp-server.
func (t SiteTopology) DHCPServer() string { return t.one(DHCPServer) }

// DNSServer returns the device providing dns-server.
func (t SiteTopology) DNSServer() string { return t.one(DNSServer) }

// LoadBalancer returns the device providing load-balancer.
func (t SiteTopology) LoadBalancer() string { return t.one(LoadBalancer) }

// Firewall returns the device providing firewall.
func (t SiteTopology) Firewall() string { return t.one(Firewall) }

// TFTPServer returns the device providing tftp-server.
func (t SiteTopology) TFTPServer() string { return t.one(TFTPServer) }

// PXEBoot returns the device providing pxe-boot.
func (t SiteTopology) PXEBoot() string { return t.one(PXEBoot) }

// Switch returns the devices providing switch.
func (t SiteTopology) Switch() []string { return slices.Clone(t.providers[Switch]) }

// PowerControl returns the device providing power-control, when one does.
func (t SiteTopology) PowerControl() string { return t.one(PowerControl) }

// PowerControlOf returns the device providing power-control with the
// provider protocol (ipmi, redfish).
func (t SiteTopology) PowerControlOf(protocol string) (string, bool) {
	for _, name := range t.providers[PowerControl] {
		for _, d := range t.site.Spec.Devices {
			if d.Name == name && d.Provider == protocol {
				return name, true
			}
		}
	}
	return "", false
}

// HostNetwork returns the device providing host-network.
func (t SiteTopology) HostNetwork() string { return t.one(HostNetwork) }

// K8sCluster returns the device providing k8s-cluster.
func (t SiteTopology) K8sCluster() string { return t.one(K8sCluster) }

// PostgreSQL returns the devices providing postgresql.
func (t SiteTopology) PostgreSQL() []string { return slices.Clone(t.providers[PostgreSQL]) }
