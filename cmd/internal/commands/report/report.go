// Package report is the harmony-report command: a plan, with or without
// outcomes, as a table for people or as JSON, JUnit or a Prometheus
// textfile for machines.
package report

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"

	"github.com/nationtech/harmony-go/cmd/internal/tool"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/urfave/cli/v2"
)

// Name is the command's name.
const Name = "harmony-report"

const description = `harmony-report reads a plan on stdin (or from FILE), with or without the
outcomes the apply tools added, and prints it: a table per device and
status for people (the default), or --format json, junit (one test suite
per device) or prometheus (the node_exporter textfile format, for cron).

It exits 1 when a step is FAILURE or BLOCKED and 0 otherwise, and says how
many steps are still QUEUED or RUNNING. A step no tool has run yet shows as
PLANNED.

Given what harmony-agent status prints (kind FleetStatus), it reports the
fleet instead: each service's primary, since when, how many changes and
why, each site's last heartbeat and members, and what to look at — a site
silent for over 10 s, a primary not serving — as a table, json or
prometheus; it exits 1 when there is something to look at.

Example:
   harmony-plan site/ | harmony-report --format prometheus > /var/lib/node_exporter/harmony.prom`

//go:embed notes.md
var notes string

// Run is harmony-report's main.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return tool.Run(ctx, tool.Spec{
		Notes:       notes,
		Name:        Name,
		Usage:       "print a plan and its outcomes, or a fleet's status, for people or machines",
		ArgsUsage:   "[FILE|-]",
		Description: description,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "table", Usage: "table, json, junit or prometheus"},
			&cli.BoolFlag{Name: "summary", Usage: "table: only the counts per device, not every step"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return tool.Refused(&domain.FieldError{Msg: "give one plan", Hint: "harmony-report [FILE|-]"})
			}
			name, in, err := tool.ReadInput(c.Args().First(), stdin)
			if err != nil {
				return tool.Refused(err)
			}
			var kind struct {
				Kind string `json:"kind"`
			}
			if json.Unmarshal(in, &kind) == nil && kind.Kind == kindFleetStatus {
				bad, err := fleetReport(in, c.String("format"), stdout)
				if err != nil {
					return tool.Refused(err)
				}
				if bad {
					return &tool.ExitError{Code: tool.ExitFailed}
				}
				return nil
			}
			p, err := tool.DecodePlan(name, in)
			if err != nil {
				return tool.Refused(err)
			}
			s := Summarize(p)
			switch c.String("format") {
			case "table":
				err = s.Table(stdout, !c.Bool("summary"))
			case "json":
				err = s.JSON(stdout)
			case "junit":
				err = s.JUnit(stdout)
			case "prometheus":
				err = s.Prometheus(stdout)
			default:
				return tool.Refused(&domain.FieldError{Msg: fmt.Sprintf("unknown format %q", c.String("format")),
					Hint: "use --format table, json, junit or prometheus"})
			}
			if err != nil {
				return tool.Failed(err)
			}
			if s.Failed() {
				return &tool.ExitError{Code: tool.ExitFailed}
			}
			return nil
		},
	}, args, stdin, stdout, stderr)
}
