package lab

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/nationtech/harmony-go/cmd/internal/labrun"
	"github.com/nationtech/harmony-go/cmd/internal/tool"
	"github.com/urfave/cli/v2"
)

func labCommands(stdout, stderr io.Writer) []*cli.Command {
	dirFlag := &cli.StringFlag{Name: "dir", Value: ".harmony-lab", Usage: "the lab's state directory"}
	return []*cli.Command{{
		Name:  "up",
		Usage: "start everything the site needs on loopback and write a ready site (DIR/site/) and secrets file",
		Flags: []cli.Flag{dirFlag,
			&cli.StringFlag{Name: "from", Value: "inventory/examples/lab", Usage: "the site, inventory and scores to run"},
			&cli.BoolFlag{Name: "vms", Usage: "as root: a QEMU VM for each host whose BMC the lab runs, powered by that BMC, on a bridge where " +
				"the site's DHCP server (its dnsmasq, or its firewall's Dnsmasq on OPNsense's rendered configuration) and PXE server serve at the site's addresses (slow on two cores: off by default)"}},
		Action: func(c *cli.Context) error { return up(c, stderr) },
	}, {
		Name:   "status",
		Usage:  "print what the lab runs and whether it is alive (exit 1 when something is down)",
		Flags:  []cli.Flag{dirFlag},
		Action: func(c *cli.Context) error { return status(c, stdout) },
	}, {
		Name:   "down",
		Usage:  "stop exactly what up started",
		Flags:  []cli.Flag{dirFlag},
		Action: func(c *cli.Context) error { return down(c, stderr) },
	}}
}

func up(c *cli.Context, stderr io.Writer) error {
	self, err := os.Executable()
	if err == nil {
		self, err = sibling(self, Name) // this binary, or the harmony-lab on PATH
	}
	if err != nil {
		return tool.Failed(err)
	}
	l, err := labrun.Up(labrun.Options{Dir: c.String("dir"), From: c.String("from"), Self: self, Stderr: stderr, VMs: c.Bool("vms")})
	var input *labrun.InputError
	switch {
	case errors.As(err, &input):
		return tool.Refused(input.Err)
	case err != nil:
		return tool.Failed(err)
	case l.Already:
		fmt.Fprintf(stderr, "%s: the lab in %s is already up (%d components); nothing started\n", Name, l.Dir, len(l.Components))
		return nil
	}
	fmt.Fprintf(stderr, "%s: the lab is up in %s: %d components\n", Name, l.Dir, len(l.Components))
	for _, comp := range l.Components {
		fmt.Fprintf(stderr, "  %-6s %-8s pid %-7d %s\n", comp.Name, comp.Kind, comp.PID, comp.Addr)
	}
	if l.Network != nil {
		fmt.Fprintf(stderr, "%s: the hosts' VMs are on bridge %s (%d taps); their serial consoles in %s\n",
			Name, l.Network.Bridge, len(l.Network.Taps), filepath.Join(l.Dir, "vms"))
	}
	fmt.Fprintf(stderr, "%s: use it with\n  export HARMONY_SECRETS_FILE=%s\n  %s | harmony-report\n",
		Name, filepath.Join(l.Dir, "secrets.yaml"), l.Pipeline)
	return nil
}

func status(c *cli.Context, stdout io.Writer) error {
	comps, up, err := labrun.Status(c.String("dir"))
	if err != nil {
		return tool.Failed(err)
	}
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "COMPONENT\tKIND\tPID\tSTATE\tADDRESS")
	down := 0
	for i, comp := range comps {
		st := "up"
		if !up[i] {
			st, down = "DOWN", down+1
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\n", comp.Name, comp.Kind, comp.PID, st, comp.Addr)
	}
	_ = w.Flush()
	if down > 0 {
		return tool.Failed(fmt.Errorf("%d of %d components are down: harmony-lab down, then up", down, len(comps)))
	}
	return nil
}

func down(c *cli.Context, stderr io.Writer) error {
	n, err := labrun.Down(c.String("dir"), stderr)
	switch {
	case errors.Is(err, labrun.ErrNoLab):
		fmt.Fprintf(stderr, "%s: no lab in %s; nothing to stop\n", Name, c.String("dir"))
		return nil
	case err != nil:
		return tool.Failed(err)
	}
	fmt.Fprintf(stderr, "%s: stopped %d components\n", Name, n)
	return nil
}

// sibling finds another Harmony tool next to this one, else on PATH.
func sibling(self, name string) (string, error) { return labrun.Sibling(self, name) }
