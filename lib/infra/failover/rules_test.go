package failover

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/mesh"
)

// store is the bucket in memory, shared by the agents of a test, with a
// server clock the test moves and writes that can be made to fail.
type store struct {
	mu      sync.Mutex
	now     time.Time
	rev     uint64
	keys    map[string]mesh.Entry
	down    map[string]bool // sites whose writes and reads fail
	heard   map[string]mesh.Alive
	updates int
}

func newStore() *store {
	return &store{now: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC), keys: map[string]mesh.Entry{}, down: map[string]bool{}, heard: map[string]mesh.Alive{}}
}

// view is one site's handle on the store.
type view struct {
	*store
	site string
}

var errDown = errors.New("no answer")

func (v view) Put(_ context.Context, key string, value []byte) (uint64, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.down[v.site] {
		return 0, errDown
	}
	v.rev++
	v.keys[key] = mesh.Entry{Key: key, Value: value, Revision: v.rev, Created: v.now}
	return v.rev, nil
}

func (v view) Get(_ context.Context, key string) (mesh.Entry, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.down[v.site] {
		return mesh.Entry{}, errDown
	}
	e, ok := v.keys[key]
	if !ok {
		return mesh.Entry{}, mesh.ErrNotFound
	}
	return e, nil
}

func (v view) Create(ctx context.Context, key string, value []byte) (uint64, error) {
	if _, err := v.Get(ctx, key); err == nil {
		return 0, mesh.ErrConflict
	}
	return v.Put(ctx, key, value)
}

func (v view) Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error) {
	e, err := v.Get(ctx, key)
	if err != nil {
		return 0, err
	}
	if e.Revision != rev {
		return 0, mesh.ErrConflict
	}
	v.mu.Lock()
	v.updates++
	v.mu.Unlock()
	return v.Put(ctx, key, value)
}

func (v view) MoveLeaderOff(context.Context, string, []string) (string, error) { return "", nil }

func (v view) Announce(site string, writing bool) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if !v.down[v.site] {
		v.heard[site] = mesh.Alive{Writing: writing, Heard: time.Now()}
	}
	return nil
}

func (v view) Heard() map[string]mesh.Alive {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := map[string]mesh.Alive{}
	for k, a := range v.heard {
		if !v.down[v.site] {
			out[k] = a
		}
	}
	return out
}

func (s *store) advance(d time.Duration) {
	s.mu.Lock()
	s.now = s.now.Add(d)
	s.mu.Unlock()
}

func (s *store) setDown(site string, down bool) {
	s.mu.Lock()
	s.down[site] = down
	s.mu.Unlock()
}

func (s *store) primary() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var p Primary
	_ = json.Unmarshal(s.keys["primary.orders"].Value, &p)
	return p.Site
}

// db is a member's database in memory.
type db struct {
	st       DBState
	promoted int
	fenced   int
	rejoined int
}

func (d *db) State(context.Context) (DBState, error)        { return d.st, nil }
func (d *db) Start(context.Context) error                   { d.st.Running = true; return nil }
func (d *db) Fence(context.Context) error                   { d.st.Running = false; d.fenced++; return nil }
func (d *db) Stop(context.Context) (uint64, error)          { d.st.Running = false; return d.st.Position, nil }
func (d *db) Promote(context.Context) error                 { d.st.Standby = false; d.promoted++; return nil }
func (d *db) Follow(context.Context, domain.PGMember) error { return nil }
func (d *db) Rejoin(context.Context, domain.PGMember) (string, error) {
	d.st.Standby, d.st.Running = true, true
	d.rejoined++
	return "rewound", nil
}

// fleet is three agents a (primary), b and c on one store; the test
// runs rounds by hand, moving the server's clock a round each.
type fleet struct {
	s      *store
	agents map[string]*Agent
	dbs    map[string]*db
}

func newFleet(t *testing.T, durability string) *fleet {
	t.Helper()
	doc := &domain.Fleet{APIVersion: domain.APIVersion, Kind: domain.KindFleet, Metadata: domain.Metadata{Name: "f"}}
	var members []domain.PGMember
	for _, n := range []string{"a", "b", "c"} {
		doc.Spec.Sites = append(doc.Spec.Sites, domain.FleetSite{Name: n})
		members = append(members, domain.PGMember{Site: n, Host: "db-" + n, Address: "10.0.0." + n, Port: 5432})
	}
	f := &fleet{s: newStore(), agents: map[string]*Agent{}, dbs: map[string]*db{}}
	for i, n := range []string{"a", "b", "c"} {
		d := &db{st: DBState{Exists: true, Running: true, Standby: i > 0, Position: 100}}
		spec := domain.PGCluster{Service: "orders", Site: n, Primary: "a", Members: members, Durability: durability, FailoverTimeout: "3s", FenceInterval: "1500ms"}
		svc, err := NewService(spec, d)
		if err != nil {
			t.Fatal(err)
		}
		f.dbs[n] = d
		f.agents[n] = &Agent{Site: n, Fleet: doc, Services: []*Service{svc}, Store: view{f.s, n}}
	}
	f.rounds(3)
	if p := f.s.primary(); p != "a" {
		t.Fatalf("first primary %q, want a", p)
	}
	return f
}

// rounds runs n rounds of every agent not excluded, a round apart on the
// server's clock. The agents' own clocks are the real one: a round takes
// no real time, so the fence is tested by setting lastOK.
func (f *fleet) rounds(n int, except ...string) {
	for range n {
		for _, name := range []string{"a", "b", "c"} {
			skip := false
			for _, e := range except {
				skip = skip || e == name
			}
			if !skip {
				f.agents[name].Tick(context.Background())
			}
		}
		f.s.advance(375 * time.Millisecond)
	}
}

func TestRules(t *testing.T) {
	t.Run("a silent primary is taken over by the standby with the most WAL", func(t *testing.T) {
		f := newFleet(t, domain.DurabilitySync)
		f.dbs["c"].st.Position = 200
		f.rounds(10, "a") // 3.75 s of a's silence
		if p := f.s.primary(); p != "c" {
			t.Fatalf("primary %q, want c (most WAL)", p)
		}
		if f.dbs["c"].promoted != 1 || f.dbs["b"].promoted != 0 {
			t.Errorf("promoted: b %d, c %d", f.dbs["b"].promoted, f.dbs["c"].promoted)
		}
	})
	t.Run("not before the failover timeout", func(t *testing.T) {
		f := newFleet(t, domain.DurabilitySync)
		f.rounds(7, "a") // 2.6 s
		if p := f.s.primary(); p != "a" {
			t.Fatalf("primary %q after 2.6 s of silence, want a", p)
		}
	})
	t.Run("sync: a standby not heard from holds the failover", func(t *testing.T) {
		f := newFleet(t, domain.DurabilitySync)
		f.rounds(12, "a", "c")
		if p := f.s.primary(); p != "a" {
			t.Fatalf("primary %q with c silent too, want a (c may hold the last commit)", p)
		}
	})
	t.Run("async: the standbys heard from decide", func(t *testing.T) {
		f := newFleet(t, domain.DurabilityAsync)
		f.rounds(12, "a", "c")
		if p := f.s.primary(); p != "b" {
			t.Fatalf("primary %q, want b", p)
		}
	})
	t.Run("a standby cut off alone never takes over", func(t *testing.T) {
		f := newFleet(t, domain.DurabilityAsync)
		f.s.setDown("b", true)
		f.rounds(20)
		if p := f.s.primary(); p != "a" || f.dbs["b"].promoted != 0 {
			t.Fatalf("primary %q, b promoted %d times", p, f.dbs["b"].promoted)
		}
	})
	t.Run("after a pause nobody could write through, the primary gets its chance", func(t *testing.T) {
		f := newFleet(t, domain.DurabilitySync)
		for _, n := range []string{"a", "b", "c"} {
			f.s.setDown(n, true)
		}
		f.rounds(20) // 7.5 s of an election: nobody stores anything
		for _, n := range []string{"a", "b", "c"} {
			f.s.setDown(n, false)
		}
		f.rounds(1, "a") // the standbys write first
		f.rounds(10)
		if p := f.s.primary(); p != "a" || f.s.updates != 0 {
			t.Fatalf("primary %q after an election (%d compare-and-sets), want a and none", p, f.s.updates)
		}
	})
	t.Run("a primary that cannot write fences", func(t *testing.T) {
		f := newFleet(t, domain.DurabilitySync)
		f.s.setDown("a", true)
		a := f.agents["a"]
		a.lastOK = time.Now().Add(-2 * time.Second)
		a.Tick(context.Background())
		if f.dbs["a"].fenced != 1 || f.dbs["a"].st.Running {
			t.Fatalf("fenced %d times, running %v", f.dbs["a"].fenced, f.dbs["a"].st.Running)
		}
	})
	t.Run("a primary waits out an election everyone waits out", func(t *testing.T) {
		f := newFleet(t, domain.DurabilitySync)
		for _, n := range []string{"a", "b", "c"} {
			f.s.setDown(n, true)
		}
		// b and c are heard over plain NATS, and cannot write either.
		a := f.agents["a"]
		a.lastOK = time.Now().Add(-2 * time.Second)
		a.Store = heardView{view{f.s, "a"}, map[string]mesh.Alive{"b": {Heard: time.Now()}, "c": {Heard: time.Now()}}}
		a.Tick(context.Background())
		if f.dbs["a"].fenced != 0 {
			t.Fatal("the primary fenced while every site waited for the bucket")
		}
		// One of them writes again: the primary, still unable, fences.
		a.Store = heardView{view{f.s, "a"}, map[string]mesh.Alive{"b": {Heard: time.Now(), Writing: true}, "c": {Heard: time.Now()}}}
		a.Tick(context.Background())
		if f.dbs["a"].fenced != 1 {
			t.Fatal("the primary did not fence when another site could write and it could not")
		}
	})
	t.Run("a former primary that lost the key rejoins", func(t *testing.T) {
		f := newFleet(t, domain.DurabilityAsync)
		f.rounds(12, "a")
		if p := f.s.primary(); p == "a" {
			t.Fatal("no failover")
		}
		f.dbs["a"].st.Running = false // fenced or crashed, still set up as primary
		f.rounds(2)
		if f.dbs["a"].rejoined != 1 || !f.dbs["a"].st.Standby {
			t.Fatalf("a rejoined %d times, standby %v", f.dbs["a"].rejoined, f.dbs["a"].st.Standby)
		}
	})
}

// heardView is a view whose plain-NATS announcements are given.
type heardView struct {
	view
	heard map[string]mesh.Alive
}

func (h heardView) Heard() map[string]mesh.Alive { return h.heard }
