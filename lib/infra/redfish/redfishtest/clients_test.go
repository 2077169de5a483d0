package redfishtest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/lib/infra/peertest"
)

// debianPython is Debian's python3 (python3-sushy: scripts/deps.sh), not
// whatever python3 is first on PATH.
const debianPython = "/usr/bin/python3"

func labBMC(t *testing.T, cfg Config) (*BMC, string) {
	t.Helper()
	cfg.User, cfg.Password = "admin", "rf-s3cret"
	if cfg.MACs == nil {
		cfg.MACs = []string{"52:54:00:aa:00:01", "52:54:00:aa:01:01"}
	}
	b := Start(cfg)
	t.Cleanup(b.Close)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, b.CertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	return b, ca
}

// TestSushy: python3-sushy reads the system, its NICs and managers, sets a
// one-time PXE override, powers it on (the override is used up) and off,
// through a session it opens — on a BMC that answers resets with a task.
func TestSushy(t *testing.T) {
	peertest.Require(t, debianPython, "/usr/lib/python3/dist-packages/sushy")
	for _, tc := range []struct {
		name string
		cfg  Config
	}{{"plain", Config{}}, {"with tasks and a settings object", Config{TaskReset: true, SettingsObject: true}}} {
		t.Run(tc.name, func(t *testing.T) {
			b, ca := labBMC(t, tc.cfg)
			cmd := exec.Command(debianPython, "testdata/sushy_check.py", b.URL())
			// requests lets REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE override a
			// session's CA file: without them, the CA file is what is trusted.
			var env []string
			for _, e := range os.Environ() {
				if !strings.HasPrefix(e, "REQUESTS_CA_BUNDLE=") && !strings.HasPrefix(e, "CURL_CA_BUNDLE=") {
					env = append(env, e)
				}
			}
			cmd.Env = append(env, "RF_USER=admin", "RF_PASSWORD=rf-s3cret", "RF_CA="+ca)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("sushy: %v\n%s\nrequests: %+v", err, stderr.String(), b.Log())
			}
			var got struct {
				System struct {
					Manufacturer, Power string
					ResetTypes          []string `json:"reset_types"`
				}
				MACs        []string `json:"macs"`
				Boot        map[string]string
				BootAfterOn map[string]string `json:"boot_after_on"`
				AfterOn     string            `json:"after_on"`
				AfterOff    string            `json:"after_off"`
				Managers    []string
			}
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if got.System.Manufacturer != "Contoso" || len(got.MACs) != 2 || got.MACs[0] != "52:54:00:aa:00:01" || len(got.Managers) != 1 {
				t.Errorf("what sushy read: %s", out)
			}
			if !strings.Contains(strings.ToLower(got.Boot["target"]), "pxe") || !strings.Contains(strings.ToLower(got.Boot["enabled"]), "once") {
				t.Errorf("boot after the override: %s", out)
			}
			if !strings.Contains(strings.ToLower(got.BootAfterOn["enabled"]), "disabled") {
				t.Errorf("a one-time override not used up by the boot: %s", out)
			}
			if !strings.Contains(strings.ToLower(got.AfterOn), "on") || !strings.Contains(strings.ToLower(got.AfterOff), "off") {
				t.Errorf("power: %s", out)
			}
			if p, _, _ := b.State(); p != "Off" {
				t.Errorf("the BMC holds power %s", p)
			}
			if b.Sessions() > 1 {
				t.Errorf("%d sessions left open", b.Sessions())
			}
			t.Logf("sushy read %s", out)
		})
	}
}

// TestRedfishtool: DMTF's redfishtool reads the service root and the
// system, and powers it on, sets the boot override and powers it off, by
// Basic and by Session authentication.
func TestRedfishtool(t *testing.T) {
	peertest.Require(t, "redfishtool")
	for _, auth := range []string{"Basic", "Session"} {
		t.Run(auth, func(t *testing.T) {
			b, _ := labBMC(t, Config{})
			host := strings.TrimPrefix(b.URL(), "https://")
			run := func(args ...string) string {
				t.Helper()
				// redfishtool has no CA file option (its -S Always skips
				// nothing and verifies nothing): over loopback only.
				cmd := exec.Command("redfishtool", append([]string{"-r", host, "-u", "admin", "-p", "rf-s3cret", "-S", "Always", "-A", auth}, args...)...)
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("redfishtool %v: %v\n%s\nrequests: %+v", args, err, out, b.Log())
				}
				return string(out)
			}
			if out := run("root"); !strings.Contains(out, `"RedfishVersion": "1.6.0"`) {
				t.Errorf("root: %s", out)
			}
			if out := run("Systems", "-I", "1"); !strings.Contains(out, `"Manufacturer": "Contoso"`) || !strings.Contains(out, `"PowerState": "Off"`) {
				t.Errorf("system: %s", out)
			}
			run("Systems", "-I", "1", "reset", "On")
			if p, _, _ := b.State(); p != "On" {
				t.Errorf("after reset On: %s", p)
			}
			run("Systems", "-I", "1", "setBootOverride", "Once", "Pxe")
			if _, target, enabled := b.State(); target != "Pxe" || enabled != "Once" {
				t.Errorf("after setBootOverride: %s %s", target, enabled)
			}
			run("Systems", "-I", "1", "reset", "ForceOff")
			if p, _, _ := b.State(); p != "Off" {
				t.Errorf("after reset ForceOff: %s", p)
			}
		})
	}
}
