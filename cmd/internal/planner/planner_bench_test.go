package planner_test

import (
	"fmt"
	"testing"

	"github.com/nationtech/harmony-go/cmd/internal/document"
	"github.com/nationtech/harmony-go/cmd/internal/planner"
	"github.com/nationtech/harmony-go/cmd/internal/sitegen"
)

// BenchmarkPlan plans generated sites in process: reading, checking,
// expanding and ordering, without the final encoding.
func BenchmarkPlan(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		dir := b.TempDir()
		if err := sitegen.Generate(dir, n); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("hosts=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				docs, err := document.ReadPaths([]string{dir}, nil)
				if err != nil {
					b.Fatal(err)
				}
				in, err := planner.Load(docs)
				if err != nil {
					b.Fatal(err)
				}
				p, err := in.Plan()
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(len(p.Steps)), "steps")
			}
		})
	}
}
