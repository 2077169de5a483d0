// Package netboot provides the NetBoot Score: what a network's DHCP server
// answers machines that boot from the network, so that they chain to the
// PXE server's iPXE script (harmony-pxe's /boot.ipxe), whatever their
// firmware.
package netboot

import (
	"net/url"
	"regexp"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Kind is the Score's kind in a Scores document.
const Kind = "NetBoot"

// Topology is what NetBoot needs: a dhcp-server.
type Topology interface {
	domain.Topology
	domain.HasDHCPServer
}

// NetBoot chains a network's network-booting machines to an iPXE script.
type NetBoot struct {
	Name    string `json:"-"`
	Network string `json:"network"`
	// Script is the http(s) URL of the iPXE script iPXE clients get.
	Script string `json:"script"`
	// BIOSFile and UEFIFile are the iPXE builds, on the TFTP server, that
	// firmware other than iPXE loads first (default undionly.kpxe and
	// ipxe.efi, as Debian's ipxe package ships them).
	BIOSFile string `json:"biosFile,omitempty"`
	UEFIFile string `json:"uefiFile,omitempty"`
}

var fileRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$`)

// Steps expands the Score into one netboot step for the network's DHCP
// server.
func (s NetBoot) Steps(t Topology) ([]domain.Step, error) {
	n, err := domain.LookupNetwork(t, "spec.network", s.Network)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(s.Script)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return nil, domain.Errorf("spec.script", "give the http(s) URL of the boot script, e.g. http://10.10.0.5:8080/boot.ipxe", "script %q is not an http(s) URL", s.Script)
	}
	bios, uefi := s.BIOSFile, s.UEFIFile
	if bios == "" {
		bios = "undionly.kpxe"
	}
	if uefi == "" {
		uefi = "ipxe.efi"
	}
	for path, f := range map[string]string{"spec.biosFile": bios, "spec.uefiFile": uefi} {
		if !fileRE.MatchString(f) {
			return nil, domain.Errorf(path, "name a file on the TFTP server: letters, digits, dot, dash, underscore, slash", "file name %q cannot be used", f)
		}
	}
	b := domain.StepBuilder{Score: s.Name}
	b.Ensure(domain.DHCPServer, t.DHCPServer(), domain.TypeNetBoot, n.Name, domain.NetBoot{Network: n.Name, Net: *n, Script: s.Script, BIOSFile: bios, UEFIFile: uefi})
	return b.Steps()
}
