// Package apply is the pass-through contract every apply tool keeps. It
// takes a plan, selects the steps whose target device is of a provider
// the tool drives, re-checks each of them against its device before
// anything is touched, runs them in dependency order (devices in
// parallel, bounded; one device's steps in plan order, under a per-device
// lock), passes every other step through untouched, and records an
// Outcome on each step it owns and runs (a step the run ended before — an
// interrupt, --run-timeout — keeps none: it is not run).
package apply

import (
	"context"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Driver opens a device for one run. Adapters implement it; the tool
// that wires an adapter in hands it to Tool.
type Driver interface {
	Open(ctx context.Context, dev domain.Device) (Session, error)
}

// DriverFunc adapts a function to Driver.
type DriverFunc func(ctx context.Context, dev domain.Device) (Session, error)

// Open calls f.
func (f DriverFunc) Open(ctx context.Context, dev domain.Device) (Session, error) { return f(ctx, dev) }

// OpenFunc makes a Driver of an adapter's Open, which returns its own
// session type: a failed open gives a nil Session, never a typed nil.
func OpenFunc[S Session](open func(context.Context, domain.Device) (S, error)) Driver {
	return DriverFunc(func(ctx context.Context, dev domain.Device) (Session, error) {
		s, err := open(ctx, dev)
		if err != nil {
			return nil, err
		}
		return s, nil
	})
}

// Pruner is a Session that can remove what it manages and the plan no
// longer has. With --prune, the tool calls it after a device's last step,
// and only when every step the tool ran on the device is SUCCESS or NOOP:
// a run cut short, a failed step or a step still waiting prunes nothing.
type Pruner interface {
	// Prune removes the objects the adapter manages on the device (its
	// marker names the step that made them) that keep does not hold, and
	// never one it does not manage; in a dry run it only lists them.
	Prune(ctx context.Context, keep domain.Keep, dryRun bool) (removed []string, err error)
}

// Finisher is a Session that can make its device take everything the
// adapter may have written and an earlier run did not see it take (every
// service it manages reloaded, the config saved): the tool calls it when
// the device's journal says a run died between writing and committing.
type Finisher interface {
	Finish(ctx context.Context) error
}

// Noter is a Session that says what it did or kept beyond its steps: an
// object prune kept because something hand-made depends on it, a save a
// cut-off run owed. The tool prints the notes after the device's run.
type Noter interface {
	Notes() []string
}

// Batcher is a Session that writes many steps' objects in one request (a
// firewall that saves its whole config, with a backup, on every write).
// Before a device's steps run one by one, the tool hands it those that
// wait for nothing, in plan order (they may run in any order); it writes
// what it can at once and keeps each step's outcome for the step's Apply,
// which the tool then calls as for any step. A step it did not write is
// applied as usual. The journal holds every handed step from before
// Batch until the device has taken it, so a run cut off mid-batch is
// finished by the next. Batch is not called in a dry run.
type Batcher interface {
	Batch(ctx context.Context, steps []domain.Step)
}

// Silent is a Session that can tell its device stopped answering (a
// request unanswered through all its attempts): the tool then fails the
// device's remaining steps at once, not one timeout after another.
type Silent interface {
	Silent() error
}

// Session is one run against one device.
type Session interface {
	// Apply brings the step's resource on the device to the step's state,
	// or in a dry run only computes what would change, and says what it did.
	Apply(ctx context.Context, step domain.Step, dryRun bool) domain.Outcome
	// Commit makes the device take the changes applied since the last
	// commit (a service reload, a memory write). It is called at the end
	// of every run that is not a dry run — a session with nothing to
	// commit does nothing, and one that found work an earlier run left
	// untaken (a switch's unsaved config) commits it — and earlier when a
	// step on another device waits for this one. An error means the
	// device did not take the steps reported SUCCESS since the last commit.
	Commit(ctx context.Context) error
	// Close ends the session.
	Close() error
}

// Tool is one apply tool.
type Tool struct {
	Name string // e.g. harmony-apply-opnsense
	// Providers are the providers it drives, each with the resource types
	// it drives on them (domain.ProvidersOf(Name) for a registered tool).
	// A step of another type, or an action the type does not take, is
	// refused before anything is touched.
	Providers []domain.Provider
	Driver    Driver
	DryRun    bool
	Parallel  int      // steps applied at once across devices; 0 means 4
	Devices   []string // when set, only these devices (each must be of a provider the tool drives)
	Locks     *Locker  // per-device locks; nil means none
	Prune     bool     // remove managed objects the plan no longer has (sessions that are Pruners)
	// Progress, when set, hears of every step the tool finishes.
	Progress func(device string, done, total int)
	// Waiting, when set, hears every Heartbeat (default 10 s) of a call
	// to a device that has not come back yet: what is waited for, and how
	// long it has been.
	Waiting   func(device, what string, waited time.Duration)
	Heartbeat time.Duration
	// ParallelSteps lets one device's steps run at once (still after the
	// steps they wait for, bounded by Parallel): for a device that stands
	// for many machines, such as the BMCs of a site. Its sessions must be
	// safe for concurrent use and commit nothing.
	ParallelSteps bool
	// Check, when set, checks each step the tool owns as strictly as its
	// device would (a manifest's fields against the API's types): an
	// error refuses the plan before anything is touched.
	Check func(domain.Step) error
	// Select, when set, says which of the steps on the tool's devices it
	// runs; the others pass through untouched, with no outcome (the steps
	// of another host, for a tool that runs on each host). An error
	// refuses the plan.
	Select func(domain.Step) (bool, error)
}

// RefusedError is a plan the tool will not run: nothing was touched.
type RefusedError struct {
	StepID string
	Msg    string
	Hint   string
}

func (e *RefusedError) Error() string {
	if e.StepID == "" {
		return e.Msg
	}
	return "step " + e.StepID + ": " + e.Msg
}

// Result is what a run did.
type Result struct {
	Owned  int // steps the tool ran
	Failed int // of those, FAILURE or BLOCKED
	// NotRun are the steps the run ended before (Ctrl-C, --run-timeout):
	// they keep no outcome, as steps no tool has run, and NotRunWhy says
	// why the run ended.
	NotRun    int
	NotRunWhy string
	Notes     []string // what people should read: objects pruned, prune failures
	Broken    bool     // something outside the steps failed (a prune)
}

// Run executes the steps the tool owns and writes their outcomes into p.
// It returns a *RefusedError, before touching anything, when the plan asks
// the tool for something it must not do.
func (t *Tool) Run(ctx context.Context, p *domain.Plan) (Result, error) {
	owned, err := t.own(p)
	if err != nil {
		return Result{}, err
	}
	r := newRun(t, p, owned)
	r.execute(ctx)
	res := Result{Owned: len(owned), Notes: r.notes, Broken: r.broken}
	for _, i := range owned {
		switch o := p.Steps[i].Outcome; {
		case o == nil:
			res.NotRun++
			res.NotRunWhy = interrupted(ctx)
		case o.Status.Failed():
			res.Failed++
		}
	}
	return res, nil
}

// own returns the indexes of the steps the tool owns, after checking
// each against its device and the tool.
func (t *Tool) own(p *domain.Plan) ([]int, error) {
	devs := p.Devices()
	provider := func(name string) (domain.Provider, bool) {
		i := slices.IndexFunc(t.Providers, func(p domain.Provider) bool { return p.Name == name })
		if i < 0 {
			return domain.Provider{}, false
		}
		return t.Providers[i], true
	}
	for _, name := range t.Devices {
		d, ok := devs[name]
		if !ok {
			return nil, &RefusedError{Msg: fmt.Sprintf("device %q is not in the plan's site %q", name, p.Site.Name),
				Hint: "name a device of the plan's site"}
		}
		if _, ok := provider(d.Provider); !ok {
			var names []string
			for _, p := range t.Providers {
				names = append(names, p.Name)
			}
			return nil, &RefusedError{Msg: fmt.Sprintf("device %s is a %s device; %s drives %s", name, d.Provider, t.Name, strings.Join(names, ", ")),
				Hint: "run the tool for that provider instead"}
		}
	}
	var owned []int
	for i := range p.Steps {
		s := &p.Steps[i]
		d, ok := devs[s.Target]
		if !ok {
			return nil, &RefusedError{StepID: s.ID, Msg: fmt.Sprintf("targets %q, which is not a device of site %q", s.Target, p.Site.Name),
				Hint: "regenerate the plan with harmony-plan"}
		}
		prov, ok := provider(d.Provider)
		if !ok {
			continue
		}
		if len(t.Devices) > 0 && !slices.Contains(t.Devices, d.Name) {
			continue
		}
		if t.Select != nil {
			ok, err := t.Select(*s)
			if err != nil {
				return nil, &RefusedError{StepID: s.ID, Msg: err.Error(), Hint: "regenerate the plan with harmony-plan"}
			}
			if !ok {
				continue
			}
		}
		if !d.Has(s.Capability) {
			return nil, &RefusedError{StepID: s.ID,
				Msg:  fmt.Sprintf("targets %s, which does not declare %s", d.Name, s.Capability),
				Hint: fmt.Sprintf("point the step at a device that provides %s, or add it to %s's provides in the Site and re-plan", s.Capability, d.Name)}
		}
		if !slices.Contains(prov.Capabilities(), s.Capability) {
			return nil, &RefusedError{StepID: s.ID,
				Msg:  fmt.Sprintf("%s cannot provide %s on %s (%s)", t.Name, s.Capability, d.Name, d.Provider),
				Hint: fmt.Sprintf("remove %s from %s's provides in the Site and re-plan", s.Capability, d.Name)}
		}
		if err := prov.Drives(s.Capability, s.Resource.Type, s.Action); err != nil {
			return nil, &RefusedError{StepID: s.ID, Msg: err.Error(),
				Hint: fmt.Sprintf("leave the step out of the plan, or give %s to a device whose provider drives it", s.Capability)}
		}
		if t.Check != nil {
			if err := t.Check(*s); err != nil {
				return nil, &RefusedError{StepID: s.ID, Msg: err.Error(), Hint: "correct the Score the step comes from and re-plan"}
			}
		}
		owned = append(owned, i)
	}
	return owned, nil
}

// run is the state of one execution.
type run struct {
	t        *Tool
	p        *domain.Plan
	devs     map[string]*domain.Device
	index    map[string]int         // step id → index
	done     map[int]chan struct{}  // owned step → closed when its outcome is set
	byDev    map[string][]int       // device → its owned steps, in plan order
	keep     map[string]domain.Keep // device → every step of the plan on it
	slots    chan struct{}
	total    int
	finished int
	mu       sync.Mutex // guards outcomes of owned steps, notes, broken and finished while running
	notes    []string
	broken   bool
}

func newRun(t *Tool, p *domain.Plan, owned []int) *run {
	n := t.Parallel
	if n <= 0 {
		n = 4
	}
	r := &run{t: t, p: p, total: len(owned), devs: p.Devices(), index: make(map[string]int, len(p.Steps)), done: map[int]chan struct{}{},
		byDev: map[string][]int{}, slots: make(chan struct{}, n)}
	for i := range p.Steps {
		r.index[p.Steps[i].ID] = i
	}
	for _, i := range owned {
		r.done[i] = make(chan struct{})
		r.byDev[p.Steps[i].Target] = append(r.byDev[p.Steps[i].Target], i)
	}
	if t.Prune {
		onDev := map[string][]domain.Step{}
		for _, s := range p.Steps {
			if _, ok := r.byDev[s.Target]; ok {
				onDev[s.Target] = append(onDev[s.Target], s)
			}
		}
		r.keep = map[string]domain.Keep{}
		for dev, steps := range onDev {
			r.keep[dev] = domain.NewKeep(steps)
		}
	}
	return r
}

func (r *run) execute(ctx context.Context) {
	var wg sync.WaitGroup
	for name, steps := range r.byDev {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.device(ctx, *r.devs[name], steps)
		}()
	}
	wg.Wait()
}

// device runs one device's steps in plan order. A SUCCESS step counts as
// done for the steps that wait for it only once its device has committed
// it; before waiting on another device, a device commits what it has, so
// chains across devices cannot deadlock.
func (r *run) device(ctx context.Context, dev domain.Device, steps []int) {
	d := &deviceRun{r: r, dev: dev}
	defer d.close(ctx)
	if r.t.ParallelSteps {
		var wg sync.WaitGroup
		for _, i := range steps {
			wg.Go(func() {
				start := time.Now()
				out, ready := r.wait(ctx, i, func(context.Context) {}, true)
				if ready {
					out = d.apply(ctx, r.p.Steps[i])
				}
				out.Tool = r.t.Name
				out.Duration = time.Since(start).Round(time.Millisecond).String()
				r.setOutcome(i, out)
				close(r.done[i])
			})
		}
		wg.Wait()
		return
	}
	d.batch(ctx, steps)
	for _, i := range steps {
		start := time.Now()
		out, ready := r.wait(ctx, i, d.commitPending, false)
		if ready {
			out = d.apply(ctx, r.p.Steps[i])
		}
		// A batched step is on record as its outcome says from now on; one
		// that did not come out SUCCESS or NOOP (the run cut off before it,
		// a failure) may hold what the batch wrote: untaken.
		if n := len(d.batched); n > 0 {
			d.batched = slices.DeleteFunc(d.batched, func(id string) bool { return id == r.p.Steps[i].ID })
			if len(d.batched) < n && out.Status != domain.Success && out.Status != domain.Noop && !r.t.DryRun {
				d.untaken = append(d.untaken, r.p.Steps[i].ID)
			}
		}
		out.Tool = r.t.Name
		out.Duration = time.Since(start).Round(time.Millisecond).String()
		r.setOutcome(i, out)
		switch {
		case out.Status == domain.Success && !r.t.DryRun:
			d.pending = append(d.pending, i)
		case out.Status == domain.Failure && len(out.Changes) > 0 && !r.t.DryRun:
			// Part-way: some of its writes may have landed.
			d.untaken = append(d.untaken, r.p.Steps[i].ID)
			close(r.done[i])
		default:
			close(r.done[i])
		}
		if ready {
			d.journalSync()
		}
	}
}

// deviceRun is one device's session within a run.
type deviceRun struct {
	openMu  sync.Mutex
	r       *run
	dev     domain.Device
	sess    Session
	openErr error
	opened  bool
	unlock  func()
	pending []int // SUCCESS steps not committed yet
	// commitFailed: a commit of this run failed; the journal keeps it.
	commitFailed bool
	// The journal beside the device's lock holds, at every moment, what
	// the device may have been written and not taken: owed, what an
	// earlier run left (read when the device is opened, until finished);
	// inflight, the step being applied (its writes may land before it
	// returns); pending; untaken, steps whose writes a failed commit or a
	// part-way failure left. A run killed anywhere leaves it right.
	owed     []string
	inflight string
	untaken  []string
	// batched are steps handed to a Batcher whose Apply has not run.
	batched []string
}

// open locks the device, reads its journal and opens its session, once.
func (d *deviceRun) open(ctx context.Context) {
	d.openMu.Lock()
	defer d.openMu.Unlock()
	if !d.opened {
		d.opened = true
		d.unlock, d.openErr = d.r.lock(ctx, d.dev)
		if d.openErr == nil {
			if j := d.r.journal(); j != nil && !d.r.t.DryRun {
				d.owed = j.Pending(d.r.p.Site.Name, d.dev.Name) // under the lock: no other run writes it
			}
			d.sess, d.openErr = d.r.open(ctx, d.dev)
		}
	}
}

// batch hands a Batcher the device's steps that wait for nothing, on
// record in the journal first: their writes land before their Apply.
func (d *deviceRun) batch(ctx context.Context, steps []int) {
	if d.r.t.DryRun || d.r.t.ParallelSteps || ctx.Err() != nil {
		return
	}
	var free []domain.Step
	for _, i := range steps {
		if len(d.r.p.Steps[i].After) == 0 {
			free = append(free, d.r.p.Steps[i])
		}
	}
	if len(free) < 2 {
		return
	}
	d.open(ctx)
	b, ok := d.sess.(Batcher)
	if d.openErr != nil || !ok {
		return
	}
	if q, ok := d.sess.(Silent); ok && q.Silent() != nil {
		return
	}
	for _, s := range free {
		d.batched = append(d.batched, s.ID)
	}
	d.journalSync()
	d.r.slots <- struct{}{}
	defer func() { <-d.r.slots }()
	defer d.r.watch(d.dev.Name, fmt.Sprintf("a batch of %d steps", len(free)))()
	if err := guard(func() error { b.Batch(ctx, free); return nil }, d.dev.Name); err != nil {
		d.r.mu.Lock()
		d.r.notes = append(d.r.notes, fmt.Sprintf("%s: %v; its steps were applied one by one", d.dev.Name, err))
		d.r.mu.Unlock()
	}
}

func (d *deviceRun) apply(ctx context.Context, step domain.Step) domain.Outcome {
	d.open(ctx)
	switch {
	case d.openErr != nil && ctx.Err() != nil:
		return notRun
	case d.openErr != nil:
		return domain.Outcome{Status: domain.Failure, Message: d.openErr.Error()}
	case ctx.Err() != nil:
		return notRun
	}
	if q, ok := d.sess.(Silent); ok {
		if err := q.Silent(); err != nil {
			return domain.Outcome{Status: domain.Failure, Message: fmt.Sprintf("not tried: %s %v; run again once it answers", d.dev.Name, err)}
		}
	}
	// Its writes may land before it returns: on record first (the device
	// is locked and its journal read by now).
	if !d.r.t.ParallelSteps {
		d.inflight = step.ID
		d.journalSync()
		defer func() { d.inflight = "" }()
	}
	return d.r.apply(ctx, d.sess, step)
}

// commit has the device take what this run wrote: its pending SUCCESS
// steps, and at the end of the run anything else the session changed or
// owes. If it cannot, the steps fail (or, with none, the run is broken). The journal holds the steps
// from before the commit until the device took them, so a run killed in
// between is finished by the next.
func (d *deviceRun) commit(ctx context.Context, end bool) {
	if len(d.pending) == 0 && !end {
		return
	}
	stop := d.r.watch(d.dev.Name, "its commit")
	err := guard(func() error { return d.sess.Commit(ctx) }, d.dev.Name)
	stop()
	switch {
	case err == nil && end:
		d.untaken = nil // the end's commit takes whatever the session changed
	case err != nil:
		for _, i := range d.pending {
			d.untaken = append(d.untaken, d.r.p.Steps[i].ID)
		}
	}
	if err != nil {
		d.commitFailed = true
		d.r.mu.Lock()
		for _, i := range d.pending {
			o := d.r.p.Steps[i].Outcome
			o.Status = domain.Failure
			o.Message = fmt.Sprintf("written, but %s did not take it: %v", d.dev.Name, err)
		}
		if len(d.pending) == 0 {
			d.r.notes = append(d.r.notes, fmt.Sprintf("%s did not take what this run changed beyond its steps (a prune, an owed save): %v", d.dev.Name, err))
			d.r.broken = true
		}
		d.r.mu.Unlock()
	}
	for _, i := range d.pending {
		close(d.r.done[i])
	}
	d.pending = nil
	d.journalSync()
}

// journalSync writes the device's journal: what it may hold untaken now
// (owed, inflight, pending, untaken), or removes it when that is nothing.
func (d *deviceRun) journalSync() {
	j := d.r.journal()
	if j == nil || d.r.t.DryRun || d.r.t.ParallelSteps {
		return // a dry run writes nothing; parallel sessions commit nothing
	}
	ids := slices.Clone(d.owed)
	if d.inflight != "" {
		ids = append(ids, d.inflight)
	}
	ids = append(ids, d.batched...)
	for _, i := range d.pending {
		ids = append(ids, d.r.p.Steps[i].ID)
	}
	ids = append(ids, d.untaken...)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) == 0 {
		_ = j.Done(d.r.p.Site.Name, d.dev.Name)
		return
	}
	_ = j.Record(d.r.p.Site.Name, d.dev.Name, ids)
}

// commitPending commits this run's pending steps, before a step that waits
// for them reads the device.
func (d *deviceRun) commitPending(ctx context.Context) {
	d.commit(ctx, false)
}

func (d *deviceRun) close(ctx context.Context) {
	if d.sess != nil {
		d.finish(ctx)
		d.prune(ctx)
		// The end of the run: what a prune removed, or a session owes, is
		// committed too (a reconfigure, a write memory, a SIGHUP), or it
		// did not happen. A dry run, or a cut-off one, commits only
		// what is pending.
		d.commit(ctx, !d.r.t.DryRun && ctx.Err() == nil)
		if n, ok := d.sess.(Noter); ok {
			d.r.mu.Lock()
			for _, x := range n.Notes() {
				d.r.notes = append(d.r.notes, fmt.Sprintf("%s: %s", d.dev.Name, x))
			}
			d.r.mu.Unlock()
		}
		_ = guard(d.sess.Close, d.dev.Name)
	}
	if d.unlock != nil {
		d.unlock()
	}
}

// prune removes what the device's session manages and the plan no longer
// has, when the tool was asked to and the session can, and only after
// every step the tool ran on the device came out SUCCESS or NOOP. What it
// removed is committed with the end of the run.
func (d *deviceRun) prune(ctx context.Context) {
	p, ok := d.sess.(Pruner)
	if !d.r.t.Prune || !ok || d.openErr != nil {
		return
	}
	if why := d.unpruneable(ctx); why != "" {
		d.r.mu.Lock()
		d.r.notes = append(d.r.notes, fmt.Sprintf("%s: not pruned: %s; prune runs only once every step of the device is SUCCESS or NOOP, so run again when it is", d.dev.Name, why))
		d.r.mu.Unlock()
		return
	}
	var removed []string
	err := guard(func() error {
		var err error
		removed, err = p.Prune(ctx, d.r.keep[d.dev.Name], d.r.t.DryRun)
		return err
	}, d.dev.Name)
	d.r.mu.Lock()
	defer d.r.mu.Unlock()
	verb := "pruned"
	if d.r.t.DryRun {
		verb = "would prune"
	}
	for _, x := range removed {
		d.r.notes = append(d.r.notes, fmt.Sprintf("%s: %s %s", d.dev.Name, verb, x))
	}

	if err != nil {
		d.r.notes = append(d.r.notes, fmt.Sprintf("%s: prune failed: %v", d.dev.Name, err))
		d.r.broken = true
	}
}

// finish has the device take what an earlier run wrote and never saw it
// take (the journal), once this run's steps are done and committed.
func (d *deviceRun) finish(ctx context.Context) {
	owed := d.owed
	if len(owed) == 0 || d.r.t.DryRun || ctx.Err() != nil {
		return
	}
	d.commitPending(ctx) // this run's own first
	f, ok := d.sess.(Finisher)
	var err error
	if ok {
		err = guard(func() error { return f.Finish(ctx) }, d.dev.Name)
	}
	d.r.mu.Lock()
	switch {
	case err != nil:
		d.r.notes = append(d.r.notes, fmt.Sprintf("%s: an earlier run wrote %s and did not see %s take it; finishing that failed: %v; run again",
			d.dev.Name, strings.Join(owed, ", "), d.dev.Name, err))
		d.r.broken = true
		d.r.mu.Unlock()
		return
	case ok:
		d.r.notes = append(d.r.notes, fmt.Sprintf("%s: finished what an earlier run wrote and did not see it take (%s)", d.dev.Name, strings.Join(owed, ", ")))
	}
	d.r.mu.Unlock()
	d.owed = nil
	d.journalSync()
}

// journal is the tool's journal of uncommitted work, beside its locks.
func (r *run) journal() *Journal {
	if r.t.Locks == nil || r.t.Locks.Dir == "" {
		return nil
	}
	return &Journal{Dir: r.t.Locks.Dir}
}

// unpruneable says why the device must not be pruned this run, or "".
func (d *deviceRun) unpruneable(ctx context.Context) string {
	if ctx.Err() != nil {
		return "the run was interrupted"
	}
	d.r.mu.Lock()
	defer d.r.mu.Unlock()
	for _, i := range d.r.byDev[d.dev.Name] {
		s := d.r.p.Steps[i]
		if s.Outcome == nil || !s.Outcome.Status.Done() {
			status := "not run"
			if s.Outcome != nil {
				status = string(s.Outcome.Status)
			}
			return fmt.Sprintf("step %s is %s", s.ID, status)
		}
	}
	return ""
}

// wait blocks until every step i waits for has an outcome, and says
// whether i may run; when not, it returns the BLOCKED or QUEUED outcome.
// Before blocking on another device it calls flush. Steps of the same
// device ran before i (plan order) unless sameDevice says they run at once.
func (r *run) wait(ctx context.Context, i int, flush func(context.Context), sameDevice bool) (domain.Outcome, bool) {
	for _, a := range r.p.Steps[i].After {
		j := r.index[a]
		ch, own := r.done[j]
		// A step of the same device ran before this one (plan order), and
		// its device's own later steps see its changes uncommitted.
		if own && (sameDevice || r.p.Steps[j].Target != r.p.Steps[i].Target) {
			select {
			case <-ch:
			default:
				flush(ctx)
				select {
				case <-ch:
				case <-ctx.Done():
					return notRun, false
				}
			}
		}
		r.mu.Lock()
		dep := r.p.Steps[j]
		var status domain.Status
		if dep.Outcome != nil {
			status = dep.Outcome.Status
		}
		r.mu.Unlock()
		switch {
		case status.Failed():
			return domain.Outcome{Status: domain.Blocked,
				Message: fmt.Sprintf("waits for %s, which is %s; fix that step and run again", a, status)}, false
		case status.Done():
		case status != "":
			return domain.Outcome{Status: domain.Queued,
				Message: fmt.Sprintf("waits for %s, which is %s; run again once it has finished", a, status)}, false
		case own:
			// Plan validation puts a step after those it waits for; this
			// is a step the run has not reached.
			return domain.Outcome{Status: domain.Queued,
				Message: fmt.Sprintf("waits for %s, which has not run yet; run again", a)}, false
		default:
			d := r.devs[dep.Target]
			return domain.Outcome{Status: domain.Queued,
				Message: fmt.Sprintf("waits for %s on %s (%s), which no tool has run yet; pipe the plan through the tool for %s first", a, d.Name, d.Provider, d.Provider)}, false
		}
	}
	return domain.Outcome{}, true
}

// notRun is the outcome of a step the run ended before: none. The step
// stays as no tool has run it (a report shows it PLANNED), and the run
// says why it ended.
var notRun = domain.Outcome{}

func (r *run) setOutcome(i int, out domain.Outcome) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if out.Status == "" {
		r.finished++
		return
	}
	r.p.Steps[i].Outcome = &out
	r.finished++
	if r.t.Progress != nil {
		r.t.Progress(r.p.Steps[i].Target, r.finished, r.total)
	}
}

func (r *run) lock(ctx context.Context, dev domain.Device) (func(), error) {
	if r.t.Locks == nil {
		return nil, nil
	}
	return r.t.Locks.Lock(ctx, r.p.Site.Name, dev.Name)
}

func (r *run) open(ctx context.Context, dev domain.Device) (s Session, err error) {
	r.slots <- struct{}{}
	defer func() { <-r.slots }()
	defer recoverInto(&err, dev.Name)
	defer r.watch(dev.Name, "logging in")()
	s, err = r.t.Driver.Open(ctx, dev)
	if err != nil {
		return nil, fmt.Errorf("cannot open %s (%s): %w", dev.Name, dev.Provider, err)
	}
	return s, nil
}

func (r *run) apply(ctx context.Context, s Session, step domain.Step) (out domain.Outcome) {
	r.slots <- struct{}{}
	defer func() { <-r.slots }()
	defer func() {
		if v := recover(); v != nil {
			out = domain.Outcome{Status: domain.Failure,
				Message: fmt.Sprintf("internal error (a bug, please report it with this message): %v\n%s", v, debug.Stack())}
		}
	}()
	stop := r.watch(step.Target, "step "+step.ID)
	out = s.Apply(ctx, step, r.t.DryRun)
	stop()
	if out.Status == domain.Failure && ctx.Err() != nil {
		out.Message = fmt.Sprintf("cut off mid-step (%s): %s; run again to finish it", interrupted(ctx), out.Message)
	}
	if !out.Status.Known() {
		out = domain.Outcome{Status: domain.Failure, Message: fmt.Sprintf("internal error: the adapter returned status %q", out.Status)}
	}
	if r.t.DryRun {
		out.DryRun = true
	}
	return out
}

// interrupted says why the run's context ended: its cause when one was
// given (the run's time was up), else an interruption.
func interrupted(ctx context.Context) string {
	if c := context.Cause(ctx); c != nil && c != context.Canceled && c != context.DeadlineExceeded {
		return c.Error()
	}
	return "the tool was interrupted"
}

// watch tells Waiting, every Heartbeat until the returned stop is called,
// that device is still being waited for.
func (r *run) watch(device, what string) (stop func()) {
	if r.t.Waiting == nil {
		return func() {}
	}
	every := r.t.Heartbeat
	if every <= 0 {
		every = 10 * time.Second
	}
	start := time.Now()
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				r.t.Waiting(device, what, time.Since(start).Round(time.Second))
			}
		}
	}()
	return func() { close(done); <-finished }
}

// guard runs f, turning a panic into an error.
func guard(f func() error, where string) (err error) {
	defer recoverInto(&err, where)
	return f()
}

func recoverInto(err *error, where string) {
	if v := recover(); v != nil {
		*err = fmt.Errorf("internal error in %s (a bug, please report it): %v", where, v)
	}
}
