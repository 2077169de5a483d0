package domain

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// APIVersion is the apiVersion of every Harmony document.
const APIVersion = "harmony/v1"

// The kinds of Harmony documents.
const (
	KindSite      = "Site"
	KindInventory = "Inventory"
	KindScores    = "Scores"
	KindPlan      = "Plan"
	KindFleet     = "Fleet"
)

// Metadata names a document.
type Metadata struct {
	Name string `json:"name"`
}

// Site is the topology of one site: its devices, what each provides and
// how to reach it, and its networks. It holds secret references, never
// secret values.
type Site struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Metadata   Metadata `json:"metadata"`
	Spec       SiteSpec `json:"spec"`
}

// SiteSpec is the body of a Site.
type SiteSpec struct {
	Domain   string    `json:"domain"`
	Networks []Network `json:"networks,omitempty"`
	Devices  []Device  `json:"devices"`
}

// Network is an IP network of the site, optionally on a VLAN.
type Network struct {
	Name    string       `json:"name"`
	CIDR    netip.Prefix `json:"cidr"`
	Gateway netip.Addr   `json:"gateway,omitzero"`
	VLAN    int          `json:"vlan,omitempty"`
}

// Device is something at the site that Harmony drives: a firewall, a
// switch, a PXE server, the BMCs, a cluster.
type Device struct {
	Name      string `json:"name"`
	Provider  string `json:"provider"`            // which adapter drives it: opnsense, dnsmasq, brocade-fastiron, …
	Endpoint  string `json:"endpoint,omitempty"`  // how to reach it; never with credentials in it
	SecretRef string `json:"secretRef,omitempty"` // resolved by the apply tool at run time
	CAFile    string `json:"caFile,omitempty"`    // CA that signs the device's TLS certificate
	// Kubeconfig and Context name a Kubernetes cluster (provider
	// kubernetes): the kubeconfig file and the context in it (default:
	// its current context). The credentials stay in that file.
	Kubeconfig string       `json:"kubeconfig,omitempty"`
	Context    string       `json:"context,omitempty"`
	Provides   []Capability `json:"provides"`
	// Interfaces names, for a firewall, its own interface (OPNsense's key:
	// lan, opt2 …) on a Site network, where finding it by address would
	// not (the network is not on the interface's subnet, or several are).
	Interfaces map[string]string `json:"interfaces,omitempty"`
}

var refRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// isLabel reports whether s is a DNS label as Harmony names things:
// 1 to 63 lowercase letters, digits and inner hyphens.
func isLabel(s string) bool {
	if len(s) == 0 || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// isDomain reports whether s is dot-separated labels.
func isDomain(s string) bool {
	for _, l := range strings.Split(s, ".") {
		if !isLabel(l) {
			return false
		}
	}
	return true
}

// checkName reports whether s is usable as a name in step ids and DNS:
// lowercase letters, digits and inner hyphens.
func checkName(path, what, s string) error {
	if !isLabel(s) {
		return fieldErrorf(path, "use lowercase letters, digits and inner hyphens, at most 63 characters",
			"%s %q is not a valid name", what, s)
	}
	return nil
}

// checkEnvelope checks apiVersion, kind and metadata.name.
func checkEnvelope(apiVersion, kind, wantKind, name string) error {
	if apiVersion != APIVersion {
		return fieldErrorf("apiVersion", "set apiVersion: "+APIVersion, "apiVersion is %q, want %q", apiVersion, APIVersion)
	}
	if kind != wantKind {
		return fieldErrorf("kind", "set kind: "+wantKind, "kind is %q, want %q", kind, wantKind)
	}
	return checkName("metadata.name", "name", name)
}

// Validate checks the Site on its own: names, networks, devices,
// capabilities, and that no endpoint carries a credential.
func (s *Site) Validate() error {
	if err := checkEnvelope(s.APIVersion, s.Kind, KindSite, s.Metadata.Name); err != nil {
		return In(KindSite, err)
	}
	return In(KindSite, s.Spec.validate())
}

func (s *SiteSpec) validate() error {
	if !isDomain(s.Domain) {
		return fieldErrorf("spec.domain", "give the site's DNS domain, e.g. domain: lab.example.net",
			"domain %q is not a DNS name", s.Domain)
	}
	nets := map[string]bool{}
	for i, n := range s.Networks {
		p := fmt.Sprintf("spec.networks[%d]", i)
		if err := checkName(p+".name", "network name", n.Name); err != nil {
			return err
		}
		if nets[n.Name] {
			return fieldErrorf(p+".name", "give each network its own name", "network %q is declared twice", n.Name)
		}
		nets[n.Name] = true
		if !n.CIDR.IsValid() {
			return fieldErrorf(p+".cidr", "write the network as address/length, e.g. cidr: 10.10.0.0/24", "network %q has no cidr", n.Name)
		}
		if n.CIDR != n.CIDR.Masked() {
			return fieldErrorf(p+".cidr", fmt.Sprintf("write cidr: %s", n.CIDR.Masked()),
				"cidr %s has host bits set", n.CIDR)
		}
		if n.Gateway.IsValid() && !n.CIDR.Contains(n.Gateway) {
			return fieldErrorf(p+".gateway", "give a gateway inside "+n.CIDR.String(),
				"gateway %s is outside network %q (%s)", n.Gateway, n.Name, n.CIDR)
		}
		if n.VLAN < 0 || n.VLAN > 4094 {
			return fieldErrorf(p+".vlan", "use a VLAN id from 1 to 4094, or leave vlan out", "vlan %d is out of range", n.VLAN)
		}
	}
	devs := map[string]bool{}
	for i, d := range s.Devices {
		if err := d.validate(fmt.Sprintf("spec.devices[%d]", i)); err != nil {
			return err
		}
		if devs[d.Name] {
			return fieldErrorf(fmt.Sprintf("spec.devices[%d].name", i), "give each device its own name", "device %q is declared twice", d.Name)
		}
		devs[d.Name] = true
		for _, net := range slices.Sorted(maps.Keys(d.Interfaces)) {
			p := fmt.Sprintf("spec.devices[%d].interfaces.%s", i, net)
			if _, ok := s.Network(net); !ok {
				return fieldErrorf(p, "key the map by the Site's network names", "device %q names the interface of %q, which is not a network of the site", d.Name, net)
			}
			if !ifaceRE.MatchString(d.Interfaces[net]) {
				return fieldErrorf(p, "give the firewall's interface key, e.g. lan or opt2", "interface %q of device %q is not an interface key", d.Interfaces[net], d.Name)
			}
		}
	}
	return nil
}

// ifaceRE is what an interface key may be (OPNsense's: wan, lan, opt12).
var ifaceRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

func (d *Device) validate(p string) error {
	if err := checkName(p+".name", "device name", d.Name); err != nil {
		return err
	}
	if d.Provider == "" {
		return fieldErrorf(p+".provider", "name the adapter that drives it, one of: "+strings.Join(ProviderNames(), ", "),
			"device %q has no provider", d.Name)
	}
	if d.Endpoint != "" {
		u, err := url.Parse(d.Endpoint)
		if err != nil {
			return fieldErrorf(p+".endpoint", "write a URL such as https://10.10.0.1 or ssh://10.10.0.2:22",
				"endpoint of device %q is not a URL", d.Name)
		}
		if u.User != nil {
			// Do not echo the endpoint: it holds a credential.
			return fieldErrorf(p+".endpoint", fmt.Sprintf("remove the user and password from the URL and set secretRef: %s; "+
				"the apply tool reads the credential from HARMONY_SECRET_%s", d.Name, EnvName(d.Name)),
				"endpoint of device %q carries a credential, which would be copied into every plan", d.Name)
		}
	}
	if d.Provider == "kubernetes" && d.Kubeconfig == "" {
		return fieldErrorf(p+".kubeconfig", "name the cluster's kubeconfig file, e.g. kubeconfig: /etc/harmony/prod.kubeconfig",
			"device %q (kubernetes) has no kubeconfig", d.Name)
	}
	if d.SecretRef != "" && !refRE.MatchString(d.SecretRef) {
		return fieldErrorf(p+".secretRef", "a secret reference is a name such as fw1 or bmc-lab, not the secret itself",
			"secretRef of device %q is not a reference name", d.Name)
	}
	seen := map[Capability]bool{}
	for j, c := range d.Provides {
		if !c.Known() {
			return fieldErrorf(fmt.Sprintf("%s.provides[%d]", p, j), "use one of: "+joinCaps(Capabilities()),
				"device %q provides unknown capability %q", d.Name, c)
		}
		if seen[c] {
			return fieldErrorf(fmt.Sprintf("%s.provides[%d]", p, j), "list each capability once", "device %q lists %s twice", d.Name, c)
		}
		seen[c] = true
		if prov, ok := LookupProvider(d.Provider); ok && !slices.Contains(prov.Capabilities(), c) {
			return fieldErrorf(fmt.Sprintf("%s.provides[%d]", p, j),
				fmt.Sprintf("a %s device provides %s; give %s to a device whose provider has it", prov.Name, joinCaps(prov.Capabilities()), c),
				"device %q (%s) cannot provide %s: %s does not drive it", d.Name, d.Provider, c, prov.Tool)
		}
	}
	return nil
}

// EnvName is the suffix of the environment variable HARMONY_SECRET_<REF>
// that holds the secret a reference names.
func EnvName(ref string) string {
	return strings.ToUpper(strings.ReplaceAll(ref, "-", "_"))
}

func joinCaps(cs []Capability) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}

// Device returns the device with that name.
func (s *SiteSpec) Device(name string) (*Device, bool) {
	for i := range s.Devices {
		if s.Devices[i].Name == name {
			return &s.Devices[i], true
		}
	}
	return nil, false
}

// Network returns the network with that name.
func (s *SiteSpec) Network(name string) (*Network, bool) {
	for i := range s.Networks {
		if s.Networks[i].Name == name {
			return &s.Networks[i], true
		}
	}
	return nil, false
}

// Providers returns the names of the devices that provide c, in Site order.
func (s *SiteSpec) Providers(c Capability) []string {
	var out []string
	for _, d := range s.Devices {
		if slices.Contains(d.Provides, c) {
			out = append(out, d.Name)
		}
	}
	return out
}

// Has reports whether the device declares capability c.
func (d *Device) Has(c Capability) bool { return slices.Contains(d.Provides, c) }

// Scores is a document of Scores: each entry's spec is decoded by the
// Score of its kind.
type Scores struct {
	APIVersion string     `json:"apiVersion"`
	Kind       string     `json:"kind"`
	Metadata   Metadata   `json:"metadata"`
	Spec       ScoresSpec `json:"spec"`
}

// ScoresSpec is the body of a Scores document.
type ScoresSpec struct {
	Scores []ScoreEntry `json:"scores"`
}

// ScoreEntry is one Score in a document: its kind, its name (the first
// part of its steps' ids) and its spec.
type ScoreEntry struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
	// State is present (the default: make its resources exist as its spec
	// says) or absent (delete the resources its spec describes).
	State string          `json:"state,omitempty" jsonschema:"enum=present,enum=absent"`
	Spec  json.RawMessage `json:"spec,omitempty"`
}

// The states of a Score entry.
const (
	StatePresent = "present"
	StateAbsent  = "absent"
)

// Validate checks the envelope of a Scores document.
func (s *Scores) Validate() error {
	return In(KindScores, checkEnvelope(s.APIVersion, s.Kind, KindScores, s.Metadata.Name))
}
