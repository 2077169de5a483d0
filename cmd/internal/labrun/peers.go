package labrun

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/ipmi/ipmitest"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/opnsensetest"
)

// peer is how the lab stands up one provider's devices.
type peer struct {
	// start starts what stands for dev, points dev (or the inventory) at
	// it and records its secret; an error means the lab goes on without it
	// (a peer that is not installed). nil: the lab runs nothing for the
	// provider, and without says why.
	start   func(u *upRun, dev *domain.Device) error
	without string
	// stage is the pipeline stage that drives it.
	stage func(dir string) string
}

// peers has one entry per provider of lib/domain's registry (a test
// keeps them the same).
var peers = map[string]peer{
	"opnsense": {start: startOPNsense, stage: tool("harmony-apply-opnsense")},
	"brocade-fastiron": {start: startSwitch, stage: func(dir string) string {
		return "harmony-switch apply --known-hosts " + filepath.Join(dir, "known_hosts")
	}},
	"harmony-pxe": {start: startPXE, stage: tool("harmony-pxe apply")},
	"ipmi":        {start: startBMCs, stage: tool("harmony-bmc apply --cipher 3")},
	"kubernetes":  {start: startKube, stage: tool("harmony-k8s")},
	"redfish":     {start: startRedfish, stage: tool("harmony-bmc apply --cipher 3")}, // one harmony-bmc run drives both protocols
	"dnsmasq": {start: startDnsmasq, stage: tool("harmony-apply-dnsmasq"),
		without: "without --vms, none: dnsmasq is a real peer on a Linux host, and harmony-apply-dnsmasq writes its watched directories (the swap test runs one)"},
	"linux":      {without: "a site host's own kernel: harmony-hostnet runs on each host (make demo-boot shows it in a VM)"},
	"postgresql": {without: "a site host's own PostgreSQL: harmony-pg runs on each database host (make test runs three sites of real PostgreSQL 15)"},
}

func tool(stage string) func(string) string { return func(string) string { return stage } }

func startOPNsense(u *upRun, dev *domain.Device) error {
	addr := u.addr()
	ca := filepath.Join(u.dir, dev.Name+"-ca.pem")
	args := []string{"opnsense", "--addr", addr, "--key", opnsenseKey, "--secret", opnsenseSecret, "--ca-out", ca,
		"--request-log", filepath.Join(u.dir, "logs", dev.Name+"-requests.jsonl")}
	onRack := u.net != nil && slices.Contains(dev.Provides, domain.DHCPServer)
	for _, i := range firewallInterfaces(u.site, dev) {
		if onRack && i.Identifier != "wan" {
			i.Device = u.net.Bridge
		}
		args = append(args, "--interface", i.String())
	}
	if onRack {
		// With --vms the firewall's DHCP is real: its Dnsmasq, rendered
		// from OPNsense's template after each reconfigure, serves the rack.
		args = append(args, "--dhcp", "dnsmasq", "--run-dnsmasq", u.net.Bridge, "--dnsmasq-dir", filepath.Join(u.dir, dev.Name))
	}
	u.start(dev.Name, "opnsense", addr, u.self, nil, args...)
	u.wait(dev.Name, func() bool { return nonEmpty(ca) })
	dev.Endpoint, dev.CAFile = "https://"+addr, ca
	u.secrets[dev.SecretRef] = opnsenseKey + ":" + opnsenseSecret
	return nil
}

func startSwitch(u *upRun, dev *domain.Device) error {
	addr := u.addr()
	kh := filepath.Join(u.dir, dev.Name+".known_hosts")
	u.start(dev.Name, "switch", addr, u.self, nil, "switch", "--addr", addr, "--name", dev.Name,
		"--user", switchUser, "--password", switchPassword, "--inventory", u.invPath, "--host-key-out", kh,
		"--command-log", filepath.Join(u.dir, "logs", dev.Name+"-commands.jsonl"))
	u.wait(dev.Name, func() bool { return nonEmpty(kh) })
	line, _ := os.ReadFile(kh)
	u.knownHosts = append(u.knownHosts, strings.TrimSpace(string(line)))
	dev.Endpoint = "ssh://" + addr
	u.secrets[dev.SecretRef] = switchUser + ":" + switchPassword
	return nil
}

func startPXE(u *upRun, dev *domain.Device) error {
	addr, onRack := u.siteAddr(dev)
	if !onRack {
		addr = u.addr()
	}
	pxe, err := Sibling(u.self, "harmony-pxe")
	if err != nil {
		u.err = err
		return nil
	}
	u.start(dev.Name, "pxe", addr, pxe, []string{"HARMONY_PXE_TOKEN=" + pxeToken}, "serve", "--addr", addr,
		"--dir", filepath.Join(u.dir, dev.Name), "--access-log", filepath.Join(u.dir, "logs", dev.Name+"-access.jsonl"))
	u.wait(dev.Name, func() bool { return listening(addr) })
	dev.Endpoint = "http://" + addr // where the site says it is, with --vms
	u.secrets[dev.SecretRef] = pxeToken
	return nil
}

func startKube(u *upRun, dev *domain.Device) error {
	bins := os.Getenv("HARMONY_KUBE_BINS")
	if bins == "" {
		return errors.New("no kube-apiserver (set HARMONY_KUBE_BINS to the directory scripts/kube-bins.sh prints)")
	}
	kc := filepath.Join(u.dir, dev.Name+".kubeconfig")
	u.start(dev.Name, "kube", "", u.self, nil, "kube", "--dir", filepath.Join(u.dir, dev.Name), "--kubeconfig-out", kc, "--bins", bins)
	u.waitFor(dev.Name, 90*time.Second, func() bool { return nonEmpty(kc) })
	dev.Kubeconfig, dev.Context = kc, ""
	return nil
}

func startBMCs(u *upRun, dev *domain.Device) error {
	if err := ipmitest.Available(); err != nil {
		return fmt.Errorf("%w (without power control the power steps stay PLANNED)", err)
	}
	hosts := u.hostsOf("ipmi")
	out := filepath.Join(u.dir, "bmc-addrs")
	args, err := u.withVMs("ipmi", hosts, "bmcs", "--count", fmt.Sprint(len(hosts)), "--dir", filepath.Join(u.dir, "bmcs"), "--out", out)
	if err != nil {
		return err
	}
	u.start(dev.Name, "bmcs", "", u.self, nil, args...)
	u.wait(dev.Name, func() bool { return nonEmpty(out) })
	b, _ := os.ReadFile(out)
	for i, addr := range strings.Fields(string(b)) {
		if i < len(hosts) {
			hosts[i].BMC.Address = addr
		}
	}
	u.secrets[dev.SecretRef] = bmcUser + ":" + bmcPassword
	return nil
}

// startRedfish runs a Redfish BMC (HTTPS) for each host whose inventory
// BMC is https://, and points the device's caFile at their CA.
func startRedfish(u *upRun, dev *domain.Device) error {
	hosts := u.hostsOf("redfish")
	out, ca := filepath.Join(u.dir, "redfish-urls"), filepath.Join(u.dir, "redfish-ca.pem")
	args, err := u.withVMs("redfish", hosts, "redfish", "--count", fmt.Sprint(len(hosts)), "--out", out, "--ca-out", ca)
	if err != nil {
		return err
	}
	u.start(dev.Name, "redfish", "", u.self, nil, args...)
	u.wait(dev.Name, func() bool { return nonEmpty(out) })
	b, _ := os.ReadFile(out)
	for i, url := range strings.Fields(string(b)) {
		if i < len(hosts) {
			hosts[i].BMC.Address = url
		}
	}
	dev.CAFile = ca
	u.secrets[dev.SecretRef] = bmcUser + ":" + bmcPassword
	return nil
}

// hostsOf are the inventory's hosts whose BMC speaks protocol.
func (u *upRun) hostsOf(protocol string) []*domain.Host {
	var out []*domain.Host
	for i := range u.inv.Spec.Hosts {
		if h := &u.inv.Spec.Hosts[i]; h.BMC != nil && h.BMC.Protocol() == protocol {
			out = append(out, h)
		}
	}
	return out
}

// firewallInterfaces are the interfaces the lab's firewall has for the
// site: a WAN, and one on each Site network (lan for the first, opt1,
// opt2 … for the others, or the key the device's interfaces give), at
// the network's gateway (else its first address), on its VLAN.
func firewallInterfaces(site domain.Site, dev *domain.Device) []opnsensetest.Interface {
	out := []opnsensetest.Interface{{Identifier: "wan", Address: netip.MustParsePrefix("203.0.113.2/24")}}
	used := map[string]bool{"wan": true}
	for _, key := range dev.Interfaces {
		used[key] = true
	}
	next := 1
	for i, n := range site.Spec.Networks {
		key, ok := dev.Interfaces[n.Name]
		if !ok {
			key = "lan"
			if i > 0 || used["lan"] {
				for key = fmt.Sprintf("opt%d", next); used[key]; key = fmt.Sprintf("opt%d", next) {
					next++
				}
			}
		}
		used[key] = true
		a := n.Gateway
		if !a.IsValid() {
			a = n.CIDR.Addr().Next()
		}
		out = append(out, opnsensetest.Interface{Identifier: key, Address: netip.PrefixFrom(a, n.CIDR.Bits()), VLAN: n.VLAN})
	}
	return out
}
