package cmd_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/cmd/internal/commands/applyopnsense"
	"github.com/nationtech/harmony-go/cmd/internal/commands/plan"
	"github.com/nationtech/harmony-go/cmd/internal/commands/switchcmd"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/brocade/brocadetest"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/opnsensetest"
)

// Sentinel secrets: they must appear in no plan, log line or error.
const (
	sentinelFirewall = "SENTINEL-fw-5e1c0a9b"
	sentinelSwitch   = "SENTINEL-sw-77d2f04e"
)

// chaosLab is the lab site on an OPNsense simulator and two FastIron
// simulators, with sentinel secrets.
type chaosLab struct {
	fw      *opnsensetest.Server
	sw      *brocadetest.Switch // sw1
	sw2     *brocadetest.Switch
	dir     string
	ca, kh  string
	planned []byte
	outputs []string // every stdout and stderr of every run, for the sentinel check
}

func newChaosLab(t *testing.T) *chaosLab {
	t.Helper()
	fw, err := opnsensetest.Start(opnsensetest.Options{Secret: sentinelFirewall})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fw.Close)
	sw := brocadetest.New(brocadetest.Config{User: "admin", Password: sentinelSwitch})
	addr, err := sw.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sw.Close)
	sw2 := brocadetest.New(brocadetest.Config{Hostname: "sw2", User: "admin", Password: sentinelSwitch})
	addr2, err := sw2.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sw2.Close)
	l := &chaosLab{fw: fw, sw: sw, sw2: sw2, dir: t.TempDir()}
	l.ca, l.kh = filepath.Join(l.dir, "ca.pem"), filepath.Join(l.dir, "known_hosts")
	if err := fw.WriteCA(l.ca); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(l.kh, []byte(sw.KnownHostsLine(addr)+"\n"+sw2.KnownHostsLine(addr2)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	site, err := os.ReadFile("../inventory/examples/lab/site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.NewReplacer("https://10.10.0.1", fw.URL, "ssh://10.10.0.2:22", "ssh://"+addr, "ssh://10.10.0.3:22", "ssh://"+addr2).Replace(string(site))
	if err := os.WriteFile(filepath.Join(l.dir, "site.yaml"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	key, _ := fw.Credentials()
	t.Setenv("HARMONY_SECRET_FW1", key+":"+sentinelFirewall)
	t.Setenv("HARMONY_SECRET_SW1", "admin:"+sentinelSwitch)
	t.Setenv("HARMONY_SECRET_SW2", "admin:"+sentinelSwitch)
	var out, errb bytes.Buffer
	if code := plan.Run(context.Background(), []string{"harmony-plan", filepath.Join(l.dir, "site.yaml"),
		"../inventory/examples/lab/inventory.yaml", "../inventory/examples/lab/scores.yaml"}, nil, &out, &errb); code != 0 {
		t.Fatalf("harmony-plan: %d\n%s", code, errb.String())
	}
	l.planned = out.Bytes()
	return l
}

// pipeline runs harmony-apply-opnsense | harmony-switch apply on the plan,
// in process, and returns the plan with outcomes and the exit codes.
func (l *chaosLab) pipeline(t *testing.T, timeout time.Duration, extra ...string) (*domain.Plan, []int) {
	t.Helper()
	in := l.planned
	var codes []int
	for _, tool := range []struct {
		run  func(context.Context, []string, *bytes.Reader, *bytes.Buffer, *bytes.Buffer) int
		args []string
	}{
		{func(ctx context.Context, a []string, in *bytes.Reader, out, errb *bytes.Buffer) int {
			return applyopnsense.Run(ctx, a, in, out, errb)
		}, []string{"harmony-apply-opnsense", "--ca-file", l.ca, "--timeout", timeout.String()}},
		{func(ctx context.Context, a []string, in *bytes.Reader, out, errb *bytes.Buffer) int {
			return switchcmd.Run(ctx, a, in, out, errb)
		}, []string{"harmony-switch", "apply", "--known-hosts", l.kh, "--timeout", timeout.String()}},
	} {
		var out, errb bytes.Buffer
		args := append(append(tool.args, "--lock-dir", filepath.Join(l.dir, "locks")), extra...)
		code := tool.run(context.Background(), args, bytes.NewReader(in), &out, &errb)
		l.outputs = append(l.outputs, out.String(), errb.String())
		codes = append(codes, code)
		if code != 0 && code != 1 {
			t.Fatalf("%s exited %d (only 0 or 1 may come of a device's fault)\n%s", args[0], code, errb.String())
		}
		in = out.Bytes()
	}
	var p domain.Plan
	if err := json.Unmarshal(in, &p); err != nil {
		t.Fatalf("the pipeline wrote no plan: %v", err)
	}
	return &p, codes
}

func (l *chaosLab) clearFaults() {
	l.fw.ClearFaults()
	for _, sw := range []*brocadetest.Switch{l.sw, l.sw2} {
		sw.DropAfter(0)
		sw.Slow(0)
	}
}

// TestChaos runs the lab's firewall and switch steps with a fault injected
// at a random point of a random device, seeded (HARMONY_CHAOS_SEEDS seeds,
// default 8; the failing seed is in the subtest's name). For each: only 0
// or 1 as exit codes, no internal error, a FAILURE only on a faulted device
// (elsewhere at most BLOCKED, for a step that waits on it), no step
// SUCCESS that the device did not get (a dry run without the fault finds
// every SUCCESS step NOOP), then a clean rerun converges and a third run is
// all NOOP with no write; the sentinel secrets appear nowhere.
func TestChaos(t *testing.T) {
	seeds := 8
	if n, err := strconv.Atoi(os.Getenv("HARMONY_CHAOS_SEEDS")); err == nil && n > 0 {
		seeds = n
	}
	// The paths the OPNsense adapter uses; it retries a 5xx or a dropped
	// connection twice, so a fault hitting 3 or 4 times fails a step.
	paths := []string{"/set_reservation/", "/set_host_override/", "service/reconfigure", "/search_", "haproxy/settings/set_", "firewall/filter/", "firewall/alias/"}
	for seed := range seeds {
		t.Run(fmt.Sprintf("seed-%d", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(seed), 0x4841524d4f4e59))
			l := newChaosLab(t)
			timeout := 2 * time.Second
			faulted := map[string]bool{}
			var what []string
			kinds := rng.IntN(3) // 0 firewall, 1 switch, 2 both
			if kinds != 1 {
				f := opnsensetest.Fault{Match: paths[rng.IntN(len(paths))], Times: 1 + rng.IntN(4)}
				switch rng.IntN(4) {
				case 0:
					f.Status = []int{500, 502, 503}[rng.IntN(3)]
				case 1:
					f.Drop = true
				case 2:
					f.Delay, timeout = 700*time.Millisecond, 400*time.Millisecond
				case 3: // hung: it takes the request and never answers, from here on
					f.Delay, f.Times, timeout = 1500*time.Millisecond, 0, 300*time.Millisecond
				}
				l.fw.Inject(f)
				faulted["fw1"] = true
				what = append(what, fmt.Sprintf("fw1 %+v", f))
			}
			if kinds != 0 {
				sw, name := l.sw, "sw1"
				if rng.IntN(2) == 1 {
					sw, name = l.sw2, "sw2"
				}
				if rng.IntN(4) == 0 {
					sw.Slow(700 * time.Millisecond)
					timeout = 400 * time.Millisecond
					what = append(what, name+" slow")
				} else {
					n := 1 + rng.IntN(40)
					sw.DropAfter(n)
					what = append(what, fmt.Sprintf("%s drops after %d commands", name, n))
				}
				faulted[name] = true
			}
			t.Logf("faults: %s (tool timeout %s)", strings.Join(what, "; "), timeout)

			p, _ := l.pipeline(t, timeout)
			failed := 0
			succeeded := map[string]bool{}
			for _, s := range p.Steps {
				o := s.Outcome
				if o == nil {
					continue
				}
				if strings.Contains(o.Message, "internal error") {
					t.Errorf("%s: %s", s.ID, o.Message)
				}
				switch {
				case o.Status == domain.Failure && !faulted[s.Target]:
					t.Errorf("%s failed, but %s had no fault: %s", s.ID, s.Target, o.Message)
				case o.Status == domain.Success:
					succeeded[s.ID] = true
				}
				if o.Status.Failed() {
					failed++
				}
			}
			t.Logf("the faulty run: %d steps FAILURE or BLOCKED, %d SUCCESS", failed, len(succeeded))

			l.clearFaults()
			if timeout < 2*time.Second {
				// Requests the tool gave up on still land after their delay
				// (a slow firewall finishes what it was asked): let them, so
				// the runs below see only their own.
				time.Sleep(3 * 700 * time.Millisecond)
			}
			dry, _ := l.pipeline(t, 5*time.Second, "--dry-run")
			for _, s := range dry.Steps {
				if succeeded[s.ID] && (s.Outcome == nil || s.Outcome.Status != domain.Noop) {
					t.Errorf("%s was reported SUCCESS, but the device does not have it: a dry run says %+v", s.ID, s.Outcome)
				}
			}

			again, codes := l.pipeline(t, 5*time.Second)
			for _, s := range again.Steps {
				if s.Outcome != nil && s.Outcome.Status.Failed() {
					t.Errorf("clean rerun: %s is %s: %s", s.ID, s.Outcome.Status, s.Outcome.Message)
				}
			}
			if codes[0] != 0 || codes[1] != 0 {
				t.Errorf("clean rerun exited %v", codes)
			}
			l.fw.ResetLog()
			mark, mark2 := len(l.sw.Commands()), len(l.sw2.Commands())
			third, _ := l.pipeline(t, 5*time.Second)
			for _, s := range third.Steps {
				if s.Outcome != nil && s.Outcome.Status != domain.Noop {
					t.Errorf("third run: %s is %s", s.ID, s.Outcome.Status)
				}
			}
			writes := 0
			var posted []string
			for _, r := range l.fw.Log() {
				if r.Method == "POST" {
					writes++
					posted = append(posted, r.Path)
				}
			}
			if n := brocadetest.ConfigCommands(l.sw.Commands()[mark:]) + brocadetest.ConfigCommands(l.sw2.Commands()[mark2:]); writes != 0 || n != 0 {
				t.Errorf("third run: %d firewall writes %v, %d switch configuration commands", writes, posted, n)
			}
			for _, out := range l.outputs {
				for _, secret := range []string{sentinelFirewall, sentinelSwitch} {
					if strings.Contains(out, secret) {
						t.Fatalf("a sentinel secret leaked into the output:\n%s", out)
					}
				}
			}
		})
	}
}

// TestTwoPipelinesAtOnce: two harmony-switch processes started together
// against the same switch never have it open at once (the per-device
// lock); one makes the changes, the other finds them made.
func TestTwoPipelinesAtOnce(t *testing.T) {
	l := newChaosLab(t)
	bin := filepath.Join(t.TempDir(), "harmony-switch")
	if out, err := exec.Command("go", "build", "-o", bin, "./harmony-switch").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	var wg sync.WaitGroup
	results := make([]string, 2)
	for i := range 2 {
		wg.Go(func() {
			cmd := exec.Command(bin, "apply", "--known-hosts", l.kh, "--lock-dir", filepath.Join(l.dir, "locks"))
			cmd.Stdin = bytes.NewReader(l.planned)
			var errb bytes.Buffer
			cmd.Stderr = &errb
			err := cmd.Run()
			results[i] = fmt.Sprintf("%v: %s", err, strings.TrimSpace(errb.String()))
		})
	}
	wg.Wait()
	joined := strings.Join(results, "\n")
	if l.sw.PeakSessions() != 1 || l.sw2.PeakSessions() != 1 {
		t.Errorf("the switches had %d and %d sessions open at once, want 1 each (the lock)", l.sw.PeakSessions(), l.sw2.PeakSessions())
	}
	// Each switch is configured by whichever run took its lock first; the
	// other run finds it done.
	success, noop := 0, 0
	for _, r := range results {
		if m := regexp.MustCompile(`(\d+) SUCCESS`).FindStringSubmatch(r); m != nil {
			n, _ := strconv.Atoi(m[1])
			success += n
		}
		if m := regexp.MustCompile(`(\d+) NOOP`).FindStringSubmatch(r); m != nil {
			n, _ := strconv.Atoi(m[1])
			noop += n
		}
	}
	if !strings.HasPrefix(results[0], "<nil>") || !strings.HasPrefix(results[1], "<nil>") || success != 7 || noop != 7 {
		t.Errorf("two runs at once (want 7 SUCCESS and 7 NOOP between them):\n%s", joined)
	}
}

// TestChaosKilled kills harmony-apply-opnsense (SIGKILL, the real binary)
// at a seeded point of its run — after its Nth write to the firewall, so
// often between writing and having the firewall take it — and checks
// what the next run makes of it: it exits 0, finishes what the killed run
// left untaken (the journal beside the lock) and says so when there was
// some, and a third run is all NOOP with no write.
func TestChaosKilled(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "harmony-apply-opnsense")
	if out, err := exec.Command("go", "build", "-o", bin, "./harmony-apply-opnsense").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	seeds := 4
	if n, err := strconv.Atoi(os.Getenv("HARMONY_CHAOS_SEEDS")); err == nil && n > 0 {
		seeds = n
	}
	for seed := range seeds {
		t.Run(fmt.Sprintf("seed-%d", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(seed), 0x4b494c4c))
			l := newChaosLab(t)
			// Slow enough that the kill lands where it is aimed.
			l.fw.Inject(opnsensetest.Fault{Match: "/api/", Delay: 20 * time.Millisecond})
			after := 1 + rng.IntN(12)
			posts := func() int {
				n := 0
				for _, r := range l.fw.Log() {
					if r.Method == "POST" {
						n++
					}
				}
				return n
			}
			cmd := exec.Command(bin, "--ca-file", l.ca, "--lock-dir", filepath.Join(l.dir, "locks"))
			cmd.Stdin = bytes.NewReader(l.planned)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan struct{})
			go func() { _ = cmd.Wait(); close(exited) }()
		wait:
			for posts() < after {
				select {
				case <-exited:
					break wait
				case <-time.After(2 * time.Millisecond):
				}
			}
			_ = cmd.Process.Kill()
			<-exited
			t.Logf("killed after %d writes (aimed at %d)", posts(), after)
			l.clearFaults()
			time.Sleep(100 * time.Millisecond) // requests the killed run left in flight land
			owed := l.fw.Unapplied()

			var out, errb bytes.Buffer
			code := applyopnsense.Run(context.Background(), []string{"harmony-apply-opnsense", "--ca-file", l.ca, "--lock-dir", filepath.Join(l.dir, "locks")},
				bytes.NewReader(l.planned), &out, &errb)
			if code != 0 {
				t.Fatalf("the run after the kill exited %d\n%s", code, errb.String())
			}
			t.Logf("the run after the kill: %s", strings.TrimSpace(errb.String()))
			if len(owed) > 0 && !strings.Contains(errb.String(), "finished what an earlier run wrote and did not see it take") {
				t.Errorf("the killed run left %v written and not taken, and the next run did not say it finished it: %s", owed, errb.String())
			}
			if u := l.fw.Unapplied(); len(u) > 0 {
				t.Errorf("after the run that followed the kill, the firewall has written but not taken %v: the killed run's writes were never applied", u)
			}
			l.fw.ResetLog()
			errb.Reset()
			out.Reset()
			if code := applyopnsense.Run(context.Background(), []string{"harmony-apply-opnsense", "--ca-file", l.ca, "--lock-dir", filepath.Join(l.dir, "locks")},
				bytes.NewReader(l.planned), &out, &errb); code != 0 || !strings.Contains(errb.String(), "24 NOOP") {
				t.Errorf("third run: %d %s", code, errb.String())
			}
			if n := posts(); n != 0 {
				t.Errorf("third run: %d firewall writes", n)
			}
		})
	}
}
