package brocade

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/apply/conformance"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/brocade/brocadetest"
)

// labSteps are the switch steps of the lab's BareMetalCluster: VLAN 10
// and a LAG per host cpN over two ports, the first kept forwarding for PXE.
func labSteps(tb testing.TB, hosts int) []domain.Step { return hostLAGSteps(tb, "prod", "cp", hosts) }

// hostLAGSteps are VLAN 10 and a two-port LAG per host PREFIX0, PREFIX1 …
func hostLAGSteps(tb testing.TB, score, prefix string, hosts int) []domain.Step {
	tb.Helper()
	b := domain.StepBuilder{Score: score}
	vid := b.Ensure(domain.Switch, "sw1", domain.TypeVLAN, "10", domain.VLAN{ID: 10, Name: "lan"})
	for i := range hosts {
		a, c := fmt.Sprintf("1/1/%d", 2*i+1), fmt.Sprintf("1/1/%d", 2*i+2)
		b.Ensure(domain.Switch, "sw1", domain.TypeLAG, fmt.Sprintf("%s%d", prefix, i),
			domain.LAG{Ports: []string{a, c}, UntaggedVLAN: 10, KeepForwarding: a, Description: fmt.Sprintf("%s%d lan", prefix, i)}, vid)
	}
	steps, err := b.Steps()
	if err != nil {
		tb.Fatal(err)
	}
	return steps
}

func device(login Login) domain.Device {
	return domain.Device{Name: "sw1", Provider: "brocade-fastiron", Endpoint: "ssh://" + net.JoinHostPort(login.Host, fmt.Sprint(login.Port)),
		SecretRef: "sw1", Provides: []domain.Capability{domain.Switch}}
}

func driver(login Login) *Driver {
	return &Driver{KnownHosts: login.KnownHosts, Timeout: 3 * time.Second,
		Credentials: func(string) (string, string, error) { return login.User, login.Password, nil }}
}

// run applies steps in one session, as harmony-switch does, and returns
// the outcomes by step id.
func run(t testing.TB, d *Driver, dev domain.Device, steps []domain.Step, dryRun, prune bool) (map[string]domain.Outcome, []string) {
	t.Helper()
	s, err := d.Open(context.Background(), dev)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out := map[string]domain.Outcome{}
	for _, st := range steps {
		out[st.ID] = s.Apply(context.Background(), st, dryRun)
	}
	var removed []string
	if prune {
		if removed, err = s.Prune(context.Background(), domain.NewKeep(steps), dryRun); err != nil {
			t.Fatal(err)
		}
	}
	if dryRun {
		return out, removed // lib/apply commits only a run that is not dry
	}
	if err := s.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
	return out, removed
}

func statuses(out map[string]domain.Outcome) map[domain.Status]int {
	m := map[domain.Status]int{}
	for _, o := range out {
		m[o.Status]++
	}
	return m
}

// TestConverge: the lab's steps converge from an empty switch in one
// session with one write memory; the second session is all NOOP, and the
// switch saw no configuration command and no write memory.
func TestConverge(t *testing.T) {
	sw, login := lab(t, brocadetest.Config{})
	d, dev := driver(login), device(login)
	steps := labSteps(t, 5)
	out, _ := run(t, d, dev, steps, false, false)
	if got := statuses(out); got[domain.Success] != 6 {
		t.Fatalf("first run: %v\n%+v", got, out)
	}
	cfg := sw.RunningConfig()
	for _, want := range []string{
		"lag harmony-cp0 dynamic id 1\n ports ethe 1/1/1 to 1/1/2 \n force-up ethe 1/1/1\n",
		"lag harmony-cp4 dynamic id 5\n ports ethe 1/1/9 to 1/1/10 \n force-up ethe 1/1/9\n",
		"vlan 10 name lan by port\n untagged lag 1 to 5 \n",
		"interface lag 1\n port-name harmony-cp0-lan\n",
	} {
		if !strings.Contains(cfg, want) {
			t.Errorf("running config lacks %q:\n%s", want, cfg)
		}
	}
	if sw.Saves() != 1 || sw.StartupConfig() != cfg {
		t.Errorf("write memory: %d saves; startup = running: %v", sw.Saves(), sw.StartupConfig() == cfg)
	}
	before := len(sw.Commands())
	out, _ = run(t, d, dev, steps, false, false)
	if got := statuses(out); got[domain.Noop] != 6 {
		t.Errorf("second run: %v\n%+v", got, out)
	}
	second := sw.Commands()[before:]
	if n := brocadetest.ConfigCommands(second); n != 0 || sw.Saves() != 1 {
		t.Errorf("second run sent %d configuration commands, %d saves in all: %+v", n, sw.Saves(), second)
	}
	if sw.Sessions() != 2 {
		t.Errorf("sessions = %d, want one per run", sw.Sessions())
	}
	t.Logf("second run's commands: %+v", second)
}

// TestChangeOnlyTheDifference: a host's LAG changed by hand (a member
// removed, its VLAN moved) is put back with exactly those lines.
func TestChangeOnlyTheDifference(t *testing.T) {
	sw, login := lab(t, brocadetest.Config{})
	d, dev := driver(login), device(login)
	steps := labSteps(t, 2)
	run(t, d, dev, steps, false, false)
	sw.Exec("vlan 20 name other", "exit", "lag harmony-cp1", "no ports ethernet 1/1/4", "exit")
	before := len(sw.Commands())
	dry, _ := run(t, d, dev, steps, true, false)
	if n := brocadetest.ConfigCommands(sw.Commands()[before:]); n != 0 {
		t.Errorf("the dry run sent %d configuration commands", n)
	}
	o := dry["prod/switch/sw1/lag/cp1"]
	if o.Status != domain.Success || len(o.Changes) != 1 || o.Changes[0] != (domain.Change{Field: "ports", From: "1/1/3", To: "1/1/3,1/1/4"}) {
		t.Errorf("dry run of cp1: %+v", o)
	}
	before = len(sw.Commands())
	out, _ := run(t, d, dev, steps, false, false)
	if got := statuses(out); got[domain.Success] != 1 || got[domain.Noop] != 2 {
		t.Errorf("run: %v", got)
	}
	var cfgCmds []string
	for _, c := range sw.Commands()[before:] {
		if strings.HasPrefix(c.Mode, "config") {
			cfgCmds = append(cfgCmds, c.Command)
		}
	}
	if want := "lag harmony-cp1|ports ethernet 1/1/4|exit|end"; strings.Join(cfgCmds, "|") != want {
		t.Errorf("lines sent: %q, want %q", strings.Join(cfgCmds, "|"), want)
	}
}

// TestConflictingPort: a port already in a hand-made LAG fails its host's
// step naming it, before a line is sent; the other steps go on.
func TestConflictingPort(t *testing.T) {
	sw, login := lab(t, brocadetest.Config{})
	sw.Exec("lag storage dynamic id 9", "ports ethernet 1/1/2", "exit")
	out, _ := run(t, driver(login), device(login), labSteps(t, 2), false, false)
	o := out["prod/switch/sw1/lag/cp0"]
	if o.Status != domain.Failure || !strings.Contains(o.Message, "sw1: port 1/1/2 is a member of LAG storage") {
		t.Errorf("cp0 on a port of LAG storage: %+v", o)
	}
	if out["prod/switch/sw1/lag/cp1"].Status != domain.Success {
		t.Errorf("cp1: %+v", out["prod/switch/sw1/lag/cp1"])
	}
	if strings.Contains(sw.RunningConfig(), "harmony-cp0") {
		t.Errorf("a half-built LAG for cp0:\n%s", sw.RunningConfig())
	}
}

// TestPrune: --prune removes the managed LAG the plan no longer has, with
// its VLAN membership, and never a hand-made LAG or port name.
func TestPrune(t *testing.T) {
	sw, login := lab(t, brocadetest.Config{})
	d, dev := driver(login), device(login)
	run(t, d, dev, labSteps(t, 3), false, false)
	sw.Exec("lag storage dynamic id 20", "ports ethernet 1/1/40", "exit", "interface ethernet 1/1/41", "port-name pdu-1", "exit")
	_, removed := run(t, d, dev, labSteps(t, 2), false, true)
	if strings.Join(removed, ",") != "LAG harmony-cp2" {
		t.Errorf("pruned %v, want LAG harmony-cp2", removed)
	}
	cfg := sw.RunningConfig()
	if strings.Contains(cfg, "harmony-cp2") || !strings.Contains(cfg, "lag storage dynamic id 20") || !strings.Contains(cfg, "port-name pdu-1") ||
		!strings.Contains(cfg, "untagged lag 1 to 2 \n") {
		t.Errorf("after prune:\n%s", cfg)
	}
}

// TestFaults: each fault gives a FAILURE naming the switch and the
// command it stopped at, and a rerun converges.
func TestFaults(t *testing.T) {
	steps := labSteps(t, 3)
	t.Run("connection dropped mid-LAG", func(t *testing.T) {
		sw, login := lab(t, brocadetest.Config{})
		d, dev := driver(login), device(login)
		sw.DropAfter(10) // enable, skip-page-display, show version, show running-config, show configuration, conf t, vlan, exit, end, show running-config; then lag …
		out, _ := runLenient(t, d, dev, steps)
		o := out["prod/switch/sw1/lag/cp0"]
		if o.Status != domain.Failure || !strings.Contains(o.Message, "sw1: the session ended at") {
			t.Fatalf("cp0 after a dropped connection: %+v", o)
		}
		sw.DropAfter(0)
		out, _ = run(t, d, dev, steps, false, false)
		if got := statuses(out); got[domain.Failure] != 0 {
			t.Errorf("rerun: %v %+v", got, out)
		}
		out, _ = run(t, d, dev, steps, false, false)
		if got := statuses(out); got[domain.Noop] != 4 {
			t.Errorf("third run: %v", got)
		}
	})
	t.Run("connection dropped inside a LAG's lines", func(t *testing.T) {
		sw, login := lab(t, brocadetest.Config{})
		d, dev := driver(login), device(login)
		sw.DropAfter(12) // … show configuration, conf t, vlan 10, exit, end, show running-config, conf t, lag harmony-cp0 …; then ports …
		out, _ := runLenient(t, d, dev, steps)
		o := out["prod/switch/sw1/lag/cp0"]
		if o.Status != domain.Failure || !strings.Contains(o.Message, `sw1: the session ended at "ports ethernet 1/1/1 ethernet 1/1/2"`) ||
			!strings.Contains(o.Message, "1 of its 10 lines were taken (lag harmony-cp0 dynamic id 1): the switch is part-way, run again to finish") {
			t.Fatalf("cp0 cut inside its lines: %+v", o)
		}
		if b := out["prod/switch/sw1/lag/cp1"]; b.Status != domain.Failure {
			t.Errorf("cp1 after the session died: %+v", b)
		}
		sw.DropAfter(0)
		out, _ = run(t, d, dev, steps, false, false)
		if got := statuses(out); got[domain.Failure] != 0 || out["prod/switch/sw1/lag/cp0"].Status != domain.Success {
			t.Errorf("rerun: %v %+v", got, out)
		}
	})
	t.Run("slow switch", func(t *testing.T) {
		sw, login := lab(t, brocadetest.Config{})
		d, dev := driver(login), device(login)
		d.Timeout = 300 * time.Millisecond
		sw.Slow(time.Second)
		_, err := d.Open(context.Background(), dev)
		if err == nil || !strings.Contains(err.Error(), "sw1:") || !strings.Contains(err.Error(), "did not answer enable within 300ms") {
			t.Errorf("open of a slow switch: %v", err)
		}
	})
	t.Run("a switch that stops answering mid-run says so", func(t *testing.T) {
		sw, login := lab(t, brocadetest.Config{})
		d, dev := driver(login), device(login)
		d.Timeout = 300 * time.Millisecond
		s, err := d.Open(context.Background(), dev)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		sw.Slow(2 * time.Second)
		if o := s.Apply(context.Background(), steps[0], false); o.Status != domain.Failure {
			t.Fatalf("first step on a silent switch: %+v", o)
		}
		if err := s.Silent(); err == nil || !strings.Contains(err.Error(), "the switch stopped answering") {
			t.Errorf("Silent = %v", err)
		}
		sw.Slow(0)
	})
	t.Run("wrong password", func(t *testing.T) {
		_, login := lab(t, brocadetest.Config{})
		d := driver(login)
		d.Credentials = func(string) (string, string, error) { return login.User, "wrong", nil }
		_, err := d.Open(context.Background(), device(login))
		if err == nil || !strings.Contains(err.Error(), `refused user "admin": wrong user name or password`) || strings.Contains(err.Error(), "wrong\"") {
			t.Errorf("wrong password: %v", err)
		}
	})
	t.Run("refused login", func(t *testing.T) {
		sw, login := lab(t, brocadetest.Config{})
		sw.RefuseAuth(true)
		_, err := driver(login).Open(context.Background(), device(login))
		if err == nil || !strings.Contains(err.Error(), "refused user") {
			t.Errorf("refused login: %v", err)
		}
	})
	t.Run("wrong host key", func(t *testing.T) {
		_, login := lab(t, brocadetest.Config{})
		other := brocadetest.New(brocadetest.Config{Hostname: "impostor"})
		addr := net.JoinHostPort(login.Host, fmt.Sprint(login.Port))
		_ = os.WriteFile(login.KnownHosts, []byte(other.KnownHostsLine(addr)+"\n"), 0o600)
		_, err := driver(login).Open(context.Background(), device(login))
		if err == nil || !strings.Contains(err.Error(), "is not the one in") {
			t.Errorf("wrong host key: %v", err)
		}
		_ = os.WriteFile(login.KnownHosts, nil, 0o600)
		_, err = driver(login).Open(context.Background(), device(login))
		if err == nil || !strings.Contains(err.Error(), "is not in") {
			t.Errorf("unknown host key: %v", err)
		}
	})
}

// runLenient is run for a session that may die: errors are outcomes.
func runLenient(t *testing.T, d *Driver, dev domain.Device, steps []domain.Step) (map[string]domain.Outcome, error) {
	s, err := d.Open(context.Background(), dev)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	out := map[string]domain.Outcome{}
	for _, st := range steps {
		out[st.ID] = s.Apply(context.Background(), st, false)
	}
	return out, s.Commit(context.Background())
}

// TestEnablePassword: a switch that asks for an enable password.
func TestEnablePassword(t *testing.T) {
	_, login := lab(t, brocadetest.Config{EnablePassword: "en-secret"})
	d := driver(login)
	d.Credentials = func(string) (string, string, error) { return login.User, login.Password + ":en-secret", nil }
	out, _ := run(t, d, device(login), labSteps(t, 1), false, false)
	if got := statuses(out); got[domain.Success] != 2 {
		t.Errorf("with an enable password: %v", got)
	}
}

func TestLoginRefusesBadEndpoints(t *testing.T) {
	d := &Driver{Credentials: func(string) (string, string, error) { return "", "", errors.New("HARMONY_SECRET_SW1 is not set") }}
	for _, tc := range []struct{ endpoint, ref, want string }{
		{"https://10.0.0.2", "sw1", "is not ssh://HOST[:PORT]"},
		{"ssh://admin:pw@10.0.0.2", "sw1", "has credentials in it"},
		{"ssh://10.0.0.2", "", "has no secretRef"},
		{"ssh://10.0.0.2", "sw1", "HARMONY_SECRET_SW1 is not set"},
	} {
		_, err := d.Login(domain.Device{Name: "sw1", Endpoint: tc.endpoint, SecretRef: tc.ref})
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), ":pw@") {
			t.Errorf("Login(%s) = %v, want %q", tc.endpoint, err, tc.want)
		}
	}
}

// TestSinglePort: a host with one cabled NIC gets its port in the VLAN
// and named; a port of a LAG is refused.
func TestSinglePort(t *testing.T) {
	sw, login := lab(t, brocadetest.Config{})
	d, dev := driver(login), device(login)
	b := domain.StepBuilder{Score: "s"}
	vid := b.Ensure(domain.Switch, "sw1", domain.TypeVLAN, "20", domain.VLAN{ID: 20, Name: "mgmt"})
	b.Ensure(domain.Switch, "sw1", domain.TypePort, "pdu", domain.SwitchPort{Port: "1/1/40", UntaggedVLAN: 20, TaggedVLANs: []int{30}, Description: "pdu eth0"}, vid)
	steps, err := b.Steps()
	if err != nil {
		t.Fatal(err)
	}
	sw.Exec("vlan 30", "exit")
	out, _ := run(t, d, dev, steps, false, false)
	if got := statuses(out); got[domain.Success] != 2 {
		t.Fatalf("%v %+v", got, out)
	}
	cfg := sw.RunningConfig()
	for _, want := range []string{"vlan 20 name mgmt by port\n untagged ethe 1/1/40 \n", "vlan 30 by port\n tagged ethe 1/1/40 \n", "interface ethernet 1/1/40\n port-name harmony-pdu-eth0\n"} {
		if !strings.Contains(cfg, want) {
			t.Errorf("running config lacks %q:\n%s", want, cfg)
		}
	}
	out, _ = run(t, d, dev, steps, false, false)
	if got := statuses(out); got[domain.Noop] != 2 {
		t.Errorf("second run: %v", got)
	}
	sw.Exec("lag storage dynamic id 9", "exit")
	sw.Exec("interface ethernet 1/1/40", "no port-name", "exit", "vlan 20", "no untagged ethernet 1/1/40", "exit", "vlan 30", "no tagged ethernet 1/1/40", "exit", "lag storage", "ports ethernet 1/1/40", "exit")
	out, _ = run(t, d, dev, steps, false, false)
	if o := out["s/switch/sw1/port/pdu"]; o.Status != domain.Failure || !strings.Contains(o.Message, "port 1/1/40 is a member of LAG storage") {
		t.Errorf("a port of a LAG: %+v", o)
	}
}

// TestConformance runs the apply contract's suite against the FastIron
// simulator: VLANs, two hosts' LAGs and a single port; the switch's
// writes are the configuration commands in its own command log.
func TestConformance(t *testing.T) {
	for _, version := range []string{"08.0.95kT213", "08.0.30hT311"} {
		t.Run(version, func(t *testing.T) { conformOn(t, version) })
	}
}

// conformOn runs the suite on a release: 08.0.95 speaks LAG interfaces,
// 08.0.30 LAGs with a primary port and deploy.
func conformOn(t *testing.T, version string) {
	sw, login := lab(t, brocadetest.Config{Version: version})
	b := domain.StepBuilder{Score: "prod"}
	vid := b.Ensure(domain.Switch, "sw1", domain.TypeVLAN, "10", domain.VLAN{ID: 10, Name: "lan"})
	mgmt := b.Ensure(domain.Switch, "sw1", domain.TypeVLAN, "20", domain.VLAN{ID: 20, Name: "mgmt"})
	for i := range 2 {
		a, c := fmt.Sprintf("1/1/%d", 2*i+1), fmt.Sprintf("1/1/%d", 2*i+2)
		b.Ensure(domain.Switch, "sw1", domain.TypeLAG, fmt.Sprintf("cp%d", i),
			domain.LAG{Ports: []string{a, c}, UntaggedVLAN: 10, TaggedVLANs: []int{20}, KeepForwarding: a, Description: fmt.Sprintf("cp%d lan", i)}, vid, mgmt)
	}
	b.Ensure(domain.Switch, "sw1", domain.TypePort, "pdu", domain.SwitchPort{Port: "1/1/40", UntaggedVLAN: 20, Description: "pdu eth0"}, mgmt)
	b.Ensure(domain.Switch, "sw1", domain.TypeVLAN, "30", domain.VLAN{ID: 30, Name: "storage"})
	steps, err := b.Steps()
	if err != nil {
		t.Fatal(err)
	}
	conformance.Run(t, conformance.Peer{
		Tool: func(*testing.T) *apply.Tool {
			return &apply.Tool{Name: "harmony-switch", Providers: domain.ProvidersOf("harmony-switch"), Driver: apply.OpenFunc(driver(login).Open)}
		},
		Plan:    conformance.PlanOf(t, "lab", []domain.Device{device(login)}, steps),
		Device:  "sw1",
		Victim:  "prod/switch/sw1/lag/cp1",
		Absent:  []string{"prod/switch/sw1/lag/cp1", "prod/switch/sw1/port/pdu", "prod/switch/sw1/vlan/30"},
		Writes:  func(*testing.T) int { return brocadetest.ConfigCommands(sw.Commands()) },
		Commits: func(*testing.T) int { return sw.Saves() },
		Present: func(_ *testing.T, st domain.Step) bool {
			cfg := sw.RunningConfig()
			switch st.Resource.Type {
			case domain.TypeVLAN:
				return strings.Contains(cfg, "\nvlan "+st.Resource.Name+" ")
			case domain.TypeLAG:
				return strings.Contains(cfg, "\nlag harmony-"+st.Resource.Name+" dynamic")
			}
			return strings.Contains(cfg, "interface ethernet 1/1/40\n port-name harmony-pdu-eth0\n")
		},
		Change: func(st domain.Step) (domain.Step, string, bool) {
			if st.Resource.Type != domain.TypeLAG {
				return st, "", false
			}
			c, err := conformance.Edit(st, func(l *domain.LAG) { l.Description += " renamed" })
			return c, "portName", err == nil
		},
		HandMade: func(*testing.T) func(*testing.T) bool {
			sw.Exec("lag storage dynamic id 20", "ports ethernet 1/1/30", "exit", "interface ethernet 1/1/31", "port-name pdu-1", "exit",
				"vlan 10", "untagged ethernet 1/1/32", "exit")
			return func(*testing.T) bool {
				cfg := sw.RunningConfig()
				return strings.Contains(cfg, "lag storage dynamic id 20\n ports ethe 1/1/30 \n") && strings.Contains(cfg, "port-name pdu-1") &&
					regexp.MustCompile(`(?m)^ untagged (.* )?ethe 1/1/32 `).MatchString(cfg)
			}
		},
	})
}

// TestAbsent: absent removes a LAG with its VLAN memberships and a
// managed port's settings; a VLAN that still carries a port Harmony does
// not manage is refused, naming it.
func TestAbsent(t *testing.T) {
	sw, login := lab(t, brocadetest.Config{})
	d, dev := driver(login), device(login)
	steps := labSteps(t, 2)
	run(t, d, dev, steps, false, false)
	gone := func(in []domain.Step) []domain.Step {
		out := make([]domain.Step, len(in))
		for i, s := range in {
			s.Action = domain.Absent
			out[i] = s
		}
		return out
	}
	sw.Exec("vlan 10", "untagged ethernet 1/1/20", "exit")
	out, _ := run(t, d, dev, gone(steps), false, false)
	if o := out["prod/switch/sw1/vlan/10"]; o.Status != domain.Failure || !strings.Contains(o.Message, "VLAN 10 still carries 1/1/20 (untagged)") {
		t.Errorf("absent VLAN with a hand-made member: %+v", o)
	}
	for _, id := range []string{"prod/switch/sw1/lag/cp0", "prod/switch/sw1/lag/cp1"} {
		if o := out[id]; o.Status != domain.Success {
			t.Errorf("absent %s: %+v", id, o)
		}
	}
	cfg := sw.RunningConfig()
	if strings.Contains(cfg, "harmony-cp") || !strings.Contains(cfg, "vlan 10 name lan by port\n untagged ethe 1/1/20 \n") {
		t.Errorf("after absent:\n%s", cfg)
	}
	sw.Exec("vlan 10", "no untagged ethernet 1/1/20", "exit")
	out, _ = run(t, d, dev, gone(steps), false, false)
	if o := out["prod/switch/sw1/vlan/10"]; o.Status != domain.Success {
		t.Errorf("absent VLAN once empty: %+v", o)
	}
	if cfg := sw.RunningConfig(); strings.Contains(cfg, "vlan 10 ") {
		t.Errorf("VLAN 10 is still there:\n%s", cfg)
	}
}

// TestDisabledPorts: a member shut down in its LAG (` disable ethe 1/1/2`),
// a LAG interface or a single port shut down (` disable`) cannot carry its
// host or PXE-boot it: that is drift, reported and fixed with enable, and
// the next run is NOOP.
func TestDisabledPorts(t *testing.T) {
	sw, login := lab(t, brocadetest.Config{})
	d, dev := driver(login), device(login)
	b := domain.StepBuilder{Score: "prod"}
	vid := b.Ensure(domain.Switch, "sw1", domain.TypeVLAN, "10", domain.VLAN{ID: 10, Name: "lan"})
	b.Ensure(domain.Switch, "sw1", domain.TypeLAG, "cp0", domain.LAG{Ports: []string{"1/1/1", "1/1/2"}, UntaggedVLAN: 10, KeepForwarding: "1/1/1", Description: "cp0 lan"}, vid)
	b.Ensure(domain.Switch, "sw1", domain.TypePort, "pdu", domain.SwitchPort{Port: "1/1/40", UntaggedVLAN: 10, Description: "pdu eth0"}, vid)
	steps, err := b.Steps()
	if err != nil {
		t.Fatal(err)
	}
	run(t, d, dev, steps, false, false)
	sw.Exec("lag harmony-cp0", "disable ethernet 1/1/1 to 1/1/2", "exit", "interface lag 1", "disable", "exit", "interface ethernet 1/1/40", "disable", "exit")
	cfg := sw.RunningConfig()
	for _, want := range []string{" disable ethe 1/1/1 to 1/1/2 \n", "interface lag 1\n port-name harmony-cp0-lan\n disable\n", "interface ethernet 1/1/40\n port-name harmony-pdu-eth0\n disable\n"} {
		if !strings.Contains(cfg, want) {
			t.Fatalf("the simulator renders no %q:\n%s", want, cfg)
		}
	}
	dry, _ := run(t, d, dev, steps, true, false)
	if o := dry["prod/switch/sw1/lag/cp0"]; o.Status != domain.Success || !slices.Contains(o.Changes, domain.Change{Field: "disabled", From: "1/1/1,1/1/2"}) ||
		!slices.Contains(o.Changes, domain.Change{Field: "disabled", From: "lag 1"}) {
		t.Errorf("dry run of cp0's LAG: %+v", o)
	}
	out, _ := run(t, d, dev, steps, false, false)
	if got := statuses(out); got[domain.Success] != 2 || got[domain.Noop] != 1 {
		t.Errorf("the run: %v %+v", got, out)
	}
	if cfg := sw.RunningConfig(); strings.Contains(cfg, "disable") {
		t.Errorf("still disabled:\n%s", cfg)
	}
	if out, _ := run(t, d, dev, steps, false, false); statuses(out)[domain.Noop] != 3 {
		t.Errorf("the run after: %+v", out)
	}
}

// TestErrorsThatLookLikeOutput: a switch that answers a read with an
// error, or with nothing, or cuts it off, never reads as an empty config;
// a busy flash is waited out, a bit.
func TestErrorsThatLookLikeOutput(t *testing.T) {
	steps := labSteps(t, 1)
	for _, tc := range []struct {
		name, command, out string
		times              int
		want               string
	}{
		{"authorization", "show running-config", "Command authorization failed.", 0, `"show running-config": the switch answered "Command authorization failed."`},
		{"an error", "show running-config", "Error - cannot read the configuration now", 0, `the switch answered "Error - cannot read the configuration now"`},
		{"empty", "show running-config", "", 0, `"show running-config" came back empty or cut off`},
		{"cut off", "show running-config", "Current configuration:\n!\nver 08.0.95kT213\n!\nvlan 10 name lan by port\n", 0, "came back empty or cut off"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sw, login := lab(t, brocadetest.Config{})
			sw.Answer(tc.command, tc.out, tc.times)
			_, err := driver(login).Open(context.Background(), device(login))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Open = %v, want %q", err, tc.want)
			}
		})
	}
	t.Run("a busy flash, twice, then free", func(t *testing.T) {
		sw, login := lab(t, brocadetest.Config{})
		login.FlashWait = 10 * time.Millisecond
		d := driver(login)
		d.FlashWait = login.FlashWait
		sw.Answer("write memory", "Flash access in progress. Please try later", 2)
		out, _ := run(t, d, device(login), steps, false, false)
		if got := statuses(out); got[domain.Success] != 2 || sw.Saves() != 1 {
			t.Errorf("%v, %d saves", got, sw.Saves())
		}
	})
	t.Run("a flash that stays busy", func(t *testing.T) {
		sw, login := lab(t, brocadetest.Config{})
		d := driver(login)
		d.FlashWait = 5 * time.Millisecond
		sw.Answer("write memory", "Flash access in progress. Please try later", 0)
		s, err := d.Open(context.Background(), device(login))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for _, st := range steps {
			s.Apply(context.Background(), st, false)
		}
		if err := s.Commit(context.Background()); err == nil || !strings.Contains(err.Error(), "flash stayed busy") || sw.Saves() != 0 {
			t.Errorf("Commit = %v, %d saves", err, sw.Saves())
		}
	})
}

// TestSaveAnswers: write memory's answers. The forms a release prints
// once saved pass; an error text fails naming it; an answer of another
// form passes only when show configuration then matches the running
// config.
func TestSaveAnswers(t *testing.T) {
	steps := labSteps(t, 1)
	for _, tc := range []struct {
		name       string
		saveAnswer string // the simulator saves and prints this
		answer     string // the simulator prints this and does not save
		want       string // "" to succeed, else a part of Commit's error
		wantSaves  int
	}{
		{name: "done", wantSaves: 1},
		{name: "with a progress line", saveAnswer: "Flash Memory Write (8192 bytes per dot) .\nWrite startup-config done.", wantSaves: 1},
		{name: "another wording, saved", saveAnswer: "Copy Done.", wantSaves: 1},
		{name: "another wording, not saved", answer: "Write startup-config in progress.", want: `write memory was not confirmed: the switch answered "Write startup-config in progress.", and the saved config (show configuration) still differs from the running one: the changes are not saved`},
		{name: "an error", answer: "Error - failed to write the startup config to flash", want: `write memory: the switch answered "Error - failed to write the startup config to flash": the running config is not saved`},
		{name: "not authorized", answer: "Command authorization failed", want: `write memory: the switch answered "Command authorization failed"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sw, login := lab(t, brocadetest.Config{SaveAnswer: tc.saveAnswer})
			if tc.answer != "" {
				sw.Answer("write memory", tc.answer, 0)
			}
			out, err := runLenient(t, driver(login), device(login), steps)
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("Commit = %v, want %q", err, tc.want)
			}
			if got := statuses(out); got[domain.Success] != 2 || sw.Saves() != tc.wantSaves {
				t.Errorf("%v, %d saves", got, sw.Saves())
			}
		})
	}
}

// TestConfiguredNeverSaved: a run whose changes the switch took but never
// saved (cut off at write memory) leaves a running config a reboot would
// lose; the next run sees it differ from the saved one and saves, though
// every step is NOOP, and says so.
func TestConfiguredNeverSaved(t *testing.T) {
	sw, login := lab(t, brocadetest.Config{})
	d, dev := driver(login), device(login)
	d.FlashWait = time.Millisecond
	steps := labSteps(t, 2)
	sw.Answer("write memory", "Flash access in progress. Please try later", 5) // every attempt of this run
	s, err := d.Open(context.Background(), dev)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		s.Apply(context.Background(), st, false)
	}
	if err := s.Commit(context.Background()); err == nil {
		t.Fatal("the save went through")
	}
	s.Close()
	if sw.Saves() != 0 || sw.StartupConfig() == sw.RunningConfig() {
		t.Fatalf("%d saves; the switch's startup config is its running one", sw.Saves())
	}
	// A dry run says the save is owed and saves nothing.
	dry, err := d.Open(context.Background(), dev)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		dry.Apply(context.Background(), st, true)
	}
	if n := dry.Notes(); len(n) != 1 || !strings.Contains(n[0], "a run that is not a dry run saves it") || sw.Saves() != 0 {
		t.Errorf("dry run: notes %q, %d saves", n, sw.Saves())
	}
	dry.Close()
	out, _ := run(t, d, dev, steps, false, false)
	if got := statuses(out); got[domain.Noop] != 3 || sw.Saves() != 1 || sw.StartupConfig() != sw.RunningConfig() {
		t.Errorf("rerun: %v, %d saves", got, sw.Saves())
	}
	if out, _ := run(t, d, dev, steps, false, false); statuses(out)[domain.Noop] != 3 || sw.Saves() != 1 {
		t.Errorf("third run saved again (%d saves)", sw.Saves())
	}
}

// TestReadBackHoldsEarlierSteps: a step's lines can touch the ports of
// another (a hand-edited plan giving one port to a port step and to a
// LAG): the read-back after a changed step checks every step the switch
// matched so far, and the step that undid one is FAILURE naming it.
func TestReadBackHoldsEarlierSteps(t *testing.T) {
	_, login := lab(t, brocadetest.Config{})
	d, dev := driver(login), device(login)
	b := domain.StepBuilder{Score: "s"}
	b.Ensure(domain.Switch, "sw1", domain.TypePort, "pdu", domain.SwitchPort{Port: "1/1/40", Description: "pdu eth0"})
	b.Ensure(domain.Switch, "sw1", domain.TypeLAG, "srv9", domain.LAG{Ports: []string{"1/1/40", "1/1/41"}, Description: "srv9 bond0"})
	steps, err := b.Steps()
	if err != nil {
		t.Fatal(err)
	}
	out, _ := runLenient(t, d, dev, steps)
	if o := out["s/switch/sw1/port/pdu"]; o.Status != domain.Success {
		t.Errorf("the port step: %+v", o)
	}
	o := out["s/switch/sw1/lag/srv9"]
	if o.Status != domain.Failure || !strings.Contains(o.Message, "which undid step s/switch/sw1/port/pdu (now: port 1/1/40 is a member of LAG harmony-srv9") {
		t.Errorf("the LAG step that undid it: %+v", o)
	}
}

// TestPrimaryPortDialect: FastIron 08.0.30 (LAGs with a primary port and
// deploy, dual-mode for a port untagged in one VLAN and tagged in others)
// converges from empty, is NOOP with no configuration command on the
// second run, changes a deployed LAG's members by undeploying it, brings
// a disabled member back, and deletes a LAG; 08.0.20 is refused, named.
func TestPrimaryPortDialect(t *testing.T) {
	sw, login := lab(t, brocadetest.Config{Version: "08.0.30hT311"})
	d, dev := driver(login), device(login)
	plan := func(cp1 []string, cp1State domain.Action) []domain.Step {
		b := domain.StepBuilder{Score: "prod"}
		lan := b.Ensure(domain.Switch, "sw1", domain.TypeVLAN, "10", domain.VLAN{ID: 10, Name: "lan"})
		mgmt := b.Ensure(domain.Switch, "sw1", domain.TypeVLAN, "20", domain.VLAN{ID: 20, Name: "mgmt"})
		b.Ensure(domain.Switch, "sw1", domain.TypeLAG, "cp0", domain.LAG{Ports: []string{"1/1/1", "1/1/2"}, UntaggedVLAN: 10, TaggedVLANs: []int{20}, KeepForwarding: "1/1/1", Description: "cp0 lan"}, lan, mgmt)
		b.Ensure(domain.Switch, "sw1", domain.TypeLAG, "cp1", domain.LAG{Ports: cp1, UntaggedVLAN: 10, Description: "cp1 lan"}, lan)
		b.Ensure(domain.Switch, "sw1", domain.TypePort, "pdu", domain.SwitchPort{Port: "1/1/40", UntaggedVLAN: 20, TaggedVLANs: []int{10}, Description: "pdu eth0"}, lan, mgmt)
		steps, err := b.Steps()
		if err != nil {
			t.Fatal(err)
		}
		for i := range steps {
			if steps[i].ID == "prod/switch/sw1/lag/cp1" {
				steps[i].Action = cp1State
			}
		}
		return steps
	}
	converge := func(name string, steps []domain.Step, wantChanged int) map[string]domain.Outcome {
		t.Helper()
		out, _ := run(t, d, dev, steps, false, false)
		if got := statuses(out); got[domain.Success] != wantChanged || got[domain.Failure] != 0 {
			t.Fatalf("%s: %v\n%+v\n%s", name, got, out, sw.RunningConfig())
		}
		before := len(sw.Commands())
		again, _ := run(t, d, dev, steps, false, false)
		if got := statuses(again); got[domain.Noop] != len(steps) {
			t.Errorf("%s, run again: %v\n%+v", name, got, again)
		}
		if n := brocadetest.ConfigCommands(sw.Commands()[before:]); n != 0 {
			t.Errorf("%s, run again: %d configuration commands: %+v", name, n, sw.Commands()[before:])
		}
		return out
	}
	converge("from empty", plan([]string{"1/1/3", "1/1/4"}, domain.Ensure), 5)
	cfg := sw.RunningConfig()
	for _, want := range []string{
		"lag harmony-cp0 dynamic id 1\n ports ethe 1/1/1 to 1/1/2 \n primary-port 1/1/1\n deploy\n force-up ethe 1/1/1\n",
		"vlan 10 name lan by port\n tagged ethe 1/1/1 to 1/1/2 ethe 1/1/40 \n untagged ethe 1/1/3 to 1/1/4 \n",
		"vlan 20 name mgmt by port\n tagged ethe 1/1/1 to 1/1/2 ethe 1/1/40 \n",
		"interface ethernet 1/1/1\n port-name harmony-cp0-lan\n dual-mode 10\n",
		"interface ethernet 1/1/3\n port-name harmony-cp1-lan\n",
		"interface ethernet 1/1/40\n port-name harmony-pdu-eth0\n dual-mode 20\n",
	} {
		if !strings.Contains(cfg, want) {
			t.Errorf("running config lacks %q:\n%s", want, cfg)
		}
	}
	if sw.StartupConfig() != cfg {
		t.Error("not saved")
	}

	out := converge("a member more", plan([]string{"1/1/3", "1/1/4", "1/1/5"}, domain.Ensure), 1)
	if o := out["prod/switch/sw1/lag/cp1"]; !strings.Contains(fmt.Sprint(o.Changes), "1/1/3,1/1/4,1/1/5") {
		t.Errorf("cp1's changes: %+v", o)
	}
	var sent []string
	for _, c := range sw.Commands() {
		sent = append(sent, c.Command)
	}
	if s := strings.Join(sent, "; "); !strings.Contains(s, "no untagged ethernet 1/1/3; exit; lag harmony-cp1; no deploy; ports ethernet 1/1/5; deploy; exit") {
		t.Errorf("the member was not added by undeploying: %s", s)
	}
	converge("a member fewer", plan([]string{"1/1/3", "1/1/4"}, domain.Ensure), 1)

	sw.Exec("lag harmony-cp0", "disable ethernet 1/1/2", "exit")
	out = converge("a member disabled by hand", plan([]string{"1/1/3", "1/1/4"}, domain.Ensure), 1)
	if o := out["prod/switch/sw1/lag/cp0"]; !strings.Contains(fmt.Sprint(o.Changes), "disabled") {
		t.Errorf("cp0 re-enabled without saying so: %+v", o)
	}

	converge("cp1 absent", plan([]string{"1/1/3", "1/1/4"}, domain.Absent), 1)
	if cfg := sw.RunningConfig(); strings.Contains(cfg, "harmony-cp1") {
		t.Errorf("cp1 still there:\n%s", cfg)
	}

	_, old := lab(t, brocadetest.Config{Version: "08.0.20aT311"})
	if _, err := driver(old).Open(context.Background(), device(old)); err == nil || !strings.Contains(err.Error(), "runs FastIron 08.0.20, older than 08.0.30, the oldest release harmony-switch speaks") {
		t.Errorf("08.0.20: %v", err)
	}
}
