package domain

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// DecodeJSON decodes one JSON document from data into v, strictly: an
// unknown field, a wrong type, trailing data or a syntax error is a
// *FieldError with the JSON path and line where it is.
func DecodeJSON(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	err := d.Decode(v)
	if err == nil {
		if _, terr := d.Token(); terr == nil {
			off := d.InputOffset()
			return &FieldError{Line: lineAt(data, off), Msg: "more than one JSON document",
				Hint: "give one document per input"}
		}
		return nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return &FieldError{Msg: "the input is empty", Hint: "give a JSON document"}
	case errors.As(err, &syn):
		return &FieldError{Line: lineAt(data, syn.Offset), Msg: "invalid JSON: " + syn.Error()}
	case errors.As(err, &typ):
		return &FieldError{Path: typ.Field, Line: lineAt(data, typ.Offset),
			Msg: fmt.Sprintf("a JSON %s cannot go into a field of type %s", typ.Value, typeName(typ.Type))}
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name, _ = strconv.Unquote(name)
		path, off := locateUnknown(data, reflect.TypeOf(v), name)
		return &FieldError{Path: path, Line: lineAt(data, off),
			Msg:  fmt.Sprintf("unknown field %q", name),
			Hint: "remove it or correct its spelling; see schemas/ for the fields each document takes"}
	}
	return &FieldError{Msg: err.Error()}
}

func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice:
		return "list"
	case reflect.Struct, reflect.Map:
		return "object"
	}
	return t.String()
}

// lineAt is the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int {
	if off < 0 || off > int64(len(data)) {
		return 0
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
var jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()

// locateUnknown walks data alongside type t to find the first object key
// named key that t does not have, returning its JSON path and offset.
func locateUnknown(data []byte, t reflect.Type, key string) (string, int64) {
	d := json.NewDecoder(bytes.NewReader(data))
	path, off, _ := walkUnknown(d, t, "", key)
	// The decoder's offset is the end of the previous token; the key
	// starts after the separator and the blanks.
	for off >= 0 && off < int64(len(data)) && bytes.IndexByte([]byte(" \t\r\n,{"), data[off]) >= 0 {
		off++
	}
	return path, off
}

func walkUnknown(d *json.Decoder, t reflect.Type, path, key string) (string, int64, bool) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	tok, err := d.Token()
	if err != nil {
		return "", -1, false
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return "", -1, false
	}
	opaque := t == nil || t.Kind() == reflect.Interface ||
		reflect.PointerTo(t).Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler)
	switch delim {
	case '{':
		var fields map[string][]int
		if !opaque && t.Kind() == reflect.Struct {
			fields = JSONFields(t)
		}
		for d.More() {
			off := d.InputOffset()
			kt, err := d.Token()
			if err != nil {
				return "", -1, false
			}
			k, _ := kt.(string)
			var ft reflect.Type
			switch {
			case opaque:
			case t.Kind() == reflect.Map:
				ft = t.Elem()
			case fields != nil:
				idx, known := fields[k]
				if !known && k == key {
					return joinPath(path, k), off, true
				}
				if known {
					ft = t.FieldByIndex(idx).Type
				}
			}
			if p, o, found := walkUnknown(d, ft, joinPath(path, k), key); found {
				return p, o, true
			}
		}
	case '[':
		var et reflect.Type
		if !opaque && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			et = t.Elem()
		}
		for i := 0; d.More(); i++ {
			if p, o, found := walkUnknown(d, et, fmt.Sprintf("%s[%d]", path, i), key); found {
				return p, o, true
			}
		}
	}
	_, _ = d.Token() // the closing delimiter
	return "", -1, false
}

func joinPath(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

// JSONFields maps the JSON names of a struct's fields to their index
// paths, promoting embedded structs' fields as encoding/json does. The
// strict decoders of plans and of input documents share it.
func JSONFields(t reflect.Type) map[string][]int {
	out := map[string][]int{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for k, idx := range JSONFields(f.Type) {
				out[k] = append([]int{i}, idx...)
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = []int{i}
	}
	return out
}

// lineOfPath is the line where the value at a JSON path (steps[3].target)
// starts in data, or 0 when the path is not there.
func lineOfPath(data []byte, path string) int {
	d := json.NewDecoder(bytes.NewReader(data))
	found := int64(-1)
	var walk func(p string) bool
	walk = func(p string) bool {
		off := d.InputOffset()
		tok, err := d.Token()
		if err != nil {
			return true // give up
		}
		if p == path {
			found = off
			return true
		}
		switch tok {
		case json.Delim('{'):
			for d.More() {
				k, err := d.Token()
				if err != nil {
					return true
				}
				key, _ := k.(string)
				if walk(joinPath(p, key)) {
					return true
				}
			}
			_, _ = d.Token()
		case json.Delim('['):
			for i := 0; d.More(); i++ {
				if walk(fmt.Sprintf("%s[%d]", p, i)) {
					return true
				}
			}
			_, _ = d.Token()
		}
		return false
	}
	walk("")
	if found < 0 {
		return 0
	}
	for found < int64(len(data)) && bytes.IndexByte([]byte(" \t\r\n,:"), data[found]) >= 0 {
		found++
	}
	return lineAt(data, found)
}
