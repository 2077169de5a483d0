package netlink

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Managed is the alias (IFLA_IFALIAS, `ip link show` prints it) Harmony
// gives the bonds and VLAN interfaces it makes or adopts: --prune removes
// only links that carry it.
const Managed = "managed by harmony"

// hostState is what the kernel says of the host's links.
type hostState struct {
	Links map[string]*linkState
	// Default names the links default routes go out of.
	Default map[string]bool
}

// linkState is one link as the kernel has it.
type linkState struct {
	Name   string
	Index  int
	Kind   string // bond, vlan, device, veth, …
	MAC    string // a NIC's own (permanent) MAC, even when a bond has changed it
	Master string // the bond it is a member of
	MTU    int
	Up     bool
	Alias  string
	Addrs  []netip.Prefix // global and site addresses, not link-local
	Bond   bondAttrs      // of a bond
	Parent string         // of a VLAN: the link it is on
	VLANID int
	// ActorState is a bond member's LACP actor state (802.3ad).
	ActorState uint8
}

// bondAttrs are the bonding settings Harmony manages.
type bondAttrs struct {
	Mode     string
	MIIMon   int
	LACPRate string // 802.3ad
	Hash     string // xmit_hash_policy, 802.3ad
}

// op is one kernel write.
type op struct {
	Do   string // one of the do* constants
	Link string
	To   string     // master, parent, address or alias
	N    int        // MTU or VLAN ID
	Bond *bondAttrs // create-bond, set-bond, set-mode
}

const (
	doCreateBond = "create-bond"
	doSetBond    = "set-bond" // miimon, lacp rate, hash policy: changed in place
	doSetMode    = "set-mode" // bond down, members released, mode changed, bond up
	doCreateVLAN = "create-vlan"
	doEnslave    = "enslave"
	doRelease    = "release"
	doMTU        = "mtu"
	doUp         = "up"
	doAddAddr    = "add-addr"
	doDelAddr    = "del-addr"
	doAlias      = "alias"
	doDelete     = "delete"
)

func (o op) String() string {
	switch o.Do {
	case doEnslave:
		return fmt.Sprintf("enslave %s to %s", o.Link, o.To)
	case doRelease:
		return "release " + o.Link + " from its bond"
	case doSetMode:
		return fmt.Sprintf("change bond %s's mode to %s (releases and re-adds its members)", o.Link, o.Bond.Mode)
	case doDelAddr:
		return fmt.Sprintf("remove address %s from %s", o.To, o.Link)
	case doDelete:
		return "delete " + o.Link
	case doCreateVLAN:
		return fmt.Sprintf("create VLAN %d %s on %s", o.N, o.Link, o.To)
	}
	return o.Do + " " + o.Link
}

// disruptive reports whether the op can cut the traffic of link.
func (o op) disruptive() bool {
	switch o.Do {
	case doEnslave, doRelease, doSetMode, doDelAddr, doDelete:
		return true
	}
	return false
}

// carriers are the links the default routes depend on: the links they go
// out of, and below those the VLANs' links and the bonds' members.
func (h hostState) carriers() map[string]bool {
	out := map[string]bool{}
	var add func(string)
	add = func(name string) {
		if out[name] {
			return
		}
		out[name] = true
		l := h.Links[name]
		if l == nil {
			return
		}
		if l.Parent != "" {
			add(l.Parent)
		}
		for _, m := range h.members(name) {
			add(m)
		}
	}
	for name := range h.Default {
		add(name)
	}
	return out
}

// members lists a bond's members, by name.
func (h hostState) members(bond string) []string {
	var out []string
	for _, l := range h.Links {
		if l.Master == bond {
			out = append(out, l.Name)
		}
	}
	slices.Sort(out)
	return out
}

// guard refuses ops that would cut a link the default route depends on.
func (h hostState) guard(ops []op) error {
	carriers := h.carriers()
	for _, o := range ops {
		if o.disruptive() && carriers[o.Link] {
			var via []string
			for name := range h.Default {
				via = append(via, name)
			}
			slices.Sort(via)
			return fmt.Errorf("would %s, and the default route goes out through %s over it; nothing was changed: run with --allow-disruption from a console that does not depend on that route", o, strings.Join(via, ", "))
		}
	}
	return nil
}

// desiredBond is the bond's settings in full: what the spec leaves out is
// the kernel's default, so a hand-made change is drift.
func desiredBond(b domain.HostBond) bondAttrs {
	a := bondAttrs{Mode: b.Mode, MIIMon: b.MIIMon}
	if a.MIIMon == 0 {
		a.MIIMon = 100
	}
	if b.Mode == "802.3ad" {
		a.LACPRate, a.Hash = b.LACPRate, b.XmitHashPolicy
		if a.LACPRate == "" {
			a.LACPRate = "slow"
		}
		if a.Hash == "" {
			a.Hash = "layer2"
		}
	}
	return a
}

// current gives the settings of a bond as the kernel has them, but only
// those that matter in its mode.
func (a bondAttrs) current(mode string) bondAttrs {
	if mode != "802.3ad" {
		a.LACPRate, a.Hash = "", ""
	}
	return a
}

// diffBond says what to write to make the host's bond want.
func (h hostState) diffBond(want domain.HostBond) ([]domain.Change, []op, error) {
	attrs := desiredBond(want)
	var ch []domain.Change
	var ops []op
	cur := h.Links[want.Name]
	members := []string{}
	if cur == nil {
		ch = append(ch, domain.Change{Field: "bond", To: fmt.Sprintf("%s over %s", want.Mode, strings.Join(want.Members, ", "))})
		ops = append(ops, op{Do: doCreateBond, Link: want.Name, Bond: &attrs}, op{Do: doAlias, Link: want.Name, To: Managed})
		cur = &linkState{Name: want.Name, Kind: "bond", MTU: 1500}
	} else {
		if cur.Kind != "bond" {
			return nil, nil, fmt.Errorf("%s exists and is a %s, not a bond: rename or remove it, or name the bond differently", want.Name, cur.Kind)
		}
		if cur.Alias != Managed {
			ch = append(ch, domain.Change{Field: "alias", From: cur.Alias, To: Managed})
			ops = append(ops, op{Do: doAlias, Link: want.Name, To: Managed})
		}
		have := cur.Bond.current(cur.Bond.Mode)
		members = h.members(want.Name)
		switch {
		case have.Mode != attrs.Mode:
			ch = append(ch, domain.Change{Field: "mode", From: have.Mode, To: attrs.Mode})
			ops = append(ops, op{Do: doSetMode, Link: want.Name, Bond: &attrs})
			members = nil // set-mode releases them all
		case have != attrs:
			for _, f := range []struct{ name, from, to string }{
				{"miimon", strconv.Itoa(have.MIIMon), strconv.Itoa(attrs.MIIMon)},
				{"lacpRate", have.LACPRate, attrs.LACPRate},
				{"xmitHashPolicy", have.Hash, attrs.Hash},
			} {
				if f.from != f.to {
					ch = append(ch, domain.Change{Field: f.name, From: f.from, To: f.to})
				}
			}
			ops = append(ops, op{Do: doSetBond, Link: want.Name, Bond: &attrs})
		}
	}
	var memberOps []op
	for _, m := range members {
		if !slices.Contains(want.Members, m) {
			memberOps = append(memberOps, op{Do: doRelease, Link: m})
		}
	}
	for _, m := range want.Members {
		if slices.Contains(members, m) {
			continue
		}
		l := h.Links[m]
		switch {
		case l == nil:
			return nil, nil, fmt.Errorf("member %s of bond %s is not a link of this host: check the inventory's NIC names against `ip link`", m, want.Name)
		case l.Master != "" && l.Master != want.Name:
			return nil, nil, fmt.Errorf("member %s of bond %s is a member of %s: take it out of %s first", m, want.Name, l.Master, l.Master)
		case l.Kind == "bond" || l.Kind == "vlan":
			return nil, nil, fmt.Errorf("member %s of bond %s is a %s, not a NIC", m, want.Name, l.Kind)
		}
		memberOps = append(memberOps, op{Do: doEnslave, Link: m, To: want.Name})
	}
	if len(memberOps) > 0 && !slices.Equal(h.members(want.Name), sorted(want.Members)) {
		ch = append(ch, domain.Change{Field: "members", From: strings.Join(h.members(want.Name), ","), To: strings.Join(sorted(want.Members), ",")})
	}
	ops = append(ops, memberOps...)
	c2, o2 := h.diffCommon(cur, want.MTU, want.Addresses)
	return append(ch, c2...), append(ops, o2...), nil
}

// diffVLAN says what to write to make the host's VLAN interface want. In a
// dry run its link may be a bond the plan has yet to make.
func (h hostState) diffVLAN(want domain.HostVLAN, dryRun bool) ([]domain.Change, []op, error) {
	var ch []domain.Change
	var ops []op
	cur := h.Links[want.Name]
	if cur != nil && cur.Kind != "vlan" {
		return nil, nil, fmt.Errorf("%s exists and is a %s, not a VLAN interface: rename or remove it, or name the VLAN differently", want.Name, cur.Kind)
	}
	if parent := h.Links[want.Link]; parent == nil && !dryRun {
		return nil, nil, fmt.Errorf("link %s of VLAN %s does not exist: the bond step before this one makes it, or check the NIC's name", want.Link, want.Name)
	}
	var old *linkState // a VLAN made again: its changes are from what it was
	if cur != nil && (cur.Parent != want.Link || cur.VLANID != want.ID) {
		ch = append(ch, domain.Change{Field: "vlan", From: fmt.Sprintf("%d on %s", cur.VLANID, cur.Parent), To: fmt.Sprintf("%d on %s", want.ID, want.Link)})
		ops = append(ops, op{Do: doDelete, Link: want.Name})
		old, cur = cur, nil
	} else if cur == nil {
		ch = append(ch, domain.Change{Field: "vlan", To: fmt.Sprintf("%d on %s", want.ID, want.Link)})
	}
	if cur == nil {
		ops = append(ops, op{Do: doCreateVLAN, Link: want.Name, To: want.Link, N: want.ID}, op{Do: doAlias, Link: want.Name, To: Managed})
		cur = &linkState{Name: want.Name, Kind: "vlan", Alias: Managed}
		if p := h.Links[want.Link]; p != nil {
			cur.MTU = p.MTU
		}
	} else if cur.Alias != Managed {
		ch = append(ch, domain.Change{Field: "alias", From: cur.Alias, To: Managed})
		ops = append(ops, op{Do: doAlias, Link: want.Name, To: Managed})
	}
	c2, o2 := h.diffCommon(cur, want.MTU, want.Addresses)
	if old != nil {
		c2, _ = h.diffCommon(old, want.MTU, want.Addresses)
	}
	return append(ch, c2...), append(ops, o2...), nil
}

// diffCommon is what bonds and VLANs share: MTU (when given), link up,
// and exactly the addresses given.
func (h hostState) diffCommon(cur *linkState, mtu int, addrs []netip.Prefix) ([]domain.Change, []op) {
	var ch []domain.Change
	var ops []op
	if mtu != 0 && cur.MTU != mtu {
		ch = append(ch, domain.Change{Field: "mtu", From: strconv.Itoa(cur.MTU), To: strconv.Itoa(mtu)})
		ops = append(ops, op{Do: doMTU, Link: cur.Name, N: mtu})
	}
	if !cur.Up {
		ch = append(ch, domain.Change{Field: "state", From: "down", To: "up"})
		ops = append(ops, op{Do: doUp, Link: cur.Name})
	}
	for _, a := range cur.Addrs {
		if !slices.Contains(addrs, a) {
			ops = append(ops, op{Do: doDelAddr, Link: cur.Name, To: a.String()})
		}
	}
	for _, a := range addrs {
		if !slices.Contains(cur.Addrs, a) {
			ops = append(ops, op{Do: doAddAddr, Link: cur.Name, To: a.String()})
		}
	}
	if from, to := prefixes(cur.Addrs), prefixes(addrs); from != to {
		ch = append(ch, domain.Change{Field: "addresses", From: from, To: to})
	}
	return ch, ops
}

// remove is the delete of a managed link of the kind (bond, vlan) for an
// absent step; the kernel takes the VLANs on a bond with it. A link that
// is there but not Harmony's is refused.
func (h hostState) remove(name, kind string) ([]domain.Change, []op, error) {
	l, ok := h.Links[name]
	if !ok {
		return nil, nil, nil
	}
	if l.Kind != kind {
		return nil, nil, fmt.Errorf("%s is a %s link, not a %s: Harmony leaves it", name, l.Kind, kind)
	}
	if l.Alias != Managed {
		return nil, nil, fmt.Errorf("%s exists, not managed by Harmony (its alias is %q): remove it by hand if it should go", name, l.Alias)
	}
	return []domain.Change{{Field: kind, From: name, To: "absent"}}, []op{{Do: doDelete, Link: name}}, nil
}

// prune lists the deletes that remove the managed bonds and VLANs that
// are not in keep: VLANs first, as they sit on bonds.
func (h hostState) prune(keep map[string]bool) []op {
	var vlans, bonds []op
	for _, l := range h.Links {
		if l.Alias != Managed || keep[l.Name] {
			continue
		}
		switch l.Kind {
		case "vlan":
			vlans = append(vlans, op{Do: doDelete, Link: l.Name})
		case "bond":
			bonds = append(bonds, op{Do: doDelete, Link: l.Name})
		}
	}
	byName := func(a, b op) int { return strings.Compare(a.Link, b.Link) }
	slices.SortFunc(vlans, byName)
	slices.SortFunc(bonds, byName)
	return append(vlans, bonds...)
}

// negotiating lists the members of an 802.3ad bond whose LACP has not
// formed: not in sync, collecting and distributing with a partner.
func (h hostState) negotiating(bond string) []string {
	const ready = 0x08 | 0x10 | 0x20 // synchronization, collecting, distributing
	const defaulted = 0x40           // no LACPDU from a partner
	var out []string
	for _, m := range h.members(bond) {
		s := h.Links[m].ActorState
		if s&ready != ready || s&defaulted != 0 {
			out = append(out, m)
		}
	}
	return out
}

func sorted(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

func prefixes(ps []netip.Prefix) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	slices.Sort(s)
	return strings.Join(s, ",")
}
