// Package wire holds the value types of OPNsense's API, with its quirks:
// every value is a string on the wire (booleans "0"/"1", numbers "42"),
// multi-value fields are written as one comma-separated string but read
// back as {key: {value, selected}} maps, and an empty map is sent as []. A
// zero value means "not set": it is left out of what is written
// (`omitzero`), so a write touches only the fields a caller set.
//
// Decoding is lenient, as a client must be with a device that is newer
// than it: a number where a string is expected, or a string where a map
// is, is accepted.
package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Text is a plain string field.
type Text struct {
	V   string
	Set bool
}

// T returns a set Text.
func T(s string) Text { return Text{V: s, Set: true} }

// IsZero reports whether the field is unset.
func (t Text) IsZero() bool { return !t.Set }

// String is the wire value.
func (t Text) String() string { return t.V }

// MarshalJSON writes the string.
func (t Text) MarshalJSON() ([]byte, error) { return json.Marshal(t.V) }

// UnmarshalJSON reads a string, a number or a boolean as text, and a
// selection map as its selected keys.
func (t *Text) UnmarshalJSON(b []byte) error {
	s, err := scalar(b)
	if err != nil {
		return err
	}
	*t = Text{V: s, Set: true}
	return nil
}

// Bool is a BooleanField: "1" or "0".
type Bool struct {
	V   bool
	Set bool
}

// B returns a set Bool.
func B(v bool) Bool { return Bool{V: v, Set: true} }

// IsZero reports whether the field is unset.
func (b Bool) IsZero() bool { return !b.Set }

// String is the wire value.
func (b Bool) String() string {
	if b.V {
		return "1"
	}
	return "0"
}

// MarshalJSON writes "1" or "0" (never false, which OPNsense reads as "").
func (b Bool) MarshalJSON() ([]byte, error) { return json.Marshal(b.String()) }

// UnmarshalJSON reads "1"/"0", "" (false), and JSON booleans and numbers.
func (b *Bool) UnmarshalJSON(data []byte) error {
	s, err := scalar(data)
	if err != nil {
		return err
	}
	switch strings.ToLower(s) {
	case "1", "true", "yes", "on":
		*b = Bool{V: true, Set: true}
	case "0", "", "false", "no", "off":
		*b = Bool{V: false, Set: true}
	default:
		return fmt.Errorf("%q is not a boolean", s)
	}
	return nil
}

// Int is an IntegerField; unset and "" are the same on the wire.
type Int struct {
	V   int64
	Set bool
}

// I returns a set Int.
func I(v int64) Int { return Int{V: v, Set: true} }

// IsZero reports whether the field is unset.
func (i Int) IsZero() bool { return !i.Set }

// String is the wire value.
func (i Int) String() string {
	if !i.Set {
		return ""
	}
	return strconv.FormatInt(i.V, 10)
}

// MarshalJSON writes the number as a string.
func (i Int) MarshalJSON() ([]byte, error) { return json.Marshal(i.String()) }

// UnmarshalJSON reads "42", 42 or "" (unset).
func (i *Int) UnmarshalJSON(b []byte) error {
	s, err := scalar(b)
	if err != nil {
		return err
	}
	if s == "" {
		*i = Int{}
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("%q is not an integer", s)
	}
	*i = Int{V: v, Set: true}
	return nil
}

// List is a multi-value field: written as "a,b" (or, with a newline
// separator, one value a line), read as a string or as the selection map
// OPNsense returns for option fields and AsList fields. The order of the
// values is kept as read; Equal compares them as a set.
type List struct {
	V   []string
	Set bool
	Sep string // "," unless set; "\n" for alias content
}

// L returns a set, comma-separated List.
func L(v ...string) List { return List{V: v, Set: true} }

// IsZero reports whether the field is unset.
func (l List) IsZero() bool { return !l.Set }

func (l List) sep() string {
	if l.Sep == "" {
		return ","
	}
	return l.Sep
}

// String is the wire value.
func (l List) String() string { return strings.Join(l.V, l.sep()) }

// Equal reports whether two lists hold the same values, in any order.
func (l List) Equal(o List) bool {
	a, b := slices.Clone(l.V), slices.Clone(o.V)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// MarshalJSON writes one separated string.
func (l List) MarshalJSON() ([]byte, error) { return json.Marshal(l.String()) }

// UnmarshalJSON reads a separated string, a JSON array, or a selection
// map (keeping the selected keys, without the blank "" key).
func (l *List) UnmarshalJSON(b []byte) error {
	sep := l.sep()
	b = bytes.TrimSpace(b)
	switch {
	case len(b) > 0 && b[0] == '{':
		keys, err := selected(b)
		if err != nil {
			return err
		}
		*l = List{V: keys, Set: true, Sep: l.Sep}
	case len(b) > 0 && b[0] == '[':
		var raw []json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			return err
		}
		out := List{Set: true, Sep: l.Sep}
		for _, r := range raw {
			s, err := scalar(r)
			if err != nil {
				return err
			}
			if s != "" {
				out.V = append(out.V, s)
			}
		}
		*l = out
	default:
		s, err := scalar(b)
		if err != nil {
			return err
		}
		out := List{Set: true, Sep: l.Sep}
		for _, v := range strings.Split(s, sep) {
			if v = strings.TrimSpace(v); v != "" {
				out.V = append(out.V, v)
			}
		}
		*l = out
	}
	return nil
}

// LineList is a newline-separated List (alias content).
type LineList struct{ List }

// LL returns a set LineList.
func LL(v ...string) LineList { return LineList{List{V: v, Set: true, Sep: "\n"}} }

// MarshalJSON writes one value a line.
func (l LineList) MarshalJSON() ([]byte, error) { return json.Marshal(strings.Join(l.V, "\n")) }

// UnmarshalJSON reads lines, an array or a selection map.
func (l *LineList) UnmarshalJSON(b []byte) error {
	l.Sep = "\n"
	return l.List.UnmarshalJSON(b)
}

// Select is a single-value option field (OptionField, ModelRelationField,
// InterfaceField …): written as the key, read as the key or as the
// selection map.
type Select struct {
	V   string
	Set bool
}

// S returns a set Select.
func S(key string) Select { return Select{V: key, Set: true} }

// IsZero reports whether the field is unset.
func (s Select) IsZero() bool { return !s.Set }

// String is the wire value.
func (s Select) String() string { return s.V }

// MarshalJSON writes the key.
func (s Select) MarshalJSON() ([]byte, error) { return json.Marshal(s.V) }

// UnmarshalJSON reads a key or a selection map.
func (s *Select) UnmarshalJSON(b []byte) error {
	v, err := scalar(b)
	if err != nil {
		return err
	}
	*s = Select{V: v, Set: true}
	return nil
}

// Map is an ArrayField read back: uuid → item. OPNsense sends an empty
// one as []; it is written as {} only when it has items.
type Map[T any] map[string]T

// UnmarshalJSON reads an object, or [] for none.
func (m *Map[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(b, &items); err != nil {
			return err
		}
		if len(items) > 0 {
			return fmt.Errorf("a list of %d items where a map of items was expected", len(items))
		}
		*m = Map[T]{}
		return nil
	}
	var out map[string]T
	if err := json.Unmarshal(b, &out); err != nil {
		return err
	}
	*m = out
	return nil
}

// MarshalJSON writes [] for an empty map, as OPNsense does.
func (m Map[T]) MarshalJSON() ([]byte, error) {
	if len(m) == 0 {
		return []byte("[]"), nil
	}
	return json.Marshal(map[string]T(m))
}

// scalar reads a JSON string, number, boolean or null as text; a
// selection map as its selected keys joined by commas.
func scalar(b []byte) (string, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return "", fmt.Errorf("empty value")
	}
	switch b[0] {
	case '"':
		var s string
		err := json.Unmarshal(b, &s)
		return s, err
	case '{':
		keys, err := selected(b)
		return strings.Join(keys, ","), err
	case '[':
		var raw []json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			return "", err
		}
		if len(raw) == 0 {
			return "", nil // PHP's empty array
		}
		return "", fmt.Errorf("a list where a single value was expected")
	case 'n':
		return "", nil
	case 't', 'f':
		var v bool
		if err := json.Unmarshal(b, &v); err != nil {
			return "", err
		}
		if v {
			return "1", nil
		}
		return "0", nil
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return "", err
		}
		return n.String(), nil
	}
}

// selected returns the keys of a selection map whose selected is truthy,
// in the map's order, without the blank "" key.
func selected(b []byte) ([]string, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	if _, err := d.Token(); err != nil {
		return nil, err
	}
	var out []string
	for d.More() {
		kt, err := d.Token()
		if err != nil {
			return nil, err
		}
		key, _ := kt.(string)
		var opt struct {
			Selected json.RawMessage `json:"selected"`
		}
		var raw json.RawMessage
		if err := d.Decode(&raw); err != nil {
			return nil, err
		}
		if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
			if err := json.Unmarshal(raw, &opt); err != nil {
				return nil, err
			}
		}
		sel, _ := scalar(opt.Selected)
		if key != "" && sel != "" && sel != "0" {
			out = append(out, key)
		}
	}
	return out, nil
}
