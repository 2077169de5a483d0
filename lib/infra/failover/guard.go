package failover

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"syscall"
	"time"
)

// The guard is the fence that outlives its agent. The agent fences its
// primary when it has stored no heartbeat for the fence interval, but an
// agent that is killed, hung or stopped fences nothing, while the other
// sites take over after the failover timeout: its PostgreSQL, still
// running, would accept writes beside the new primary. So each member
// has a guard, a process of its own (harmony-agent guard, in its own
// session), and the agent vouches for the member through a lease file:
// every 50 ms that its fence check finds no fence due, it counts the lease
// up. A guard that sees the count stand still for the fence interval (by
// its own monotonic clock: no wall clock is compared) fences the member
// itself, as the agent would have. A restarted agent counts on where the
// lease stands and keeps the guard that runs; a guard that finds another
// holding the lease's lock ends.

// Lease is the agent's side of a guard's lease file.
type Lease struct {
	f *os.File
	n uint64
}

// leaseWidth is the count's fixed width in the file: each write replaces
// the whole of it at offset 0.
const leaseWidth = 20

// OpenLease opens (making it) the lease file at path.
func OpenLease(path string) (*Lease, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("guard lease %s: %w", path, err)
	}
	l := &Lease{f: f}
	if n, ok := readCount(f); ok {
		l.n = n
	}
	return l, nil
}

// Affirm counts the lease up: the agent vouches that, as of now, its
// member needs no fence.
func (l *Lease) Affirm() {
	l.n++
	_, _ = l.f.WriteAt([]byte(fmt.Sprintf("%0*d", leaseWidth, l.n)), 0)
}

// Close closes the file; the guard fences once the count stands still.
func (l *Lease) Close() error { return l.f.Close() }

func readCount(f *os.File) (uint64, bool) {
	b := make([]byte, leaseWidth)
	if n, _ := f.ReadAt(b, 0); n != leaseWidth {
		return 0, false
	}
	c, err := strconv.ParseUint(string(b), 10, 64)
	return c, err == nil
}

// GuardTarget is the member a guard fences.
type GuardTarget interface {
	// Primary says whether the member runs and accepts writes.
	Primary(ctx context.Context) bool
	// Fence stops it accepting writes.
	Fence(ctx context.Context) error
}

// ErrGuarded is a guard that found another guard holding its lease.
var ErrGuarded = errors.New("another guard holds this lease")

// Guard watches the lease at path until ctx ends or the file is gone
// (the member's directory removed), and fences target whenever the count
// has stood still for fence while the member runs as a primary. It holds
// the lease's lock (path + ".lock") throughout, so one guard watches a
// lease; a second one returns ErrGuarded within a second.
func Guard(ctx context.Context, path string, fence time.Duration, target GuardTarget, logf func(string, ...any)) error {
	lock, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	defer lock.Close()
	// HeldBy's probe holds the lock for an instant: a guard that meets it
	// tries again; one that a guard holds throughout is held for good.
	for tries := 0; ; tries++ {
		err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if tries == 50 {
			return ErrGuarded
		}
		time.Sleep(20 * time.Millisecond)
	}
	var last uint64
	seen, checked, fenced := time.Now(), time.Time{}, false
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		f, err := os.Open(path)
		if errors.Is(err, fs.ErrNotExist) {
			logf("the lease %s is gone: the guard ends", path)
			return nil
		}
		if err != nil {
			continue
		}
		n, ok := readCount(f)
		f.Close()
		if ok && n != last {
			if fenced {
				logf("the agent vouches again: the guard stands by")
			}
			last, seen, fenced = n, time.Now(), false
			continue
		}
		// Past the fence interval the member is looked at each tick until
		// fenced, then each second (started again by hand, it is fenced
		// again).
		silent := time.Since(seen)
		if silent <= fence || (fenced && time.Since(checked) < time.Second) {
			continue
		}
		checked = time.Now()
		if !target.Primary(ctx) {
			continue // nothing accepts writes here
		}
		fctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err = target.Fence(fctx)
		cancel()
		if err != nil {
			logf("FENCE FAILED: the agent has not vouched for %s and the database did not stop: %v", silent.Round(time.Millisecond), err)
			continue
		}
		fenced = true
		logf("fenced: the agent has not vouched for the member for %s (fence interval %s): it is dead, hung or stopped; the database is stopped and accepts no writes", silent.Round(time.Millisecond), fence)
	}
}

// HeldBy says whether a guard holds the lease at path.
func HeldBy(path string) bool {
	lock, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return false
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return true
	}
	_ = syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	return false
}
