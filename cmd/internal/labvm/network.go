package labvm

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/vishvananda/netlink"
)

// Network is a lab's rack network on this machine: a bridge holding the
// addresses the lab's peers serve the VMs on (a network's gateway, the
// PXE server's), and a tap per VM NIC on it.
type Network struct {
	Bridge string         `json:"bridge"`
	Addrs  []netip.Prefix `json:"addrs"`
	Taps   []string       `json:"taps"`
}

// Up makes the bridge, its addresses and the taps; an existing bridge of
// the same name is an error (another lab holds it).
func (n *Network) Up() error {
	if _, err := netlink.LinkByName(n.Bridge); err == nil {
		return fmt.Errorf("bridge %s exists already: another lab runs (harmony-lab down), or delete it with ip link del %s", n.Bridge, n.Bridge)
	}
	br := &netlink.Bridge{LinkAttrs: netlink.LinkAttrs{Name: n.Bridge}}
	if err := netlink.LinkAdd(br); err != nil {
		return fmt.Errorf("making bridge %s: %w", n.Bridge, err)
	}
	for _, a := range n.Addrs {
		addr, err := netlink.ParseAddr(a.String())
		if err != nil {
			_ = n.Down()
			return fmt.Errorf("bridge %s: address %s: %w", n.Bridge, a, err)
		}
		if a.Addr().Is6() {
			addr.Flags = 0x02 // IFA_F_NODAD: serve at once
		}
		if err := netlink.AddrAdd(br, addr); err != nil {
			_ = n.Down()
			return fmt.Errorf("bridge %s: address %s: %w", n.Bridge, a, err)
		}
	}
	if err := netlink.LinkSetUp(br); err != nil {
		_ = n.Down()
		return fmt.Errorf("bridge %s: %w", n.Bridge, err)
	}
	for _, name := range n.Taps {
		tap := &netlink.Tuntap{LinkAttrs: netlink.LinkAttrs{Name: name, MasterIndex: br.Index}, Mode: netlink.TUNTAP_MODE_TAP,
			Flags: netlink.TUNTAP_NO_PI | netlink.TUNTAP_VNET_HDR}
		if err := netlink.LinkAdd(tap); err != nil {
			_ = n.Down()
			return fmt.Errorf("making tap %s on %s: %w", name, n.Bridge, err)
		}
		if err := netlink.LinkSetUp(tap); err != nil {
			_ = n.Down()
			return fmt.Errorf("tap %s: %w", name, err)
		}
	}
	return nil
}

// Down deletes the taps and the bridge (what is already gone is fine).
func (n *Network) Down() error {
	var errs []error
	for _, name := range append(append([]string{}, n.Taps...), n.Bridge) {
		l, err := netlink.LinkByName(name)
		if err != nil {
			continue
		}
		if err := netlink.LinkDel(l); err != nil {
			errs = append(errs, fmt.Errorf("deleting %s: %w", name, err))
		}
	}
	return errors.Join(errs...)
}
