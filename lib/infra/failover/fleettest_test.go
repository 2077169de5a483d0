package failover_test

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/failover"
	"github.com/nationtech/harmony-go/lib/infra/mesh"
	"github.com/nationtech/harmony-go/lib/infra/postgres"
	"github.com/nationtech/harmony-go/lib/infra/postgres/pgagent"
	"github.com/nationtech/harmony-go/lib/infra/postgres/pgtest"
	"github.com/nats-io/nats-server/v2/server"
)

// fleet is three sites on loopback, each with a NATS node, a PostgreSQL
// 15 member of service "orders" and an agent, all real; a site can be
// lost (its agent, node and database killed) and brought back.
type fleet struct {
	t      *testing.T
	dir    string
	doc    *domain.Fleet
	specs  []domain.PGCluster
	driver *postgres.Driver
	sites  []*site
}

type site struct {
	name         string
	client, rt   string
	node         *server.Server
	store        *mesh.Store
	cancel       context.CancelFunc
	done         chan struct{}
	db           pgagent.Database
	logMu        sync.Mutex
	log          []string
	storeDir     string
	routes       []string
	fleetName    string
	spec         domain.PGCluster
	agentStarted time.Time
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func newFleet(t *testing.T, durability string, failoverTimeout, fence string) *fleet {
	pgtest.Require(t)
	dir := pgtest.Dir(t)
	names := []string{"a", "b", "c"}
	f := &fleet{t: t, dir: dir, driver: &postgres.Driver{Secret: pgtest.Secret, Timeout: 60 * time.Second}}
	f.doc = &domain.Fleet{APIVersion: domain.APIVersion, Kind: domain.KindFleet, Metadata: domain.Metadata{Name: "test"}}
	for _, n := range names {
		s := &site{name: n, client: fmt.Sprintf("127.0.0.1:%d", freePort(t)), rt: fmt.Sprintf("127.0.0.1:%d", freePort(t)),
			storeDir: filepath.Join(dir, n, "nats"), fleetName: "test"}
		f.sites = append(f.sites, s)
		f.doc.Spec.Sites = append(f.doc.Spec.Sites, domain.FleetSite{Name: n, Client: "nats://" + s.client, Cluster: "nats://" + s.rt})
	}
	for _, s := range f.sites {
		for _, o := range f.sites {
			if o != s {
				s.routes = append(s.routes, "nats://"+o.rt)
			}
		}
	}
	f.specs = pgtest.Service(t, dir, "orders", durability, names, nil)
	for i := range f.specs {
		f.specs[i].FailoverTimeout, f.specs[i].FenceInterval = failoverTimeout, fence
		f.sites[i].spec = f.specs[i]
		f.sites[i].db = pgagent.New(f.driver, f.specs[i])
		pgtest.Stop(t, f.sites[i].db.Server)
	}
	// harmony-pg's part: the primary, then the standbys.
	for i, c := range f.specs {
		s, _ := f.driver.Open(t.Context(), domain.Device{Name: c.Host})
		step, err := domain.NewStep("orders", domain.PostgreSQL, c.Host, domain.TypePGCluster, "orders", c)
		if err != nil {
			t.Fatal(err)
		}
		if out := s.Apply(t.Context(), step, false); out.Status.Failed() {
			t.Fatalf("harmony-pg at site %s: %s", names[i], out.Message)
		}
	}
	exec(t, f.sites[0].db.Server, "CREATE TABLE rows (n int PRIMARY KEY)")
	for _, s := range f.sites {
		f.startNode(s)
	}
	for _, s := range f.sites {
		f.startAgent(s)
	}
	t.Cleanup(func() {
		for _, s := range f.sites {
			f.stopAgent(s)
			if s.node != nil {
				s.node.Shutdown()
			}
		}
		if t.Failed() {
			for _, s := range f.sites {
				s.logMu.Lock()
				t.Logf("agent %s:\n  %s", s.name, joinLines(s.log))
				s.logMu.Unlock()
			}
		}
	})
	return f
}

func joinLines(l []string) string {
	out := ""
	for i, s := range l {
		if i > 0 {
			out += "\n  "
		}
		out += s
	}
	return out
}

func (f *fleet) startNode(s *site) {
	f.t.Helper()
	n, err := mesh.StartNode(mesh.NodeConfig{Site: s.name, Cluster: s.fleetName, Client: s.client, Route: s.rt, Routes: s.routes, StoreDir: s.storeDir})
	if err != nil {
		f.t.Fatal(err)
	}
	s.node = n
}

func (f *fleet) startAgent(s *site) {
	f.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	st, err := mesh.Connect(ctx, []string{"nats://" + s.client}, "agent-"+s.name, "", "", 3, 64, time.Second)
	if err != nil {
		cancel()
		f.t.Fatal(err)
	}
	svc, err := failover.NewService(s.spec, s.db)
	if err != nil {
		f.t.Fatal(err)
	}
	s.store, s.cancel, s.done = st, cancel, make(chan struct{})
	a := &failover.Agent{Site: s.name, Fleet: f.doc, Services: []*failover.Service{svc}, Store: st,
		Log: func(format string, args ...any) {
			s.logMu.Lock()
			s.log = append(s.log, time.Now().Format("15:04:05.000 ")+fmt.Sprintf(format, args...))
			s.logMu.Unlock()
		}}
	s.agentStarted = time.Now()
	go func() {
		defer close(s.done)
		_ = a.Run(ctx)
		st.Close()
	}()
}

func (f *fleet) stopAgent(s *site) {
	if s.cancel != nil {
		s.cancel()
		<-s.done
		s.cancel = nil
	}
}

// lose kills a site: its agent, its NATS node and its database, at once.
func (f *fleet) lose(s *site) {
	f.stopAgent(s)
	s.node.Shutdown()
	s.node = nil
	_ = s.db.Server.Stop(context.Background(), "immediate")
}

// back brings a lost site back.
func (f *fleet) back(s *site) {
	f.startNode(s)
	f.startAgent(s)
}

// primary is the site the primary key names, read through site from.
func (f *fleet) primary(from *site) string {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	st, err := mesh.Connect(ctx, []string{"nats://" + from.client}, "probe", "", "", 3, 64, time.Second)
	if err != nil {
		return ""
	}
	defer st.Close()
	e, err := st.Get(ctx, "primary.orders")
	if err != nil {
		return ""
	}
	var p failover.Primary
	_ = jsonUnmarshal(e.Value, &p)
	return p.Site
}

func (f *fleet) waitPrimary(from *site, want string, within time.Duration) {
	f.t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if p := f.primary(from); p == want || want == "" && p != "" {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	f.t.Fatalf("primary.orders is %q after %s, want %q", f.primary(from), within, want)
}

// accepting says whether a site's database accepts a write now.
func accepting(s *site) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	c, err := connect(ctx, s)
	if err != nil {
		return false
	}
	defer c.Close(context.Background())
	var rec bool
	if err := c.QueryRow(ctx, "SELECT pg_is_in_recovery()").Scan(&rec); err != nil {
		return false
	}
	return !rec
}

func connect(ctx context.Context, s *site) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig("")
	if err != nil {
		return nil, err
	}
	cfg.Host, cfg.Port, cfg.User, cfg.Database = s.spec.DataDir, uint16(s.spec.Port), "postgres", "postgres"
	cfg.ConnectTimeout = 300 * time.Millisecond
	return pgx.ConnectConfig(ctx, cfg)
}

// writer commits numbered rows to whichever site takes them and keeps
// the numbers the database acknowledged, with when.
type writer struct {
	mu     sync.Mutex
	acked  []int
	at     []time.Time
	cancel context.CancelFunc
	done   chan struct{}
}

func (f *fleet) write() *writer {
	ctx, cancel := context.WithCancel(context.Background())
	w := &writer{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(w.done)
		n, cur := 0, 0
		var conn *pgx.Conn
		for ctx.Err() == nil {
			if conn == nil {
				c, err := connect(ctx, f.sites[cur])
				if err != nil {
					cur = (cur + 1) % len(f.sites)
					time.Sleep(20 * time.Millisecond)
					continue
				}
				conn = c
			}
			n++
			wctx, wcancel := context.WithTimeout(ctx, 2*time.Second)
			_, err := conn.Exec(wctx, "INSERT INTO rows VALUES ($1)", n)
			wcancel()
			if err != nil {
				conn.Close(context.Background())
				conn = nil
				cur = (cur + 1) % len(f.sites)
				time.Sleep(20 * time.Millisecond)
				continue
			}
			w.mu.Lock()
			w.acked = append(w.acked, n)
			w.at = append(w.at, time.Now())
			w.mu.Unlock()
			time.Sleep(10 * time.Millisecond)
		}
		if conn != nil {
			conn.Close(context.Background())
		}
	}()
	return w
}

func (w *writer) stop() []int {
	w.cancel()
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.acked)
}

// firstAfter is the first acknowledgement after t.
func (w *writer) firstAfter(t time.Time) (time.Time, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, a := range w.at {
		if a.After(t) {
			return a, true
		}
	}
	return time.Time{}, false
}

// checker samples every site every 100 ms and records any moment two
// accepted writes at once.
type checker struct {
	mu     sync.Mutex
	double []string
	cancel context.CancelFunc
	done   chan struct{}
}

func (f *fleet) check() *checker {
	ctx, cancel := context.WithCancel(context.Background())
	c := &checker{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(c.done)
		for ctx.Err() == nil {
			var on []string
			for _, s := range f.sites {
				if accepting(s) {
					on = append(on, s.name)
				}
			}
			if len(on) > 1 {
				c.mu.Lock()
				c.double = append(c.double, fmt.Sprintf("%s: %v", time.Now().Format("15:04:05.000"), on))
				c.mu.Unlock()
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	return c
}

func (c *checker) stop() []string {
	c.cancel()
	<-c.done
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.double
}

func rows(t *testing.T, s *site) map[int]bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := connect(ctx, s)
	if err != nil {
		t.Fatalf("site %s: %v", s.name, err)
	}
	defer c.Close(context.Background())
	r, err := c.Query(ctx, "SELECT n FROM rows")
	if err != nil {
		t.Fatal(err)
	}
	ns, err := pgx.CollectRows(r, pgx.RowTo[int])
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]bool{}
	for _, n := range ns {
		out[n] = true
	}
	return out
}

func exec(t *testing.T, srv *postgres.Server, sql string) {
	t.Helper()
	c, err := srv.Connect(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	if _, err := c.Exec(t.Context(), sql); err != nil {
		t.Fatal(err)
	}
}

func (f *fleet) site(name string) *site {
	for _, s := range f.sites {
		if s.name == name {
			return s
		}
	}
	f.t.Fatalf("no site %s", name)
	return nil
}
