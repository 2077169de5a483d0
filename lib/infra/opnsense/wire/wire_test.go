package wire_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/nationtech/harmony-go/lib/infra/opnsense/wire"
)

func TestDecode(t *testing.T) {
	type item struct {
		On    wire.Bool     `json:"on,omitzero"`
		N     wire.Int      `json:"n,omitzero"`
		Name  wire.Text     `json:"name,omitzero"`
		Pick  wire.Select   `json:"pick,omitzero"`
		Many  wire.List     `json:"many,omitzero"`
		Lines wire.LineList `json:"lines,omitzero"`
	}
	tests := []struct {
		in   string
		want item
	}{
		{`{"on":"1","n":"42","name":"cp0"}`, item{On: wire.B(true), N: wire.I(42), Name: wire.T("cp0")}},
		{`{"on":"0","n":""}`, item{On: wire.B(false), N: wire.Int{}}},
		{`{"on":"","n":7}`, item{On: wire.B(false), N: wire.I(7)}},
		{`{"on":true,"name":5}`, item{On: wire.B(true), Name: wire.T("5")}},
		// An optional single select as OPNsense renders it, with its blank key.
		{`{"pick":{"":{"value":"None","selected":0},"tcp":{"value":"TCP","selected":1},"udp":{"value":"UDP","selected":0}}}`,
			item{Pick: wire.S("tcp")}},
		{`{"pick":{"":{"value":"None","selected":1},"tcp":{"value":"TCP","selected":0}}}`, item{Pick: wire.S("")}},
		// A multi select and an AsList field.
		{`{"many":{"lan":{"value":"LAN","selected":1},"wan":{"value":"WAN","selected":0},"opt1":{"value":"DMZ","selected":1}}}`,
			item{Many: wire.L("lan", "opt1")}},
		{`{"many":{"":{"value":"","selected":1}}}`, item{Many: wire.List{Set: true}}},
		{`{"many":"lan,opt1"}`, item{Many: wire.L("lan", "opt1")}},
		{`{"many":[]}`, item{Many: wire.List{Set: true}}},
		{`{"lines":"10.0.0.1\n10.0.0.2"}`, item{Lines: wire.LL("10.0.0.1", "10.0.0.2")}},
		{`{"lines":{"10.0.0.1":{"value":"10.0.0.1","selected":1},"other":{"value":"other","selected":0,"description":"x"}}}`,
			item{Lines: wire.LL("10.0.0.1")}},
		// Unknown keys from a newer box, and display twins, are ignored.
		{`{"name":"a","%name":"A","new_in_27":"x"}`, item{Name: wire.T("a")}},
	}
	for _, tc := range tests {
		var got item
		if err := json.Unmarshal([]byte(tc.in), &got); err != nil {
			t.Errorf("Unmarshal(%s): %v", tc.in, err)
			continue
		}
		if got.On != tc.want.On || got.N != tc.want.N || got.Name != tc.want.Name || got.Pick != tc.want.Pick ||
			!slices.Equal(got.Many.V, tc.want.Many.V) || got.Many.Set != tc.want.Many.Set || !slices.Equal(got.Lines.V, tc.want.Lines.V) {
			t.Errorf("Unmarshal(%s) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestEncode(t *testing.T) {
	type item struct {
		On    wire.Bool     `json:"on,omitzero"`
		Off   wire.Bool     `json:"off,omitzero"`
		N     wire.Int      `json:"n,omitzero"`
		Name  wire.Text     `json:"name,omitzero"`
		Unset wire.Text     `json:"unset,omitzero"`
		Many  wire.List     `json:"many,omitzero"`
		Lines wire.LineList `json:"lines,omitzero"`
	}
	got, err := json.Marshal(item{On: wire.B(true), Off: wire.B(false), N: wire.I(5), Name: wire.T(""),
		Many: wire.L("lan", "opt1"), Lines: wire.LL("a", "b")})
	if err != nil {
		t.Fatal(err)
	}
	// false is "0" (OPNsense reads a JSON false as ""), numbers are strings,
	// lists are one string, an unset field is not sent, a set empty one is.
	want := `{"on":"1","off":"0","n":"5","name":"","many":"lan,opt1","lines":"a\nb"}`
	if string(got) != want {
		t.Errorf("Marshal = %s, want %s", got, want)
	}
}

func TestMap(t *testing.T) {
	var m wire.Map[struct {
		Name wire.Text `json:"name"`
	}]
	if err := json.Unmarshal([]byte(`[]`), &m); err != nil || len(m) != 0 {
		t.Errorf("[] = %v, %v; want an empty map", m, err)
	}
	if err := json.Unmarshal([]byte(`{"u1":{"name":"a"}}`), &m); err != nil || m["u1"].Name.V != "a" {
		t.Errorf("map = %v, %v", m, err)
	}
	if err := json.Unmarshal([]byte(`[{"name":"a"}]`), &m); err == nil {
		t.Error("a non-empty list decoded as a map")
	}
	out, _ := json.Marshal(wire.Map[int]{})
	if string(out) != "[]" {
		t.Errorf("empty map = %s, want []", out)
	}
}

func TestListEqual(t *testing.T) {
	if !wire.L("a", "b").Equal(wire.L("b", "a")) || wire.L("a").Equal(wire.L("a", "b")) {
		t.Error("List.Equal compares as sets")
	}
}
