// Package pxe provides the PXEBoot Score: what each host boots over the
// network, per MAC address.
package pxe

import (
	"fmt"
	"strings"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Kind is the Score's kind in a Scores document.
const Kind = "PXEBoot"

// Topology is what PXEBoot needs: a pxe-boot server.
type Topology interface {
	domain.Topology
	domain.HasPXEBoot
}

// PXEBoot boots the listed hosts from one kernel and initrd.
type PXEBoot struct {
	Name  string `json:"-"`
	Boot  Boot   `json:"boot"`
	Hosts []Host `json:"hosts"`
}

// Boot is what is booted.
type Boot struct {
	Kernel       string `json:"kernel"`
	Initrd       string `json:"initrd"`
	Args         string `json:"args,omitempty"`
	IgnitionBase string `json:"ignitionBase,omitempty"` // each host gets <ignitionBase>/<role>.ign
}

// Host is a host to boot and its role.
type Host struct {
	Host string `json:"host"`
	Role string `json:"role,omitempty"` // default: the inventory's role
}

// Steps expands the Score into one profile step per MAC of each host, so
// the host boots whichever NIC its firmware tries first.
func (s PXEBoot) Steps(t Topology) ([]domain.Step, error) {
	if err := s.Boot.check("spec.boot"); err != nil {
		return nil, err
	}
	b := domain.StepBuilder{Score: s.Name}
	for i, bh := range s.Hosts {
		p := fmt.Sprintf("spec.hosts[%d]", i)
		h, err := domain.LookupHost(t, p+".host", bh.Host)
		if err != nil {
			return nil, err
		}
		role := bh.Role
		if role == "" {
			role = h.Role
		}
		if role == "" {
			return nil, domain.Errorf(p+".role", "give the host a role here or in the inventory", "host %q has no role to boot as", h.Name)
		}
		if err := domain.CheckName(p+".role", "role", role); err != nil {
			return nil, err
		}
		if len(h.NICs) == 0 {
			return nil, domain.Errorf(p+".host", "declare the host's NICs in the inventory", "host %q has no NIC to boot from", h.Name)
		}
		for _, nic := range h.NICs {
			b.Ensure(domain.PXEBoot, t.PXEBoot(), domain.TypeProfile, nic.MAC.HexHyp(), s.Boot.Profile(h.Name, role, nic.MAC))
		}
	}
	return b.Steps()
}

// Profile is the boot profile of one MAC of a host.
func (b Boot) Profile(host, role string, mac domain.MAC) domain.PXEProfile {
	p := domain.PXEProfile{MAC: mac, Host: host, Role: role, Kernel: b.Kernel, Initrd: b.Initrd, Args: b.Args}
	if b.IgnitionBase != "" {
		p.Ignition = strings.TrimSuffix(b.IgnitionBase, "/") + "/" + role + ".ign"
	}
	return p
}

func (b Boot) check(p string) error {
	if err := domain.CheckURL(p+".kernel", b.Kernel); err != nil {
		return err
	}
	if err := domain.CheckURL(p+".initrd", b.Initrd); err != nil {
		return err
	}
	if b.IgnitionBase != "" {
		return domain.CheckURL(p+".ignitionBase", b.IgnitionBase)
	}
	return nil
}
