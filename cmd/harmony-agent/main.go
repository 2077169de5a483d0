// Command harmony-agent runs one site's part of the fleet: a NATS
// JetStream node routed to the other sites', heartbeats, and the fencing,
// failover and switchover of the site's PostgreSQL members. Its manual is
// `harmony-agent --help` and docs/tools/harmony-agent.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/nationtech/harmony-go/cmd/internal/commands/agent"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := agent.Run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
