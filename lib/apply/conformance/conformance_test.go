package conformance_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/apply/applytest"
	"github.com/nationtech/harmony-go/lib/apply/conformance"
	"github.com/nationtech/harmony-go/lib/domain"
)

// fakePlan is a plan of three DNS records and a reservation on one fake
// device.
func fakePlan(t *testing.T) *domain.Plan {
	t.Helper()
	b := domain.StepBuilder{Score: "s"}
	r1 := b.Ensure(domain.DHCPServer, "a", domain.TypeReservation, "r1", map[string]string{"ip": "10.0.0.5"})
	b.Ensure(domain.DNSServer, "a", domain.TypeARecord, "n1", map[string]string{"value": "10.0.0.5"}, r1)
	b.Ensure(domain.DNSServer, "a", domain.TypeARecord, "n2", map[string]string{"value": "10.0.0.6"})
	b.Ensure(domain.DNSServer, "a", domain.TypeARecord, "n3", map[string]string{"value": "10.0.0.7"})
	steps, err := b.Steps()
	if err != nil {
		t.Fatal(err)
	}
	return conformance.PlanOf(t, "t", []domain.Device{{Name: "a", Provider: "fake", Provides: []domain.Capability{domain.DHCPServer, domain.DNSServer}}}, steps)
}

func key(s domain.Step) string {
	return string(s.Capability) + "/" + s.Resource.Type + "/" + s.Resource.Name
}

// fakePeer plugs applytest's fake device into the suite; broken, when
// set, breaks one promise on purpose.
func fakePeer(t *testing.T, broken string) conformance.Peer {
	fake := &applytest.Fake{}
	var types []string
	for _, rt := range domain.ResourceTypes() {
		types = append(types, string(rt.Capability)+"/"+rt.Name)
	}
	return conformance.Peer{
		Tool: func(*testing.T) *apply.Tool {
			return &apply.Tool{Name: "fake-tool", Providers: []domain.Provider{{Name: "fake", Tool: "fake-tool", Types: types}},
				Driver: breaker{fake, broken}}
		},
		Plan:    fakePlan(t),
		Device:  "a",
		Writes:  func(*testing.T) int { return len(fake.Device("a").Writes) },
		Commits: func(*testing.T) int { return fake.Device("a").Commits },
		Present: func(_ *testing.T, s domain.Step) bool {
			_, ok := fake.Device("a").Resources[key(s)]
			return ok
		},
		Change: func(s domain.Step) (domain.Step, string, bool) {
			if s.Resource.Type != domain.TypeARecord {
				return s, "", false
			}
			s.Resource.Spec = json.RawMessage(`{"value":"10.0.0.99"}`)
			return s, "value", true
		},
		HandMade: func(t *testing.T) func(*testing.T) bool {
			if err := fake.MakeByHand("a", "dns-server/a-record/by-hand", json.RawMessage(`{"value":"10.0.0.200"}`)); err != nil {
				t.Fatal(err)
			}
			return func(*testing.T) bool {
				_, ok := fake.Device("a").Resources["dns-server/a-record/by-hand"]
				return ok
			}
		},
	}
}

func TestFakeConforms(t *testing.T) {
	if b := os.Getenv("HARMONY_CONFORMANCE_BREAK"); b != "" {
		conformance.Run(t, fakePeer(t, b))
		return
	}
	conformance.Run(t, fakePeer(t, ""))
}

// TestSuiteCatchesBrokenAdapters breaks one promise at a time in the fake
// and checks that the suite fails, at the part that proves it.
func TestSuiteCatchesBrokenAdapters(t *testing.T) {
	if os.Getenv("HARMONY_CONFORMANCE_BREAK") != "" {
		t.Skip("inside a broken run")
	}
	for _, tc := range []struct{ broken, part string }{
		{"noop-writes", "second run is NOOP with zero writes"},
		{"dry-run-writes", "dry run reports the field and writes nothing"},
		{"absent-creates", "absent removes and is NOOP after"},
		{"prune-hand-made", "prune removes exactly what the plan dropped"},
		{"prune-ignores-keep", "prune removes exactly what the plan dropped"},
		{"no-finish", "a run killed between writing and committing is finished by the next"},
	} {
		t.Run(tc.broken, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run", "^TestFakeConforms$", "-test.count=1")
			cmd.Env = append(os.Environ(), "HARMONY_CONFORMANCE_BREAK="+tc.broken)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the suite passed an adapter that breaks %s:\n%s", tc.broken, out)
			}
			want := "--- FAIL: TestFakeConforms/" + strings.ReplaceAll(tc.part, " ", "_")
			if !strings.Contains(string(out), want) {
				t.Errorf("breaking %s did not fail %q:\n%s", tc.broken, tc.part, out)
			}
		})
	}
}

// breaker is the fake's driver with one promise broken.
type breaker struct {
	*applytest.Fake
	broken string
}

func (b breaker) Open(ctx context.Context, dev domain.Device) (apply.Session, error) {
	s, err := b.Fake.Open(ctx, dev)
	if err != nil {
		return nil, err
	}
	return &brokenSession{Session: s, p: s.(apply.Pruner), b: b, dev: dev.Name}, nil
}

type brokenSession struct {
	apply.Session
	p   apply.Pruner
	b   breaker
	dev string
}

func (s *brokenSession) Apply(ctx context.Context, step domain.Step, dryRun bool) domain.Outcome {
	switch s.b.broken {
	case "noop-writes":
		out := s.Session.Apply(ctx, step, dryRun)
		if out.Status == domain.Noop && !dryRun {
			s.b.Device(s.dev).Writes = append(s.b.Device(s.dev).Writes, "set x")
		}
		return out
	case "dry-run-writes":
		return s.Session.Apply(ctx, step, false)
	case "absent-creates":
		step.Action = domain.Ensure
	}
	return s.Session.Apply(ctx, step, dryRun)
}

func (s *brokenSession) Finish(ctx context.Context) error {
	if s.b.broken == "no-finish" {
		return nil // says it finished, and had the device take nothing
	}
	return s.Session.(apply.Finisher).Finish(ctx)
}

func (s *brokenSession) Prune(ctx context.Context, keep domain.Keep, dryRun bool) ([]string, error) {
	switch s.b.broken {
	case "prune-hand-made":
		out, err := s.p.Prune(ctx, keep, dryRun)
		if !dryRun {
			delete(s.b.Device(s.dev).Resources, "dns-server/a-record/by-hand")
		}
		return append(out, "by-hand"), err
	case "prune-ignores-keep":
		return s.p.Prune(ctx, domain.NewKeep(nil), dryRun)
	}
	return s.p.Prune(ctx, keep, dryRun)
}
