// Package hostnet is harmony-hostnet: the host-network steps of the host
// it runs on (bonds, VLAN interfaces, MTU, addresses), on its kernel.
package hostnet

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/nationtech/harmony-go/cmd/internal/applycmd"
	"github.com/nationtech/harmony-go/cmd/internal/tool"
	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/netlink"
	"github.com/urfave/cli/v2"
)

// Name is the command's name.
const Name = "harmony-hostnet"

const description = `harmony-hostnet applies the plan's host-network steps (HostNetwork Scores:
bonds and VLAN interfaces with their MTU, state and addresses) that belong
to the host it runs on (--host, default this machine's hostname) to its
kernel over netlink, and passes every other step through untouched, the
other hosts' included. It reads the kernel before each step and writes
only the difference; a bond's settings left out of the Score are the
kernel's defaults (lacpRate slow, xmitHashPolicy layer2), an MTU left out
is not managed, and an interface has exactly the addresses given.

An 802.3ad bond whose LACP has not formed with the switch after --wait is
RUNNING. A write that could cut the link the default route goes out of
(enslaving its NIC, releasing a member of its bond, removing its address,
deleting it) fails the step, touching nothing, unless --allow-disruption.
Bonds and VLANs it makes carry the alias "managed by harmony"; --prune
deletes those the plan no longer has for this host, never others.

Needs CAP_NET_ADMIN (root) to write; --dry-run reads only.

Example (cron on a site host):
   harmony-plan site/ | harmony-hostnet | harmony-state record --repo /var/lib/harmony/state | harmony-report`

//go:embed notes.md
var notes string

// Run is harmony-hostnet's main.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return applycmd.Run(ctx, applycmd.Config{
		Notes:       notes,
		Name:        Name,
		Usage:       "apply the plan's bonds and VLAN interfaces of this host to its kernel",
		Description: description,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "host", Usage: "the inventory name of this host (default: its hostname)"},
			&cli.BoolFlag{Name: "allow-disruption", Usage: "allow writes that can cut the link the default route goes out of"},
			&cli.DurationFlag{Name: "wait", Value: 5 * time.Second, Usage: "how long a changed 802.3ad bond may take to form before it is RUNNING"},
		},
		Select: func(c *cli.Context) func(domain.Step) (bool, error) {
			host := thisHost(c)
			return func(s domain.Step) (bool, error) {
				h, err := hostOf(s)
				return h == host, err
			}
		},
		Driver: func(c *cli.Context, p *domain.Plan) (apply.Driver, error) {
			host := thisHost(c)
			if host == "" {
				return nil, &domain.FieldError{Msg: "cannot tell which host this is", Hint: "give its inventory name with --host"}
			}
			mine, others := 0, 0
			devs := p.Devices()
			for _, s := range p.Steps {
				if d := devs[s.Target]; d == nil || d.Provider != "linux" || s.Capability != domain.HostNetwork {
					continue
				}
				h, err := hostOf(s)
				if err != nil {
					return nil, err
				}
				if h != host {
					others++
					continue
				}
				mine++
			}
			if mine == 0 && others > 0 {
				tool.Warn(stderr, Name, "the plan has host-network steps for other hosts but none for %q; give this host's inventory name with --host", host)
			}
			d := &netlink.Driver{Host: host, AllowDisruption: c.Bool("allow-disruption"), Wait: c.Duration("wait")}
			if d.AllowDisruption {
				tool.Warn(stderr, Name, "--allow-disruption: a step may cut the link the default route goes out of")
			}
			return apply.OpenFunc(d.Open), nil
		},
	}, args, stdin, stdout, stderr)
}

func thisHost(c *cli.Context) string {
	if h := c.String("host"); h != "" {
		return h
	}
	h, _ := os.Hostname()
	return h
}

// hostOf is the host a host-network step belongs to.
func hostOf(s domain.Step) (string, error) {
	var v struct {
		Host string `json:"host"`
	}
	if err := decodeLoose(s, &v); err != nil {
		return "", err
	}
	if v.Host == "" {
		return "", errors.New("its spec names no host")
	}
	return v.Host, nil
}

// decodeLoose reads some fields of a step's spec.
func decodeLoose(s domain.Step, v any) error {
	if err := json.Unmarshal(s.Resource.Spec, v); err != nil {
		return fmt.Errorf("step %s: its %s spec: %w", s.ID, s.Resource.Type, err)
	}
	return nil
}
