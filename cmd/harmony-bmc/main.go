// Command harmony-bmc sets the hosts' next boot device and power state
// through their BMCs over IPMI, and reports them. Its manual is
// `harmony-bmc --help` and docs/tools/harmony-bmc.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/nationtech/harmony-go/cmd/internal/commands/bmc"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := bmc.Run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
