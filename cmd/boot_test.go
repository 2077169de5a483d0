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

	"github.com/nationtech/harmony-go/lib/infra/ipmi/ipmitest"
	"github.com/nationtech/harmony-go/lib/infra/peertest"
	"github.com/nationtech/harmony-go/lib/infra/redfish/redfishtest"
)

// TestPXEBootThroughDnsmasq is the whole boot path, for real, in a network
// namespace: harmony-apply-dnsmasq writes the VM's reservation for a real
// dnsmasq, harmony-pxe apply gives the PXE server its profile, and a QEMU
// VM (its iPXE NIC ROM, -accel tcg) gets the reserved address by DHCP,
// fetches boot.ipxe and then its own per-MAC script, whose marker reaches
// the serial console; the script reboots, which ends QEMU with status 0.
func TestPXEBootThroughDnsmasq(t *testing.T) { pxeBoot(t, "") }

// TestBMCPowersTheVM is the same boot path started as a site starts it:
// harmony-bmc apply sets the host's next boot to PXE and powers it on
// through its BMC — a Redfish one (the simulator, its CA verified) or a
// real IPMI one (ipmi_sim, whose chassis control is the machine) — and the
// BMC starts the VM (QEMU, booting from the network because the BMC's boot
// device says so), which gets its reservation and its per-MAC script. The
// second harmony-bmc run writes nothing to the BMC.
func TestBMCPowersTheVM(t *testing.T) {
	t.Run("redfish", func(t *testing.T) { pxeBoot(t, "redfish") })
	t.Run("ipmi", func(t *testing.T) { pxeBoot(t, "ipmi") })
}

func pxeBoot(t *testing.T, via string) {
	viaBMC := via != ""
	if via == "ipmi" {
		peertest.Require(t, "ipmi_sim")
	}
	peertest.Require(t, "ip", "dnsmasq", "qemu-system-x86_64", "/dev/net/tun", "root")
	dir := t.TempDir()
	_ = os.Chmod(dir, 0o755)
	bin := filepath.Join(dir, "bin")
	for _, tool := range []string{"harmony-plan", "harmony-apply-dnsmasq", "harmony-pxe", "harmony-bmc"} {
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

	// The VM, started by its BMC or by the test.
	serial := filepath.Join(dir, "serial.log")
	vm := func(pxe bool) *exec.Cmd {
		boot := "n"
		if !pxe {
			boot = "c"
		}
		qemuArgs := inNS("qemu-system-x86_64", "-accel", "tcg", "-machine", "pc,graphics=off", "-m", "128", "-nodefaults",
			"-display", "none", "-monitor", "none", "-serial", "file:"+serial,
			"-netdev", "tap,id=n0,ifname=htap0,script=no,downscript=no",
			"-device", "e1000,netdev=n0,mac=52:54:00:12:34:56", "-boot", boot, "-no-reboot")
		return exec.Command(qemuArgs[0], qemuArgs[1:]...)
	}
	done := make(chan error, 1)
	var qemu *exec.Cmd
	var bmcDevice, bmcHost, powerScore string
	var rf *redfishtest.BMC
	var ib *ipmitest.BMC
	started := make(chan struct{}, 1) // the BMC started the VM (and set qemu)
	onPower := func(on, pxe bool) {
		if !on || qemu != nil {
			return
		}
		qemu = vm(pxe)
		if err := qemu.Start(); err != nil {
			done <- err
			return
		}
		go func() { done <- qemu.Wait() }()
		started <- struct{}{}
	}
	bmcEnv := []string{"HARMONY_SECRET_REDFISH=admin:bmc-s3cret"}
	bmcArgs := []string{filepath.Join(bin, "harmony-bmc"), "apply", "--lock-dir", filepath.Join(dir, "locks")}
	stepTarget := "redfish"
	switch via {
	case "ipmi":
		var err error
		if ib, err = ipmitest.Start(t.Context(), filepath.Join(dir, "bmcs"), "vm0", "52:54:00:bb:00:01"); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(ib.Stop)
		ib.WatchPower(t.Context(), onPower)
		bmcDevice = "\n    - {name: bmc, provider: ipmi, secretRef: bmc, provides: [power-control]}"
		bmcHost = fmt.Sprintf(", bmc: {address: %q}", ib.Addr)
		powerScore = "\n    - kind: PowerState\n      name: power\n      spec: {state: \"on\", bootDevice: pxe, hosts: [vm0]}"
		bmcEnv, stepTarget = []string{"HARMONY_SECRET_BMC=admin:secret"}, "bmc"
		bmcArgs = append(bmcArgs, "--cipher", "3")
	case "redfish":
		rf = redfishtest.Start(redfishtest.Config{User: "admin", Password: "bmc-s3cret", MACs: []string{"52:54:00:12:34:56"}, OnPower: onPower})
		t.Cleanup(rf.Close)
		ca := filepath.Join(dir, "bmc-ca.pem")
		if err := os.WriteFile(ca, rf.CertPEM(), 0o644); err != nil {
			t.Fatal(err)
		}
		bmcDevice = fmt.Sprintf("\n    - {name: redfish, provider: redfish, secretRef: redfish, caFile: %s, provides: [power-control]}", ca)
		bmcHost = fmt.Sprintf(", bmc: {address: %q}", rf.URL())
		powerScore = "\n    - kind: PowerState\n      name: power\n      spec: {state: \"on\", bootDevice: pxe, hosts: [vm0]}"
	}

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
    - {name: pxe1, provider: harmony-pxe, endpoint: "http://10.78.0.1:%s", secretRef: pxe1, provides: [pxe-boot]}%s
---
apiVersion: harmony/v1
kind: Inventory
metadata: {name: boot}
spec:
  hosts:
    - {name: vm0, role: worker, nics: [{name: ens3, mac: "52:54:00:12:34:56"}]%s}
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
        hosts: [{host: vm0}]%s
`, dnsDir, dir, port, bmcDevice, bmcHost, port, port, port, powerScore)
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

	if viaBMC {
		out := run(plan, bmcEnv, bmcArgs...)
		if !strings.Contains(string(out), `"id":"power/power-control/`+stepTarget+`/power/vm0"`) || !strings.Contains(string(out), `"status":"RUNNING","message":"vm0 powered on and booting"`) {
			t.Fatalf("harmony-bmc apply: %s", out)
		}
		select {
		case <-started:
		case <-time.After(10 * time.Second):
			t.Fatal("harmony-bmc powered the host on and its BMC started no VM")
		}
		if rf != nil {
			if p, target, _ := rf.State(); p != "On" || target != "Pxe" {
				t.Errorf("the BMC holds %s %s", p, target)
			}
		}
	} else {
		qemu = vm(true)
		if err := qemu.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { done <- qemu.Wait() }()
	}
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
	if viaBMC {
		writes := func() int {
			if rf != nil {
				return redfishtest.Writes(rf.Log())
			}
			return ib.Writes()
		}
		if rf != nil {
			rf.ResetLog()
		}
		before := writes()
		out := run(plan, bmcEnv, bmcArgs...)
		if strings.Count(string(out), `"status":"NOOP"`) != 2 {
			t.Errorf("the second harmony-bmc run: %s", out)
		}
		if n := writes() - before; n != 0 {
			t.Errorf("the second run wrote %d times to the BMC", n)
		}
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
