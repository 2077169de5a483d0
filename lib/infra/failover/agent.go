// Package failover is what keeps a service writable when a site goes
// dark: each site's agent heartbeats into the fleet's JetStream bucket,
// the primary's agent fences its database when it cannot, and a standby's
// agent takes over only by winning a compare-and-set of the service's
// primary key, which JetStream grants with a majority of the sites' nodes
// only — so a site cut off alone never takes over.
//
// The keys, in bucket harmony (mesh.Bucket):
//
//	hb.<site>             the site's heartbeat: its services' role and WAL position
//	primary.<service>     the site whose member is primary (compare-and-set)
//	switchover.<service>  a planned switchover asked for, and how far it got
//	event.<service>       each change of primary, kept as history
//
// Every time compared is a JetStream server's timestamp of a stored entry,
// never an agent's clock: a standby measures the primary's silence as the
// difference between its own latest heartbeat and the primary's, both
// stamped by the server. The fence interval is the one local measure: how
// long the primary's agent has gone without a heartbeat stored.
package failover

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/mesh"
)

// Store is the fleet's bucket, as the agent uses it (mesh.Store).
type Store interface {
	Put(ctx context.Context, key string, value []byte) (uint64, error)
	Get(ctx context.Context, key string) (mesh.Entry, error)
	Create(ctx context.Context, key string, value []byte) (uint64, error)
	Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error)
	MoveLeaderOff(ctx context.Context, from string, prefer []string) (string, error)
	// Announce and Heard are plain NATS messages, beside the bucket:
	// each agent says every round that it is there and whether its last
	// write went through.
	Announce(site string, writing bool) error
	Heard() map[string]mesh.Alive
}

// Database is one member's database, as the agent drives it.
type Database interface {
	State(ctx context.Context) (DBState, error)
	// Start starts the server as it is set up (primary or standby).
	Start(ctx context.Context) error
	// Fence stops the server at once: it accepts no more writes.
	Fence(ctx context.Context) error
	// Stop stops the server cleanly (a switchover) and returns the WAL
	// position of its shutdown checkpoint, which a standby must have.
	Stop(ctx context.Context) (final uint64, err error)
	Promote(ctx context.Context) error
	// Follow points a standby at the primary (no change when it does).
	Follow(ctx context.Context, primary domain.PGMember) error
	// Rejoin makes a former primary a standby of the new one (pg_rewind,
	// or a new copy when the rewind cannot be done), starts it, and says
	// how it did.
	Rejoin(ctx context.Context, primary domain.PGMember) (string, error)
}

// DBState is what a member's database is.
type DBState struct {
	Exists   bool   `json:"exists"`
	Running  bool   `json:"running"`
	Standby  bool   `json:"standby"` // set up as a standby (in recovery, or standby.signal)
	Position uint64 `json:"position,omitempty"`
	LSN      string `json:"lsn,omitempty"`
	Timeline int    `json:"timeline,omitempty"`
}

// Role names, as heartbeats and status say them.
const (
	RolePrimary = "primary"
	RoleStandby = "standby"
	RoleStopped = "stopped"
	RoleFenced  = "fenced"
	RoleMissing = "missing"
)

// Heartbeat is what a site's agent stores at hb.<site>.
type Heartbeat struct {
	Site     string                 `json:"site"`
	Services map[string]MemberState `json:"services,omitempty"`
}

// MemberState is a member's state in a heartbeat.
type MemberState struct {
	Role     string `json:"role"`
	Position uint64 `json:"position,omitempty"`
	LSN      string `json:"lsn,omitempty"`
	Timeline int    `json:"timeline,omitempty"`
}

// Primary is the value of primary.<service>.
type Primary struct {
	Site   string `json:"site"`
	Reason string `json:"reason"`
}

// Event is one change of primary, at event.<service>.
type Event struct {
	From   string `json:"from,omitempty"`
	To     string `json:"to"`
	Reason string `json:"reason"`
	// Timeline is the heartbeats' server times the decision was made on.
	Timeline map[string]time.Time `json:"timeline,omitempty"`
}

// Switchover is the value of switchover.<service>.
type Switchover struct {
	ID    string `json:"id"`
	To    string `json:"to"`
	Phase string `json:"phase"` // asked, stopped, done, failed
	// Final is the old primary's last WAL position, once stopped;
	// Revision the primary key's revision the target swaps.
	Final    uint64 `json:"final,omitempty"`
	Revision uint64 `json:"revision,omitempty"`
	Message  string `json:"message,omitempty"`
}

// Service is one service this site has a member of.
type Service struct {
	Spec            domain.PGCluster
	DB              Database
	FailoverTimeout time.Duration
	FenceInterval   time.Duration
	// Vouch, when set, is called each time the agent's fence check (every
	// 50 ms) finds no fence due: a guard's lease (Lease.Affirm), so the
	// member is fenced even when this agent dies.
	Vouch func()
}

// NewService reads a member's timings from its spec.
func NewService(spec domain.PGCluster, db Database) (*Service, error) {
	ft, err := time.ParseDuration(spec.FailoverTimeout)
	if err != nil {
		return nil, fmt.Errorf("service %s: failoverTimeout %q: %w", spec.Service, spec.FailoverTimeout, err)
	}
	fi, err := time.ParseDuration(spec.FenceInterval)
	if err != nil {
		return nil, fmt.Errorf("service %s: fenceInterval %q: %w", spec.Service, spec.FenceInterval, err)
	}
	if fi >= ft {
		return nil, fmt.Errorf("service %s: the fence interval (%s) must be shorter than the failover timeout (%s)", spec.Service, fi, ft)
	}
	return &Service{Spec: spec, DB: db, FailoverTimeout: ft, FenceInterval: fi}, nil
}

// Agent is one site's agent.
type Agent struct {
	Site     string
	Fleet    *domain.Fleet
	Services []*Service
	Store    Store
	// Wake, when set, delivers a value whenever a primary or switchover
	// key changes, so the agent acts at once rather than at its next tick.
	Wake <-chan struct{}
	Log  func(format string, args ...any)

	mu       sync.Mutex
	dbMu     sync.Mutex         // one move of a database at a time: a round's, or the fence's
	last     map[string]DBState // each member's state as last read
	lastOK   time.Time          // the last heartbeat stored (monotonic)
	fenced   map[string]bool
	moved    time.Time
	told     map[string]string // the last message logged per service, to say it once
	interval time.Duration
	// runStart is the server's stamp of this agent's first heartbeat in
	// its current run of heartbeats stored without a miss: the bucket has
	// been writable for this agent since then.
	runStart time.Time
	// handed is when this agent last handed the bucket's leadership on:
	// the writes pause while a new leader takes over.
	handed time.Time
	// tctx bounds the bucket's calls of the round in progress: a call may
	// take until the fence would be due (at least a round), so a slow
	// mesh (sites far apart) is waited for, and a dead one does not hold
	// the fence back.
	tctx context.Context
	// swStarted is when this primary stopped for a switchover.
	swStarted time.Time
	// round are the keys this round read at its start, with what the
	// bucket answered for each.
	round map[string]read
}

// read is one key's answer.
type read struct {
	e   mesh.Entry
	err error
}

// readRound reads, all at once, the keys a round decides on: every
// site's heartbeat and each service's primary.
func (a *Agent) readRound() {
	keys := []string{"hb." + a.Site}
	if a.Fleet != nil {
		for _, site := range a.Fleet.SiteNames() {
			if site != a.Site {
				keys = append(keys, "hb."+site)
			}
		}
	}
	for _, s := range a.Services {
		keys = append(keys, "primary."+s.Spec.Service)
		for _, m := range s.Spec.Members {
			if !slices.Contains(keys, "hb."+m.Site) {
				keys = append(keys, "hb."+m.Site)
			}
		}
	}
	round := make(map[string]read, len(keys))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() {
			e, err := a.Store.Get(a.tctx, k)
			mu.Lock()
			round[k] = read{e, err}
			mu.Unlock()
		})
	}
	wg.Wait()
	a.round = round
}

// update and create write a key by compare-and-set: the round's read of
// it is stale then, and, taken, the write went through a quorum — the
// bucket is writable from here, as a stored heartbeat would say (a slow
// takeover must not leave the new primary looking silent to its fence).
func (a *Agent) update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error) {
	delete(a.round, key)
	return a.wrote(a.Store.Update(ctx, key, value, rev))
}

func (a *Agent) create(key string, value []byte) (uint64, error) {
	delete(a.round, key)
	return a.wrote(a.Store.Create(a.tctx, key, value))
}

func (a *Agent) wrote(rev uint64, err error) (uint64, error) {
	if err == nil {
		a.mu.Lock()
		a.lastOK = time.Now()
		a.mu.Unlock()
	}
	return rev, err
}

// get is a key as this round read it (read now if the round did not).
func (a *Agent) get(key string) (mesh.Entry, error) {
	if r, ok := a.round[key]; ok {
		return r.e, r.err
	}
	return a.Store.Get(a.tctx, key)
}

// Interval is the heartbeat period: a quarter of the shortest fence
// interval (at least 50ms), or a second for a site with no service.
func (a *Agent) Interval() time.Duration {
	d := time.Second
	for _, s := range a.Services {
		d = min(d, s.FenceInterval/4)
	}
	return max(d, 50*time.Millisecond)
}

// Run heartbeats and acts until ctx ends.
func (a *Agent) Run(ctx context.Context) error {
	a.fenced, a.told, a.last = map[string]bool{}, map[string]string{}, map[string]DBState{}
	a.interval = a.Interval()
	a.lastOK = time.Now()
	go a.watch(ctx)
	t := time.NewTicker(a.interval)
	defer t.Stop()
	for {
		a.Tick(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-a.Wake:
		}
	}
}

func (a *Agent) logf(service, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	a.mu.Lock()
	same := a.told[service] == msg
	a.told[service] = msg
	a.mu.Unlock()
	if !same && a.Log != nil {
		a.Log("%s: %s", service, msg)
	}
}

// Tick is one round: heartbeat, then each service's move.
func (a *Agent) Tick(ctx context.Context) {
	if a.fenced == nil {
		a.fenced, a.told, a.last = map[string]bool{}, map[string]string{}, map[string]DBState{}
		a.lastOK = time.Now()
		a.interval = a.Interval()
	}
	// A round's calls to the bucket may take until the fence is due, and
	// at least half a fence interval (a far-away mesh is slow, not dead:
	// the watch fences on time whatever a round waits for).
	a.mu.Lock()
	due := a.lastOK.Add(a.fenceLimit())
	a.mu.Unlock()
	if min := time.Now().Add(a.fenceLimit() / 2); due.Before(min) {
		due = min
	}
	tctx, cancel := context.WithDeadline(ctx, due)
	defer cancel()
	a.tctx = tctx
	states := map[string]DBState{}
	hb := Heartbeat{Site: a.Site, Services: map[string]MemberState{}}
	for _, s := range a.Services {
		st, err := s.DB.State(ctx)
		if err != nil {
			a.logf(s.Spec.Service, "reading the database: %v", err)
		}
		states[s.Spec.Service] = st
		a.mu.Lock()
		if !(a.fenced[s.Spec.Service] && st.Running) { // a fence the state read did not see yet
			a.last[s.Spec.Service] = st
		}
		a.mu.Unlock()
		hb.Services[s.Spec.Service] = MemberState{Role: a.role(s, st), Position: st.Position, LSN: st.LSN, Timeline: st.Timeline}
	}
	body, _ := json.Marshal(hb)
	_, perr := a.Store.Put(a.tctx, "hb."+a.Site, body)
	if perr == nil {
		a.mu.Lock()
		a.lastOK = time.Now()
		a.mu.Unlock()
	} else if ctx.Err() == nil {
		a.logf("", "heartbeat not stored (%v); last stored %s ago", perr, a.sinceOK().Round(time.Millisecond))
	}
	_ = a.Store.Announce(a.Site, perr == nil)
	// What the round reads, read at once: each read is a round trip to
	// the bucket's leader, which may be a site far away (300 ms each way
	// made a round of reads one after the other longer than its bound).
	a.readRound()
	// The server's time now: this site's latest heartbeat, read back.
	own, err := a.get("hb." + a.Site)
	switch {
	case perr != nil:
		a.runStart = time.Time{}
	case err == nil && a.runStart.IsZero():
		a.runStart = own.Created
	}
	for _, s := range a.Services {
		if ctx.Err() != nil {
			return
		}
		a.service(ctx, s, states[s.Spec.Service], own, err == nil)
	}
}

// fenceLimit is the shortest fence interval of the site's services (a
// second for a site with none).
func (a *Agent) fenceLimit() time.Duration {
	d := time.Second
	for i, s := range a.Services {
		if i == 0 || s.FenceInterval < d {
			d = s.FenceInterval
		}
	}
	return d
}

// role is how the heartbeat names a member's state.
func (a *Agent) role(s *Service, st DBState) string {
	switch {
	case a.isFenced(s.Spec.Service):
		return RoleFenced
	case !st.Exists:
		return RoleMissing
	case !st.Running:
		return RoleStopped
	case st.Standby:
		return RoleStandby
	}
	return RolePrimary
}

// fenceIfDue fences the member when it is a running primary and this
// agent has not stored a heartbeat for the fence interval. The fence comes
// first and needs nothing from the fleet: such a primary stops accepting
// writes, whatever it can or cannot read. Right after this agent handed
// the bucket's leadership on, writes pause while the new leader takes
// over: the fence then waits half the margin between the fence interval
// and the failover timeout longer — still well before any standby could
// take over. Run calls it every 50 ms besides the rounds (a round waiting
// on a slow bucket does not hold the fence back); the database's moves
// are serialised by dbMu.
func (a *Agent) fenceIfDue(ctx context.Context, s *Service, st DBState) bool {
	name := s.Spec.Service
	a.dbMu.Lock()
	defer a.dbMu.Unlock()
	a.mu.Lock()
	lastOK, handed, fenced := a.lastOK, a.handed, a.fenced[name]
	if cur, ok := a.last[name]; ok {
		st = cur
	}
	a.mu.Unlock()
	silent := time.Since(lastOK)
	limit := s.FenceInterval
	if !handed.Before(lastOK.Add(-a.interval)) && !handed.IsZero() {
		limit += (s.FailoverTimeout - s.FenceInterval) / 2
	}
	if !st.Running || st.Standby || silent <= limit || fenced || a.everyoneWaits() {
		return false
	}
	if err := s.DB.Fence(ctx); err != nil {
		a.logf(name, "FENCE FAILED: no heartbeat stored for %s and the database did not stop: %v", silent.Round(time.Millisecond), err)
		return true
	}
	a.mu.Lock()
	a.fenced[name] = true
	st.Running = false
	a.last[name] = st
	a.mu.Unlock()
	a.logf(name, "fenced: no heartbeat stored for %s (fence interval %s); the database is stopped and accepts no writes", silent.Round(time.Millisecond), s.FenceInterval)
	return true
}

// locked makes one move of a database, not at once with the fence.
func (a *Agent) locked(move func() error) error {
	a.dbMu.Lock()
	defer a.dbMu.Unlock()
	return move()
}

func (a *Agent) setFenced(name string, v bool) {
	a.mu.Lock()
	a.fenced[name] = v
	a.mu.Unlock()
}

func (a *Agent) isFenced(name string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.fenced[name]
}

// sinceOK is how long ago this agent last stored a heartbeat.
func (a *Agent) sinceOK() time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	return time.Since(a.lastOK)
}

// watch runs the fence check every 50 ms until ctx ends.
func (a *Agent) watch(ctx context.Context) {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			for _, s := range a.Services {
				if !a.fenceIfDue(ctx, s, DBState{}) && s.Vouch != nil {
					s.Vouch()
				}
			}
		}
	}
}

// service makes one service's move for this round.
func (a *Agent) service(ctx context.Context, s *Service, st DBState, own mesh.Entry, haveNow bool) {
	name, me := s.Spec.Service, a.Site
	if a.fenceIfDue(ctx, s, st) {
		return
	}
	a.mu.Lock()
	if cur, ok := a.last[name]; ok {
		st = cur // the watch may have fenced it since the round read it
	}
	a.mu.Unlock()
	if !haveNow {
		return
	}
	pk, err := a.get("primary." + name)
	if errors.Is(err, mesh.ErrNotFound) {
		a.bootstrap(ctx, s, st)
		return
	}
	if err != nil {
		a.logf(name, "reading primary.%s: %v", name, err)
		return
	}
	var p Primary
	if err := json.Unmarshal(pk.Value, &p); err != nil || p.Site == "" {
		a.logf(name, "primary.%s holds %q, not a primary: fix it with harmony-agent switchover", name, pk.Value)
		return
	}
	if p.Site == me {
		a.asPrimary(ctx, s, st, pk)
		return
	}
	a.asStandby(ctx, s, st, pk, p, own)
}

// everyoneWaits says whether this agent hears, directly over plain NATS
// in the last two rounds, a majority of the fleet's sites (itself
// counted) and none of them can write either: the bucket is electing a
// leader (a node that led it is gone), which every site waits out, not a
// cut that leaves this site alone. No standby can take over while no one
// writes, and the moment one writes again its announcement says so and
// this primary, still unable to write, fences at once. So the primary
// keeps serving through the election instead of stopping for it.
func (a *Agent) everyoneWaits() bool {
	heard := a.Store.Heard()
	n := 1 // this site
	for _, s := range a.Fleet.Spec.Sites {
		if s.Name == a.Site {
			continue
		}
		h, ok := heard[s.Name]
		if !ok || time.Since(h.Heard) > 2*a.interval {
			continue
		}
		if h.Writing {
			return false
		}
		n++
	}
	return n > a.Fleet.Voting()/2
}

// bootstrap names the first primary: the Score's primary site, once its
// member is a running primary.
func (a *Agent) bootstrap(ctx context.Context, s *Service, st DBState) {
	name := s.Spec.Service
	if s.Spec.Primary != a.Site {
		a.logf(name, "waiting for site %s to name itself primary (its harmony-pg makes the cluster)", s.Spec.Primary)
		return
	}
	if !st.Exists || !st.Running || st.Standby {
		a.logf(name, "not primary yet: run harmony-pg apply at this site to make the cluster")
		return
	}
	body, _ := json.Marshal(Primary{Site: a.Site, Reason: "the Score's primary site, first to run"})
	if _, err := a.create("primary."+name, body); err == nil {
		a.event(ctx, name, Event{To: a.Site, Reason: "first primary"})
		a.logf(name, "primary (first)")
	}
}

// asPrimary keeps the primary's member a running primary.
func (a *Agent) asPrimary(ctx context.Context, s *Service, st DBState, pk mesh.Entry) {
	name := s.Spec.Service
	if a.switchover(ctx, s, st, pk) {
		return
	}
	switch {
	case !st.Exists:
		a.logf(name, "this site is primary and has no cluster: run harmony-pg apply here, or switch over to another site")
	case st.Standby:
		// This site won the compare-and-set (or a switchover named it)
		// and its database is still a standby: promote it.
		if err := a.locked(func() error { return s.DB.Promote(ctx) }); err != nil {
			a.logf(name, "promoting: %v", err)
			return
		}
		a.setFenced(name, false)
		a.logf(name, "promoted: this site is primary")
	case !st.Running && a.sinceOK() > s.FenceInterval:
		a.logf(name, "fenced, and heartbeats are still not stored: staying fenced")
		return
	case !st.Running:
		// Fenced (or stopped) while the key stayed ours: nobody took
		// over, so the database may serve again.
		if err := a.locked(func() error { return s.DB.Start(ctx) }); err != nil {
			a.logf(name, "starting the primary: %v", err)
			return
		}
		a.setFenced(name, false)
		a.logf(name, "primary again: heartbeats are stored and no other site took over")
	default:
		a.setFenced(name, false)
		a.logf(name, "primary")
	}
	a.keepLeaderAway(ctx)
}

// keepLeaderAway moves the bucket's stream leader off this site, the
// primary's: then losing this site costs the survivors no election before
// they can write (an election is 4 to 9 s in JetStream). The witness is
// the preferred leader: it runs no service, so never the primary.
func (a *Agent) keepLeaderAway(ctx context.Context) {
	if time.Since(a.moved) < 2*time.Second {
		return
	}
	a.moved = time.Now()
	var prefer []string
	prefer = append(prefer, a.Fleet.Witnesses()...)
	for _, s := range a.Fleet.Spec.Sites {
		if s.Name != a.Site && !s.Witness {
			prefer = append(prefer, s.Name)
		}
	}
	to, err := a.Store.MoveLeaderOff(a.tctx, a.Site, prefer)
	if err != nil {
		a.logf("", "moving the bucket's leader off this site: %v", err)
	} else if to != "" {
		a.mu.Lock()
		a.handed = time.Now()
		a.mu.Unlock()
		a.logf("", "moved the bucket's leader to %s, off the primary's site", to)
	}
}

// asStandby keeps a standby's member following the primary, and takes
// over when the primary has been silent for the failover timeout.
func (a *Agent) asStandby(ctx context.Context, s *Service, st DBState, pk mesh.Entry, p Primary, own mesh.Entry) {
	name := s.Spec.Service
	primary, ok := member(s.Spec, p.Site)
	if !ok {
		a.logf(name, "primary.%s names site %s, which has no member of the service", name, p.Site)
		return
	}
	if a.takeSwitchover(ctx, s, st, pk) {
		return
	}
	switch {
	case !st.Exists:
		a.logf(name, "no cluster here: run harmony-pg apply at this site to copy the primary at %s", p.Site)
	case !st.Standby:
		// A former primary: it lost the key while cut off or down.
		var said string
		err := a.locked(func() (err error) { said, err = s.DB.Rejoin(ctx, primary); return err })
		if err != nil {
			a.logf(name, "rejoining as a standby of %s: %v", p.Site, err)
			return
		}
		a.setFenced(name, false)
		a.logf(name, "rejoined as a standby of %s (%s)", p.Site, said)
		return
	default:
		if err := a.locked(func() error { return s.DB.Follow(ctx, primary) }); err != nil {
			a.logf(name, "following %s: %v", p.Site, err)
		}
		if !st.Running {
			if err := a.locked(func() error { return s.DB.Start(ctx) }); err != nil {
				a.logf(name, "starting the standby: %v", err)
				return
			}
		}
	}
	a.failover(ctx, s, st, pk, p, own)
}

// failover takes over when the primary has been silent for the failover
// timeout, this member is the standby with the most WAL, and (for sync
// durability) every other standby is heard from, so no acknowledged
// commit can be on a standby not counted.
func (a *Agent) failover(ctx context.Context, s *Service, st DBState, pk mesh.Entry, p Primary, own mesh.Entry) {
	name := s.Spec.Service
	if !st.Running || !st.Standby {
		return
	}
	last := pk.Created
	if hb, err := a.get("hb." + p.Site); err == nil && hb.Created.After(last) {
		last = hb.Created
	} else if err != nil && !errors.Is(err, mesh.ErrNotFound) {
		return
	}
	// The primary's silence counts only while this agent could write:
	// after an election nobody could write through, the primary must get
	// the same chance to heartbeat as this agent had.
	since := last
	if a.runStart.After(since) {
		since = a.runStart
	}
	age := own.Created.Sub(last)
	if a.runStart.IsZero() || own.Created.Sub(since) <= s.FailoverTimeout {
		a.logf(name, "standby of %s", p.Site)
		return
	}
	timeline := map[string]time.Time{p.Site: last, a.Site: own.Created}
	best, bestPos := a.Site, st.Position
	for _, m := range s.Spec.Members {
		if m.Site == a.Site || m.Site == p.Site {
			continue
		}
		hb, err := a.get("hb." + m.Site)
		var h Heartbeat
		fresh := err == nil && own.Created.Sub(hb.Created) <= s.FailoverTimeout && json.Unmarshal(hb.Value, &h) == nil
		if err == nil {
			timeline[m.Site] = hb.Created
		}
		ms := h.Services[name]
		if !fresh || ms.Role != RoleStandby {
			if s.Spec.Durability == domain.DurabilitySync {
				a.logf(name, "primary %s silent for %s, and standby %s is not heard from: waiting, since it may hold the last acknowledged commit", p.Site, age.Round(time.Millisecond), m.Site)
				return
			}
			continue
		}
		if ms.Position > bestPos || ms.Position == bestPos && index(s.Spec, m.Site) < index(s.Spec, best) {
			best, bestPos = m.Site, ms.Position
		}
	}
	if best != a.Site {
		a.logf(name, "primary %s silent for %s; standby %s has the most WAL and takes over", p.Site, age.Round(time.Millisecond), best)
		return
	}
	reason := fmt.Sprintf("failover: %s silent for %s (timeout %s)", p.Site, age.Round(time.Millisecond), s.FailoverTimeout)
	body, _ := json.Marshal(Primary{Site: a.Site, Reason: reason})
	// The takeover is one write that decides, and a quorum's round trip
	// away: it gets its own bound (the failover timeout), not what is left
	// of the round's — cut short, a takeover far from the bucket's leader
	// was tried again and again (300 ms between sites: 20 s lost once).
	// Late is safe: the compare-and-set either wins on the revision read,
	// or loses to whoever did.
	cctx, cancel := context.WithTimeout(ctx, s.FailoverTimeout)
	_, err := a.update(cctx, "primary."+name, body, pk.Revision)
	cancel()
	if err != nil {
		a.logf(name, "taking over from %s did not go through (%v): another site did, or no majority of the fleet is reachable", p.Site, err)
		return
	}
	a.event(ctx, name, Event{From: p.Site, To: a.Site, Reason: reason, Timeline: timeline})
	a.logf(name, "took over from %s: %s", p.Site, reason)
	if err := a.locked(func() error { return s.DB.Promote(ctx) }); err != nil {
		a.logf(name, "promoting: %v (the next round tries again)", err)
		return
	}
	a.logf(name, "promoted: this site is primary")
}

// event records a change of primary.
// event records a change of primary in the bucket (its history is the
// record harmony-agent status prints), with its own bound: the round's
// may be spent by the takeover it follows.
func (a *Agent) event(ctx context.Context, service string, e Event) {
	body, _ := json.Marshal(e)
	ectx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := a.Store.Put(ectx, "event."+service, body); err != nil {
		a.logf(service, "recording the change of primary: %v", err)
	}
}

func member(c domain.PGCluster, site string) (domain.PGMember, bool) {
	i := index(c, site)
	if i < 0 {
		return domain.PGMember{}, false
	}
	return c.Members[i], true
}

func index(c domain.PGCluster, site string) int {
	return slices.IndexFunc(c.Members, func(m domain.PGMember) bool { return m.Site == site })
}
