package lab

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/nationtech/harmony-go/lib/infra/opnsense/opnsensetest"
)

// firewallDHCP runs the simulated firewall's Dnsmasq for real, as
// configd does on a firewall: after each reconfigure of the dnsmasq
// service, OPNsense's own template is rendered from what the simulator
// holds and a real dnsmasq is (re)started on it, bound to one device (the
// lab's rack bridge) with its files in dir.
type firewallDHCP struct {
	srv    *opnsensetest.Server
	device string
	dir    string
	stderr io.Writer

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan error // the running dnsmasq's end
}

// reconfigure is the simulator's OnReconfigure.
func (f *firewallDHCP) reconfigure(ctx context.Context, service string) error {
	if service != "dnsmasq" {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	conf, err := f.srv.LocalDnsmasq(ctx, f.dir, f.device)
	if err != nil {
		fmt.Fprintf(f.stderr, "%s: the firewall's dnsmasq: %v\n", Name, err)
		return err
	}
	cf := filepath.Join(f.dir, "dnsmasq.conf")
	if err := os.WriteFile(cf, []byte(conf), 0o644); err != nil {
		return err
	}
	f.stopLocked()
	cmd := exec.Command("dnsmasq", "--keep-in-foreground", "--conf-file="+cf)
	cmd.Stderr = f.stderr
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(f.stderr, "%s: the firewall's dnsmasq: %v\n", Name, err)
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// dnsmasq checks its configuration and binds before it settles: one
	// that ends at once did not take it (its reason is on stderr).
	select {
	case err := <-exited:
		fmt.Fprintf(f.stderr, "%s: the firewall's dnsmasq refused %s: %v\n", Name, cf, err)
		return fmt.Errorf("dnsmasq ended at once on %s: %w", cf, err)
	case <-time.After(300 * time.Millisecond):
	}
	f.cmd, f.exited = cmd, exited
	fmt.Fprintf(f.stderr, "%s: the firewall's dnsmasq serves DHCP on %s (OPNsense's configuration rendered into %s)\n", Name, f.device, cf)
	return nil
}

// stopLocked ends the running dnsmasq; f.mu is held.
func (f *firewallDHCP) stopLocked() {
	if f.cmd == nil {
		return
	}
	_ = f.cmd.Process.Signal(syscall.SIGTERM) // dnsmasq ignores SIGINT
	select {
	case <-f.exited:
	case <-time.After(3 * time.Second):
		_ = f.cmd.Process.Kill()
		<-f.exited
	}
	f.cmd = nil
}

// stop ends the running dnsmasq.
func (f *firewallDHCP) stop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stopLocked()
}
