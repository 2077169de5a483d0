// Package brocade drives Brocade/Ruckus FastIron (ICX) switches over their
// SSH CLI (scrapligo): the switch capability — VLANs, an LACP LAG per host
// with one member kept forwarding for PXE, VLAN membership of LAGs and
// ports, port names — diffed against the parsed running config, and
// discovery of LLDP neighbours and the MAC table. The CLI it speaks is
// docs/reference/brocade-fastiron.md; brocadetest simulates it.
package brocade

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Config is a switch's running configuration, as far as Harmony manages it.
type Config struct {
	Version  string
	Hostname string
	VLANs    map[int]*VLAN
	LAGs     map[string]*LAG // by name
	// Names are the port names: of ports ("1/1/3") and LAGs ("lag 11").
	Names map[string]string
	// Disabled are the interfaces shut down (` disable` in their block):
	// ports ("1/1/3") and LAG interfaces ("lag 11"). A LAG's members
	// disabled in its block are in LAG.Disabled.
	Disabled map[string]bool
	// PrimaryPort is set when a LAG block has primary-port or deploy: the
	// dialect of FastIron before 08.0.61.
	PrimaryPort bool
	// Old is the primary-port dialect (08.0.30 to 08.0.60): a LAG is
	// anchored on its primary port, deployed, and named in VLANs and
	// interface blocks by that port. Fold makes such a config read as the
	// LAG-interface one ("lag N" members), and the diff writes its lines
	// back in the old dialect.
	Old bool
	// DualMode is the native VLAN of a port (` dual-mode N` in its block;
	// bare ` dual-mode` is VLAN 1), by port or, folded, "lag N": on
	// 08.0.30 a port untagged in one VLAN and tagged in others is tagged
	// in all of them and dual-mode in the one.
	DualMode map[string]int
}

// VLAN is a port VLAN and its members: ports ("1/1/3") and LAGs ("lag 11").
type VLAN struct {
	ID       int
	Name     string
	Tagged   map[string]bool
	Untagged map[string]bool
}

// LAG is a link aggregation group.
type LAG struct {
	Name    string
	ID      int
	Dynamic bool // LACP
	Ports   map[string]bool
	ForceUp map[string]bool // members kept forwarding without LACP
	// Disabled are members shut down in the LAG block
	// (` disable ethe 1/1/3 ethe 1/1/5 to 1/1/8`).
	Disabled map[string]bool
	// Primary and Deployed: the primary port and deploy of the
	// primary-port dialect (before 08.0.61).
	Primary  string
	Deployed bool
}

// Member is how a LAG is named in VLAN membership and port names.
func (l *LAG) Member() string { return "lag " + strconv.Itoa(l.ID) }

// maxRange bounds an "ethe A to B" range: no switch has more ports.
const maxRange = 1024

// ParseConfig reads show running-config of FastIron 08.0.x: its LAG, VLAN,
// hostname and interface blocks (others are skipped). Ranges are
// expanded; LAG names may be quoted (older releases).
func ParseConfig(text string) (*Config, error) {
	c := &Config{VLANs: map[int]*VLAN{}, LAGs: map[string]*LAG{}, Names: map[string]string{}, Disabled: map[string]bool{}, DualMode: map[string]int{}}
	var v *VLAN
	var l *LAG
	iface := ""
	for n, raw := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n") {
		fail := func(format string, a ...any) error {
			return fmt.Errorf("running config line %d %q: %s", n+1, raw, fmt.Sprintf(format, a...))
		}
		w := strings.Fields(raw)
		if len(w) == 0 || w[0] == "!" {
			continue
		}
		if raw[0] != ' ' { // a top-level line ends the block before it
			v, l, iface = nil, nil, ""
			switch {
			case w[0] == "ver" && len(w) == 2:
				c.Version = w[1]
			case w[0] == "hostname" && len(w) == 2:
				c.Hostname = w[1]
			case w[0] == "vlan" && len(w) >= 2:
				id, err := strconv.Atoi(w[1])
				if err != nil || id < 1 || id > 4095 {
					return nil, fail("VLAN id %q", w[1])
				}
				v = &VLAN{ID: id, Tagged: map[string]bool{}, Untagged: map[string]bool{}}
				if len(w) >= 4 && w[2] == "name" {
					v.Name = w[3]
				}
				c.VLANs[id] = v
			case w[0] == "lag" && len(w) >= 5:
				k := slices.Index(w, "id")
				if k < 3 || k+1 >= len(w) {
					return nil, fail("a LAG without an id")
				}
				id, err := strconv.Atoi(w[k+1])
				if err != nil || id < 1 {
					return nil, fail("LAG id %q", w[k+1])
				}
				name := strings.Trim(strings.Join(w[1:k-1], " "), `"`)
				l = &LAG{Name: name, ID: id, Dynamic: w[k-1] == "dynamic", Ports: map[string]bool{}, ForceUp: map[string]bool{},
					Disabled: map[string]bool{}}
				c.LAGs[name] = l
			case w[0] == "interface" && len(w) == 3 && w[1] == "ethernet":
				iface = w[2]
			case w[0] == "interface" && len(w) == 3 && w[1] == "lag":
				iface = "lag " + w[2]
			}
			continue
		}
		// A member list: VLAN membership, and a LAG's members, the ones
		// forced up and the ones shut down in its block.
		var members map[string]bool
		switch {
		case v != nil && w[0] == "tagged":
			members = v.Tagged
		case v != nil && w[0] == "untagged":
			members = v.Untagged
		case l != nil && w[0] == "ports":
			members = l.Ports
		case l != nil && w[0] == "force-up":
			members = l.ForceUp
		case l != nil && w[0] == "disable":
			members = l.Disabled
		}
		if members != nil {
			ms, err := Members(w[1:])
			if err != nil {
				return nil, fail("%v", err)
			}
			for _, m := range ms {
				members[m] = true
			}
			continue
		}
		switch {
		case l != nil && w[0] == "port-name":
			// A member's name inside the LAG block (` port-name NAME
			// ethernet 1/1/1`): a label Harmony neither writes nor
			// conflicts with; the LAG's own name is under `interface lag`.
		case l != nil && w[0] == "primary-port" && len(w) == 2:
			c.PrimaryPort = true
			l.Primary = w[1]
		case l != nil && w[0] == "deploy" && len(w) == 1:
			c.PrimaryPort = true
			l.Deployed = true
		case iface != "" && w[0] == "port-name" && len(w) >= 2:
			c.Names[iface] = strings.Join(w[1:], " ")
		case iface != "" && w[0] == "dual-mode" && len(w) <= 2:
			id := 1
			if len(w) == 2 {
				n, err := strconv.Atoi(w[1])
				if err != nil || n < 1 || n > 4095 {
					return nil, fail("dual-mode VLAN %q", w[1])
				}
				id = n
			}
			c.DualMode[iface] = id
		case iface != "" && w[0] == "disable" && len(w) == 1:
			c.Disabled[iface] = true
		}
	}
	return c, nil
}

// Fold reads a config of the primary-port dialect as the LAG-interface
// one: a deployed LAG's members listed in a VLAN become the member
// "lag N" there (the switch lists them all once the primary port is
// named), and its primary port's name and disable become the LAG's.
func (c *Config) Fold() {
	c.Old = true
	for _, l := range c.LAGs {
		if !l.Deployed || l.Primary == "" || !l.Ports[l.Primary] {
			continue
		}
		m := l.Member()
		for _, v := range c.VLANs {
			for _, set := range []map[string]bool{v.Tagged, v.Untagged} {
				if set[l.Primary] {
					for p := range l.Ports {
						delete(set, p)
					}
					set[m] = true
				}
			}
		}
		if n, ok := c.Names[l.Primary]; ok {
			c.Names[m] = n
			delete(c.Names, l.Primary)
		}
		if c.Disabled[l.Primary] {
			c.Disabled[m] = true
			delete(c.Disabled, l.Primary)
		}
		if d, ok := c.DualMode[l.Primary]; ok {
			c.DualMode[m] = d
			delete(c.DualMode, l.Primary)
		}
	}
	// A dual-mode member is untagged in its native VLAN, as the
	// LAG-interface dialect writes it.
	for m, d := range c.DualMode {
		if v := c.VLANs[d]; v != nil && v.Tagged[m] && d != 1 {
			delete(v.Tagged, m)
			v.Untagged[m] = true
		}
	}
}

// iface is how a member ("1/1/3", "lag 11") is written in a command: on
// the primary-port dialect a deployed LAG is its primary port.
func (c *Config) iface(member string) string {
	if id, ok := strings.CutPrefix(member, "lag "); ok {
		if c.Old {
			for _, l := range c.LAGs {
				if strconv.Itoa(l.ID) == id && l.Primary != "" {
					return "ethernet " + l.Primary
				}
			}
		}
		return member
	}
	return "ethernet " + member
}

// Members expands a member list: ethe|ethernet|eth|e A [to B] and lag N
// [to M], repeated.
func Members(w []string) ([]string, error) {
	var out []string
	for i := 0; i < len(w); {
		if i+1 >= len(w) {
			return nil, fmt.Errorf("%q without a port", w[i])
		}
		kind, first, last := w[i], w[i+1], w[i+1]
		i += 2
		if i+1 < len(w) && w[i] == "to" {
			last = w[i+1]
			i += 2
		}
		switch kind {
		case "ethe", "ethernet", "eth", "e":
			prefix, a, err := splitPort(first)
			if err != nil {
				return nil, err
			}
			prefix2, b, err := splitPort(last)
			if err != nil {
				return nil, err
			}
			if prefix != prefix2 || b < a || b-a > maxRange {
				return nil, fmt.Errorf("port range %s to %s", first, last)
			}
			for n := a; n <= b; n++ {
				out = append(out, prefix+strconv.Itoa(n))
			}
		case "lag":
			a, err1 := strconv.Atoi(first)
			b, err2 := strconv.Atoi(last)
			if err1 != nil || err2 != nil || a < 1 || b < a || b-a > maxRange {
				return nil, fmt.Errorf("LAG range %s to %s", first, last)
			}
			for n := a; n <= b; n++ {
				out = append(out, "lag "+strconv.Itoa(n))
			}
		default:
			return nil, fmt.Errorf("%q is not ethe or lag", kind)
		}
	}
	return out, nil
}

// splitPort splits 1/1/12 into "1/1/" and 12 (also bare 12 and 1/12).
func splitPort(p string) (string, int, error) {
	i := strings.LastIndexByte(p, '/')
	n, err := strconv.Atoi(p[i+1:])
	if err != nil || n < 1 {
		return "", 0, fmt.Errorf("port %q", p)
	}
	for _, part := range strings.Split(p[:i+1], "/") {
		if part == "" {
			continue
		}
		if _, err := strconv.Atoi(part); err != nil {
			return "", 0, fmt.Errorf("port %q", p)
		}
	}
	return p[:i+1], n, nil
}

// lagOf is the LAG a port is a member of, or nil.
func (c *Config) lagOf(port string) *LAG {
	for _, l := range c.LAGs {
		if l.Ports[port] {
			return l
		}
	}
	return nil
}

func (c *Config) lagByID(id int) *LAG {
	for _, l := range c.LAGs {
		if l.ID == id {
			return l
		}
	}
	return nil
}

// untaggedIn is the VLAN other than 1 a member is untagged in, or 0.
func (c *Config) untaggedIn(member string) int {
	ids := make([]int, 0, len(c.VLANs))
	for id, v := range c.VLANs {
		if id != 1 && v.Untagged[member] {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return 0
	}
	return slices.Min(ids)
}

// taggedIn lists the VLANs a member is tagged in, in order.
func (c *Config) taggedIn(member string) []int {
	var ids []int
	for id, v := range c.VLANs {
		if v.Tagged[member] {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}
