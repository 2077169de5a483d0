package cmd_test

import (
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/cmd/internal/labvm"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/opnsensetest"
	"github.com/nationtech/harmony-go/lib/infra/peertest"
)

// TestNetBootThroughOPNsense is the boot path with the firewall as the
// DHCP server: harmony-apply-opnsense writes the VM's reservation and the
// network's netboot (tags matching options 77 and 93, dhcp-boot rows) to
// the OPNsense simulator on its Dnsmasq backend; OPNsense's own dnsmasq
// template (opnsense/core@25.7:src/opnsense/service/templates/OPNsense/Dnsmasq/dnsmasq.conf, the release simulated)
// is rendered from what the simulator holds, as configd renders it on a
// firewall, and a real dnsmasq runs on it in a network namespace; a QEMU
// VM (iPXE ROM, -accel tcg) gets its reserved address, is chained by the
// rows to harmony-pxe's script and fetches its own per-MAC script. The
// second apply writes nothing.
func TestNetBootThroughOPNsense(t *testing.T) {
	peertest.Require(t, "ip", "dnsmasq", "qemu-system-x86_64", "/dev/net/tun", "root", "python3", "/usr/lib/python3/dist-packages/jinja2")
	dir := t.TempDir()
	_ = os.Chmod(dir, 0o755)
	bin := buildTools(t, filepath.Join(dir, "bin"), "harmony-plan", "harmony-apply-opnsense", "harmony-pxe")
	run := func(stdin []byte, env []string, args ...string) []byte {
		t.Helper()
		return mustRun(t, stdin, env, args...)
	}
	ns := fmt.Sprintf("hnbo%d", os.Getpid())
	run(nil, nil, "ip", "netns", "add", ns)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", ns).Run() })
	inNS := func(args ...string) []string { return append([]string{"ip", "netns", "exec", ns}, args...) }
	for _, c := range [][]string{
		{"link", "add", "hbr0", "type", "bridge"}, {"addr", "add", "10.79.0.1/24", "dev", "hbr0"}, {"link", "set", "hbr0", "up"},
		{"link", "set", "lo", "up"}, {"tuntap", "add", "dev", "htap0", "mode", "tap"}, {"link", "set", "htap0", "master", "hbr0", "up"},
	} {
		run(nil, nil, append([]string{"ip", "-n", ns}, c...)...)
	}

	// The firewall: its lan is the bridge, where its Dnsmasq serves a
	// range (the simulator's firewall is set up as a site's).
	fw, err := opnsensetest.Start(opnsensetest.Options{Release: "25.7", DHCP: "dnsmasq",
		Interfaces: []opnsensetest.Interface{{Identifier: "lan", Device: "hbr0", Address: netip.MustParsePrefix("10.79.0.1/24")}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fw.Close)
	ca := filepath.Join(dir, "fw-ca.pem")
	if err := fw.WriteCA(ca); err != nil {
		t.Fatal(err)
	}
	key, secret := fw.Credentials()
	const port, mac = "8089", "52:54:00:12:34:79"
	site := fmt.Sprintf(`apiVersion: harmony/v1
kind: Site
metadata: {name: netboot}
spec:
  domain: netboot.test
  networks: [{name: lan, cidr: 10.79.0.0/24, gateway: 10.79.0.1}]
  devices:
    - {name: fw1, provider: opnsense, endpoint: %q, caFile: %s, secretRef: fw1, provides: [dhcp-server]}
    - {name: pxe1, provider: harmony-pxe, endpoint: "http://10.79.0.1:%s", secretRef: pxe1, provides: [pxe-boot]}
---
apiVersion: harmony/v1
kind: Inventory
metadata: {name: netboot}
spec:
  hosts:
    - {name: vm0, role: worker, nics: [{name: ens3, mac: %q}]}
---
apiVersion: harmony/v1
kind: Scores
metadata: {name: netboot}
spec:
  scores:
    - kind: DHCPReservations
      name: vm
      spec: {network: lan, reservations: [{host: vm0, ip: 10.79.0.42}]}
    - kind: NetBoot
      name: chain
      spec: {network: lan, script: "http://10.79.0.1:%s/boot.ipxe"}
    - kind: PXEBoot
      name: vm-boot
      spec:
        boot: {kernel: "http://10.79.0.1:%s/assets/vmlinuz", initrd: "http://10.79.0.1:%s/assets/initrd.img", args: "console=ttyS0"}
        hosts: [{host: vm0}]
`, fw.URL, ca, port, mac, port, port, port)
	fwEnv := []string{"HARMONY_SECRET_FW1=" + key + ":" + secret}
	plan := run([]byte(site), nil, filepath.Join(bin, "harmony-plan"))
	applied := run(plan, fwEnv, filepath.Join(bin, "harmony-apply-opnsense"), "--lock-dir", filepath.Join(dir, "locks"))
	if !strings.Contains(string(applied), `"id":"chain/dhcp-server/fw1/netboot/lan"`) || strings.Count(string(applied), `"tool":"harmony-apply-opnsense"`) != 2 {
		t.Fatalf("harmony-apply-opnsense: %s", applied)
	}

	access := servePXE(t, ns, bin, dir, "10.79.0.1:"+port)
	run(applied, []string{"HARMONY_SECRET_PXE1=" + pxeToken}, inNS(filepath.Join(bin, "harmony-pxe"), "apply", "--lock-dir", filepath.Join(dir, "locks"))...)

	// dnsmasq as the firewall runs it: OPNsense's template rendered from
	// its config, the firewall's FreeBSD paths pointed at this directory.
	conf, err := fw.LocalDnsmasq(t.Context(), dir, "hbr0")
	if err != nil {
		t.Fatal(err)
	}
	rendered := filepath.Join(dir, "dnsmasq.conf")
	if err := os.WriteFile(rendered, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	run(nil, nil, inNS("dnsmasq", "--conf-file="+rendered)...)
	t.Cleanup(func() {
		if pid, err := os.ReadFile(filepath.Join(dir, "dnsmasq.pid")); err == nil {
			_ = exec.Command("kill", strings.TrimSpace(string(pid))).Run()
		}
	})

	vm, err := labvm.New(labvm.Host{Name: "vm0", MACs: []string{mac}, Taps: []string{"htap0"}, Serial: filepath.Join(dir, "serial.log"), NetNS: ns})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(vm.Stop)
	if err := vm.Power(true, true); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-vm.Exited():
		if err != nil {
			t.Fatalf("QEMU: %v", err)
		}
	case <-time.After(90 * time.Second):
		log, _ := os.ReadFile(access)
		dlog, _ := os.ReadFile(filepath.Join(dir, "dnsmasq.log"))
		t.Fatalf("the VM did not finish booting within 90 s; access log:\n%s\ndnsmasq:\n%s\nconf:\n%s", log, dlog, conf)
	}
	dlog, _ := os.ReadFile(filepath.Join(dir, "dnsmasq.log"))
	alog, _ := os.ReadFile(access)
	if !strings.Contains(string(dlog), "DHCPACK(hbr0) 10.79.0.42 "+mac+" vm0") {
		t.Errorf("dnsmasq on OPNsense's rendered config did not give the VM its reservation:\n%s", dlog)
	}
	if !strings.Contains(string(alog), `"remote":"10.79.0.42","method":"GET","path":"/ipxe/52-54-00-12-34-79","mac":"`+mac+`","status":200`) {
		t.Errorf("the PXE server did not see the reserved address ask for the VM's script:\n%s", alog)
	}
	if out, _ := os.ReadFile(filepath.Join(dir, "serial.log")); !strings.Contains(string(out), "Harmony: booting vm0 (worker) from 52-54-00-12-34-79") {
		t.Errorf("the script's marker is not on the serial console:\n%s", out)
	}

	fw.ResetLog()
	again := run(plan, fwEnv, filepath.Join(bin, "harmony-apply-opnsense"), "--lock-dir", filepath.Join(dir, "locks"))
	if strings.Count(string(again), `"status":"NOOP"`) != 2 || opnsensetest.Count(fw.Log()).Writes != 0 {
		t.Errorf("the second apply is not NOOP without writes (%d writes): %s", opnsensetest.Count(fw.Log()).Writes, again)
	}
	for _, l := range strings.Split(string(dlog), "\n") {
		if strings.Contains(l, "DHCPACK") || strings.Contains(l, "bootfile name") || strings.Contains(l, "tags:") {
			t.Log(l)
		}
	}
}
