// Command harmony-report prints a plan and its outcomes: a table for
// people, or JSON, JUnit or a Prometheus textfile for machines. It exits 1
// when a step is FAILURE or BLOCKED. Its manual is `harmony-report --help`
// and docs/tools/harmony-report.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/nationtech/harmony-go/cmd/internal/commands/report"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := report.Run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
