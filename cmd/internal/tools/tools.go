// Package tools is the one list of Harmony's tools: each one's name and
// its run function. The testscripts register them from it, make manuals
// writes each one's manual from it, and a test checks that every
// cmd/harmony-* folder is in it and every tool that drives a provider in
// lib/domain's registry is too.
package tools

import (
	"context"
	"io"

	"github.com/nationtech/harmony-go/cmd/internal/commands/agent"
	"github.com/nationtech/harmony-go/cmd/internal/commands/applydnsmasq"
	"github.com/nationtech/harmony-go/cmd/internal/commands/applyopnsense"
	"github.com/nationtech/harmony-go/cmd/internal/commands/bmc"
	"github.com/nationtech/harmony-go/cmd/internal/commands/hostnet"
	"github.com/nationtech/harmony-go/cmd/internal/commands/inventory"
	"github.com/nationtech/harmony-go/cmd/internal/commands/k8scmd"
	"github.com/nationtech/harmony-go/cmd/internal/commands/lab"
	"github.com/nationtech/harmony-go/cmd/internal/commands/pgcmd"
	"github.com/nationtech/harmony-go/cmd/internal/commands/plan"
	"github.com/nationtech/harmony-go/cmd/internal/commands/pxecmd"
	"github.com/nationtech/harmony-go/cmd/internal/commands/report"
	"github.com/nationtech/harmony-go/cmd/internal/commands/state"
	"github.com/nationtech/harmony-go/cmd/internal/commands/switchcmd"
)

// Run is a tool's main: it returns the exit code.
type Run func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int

// Tool is one of Harmony's commands.
type Tool struct {
	Name string
	Run  Run
}

// All returns every tool, by name.
func All() []Tool {
	return []Tool{
		{agent.Name, agent.Run},
		{applydnsmasq.Name, applydnsmasq.Run},
		{applyopnsense.Name, applyopnsense.Run},
		{bmc.Name, bmc.Run},
		{hostnet.Name, hostnet.Run},
		{inventory.Name, inventory.Run},
		{k8scmd.Name, k8scmd.Run},
		{lab.Name, lab.Run},
		{pgcmd.Name, pgcmd.Run},
		{plan.Name, plan.Run},
		{pxecmd.Name, pxecmd.Run},
		{report.Name, report.Run},
		{state.Name, state.Run},
		{switchcmd.Name, switchcmd.Run},
	}
}
