// Package tftp provides the TFTPService Score: a TFTP server enabled on
// an address of a network, for firmware that fetches its first boot file
// over TFTP.
package tftp

import (
	"net/netip"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Kind is the Score's kind in a Scores document.
const Kind = "TFTPService"

// Topology is what TFTPService needs: a tftp-server.
type Topology interface {
	domain.Topology
	domain.HasTFTPServer
}

// TFTPService enables the TFTP server on an address of a network.
type TFTPService struct {
	Name    string `json:"-"`
	Network string `json:"network"`
	// Listen is the address it answers on; default: the network's gateway.
	Listen netip.Addr `json:"listen,omitzero"`
}

// Steps expands the Score into one service step.
func (s TFTPService) Steps(t Topology) ([]domain.Step, error) {
	n, err := domain.LookupNetwork(t, "spec.network", s.Network)
	if err != nil {
		return nil, err
	}
	listen := n.Gateway
	if s.Listen.IsValid() {
		listen = s.Listen
	}
	if !listen.IsValid() {
		return nil, domain.Errorf("spec.listen", "give listen, or a gateway to network "+n.Name, "no address to listen on")
	}
	if !n.CIDR.Contains(listen) {
		return nil, domain.Errorf("spec.listen", "use an address in "+n.CIDR.String(), "%s is outside network %q", listen, n.Name)
	}
	b := domain.StepBuilder{Score: s.Name}
	b.Ensure(domain.TFTPServer, t.TFTPServer(), domain.TypeTFTP, n.Name, domain.TFTPService{Listen: listen})
	return b.Steps()
}
