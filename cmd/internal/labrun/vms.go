package labrun

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nationtech/harmony-go/cmd/internal/labvm"
	"github.com/nationtech/harmony-go/lib/domain"
)

// errNotHere is a peer with nothing to run in this lab (dnsmasq without
// --vms: its directories are the operator's host's).
var errNotHere = errors.New("not in this lab")

// rack is the network up --vms makes for the site: a bridge named for the
// lab's directory holding each Site network's gateway (else its first
// address) and the address of each device the VMs talk to that lies in
// one (the PXE server's), and a tap for every NIC of every host with a
// BMC; and each such host's machine.
func rack(dir string, site domain.Site, inv domain.Inventory) (*labvm.Network, map[string]labvm.Host) {
	sum := sha256.Sum256([]byte(dir))
	n := &labvm.Network{Bridge: fmt.Sprintf("hl%x", sum[:3])}
	for _, nw := range site.Spec.Networks {
		a := nw.Gateway
		if !a.IsValid() {
			a = nw.CIDR.Addr().Next()
		}
		n.Addrs = append(n.Addrs, netip.PrefixFrom(a, nw.CIDR.Bits()))
	}
	for _, dev := range site.Spec.Devices {
		if p, ok := served(site, dev); ok && !slices.Contains(n.Addrs, p) {
			n.Addrs = append(n.Addrs, p)
		}
	}
	machines := map[string]labvm.Host{}
	for _, h := range inv.Spec.Hosts {
		if h.BMC == nil || len(h.NICs) == 0 {
			continue
		}
		m := labvm.Host{Name: h.Name, Serial: filepath.Join(dir, "vms", h.Name+".serial")}
		for _, nic := range h.NICs {
			tap := fmt.Sprintf("%st%d", n.Bridge, len(n.Taps))
			n.Taps = append(n.Taps, tap)
			m.MACs, m.Taps = append(m.MACs, nic.MAC.String()), append(m.Taps, tap)
		}
		machines[h.Name] = m
	}
	return n, machines
}

// served is the address (with its network's bits) a PXE server device
// listens on when it lies in a Site network: the VMs reach it there.
func served(site domain.Site, dev domain.Device) (netip.Prefix, bool) {
	if dev.Provider != "harmony-pxe" {
		return netip.Prefix{}, false
	}
	u, err := url.Parse(dev.Endpoint)
	if err != nil {
		return netip.Prefix{}, false
	}
	a, err := netip.ParseAddr(u.Hostname())
	if err != nil {
		return netip.Prefix{}, false
	}
	for _, nw := range site.Spec.Networks {
		if nw.CIDR.Contains(a) {
			return netip.PrefixFrom(a, nw.CIDR.Bits()), true
		}
	}
	return netip.Prefix{}, false
}

// siteAddr is where a device the VMs talk to listens with --vms: its
// own endpoint's host:port, when that lies on the rack network.
func (u *upRun) siteAddr(dev *domain.Device) (string, bool) {
	if u.net == nil {
		return "", false
	}
	if _, ok := served(u.site, *dev); !ok {
		return "", false
	}
	e, _ := url.Parse(dev.Endpoint)
	port := e.Port()
	if port == "" {
		port = "80"
	}
	return net.JoinHostPort(e.Hostname(), port), true
}

// withVMs is a BMC subcommand's arguments, with --vms (the machines
// behind hosts) when the lab runs VMs.
func (u *upRun) withVMs(protocol string, hosts []*domain.Host, args ...string) ([]string, error) {
	if u.net == nil {
		return args, nil
	}
	f, err := u.vmsFile(protocol, hosts)
	return append(args, "--vms", f), err
}

// vmsFile writes the machines behind hosts, in order, for a BMC
// subcommand's --vms.
func (u *upRun) vmsFile(protocol string, hosts []*domain.Host) (string, error) {
	var ms []labvm.Host
	for _, h := range hosts {
		ms = append(ms, u.machines[h.Name])
	}
	f := filepath.Join(u.dir, "vms", protocol+".json")
	if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
		return "", err
	}
	b, _ := json.MarshalIndent(ms, "", "  ")
	return f, os.WriteFile(f, b, 0o644)
}

// startDnsmasq runs, with --vms, a real dnsmasq on the rack network as
// the site's DHCP server, watching the directories harmony-apply-dnsmasq
// writes (the device is pointed at the lab's own), serving reservations
// only, and chaining iPXE to the NetBoot script as a site's would.
func startDnsmasq(u *upRun, dev *domain.Device) error {
	if u.net == nil {
		return errNotHere
	}
	bin, err := exec.LookPath("dnsmasq")
	if err != nil {
		return errors.New("dnsmasq is not installed (apt-get install dnsmasq-base): the VMs get no address")
	}
	d := filepath.Join(u.dir, dev.Name)
	for _, sub := range []string{"dhcp-hosts", "hosts", "dhcp-opts"} {
		if err := os.MkdirAll(filepath.Join(d, sub), 0o755); err != nil {
			return err
		}
	}
	pid := filepath.Join(d, "dnsmasq.pid")
	conf := []string{"port=0", "bind-interfaces", "interface=" + u.net.Bridge, "except-interface=lo",
		"dhcp-hostsdir=" + filepath.Join(d, "dhcp-hosts"), "hostsdir=" + filepath.Join(d, "hosts"),
		"dhcp-optsdir=" + filepath.Join(d, "dhcp-opts"), "dhcp-leasefile=" + filepath.Join(d, "leases"),
		"dhcp-userclass=set:ipxe,iPXE", "dhcp-match=set:efi-x86_64,option:client-arch,7",
		"pid-file=" + pid, "user=root", "log-dhcp", "log-facility=" + filepath.Join(u.dir, "logs", dev.Name+"-dhcp.log")}
	for _, nw := range u.site.Spec.Networks {
		if nw.CIDR.Addr().Is4() {
			conf = append(conf, fmt.Sprintf("dhcp-range=%s,static,%s,1h", nw.CIDR.Masked().Addr(), net.IP(net.CIDRMask(nw.CIDR.Bits(), 32))))
		}
	}
	cf := filepath.Join(d, "dnsmasq.conf")
	if err := os.WriteFile(cf, []byte(strings.Join(conf, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	u.start(dev.Name, "dnsmasq", u.net.Bridge, bin, nil, "--keep-in-foreground", "--conf-file="+cf)
	u.wait(dev.Name, func() bool { return nonEmpty(pid) })
	dev.Endpoint = "file://" + d + "?pidfile=" + pid
	return nil
}
