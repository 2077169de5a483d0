// Package plan is the harmony-plan command.
package plan

import (
	"context"
	"fmt"
	"io"

	"github.com/nationtech/harmony-go/cmd/internal/document"
	"github.com/nationtech/harmony-go/cmd/internal/planner"
	"github.com/nationtech/harmony-go/cmd/internal/tool"
	"github.com/urfave/cli/v2"
)

// Name is the command's name.
const Name = "harmony-plan"

const description = `harmony-plan reads a Site, an Inventory and Scores, checks that the site
provides every capability each Score needs, and writes the Plan: the
capability-level steps the Scores expand to, in dependency order.

Inputs are files, directories (their .yaml, .yml and .json files) or - for
stdin, in YAML (several documents separated by ---) or JSON. With no
argument it reads stdin. Input is strict: an unknown field, a host missing
from the inventory, an address outside its network, a duplicate IP or MAC,
or a capability the site lacks is refused (exit 2) with the file, line and
fix, before any step exists. The same inputs always give the same bytes.

Example:
   harmony-plan inventory/examples/lab/ | harmony-report`

// Run is harmony-plan's main.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return tool.Run(ctx, tool.Spec{
		Name:        Name,
		Usage:       "turn a Site, an Inventory and Scores into a Plan",
		ArgsUsage:   "[FILE|DIR|-]...",
		Description: description,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "pretty", Usage: "indent the plan"},
			&cli.BoolFlag{Name: "check", Usage: "validate the inputs and the plan, write nothing"},
		},
		Action: func(c *cli.Context) error {
			docs, err := document.ReadPaths(c.Args().Slice(), stdin)
			if err != nil {
				return tool.Refused(err)
			}
			in, err := planner.Load(docs)
			if err != nil {
				return tool.Refused(err)
			}
			for _, w := range in.Warnings {
				tool.Warn(stderr, Name, "%s", w)
			}
			p, err := in.Plan()
			if err != nil {
				return tool.Refused(err)
			}
			if c.Bool("check") {
				fmt.Fprintf(stderr, "%s: site %s: %d steps on %d devices, all checked\n", Name, p.Site.Name, len(p.Steps), len(p.Targets()))
				return nil
			}
			if err := p.Encode(stdout, c.Bool("pretty")); err != nil {
				return tool.Failed(err)
			}
			return nil
		},
	}, args, stdin, stdout, stderr)
}
