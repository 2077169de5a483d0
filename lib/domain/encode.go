package domain

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"
	"unicode/utf8"
)

// encodeCompact writes the plan as encoding/json would (HTML characters
// not escaped), a step at a time through a buffer: the header with
// encoding/json, then each step by hand, copying its compact spec as is.
// A test holds it byte for byte to encoding/json.
func (p *Plan) encodeCompact(w io.Writer) error {
	head := *p
	head.Steps = nil
	hb, err := marshal(head)
	if err != nil {
		return err
	}
	// {"apiVersion":…,"steps":null} → {"apiVersion":…,"steps":[
	const tail = `"steps":null}`
	hb = append(hb[:len(hb)-len(tail)], `"steps":[`...)
	bw := bufio.NewWriterSize(w, 1<<16)
	if _, err := bw.Write(hb); err != nil {
		return err
	}
	buf := make([]byte, 0, 1024)
	for i := range p.Steps {
		buf = buf[:0]
		if i > 0 {
			buf = append(buf, ',')
		}
		if buf, err = appendStep(buf, &p.Steps[i]); err != nil {
			return err
		}
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	if _, err := bw.WriteString("]}\n"); err != nil {
		return err
	}
	return bw.Flush()
}

func marshal(v any) ([]byte, error) {
	var b jsonBuffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b[:len(b)-1], nil // without Encode's newline
}

type jsonBuffer []byte

func (b *jsonBuffer) Write(p []byte) (int, error) { *b = append(*b, p...); return len(p), nil }

func appendStep(b []byte, s *Step) ([]byte, error) {
	b = append(b, `{"id":`...)
	b = appendString(b, s.ID)
	b = append(b, `,"score":`...)
	b = appendString(b, s.Score)
	b = append(b, `,"capability":`...)
	b = appendString(b, string(s.Capability))
	b = append(b, `,"target":`...)
	b = appendString(b, s.Target)
	b = append(b, `,"action":`...)
	b = appendString(b, string(s.Action))
	b = append(b, `,"resource":{"type":`...)
	b = appendString(b, s.Resource.Type)
	b = append(b, `,"name":`...)
	b = appendString(b, s.Resource.Name)
	b = append(b, `,"spec":`...)
	if len(s.Resource.Spec) == 0 {
		b = append(b, "null"...)
	} else {
		b = append(b, s.Resource.Spec...)
	}
	b = append(b, '}')
	if len(s.After) > 0 {
		b = append(b, `,"after":[`...)
		for i, a := range s.After {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, a)
		}
		b = append(b, ']')
	}
	if s.Outcome != nil {
		o, err := marshal(s.Outcome)
		if err != nil {
			return nil, err
		}
		b = append(b, `,"outcome":`...)
		b = append(b, o...)
	}
	return append(b, '}'), nil
}

// appendString appends s as a JSON string the way encoding/json does with
// HTML escaping off: invalid UTF-8 becomes U+FFFD, and U+2028 and U+2029
// are escaped.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, `\u00`...)
				b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, `\u202`...)
			b = strconv.AppendInt(b, int64(r&0xf), 16)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
