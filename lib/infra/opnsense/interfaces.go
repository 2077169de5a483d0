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
)

// ifaceInfo is one row of interfaces/overview/interfaces_info
// (opnsense/core@25.7:src/opnsense/mvc/app/controllers/OPNsense/Interfaces/Api/OverviewController.php).
type ifaceInfo struct {
	Identifier  string `json:"identifier"` // the key rules name: lan, opt2; "" when unassigned
	Description string `json:"description"`
	Device      string `json:"device"`
	IPv4        []struct {
		Addr string `json:"ipaddr"` // 10.10.0.1/24
	} `json:"ipv4"`
	VLANTag json.RawMessage `json:"vlan_tag"` // a number, a string or null
}

func (i ifaceInfo) vlan() int {
	var n int
	if json.Unmarshal(i.VLANTag, &n) == nil {
		return n
	}
	var s string
	if json.Unmarshal(i.VLANTag, &s) == nil {
		_, _ = fmt.Sscan(s, &n)
	}
	return n
}

func (i ifaceInfo) String() string {
	var addrs []string
	for _, a := range i.IPv4 {
		addrs = append(addrs, a.Addr)
	}
	s := fmt.Sprintf("%s (%s, %s, %s", i.Identifier, i.Description, i.Device, orText(strings.Join(addrs, " "), "no IPv4 address"))
	if v := i.vlan(); v != 0 {
		s += fmt.Sprintf(", VLAN %d", v)
	}
	return s + ")"
}

// interfaceOf is the firewall's interface key for the network a rule's
// traffic arrives on: the Site device's interfaces entry for it, else
// the one assigned interface whose address lies in the network (the
// gateway's address first), on the network's VLAN when it has one.
// OPNsense takes only keys ("Option not in list." for a network's name).
func (s *Session) interfaceOf(ctx context.Context, name string, n domain.Network) (string, error) {
	if key, ok := s.dev.Interfaces[name]; ok {
		return key, nil
	}
	if !n.CIDR.IsValid() {
		return name, nil // a plan from before networks travelled with steps: the name is the key
	}
	infos, err := s.interfaceInfos(ctx)
	if err != nil {
		return "", err
	}
	override := fmt.Sprintf("say which with interfaces: {%s: KEY} on device %s in the Site", n.Name, s.dev.Name)
	var inNet, onVLAN, atGateway []ifaceInfo
	for _, i := range infos {
		if i.Identifier == "" {
			continue // not assigned: rules cannot name it
		}
		in, gw := false, false
		for _, a := range i.IPv4 {
			p, err := netip.ParsePrefix(a.Addr)
			if err != nil {
				continue
			}
			if n.CIDR.Contains(p.Addr()) {
				in = true
				gw = gw || p.Addr() == n.Gateway
			}
		}
		if !in {
			continue
		}
		inNet = append(inNet, i)
		if n.VLAN == 0 || i.vlan() == n.VLAN {
			onVLAN = append(onVLAN, i)
			if gw {
				atGateway = append(atGateway, i)
			}
		}
	}
	switch {
	case len(onVLAN) == 1:
		return onVLAN[0].Identifier, nil
	case len(atGateway) == 1:
		return atGateway[0].Identifier, nil
	case len(onVLAN) > 1:
		return "", fmt.Errorf("network %s (%s) is on several interfaces of the firewall: %s; %s", n.Name, n.CIDR, ifaceList(onVLAN), override)
	case len(inNet) > 0:
		return "", fmt.Errorf("network %s (%s) is on VLAN %d, but the firewall's interfaces in it carry no VLAN %d tag: %s; if the firewall sits on an access port of that VLAN, %s",
			n.Name, n.CIDR, n.VLAN, n.VLAN, ifaceList(inNet), override)
	}
	var assigned []ifaceInfo
	for _, i := range infos {
		if i.Identifier != "" {
			assigned = append(assigned, i)
		}
	}
	return "", fmt.Errorf("no interface of the firewall has an address in network %s (%s); it has %s: assign one (Interfaces > Assignments), or %s",
		n.Name, n.CIDR, orText(ifaceList(assigned), "none"), override)
}

func ifaceList(is []ifaceInfo) string {
	var out []string
	for _, i := range is {
		out = append(out, i.String())
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// interfaceInfos reads the firewall's interfaces once per session.
func (s *Session) interfaceInfos(ctx context.Context) ([]ifaceInfo, error) {
	if s.ifaces != nil {
		return s.ifaces, nil
	}
	var res struct {
		Rows []ifaceInfo `json:"rows"`
	}
	if err := s.c.Get(ctx, "interfaces/overview/interfaces_info", &res); err != nil {
		if errors.Is(err, ErrForbidden) {
			return nil, fmt.Errorf("the API key may not list the interfaces (it needs the privilege \"Status: Interfaces\") to find which one a rule's network is on: grant it, or name the interfaces in the Site (interfaces: {NETWORK: KEY}): %w", err)
		}
		return nil, fmt.Errorf("listing the interfaces, to find the one a rule's network is on: %w", err)
	}
	s.ifaces = res.Rows
	if s.ifaces == nil {
		s.ifaces = []ifaceInfo{}
	}
	return s.ifaces, nil
}
