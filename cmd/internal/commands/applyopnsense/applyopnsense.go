// Package applyopnsense is harmony-apply-opnsense: the dhcp-server,
// dns-server, load-balancer and firewall steps of a plan, on OPNsense.
package applyopnsense

import (
	"context"
	_ "embed"
	"io"

	"github.com/nationtech/harmony-go/cmd/internal/applycmd"
	"github.com/nationtech/harmony-go/cmd/internal/secret"
	"github.com/nationtech/harmony-go/cmd/internal/tool"
	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/opnsense"
	"github.com/urfave/cli/v2"
)

// Name is the command's name.
const Name = "harmony-apply-opnsense"

const description = `harmony-apply-opnsense applies the plan's steps whose target is an opnsense
device: DHCP reservations (Kea or Dnsmasq, whichever the firewall runs),
DNS records (Unbound host overrides; PTRs are served from them), TCP load
balancing (HAProxy health check, servers, backend and frontend per
frontend step), filter rules (several ports in a port alias) and the TFTP
service (os-tftp). It reads each collection once, writes only
the differences (set_<item>/<uuid> with a uuid derived from the step), and
applies each touched service once. Every other step passes through.

Objects it makes carry "harmony:<site> <step id>" in their description.
--prune removes those the plan no longer has; a hand-made object that
matches a step (a reservation by MAC, a host override by name, a HAProxy
object by name) fails that step unless --adopt takes it over. A blocking
rule that would cut the path to the firewall's API is refused unless
--allow-lockout; after each filter apply the API must answer again.

Credentials: the device's secretRef, as HARMONY_SECRET_<REF>=key:secret or
in the 0600 YAML file HARMONY_SECRETS_FILE. TLS is verified against the
device's caFile (or --ca-file), else the system roots.

Example:
   harmony-plan inventory/examples/lab/ | harmony-apply-opnsense | harmony-report`

//go:embed notes.md
var notes string

// Run is harmony-apply-opnsense's main.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return applycmd.Run(ctx, applycmd.Config{
		Notes:       notes,
		Name:        Name,
		Usage:       "apply a plan's DHCP, DNS, load-balancer and firewall steps to OPNsense",
		Description: description,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "ca-file", Usage: "PEM CA of the firewalls' certificates (overrides the Site's caFile)"},
			&cli.BoolFlag{Name: "insecure-skip-verify", Usage: "do not verify the firewalls' certificates (warns)"},
			&cli.BoolFlag{Name: "adopt", Usage: "take over hand-made objects that match a step"},
			&cli.BoolFlag{Name: "allow-lockout", Usage: "allow a rule that could cut the path to the firewall's API"},
			&cli.DurationFlag{Name: "timeout", Value: 15e9, Usage: "per request"},
		},
		Driver: func(c *cli.Context, p *domain.Plan) (apply.Driver, error) {
			if c.Bool("insecure-skip-verify") {
				tool.Warn(stderr, Name, "TLS certificates are not verified (--insecure-skip-verify)")
			}
			d := &opnsense.Driver{
				Site:         p.Site.Name,
				Credentials:  secret.Pair,
				CAFile:       c.String("ca-file"),
				Insecure:     c.Bool("insecure-skip-verify"),
				Timeout:      c.Duration("timeout"),
				Adopt:        c.Bool("adopt"),
				AllowLockout: c.Bool("allow-lockout"),
			}
			return apply.OpenFunc(d.Open), nil
		},
	}, args, stdin, stdout, stderr)
}
