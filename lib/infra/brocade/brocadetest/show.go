package brocadetest

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The show commands, in the formats of real switches: the captures of
// networktocode/ntc-templates (tests/brocade_fastiron, tests/ruckus_fastiron,
// Apache-2.0; copies in testdata/ntc-templates) and the facts of
// docs/reference/brocade-fastiron.md. Each format's test parses the
// simulator's output with ntc-templates' own TextFSM template, as the
// tools built on them (netmiko, Ansible's parse_cli_textfsm, NAPALM) do.

// show answers a show command, with its output filter (| include RE,
// | exclude RE, | begin RE).
func (s *session) show(w []string) (string, error) {
	var filter []string
	if i := slices.Index(w, "|"); i >= 0 {
		w, filter = w[:i], w[i+1:]
	}
	out, err := s.sw.showText(w)
	if err != nil || filter == nil {
		return out, err
	}
	return applyFilter(out, filter)
}

func applyFilter(out string, f []string) (string, error) {
	if len(f) < 2 {
		return "", errIncomplete
	}
	re, err := regexp.Compile(strings.Join(f[1:], " "))
	if err != nil {
		return "", answer("Invalid input -> " + strings.Join(f[1:], " "))
	}
	lines := strings.SplitAfter(out, "\n")
	var b strings.Builder
	switch {
	case prefixOf(f[0], "include", 3):
		for _, l := range lines {
			if re.MatchString(strings.TrimRight(l, "\n")) {
				b.WriteString(l)
			}
		}
	case prefixOf(f[0], "exclude", 3):
		for _, l := range lines {
			if l != "" && !re.MatchString(strings.TrimRight(l, "\n")) {
				b.WriteString(l)
			}
		}
	case prefixOf(f[0], "begin", 1):
		for i, l := range lines {
			if re.MatchString(strings.TrimRight(l, "\n")) {
				b.WriteString(strings.Join(lines[i:], ""))
				break
			}
		}
	default:
		return "", answer("Invalid input -> " + strings.Join(f, " "))
	}
	return b.String(), nil
}

func (sw *Switch) showText(w []string) (string, error) {
	c := sw.running
	bad := func(from int) error { return answer("Invalid input -> " + strings.Join(w[from:], " ")) }
	if len(w) < 2 {
		return "", errIncomplete
	}
	arg, rest := w[1], w[2:]
	switch {
	case prefixOf(arg, "running-config", 3):
		return sw.runningSection(rest)
	case prefixOf(arg, "configuration", 4) && len(rest) == 0:
		return sw.startup.render(sw.cfg.Version), nil
	case prefixOf(arg, "version", 3) && len(rest) == 0:
		return sw.version(), nil
	case prefixOf(arg, "lldp", 2):
		switch {
		case len(rest) == 0:
			return lldpGlobal, nil
		case prefixOf(rest[0], "neighbors", 1) && len(rest) == 1:
			return sw.lldp(false), nil
		case prefixOf(rest[0], "neighbors", 1) && len(rest) == 2 && prefixOf(rest[1], "detail", 1):
			return sw.lldp(true), nil
		}
		return "", bad(2)
	case prefixOf(arg, "mac-address", 3) && len(rest) == 0:
		return sw.macTable(), nil
	case arg == "vlan":
		switch {
		case len(rest) == 0:
			return sw.vlans(nil), nil
		case len(rest) == 1 && prefixOf(rest[0], "brief", 1):
			return sw.vlanBrief(), nil
		case len(rest) == 1:
			id, err := strconv.Atoi(rest[0])
			if err != nil {
				return "", bad(2)
			}
			if c.VLANs[id] == nil {
				return "", answer(fmt.Sprintf("Error - VLAN %d does not exist", id))
			}
			return sw.vlans([]int{id}), nil
		}
		return "", bad(3)
	case prefixOf(arg, "lag", 2):
		switch {
		case len(rest) == 0:
			return sw.lagDetail(), nil
		case len(rest) == 1 && prefixOf(rest[0], "brief", 1):
			return sw.lagBrief(), nil
		}
		return "", bad(2)
	case prefixOf(arg, "interfaces", 3):
		switch {
		case len(rest) == 0:
			var b strings.Builder
			for n := 1; n <= c.ports; n++ {
				b.WriteString(sw.interfaceLong(fmt.Sprintf("1/1/%d", n)))
			}
			return b.String(), nil
		case len(rest) == 1 && prefixOf(rest[0], "brief", 1):
			return sw.interfacesBrief(), nil
		case len(rest) == 2 && prefixOf(rest[0], "ethernet", 1):
			if err := c.port(rest[1]); err != nil {
				return "", err
			}
			return sw.interfaceLong(rest[1]), nil
		}
		return "", bad(2)
	case prefixOf(arg, "media", 3):
		switch {
		case len(rest) == 0:
			return sw.media(), nil
		case len(rest) == 1 && prefixOf(rest[0], "validation", 1):
			return "\nPort       Supported Vendor               Type\n" + strings.Repeat("-", 70) + "\n", nil // copper ports only: no optics to list
		}
		return "", bad(2)
	case prefixOf(arg, "memory", 3) && len(rest) == 0:
		return "Stack unit 1:\nTotal DRAM: 954695680 bytes\n  Dynamic memory: 954695680 bytes total, 375963648 bytes free, 60% used\n", nil
	case prefixOf(arg, "flash", 2) && len(rest) == 0:
		return "Stack unit 1:\n  NAND Type: Micron NAND 2GiB (x 1)\n" +
			"  Compressed Pri Code size = 25966800, Version:" + sw.cfg.Version + " (primary.bin)\n" +
			"  Compressed Sec Code size = 29451996, Version:" + sw.cfg.Version + " (secondary.bin)\n" +
			"  Compressed Boot-Monitor Image size = 786944, Version:10.1.09T225\n  Code Flash Free Space = 1318699008\n", nil
	}
	return "", bad(1)
}

// lldpGlobal is show lldp with LLDP running and its default timers.
const lldpGlobal = "LLDP transmit interval           : 30 seconds\n" +
	"LLDP transmit hold multiplier    : 4  (transmit TTL: 120 seconds)\n" +
	"LLDP transmit delay              : 2 seconds\n" +
	"LLDP SNMP notification interval  : 5 seconds\n" +
	"LLDP reinitialize delay          : 2 seconds\n" +
	"LLDP-MED fast start repeat count : 3\n\n" +
	"LLDP maximum neighbors           : 2048\n" +
	"LLDP maximum neighbors per port  : 4\n"

// runningSection is show running-config, whole or one part of it: vlan
// [N], interface ethernet X, interface lag N.
func (sw *Switch) runningSection(w []string) (string, error) {
	all := sw.running.render(sw.cfg.Version)
	if len(w) == 0 {
		return all, nil
	}
	var want func(header string) bool
	switch {
	case w[0] == "vlan" && len(w) == 1:
		want = func(h string) bool { return strings.HasPrefix(h, "vlan ") }
	case w[0] == "vlan" && len(w) == 2:
		want = func(h string) bool { return strings.HasPrefix(h, "vlan "+w[1]+" ") }
	case prefixOf(w[0], "interface", 3) && len(w) == 3 && prefixOf(w[1], "ethernet", 1):
		want = func(h string) bool { return h == "interface ethernet "+w[2] }
	case prefixOf(w[0], "interface", 3) && len(w) == 3 && w[1] == "lag":
		want = func(h string) bool { return h == "interface lag "+w[2] }
	default:
		return "", answer("Invalid input -> " + strings.Join(w, " "))
	}
	// A section is its header line and the indented lines under it, with
	// the ! that ends it.
	var b strings.Builder
	in := false
	for _, l := range strings.SplitAfter(all, "\n") {
		t := strings.TrimRight(l, " \n")
		switch {
		case t == "":
		case !strings.HasPrefix(l, " ") && t != "!":
			in = want(t)
			if in {
				b.WriteString(l)
			}
		case in:
			b.WriteString(l)
			if t == "!" {
				in = false
			}
		}
	}
	return b.String(), nil
}

// lagIf reports whether the release has LAG virtual interfaces (08.0.61
// and later); before, a LAG is anchored on its primary port.
func (sw *Switch) lagIf() bool {
	return !versionBefore(sw.cfg.Version, 8, 0, 61)
}

var releaseRE = regexp.MustCompile(`^(\d+)\.(\d+)\.(\d+)`)

// versionBefore compares a FastIron version (08.0.95kT213) with a.b.c.
func versionBefore(v string, a, b, c int) bool {
	m := releaseRE.FindStringSubmatch(v)
	if m == nil {
		return false
	}
	x, _ := strconv.Atoi(m[1])
	y, _ := strconv.Atoi(m[2])
	z, _ := strconv.Atoi(m[3])
	return slices.Compare([]int{x, y, z}, []int{a, b, c}) < 0
}

// portMAC is a port's own MAC: the switch's base MAC plus its number.
func portMAC(n int) string {
	return fmt.Sprintf("609c.9f5d.%04x", 0x4a80+n)
}

func portIndex(p string) int {
	n, _ := strconv.Atoi(p[strings.LastIndex(p, "/")+1:])
	return n
}

// linkUp: a port is up when something is cabled to it (an LLDP neighbour
// or a learned MAC) and it is not disabled.
func (sw *Switch) linkUp(p string) bool {
	if sw.disabled(p) {
		return false
	}
	for _, n := range sw.cfg.LLDP {
		if n.Port == p {
			return true
		}
	}
	for _, e := range sw.cfg.MACs {
		if e.Port == p {
			return true
		}
	}
	return false
}

// disabled: shut down at the interface, or as a LAG member.
func (sw *Switch) disabled(p string) bool {
	c := sw.running
	if c.Disabled[p] {
		return true
	}
	if l := c.lagOf(p); l != nil && (l.Disabled[p] || c.Disabled[fmt.Sprintf("lag %d", l.ID)]) {
		return true
	}
	return false
}

// membership is a port's or LAG's VLANs: its untagged one (the default
// VLAN when none: on 08.0.61+ also for a tagged member, which stays in
// the default VLAN untagged; before, a tagged member leaves it, 0) and
// its tagged ones.
func (sw *Switch) membership(member string) (untagged int, tagged []int) {
	c := sw.running
	for id, v := range c.VLANs {
		if v.Tagged[member] {
			tagged = append(tagged, id)
		}
	}
	slices.Sort(tagged)
	if u := c.untaggedIn(member); u != 0 {
		return u, tagged
	}
	if d, ok := c.DualMode[member]; ok { // 08.0.30: native VLAN d
		return d, slices.DeleteFunc(tagged, func(id int) bool { return id == d })
	}
	if len(tagged) > 0 && !sw.lagIf() {
		return 0, tagged
	}
	return 1, tagged
}

// vlans is show vlan: every VLAN, or those of ids.
func (sw *Switch) vlans(ids []int) string {
	c := sw.running
	if ids == nil {
		for id := range c.VLANs {
			ids = append(ids, id)
		}
		slices.Sort(ids)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Total PORT-VLAN entries: %d\nMaximum PORT-VLAN entries: 1024\n\nLegend: [Stk=Stack-Id, S=Slot]\n\n", len(c.VLANs))
	for _, id := range ids {
		v := c.VLANs[id]
		var untagged, tagged []string
		if id == 1 {
			for n := 1; n <= c.ports; n++ {
				p := fmt.Sprintf("1/1/%d", n)
				if c.lagOf(p) == nil {
					if u, _ := sw.membership(p); u == 1 {
						untagged = append(untagged, p)
					}
				}
			}
			for _, l := range c.LAGs {
				if u, _ := sw.membership(fmt.Sprintf("lag %d", l.ID)); u == 1 {
					untagged = append(untagged, fmt.Sprintf("lag %d", l.ID))
				}
			}
		} else {
			untagged = keys(v.Untagged)
		}
		tagged = keys(v.Tagged)
		name := v.Name
		if name == "" {
			name = "[None]"
		}
		if sw.lagIf() {
			fmt.Fprintf(&b, "PORT-VLAN %d, Name %s, Priority level0, Off\n", id, name)
		} else {
			fmt.Fprintf(&b, "PORT-VLAN %d, Name %s, Priority level0, Spanning tree Off\n", id, name)
		}
		b.WriteString(portRows(" Untagged Ports:", untagged))
		b.WriteString(portRows("   Tagged Ports:", tagged))
		if !sw.lagIf() {
			var dual []string
			for p, d := range c.DualMode {
				if d == id {
					dual = append(dual, p)
				}
			}
			b.WriteString("   Uplink Ports: None\n" + portRows(" DualMode Ports:", dual))
		}
		b.WriteString(" Mac-Vlan Ports: None\n     Monitoring: Disabled\n\n")
	}
	return b.String()
}

// portRows writes members as show vlan does: per (U1/M1) or (LAG) group,
// twelve right-aligned numbers a line.
func portRows(label string, members []string) string {
	if len(members) == 0 {
		return label + " None\n"
	}
	members = sortedPorts(members)
	var b strings.Builder
	for _, group := range []string{"(U1/M1)", "(LAG)"} {
		var nums []int
		for _, m := range members {
			if id, ok := strings.CutPrefix(m, "lag "); ok == (group == "(LAG)") {
				if ok {
					n, _ := strconv.Atoi(id)
					nums = append(nums, n)
				} else {
					nums = append(nums, portIndex(m))
				}
			}
		}
		for i := 0; i < len(nums); i += 12 {
			fmt.Fprintf(&b, "%s %-7s", label, group)
			for _, n := range nums[i:min(i+12, len(nums))] {
				fmt.Fprintf(&b, "%4d", n)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// vlanBrief is show vlan brief.
func (sw *Switch) vlanBrief() string {
	c := sw.running
	ids := make([]int, 0, len(c.VLANs))
	for id := range c.VLANs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var parts []string
	for i := 0; i < len(ids); {
		j := i
		for j+1 < len(ids) && ids[j+1] == ids[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d to %d", ids[i], ids[j]))
		} else {
			parts = append(parts, strconv.Itoa(ids[i]))
		}
		i = j + 1
	}
	return fmt.Sprintf("System-max vlan Params: Max(4095) Default(64) Current(64)\nDefault vlan Id :1\nTotal Number of Vlan Configured :%d\nVLANs Configured :%s\n", len(ids), strings.Join(parts, " "))
}

func (sw *Switch) sortedLAGs() []*lag {
	ls := make([]*lag, 0, len(sw.running.LAGs))
	for _, l := range sw.running.LAGs {
		ls = append(ls, l)
	}
	slices.SortFunc(ls, func(a, b *lag) int { return a.ID - b.ID })
	return ls
}

// primary is a LAG's primary port: the one set, else its lowest member.
func (l *lag) primary() string {
	if l.Primary != "" {
		return l.Primary
	}
	if ps := sortedPorts(keys(l.Ports)); len(ps) > 0 {
		return ps[0]
	}
	return "none"
}

// deployed: 08.0.61+ LAGs are deployed on creation.
func (sw *Switch) deployed(l *lag) bool {
	return sw.lagIf() || l.Deployed
}

// lagBrief is show lag brief, in the one layout the captures have
// (08.0.30); names longer than its 14 columns run into Type, as there.
func (sw *Switch) lagBrief() string {
	ls := sw.sortedLAGs()
	deployed := 0
	for _, l := range ls {
		if sw.deployed(l) {
			deployed++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Total number of LAGs:          %d\nTotal number of deployed LAGs: %d\nTotal number of trunks created:%d (%d available)\n", len(ls), deployed, deployed, 120-deployed)
	b.WriteString("LACP System Priority / ID:     1 / 609c.9f5d.4a80\nLACP Long timeout:             120, default: 120\nLACP Short timeout:            3, default: 3\n\n")
	b.WriteString("LAG           Type   Deploy Trunk Primary  Port List\n")
	for _, l := range ls {
		name := l.Name
		if len(name) > 14 {
			name = name[:14]
		}
		typ, dep := "static ", "N"
		if l.Dynamic {
			typ = "dynamic"
		}
		if sw.deployed(l) {
			dep = "Y"
		}
		fmt.Fprintf(&b, "%-14s%s  %s    %-6d%-9s%s\n", name, typ, dep, l.ID, l.primary(), eList(keys(l.Ports)))
	}
	return b.String()
}

// eList writes ports as show lag does: e 1/1/1 to 1/1/2 e 1/1/5.
func eList(ports []string) string {
	return strings.ReplaceAll(collapse(ports), "ethe ", "e ")
}

// lagDetail is show lag: a block per LAG, its members' rows as show
// interfaces brief has them, and their LACP state.
func (sw *Switch) lagDetail() string {
	var b strings.Builder
	for _, l := range sw.sortedLAGs() {
		state := "Not Deployed"
		if sw.deployed(l) {
			state = "Deployed"
		}
		typ := "static"
		if l.Dynamic {
			typ = "dynamic"
		}
		members := sortedPorts(keys(l.Ports))
		fmt.Fprintf(&b, "=== LAG %q ID %d (%s %s) ===\nLAG Configuration:\n   Ports:         %s\n   Port Count:    %d\n", l.Name, l.ID, typ, state, eList(members), len(members))
		if sw.lagIf() {
			fmt.Fprintf(&b, "   Lag Interface: lg%d\n", l.ID)
		} else {
			fmt.Fprintf(&b, "   Primary Port:  %s\n", l.primary())
		}
		fmt.Fprintf(&b, "   Trunk Type:    hash-based\n   LACP Key:      %d\n", 20000+l.ID)
		if !sw.deployed(l) {
			b.WriteString("\n")
			continue
		}
		fmt.Fprintf(&b, "Deployment: HW Trunk ID %d\n", l.ID)
		b.WriteString(briefHeader(sw.lagIf()))
		for _, p := range members {
			b.WriteString(sw.briefRow(p))
		}
		if l.Dynamic {
			b.WriteString("\nPort       [Sys P] [Port P] [ Key ] [Act][Tio][Agg][Syn][Col][Dis][Def][Exp][Ope]\n")
			for _, p := range members {
				ope := "Ina" // chosen: no capture shows a member without a partner
				if sw.linkUp(p) {
					ope = "Ope"
				}
				if l.ForceUp[p] && !sw.linkUp(p) {
					ope = "Frc"
				}
				fmt.Fprintf(&b, "%-10s      1        1   %5d   Yes   L   Agg  Syn  Col  Dis  No   No   %s\n", p, 20000+l.ID, ope)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func briefHeader(modern bool) string {
	if modern {
		return "Port       Link    State   Dupl Speed Trunk Tag Pvid Pri MAC             Name\n"
	}
	return "Port    Link    State   Dupl Speed Trunk Tag Pvid Pri MAC             Name\n"
}

// briefRow is a port's row of show interfaces brief: 08.0.61+ widths
// (ruckus_fastiron captures), or the 08.0.30 ones with names cut to 10
// characters (brocade_fastiron captures).
func (sw *Switch) briefRow(p string) string {
	c := sw.running
	link, state, dupl, speed := "Down", "None", "None", "None"
	switch {
	case sw.disabled(p):
		link = "Disable"
	case sw.linkUp(p):
		link, state, dupl, speed = "Up", "Forward", "Full", "1G"
	}
	trunk, mac, member := "None", portMAC(portIndex(p)), p
	name := c.Names[p]
	if l := c.lagOf(p); l != nil {
		trunk = strconv.Itoa(l.ID)
		mac = portMAC(portIndex(l.primary())) // a member shows its LAG's MAC
		if sw.lagIf() {
			member = fmt.Sprintf("lag %d", l.ID)
		} else {
			member = l.primary()
		}
	}
	return sw.row(p, link, state, dupl, speed, trunk, member, mac, name)
}

func (sw *Switch) row(port, link, state, dupl, speed, trunk, member, mac, name string) string {
	u, tagged := sw.membership(member)
	tag, pvid := "No", strconv.Itoa(u)
	if len(tagged) > 0 {
		tag = "Yes"
	}
	if u == 0 {
		pvid = "N/A"
	}
	if sw.lagIf() {
		return strings.TrimRight(fmt.Sprintf("%-10s %-7s %-7s %-4s %-5s %-5s %-3s %-4s %-3s %-15s %s", port, link, state, dupl, speed, trunk, tag, pvid, "0", mac, name), " ") + "\n"
	}
	if len(name) > 10 {
		name = name[:10]
	}
	return strings.TrimRight(fmt.Sprintf("%-7s %-7s %-7s %-4s %-5s %-5s %-3s %-4s %-3s %-15s %s", port, link, state, dupl, speed, trunk, tag, pvid, "0", mac, name), " ") + "\n"
}

// interfacesBrief is show interfaces brief: the ports, the management
// port and (08.0.61+) a row per LAG interface.
func (sw *Switch) interfacesBrief() string {
	c := sw.running
	var b strings.Builder
	b.WriteString("\n" + briefHeader(sw.lagIf()))
	for n := 1; n <= c.ports; n++ {
		b.WriteString(sw.briefRow(fmt.Sprintf("1/1/%d", n)))
	}
	b.WriteString(sw.row("mgmt1", "Up", "None", "Full", "1G", "None", "mgmt1", portMAC(0), ""))
	if sw.lagIf() {
		for _, l := range sw.sortedLAGs() {
			key := fmt.Sprintf("lag %d", l.ID)
			link, state, dupl, speed := "Down", "None", "None", "None"
			up := 0
			for p := range l.Ports {
				if sw.linkUp(p) {
					up++
				}
			}
			switch {
			case c.Disabled[key]:
				link = "Disable"
			case up > 0:
				link, state, dupl, speed = "Up", "Forward", "Full", fmt.Sprintf("%dG", up)
			}
			b.WriteString(sw.row(fmt.Sprintf("lg%d", l.ID), link, state, dupl, speed, strconv.Itoa(l.ID), key, portMAC(portIndex(l.primary())), c.Names[key]))
		}
	}
	return b.String()
}

// interfaceLong is show interfaces ethernet X (the ruckus_fastiron
// show_interfaces capture's lines; counters zero).
func (sw *Switch) interfaceLong(p string) string {
	c := sw.running
	status, proto, stp := "down", "down", "BLOCKING"
	switch {
	case sw.disabled(p):
		status = "disabled"
		stp = "DISABLED"
	case sw.linkUp(p):
		status, proto, stp = "up", "up", "FORWARDING"
	}
	member := p
	l := c.lagOf(p)
	if l != nil {
		member = fmt.Sprintf("lag %d", l.ID)
		if !sw.lagIf() {
			member = l.primary()
		}
	}
	u, tagged := sw.membership(member)
	var vl string
	switch {
	case len(tagged) == 0:
		vl = fmt.Sprintf("Member of L2 VLAN ID %d, port is untagged", u)
	case u == 0:
		vl = fmt.Sprintf("Member of %d L2 VLANs, port is tagged", len(tagged))
	default:
		vl = fmt.Sprintf("Member of %d L2 VLANs, port is dual mode in Vlan %d", len(tagged)+1, u)
	}
	mac := portMAC(portIndex(p))
	var b strings.Builder
	fmt.Fprintf(&b, "GigabitEthernet%s is %s, line protocol is %s\n", p, status, proto)
	if status == "up" {
		b.WriteString("  Port up for 24 day(s) 4 hour(s) 11 minute(s) 1 second(s)\n")
	} else {
		b.WriteString("  Port down for 24 day(s) 4 hour(s) 11 minute(s) 1 second(s)\n")
	}
	fmt.Fprintf(&b, "  Hardware is GigabitEthernet, address is %s (bia %s)\n", mac, mac)
	if status == "up" {
		b.WriteString("  Configured speed auto, actual 1Gbit, configured duplex fdx, actual fdx\n  Configured mdi mode AUTO, actual MDI\n")
	} else {
		b.WriteString("  Configured speed auto, actual unknown, configured duplex fdx, actual unknown\n  Configured mdi mode AUTO, actual unknown\n")
	}
	fmt.Fprintf(&b, "  %s, port state is %s\n", vl, stp)
	b.WriteString("  BPDU guard is Disabled, ROOT protect is Disabled, Designated protect is Disabled\n  Link Error Dampening is Disabled\n" +
		"  STP configured to ON, priority is level0, mac-learning is enabled\n" +
		"  Openflow is Disabled, Openflow Hybrid mode is Disabled,  Flow Control is config enabled, oper enabled, negotiation disabled\n" +
		"  Mirror disabled, Monitor disabled\n  Mac-notification is disabled\n")
	if l != nil {
		ms := strings.Join(sortedPorts(keys(l.Ports)), ",")
		if sw.linkUp(p) {
			fmt.Fprintf(&b, "  Member of active trunk ports %s,lg%d, Lag Interface is lg%d\n", ms, l.ID, l.ID)
		} else {
			b.WriteString("  Not member of any active trunks\n")
		}
		fmt.Fprintf(&b, "  Member of configured trunk ports %s,lg%d, Lag Interface is lg%d\n", ms, l.ID, l.ID)
	} else {
		b.WriteString("  Not member of any active trunks\n  Not member of any configured trunks\n")
	}
	if n, ok := c.Names[p]; ok {
		fmt.Fprintf(&b, "  Port name is %s\n", n)
	} else {
		b.WriteString("  No port name\n")
	}
	b.WriteString("  IPG MII 0 bits-time, IPG GMII 0 bits-time\n  MTU 1500 bytes, encapsulation ethernet\n  MMU Mode is Store-and-forward\n" +
		"  300 second input rate: 0 bits/sec, 0 packets/sec, 0.00% utilization\n  300 second output rate: 0 bits/sec, 0 packets/sec, 0.00% utilization\n" +
		"  0 packets input, 0 bytes, 0 no buffer\n  Received 0 broadcasts, 0 multicasts, 0 unicasts\n  0 input errors, 0 CRC, 0 frame, 0 ignored\n  0 runts, 0 giants\n" +
		"  0 packets output, 0 bytes, 0 underruns\n  Transmitted 0 broadcasts, 0 multicasts, 0 unicasts\n  0 output errors, 0 collisions\n" +
		"  Relay Agent Information option: Disabled\n  Protected: No\n  MAC Port Security: Disabled\n \n")
	return b.String()
}

// media is show media: every port is copper (ICX7250-48's 1/1/x).
func (sw *Switch) media() string {
	var b strings.Builder
	for n := 1; n <= sw.running.ports; n++ {
		fmt.Fprintf(&b, "Port 1/1/%d:  Type  : 1G M-C (Gig-Copper)\n", n)
	}
	return b.String()
}

func (sw *Switch) version() string {
	if !sw.lagIf() { // brocade_fastiron show_version capture (08.0.30, one unit)
		return "  Copyright (c) 1996-2016 Brocade Communications Systems, Inc. All rights reserved.\n" +
			"    UNIT 1: compiled on May 19 2016 at 01:15:45 labeled as ICX64S08030h\n" +
			"\t\t(8500344 bytes) from Primary ICX64S08030h.bin\n" +
			"        SW: Version " + sw.cfg.Version + "\n" +
			"  Boot-Monitor Image size = 786944, Version:10.1.05T310 (kxz10105)\n" +
			"  HW: Stackable ICX6450-48\n" +
			"==========================================================================\n" +
			"UNIT 1: SL 1: ICX6450-48 48-port Management Module\n" +
			" \t Serial  #: BZT3217M025\n" +
			" \t License: BASE_SOFT_PACKAGE   (LID: dbvIHGMoFHK)\n" +
			" \t P-ENGINE  0: type DEF0, rev 01\n" +
			"==========================================================================\n\n" +
			"  800 MHz ARM processor ARMv5TE, 400 MHz bus\n65536 KB flash memory\n  512 MB DRAM\n" +
			"STACKID 1  system uptime is 24 day(s) 4 hour(s) 11 minute(s) 1 second(s)\n" +
			"The system started at 15:56:16 Pacific Fri Jul 08 2016\n\n The system : started=cold start\n" +
			"My stack unit ID = 1, bootup role = active\n"
	}
	return "  Copyright (c) Ruckus Networks, Inc. All rights reserved.\n" +
		"    UNIT 1: compiled on Feb 19 2019 at 13:48:49 labeled as SPR08095\n" +
		"      (32893932 bytes) from Primary SPR08095.bin (UFI)\n" +
		"        SW: Version " + sw.cfg.Version + "\n" +
		"  HW: Stackable ICX7250-48\n" +
		"==========================================================================\n" +
		"UNIT 1: SL 1: ICX7250-48 48-port Management Module\n" +
		"      Serial  #:DUK3234M0AB\n" +
		"==========================================================================\n" +
		"STACKID 1  system uptime is 24 day(s) 4 hour(s) 11 minute(s) 1 second(s)\n"
}

func (sw *Switch) lldp(detail bool) string {
	var b strings.Builder
	ns := slices.Clone(sw.cfg.LLDP)
	slices.SortFunc(ns, func(a, b Neighbor) int { return portNum(a.Port) - portNum(b.Port) })
	if !detail {
		b.WriteString("Lcl Port Chassis ID      Port ID         Port Description              System Name\n")
		for _, n := range ns {
			fmt.Fprintf(&b, "%-8s %-15s %-15s %-29s %s\n", n.Port, dotted(n.ChassisMAC), briefPortID(n), n.PortDescription, n.SystemName)
		}
		return b.String()
	}
	fmt.Fprintf(&b, "Total number of LLDP neighbors on all ports: %d\n", len(ns))
	for _, n := range ns {
		fmt.Fprintf(&b, "Local port: %s\n  Neighbor: %s, TTL 101 seconds\n", n.Port, dotted(n.ChassisMAC))
		fmt.Fprintf(&b, "    + Chassis ID (MAC address): %s\n", dotted(n.ChassisMAC))
		if n.PortMAC != "" {
			fmt.Fprintf(&b, "    + Port ID (MAC address): %s\n", dotted(n.PortMAC))
		} else { // as captured: + Port ID (locally assigned): "Gigabit-Ethernet 1/A/1"
			fmt.Fprintf(&b, "    + Port ID (locally assigned): %q\n", n.PortDescription)
		}
		fmt.Fprintf(&b, "    + Time to live: 120 seconds\n    + System name         : %q\n    + Port description    : %q\n", n.SystemName, n.PortDescription)
		b.WriteString("    + System capabilities : station\n      Enabled capabilities: station\n    + Maximum frame size: 1514 octets\n    + Port VLAN ID: none\n\n")
	}
	return b.String()
}

// briefPortID is the Port ID column of show lldp neighbors.
func briefPortID(n Neighbor) string {
	if n.PortMAC != "" {
		return dotted(n.PortMAC)
	}
	return n.PortDescription
}

// macTable is show mac-address (ruckus_fastiron show_mac-address
// captures: the header repeated every 20 entries, VLAN padded to 5).
func (sw *Switch) macTable() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Total active entries from all ports = %d\n", len(sw.cfg.MACs))
	for i, e := range sw.cfg.MACs {
		if i%20 == 0 {
			b.WriteString("MAC-Address     Port                 Type         VLAN \n")
		}
		port, member := e.Port, e.Port
		if l := sw.running.lagOf(port); l != nil {
			port = fmt.Sprintf("lg%d", l.ID) // as the switch reports a MAC learned on a LAG
			member = fmt.Sprintf("lag %d", l.ID)
		}
		vl := 1
		if v := sw.running.untaggedIn(member); v != 0 {
			vl = v
		}
		fmt.Fprintf(&b, "%-15s %-20s Dynamic      %-5d\n", dotted(e.MAC), port, vl)
	}
	return b.String()
}

// dotted writes a MAC as FastIron does: 3cec.ef12.3456.
func dotted(mac string) string {
	h := strings.ReplaceAll(strings.ToLower(mac), ":", "")
	if len(h) != 12 {
		return mac
	}
	return h[0:4] + "." + h[4:8] + "." + h[8:12]
}
