package opnsense_test

import (
	"context"
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/opnsensetest"
)

// BenchmarkConverge applies 1,000 reservations and 1,000 host overrides to
// an empty simulator, then again (the no-op run), and reports the requests
// each run made: the no-op run should only read.
func BenchmarkConverge(b *testing.B) {
	const n = 1000
	var steps []domain.Step
	for i := range n {
		ip := netip.AddrFrom4([4]byte{10, 10, byte(i / 250), byte(i%250 + 2)})
		mac := domain.MAC{0x52, 0x54, 0, 0, byte(i >> 8), byte(i)}
		name := fmt.Sprintf("h%04d", i)
		r, _ := domain.NewStep("bench", domain.DHCPServer, "fw1", domain.TypeReservation, name,
			domain.Reservation{MAC: mac, IP: ip, Hostname: name, Network: "lan", Subnet: netip.MustParsePrefix("10.10.0.0/16")})
		a, _ := domain.NewStep("bench", domain.DNSServer, "fw1", domain.TypeARecord, name+".lab.example.net",
			domain.DNSRecord{Name: name + ".lab.example.net", Type: "A", Value: ip.String()})
		steps = append(steps, r, a)
	}
	for b.Loop() {
		srv, d, dev := lab(b, opnsensetest.Options{})
		for _, pass := range []string{"first", "noop"} {
			srv.ResetLog()
			start := time.Now()
			s, err := d.Open(context.Background(), dev)
			if err != nil {
				b.Fatal(err)
			}
			for _, st := range steps {
				if o := s.Apply(context.Background(), st, false); o.Status == domain.Failure {
					b.Fatal(o.Message)
				}
			}
			if err := s.Commit(context.Background()); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(time.Since(start).Milliseconds()), pass+"-ms")
			c := opnsensetest.Count(srv.Log())
			b.ReportMetric(float64(c.Reads), pass+"-reads")
			b.ReportMetric(float64(c.Writes), pass+"-writes")
			b.ReportMetric(float64(c.Applies), pass+"-applies")
		}
	}
}
