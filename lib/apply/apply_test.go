package apply_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/netip"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/apply/applytest"
	"github.com/nationtech/harmony-go/lib/domain"
)

// testPlan is a plan over two devices the fake drives (a, b) and one it
// does not (o):
//
//	o: pxe-boot/profile/m1
//	a: dhcp-server/reservation/r1
//	a: dns-server/a-record/n1          after r1
//	b: switch/vlan/10                   after n1 (a cross-device dependency)
//	b: switch/lag/h1                    after vlan/10 and o's profile
func testPlan(t *testing.T) *domain.Plan {
	t.Helper()
	site := &domain.Site{APIVersion: domain.APIVersion, Kind: domain.KindSite, Metadata: domain.Metadata{Name: "t"},
		Spec: domain.SiteSpec{Domain: "t.example.net", Devices: []domain.Device{
			{Name: "a", Provider: "fake", Provides: []domain.Capability{domain.DHCPServer, domain.DNSServer}},
			{Name: "b", Provider: "fake", Provides: []domain.Capability{domain.Switch}},
			{Name: "o", Provider: "other", Provides: []domain.Capability{domain.PXEBoot}},
		}}}
	inv := &domain.Inventory{APIVersion: domain.APIVersion, Kind: domain.KindInventory, Metadata: domain.Metadata{Name: "t"}}
	f, err := domain.NewFacts(site, inv)
	if err != nil {
		t.Fatal(err)
	}
	b := domain.StepBuilder{Score: "s"}
	prof := b.Ensure(domain.PXEBoot, "o", domain.TypeProfile, "m1", domain.PXEProfile{Host: "h1"})
	r1 := b.Ensure(domain.DHCPServer, "a", domain.TypeReservation, "r1",
		domain.Reservation{IP: netip.MustParseAddr("10.0.0.5"), Hostname: "r1"})
	n1 := b.Ensure(domain.DNSServer, "a", domain.TypeARecord, "n1", domain.DNSRecord{Name: "n1", Type: "A", Value: "10.0.0.5"}, r1)
	vlan := b.Ensure(domain.Switch, "b", domain.TypeVLAN, "10", domain.VLAN{ID: 10}, n1)
	b.Ensure(domain.Switch, "b", domain.TypeLAG, "h1", domain.LAG{Ports: []string{"1/1/1", "1/1/2"}}, vlan, prof)
	steps, err := b.Steps()
	if err != nil {
		t.Fatal(err)
	}
	p, err := domain.NewPlan(f, steps)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	idProfile = "s/pxe-boot/o/profile/m1"
	idR1      = "s/dhcp-server/a/reservation/r1"
	idN1      = "s/dns-server/a/a-record/n1"
	idVLAN    = "s/switch/b/vlan/10"
	idLAG     = "s/switch/b/lag/h1"
)

func newTool(f *applytest.Fake) *apply.Tool {
	return &apply.Tool{Name: "fake-tool", Providers: []domain.Provider{{Name: "fake", Tool: "fake-tool",
		Types: []string{"dhcp-server/reservation", "dns-server/a-record", "switch/vlan", "switch/lag"}}}, Driver: f}
}

func statuses(p *domain.Plan) map[string]domain.Status {
	out := map[string]domain.Status{}
	for _, s := range p.Steps {
		if s.Outcome != nil {
			out[s.ID] = s.Outcome.Status
		}
	}
	return out
}

func step(p *domain.Plan, id string) *domain.Step {
	for i := range p.Steps {
		if p.Steps[i].ID == id {
			return &p.Steps[i]
		}
	}
	return nil
}

// withOutcome marks o's step as run by another tool.
func withOutcome(p *domain.Plan, id string, st domain.Status) *domain.Plan {
	step(p, id).Outcome = &domain.Outcome{Status: st, Tool: "other-tool"}
	return p
}

func TestRunStatuses(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name  string
		prep  func(*domain.Plan) *domain.Plan
		fake  *applytest.Fake
		dry   bool
		want  map[string]domain.Status
		wrote int // writes the fake devices saw
	}{
		{
			name:  "a dependency no tool has run yet queues the step",
			prep:  func(p *domain.Plan) *domain.Plan { return p },
			want:  map[string]domain.Status{idR1: domain.Success, idN1: domain.Success, idVLAN: domain.Success, idLAG: domain.Queued},
			wrote: 3,
		},
		{
			name:  "a dependency another tool finished lets the step run",
			prep:  func(p *domain.Plan) *domain.Plan { return withOutcome(p, idProfile, domain.Noop) },
			want:  map[string]domain.Status{idProfile: domain.Noop, idR1: domain.Success, idN1: domain.Success, idVLAN: domain.Success, idLAG: domain.Success},
			wrote: 4,
		},
		{
			name:  "a dependency another tool failed blocks the step",
			prep:  func(p *domain.Plan) *domain.Plan { return withOutcome(p, idProfile, domain.Failure) },
			want:  map[string]domain.Status{idProfile: domain.Failure, idR1: domain.Success, idN1: domain.Success, idVLAN: domain.Success, idLAG: domain.Blocked},
			wrote: 3,
		},
		{
			name:  "a failed step blocks what waits for it, across devices",
			prep:  func(p *domain.Plan) *domain.Plan { return withOutcome(p, idProfile, domain.Noop) },
			fake:  &applytest.Fake{FailStep: map[string]error{idR1: boom}},
			want:  map[string]domain.Status{idProfile: domain.Noop, idR1: domain.Failure, idN1: domain.Blocked, idVLAN: domain.Blocked, idLAG: domain.Blocked},
			wrote: 0,
		},
		{
			name:  "a device that cannot be opened fails its steps only",
			prep:  func(p *domain.Plan) *domain.Plan { return withOutcome(p, idProfile, domain.Noop) },
			fake:  &applytest.Fake{FailOpen: map[string]error{"b": boom}},
			want:  map[string]domain.Status{idProfile: domain.Noop, idR1: domain.Success, idN1: domain.Success, idVLAN: domain.Failure, idLAG: domain.Blocked},
			wrote: 2,
		},
		{
			name:  "a device that does not take the changes fails them and blocks what waits",
			prep:  func(p *domain.Plan) *domain.Plan { return withOutcome(p, idProfile, domain.Noop) },
			fake:  &applytest.Fake{FailCommit: map[string]error{"a": boom}},
			want:  map[string]domain.Status{idProfile: domain.Noop, idR1: domain.Failure, idN1: domain.Failure, idVLAN: domain.Blocked, idLAG: domain.Blocked},
			wrote: 0,
		},
		{
			name:  "a running step queues what waits for it",
			prep:  func(p *domain.Plan) *domain.Plan { return withOutcome(p, idProfile, domain.Noop) },
			fake:  &applytest.Fake{Running: map[string]bool{idN1: true}},
			want:  map[string]domain.Status{idProfile: domain.Noop, idR1: domain.Success, idN1: domain.Running, idVLAN: domain.Queued, idLAG: domain.Queued},
			wrote: 2,
		},
		{
			name:  "a dry run computes changes and writes nothing",
			prep:  func(p *domain.Plan) *domain.Plan { return withOutcome(p, idProfile, domain.Noop) },
			dry:   true,
			want:  map[string]domain.Status{idProfile: domain.Noop, idR1: domain.Success, idN1: domain.Success, idVLAN: domain.Success, idLAG: domain.Success},
			wrote: 0,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.prep(testPlan(t))
			fake := tc.fake
			if fake == nil {
				fake = &applytest.Fake{}
			}
			tool := newTool(fake)
			tool.DryRun = tc.dry
			if _, err := tool.Run(context.Background(), p); err != nil {
				t.Fatal(err)
			}
			got := statuses(p)
			for id, want := range tc.want {
				if got[id] != want {
					t.Errorf("%s: status %s, want %s (%s)", id, got[id], want, step(p, id).Outcome.Message)
				}
			}
			wrote := len(fake.Device("a").Writes) + len(fake.Device("b").Writes)
			if wrote != tc.wrote {
				t.Errorf("devices saw %d writes, want %d", wrote, tc.wrote)
			}
			for _, s := range p.Steps {
				if s.Outcome != nil && s.Outcome.Tool == "fake-tool" && s.Outcome.DryRun != tc.dry {
					t.Errorf("%s: dryRun = %v, want %v", s.ID, s.Outcome.DryRun, tc.dry)
				}
			}
		})
	}
}

// TestPassThrough checks that steps the tool does not own leave it
// byte for byte as they came.
func TestPassThrough(t *testing.T) {
	p := withOutcome(testPlan(t), idProfile, domain.Queued)
	before, _ := json.Marshal(step(p, idProfile))
	if _, err := newTool(&applytest.Fake{}).Run(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	after, _ := json.Marshal(step(p, idProfile))
	if !bytes.Equal(before, after) {
		t.Errorf("step of another provider changed:\n%s\n%s", before, after)
	}
}

// TestSecondRunNoop checks idempotency through the contract: a second run
// is all NOOP and the devices see no write.
func TestSecondRunNoop(t *testing.T) {
	fake := &applytest.Fake{}
	tool := newTool(fake)
	if _, err := tool.Run(context.Background(), withOutcome(testPlan(t), idProfile, domain.Noop)); err != nil {
		t.Fatal(err)
	}
	writes := len(fake.Device("a").Writes) + len(fake.Device("b").Writes)
	p := withOutcome(testPlan(t), idProfile, domain.Noop)
	res, err := tool.Run(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range p.Steps {
		if s.Target != "o" && s.Outcome.Status != domain.Noop {
			t.Errorf("second run: %s is %s, want NOOP", s.ID, s.Outcome.Status)
		}
	}
	if again := len(fake.Device("a").Writes) + len(fake.Device("b").Writes); again != writes {
		t.Errorf("second run wrote %d times, want 0", again-writes)
	}
	if res.Owned != 4 || res.Failed != 0 {
		t.Errorf("Run() = %+v, want 4 owned, 0 failed", res)
	}
}

// TestOrder checks that a step runs after the steps it waits for, even
// on another device.
func TestOrder(t *testing.T) {
	for range 20 {
		fake := &applytest.Fake{}
		if _, err := newTool(fake).Run(context.Background(), withOutcome(testPlan(t), idProfile, domain.Noop)); err != nil {
			t.Fatal(err)
		}
		if got, want := fake.Order(), []string{idR1, idN1, idVLAN, idLAG}; !slices.Equal(got, want) {
			t.Fatalf("applied in order %v, want %v", got, want)
		}
	}
}

// TestRefused checks that a plan asking the tool for what it must not do
// is refused before any device is opened.
func TestRefused(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*domain.Plan, *apply.Tool)
		wantMsg string
	}{
		{"a step whose target does not declare its capability", func(p *domain.Plan, _ *apply.Tool) {
			p.Site.Devices[0].Provides = []domain.Capability{domain.DHCPServer}
		}, "targets a, which does not declare dns-server"},
		{"a capability the tool cannot provide", func(_ *domain.Plan, t *apply.Tool) {
			t.Providers[0].Types = []string{"dhcp-server/reservation", "dns-server/a-record"}
		}, "fake-tool cannot provide switch on b (fake)"},
		{"a resource type the tool does not drive", func(_ *domain.Plan, t *apply.Tool) {
			t.Providers[0].Types = []string{"dhcp-server/reservation", "dns-server/a-record", "switch/vlan"}
		}, "fake-tool does not drive switch lag on fake devices (it drives vlan)"},
		{"an action the resource type does not take", func(p *domain.Plan, t *apply.Tool) {
			t.Providers[0].Types = append(t.Providers[0].Types, "power-control/power")
			p.Site.Devices[1].Provides = append(p.Site.Devices[1].Provides, domain.PowerControl)
			p.Steps = append(p.Steps, domain.Step{ID: "s/power-control/b/power/h1", Score: "s", Capability: domain.PowerControl,
				Target: "b", Action: domain.Absent, Resource: domain.Resource{Type: "power", Name: "h1", Spec: []byte(`{}`)}})
		}, "power-control power cannot be absent"},
		{"a device of another provider", func(_ *domain.Plan, t *apply.Tool) {
			t.Devices = []string{"o"}
		}, "device o is a other device"},
		{"an unknown device", func(_ *domain.Plan, t *apply.Tool) {
			t.Devices = []string{"zz"}
		}, `device "zz" is not in the plan's site`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := &applytest.Fake{FailOpen: map[string]error{}}
			p := testPlan(t)
			tool := newTool(fake)
			tc.edit(p, tool)
			_, err := tool.Run(context.Background(), p)
			var re *apply.RefusedError
			if !errors.As(err, &re) || !strings.Contains(err.Error(), tc.wantMsg) {
				t.Fatalf("Run() = %v, want a refusal containing %q", err, tc.wantMsg)
			}
			if len(fake.Order()) != 0 {
				t.Errorf("refused run touched steps %v", fake.Order())
			}
			for _, s := range p.Steps {
				if s.Outcome != nil {
					t.Errorf("refused run set an outcome on %s", s.ID)
				}
			}
		})
	}
}

// TestLock checks that a second run on a locked device fails its steps
// instead of interleaving, and that the lock is released after a run.
func TestLock(t *testing.T) {
	locks := &apply.Locker{Dir: t.TempDir(), Wait: 100 * time.Millisecond}
	release, err := locks.Lock(context.Background(), "t", "a")
	if err != nil {
		t.Fatal(err)
	}
	fake := &applytest.Fake{}
	tool := newTool(fake)
	tool.Locks = locks
	p := withOutcome(testPlan(t), idProfile, domain.Noop)
	if _, err := tool.Run(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	if o := step(p, idR1).Outcome; o.Status != domain.Failure || !strings.Contains(o.Message, "another harmony run (pid "+strconv.Itoa(os.Getpid())+" on "+host+", user ") {
		t.Errorf("locked device: %s %q, want FAILURE naming the other run, its host and user", o.Status, o.Message)
	}
	if o := step(p, idVLAN).Outcome; o.Status != domain.Blocked {
		t.Errorf("step after the locked device: %s, want BLOCKED", o.Status)
	}
	release()
	p = withOutcome(testPlan(t), idProfile, domain.Noop)
	if _, err := tool.Run(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	if o := step(p, idR1).Outcome; o.Status != domain.Success {
		t.Errorf("after release: %s %q, want SUCCESS", o.Status, o.Message)
	}
}

func TestProgress(t *testing.T) {
	var seen []int
	tool := newTool(&applytest.Fake{})
	tool.Progress = func(_ string, done, total int) {
		if total != 4 {
			t.Errorf("total = %d, want 4", total)
		}
		seen = append(seen, done)
	}
	if _, err := tool.Run(context.Background(), withOutcome(testPlan(t), idProfile, domain.Noop)); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(seen, []int{1, 2, 3, 4}) {
		t.Errorf("progress = %v, want 1..4", seen)
	}
}

// TestParallelSteps: a device whose steps run at once still honours the
// order its steps ask for.
func TestParallelSteps(t *testing.T) {
	for range 10 {
		fake := &applytest.Fake{}
		tool := newTool(fake)
		tool.ParallelSteps = true
		p := withOutcome(testPlan(t), idProfile, domain.Noop)
		if _, err := tool.Run(context.Background(), p); err != nil {
			t.Fatal(err)
		}
		order := fake.Order()
		pos := map[string]int{}
		for i, id := range order {
			pos[id] = i
		}
		if len(order) != 4 || pos[idR1] > pos[idN1] || pos[idN1] > pos[idVLAN] || pos[idVLAN] > pos[idLAG] {
			t.Fatalf("order %v breaks the dependencies", order)
		}
	}
}

type concreteSession struct{}

func (*concreteSession) Apply(context.Context, domain.Step, bool) domain.Outcome {
	return domain.Outcome{}
}
func (*concreteSession) Commit(context.Context) error { return nil }
func (*concreteSession) Close() error                 { return nil }

// TestOpenFuncNoTypedNil: an adapter's failed Open must reach the tool as
// a nil Session, or the tool would call Close on a nil pointer.
func TestOpenFuncNoTypedNil(t *testing.T) {
	failing := func(context.Context, domain.Device) (*concreteSession, error) { return nil, errors.New("refused") }
	s, err := apply.OpenFunc(failing).Open(context.Background(), domain.Device{Name: "d"})
	if err == nil || s != nil {
		t.Errorf("Open() = %#v, %v; want a nil Session and the error", s, err)
	}
}

// TestSelect: steps on the tool's devices that Select turns down pass
// through untouched, as another provider's do; a Select error refuses the
// plan before anything is touched.
func TestSelect(t *testing.T) {
	fake := &applytest.Fake{}
	tool := newTool(fake)
	tool.Select = func(s domain.Step) (bool, error) { return s.Target == "a", nil }
	p := testPlan(t)
	before, _ := json.Marshal(step(p, idVLAN))
	res, err := tool.Run(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := json.Marshal(step(p, idVLAN)); !bytes.Equal(before, after) {
		t.Errorf("a step Select turned down changed:\n%s\n%s", before, after)
	}
	if got := statuses(p); res.Owned != 2 || got[idR1] != domain.Success || got[idN1] != domain.Success || len(got) != 2 {
		t.Errorf("Run() = %+v, outcomes %v; want r1 and n1 SUCCESS, nothing else run", res, got)
	}
	if len(fake.Device("b").Writes) != 0 {
		t.Errorf("device b was written: %v", fake.Device("b").Writes)
	}

	tool.Select = func(domain.Step) (bool, error) { return false, errors.New("spec.host is missing") }
	_, err = tool.Run(context.Background(), testPlan(t))
	var re *apply.RefusedError
	if !errors.As(err, &re) || !strings.Contains(re.Error(), "spec.host is missing") {
		t.Errorf("a Select error gave %v, want a RefusedError naming it", err)
	}
}

// silentSession stops answering at its first step.
type silentSession struct {
	concreteSession
	applied int
	silent  error
}

func (s *silentSession) Apply(context.Context, domain.Step, bool) domain.Outcome {
	s.applied++
	s.silent = errors.New("stopped answering (no answer within 1s, after 3 attempts)")
	return domain.Outcome{Status: domain.Failure, Message: "no answer within 1s"}
}
func (s *silentSession) Silent() error { return s.silent }

// TestSilentDevice: once a device's session says it stopped answering,
// its remaining steps fail at once, not tried, naming the device.
func TestSilentDevice(t *testing.T) {
	sess := &silentSession{}
	tool := &apply.Tool{Name: "fake-tool", Providers: []domain.Provider{{Name: "fake", Tool: "fake-tool",
		Types: []string{"dhcp-server/reservation", "dns-server/a-record", "switch/vlan", "switch/lag"}}},
		Driver: apply.DriverFunc(func(_ context.Context, dev domain.Device) (apply.Session, error) {
			if dev.Name == "a" {
				return sess, nil
			}
			return &concreteSession{}, nil
		})}
	p := testPlan(t)
	// Three steps on a that wait for nothing: each would be tried.
	b := domain.StepBuilder{Score: "s"}
	for _, h := range []string{"r7", "r8", "r9"} {
		b.Ensure(domain.DHCPServer, "a", domain.TypeReservation, h, domain.Reservation{IP: netip.MustParseAddr("10.0.0.7"), Hostname: h})
	}
	steps, err := b.Steps()
	if err != nil {
		t.Fatal(err)
	}
	p.Steps = steps
	if _, err := tool.Run(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	if sess.applied != 1 {
		t.Errorf("the silent device was asked %d times", sess.applied)
	}
	for _, id := range []string{"s/dhcp-server/a/reservation/r8", "s/dhcp-server/a/reservation/r9"} {
		if o := step(p, id).Outcome; o.Status != domain.Failure || !strings.Contains(o.Message, "not tried: a stopped answering") {
			t.Errorf("%s: %+v", id, o)
		}
	}
}

// slowSession takes its time over every step.
type slowSession struct{ concreteSession }

func (*slowSession) Apply(ctx context.Context, _ domain.Step, _ bool) domain.Outcome {
	select {
	case <-time.After(120 * time.Millisecond):
	case <-ctx.Done():
	}
	return domain.Outcome{Status: domain.Noop}
}

// TestWaitingAndRunTimeout: a call still out is reported every
// heartbeat, naming the device and the step; a run whose context ends
// with a cause marks the steps it did not run with that cause, not as an
// interruption.
func TestWaitingAndRunTimeout(t *testing.T) {
	var mu sync.Mutex
	var heard []string
	tool := &apply.Tool{Name: "fake-tool", Providers: []domain.Provider{{Name: "fake", Tool: "fake-tool",
		Types: []string{"dhcp-server/reservation", "dns-server/a-record", "switch/vlan", "switch/lag"}}},
		Driver:    apply.DriverFunc(func(context.Context, domain.Device) (apply.Session, error) { return &slowSession{}, nil }),
		Heartbeat: 50 * time.Millisecond, Parallel: 1,
		Waiting: func(device, what string, waited time.Duration) {
			mu.Lock()
			defer mu.Unlock()
			heard = append(heard, device+": "+what)
		}}
	p := testPlan(t)
	ctx, cancel := context.WithTimeoutCause(context.Background(), 200*time.Millisecond, errors.New("the run's time was up (--run-timeout 200ms)"))
	defer cancel()
	res, err := tool.Run(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(heard) == 0 || !slices.Contains(heard, "a: step "+idR1) {
		t.Errorf("heard %q", heard)
	}
	// The steps it did not reach have no outcome, and are not FAILURE.
	var none int
	for _, s := range p.Steps {
		if s.Outcome == nil && s.Target != "o" {
			none++
		}
	}
	if none == 0 || res.NotRun != none || res.NotRunWhy != "the run's time was up (--run-timeout 200ms)" || res.Failed != 0 {
		t.Errorf("%d steps without an outcome; result %+v; %v", none, res, statuses(p))
	}
}
