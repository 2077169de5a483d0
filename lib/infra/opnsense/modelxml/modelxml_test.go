package modelxml_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/lib/infra/opnsense/modelxml"
)

func parse(t *testing.T, path string) *modelxml.Model {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := modelxml.Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// TestEveryModelParses reads every model of every release.
func TestEveryModelParses(t *testing.T) {
	files, _ := filepath.Glob("../models/*/OPNsense/*/*.xml")
	if len(files) < 30 {
		t.Fatalf("found %d model files, want the three releases' (30+)", len(files))
	}
	for _, f := range files {
		m := parse(t, f)
		if m.Mount == "" || len(m.Items.Children) == 0 {
			t.Errorf("%s: mount %q, %d items", f, m.Mount, len(m.Items.Children))
		}
	}
}

func TestKeaReservation(t *testing.T) {
	m := parse(t, "../models/25.7/OPNsense/Kea/KeaDhcpv4.xml")
	if m.Mount != "//OPNsense/Kea/dhcp4" {
		t.Errorf("mount = %q", m.Mount)
	}
	res, ok := m.Find("reservations.reservation")
	if !ok || res.Kind != modelxml.List {
		t.Fatalf("reservations.reservation: %v, kind %v, want a list", ok, res.Kind)
	}
	leaves := map[string]*modelxml.Node{}
	for _, l := range res.Leaves() {
		leaves[l.Path] = l.Node
	}
	hw := leaves["hw_address"]
	if hw == nil || hw.Type != "MacAddressField" || !hw.Field.Required {
		t.Fatalf("hw_address = %+v", hw)
	}
	c := hw.Field.Constraints[0]
	if c.Type != "UniqueConstraint" || !c.CaseInsensitive || !slices.Equal(c.AddFields, []string{"subnet"}) || c.Message != "Duplicate entry exists." {
		t.Errorf("hw_address constraint = %+v", c)
	}
	sub := leaves["subnet"]
	if sub.Field.Relation == nil || sub.Field.Relation.Items != "subnets.subnet4" || sub.Field.Relation.Display != "subnet" {
		t.Errorf("subnet relation = %+v", sub.Field.Relation)
	}
	if r := leaves["option_data.routers"]; r == nil || !r.Field.AsList || r.Field.Params["addressfamily"] != "ipv4" {
		t.Errorf("option_data.routers = %+v", r)
	}
}

func TestCustomListsAndOptions(t *testing.T) {
	m := parse(t, "../models/25.7/OPNsense/Firewall/Filter.xml")
	rule, ok := m.Find("rules.rule")
	if !ok || rule.Kind != modelxml.List || rule.Type != `.\FilterRuleField` {
		t.Fatalf("rules.rule is not read as a list: %+v", rule)
	}
	var action, sortOrder *modelxml.Node
	for _, l := range rule.Leaves() {
		switch l.Path {
		case "action":
			action = l.Node
		case "sort_order":
			sortOrder = l.Node
		}
	}
	var keys []string
	for _, o := range action.Field.Options {
		keys = append(keys, o.Key)
	}
	if !slices.Equal(keys, []string{"pass", "block", "reject"}) || action.Field.Default != "pass" {
		t.Errorf("action options %v, default %q", keys, action.Field.Default)
	}
	if !sortOrder.Field.Volatile {
		t.Error("sort_order is not volatile")
	}
}

func TestParseRefuses(t *testing.T) {
	for _, src := range []string{"", "<notamodel/>", "<model><mount>x</mount></model>", "<model><items><a type=\"IntegerField\"><MinimumValue>x</MinimumValue></a></items></model>"} {
		if _, err := modelxml.Parse(strings.NewReader(src)); err == nil {
			t.Errorf("Parse(%q) = nil error", src)
		}
	}
}

// FuzzParse: no input makes the model parser panic or loop.
func FuzzParse(f *testing.F) {
	data, _ := os.ReadFile("../models/25.7/OPNsense/Tftp/General.xml")
	f.Add(data)
	f.Add([]byte(`<model><items><a type="ArrayField"><b type="OptionField"><OptionValues><g><x value="1">one</x></g></OptionValues></b></a></items></model>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := modelxml.Parse(strings.NewReader(string(data)))
		if err == nil {
			_ = m.Items.Leaves()
		}
	})
}
