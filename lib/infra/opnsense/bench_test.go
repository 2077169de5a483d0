package opnsense_test

import (
	"context"
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/apply/conformance"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/opnsensetest"
)

// oneByOne hides a session's Batch: every object written by its own
// request, as before batches (and as the Terraform provider does).
type oneByOne struct{ apply.Session }

// convergeSteps are n reservations and n host overrides.
func convergeSteps(n int) []domain.Step {
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
	return steps
}

// BenchmarkConverge applies 1,000 reservations and 1,000 host overrides to
// an empty simulator through lib/apply, then again (the no-op run), and
// reports each run's requests and the config revisions it made — with
// batches, and side by side written one by one: the no-op run only reads,
// and a first run should make a handful of revisions, not one an object
// (the firewall keeps 100 backups).
func BenchmarkConverge(b *testing.B) {
	steps := convergeSteps(1000)
	for b.Loop() {
		for _, mode := range []string{"batched", "one-by-one"} {
			srv, d, dev := lab(b, opnsensetest.Options{})
			open := func(ctx context.Context, dev domain.Device) (apply.Session, error) {
				s, err := d.Open(ctx, dev)
				if err != nil || mode == "batched" {
					return s, err
				}
				return oneByOne{s}, nil
			}
			tool := &apply.Tool{Name: "harmony-apply-opnsense", Providers: domain.ProvidersOf("harmony-apply-opnsense"), Driver: apply.DriverFunc(open)}
			for _, pass := range []string{"first", "noop"} {
				srv.ResetLog()
				made, _ := srv.Revisions()
				start := time.Now()
				p := conformance.PlanOf(b, "bench", []domain.Device{dev}, steps)
				if _, err := tool.Run(context.Background(), p); err != nil {
					b.Fatal(err)
				}
				for _, s := range p.Steps {
					if s.Outcome == nil || s.Outcome.Status.Failed() {
						b.Fatalf("%s %s: %+v", mode, s.ID, s.Outcome)
					}
				}
				after, _ := srv.Revisions()
				c := opnsensetest.Count(srv.Log())
				b.ReportMetric(float64(time.Since(start).Milliseconds()), mode+"-"+pass+"-ms")
				b.ReportMetric(float64(c.Reads+c.Writes+c.Applies), mode+"-"+pass+"-requests")
				b.ReportMetric(float64(c.Writes), mode+"-"+pass+"-writes")
				b.ReportMetric(float64(after-made), mode+"-"+pass+"-revisions")
			}
		}
	}
}
