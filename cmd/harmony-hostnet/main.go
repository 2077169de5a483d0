// Command harmony-hostnet applies the host-network steps of the host it
// runs on (bonds, VLAN interfaces, addresses) to its kernel over netlink and
// passes every other step through. Its manual is `harmony-hostnet --help`
// and docs/tools/harmony-hostnet.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/nationtech/harmony-go/cmd/internal/commands/hostnet"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := hostnet.Run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
