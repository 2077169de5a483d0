// Package applycmd is the command line every apply tool shares: it reads
// the plan, runs the tool's steps through lib/apply's pass-through
// contract, and writes the plan with outcomes on stdout.
package applycmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/nationtech/harmony-go/cmd/internal/tool"
	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/urfave/cli/v2"
)

// Config describes one apply tool.
type Config struct {
	Name        string
	Usage       string
	Description string
	// Providers are the providers the tool drives, with the resource types
	// it drives on each; by default the registry's (domain.ProvidersOf).
	Providers []domain.Provider
	// ProvidersFrom, when set, reads the providers from the flags instead.
	ProvidersFrom func(c *cli.Context) []domain.Provider
	Flags         []cli.Flag // the tool's own flags
	Notes         string     // the rest of its manual (tool.Spec.Notes)
	// ParallelSteps runs a device's steps at once (a device that stands for
	// many machines, like the BMCs).
	ParallelSteps bool
	// Select, when set, builds from the flags the filter of the steps on
	// the tool's devices it runs (the others pass through untouched).
	Select func(c *cli.Context) func(domain.Step) (bool, error)
	// Check, when set, checks each step the tool owns before anything is
	// touched (apply.Tool.Check): an error refuses the plan, exit 2.
	Check func(domain.Step) error
	// Driver builds the adapter from the tool's flags and the plan.
	Driver func(c *cli.Context, p *domain.Plan) (apply.Driver, error)
}

// Flags every apply tool has.
func commonFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "dry-run", Usage: "read the devices and report what would change; write nothing"},
		&cli.IntFlag{Name: "parallel", Value: 4, Usage: "steps applied at once across devices"},
		&cli.StringSliceFlag{Name: "device", Usage: "only this device (repeatable)"},
		&cli.StringFlag{Name: "lock-dir", Usage: "where per-device locks live (default $HARMONY_LOCK_DIR or /run/lock/harmony)"},
		&cli.DurationFlag{Name: "lock-wait", Value: time.Minute, Usage: "how long to wait for a device another run holds"},
		&cli.BoolFlag{Name: "prune", Usage: "remove what the tool made on the site's devices that the plan no longer has (never hand-made objects)"},
		&cli.BoolFlag{Name: "pretty", Usage: "indent the plan"},
		&cli.DurationFlag{Name: "run-timeout", Usage: "bound the whole run: steps not done by then are FAILURE \"not run\" (default: no bound; each call to a device has its own)"},
	}
}

// env is what every apply tool reads from the environment.
var env = append(slices.Clone(tool.SecretEnv),
	tool.Env{Name: "HARMONY_LOCK_DIR", Usage: "where per-device locks live when --lock-dir is not given (default /run/lock/harmony)"},
	tool.Env{Name: "TERM", Usage: "dumb: no progress bar, even on a terminal"})

// Run is the main of an apply tool.
func Run(ctx context.Context, cfg Config, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return tool.Run(ctx, spec(ctx, cfg, stdin, stdout, stderr), args, stdin, stdout, stderr)
}

// spec is the command of an apply tool.
func spec(ctx context.Context, cfg Config, stdin io.Reader, stdout, stderr io.Writer) tool.Spec {
	return tool.Spec{
		Name:        cfg.Name,
		Usage:       cfg.Usage,
		ArgsUsage:   "[PLAN|-]",
		Description: cfg.Description,
		Flags:       append(commonFlags(), cfg.Flags...),
		Env:         env,
		Notes:       cfg.Notes,
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return tool.Refused(&domain.FieldError{Msg: "give one plan", Hint: cfg.Name + " [PLAN|-]"})
			}
			p, err := tool.ReadPlan(c.Args().First(), stdin)
			if err != nil {
				return tool.Refused(err)
			}
			drv, err := cfg.Driver(c, p)
			if err != nil {
				return tool.Refused(err)
			}
			lockDir := c.String("lock-dir")
			if lockDir == "" {
				lockDir = apply.DefaultLockDir()
			}
			providers := cfg.Providers
			if providers == nil {
				providers = domain.ProvidersOf(cfg.Name)
			}
			if cfg.ProvidersFrom != nil {
				providers = cfg.ProvidersFrom(c)
			}
			t := &apply.Tool{
				Name: cfg.Name, Providers: providers, Driver: drv,
				DryRun: c.Bool("dry-run"), Parallel: c.Int("parallel"), Devices: c.StringSlice("device"),
				Locks: &apply.Locker{Dir: lockDir, Wait: c.Duration("lock-wait")},
				Prune: c.Bool("prune"), ParallelSteps: cfg.ParallelSteps, Check: cfg.Check,
			}
			if cfg.Select != nil {
				t.Select = cfg.Select(c)
			}
			ctx := ctx
			if d := c.Duration("run-timeout"); d > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeoutCause(ctx, d, fmt.Errorf("the run's time was up (--run-timeout %s)", d))
				defer cancel()
			}
			var bar *progress
			if isTerminal(stderr) && os.Getenv("TERM") != "dumb" {
				bar = newProgress(ctx, stderr, cfg.Name)
				t.Progress = bar.step
			} else {
				// Without a bar, a line every 10 s for each call still out:
				// a log or a pipe shows which device holds the run up.
				var mu sync.Mutex
				t.Waiting = func(device, what string, waited time.Duration) {
					mu.Lock()
					defer mu.Unlock()
					fmt.Fprintf(stderr, "%s: waiting for %s: %s (%s)\n", cfg.Name, device, what, waited)
				}
			}
			res, err := t.Run(ctx, p)
			bar.wait()
			var re *apply.RefusedError
			if errors.As(err, &re) {
				return tool.Refused(&domain.FieldError{Msg: re.Error(), Hint: re.Hint})
			}
			if err != nil {
				return tool.Failed(err)
			}
			if err := p.Encode(stdout, c.Bool("pretty")); err != nil {
				return tool.Failed(err)
			}
			for _, n := range res.Notes {
				fmt.Fprintf(stderr, "%s: %s\n", cfg.Name, n)
			}
			fmt.Fprintf(stderr, "%s: %s\n", cfg.Name, summary(p, cfg.Name, res))
			if res.NotRun > 0 {
				fmt.Fprintf(stderr, "%s: %d steps not run (%s): they have no outcome; run again to finish them\n", cfg.Name, res.NotRun, res.NotRunWhy)
			}
			if res.Failed > 0 || res.Broken || res.NotRun > 0 {
				return &tool.ExitError{Code: tool.ExitFailed}
			}
			return nil
		},
	}
}

// isTerminal reports whether w is a terminal: progress is for people
// watching, never for a log file or a pipe.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// summary is the one line for people after a run.
func summary(p *domain.Plan, name string, res apply.Result) string {
	if res.Owned == 0 {
		return fmt.Sprintf("no step for this tool among %d; passed them through", len(p.Steps))
	}
	counts := map[domain.Status]int{}
	for _, s := range p.Steps {
		if s.Outcome != nil && s.Outcome.Tool == name {
			counts[s.Outcome.Label()]++
		}
	}
	var parts []string
	for _, st := range domain.Labels() {
		if counts[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[st], st))
		}
	}
	if res.NotRun > 0 {
		parts = append(parts, fmt.Sprintf("%d not run", res.NotRun))
	}
	return fmt.Sprintf("%d steps: %s; %d passed through", res.Owned, strings.Join(parts, ", "), len(p.Steps)-res.Owned)
}

// RunWithSubcommands is the main of a tool whose apply is one subcommand
// among others (harmony-switch apply, harmony-bmc apply, harmony-pxe
// apply): "apply" runs cfg; anything else runs outer, which gets an
// "apply" entry for its help and manual.
func RunWithSubcommands(ctx context.Context, cfg Config, outer tool.Spec, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 1 && args[1] == "apply" {
		return Run(ctx, cfg, append([]string{args[0] + " apply"}, args[2:]...), stdin, stdout, stderr)
	}
	// The apply entry shows apply's own flags (for --help and the manual);
	// its arguments go to cfg's command, which parses them.
	a := spec(ctx, cfg, stdin, stdout, stderr)
	desc, _, _ := strings.Cut(cfg.Description, "\nExample:\n")
	outer.Commands = append([]*cli.Command{{Name: "apply", Usage: cfg.Usage, ArgsUsage: a.ArgsUsage, Description: strings.TrimSpace(desc),
		Flags: a.Flags, SkipFlagParsing: true, Action: func(*cli.Context) error { return nil }}}, outer.Commands...)
	outer.Env = append(outer.Env, a.Env...)
	return tool.Run(ctx, outer, args, stdin, stdout, stderr)
}
