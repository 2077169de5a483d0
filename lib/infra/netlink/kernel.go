package netlink

import (
	"fmt"
	"net"
	"net/netip"

	vnl "github.com/vishvananda/netlink"
)

// readState reads the host's links, their addresses and the links the
// default routes go out of.
func readState() (hostState, error) {
	ls, err := vnl.LinkList()
	if err != nil {
		return hostState{}, fmt.Errorf("listing links over netlink: %w", err)
	}
	h := hostState{Links: map[string]*linkState{}, Default: map[string]bool{}}
	names := map[int]string{}
	for _, l := range ls {
		names[l.Attrs().Index] = l.Attrs().Name
	}
	for _, l := range ls {
		a := l.Attrs()
		if a.Flags&net.FlagLoopback != 0 {
			continue
		}
		st := &linkState{Name: a.Name, Index: a.Index, Kind: l.Type(), Master: names[a.MasterIndex], MTU: a.MTU,
			Up: a.Flags&net.FlagUp != 0, Alias: a.Alias}
		if len(a.HardwareAddr) == 6 {
			st.MAC = a.HardwareAddr.String()
		}
		// A bond gives its members its own MAC; the NIC's is kept as the
		// permanent address.
		if s, ok := a.Slave.(*vnl.BondSlave); ok && len(s.PermHardwareAddr) == 6 {
			st.MAC = s.PermHardwareAddr.String()
		} else if len(a.PermHWAddr) == 6 && st.Kind != "bond" {
			st.MAC = a.PermHWAddr.String()
		}
		switch l := l.(type) {
		case *vnl.Bond:
			st.Bond = bondAttrs{Mode: l.Mode.String(), MIIMon: l.Miimon, LACPRate: l.LacpRate.String(), Hash: l.XmitHashPolicy.String()}.current(l.Mode.String())
		case *vnl.Vlan:
			st.Parent, st.VLANID = names[a.ParentIndex], l.VlanId
		}
		if s, ok := a.Slave.(*vnl.BondSlave); ok {
			st.ActorState = s.AdActorOperPortState
		}
		addrs, err := vnl.AddrList(l, vnl.FAMILY_ALL)
		if err != nil {
			return hostState{}, fmt.Errorf("addresses of %s: %w", a.Name, err)
		}
		for _, ad := range addrs {
			if ad.IP.IsLinkLocalUnicast() {
				continue
			}
			ip, _ := netip.AddrFromSlice(ad.IP)
			ones, _ := ad.Mask.Size()
			st.Addrs = append(st.Addrs, netip.PrefixFrom(ip.Unmap(), ones))
		}
		h.Links[a.Name] = st
	}
	routes, err := vnl.RouteList(nil, vnl.FAMILY_ALL)
	if err != nil {
		return hostState{}, fmt.Errorf("listing routes over netlink: %w", err)
	}
	for _, r := range routes {
		if r.Dst != nil {
			if ones, _ := r.Dst.Mask.Size(); ones != 0 {
				continue
			}
		}
		if name := names[r.LinkIndex]; name != "" {
			h.Default[name] = true
		}
		for _, hop := range r.MultiPath {
			if name := names[hop.LinkIndex]; name != "" {
				h.Default[name] = true
			}
		}
	}
	return h, nil
}

// write makes one op on the kernel.
func write(o op) error {
	link := func(name string) (vnl.Link, error) {
		l, err := vnl.LinkByName(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return l, nil
	}
	bond := func(name string, a *bondAttrs, index int) *vnl.Bond {
		la := vnl.NewLinkAttrs()
		la.Name, la.Index = name, index
		b := vnl.NewLinkBond(la)
		b.Mode = vnl.StringToBondMode(a.Mode)
		b.Miimon = a.MIIMon
		if a.Mode == "802.3ad" {
			b.LacpRate = vnl.StringToBondLacpRate(a.LACPRate)
			b.XmitHashPolicy = vnl.StringToBondXmitHashPolicy(a.Hash)
		}
		return b
	}
	var err error
	switch o.Do {
	case doCreateBond:
		err = vnl.LinkAdd(bond(o.Link, o.Bond, 0))
	case doSetBond:
		var l vnl.Link
		if l, err = link(o.Link); err == nil {
			b := bond(o.Link, o.Bond, l.Attrs().Index)
			b.Mode = -1 // changed only by set-mode
			err = vnl.LinkModify(b)
		}
	case doSetMode:
		err = setMode(o.Link, bond(o.Link, o.Bond, 0))
	case doCreateVLAN:
		var p vnl.Link
		if p, err = link(o.To); err == nil {
			la := vnl.NewLinkAttrs()
			la.Name, la.ParentIndex = o.Link, p.Attrs().Index
			err = vnl.LinkAdd(&vnl.Vlan{LinkAttrs: la, VlanId: o.N, VlanProtocol: vnl.VLAN_PROTOCOL_8021Q})
		}
	case doEnslave:
		var l, m vnl.Link
		if l, err = link(o.Link); err == nil {
			if m, err = link(o.To); err == nil {
				// The kernel takes only a member that is down.
				if err = vnl.LinkSetDown(l); err == nil {
					if err = vnl.LinkSetMaster(l, m); err == nil {
						err = vnl.LinkSetUp(l)
					}
				}
			}
		}
	case doRelease:
		var l vnl.Link
		if l, err = link(o.Link); err == nil {
			err = vnl.LinkSetNoMaster(l)
		}
	case doMTU:
		var l vnl.Link
		if l, err = link(o.Link); err == nil {
			err = vnl.LinkSetMTU(l, o.N)
		}
	case doUp:
		var l vnl.Link
		if l, err = link(o.Link); err == nil {
			err = vnl.LinkSetUp(l)
		}
	case doAlias:
		var l vnl.Link
		if l, err = link(o.Link); err == nil {
			err = vnl.LinkSetAlias(l, o.To)
		}
	case doAddAddr, doDelAddr:
		var l vnl.Link
		var a *vnl.Addr
		if l, err = link(o.Link); err == nil {
			if a, err = vnl.ParseAddr(o.To); err == nil {
				if o.Do == doAddAddr {
					err = vnl.AddrAdd(l, a)
				} else {
					err = vnl.AddrDel(l, a)
				}
			}
		}
	case doDelete:
		var l vnl.Link
		if l, err = link(o.Link); err == nil {
			err = vnl.LinkDel(l)
		}
	default:
		err = fmt.Errorf("unknown operation")
	}
	if err != nil {
		return fmt.Errorf("%s: %w", o, err)
	}
	return nil
}

// setMode changes a bond's mode, which the kernel allows only on a bond
// that is down and has no members; its members are added back by the
// enslave ops that follow.
func setMode(name string, b *vnl.Bond) error {
	l, err := vnl.LinkByName(name)
	if err != nil {
		return err
	}
	if err := vnl.LinkSetDown(l); err != nil {
		return err
	}
	members, err := vnl.LinkList()
	if err != nil {
		return err
	}
	for _, m := range members {
		if m.Attrs().MasterIndex == l.Attrs().Index {
			if err := vnl.LinkSetNoMaster(m); err != nil {
				return fmt.Errorf("releasing %s: %w", m.Attrs().Name, err)
			}
		}
	}
	b.Index = l.Attrs().Index
	if err := vnl.LinkModify(b); err != nil {
		return err
	}
	return vnl.LinkSetUp(l)
}
