// Command harmony-apply-dnsmasq applies a plan's DHCP and DNS steps to
// dnsmasq on the host it runs on, and passes every other step through.
// Its manual is `harmony-apply-dnsmasq --help` and
// docs/tools/harmony-apply-dnsmasq.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/nationtech/harmony-go/cmd/internal/commands/applydnsmasq"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := applydnsmasq.Run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
