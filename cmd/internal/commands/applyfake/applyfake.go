// Package applyfake is harmony-apply-fake, an apply tool over the fake
// devices of lib/apply/applytest. It exists for tests and for trying the
// pipeline: it keeps each device's resources in a directory, so a second
// run can be checked for zero writes, and it fails steps on demand.
package applyfake

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/nationtech/harmony-go/cmd/internal/applycmd"
	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/apply/applytest"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/urfave/cli/v2"
)

// Name is the command's name.
const Name = "harmony-apply-fake"

const description = `harmony-apply-fake applies the plan's steps for the given providers to fake
devices whose state lives in --state DIR (DIR/<device>.json, with every
write appended to DIR/<device>.log), and passes every other step through.
--fail STEP_ID and --fail-open DEVICE inject faults.

Example:
   harmony-plan lab/ | harmony-apply-fake --provider opnsense --state /tmp/fake | harmony-report`

// Run is harmony-apply-fake's main.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return applycmd.Run(ctx, applycmd.Config{
		Name:        Name,
		Usage:       "apply a plan's steps to fake devices (for tests)",
		Description: description,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "state", Usage: "directory holding the fake devices", Required: true},
			&cli.StringSliceFlag{Name: "provider", Value: cli.NewStringSlice("fake"), Usage: "providers to act as (repeatable)"},
			&cli.StringSliceFlag{Name: "fail", Usage: "fail this step id (repeatable)"},
			&cli.StringSliceFlag{Name: "fail-open", Usage: "fail to open this device (repeatable)"},
		},
		Driver: func(c *cli.Context, _ *domain.Plan) (apply.Driver, error) {
			f := &applytest.Fake{Dir: c.String("state"), FailStep: map[string]error{}, FailOpen: map[string]error{}}
			for _, id := range c.StringSlice("fail") {
				f.FailStep[id] = errors.New("injected failure")
			}
			for _, d := range c.StringSlice("fail-open") {
				f.FailOpen[d] = fmt.Errorf("injected: %s does not answer", d)
			}
			return f, nil
		},
		ProvidersFrom: func(c *cli.Context) []domain.Provider {
			var types []string
			for _, t := range domain.ResourceTypes() {
				types = append(types, string(t.Capability)+"/"+t.Name)
			}
			var out []domain.Provider
			for _, p := range c.StringSlice("provider") {
				out = append(out, domain.Provider{Name: p, Tool: Name, Types: types})
			}
			return out
		},
	}, args, stdin, stdout, stderr)
}
