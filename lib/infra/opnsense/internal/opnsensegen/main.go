// Command opnsensegen generates the Go types of the OPNsense items Harmony
// manages from the model XML in ../../models: model XML → the IR of
// package modelxml → Go structs with wire types, the union of the fields
// of 24.7, 25.1, 25.7, 26.1 and 26.7, each field tagged with the releases that have
// it. `make generate` runs it; a test fails when the checked-in output
// drifts from what it generates.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/nationtech/harmony-go/lib/infra/opnsense/modelxml"
)

// item is a kind of OPNsense item to generate.
type item struct {
	Go       string // Go type name
	File     string // model file below models/<release>/OPNsense/
	Path     string // the list (or, for settings, the container; "" = the root) in the model
	Module   string
	Name     string
	Wrapper  string
	Search   string // when not search_<Name>
	Settings bool
	Doc      string
}

var items = []item{
	{"KeaSubnet", "Kea/KeaDhcpv4.xml", "subnets.subnet4", "kea/dhcpv4", "subnet", "subnet4", "", false, "a Kea DHCPv4 subnet"},
	{"KeaReservation", "Kea/KeaDhcpv4.xml", "reservations.reservation", "kea/dhcpv4", "reservation", "reservation", "", false, "a Kea DHCPv4 reservation (a fixed lease)"},
	{"DnsmasqHost", "Dnsmasq/Dnsmasq.xml", "hosts", "dnsmasq/settings", "host", "host", "", false, "a Dnsmasq host: a DNS override and/or a static DHCP lease"},
	{"DnsmasqTag", "Dnsmasq/Dnsmasq.xml", "dhcp_tags", "dnsmasq/settings", "tag", "tag", "", false, "a Dnsmasq DHCP tag"},
	{"DnsmasqRange", "Dnsmasq/Dnsmasq.xml", "dhcp_ranges", "dnsmasq/settings", "range", "range", "", false, "a Dnsmasq DHCP range"},
	{"DnsmasqOption", "Dnsmasq/Dnsmasq.xml", "dhcp_options", "dnsmasq/settings", "option", "option", "", false, "a Dnsmasq DHCP option"},
	{"DnsmasqBoot", "Dnsmasq/Dnsmasq.xml", "dhcp_boot", "dnsmasq/settings", "boot", "boot", "", false, "a Dnsmasq DHCP boot entry (PXE)"},
	{"UnboundHostOverride", "Unbound/Unbound.xml", "hosts.host", "unbound/settings", "host_override", "host", "", false, "an Unbound host override (a local DNS record)"},
	{"UnboundHostAlias", "Unbound/Unbound.xml", "aliases.alias", "unbound/settings", "host_alias", "alias", "", false, "an alias name of an Unbound host override"},
	{"FilterRule", "Firewall/Filter.xml", "rules.rule", "firewall/filter", "rule", "rule", "", false, "a firewall filter rule"},
	{"Alias", "Firewall/Alias.xml", "aliases.alias", "firewall/alias", "item", "alias", "", false, "a firewall alias"},
	{"Category", "Firewall/Category.xml", "categories.category", "firewall/category", "item", "category", "", false, "a firewall category (Harmony marks its rules with one)"},
	{"HAProxyServer", "HAProxy/HAProxy.xml", "servers.server", "haproxy/settings", "server", "server", "search_servers", false, "an HAProxy real server"},
	{"HAProxyBackend", "HAProxy/HAProxy.xml", "backends.backend", "haproxy/settings", "backend", "backend", "search_backends", false, "an HAProxy backend (a pool of servers)"},
	{"HAProxyFrontend", "HAProxy/HAProxy.xml", "frontends.frontend", "haproxy/settings", "frontend", "frontend", "search_frontends", false, "an HAProxy frontend (a public service)"},
	{"HAProxyHealthcheck", "HAProxy/HAProxy.xml", "healthchecks.healthcheck", "haproxy/settings", "healthcheck", "healthcheck", "search_healthchecks", false, "an HAProxy health check"},
	{"TFTPGeneral", "Tftp/General.xml", "", "tftp/general", "", "general", "", true, "the TFTP service's settings (os-tftp)"},
	{"HAProxyGeneral", "HAProxy/HAProxy.xml", "general", "haproxy/settings", "", "general", "", true, "HAProxy's general settings (general.enabled switches the service)"},
	{"KeaGeneral", "Kea/KeaDhcpv4.xml", "general", "kea/dhcpv4", "", "general", "", true, "Kea DHCPv4's general settings (general.enabled, and general.interfaces: the interfaces it serves)"},
	{"UnboundGeneral", "Unbound/Unbound.xml", "general", "unbound/settings", "", "general", "", true, "Unbound's general settings (general.enabled switches the resolver)"},
	{"DnsmasqGeneral", "Dnsmasq/Dnsmasq.xml", "", "dnsmasq/settings", "", "dnsmasq", "", true, "Dnsmasq's settings (enable, the interfaces it listens on, dhcp.no_interface: where it serves no DHCP)"},
}

var releases = []struct{ dir, constant string }{{"24.7", "R24_7"}, {"25.1", "R25_1"}, {"25.7", "R25_7"}, {"26.1", "R26_1"}, {"26.7", "R26_7"}}

func main() {
	models := flag.String("models", "../../models", "the models directory")
	out := flag.String("out", "../../api/zz_generated.go", "the file to write")
	flag.Parse()
	src, err := Generate(*models)
	if err != nil {
		fmt.Fprintln(os.Stderr, "opnsensegen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "opnsensegen:", err)
		os.Exit(1)
	}
}

// field is one field merged across releases.
type field struct {
	path     string
	node     *modelxml.Node // the newest release's definition
	releases []string       // constants of the releases that have it
}

// Generate returns the Go source for every item.
func Generate(modelsDir string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by opnsensegen from OPNsense's model XML (models/, BSD-2-Clause). DO NOT EDIT.\n\n")
	b.WriteString("package api\n\nimport \"github.com/nationtech/harmony-go/lib/infra/opnsense/wire\"\n\n")
	var index []string
	for _, it := range items {
		fields, rels, err := merge(modelsDir, it)
		if err != nil {
			return nil, err
		}
		g := &gen{b: &b}
		fmt.Fprintf(&b, "// %s is %s, at /api/%s (wrapper %q).\n// Generated from OPNsense/%s %s.\n",
			it.Go, it.Doc, it.Module, it.Wrapper, it.File, orRoot(it.Path))
		g.structs(it.Go, fields)
		fmt.Fprintf(&b, "// %sItem addresses %s items and lists their fields.\n", it.Go, it.Go)
		fmt.Fprintf(&b, "var %sItem = Item{Module: %q, Name: %q, Wrapper: %q, Model: %q, Path: %q, ", it.Go, it.Module, it.Name, it.Wrapper, it.File, it.Path)
		if it.Search != "" {
			fmt.Fprintf(&b, "SearchName: %q, ", it.Search)
		}
		if it.Settings {
			b.WriteString("Settings: true, ")
		}
		fmt.Fprintf(&b, "Releases: %s, Fields: []Field{\n", strings.Join(rels, "|"))
		for _, f := range fields {
			fl := f.node.Field
			fmt.Fprintf(&b, "\t{Path: %q, Type: %q, ", f.path, f.node.Type)
			if fl.Required {
				b.WriteString("Required: true, ")
			}
			if fl.Default != "" {
				fmt.Fprintf(&b, "Default: %q, ", fl.Default)
			}
			if volatile(f.node) {
				b.WriteString("Volatile: true, ")
			}
			fmt.Fprintf(&b, "Releases: %s},\n", strings.Join(f.releases, "|"))
		}
		b.WriteString("}}\n\n")
		index = append(index, it.Go+"Item")
	}
	b.WriteString("// Items lists every generated item kind.\nvar Items = []*Item{")
	for _, name := range index {
		b.WriteString("&" + name + ", ")
	}
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting the generated code: %w\n%s", err, b.Bytes())
	}
	return src, nil
}

func orRoot(p string) string {
	if p == "" {
		return "(the model's root)"
	}
	return p
}

// merge reads the item in every release and unions its fields: the
// order of the newest release that has the item, then fields only older
// releases have.
func merge(modelsDir string, it item) ([]field, []string, error) {
	var merged []field
	var rels []string
	at := map[string]int{}
	for i := len(releases) - 1; i >= 0; i-- {
		r := releases[i]
		path := filepath.Join(modelsDir, r.dir, "OPNsense", it.File)
		f, err := os.Open(path)
		if os.IsNotExist(err) {
			continue // the model is not in that release
		}
		if err != nil {
			return nil, nil, err
		}
		m, err := modelxml.Parse(f)
		f.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		n := m.Items
		if it.Path != "" {
			var ok bool
			if n, ok = m.Find(it.Path); !ok {
				return nil, nil, fmt.Errorf("%s: no %s", path, it.Path)
			}
		}
		rels = append([]string{r.constant}, rels...)
		for _, l := range n.Leaves() {
			if j, ok := at[l.Path]; ok {
				merged[j].releases = append([]string{r.constant}, merged[j].releases...)
				continue
			}
			at[l.Path] = len(merged)
			merged = append(merged, field{path: l.Path, node: l.Node, releases: []string{r.constant}})
		}
	}
	if len(merged) == 0 {
		return nil, nil, fmt.Errorf("%s: no release defines %s", it.File, it.Path)
	}
	return merged, rels, nil
}

type gen struct{ b *bytes.Buffer }

// structs writes the item's struct and one struct per nested container.
func (g *gen) structs(name string, fields []field) {
	type member struct {
		json, typ, comment string
	}
	var members []member
	var nested []string // container names, in order
	sub := map[string][]field{}
	for _, f := range fields {
		head, rest, isNested := strings.Cut(f.path, ".")
		if isNested {
			if _, seen := sub[head]; !seen {
				nested = append(nested, head)
				members = append(members, member{json: head, typ: name + goName(head)})
			}
			sub[head] = append(sub[head], field{path: rest, node: f.node, releases: f.releases})
			continue
		}
		members = append(members, member{json: f.path, typ: "wire." + wireType(f.node), comment: comment(f)})
	}
	used := map[string]bool{}
	fmt.Fprintf(g.b, "type %s struct {\n", name)
	for _, m := range members {
		id := goName(m.json)
		for n := 2; used[id]; n++ {
			id = goName(m.json) + strconv.Itoa(n)
		}
		used[id] = true
		fmt.Fprintf(g.b, "\t%s %s `json:\"%s,omitzero\"`", id, m.typ, m.json)
		if m.comment != "" {
			fmt.Fprintf(g.b, " // %s", m.comment)
		}
		g.b.WriteString("\n")
	}
	g.b.WriteString("}\n\n")
	for _, c := range nested {
		fmt.Fprintf(g.b, "// %s%s is the %s part of %s.\n", name, goName(c), c, name)
		g.structs(name+goName(c), sub[c])
	}
}

// wireType maps a model field class to its wire type.
func wireType(n *modelxml.Node) string {
	f := n.Field
	switch n.Type {
	case "BooleanField":
		return "Bool"
	case "IntegerField", "AutoNumberField":
		return "Int"
	case `.\AliasContentField`:
		return "LineList"
	case "CSVListField":
		return "List"
	}
	if f.Multiple || f.AsList {
		return "List"
	}
	switch n.Type {
	case "OptionField", "ModelRelationField", "InterfaceField", "JsonKeyValueStoreField", "ProtocolField",
		"CertificateField", "AuthGroupField", "AuthenticationServerField", `.\UnboundInterfaceField`, `.\VlanInterfaceField`:
		return "Select"
	}
	return "Text"
}

func volatile(n *modelxml.Node) bool {
	switch n.Type {
	case "UniqueIdField", `.\AliasRefCount`, `.\AliasReflector`:
		return true
	}
	return n.Field.Volatile
}

// comment says, for a field, what a reader needs: its class when the wire
// type hides it, required, default, the releases when not all.
func comment(f field) string {
	var parts []string
	fl := f.node.Field
	parts = append(parts, f.node.Type)
	if fl.Required {
		parts = append(parts, "required")
	}
	if fl.Default != "" {
		parts = append(parts, "default "+strconv.Quote(fl.Default))
	}
	if fl.Relation != nil {
		parts = append(parts, "→ "+fl.Relation.Source+" "+fl.Relation.Items)
	}
	if volatile(f.node) {
		parts = append(parts, "volatile")
	}
	if len(f.releases) < len(releases) {
		var names []string
		for _, r := range f.releases {
			names = append(names, strings.ReplaceAll(strings.TrimPrefix(r, "R"), "_", "."))
		}
		parts = append(parts, "only "+strings.Join(names, ", "))
	}
	return strings.Join(parts, "; ")
}

// initialisms are written in capitals in Go names.
var initialisms = []string{"acl", "api", "arp", "cpu", "ddns", "dhcp", "dns", "dot", "duid", "fqdn", "ha", "http", "hw", "https", "icmp",
	"id", "ip", "lacp", "mac", "mtu", "mx", "ntp", "pxe", "rr", "sni", "ssl", "tcp", "tftp", "tls", "ttl", "udp", "uri",
	"url", "uuid", "vlan", "vip"}

// goName turns a model field name (snake_case, kebab-case or camelCase)
// into an exported Go name.
func goName(s string) string {
	var words []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '_' || r == '-' || r == '.' }) {
		words = append(words, splitCamel(part)...)
	}
	var b strings.Builder
	for _, w := range words {
		lw := strings.ToLower(w)
		if slices.Contains(initialisms, lw) {
			b.WriteString(strings.ToUpper(lw))
			continue
		}
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	out := b.String()
	if out == "" || !unicode.IsLetter([]rune(out)[0]) {
		out = "F" + out
	}
	return out
}

// splitCamel splits sslSNI into ssl, SNI and healthCheckEnabled into
// health, Check, Enabled.
func splitCamel(s string) []string {
	var out []string
	r := []rune(s)
	start := 0
	for i := 1; i < len(r); i++ {
		lowerToUpper := unicode.IsLower(r[i-1]) && unicode.IsUpper(r[i])
		acronymEnd := i+1 < len(r) && unicode.IsUpper(r[i-1]) && unicode.IsUpper(r[i]) && unicode.IsLower(r[i+1])
		if lowerToUpper || acronymEnd {
			out = append(out, string(r[start:i]))
			start = i
		}
	}
	return append(out, string(r[start:]))
}
