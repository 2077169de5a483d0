// Package netlink reads this host's network facts from the kernel
// (github.com/vishvananda/netlink): its links with their kind, MAC, bond
// master and addresses. harmony-inventory's local discovery uses it.
package netlink

import (
	"fmt"
	"net"
	"slices"
	"strings"

	vnl "github.com/vishvananda/netlink"
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
	ls, err := vnl.LinkList()
	if err != nil {
		return nil, fmt.Errorf("listing links over netlink: %w", err)
	}
	names := map[int]string{}
	for _, l := range ls {
		names[l.Attrs().Index] = l.Attrs().Name
	}
	var out []Link
	for _, l := range ls {
		a := l.Attrs()
		if a.Flags&net.FlagLoopback != 0 {
			continue
		}
		link := Link{Name: a.Name, Kind: l.Type(), Master: names[a.MasterIndex], Up: a.Flags&net.FlagUp != 0, MTU: a.MTU}
		if len(a.HardwareAddr) == 6 {
			link.MAC = a.HardwareAddr.String()
		}
		// A bond gives its members its own MAC; the NIC's is kept as
		// the permanent address.
		if s, ok := a.Slave.(*vnl.BondSlave); ok && len(s.PermHardwareAddr) == 6 {
			link.MAC = s.PermHardwareAddr.String()
		} else if len(a.PermHWAddr) == 6 && link.Kind != "bond" {
			link.MAC = a.PermHWAddr.String()
		}
		if b, ok := l.(*vnl.Bond); ok {
			link.BondMode = b.Mode.String()
		}
		addrs, err := vnl.AddrList(l, vnl.FAMILY_ALL)
		if err != nil {
			return nil, fmt.Errorf("addresses of %s: %w", a.Name, err)
		}
		for _, ad := range addrs {
			if ad.IP.IsLinkLocalUnicast() {
				continue
			}
			link.Addresses = append(link.Addresses, ad.IPNet.String())
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
