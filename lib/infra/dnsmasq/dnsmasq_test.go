package dnsmasq_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/apply/conformance"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/dnsmasq"
	"github.com/nationtech/harmony-go/lib/infra/peertest"
)

func step(t *testing.T, c domain.Capability, typ, name string, spec any) domain.Step {
	t.Helper()
	s, err := domain.NewStep("home", c, "gw", typ, name, spec)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func planSteps(t *testing.T, hosts ...string) []domain.Step {
	var out []domain.Step
	for i, h := range hosts {
		mac := domain.MAC{0x52, 0x54, 0, 0xaa, 0xbb, byte(i + 1)}
		ip := netip.AddrFrom4([4]byte{10, 77, 0, byte(42 + i)})
		out = append(out,
			step(t, domain.DHCPServer, domain.TypeReservation, h, domain.Reservation{MAC: mac, IP: ip, Hostname: h,
				Network: "lan", Subnet: netip.MustParsePrefix("10.77.0.0/24")}),
			step(t, domain.DNSServer, domain.TypeARecord, h+".lab.test", domain.DNSRecord{Name: h + ".lab.test", Type: "A", Value: ip.String()}),
			step(t, domain.DNSServer, domain.TypePTRRecord, fmt.Sprintf("%d.0.77.10.in-addr.arpa", 42+i),
				domain.DNSRecord{Name: fmt.Sprintf("%d.0.77.10.in-addr.arpa", 42+i), Type: "PTR", Value: h + ".lab.test"}))
	}
	return out
}

func applySteps(t *testing.T, d *dnsmasq.Driver, dev domain.Device, steps []domain.Step, prune bool) ([]domain.Outcome, *dnsmasq.Session) {
	t.Helper()
	s, err := d.Open(context.Background(), dev)
	if err != nil {
		t.Fatal(err)
	}
	var out []domain.Outcome
	for _, st := range steps {
		out = append(out, s.Apply(context.Background(), st, false))
	}
	if prune {
		if _, err := s.Prune(context.Background(), domain.NewKeep(steps), false); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit(context.Background()); err != nil {
		t.Fatalf("commit: %v", err)
	}
	return out, s
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	dev := domain.Device{Name: "gw", Provider: "dnsmasq", Endpoint: "file://" + dir}
	d := &dnsmasq.Driver{Site: "home"}
	out, first := applySteps(t, d, dev, planSteps(t, "node01", "node02"), false)
	if first.Writes != 4 {
		t.Errorf("first run wrote %d files, want 4", first.Writes)
	}
	for i, o := range out {
		want := domain.Success
		if i%3 == 2 {
			want = domain.Noop // PTRs come from the hosts entries
		}
		if o.Status != want {
			t.Errorf("step %d: %s %q", i, o.Status, o.Message)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, "dhcp-hosts", "node01.conf"))
	if string(data) != "# harmony:home home/dhcp-server/gw/reservation/node01\n52:54:00:aa:bb:01,10.77.0.42,node01,infinite\n" {
		t.Errorf("reservation file = %q", data)
	}
	st, _ := os.Stat(filepath.Join(dir, "hosts", "node01.lab.test.hosts"))
	out, s := applySteps(t, d, dev, planSteps(t, "node01", "node02"), false)
	for i, o := range out {
		if o.Status != domain.Noop {
			t.Errorf("second run, step %d: %s", i, o.Status)
		}
	}
	if st2, _ := os.Stat(filepath.Join(dir, "hosts", "node01.lab.test.hosts")); s.Writes != 0 || !st2.ModTime().Equal(st.ModTime()) {
		t.Errorf("second run wrote %d files", s.Writes)
	}
	// A hand-made file is never touched; a removed reservation needs SIGHUP.
	_ = os.WriteFile(filepath.Join(dir, "dhcp-hosts", "printer.conf"), []byte("52:54:00:cc:00:01,10.77.0.9,printer\n"), 0o644)
	sess, _ := d.Open(context.Background(), dev)
	for _, st := range planSteps(t, "node01") {
		sess.Apply(context.Background(), st, false)
	}
	removed, err := sess.Prune(context.Background(), domain.NewKeep(planSteps(t, "node01")), false)
	if err != nil || len(removed) != 2 {
		t.Errorf("Prune = %v, %v; want node02's two files", removed, err)
	}
	if err := sess.Commit(context.Background()); err == nil || !strings.Contains(err.Error(), "SIGHUP") {
		t.Errorf("Commit without a pid file = %v, want a SIGHUP error", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "dhcp-hosts", "printer.conf")); err != nil {
		t.Error("prune removed a hand-made file")
	}
}

// TestNetBoot: the network-boot options go to the optsdir as dhcp-option
// lines (the real chain is booted by cmd's TestPXEBootThroughDnsmasq); a
// second run writes nothing; a pruned one needs dnsmasq's SIGHUP.
func TestNetBoot(t *testing.T) {
	dir := t.TempDir()
	dev := domain.Device{Name: "gw", Provider: "dnsmasq", Endpoint: "file://" + dir}
	d := &dnsmasq.Driver{Site: "home"}
	nb := []domain.Step{step(t, domain.DHCPServer, domain.TypeNetBoot, "lan",
		domain.NetBoot{Network: "lan", Script: "http://10.77.0.1:8080/boot.ipxe", BIOSFile: "undionly.kpxe", UEFIFile: "ipxe.efi"})}
	out, s := applySteps(t, d, dev, nb, false)
	if out[0].Status != domain.Success || s.Writes != 1 {
		t.Fatalf("netboot: %+v, %d writes", out[0], s.Writes)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "dhcp-opts", "netboot-lan.conf"))
	want := "# harmony:home home/dhcp-server/gw/netboot/lan\n" +
		"tag:ipxe,option:bootfile-name,http://10.77.0.1:8080/boot.ipxe\n" +
		"tag:!ipxe,tag:efi-x86_64,option:bootfile-name,ipxe.efi\n" +
		"tag:!ipxe,tag:!efi-x86_64,option:bootfile-name,undionly.kpxe\n"
	if string(data) != want {
		t.Errorf("options file:\n%s\nwant:\n%s", data, want)
	}
	if out, s := applySteps(t, d, dev, nb, false); out[0].Status != domain.Noop || s.Writes != 0 {
		t.Errorf("second run: %+v, %d writes", out[0], s.Writes)
	}
	sess, _ := d.Open(context.Background(), dev)
	if removed, err := sess.Prune(context.Background(), domain.Keep{}, false); err != nil || len(removed) != 1 {
		t.Errorf("Prune = %v, %v", removed, err)
	}
	if err := sess.Commit(context.Background()); err == nil || !strings.Contains(err.Error(), "SIGHUP") {
		t.Errorf("Commit after removing the options = %v, want a SIGHUP error (no pid file)", err)
	}
}

// TestRealDnsmasq runs dnsmasq in a network namespace, configured by the
// adapter's files, and a real DHCP client and DNS lookups in another.
func TestRealDnsmasq(t *testing.T) {
	peertest.Require(t, "dnsmasq", "busybox", "ip", "root")
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	srv, cli := fmt.Sprintf("hsrv%d", os.Getpid()), fmt.Sprintf("hcli%d", os.Getpid())
	run("ip", "netns", "add", srv)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", srv).Run() })
	run("ip", "netns", "add", cli)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", cli).Run() })
	run("ip", "link", "add", "hv0", "netns", srv, "type", "veth", "peer", "name", "hv1", "netns", cli)
	run("ip", "-n", srv, "addr", "add", "10.77.0.1/24", "dev", "hv0")
	run("ip", "-n", srv, "link", "set", "hv0", "up")
	run("ip", "-n", srv, "link", "set", "lo", "up")
	run("ip", "-n", cli, "link", "set", "hv1", "address", "52:54:00:aa:bb:01", "up")
	run("ip", "-n", cli, "link", "set", "lo", "up")

	dir := t.TempDir()
	_ = os.Chmod(dir, 0o755)
	dev := domain.Device{Name: "gw", Provider: "dnsmasq", Endpoint: "file://" + dir + "?pidfile=" + filepath.Join(dir, "dnsmasq.pid")}
	d := &dnsmasq.Driver{Site: "home"}
	if out, _ := applySteps(t, d, dev, planSteps(t, "node01"), false); out[0].Status != domain.Success {
		t.Fatalf("apply: %+v", out)
	}
	conf := filepath.Join(dir, "dnsmasq.conf")
	_ = os.WriteFile(conf, []byte(strings.Join([]string{
		"no-resolv", "no-hosts", "bind-interfaces", "interface=hv0", "listen-address=10.77.0.1",
		"domain=lab.test", "local=/lab.test/", "dhcp-range=10.77.0.100,10.77.0.200,1h",
		"dhcp-leasefile=" + filepath.Join(dir, "leases"), "dhcp-hostsdir=" + filepath.Join(dir, "dhcp-hosts"),
		"hostsdir=" + filepath.Join(dir, "hosts"), "pid-file=" + filepath.Join(dir, "dnsmasq.pid"),
		"log-dhcp", "log-facility=" + filepath.Join(dir, "dnsmasq.log"), "user=root",
	}, "\n")+"\n"), 0o644)
	run("ip", "netns", "exec", srv, "dnsmasq", "--conf-file="+conf)
	t.Cleanup(func() {
		if pid, err := os.ReadFile(filepath.Join(dir, "dnsmasq.pid")); err == nil {
			_ = exec.Command("kill", strings.TrimSpace(string(pid))).Run()
		}
	})
	hook := filepath.Join(dir, "hook.sh")
	_ = os.WriteFile(hook, []byte("#!/bin/sh\n[ \"$1\" = bound ] && echo \"$ip $hostname\" > "+filepath.Join(dir, "lease")+"\nexit 0\n"), 0o755)
	dhcp := func() string {
		t.Helper()
		_ = os.Remove(filepath.Join(dir, "lease"))
		run("ip", "netns", "exec", cli, "busybox", "udhcpc", "-f", "-q", "-n", "-t", "5", "-T", "1", "-i", "hv1", "-s", hook)
		data, _ := os.ReadFile(filepath.Join(dir, "lease"))
		return strings.TrimSpace(string(data))
	}
	if got := dhcp(); got != "10.77.0.42 node01" {
		t.Errorf("the DHCP client got %q, want the reservation 10.77.0.42 node01", got)
	}
	lookup := func(name string) string {
		out, _ := exec.Command("ip", "netns", "exec", srv, "busybox", "nslookup", name, "10.77.0.1").CombinedOutput()
		return string(out)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(lookup("node01.lab.test"), "10.77.0.42") {
		if time.Now().After(deadline) {
			t.Fatalf("no A record:\n%s", lookup("node01.lab.test"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if out := lookup("10.77.0.42"); !strings.Contains(out, "node01.lab.test") {
		t.Errorf("no PTR:\n%s", out)
	}
	// The second apply changes nothing on the host.
	if out, s := applySteps(t, d, dev, planSteps(t, "node01"), false); s.Writes != 0 || out[0].Status != domain.Noop {
		t.Errorf("second apply: %d writes, %s", s.Writes, out[0].Status)
	}
	// Pruning the reservation deletes the file and signals dnsmasq, which
	// then stops offering the reserved address.
	if _, s := applySteps(t, d, dev, nil, true); s.Writes != 2 {
		t.Errorf("prune wrote %d files, want 2", s.Writes)
	}
	time.Sleep(200 * time.Millisecond)
	if got := dhcp(); strings.HasPrefix(got, "10.77.0.42") {
		t.Errorf("after prune and SIGHUP the client still got %q", got)
	}
}

// TestRealTFTP: a tftp-server step puts Debian's iPXE builds in dnsmasq's
// tftp-root and checks that dnsmasq serves them (a real TFTP read); a
// second run writes nothing; without dnsmasq's TFTP the step fails saying
// what to configure; busybox's tftp client fetches the same bytes.
func TestRealTFTP(t *testing.T) {
	peertest.Require(t, "dnsmasq", "busybox", "root", "/usr/lib/ipxe/undionly.kpxe")
	dir := t.TempDir()
	_ = os.Chmod(dir, 0o755)
	dev := domain.Device{Name: "gw", Provider: "dnsmasq", Endpoint: "file://" + dir + "?pidfile=" + filepath.Join(dir, "dnsmasq.pid")}
	d := &dnsmasq.Driver{Site: "home"}
	tftp := []domain.Step{step(t, domain.TFTPServer, domain.TypeTFTP, "lan", domain.TFTPService{Listen: netip.MustParseAddr("127.0.0.1")})}

	out, _ := applySteps(t, d, dev, tftp, false)
	if out[0].Status != domain.Failure || !strings.Contains(out[0].Message, "no TFTP answer from 127.0.0.1:69") || !strings.Contains(out[0].Message, "enable-tftp and tftp-root="+filepath.Join(dir, "tftp")) {
		t.Fatalf("without dnsmasq's TFTP: %+v", out[0])
	}
	conf := filepath.Join(dir, "dnsmasq.conf")
	_ = os.WriteFile(conf, []byte(strings.Join([]string{"port=0", "bind-interfaces", "interface=lo", "listen-address=127.0.0.1",
		"enable-tftp", "tftp-root=" + filepath.Join(dir, "tftp"), "pid-file=" + filepath.Join(dir, "dnsmasq.pid"),
		"log-facility=" + filepath.Join(dir, "dnsmasq.log"), "user=root"}, "\n")+"\n"), 0o644)
	if b, err := exec.Command("dnsmasq", "--conf-file="+conf).CombinedOutput(); err != nil {
		t.Fatalf("dnsmasq: %v\n%s", err, b)
	}
	t.Cleanup(func() {
		if pid, err := os.ReadFile(filepath.Join(dir, "dnsmasq.pid")); err == nil {
			_ = exec.Command("kill", strings.TrimSpace(string(pid))).Run()
		}
	})
	out, s := applySteps(t, d, dev, tftp, false)
	if out[0].Status != domain.Noop || s.Writes != 0 {
		t.Errorf("the files were copied by the failed run already; now it is served: %+v, %d writes", out[0], s.Writes)
	}
	_ = os.Remove(filepath.Join(dir, "tftp", "ipxe.efi"))
	if out, s := applySteps(t, d, dev, tftp, false); out[0].Status != domain.Success || s.Writes != 1 || out[0].Changes[0].Field != "ipxe.efi" {
		t.Errorf("a missing build: %+v, %d writes", out[0], s.Writes)
	}
	got := filepath.Join(t.TempDir(), "undionly.kpxe")
	if b, err := exec.Command("busybox", "tftp", "-g", "-r", "undionly.kpxe", "-l", got, "127.0.0.1").CombinedOutput(); err != nil {
		t.Fatalf("busybox tftp: %v\n%s", err, b)
	}
	a, _ := os.ReadFile(got)
	b, _ := os.ReadFile("/usr/lib/ipxe/undionly.kpxe")
	if !bytes.Equal(a, b) || len(a) == 0 {
		t.Errorf("TFTP served %d bytes, want the %d of Debian's undionly.kpxe", len(a), len(b))
	}
	// absent takes the builds out (a file put there by hand stays), and
	// is NOOP after.
	_ = os.WriteFile(filepath.Join(dir, "tftp", "menu.ipxe"), []byte("#!ipxe\n"), 0o644)
	gone := tftp[0]
	gone.Action = domain.Absent
	if out, s := applySteps(t, d, dev, []domain.Step{gone}, false); out[0].Status != domain.Success || s.Writes != 2 {
		t.Errorf("absent: %+v, %d writes, want both builds removed", out[0], s.Writes)
	}
	if _, err := os.Stat(filepath.Join(dir, "tftp", "undionly.kpxe")); err == nil {
		t.Error("absent left undionly.kpxe")
	}
	if _, err := os.Stat(filepath.Join(dir, "tftp", "menu.ipxe")); err != nil {
		t.Error("absent removed a file it did not put there")
	}
	if out, s := applySteps(t, d, dev, []domain.Step{gone}, false); out[0].Status != domain.Noop || s.Writes != 0 {
		t.Errorf("absent again: %+v, %d writes", out[0], s.Writes)
	}
}

// TestConformance runs the apply contract's suite against dnsmasq's
// watched directories (the device, as dnsmasq reads it): two hosts'
// reservations, A and PTR records, and a network's boot options.
func TestConformance(t *testing.T) {
	peertest.Require(t, "dnsmasq", "root")
	dir := t.TempDir()
	_ = os.Chmod(dir, 0o755)
	pidfile := startDnsmasq(t, dir)
	dev := domain.Device{Name: "gw", Provider: "dnsmasq", Endpoint: "file://" + dir + "?pidfile=" + pidfile,
		Provides: []domain.Capability{domain.DHCPServer, domain.DNSServer}}
	steps := append(planSteps(t, "node01", "node02"), step(t, domain.DHCPServer, domain.TypeNetBoot, "lan",
		domain.NetBoot{Network: "lan", Script: "http://10.77.0.1:8080/boot.ipxe", BIOSFile: "undionly.kpxe", UEFIFile: "ipxe.efi"}),
		step(t, domain.DNSServer, domain.TypeARecord, "printer.lab.test", domain.DNSRecord{Name: "printer.lab.test", Type: "A", Value: "10.77.0.9"}))
	var writes conformance.Counter
	path := func(s domain.Step) string {
		switch s.Resource.Type {
		case domain.TypeReservation:
			return filepath.Join(dir, "dhcp-hosts", s.Resource.Name+".conf")
		case domain.TypeNetBoot:
			return filepath.Join(dir, "dhcp-opts", "netboot-"+s.Resource.Name+".conf")
		case domain.TypePTRRecord:
			var r domain.DNSRecord
			_ = s.DecodeSpec(&r)
			return filepath.Join(dir, "hosts", r.Value+".hosts")
		}
		return filepath.Join(dir, "hosts", s.Resource.Name+".hosts")
	}
	conformance.Run(t, conformance.Peer{
		Tool: func(*testing.T) *apply.Tool {
			return &apply.Tool{Name: "harmony-apply-dnsmasq", Providers: domain.ProvidersOf("harmony-apply-dnsmasq"),
				Driver: apply.OpenFunc((&dnsmasq.Driver{Site: "home"}).Open)}
		},
		Plan:   conformance.PlanOf(t, "home", []domain.Device{dev}, steps),
		Device: "gw",
		Victim: "home/dhcp-server/gw/reservation/node02",
		Absent: []string{"home/dhcp-server/gw/reservation/node02", "home/dns-server/gw/a-record/printer.lab.test", "home/dhcp-server/gw/netboot/lan"},
		Writes: func(t *testing.T) int {
			return writes.Count(conformance.Files(t, filepath.Join(dir, "dhcp-hosts"), filepath.Join(dir, "hosts"), filepath.Join(dir, "dhcp-opts")))
		},
		// dnsmasq logs "cleared cache" at start and at each SIGHUP.
		Commits: func(t *testing.T) int {
			data, _ := os.ReadFile(filepath.Join(dir, "dnsmasq.log"))
			return strings.Count(string(data), "cleared cache") - 1
		},
		Present: func(_ *testing.T, s domain.Step) bool {
			_, err := os.Stat(path(s))
			return err == nil
		},
		Change: func(s domain.Step) (domain.Step, string, bool) {
			if s.Resource.Type != domain.TypeReservation {
				return s, "", false
			}
			c, err := conformance.Edit(s, func(r *domain.Reservation) { r.IP = netip.MustParseAddr("10.77.0.99") })
			return c, s.Resource.Name + ".conf", err == nil
		},
		HandMade: func(t *testing.T) func(*testing.T) bool {
			p := filepath.Join(dir, "dhcp-hosts", "printer.conf")
			body := []byte("52:54:00:cc:00:01,10.77.0.9,printer\n")
			if err := os.WriteFile(p, body, 0o644); err != nil {
				t.Fatal(err)
			}
			return func(*testing.T) bool {
				data, err := os.ReadFile(p)
				return err == nil && bytes.Equal(data, body)
			}
		},
	})
}

// startDnsmasq runs a real dnsmasq over the adapter's directories (no
// DHCP range, DNS on a free loopback port, so that it logs each SIGHUP as
// "cleared cache"): it reads them as a site's would, and takes the SIGHUP
// a removed reservation needs. It returns its pid file.
func startDnsmasq(t *testing.T, dir string) string {
	t.Helper()
	for _, d := range []string{"dhcp-hosts", "hosts", "dhcp-opts"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	pidfile := filepath.Join(dir, "dnsmasq.pid")
	cmd := exec.Command("dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
		"--listen-address=127.0.0.1", "--bind-interfaces", "--port="+freeUDPPort(t), "--user=root",
		"--dhcp-hostsdir="+filepath.Join(dir, "dhcp-hosts"), "--hostsdir="+filepath.Join(dir, "hosts"),
		"--dhcp-optsdir="+filepath.Join(dir, "dhcp-opts"), "--pid-file="+pidfile, "--log-facility="+filepath.Join(dir, "dnsmasq.log"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if data, err := os.ReadFile(pidfile); err == nil && len(bytes.TrimSpace(data)) > 0 {
			return pidfile
		}
		if time.Now().After(deadline) {
			t.Fatalf("dnsmasq wrote no pid file: %s", stderr.String())
		}
	}
}

func freeUDPPort(t *testing.T) string {
	t.Helper()
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, port, _ := net.SplitHostPort(c.LocalAddr().String())
	return port
}
