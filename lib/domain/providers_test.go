package domain_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/lib/domain"
)

// TestRegistry keeps the provider registry whole: every type a provider
// names is a resource type of that capability, each provider is named
// once, and every resource type is driven by some provider.
func TestRegistry(t *testing.T) {
	driven := map[string]bool{}
	seen := map[string]bool{}
	for _, p := range domain.Providers() {
		if seen[p.Name] {
			t.Errorf("provider %s is listed twice", p.Name)
		}
		seen[p.Name] = true
		if p.Tool == "" || len(p.Types) == 0 {
			t.Errorf("provider %s names no tool or no types", p.Name)
		}
		for _, typ := range p.Types {
			c, name, _ := strings.Cut(typ, "/")
			if _, ok := domain.LookupResourceType(domain.Capability(c), name); !ok {
				t.Errorf("provider %s drives %s, which is not a resource type", p.Name, typ)
			}
			driven[typ] = true
		}
	}
	for _, rt := range domain.ResourceTypes() {
		if !rt.Capability.Known() {
			t.Errorf("resource type %s has unknown capability %s", rt.Name, rt.Capability)
		}
		if k := string(rt.Capability) + "/" + rt.Name; !driven[k] {
			t.Errorf("no provider drives %s", k)
		}
	}
	op, _ := domain.LookupProvider("opnsense")
	tests := []struct {
		c      domain.Capability
		typ    string
		action domain.Action
		want   string
	}{
		{domain.DNSServer, domain.TypeARecord, domain.Absent, ""},
		{domain.DHCPServer, domain.TypeNetBoot, domain.Ensure, "harmony-apply-opnsense does not drive dhcp-server netboot on opnsense devices (it drives reservation)"},
		{domain.Switch, domain.TypeVLAN, domain.Ensure, "harmony-apply-opnsense does not drive switch on opnsense devices"},
	}
	for _, tc := range tests {
		err := op.Drives(tc.c, tc.typ, tc.action)
		if got := ""; err != nil {
			got = err.Error()
			if got != tc.want {
				t.Errorf("Drives(%s, %s, %s) = %q, want %q", tc.c, tc.typ, tc.action, got, tc.want)
			}
		} else if tc.want != "" {
			t.Errorf("Drives(%s, %s, %s) = nil, want %q", tc.c, tc.typ, tc.action, tc.want)
		}
	}
	ipmi, _ := domain.LookupProvider("ipmi")
	if err := ipmi.Drives(domain.PowerControl, domain.TypePower, domain.Absent); err == nil || !strings.Contains(err.Error(), "cannot be absent") {
		t.Errorf("absent power: %v", err)
	}
	if !slices.Equal(ipmi.Capabilities(), []domain.Capability{domain.PowerControl}) {
		t.Errorf("ipmi provides %v", ipmi.Capabilities())
	}
}

// TestRemove: a Score's steps made absent keep their order; a setting
// (power, boot device) cannot be absent.
func TestRemove(t *testing.T) {
	in := steps(t, [3]string{"a-record", "a", ""}, [3]string{"a-record", "b", "s/dns-server/fw1/a-record/a"})
	out, err := domain.Remove(in)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range out {
		if s.Action != domain.Absent || !slices.Equal(s.After, in[i].After) {
			t.Errorf("Remove: step %s is %s after %v", s.ID, s.Action, s.After)
		}
	}
	if in[0].Action != domain.Ensure {
		t.Error("Remove changed its input")
	}
	pw, _ := domain.NewStep("p", domain.PowerControl, "bmc", domain.TypePower, "h", domain.Power{Host: "h", State: "on"})
	if _, err := domain.Remove([]domain.Step{pw}); err == nil || !strings.Contains(err.Error(), "cannot be absent") {
		t.Errorf("Remove(power) = %v", err)
	}
}

// TestValidateOrder: a plan read back whose step comes before a step it
// waits for is refused, naming both and the JSON path.
func TestValidateOrder(t *testing.T) {
	f, _ := domain.NewFacts(site(), inventory())
	p, err := domain.NewPlan(f, steps(t, [3]string{"a-record", "a", ""}, [3]string{"a-record", "b", "s/dns-server/fw1/a-record/a"}))
	if err != nil {
		t.Fatal(err)
	}
	p.Steps[0], p.Steps[1] = p.Steps[1], p.Steps[0]
	var buf bytes.Buffer
	if err := p.Encode(&buf, true); err != nil {
		t.Fatal(err)
	}
	_, err = domain.DecodePlan(buf.Bytes())
	want := "step s/dns-server/fw1/a-record/b waits for s/dns-server/fw1/a-record/a, which comes after it in the plan (steps[1])"
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "steps[0].after[0]") {
		t.Errorf("DecodePlan(out of order) = %v, want %q at steps[0].after[0]", err, want)
	}
}
