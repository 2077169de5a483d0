// Package netlink is this host's network stack through the kernel's
// netlink interface (github.com/vishvananda/netlink): Links reports its
// links for harmony-inventory's local discovery, and the Driver applies
// the host-network steps for harmony-hostnet. Both read the kernel through
// readState.
package netlink

import (
	"slices"
	"strings"
)

// Link is one network interface of this host.
type Link struct {
	Name      string   `json:"name"`
	Kind      string   `json:"kind"`          // device, veth, bond, vlan, bridge, …
	MAC       string   `json:"mac,omitempty"` // a NIC's own (permanent) MAC, even when a bond has changed it
	BondMode  string   `json:"bondMode,omitempty"`
	Master    string   `json:"master,omitempty"` // the bond or bridge it is a member of
	Up        bool     `json:"up"`
	MTU       int      `json:"mtu"`
	Addresses []string `json:"addresses,omitempty"`
}

// Links lists the host's links, but the loopback, sorted by name.
func Links() ([]Link, error) {
	h, err := readState()
	if err != nil {
		return nil, err
	}
	out := make([]Link, 0, len(h.Links))
	for _, l := range h.Links {
		link := Link{Name: l.Name, Kind: l.Kind, MAC: l.MAC, BondMode: l.Bond.Mode, Master: l.Master, Up: l.Up, MTU: l.MTU}
		for _, a := range l.Addrs {
			link.Addresses = append(link.Addresses, a.String())
		}
		slices.Sort(link.Addresses)
		out = append(out, link)
	}
	slices.SortFunc(out, func(a, b Link) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// NIC reports whether a link is a network card a host is cabled with (a
// physical device, or a veth standing for one in tests), not a bond,
// VLAN, bridge or tunnel made on top.
func (l Link) NIC() bool {
	return (l.Kind == "device" || l.Kind == "veth") && l.MAC != ""
}
