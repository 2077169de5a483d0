package pgtest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// Target is one member's server as a client at its site reaches it: the
// socket in its data directory.
type Target struct {
	Name    string
	DataDir string
	Port    int
	// Host and Password, when set, reach the server over TCP (a cluster
	// harmony-pg did not make, such as Patroni's).
	Host, Password string
}

// Connect opens a superuser session on a target's socket.
func (t Target) Connect(ctx context.Context) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig("")
	if err != nil {
		return nil, err
	}
	cfg.Host, cfg.Port, cfg.User, cfg.Database = t.DataDir+".run", uint16(t.Port), "postgres", "postgres"
	if t.Host != "" {
		cfg.Host, cfg.Password = t.Host, t.Password
	}
	cfg.ConnectTimeout = 300 * time.Millisecond
	return pgx.ConnectConfig(ctx, cfg)
}

// Accepting says whether the target accepts a write now: it answers and
// is not in recovery.
func (t Target) Accepting() bool {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	c, err := t.Connect(ctx)
	if err != nil {
		return false
	}
	defer c.Close(context.Background())
	var rec bool
	if err := c.QueryRow(ctx, "SELECT pg_is_in_recovery()").Scan(&rec); err != nil {
		return false
	}
	return !rec
}

// Rows reads the numbers in table rows.
func (t Target) Rows(ctx context.Context) (map[int]bool, error) {
	c, err := t.Connect(ctx)
	if err != nil {
		return nil, err
	}
	defer c.Close(context.Background())
	r, err := c.Query(ctx, "SELECT n FROM rows")
	if err != nil {
		return nil, err
	}
	ns, err := pgx.CollectRows(r, pgx.RowTo[int])
	if err != nil {
		return nil, err
	}
	out := map[int]bool{}
	for _, n := range ns {
		out[n] = true
	}
	return out, nil
}

// numbers are the rows' numbers, across every writer of the process: a
// writer started after another writes new rows, never the same ones.
var numbers atomic.Int64

// Writer commits numbered rows (table rows (n int primary key)) to
// whichever target takes them, and keeps the numbers the database
// acknowledged, with when.
type Writer struct {
	mu     sync.Mutex
	acked  []int
	at     []time.Time
	cancel context.CancelFunc
	done   chan struct{}
}

// Write starts a writer over the targets.
func Write(targets []Target) *Writer {
	ctx, cancel := context.WithCancel(context.Background())
	w := &Writer{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(w.done)
		cur, misses := 0, 0
		var conn *pgx.Conn
		next := func() {
			cur = (cur + 1) % len(targets)
			misses++
			if misses%len(targets) == 0 { // every target tried: a breath
				time.Sleep(20 * time.Millisecond)
			}
		}
		for ctx.Err() == nil {
			if conn == nil {
				c, err := targets[cur].Connect(ctx)
				if err != nil {
					next()
					continue
				}
				conn = c
			}
			n := int(numbers.Add(1))
			wctx, wcancel := context.WithTimeout(ctx, 2*time.Second)
			_, err := conn.Exec(wctx, "INSERT INTO rows VALUES ($1)", n)
			wcancel()
			if err != nil {
				conn.Close(context.Background())
				conn = nil
				next()
				continue
			}
			misses = 0
			w.mu.Lock()
			w.acked = append(w.acked, n)
			w.at = append(w.at, time.Now())
			w.mu.Unlock()
			time.Sleep(10 * time.Millisecond)
		}
		if conn != nil {
			conn.Close(context.Background())
		}
	}()
	return w
}

// Stop stops the writer and returns the numbers acknowledged.
func (w *Writer) Stop() []int {
	w.cancel()
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.acked)
}

// Acked is how many rows were acknowledged so far.
func (w *Writer) Acked() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.acked)
}

// ResumedAfter waits up to within for an acknowledgement after t and
// returns how long after t it came.
func (w *Writer) ResumedAfter(t time.Time, within time.Duration) (time.Duration, bool) {
	deadline := time.Now().Add(within)
	for {
		w.mu.Lock()
		i, found := slices.BinarySearchFunc(w.at, t, func(a, b time.Time) int { return a.Compare(b) })
		if found {
			i++
		}
		var at time.Time
		if i < len(w.at) {
			at = w.at[i]
		}
		w.mu.Unlock()
		if !at.IsZero() {
			return at.Sub(t), true
		}
		if time.Now().After(deadline) {
			return 0, false
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Checker samples every target every 100 ms and records any moment two
// accepted writes at once.
type Checker struct {
	mu     sync.Mutex
	double []string
	cancel context.CancelFunc
	done   chan struct{}
}

// Check starts a checker over the targets.
func Check(targets []Target) *Checker {
	ctx, cancel := context.WithCancel(context.Background())
	c := &Checker{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(c.done)
		for ctx.Err() == nil {
			var on []string
			for _, t := range targets {
				if t.Accepting() {
					on = append(on, t.Name)
				}
			}
			if len(on) > 1 {
				c.mu.Lock()
				c.double = append(c.double, fmt.Sprintf("%s: %v", time.Now().Format("15:04:05.000"), on))
				c.mu.Unlock()
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	return c
}

// Stop stops the checker and returns the moments two sites accepted
// writes.
func (c *Checker) Stop() []string {
	c.cancel()
	<-c.done
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.double
}

// Lost lists the acknowledged numbers a target does not have.
func Lost(acked []int, have map[int]bool) []int {
	var out []int
	for _, n := range acked {
		if !have[n] {
			out = append(out, n)
		}
	}
	return out
}

// LongestGap is the longest time between two acknowledgements from
// after t on (how long writes were unavailable).
func (w *Writer) LongestGap(after time.Time) time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	var gap time.Duration
	for i := 1; i < len(w.at); i++ {
		if w.at[i].After(after) {
			gap = max(gap, w.at[i].Sub(w.at[i-1]))
		}
	}
	return gap
}

// Times are when each acknowledgement came.
func (w *Writer) Times() []time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.at)
}

// WaitStandby waits until the target answers as a standby (in recovery).
func (t Target) WaitStandby(within time.Duration) bool {
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		c, err := t.Connect(ctx)
		if err == nil {
			var rec bool
			err = c.QueryRow(ctx, "SELECT pg_is_in_recovery()").Scan(&rec)
			c.Close(context.Background())
			if err == nil && rec {
				cancel()
				return true
			}
		}
		cancel()
		time.Sleep(200 * time.Millisecond)
	}
	return false
}
