package report

import (
	"bytes"
	"strings"
	"testing"
)

func TestFleetReport(t *testing.T) {
	doc := func(ageB, roleA string) string {
		return `{"apiVersion":"harmony/v1","kind":"FleetStatus","metadata":{"name":"f"},"fleet":"f",
  "sites":[{"site":"a","age":"0s","services":{"orders":{"role":"` + roleA + `"}}},
           {"site":"b","age":"` + ageB + `","services":{"orders":{"role":"standby"}}},
           {"site":"w","witness":true,"error":"no heartbeat yet"}],
  "services":[{"service":"orders","primary":"a","since":"2026-12-01T12:00:00Z","reason":"first primary","events":[{}]}]}`
	}
	tests := []struct {
		name, doc string
		bad       bool
		want      []string
	}{
		{"whole but the witness", doc("200ms", "primary"), true, []string{"orders   a", "site w: no heartbeat yet", "1 to look at"}},
		{"a silent site", doc("12s", "primary"), true, []string{"site b: silent for 12s"}},
		{"a fenced primary", doc("0s", "fenced"), true, []string{"service orders: its primary a is fenced"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			bad, err := fleetReport([]byte(tc.doc), "table", &out)
			if err != nil || bad != tc.bad {
				t.Fatalf("fleetReport = %v, %v\n%s", bad, err, out.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("no %q in\n%s", w, out.String())
				}
			}
		})
	}
	var prom bytes.Buffer
	if _, err := fleetReport([]byte(doc("1.5s", "primary")), "prometheus", &prom); err != nil ||
		!strings.Contains(prom.String(), `harmony_fleet_heartbeat_age_seconds{fleet="f",site="b"} 1.5`) ||
		!strings.Contains(prom.String(), `harmony_fleet_primary_changes{fleet="f",service="orders"} 1`) {
		t.Errorf("prometheus: %v\n%s", err, prom.String())
	}
}
