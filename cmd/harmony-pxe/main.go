// Command harmony-pxe serves per-MAC iPXE scripts over HTTP and applies a
// plan's pxe-boot steps to such servers. Its manual is `harmony-pxe
// --help` and docs/tools/harmony-pxe.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/nationtech/harmony-go/cmd/internal/commands/pxecmd"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := pxecmd.Run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
