// Command harmony-k8s applies the k8s-cluster steps of a plan to
// Kubernetes clusters by server-side apply. Its manual is
// `harmony-k8s --help` and docs/tools/harmony-k8s.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/nationtech/harmony-go/cmd/internal/commands/k8scmd"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := k8scmd.Run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
