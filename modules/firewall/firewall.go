// Package firewall provides the FirewallRules Score: traffic let in (or
// kept out) from a network to addresses and ports.
package firewall

import (
	"fmt"
	"net/netip"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Kind is the Score's kind in a Scores document.
const Kind = "FirewallRules"

// Topology is what FirewallRules needs: a firewall.
type Topology interface {
	domain.Topology
	domain.HasFirewall
}

// FirewallRules is a set of rules.
type FirewallRules struct {
	Name  string `json:"-"`
	Rules []Rule `json:"rules"`
}

// Rule lets traffic from a source to a destination.
type Rule struct {
	Name      string `json:"name"`
	Action    string `json:"action,omitempty"`    // pass (default) or block
	From      string `json:"from"`                // a Site network's name, or a CIDR
	To        string `json:"to"`                  // an address or a CIDR
	Protocol  string `json:"protocol,omitempty"`  // tcp (default), udp or any
	Ports     []int  `json:"ports,omitempty"`     // none: every port
	Interface string `json:"interface,omitempty"` // the network the traffic arrives on; default: the one From is in
}

// Steps expands the Score into one rule step per rule.
func (s FirewallRules) Steps(t Topology) ([]domain.Step, error) {
	b := domain.StepBuilder{Score: s.Name}
	names := map[string]bool{}
	for i, r := range s.Rules {
		p := fmt.Sprintf("spec.rules[%d]", i)
		if err := domain.CheckName(p+".name", "rule name", r.Name); err != nil {
			return nil, err
		}
		if names[r.Name] {
			return nil, domain.Errorf(p+".name", "give each rule its own name", "rule %q appears twice", r.Name)
		}
		names[r.Name] = true
		spec := domain.FirewallRule{Action: r.Action, Protocol: r.Protocol, Ports: r.Ports, Description: r.Name}
		if spec.Action == "" {
			spec.Action = "pass"
		}
		if spec.Action != "pass" && spec.Action != "block" {
			return nil, domain.Errorf(p+".action", "use pass or block", "unknown action %q", r.Action)
		}
		if spec.Protocol == "" {
			spec.Protocol = "tcp"
		}
		if spec.Protocol != "tcp" && spec.Protocol != "udp" && spec.Protocol != "any" {
			return nil, domain.Errorf(p+".protocol", "use tcp, udp or any", "unknown protocol %q", r.Protocol)
		}
		if spec.Protocol == "any" && len(r.Ports) > 0 {
			return nil, domain.Errorf(p+".ports", "give a protocol (tcp or udp) to match ports", "ports need protocol tcp or udp")
		}
		for j, port := range r.Ports {
			if port < 1 || port > 65535 {
				return nil, domain.Errorf(fmt.Sprintf("%s.ports[%d]", p, j), "use a port from 1 to 65535", "port %d is out of range", port)
			}
		}
		src, iface, err := source(t, p, r)
		if err != nil {
			return nil, err
		}
		spec.Source, spec.Interface = src, iface
		if n, ok := t.Site().Spec.Network(iface); ok {
			spec.Network = *n
		}
		if spec.Destination, err = prefix(r.To); err != nil {
			return nil, domain.Errorf(p+".to", "write an address (10.10.0.10) or a CIDR (10.10.0.0/24)", "%q is not an address or CIDR", r.To)
		}
		b.Ensure(domain.Firewall, t.Firewall(), domain.TypeRule, r.Name, spec)
	}
	return b.Steps()
}

// source resolves From (a network name or a CIDR) and the interface the
// traffic arrives on.
func source(t Topology, p string, r Rule) (netip.Prefix, string, error) {
	iface := r.Interface
	if iface != "" {
		if _, err := domain.LookupNetwork(t, p+".interface", iface); err != nil {
			return netip.Prefix{}, "", err
		}
	}
	if n, ok := t.Site().Spec.Network(r.From); ok {
		if iface == "" {
			iface = n.Name
		}
		return n.CIDR, iface, nil
	}
	src, err := prefix(r.From)
	if err != nil {
		return netip.Prefix{}, "", domain.Errorf(p+".from", "name a Site network, or write a CIDR such as 10.10.0.0/24",
			"%q is neither a network of the site nor a CIDR", r.From)
	}
	if iface == "" {
		for _, n := range t.Site().Spec.Networks {
			if n.CIDR.Overlaps(src) && n.CIDR.Bits() <= src.Bits() {
				iface = n.Name
				break
			}
		}
		if iface == "" {
			return netip.Prefix{}, "", domain.Errorf(p+".interface", "name the network the traffic arrives on, e.g. interface: lan",
				"%s is in no network of the site, so the rule needs an interface", src)
		}
	}
	return src, iface, nil
}

// prefix reads an address (as a single-address prefix) or a CIDR.
func prefix(s string) (netip.Prefix, error) {
	if a, err := netip.ParseAddr(s); err == nil {
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return p.Masked(), nil
}
