// Command harmony-lab runs simulated devices on loopback, so the whole
// pipeline runs on one machine. Its manual is `harmony-lab --help` and
// docs/tools/harmony-lab.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/nationtech/harmony-go/cmd/internal/commands/lab"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := lab.Run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
