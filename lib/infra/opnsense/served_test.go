package opnsense_test

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/opnsensetest"
)

// TestAppliedMeansServed: OPNsense stores a reservation or a record
// whether or not a service answers with it, so a step that would not be
// served is refused before anything is written, saying where to switch
// it: no DHCP server on, Kea not serving the network's interface
// (general.interfaces), Dnsmasq without a range in the network, not
// listening on its interface (interface) or told to serve no DHCP there
// (dhcp.no_interface), Unbound off. The simulator follows the models' fields
// (opnsense/core@25.7:src/opnsense/mvc/app/models/OPNsense/Kea/KeaDhcpv4.xml general,
// …/Unbound/Unbound.xml general, …/Dnsmasq/Dnsmasq.xml interface,
// dhcp.no_interface and dhcp_ranges).
func TestAppliedMeansServed(t *testing.T) {
	record := mustStep(t, domain.DNSServer, domain.TypeARecord, "cp0.prod.lab.example.net",
		domain.DNSRecord{Name: "cp0.prod.lab.example.net", Type: "A", Value: "10.10.0.21"})
	stray := mustStep(t, domain.DHCPServer, domain.TypeReservation, "x", domain.Reservation{MAC: domain.MAC{0x52, 0x54, 0, 0, 9, 9},
		IP: netip.MustParseAddr("10.99.0.9"), Hostname: "x", Network: "far", Subnet: netip.MustParsePrefix("10.99.0.0/24")})
	cases := []struct {
		name  string
		opts  opnsensetest.Options
		set   func(*opnsensetest.Server)
		step  domain.Step
		wants string
	}{
		{"kea off", opnsensetest.Options{}, func(s *opnsensetest.Server) { s.Put("kea/dhcpv4", "", "", map[string]string{"enabled": "0"}) },
			reservation(t, "cp0", "10.10.0.21", "52:54:00:aa:00:01"), "neither Kea nor Dnsmasq is enabled"},
		{"kea not on the interface", opnsensetest.Options{}, func(s *opnsensetest.Server) { s.Put("kea/dhcpv4", "", "", map[string]string{"interfaces": "opt1"}) },
			reservation(t, "cp0", "10.10.0.21", "52:54:00:aa:00:01"), "does not serve interface lan (network lan; it serves opt1)"},
		{"dnsmasq without a range", opnsensetest.Options{DHCP: "dnsmasq", Interfaces: []opnsensetest.Interface{
			{Identifier: "lan", Address: netip.MustParsePrefix("10.10.0.1/24")}, {Identifier: "opt1", Address: netip.MustParsePrefix("10.99.0.1/24")}}},
			nil, stray, "Dnsmasq has no DHCP range in network far (10.99.0.0/24)"},
		{"dnsmasq not listening there", opnsensetest.Options{DHCP: "dnsmasq"},
			func(s *opnsensetest.Server) {
				s.Put("dnsmasq/settings", "", "", map[string]string{"interface": "opt1"})
			},
			reservation(t, "cp0", "10.10.0.21", "52:54:00:aa:00:01"), "Dnsmasq listens only on opt1, not on interface lan"},
		{"dnsmasq told to serve no DHCP there", opnsensetest.Options{DHCP: "dnsmasq"},
			func(s *opnsensetest.Server) {
				s.Put("dnsmasq/settings", "", "", map[string]string{"dhcp.no_interface": "lan"})
			},
			reservation(t, "cp0", "10.10.0.21", "52:54:00:aa:00:01"), "serve no DHCP on interface lan (network lan; dhcp.no_interface)"},
		{"unbound off", opnsensetest.Options{}, func(s *opnsensetest.Server) { s.Put("unbound/settings", "", "", map[string]string{"enabled": "0"}) },
			record, "Unbound DNS is off (general.enabled)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, d, dev := lab(t, c.opts)
			if c.name == "dnsmasq without a range" {
				// opt1's range is the operator's to remove: here it never was.
				for id, r := range srv.Items("dnsmasq/settings", "range") {
					if r["interface"] == "opt1" {
						srv.Delete("dnsmasq/settings", "range", id)
					}
				}
			}
			if c.set != nil {
				c.set(srv)
			}
			out, _ := run(t, d, dev, []domain.Step{c.step}, false)
			if out[0].Status != domain.Failure || !strings.Contains(out[0].Message, c.wants) {
				t.Errorf("%s: %s %q, want FAILURE saying %q", c.step.ID, out[0].Status, out[0].Message, c.wants)
			}
			if w := opnsensetest.Count(srv.Log()).Writes; w != 0 {
				t.Errorf("a step that would not be served wrote %d times", w)
			}
		})
	}
}
