// Package switchcmd is harmony-switch: the switch steps of a plan on
// Brocade FastIron switches over SSH, and what the switches see cabled.
package switchcmd

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"time"

	"github.com/nationtech/harmony-go/cmd/internal/applycmd"
	"github.com/nationtech/harmony-go/cmd/internal/secret"
	"github.com/nationtech/harmony-go/cmd/internal/tool"
	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/brocade"
	"github.com/urfave/cli/v2"
)

// Name is the command's name.
const Name = "harmony-switch"

// Provider is the provider of the switches it drives.
const Provider = "brocade-fastiron"

const description = `harmony-switch drives Brocade/Ruckus FastIron (ICX, 08.0.61 and later)
switches over their SSH CLI. "apply" makes each switch match the plan's
switch steps: VLANs, an LACP LAG per host over its cabled ports (one
member kept forwarding, force-up, so the host can PXE-boot before its OS
speaks LACP), the VLAN membership and name of each LAG and single port.
It reads the running config once per switch, sends only the lines that
differ, in one session, reads each change back, and saves (write memory)
only when something changed; switches in parallel, one lock per switch.
LAGs it makes are named harmony-<host> and ports harmony-<description>;
--prune removes those the plan no longer has, never others.

"discover" prints what the switches see cabled (LLDP neighbours, MAC
table) as an Inventory that harmony-inventory merge takes, filling in
which NIC sits on which port (or, with --format facts, the raw facts).

Credentials: the device's secretRef, HARMONY_SECRET_<REF>=user:password
(or user:password:enable when the switch asks an enable password). Host
keys are checked against --known-hosts (default ~/.ssh/known_hosts);
--insecure-ignore-host-key skips the check, with a warning.

Example:
   harmony-plan site/ | harmony-apply-opnsense | harmony-switch apply | harmony-bmc apply | harmony-report`

func flags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "known-hosts", Usage: "known_hosts file with the switches' host keys (default ~/.ssh/known_hosts)"},
		&cli.BoolFlag{Name: "insecure-ignore-host-key", Usage: "do not check the switches' host keys (warns)"},
		&cli.DurationFlag{Name: "timeout", Value: 30 * time.Second, Usage: "per CLI operation"},
	}
}

func driver(c *cli.Context, stderr io.Writer) (*brocade.Driver, error) {
	d := &brocade.Driver{Credentials: secret.Pair, KnownHosts: c.String("known-hosts"),
		Insecure: c.Bool("insecure-ignore-host-key"), Timeout: c.Duration("timeout")}
	if d.Insecure {
		tool.Warn(stderr, Name, "the switches' host keys are not checked (--insecure-ignore-host-key)")
		return d, nil
	}
	if d.KnownHosts == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil, &domain.FieldError{Msg: "no home directory for ~/.ssh/known_hosts", Hint: "give --known-hosts FILE"}
		}
		d.KnownHosts = filepath.Join(home, ".ssh", "known_hosts")
	}
	if _, err := os.Stat(d.KnownHosts); err != nil {
		return nil, &domain.FieldError{Msg: fmt.Sprintf("known_hosts file %s: %v", d.KnownHosts, err),
			Hint: "give --known-hosts FILE with the switches' keys (ssh-keyscan, or harmony-lab switch --host-key-out), or --insecure-ignore-host-key"}
	}
	return d, nil
}

//go:embed notes.md
var notes string

// Run is harmony-switch's main.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return applycmd.RunWithSubcommands(ctx, applycmd.Config{
		Name:        Name,
		Usage:       "apply the plan's switch steps to the FastIron switches",
		Description: description,
		Flags:       flags(),
		Driver: func(c *cli.Context, p *domain.Plan) (apply.Driver, error) {
			d, err := driver(c, stderr)
			if err != nil {
				return nil, err
			}
			return apply.OpenFunc(d.Open), nil
		},
	}, tool.Spec{
		Notes:       notes,
		Name:        Name,
		Usage:       "VLANs, LACP LAGs and ports on Brocade FastIron switches, over SSH",
		Description: description,
		Commands: []*cli.Command{
			{
				Name:      "discover",
				Usage:     "print the LLDP neighbours and MAC table of the plan's switches, as an Inventory (or --format facts)",
				ArgsUsage: "[PLAN|-]",
				Flags: append(flags(), &cli.StringFlag{Name: "format", Value: "inventory", Usage: "inventory or facts"},
					&cli.StringSliceFlag{Name: "device", Usage: "only this switch (repeatable)"}),
				Action: func(c *cli.Context) error { return discover(c, stdin, stdout, stderr) },
			},
		},
	}, args, stdin, stdout, stderr)
}

func discover(c *cli.Context, stdin io.Reader, stdout, stderr io.Writer) error {
	format := c.String("format")
	if format != "inventory" && format != "facts" {
		return tool.Refused(&domain.FieldError{Msg: fmt.Sprintf("unknown format %q", format), Hint: "use --format inventory or facts"})
	}
	p, err := tool.ReadPlan(c.Args().First(), stdin)
	if err != nil {
		return tool.Refused(err)
	}
	d, err := driver(c, stderr)
	if err != nil {
		return tool.Refused(err)
	}
	only := c.StringSlice("device")
	var facts []brocade.Facts
	failed := 0
	for _, dev := range p.Site.Devices {
		if dev.Provider != Provider || len(only) > 0 && !slices.Contains(only, dev.Name) {
			continue
		}
		f, err := discoverOne(c.Context, d, dev)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", Name, err)
			failed++
			continue
		}
		fmt.Fprintf(stderr, "%s: %s: %d LLDP neighbours, %d MAC addresses\n", Name, dev.Name, len(f.Neighbors), len(f.MACs))
		facts = append(facts, f)
	}
	var doc any = facts
	if format == "inventory" {
		doc = brocade.Inventory(p.Site.Name, facts)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return tool.Failed(err)
	}
	if failed > 0 {
		return tool.Failed(fmt.Errorf("%d of the switches could not be read (above)", failed))
	}
	return nil
}

func discoverOne(ctx context.Context, d *brocade.Driver, dev domain.Device) (brocade.Facts, error) {
	s, err := d.Open(ctx, dev)
	if err != nil {
		return brocade.Facts{}, err
	}
	defer s.Close()
	f, err := s.Facts(ctx)
	if err != nil {
		return f, err
	}
	return f, nil
}
