package pxe_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/pxe"
)

// BenchmarkServe asks a server holding 1,000 profiles for the scripts of
// all of them, over HTTP, and reports requests per second.
func BenchmarkServe(b *testing.B) {
	s := &pxe.Server{Store: pxe.Store{Dir: b.TempDir()}, RetryDelay: 10}
	var macs []string
	for i := range 1000 {
		m := domain.MAC{0x52, 0x54, 0, 0, byte(i >> 8), byte(i)}
		p := profile(m.String(), fmt.Sprintf("h%04d", i))
		if err := s.Store.Put(pxe.Profile{PXEProfile: p}); err != nil {
			b.Fatal(err)
		}
		macs = append(macs, m.HexHyp())
	}
	h := httptest.NewServer(s)
	defer h.Close()
	c := h.Client()
	b.ResetTimer()
	start := time.Now()
	n := 0
	for b.Loop() {
		resp, err := c.Get(h.URL + "/ipxe/" + macs[n%len(macs)])
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("%v %v", resp, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		n++
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "req/s")
}
