package ipmi_test

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"sync"
	"testing"
	"time"

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
