// Package conformance is the one suite that proves the apply contract's
// promises for every adapter, as restic's backend test suite does for its
// backends: each adapter package plugs its driver, a plan for its real
// peer or simulator, and a few probes of that device into Run, and the
// suite checks, the same way for all of them:
//
//   - the first run converges, and a second run is all NOOP with zero
//     writes seen by the device (counted by the device, not the adapter);
//   - a dry run of a changed step reports exactly that field and writes
//     nothing;
//   - absent removes the step's resource, and is NOOP (zero writes) after;
//   - prune removes exactly the managed objects of steps the plan dropped,
//     never a hand-made one, and a dry-run prune lists exactly them;
//   - a run cut off after step k (for several k), or with a failing step,
//     or with a step still QUEUED, prunes nothing, and a rerun converges;
//   - a step the tool does not drive is refused before a device is opened.
//
// It imports testing and is linked only by tests (a rule test checks that
// no tool links it).
package conformance

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/domain"
)

// Peer is one adapter and the device it drives, as the suite sees them.
type Peer struct {
	// Tool returns the apply tool over the adapter: its name, providers
	// and driver. The suite sets DryRun and Prune itself. It is called
	// once per run, as a command runs once per process.
	Tool func(t *testing.T) *apply.Tool
	// Plan is a plan for the device, which starts with none of its
	// resources. Its steps on Device are the fixtures: two or more, at
	// least one of a removable type.
	Plan *domain.Plan
	// Device is the plan's device under test.
	Device string
	// Writes counts the writes the device has seen so far, by its own
	// log (a request log, a command log, what changed on disk or in the
	// kernel): never the adapter's own counter.
	Writes func(t *testing.T) int
	// Present reports whether the device holds the resource of a step.
	Present func(t *testing.T, step domain.Step) bool
	// Change returns the step with one field of its spec changed, and the
	// name the adapter reports that field's change under (a substring
	// of the Change's Field); ok false when the step has nothing to vary.
	Change func(step domain.Step) (changed domain.Step, field string, ok bool)
	// HandMade makes an object on the device as a person would (the same
	// kind the adapter manages, without its marker) and returns a check
	// that it is still there, unchanged. Nil when the device has no such
	// thing.
	HandMade func(t *testing.T) (stillThere func(t *testing.T) bool)
	// Victim, when set, names the step the suite removes (absent) and
	// drops (prune); by default the last removable step on the device no
	// other step waits for.
	Victim string
	// Commits counts the times the device took what was written (a
	// reconfigure, a write memory, a SIGHUP), by its own log, which may
	// show it a moment after the run returned (awaited up to 5 s); nil
	// for a device that takes every write as it is made (no commit to
	// miss).
	Commits func(t *testing.T) int
	// Names is how the adapter names a step's objects in what it prunes
	// (by default the step's resource name): every object a prune lists
	// must be one of the dropped step's.
	Names func(step domain.Step) string
	// Absent are the steps the absent part removes one at a time (then
	// ensures again): one of each removable type the adapter drives; by
	// default the Victim.
	Absent []string
	// CutPoints are the numbers of steps a run is cut off after; by
	// default 0, 1 and all but one.
	CutPoints []int
}

// Run runs the whole suite against the peer, in order: each part starts
// from the device the previous one left converged.
func Run(t *testing.T, p Peer) {
	t.Helper()
	s := newSuite(t, p)
	steps := []struct {
		name string
		f    func(*testing.T)
	}{
		{"refused before anything is touched", s.refused},
		{"first run converges", s.converge},
		{"second run is NOOP with zero writes", s.noop},
		{"dry run reports the field and writes nothing", s.dryRun},
		{"absent removes and is NOOP after", s.absent},
		{"prune removes exactly what the plan dropped", s.prune},
		{"a run cut off prunes nothing and a rerun converges", s.cutOff},
		{"a failing step prunes nothing", s.failing},
		{"a QUEUED step is kept and prunes nothing", s.queued},
		{"a run killed between writing and committing is finished by the next", s.killed},
	}
	for _, st := range steps {
		if !t.Run(st.name, st.f) {
			t.Fatalf("stopping: %q failed, and the parts after it start from what it leaves", st.name)
		}
	}
}

type suite struct {
	p      Peer
	mine   []domain.Step // the plan's steps on the device
	victim domain.Step
	locks  string // the tool's lock and journal directory
}

func newSuite(t *testing.T, p Peer) *suite {
	t.Helper()
	if err := p.Plan.Validate(); err != nil {
		t.Fatalf("the peer's plan is not valid: %v", err)
	}
	s := &suite{p: p, locks: t.TempDir()}
	waited := map[string]bool{}
	for _, st := range p.Plan.Steps {
		for _, a := range st.After {
			waited[a] = true
		}
		if st.Target == p.Device {
			s.mine = append(s.mine, st)
		}
	}
	if len(s.mine) < 2 {
		t.Fatalf("the peer's plan has %d steps on %s; the suite needs two or more", len(s.mine), p.Device)
	}
	for _, st := range s.mine {
		rt, _ := domain.LookupResourceType(st.Capability, st.Resource.Type)
		switch {
		case p.Victim != "" && st.ID == p.Victim:
			s.victim = st
		case p.Victim == "" && rt.Removable && !waited[st.ID]:
			s.victim = st
		}
	}
	return s
}

// result is one run of the tool.
type result struct {
	plan   *domain.Plan
	res    apply.Result
	err    error
	writes int // what the device saw during the run
	opens  int
}

// options vary a run.
type options struct {
	dryRun, prune bool
	cutAfter      int    // cancel the run once this many steps were applied; -1 never
	fail          string // this step fails without reaching the device
	killCommit    bool   // the run dies at its commit: the device never takes what it wrote
}

func (s *suite) run(t *testing.T, plan *domain.Plan, o options) result {
	t.Helper()
	tool := s.p.Tool(t)
	tool.DryRun, tool.Prune = o.dryRun, o.prune
	if tool.Locks == nil {
		tool.Locks = &apply.Locker{Dir: s.locks, Wait: 10 * time.Second}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := &wrapped{Driver: tool.Driver, cutAfter: o.cutAfter, fail: o.fail, killCommit: o.killCommit, cancel: cancel}
	tool.Driver = w
	before := s.p.Writes(t)
	p := clonePlan(plan)
	res, err := tool.Run(ctx, p)
	return result{plan: p, res: res, err: err, writes: s.p.Writes(t) - before, opens: w.opens}
}

// statuses are the outcomes of the run's steps on the device, by id.
func (s *suite) statuses(r result) map[string]domain.Status {
	out := map[string]domain.Status{}
	for _, st := range r.plan.Steps {
		if st.Target == s.p.Device && st.Outcome != nil {
			out[st.ID] = st.Outcome.Status
		}
	}
	return out
}

func (s *suite) describe(r result) string {
	var b strings.Builder
	for _, st := range r.plan.Steps {
		if st.Target == s.p.Device && st.Outcome != nil {
			fmt.Fprintf(&b, "\n  %s %s: %s %v", st.Outcome.Status, st.ID, st.Outcome.Message, st.Outcome.Changes)
		}
	}
	for _, n := range r.res.Notes {
		fmt.Fprintf(&b, "\n  note: %s", n)
	}
	return b.String()
}

// converged runs the plan and requires every step on the device to end
// SUCCESS or NOOP, or RUNNING (a host booting after its power-on: started,
// and NOOP on the next run).
func (s *suite) converged(t *testing.T, plan *domain.Plan) result {
	t.Helper()
	r := s.run(t, plan, options{cutAfter: -1})
	if r.err != nil {
		t.Fatalf("run refused: %v", r.err)
	}
	for id, st := range s.statuses(r) {
		if !st.Done() && st != domain.Running {
			t.Fatalf("step %s is %s, want SUCCESS or NOOP:%s", id, st, s.describe(r))
		}
	}
	return r
}

func (s *suite) requireNoop(t *testing.T, plan *domain.Plan, what string) {
	t.Helper()
	r := s.converged(t, plan)
	for id, st := range s.statuses(r) {
		if st != domain.Noop {
			t.Errorf("%s: step %s is %s, want NOOP:%s", what, id, st, s.describe(r))
		}
	}
	if r.writes != 0 {
		t.Errorf("%s: the device saw %d writes, want 0:%s", what, r.writes, s.describe(r))
	}
}

func (s *suite) refused(t *testing.T) {
	// A resource type no provider drives, on the device: refused by the
	// tool's declaration, before the device is opened.
	plan := clonePlan(s.p.Plan)
	first := s.mine[0]
	bogus := first
	bogus.Resource = domain.Resource{Type: "conformance-unknown", Name: "x", Spec: []byte(`{}`)}
	bogus.ID = domain.StepID(bogus.Score, bogus.Capability, bogus.Target, bogus.Resource.Type, bogus.Resource.Name)
	bogus.After = nil
	plan.Steps = append(plan.Steps, bogus)
	r := s.run(t, plan, options{cutAfter: -1})
	var re *apply.RefusedError
	if !errors.As(r.err, &re) || re.StepID != bogus.ID {
		t.Errorf("a step of type conformance-unknown: err = %v, want a refusal naming %s", r.err, bogus.ID)
	}
	if r.opens != 0 || r.writes != 0 {
		t.Errorf("refused, yet the tool opened %d devices and the device saw %d writes", r.opens, r.writes)
	}
	// absent on a setting (power, boot device) means nothing: refused.
	for _, st := range s.mine {
		if rt, _ := domain.LookupResourceType(st.Capability, st.Resource.Type); rt.Removable {
			continue
		}
		st.Action = domain.Absent
		r := s.run(t, withStep(s.p.Plan, st), options{cutAfter: -1})
		if !errors.As(r.err, &re) || re.StepID != st.ID || r.opens != 0 || r.writes != 0 {
			t.Errorf("absent %s: err = %v, %d opens, %d writes; want a refusal before anything is opened", st.ID, r.err, r.opens, r.writes)
		}
		break
	}
}

func (s *suite) converge(t *testing.T) {
	r := s.converged(t, s.p.Plan)
	success := 0
	for _, st := range s.statuses(r) {
		if st == domain.Success || st == domain.Running {
			success++
		}
	}
	if success == 0 || r.writes == 0 {
		t.Errorf("from an empty device: %d SUCCESS steps and %d writes, want some of each:%s", success, r.writes, s.describe(r))
	}
	for _, st := range s.mine {
		if !s.p.Present(t, st) {
			t.Errorf("after the run, the device does not hold %s", st.ID)
		}
	}
}

func (s *suite) noop(t *testing.T) { s.requireNoop(t, s.p.Plan, "second run") }

func (s *suite) dryRun(t *testing.T) {
	if s.p.Change == nil {
		t.Skip("the peer varies no step")
	}
	for _, st := range s.mine {
		changed, field, ok := s.p.Change(st)
		if !ok {
			continue
		}
		plan := withStep(s.p.Plan, changed)
		r := s.run(t, plan, options{dryRun: true, cutAfter: -1})
		if r.err != nil {
			t.Fatalf("dry run refused: %v", r.err)
		}
		for _, got := range r.plan.Steps {
			if got.Target != s.p.Device {
				continue
			}
			o := got.Outcome
			switch {
			case o == nil:
				t.Errorf("dry run: step %s has no outcome", got.ID)
			case got.ID == st.ID:
				if o.Status != domain.Success || !o.DryRun {
					t.Errorf("dry run: changed step %s is %s (dryRun %v), want SUCCESS (dryRun true):%s", got.ID, o.Status, o.DryRun, s.describe(r))
				}
				var fields []string
				for _, c := range o.Changes {
					fields = append(fields, c.Field)
				}
				if !slices.ContainsFunc(fields, func(f string) bool { return strings.Contains(f, field) }) {
					t.Errorf("dry run: step %s reports changes %q, want one of field %q", got.ID, fields, field)
				}
			case o.Status != domain.Noop:
				t.Errorf("dry run: unchanged step %s is %s, want NOOP:%s", got.ID, o.Status, s.describe(r))
			}
		}
		if r.writes != 0 {
			t.Errorf("dry run: the device saw %d writes, want 0", r.writes)
		}
		s.requireNoop(t, s.p.Plan, "the plan after a dry run")
		return
	}
	t.Skip("the peer varies no step")
}

func (s *suite) absent(t *testing.T) {
	if s.victim.ID == "" {
		t.Skip("no removable step on the device: absent means nothing for its resource types")
	}
	ids := s.p.Absent
	if len(ids) == 0 {
		ids = []string{s.victim.ID}
	}
	for _, id := range ids {
		i := slices.IndexFunc(s.mine, func(st domain.Step) bool { return st.ID == id })
		if i < 0 {
			t.Fatalf("Peer.Absent names %s, which is not a step on %s", id, s.p.Device)
		}
		t.Run(s.mine[i].Resource.Type+" "+s.mine[i].Resource.Name, func(t *testing.T) { s.absentOne(t, s.mine[i]) })
	}
}

func (s *suite) absentOne(t *testing.T, victim domain.Step) {
	gone := victim
	gone.Action = domain.Absent
	plan := withStep(s.p.Plan, gone)
	r := s.converged(t, plan)
	if st := s.statuses(r)[gone.ID]; st != domain.Success {
		t.Errorf("absent %s is %s, want SUCCESS:%s", gone.ID, st, s.describe(r))
	}
	if r.writes == 0 {
		t.Errorf("absent %s: the device saw no write", gone.ID)
	}
	if s.p.Present(t, victim) {
		t.Errorf("absent %s: the device still holds it", gone.ID)
	}
	for _, st := range s.mine {
		if st.ID != gone.ID && !s.p.Present(t, st) {
			t.Errorf("absent %s: the device lost %s too", gone.ID, st.ID)
		}
	}
	s.requireNoop(t, plan, "absent again")
	// Back to the plan: the resource is made again.
	r = s.converged(t, s.p.Plan)
	if st := s.statuses(r)[gone.ID]; st != domain.Success {
		t.Errorf("ensure after absent: %s is %s, want SUCCESS", gone.ID, st)
	}
	s.requireNoop(t, s.p.Plan, "after absent and ensure")
}

// dropped is the plan without the victim (and without waits on it).
func (s *suite) dropped() *domain.Plan {
	plan := clonePlan(s.p.Plan)
	plan.Steps = slices.DeleteFunc(plan.Steps, func(st domain.Step) bool { return st.ID == s.victim.ID })
	for i := range plan.Steps {
		plan.Steps[i].After = slices.DeleteFunc(slices.Clone(plan.Steps[i].After), func(a string) bool { return a == s.victim.ID })
	}
	return plan
}

func (s *suite) prune(t *testing.T) {
	if s.victim.ID == "" {
		t.Skip("no removable step on the device")
	}
	var handMade func(*testing.T) bool
	if s.p.HandMade != nil {
		handMade = s.p.HandMade(t)
	}
	plan := s.dropped()
	// A dry run lists exactly the dropped step's objects.
	r := s.run(t, plan, options{dryRun: true, prune: true, cutAfter: -1})
	if r.err != nil {
		t.Fatal(r.err)
	}
	notes := pruneNotes(r.res.Notes, s.p.Device)
	if len(notes) == 0 {
		t.Errorf("dry-run prune lists nothing, want the objects of %s:%s", s.victim.ID, s.describe(r))
	}
	name := s.victim.Resource.Name
	if s.p.Names != nil {
		name = s.p.Names(s.victim)
	}
	for _, n := range notes {
		if !strings.Contains(n, "would prune") || !strings.Contains(n, name) {
			t.Errorf("dry-run prune lists %q, which is not an object of %s (%s)", n, s.victim.ID, name)
		}
	}
	if r.writes != 0 {
		t.Errorf("dry-run prune: the device saw %d writes", r.writes)
	}
	if !s.p.Present(t, s.victim) {
		t.Fatalf("dry-run prune removed %s", s.victim.ID)
	}
	// The real one removes them, and nothing else.
	r = s.run(t, plan, options{prune: true, cutAfter: -1})
	if r.err != nil || r.res.Broken {
		t.Fatalf("prune: %v%s", r.err, s.describe(r))
	}
	if got := pruneNotes(r.res.Notes, s.p.Device); len(got) != len(notes) {
		t.Errorf("prune removed %q, the dry run listed %q", got, notes)
	}
	if r.writes == 0 {
		t.Errorf("prune: the device saw no write (was the removal committed?):%s", s.describe(r))
	}
	if s.p.Present(t, s.victim) {
		t.Errorf("prune left %s on the device:%s", s.victim.ID, s.describe(r))
	}
	for _, st := range s.mine {
		if st.ID != s.victim.ID && !s.p.Present(t, st) {
			t.Errorf("prune removed %s, which the plan still has", st.ID)
		}
	}
	if handMade != nil && !handMade(t) {
		t.Errorf("prune touched the hand-made object")
	}
	// Nothing is left to prune, and nothing is written.
	r = s.run(t, plan, options{prune: true, cutAfter: -1})
	if n := pruneNotes(r.res.Notes, s.p.Device); len(n) != 0 || r.writes != 0 {
		t.Errorf("prune again: removed %q with %d writes, want nothing", n, r.writes)
	}
	s.converged(t, s.p.Plan)
	s.requireNoop(t, s.p.Plan, "after prune and the full plan")
	if handMade != nil && !handMade(t) {
		t.Errorf("the hand-made object did not survive the suite's runs")
	}
}

func (s *suite) cutOff(t *testing.T) {
	if s.victim.ID == "" {
		t.Skip("no removable step on the device")
	}
	n := len(s.dropped().Steps)
	cuts := s.p.CutPoints
	if cuts == nil {
		cuts = slices.Compact([]int{0, 1, max(n-1, 1)})
	}
	for _, k := range cuts {
		t.Run(fmt.Sprintf("after %d steps", k), func(t *testing.T) {
			// Work for the run to do before the cut: one step changed.
			plan := s.dropped()
			if s.p.Change != nil {
				for i, st := range plan.Steps {
					if st.Target != s.p.Device {
						continue
					}
					if changed, _, ok := s.p.Change(st); ok {
						plan.Steps[i] = changed
						break
					}
				}
			}
			r := s.run(t, plan, options{prune: true, cutAfter: k})
			if r.err != nil {
				t.Fatal(r.err)
			}
			if n := pruneNotes(r.res.Notes, s.p.Device); len(n) != 0 {
				t.Errorf("cut off after %d steps, the run pruned %q:%s", k, n, s.describe(r))
			}
			if !s.p.Present(t, s.victim) {
				t.Errorf("cut off after %d steps, the run removed %s, which it never reached:%s", k, s.victim.ID, s.describe(r))
			}
			s.converged(t, s.p.Plan)
			s.requireNoop(t, s.p.Plan, "rerun after the cut")
		})
	}
}

func (s *suite) failing(t *testing.T) {
	if s.victim.ID == "" {
		t.Skip("no removable step on the device")
	}
	plan := s.dropped()
	var fail string
	for _, st := range plan.Steps {
		if st.Target == s.p.Device {
			fail = st.ID
		}
	}
	r := s.run(t, plan, options{prune: true, cutAfter: -1, fail: fail})
	if st := s.statuses(r)[fail]; st != domain.Failure {
		t.Fatalf("the injected failure of %s came out %s", fail, st)
	}
	if n := pruneNotes(r.res.Notes, s.p.Device); len(n) != 0 {
		t.Errorf("with a failed step, the run pruned %q", n)
	}
	if !slices.ContainsFunc(r.res.Notes, func(n string) bool { return strings.Contains(n, "not pruned") && strings.Contains(n, fail) }) {
		t.Errorf("no note says why the device was not pruned: %q", r.res.Notes)
	}
	if !s.p.Present(t, s.victim) {
		t.Errorf("with a failed step, the run removed %s", s.victim.ID)
	}
	s.requireNoop(t, s.p.Plan, "rerun after the failure")
}

func (s *suite) queued(t *testing.T) {
	if s.victim.ID == "" {
		t.Skip("no removable step on the device")
	}
	plan := s.dropped()
	// A step on a device no tool here drives, which one of ours waits for:
	// ours is QUEUED.
	var mine *domain.Step
	for i := range plan.Steps {
		if plan.Steps[i].Target == s.p.Device {
			mine = &plan.Steps[i]
		}
	}
	other := domain.Device{Name: "conformance-elsewhere", Provider: "conformance-elsewhere", Provides: []domain.Capability{mine.Capability}}
	plan.Site.Devices = append(plan.Site.Devices, other)
	ext := domain.Step{Score: mine.Score, Capability: mine.Capability, Target: other.Name, Action: domain.Ensure,
		Resource: domain.Resource{Type: mine.Resource.Type, Name: "elsewhere", Spec: mine.Resource.Spec}}
	ext.ID = domain.StepID(ext.Score, ext.Capability, ext.Target, ext.Resource.Type, ext.Resource.Name)
	mine.After = append(slices.Clone(mine.After), ext.ID)
	queuedID := mine.ID
	plan.Steps = append([]domain.Step{ext}, plan.Steps...)
	r := s.run(t, plan, options{prune: true, cutAfter: -1})
	if r.err != nil {
		t.Fatal(r.err)
	}
	if st := s.statuses(r)[queuedID]; st != domain.Queued {
		t.Fatalf("%s waits for a step no tool ran: %s, want QUEUED:%s", queuedID, st, s.describe(r))
	}
	if n := pruneNotes(r.res.Notes, s.p.Device); len(n) != 0 {
		t.Errorf("with a QUEUED step, the run pruned %q", n)
	}
	if !s.p.Present(t, s.victim) || !s.p.Present(t, *mine) {
		t.Errorf("with a QUEUED step, the run removed a resource")
	}
	s.requireNoop(t, s.p.Plan, "rerun after the QUEUED run")
}

// tookWithin says whether the device's count of commits taken rises above
// before within d: a device may take a commit after the run that made it
// has returned (dnsmasq rereads on a SIGHUP when it gets to it).
func (s *suite) tookWithin(t *testing.T, before int, d time.Duration) bool {
	for deadline := time.Now().Add(d); ; time.Sleep(50 * time.Millisecond) {
		if s.p.Commits(t) > before {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

func (s *suite) killed(t *testing.T) {
	if s.p.Change == nil {
		t.Skip("the peer varies no step")
	}
	if s.p.Tool(t).ParallelSteps {
		t.Skip("its sessions commit nothing: every write is taken as it is made")
	}
	var changed domain.Step
	for _, st := range s.mine {
		if c, _, ok := s.p.Change(st); ok {
			changed = c
			break
		}
	}
	if changed.ID == "" {
		t.Skip("the peer varies no step")
	}
	plan := withStep(s.p.Plan, changed)
	r := s.run(t, plan, options{cutAfter: -1, killCommit: true})
	if st := s.statuses(r)[changed.ID]; st == domain.Success || st == domain.Noop {
		t.Fatalf("the run killed at its commit reports %s %s:%s", changed.ID, st, s.describe(r))
	}
	// The next run finds the change written: NOOP, and the device takes
	// what the killed run owed it (counted by the device).
	before := 0
	if s.p.Commits != nil {
		before = s.p.Commits(t)
	}
	r = s.converged(t, plan)
	if st := s.statuses(r)[changed.ID]; st != domain.Noop && st != domain.Success {
		t.Errorf("after the kill, %s is %s", changed.ID, st)
	}
	if s.p.Commits != nil && !s.tookWithin(t, before, 5*time.Second) {
		t.Errorf("the run after the kill never had the device take what the killed run wrote:%s", s.describe(r))
	}
	r = s.converged(t, plan)
	if slices.ContainsFunc(r.res.Notes, func(n string) bool { return strings.Contains(n, "earlier run") }) {
		t.Errorf("a third run still finds earlier work: %q", r.res.Notes)
	}
	s.converged(t, s.p.Plan)
	s.requireNoop(t, s.p.Plan, "after the kill and the plan")
}

// pruneNotes are the notes that say an object of the device was (or
// would be) pruned.
func pruneNotes(notes []string, device string) []string {
	var out []string
	for _, n := range notes {
		if strings.HasPrefix(n, device+": pruned ") || strings.HasPrefix(n, device+": would prune ") {
			out = append(out, n)
		}
	}
	return out
}

func clonePlan(p *domain.Plan) *domain.Plan {
	c := *p
	c.Site.Devices = slices.Clone(p.Site.Devices)
	c.Steps = make([]domain.Step, len(p.Steps))
	for i, st := range p.Steps {
		st.After = slices.Clone(st.After)
		st.Outcome = nil
		c.Steps[i] = st
	}
	return &c
}

func withStep(p *domain.Plan, st domain.Step) *domain.Plan {
	c := clonePlan(p)
	for i := range c.Steps {
		if c.Steps[i].ID == st.ID {
			st.Outcome = nil
			c.Steps[i] = st
		}
	}
	return c
}

// wrapped is the adapter's driver with the suite's faults: a cut-off
// (cancelling the run once cutAfter steps were applied) and one failing
// step.
type wrapped struct {
	apply.Driver
	cutAfter   int
	fail       string
	killCommit bool
	cancel     func()
	mu         sync.Mutex
	opens      int
	applied    int
}

func (w *wrapped) Open(ctx context.Context, dev domain.Device) (apply.Session, error) {
	w.mu.Lock()
	w.opens++
	w.mu.Unlock()
	if w.cutAfter == 0 {
		w.cancel()
	}
	s, err := w.Driver.Open(ctx, dev)
	if err != nil {
		return nil, err
	}
	// The wrapper has the optional interfaces the adapter's session has,
	// and no others: lib/apply's behaviour depends on them.
	base := &session{Session: s, w: w}
	p, prunes := s.(apply.Pruner)
	f, finishes := s.(apply.Finisher)
	switch {
	case prunes && finishes:
		return struct {
			*session
			apply.Pruner
			apply.Finisher
		}{base, p, f}, nil
	case prunes:
		return struct {
			*session
			apply.Pruner
		}{base, p}, nil
	case finishes:
		return struct {
			*session
			apply.Finisher
		}{base, f}, nil
	}
	return base, nil
}

type session struct {
	apply.Session
	w *wrapped
}

// Commit dies, when the suite says so, before the device takes anything.
func (s *session) Commit(ctx context.Context) error {
	if s.w.killCommit {
		return errors.New("killed by the conformance suite before the commit")
	}
	return s.Session.Commit(ctx)
}

// Silent passes through (a session without it always answers).
func (s *session) Silent() error {
	if q, ok := s.Session.(apply.Silent); ok {
		return q.Silent()
	}
	return nil
}

// Notes pass through (a session without them has none).
func (s *session) Notes() []string {
	if n, ok := s.Session.(apply.Noter); ok {
		return n.Notes()
	}
	return nil
}

func (s *session) Apply(ctx context.Context, step domain.Step, dryRun bool) domain.Outcome {
	if step.ID == s.w.fail {
		return domain.Outcome{Status: domain.Failure, Message: "injected by the conformance suite"}
	}
	out := s.Session.Apply(ctx, step, dryRun)
	s.w.mu.Lock()
	s.w.applied++
	if s.w.applied == s.w.cutAfter {
		s.w.cancel()
	}
	s.w.mu.Unlock()
	return out
}

// Counter counts a device's writes from snapshots of it: each call of
// Count compares the device's objects (name → version: an inode and
// mtime, a resourceVersion, a kernel attribute dump) with the previous
// call's and adds the objects that appeared, changed or went.
type Counter struct {
	mu    sync.Mutex
	last  map[string]string
	total int
}

// Count adds the differences from the last snapshot and returns the
// total so far.
func (c *Counter) Count(now map[string]string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last != nil {
		for k, v := range now {
			if old, ok := c.last[k]; !ok || old != v {
				c.total++
			}
		}
		for k := range c.last {
			if _, ok := now[k]; !ok {
				c.total++
			}
		}
	}
	c.last = maps.Clone(now)
	return c.total
}

// PlanOf makes the plan of steps on a site of these devices, as
// harmony-plan would (checked and ordered by domain.NewPlan).
func PlanOf(t testing.TB, site string, devices []domain.Device, steps []domain.Step) *domain.Plan {
	t.Helper()
	s := &domain.Site{APIVersion: domain.APIVersion, Kind: domain.KindSite, Metadata: domain.Metadata{Name: site},
		Spec: domain.SiteSpec{Domain: site + ".example.net", Devices: devices}}
	inv := &domain.Inventory{APIVersion: domain.APIVersion, Kind: domain.KindInventory, Metadata: domain.Metadata{Name: site}}
	f, err := domain.NewFacts(s, inv)
	if err != nil {
		t.Fatalf("the conformance site: %v", err)
	}
	p, err := domain.NewPlan(f, steps)
	if err != nil {
		t.Fatalf("the conformance plan: %v", err)
	}
	return p
}

// Files snapshots the regular files under dirs, for a Counter: a file
// written again (a new inode, as an atomic rename makes) or touched
// counts as a write.
func Files(t *testing.T, dirs ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, dir := range dirs {
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return nil
			}
			var ino uint64
			if st, ok := info.Sys().(*syscall.Stat_t); ok {
				ino = st.Ino
			}
			out[path] = fmt.Sprintf("%d %d %d", ino, info.ModTime().UnixNano(), info.Size())
			return nil
		})
	}
	return out
}

// Edit returns the step with its spec (of type T) changed by edit: the
// same id, target and resource, for a Peer's Change.
func Edit[T any](s domain.Step, edit func(*T)) (domain.Step, error) {
	var spec T
	if err := s.DecodeSpec(&spec); err != nil {
		return s, err
	}
	edit(&spec)
	return domain.NewStep(s.Score, s.Capability, s.Target, s.Resource.Type, s.Resource.Name, spec, s.After...)
}
