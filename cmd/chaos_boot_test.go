package cmd_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/cmd/internal/commands/bmc"
	"github.com/nationtech/harmony-go/cmd/internal/commands/plan"
	"github.com/nationtech/harmony-go/cmd/internal/commands/pxecmd"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/ipmi/ipmitest"
	"github.com/nationtech/harmony-go/lib/infra/peertest"
	"github.com/nationtech/harmony-go/lib/infra/pxe"
)

const sentinelPXE = "SENTINEL-pxe-2b9e71d4"

// faultyPXE is a PXE server that fails the next n API writes (500 or a
// dropped connection) and counts the writes it took.
type faultyPXE struct {
	srv    *pxe.Server
	mu     sync.Mutex
	fail   int
	drop   bool
	writes int
}

func (f *faultyPXE) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && strings.HasPrefix(r.URL.Path, "/api/") {
		f.mu.Lock()
		fail, drop := f.fail > 0, f.drop
		if fail {
			f.fail--
		} else {
			f.writes++
		}
		f.mu.Unlock()
		if fail {
			if drop {
				if hj, ok := w.(http.Hijacker); ok {
					if c, _, err := hj.Hijack(); err == nil {
						c.Close()
						return
					}
				}
			}
			http.Error(w, "injected fault", http.StatusInternalServerError)
			return
		}
	}
	f.srv.ServeHTTP(w, r)
}

// TestChaosBoot runs the boot tools — harmony-pxe apply, then harmony-bmc
// apply — on three hosts with a seeded fault: PXE API writes failing (500
// or dropped) some times, and/or one host's BMC down. Only the faulted
// device's steps (for the BMCs: the dead BMC's host's) may fail, every
// step reported SUCCESS is on the device (a dry run finds it NOOP), a clean
// rerun converges, a third run is all NOOP with no write, and the PXE
// token appears in no output.
func TestChaosBoot(t *testing.T) {
	peertest.Require(t, "ipmi_sim")
	for seed := range 6 {
		t.Run(fmt.Sprintf("seed-%d", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(seed), 0x424f4f54))
			dir := t.TempDir()
			_ = os.MkdirAll(filepath.Join(dir, "profiles"), 0o755) // as harmony-pxe serve does
			fp := &faultyPXE{srv: &pxe.Server{Store: pxe.Store{Dir: filepath.Join(dir, "profiles")}, Token: sentinelPXE}}
			hs := httptest.NewServer(fp)
			t.Cleanup(hs.Close)
			t.Setenv("HARMONY_SECRET_PXE1", sentinelPXE)
			t.Setenv("HARMONY_SECRET_BMC", "admin:secret")

			bmcs := make([]*ipmitest.BMC, 3)
			start := func(i int) {
				b, err := ipmitest.Start(context.Background(), dir, fmt.Sprintf("b%d-%d", i, time.Now().UnixNano()), fmt.Sprintf("52:54:00:cc:00:%02x", i+1))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(b.Stop)
				bmcs[i] = b
			}
			for i := range bmcs {
				start(i)
			}
			faulted := map[string]bool{}
			var what []string
			kind := rng.IntN(3) // 0 PXE, 1 a BMC, 2 both
			if kind != 1 {
				fp.fail, fp.drop = 3+rng.IntN(3), rng.IntN(2) == 1
				faulted["pxe1"] = true
				what = append(what, fmt.Sprintf("pxe1 fails %d writes (drop %v)", fp.fail, fp.drop))
			}
			dead := -1
			if kind != 0 {
				dead = rng.IntN(3)
				bmcs[dead].Stop()
				what = append(what, fmt.Sprintf("h%d's BMC is down", dead))
			}
			t.Logf("faults: %s", strings.Join(what, "; "))

			planned := func() []byte {
				var b strings.Builder
				fmt.Fprintf(&b, `apiVersion: harmony/v1
kind: Site
metadata: {name: boot}
spec:
  domain: boot.test
  networks: [{name: lan, cidr: 10.78.0.0/24, gateway: 10.78.0.1}]
  devices:
    - {name: pxe1, provider: harmony-pxe, endpoint: %q, secretRef: pxe1, provides: [pxe-boot]}
    - {name: bmc, provider: ipmi, secretRef: bmc, provides: [power-control]}
---
apiVersion: harmony/v1
kind: Inventory
metadata: {name: boot}
spec:
  hosts:
`, hs.URL)
				for i, bm := range bmcs {
					fmt.Fprintf(&b, "    - {name: h%d, role: worker, bmc: {address: %q}, nics: [{name: eno1, mac: \"52:54:00:dd:00:%02x\"}]}\n", i, bm.Addr, i+1)
				}
				b.WriteString(`---
apiVersion: harmony/v1
kind: Scores
metadata: {name: boot}
spec:
  scores:
    - kind: PXEBoot
      name: boot
      spec:
        boot: {kernel: "http://10.78.0.1/vmlinuz", initrd: "http://10.78.0.1/initrd.img"}
        hosts: [{host: h0}, {host: h1}, {host: h2}]
    - kind: PowerState
      name: power
      spec: {state: on, bootDevice: pxe, hosts: [h0, h1, h2]}
`)
				_ = os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(b.String()), 0o644)
				var out, errb bytes.Buffer
				if code := plan.Run(context.Background(), []string{"harmony-plan", filepath.Join(dir, "site.yaml")}, nil, &out, &errb); code != 0 {
					t.Fatalf("harmony-plan: %s", errb.String())
				}
				return out.Bytes()
			}
			var outputs []string
			pipeline := func(p []byte, extra ...string) *domain.Plan {
				t.Helper()
				for _, tool := range []struct {
					run  func(context.Context, []string, *bytes.Reader, *bytes.Buffer, *bytes.Buffer) int
					args []string
				}{
					{func(ctx context.Context, a []string, in *bytes.Reader, out, errb *bytes.Buffer) int {
						return pxecmd.Run(ctx, a, in, out, errb)
					}, []string{"harmony-pxe", "apply"}},
					{func(ctx context.Context, a []string, in *bytes.Reader, out, errb *bytes.Buffer) int {
						return bmc.Run(ctx, a, in, out, errb)
					}, []string{"harmony-bmc", "apply", "--cipher", "3", "--timeout", "500ms"}},
				} {
					var out, errb bytes.Buffer
					args := append(append(tool.args, "--lock-dir", filepath.Join(dir, "locks")), extra...)
					if code := tool.run(context.Background(), args, bytes.NewReader(p), &out, &errb); code != 0 && code != 1 {
						t.Fatalf("%s exited %d\n%s", args[0], code, errb.String())
					}
					outputs = append(outputs, out.String(), errb.String())
					p = out.Bytes()
				}
				var pl domain.Plan
				if err := json.Unmarshal(p, &pl); err != nil {
					t.Fatalf("no plan: %v", err)
				}
				return &pl
			}
			hostOf := func(s domain.Step) string {
				var v struct {
					Host string `json:"host"`
				}
				_ = json.Unmarshal(s.Resource.Spec, &v)
				return v.Host
			}

			first := pipeline(planned())
			failed := 0
			succeeded := map[string]bool{}
			for _, s := range first.Steps {
				o := s.Outcome
				if o == nil {
					continue
				}
				if strings.Contains(o.Message, "internal error") {
					t.Errorf("%s: %s", s.ID, o.Message)
				}
				if o.Status == domain.Failure {
					ok := faulted[s.Target] || (s.Target == "bmc" && dead >= 0 && hostOf(s) == fmt.Sprintf("h%d", dead))
					if !ok {
						t.Errorf("%s failed, but it had no fault: %s", s.ID, o.Message)
					}
				}
				if o.Status == domain.Success || o.Status == domain.Running {
					succeeded[s.ID] = true
				}
				if o.Status.Failed() {
					failed++
				}
			}
			t.Logf("the faulty run: %d steps FAILURE or BLOCKED, %d done", failed, len(succeeded))

			// The faults end: the PXE server takes writes, the dead BMC is
			// back (at a new address).
			fp.mu.Lock()
			fp.fail = 0
			fp.mu.Unlock()
			if dead >= 0 {
				start(dead)
			}
			p := planned()
			dry := pipeline(p, "--dry-run")
			for _, s := range dry.Steps {
				if succeeded[s.ID] && (s.Outcome == nil || s.Outcome.Status != domain.Noop) {
					t.Errorf("%s was reported done, but the device does not have it: a dry run says %+v", s.ID, s.Outcome)
				}
			}
			again := pipeline(p)
			for _, s := range again.Steps {
				if s.Outcome != nil && s.Outcome.Status.Failed() {
					t.Errorf("clean rerun: %s is %s: %s", s.ID, s.Outcome.Status, s.Outcome.Message)
				}
			}
			fp.mu.Lock()
			before := fp.writes
			fp.mu.Unlock()
			bmcWrites := 0
			for _, b := range bmcs {
				bmcWrites += b.Writes()
			}
			third := pipeline(p)
			for _, s := range third.Steps {
				if s.Outcome != nil && s.Outcome.Status != domain.Noop {
					t.Errorf("third run: %s is %s", s.ID, s.Outcome.Status)
				}
			}
			after := 0
			for _, b := range bmcs {
				after += b.Writes()
			}
			if fp.writes != before || after != bmcWrites {
				t.Errorf("third run: %d PXE writes, %d BMC writes", fp.writes-before, after-bmcWrites)
			}
			for _, out := range outputs {
				if strings.Contains(out, sentinelPXE) {
					t.Fatalf("the PXE token leaked:\n%s", out)
				}
			}
		})
	}
}
