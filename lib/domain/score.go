package domain

import (
	"fmt"
	"net/netip"
	"net/url"
	"strings"
)

// A Score is declarative desired state at the level of the domain ("a
// three-node bare-metal cluster", "these DNS records"). In Go, a Score is
// a struct with a Name and a method
//
//	Steps(t Topology) ([]Step, error)
//
// where Topology is an interface declared beside the Score that embeds
// Topology and the Has* interface of every capability it needs. That
// interface is the Score's one declaration of its requirements: the
// compiler checks it for typed topologies, and RequiredCapabilities reads
// it for harmony-plan. Steps must be deterministic and must not assume
// another Score ran first.

// StepBuilder collects the steps of one Score and the first error.
type StepBuilder struct {
	Score string
	steps []Step
	err   error
}

// Ensure adds a step that ensures one resource and returns its id, for
// other steps' after lists.
func (b *StepBuilder) Ensure(c Capability, target, typ, name string, spec any, after ...string) string {
	s, err := NewStep(b.Score, c, target, typ, name, spec, after...)
	if err != nil && b.err == nil {
		b.err = err
	}
	b.steps = append(b.steps, s)
	return s.ID
}

// Steps returns the steps collected, or the first error.
func (b *StepBuilder) Steps() ([]Step, error) {
	if b.err != nil {
		return nil, b.err
	}
	return b.steps, nil
}

// CheckName reports whether s can name a Score, a host or a device:
// lowercase letters, digits and inner hyphens.
func CheckName(path, what, s string) error { return checkName(path, what, s) }

// Errorf returns a *FieldError at path with a hint; Scores use it so
// harmony-plan can point at the line of the mistake.
func Errorf(path, hint, format string, args ...any) error {
	return fieldErrorf(path, hint, format, args...)
}

// LookupNetwork returns the Site network a Score names, or an error at path.
func LookupNetwork(t Topology, path, name string) (*Network, error) {
	n, ok := t.Site().Spec.Network(name)
	if !ok {
		var names []string
		for _, n := range t.Site().Spec.Networks {
			names = append(names, n.Name)
		}
		return nil, fieldErrorf(path, "use one of the Site's networks: "+orNone(names),
			"network %q is not a network of site %q", name, t.Site().Metadata.Name)
	}
	return n, nil
}

// LookupHost returns the inventory host a Score names, or an error at path.
func LookupHost(t Topology, path, name string) (*Host, error) {
	h, ok := t.Host(name)
	if !ok {
		var names []string
		for i, h := range t.Inventory().Spec.Hosts {
			if i == 5 {
				names = append(names, "…")
				break
			}
			names = append(names, h.Name)
		}
		return nil, fieldErrorf(path, "add the host to the Inventory, or use one of its hosts: "+orNone(names),
			"host %q is not in inventory %q", name, t.Inventory().Metadata.Name)
	}
	return h, nil
}

// LookupHosts returns the inventory hosts a Score lists at path, refusing
// an unknown host or one listed twice.
func LookupHosts(t Topology, path string, names []string) ([]*Host, error) {
	out := make([]*Host, len(names))
	seen := make(map[string]bool, len(names))
	for i, name := range names {
		p := fmt.Sprintf("%s[%d]", path, i)
		h, err := LookupHost(t, p, name)
		if err != nil {
			return nil, err
		}
		if seen[name] {
			return nil, fieldErrorf(p, "list each host once", "host %q is listed twice", name)
		}
		seen[name] = true
		out[i] = h
	}
	return out, nil
}

// CheckInNetwork reports an address outside the network, at path.
func CheckInNetwork(path string, n *Network, a netip.Addr) error {
	if !a.IsValid() {
		return fieldErrorf(path, "give an address in "+n.CIDR.String(), "no IP address given")
	}
	if !n.CIDR.Contains(a) {
		return fieldErrorf(path, fmt.Sprintf("use an address in %s, or another network", n.CIDR),
			"%s is outside network %q (%s)", a, n.Name, n.CIDR)
	}
	if a == n.CIDR.Addr() || (a.Is4() && n.CIDR.Bits() < 31 && a == lastAddr(n.CIDR)) {
		return fieldErrorf(path, "use a host address of "+n.CIDR.String(), "%s is the network or broadcast address of %q", a, n.Name)
	}
	if a == n.Gateway {
		return fieldErrorf(path, "use an address other than the gateway", "%s is the gateway of network %q", a, n.Name)
	}
	return nil
}

func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Addr().As4()
	hostBits := 32 - p.Bits()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	v |= (1 << hostBits) - 1
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// CheckURL reports a URL that is not absolute http(s) or tftp, or that
// carries a credential (which would land in the plan).
func CheckURL(path, s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "tftp") {
		return fieldErrorf(path, "write an absolute http://, https:// or tftp:// URL", "%q is not an absolute http, https or tftp URL", s)
	}
	if u.User != nil {
		return fieldErrorf(path, "serve the file without credentials in the URL; a plan must not carry secrets",
			"the URL carries a credential")
	}
	return nil
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "(none declared)"
	}
	return strings.Join(names, ", ")
}
