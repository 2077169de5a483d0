// Command harmony-pg makes the PostgreSQL clusters of the host it runs on
// match the plan's postgresql steps (initdb or a copy of the primary,
// replication settings, role and slots) and passes every other step
// through. Its manual is `harmony-pg --help` and docs/tools/harmony-pg.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/nationtech/harmony-go/cmd/internal/commands/pgcmd"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := pgcmd.Run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
