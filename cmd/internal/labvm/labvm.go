// Package labvm runs a lab host as a real machine: a QEMU VM (-accel
// tcg) with the host's inventory MACs on taps of a lab bridge, started,
// and stopped by what its BMC does, and booting from the network
// when the BMC's next boot device is PXE. harmony-lab's BMCs and the boot
// tests drive it.
package labvm

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
)

// Host is one lab machine.
type Host struct {
	Name   string   `json:"name"`
	MACs   []string `json:"macs"`             // one NIC each, in order
	Taps   []string `json:"taps"`             // the tap device of each NIC, made beforehand (see Network)
	Serial string   `json:"serial"`           // the file its serial console is written to
	NetNS  string   `json:"netns,omitempty"`  // the network namespace its taps are in ("" the caller's)
	Memory int      `json:"memory,omitempty"` // MiB; 128 when 0
}

// VM is a Host's machine: off until powered on.
type VM struct {
	h Host

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan error
}

// New is h, powered off.
func New(h Host) (*VM, error) {
	if len(h.MACs) == 0 || len(h.MACs) != len(h.Taps) {
		return nil, fmt.Errorf("host %s: %d MACs and %d taps: give one tap for each NIC", h.Name, len(h.MACs), len(h.Taps))
	}
	return &VM{h: h, exited: make(chan error, 16)}, nil
}

// Available says what is missing to run VMs here, or nil.
func Available() error {
	var missing []string
	if _, err := exec.LookPath("qemu-system-x86_64"); err != nil {
		missing = append(missing, "qemu-system-x86_64 (apt-get install qemu-system-x86 ipxe-qemu)")
	}
	if _, err := os.Stat("/dev/net/tun"); err != nil {
		missing = append(missing, "/dev/net/tun")
	}
	if os.Geteuid() != 0 {
		missing = append(missing, "root (taps and bridges)")
	}
	if len(missing) > 0 {
		return errors.New("lab VMs need " + strings.Join(missing, ", "))
	}
	return nil
}

// Power follows the BMC: on starts the machine (from the network when
// pxe) unless it runs; off stops it at once, as pulling the plug does.
func (v *VM) Power(on, pxe bool) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if !on {
		v.kill()
		return nil
	}
	if v.cmd != nil {
		return nil
	}
	return v.start(pxe)
}

// Restart is a reset of the machine (a BMC's hard reset or power cycle):
// a running machine starts over, from the network when pxe, as does one
// that was off.
func (v *VM) Restart(pxe bool) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.kill()
	return v.start(pxe)
}

// kill ends the machine's process, if one runs; v.mu is held.
func (v *VM) kill() {
	if v.cmd != nil {
		_ = v.cmd.Process.Kill()
		v.cmd = nil
	}
}

// start runs the machine's QEMU; v.mu is held and none runs.
func (v *VM) start(pxe bool) error {
	boot := "c"
	if pxe {
		boot = "n"
	}
	mem := v.h.Memory
	if mem == 0 {
		mem = 128
	}
	args := []string{"qemu-system-x86_64", "-accel", "tcg", "-machine", "pc,graphics=off", "-m", fmt.Sprint(mem),
		"-nodefaults", "-display", "none", "-monitor", "none", "-serial", "file:" + v.h.Serial, "-name", v.h.Name,
		"-boot", boot, "-no-reboot"}
	for i, mac := range v.h.MACs {
		args = append(args, "-netdev", fmt.Sprintf("tap,id=n%d,ifname=%s,script=no,downscript=no", i, v.h.Taps[i]),
			"-device", fmt.Sprintf("e1000,netdev=n%d,mac=%s", i, mac))
	}
	if v.h.NetNS != "" {
		args = append([]string{"ip", "netns", "exec", v.h.NetNS}, args...)
	}
	cmd := exec.Command(args[0], args[1:]...)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("host %s: starting its VM: %w", v.h.Name, err)
	}
	v.cmd = cmd
	go func() {
		err := cmd.Wait()
		v.mu.Lock()
		if v.cmd == cmd {
			v.cmd = nil
		}
		v.mu.Unlock()
		v.exited <- err
	}()
	return nil
}

// Running says whether the machine is on.
func (v *VM) Running() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.cmd != nil
}

// Exited hears each end of the machine: nil when it ended itself with
// status 0 (the lab's scripts reboot, and -no-reboot makes that an exit).
func (v *VM) Exited() <-chan error { return v.exited }

// Stop ends the machine and waits for nothing.
func (v *VM) Stop() { _ = v.Power(false, false) }
