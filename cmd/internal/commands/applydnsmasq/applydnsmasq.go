// Package applydnsmasq is harmony-apply-dnsmasq: the dhcp-server and
// dns-server steps of a plan, on a Linux host running dnsmasq.
package applydnsmasq

import (
	"context"
	_ "embed"
	"io"

	"github.com/nationtech/harmony-go/cmd/internal/applycmd"
	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/dnsmasq"
	"github.com/urfave/cli/v2"
)

// Name is the command's name.
const Name = "harmony-apply-dnsmasq"

const description = `harmony-apply-dnsmasq applies the plan's steps whose target is a dnsmasq
device, on the host it runs on: each DHCP reservation is a file in the
dhcp-hostsdir, each A/AAAA record a file in the hostsdir (dnsmasq answers
the PTRs from them), a network's boot options (NetBoot) a file in the
dhcp-optsdir, written atomically and only when it differs; a tftp-server
step copies Debian's iPXE builds into the tftp-root and checks dnsmasq
serves them (a real TFTP read). dnsmasq reads the files by itself; after a
removed reservation or options file (--prune) it gets a SIGHUP. Files it did not write are never changed. Every other step passes
through: the same plan runs against OPNsense with harmony-apply-opnsense.

The device's endpoint names the directory and the pid file:
   file:///var/lib/harmony/dnsmasq?pidfile=/run/dnsmasq.pid
with, in dnsmasq's configuration:
   dhcp-hostsdir=/var/lib/harmony/dnsmasq/dhcp-hosts
   hostsdir=/var/lib/harmony/dnsmasq/hosts
   dhcp-optsdir=/var/lib/harmony/dnsmasq/dhcp-opts
   dhcp-userclass=set:ipxe,iPXE
   dhcp-match=set:efi-x86_64,option:client-arch,7
   enable-tftp
   tftp-root=/var/lib/harmony/dnsmasq/tftp

Example:
   harmony-plan site/ | harmony-apply-dnsmasq | harmony-report`

//go:embed notes.md
var notes string

// Run is harmony-apply-dnsmasq's main.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return applycmd.Run(ctx, applycmd.Config{
		Notes:       notes,
		Name:        Name,
		Usage:       "apply a plan's DHCP, DNS, network-boot and TFTP steps to dnsmasq on this host",
		Description: description,
		Driver: func(c *cli.Context, p *domain.Plan) (apply.Driver, error) {
			d := &dnsmasq.Driver{Site: p.Site.Name}
			return apply.OpenFunc(d.Open), nil
		},
	}, args, stdin, stdout, stderr)
}
