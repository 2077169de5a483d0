// Command harmony-state records plans and their outcomes as commits of a
// git repository, and reads that history back: applies per device or
// Score, recorded plans, drift found by dry runs. Its manual is
// `harmony-state --help` and docs/tools/harmony-state.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/nationtech/harmony-go/cmd/internal/commands/state"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := state.Run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
