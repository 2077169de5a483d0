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
		{domain.HostNetwork, "bond", domain.Ensure, "harmony-apply-opnsense does not drive host-network on opnsense devices"},
		{domain.DHCPServer, domain.TypeNetBoot, domain.Ensure, ""},
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

// TestCheckSpec: a plan read back is checked as strictly as its inputs:
// numbers in range, known enumerations, no control characters, bounded
// text; the error names the field.
func TestCheckSpec(t *testing.T) {
	step := func(c domain.Capability, typ, spec string) domain.Step {
		return domain.Step{ID: "s/x", Capability: c, Resource: domain.Resource{Type: typ, Name: "x", Spec: []byte(spec)}}
	}
	for _, tc := range []struct {
		name string
		s    domain.Step
		want string // "" for no error
	}{
		{"a rule", step(domain.Firewall, domain.TypeRule, `{"action":"pass","interface":"lan","network":{"name":"lan","cidr":"10.0.0.0/24"},"protocol":"tcp","source":"10.0.0.0/24","destination":"10.0.0.1/32","ports":[443],"description":"r"}`), ""},
		{"a port of 99999", step(domain.Firewall, domain.TypeRule, `{"action":"pass","interface":"lan","network":{"name":"lan","cidr":"10.0.0.0/24"},"protocol":"tcp","source":"10.0.0.0/24","destination":"10.0.0.1/32","ports":[99999],"description":"r"}`), "ports[0] 99999 is out of range (1 to 65535)"},
		{"a negative port", step(domain.LoadBalancer, domain.TypeFrontend, `{"address":"10.0.0.1","port":-1,"mode":"tcp","backends":[],"healthCheck":{"type":"tcp","intervalSeconds":5}}`), "port -1 is out of range"},
		{"VLAN 5000", step(domain.Switch, domain.TypeVLAN, `{"id":5000,"name":"x"}`), "id 5000 is out of range (1 to 4094)"},
		{"a bell in a host name", step(domain.DHCPServer, domain.TypeReservation, `{"mac":"52:54:00:aa:00:01","ip":"10.0.0.5","hostname":"cp0\u0007","network":"lan","subnet":"10.0.0.0/24"}`), `hostname "cp0\a" holds a control character`},
		{"an address outside its subnet", step(domain.DHCPServer, domain.TypeReservation, `{"mac":"52:54:00:aa:00:01","ip":"10.9.0.5","hostname":"cp0","network":"lan","subnet":"10.0.0.0/24"}`), "ip 10.9.0.5 is outside subnet 10.0.0.0/24"},
		{"an invalid address", step(domain.DHCPServer, domain.TypeReservation, `{"mac":"52:54:00:aa:00:01","ip":"10.0.0.999","hostname":"cp0","network":"lan","subnet":"10.0.0.0/24"}`), "its reservation spec"},
		{"power cycle", step(domain.PowerControl, domain.TypePower, `{"host":"h","bmc":"10.0.0.9:623","state":"cycle"}`), `state "cycle" is not one of on, off`},
		{"a 5000-byte name", step(domain.Switch, domain.TypeVLAN, `{"id":10,"name":"`+strings.Repeat("a", 5000)+`"}`), "name is 5000 bytes long"},
		{"a manifest keeps its newlines", step(domain.K8sCluster, domain.TypeK8sObject, `{"apiVersion":"v1","kind":"ConfigMap","name":"c","manifest":{"data":{"k":"a\nb"}}}`), ""},
	} {
		err := tc.s.CheckSpec()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}
