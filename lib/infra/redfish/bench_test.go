package redfish_test

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/apply/conformance"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/redfish/redfishtest"
)

// BenchmarkPowerOn50 sets a one-time PXE boot and powers on 50 Redfish
// BMCs: harmony-bmc's adapter (16 at once, one session per BMC, every
// write read back), then a redfishtool loop (two processes per BMC, as a
// shell script would) and xargs -P16 redfishtool; it reports the times,
// the ratios and the requests per host, and the no-op run's.
func BenchmarkPowerOn50(b *testing.B) {
	l := newLab(b, 50, redfishtest.Config{})
	steps := l.steps(b)
	tool := &apply.Tool{Name: "harmony-bmc", Providers: domain.ProvidersOf("harmony-bmc"), ParallelSteps: true, Parallel: 16,
		Driver: apply.OpenFunc(driver("rf-s3cret").Open)}
	reset := func() {
		for _, bm := range l.bmcs {
			bm.PowerOff()
			bm.ResetLog()
		}
	}
	requests := func() int {
		n := 0
		for _, bm := range l.bmcs {
			n += len(bm.Log())
		}
		return n
	}
	_, haveTool := exec.LookPath("redfishtool")
	for b.Loop() {
		reset()
		start := time.Now()
		p := conformance.PlanOf(b, "bench", []domain.Device{l.device()}, steps)
		if _, err := tool.Run(context.Background(), p); err != nil {
			b.Fatal(err)
		}
		ours := time.Since(start)
		perHost := float64(requests()) / 50
		for _, bm := range l.bmcs {
			bm.ResetLog()
		}
		start = time.Now()
		p = conformance.PlanOf(b, "bench", []domain.Device{l.device()}, steps)
		if _, err := tool.Run(context.Background(), p); err != nil {
			b.Fatal(err)
		}
		noop := time.Since(start)
		b.ReportMetric(float64(ours.Milliseconds()), "harmony-bmc-ms")
		b.ReportMetric(perHost, "requests/host")
		b.ReportMetric(float64(noop.Milliseconds()), "noop-ms")
		b.ReportMetric(float64(requests())/50, "noop-requests/host")
		if haveTool != nil {
			continue
		}
		cmds := func(bm string) [][]string {
			base := []string{"-r", strings.TrimPrefix(bm, "https://"), "-u", "admin", "-p", "rf-s3cret", "-S", "Always", "-A", "Session", "Systems", "-I", "1"}
			return [][]string{append(append([]string{}, base...), "setBootOverride", "Once", "Pxe"), append(append([]string{}, base...), "reset", "On")}
		}
		reset()
		start = time.Now()
		for _, bm := range l.bmcs {
			for _, c := range cmds(bm.URL()) {
				if out, err := exec.Command("redfishtool", c...).CombinedOutput(); err != nil {
					b.Fatalf("redfishtool: %v %s", err, out)
				}
			}
		}
		loop := time.Since(start)
		reset()
		var script strings.Builder
		for _, bm := range l.bmcs {
			c := cmds(bm.URL())
			fmt.Fprintf(&script, "redfishtool %s && redfishtool %s\n", strings.Join(c[0], " "), strings.Join(c[1], " "))
		}
		start = time.Now()
		x := exec.Command("xargs", "-P16", "-I{}", "sh", "-c", "{}")
		x.Stdin = strings.NewReader(script.String())
		if out, err := x.CombinedOutput(); err != nil {
			b.Fatalf("xargs redfishtool: %v %s", err, out)
		}
		par := time.Since(start)
		b.ReportMetric(float64(loop.Milliseconds()), "redfishtool-loop-ms")
		b.ReportMetric(float64(par.Milliseconds()), "xargs-P16-ms")
		b.ReportMetric(float64(loop)/float64(ours), "×loop")
		b.ReportMetric(float64(par)/float64(ours), "×xargs")
	}
}
