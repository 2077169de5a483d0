package opnsense_test

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/apply/conformance"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/opnsense"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/opnsensetest"
)

// applyAll runs steps through lib/apply, as harmony-apply-opnsense does.
func applyAll(t *testing.T, locks string, d *opnsense.Driver, dev domain.Device, steps []domain.Step) *domain.Plan {
	t.Helper()
	tool := &apply.Tool{Name: "harmony-apply-opnsense", Providers: domain.ProvidersOf("harmony-apply-opnsense"), Driver: apply.OpenFunc(d.Open),
		Locks: &apply.Locker{Dir: locks, Wait: 10 * time.Second}}
	p := conformance.PlanOf(t, "lab", []domain.Device{dev}, steps)
	if _, err := tool.Run(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	return p
}

func countStatus(p *domain.Plan, st domain.Status) int {
	n := 0
	for _, s := range p.Steps {
		if s.Outcome != nil && s.Outcome.Status == st {
			n++
		}
	}
	return n
}

func requestsTo(srv *opnsensetest.Server, path string) int {
	n := 0
	for _, r := range srv.Log() {
		if r.Path == path {
			n++
		}
	}
	return n
}

// TestBatchEveryRelease: 60 reservations and 60 host overrides from empty
// are written in one model set per model (ApiMutableModelControllerBase::setAction,
// opnsense/core@<release>:src/opnsense/mvc/app/controllers/OPNsense/Base/ApiMutableModelControllerBase.php)
// on every release and both DHCP backends — a Kea subnet, then a set for
// the reservations and one for the overrides: three config revisions, not
// 121 — and the second run is NOOP with no write.
func TestBatchEveryRelease(t *testing.T) {
	for _, c := range []struct{ release, dhcp string }{{"24.7", "kea"}, {"25.1", "kea"}, {"25.7", "kea"}, {"26.1", "kea"}, {"26.7", "kea"}, {"25.1", "dnsmasq"}, {"25.7", "dnsmasq"}, {"26.1", "dnsmasq"}, {"26.7", "dnsmasq"}} {
		t.Run(c.release+"/"+c.dhcp, func(t *testing.T) {
			srv, d, dev := lab(t, opnsensetest.Options{Release: c.release, DHCP: c.dhcp})
			locks := t.TempDir()
			steps := convergeSteps(60)
			p := applyAll(t, locks, d, dev, steps)
			if n := countStatus(p, domain.Success); n != len(steps) {
				t.Fatalf("first run: %d of %d SUCCESS: %+v", n, len(steps), p.Steps[0].Outcome)
			}
			made, _ := srv.Revisions()
			wantRevisions := 3 // the Kea subnet, the reservations, the overrides
			module, name := "kea/dhcpv4", "reservation"
			if c.dhcp == "dnsmasq" {
				wantRevisions, module, name = 2, "dnsmasq/settings", "host"
			}
			if made != wantRevisions {
				t.Errorf("first run made %d config revisions, want %d", made, wantRevisions)
			}
			for _, kind := range [][2]string{{module, name}, {"unbound/settings", "host_override"}} {
				items := srv.Items(kind[0], kind[1])
				if len(items) != 60 {
					t.Errorf("the firewall holds %d %s, want 60", len(items), kind[1])
				}
				for id, it := range items {
					if !strings.HasPrefix(it["description"]+it["descr"], "harmony:lab bench/") {
						t.Errorf("%s %s has no step marker: %v", kind[1], id, it)
						break
					}
				}
			}
			if u := srv.Unapplied(); len(u) > 0 {
				t.Errorf("after the run %v are written and not reconfigured", u)
			}
			srv.ResetLog()
			p = applyAll(t, locks, d, dev, steps)
			if n := countStatus(p, domain.Noop); n != len(steps) {
				t.Errorf("second run: %d of %d NOOP", n, len(steps))
			}
			if w := opnsensetest.Count(srv.Log()).Writes; w != 0 {
				t.Errorf("second run wrote %d times", w)
			}
		})
	}
}

// TestBatchRefusedFallsBack: a batch the firewall refuses (one new
// reservation takes an address a hand-made one holds: the model's
// UniqueConstraint on ip_address, which no plan can see) saves nothing,
// and each step is then written on its own, so the message lands on the
// step it belongs to and the others converge.
func TestBatchRefusedFallsBack(t *testing.T) {
	srv, d, dev := lab(t, opnsensetest.Options{})
	locks := t.TempDir()
	const subnet = "0b7e2e6e-6c1f-4a8f-9d44-6a3f0c8f2a11"
	srv.Put("kea/dhcpv4", "subnet", subnet, map[string]string{"subnet": "10.10.0.0/16"})
	steps := convergeSteps(10)
	taken := netip.AddrFrom4([4]byte{10, 10, 0, 7}) // convergeSteps' fifth address
	srv.Put("kea/dhcpv4", "reservation", "5d1c7b2e-8f3a-4c1e-9b6d-2a4f8e0c1d3b",
		map[string]string{"subnet": subnet, "ip_address": taken.String(), "hw_address": "52:54:00:ee:ee:ee", "description": "printer"})
	p := applyAll(t, locks, d, dev, steps)
	if n := requestsTo(srv, "/api/kea/dhcpv4/set"); n != 1 {
		t.Errorf("the reservations' batch was sent %d times, want once", n)
	}
	failed := 0
	for _, s := range p.Steps {
		switch {
		case s.Outcome.Status == domain.Failure:
			failed++
			if !strings.Contains(s.Outcome.Message, "Duplicate entry exists") || !strings.Contains(s.ID, "reservation/h0005") {
				t.Errorf("%s: %q, want only h0005's reservation refused as a duplicate", s.ID, s.Outcome.Message)
			}
		case s.Outcome.Status != domain.Success:
			t.Errorf("%s: %s %q, want SUCCESS", s.ID, s.Outcome.Status, s.Outcome.Message)
		}
	}
	if failed != 1 {
		t.Errorf("%d steps failed, want 1", failed)
	}
	if n := len(srv.Items("kea/dhcpv4", "reservation")); n != 10 {
		t.Errorf("the firewall holds %d reservations, want the hand-made one and 9 of ours", n)
	}
}

// TestBatchAnswerLost: a batch that lands while its answer does not
// (configd busy past the client's bound) is never sent again — sent
// again, or its items one by one, it would add every new item twice — so
// its steps fail saying so, and the next run finds what it wrote by their
// marker: NOOP, no duplicate, and the service reconfigured (the journal
// kept the steps, so the next run finishes them).
func TestBatchAnswerLost(t *testing.T) {
	srv, d, dev := lab(t, opnsensetest.Options{})
	locks := t.TempDir()
	d.ApplyTimeout = 300 * time.Millisecond
	srv.Inject(opnsensetest.Fault{Match: "/api/unbound/settings/set", Busy: 800 * time.Millisecond, Times: 1})
	steps := convergeSteps(20)
	p := applyAll(t, locks, d, dev, steps)
	time.Sleep(time.Second) // the busy set has landed by now
	if n := requestsTo(srv, "/api/unbound/settings/set"); n != 1 {
		t.Errorf("the overrides' batch was sent %d times, want once", n)
	}
	if n := requestsTo(srv, "/api/unbound/settings/set_host_override"); n != 0 {
		t.Errorf("after the unanswered batch %d overrides were written one by one", n)
	}
	for _, s := range p.Steps {
		want := domain.Success
		if strings.Contains(s.ID, "a-record") {
			want = domain.Failure
		}
		if s.Outcome.Status != want || want == domain.Failure && !strings.Contains(s.Outcome.Message, "may have saved it") {
			t.Errorf("%s: %s %q, want %s", s.ID, s.Outcome.Status, s.Outcome.Message, want)
		}
	}
	p = applyAll(t, locks, d, dev, steps)
	if n := countStatus(p, domain.Noop); n != len(steps) {
		t.Errorf("second run: %d of %d NOOP", n, len(steps))
	}
	if n := len(srv.Items("unbound/settings", "host_override")); n != 20 {
		t.Errorf("after the second run the firewall holds %d host overrides, want 20", n)
	}
	if u := srv.Unapplied(); len(u) > 0 {
		t.Errorf("after the second run %v are written and not reconfigured", u)
	}
}
