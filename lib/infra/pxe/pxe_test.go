package pxe_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/apply/conformance"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/peertest"
	"github.com/nationtech/harmony-go/lib/infra/pxe"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func profile(mac, host string) domain.PXEProfile {
	m, _ := domain.ParseMAC(mac)
	return domain.PXEProfile{MAC: m, Host: host, Role: "worker", Kernel: "http://boot/vmlinuz", Initrd: "http://boot/initrd.img",
		Args: "console=ttyS0", Ignition: "http://boot/ignition/worker.ign"}
}

func server(t *testing.T) (*pxe.Server, *httptest.Server, *syncBuffer) {
	t.Helper()
	log := &syncBuffer{}
	s := &pxe.Server{Store: pxe.Store{Dir: t.TempDir()}, AccessLog: log, Token: "t0ken", RetryDelay: 1}
	h := httptest.NewServer(s)
	t.Cleanup(h.Close)
	return s, h, log
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServe(t *testing.T) {
	s, h, log := server(t)
	if err := s.Store.Put(pxe.Profile{PXEProfile: profile("52:54:00:aa:00:01", "w0")}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/ipxe/52:54:00:aa:00:01", "/ipxe/52-54-00-aa-00-01", "/ipxe/525400aa0001", "/boot.ipxe?mac=52-54-00-AA-00-01"} {
		status, body := get(t, h.URL+path)
		if status != 200 || !strings.Contains(body, "echo Harmony: booting w0 (worker) from 52-54-00-aa-00-01") ||
			!strings.Contains(body, "kernel http://boot/vmlinuz initrd=initrd.img console=ttyS0 ignition.firstboot ignition.platform.id=metal ignition.config.url=http://boot/ignition/worker.ign || goto retry") {
			t.Errorf("%s: %d\n%s", path, status, body)
		}
	}
	if status, body := get(t, h.URL+"/boot.ipxe"); status != 200 || body != "#!ipxe\nchain ipxe/${mac:hexhyp}\n" {
		t.Errorf("boot.ipxe = %d %q", status, body)
	}
	if status, _ := get(t, h.URL+"/ipxe/52:54:00:aa:00:99"); status != 404 {
		t.Errorf("unknown MAC: %d, want 404", status)
	}
	if status, _ := get(t, h.URL+"/ipxe/not-a-mac"); status != 400 {
		t.Errorf("bad MAC: %d, want 400", status)
	}
	if !strings.Contains(log.String(), `"path":"/ipxe/52:54:00:aa:00:99","mac":"52:54:00:aa:00:99","status":404`) {
		t.Errorf("access log has no line for the unknown MAC:\n%s", log)
	}
	_, metrics := get(t, h.URL+"/metrics")
	for _, want := range []string{`harmony_pxe_scripts_total{result="served"} 4`, `harmony_pxe_scripts_total{result="unknown_mac"} 1`, "harmony_pxe_profiles 1"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q:\n%s", want, metrics)
		}
	}
	// The API refuses changes without the token.
	req, _ := http.NewRequest(http.MethodDelete, h.URL+"/api/profiles/52-54-00-aa-00-01", nil)
	if resp, _ := http.DefaultClient.Do(req); resp.StatusCode != 401 {
		t.Errorf("DELETE without a token: %d", resp.StatusCode)
	}
}

func steps(t *testing.T, macs ...string) []domain.Step {
	var out []domain.Step
	for i, m := range macs {
		p := profile(m, "h"+string(rune('0'+i)))
		st, err := domain.NewStep("prod", domain.PXEBoot, "pxe1", domain.TypeProfile, p.MAC.HexHyp(), p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, st)
	}
	return out
}

// TestConformance runs the apply contract's suite against a real
// harmony-pxe server: its writes are the API requests that reach it.
func TestConformance(t *testing.T) {
	s := &pxe.Server{Store: pxe.Store{Dir: t.TempDir()}, Token: "t0ken", RetryDelay: 1}
	var mu sync.Mutex
	writes := 0
	h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			mu.Lock()
			writes++
			mu.Unlock()
		}
		s.ServeHTTP(w, r)
	}))
	t.Cleanup(h.Close)
	dev := domain.Device{Name: "pxe1", Provider: "harmony-pxe", Endpoint: h.URL, SecretRef: "pxe1", Provides: []domain.Capability{domain.PXEBoot}}
	present := func(mac domain.MAC) (pxe.Profile, bool) {
		ps, _ := s.Store.List()
		for _, p := range ps {
			if p.MAC == mac {
				return p, true
			}
		}
		return pxe.Profile{}, false
	}
	conformance.Run(t, conformance.Peer{
		Tool: func(*testing.T) *apply.Tool {
			d := &pxe.Driver{Site: "lab", Token: func(string) (string, error) { return "t0ken", nil }}
			return &apply.Tool{Name: "harmony-pxe", Providers: domain.ProvidersOf("harmony-pxe"), Driver: apply.OpenFunc(d.Open)}
		},
		Plan:   conformance.PlanOf(t, "lab", []domain.Device{dev}, steps(t, "52:54:00:aa:00:01", "52:54:00:aa:00:02", "52:54:00:aa:00:03")),
		Device: "pxe1",
		Writes: func(*testing.T) int { mu.Lock(); defer mu.Unlock(); return writes },
		Present: func(_ *testing.T, st domain.Step) bool {
			var p domain.PXEProfile
			_ = st.DecodeSpec(&p)
			_, ok := present(p.MAC)
			return ok
		},
		Change: func(st domain.Step) (domain.Step, string, bool) {
			c, err := conformance.Edit(st, func(p *domain.PXEProfile) { p.Args = "console=ttyS1" })
			return c, "args", err == nil
		},
		HandMade: func(t *testing.T) func(*testing.T) bool {
			nas := profile("52:54:00:bb:00:01", "nas")
			if err := s.Store.Put(pxe.Profile{PXEProfile: nas, Managed: "by hand"}); err != nil {
				t.Fatal(err)
			}
			return func(*testing.T) bool {
				p, ok := present(nas.MAC)
				return ok && p.Managed == "by hand" && p.Args == nas.Args
			}
		},
	})
}

// TestWrongToken: a server that refuses the token fails the step, saying so.
func TestWrongToken(t *testing.T) {
	_, h, _ := server(t)
	dev := domain.Device{Name: "pxe1", Provider: "harmony-pxe", Endpoint: h.URL, SecretRef: "pxe1", Provides: []domain.Capability{domain.PXEBoot}}
	d := &pxe.Driver{Site: "lab", Token: func(string) (string, error) { return "wrong", nil }}
	sess, err := d.Open(context.Background(), dev)
	if err != nil {
		t.Fatal(err)
	}
	out := sess.Apply(context.Background(), steps(t, "52:54:00:aa:00:03")[0], false)
	if out.Status != domain.Failure || !strings.Contains(out.Message, "HTTP 401") {
		t.Errorf("wrong token: %s %q", out.Status, out.Message)
	}
}

// TestQEMUBoots boots a real iPXE (QEMU's NIC ROM, user-mode networking,
// no root) from the server: the VM asks for its MAC's script, runs it
// (its marker reaches the serial console), and, with nothing to boot,
// reboots, which ends QEMU with status 0. An unknown MAC gets a 404.
func TestQEMUBoots(t *testing.T) {
	peertest.Require(t, "qemu-system-x86_64")
	qemu := "qemu-system-x86_64"
	s, h, log := server(t)
	p := profile("52:54:00:12:34:56", "vm0")
	p.Kernel = h.URL + "/assets/vmlinuz" // 404: the script then reboots
	if err := s.Store.Put(pxe.Profile{PXEProfile: p}); err != nil {
		t.Fatal(err)
	}
	port := h.URL[strings.LastIndex(h.URL, ":")+1:]
	boot := func(mac string) (*exec.Cmd, string) {
		serial := filepath.Join(t.TempDir(), "serial.log")
		cmd := exec.Command(qemu, "-accel", "tcg", "-machine", "pc,graphics=off", "-m", "128", "-nodefaults",
			"-display", "none", "-monitor", "none", "-serial", "file:"+serial,
			"-netdev", "user,id=n0,bootfile=http://10.0.2.2:"+port+"/boot.ipxe",
			"-device", "e1000,netdev=n0,mac="+mac, "-boot", "n", "-no-reboot")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, serial
	}
	cmd, serial := boot("52:54:00:12:34:56")
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("QEMU: %v", err)
		}
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("QEMU did not finish within 60 s; access log:\n%s", log)
	}
	out, _ := os.ReadFile(serial)
	if !strings.Contains(string(out), "Harmony: booting vm0 (worker) from 52-54-00-12-34-56") {
		t.Errorf("the serial console lacks the script's marker:\n%s", out)
	}
	if !strings.Contains(log.String(), `"path":"/ipxe/52-54-00-12-34-56","mac":"52:54:00:12:34:56","status":200`) {
		t.Errorf("the access log lacks the VM's request:\n%s", log)
	}
	// An unknown MAC: 404, iPXE falls through and QEMU would run forever.
	cmd, _ = boot("52:54:00:99:99:99")
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(log.String(), `"mac":"52:54:00:99:99:99","status":404`) {
		if time.Now().After(deadline) {
			t.Fatalf("no 404 for the unknown MAC within 60 s:\n%s", log)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
