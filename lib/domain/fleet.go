package domain

import (
	"fmt"
	"net/url"
	"strings"
)

// Fleet is the set of sites that keep each other's services up: each
// site's harmony-agent and which sites only vote (witnesses). It is one
// document shared by every site of the fleet, not a part of each Site:
// every site plans against the same list, so the list is written once
// and cannot drift between the sites' files.
type Fleet struct {
	APIVersion string    `json:"apiVersion"`
	Kind       string    `json:"kind"`
	Metadata   Metadata  `json:"metadata"`
	Spec       FleetSpec `json:"spec"`
}

// FleetSpec is the body of a Fleet.
type FleetSpec struct {
	Sites []FleetSite `json:"sites"`
	// NATS, when set, is an existing NATS cluster (with JetStream) the
	// agents join as clients instead of embedding a node each: how a
	// fleet with many sites moves onto a NATS super-cluster run as its
	// own service.
	NATS *FleetNATS `json:"nats,omitempty"`
}

// FleetSite is one site of a fleet and how its agent is reached.
type FleetSite struct {
	Name string `json:"name"`
	// Cluster is the agent's embedded NATS node's cluster (route)
	// address, nats://host:port, where the other sites' nodes connect.
	Cluster string `json:"cluster,omitempty"`
	// Client is the node's client address, nats://host:port, where
	// `harmony-agent status` and the site's tools connect.
	Client string `json:"client"`
	// Witness says the site votes (its node is a JetStream peer) and
	// runs no service.
	Witness bool `json:"witness,omitempty"`
}

// FleetNATS names an existing NATS cluster.
type FleetNATS struct {
	URLs      []string `json:"urls"`
	SecretRef string   `json:"secretRef,omitempty"` // user:password, resolved by the agent
}

// Validate checks the Fleet on its own.
func (f *Fleet) Validate() error {
	if f == nil {
		return nil
	}
	if err := checkEnvelope(f.APIVersion, f.Kind, KindFleet, f.Metadata.Name); err != nil {
		return In(KindFleet, err)
	}
	return In(KindFleet, f.Spec.validate())
}

func (s *FleetSpec) validate() error {
	if len(s.Sites) == 0 {
		return fieldErrorf("spec.sites", "list the fleet's sites, each with its agent's client and cluster addresses", "the fleet has no sites")
	}
	seen := map[string]bool{}
	addrs := map[string]string{}
	for i, site := range s.Sites {
		p := fmt.Sprintf("spec.sites[%d]", i)
		if err := checkName(p+".name", "site name", site.Name); err != nil {
			return err
		}
		if seen[site.Name] {
			return fieldErrorf(p+".name", "list each site once", "site %q is listed twice", site.Name)
		}
		seen[site.Name] = true
		for _, a := range []struct{ field, v string }{{"client", site.Client}, {"cluster", site.Cluster}} {
			if a.v == "" {
				if a.field == "cluster" && s.NATS != nil {
					continue
				}
				return fieldErrorf(p+"."+a.field, fmt.Sprintf("give the agent's %s address, e.g. nats://10.1.0.2:%s", a.field, map[string]string{"client": "4222", "cluster": "6222"}[a.field]),
					"site %q has no %s address", site.Name, a.field)
			}
			if err := checkNATSURL(p+"."+a.field, a.v); err != nil {
				return err
			}
			if other, dup := addrs[a.v]; dup {
				return fieldErrorf(p+"."+a.field, "give each agent its own addresses", "%s is also %s", a.v, other)
			}
			addrs[a.v] = site.Name + "'s " + a.field + " address"
		}
	}
	if s.NATS != nil {
		if len(s.NATS.URLs) == 0 {
			return fieldErrorf("spec.nats.urls", "list the NATS cluster's URLs, or leave nats out to embed a node in each agent", "no NATS URL given")
		}
		for i, u := range s.NATS.URLs {
			if err := checkNATSURL(fmt.Sprintf("spec.nats.urls[%d]", i), u); err != nil {
				return err
			}
		}
		if s.NATS.SecretRef != "" && !refRE.MatchString(s.NATS.SecretRef) {
			return fieldErrorf("spec.nats.secretRef", "use letters, digits, - and _", "secretRef %q is not a reference", s.NATS.SecretRef)
		}
	}
	return nil
}

func checkNATSURL(path, s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "nats" && u.Scheme != "tls") || u.Hostname() == "" || u.Port() == "" || u.Path != "" {
		return fieldErrorf(path, "write nats://host:port (tls://host:port for TLS)", "%q is not a NATS address", s)
	}
	if u.User != nil {
		return fieldErrorf(path, "put credentials in a secretRef; a Fleet must not carry secrets", "the address carries a credential")
	}
	return nil
}

// Site returns the fleet's site with that name.
func (f *Fleet) Site(name string) (FleetSite, bool) {
	for _, s := range f.Spec.Sites {
		if s.Name == name {
			return s, true
		}
	}
	return FleetSite{}, false
}

// SiteNames lists the fleet's sites in their order.
func (f *Fleet) SiteNames() []string {
	out := make([]string, len(f.Spec.Sites))
	for i, s := range f.Spec.Sites {
		out[i] = s.Name
	}
	return out
}

// Voting returns how many sites vote: all of them, witnesses included.
// A failover needs a majority of them.
func (f *Fleet) Voting() int { return len(f.Spec.Sites) }

// Witnesses lists the sites that vote and run no service.
func (f *Fleet) Witnesses() []string {
	var out []string
	for _, s := range f.Spec.Sites {
		if s.Witness {
			out = append(out, s.Name)
		}
	}
	return out
}

// String names the fleet and its sites, for messages.
func (f *Fleet) String() string {
	return fmt.Sprintf("fleet %s (%s)", f.Metadata.Name, strings.Join(f.SiteNames(), ", "))
}
