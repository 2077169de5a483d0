package cmd_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/cmd/internal/labvm"
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

// TestBMCPowersTheVM is the same boot path started as a site starts it,
// for a rack whose hosts' BMCs speak both protocols: one plan, one
// harmony-bmc apply sets each host's next boot to PXE and powers it on
// through its BMC — vm0's a real IPMI one (ipmi_sim, whose chassis
// control is the machine), vm1's a Redfish one (the simulator, its CA
// verified) — and each BMC starts its host's VM (QEMU, booting from the
// network because the BMC's boot device says so); both VMs get their
// reservations and their own per-MAC scripts. The second harmony-bmc run
// writes nothing to either BMC.
func TestBMCPowersTheVM(t *testing.T) { pxeBoot(t, "ipmi", "redfish") }

// bootHost is one VM of the boot test and the BMC that powers it.
type bootHost struct {
	name, mac, ip string
	via           string // ipmi, redfish, or "" (the test starts the VM)
	serial        string
	vm            *labvm.VM
	started       chan struct{} // the BMC started the VM
	rf            *redfishtest.BMC
	ib            *ipmitest.BMC
}

func pxeBoot(t *testing.T, vias ...string) {
	viaBMC := vias[0] != ""
	if slices.Contains(vias, "ipmi") {
		peertest.Require(t, "ipmi_sim")
	}
	peertest.Require(t, "ip", "dnsmasq", "qemu-system-x86_64", "/dev/net/tun", "root")
	dir := t.TempDir()
	_ = os.Chmod(dir, 0o755)
	bin := buildTools(t, filepath.Join(dir, "bin"), "harmony-plan", "harmony-apply-dnsmasq", "harmony-pxe", "harmony-bmc")
	run := func(stdin []byte, env []string, args ...string) []byte {
		t.Helper()
		return mustRun(t, stdin, env, args...)
	}
	// The rack's network: a bridge in a namespace, a tap per VM on it.
	ns := fmt.Sprintf("hboot%d", os.Getpid())
	run(nil, nil, "ip", "netns", "add", ns)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", ns).Run() })
	inNS := func(args ...string) []string { return append([]string{"ip", "netns", "exec", ns}, args...) }
	run(nil, nil, "ip", "-n", ns, "link", "add", "hbr0", "type", "bridge")
	run(nil, nil, "ip", "-n", ns, "addr", "add", "10.78.0.1/24", "dev", "hbr0")
	run(nil, nil, "ip", "-n", ns, "addr", "add", "fd00:78::1/64", "dev", "hbr0", "nodad")
	run(nil, nil, "ip", "-n", ns, "link", "set", "hbr0", "up")
	run(nil, nil, "ip", "-n", ns, "link", "set", "lo", "up")
	var hosts []*bootHost
	for i, via := range vias {
		h := &bootHost{name: fmt.Sprintf("vm%d", i), mac: fmt.Sprintf("52:54:00:12:34:%02x", 0x56+i), ip: fmt.Sprintf("10.78.0.%d", 42+i),
			via: via, serial: filepath.Join(dir, fmt.Sprintf("serial-vm%d.log", i)), started: make(chan struct{}, 1)}
		tap := fmt.Sprintf("htap%d", i)
		run(nil, nil, "ip", "-n", ns, "tuntap", "add", "dev", tap, "mode", "tap")
		run(nil, nil, "ip", "-n", ns, "link", "set", tap, "master", "hbr0", "up")
		var err error
		if h.vm, err = labvm.New(labvm.Host{Name: h.name, MACs: []string{h.mac}, Taps: []string{tap}, Serial: h.serial, NetNS: ns}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(h.vm.Stop)
		hosts = append(hosts, h)
	}

	// The BMCs, and the Site's devices and Inventory lines for them.
	var devices, bmcEnv []string
	bmcLine := map[string]string{}
	for _, h := range hosts {
		onPower := func(on, pxe bool) {
			if err := h.vm.Power(on, pxe); err != nil {
				t.Error(err)
				return
			}
			if on {
				select {
				case h.started <- struct{}{}:
				default:
				}
			}
		}
		switch h.via {
		case "ipmi":
			var err error
			if h.ib, err = ipmitest.Start(t.Context(), filepath.Join(dir, "bmcs"), h.name, "52:54:00:bb:00:01"); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(h.ib.Stop)
			h.ib.WatchPower(t.Context(), onPower, nil)
			devices = append(devices, "\n    - {name: bmc, provider: ipmi, secretRef: bmc, provides: [power-control]}")
			bmcLine[h.name] = fmt.Sprintf(", bmc: {address: %q}", h.ib.Addr)
			bmcEnv = append(bmcEnv, "HARMONY_SECRET_BMC=admin:secret")
		case "redfish":
			h.rf = redfishtest.Start(redfishtest.Config{User: "admin", Password: "bmc-s3cret", MACs: []string{h.mac}, OnPower: onPower})
			t.Cleanup(h.rf.Close)
			ca := filepath.Join(dir, "bmc-ca.pem")
			if err := os.WriteFile(ca, h.rf.CertPEM(), 0o644); err != nil {
				t.Fatal(err)
			}
			devices = append(devices, fmt.Sprintf("\n    - {name: redfish, provider: redfish, secretRef: redfish, caFile: %s, provides: [power-control]}", ca))
			bmcLine[h.name] = fmt.Sprintf(", bmc: {address: %q}", h.rf.URL())
			bmcEnv = append(bmcEnv, "HARMONY_SECRET_REDFISH=admin:bmc-s3cret")
		}
	}
	var names, reservations, inventory []string
	for _, h := range hosts {
		names = append(names, h.name)
		reservations = append(reservations, fmt.Sprintf("{host: %s, ip: %s}", h.name, h.ip))
		inventory = append(inventory, fmt.Sprintf("\n    - {name: %s, role: worker, nics: [{name: ens3, mac: %q}]%s}", h.name, h.mac, bmcLine[h.name]))
	}
	powerScore := ""
	if viaBMC {
		powerScore = fmt.Sprintf("\n    - kind: PowerState\n      name: power\n      spec: {state: \"on\", bootDevice: pxe, hosts: [%s]}", strings.Join(names, ", "))
	}

	// The site: dnsmasq and the PXE server on this host, the VMs.
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
  hosts:%s
---
apiVersion: harmony/v1
kind: Scores
metadata: {name: boot}
spec:
  scores:
    - kind: DHCPReservations
      name: vm
      spec: {network: lan, reservations: [%s]}
    - kind: NetBoot
      name: chain
      spec: {network: lan, script: "http://10.78.0.1:%s/boot.ipxe"}
    - kind: PXEBoot
      name: vm-boot
      spec:
        boot: {kernel: "http://10.78.0.1:%s/assets/vmlinuz", initrd: "http://10.78.0.1:%s/assets/initrd.img", args: "console=ttyS0"}
        hosts: [%s]%s
`, dnsDir, dir, port, strings.Join(slices.Compact(devices), ""), strings.Join(inventory, ""), strings.Join(reservations, ", "),
		port, port, port, "{host: "+strings.Join(names, "}, {host: ")+"}", powerScore)
	plan := run([]byte(site), nil, filepath.Join(bin, "harmony-plan"))
	plan = run(plan, nil, filepath.Join(bin, "harmony-apply-dnsmasq"), "--lock-dir", filepath.Join(dir, "locks"))

	access := servePXE(t, ns, bin, dir, "10.78.0.1:"+port)
	run(plan, []string{"HARMONY_SECRET_PXE1=" + pxeToken}, inNS(filepath.Join(bin, "harmony-pxe"), "apply", "--lock-dir", filepath.Join(dir, "locks"))...)

	conf := filepath.Join(dir, "dnsmasq.conf")
	_ = os.WriteFile(conf, []byte(strings.Join([]string{
		"port=0", "bind-interfaces", "interface=hbr0", "dhcp-range=10.78.0.100,10.78.0.200,1h",
		"dhcp-leasefile=" + filepath.Join(dir, "leases"), "dhcp-hostsdir=" + filepath.Join(dnsDir, "dhcp-hosts"),
		// The chain itself (iPXE → boot.ipxe) is harmony-apply-dnsmasq's
		// file in the optsdir, from the NetBoot Score.
		"dhcp-optsdir=" + filepath.Join(dnsDir, "dhcp-opts"),
		"dhcp-userclass=set:ipxe,iPXE", "dhcp-match=set:efi-x86_64,option:client-arch,7",
		"enable-ra", "dhcp-range=::,constructor:hbr0,ra-only",
		"pid-file=" + filepath.Join(dir, "dnsmasq.pid"), "log-dhcp", "log-facility=" + filepath.Join(dir, "dnsmasq.log"), "user=root",
	}, "\n")+"\n"), 0o644)
	run(nil, nil, inNS("dnsmasq", "--conf-file="+conf)...)
	t.Cleanup(func() {
		if pid, err := os.ReadFile(filepath.Join(dir, "dnsmasq.pid")); err == nil {
			_ = exec.Command("kill", strings.TrimSpace(string(pid))).Run()
		}
	})

	bmcArgs := []string{filepath.Join(bin, "harmony-bmc"), "apply", "--lock-dir", filepath.Join(dir, "locks"), "--cipher", "3"}
	if viaBMC {
		out := string(run(plan, bmcEnv, bmcArgs...))
		for _, h := range hosts {
			target := map[string]string{"ipmi": "bmc", "redfish": "redfish"}[h.via]
			if !strings.Contains(out, `"id":"power/power-control/`+target+`/power/`+h.name+`"`) || !strings.Contains(out, `"status":"RUNNING","message":"`+h.name+` powered on and booting"`) {
				t.Fatalf("harmony-bmc apply, for %s behind %s: %s", h.name, h.via, out)
			}
		}
		for _, h := range hosts {
			select {
			case <-h.started:
			case <-time.After(10 * time.Second):
				t.Fatalf("harmony-bmc powered %s on and its %s BMC started no VM", h.name, h.via)
			}
			if h.rf != nil {
				if p, target, _ := h.rf.State(); p != "On" || target != "Pxe" {
					t.Errorf("%s's Redfish BMC holds %s %s", h.name, p, target)
				}
			}
			if h.ib != nil && (h.ib.Power() != "1" || h.ib.Boot() != "pxe") {
				t.Errorf("%s's IPMI BMC holds power %s boot %s", h.name, h.ib.Power(), h.ib.Boot())
			}
		}
	} else {
		for _, h := range hosts {
			if err := h.vm.Power(true, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, h := range hosts {
		select {
		case err := <-h.vm.Exited():
			if err != nil {
				t.Fatalf("QEMU of %s: %v", h.name, err)
			}
		case <-time.After(90 * time.Second):
			log, _ := os.ReadFile(access)
			t.Fatalf("%s did not finish booting within 90 s; access log:\n%s", h.name, log)
		}
	}
	if viaBMC {
		writes := func() int {
			n := 0
			for _, h := range hosts {
				if h.rf != nil {
					n += redfishtest.Writes(h.rf.Log())
				} else if h.ib != nil {
					n += h.ib.Writes()
				}
			}
			return n
		}
		before := writes()
		out := run(plan, bmcEnv, bmcArgs...)
		if n := strings.Count(string(out), `"status":"NOOP"`); n != 2*len(hosts) {
			t.Errorf("the second harmony-bmc run has %d NOOP steps, want %d: %s", n, 2*len(hosts), out)
		}
		if n := writes() - before; n != 0 {
			t.Errorf("the second run wrote %d times to the BMCs", n)
		}
	}
	dlog, _ := os.ReadFile(filepath.Join(dir, "dnsmasq.log"))
	alog, _ := os.ReadFile(access)
	for _, h := range hosts {
		if !strings.Contains(string(dlog), "DHCPACK(hbr0) "+h.ip+" "+h.mac+" "+h.name) {
			t.Errorf("dnsmasq did not give %s its reservation:\n%s", h.name, dlog)
		}
		dashed := strings.ReplaceAll(h.mac, ":", "-")
		if !strings.Contains(string(alog), `"remote":"`+h.ip+`","method":"GET","path":"/ipxe/`+dashed+`","mac":"`+h.mac+`","status":200`) {
			t.Errorf("the PXE server did not see %s's reserved address ask for its script:\n%s", h.name, alog)
		}
		if out, _ := os.ReadFile(h.serial); !strings.Contains(string(out), "Harmony: booting "+h.name+" (worker) from "+dashed) {
			t.Errorf("%s's script's marker is not on its serial console:\n%s", h.name, out)
		}
	}
	for _, l := range strings.Split(string(dlog)+string(alog), "\n") {
		if strings.Contains(l, "DHCPACK") || strings.Contains(l, "/ipxe/") {
			t.Log(l) // make demo-boot shows the evidence
		}
	}
}
