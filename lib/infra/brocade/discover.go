package brocade

import (
	"context"
	"fmt"
	"net"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Neighbor is an LLDP neighbour of a switch port.
type Neighbor struct {
	Port            string `json:"port"`
	ChassisMAC      string `json:"chassisMac,omitempty"`
	PortMAC         string `json:"portMac,omitempty"`
	PortID          string `json:"portId,omitempty"` // when not a MAC
	PortDescription string `json:"portDescription,omitempty"`
	SystemName      string `json:"systemName,omitempty"`
}

// MACEntry is a learned MAC address; on a LAG, Port is the LAG (lg11) and
// Ports its members.
type MACEntry struct {
	MAC   string   `json:"mac"`
	Port  string   `json:"port"`
	Ports []string `json:"ports,omitempty"`
	VLAN  int      `json:"vlan"`
}

// Facts are what a switch says of what is cabled to it.
type Facts struct {
	Switch    string     `json:"switch"`
	Neighbors []Neighbor `json:"lldpNeighbors"`
	MACs      []MACEntry `json:"macTable"`
}

var (
	localPortRE = regexp.MustCompile(`^Local port:\s*(\S+)`)
	lldpFieldRE = regexp.MustCompile(`^\+\s*([^:]+?)\s*:\s*(.*)$`)
	macRowRE    = regexp.MustCompile(`^([0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4})\s+(\S+)\s+\S+\s+(\d+)\s*$`)
)

// ParseLLDP reads show lldp neighbors detail.
func ParseLLDP(text string) ([]Neighbor, error) {
	var out []Neighbor
	var cur *Neighbor
	for _, raw := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n") {
		line := strings.TrimSpace(raw)
		if m := localPortRE.FindStringSubmatch(line); m != nil {
			out = append(out, Neighbor{Port: m[1]})
			cur = &out[len(out)-1]
			continue
		}
		m := lldpFieldRE.FindStringSubmatch(line)
		if m == nil || cur == nil {
			continue
		}
		key, val := m[1], strings.Trim(m[2], `"`)
		switch {
		case key == "Chassis ID (MAC address)":
			mac, err := dottedMAC(val)
			if err != nil {
				return nil, fmt.Errorf("LLDP neighbour of %s: chassis ID %w", cur.Port, err)
			}
			cur.ChassisMAC = mac
		case key == "Port ID (MAC address)":
			mac, err := dottedMAC(val)
			if err != nil {
				return nil, fmt.Errorf("LLDP neighbour of %s: port ID %w", cur.Port, err)
			}
			cur.PortMAC = mac
		case strings.HasPrefix(key, "Port ID ("):
			cur.PortID = val
		case key == "System name":
			cur.SystemName = val
		case key == "Port description":
			cur.PortDescription = val
		}
	}
	return out, nil
}

// ParseMACTable reads show mac-address (the header may repeat).
func ParseMACTable(text string) ([]MACEntry, error) {
	var out []MACEntry
	for _, raw := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n") {
		m := macRowRE.FindStringSubmatch(strings.TrimSpace(raw))
		if m == nil {
			continue
		}
		mac, err := dottedMAC(m[1])
		if err != nil {
			return nil, err
		}
		vlan, err := strconv.Atoi(m[3])
		if err != nil || vlan < 1 || vlan > 4095 {
			return nil, fmt.Errorf("MAC table row %q: VLAN %q", strings.TrimSpace(raw), m[3])
		}
		out = append(out, MACEntry{MAC: mac, Port: m[2], VLAN: vlan})
	}
	return out, nil
}

// dottedMAC turns 3cec.ef12.3456 into 3c:ec:ef:12:34:56.
func dottedMAC(s string) (string, error) {
	hw, err := net.ParseMAC(s)
	if err != nil || len(hw) != 6 {
		return "", fmt.Errorf("%q is not a MAC address", s)
	}
	return hw.String(), nil
}

// Facts reads the switch's LLDP neighbours and MAC table; MACs learned on
// a LAG get its member ports from the running config.
func (s *Session) Facts(ctx context.Context) (Facts, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := Facts{Switch: s.dev.Name}
	text, err := s.cli.show("show lldp neighbors detail")
	if err != nil {
		return f, fmt.Errorf("%s: %w", s.dev.Name, err)
	}
	if f.Neighbors, err = ParseLLDP(text); err != nil {
		return f, fmt.Errorf("%s: %w", s.dev.Name, err)
	}
	if text, err = s.cli.show("show mac-address"); err != nil {
		return f, fmt.Errorf("%s: %w", s.dev.Name, err)
	}
	if f.MACs, err = ParseMACTable(text); err != nil {
		return f, fmt.Errorf("%s: %w", s.dev.Name, err)
	}
	for i, e := range f.MACs {
		if id, ok := strings.CutPrefix(e.Port, "lg"); ok {
			n, _ := strconv.Atoi(id)
			if l := s.cfg.lagByID(n); l != nil {
				f.MACs[i].Ports = sortPorts(keys(l.Ports))
			}
		}
	}
	return f, nil
}

// Inventory turns switches' facts into an Inventory that harmony-inventory
// merge takes: a host per LLDP system name, a NIC per neighbour (its name
// the port description) with the switch and port it is cabled to. The
// NIC's MAC is its Port ID when that is a MAC, else the one MAC the
// switch learned on that port; never the chassis ID, which is one per
// host (two NICs would get one MAC). A NIC whose MAC cannot be told (a
// LAG member: the table learns on the LAG) is left out.
func Inventory(site string, facts []Facts) *domain.Inventory {
	inv := &domain.Inventory{APIVersion: domain.APIVersion, Kind: domain.KindInventory, Metadata: domain.Metadata{Name: site}}
	index := map[string]int{}
	for _, f := range facts {
		for _, n := range f.Neighbors {
			if n.SystemName == "" || n.PortDescription == "" {
				continue
			}
			mac, err := domain.ParseMAC(n.PortMAC)
			if err != nil {
				var ok bool
				if mac, ok = learnedOn(f.MACs, n.Port); !ok {
					continue // cannot be told: left out rather than given another NIC's MAC
				}
			}
			i, ok := index[n.SystemName]
			if !ok {
				i = len(inv.Spec.Hosts)
				index[n.SystemName] = i
				inv.Spec.Hosts = append(inv.Spec.Hosts, domain.Host{Name: n.SystemName})
			}
			inv.Spec.Hosts[i].NICs = append(inv.Spec.Hosts[i].NICs, domain.NIC{Name: n.PortDescription, MAC: mac, Switch: f.Switch, Port: n.Port})
		}
	}
	return inv
}

// learnedOn is the one MAC the table learned on a port (not on a LAG).
func learnedOn(table []MACEntry, port string) (domain.MAC, bool) {
	var found []domain.MAC
	for _, e := range table {
		if e.Port != port {
			continue
		}
		if m, err := domain.ParseMAC(e.MAC); err == nil && !slices.Contains(found, m) {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		return domain.MAC{}, false
	}
	return found[0], true
}
