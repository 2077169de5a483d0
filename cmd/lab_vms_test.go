package cmd_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/infra/peertest"
)

// TestLabVMs runs the lab as an operator would, with --vms, from
// inventory/examples/rack-vms: harmony-lab up makes the rack's bridge, a
// real dnsmasq and harmony-pxe at the site's addresses and the BMCs (one
// ipmi_sim, one Redfish), each with its host's VM behind it; the printed
// pipeline, run once, powers both hosts on and each VM fetches its own
// per-MAC script; run again it changes nothing and the BMCs start no VM
// again; a reset by ipmitool and by redfishtool reboots each VM; down
// stops everything and deletes the bridge and taps. With
// inventory/examples/rack-vms-firewall the DHCP server is the OPNsense
// simulator instead: harmony-apply-opnsense writes the reservations and
// the NetBoot chain to its Dnsmasq, and the lab runs a real dnsmasq on
// OPNsense's own template rendered from them after each reconfigure.
func TestLabVMs(t *testing.T) {
	peertest.Require(t, "ipmi_sim", "ipmitool", "redfishtool", "ip", "dnsmasq", "qemu-system-x86_64", "/dev/net/tun", "root")
	bin := buildTools(t, filepath.Join(t.TempDir(), "bin"), "harmony-lab", "harmony-plan", "harmony-apply-dnsmasq", "harmony-apply-opnsense", "harmony-pxe", "harmony-bmc", "harmony-report")
	for _, c := range []struct{ example, dhcp, dhcpLog string }{
		{"rack-vms", "harmony-apply-dnsmasq", "logs/dhcp1-dhcp.log"},
		{"rack-vms-firewall", "harmony-apply-opnsense", "fw1/dnsmasq.log"},
	} {
		t.Run(c.example, func(t *testing.T) {
			if c.dhcp == "harmony-apply-opnsense" {
				peertest.Require(t, "python3", "/usr/lib/python3/dist-packages/jinja2") // the firewall's template
			}
			labVMs(t, bin, c.example, c.dhcp, c.dhcpLog, c.example == "rack-vms")
		})
	}
}

// labVMs is TestLabVMs on one example whose DHCP server dhcp (a tool)
// configures, its DHCP log at dhcpLog in the lab; withResets also
// reboots the VMs through their BMCs.
func labVMs(t *testing.T, bin, example, dhcp, dhcpLog string, withResets bool) {
	dir := t.TempDir()
	lab := filepath.Join(dir, "lab")
	env := append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), "HARMONY_SECRETS_FILE="+filepath.Join(lab, "secrets.yaml"))
	sh := func(script string) (string, string, error) {
		cmd := exec.Command("sh", "-c", script)
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		return stdout.String(), stderr.String(), err
	}
	_, up, err := sh("harmony-lab up --vms --dir " + lab + " --from ../inventory/examples/" + example)
	if err != nil {
		t.Fatalf("harmony-lab up --vms: %v\n%s", err, up)
	}
	downed := false
	t.Cleanup(func() {
		if !downed {
			_, _, _ = sh("harmony-lab down --dir " + lab)
		}
	})
	var st struct {
		Network struct {
			Bridge string   `json:"bridge"`
			Taps   []string `json:"taps"`
		} `json:"network"`
	}
	if b, err := os.ReadFile(filepath.Join(lab, "lab.json")); err != nil || json.Unmarshal(b, &st) != nil || len(st.Network.Taps) != 2 {
		t.Fatalf("lab.json records no rack network of two taps: %v %+v", err, st)
	}
	var pipeline string
	for _, l := range strings.Split(up, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "harmony-plan ") {
			pipeline = strings.TrimSpace(l)
		}
	}
	if !strings.Contains(pipeline, dhcp+" | harmony-pxe apply | harmony-bmc apply") {
		t.Fatalf("harmony-lab up printed no pipeline through %s, the PXE server and the BMCs:\n%s", dhcp, up)
	}

	report, errs, err := sh(pipeline)
	if err != nil {
		t.Fatalf("%s: %v\n%s\n%s", pipeline, err, report, errs)
	}
	access := filepath.Join(lab, "logs", "pxe1-access.jsonl")
	want := map[string]string{"node1": `"remote":"10.79.0.21","method":"GET","path":"/ipxe/52-54-00-79-00-01","mac":"52:54:00:79:00:01","status":200`,
		"node2": `"remote":"10.79.0.22","method":"GET","path":"/ipxe/52-54-00-79-00-02","mac":"52:54:00:79:00:02","status":200`}
	// The access log's line is written when the script is served; the VM
	// prints the marker a moment later, so both are waited for.
	serial := func(host string) string {
		b, _ := os.ReadFile(filepath.Join(lab, "vms", host+".serial"))
		return string(b)
	}
	deadline := time.Now().Add(90 * time.Second)
	for {
		log, _ := os.ReadFile(access)
		var missing []string
		for host, w := range want {
			if !strings.Contains(string(log), w) {
				missing = append(missing, host+" fetched no script")
			} else if !strings.Contains(serial(host), "Harmony: booting "+host) {
				missing = append(missing, host+"'s script's marker is not on its serial console:\n"+serial(host))
			}
		}
		if len(missing) == 0 {
			break
		}
		if time.Now().After(deadline) {
			dlog, _ := os.ReadFile(filepath.Join(lab, dhcpLog))
			t.Fatalf("within 90 s, %s\naccess log:\n%s\ndhcp log:\n%s", strings.Join(missing, "\n"), log, dlog)
		}
		time.Sleep(500 * time.Millisecond)
	}

	again, errs, err := sh(pipeline)
	if err != nil || !strings.Contains(again, "site rack: 9 steps: 9 NOOP") {
		t.Errorf("the second run is not all NOOP: %v\n%s\n%s", err, again, errs)
	}
	for _, log := range []string{"ipmi", "redfish"} {
		b, _ := os.ReadFile(filepath.Join(lab, "logs", log+".log"))
		if n := strings.Count(string(b), "powered on: its VM boots from the network"); n != 1 {
			t.Errorf("the %s BMCs started %d VMs, want 1:\n%s", log, n, b)
		}
	}

	if withResets {
		resetVMs(t, lab, access, want)
	}

	if _, errs, err := sh("harmony-lab down --dir " + lab); err != nil {
		t.Fatalf("harmony-lab down: %v\n%s", err, errs)
	}
	downed = true
	for _, l := range append(st.Network.Taps, st.Network.Bridge) {
		if exec.Command("ip", "link", "show", l).Run() == nil {
			t.Errorf("%s is still there after harmony-lab down", l)
		}
	}
	if out, _ := exec.Command("pgrep", "-f", "qemu-system-x86_64 .*"+st.Network.Bridge).Output(); len(out) > 0 {
		t.Errorf("a VM still runs after harmony-lab down: %s", out)
	}
}

// resetVMs resets each running VM through its BMC, by the clients
// operators use (ipmitool, DMTF's redfishtool): each boots from the
// network again and asks for its script (want, in the access log) a
// second time.
func resetVMs(t *testing.T, lab, access string, want map[string]string) {
	ipmiAddr, _ := os.ReadFile(filepath.Join(lab, "bmc-addrs"))
	rfURL, _ := os.ReadFile(filepath.Join(lab, "redfish-urls"))
	host, port, _ := strings.Cut(strings.TrimSpace(string(ipmiAddr)), ":")
	resets := [][]string{
		{"ipmitool", "-I", "lanplus", "-C", "3", "-H", host, "-p", port, "-U", "admin", "-E", "chassis", "power", "reset"},
	}
	// The Redfish host's one-time PXE override was used by its boot, so it
	// is asked for again first, as an operator would. redfishtool has no
	// CA option; -S Always is HTTPS without verification.
	rf := []string{"redfishtool", "-r", strings.TrimPrefix(strings.TrimSpace(string(rfURL)), "https://"), "-u", "admin", "-p", "secret", "-S", "Always", "Systems", "-I", "1"}
	resets = append(resets, append(slices.Clone(rf), "setBootOverride", "Once", "Pxe"), append(slices.Clone(rf), "reset", "ForceRestart"))
	for _, c := range resets {
		cmd := exec.Command(c[0], c[1:]...)
		cmd.Env = append(os.Environ(), "IPMI_PASSWORD=secret")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(c, " "), err, out)
		}
	}
	deadline := time.Now().Add(90 * time.Second)
	for {
		log, _ := os.ReadFile(access)
		var missing []string
		for host, w := range want {
			if n := strings.Count(string(log), w); n < 2 {
				missing = append(missing, fmt.Sprintf("%s asked for its script %d times", host, n))
			}
		}
		if len(missing) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("within 90 s of a reset by ipmitool and redfishtool, %s\naccess log:\n%s", strings.Join(missing, "; "), log)
		}
		time.Sleep(500 * time.Millisecond)
	}
	for _, log := range []string{"ipmi", "redfish"} {
		b, _ := os.ReadFile(filepath.Join(lab, "logs", log+".log"))
		if n := strings.Count(string(b), "reset: its VM restarts from the network"); n != 1 {
			t.Errorf("the %s BMC restarted %d VMs, want 1:\n%s", log, n, b)
		}
	}

}
