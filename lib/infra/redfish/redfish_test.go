package redfish_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/apply/conformance"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/redfish"
	"github.com/nationtech/harmony-go/lib/infra/redfish/redfishtest"
)

type lab struct {
	bmcs  []*redfishtest.BMC
	names []string
	ca    string
}

func newLab(t testing.TB, n int, cfg redfishtest.Config) *lab {
	t.Helper()
	l := &lab{}
	for i := range n {
		c := cfg
		c.User, c.Password = "admin", "rf-s3cret"
		c.MACs = []string{fmt.Sprintf("52:54:00:cc:00:%02x", i+1)}
		b := redfishtest.Start(c)
		t.Cleanup(b.Close)
		l.bmcs = append(l.bmcs, b)
		l.names = append(l.names, fmt.Sprintf("rf%d", i))
	}
	// One CA file with every BMC's CA, as a site's caFile.
	var pem []byte
	for _, b := range l.bmcs {
		pem = append(pem, b.CertPEM()...)
	}
	l.ca = filepath.Join(t.TempDir(), "bmc-ca.pem")
	if err := os.WriteFile(l.ca, pem, 0o600); err != nil {
		t.Fatal(err)
	}
	return l
}

func (l *lab) device() domain.Device {
	return domain.Device{Name: "redfish", Provider: "redfish", SecretRef: "redfish", CAFile: l.ca, Provides: []domain.Capability{domain.PowerControl}}
}

func (l *lab) steps(t testing.TB) []domain.Step {
	var out []domain.Step
	for i, b := range l.bmcs {
		bd, err := domain.NewStep("prod", domain.PowerControl, "redfish", domain.TypeBootDevice, l.names[i], domain.BootDevice{Host: l.names[i], BMC: b.URL(), Device: "pxe"})
		if err != nil {
			t.Fatal(err)
		}
		pw, _ := domain.NewStep("prod", domain.PowerControl, "redfish", domain.TypePower, l.names[i], domain.Power{Host: l.names[i], BMC: b.URL(), State: "on"}, bd.ID)
		out = append(out, bd, pw)
	}
	return out
}

func driver(pass string) *redfish.Driver {
	return &redfish.Driver{Credentials: func(string) (string, string, error) { return "admin", pass, nil }, Timeout: 2 * time.Second, Wait: 3 * time.Second}
}

func run(t *testing.T, d *redfish.Driver, dev domain.Device, steps []domain.Step, dry bool) []domain.Outcome {
	t.Helper()
	s, err := d.Open(context.Background(), dev)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var out []domain.Outcome
	for _, st := range steps {
		out = append(out, s.Apply(context.Background(), st, dry))
	}
	return out
}

func writes(l *lab) int {
	n := 0
	for _, b := range l.bmcs {
		n += redfishtest.Writes(b.Log())
	}
	return n
}

// TestConverge: from off and no override, each host gets a one-time PXE
// override and is powered on (RUNNING: booting); the second run reads
// only (no POST or PATCH but the session login), and every session is
// logged out. On a BMC with reset tasks and a settings object, and on one
// that wants If-Match, the same.
func TestConverge(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cfg    redfishtest.Config
		faults redfishtest.Faults
	}{
		{name: "plain"},
		{name: "tasks and a settings object", cfg: redfishtest.Config{TaskReset: true, SettingsObject: true}},
		{name: "If-Match required", faults: redfishtest.Faults{RequireMatch: true}},
		{name: "BootSourceOverrideMode refused (HPE-like)", cfg: redfishtest.Config{BootModes: []string{"UEFI", "Legacy"}}, faults: redfishtest.Faults{RejectMode: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newLab(t, 2, tc.cfg)
			for _, b := range l.bmcs {
				b.SetFaults(tc.faults)
			}
			out := run(t, driver("rf-s3cret"), l.device(), l.steps(t), false)
			for i, o := range out {
				want := domain.Success
				if i%2 == 1 {
					want = domain.Running
				}
				if o.Status != want {
					t.Errorf("step %d: %s %q", i, o.Status, o.Message)
				}
			}
			for _, b := range l.bmcs {
				if p, target, _ := b.State(); p != "On" || (target != "Pxe" && target != "None") {
					t.Errorf("BMC holds %s %s", p, target)
				}
				if b.Sessions() != 0 {
					t.Errorf("%d sessions left open", b.Sessions())
				}
				b.ResetLog()
			}
			// The hosts booted with their one-time override: the second run
			// finds them on and sets nothing.
			for i, o := range run(t, driver("rf-s3cret"), l.device(), l.steps(t), false) {
				if o.Status != domain.Noop {
					t.Errorf("second run, step %d: %s %q", i, o.Status, o.Message)
				}
			}
			if n := writes(l); n != 0 {
				t.Errorf("the second run wrote %d times: %+v", n, l.bmcs[0].Log())
			}
		})
	}
}

// TestIgnoredOverride: a BMC that answers success to the boot override
// and keeps the old one (iDRAC10 is known to) is FAILURE with that reason.
func TestIgnoredOverride(t *testing.T) {
	l := newLab(t, 1, redfishtest.Config{})
	l.bmcs[0].SetFaults(redfishtest.Faults{IgnoreBoot: true})
	o := run(t, driver("rf-s3cret"), l.device(), l.steps(t)[:1], false)[0]
	if o.Status != domain.Failure || !strings.Contains(o.Message, "answered success to the boot override Pxe (Once) but reads back no override: the BMC ignored it") {
		t.Errorf("%s %q", o.Status, o.Message)
	}
}

// TestFaults: a wrong password, an untrusted certificate, a BMC in
// trouble and one too slow each fail that host's step with what is wrong.
func TestFaults(t *testing.T) {
	l := newLab(t, 1, redfishtest.Config{})
	st := l.steps(t)[:1]
	if o := run(t, driver("wrong"), l.device(), st, false)[0]; o.Status != domain.Failure || !strings.Contains(o.Message, `refused user "admin": wrong user name or password`) || strings.Contains(o.Message, "wrong\"") {
		t.Errorf("wrong password: %q", o.Message)
	}
	dev := l.device()
	dev.CAFile = ""
	if o := run(t, driver("rf-s3cret"), dev, st, false)[0]; o.Status != domain.Failure || !strings.Contains(o.Message, "the certificate is not trusted") {
		t.Errorf("untrusted: %q", o.Message)
	}
	l.bmcs[0].SetFaults(redfishtest.Faults{Status: 503})
	if o := run(t, driver("rf-s3cret"), l.device(), st, false)[0]; o.Status != domain.Failure || !strings.Contains(o.Message, "HTTP 503") {
		t.Errorf("503: %q", o.Message)
	}
	l.bmcs[0].SetFaults(redfishtest.Faults{Delay: 3 * time.Second})
	d := driver("rf-s3cret")
	d.Timeout = 200 * time.Millisecond
	if o := run(t, d, l.device(), st, false)[0]; o.Status != domain.Failure || !strings.Contains(o.Message, "no answer within 200ms") {
		t.Errorf("slow: %q", o.Message)
	}
	l.bmcs[0].SetFaults(redfishtest.Faults{})
	if o := run(t, driver("rf-s3cret"), l.device(), st, true)[0]; o.Status != domain.Success || o.Message != "would change" || writes(l) != 0 {
		t.Errorf("dry run: %s %q, %d writes", o.Status, o.Message, writes(l))
	}
}

// TestConformance runs the apply contract's suite against Redfish BMCs.
func TestConformance(t *testing.T) {
	l := newLab(t, 2, redfishtest.Config{})
	conformance.Run(t, conformance.Peer{
		Tool: func(*testing.T) *apply.Tool {
			return &apply.Tool{Name: "harmony-bmc", Providers: domain.ProvidersOf("harmony-bmc"), ParallelSteps: true,
				Driver: apply.OpenFunc(driver("rf-s3cret").Open)}
		},
		Plan:   conformance.PlanOf(t, "lab", []domain.Device{l.device()}, l.steps(t)),
		Device: "redfish",
		Writes: func(*testing.T) int { return writes(l) },
		Present: func(_ *testing.T, s domain.Step) bool {
			for i, b := range l.bmcs {
				if l.names[i] == s.Resource.Name {
					p, target, enabled := b.State()
					if s.Resource.Type == domain.TypePower {
						return p == "On"
					}
					// A one-time override is used up by the boot it is for; the
					// BMC keeps its target.
					want := "Pxe"
					var bd domain.BootDevice
					if s.DecodeSpec(&bd) == nil && bd.Device == "disk" {
						want = "Hdd"
					}
					return target == want && (enabled != "Disabled" || p == "On")
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

// TestOneBMCDown: one BMC of two stops answering (killed, or rebooting)
// mid-run: its host's steps fail, the other host converges; once it is
// back, a rerun converges it too.
func TestOneBMCDown(t *testing.T) {
	l := newLab(t, 2, redfishtest.Config{})
	tool := &apply.Tool{Name: "harmony-bmc", Providers: domain.ProvidersOf("harmony-bmc"), ParallelSteps: true,
		Driver: apply.OpenFunc(driver("rf-s3cret").Open)}
	l.bmcs[0].SetFaults(redfishtest.Faults{Drop: true})
	p := conformance.PlanOf(t, "lab", []domain.Device{l.device()}, l.steps(t))
	if _, err := tool.Run(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	for _, s := range p.Steps {
		down := strings.HasSuffix(s.ID, "/rf0")
		switch {
		case down && s.Outcome.Status != domain.Failure && s.Outcome.Status != domain.Blocked:
			t.Errorf("%s on the BMC that is down: %s %q", s.ID, s.Outcome.Status, s.Outcome.Message)
		case !down && s.Outcome.Status.Failed():
			t.Errorf("%s on the BMC that is up: %s %q", s.ID, s.Outcome.Status, s.Outcome.Message)
		}
	}
	l.bmcs[0].SetFaults(redfishtest.Faults{})
	p = conformance.PlanOf(t, "lab", []domain.Device{l.device()}, l.steps(t))
	if _, err := tool.Run(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	for _, s := range p.Steps {
		if s.Outcome.Status.Failed() {
			t.Errorf("rerun: %s %s %q", s.ID, s.Outcome.Status, s.Outcome.Message)
		}
	}
	if pw, _, _ := l.bmcs[0].State(); pw != "On" {
		t.Errorf("rf0 is %s after the rerun", pw)
	}
}
