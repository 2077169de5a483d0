// Command harmony-apply-opnsense applies a plan's DHCP, DNS,
// load-balancer and firewall steps to OPNsense firewalls and passes every
// other step through. Its manual is `harmony-apply-opnsense --help` and
// docs/tools/harmony-apply-opnsense.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/nationtech/harmony-go/cmd/internal/commands/applyopnsense"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := applyopnsense.Run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
