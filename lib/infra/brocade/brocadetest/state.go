package brocadetest

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// config is a switch's configuration: what the running and the startup
// configs hold.
type config struct {
	Hostname string
	VLANs    map[int]*vlan
	LAGs     map[string]*lag // by name
	Names    map[string]string
	// Disabled are interfaces shut down by disable: ports, "lag N".
	Disabled map[string]bool
	// DualMode is a port's native VLAN (dual-mode N, 08.0.30): tagged in
	// it, the port sends and takes that VLAN untagged.
	DualMode map[string]int
	// ports is the number of ports of unit 1, module 1 (1/1/1 …).
	ports int
}

type vlan struct {
	ID       int
	Name     string
	Tagged   map[string]bool // members: "1/1/3" or "lag 11"
	Untagged map[string]bool
}

type lag struct {
	Name    string
	ID      int
	Dynamic bool
	Ports   map[string]bool
	ForceUp map[string]bool
	// Disabled are members shut down in the LAG (disable ethernet X).
	Disabled map[string]bool
	// Primary and Deployed: before 08.0.61, the primary port and whether
	// the LAG is deployed.
	Primary  string
	Deployed bool
}

func newConfig(hostname string, ports int) *config {
	return &config{Hostname: hostname, ports: ports, Names: map[string]string{}, Disabled: map[string]bool{}, DualMode: map[string]int{},
		LAGs: map[string]*lag{}, VLANs: map[int]*vlan{1: newVLAN(1, "DEFAULT-VLAN")}}
}

func newVLAN(id int, name string) *vlan {
	return &vlan{ID: id, Name: name, Tagged: map[string]bool{}, Untagged: map[string]bool{}}
}

func (c *config) clone() *config {
	n := newConfig(c.Hostname, c.ports)
	n.VLANs = map[int]*vlan{}
	for id, v := range c.VLANs {
		n.VLANs[id] = &vlan{ID: v.ID, Name: v.Name, Tagged: cloneSet(v.Tagged), Untagged: cloneSet(v.Untagged)}
	}
	for name, l := range c.LAGs {
		n.LAGs[name] = &lag{Name: l.Name, ID: l.ID, Dynamic: l.Dynamic, Ports: cloneSet(l.Ports), ForceUp: cloneSet(l.ForceUp), Disabled: cloneSet(l.Disabled), Primary: l.Primary, Deployed: l.Deployed}
	}
	n.Disabled = cloneSet(c.Disabled)
	for k, v := range c.DualMode {
		n.DualMode[k] = v
	}
	for k, v := range c.Names {
		n.Names[k] = v
	}
	return n
}

func cloneSet(m map[string]bool) map[string]bool {
	n := make(map[string]bool, len(m))
	for k := range m {
		n[k] = true
	}
	return n
}

// port checks a port name of this switch: unit 1, module 1.
func (c *config) port(p string) error {
	parts := strings.Split(p, "/")
	if len(parts) != 3 || parts[0] != "1" || parts[1] != "1" {
		return answer(fmt.Sprintf("Error - invalid interface %s", p))
	}
	n, err := strconv.Atoi(parts[2])
	if err != nil || n < 1 || n > c.ports {
		return answer(fmt.Sprintf("Error - invalid interface %s", p))
	}
	return nil
}

func (c *config) lagByID(id int) *lag {
	for _, l := range c.LAGs {
		if l.ID == id {
			return l
		}
	}
	return nil
}

// lagOf is the LAG a port is a member of, or nil.
func (c *config) lagOf(port string) *lag {
	for _, l := range c.LAGs {
		if l.Ports[port] {
			return l
		}
	}
	return nil
}

// untaggedIn is the non-default VLAN a member is untagged in, or 0.
func (c *config) untaggedIn(member string) int {
	for id, v := range c.VLANs {
		if id != 1 && v.Untagged[member] {
			return id
		}
	}
	return 0
}

func (c *config) taggedAnywhere(member string) bool {
	for _, v := range c.VLANs {
		if v.Tagged[member] {
			return true
		}
	}
	return false
}

// members expands a port list: ethernet A [to B] and lag N [to M], any
// number of times, with ethernet's abbreviations.
func (c *config) members(words []string) ([]string, error) {
	var out []string
	if len(words) == 0 {
		return nil, errIncomplete
	}
	for i := 0; i < len(words); {
		kind := words[i]
		if i+1 >= len(words) {
			return nil, errIncomplete
		}
		first := words[i+1]
		last := first
		i += 2
		if i+1 < len(words) && words[i] == "to" {
			last = words[i+1]
			i += 2
		}
		switch {
		case prefixOf(kind, "ethernet", 1):
			if err := c.port(first); err != nil {
				return nil, err
			}
			if err := c.port(last); err != nil {
				return nil, err
			}
			a, _ := strconv.Atoi(first[strings.LastIndex(first, "/")+1:])
			b, _ := strconv.Atoi(last[strings.LastIndex(last, "/")+1:])
			if b < a {
				return nil, answer(fmt.Sprintf("Error - invalid port range %s to %s", first, last))
			}
			for n := a; n <= b; n++ {
				out = append(out, fmt.Sprintf("1/1/%d", n))
			}
		case kind == "lag":
			a, err1 := strconv.Atoi(first)
			b, err2 := strconv.Atoi(last)
			if err1 != nil || err2 != nil || b < a {
				return nil, answer(fmt.Sprintf("Invalid input -> %s", strings.Join(words[i-2:], " ")))
			}
			for n := a; n <= b; n++ {
				if c.lagByID(n) == nil {
					return nil, answer(fmt.Sprintf("Error - LAG %d is not configured", n))
				}
				out = append(out, fmt.Sprintf("lag %d", n))
			}
		default:
			return nil, answer(fmt.Sprintf("Invalid input -> %s", strings.Join(words[i-2:], " ")))
		}
	}
	return out, nil
}

// deploy activates a LAG of the primary-port dialect: its primary port
// set, and every member in the same VLANs (tag them after deploy).
func (c *config) deploy(l *lag) error {
	if len(l.Ports) == 0 {
		return answer(fmt.Sprintf("Error - LAG %s has no ports", l.Name))
	}
	if l.Primary == "" {
		return answer(fmt.Sprintf("Error - LAG %s has no primary port (primary-port)", l.Name))
	}
	sig := func(p string) string {
		var tagged []int
		for id, v := range c.VLANs {
			if v.Tagged[p] {
				tagged = append(tagged, id)
			}
		}
		slices.Sort(tagged)
		return fmt.Sprint(c.untaggedIn(p), tagged)
	}
	for p := range l.Ports {
		if sig(p) != sig(l.Primary) {
			return answer(fmt.Sprintf("Error - port %s has a VLAN tag type or membership that differs from the primary port %s: deploy failed", p, l.Primary))
		}
	}
	l.Deployed = true
	return nil
}

// render writes the config as show running-config does (08.0.9x). A
// member list ends with a space, as on real switches (the
// running-config captures of ntc-templates, the community.network
// fixtures).
func (c *config) render(version string) string {
	var b strings.Builder
	b.WriteString("Current configuration:\n!\nver " + version + "\n!\nstack unit 1\n  module 1 icx7250-48-port-management-module\n  module 2 icx7250-sfp-plus-8port-80g-module\n!\n!\n")
	lags := make([]*lag, 0, len(c.LAGs))
	for _, l := range c.LAGs {
		lags = append(lags, l)
	}
	sort.Slice(lags, func(i, j int) bool { return lags[i].ID < lags[j].ID })
	for _, l := range lags {
		typ := "static"
		if l.Dynamic {
			typ = "dynamic"
		}
		fmt.Fprintf(&b, "lag %s %s id %d\n", l.Name, typ, l.ID)
		if len(l.Ports) > 0 {
			b.WriteString(" ports " + collapse(keys(l.Ports)) + " \n")
		}
		if versionBefore(version, 8, 0, 61) { // the primary-port dialect
			if l.Primary != "" {
				b.WriteString(" primary-port " + l.Primary + "\n")
			}
			if l.Deployed {
				b.WriteString(" deploy\n")
			}
		}
		if len(l.Disabled) > 0 { // ansible-collections/community.network icx_fixtures/lag_running_config.txt
			b.WriteString(" disable " + collapse(keys(l.Disabled)) + " \n")
		}
		for _, p := range sortedPorts(keys(l.ForceUp)) {
			b.WriteString(" force-up ethe " + p + "\n")
		}
		b.WriteString("!\n")
	}
	if len(lags) > 0 {
		b.WriteString("!\n")
	}
	ids := make([]int, 0, len(c.VLANs))
	for id := range c.VLANs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		v := c.VLANs[id]
		if v.Name != "" {
			fmt.Fprintf(&b, "vlan %d name %s by port\n", id, v.Name)
		} else {
			fmt.Fprintf(&b, "vlan %d by port\n", id)
		}
		if len(v.Tagged) > 0 {
			b.WriteString(" tagged " + collapse(keys(v.Tagged)) + " \n")
		}
		if id != 1 && len(v.Untagged) > 0 {
			b.WriteString(" untagged " + collapse(keys(v.Untagged)) + " \n")
		}
		b.WriteString("!\n")
	}
	b.WriteString("!\n")
	if c.Hostname != "" {
		b.WriteString("hostname " + c.Hostname + "\n!\n")
	}
	// An interface block only for non-default settings; its port-name
	// first, then disable (icx_fixtures/icx_interface_config.cfg).
	set := map[string]bool{}
	for k := range c.Names {
		set[k] = true
	}
	for k := range c.Disabled {
		set[k] = true
	}
	for k := range c.DualMode {
		set[k] = true
	}
	for _, k := range sortedPorts(keys(set)) {
		if strings.HasPrefix(k, "lag ") {
			b.WriteString("interface " + k + "\n")
		} else {
			b.WriteString("interface ethernet " + k + "\n")
		}
		if n, ok := c.Names[k]; ok {
			b.WriteString(" port-name " + n + "\n")
		}
		if c.Disabled[k] {
			b.WriteString(" disable\n")
		}
		if id, ok := c.DualMode[k]; ok {
			if id == 1 {
				b.WriteString(" dual-mode\n")
			} else {
				fmt.Fprintf(&b, " dual-mode %d\n", id)
			}
		}
		b.WriteString("!\n")
	}
	b.WriteString("end\n")
	return b.String()
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// portNum orders members: ports by number, then LAGs by id.
func portNum(m string) int {
	if id, ok := strings.CutPrefix(m, "lag "); ok {
		n, _ := strconv.Atoi(id)
		return 100000 + n
	}
	n, _ := strconv.Atoi(m[strings.LastIndex(m, "/")+1:])
	return n
}

func sortedPorts(ms []string) []string {
	slices.SortFunc(ms, func(a, b string) int { return portNum(a) - portNum(b) })
	return ms
}

// collapse renders members as the switch does: ethe A to B for runs of
// consecutive ports, then lag N to M.
func collapse(ms []string) string {
	ms = sortedPorts(ms)
	var parts []string
	for i := 0; i < len(ms); {
		j := i
		for j+1 < len(ms) && portNum(ms[j+1]) == portNum(ms[j])+1 && strings.HasPrefix(ms[j+1], "lag ") == strings.HasPrefix(ms[i], "lag ") {
			j++
		}
		kw, first, last := "ethe ", ms[i], ms[j]
		if id, ok := strings.CutPrefix(first, "lag "); ok {
			kw, first = "lag ", id
			last = strings.TrimPrefix(last, "lag ")
		}
		if i == j {
			parts = append(parts, kw+first)
		} else {
			parts = append(parts, kw+first+" to "+last)
		}
		i = j + 1
	}
	return strings.Join(parts, " ")
}

func prefixOf(tok, word string, min int) bool {
	return len(tok) >= min && strings.HasPrefix(word, tok)
}

// answer is an error text of the switch's CLI, worded as the switch
// words it (capitalised, with its punctuation): not a Go error message.
type answer string

func (a answer) Error() string { return string(a) }
