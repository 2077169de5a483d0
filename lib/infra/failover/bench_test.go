package failover_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/failover"
	"github.com/nationtech/harmony-go/lib/infra/postgres"
	"github.com/nationtech/harmony-go/lib/infra/postgres/pgtest"
)

// seeds is how many site losses a benchmark injects ($HARMONY_FAILOVER_SEEDS).
func seeds(def int) int {
	if n, err := strconv.Atoi(os.Getenv("HARMONY_FAILOVER_SEEDS")); err == nil && n > 0 {
		return n
	}
	return def
}

// report prints and records min, median and max of the write-resume times.
func report(b *testing.B, name string, took []time.Duration, lost int) {
	slices.Sort(took)
	if len(took) == 0 {
		b.Fatalf("%s: no failover measured", name)
	}
	med := took[len(took)/2]
	fmt.Printf("%-14s site loss → writes resume: min %5.2f s  median %5.2f s  max %5.2f s  over %d seeds; acknowledged rows lost: %d\n",
		name, took[0].Seconds(), med.Seconds(), took[len(took)-1].Seconds(), len(took), lost)
	b.ReportMetric(took[0].Seconds(), "min-s")
	b.ReportMetric(med.Seconds(), "median-s")
	b.ReportMetric(took[len(took)-1].Seconds(), "max-s")
	b.ReportMetric(float64(lost), "lost-rows")
}

// BenchmarkFailover loses the primary's site (agent, NATS node and
// PostgreSQL killed at once) once per seed, at a seeded moment, with a
// writer committing throughout (durability sync), and measures how long
// until the writer's next acknowledged commit. The lost site comes back
// and rejoins before the next seed.
func BenchmarkFailover(b *testing.B) {
	f := newFleet(b, domain.DurabilitySync, "3s", "1500ms")
	f.waitPrimary(f.sites[1], "a", 30*time.Second)
	rng := rand.New(rand.NewPCG(17, 0x6661696c))
	var took []time.Duration
	lost := 0
	for seed := range seeds(20) {
		f.settle(60 * time.Second)
		w := pgtest.Write(f.targets())
		for w.Acked() < 50 {
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(time.Duration(rng.IntN(1500)) * time.Millisecond) // the seeded moment
		name := ""
		for name == "" {
			name = f.primary(f.sites[0])
		}
		p := f.site(name)
		other := f.sites[0]
		if other == p {
			other = f.sites[1]
		}
		at := f.lose(p)
		d, ok := w.ResumedAfter(at, 60*time.Second)
		acked := w.Stop()
		if !ok {
			b.Fatalf("seed %d: writes did not resume within 60 s of losing %s", seed, p.name)
		}
		took = append(took, d)
		newName := ""
		for newName == "" || newName == p.name {
			newName = f.primary(other)
		}
		np := f.site(newName)
		have, err := np.target().Rows(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		lost += len(pgtest.Lost(acked, have))
		f.back(p)
	}
	report(b, "harmony-agent", took, lost)
}

// BenchmarkPatroni is the anchor: what operators use for this, Patroni
// (Debian's) over etcd, with etcd's minimum TTL for Patroni (ttl 20,
// loop_wait 2, retry_timeout 5) and synchronous mode, on the same
// PostgreSQL 15, loses its leader's node (Patroni and PostgreSQL killed)
// per seed, with the same writer.
func BenchmarkPatroni(b *testing.B) {
	for _, p := range []string{"/usr/bin/patroni", "/usr/bin/etcd"} {
		if _, err := os.Stat(p); err != nil {
			if os.Getenv("CI") != "" {
				b.Fatalf("needs %s: apt-get install patroni etcd-server", p)
			}
			b.Skipf("needs %s (apt-get install patroni etcd-server); skipped outside CI", p)
		}
	}
	pgtest.Require(b)
	dir := pgtest.Dir(b)
	etcdPort, peerPort := pgtest.Port(b), pgtest.Port(b)
	etcd := exec.Command("/usr/bin/etcd", "--data-dir", filepath.Join(dir, "etcd"), "--listen-client-urls", fmt.Sprintf("http://127.0.0.1:%d", etcdPort),
		"--advertise-client-urls", fmt.Sprintf("http://127.0.0.1:%d", etcdPort), "--listen-peer-urls", fmt.Sprintf("http://127.0.0.1:%d", peerPort),
		"--initial-advertise-peer-urls", fmt.Sprintf("http://127.0.0.1:%d", peerPort), "--initial-cluster", fmt.Sprintf("default=http://127.0.0.1:%d", peerPort))
	etcd.Stdout, etcd.Stderr = nil, nil
	if err := etcd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = etcd.Process.Kill(); _ = etcd.Wait() }()
	type node struct {
		name       string
		pgPort     int
		apiPort    int
		dataDir    string
		cmd        *exec.Cmd
		configFile string
	}
	var nodes []*node
	for i := range 3 {
		n := &node{name: fmt.Sprintf("p%d", i), pgPort: pgtest.Port(b), apiPort: pgtest.Port(b)}
		n.dataDir = filepath.Join(dir, n.name)
		n.configFile = filepath.Join(dir, n.name+".yaml")
		conf := fmt.Sprintf(`scope: bench
name: %[1]s
restapi: {listen: "127.0.0.1:%[2]d", connect_address: "127.0.0.1:%[2]d"}
etcd3: {hosts: "127.0.0.1:%[3]d"}
bootstrap:
  dcs:
    ttl: 20
    loop_wait: 2
    retry_timeout: 5
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      parameters: {wal_level: replica, hot_standby: "on", max_wal_senders: 10, max_replication_slots: 10, wal_log_hints: "on", fsync: "off", shared_buffers: 16MB, max_connections: 30, wal_keep_size: 256MB}
  initdb: [{encoding: UTF8}]
  pg_hba: ["local all all trust", "host replication replicator 127.0.0.1/32 scram-sha-256", "host all all 127.0.0.1/32 scram-sha-256"]
postgresql:
  listen: "127.0.0.1:%[4]d"
  connect_address: "127.0.0.1:%[4]d"
  data_dir: %[5]s
  bin_dir: %[6]s
  pgpass: %[5]s.pgpass
  authentication:
    replication: {username: replicator, password: rep-pass}
    superuser: {username: postgres, password: su-pass}
    rewind: {username: postgres, password: su-pass}
  parameters: {unix_socket_directories: "%[7]s"}
`, n.name, n.apiPort, etcdPort, n.pgPort, n.dataDir, postgres.BinDir(pgtest.Version), dir)
		if err := os.WriteFile(n.configFile, []byte(conf), 0o644); err != nil {
			b.Fatal(err)
		}
		nodes = append(nodes, n)
	}
	start := func(n *node) {
		cmd := exec.Command("/usr/bin/patroni", n.configFile)
		cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + dir, "LC_ALL=C.UTF-8"}
		if os.Geteuid() == 0 {
			u, err := user.Lookup("postgres")
			if err != nil {
				b.Fatal(err)
			}
			uid, _ := strconv.Atoi(u.Uid)
			gid, _ := strconv.Atoi(u.Gid)
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, Setpgid: true}
		} else {
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		}
		log, _ := os.Create(filepath.Join(dir, n.name+".log"))
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		n.cmd = cmd
	}
	kill := func(n *node) {
		if pid, err := os.ReadFile(filepath.Join(n.dataDir, "postmaster.pid")); err == nil {
			if p, err := strconv.Atoi(strings.SplitN(string(pid), "\n", 2)[0]); err == nil {
				_ = syscall.Kill(p, syscall.SIGKILL)
				time.Sleep(50 * time.Millisecond) // its backends see the postmaster gone
			}
		}
		if n.cmd != nil {
			_ = syscall.Kill(-n.cmd.Process.Pid, syscall.SIGKILL)
			_ = n.cmd.Wait()
			n.cmd = nil
		}
	}
	defer func() {
		for _, n := range nodes {
			kill(n)
		}
	}()
	start(nodes[0])
	leader := func() *node {
		for _, n := range nodes {
			resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/leader", n.apiPort))
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					return n
				}
			}
		}
		return nil
	}
	healthy := func(n *node) bool {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/health", n.apiPort))
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	}
	waitFor := func(what string, within time.Duration, ok func() bool) {
		deadline := time.Now().Add(within)
		for !ok() {
			if time.Now().After(deadline) {
				log, _ := os.ReadFile(filepath.Join(dir, "p0.log"))
				b.Fatalf("Patroni: %s not within %s\n%s", what, within, log)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	waitFor("a leader", 90*time.Second, func() bool { return leader() != nil })
	start(nodes[1])
	start(nodes[2])
	waitFor("three healthy members", 120*time.Second, func() bool { return healthy(nodes[0]) && healthy(nodes[1]) && healthy(nodes[2]) })
	var targets []pgtest.Target
	for _, n := range nodes {
		targets = append(targets, pgtest.Target{Name: n.name, Host: "127.0.0.1", Port: n.pgPort, Password: "su-pass"})
	}
	l := leader()
	c, err := targets[slices.Index(nodes, l)].Connect(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	if _, err := c.Exec(context.Background(), "CREATE TABLE rows (n int PRIMARY KEY)"); err != nil {
		b.Fatal(err)
	}
	c.Close(context.Background())
	// Ready: the leader streams to both replicas, one of them synchronous.
	streaming := func() bool {
		l := leader()
		if l == nil {
			return false
		}
		c, err := targets[slices.Index(nodes, l)].Connect(context.Background())
		if err != nil {
			return false
		}
		defer c.Close(context.Background())
		var n, sync int
		err = c.QueryRow(context.Background(), `SELECT count(*), count(*) FILTER (WHERE sync_state IN ('sync', 'quorum')) FROM pg_stat_replication WHERE state = 'streaming'`).Scan(&n, &sync)
		return err == nil && n == 2 && sync >= 1
	}
	rng := rand.New(rand.NewPCG(17, 0x6661696c))
	var took []time.Duration
	lost := 0
	for seed := range seeds(3) {
		waitFor("three healthy members", 120*time.Second, func() bool { return healthy(nodes[0]) && healthy(nodes[1]) && healthy(nodes[2]) })
		waitFor("the leader streaming to both, one synchronous", 120*time.Second, streaming)
		w := pgtest.Write(targets)
		for w.Acked() < 50 {
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(time.Duration(rng.IntN(1500)) * time.Millisecond) // the seeded moment
		l := leader()
		if l == nil {
			b.Fatalf("seed %d: Patroni has no leader", seed)
		}
		kill(l)
		at := time.Now() // its PostgreSQL is dead: nothing it acknowledges after

		d, ok := w.ResumedAfter(at, 120*time.Second)
		acked := w.Stop()
		if !ok {
			for _, n := range nodes {
				log, _ := os.ReadFile(filepath.Join(dir, n.name+".log"))
				lines := strings.Split(string(log), "\n")
				b.Logf("%s:\n%s", n.name, strings.Join(lines[max(0, len(lines)-15):], "\n"))
			}
			b.Fatalf("seed %d: writes did not resume within 120 s of killing leader %s", seed, l.name)
		}
		took = append(took, d)
		waitFor("a new leader", 60*time.Second, func() bool { return leader() != nil })
		nl := leader()
		have, err := targets[slices.Index(nodes, nl)].Rows(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		lost += len(pgtest.Lost(acked, have))
		start(l)
		// The node back rejoins; give the cluster a TTL to settle its
		// synchronous standby before the next loss.
		time.Sleep(25 * time.Second)
	}
	report(b, "Patroni", took, lost)
}

// BenchmarkSwitchover moves the primary to the next site once per seed,
// a writer committing throughout (durability async: the switchover itself
// must lose nothing), and measures the longest pause between two
// acknowledged commits. Target: at most 1 s.
func BenchmarkSwitchover(b *testing.B) {
	f := newFleet(b, domain.DurabilityAsync, "3s", "1500ms")
	f.waitPrimary(f.sites[1], "a", 30*time.Second)
	var gaps []time.Duration
	lost := 0
	for seed := range seeds(10) {
		f.settle(60 * time.Second)
		cur := ""
		for cur == "" {
			cur = f.primary(f.sites[0])
		}
		next := f.sites[(slices.IndexFunc(f.sites, func(s *site) bool { return s.name == cur })+1)%len(f.sites)]
		w := pgtest.Write(f.targets())
		// Writes flowing before the switchover, so the pause is measured.
		for w.Acked() < 50 {
			time.Sleep(20 * time.Millisecond)
		}
		started := time.Now()
		sw, err := failover.RequestSwitchover(context.Background(), f.sites[0].store, "orders", next.name)
		if err != nil {
			b.Fatalf("seed %d: switchover to %s: %v (%+v)", seed, next.name, err, sw)
		}
		f.waitPrimary(f.sites[0], next.name, 10*time.Second)
		if _, ok := w.ResumedAfter(time.Now(), 10*time.Second); !ok {
			b.Fatalf("seed %d: no write acknowledged within 10 s of the switchover", seed)
		}
		time.Sleep(500 * time.Millisecond)
		gaps = append(gaps, w.LongestGap(started))
		acked := w.Stop()
		have, err := next.target().Rows(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		lost += len(pgtest.Lost(acked, have))
	}
	slices.Sort(gaps)
	fmt.Printf("%-14s planned switchover → longest pause in writes: min %5.2f s  median %5.2f s  max %5.2f s  over %d seeds; acknowledged rows lost: %d\n",
		"harmony-agent", gaps[0].Seconds(), gaps[len(gaps)/2].Seconds(), gaps[len(gaps)-1].Seconds(), len(gaps), lost)
	b.ReportMetric(gaps[len(gaps)-1].Seconds(), "max-pause-s")
	b.ReportMetric(float64(lost), "lost-rows")
}
