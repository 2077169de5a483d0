// Package hostnetwork provides the HostNetwork Score: the bonds, VLAN
// interfaces and addresses of hosts' own Linux network stacks, applied on
// each host by the host-network tool (harmony-hostnet).
package hostnetwork

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Kind is the Score's kind in a Scores document.
const Kind = "HostNetwork"

// Topology is what HostNetwork needs: host-network.
type Topology interface {
	domain.Topology
	domain.HasHostNetwork
}

// HostNetwork describes, per host, its bonds and VLAN interfaces.
type HostNetwork struct {
	Name  string       `json:"-"`
	Hosts []Interfaces `json:"hosts"`
}

// Interfaces are one host's desired interfaces.
type Interfaces struct {
	Host  string          `json:"host"`
	Bonds []BondInterface `json:"bonds,omitempty"`
	VLANs []VLANInterface `json:"vlans,omitempty"`
}

// BondInterface aggregates NICs of the host.
type BondInterface struct {
	Name           string         `json:"name"`
	Mode           string         `json:"mode"` // 802.3ad or active-backup
	Members        []string       `json:"members"`
	MTU            int            `json:"mtu,omitempty"`
	MIIMon         int            `json:"miimon,omitempty"`   // ms; default 100
	LACPRate       string         `json:"lacpRate,omitempty"` // slow or fast (802.3ad)
	XmitHashPolicy string         `json:"xmitHashPolicy,omitempty"`
	Addresses      []netip.Prefix `json:"addresses,omitempty"`
}

// VLANInterface is an 802.1Q interface on a bond or NIC of the host.
type VLANInterface struct {
	Name      string         `json:"name"`
	Link      string         `json:"link"`
	ID        int            `json:"id"`
	MTU       int            `json:"mtu,omitempty"`
	Addresses []netip.Prefix `json:"addresses,omitempty"`
}

var hashPolicies = []string{"layer2", "layer2+3", "layer3+4", "encap2+3", "encap3+4"}

// Steps expands the Score into a bond step per bond and a vlan-link step
// per VLAN, each VLAN after the bond it sits on. Everything a kernel
// would refuse is refused here, at plan time.
func (s HostNetwork) Steps(t Topology) ([]domain.Step, error) {
	b := domain.StepBuilder{Score: s.Name}
	seen := map[string]bool{}
	for i, hs := range s.Hosts {
		p := fmt.Sprintf("spec.hosts[%d]", i)
		h, err := domain.LookupHost(t, p+".host", hs.Host)
		if err != nil {
			return nil, err
		}
		if seen[h.Name] {
			return nil, domain.Errorf(p+".host", "describe each host once", "host %q is described twice", h.Name)
		}
		seen[h.Name] = true
		links := map[string]string{} // interface name → what it is, for the checks below
		for _, n := range h.NICs {
			links[n.Name] = "nic"
		}
		addrs := map[netip.Addr]string{}
		checkCommon := func(path, name string, mtu int, as []netip.Prefix) error {
			if name == "" || len(name) > 15 {
				return domain.Errorf(path+".name", "give an interface name of 1 to 15 characters (the kernel's limit)", "interface name %q cannot be used", name)
			}
			if _, dup := links[name]; dup {
				return domain.Errorf(path+".name", "give the interface a name no NIC, bond or VLAN of the host has", "host %q already has an interface %q", h.Name, name)
			}
			if mtu != 0 && (mtu < 68 || mtu > 65535) {
				return domain.Errorf(path+".mtu", "use an MTU between 68 and 65535 (9000 for jumbo frames), or leave it out", "MTU %d is out of range", mtu)
			}
			for k, a := range as {
				if !a.IsValid() || a.Addr() != a.Addr().Unmap() {
					return domain.Errorf(fmt.Sprintf("%s.addresses[%d]", path, k), "write addresses as address/prefix, e.g. 10.10.0.21/24", "address %v is not valid", a)
				}
				if other, dup := addrs[a.Addr()]; dup {
					return domain.Errorf(fmt.Sprintf("%s.addresses[%d]", path, k), "give each address to one interface", "%s is on %s already", a.Addr(), other)
				}
				addrs[a.Addr()] = name
			}
			return nil
		}
		bondSteps := map[string]string{}
		enslaved := map[string]string{}
		for j, bd := range hs.Bonds {
			bp := fmt.Sprintf("%s.bonds[%d]", p, j)
			if err := checkCommon(bp, bd.Name, bd.MTU, bd.Addresses); err != nil {
				return nil, err
			}
			if bd.Mode != "802.3ad" && bd.Mode != "active-backup" {
				return nil, domain.Errorf(bp+".mode", "use 802.3ad (LACP, with the switch's LAG) or active-backup", "unknown bond mode %q", bd.Mode)
			}
			if bd.Mode != "802.3ad" && (bd.LACPRate != "" || bd.XmitHashPolicy != "") {
				return nil, domain.Errorf(bp, "lacpRate and xmitHashPolicy are for mode 802.3ad; remove them", "bond %s is %s", bd.Name, bd.Mode)
			}
			if bd.LACPRate != "" && bd.LACPRate != "slow" && bd.LACPRate != "fast" {
				return nil, domain.Errorf(bp+".lacpRate", "use slow or fast", "unknown LACP rate %q", bd.LACPRate)
			}
			if bd.XmitHashPolicy != "" && !slices.Contains(hashPolicies, bd.XmitHashPolicy) {
				return nil, domain.Errorf(bp+".xmitHashPolicy", "use one of layer2, layer2+3, layer3+4, encap2+3, encap3+4", "unknown transmit hash policy %q", bd.XmitHashPolicy)
			}
			if bd.MIIMon < 0 {
				return nil, domain.Errorf(bp+".miimon", "give the link check interval in milliseconds, e.g. 100", "miimon %d is negative", bd.MIIMon)
			}
			if len(bd.Members) == 0 {
				return nil, domain.Errorf(bp+".members", "list the host's NICs the bond aggregates", "bond %s has no members", bd.Name)
			}
			for k, m := range bd.Members {
				mp := fmt.Sprintf("%s.members[%d]", bp, k)
				if links[m] != "nic" {
					return nil, domain.Errorf(mp, fmt.Sprintf("use a NIC of host %s from the inventory", h.Name), "%q is not a NIC of host %q", m, h.Name)
				}
				if other, dup := enslaved[m]; dup {
					return nil, domain.Errorf(mp, "a NIC belongs to one bond", "NIC %s of host %q is a member of bond %s already", m, h.Name, other)
				}
				enslaved[m] = bd.Name
			}
			links[bd.Name] = "bond"
			miimon := bd.MIIMon
			if miimon == 0 {
				miimon = 100
			}
			bondSteps[bd.Name] = b.Ensure(domain.HostNetwork, t.HostNetwork(), domain.TypeHostBond, h.Name+"."+bd.Name,
				domain.HostBond{Host: h.Name, Name: bd.Name, Mode: bd.Mode, Members: bd.Members, MTU: bd.MTU, MIIMon: miimon,
					LACPRate: bd.LACPRate, XmitHashPolicy: bd.XmitHashPolicy, Addresses: bd.Addresses})
		}
		for j, v := range hs.VLANs {
			vp := fmt.Sprintf("%s.vlans[%d]", p, j)
			if err := checkCommon(vp, v.Name, v.MTU, v.Addresses); err != nil {
				return nil, err
			}
			kind, ok := links[v.Link]
			if !ok || kind == "vlan" {
				return nil, domain.Errorf(vp+".link", fmt.Sprintf("put the VLAN on a bond of this Score or a NIC of host %s", h.Name), "%q is neither a bond nor a NIC of host %q", v.Link, h.Name)
			}
			if bond, ok := enslaved[v.Link]; ok {
				return nil, domain.Errorf(vp+".link", "put the VLAN on bond "+bond+" instead", "NIC %s is a member of bond %s", v.Link, bond)
			}
			if v.ID < 1 || v.ID > 4094 {
				return nil, domain.Errorf(vp+".id", "use a VLAN ID from 1 to 4094", "VLAN ID %d is out of range", v.ID)
			}
			links[v.Name] = "vlan"
			var after []string
			if id, ok := bondSteps[v.Link]; ok {
				after = append(after, id)
			}
			b.Ensure(domain.HostNetwork, t.HostNetwork(), domain.TypeHostVLAN, h.Name+"."+v.Name,
				domain.HostVLAN{Host: h.Name, Name: v.Name, Link: v.Link, ID: v.ID, MTU: v.MTU, Addresses: v.Addresses}, after...)
		}
	}
	return b.Steps()
}
