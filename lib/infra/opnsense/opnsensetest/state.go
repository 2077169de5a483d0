package opnsensetest

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/nationtech/harmony-go/lib/infra/opnsense/api"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/models"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/modelxml"
)

// state is the simulated configuration: the items of every kind.
type state struct {
	release string
	rel     api.Release
	kinds   []*kind
	dhcp    string
	ifaces  []Interface
	// started are the services a reconfigure left running: a service
	// runs only when its enable switch was on at its last reconfigure.
	started map[string]bool
	models  map[string]*modelxml.Model // by file, e.g. Dnsmasq/Dnsmasq.xml
}

// kind is one kind of item (or a settings object) and its stored items.
type kind struct {
	item   *api.Item
	node   *modelxml.Node
	leaves []modelxml.LeafPath
	byPath map[string]*modelxml.Node
	items  map[string]map[string]string // uuid → field path → stored value
	order  []string                     // uuids in insertion order
}

func newState(release string) (*state, error) {
	st := &state{release: release, started: map[string]bool{"unbound": true, "kea": true, "dnsmasq": true}, models: map[string]*modelxml.Model{}}
	var rel api.Release
	for _, r := range api.Releases {
		if r.Name == release {
			rel = r.R
		}
	}
	if rel == 0 {
		return nil, fmt.Errorf("opnsensetest: unknown release %q (have 24.7, 25.1, 25.7, 26.1, 26.7)", release)
	}
	st.rel = rel
	parsed := map[string]*modelxml.Model{}
	for _, it := range api.Items {
		if !it.Releases.Has(rel) {
			continue
		}
		m, ok := parsed[it.Model]
		if !ok {
			f, err := models.FS.Open(path.Join(release, "OPNsense", it.Model))
			if err != nil {
				return nil, err
			}
			m, err = modelxml.Parse(f)
			f.Close()
			if err != nil {
				return nil, fmt.Errorf("opnsensetest: %s: %w", it.Model, err)
			}
			parsed[it.Model] = m
			st.models[it.Model] = m
		}
		n := m.Items
		if it.Path != "" {
			if n, ok = m.Find(it.Path); !ok {
				return nil, fmt.Errorf("opnsensetest: %s has no %s", it.Model, it.Path)
			}
		}
		k := &kind{item: it, node: n, leaves: n.Leaves(), byPath: map[string]*modelxml.Node{}, items: map[string]map[string]string{}}
		for _, l := range k.leaves {
			k.byPath[l.Path] = l.Node
		}
		if it.Settings {
			k.items[""] = k.defaults()
			k.order = []string{""}
		}
		st.kinds = append(st.kinds, k)
	}
	return st, nil
}

func (k *kind) defaults() map[string]string {
	out := map[string]string{}
	for _, l := range k.leaves {
		f := l.Node.Field
		switch {
		case f.HasDefault:
			out[l.Path] = f.Default
		case l.Node.Type == "BooleanField":
			out[l.Path] = "0"
		default:
			out[l.Path] = ""
		}
	}
	return out
}

// roots are the keys model-level get answers under, per module.
var roots = map[string]string{
	"unbound/settings": "unbound", "haproxy/settings": "haproxy", "firewall/filter": "filter",
	"firewall/alias": "alias", "firewall/category": "category", "dnsmasq/settings": "dnsmasq",
	"tftp/general": "general", "kea/dhcpv4": "dhcpv4",
}

// services whose reconfigure the simulator answers.
var services = []string{"kea", "dnsmasq", "unbound", "haproxy", "tftp"}

type handler func(method string, body map[string]json.RawMessage) (int, any)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// route finds the handler of a request, or false for OPNsense's 404.
func (s *Server) route(r *http.Request) (handler, bool) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) < 4 || parts[0] != "api" {
		return nil, false
	}
	module, controller, action, params := strings.ToLower(parts[1]), parts[2], parts[3], parts[4:]
	mc := module + "/" + controller
	act := strings.ToLower(strings.ReplaceAll(action, "_", ""))
	st := s.state
	post := func(h handler) handler {
		return func(method string, body map[string]json.RawMessage) (int, any) {
			if method != http.MethodPost {
				return 200, map[string]any{"status": "failed"}
			}
			return h(method, body)
		}
	}
	switch {
	case mc == "diagnostics/system" && act == "systeminformation":
		return func(string, map[string]json.RawMessage) (int, any) {
			return 200, map[string]any{"name": "fw1.lab.example.net",
				"versions": []string{"OPNsense " + st.release + ".2-amd64", "FreeBSD 14.3-RELEASE-p5", "OpenSSL 3.0.17"}, "updates": ""}
		}, true
	case controller == "service" && slices.Contains(services, module) && (st.hasModule(module) || module == "kea" || module == "dnsmasq"):
		if module == "dnsmasq" && st.release == "24.7" {
			return nil, false
		}
		// ApiMutableServiceControllerBase
		// (opnsense/core@25.7:src/opnsense/mvc/app/controllers/OPNsense/Base/ApiMutableServiceControllerBase.php):
		// reconfigure answers ok whether or not the service is enabled, and
		// starts it only when it is; status says running, stopped or
		// disabled.
		switch act {
		case "reconfigure":
			return post(func(string, map[string]json.RawMessage) (int, any) {
				st.started[module] = st.enabled(module)
				return 200, map[string]any{"status": "ok"}
			}), true
		case "status":
			return func(string, map[string]json.RawMessage) (int, any) {
				status := "disabled"
				switch {
				case st.enabled(module) && st.started[module]:
					status = "running"
				case st.enabled(module):
					status = "stopped"
				}
				return 200, map[string]any{"status": status, "widget": map[string]string{
					"caption_restart": "Restart", "caption_start": "Start", "caption_stop": "Stop"}}
			}, true
		case "configtest":
			if module == "haproxy" {
				return func(string, map[string]json.RawMessage) (int, any) {
					return 200, map[string]any{"result": "Configuration file is valid\n"}
				}, true
			}
		}
		return nil, false
	case mc == "firewall/filter" && act == "apply":
		return post(func(string, map[string]json.RawMessage) (int, any) { return 200, map[string]any{"status": "OK\n\n"} }), true
	case mc == "firewall/filter" && (act == "savepoint" || act == "cancelrollback" || act == "revert"):
		if st.release == "26.7" {
			return nil, false // removed in 26.7
		}
		return post(func(string, map[string]json.RawMessage) (int, any) {
			switch act {
			case "savepoint":
				return 200, map[string]any{"status": "ok", "retention": "100", "revision": "1764316800.12"}
			case "revert":
				return 200, map[string]any{"status": "unknown (or removed) savepoint"} // broken since 25.7
			}
			return 200, map[string]any{"status": ""}
		}), true
	case mc == "interfaces/overview" && act == "interfacesinfo":
		return func(string, map[string]json.RawMessage) (int, any) { return 200, st.interfacesInfo() }, true
	case mc == "firewall/alias" && act == "reconfigure":
		return post(func(string, map[string]json.RawMessage) (int, any) { return 200, map[string]any{"status": "ok"} }), true
	}
	kinds := st.module(mc)
	if len(kinds) == 0 {
		return nil, false
	}
	if act == "get" && len(params) == 0 {
		return func(method string, _ map[string]json.RawMessage) (int, any) {
			if method != http.MethodGet {
				return 200, []any{}
			}
			return 200, st.modelGet(mc, kinds)
		}, true
	}
	if act == "set" && len(params) == 0 && roots[mc] != "" {
		return post(func(_ string, body map[string]json.RawMessage) (int, any) { return st.setModel(mc, kinds, body) }), true
	}
	for _, k := range kinds {
		name := strings.ReplaceAll(k.item.Name, "_", "")
		search := strings.ReplaceAll(k.item.Search(), "_", "")
		switch act {
		case search:
			return func(string, map[string]json.RawMessage) (int, any) { return 200, st.search(k) }, true
		case "get" + name:
			return func(string, map[string]json.RawMessage) (int, any) {
				if len(params) == 0 {
					return 200, map[string]any{k.item.Wrapper: st.render(k, k.defaults())}
				}
				it, ok := k.items[params[0]]
				if !ok {
					return 200, []any{}
				}
				return 200, map[string]any{k.item.Wrapper: st.render(k, it)}
			}, true
		case "add" + name:
			return post(func(_ string, body map[string]json.RawMessage) (int, any) {
				return st.write(k, newUUID(), body[k.item.Wrapper], true)
			}), true
		case "set" + name:
			if len(params) == 0 {
				return nil, false
			}
			return post(func(_ string, body map[string]json.RawMessage) (int, any) {
				id := params[0]
				if _, exists := k.items[id]; !exists && !uuidV4.MatchString(id) {
					return 200, map[string]any{"result": "failed"}
				}
				return st.write(k, id, body[k.item.Wrapper], false)
			}), true
		case "del" + name:
			if len(params) == 0 {
				return nil, false
			}
			return post(func(string, map[string]json.RawMessage) (int, any) { return st.del(k, params[0]) }), true
		}
	}
	if mc == "unbound/settings" {
		// Unbound's settings controller answers unknown actions through a
		// catch-all: 200 with an empty body.
		return func(string, map[string]json.RawMessage) (int, any) { return 200, nil }, true
	}
	return nil, false
}

func (st *state) find(module, name string) *kind {
	for _, k := range st.kinds {
		if k.item.Module == module && k.item.Name == name {
			return k
		}
	}
	return nil
}

func (st *state) hasModule(module string) bool {
	for _, k := range st.kinds {
		if strings.HasPrefix(k.item.Module, module+"/") {
			return true
		}
	}
	return false
}

func (st *state) module(mc string) []*kind {
	var out []*kind
	for _, k := range st.kinds {
		if k.item.Module == mc {
			out = append(out, k)
		}
	}
	return out
}

// kindOf finds the kind a ModelRelationField points at.
func (st *state) kindOf(rel *modelxml.Relation) *kind {
	if rel == nil {
		return nil
	}
	file := strings.ReplaceAll(strings.TrimPrefix(rel.Source, "OPNsense."), ".", "/") + ".xml"
	for _, k := range st.kinds {
		if k.item.Model == file && k.item.Path == rel.Items {
			return k
		}
	}
	return nil
}

// modelGet answers a module's model-level get: its lists, in get-format.
func (st *state) modelGet(mc string, kinds []*kind) map[string]any {
	tree := map[string]any{}
	switch mc {
	case "kea/dhcpv4":
		// Its get answers general, ha and this_hostname, the lists left out
		// (opnsense/core@25.7:src/opnsense/mvc/app/controllers/OPNsense/Kea/Api/Dhcpv4Controller.php).
		general := map[string]any{}
		if k := st.find("kea/dhcpv4", ""); k != nil {
			for p, v := range st.render(k, k.items[""]) {
				setPath(general, p, v)
			}
		}
		return map[string]any{"dhcpv4": map[string]any{"general": general, "ha": map[string]any{}, "this_hostname": "OPNsense"}}
	case "dnsmasq/settings":
		if st.find("dnsmasq/settings", "") == nil { // before the model has its settings
			tree["enable"] = boolText(st.dhcp == "dnsmasq")
		}
	}
	for _, k := range kinds {
		if k.item.Settings {
			for p, v := range st.render(k, k.items[""]) {
				if k.item.Path != "" {
					p = k.item.Path + "." + p
				}
				setPath(tree, p, v)
			}
			continue
		}
		items := ordered{}
		for _, id := range k.order {
			items = append(items, entry{id, st.render(k, k.items[id])})
		}
		var list any = items
		if len(items) == 0 {
			list = []any{}
		}
		setPath(tree, k.item.Path, list)
	}
	return map[string]any{roots[mc]: tree}
}

// enabled is a service's enable switch (internalServiceEnabled of its
// ServiceController): HAProxy's general.enabled, os-tftp's enabled, the
// DHCP server the firewall runs; Unbound's is not simulated (on).
func (st *state) enabled(module string) bool {
	switch module {
	case "kea":
		if k := st.find("kea/dhcpv4", ""); k != nil {
			return st.dhcp == module && k.items[""]["enabled"] == "1"
		}
		return st.dhcp == module
	case "dnsmasq":
		if k := st.find("dnsmasq/settings", ""); k != nil {
			return st.dhcp == module && k.items[""]["enable"] == "1"
		}
		return st.dhcp == module
	case "haproxy":
		if k := st.find("haproxy/settings", ""); k != nil {
			return k.items[""]["enabled"] == "1"
		}
	case "tftp":
		if k := st.find("tftp/general", ""); k != nil {
			return k.items[""]["enabled"] == "1"
		}
	case "unbound":
		if k := st.find("unbound/settings", ""); k != nil {
			return k.items[""]["enabled"] == "1"
		}
		return true
	}
	return false
}

func boolText(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func setPath(tree map[string]any, p string, v any) {
	parts := strings.Split(p, ".")
	for _, part := range parts[:len(parts)-1] {
		next, ok := tree[part].(map[string]any)
		if !ok {
			next = map[string]any{}
			tree[part] = next
		}
		tree = next
	}
	tree[parts[len(parts)-1]] = v
}

// search answers search_<item>: the rows of every item, as the release
// writes them (24.7: display text; 25.7 and later: raw values, with
// %field display twins where they differ).
func (st *state) search(k *kind) map[string]any {
	rows := []any{}
	for _, id := range k.order {
		it := k.items[id]
		row := map[string]any{"uuid": id}
		for _, l := range k.leaves {
			raw := it[l.Path]
			disp := st.display(l.Node, raw)
			if !st.since("25.7") {
				// 24.x and 25.1 rows are each field's description, a
				// container's being "" (UIModelGrid::fetch,
				// opnsense/core@25.1:src/opnsense/mvc/app/library/OPNsense/Base/UIModelGrid.php).
				if top, _, nested := strings.Cut(l.Path, "."); nested {
					row[top] = ""
				} else {
					row[l.Path] = disp
				}
				continue
			}
			row[l.Path] = raw
			if disp != raw {
				row["%"+l.Path] = disp
			}
		}
		rows = append(rows, row)
	}
	return map[string]any{"total": len(rows), "rowCount": len(rows), "current": 1, "rows": rows}
}

// display is the text OPNsense shows for a stored value.
func (st *state) display(n *modelxml.Node, raw string) string {
	f := n.Field
	if target := st.kindOf(f.Relation); target != nil {
		var out []string
		for _, id := range splitList(raw) {
			if it, ok := target.items[id]; ok {
				out = append(out, it[f.Relation.Display])
			}
		}
		return strings.Join(out, ",")
	}
	if keys, labels, ok := st.listOptions(n); ok {
		var out []string
		for _, v := range splitList(raw) {
			if slices.Contains(keys, v) {
				out = append(out, labels[v])
			}
		}
		return strings.Join(out, ",")
	}
	return raw
}

// listOptions are the options, in order, and their labels of a field
// whose class derives from BaseListField and lists fixed or configured
// options (OptionField, the interface fields, the rule's TosField and
// ScheduleField); ok is false for any other field.
func (st *state) listOptions(n *modelxml.Node) (keys []string, labels map[string]string, ok bool) {
	labels = map[string]string{}
	add := func(k, l string) {
		keys = append(keys, k)
		labels[k] = l
	}
	switch n.Type {
	case "OptionField":
		for _, o := range n.Field.Options {
			add(o.Key, o.Label)
		}
	case "PortField":
		if !n.Field.Multiple {
			return nil, nil, false
		}
		for _, o := range n.Field.Options {
			add(o.Key, o.Label)
		}
	case "InterfaceField":
		for _, i := range st.ifaces {
			add(i.Identifier, i.Description)
		}
	case `.\UnboundInterfaceField`:
		// core@25.7:src/opnsense/mvc/app/models/OPNsense/Unbound/FieldTypes/UnboundInterfaceField.php:
		// every assigned interface, labelled by its description, sorted by label.
		ifs := slices.Clone(st.ifaces)
		slices.SortStableFunc(ifs, func(a, b Interface) int {
			return strings.Compare(strings.ToLower(a.Description), strings.ToLower(b.Description))
		})
		for _, i := range ifs {
			add(i.Identifier, i.Description)
		}
	case `.\TosField`:
		// core@25.7:src/opnsense/mvc/app/models/OPNsense/Firewall/FieldTypes/TosField.php
		for _, o := range tosOptions {
			add(o[0], o[1])
		}
	case `.\ScheduleField`:
		// core@25.7:src/opnsense/mvc/app/models/OPNsense/Firewall/FieldTypes/ScheduleField.php:
		// the configured schedules, of which the simulated firewall has none.
	default:
		return nil, nil, false
	}
	return keys, labels, true
}

// tosOptions are TosField's options in its order.
var tosOptions = func() [][2]string {
	o := [][2]string{{"", "Any"}, {"lowdelay", "lowdelay"}, {"critical", "critical"}, {"inetcontrol", "inetcontrol"},
		{"netcontrol", "netcontrol"}, {"throughput", "throughput"}, {"reliability", "reliability"}, {"ef", "EF"}}
	for _, v := range []int{11, 12, 13, 21, 22, 23, 31, 32, 33, 41, 42, 43} {
		o = append(o, [2]string{fmt.Sprintf("af%d", v), fmt.Sprintf("AF%d", v)})
	}
	for v := range 8 {
		o = append(o, [2]string{fmt.Sprintf("cs%d", v), fmt.Sprintf("CS%d", v)})
	}
	for v := range 256 {
		o = append(o, [2]string{fmt.Sprintf("0x%x", v), fmt.Sprintf("0x%02X", v)})
	}
	return o
}()

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// render writes an item in get-format.
func (st *state) render(k *kind, it map[string]string) map[string]any {
	out := map[string]any{}
	for _, l := range k.leaves {
		setPath(out, l.Path, st.renderField(l.Node, it[l.Path]))
	}
	return out
}

type option struct {
	Value    string `json:"value"`
	Selected int    `json:"selected"`
}

func (st *state) renderField(n *modelxml.Node, raw string) any {
	f := n.Field
	selected := splitList(raw)
	sel := func(key string) int {
		// BaseListField: in_array($key, explode(',', $value)), so the
		// option "" is selected by an empty value.
		if slices.Contains(strings.Split(raw, ","), key) {
			return 1
		}
		return 0
	}
	optionMap := func(keys []string, labels map[string]string) any {
		m := map[string]option{}
		if !f.Required && !f.Multiple {
			blank := f.BlankDesc
			if blank == "" {
				blank = "None"
			}
			m[""] = option{Value: blank, Selected: boolInt(raw == "")}
		}
		for _, key := range keys {
			m[key] = option{Value: labels[key], Selected: sel(key)}
		}
		return m
	}
	switch {
	case n.Type == `.\AliasContentField`:
		m := map[string]option{}
		for _, v := range strings.Split(raw, "\n") {
			if v != "" {
				m[v] = option{Value: v, Selected: 1}
			}
		}
		return m
	case n.Type == "CSVListField" && st.rel&(api.R24_7|api.R25_1) != 0:
		// core@24.7:src/opnsense/mvc/app/models/OPNsense/Base/FieldTypes/CSVListField.php
		// (a BaseField there): the selected entries only, so an empty
		// value is an empty list.
		m := map[string]option{}
		for _, v := range selected {
			m[v] = option{Value: v, Selected: 1}
		}
		if len(m) == 0 {
			return []any{}
		}
		return m
	case f.AsList || n.Type == "CSVListField":
		m := map[string]option{}
		for _, v := range selected {
			m[v] = option{Value: v, Selected: 1}
		}
		if len(m) == 0 {
			m[""] = option{Value: "", Selected: 1}
		}
		return m
	case n.Type == "ModelRelationField":
		target := st.kindOf(f.Relation)
		var keys []string
		labels := map[string]string{}
		if target != nil {
			for _, id := range target.order {
				keys = append(keys, id)
				labels[id] = target.items[id][f.Relation.Display]
			}
		}
		return optionMap(keys, labels)
	case n.Type == "ProtocolField", n.Type == "JsonKeyValueStoreField", n.Type == "CertificateField":
		labels := map[string]string{}
		for _, v := range selected {
			labels[v] = v
		}
		return optionMap(selected, labels)
	}
	if keys, labels, ok := st.listOptions(n); ok {
		return optionMap(keys, labels)
	}
	return raw
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// interfacesInfo answers interfaces/overview/interfaces_info as
// OverviewController::interfacesInfoAction does
// (opnsense/core@25.7:src/opnsense/mvc/app/controllers/OPNsense/Interfaces/Api/OverviewController.php,
// parseIfInfo): a search recordset of the interfaces, each with its key
// (identifier), description, device, status, addresses, VLAN tag and the
// config.xml properties of its assignment.
func (st *state) interfacesInfo() map[string]any {
	var rows []any
	for _, i := range st.ifaces {
		vlan := any(nil)
		if i.VLAN != 0 {
			vlan = i.VLAN
		}
		rows = append(rows, map[string]any{
			"device": i.Device, "identifier": i.Identifier, "description": i.Description, "status": "up", "enabled": true,
			"link_type": "static", "addr4": i.Address.String(), "addr6": "",
			"ipv4": []any{map[string]any{"ipaddr": i.Address.String()}}, "vlan_tag": vlan, "gateways": []any{}, "routes": []any{},
			"config": map[string]any{"if": i.Device, "descr": i.Description, "enable": "1", "ipaddr": i.Address.Addr().String(),
				"subnet": fmt.Sprint(i.Address.Bits()), "identifier": i.Identifier},
		})
	}
	return map[string]any{"total": len(rows), "rowCount": len(rows), "current": 1, "rows": rows}
}

// setModel is a model's own set (ApiMutableModelControllerBase::setAction,
// opnsense/core@25.7:src/opnsense/mvc/app/controllers/OPNsense/Base/ApiMutableModelControllerBase.php):
// everything under the model's root key is set at once — its settings,
// and its lists by setList — then every changed item is validated, and
// only when none fails is the whole saved (one config revision); else
// nothing is, and the answer lists each message under
// <root>.<path>.<uuid>.<field>.
func (st *state) setModel(mc string, kinds []*kind, body map[string]json.RawMessage) (int, any) {
	type saved struct {
		items map[string]map[string]string
		order []string
	}
	before := map[*kind]saved{}
	for _, k := range kinds {
		before[k] = saved{maps.Clone(k.items), slices.Clone(k.order)}
	}
	restore := func() {
		for k, b := range before {
			k.items, k.order = b.items, b.order
		}
	}
	under := func(path string) json.RawMessage {
		raw := body[roots[mc]]
		for _, part := range strings.Split(path, ".") {
			if part == "" {
				break
			}
			var m map[string]json.RawMessage
			if json.Unmarshal(raw, &m) != nil {
				return nil
			}
			raw = m[part]
		}
		return raw
	}
	validations := map[string]any{}
	for _, k := range kinds {
		raw := under(k.item.Path)
		if raw == nil || k.item.Settings {
			continue
		}
		staged, status, answer := st.setList(k, raw)
		if status != 0 {
			restore()
			return status, answer
		}
		for _, id := range staged {
			for key, msg := range st.validate(k, id, k.items[id]) {
				validations[roots[mc]+"."+k.item.Path+"."+id+"."+strings.TrimPrefix(key, k.item.Wrapper+".")] = msg
			}
		}
	}
	for _, k := range kinds {
		raw := under(k.item.Path)
		if !k.item.Settings || (raw == nil && k.item.Path != "") {
			continue
		}
		status, answer := st.write(k, "", raw, false)
		if status != 200 {
			restore()
			return status, answer
		}
		if m, ok := answer.(map[string]any); ok && m["result"] != "saved" {
			if v, ok := m["validations"].(map[string]any); ok {
				maps.Copy(validations, v)
			} else {
				restore()
				return status, answer
			}
		}
	}
	if len(validations) > 0 {
		restore()
		return 200, map[string]any{"result": "failed", "validations": validations}
	}
	return 200, map[string]any{"result": "saved"}
}

// ordered is a JSON object whose keys keep their order: a model's get
// answers a list as uuid → item in config order (PHP arrays keep it), and
// clients may read that order (the rows Dnsmasq tries last first).
type ordered []entry

type entry struct {
	key   string
	value any
}

func (o ordered) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(e.key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(e.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
