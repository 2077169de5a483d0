// Package power provides the PowerState Score: hosts' power state and
// the device they boot from next, through their BMCs.
package power

import (
	"fmt"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Kind is the Score's kind in a Scores document.
const Kind = "PowerState"

// Topology is what PowerState needs: power-control.
type Topology interface {
	domain.Topology
	domain.HasPowerControl
}

// PowerState sets the listed hosts' power, after their next boot device.
type PowerState struct {
	Name       string   `json:"-"`
	State      string   `json:"state"`                // on or off
	BootDevice string   `json:"bootDevice,omitempty"` // pxe or disk, set before the power
	Hosts      []string `json:"hosts"`
}

// Steps expands the Score into, per host, a boot-device step (when asked)
// and a power step after it.
func (s PowerState) Steps(t Topology) ([]domain.Step, error) {
	if s.State != "on" && s.State != "off" {
		return nil, domain.Errorf("spec.state", "use on or off", "unknown power state %q", s.State)
	}
	if s.BootDevice != "" && s.BootDevice != "pxe" && s.BootDevice != "disk" {
		return nil, domain.Errorf("spec.bootDevice", "use pxe or disk, or leave it out", "unknown boot device %q", s.BootDevice)
	}
	hosts, err := domain.LookupHosts(t, "spec.hosts", s.Hosts)
	if err != nil {
		return nil, err
	}
	b := domain.StepBuilder{Score: s.Name}
	for i, h := range hosts {
		p, name := fmt.Sprintf("spec.hosts[%d]", i), h.Name
		if h.BMC == nil {
			return nil, domain.Errorf(p, fmt.Sprintf("add bmc: {address: …} to host %s in the inventory", name),
				"host %q has no BMC to control its power", name)
		}
		dev, bmc, err := domain.PowerControlFor(t, name, h.BMC)
		if err != nil {
			return nil, domain.Errorf(p, "correct the host's bmc address in the inventory, or add the site device for its protocol", "%v", err)
		}
		var after []string
		if s.BootDevice != "" {
			after = append(after, b.Ensure(domain.PowerControl, dev, domain.TypeBootDevice, name,
				domain.BootDevice{Host: name, BMC: bmc, Device: s.BootDevice}))
		}
		b.Ensure(domain.PowerControl, dev, domain.TypePower, name,
			domain.Power{Host: name, BMC: bmc, State: s.State}, after...)
	}
	return b.Steps()
}
