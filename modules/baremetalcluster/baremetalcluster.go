// Package baremetalcluster provides the BareMetalCluster Score: a
// Kubernetes/OKD cluster on bare metal, from addresses and cabling to
// power-on. It is composed of the small Scores and declares no capability
// of its own: its Topology is theirs together.
package baremetalcluster

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/modules/dhcp"
	"github.com/nationtech/harmony-go/modules/dns"
	"github.com/nationtech/harmony-go/modules/firewall"
	"github.com/nationtech/harmony-go/modules/hostbonds"
	"github.com/nationtech/harmony-go/modules/loadbalancer"
	"github.com/nationtech/harmony-go/modules/power"
	"github.com/nationtech/harmony-go/modules/pxe"
)

// Kind is the Score's kind in a Scores document.
const Kind = "BareMetalCluster"

// Topology is what BareMetalCluster needs: what its parts need.
type Topology interface {
	dhcp.Topology
	dns.Topology
	loadbalancer.Topology
	firewall.Topology
	hostbonds.Topology
	pxe.Topology
	power.Topology
}

// The node roles.
const (
	ControlPlane = "control-plane"
	Worker       = "worker"
)

// BareMetalCluster is a cluster of inventory hosts on one network.
type BareMetalCluster struct {
	Name       string     `json:"-"`
	Network    string     `json:"network"`
	APIVIP     netip.Addr `json:"apiVIP"`     // load-balancer frontend for 6443 and 22623
	IngressVIP netip.Addr `json:"ingressVIP"` // load-balancer frontend for 80 and 443
	Nodes      []Node     `json:"nodes"`
	Boot       pxe.Boot   `json:"boot"`
}

// Node is a host of the cluster.
type Node struct {
	Host string     `json:"host"`
	Role string     `json:"role"` // control-plane or worker
	IP   netip.Addr `json:"ip"`
}

// Steps expands the cluster into its parts' steps, then makes each node's
// power-on wait for its address, boot profiles and switch ports.
func (c BareMetalCluster) Steps(t Topology) ([]domain.Step, error) {
	if err := c.check(t); err != nil {
		return nil, err
	}
	zone := c.Name + "." + t.Site().Spec.Domain
	var (
		hosts    []string
		res      []dhcp.Reservation
		records  []dns.Record
		pxeHosts []pxe.Host
		cps, wks []loadbalancer.Backend
	)
	for _, n := range c.Nodes {
		hosts = append(hosts, n.Host)
		res = append(res, dhcp.Reservation{Host: n.Host, IP: n.IP})
		records = append(records, dns.Record{Name: n.Host, Type: "A", Value: n.IP.String(), PTR: true})
		pxeHosts = append(pxeHosts, pxe.Host{Host: n.Host, Role: n.Role})
		be := loadbalancer.Backend{Name: n.Host, Address: n.IP}
		if n.Role == ControlPlane {
			cps = append(cps, be)
		} else {
			wks = append(wks, be)
		}
	}
	if len(wks) == 0 {
		wks = cps // a compact cluster: control planes take the ingress
	}
	records = append(records,
		dns.Record{Name: "api", Type: "A", Value: c.APIVIP.String()},
		dns.Record{Name: "api-int", Type: "A", Value: c.APIVIP.String()},
		dns.Record{Name: "*.apps", Type: "A", Value: c.IngressVIP.String()},
	)
	// Names on shared devices carry the cluster's name, so several
	// clusters can share one load balancer and firewall.
	parts := []func() ([]domain.Step, error){
		func() ([]domain.Step, error) {
			return dhcp.DHCPReservations{Name: c.Name, Network: c.Network, Reservations: res}.Steps(t)
		},
		func() ([]domain.Step, error) {
			return dns.DNSRecords{Name: c.Name, Zone: zone, Records: records}.Steps(t)
		},
		func() ([]domain.Step, error) {
			return loadbalancer.LoadBalancer{Name: c.Name, Services: []loadbalancer.Service{
				{Name: c.Name + "-api", VIP: c.APIVIP, Ports: []int{6443, 22623}, Backends: cps},
				{Name: c.Name + "-ingress", VIP: c.IngressVIP, Ports: []int{80, 443}, Backends: wks},
			}}.Steps(t)
		},
		func() ([]domain.Step, error) {
			return firewall.FirewallRules{Name: c.Name, Rules: []firewall.Rule{
				{Name: c.Name + "-api", From: c.Network, To: c.APIVIP.String(), Ports: []int{6443, 22623}},
				{Name: c.Name + "-ingress", From: c.Network, To: c.IngressVIP.String(), Ports: []int{80, 443}},
			}}.Steps(t)
		},
		func() ([]domain.Step, error) {
			return hostbonds.HostBonds{Name: c.Name, Network: c.Network, Hosts: hosts, PXE: true}.Steps(t)
		},
		func() ([]domain.Step, error) {
			return pxe.PXEBoot{Name: c.Name, Boot: c.Boot, Hosts: pxeHosts}.Steps(t)
		},
		func() ([]domain.Step, error) {
			return power.PowerState{Name: c.Name, State: "on", BootDevice: "pxe", Hosts: hosts}.Steps(t)
		},
	}
	var steps []domain.Step
	for _, part := range parts {
		s, err := part()
		if err != nil {
			return nil, domain.Under("spec", err)
		}
		steps = append(steps, s...)
	}
	profileHost := map[string]string{}
	for _, n := range c.Nodes {
		h, _ := t.Host(n.Host)
		for _, nic := range h.NICs {
			profileHost[nic.MAC.HexHyp()] = n.Host
		}
	}
	return orderPowerOn(steps, profileHost), nil
}

// orderPowerOn makes each host's power step wait for what the host needs
// to boot: its reservation, its boot profiles and its switch ports.
// Reservations, LAGs and ports are named after their host; boot profiles
// after a MAC, which profileHost maps back to the host.
func orderPowerOn(steps []domain.Step, profileHost map[string]string) []domain.Step {
	needs := map[string][]string{}
	for _, s := range steps {
		switch s.Resource.Type {
		case domain.TypeReservation, domain.TypeLAG, domain.TypePort:
			needs[s.Resource.Name] = append(needs[s.Resource.Name], s.ID)
		case domain.TypeProfile:
			h := profileHost[s.Resource.Name]
			needs[h] = append(needs[h], s.ID)
		}
	}
	for i := range steps {
		if steps[i].Resource.Type == domain.TypePower {
			after := append(slices.Clone(steps[i].After), needs[steps[i].Resource.Name]...)
			slices.Sort(after)
			steps[i].After = after
		}
	}
	return steps
}

// check validates the cluster's own fields, so mistakes are reported at
// the cluster's spec rather than inside the parts it expands to.
func (c BareMetalCluster) check(t Topology) error {
	n, err := domain.LookupNetwork(t, "spec.network", c.Network)
	if err != nil {
		return err
	}
	if err := domain.CheckInNetwork("spec.apiVIP", n, c.APIVIP); err != nil {
		return err
	}
	if err := domain.CheckInNetwork("spec.ingressVIP", n, c.IngressVIP); err != nil {
		return err
	}
	if len(c.Nodes) == 0 {
		return domain.Errorf("spec.nodes", "list the cluster's hosts with their role and ip", "the cluster has no nodes")
	}
	ips := map[netip.Addr]string{c.APIVIP: "spec.apiVIP", c.IngressVIP: "spec.ingressVIP"}
	hosts := map[string]bool{}
	cps := 0
	for i, nd := range c.Nodes {
		p := fmt.Sprintf("spec.nodes[%d]", i)
		h, err := domain.LookupHost(t, p+".host", nd.Host)
		if err != nil {
			return err
		}
		if hosts[nd.Host] {
			return domain.Errorf(p+".host", "list each host once", "host %q is a node twice", nd.Host)
		}
		hosts[nd.Host] = true
		switch nd.Role {
		case ControlPlane:
			cps++
		case Worker:
		default:
			return domain.Errorf(p+".role", "use control-plane or worker", "unknown role %q", nd.Role)
		}
		if err := domain.CheckInNetwork(p+".ip", n, nd.IP); err != nil {
			return err
		}
		if other, dup := ips[nd.IP]; dup {
			return domain.Errorf(p+".ip", "give each node and VIP its own address", "%s is also %s", nd.IP, other)
		}
		ips[nd.IP] = p + ".ip"
		if h.BMC == nil {
			return domain.Errorf(p+".host", fmt.Sprintf("add bmc: {address: …} to host %s in the inventory", h.Name),
				"host %q has no BMC, so the cluster cannot power it on", h.Name)
		}
	}
	if cps == 0 {
		return domain.Errorf("spec.nodes", "give at least one node role: control-plane", "the cluster has no control-plane node")
	}
	return nil
}
