package opnsense

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"

	"github.com/nationtech/harmony-go/lib/infra/opnsense/api"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/wire"
)

// fields are an item's values by path, as comparable strings: lists sorted
// and comma-joined, booleans "0"/"1", numbers as text.
type fields map[string]string

type wireValue interface {
	IsZero() bool
	String() string
}

var (
	listType     = reflect.TypeFor[wire.List]()
	lineListType = reflect.TypeFor[wire.LineList]()
)

// values flattens a generated item (after decoding) into fields.
func values(v any) fields {
	out := fields{}
	flattenInto(out, reflect.ValueOf(v), "")
	return out
}

func flattenInto(out fields, v reflect.Value, prefix string) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		p := name
		if prefix != "" {
			p = prefix + "." + name
		}
		fv := v.Field(i)
		switch {
		case f.Type == listType:
			out[p] = canonicalList(fv.Interface().(wire.List).V)
		case f.Type == lineListType:
			out[p] = canonicalList(fv.Interface().(wire.LineList).V)
		case f.Type.Implements(reflect.TypeFor[wireValue]()):
			out[p] = fv.Interface().(wireValue).String()
		case f.Type.Kind() == reflect.Struct:
			flattenInto(out, fv, p)
		}
	}
}

// canonicalList is a list as one comparable string.
func canonicalList(v []string) string {
	s := slices.Clone(v)
	slices.Sort(s)
	return strings.Join(slices.Compact(s), ",")
}

// decodeMap reads an ArrayField map (uuid → item, or []) of T.
func decodeMap[T any](raw json.RawMessage) (map[string]fields, error) {
	var m wire.Map[T]
	if len(raw) == 0 {
		return map[string]fields{}, nil
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	out := make(map[string]fields, len(m))
	for id, it := range m {
		out[id] = values(it)
	}
	return out, nil
}

// decodeRows reads search rows of T (25.7 and later: raw values).
func decodeRows[T any](raw json.RawMessage) (map[string]fields, error) {
	var res struct {
		Rows []json.RawMessage `json:"rows"`
	}
	if err := json.Unmarshal(raw, &res); err != nil {
		return nil, err
	}
	out := make(map[string]fields, len(res.Rows))
	for _, r := range res.Rows {
		var id struct {
			UUID string `json:"uuid"`
		}
		var it T
		if err := json.Unmarshal(r, &id); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(r, &it); err != nil {
			return nil, err
		}
		out[id.UUID] = values(it)
	}
	return out, nil
}

// decodeOne reads {"<wrapper>": item} of T.
func decodeOne[T any](raw json.RawMessage, wrapper string) (fields, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	var it T
	if err := json.Unmarshal(m[wrapper], &it); err != nil {
		return nil, err
	}
	return values(it), nil
}

// codec reads the items of one kind in the three shapes OPNsense uses.
type codec struct {
	item  *api.Item
	items func(json.RawMessage) (map[string]fields, error)
	rows  func(json.RawMessage) (map[string]fields, error)
	one   func(json.RawMessage, string) (fields, error)
}

func codecOf[T any](it *api.Item) codec {
	return codec{item: it, items: decodeMap[T], rows: decodeRows[T], one: decodeOne[T]}
}

var (
	keaSubnets      = codecOf[api.KeaSubnet](&api.KeaSubnetItem)
	keaReservations = codecOf[api.KeaReservation](&api.KeaReservationItem)
	dnsmasqHosts    = codecOf[api.DnsmasqHost](&api.DnsmasqHostItem)
	dnsmasqTags     = codecOf[api.DnsmasqTag](&api.DnsmasqTagItem)
	dnsmasqOptions  = codecOf[api.DnsmasqOption](&api.DnsmasqOptionItem)
	dnsmasqBoots    = codecOf[api.DnsmasqBoot](&api.DnsmasqBootItem)
	unboundHosts    = codecOf[api.UnboundHostOverride](&api.UnboundHostOverrideItem)
	unboundAliases  = codecOf[api.UnboundHostAlias](&api.UnboundHostAliasItem)
	filterRules     = codecOf[api.FilterRule](&api.FilterRuleItem)
	aliases         = codecOf[api.Alias](&api.AliasItem)
	haproxyServers  = codecOf[api.HAProxyServer](&api.HAProxyServerItem)
	haproxyBackends = codecOf[api.HAProxyBackend](&api.HAProxyBackendItem)
	haproxyFronts   = codecOf[api.HAProxyFrontend](&api.HAProxyFrontendItem)
	haproxyChecks   = codecOf[api.HAProxyHealthcheck](&api.HAProxyHealthcheckItem)
)

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
