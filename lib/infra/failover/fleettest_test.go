package failover_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/failover"
	"github.com/nationtech/harmony-go/lib/infra/mesh"
	"github.com/nationtech/harmony-go/lib/infra/peertest"
	"github.com/nationtech/harmony-go/lib/infra/postgres"
	"github.com/nationtech/harmony-go/lib/infra/postgres/pgagent"
	"github.com/nationtech/harmony-go/lib/infra/postgres/pgtest"
	"github.com/nats-io/nats-server/v2/server"
)

// fleet is three sites on loopback, each with a NATS node, a PostgreSQL
// 15 member of service "orders" and an agent, all real; a site can be
// lost (its agent, node and database killed) and brought back.
type fleet struct {
	t      testing.TB
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

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func newFleet(t testing.TB, durability string, failoverTimeout, fence string) *fleet {
	return newFleetLag(t, durability, failoverTimeout, fence, 0)
}

// newFleetLag is a fleet whose NATS nodes, and PostgreSQL members, reach
// each other through proxies that delay every byte by lag each way:
// sites far apart.
func newFleetLag(t testing.TB, durability string, failoverTimeout, fence string, lag time.Duration) *fleet {
	pgtest.Require(t)
	dir := pgtest.Dir(t)
	names := []string{"a", "b", "c"}
	f := &fleet{t: t, dir: dir, driver: &postgres.Driver{Secret: pgtest.Secret, Timeout: 60 * time.Second}}
	f.doc = &domain.Fleet{APIVersion: domain.APIVersion, Kind: domain.KindFleet, Metadata: domain.Metadata{Name: "test"}}
	// Every port the fleet will listen on is picked once: a port picked
	// free and closed until its server binds it must not be handed to a
	// proxy meanwhile (a NATS node once found its port taken by one).
	f.specs = pgtest.Service(t, dir, "orders", durability, names, nil)
	taken := map[int]bool{}
	for _, m := range f.specs[0].Members {
		taken[m.Port] = true
	}
	port := func() int {
		for {
			if p := freePort(t); !taken[p] {
				taken[p] = true
				return p
			}
		}
	}
	lagTo := func(target string) string {
		for {
			p, err := peertest.StartLag(target, lag)
			if err != nil {
				t.Fatal(err)
			}
			_, ps, _ := net.SplitHostPort(p.Addr())
			if n, _ := strconv.Atoi(ps); !taken[n] {
				taken[n] = true
				t.Cleanup(p.Close)
				return p.Addr()
			}
			p.Close()
		}
	}
	for _, n := range names {
		s := &site{name: n, client: fmt.Sprintf("127.0.0.1:%d", port()), rt: fmt.Sprintf("127.0.0.1:%d", port()),
			storeDir: filepath.Join(dir, n, "nats"), fleetName: "test"}
		f.sites = append(f.sites, s)
		f.doc.Spec.Sites = append(f.doc.Spec.Sites, domain.FleetSite{Name: n, Client: "nats://" + s.client, Cluster: "nats://" + s.rt})
	}
	for _, s := range f.sites {
		for _, o := range f.sites {
			switch {
			case o == s:
			case lag == 0:
				s.routes = append(s.routes, "nats://"+o.rt)
			default:
				s.routes = append(s.routes, "nats://"+lagTo(o.rt))
			}
		}
	}
	if lag > 0 {
		// PostgreSQL's replication far apart too: each member listens
		// where it did, and the others reach it (streaming, pg_rewind,
		// pg_basebackup, the primary check) through a lag proxy — a
		// member's entry is where it is reached, its own port where it
		// listens. The members' list is one, shared by every spec.
		for j := range f.specs[0].Members {
			m := &f.specs[0].Members[j]
			_, p, _ := net.SplitHostPort(lagTo(net.JoinHostPort(m.Address, strconv.Itoa(m.Port))))
			m.Port, _ = strconv.Atoi(p)
		}
	}
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
	execSQL(t, f.sites[0].db.Server, "CREATE TABLE rows (n int PRIMARY KEY)")
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
		if t.Failed() || os.Getenv("HARMONY_FLEET_LOGS") != "" {
			for _, s := range f.sites {
				s.logMu.Lock()
				t.Logf("agent %s:\n  %s", s.name, joinLines(s.log))
				pg, _ := os.ReadFile(s.spec.DataDir + ".log")
				lines := strings.Split(string(pg), "\n")
				t.Logf("postgresql %s:\n%s", s.name, strings.Join(lines[max(0, len(lines)-30):], "\n"))
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
	cctx, ccancel := context.WithTimeout(ctx, 60*time.Second)
	st, err := mesh.Connect(cctx, []string{"nats://" + s.client}, "agent-"+s.name, "", "", 3, 64, 2*time.Second)
	ccancel()
	if err != nil {
		cancel()
		f.t.Fatal(err)
	}
	svc, err := failover.NewService(s.spec, s.db)
	if err != nil {
		f.t.Fatal(err)
	}
	wake, err := st.Wake(ctx, "primary.*", "switchover.*")
	if err != nil {
		cancel()
		f.t.Fatal(err)
	}
	s.store, s.cancel, s.done = st, cancel, make(chan struct{})
	a := &failover.Agent{Site: s.name, Fleet: f.doc, Services: []*failover.Service{svc}, Store: st, Wake: wake,
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

// lose kills a site: its database, its agent and its NATS node, at
// once, and returns when the database was gone (nothing it acknowledges
// after that).
func (f *fleet) lose(s *site) time.Time {
	f.stopAgent(s) // first: a live agent would start its database again
	s.node.Shutdown()
	s.node = nil
	_ = s.db.Server.Stop(context.Background(), "immediate")
	return time.Now()
}

// back brings a lost site back.
func (f *fleet) back(s *site) {
	f.startNode(s)
	f.startAgent(s)
}

// noFlap watches the fleet for d after a failover: the primary stays
// primary, as every site's view of the bucket says each second (a flap is
// a change of primary.orders), and the writer's commits never pause for
// more than maxGap.
func (f *fleet) noFlap(w *pgtest.Writer, primary string, d, maxGap time.Duration) {
	f.t.Helper()
	from := time.Now()
	for time.Since(from) < d {
		for _, s := range f.sites {
			if s.node == nil {
				continue // lost, not back
			}
			if p := f.primary(s); p != "" && p != primary {
				f.t.Errorf("%s after the failover, site %s sees %q as primary, not %s", time.Since(from).Round(time.Second), s.name, p, primary)
				return
			}
		}
		time.Sleep(time.Second)
	}
	gap := w.LongestGap(from)
	if gap > maxGap {
		f.t.Errorf("in the %s after the failover writes paused for %s", d, gap.Round(time.Millisecond))
	}
	f.t.Logf("%s after the failover: %s stayed primary; the longest pause in writes was %s", d, primary, gap.Round(time.Millisecond))
}

// primary is the site the primary key names, read through site from.
func (f *fleet) primary(from *site) string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st, err := mesh.Connect(ctx, []string{"nats://" + from.client}, "probe", "", "", 3, 64, 3*time.Second)
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

// target is a site's member as a client at the site reaches it.
func (s *site) target() pgtest.Target {
	return pgtest.Target{Name: s.name, DataDir: s.spec.DataDir, Port: s.spec.Port}
}

func (f *fleet) targets() []pgtest.Target {
	var out []pgtest.Target
	for _, s := range f.sites {
		out = append(out, s.target())
	}
	return out
}

func execSQL(t testing.TB, srv *postgres.Server, sql string) {
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

// settle waits until the fleet is whole: every agent heard from, the
// bucket's leader off the primary's site and every follower current (a
// few entries behind at most: far-away followers always are, a little).
func (f *fleet) settle(within time.Duration) {
	f.t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		p := f.primary(f.sites[0])
		st, err := f.sites[0].store.State(context.Background())
		ok := err == nil && p != "" && st.Leader != "" && st.Leader != p && len(st.Replicas) == 2
		for _, r := range st.Replicas {
			ok = ok && r.Current && r.Lag <= 16
		}
		for _, s := range f.sites {
			if st, err := s.db.State(context.Background()); err != nil || !st.Running {
				ok = false
			}
		}
		if ok {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	f.t.Fatalf("the fleet did not settle within %s", within)
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
