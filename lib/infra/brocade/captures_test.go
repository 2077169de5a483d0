package brocade

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The real captures the simulator is checked against
// (brocadetest/testdata/ntc-templates, Apache-2.0): harmony-switch's own
// parsers read them as ntc-templates' records say they hold.
const captures = "brocadetest/testdata/ntc-templates/tests"

// ymlValues lists one field's values in a capture's .yml, in order.
func ymlValues(t *testing.T, raw, field string) []string {
	t.Helper()
	b, err := os.ReadFile(strings.TrimSuffix(raw, ".raw") + ".yml")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	re := regexp.MustCompile(`(?m)^\s*-?\s*` + field + `:\s*"?([^"\n]*)"?\s*$`)
	for _, m := range re.FindAllStringSubmatch(string(b), -1) {
		out = append(out, m[1])
	}
	return out
}

func globCaptures(t *testing.T, command string) []string {
	t.Helper()
	raws, _ := filepath.Glob(filepath.Join(captures, "*", command, "*.raw"))
	if len(raws) == 0 {
		t.Fatalf("no %s captures under %s", command, captures)
	}
	return raws
}

func readCapture(t *testing.T, raw string) string {
	t.Helper()
	b, err := os.ReadFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParsersReadTheCaptures(t *testing.T) {
	for _, raw := range globCaptures(t, "show_lldp_neighbors_detail") {
		ns, err := ParseLLDP(readCapture(t, raw))
		want := ymlValues(t, raw, "local_interface")
		var got []string
		for _, n := range ns {
			got = append(got, n.Port)
		}
		if err != nil || strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: ParseLLDP ports %v (%v), want %v", raw, got, err, want)
		}
		names, descs := ymlValues(t, raw, "neighbor_name"), ymlValues(t, raw, "neighbor_interface")
		for i, n := range ns {
			if i < len(names) && (n.SystemName != names[i] || n.PortDescription != descs[i]) {
				t.Errorf("%s: neighbour %d is %q %q, want %q %q", raw, i, n.SystemName, n.PortDescription, names[i], descs[i])
			}
		}
	}
	for _, raw := range globCaptures(t, "show_mac-address") {
		es, err := ParseMACTable(readCapture(t, raw))
		want := ymlValues(t, raw, "mac_address")
		if err != nil || len(es) != len(want) {
			t.Errorf("%s: ParseMACTable %d entries (%v), want %d", raw, len(es), err, len(want))
			continue
		}
		for i, e := range es {
			if d, _ := dottedMAC(want[i]); e.MAC != d {
				t.Errorf("%s: entry %d is %s, want %s", raw, i, e.MAC, want[i])
			}
		}
	}
	for _, raw := range globCaptures(t, "show_version") {
		text := readCapture(t, raw)
		m := versionRE.FindStringSubmatch(text)
		if m == nil || !strings.Contains(text, "SW: Version "+m[1]+"."+m[2]+"."+m[3]) {
			t.Errorf("%s: show version's release not found (%v)", raw, m)
		}
	}
}
