package ipmi_test

import (
	"context"
	"errors"
	"net"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/apply/conformance"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/ipmi"
	"github.com/nationtech/harmony-go/lib/infra/ipmi/ipmitest"
	"github.com/nationtech/harmony-go/lib/infra/peertest"
)

func bmcs(t *testing.T, n int) []*ipmitest.BMC {
	t.Helper()
	peertest.Require(t, "ipmi_sim")
	dir := t.TempDir()
	var out []*ipmitest.BMC
	for i := range n {
		b, err := ipmitest.Start(context.Background(), dir, "node"+string(rune('0'+i)), "52:54:00:bb:00:0"+string(rune('1'+i)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(b.Stop)
		out = append(out, b)
	}
	return out
}

func driver(user, pass string) *ipmi.Driver {
	return &ipmi.Driver{Cipher: 3, Timeout: 500 * time.Millisecond, Retries: 1,
		Credentials: func(string) (string, string, error) { return user, pass, nil }}
}

var dev = domain.Device{Name: "bmc", Provider: "ipmi", SecretRef: "bmc", Provides: []domain.Capability{domain.PowerControl}}

func steps(t *testing.T, bs []*ipmitest.BMC) []domain.Step {
	var out []domain.Step
	for _, b := range bs {
		bd, _ := domain.NewStep("prod", domain.PowerControl, "bmc", domain.TypeBootDevice, b.Name, domain.BootDevice{Host: b.Name, BMC: b.Addr, Device: "pxe"})
		pw, _ := domain.NewStep("prod", domain.PowerControl, "bmc", domain.TypePower, b.Name, domain.Power{Host: b.Name, BMC: b.Addr, State: "on"}, bd.ID)
		out = append(out, bd, pw)
	}
	return out
}

// apply runs steps with the BMCs in parallel, as harmony-bmc does.
func applySteps(t *testing.T, d *ipmi.Driver, st []domain.Step, dry bool) []domain.Outcome {
	t.Helper()
	s, err := d.Open(context.Background(), dev)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out := make([]domain.Outcome, len(st))
	var wg sync.WaitGroup
	for i := 0; i < len(st); i += 2 { // boot device, then power, per BMC
		wg.Go(func() {
			out[i] = s.Apply(context.Background(), st[i], dry)
			out[i+1] = s.Apply(context.Background(), st[i+1], dry)
		})
	}
	wg.Wait()
	return out
}

func TestPowerAndBootTwice(t *testing.T) {
	bs := bmcs(t, 3)
	d := driver("admin", "secret")
	for i, o := range applySteps(t, d, steps(t, bs), false) {
		want := domain.Success
		if i%2 == 1 {
			want = domain.Running // powered on, booting
		}
		if o.Status != want {
			t.Errorf("first run, step %d: %s %q", i, o.Status, o.Message)
		}
	}
	writes := 0
	for _, b := range bs {
		if b.Power() != "1" || b.Boot() != "pxe" {
			t.Errorf("%s: power %s, boot %s; want 1, pxe", b.Name, b.Power(), b.Boot())
		}
		writes += b.Writes()
	}
	for i, o := range applySteps(t, d, steps(t, bs), false) {
		if o.Status != domain.Noop {
			t.Errorf("second run, step %d: %s %q", i, o.Status, o.Message)
		}
	}
	again := 0
	for _, b := range bs {
		again += b.Writes()
	}
	if again != writes {
		t.Errorf("the second run made %d chassis writes, want 0", again-writes)
	}
	// ipmitool agrees.
	if _, err := exec.LookPath("ipmitool"); err == nil {
		host, port, _ := net.SplitHostPort(bs[0].Addr)
		out, err := exec.Command("ipmitool", "-I", "lanplus", "-C", "3", "-H", host, "-p", port, "-U", "admin", "-P", "secret", "chassis", "power", "status").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "Chassis Power is on") {
			t.Errorf("ipmitool: %v %s", err, out)
		}
	}
	// A host switched off by hand: the dry run sees it, the run fixes it.
	bs[1].SetPower(false)
	out := applySteps(t, d, steps(t, bs), true)
	if out[3].Status != domain.Success || out[3].Changes[0].From != "off" || out[3].Changes[0].To != "on" {
		t.Errorf("dry run: %s %+v", out[3].Status, out[3].Changes)
	}
	if bs[1].Power() != "0" {
		t.Error("the dry run powered the host on")
	}
}

func TestFailuresAreDistinct(t *testing.T) {
	bs := bmcs(t, 1)
	ctx := context.Background()
	s, _ := driver("admin", "S3NT1NEL-wrong").Open(ctx, dev)
	defer s.Close()
	_, err := s.Status(ctx, bs[0].Addr)
	if !errors.Is(err, ipmi.ErrAuth) || strings.Contains(err.Error(), "S3NT1NEL") {
		t.Errorf("wrong password: %v", err)
	}
	// A port nothing listens on, and one that never answers.
	closed, _ := net.ListenPacket("udp", "127.0.0.1:0")
	addr := closed.LocalAddr().String()
	closed.Close()
	s2, _ := driver("admin", "secret").Open(ctx, dev)
	defer s2.Close()
	if _, err := s2.Status(ctx, addr); !errors.Is(err, ipmi.ErrUnreachable) && !errors.Is(err, ipmi.ErrTimeout) {
		t.Errorf("closed port: %v", err)
	}
	silent, _ := net.ListenPacket("udp", "127.0.0.1:0")
	defer silent.Close()
	start := time.Now()
	if _, err := s2.Status(ctx, silent.LocalAddr().String()); !errors.Is(err, ipmi.ErrTimeout) {
		t.Errorf("silent BMC: %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("a silent BMC took %s to give up; the timeout is short", time.Since(start))
	}
}

func TestFacts(t *testing.T) {
	bs := bmcs(t, 1)
	s, _ := driver("admin", "secret").Open(context.Background(), dev)
	defer s.Close()
	f, err := s.Facts(context.Background(), bs[0].Addr)
	if err != nil {
		t.Fatal(err)
	}
	if f.MAC.String() != "52:54:00:bb:00:01" || f.Product != ipmitest.Product || f.Serial != "SN-node0" || f.Power != "off" {
		t.Errorf("Facts = %+v", f)
	}
}

// TestConformance runs the apply contract's suite against real BMCs
// (ipmi_sim), the steps of all of them at once as harmony-bmc runs them:
// boot device and power are settings, so absent and prune do not apply
// (the planner and the tool refuse absent for them); the BMCs' writes are
// the chassis calls their control program logged.
func TestConformance(t *testing.T) {
	bs := bmcs(t, 2)
	conformance.Run(t, conformance.Peer{
		Tool: func(*testing.T) *apply.Tool {
			return &apply.Tool{Name: "harmony-bmc", Providers: domain.ProvidersOf("harmony-bmc"), ParallelSteps: true,
				Driver: apply.OpenFunc(driver("admin", "secret").Open)}
		},
		Plan:   conformance.PlanOf(t, "lab", []domain.Device{dev}, steps(t, bs)),
		Device: "bmc",
		Writes: func(*testing.T) int {
			n := 0
			for _, b := range bs {
				n += b.Writes()
			}
			return n
		},
		Present: func(_ *testing.T, s domain.Step) bool {
			for _, b := range bs {
				if b.Name == s.Resource.Name {
					if s.Resource.Type == domain.TypePower {
						return b.Power() == "1"
					}
					return b.Boot() == "pxe"
				}
			}
			return false
		},
		Change: func(s domain.Step) (domain.Step, string, bool) {
			if s.Resource.Type != domain.TypeBootDevice {
				return s, "", false
			}
			c, err := conformance.Edit(s, func(bd *domain.BootDevice) { bd.Device = "disk" })
			return c, "boot device", err == nil
		},
	})
}
