package brocade

import (
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/brocade/brocadetest"
)

// BenchmarkConverge48: a 48-port switch and 24 hosts with a two-port LAG
// each (and their VLAN), from an empty switch, then the no-op run:
// commands sent, sessions opened, configuration commands and time of each.
// Target for the no-op: one session, zero configuration commands.
func BenchmarkConverge48(b *testing.B) {
	for b.Loop() {
		sw, login := lab(b, brocadetest.Config{Ports: 48})
		d, dev := driver(login), device(login)
		steps := hostLAGSteps(b, "bench", "h", 24)
		for _, phase := range []string{"empty", "noop"} {
			mark, sessions := len(sw.Commands()), sw.Sessions()
			start := time.Now()
			out, _ := run(b, d, dev, steps, false, false)
			took := time.Since(start)
			want := domain.Success
			if phase == "noop" {
				want = domain.Noop
			}
			if got := statuses(out); got[want] != len(steps) {
				b.Fatalf("%s run: %v", phase, got)
			}
			cmds := sw.Commands()[mark:]
			b.ReportMetric(float64(len(cmds)), phase+"-commands")
			b.ReportMetric(float64(brocadetest.ConfigCommands(cmds)), phase+"-config-commands")
			b.ReportMetric(float64(sw.Sessions()-sessions), phase+"-sessions")
			b.ReportMetric(float64(took.Milliseconds()), phase+"-ms")
		}
	}
}
