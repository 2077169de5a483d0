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
	"github.com/nationtech/harmony-go/lib/infra/redfish"
	"github.com/urfave/cli/v2"
)

// Name is the command's name.
const Name = "harmony-bmc"

const description = `harmony-bmc drives the hosts' power through their BMCs, over IPMI (LAN,
lanplus unless --lan) or Redfish (HTTPS, a device of provider redfish, its
hosts' bmc.address https://host[:port]): "apply" sets each host's next boot device and power
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
		&cli.DurationFlag{Name: "timeout", Value: 2 * time.Second, Usage: "per request (Redfish: at least 10s)"},
		&cli.StringFlag{Name: "ca-file", Usage: "PEM CA of the Redfish BMCs' certificates (overrides the Site device's caFile)"},
		&cli.BoolFlag{Name: "insecure-skip-verify", Usage: "do not verify the Redfish BMCs' certificates (warns)"},
		&cli.DurationFlag{Name: "wait", Value: time.Minute, Usage: "how long a Redfish reset may take to show"},
	}
}

func driver(c *cli.Context) *ipmi.Driver {
	return &ipmi.Driver{Credentials: secret.Pair, Cipher: c.Int("cipher"), PlainLAN: c.Bool("lan"), Timeout: c.Duration("timeout")}
}

func redfishDriver(c *cli.Context) *redfish.Driver {
	return &redfish.Driver{Credentials: secret.Pair, CAFile: c.String("ca-file"), Insecure: c.Bool("insecure-skip-verify"),
		Timeout: max(c.Duration("timeout"), 10*time.Second), Wait: c.Duration("wait")}
}

// drivers opens each device with the driver of its provider: ipmi or
// redfish.
func drivers(c *cli.Context) apply.Driver {
	ip, rf := driver(c), redfishDriver(c)
	return apply.DriverFunc(func(ctx context.Context, dev domain.Device) (apply.Session, error) {
		if dev.Provider == "redfish" {
			return apply.OpenFunc(rf.Open).Open(ctx, dev)
		}
		return apply.OpenFunc(ip.Open).Open(ctx, dev)
	})
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
			if c.Bool("insecure-skip-verify") {
				tool.Warn(stderr, Name, "Redfish BMCs' TLS certificates are not verified (--insecure-skip-verify)")
			}
			return drivers(c), nil
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
	d, rd := driver(c), redfishDriver(c)
	sessions := map[string]func(ctx context.Context, bmc string) (power, boot string, err error){}
	for _, name := range devOf {
		if _, ok := sessions[name]; ok {
			continue
		}
		if devs[name].Provider == "redfish" {
			s, err := rd.Open(c.Context, *devs[name])
			if err != nil {
				return tool.Failed(err)
			}
			defer s.Close()
			sessions[name] = s.Status
			continue
		}
		s, err := d.Open(c.Context, *devs[name])
		if err != nil {
			return tool.Failed(err)
		}
		defer s.Close()
		sessions[name] = func(ctx context.Context, bmc string) (string, string, error) {
			st, err := s.Status(ctx, bmc)
			return st.Power, st.Boot, err
		}
	}
	var wg sync.WaitGroup
	slots := make(chan struct{}, max(1, c.Int("parallel")))
	for i := range rows {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			power, boot, err := sessions[devOf[i]](c.Context, rows[i].BMC)
			if err != nil {
				rows[i].Error = err.Error()
				return
			}
			rows[i].Power, rows[i].Boot = power, boot
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
