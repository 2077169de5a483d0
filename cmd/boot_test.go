package cmd_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/infra/peertest"
)

// TestPXEBootThroughDnsmasq is the whole boot path, for real, in a network
// namespace: harmony-apply-dnsmasq writes the VM's reservation for a real
// dnsmasq, harmony-pxe apply gives the PXE server its profile, and a QEMU
// VM (its iPXE NIC ROM, -accel tcg) gets the reserved address by DHCP,
// fetches boot.ipxe and then its own per-MAC script, whose marker reaches
// the serial console; the script reboots, which ends QEMU with status 0.
func TestPXEBootThroughDnsmasq(t *testing.T) {
	peertest.Require(t, "ip", "dnsmasq", "qemu-system-x86_64", "/dev/net/tun", "root")
	dir := t.TempDir()
	_ = os.Chmod(dir, 0o755)
	bin := filepath.Join(dir, "bin")
	for _, tool := range []string{"harmony-plan", "harmony-apply-dnsmasq", "harmony-pxe"} {
		if out, err := exec.Command("go", "build", "-o", bin+"/", "./"+tool).CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", tool, err, out)
		}
	}
	run := func(stdin []byte, env []string, args ...string) []byte {
		t.Helper()
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Env = append(os.Environ(), env...)
		if stdin != nil {
			cmd.Stdin = bytes.NewReader(stdin)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stderr.String())
		}
		return out
	}
	ns := fmt.Sprintf("hboot%d", os.Getpid())
	run(nil, nil, "ip", "netns", "add", ns)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", ns).Run() })
	inNS := func(args ...string) []string { return append([]string{"ip", "netns", "exec", ns}, args...) }
	run(nil, nil, "ip", "-n", ns, "tuntap", "add", "dev", "htap0", "mode", "tap")
	run(nil, nil, "ip", "-n", ns, "addr", "add", "10.78.0.1/24", "dev", "htap0")
	run(nil, nil, "ip", "-n", ns, "addr", "add", "fd00:78::1/64", "dev", "htap0", "nodad")
	run(nil, nil, "ip", "-n", ns, "link", "set", "htap0", "up")
	run(nil, nil, "ip", "-n", ns, "link", "set", "lo", "up")

	// The site: dnsmasq and the PXE server on this host; one VM.
	const port = "8089"
	dnsDir := filepath.Join(dir, "dnsmasq")
	site := fmt.Sprintf(`apiVersion: harmony/v1
kind: Site
metadata: {name: boot}
spec:
  domain: boot.test
  networks: [{name: lan, cidr: 10.78.0.0/24, gateway: 10.78.0.1}]
  devices:
    - {name: gw, provider: dnsmasq, endpoint: "file://%s?pidfile=%s/dnsmasq.pid", provides: [dhcp-server, dns-server]}
    - {name: pxe1, provider: harmony-pxe, endpoint: "http://10.78.0.1:%s", secretRef: pxe1, provides: [pxe-boot]}
---
apiVersion: harmony/v1
kind: Inventory
metadata: {name: boot}
spec:
  hosts:
    - {name: vm0, role: worker, nics: [{name: ens3, mac: "52:54:00:12:34:56"}]}
---
apiVersion: harmony/v1
kind: Scores
metadata: {name: boot}
spec:
  scores:
    - kind: DHCPReservations
      name: vm
      spec: {network: lan, reservations: [{host: vm0, ip: 10.78.0.42}]}
    - kind: NetBoot
      name: chain
      spec: {network: lan, script: "http://10.78.0.1:%s/boot.ipxe"}
    - kind: PXEBoot
      name: vm-boot
      spec:
        boot: {kernel: "http://10.78.0.1:%s/assets/vmlinuz", initrd: "http://10.78.0.1:%s/assets/initrd.img", args: "console=ttyS0"}
        hosts: [{host: vm0}]
`, dnsDir, dir, port, port, port, port)
	plan := run([]byte(site), nil, filepath.Join(bin, "harmony-plan"))
	plan = run(plan, nil, filepath.Join(bin, "harmony-apply-dnsmasq"), "--lock-dir", filepath.Join(dir, "locks"))

	access := filepath.Join(dir, "access.log")
	serveArgs := inNS(filepath.Join(bin, "harmony-pxe"), "serve", "--addr", "10.78.0.1:"+port,
		"--dir", filepath.Join(dir, "profiles"), "--access-log", access, "--retry-delay", "1")
	serve := exec.Command(serveArgs[0], serveArgs[1:]...)
	serve.Env = append(os.Environ(), "HARMONY_PXE_TOKEN=boot-token")
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = serve.Process.Kill(); _ = serve.Wait() })
	time.Sleep(300 * time.Millisecond)
	run(plan, []string{"HARMONY_SECRET_PXE1=boot-token"}, inNS(filepath.Join(bin, "harmony-pxe"), "apply", "--lock-dir", filepath.Join(dir, "locks"))...)

	conf := filepath.Join(dir, "dnsmasq.conf")
	_ = os.WriteFile(conf, []byte(strings.Join([]string{
		"port=0", "bind-interfaces", "interface=htap0", "dhcp-range=10.78.0.100,10.78.0.200,1h",
		"dhcp-leasefile=" + filepath.Join(dir, "leases"), "dhcp-hostsdir=" + filepath.Join(dnsDir, "dhcp-hosts"),
		// The chain itself (iPXE → boot.ipxe) is harmony-apply-dnsmasq's
		// file in the optsdir, from the NetBoot Score.
		"dhcp-optsdir=" + filepath.Join(dnsDir, "dhcp-opts"),
		"dhcp-userclass=set:ipxe,iPXE", "dhcp-match=set:efi-x86_64,option:client-arch,7",
		"enable-ra", "dhcp-range=::,constructor:htap0,ra-only",
		"pid-file=" + filepath.Join(dir, "dnsmasq.pid"), "log-dhcp", "log-facility=" + filepath.Join(dir, "dnsmasq.log"), "user=root",
	}, "\n")+"\n"), 0o644)
	run(nil, nil, inNS("dnsmasq", "--conf-file="+conf)...)
	t.Cleanup(func() {
		if pid, err := os.ReadFile(filepath.Join(dir, "dnsmasq.pid")); err == nil {
			_ = exec.Command("kill", strings.TrimSpace(string(pid))).Run()
		}
	})

	serial := filepath.Join(dir, "serial.log")
	qemuArgs := inNS("qemu-system-x86_64", "-accel", "tcg", "-machine", "pc,graphics=off", "-m", "128", "-nodefaults",
		"-display", "none", "-monitor", "none", "-serial", "file:"+serial,
		"-netdev", "tap,id=n0,ifname=htap0,script=no,downscript=no",
		"-device", "e1000,netdev=n0,mac=52:54:00:12:34:56", "-boot", "n", "-no-reboot")
	qemu := exec.Command(qemuArgs[0], qemuArgs[1:]...)
	if err := qemu.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- qemu.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("QEMU: %v", err)
		}
	case <-time.After(60 * time.Second):
		_ = qemu.Process.Kill()
		log, _ := os.ReadFile(access)
		t.Fatalf("the VM did not finish booting within 60 s; access log:\n%s", log)
	}
	dlog, _ := os.ReadFile(filepath.Join(dir, "dnsmasq.log"))
	if !strings.Contains(string(dlog), "DHCPACK(htap0) 10.78.0.42 52:54:00:12:34:56 vm0") {
		t.Errorf("dnsmasq did not give the VM its reservation:\n%s", dlog)
	}
	alog, _ := os.ReadFile(access)
	if !strings.Contains(string(alog), `"remote":"10.78.0.42","method":"GET","path":"/ipxe/52-54-00-12-34-56","mac":"52:54:00:12:34:56","status":200`) {
		t.Errorf("the PXE server did not see the reserved address ask for the VM's script:\n%s", alog)
	}
	if out, _ := os.ReadFile(serial); !strings.Contains(string(out), "Harmony: booting vm0 (worker) from 52-54-00-12-34-56") {
		t.Errorf("the script's marker is not on the serial console:\n%s", out)
	}
	for _, l := range strings.Split(string(dlog)+string(alog), "\n") {
		if strings.Contains(l, "DHCPACK") || strings.Contains(l, "/ipxe/") {
			t.Log(l) // make demo-boot shows the evidence
		}
	}
}
