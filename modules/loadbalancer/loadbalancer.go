// Package loadbalancer provides the LoadBalancer Score: TCP services on
// virtual IPs, spread over backends that are health-checked.
package loadbalancer

import (
	"fmt"
	"net/netip"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Kind is the Score's kind in a Scores document.
const Kind = "LoadBalancer"

// Topology is what LoadBalancer needs: a load-balancer.
type Topology interface {
	domain.Topology
	domain.HasLoadBalancer
}

// LoadBalancer is a set of load-balanced services.
type LoadBalancer struct {
	Name     string    `json:"-"`
	Services []Service `json:"services"`
}

// Service is one virtual IP with its ports and backends. Each port is a
// frontend of its own.
type Service struct {
	Name        string       `json:"name"`
	VIP         netip.Addr   `json:"vip"`
	Ports       []int        `json:"ports"`
	Backends    []Backend    `json:"backends"`
	HealthCheck *HealthCheck `json:"healthCheck,omitempty"` // default: TCP connect every 5 s
}

// Backend is a server behind the service.
type Backend struct {
	Name    string     `json:"name"`
	Address netip.Addr `json:"address"`
	Port    int        `json:"port,omitempty"` // default: the frontend's port
}

// HealthCheck is how backends are checked.
type HealthCheck struct {
	Type            string `json:"type"` // tcp
	IntervalSeconds int    `json:"intervalSeconds,omitempty"`
}

// DefaultHealthCheck is a TCP connect every five seconds.
var DefaultHealthCheck = HealthCheck{Type: "tcp", IntervalSeconds: 5}

// Steps expands the Score into one frontend step per service port.
func (s LoadBalancer) Steps(t Topology) ([]domain.Step, error) {
	b := domain.StepBuilder{Score: s.Name}
	seen := map[netip.AddrPort]string{}
	for i, svc := range s.Services {
		p := fmt.Sprintf("spec.services[%d]", i)
		if err := domain.CheckName(p+".name", "service name", svc.Name); err != nil {
			return nil, err
		}
		if !svc.VIP.IsValid() {
			return nil, domain.Errorf(p+".vip", "give the virtual IP clients connect to", "service %q has no vip", svc.Name)
		}
		if len(svc.Ports) == 0 {
			return nil, domain.Errorf(p+".ports", "list the TCP ports to balance, e.g. ports: [443]", "service %q has no ports", svc.Name)
		}
		if len(svc.Backends) == 0 {
			return nil, domain.Errorf(p+".backends", "list at least one backend {name, address}", "service %q has no backends", svc.Name)
		}
		hc := DefaultHealthCheck
		if svc.HealthCheck != nil {
			hc = *svc.HealthCheck
			if hc.Type != "tcp" {
				return nil, domain.Errorf(p+".healthCheck.type", "use type: tcp", "unknown health check %q", hc.Type)
			}
			if hc.IntervalSeconds == 0 {
				hc.IntervalSeconds = DefaultHealthCheck.IntervalSeconds
			}
		}
		for j, port := range svc.Ports {
			if err := checkPort(fmt.Sprintf("%s.ports[%d]", p, j), port); err != nil {
				return nil, err
			}
			ap := netip.AddrPortFrom(svc.VIP, uint16(port))
			if other, dup := seen[ap]; dup {
				return nil, domain.Errorf(fmt.Sprintf("%s.ports[%d]", p, j), "give each frontend its own address and port",
					"%s is also a frontend of service %q", ap, other)
			}
			seen[ap] = svc.Name
			fe := domain.Frontend{Address: svc.VIP, Port: port, Mode: "tcp", HealthCheck: domain.HealthCheck(hc)}
			for k, be := range svc.Backends {
				bp := fmt.Sprintf("%s.backends[%d]", p, k)
				if err := domain.CheckName(bp+".name", "backend name", be.Name); err != nil {
					return nil, err
				}
				if !be.Address.IsValid() {
					return nil, domain.Errorf(bp+".address", "give the backend's IP address", "backend %q has no address", be.Name)
				}
				bport := be.Port
				if bport == 0 {
					bport = port
				} else if err := checkPort(bp+".port", bport); err != nil {
					return nil, err
				}
				fe.Backends = append(fe.Backends, domain.Backend{Name: be.Name, Address: be.Address, Port: bport})
			}
			b.Ensure(domain.LoadBalancer, t.LoadBalancer(), domain.TypeFrontend, fmt.Sprintf("%s-%d", svc.Name, port), fe)
		}
	}
	return b.Steps()
}

func checkPort(path string, port int) error {
	if port < 1 || port > 65535 {
		return domain.Errorf(path, "use a TCP port from 1 to 65535", "port %d is out of range", port)
	}
	return nil
}
