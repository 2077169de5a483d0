package brocade

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Managed is the prefix of the LAG names and port names Harmony gives:
// --prune removes only LAGs and port settings that carry it.
const Managed = "harmony-"

// nameRE is what a VLAN, LAG or port name may be: the switch would take
// more, but a space, # or > can end a CLI read early or be mangled.
var nameRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// PortName is the port name Harmony gives a port or LAG of the step's
// description: the managed prefix, then the description with anything
// but letters, digits, dot, dash and underscore as a dash.
func PortName(description string) string {
	var b strings.Builder
	for _, r := range description {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	n := Managed + b.String()
	if len(n) > 64 {
		n = n[:64]
	}
	return n
}

// LAGName is the name of the LAG of a lag step (named after its host).
func LAGName(step string) string { return Managed + step }

// change is what one step needs: the config lines, in order, and the
// fields they change.
type change struct {
	lines   []string
	changes []domain.Change
}

func (ch *change) add(field, from, to string, lines ...string) {
	ch.changes = append(ch.changes, domain.Change{Field: field, From: from, To: to})
	ch.lines = append(ch.lines, lines...)
}

// diffVLAN: the VLAN exists with its name.
func (c *Config) diffVLAN(v domain.VLAN) (change, error) {
	var ch change
	if v.ID < 1 || v.ID > 4090 {
		return ch, fmt.Errorf("VLAN %d is outside 1-4090, the ids FastIron takes", v.ID)
	}
	if v.Name != "" && !nameRE.MatchString(v.Name) {
		return ch, fmt.Errorf("VLAN name %q: use letters, digits, dot, dash and underscore", v.Name)
	}
	cur, ok := c.VLANs[v.ID]
	line := fmt.Sprintf("vlan %d by port", v.ID)
	if v.Name != "" {
		line = fmt.Sprintf("vlan %d name %s by port", v.ID, v.Name)
	}
	switch {
	case !ok:
		ch.add("vlan", "", strings.TrimSuffix(strings.TrimPrefix(line, "vlan "), " by port"), line, "exit")
	case v.Name != "" && cur.Name != v.Name:
		ch.add("name", cur.Name, v.Name, line, "exit")
	}
	return ch, nil
}

// diffMembership: member (a port "1/1/3" or "lag 11", addressed as kw in
// commands: "ethernet 1/1/3", "lag 11") is untagged in exactly untagged
// (0: the default VLAN) and tagged in exactly tagged.
func (c *Config) diffMembership(ch *change, member, kw string, untagged int, tagged []int) {
	cur, curTagged := c.untaggedIn(member), c.taggedIn(member)
	want := slices.Sorted(slices.Values(tagged))
	if cur != untagged {
		ch.changes = append(ch.changes, domain.Change{Field: "untaggedVlan", From: vlanString(cur), To: vlanString(untagged)})
	}
	if !slices.Equal(curTagged, want) {
		ch.changes = append(ch.changes, domain.Change{Field: "taggedVlans", From: ints(curTagged), To: ints(want)})
	}
	ch.lines = append(ch.lines, c.membershipLines(member, kw, untagged, want)...)
}

// membershipLines take member from its VLANs to untagged in untagged and
// tagged in want. On 08.0.30 a member untagged in one VLAN and tagged in
// others is tagged in all and dual-mode in the untagged one: dual-mode
// goes off first, untagged is taken away before tagging and given only
// to a member tagged nowhere, dual-mode is set last.
func (c *Config) membershipLines(member, kw string, untagged int, want []int) []string {
	var lines []string
	vlan := func(id int, line string) { lines = append(lines, fmt.Sprintf("vlan %d", id), line+kw, "exit") }
	cu, ct := c.untaggedIn(member), c.taggedIn(member)
	cd, wd := 0, 0
	wu, wt := untagged, want
	if c.Old {
		if d, ok := c.DualMode[member]; ok && d == cu && d != 0 {
			cd, cu, ct = d, 0, slices.Sorted(slices.Values(append(slices.Clone(ct), d)))
		}
		if wu != 0 && len(wt) > 0 {
			wd, wu, wt = wu, 0, slices.Sorted(slices.Values(append(slices.Clone(wt), wu)))
		}
		if cd != 0 && cd != wd {
			lines = append(lines, "interface "+kw, "no dual-mode", "exit")
		}
	}
	if cu != 0 && cu != wu {
		vlan(cu, "no untagged ")
	}
	for _, id := range ct {
		if !slices.Contains(wt, id) {
			vlan(id, "no tagged ")
		}
	}
	for _, id := range wt {
		if !slices.Contains(ct, id) {
			vlan(id, "tagged ")
		}
	}
	if wu != 0 && wu != cu {
		vlan(wu, "untagged ")
	}
	if wd != 0 && wd != cd {
		lines = append(lines, "interface "+kw, fmt.Sprintf("dual-mode %d", wd), "exit")
	}
	return lines
}

// diffName: the interface iface ("ethernet 1/1/3", "lag 11"), known in
// the config as key, has the port name.
func (c *Config) diffName(ch *change, key, iface, name string) {
	if cur := c.Names[key]; cur != name {
		ch.add("portName", cur, name, "interface "+iface, "port-name "+name, "exit")
	}
}

// diffLAG: the host's LACP LAG over its ports, one member forced up
// (PXE), in its VLANs, named. ids are LAG ids this session has given out
// and not yet seen in the config (a dry run's new LAGs).
func (c *Config) diffLAG(host string, l domain.LAG, ids map[int]bool) (change, error) {
	var ch change
	name := LAGName(host)
	portName := PortName(l.Description)
	if !nameRE.MatchString(name) {
		return ch, fmt.Errorf("LAG name %q: use letters, digits, dot, dash and underscore", name)
	}
	if len(l.Ports) == 0 {
		return ch, fmt.Errorf("LAG %s has no ports", name)
	}
	if l.KeepForwarding != "" && !slices.Contains(l.Ports, l.KeepForwarding) {
		return ch, fmt.Errorf("LAG %s keeps %s forwarding, which is not one of its ports", name, l.KeepForwarding)
	}
	cur := c.LAGs[name]
	// Every problem is found before a line is sent: no half-built LAG.
	for _, p := range l.Ports {
		if other := c.lagOf(p); other != nil && other != cur {
			return ch, fmt.Errorf("port %s is a member of LAG %s: take it out there (no ports ethernet %s), or correct the inventory's cabling", p, other.Name, p)
		}
		if cur != nil && cur.Ports[p] {
			continue
		}
		if u, t := c.untaggedIn(p), c.taggedIn(p); u != 0 || len(t) > 0 {
			return ch, fmt.Errorf("port %s is in VLANs of its own (untagged %s, tagged %s) and a LAG member must not be: remove them (no untagged/no tagged ethernet %s), or correct the inventory's cabling", p, vlanString(u), ints(t), p)
		}
		if n, ok := c.Names[p]; ok && !strings.HasPrefix(n, Managed) {
			return ch, fmt.Errorf("port %s has the port name %q set by hand, and a LAG member takes its settings from the LAG: remove it (no port-name)", p, n)
		}
	}
	var block []string
	id := 0
	created := cur == nil
	if cur == nil {
		for id = 1; c.lagByID(id) != nil || ids[id]; id++ {
		}
		ids[id] = true
		block = append(block, fmt.Sprintf("lag %s dynamic id %d", name, id))
		ch.changes = append(ch.changes, domain.Change{Field: "lag", To: fmt.Sprintf("%s id %d", name, id)})
		cur = &LAG{Name: name, ID: id, Ports: map[string]bool{}, ForceUp: map[string]bool{}}
	} else {
		id = cur.ID
		if !cur.Dynamic {
			return ch, fmt.Errorf("LAG %s is static; Harmony's are LACP (dynamic): delete it (no lag %s) and run again", name, name)
		}
	}
	var in []string
	// A managed single-port setting on a new member goes first; a port
	// shut down at the interface is brought up (a LAG member cannot be
	// configured at the interface once in).
	for _, p := range sortPorts(l.Ports) {
		if !cur.Ports[p] {
			if _, ok := c.Names[p]; ok {
				ch.lines = append(ch.lines, "interface ethernet "+p, "no port-name", "exit")
			}
			if c.Disabled[p] {
				ch.add("disabled", p, "", "interface ethernet "+p, "enable", "exit")
			}
			in = append(in, "ethernet "+p)
		}
	}
	if len(in) > 0 {
		block = append(block, "ports "+strings.Join(in, " "))
	}
	for _, p := range sortPorts(keys(cur.Ports)) {
		if !slices.Contains(l.Ports, p) {
			block = append(block, "no ports ethernet "+p)
		}
	}
	if !slices.Equal(sortPorts(keys(cur.Ports)), sortPorts(l.Ports)) {
		ch.changes = append(ch.changes, domain.Change{Field: "ports", From: strings.Join(sortPorts(keys(cur.Ports)), ","), To: strings.Join(sortPorts(l.Ports), ",")})
	}
	for _, p := range sortPorts(keys(cur.ForceUp)) {
		if p != l.KeepForwarding && slices.Contains(l.Ports, p) {
			block = append(block, "no force-up ethernet "+p)
		}
	}
	if l.KeepForwarding != "" && !cur.ForceUp[l.KeepForwarding] {
		block = append(block, "force-up ethernet "+l.KeepForwarding)
	}
	// Every member Harmony manages forwards: one disabled in the LAG
	// block (` disable ethe 1/1/3`) cannot carry the host, nor PXE-boot it.
	var off []string
	for _, p := range sortPorts(l.Ports) {
		if cur.Disabled[p] {
			off = append(off, p)
			block = append(block, "enable ethernet "+p)
		}
	}
	if len(off) > 0 {
		ch.changes = append(ch.changes, domain.Change{Field: "disabled", From: strings.Join(off, ","), To: ""})
	}
	if from, to := strings.Join(sortPorts(keys(cur.ForceUp)), ","), l.KeepForwarding; from != to {
		ch.changes = append(ch.changes, domain.Change{Field: "keepForwarding", From: from, To: to})
	}
	member := "lag " + strconv.Itoa(id)
	kw, vlans := member, c
	if c.Old {
		// The primary-port dialect: the LAG is anchored on a member
		// (kept while it stays one) and deployed; a deployed LAG's
		// members and primary port are fixed, so changing them takes it
		// out of its VLANs, undeploys, edits, deploys and puts it back.
		primary := sortPorts(l.Ports)[0]
		if slices.Contains(l.Ports, cur.Primary) {
			primary = cur.Primary
		}
		kw = "ethernet " + primary
		membersChanged := !slices.Equal(sortPorts(keys(cur.Ports)), sortPorts(l.Ports))
		redeploy := !created && cur.Deployed && (membersChanged || cur.Primary != primary)
		if redeploy {
			old := "ethernet " + cur.Primary
			for _, vid := range c.taggedIn(member) {
				ch.lines = append(ch.lines, fmt.Sprintf("vlan %d", vid), "no tagged "+old, "exit")
			}
			if u := c.untaggedIn(member); u != 0 {
				ch.lines = append(ch.lines, fmt.Sprintf("vlan %d", u), "no untagged "+old, "exit")
			}
			vlans = c.without(member)
			block = append([]string{"no deploy"}, block...)
		}
		if cur.Primary != primary {
			block = append(block, "primary-port "+primary)
			ch.changes = append(ch.changes, domain.Change{Field: "primaryPort", From: cur.Primary, To: primary})
			if !created {
				vlans = vlans.without(member)
				vlans.Names = maps.Clone(vlans.Names)
				delete(vlans.Names, member) // the name lived on the old primary port
			}
		}
		if created || !cur.Deployed || redeploy {
			block = append(block, "deploy")
		}
	}
	if len(block) > 0 {
		if !strings.HasPrefix(block[0], "lag ") {
			block = append([]string{"lag " + name}, block...)
		}
		ch.lines = append(ch.lines, append(block, "exit")...)
	}
	vlans.diffMembership(&ch, member, kw, l.UntaggedVLAN, l.TaggedVLANs)
	vlans.diffName(&ch, member, kw, portName)
	if c.Disabled[member] {
		ch.add("disabled", member, "", "interface "+kw, "enable", "exit")
	}
	return ch, nil
}

// without is a copy of the config in which member is in no VLAN.
func (c *Config) without(member string) *Config {
	n := *c
	n.VLANs = map[int]*VLAN{}
	for id, v := range c.VLANs {
		t, u := maps.Clone(v.Tagged), maps.Clone(v.Untagged)
		delete(t, member)
		delete(u, member)
		n.VLANs[id] = &VLAN{ID: v.ID, Name: v.Name, Tagged: t, Untagged: u}
	}
	return &n
}

// diffPort: a single port (a host with one cabled NIC) in its VLANs, named.
func (c *Config) diffPort(p domain.SwitchPort) (change, error) {
	var ch change
	if _, _, err := splitPort(p.Port); err != nil {
		return ch, fmt.Errorf("switch %v: write ports as unit/module/port, e.g. 1/1/5", err)
	}
	if l := c.lagOf(p.Port); l != nil {
		return ch, fmt.Errorf("port %s is a member of LAG %s: take it out there (no ports ethernet %s), or correct the inventory's cabling", p.Port, l.Name, p.Port)
	}
	if n, ok := c.Names[p.Port]; ok && !strings.HasPrefix(n, Managed) {
		return ch, fmt.Errorf("port %s has the port name %q set by hand: remove it (no port-name), or correct the inventory's cabling", p.Port, n)
	}
	c.diffMembership(&ch, p.Port, "ethernet "+p.Port, p.UntaggedVLAN, p.TaggedVLANs)
	c.diffName(&ch, p.Port, "ethernet "+p.Port, PortName(p.Description))
	if c.Disabled[p.Port] {
		ch.add("disabled", p.Port, "", "interface ethernet "+p.Port, "enable", "exit")
	}
	return ch, nil
}

// removeLAG: the managed LAG of the host is gone, and its VLAN
// memberships with it.
func (c *Config) removeLAG(host string) change {
	var ch change
	name := LAGName(host)
	l, ok := c.LAGs[name]
	if !ok {
		return ch
	}
	member := l.Member()
	ch.lines = append(ch.lines, c.membershipLines(member, c.iface(member), 0, nil)...)
	if c.Old && l.Deployed {
		ch.lines = append(ch.lines, "lag "+name, "no deploy", "exit") // a deployed LAG cannot be deleted
	}
	if c.Old && l.Primary != "" {
		if _, named := c.Names[member]; named { // the LAG's name lives on its primary port
			ch.lines = append(ch.lines, "interface ethernet "+l.Primary, "no port-name", "exit")
		}
	}
	ch.add("lag", fmt.Sprintf("%s id %d", name, l.ID), "absent", "no lag "+name)
	return ch
}

// removePort: a single port Harmony set up (its port name is managed)
// leaves its VLANs and loses its name. A port Harmony did not name is
// not Harmony's to clear.
func (c *Config) removePort(port string) change {
	var ch change
	n, ok := c.Names[port]
	if !ok || !strings.HasPrefix(n, Managed) {
		return ch
	}
	ch.lines = append(ch.lines, c.membershipLines(port, "ethernet "+port, 0, nil)...)
	ch.add("portName", n, "", "interface ethernet "+port, "no port-name", "exit")
	return ch
}

// removeVLAN: the VLAN is gone. One that still carries ports or LAGs
// Harmony does not manage is refused: deleting it would cut them.
func (c *Config) removeVLAN(id int) (change, error) {
	var ch change
	v, ok := c.VLANs[id]
	if !ok {
		return ch, nil
	}
	if id == 1 {
		return ch, fmt.Errorf("VLAN 1 is the default VLAN, which FastIron cannot delete: leave it out of the plan")
	}
	var foreign []string
	for _, m := range slices.Sorted(maps.Keys(v.Tagged)) {
		if !c.managed(m) {
			foreign = append(foreign, m+" (tagged)")
		}
	}
	for _, m := range slices.Sorted(maps.Keys(v.Untagged)) {
		if !c.managed(m) {
			foreign = append(foreign, m+" (untagged)")
		}
	}
	if len(foreign) > 0 {
		return ch, fmt.Errorf("VLAN %d still carries %s, which Harmony does not manage: take them out of it by hand, or keep the VLAN", id, strings.Join(foreign, ", "))
	}
	ch.add("vlan", strings.TrimSpace(fmt.Sprintf("%d %s", id, v.Name)), "absent", fmt.Sprintf("no vlan %d", id))
	return ch, nil
}

// managed reports whether a VLAN member ("1/1/3", "lag 11") is Harmony's.
func (c *Config) managed(member string) bool {
	if rest, ok := strings.CutPrefix(member, "lag "); ok {
		for _, l := range c.LAGs {
			if strconv.Itoa(l.ID) == rest {
				return strings.HasPrefix(l.Name, Managed)
			}
		}
		return false
	}
	return strings.HasPrefix(c.Names[member], Managed)
}

// prune lists the lines that remove the managed LAGs and port settings
// the plan does not have: keepLAGs and keepPorts name what it has.
func (c *Config) prune(keepLAGs, keepPorts map[string]bool) ([]string, []string) {
	var lines, removed []string
	var names []string
	for name := range c.LAGs {
		if strings.HasPrefix(name, Managed) && !keepLAGs[name] {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		lines = append(lines, c.removeLAG(strings.TrimPrefix(name, Managed)).lines...)
		removed = append(removed, "LAG "+name)
	}
	var ports []string
	for key, n := range c.Names {
		if !strings.HasPrefix(key, "lag ") && strings.HasPrefix(n, Managed) && !keepPorts[key] {
			ports = append(ports, key)
		}
	}
	for _, p := range sortPorts(ports) {
		lines = append(lines, c.removePort(p).lines...)
		removed = append(removed, "port "+p+" ("+c.Names[p]+")")
	}
	return lines, removed
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// sortPorts orders ports by unit, module and port number.
func sortPorts(ps []string) []string {
	ps = slices.Clone(ps)
	slices.SortFunc(ps, func(a, b string) int {
		pa, na, _ := splitPort(a)
		pb, nb, _ := splitPort(b)
		if pa != pb {
			return strings.Compare(pa, pb)
		}
		return na - nb
	})
	return ps
}

func vlanString(id int) string {
	if id == 0 {
		return ""
	}
	return strconv.Itoa(id)
}

func ints(ids []int) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.Itoa(id)
	}
	return strings.Join(s, ",")
}
