package document

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/nationtech/harmony-go/lib/domain"
	"go.yaml.in/yaml/v3"
)

var (
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	rawMessage      = reflect.TypeFor[json.RawMessage]()
	nodeType        = reflect.TypeFor[Node]()
)

// Node is a part of a document left undecoded, to be decoded later into
// a type chosen from the rest of the document (a Score's spec by its kind).
type Node struct{ n *yaml.Node }

// decode fills v (a pointer) from node n, strictly, by v's json tags.
func decode(n *yaml.Node, v any, path string) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("decode: need a non-nil pointer, got %T", v)
	}
	return decodeValue(n, rv.Elem(), path)
}

func fail(n *yaml.Node, path, hint, format string, args ...any) error {
	return &domain.FieldError{Path: path, Line: n.Line, Msg: fmt.Sprintf(format, args...), Hint: hint}
}

func decodeValue(n *yaml.Node, v reflect.Value, path string) error {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		v.SetZero()
		return nil
	}
	t := v.Type()
	if t == nodeType {
		v.Set(reflect.ValueOf(Node{n}))
		return nil
	}
	if t == rawMessage {
		var x any
		if err := n.Decode(&x); err != nil {
			return fail(n, path, "", "cannot read: %v", err)
		}
		b, err := json.Marshal(x)
		if err != nil {
			return fail(n, path, "write plain values, lists and mappings with string keys", "cannot be JSON: %v", err)
		}
		v.SetBytes(b)
		return nil
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		if n.Kind != yaml.ScalarNode {
			return fail(n, path, hintFor(t), "want a single value, got %s", what(n))
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.Value)); err != nil {
			return fail(n, path, hintFor(t), "%s", valueError(n.Value, t, err))
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		if err := decodeValue(n, p.Elem(), path); err != nil {
			return err
		}
		v.Set(p)
	case reflect.Struct:
		return decodeStruct(n, v, path)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return fail(n, path, "", "want a mapping, got %s", what(n))
		}
		if t.Key().Kind() != reflect.String {
			return fmt.Errorf("decode: %s: map keys must be strings", t)
		}
		m := reflect.MakeMapWithSize(t, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if m.MapIndex(reflect.ValueOf(k.Value).Convert(t.Key())).IsValid() {
				return fail(k, joinPath(path, k.Value), "keep one", "key %q appears twice", k.Value)
			}
			e := reflect.New(t.Elem()).Elem()
			if err := decodeValue(n.Content[i+1], e, joinPath(path, k.Value)); err != nil {
				return err
			}
			m.SetMapIndex(reflect.ValueOf(k.Value).Convert(t.Key()), e)
		}
		v.Set(m)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return fail(n, path, "write a list: [a, b] or one '- item' per line", "want a list, got %s", what(n))
		}
		s := reflect.MakeSlice(t, len(n.Content), len(n.Content))
		for i, c := range n.Content {
			if err := decodeValue(c, s.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		v.Set(s)
	case reflect.Interface:
		var x any
		if err := n.Decode(&x); err != nil {
			return fail(n, path, "", "cannot read: %v", err)
		}
		if x != nil {
			v.Set(reflect.ValueOf(x))
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			return fail(n, path, "", "want a string, got %s", what(n))
		}
		v.SetString(n.Value)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			return fail(n, path, "write true or false", "want true or false, got %s", what(n))
		}
		b, _ := strconv.ParseBool(strings.ToLower(n.Value))
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
			return fail(n, path, "write a whole number without quotes", "want a whole number, got %s", what(n))
		}
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, t.Bits())
		if err != nil {
			return fail(n, path, "", "%s is out of range", n.Value)
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
			return fail(n, path, "write a whole number without quotes", "want a whole number, got %s", what(n))
		}
		i, err := strconv.ParseUint(strings.ReplaceAll(n.Value, "_", ""), 0, t.Bits())
		if err != nil {
			return fail(n, path, "", "%s is out of range", n.Value)
		}
		v.SetUint(i)
	case reflect.Float32, reflect.Float64:
		if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.Tag != "!!float") {
			return fail(n, path, "write a number without quotes", "want a number, got %s", what(n))
		}
		f, err := strconv.ParseFloat(n.Value, t.Bits())
		if err != nil {
			return fail(n, path, "", "%s is not a number", n.Value)
		}
		v.SetFloat(f)
	default:
		return fmt.Errorf("decode: %s: unsupported type %s", path, t)
	}
	return nil
}

func decodeStruct(n *yaml.Node, v reflect.Value, path string) error {
	if n.Kind != yaml.MappingNode {
		return fail(n, path, "", "want a mapping of fields, got %s", what(n))
	}
	fields := domain.JSONFields(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		p := joinPath(path, k.Value)
		if k.Value == "<<" {
			return fail(k, p, "write the fields out; anchors (&a, *a) work, merge keys do not", "merge keys (<<) are not supported")
		}
		f, ok := fields[k.Value]
		if !ok {
			return fail(k, p, "remove it or correct its spelling; the fields here are: "+strings.Join(fieldNames(fields), ", "),
				"unknown field %q", k.Value)
		}
		if seen[k.Value] {
			return fail(k, p, "keep one", "field %q appears twice", k.Value)
		}
		seen[k.Value] = true
		if err := decodeValue(n.Content[i+1], v.FieldByIndex(f), p); err != nil {
			return err
		}
	}
	return nil
}

func fieldNames(fields map[string][]int) []string {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

func joinPath(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

// what describes a node for an error message.
func what(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	switch n.ShortTag() {
	case "!!str":
		return fmt.Sprintf("the string %q", n.Value)
	case "!!int", "!!float":
		return "the number " + n.Value
	case "!!bool":
		return n.Value
	}
	return fmt.Sprintf("%q", n.Value)
}

func hintFor(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[netip.Addr]():
		return "write an IP address such as 10.10.0.21"
	case reflect.TypeFor[netip.Prefix]():
		return "write a network as address/length, e.g. 10.10.0.0/24"
	case reflect.TypeFor[domain.MAC]():
		return "write a MAC address such as 52:54:00:aa:00:01"
	}
	return ""
}

func valueError(val string, t reflect.Type, err error) string {
	switch t {
	case reflect.TypeFor[netip.Addr]():
		return fmt.Sprintf("%q is not an IP address", val)
	case reflect.TypeFor[netip.Prefix]():
		return fmt.Sprintf("%q is not a network in CIDR form", val)
	}
	return err.Error()
}

// jsonNode reads one JSON document into a YAML node tree with the lines
// of its tokens, so JSON and YAML input share one strict decoder.
func jsonNode(data []byte) (*yaml.Node, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	lc := lineCounter{data: data, line: 1}
	n, err := jsonValue(d, &lc)
	if err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, &domain.FieldError{Line: lc.at(syn.Offset), Msg: "invalid JSON: " + syn.Error()}
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, &domain.FieldError{Line: lc.at(int64(len(data))), Msg: "invalid JSON: the document ends too early"}
		}
		return nil, &domain.FieldError{Line: lc.at(d.InputOffset()), Msg: "invalid JSON: " + err.Error()}
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return nil, &domain.FieldError{Line: lc.at(d.InputOffset()), Msg: "more than one JSON document",
			Hint: "give one JSON document per file, or use YAML with --- between documents"}
	}
	return n, nil
}

// lineCounter turns increasing byte offsets into lines without rescanning.
type lineCounter struct {
	data []byte
	off  int64
	line int
}

func (c *lineCounter) at(off int64) int {
	if off < c.off {
		return bytes.Count(c.data[:off], []byte("\n")) + 1
	}
	if off > int64(len(c.data)) {
		off = int64(len(c.data))
	}
	c.line += bytes.Count(c.data[c.off:off], []byte("\n"))
	c.off = off
	return c.line
}

func jsonValue(d *json.Decoder, lc *lineCounter) (*yaml.Node, error) {
	// The offset after skipping whitespace is where the token starts; the
	// decoder reports the end of the previous token, so skip it ourselves.
	off := d.InputOffset()
	for off < int64(len(lc.data)) && strings.IndexByte(" \t\r\n,:", lc.data[off]) >= 0 {
		off++
	}
	line := lc.at(off)
	tok, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch x := tok.(type) {
	case json.Delim:
		if x == '{' {
			m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line}
			for d.More() {
				k, err := jsonValue(d, lc)
				if err != nil {
					return nil, err
				}
				v, err := jsonValue(d, lc)
				if err != nil {
					return nil, err
				}
				m.Content = append(m.Content, k, v)
			}
			_, err := d.Token()
			return m, err
		}
		s := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line}
		for d.More() {
			v, err := jsonValue(d, lc)
			if err != nil {
				return nil, err
			}
			s.Content = append(s.Content, v)
		}
		_, err := d.Token()
		return s, err
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: x, Line: line}, nil
	case json.Number:
		tag := "!!int"
		if strings.ContainsAny(string(x), ".eE") {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: string(x), Line: line}, nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(x), Line: line}, nil
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null", Line: line}, nil
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}
