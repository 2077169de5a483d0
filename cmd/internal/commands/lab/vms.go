package lab

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/nationtech/harmony-go/cmd/internal/labvm"
	"github.com/nationtech/harmony-go/cmd/internal/tool"
	"github.com/urfave/cli/v2"
)

var vmsFlag = &cli.StringFlag{Name: "vms", Usage: "a JSON list of machines (name, macs, taps, serial), one behind each BMC in order: " +
	"the BMC starts and stops its QEMU VM (harmony-lab up --vms writes it); --count is its length"}

// machine is one BMC's host, run as a VM.
type machine struct {
	host labvm.Host
	vm   *labvm.VM
}

// machines reads a --vms file; nil without one.
func machines(path string) ([]machine, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, tool.Refused(err)
	}
	var hosts []labvm.Host
	if err := json.Unmarshal(b, &hosts); err != nil {
		return nil, tool.Refused(fmt.Errorf("%s: %w (harmony-lab up --vms writes this file)", path, err))
	}
	if err := labvm.Available(); err != nil {
		return nil, tool.Refused(err)
	}
	var out []machine
	for _, h := range hosts {
		vm, err := labvm.New(h)
		if err != nil {
			return nil, tool.Refused(fmt.Errorf("%s: %w", path, err))
		}
		out = append(out, machine{host: h, vm: vm})
	}
	return out, nil
}

// machinesOr is the --vms machines and how many BMCs to run: one for
// each, else --count.
func machinesOr(c *cli.Context) ([]machine, int, error) {
	vms, err := machines(c.String("vms"))
	if err != nil || vms == nil {
		return nil, c.Int("count"), err
	}
	return vms, len(vms), nil
}

// follow is what the BMC tells its machine: power on (from the network
// when its next boot device is PXE) or off.
func (m machine) follow(stderr io.Writer) func(on, pxe bool) {
	return func(on, pxe bool) {
		was := m.vm.Running()
		if err := m.vm.Power(on, pxe); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", Name, err)
			return
		}
		switch {
		case on && !was:
			boot := "disk"
			if pxe {
				boot = "the network"
			}
			fmt.Fprintf(stderr, "%s: %s powered on: its VM boots from %s (serial console in %s)\n", Name, m.host.Name, boot, m.host.Serial)
		case !on && was:
			fmt.Fprintf(stderr, "%s: %s powered off: its VM stopped\n", Name, m.host.Name)
		}
	}
}

// restart is what the BMC's reset tells its machine: start over, from
// the network when its next boot device is PXE.
func (m machine) restart(stderr io.Writer) func(pxe bool) {
	return func(pxe bool) {
		if err := m.vm.Restart(pxe); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", Name, err)
			return
		}
		boot := "disk"
		if pxe {
			boot = "the network"
		}
		fmt.Fprintf(stderr, "%s: %s reset: its VM restarts from %s\n", Name, m.host.Name, boot)
	}
}
