// Package hostbonds provides the HostBonds Score: each host's switch
// ports bonded into an LACP LAG (or, with one cabled port, set as an
// access port) on a network's VLAN.
package hostbonds

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Kind is the Score's kind in a Scores document.
const Kind = "HostBonds"

// Topology is what HostBonds needs: switches.
type Topology interface {
	domain.Topology
	domain.HasSwitch
}

// HostBonds puts the listed hosts' cabled ports on a network.
type HostBonds struct {
	Name    string   `json:"-"`
	Network string   `json:"network"` // its VLAN is carried untagged, so hosts can network-boot
	Hosts   []string `json:"hosts"`
	// PXE keeps one member of each LAG forwarding until LACP forms, so a
	// host can network-boot before its OS speaks LACP.
	PXE bool `json:"pxe,omitempty"`
}

// Steps expands the Score: the VLAN on each switch used, then per host
// and switch a LAG over its ports there (two or more) or the single port.
func (s HostBonds) Steps(t Topology) ([]domain.Step, error) {
	n, err := domain.LookupNetwork(t, "spec.network", s.Network)
	if err != nil {
		return nil, err
	}
	if n.VLAN == 0 {
		return nil, domain.Errorf("spec.network", fmt.Sprintf("set vlan on network %s in the Site", n.Name),
			"network %q has no VLAN to put the hosts' ports on", n.Name)
	}
	switches := t.Switch()
	b := domain.StepBuilder{Score: s.Name}
	vlans := map[string]string{} // switch → vlan step id
	hosts, err := domain.LookupHosts(t, "spec.hosts", s.Hosts)
	if err != nil {
		return nil, err
	}
	for i, h := range hosts {
		p, name := fmt.Sprintf("spec.hosts[%d]", i), h.Name
		bySwitch := map[string][]string{}
		var order []string
		for _, nic := range h.CabledNICs() {
			if !slices.Contains(switches, nic.Switch) {
				return nil, domain.Errorf(p, fmt.Sprintf("add switch to the provides of %s in the Site", nic.Switch),
					"host %q is cabled to %q, which the topology has no switch for", name, nic.Switch)
			}
			if _, ok := bySwitch[nic.Switch]; !ok {
				order = append(order, nic.Switch)
			}
			bySwitch[nic.Switch] = append(bySwitch[nic.Switch], nic.Port)
		}
		if len(order) == 0 {
			return nil, domain.Errorf(p, fmt.Sprintf("give host %s's NICs a switch and port in the inventory", name),
				"host %q has no NIC cabled to a switch", name)
		}
		for _, sw := range order {
			vid, ok := vlans[sw]
			if !ok {
				vid = b.Ensure(domain.Switch, sw, domain.TypeVLAN, strconv.Itoa(n.VLAN), domain.VLAN{ID: n.VLAN, Name: n.Name})
				vlans[sw] = vid
			}
			ports := bySwitch[sw]
			desc := fmt.Sprintf("%s %s", h.Name, n.Name)
			if len(ports) == 1 {
				b.Ensure(domain.Switch, sw, domain.TypePort, h.Name,
					domain.SwitchPort{Port: ports[0], UntaggedVLAN: n.VLAN, Description: desc}, vid)
				continue
			}
			lag := domain.LAG{Ports: ports, UntaggedVLAN: n.VLAN, Description: desc}
			if s.PXE {
				lag.KeepForwarding = ports[0]
			}
			b.Ensure(domain.Switch, sw, domain.TypeLAG, h.Name, lag, vid)
		}
	}
	return b.Steps()
}
