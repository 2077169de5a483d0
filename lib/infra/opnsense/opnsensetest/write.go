package opnsensetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/nationtech/harmony-go/lib/infra/opnsense/modelxml"
)

// write stores an item from a request's wrapper object (add, set, upsert)
// after validating it as OPNsense does, and answers like it.
func (st *state) write(k *kind, id string, raw json.RawMessage, isAdd bool) (int, any) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return 200, map[string]any{"result": "failed"} // missing wrapper key
	}
	next, status, answer := st.stage(k, id, raw)
	if status != 0 {
		return status, answer
	}
	if v := st.validate(k, id, next); len(v) > 0 {
		return 200, map[string]any{"result": "failed", "validations": v}
	}
	k.put(id, next)
	if isAdd {
		return 200, map[string]any{"result": "saved", "uuid": id}
	}
	return 200, map[string]any{"result": "saved"}
}

// stage is the item id would be after a write of raw (BaseField's
// setNodes: the given fields over the item, or over the defaults of a new
// one), not yet validated or stored.
func (st *state) stage(k *kind, id string, raw json.RawMessage) (map[string]string, int, any) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, 200, map[string]any{"result": "failed"}
	}
	changes := map[string]string{}
	if status, msg := flatten(obj, "", k, changes, st.release); status != 0 {
		return nil, status, msg
	}
	current, exists := k.items[id]
	next := k.defaults()
	if exists {
		next = maps.Clone(current)
	} else {
		k.generate(next, changes)
	}
	for _, l := range k.leaves {
		if l.Node.Type == "UniqueIdField" {
			delete(changes, l.Path)
		}
	}
	for p, v := range changes {
		if n := k.byPath[p]; n != nil {
			v = st.normalise(n, v)
		}
		next[p] = v
	}
	return next, 0, nil
}

// put stores an item, a new one last.
func (k *kind) put(id string, it map[string]string) {
	if _, exists := k.items[id]; !exists {
		k.order = append(k.order, id)
	}
	k.items[id] = it
}

// setList is a model-level set's part for one list (ApiMutableModelControllerBase::setAction,
// opnsense/core@25.7:src/opnsense/mvc/app/controllers/OPNsense/Base/ApiMutableModelControllerBase.php,
// through BaseField::setNodes, …/models/OPNsense/Base/FieldTypes/BaseField.php):
// an entry whose key is an item's uuid updates it; any other key adds an
// item under a new random uuid (ArrayField::add() takes none from
// setNodes, on every release), so a client learns new uuids by reading
// again. Every changed item is staged in k, so uniqueness sees the whole
// batch; it returns the staged uuids, or a 500 for an entry that is not
// an object on an existing item.
func (st *state) setList(k *kind, raw json.RawMessage) ([]string, int, any) {
	var entries map[string]json.RawMessage
	if err := json.Unmarshal(raw, &entries); err != nil {
		return nil, 0, nil // not a list on the wire: nothing of it is set
	}
	keys := slices.Sorted(maps.Keys(entries)) // PHP keeps the body's order; any order stages the same
	var staged []string
	for _, key := range keys {
		v := bytes.TrimSpace(entries[key])
		id := key
		if _, exists := k.items[key]; !exists {
			id = newUUID()
		} else if len(v) == 0 || v[0] != '{' {
			if st.release == "26.7" {
				return nil, 500, "Invalid input type for " + key + ": expected a list"
			}
			return nil, 500, "Invalid  input type for " + key + " (configuration error?)"
		}
		if len(v) == 0 || v[0] != '{' {
			v = json.RawMessage("{}") // a new item of defaults
		}
		next, status, answer := st.stage(k, id, v)
		if status != 0 {
			return nil, status, answer
		}
		k.put(id, next)
		staged = append(staged, id)
	}
	return staged, 0, nil
}

// flatten turns a written object into field path → string, coercing as
// OPNsense does: numbers to text, true to "1", false to "", null ignored,
// unknown keys ignored, an array or object on a field a server error.
func flatten(obj map[string]json.RawMessage, prefix string, k *kind, out map[string]string, release string) (int, any) {
	for key, v := range obj {
		p := key
		if prefix != "" {
			p = prefix + "." + key
		}
		v = bytes.TrimSpace(v)
		n, isField := k.byPath[p]
		if !isField {
			if len(v) > 0 && v[0] == '{' && hasPrefix(k, p+".") {
				var sub map[string]json.RawMessage
				if json.Unmarshal(v, &sub) == nil {
					if status, msg := flatten(sub, p, k, out, release); status != 0 {
						return status, msg
					}
				}
			}
			continue
		}
		if n.Field.Volatile {
			continue
		}
		switch {
		case len(v) == 0 || string(v) == "null":
			continue
		case v[0] == '"':
			var s string
			_ = json.Unmarshal(v, &s)
			out[p] = s
		case string(v) == "true":
			out[p] = "1"
		case string(v) == "false":
			out[p] = ""
		case v[0] == '[' || v[0] == '{':
			if release == "26.7" {
				return 500, "expected a single value for " + p
			}
			return 500, "Unexpected error, check log for details"
		default:
			out[p] = string(v)
		}
	}
	return 0, nil
}

func hasPrefix(k *kind, prefix string) bool {
	for p := range k.byPath {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

// validate checks a whole item against the model and the model-level
// checks the simulator knows; the result maps <wrapper>.<path> to the
// message (or messages).
func (st *state) validate(k *kind, id string, it map[string]string) map[string]any {
	msgs := map[string][]string{}
	add := func(p, m string) { msgs[p] = append(msgs[p], m) }
	for _, l := range k.leaves {
		n, v := l.Node, it[l.Path]
		f := n.Field
		if f.Volatile {
			continue
		}
		if v == "" {
			if f.Required {
				add(l.Path, "A value is required.")
			}
			continue
		}
		switch n.Type {
		case `.\AliasNameField`:
			for _, m := range aliasNameMessages(v) {
				add(l.Path, m)
			}
			continue
		case `.\AliasContentField`:
			for _, m := range aliasContentMessages(it["type"], v, func(name string) bool { return st.aliasNamed(name, id) }) {
				add(l.Path, m)
			}
			continue
		}
		if m := st.checkValue(n, v); m != "" {
			add(l.Path, m)
			continue
		}
		for _, c := range f.Constraints {
			if c.Type == "UniqueConstraint" && !unique(k, id, it, l.Path, c) {
				add(l.Path, orDefault(c.Message, "Duplicate entry exists."))
			}
		}
	}
	// Kea: a reservation's address must lie in its subnet.
	if k.item.Model == "Kea/KeaDhcpv4.xml" && k.item.Name == "reservation" {
		if m := st.inSubnet(it); m != "" {
			add("ip_address", m)
		}
	}
	// Dnsmasq's options (opnsense/core@25.7:src/opnsense/mvc/app/models/OPNsense/Dnsmasq/Dnsmasq.php,
	// performValidation): one of option and option6, and a match sets a tag.
	if k.item.Model == "Dnsmasq/Dnsmasq.xml" && k.item.Name == "option" {
		switch {
		case it["option"] != "" && it["option6"] != "":
			add("option", "'Option' and 'Option6' cannot be selected at the same time.")
		case it["option"] == "" && it["option6"] == "":
			add("option", "Either 'Option' or 'Option6' is required.")
		}
		if it["type"] == "match" && it["set_tag"] == "" {
			add("set_tag", "When type is 'Match', a tag must be set.")
		}
	}
	out := map[string]any{}
	for p, ms := range msgs {
		var once []string // OPNsense lists a message once per field
		for _, m := range ms {
			if !slices.Contains(once, m) {
				once = append(once, m)
			}
		}
		ms = once
		key := k.item.Wrapper + "." + p
		if k.item.Settings { // validate() without a node: <root>.<path in the model>
			key = strings.TrimSuffix(roots[k.item.Module]+"."+k.item.Path, ".") + "." + p
		}
		if len(ms) == 1 {
			out[key] = ms[0]
		} else {
			out[key] = ms
		}
	}
	return out
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func (st *state) inSubnet(it map[string]string) string {
	var subnets *kind
	for _, k := range st.kinds {
		if k.item.Model == "Kea/KeaDhcpv4.xml" && k.item.Name == "subnet" {
			subnets = k
		}
	}
	if subnets == nil {
		return ""
	}
	sub, ok := subnets.items[it["subnet"]]
	if !ok {
		return ""
	}
	p, err1 := netip.ParsePrefix(sub["subnet"])
	a, err2 := netip.ParseAddr(it["ip_address"])
	if err1 != nil || err2 != nil || !p.Contains(a) {
		return "Address not in specified subnet"
	}
	return ""
}

// unique reports whether no other item has the same value (and the same
// values of the constraint's addFields).
func unique(k *kind, id string, it map[string]string, p string, c modelxml.Constraint) bool {
	key := func(x map[string]string) string {
		parts := []string{x[p]}
		for _, f := range c.AddFields {
			parts = append(parts, x[f])
		}
		s := strings.Join(parts, "\x00")
		if c.CaseInsensitive {
			s = strings.ToLower(s)
		}
		return s
	}
	mine := key(it)
	for other, x := range k.items {
		if other != id && key(x) == mine {
			return false
		}
	}
	return true
}

var maskCache = map[string]*regexp.Regexp{}

// checkValue validates one non-empty value by its field class, or returns
// the message OPNsense gives.
func (st *state) checkValue(n *modelxml.Node, v string) string {
	f := n.Field
	values := []string{v}
	if f.Multiple || f.AsList || n.Type == "CSVListField" {
		values = splitList(v)
	}
	for _, x := range values {
		if m := st.checkOne(n, x); m != "" {
			return orDefault(f.ValidationMessage, m)
		}
	}
	if f.Mask != "" {
		if re := mask(f.Mask); re != nil && !re.MatchString(v) {
			return orDefault(f.ValidationMessage, "Text does not validate.")
		}
	}
	return ""
}

func (st *state) checkOne(n *modelxml.Node, v string) string {
	f := n.Field
	switch n.Type {
	case "BooleanField":
		if v != "0" && v != "1" {
			return "Value should be a boolean (0,1)."
		}
	case "IntegerField", "AutoNumberField":
		i, err := strconv.ParseInt(v, 10, 64)
		if err != nil || (f.Min != nil && i < *f.Min) || (f.Max != nil && i > *f.Max) {
			return "Invalid integer value."
		}
	case "OptionField", "InterfaceField", `.\UnboundInterfaceField`, `.\TosField`, `.\ScheduleField`:
		// A BaseListField takes only its options: the ones it renders.
		if keys, _, _ := st.listOptions(n); !slices.Contains(keys, v) {
			return st.notInList(f, v)
		}
	case "ModelRelationField":
		if target := st.kindOf(f.Relation); target != nil {
			if _, ok := target.items[v]; !ok {
				return st.notInList(f, v)
			}
		}
	case "NetworkField":
		return st.networkMessage(f, v)
	case "MacAddressField":
		if _, err := net.ParseMAC(v); err != nil {
			return "Invalid MAC address."
		}
	case "PortField":
		return st.portMessage(f, v)
	case "JsonKeyValueStoreField":
		// Dnsmasq's option lists come from configd ("dnsmasq list
		// dhcp_options", opnsense/core@25.7:src/opnsense/scripts/dns/dnsmasq_dhcp_options.py):
		// IANA's DHCP option codes and dnsmasq's own, keyed by number.
		if f.Params["configdpopulateact"] == "dnsmasq list dhcp_options" {
			if c, err := strconv.Atoi(v); err != nil || c < 1 || c > 254 || strconv.Itoa(c) != v {
				return st.notInList(f, v)
			}
		}
	case "DescriptionField":
		if len(v) > 255 || strings.ContainsAny(v, "\n\r") {
			return "Description should be a string between 1 and 255 characters."
		}
	}
	return ""
}

// notInList is a BaseListField's message for a value not among its
// options (OptionField, InterfaceField, ModelRelationField, …;
// opnsense/core@<release>:src/opnsense/mvc/app/models/OPNsense/Base/FieldTypes/BaseListField.php):
// "Option not in list." until 25.7; from 26.1 "Option [%s] not in list.",
// the value filled in for a multi-select field and left empty for a
// single one (getValidationMessage() is called without it there).
func (st *state) notInList(f *modelxml.Field, v string) string {
	if !st.since("26.1") {
		return "Option not in list."
	}
	if !f.Multiple {
		v = ""
	}
	return "Option [" + v + "] not in list."
}

// since says whether the simulated release is rel or later.
func (st *state) since(rel string) bool {
	year := func(r string) string {
		parts := strings.SplitN(r, ".", 3)
		if len(parts) < 2 {
			return r
		}
		return fmt.Sprintf("%02s.%02s", parts[0], parts[1])
	}
	return year(st.release) >= year(rel)
}

// mask compiles an XML Mask (/…/flags, PCRE) as far as Go's RE2 can; a
// mask RE2 cannot read is not checked.
func mask(m string) *regexp.Regexp {
	if re, ok := maskCache[m]; ok {
		return re
	}
	body := m
	if strings.HasPrefix(m, "/") {
		if end := strings.LastIndex(m, "/"); end > 0 {
			body = m[1:end]
			if strings.Contains(m[end+1:], "i") {
				body = "(?i)" + body
			}
		}
	}
	re, err := regexp.Compile(body)
	if err != nil {
		re = nil
	}
	maskCache[m] = re
	return re
}

// del answers del_<item>/<uuid>, refusing (500) an item another refers
// to on modules with safe delete.
func (st *state) del(k *kind, id string) (int, any) {
	if _, ok := k.items[id]; !ok {
		return 200, map[string]any{"result": "not found"}
	}
	safe := strings.HasPrefix(k.item.Module, "haproxy/") || strings.HasPrefix(k.item.Module, "dnsmasq/") ||
		k.item.Module == "firewall/alias" || (strings.HasPrefix(k.item.Module, "kea/") && st.since("26.1")) // Kea's safe deletes from 26.1.8
	if safe {
		for _, other := range st.kinds {
			for oid, it := range other.items {
				if other == k && oid == id {
					continue
				}
				for _, v := range it {
					if strings.Contains(v, id) {
						return 500, "Item in use by " + other.item.Wrapper + " {" + oid + "}"
					}
				}
			}
		}
	}
	if k.item.Module == "unbound/settings" && k.item.Name == "host_override" {
		// Unbound's delHostOverrideAction deletes the host's aliases too
		// (opnsense/core@25.7:src/opnsense/mvc/app/controllers/OPNsense/Unbound/Api/SettingsController.php).
		if aliases := st.find("unbound/settings", "host_alias"); aliases != nil {
			for aid, a := range aliases.items {
				if a["host"] == id {
					aliases.remove(aid)
				}
			}
		}
	}
	k.remove(id)
	return 200, map[string]any{"result": "deleted"}
}

// remove forgets an item.
func (k *kind) remove(id string) {
	delete(k.items, id)
	for i, x := range k.order {
		if x == id {
			k.order = append(k.order[:i], k.order[i+1:]...)
			break
		}
	}
}

// uniqid is PHP's uniqid("", true) shape: 14 hex digits, a dot, 8 digits.
func uniqid() string {
	id := newUUID()
	return strings.ReplaceAll(id, "-", "")[:14] + "." + fmt.Sprintf("%08d", len(id)*1234567%100000000)
}

// nextNumber is the first free number of an AutoNumberField, from its
// minimum.
func nextNumber(k *kind, p string, min *int64) int64 {
	n := int64(1)
	if min != nil {
		n = *min
	}
	for _, it := range k.items {
		if v, err := strconv.ParseInt(it[p], 10, 64); err == nil && v >= n {
			n = v + 1
		}
	}
	return n
}

// generate fills the fields the box makes on create: a UniqueIdField, and
// an AutoNumberField the write did not give.
func (k *kind) generate(it, given map[string]string) {
	for _, l := range k.leaves {
		switch l.Node.Type {
		case "UniqueIdField":
			it[l.Path] = uniqid() // then immutable
		case "AutoNumberField":
			if given[l.Path] == "" {
				it[l.Path] = strconv.FormatInt(nextNumber(k, l.Path, l.Node.Field.Min), 10)
			}
		case `.\FilterSequenceField`:
			// Always after the last rule, +100, never in a gap
			// (opnsense/core@25.7:src/opnsense/mvc/app/models/OPNsense/Firewall/FieldTypes/FilterSequenceField.php).
			if given[l.Path] == "" {
				last := int64(1)
				if min := l.Node.Field.Min; min != nil {
					last = *min
				}
				for _, other := range k.items {
					if v, err := strconv.ParseInt(other[l.Path], 10, 64); err == nil && v >= last {
						last = v
					}
				}
				it[l.Path] = strconv.FormatInt(last+100, 10)
			}
		}
	}
}

// portAlias reports whether name is a port alias.
// aliasNamed reports whether another alias than the item id has the name
// (Util::isAlias, for nested entries).
func (st *state) aliasNamed(name, id string) bool {
	if k := st.find("firewall/alias", "item"); k != nil {
		for other, it := range k.items {
			if it["name"] == name && other != id {
				return true
			}
		}
	}
	return false
}

func (st *state) portAlias(name string) bool {
	if k := st.find("firewall/alias", "item"); k != nil {
		for _, it := range k.items {
			if it["name"] == name && it["type"] == "port" {
				return true
			}
		}
	}
	return false
}
