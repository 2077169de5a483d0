// Command harmony-switch applies the switch steps of a plan to Brocade
// FastIron switches over SSH, and discovers what is cabled to them. Its manual is
// `harmony-switch --help` and docs/tools/harmony-switch.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/nationtech/harmony-go/cmd/internal/commands/switchcmd"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := switchcmd.Run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
