package cmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/infra/peertest"
	"github.com/nationtech/harmony-go/lib/infra/postgres"
	"github.com/nationtech/harmony-go/lib/infra/postgres/pgtest"
)

// fleetLab is three sites as three network namespaces on a bridge, each
// with a real PostgreSQL 15 member of service "orders" (made by
// harmony-pg apply) and a harmony-agent process embedding its site's
// NATS node: the shape a fleet has, on one machine.
type fleetLab struct {
	t     *testing.T
	dir   string
	bin   string
	sites []*fleetSite
}

type fleetSite struct {
	name, ns, addr string
	dataDir        string
	port           int
	agent          *exec.Cmd
	exited         chan struct{}
	log            string
}

const fleetScores = `apiVersion: harmony/v1
kind: Scores
metadata: {name: fleet}
spec:
  scores:
    - kind: PostgreSQLCluster
      name: orders
      spec:
        version: 15
        primary: a
        durability: %s
        failoverTimeout: 3s
        fenceInterval: 1500ms
        port: %d
        replication: {secretRef: pg-repl}
        settings: {fsync: "off", shared_buffers: 16MB, max_connections: "30"}
        members:
%s`

func newFleetLab(t *testing.T, durability string) *fleetLab {
	peertest.Require(t, "root", "ip", "nft", filepath.Join(postgres.BinDir(pgtest.Version), "pg_rewind"))
	pgtest.Require(t)
	l := &fleetLab{t: t, dir: pgtest.Dir(t), bin: t.TempDir()}
	for _, tool := range []string{"harmony-plan", "harmony-pg", "harmony-agent", "harmony-state", "harmony-report"} {
		if out, err := exec.Command("go", "build", "-o", l.bin, "./"+tool).CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", tool, err, out)
		}
	}
	id := fmt.Sprintf("%d", os.Getpid()%10000)
	br := "hfbr" + id
	run := func(args ...string) {
		t.Helper()
		if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("ip", "link", "add", br, "type", "bridge")
	t.Cleanup(func() { _ = exec.Command("ip", "link", "del", br).Run() })
	run("ip", "link", "set", br, "up")
	port := 15432
	var members, fleet strings.Builder
	fleet.WriteString("apiVersion: harmony/v1\nkind: Fleet\nmetadata: {name: lab-fleet}\nspec:\n  sites:\n")
	for i, n := range []string{"a", "b", "c"} {
		s := &fleetSite{name: n, ns: "hf" + id + n, addr: fmt.Sprintf("10.79.0.%d", i+1), port: port,
			dataDir: filepath.Join(l.dir, n, "orders")}
		l.sites = append(l.sites, s)
		run("ip", "netns", "add", s.ns)
		t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", s.ns).Run() })
		host, peer := "hf"+id+n+"h", "hf"+id+n+"p"
		run("ip", "link", "add", host, "type", "veth", "peer", "name", peer, "netns", s.ns)
		run("ip", "link", "set", host, "master", br, "up")
		run("ip", "netns", "exec", s.ns, "ip", "link", "set", "lo", "up")
		run("ip", "netns", "exec", s.ns, "ip", "addr", "add", s.addr+"/24", "dev", peer)
		run("ip", "netns", "exec", s.ns, "ip", "link", "set", peer, "up")
		fmt.Fprintf(&members, "          - {site: %s, host: db-%s, address: %s, dataDir: %s}\n", n, n, s.addr, s.dataDir)
		fmt.Fprintf(&fleet, "    - {name: %s, client: \"nats://%s:4222\", cluster: \"nats://%s:6222\"}\n", n, s.addr, s.addr)
		site := fmt.Sprintf("apiVersion: harmony/v1\nkind: Site\nmetadata: {name: %s}\nspec:\n  domain: %s.fleet.example.net\n  devices:\n    - {name: db-%s, provider: postgresql, provides: [postgresql]}\n", n, n, n)
		l.write("site-"+n+".yaml", site)
	}
	l.write("fleet.yaml", fleet.String())
	l.write("scores.yaml", fmt.Sprintf(fleetScores, durability, port, members.String()))
	for _, s := range l.sites {
		out := l.tool("", nil, "harmony-plan", "--pretty", l.path("fleet.yaml"), l.path("scores.yaml"), l.path("site-"+s.name+".yaml"))
		l.write("plan-"+s.name+".json", out)
		srv := &postgres.Server{Bin: postgres.BinDir(pgtest.Version), DataDir: s.dataDir, Port: s.port}
		t.Cleanup(func() { _ = srv.Stop(t.Context(), "immediate") })
	}
	// harmony-pg at each site, the primary's first: the standbys copy it
	// over the bridge.
	for _, s := range l.sites {
		out := l.tool(s.ns, nil, "harmony-pg", "apply", "--host", "db-"+s.name, l.path("plan-"+s.name+".json"))
		if strings.Contains(out, pgtest.Password) {
			t.Fatal("the replication password is in harmony-pg's plan")
		}
	}
	if out := l.tool(l.sites[0].ns, nil, "harmony-pg", "apply", "--host", "db-a", l.path("plan-a.json")); !strings.Contains(out, `"NOOP"`) || strings.Contains(out, `"SUCCESS"`) {
		t.Fatalf("harmony-pg's second run at a is not NOOP:\n%s", out)
	}
	c, err := l.target(l.sites[0]).Connect(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec(t.Context(), "CREATE TABLE rows (n int PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	c.Close(t.Context())
	for _, s := range l.sites {
		l.startAgent(s)
	}
	t.Cleanup(func() {
		for _, s := range l.sites {
			l.killAgent(s)
		}
		if t.Failed() || os.Getenv("HARMONY_FLEET_LOGS") != "" {
			for _, s := range l.sites {
				b, _ := os.ReadFile(s.log)
				t.Logf("agent %s:\n%s", s.name, b)
				pg, _ := os.ReadFile(s.dataDir + ".log")
				lines := strings.Split(string(pg), "\n")
				t.Logf("postgresql %s (last lines):\n%s", s.name, strings.Join(lines[max(0, len(lines)-25):], "\n"))
			}
		}
	})
	return l
}

func (l *fleetLab) path(name string) string { return filepath.Join(l.dir, name) }

func (l *fleetLab) write(name, text string) {
	if err := os.WriteFile(l.path(name), []byte(text), 0o644); err != nil {
		l.t.Fatal(err)
	}
}

// tool runs one of the tools (in a namespace when ns is set) and returns
// its stdout; it fails the test on a non-zero exit.
func (l *fleetLab) tool(ns string, stdin []byte, name string, args ...string) string {
	l.t.Helper()
	argv := append([]string{filepath.Join(l.bin, name)}, args...)
	if ns != "" {
		argv = append([]string{"ip", "netns", "exec", ns}, argv...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), "HARMONY_SECRET_PG_REPL="+pgtest.Password)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	if err := cmd.Run(); err != nil {
		l.t.Fatalf("%s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(argv, " "), err, out.String(), errb.String())
	}
	if strings.Contains(out.String()+errb.String(), pgtest.Password) {
		l.t.Fatalf("%s printed the replication password", name)
	}
	return out.String()
}

func (l *fleetLab) startAgent(s *fleetSite) {
	l.t.Helper()
	s.log = l.path("agent-" + s.name + ".log")
	f, err := os.OpenFile(s.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		l.t.Fatal(err)
	}
	cmd := exec.Command("ip", "netns", "exec", s.ns, filepath.Join(l.bin, "harmony-agent"), "run",
		"--fleet", l.path("fleet.yaml"), "--site", s.name, "--host", "db-"+s.name,
		"--data-dir", filepath.Join(l.dir, s.name, "agent"), l.path("plan-"+s.name+".json"))
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		l.t.Fatal(err)
	}
	s.agent, s.exited = cmd, make(chan struct{})
	go func() { _ = cmd.Wait(); f.Close(); close(s.exited) }()
}

// killAgent kills a site's agent with SIGKILL (and ip netns exec with it).
func (l *fleetLab) killAgent(s *fleetSite) {
	if s.agent == nil {
		return
	}
	_ = syscall.Kill(-s.agent.Process.Pid, syscall.SIGKILL)
	<-s.exited
	s.agent = nil
}

// killPostgres kills a site's postmaster with SIGKILL, as a power cut would.
func (l *fleetLab) killPostgres(s *fleetSite) {
	b, err := os.ReadFile(filepath.Join(s.dataDir, "postmaster.pid"))
	if err != nil {
		return
	}
	var pid int
	if _, err := fmt.Sscan(strings.SplitN(string(b), "\n", 2)[0], &pid); err == nil {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	time.Sleep(200 * time.Millisecond) // its backends notice the postmaster is gone
}

// cut drops every packet into and out of a site but its own loopback:
// the site is cut off from the fleet (nftables in its namespace).
func (l *fleetLab) cut(s *fleetSite) {
	l.t.Helper()
	rules := "table inet harmony_cut {\n chain in { type filter hook input priority -10; policy drop; iif lo accept; }\n chain out { type filter hook output priority -10; policy drop; oif lo accept; }\n}\n"
	cmd := exec.Command("ip", "netns", "exec", s.ns, "nft", "-f", "-")
	cmd.Stdin = strings.NewReader(rules)
	if out, err := cmd.CombinedOutput(); err != nil {
		l.t.Fatalf("nft: %v\n%s", err, out)
	}
}

func (l *fleetLab) heal(s *fleetSite) {
	l.t.Helper()
	if out, err := exec.Command("ip", "netns", "exec", s.ns, "nft", "delete", "table", "inet", "harmony_cut").CombinedOutput(); err != nil {
		l.t.Fatalf("nft: %v\n%s", err, out)
	}
}

func (l *fleetLab) target(s *fleetSite) pgtest.Target {
	return pgtest.Target{Name: s.name, DataDir: s.dataDir, Port: s.port}
}

func (l *fleetLab) targets() []pgtest.Target {
	var out []pgtest.Target
	for _, s := range l.sites {
		out = append(out, l.target(s))
	}
	return out
}

type agentStatus struct {
	Bucket struct {
		Leader   string `json:"leader"`
		Replicas []struct {
			Site    string `json:"site"`
			Current bool   `json:"current"`
			Lag     uint64 `json:"lag"`
		} `json:"replicas"`
	} `json:"bucket"`
	Sites []struct {
		Site     string `json:"site"`
		Age      string `json:"age"`
		Services map[string]struct {
			Role string `json:"role"`
		} `json:"services"`
	} `json:"sites"`
	Services []struct {
		Service string `json:"service"`
		Primary string `json:"primary"`
		Events  []struct {
			From, To, Reason string
		} `json:"events"`
	} `json:"services"`
}

// status is harmony-agent status, asked at a site.
func (l *fleetLab) status(at *fleetSite) (agentStatus, bool) {
	cmd := exec.Command("ip", "netns", "exec", at.ns, filepath.Join(l.bin, "harmony-agent"), "status", "--fleet", l.path("fleet.yaml"), "--site", at.name, "--timeout", "500ms")
	out, err := cmd.Output()
	var st agentStatus
	if err != nil || json.Unmarshal(out, &st) != nil {
		return st, false
	}
	return st, true
}

// primary is the site primary.orders names, asked at a site; "" when
// the bucket does not answer for 10 s (it may be electing a leader).
func (l *fleetLab) primary(at *fleetSite) string {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if st, ok := l.status(at); ok {
			for _, s := range st.Services {
				if s.Service == "orders" {
					return s.Primary
				}
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return ""
}

func (l *fleetLab) waitPrimary(at *fleetSite, ok func(string) bool, within time.Duration) string {
	l.t.Helper()
	deadline := time.Now().Add(within)
	for {
		p := l.primary(at)
		if ok(p) {
			return p
		}
		if time.Now().After(deadline) {
			l.t.Fatalf("primary.orders is %q after %s", p, within)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// waitStandby waits until a site's member is a running standby.
func (l *fleetLab) waitStandby(s *fleetSite, within time.Duration) {
	l.t.Helper()
	if !l.target(s).WaitStandby(within) {
		l.t.Fatalf("site %s's member is not a running standby after %s", s.name, within)
	}
}

// settle waits until the fleet is whole again after a fault: every site
// heard from, every member running, the bucket's leader off the primary's
// site and every follower of it current (a fault injected before that
// costs a JetStream election, 4 to 9 s, on top: the agents move the
// leader within a few seconds, and a follower back from a cut catches up
// in about as long).
func (l *fleetLab) settle(at *fleetSite, within time.Duration) {
	l.t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		st, ok := l.status(at)
		settled := ok && st.Bucket.Leader != "" && len(st.Services) == 1 && st.Bucket.Leader != st.Services[0].Primary && len(st.Bucket.Replicas) == 2
		for _, r := range st.Bucket.Replicas {
			if !r.Current || r.Lag > 0 {
				settled = false
			}
		}
		for _, s := range st.Sites {
			d, err := time.ParseDuration(s.Age)
			if err != nil || d > time.Second || s.Services["orders"].Role != "primary" && s.Services["orders"].Role != "standby" {
				settled = false
			}
		}
		if settled {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	st, _ := l.status(at)
	l.t.Fatalf("the fleet did not settle within %s: %+v", within, st)
}

func (l *fleetLab) site(name string) *fleetSite {
	for _, s := range l.sites {
		if s.name == name {
			return s
		}
	}
	l.t.Fatalf("no site %s", name)
	return nil
}

// noFlap watches the fleet for d after a failover and the healed site's
// rejoining: every site's agent names primary each few seconds (a flap is
// any other answer), and the writer's commits never pause for over 2 s.
func (l *fleetLab) noFlap(w *pgtest.Writer, primary string, d time.Duration) {
	l.t.Helper()
	from := time.Now()
	for time.Since(from) < d {
		for _, s := range l.sites {
			if p := l.primary(s); p != primary {
				l.t.Errorf("%s after the failover, site %s's agent names %q as primary, not %s", time.Since(from).Round(time.Second), s.name, p, primary)
				return
			}
		}
		time.Sleep(time.Second)
	}
	gap := w.LongestGap(from)
	if gap > 2*time.Second {
		l.t.Errorf("in the %s after the failover, with every site up, writes paused for %s", d, gap.Round(time.Millisecond))
	}
	l.t.Logf("%s after the failover with every site up: %s stayed primary; the longest pause in writes was %s", d, primary, gap.Round(time.Millisecond))
}

// TestFleetFailover runs the failover through the real binaries, sites
// as network namespaces, durability sync, a writer committing rows and a
// checker sampling every site every 100 ms throughout: the primary's site
// cut off (nftables) fences, another takes over, and healed it rejoins as
// a standby; a standby cut off alone never takes over; the primary's
// agent and PostgreSQL killed with SIGKILL (a site loss) are taken over
// and, restarted, rejoin; the primary's agent alone killed, its guard
// fences the member and another site takes over. After the partition and
// after the last, 60 s with every site up in which the primary does not
// change and writes do not pause (the site loss's own 60 s are
// TestSiteLoss's); after all: no acknowledged row lost, never two sites
// accepting writes at once.
func TestFleetFailover(t *testing.T) {
	l := newFleetLab(t, "sync")
	a := l.site("a")
	l.waitPrimary(a, func(p string) bool { return p == "a" }, 60*time.Second)
	l.settle(a, 30*time.Second)
	chk := pgtest.Check(l.targets())
	w := pgtest.Write(l.targets())
	time.Sleep(2 * time.Second)

	// 1. The primary's site is cut off.
	cutAt := time.Now()
	l.cut(a)
	took, ok := w.ResumedAfter(cutAt.Add(100*time.Millisecond), 30*time.Second)
	if !ok {
		t.Fatal("no write acknowledged within 30s of cutting the primary's site off")
	}
	second := l.waitPrimary(l.site("b"), func(p string) bool { return p == "b" || p == "c" }, 10*time.Second)
	t.Logf("partition: %s took over; writes resumed %s after the cut", second, took.Round(time.Millisecond))
	if a := l.target(a); a.Accepting() {
		t.Error("the cut-off former primary still accepts writes")
	}
	l.heal(a)
	l.waitStandby(a, 60*time.Second)
	l.settle(a, 30*time.Second)
	l.noFlap(w, second, 60*time.Second)

	// 2. A standby is cut off alone: it never takes over.
	var lone *fleetSite
	for _, s := range l.sites {
		if s.name != second && s.name != "a" {
			lone = s
		}
	}
	l.cut(lone)
	time.Sleep(6 * time.Second) // twice the failover timeout
	if p := l.primary(l.site(second)); p != second {
		t.Errorf("with standby %s cut off, the primary became %q", lone.name, p)
	}
	if l.target(lone).Accepting() {
		t.Errorf("standby %s, cut off alone, accepts writes", lone.name)
	}
	l.heal(lone)
	l.waitStandby(lone, 30*time.Second)
	l.settle(a, 30*time.Second)
	// The record so far: the first primary and the partition's, none to
	// the lone standby (later faults may hand it the primary rightly).
	if st, ok := l.status(a); ok {
		for _, s := range st.Services {
			for _, e := range s.Events {
				if s.Service == "orders" && e.To == lone.name {
					t.Errorf("standby %s, cut off alone, took over: %+v", lone.name, e)
				}
			}
		}
	} else {
		t.Error("site a's agent gives no status after the lone standby's cut")
	}

	// 3. The primary's site is lost: its agent and PostgreSQL killed.
	p2 := l.site(second)
	lostAt := time.Now()
	l.killAgent(p2)
	l.killPostgres(p2)
	took, ok = w.ResumedAfter(lostAt.Add(100*time.Millisecond), 30*time.Second)
	if !ok {
		t.Fatal("no write acknowledged within 30s of the site loss")
	}
	third := l.waitPrimary(a, func(p string) bool { return p != "" && p != second }, 10*time.Second)
	t.Logf("site loss: %s took over from %s; writes resumed %s after the kill", third, second, took.Round(time.Millisecond))
	l.startAgent(p2)
	l.waitStandby(p2, 60*time.Second)
	l.settle(a, 30*time.Second)

	// 4. The primary's agent alone is killed (SIGKILL), its PostgreSQL
	// left running — an agent's crash, or the OOM killer's pick: the
	// member's guard, which outlives the agent, stops it once the agent
	// has not vouched for the fence interval, before any standby may take
	// over, and another site takes over. (Without the guard the checker
	// sees the old primary accept writes beside the new one.)
	p3 := l.site(third)
	killedAt := time.Now()
	l.killAgent(p3)
	took, ok = w.ResumedAfter(killedAt.Add(100*time.Millisecond), 30*time.Second)
	if !ok {
		t.Fatal("no write acknowledged within 30s of killing the primary's agent")
	}
	fourth := l.waitPrimary(p2, func(p string) bool { return p != "" && p != third }, 10*time.Second)
	t.Logf("agent killed alone: %s took over from %s; writes resumed %s after the kill", fourth, third, took.Round(time.Millisecond))
	if l.target(p3).Accepting() {
		t.Errorf("site %s's PostgreSQL still accepts writes after its agent was killed", third)
	}
	if b, _ := os.ReadFile(filepath.Join(l.dir, third, "agent", "guard", "orders.log")); !strings.Contains(string(b), "fenced: the agent has not vouched") {
		t.Errorf("site %s's guard did not fence its member:\n%s", third, b)
	}
	l.startAgent(p3)
	l.waitStandby(p3, 60*time.Second)

	// No flapping: for 60 s with every site up the primary stays put
	// (any change of it would also be a fifth event in the record below)
	// and writes never pause.
	l.noFlap(w, fourth, 60*time.Second)
	acked := w.Stop()
	if d := chk.Stop(); len(d) > 0 {
		t.Errorf("two sites accepted writes at once: %v", d)
	}
	have, err := l.target(l.site(fourth)).Rows(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if lost := pgtest.Lost(acked, have); len(lost) > 0 {
		t.Errorf("%d of %d acknowledged rows lost: %v", len(lost), len(acked), lost)
	} else {
		t.Logf("%d rows acknowledged, none lost", len(acked))
	}
	st, _ := l.status(a)
	for _, s := range st.Services {
		if s.Service != "orders" {
			continue
		}
		if len(s.Events) != 4 {
			t.Errorf("the record has %d changes of primary, want 4 (first, partition, site loss, agent killed): %+v", len(s.Events), s.Events)
		}
	}

	// The record: harmony-state commits the fleet's status, and only
	// when a primary changed; harmony-report reads it for people.
	doc := l.tool(a.ns, nil, "harmony-agent", "status", "--fleet", l.path("fleet.yaml"), "--site", "a")
	table := l.tool("", []byte(doc), "harmony-report")
	if !strings.Contains(table, "every site heard from, every primary serving") || !strings.Contains(table, "orders   "+fourth) {
		t.Errorf("harmony-report of the fleet:\n%s", table)
	}
	if prom := l.tool("", []byte(doc), "harmony-report", "--format", "prometheus"); !strings.Contains(prom, `harmony_fleet_primary{fleet="lab-fleet",service="orders",site="`+fourth+`"} 1`) {
		t.Errorf("harmony-report --format prometheus of the fleet:\n%s", prom)
	}
	repo := l.path("fleet-state")
	l.tool("", []byte(doc), "harmony-state", "record", "--init", "--repo", repo)
	again := exec.Command(filepath.Join(l.bin, "harmony-state"), "record", "--repo", repo)
	again.Stdin = strings.NewReader(doc)
	if out, err := again.CombinedOutput(); err != nil || !strings.Contains(string(out), "no change of primary since") {
		t.Errorf("recording the same status again: %v\n%s", err, out)
	}
	log := l.tool("", nil, "harmony-state", "log", "--repo", repo)
	if !strings.Contains(log, "fleet lab-fleet: orders on "+fourth) {
		t.Errorf("harmony-state log does not show the fleet's record:\n%s", log)
	}
	rec, err := exec.Command("git", "-C", repo, "show", "HEAD:services/orders.json").Output()
	if err != nil || strings.Count(string(rec), `"to"`) != 4 || !strings.Contains(string(rec), "failover: "+second+" silent for") {
		t.Errorf("the recorded timeline: %v\n%s", err, rec)
	}
}
