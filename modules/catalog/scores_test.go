package catalog_test

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/modules/baremetalcluster"
	"github.com/nationtech/harmony-go/modules/catalog"
	"github.com/nationtech/harmony-go/modules/dhcp"
	"github.com/nationtech/harmony-go/modules/dns"
	"github.com/nationtech/harmony-go/modules/firewall"
	"github.com/nationtech/harmony-go/modules/helmchart"
	"github.com/nationtech/harmony-go/modules/hostbonds"
	"github.com/nationtech/harmony-go/modules/hostnetwork"
	"github.com/nationtech/harmony-go/modules/k8sapp"
	"github.com/nationtech/harmony-go/modules/k8smanifests"
	"github.com/nationtech/harmony-go/modules/loadbalancer"
	"github.com/nationtech/harmony-go/modules/netboot"
	"github.com/nationtech/harmony-go/modules/postgresql"
	"github.com/nationtech/harmony-go/modules/power"
	"github.com/nationtech/harmony-go/modules/pxe"
	"github.com/nationtech/harmony-go/modules/tftp"
)

// lab is a site with every capability: fw1, sw1 and sw2, pxe1, bmc; hosts
// a (two NICs on sw1), b (one NIC on sw1, one on sw2), c (no cabling, no BMC).
func lab(t *testing.T) domain.SiteTopology {
	t.Helper()
	mac := func(i int) domain.MAC { return domain.MAC{0x52, 0x54, 0, 0, 0, byte(i)} }
	site := &domain.Site{APIVersion: domain.APIVersion, Kind: domain.KindSite, Metadata: domain.Metadata{Name: "lab"},
		Spec: domain.SiteSpec{Domain: "lab.example.net",
			Networks: []domain.Network{
				{Name: "lan", CIDR: netip.MustParsePrefix("10.0.0.0/24"), Gateway: netip.MustParseAddr("10.0.0.1"), VLAN: 10},
				{Name: "flat", CIDR: netip.MustParsePrefix("10.9.0.0/24")},
			},
			Devices: []domain.Device{
				{Name: "fw1", Provider: "opnsense", Provides: []domain.Capability{domain.DHCPServer, domain.DNSServer, domain.LoadBalancer, domain.Firewall}},
				{Name: "sw1", Provider: "brocade-fastiron", Provides: []domain.Capability{domain.Switch}},
				{Name: "sw2", Provider: "brocade-fastiron", Provides: []domain.Capability{domain.Switch}},
				{Name: "pxe1", Provider: "harmony-pxe", Provides: []domain.Capability{domain.PXEBoot}},
				{Name: "bmc", Provider: "ipmi", Provides: []domain.Capability{domain.PowerControl}},
				{Name: "hosts", Provider: "linux", Provides: []domain.Capability{domain.HostNetwork}},
			}}}
	inv := &domain.Inventory{APIVersion: domain.APIVersion, Kind: domain.KindInventory, Metadata: domain.Metadata{Name: "lab"},
		Spec: domain.InventorySpec{Hosts: []domain.Host{
			{Name: "a", Role: "worker", BMC: &domain.BMC{Address: "10.0.1.1"}, NICs: []domain.NIC{
				{Name: "eno1", MAC: mac(1), Switch: "sw1", Port: "1/1/1"}, {Name: "eno2", MAC: mac(2), Switch: "sw1", Port: "1/1/2"}}},
			{Name: "b", Role: "control-plane", BMC: &domain.BMC{Address: "10.0.1.2:6230"}, NICs: []domain.NIC{
				{Name: "eno1", MAC: mac(3), Switch: "sw1", Port: "1/1/3"}, {Name: "eno2", MAC: mac(4), Switch: "sw2", Port: "1/1/1"}}},
			{Name: "c", NICs: []domain.NIC{{Name: "eth0", MAC: mac(5)}}},
		}}}
	f, err := domain.NewFacts(site, inv)
	if err != nil {
		t.Fatal(err)
	}
	return domain.NewSiteTopology(f)
}

type planner interface {
	Steps(domain.SiteTopology) ([]domain.Step, error)
}

// adapt lets the table hold Scores whose Steps take narrower topologies.
type adapt[T any] struct {
	steps func(T) ([]domain.Step, error)
}

func (a adapt[T]) Steps(t domain.SiteTopology) ([]domain.Step, error) { return a.steps(any(t).(T)) }

func ids(steps []domain.Step) []string {
	var out []string
	for _, s := range steps {
		out = append(out, s.ID)
	}
	return out
}

func TestScoreErrors(t *testing.T) {
	ip := netip.MustParseAddr
	tests := []struct {
		name      string
		score     planner
		path, msg string
	}{
		{"dhcp: unknown network", adapt[dhcp.Topology]{dhcp.DHCPReservations{Name: "r", Network: "wan"}.Steps}, "spec.network", `network "wan" is not a network of site "lab"`},
		{"dhcp: unknown host", adapt[dhcp.Topology]{dhcp.DHCPReservations{Name: "r", Network: "lan", Reservations: []dhcp.Reservation{{Host: "z", IP: ip("10.0.0.5")}}}.Steps}, "spec.reservations[0].host", `host "z" is not in inventory "lab"`},
		{"dhcp: outside the network", adapt[dhcp.Topology]{dhcp.DHCPReservations{Name: "r", Network: "lan", Reservations: []dhcp.Reservation{{Host: "a", IP: ip("10.1.0.5")}}}.Steps}, "spec.reservations[0].ip", "10.1.0.5 is outside network"},
		{"dhcp: the gateway", adapt[dhcp.Topology]{dhcp.DHCPReservations{Name: "r", Network: "lan", Reservations: []dhcp.Reservation{{Host: "a", IP: ip("10.0.0.1")}}}.Steps}, "spec.reservations[0].ip", "is the gateway"},
		{"dhcp: broadcast", adapt[dhcp.Topology]{dhcp.DHCPReservations{Name: "r", Network: "lan", Reservations: []dhcp.Reservation{{Host: "a", IP: ip("10.0.0.255")}}}.Steps}, "spec.reservations[0].ip", "broadcast"},
		{"dhcp: one IP twice", adapt[dhcp.Topology]{dhcp.DHCPReservations{Name: "r", Network: "lan", Reservations: []dhcp.Reservation{{Host: "a", IP: ip("10.0.0.5")}, {Host: "b", IP: ip("10.0.0.5")}}}.Steps}, "spec.reservations[1].ip", `reserved for "a" already`},
		{"dhcp: MAC of another host", adapt[dhcp.Topology]{dhcp.DHCPReservations{Name: "r", Network: "lan", Reservations: []dhcp.Reservation{{Host: "a", IP: ip("10.0.0.5"), MAC: domain.MAC{0x52, 0x54, 0, 0, 0, 5}}}}.Steps}, "spec.reservations[0].mac", `is not a NIC of host "a"`},
		{"dns: A with IPv6", adapt[dns.Topology]{dns.DNSRecords{Name: "d", Records: []dns.Record{{Name: "x", Type: "A", Value: "fd00::1"}}}.Steps}, "spec.records[0].value", "not an address for an A record"},
		{"dns: unknown type", adapt[dns.Topology]{dns.DNSRecords{Name: "d", Records: []dns.Record{{Name: "x", Type: "MX", Value: "y"}}}.Steps}, "spec.records[0].type", `unknown record type "MX"`},
		{"dns: same name twice", adapt[dns.Topology]{dns.DNSRecords{Name: "d", Records: []dns.Record{{Name: "x", Type: "A", Value: "10.0.0.5"}, {Name: "x", Type: "A", Value: "10.0.0.6"}}}.Steps}, "spec.records[1].name", "is also records[0]"},
		{"lb: no backends", adapt[loadbalancer.Topology]{loadbalancer.LoadBalancer{Name: "l", Services: []loadbalancer.Service{{Name: "api", VIP: ip("10.0.0.10"), Ports: []int{6443}}}}.Steps}, "spec.services[0].backends", "has no backends"},
		{"lb: port twice", adapt[loadbalancer.Topology]{loadbalancer.LoadBalancer{Name: "l", Services: []loadbalancer.Service{{Name: "api", VIP: ip("10.0.0.10"), Ports: []int{443, 443}, Backends: []loadbalancer.Backend{{Name: "a", Address: ip("10.0.0.5")}}}}}.Steps}, "spec.services[0].ports[1]", "is also a frontend"},
		{"firewall: unknown source", adapt[firewall.Topology]{firewall.FirewallRules{Name: "f", Rules: []firewall.Rule{{Name: "r", From: "dmz", To: "10.0.0.10"}}}.Steps}, "spec.rules[0].from", `"dmz" is neither a network`},
		{"firewall: foreign CIDR needs an interface", adapt[firewall.Topology]{firewall.FirewallRules{Name: "f", Rules: []firewall.Rule{{Name: "r", From: "192.168.0.0/16", To: "10.0.0.10"}}}.Steps}, "spec.rules[0].interface", "needs an interface"},
		{"hostbonds: network without VLAN", adapt[hostbonds.Topology]{hostbonds.HostBonds{Name: "h", Network: "flat", Hosts: []string{"a"}}.Steps}, "spec.network", "has no VLAN"},
		{"hostbonds: host not cabled", adapt[hostbonds.Topology]{hostbonds.HostBonds{Name: "h", Network: "lan", Hosts: []string{"c"}}.Steps}, "spec.hosts[0]", "no NIC cabled"},
		{"hostnet: unknown host", adapt[hostnetwork.Topology]{hostnetwork.HostNetwork{Name: "n", Hosts: []hostnetwork.Interfaces{{Host: "z"}}}.Steps}, "spec.hosts[0].host", "host \"z\" is not in inventory"},
		{"hostnet: host twice", adapt[hostnetwork.Topology]{hostnetwork.HostNetwork{Name: "n", Hosts: []hostnetwork.Interfaces{{Host: "a"}, {Host: "a"}}}.Steps}, "spec.hosts[1].host", "described twice"},
		{"hostnet: stranger member", adapt[hostnetwork.Topology]{hostnetwork.HostNetwork{Name: "n", Hosts: []hostnetwork.Interfaces{{Host: "a", Bonds: []hostnetwork.BondInterface{{Name: "bond0", Mode: "802.3ad", Members: []string{"eno1", "eth9"}}}}}}.Steps}, "spec.hosts[0].bonds[0].members[1]", "is not a NIC of host"},
		{"hostnet: unknown mode", adapt[hostnetwork.Topology]{hostnetwork.HostNetwork{Name: "n", Hosts: []hostnetwork.Interfaces{{Host: "a", Bonds: []hostnetwork.BondInterface{{Name: "bond0", Mode: "balance-rr", Members: []string{"eno1"}}}}}}.Steps}, "spec.hosts[0].bonds[0].mode", "unknown bond mode"},
		{"hostnet: LACP rate on active-backup", adapt[hostnetwork.Topology]{hostnetwork.HostNetwork{Name: "n", Hosts: []hostnetwork.Interfaces{{Host: "a", Bonds: []hostnetwork.BondInterface{{Name: "bond0", Mode: "active-backup", LACPRate: "fast", Members: []string{"eno1"}}}}}}.Steps}, "spec.hosts[0].bonds[0]", "is active-backup"},
		{"hostnet: NIC in two bonds", adapt[hostnetwork.Topology]{hostnetwork.HostNetwork{Name: "n", Hosts: []hostnetwork.Interfaces{{Host: "a", Bonds: []hostnetwork.BondInterface{{Name: "bond0", Mode: "802.3ad", Members: []string{"eno1", "eno2"}}, {Name: "bond1", Mode: "802.3ad", Members: []string{"eno2"}}}}}}.Steps}, "spec.hosts[0].bonds[1].members[0]", "member of bond bond0 already"},
		{"hostnet: name too long", adapt[hostnetwork.Topology]{hostnetwork.HostNetwork{Name: "n", Hosts: []hostnetwork.Interfaces{{Host: "a", Bonds: []hostnetwork.BondInterface{{Name: "bond-with-a-long-name", Mode: "802.3ad", Members: []string{"eno1"}}}}}}.Steps}, "spec.hosts[0].bonds[0].name", "cannot be used"},
		{"hostnet: VLAN on a member", adapt[hostnetwork.Topology]{hostnetwork.HostNetwork{Name: "n", Hosts: []hostnetwork.Interfaces{{Host: "a", Bonds: []hostnetwork.BondInterface{{Name: "bond0", Mode: "802.3ad", Members: []string{"eno1", "eno2"}}}, VLANs: []hostnetwork.VLANInterface{{Name: "eno1.10", Link: "eno1", ID: 10}}}}}.Steps}, "spec.hosts[0].vlans[0].link", "member of bond bond0"},
		{"hostnet: VLAN ID", adapt[hostnetwork.Topology]{hostnetwork.HostNetwork{Name: "n", Hosts: []hostnetwork.Interfaces{{Host: "a", Bonds: []hostnetwork.BondInterface{{Name: "bond0", Mode: "802.3ad", Members: []string{"eno1", "eno2"}}}, VLANs: []hostnetwork.VLANInterface{{Name: "bond0.5000", Link: "bond0", ID: 5000}}}}}.Steps}, "spec.hosts[0].vlans[0].id", "out of range"},
		{"hostnet: address twice", adapt[hostnetwork.Topology]{hostnetwork.HostNetwork{Name: "n", Hosts: []hostnetwork.Interfaces{{Host: "a", Bonds: []hostnetwork.BondInterface{{Name: "bond0", Mode: "802.3ad", Members: []string{"eno1", "eno2"}, Addresses: []netip.Prefix{netip.MustParsePrefix("10.0.0.5/24")}}}, VLANs: []hostnetwork.VLANInterface{{Name: "bond0.10", Link: "bond0", ID: 10, Addresses: []netip.Prefix{netip.MustParsePrefix("10.0.0.5/24")}}}}}}.Steps}, "spec.hosts[0].vlans[0].addresses[0]", "is on bond0 already"},
		{"hostnet: MTU", adapt[hostnetwork.Topology]{hostnetwork.HostNetwork{Name: "n", Hosts: []hostnetwork.Interfaces{{Host: "a", Bonds: []hostnetwork.BondInterface{{Name: "bond0", Mode: "802.3ad", Members: []string{"eno1", "eno2"}, MTU: 20}}}}}.Steps}, "spec.hosts[0].bonds[0].mtu", "out of range"},
		{"pxe: no role", adapt[pxe.Topology]{pxe.PXEBoot{Name: "p", Boot: pxe.Boot{Kernel: "http://x/k", Initrd: "http://x/i"}, Hosts: []pxe.Host{{Host: "c"}}}.Steps}, "spec.hosts[0].role", "has no role"},
		{"pxe: relative URL", adapt[pxe.Topology]{pxe.PXEBoot{Name: "p", Boot: pxe.Boot{Kernel: "/k", Initrd: "http://x/i"}}.Steps}, "spec.boot.kernel", "not an absolute"},
		{"power: no BMC", adapt[power.Topology]{power.PowerState{Name: "p", State: "on", Hosts: []string{"c"}}.Steps}, "spec.hosts[0]", "has no BMC"},
		{"power: unknown state", adapt[power.Topology]{power.PowerState{Name: "p", State: "cycle", Hosts: []string{"a"}}.Steps}, "spec.state", `unknown power state "cycle"`},
		{"cluster: VIP outside", adapt[baremetalcluster.Topology]{baremetalcluster.BareMetalCluster{Name: "k", Network: "lan", APIVIP: ip("10.5.0.1"), IngressVIP: ip("10.0.0.11")}.Steps}, "spec.apiVIP", "outside network"},
		{"cluster: no control plane", adapt[baremetalcluster.Topology]{baremetalcluster.BareMetalCluster{Name: "k", Network: "lan", APIVIP: ip("10.0.0.10"), IngressVIP: ip("10.0.0.11"), Nodes: []baremetalcluster.Node{{Host: "a", Role: "worker", IP: ip("10.0.0.21")}}}.Steps}, "spec.nodes", "no control-plane"},
		{"cluster: node on the VIP", adapt[baremetalcluster.Topology]{baremetalcluster.BareMetalCluster{Name: "k", Network: "lan", APIVIP: ip("10.0.0.10"), IngressVIP: ip("10.0.0.11"), Nodes: []baremetalcluster.Node{{Host: "a", Role: "control-plane", IP: ip("10.0.0.10")}}}.Steps}, "spec.nodes[0].ip", "is also spec.apiVIP"},
		{"cluster: node without BMC", adapt[baremetalcluster.Topology]{baremetalcluster.BareMetalCluster{Name: "k", Network: "lan", APIVIP: ip("10.0.0.10"), IngressVIP: ip("10.0.0.11"), Nodes: []baremetalcluster.Node{{Host: "c", Role: "control-plane", IP: ip("10.0.0.21")}}}.Steps}, "spec.nodes[0].host", "has no BMC"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.score.Steps(lab(t))
			var fe *domain.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Steps() = %v, want a FieldError", err)
			}
			if fe.Path != tc.path || !strings.Contains(fe.Msg, tc.msg) {
				t.Errorf("Steps() = %s: %s\nwant %s: …%s…", fe.Path, fe.Msg, tc.path, tc.msg)
			}
			if fe.Hint == "" {
				t.Errorf("no hint for %s", tc.path)
			}
		})
	}
}

func TestHostBondsPerSwitch(t *testing.T) {
	steps, err := hostbonds.HostBonds{Name: "h", Network: "lan", Hosts: []string{"a", "b"}, PXE: true}.Steps(lab(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"h/switch/sw1/vlan/10", "h/switch/sw1/lag/a", "h/switch/sw1/port/b", "h/switch/sw2/vlan/10", "h/switch/sw2/port/b"}
	if got := ids(steps); !slices.Equal(got, want) {
		t.Errorf("steps = %v\nwant %v", got, want)
	}
	var lag domain.LAG
	if err := steps[1].DecodeSpec(&lag); err != nil {
		t.Fatal(err)
	}
	if lag.KeepForwarding != "1/1/1" || lag.UntaggedVLAN != 10 || !slices.Equal(lag.Ports, []string{"1/1/1", "1/1/2"}) {
		t.Errorf("lag = %+v: want ports 1/1/1 1/1/2 on untagged VLAN 10, 1/1/1 forwarding before LACP", lag)
	}
}

// TestHostNetworkSteps: one bond step and one VLAN step after it, named
// by host, with the kernel's defaults filled in.
func TestHostNetworkSteps(t *testing.T) {
	steps, err := hostnetwork.HostNetwork{Name: "n", Hosts: []hostnetwork.Interfaces{{Host: "a",
		Bonds: []hostnetwork.BondInterface{{Name: "bond0", Mode: "802.3ad", Members: []string{"eno1", "eno2"}, MTU: 9000, LACPRate: "fast"}},
		VLANs: []hostnetwork.VLANInterface{{Name: "bond0.10", Link: "bond0", ID: 10, Addresses: []netip.Prefix{netip.MustParsePrefix("10.0.0.21/24")}}},
	}}}.Steps(lab(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"n/host-network/hosts/bond/a.bond0", "n/host-network/hosts/vlan-link/a.bond0.10"}
	if got := ids(steps); !slices.Equal(got, want) {
		t.Fatalf("steps = %v\nwant %v", got, want)
	}
	var bond domain.HostBond
	if err := steps[0].DecodeSpec(&bond); err != nil {
		t.Fatal(err)
	}
	if bond.Host != "a" || bond.MIIMon != 100 || bond.MTU != 9000 || !slices.Equal(bond.Members, []string{"eno1", "eno2"}) {
		t.Errorf("bond = %+v", bond)
	}
	var vlan domain.HostVLAN
	if err := steps[1].DecodeSpec(&vlan); err != nil {
		t.Fatal(err)
	}
	if vlan.Link != "bond0" || vlan.ID != 10 || !slices.Equal(steps[1].After, []string{steps[0].ID}) {
		t.Errorf("vlan = %+v after %v: want on bond0, VLAN 10, after the bond", vlan, steps[1].After)
	}
}

func TestDNSReverse(t *testing.T) {
	for in, want := range map[string]string{
		"10.10.0.21": "21.0.10.10.in-addr.arpa",
		"fd00::1":    "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa",
	} {
		if got := dns.Reverse(netip.MustParseAddr(in)); got != want {
			t.Errorf("Reverse(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestCompactCluster(t *testing.T) {
	ip := netip.MustParseAddr
	c := baremetalcluster.BareMetalCluster{Name: "k", Network: "lan", APIVIP: ip("10.0.0.10"), IngressVIP: ip("10.0.0.11"),
		Nodes: []baremetalcluster.Node{{Host: "a", Role: "control-plane", IP: ip("10.0.0.21")}},
		Boot:  pxe.Boot{Kernel: "http://x/k", Initrd: "http://x/i", IgnitionBase: "http://x/ign/"}}
	steps, err := c.Steps(lab(t))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]domain.Step{}
	for _, s := range steps {
		byID[s.ID] = s
	}
	var fe domain.Frontend
	ingress := byID["k/load-balancer/fw1/frontend/k-ingress-443"]
	if err := ingress.DecodeSpec(&fe); err != nil {
		t.Fatal(err)
	}
	if len(fe.Backends) != 1 || fe.Backends[0].Name != "a" {
		t.Errorf("ingress backends = %+v, want the control plane when there are no workers", fe.Backends)
	}
	var prof domain.PXEProfile
	profile := byID["k/pxe-boot/pxe1/profile/52-54-00-00-00-01"]
	if err := profile.DecodeSpec(&prof); err != nil {
		t.Fatal(err)
	}
	if prof.Ignition != "http://x/ign/control-plane.ign" {
		t.Errorf("ignition = %s", prof.Ignition)
	}
	want := []string{"k/dhcp-server/fw1/reservation/a", "k/power-control/bmc/boot-device/a",
		"k/pxe-boot/pxe1/profile/52-54-00-00-00-01", "k/pxe-boot/pxe1/profile/52-54-00-00-00-02", "k/switch/sw1/lag/a"}
	if got := byID["k/power-control/bmc/power/a"].After; !slices.Equal(got, want) {
		t.Errorf("power-on waits for %v\nwant %v", got, want)
	}
}

// TestRequires checks each kind's capabilities, read from its Topology
// interface, and that the composite needs exactly what its parts need.
func TestRequires(t *testing.T) {
	want := map[string][]domain.Capability{
		dhcp.Kind:         {domain.DHCPServer},
		dns.Kind:          {domain.DNSServer},
		loadbalancer.Kind: {domain.LoadBalancer},
		firewall.Kind:     {domain.Firewall},
		hostbonds.Kind:    {domain.Switch},
		pxe.Kind:          {domain.PXEBoot},
		power.Kind:        {domain.PowerControl},
		tftp.Kind:         {domain.TFTPServer},
		netboot.Kind:      {domain.DHCPServer},
		k8sapp.Kind:       {domain.K8sCluster},
		helmchart.Kind:    {domain.K8sCluster},
		k8smanifests.Kind: {domain.K8sCluster},
		hostnetwork.Kind:  {domain.HostNetwork},
		postgresql.Kind:   {domain.PostgreSQL},
	}
	var union []domain.Capability
	for kind, caps := range want {
		e, ok := catalog.Lookup(kind)
		if !ok {
			t.Fatalf("no catalog entry for %s", kind)
		}
		if !slices.Equal(e.Requires, caps) {
			t.Errorf("%s requires %v, want %v", kind, e.Requires, caps)
		}
		union = append(union, caps...)
	}
	e, _ := catalog.Lookup(baremetalcluster.Kind)
	union = slices.DeleteFunc(union, func(c domain.Capability) bool {
		return c == domain.TFTPServer || c == domain.HostNetwork || c == domain.K8sCluster || c == domain.PostgreSQL
	}) // not parts of the cluster
	slices.Sort(union)
	union = slices.Compact(union)
	for _, c := range union {
		if !slices.Contains(e.Requires, c) {
			t.Errorf("BareMetalCluster does not require %s, which a part needs", c)
		}
	}
	if len(e.Requires) != len(union) {
		t.Errorf("BareMetalCluster requires %v, more than its parts", e.Requires)
	}
	if got := catalog.Kinds(); !slices.IsSorted(got) || len(got) != 15 {
		t.Errorf("Kinds() = %v", got)
	}
}
