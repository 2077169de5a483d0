// Command harmony-plan turns a Site, an Inventory and Scores into a Plan,
// refusing (exit 2) any input that names a missing host, a capability the
// site lacks, or an address outside its network. Its manual is
// `harmony-plan --help` and docs/tools/harmony-plan.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/nationtech/harmony-go/cmd/internal/commands/plan"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := plan.Run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
