package ipmi_test

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/apply/conformance"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/ipmi/ipmitest"
)

// BenchmarkStatus50 reads power and boot device of 50 real BMCs: the
// adapter with 16 at once, then an ipmitool loop (one process per BMC, as
// a shell script would), and reports both times and their ratio.
func BenchmarkStatus50(b *testing.B) {
	if err := ipmitest.Available(); err != nil {
		b.Skip(err)
	}
	dir := b.TempDir()
	var addrs []string
	for i := range 50 {
		bmc, err := ipmitest.Start(context.Background(), dir, fmt.Sprintf("b%02d", i), fmt.Sprintf("52:54:00:cc:00:%02x", i))
		if err != nil {
			b.Fatal(err)
		}
		defer bmc.Stop()
		addrs = append(addrs, bmc.Addr)
	}
	time.Sleep(200 * time.Millisecond)
	for b.Loop() {
		start := time.Now()
		s, _ := driver("admin", "secret").Open(context.Background(), dev)
		var wg sync.WaitGroup
		slots := make(chan struct{}, 16)
		for _, a := range addrs {
			wg.Go(func() {
				slots <- struct{}{}
				defer func() { <-slots }()
				if _, err := s.Status(context.Background(), a); err != nil {
					b.Error(err)
				}
			})
		}
		wg.Wait()
		s.Close()
		ours := time.Since(start)
		b.ReportMetric(float64(ours.Milliseconds()), "harmony-bmc-ms")
		if _, err := exec.LookPath("ipmitool"); err != nil {
			continue
		}
		start = time.Now()
		for _, a := range addrs {
			host, port, _ := net.SplitHostPort(a)
			for _, q := range [][]string{{"chassis", "power", "status"}, {"chassis", "bootparam", "get", "5"}} {
				args := append([]string{"-I", "lanplus", "-C", "3", "-H", host, "-p", port, "-U", "admin", "-P", "secret"}, q...)
				if out, err := exec.Command("ipmitool", args...).CombinedOutput(); err != nil {
					b.Fatalf("ipmitool: %v %s", err, out)
				}
			}
		}
		loop := time.Since(start)
		b.ReportMetric(float64(loop.Milliseconds()), "ipmitool-loop-ms")
		b.ReportMetric(float64(loop)/float64(ours), "speedup")
	}
}

// BenchmarkPowerOn50 sets PXE as the next boot device and powers on 50
// real BMCs (ipmi_sim): the adapter through lib/apply (16 at once, one
// session per BMC, each state read once, every write read back), then an
// ipmitool loop (two processes per BMC, as a shell script would) and
// xargs -P16 ipmitool; it reports the times, the ratios and the chassis
// calls per host, and the no-op run's.
func BenchmarkPowerOn50(b *testing.B) {
	if err := ipmitest.Available(); err != nil {
		b.Skip(err)
	}
	dir := b.TempDir()
	var bmcs []*ipmitest.BMC
	var st []domain.Step
	for i := range 50 {
		bmc, err := ipmitest.Start(context.Background(), dir, fmt.Sprintf("b%02d", i), fmt.Sprintf("52:54:00:cc:00:%02x", i))
		if err != nil {
			b.Fatal(err)
		}
		defer bmc.Stop()
		bmcs = append(bmcs, bmc)
		bd, _ := domain.NewStep("prod", domain.PowerControl, "bmc", domain.TypeBootDevice, bmc.Name, domain.BootDevice{Host: bmc.Name, BMC: bmc.Addr, Device: "pxe"})
		pw, _ := domain.NewStep("prod", domain.PowerControl, "bmc", domain.TypePower, bmc.Name, domain.Power{Host: bmc.Name, BMC: bmc.Addr, State: "on"}, bd.ID)
		st = append(st, bd, pw)
	}
	time.Sleep(200 * time.Millisecond)
	reset := func() {
		for _, m := range bmcs {
			m.SetPower(false)
			m.SetBoot("default")
		}
	}
	calls := func() int {
		n := 0
		for _, m := range bmcs {
			n += m.Calls()
		}
		return n
	}
	tool := &apply.Tool{Name: "harmony-bmc", Providers: domain.ProvidersOf("harmony-bmc"), ParallelSteps: true, Parallel: 16,
		Driver: apply.OpenFunc(driver("admin", "secret").Open)}
	for b.Loop() {
		reset()
		before := calls()
		start := time.Now()
		if _, err := tool.Run(context.Background(), conformance.PlanOf(b, "bench", []domain.Device{dev}, st)); err != nil {
			b.Fatal(err)
		}
		ours := time.Since(start)
		perHost := float64(calls()-before) / 50
		before = calls()
		start = time.Now()
		if _, err := tool.Run(context.Background(), conformance.PlanOf(b, "bench", []domain.Device{dev}, st)); err != nil {
			b.Fatal(err)
		}
		noop := time.Since(start)
		b.ReportMetric(float64(ours.Milliseconds()), "harmony-bmc-ms")
		b.ReportMetric(perHost, "chassis-calls/host")
		b.ReportMetric(float64(noop.Milliseconds()), "noop-ms")
		b.ReportMetric(float64(calls()-before)/50, "noop-chassis-calls/host")
		if _, err := exec.LookPath("ipmitool"); err != nil {
			continue
		}
		cmds := func(a string) [][]string {
			host, port, _ := net.SplitHostPort(a)
			base := []string{"-I", "lanplus", "-C", "3", "-H", host, "-p", port, "-U", "admin", "-P", "secret"}
			return [][]string{append(append([]string{}, base...), "chassis", "bootdev", "pxe"), append(append([]string{}, base...), "chassis", "power", "on")}
		}
		reset()
		start = time.Now()
		for _, m := range bmcs {
			for _, c := range cmds(m.Addr) {
				if out, err := exec.Command("ipmitool", c...).CombinedOutput(); err != nil {
					b.Fatalf("ipmitool: %v %s", err, out)
				}
			}
		}
		loop := time.Since(start)
		reset()
		var script strings.Builder
		for _, m := range bmcs {
			c := cmds(m.Addr)
			fmt.Fprintf(&script, "ipmitool %s && ipmitool %s\n", strings.Join(c[0], " "), strings.Join(c[1], " "))
		}
		start = time.Now()
		x := exec.Command("xargs", "-P16", "-I{}", "sh", "-c", "{}")
		x.Stdin = strings.NewReader(script.String())
		if out, err := x.CombinedOutput(); err != nil {
			b.Fatalf("xargs ipmitool: %v %s", err, out)
		}
		par := time.Since(start)
		b.ReportMetric(float64(loop.Milliseconds()), "ipmitool-loop-ms")
		b.ReportMetric(float64(par.Milliseconds()), "xargs-P16-ms")
		b.ReportMetric(float64(loop)/float64(ours), "×loop")
		b.ReportMetric(float64(par)/float64(ours), "×xargs")
	}
}
