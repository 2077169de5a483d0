// Package dhcp provides the DHCPReservations Score: fixed DHCP leases for
// inventory hosts.
package dhcp

import (
	"fmt"
	"net/netip"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Kind is the Score's kind in a Scores document.
const Kind = "DHCPReservations"

// Topology is what DHCPReservations needs: a dhcp-server.
type Topology interface {
	domain.Topology
	domain.HasDHCPServer
}

// DHCPReservations gives each listed host a fixed address on a network.
type DHCPReservations struct {
	Name         string        `json:"-"`
	Network      string        `json:"network"`
	Reservations []Reservation `json:"reservations"`
}

// Reservation is one host's fixed lease.
type Reservation struct {
	Host     string     `json:"host"`
	IP       netip.Addr `json:"ip"`
	MAC      domain.MAC `json:"mac,omitzero"`       // default: the host's first NIC
	Hostname string     `json:"hostname,omitempty"` // default: the host's name
}

// Steps expands the Score into one reservation step per host.
func (s DHCPReservations) Steps(t Topology) ([]domain.Step, error) {
	n, err := domain.LookupNetwork(t, "spec.network", s.Network)
	if err != nil {
		return nil, err
	}
	b := domain.StepBuilder{Score: s.Name}
	ips := map[netip.Addr]int{}
	for i, r := range s.Reservations {
		p := fmt.Sprintf("spec.reservations[%d]", i)
		h, err := domain.LookupHost(t, p+".host", r.Host)
		if err != nil {
			return nil, err
		}
		if err := domain.CheckInNetwork(p+".ip", n, r.IP); err != nil {
			return nil, err
		}
		if j, dup := ips[r.IP]; dup {
			return nil, domain.Errorf(p+".ip", "give each host its own address",
				"%s is reserved for %q already (reservations[%d])", r.IP, s.Reservations[j].Host, j)
		}
		ips[r.IP] = i
		mac, err := hostMAC(h, r.MAC, p+".mac")
		if err != nil {
			return nil, err
		}
		name := r.Hostname
		if name == "" {
			name = h.Name
		} else if err := domain.CheckName(p+".hostname", "hostname", name); err != nil {
			return nil, err
		}
		b.Ensure(domain.DHCPServer, t.DHCPServer(), domain.TypeReservation, name, domain.Reservation{
			MAC: mac, IP: r.IP, Hostname: name, Network: n.Name, Subnet: n.CIDR,
		})
	}
	return b.Steps()
}

// hostMAC returns the MAC to reserve for: the given one, which must be
// one of the host's NICs, or the host's first NIC.
func hostMAC(h *domain.Host, want domain.MAC, path string) (domain.MAC, error) {
	if len(h.NICs) == 0 {
		return domain.MAC{}, domain.Errorf(path, "declare the host's NICs in the inventory",
			"host %q has no NIC to reserve an address for", h.Name)
	}
	if want.IsZero() {
		return h.NICs[0].MAC, nil
	}
	for _, n := range h.NICs {
		if n.MAC == want {
			return want, nil
		}
	}
	return domain.MAC{}, domain.Errorf(path, "use the MAC of one of the host's NICs, or leave mac out for its first NIC",
		"MAC %s is not a NIC of host %q", want, h.Name)
}
