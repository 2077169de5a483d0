// Package bmc is harmony-bmc: the power-control steps of a plan, through
// the hosts' BMCs over IPMI, and their status.
package bmc

import (
	"context"
	_ "embed"
	"encoding/json"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/nationtech/harmony-go/cmd/internal/applycmd"
	"github.com/nationtech/harmony-go/cmd/internal/secret"
	"github.com/nationtech/harmony-go/cmd/internal/tool"
	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/ipmi"
	"github.com/urfave/cli/v2"
)

// Name is the command's name.
const Name = "harmony-bmc"

const description = `harmony-bmc drives the hosts' power through their BMCs (IPMI over LAN,
lanplus unless --lan): "apply" sets each host's next boot device and power
state from the plan's power-control steps, only where they differ, reading
back after every write (a BMC that accepts and ignores a command is a
FAILURE), many BMCs in parallel (--parallel); a host just powered on is
RUNNING (it is booting). "status" prints every BMC of the plan as JSON.

Credentials: the device's secretRef, HARMONY_SECRET_<REF>=user:password.
Wrong password, unreachable BMC and timeout are distinct messages.

Example:
   harmony-plan site/ | harmony-apply-opnsense | harmony-pxe apply | harmony-bmc apply | harmony-report`

func flags() []cli.Flag {
	return []cli.Flag{
		&cli.IntFlag{Name: "cipher", Usage: "pin the RMCP+ cipher suite (0: negotiate; ipmi_sim needs 3, many BMCs 17)"},
		&cli.BoolFlag{Name: "lan", Usage: "use plain IPMI 1.5 lan instead of lanplus (weaker; only for old BMCs)"},
		&cli.DurationFlag{Name: "timeout", Value: 2 * time.Second, Usage: "per request"},
	}
}

func driver(c *cli.Context) *ipmi.Driver {
	return &ipmi.Driver{Credentials: secret.Pair, Cipher: c.Int("cipher"), PlainLAN: c.Bool("lan"), Timeout: c.Duration("timeout")}
}

//go:embed notes.md
var notes string

// Run is harmony-bmc's main.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return applycmd.RunWithSubcommands(ctx, applycmd.Config{
		Name:          Name,
		Usage:         "apply the plan's power-control steps through the BMCs",
		Description:   description,
		ParallelSteps: true,
		Flags:         flags(),
		Driver: func(c *cli.Context, p *domain.Plan) (apply.Driver, error) {
			if c.Bool("lan") {
				tool.Warn(stderr, Name, "plain IPMI 1.5 lan (--lan): credentials cross the network weakly protected")
			}
			d := driver(c)
			return apply.OpenFunc(d.Open), nil
		},
	}, tool.Spec{
		Notes:       notes,
		Name:        Name,
		Usage:       "power and boot device of the hosts, through their BMCs",
		Description: description,
		Commands: []*cli.Command{
			{
				Name:      "status",
				Usage:     "print the power state and boot device of every BMC in the plan, as JSON",
				ArgsUsage: "[PLAN|-]",
				Flags:     append(flags(), &cli.IntFlag{Name: "parallel", Value: 16, Usage: "BMCs read at once"}),
				Action:    func(c *cli.Context) error { return status(c, stdin, stdout) },
			},
		},
	}, args, stdin, stdout, stderr)
}

type bmcStatus struct {
	Host  string `json:"host"`
	BMC   string `json:"bmc"`
	Power string `json:"power,omitempty"`
	Boot  string `json:"bootDevice,omitempty"`
	Error string `json:"error,omitempty"`
}

func status(c *cli.Context, stdin io.Reader, stdout io.Writer) error {
	p, err := tool.ReadPlan(c.Args().First(), stdin)
	if err != nil {
		return tool.Refused(err)
	}
	devs := p.Devices()
	seen := map[string]bool{}
	var rows []bmcStatus
	var devOf []string
	for _, st := range p.Steps {
		if st.Capability != domain.PowerControl || st.Resource.Type != domain.TypePower {
			continue
		}
		var pw domain.Power
		if err := st.DecodeSpec(&pw); err != nil {
			return tool.Refused(err)
		}
		if !seen[pw.BMC] {
			seen[pw.BMC] = true
			rows = append(rows, bmcStatus{Host: pw.Host, BMC: pw.BMC})
			devOf = append(devOf, st.Target)
		}
	}
	d := driver(c)
	sessions := map[string]*ipmi.Session{}
	for _, name := range devOf {
		if _, ok := sessions[name]; ok {
			continue
		}
		s, err := d.Open(c.Context, *devs[name])
		if err != nil {
			return tool.Failed(err)
		}
		defer s.Close()
		sessions[name] = s
	}
	var wg sync.WaitGroup
	slots := make(chan struct{}, max(1, c.Int("parallel")))
	for i := range rows {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			st, err := sessions[devOf[i]].Status(c.Context, rows[i].BMC)
			if err != nil {
				rows[i].Error = err.Error()
				return
			}
			rows[i].Power, rows[i].Boot = st.Power, st.Boot
		})
	}
	wg.Wait()
	slices.SortFunc(rows, func(a, b bmcStatus) int {
		if a.Host < b.Host {
			return -1
		}
		if a.Host > b.Host {
			return 1
		}
		return 0
	})
	if rows == nil {
		rows = []bmcStatus{}
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rows); err != nil {
		return tool.Failed(err)
	}
	for _, r := range rows {
		if r.Error != "" {
			return &tool.ExitError{Code: tool.ExitFailed}
		}
	}
	return nil
}
