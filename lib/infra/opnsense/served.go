package opnsense

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/api"
)

// Applied must mean served: OPNsense stores a reservation or a record
// whether or not a service will ever answer with it. Before a step writes
// one, the firewall is asked, once a session, whether it would be served
// — Kea serving the network's interface (general.interfaces; on, or the
// backend would not be Kea), or Dnsmasq with a DHCP range in the network
// and listening there (interface, dhcp.no_interface); Unbound on — and the step is
// refused, with where to switch it, when it would not.

var dnsmasqRanges = codecOf[api.DnsmasqRange](&api.DnsmasqRangeItem)

// dhcpServes says whether the firewall's DHCP serves reservation r's
// network; nil when it does (or when it cannot be told: a note says so).
func (s *Session) dhcpServes(ctx context.Context, backend string, r domain.Reservation) error {
	key := backend + " " + r.Subnet.String()
	if err, ok := s.served[key]; ok {
		return err
	}
	err := s.checkDHCP(ctx, backend, r)
	s.served[key] = err
	return err
}

func (s *Session) checkDHCP(ctx context.Context, backend string, r domain.Reservation) error {
	if backend == "dnsmasq" {
		ranges, err := s.read(ctx, dnsmasqRanges)
		if err != nil {
			return err
		}
		ranged := false
		for _, rg := range ranges {
			if a, err := netip.ParseAddr(rg["start_addr"]); err == nil && r.Subnet.Contains(a) {
				ranged = true
			}
		}
		if !ranged {
			return fmt.Errorf("the firewall's Dnsmasq has no DHCP range in network %s (%s), so it answers no DHCP there, reservations included: "+
				"add one (Services > Dnsmasq DNS & DHCP > DHCP ranges; a static range serves reservations only)", r.Network, r.Subnet)
		}
		// Where it listens (interface: empty is every one) and where it
		// is told to serve no DHCP (dhcp.no_interface).
		var g api.DnsmasqGeneral
		if err := s.settingsOf(ctx, "dnsmasq/settings", "", &g); err != nil {
			return err
		}
		gv := values(g)
		if gv["interface"] == "" && gv["dhcp.no_interface"] == "" {
			return nil
		}
		iface, err := s.interfaceOf(ctx, r.Network, domain.Network{Name: r.Network, CIDR: r.Subnet})
		if err != nil {
			s.note(fmt.Sprintf("could not check that Dnsmasq serves network %s: %v", r.Network, errors.Unwrap(err)))
			return nil
		}
		switch {
		case gv["interface"] != "" && !slices.Contains(strings.Split(gv["interface"], ","), iface):
			return fmt.Errorf("the firewall's Dnsmasq listens only on %s, not on interface %s (network %s), so the reservation would not be served: "+
				"add %s to Services > Dnsmasq DNS & DHCP > General > Interface", gv["interface"], iface, r.Network, iface)
		case slices.Contains(strings.Split(gv["dhcp.no_interface"], ","), iface):
			return fmt.Errorf("the firewall's Dnsmasq is told to serve no DHCP on interface %s (network %s; dhcp.no_interface), so the reservation would not be served: "+
				"take %s out of Services > Dnsmasq DNS & DHCP > DHCP options > Disable interfaces", iface, r.Network, iface)
		}
		return nil
	}
	var g api.KeaGeneral
	if err := s.settingsOf(ctx, "kea/dhcpv4", "general", &g); err != nil {
		return err
	}
	gv := values(g) // on: dhcpBackend found it so
	iface, err := s.interfaceOf(ctx, r.Network, domain.Network{Name: r.Network, CIDR: r.Subnet})
	if err != nil {
		// Kea may serve the network through a relay, or the key may not
		// list interfaces: not known, not refused.
		s.note(fmt.Sprintf("could not check that Kea serves network %s: %v", r.Network, errors.Unwrap(err)))
		return nil
	}
	if !slices.Contains(strings.Split(gv["interfaces"], ","), iface) {
		return fmt.Errorf("the firewall's Kea DHCP does not serve interface %s (network %s; it serves %s), so the reservation would not be served: "+
			"add %s to Services > Kea DHCP > Settings > Interfaces (general.interfaces)", iface, r.Network, orText(gv["interfaces"], "none"), iface)
	}
	return nil
}

// dnsServes says whether the firewall's Unbound is on, once a session.
func (s *Session) dnsServes(ctx context.Context) error {
	if err, ok := s.served["unbound"]; ok {
		return err
	}
	var g api.UnboundGeneral
	err := s.settingsOf(ctx, "unbound/settings", "general", &g)
	if err == nil && values(g)["enabled"] != "1" {
		err = fmt.Errorf("the firewall's Unbound DNS is off (general.enabled), so the record would not be served: switch it on (Services > Unbound DNS > General)")
	}
	s.served["unbound"] = err
	return err
}

// settingsOf decodes a part of a module's model-level get.
func (s *Session) settingsOf(ctx context.Context, module, part string, out any) error {
	raw, err := s.moduleTree(ctx, module)
	if err != nil {
		return fmt.Errorf("reading %s's settings: %w", module, err)
	}
	var tree map[string]json.RawMessage
	if err := json.Unmarshal(raw, &tree); err != nil {
		return fmt.Errorf("reading %s's settings: %w", module, err)
	}
	if part == "" { // the settings at the model's root
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("reading %s's settings: %w", module, err)
		}
		return nil
	}
	if err := json.Unmarshal(tree[part], out); err != nil && tree[part] != nil {
		return fmt.Errorf("reading %s's %s: %w", module, part, err)
	}
	return nil
}

// note records something the run could not check, once.
func (s *Session) note(n string) {
	if !slices.Contains(s.notes, n) {
		s.notes = append(s.notes, n)
	}
}
