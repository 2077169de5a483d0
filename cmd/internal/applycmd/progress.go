package applycmd

import (
	"context"
	"io"
	"sync"
	"sync/atomic"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// progress is the bar a long run shows on a terminal's stderr (never on a
// pipe or a log file): steps done of the tool's total, and the device of
// the last one.
type progress struct {
	mu     sync.Mutex // guards bar
	p      *mpb.Progress
	bar    *mpb.Bar
	name   string
	device atomic.Value // string: read by the bar's own goroutine
}

func newProgress(ctx context.Context, w io.Writer, name string) *progress {
	pr := &progress{p: mpb.NewWithContext(ctx, mpb.WithOutput(w), mpb.WithWidth(40)), name: name}
	pr.device.Store("")
	return pr
}

// step is lib/apply's Progress hook: the total is known at the first step.
func (pr *progress) step(device string, done, total int) {
	pr.device.Store(device)
	pr.mu.Lock()
	if pr.bar == nil {
		pr.bar = pr.p.AddBar(int64(total),
			mpb.PrependDecorators(decor.Name(pr.name+" "), decor.CountersNoUnit("%d/%d steps")),
			mpb.AppendDecorators(decor.Any(func(decor.Statistics) string { return pr.device.Load().(string) })))
	}
	bar := pr.bar
	pr.mu.Unlock()
	bar.SetCurrent(int64(done))
}

// wait lets the bar draw its last state and end; a run with no step for
// the tool leaves no bar.
func (pr *progress) wait() {
	if pr == nil {
		return
	}
	pr.mu.Lock()
	if pr.bar != nil && !pr.bar.Completed() {
		pr.bar.Abort(false)
	}
	pr.mu.Unlock()
	pr.p.Wait()
}
