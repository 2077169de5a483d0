package failover_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/infra/failover"
)

// member is a GuardTarget that counts its fences.
type member struct {
	mu      sync.Mutex
	primary bool
	fences  int
}

func (m *member) Primary(context.Context) bool { m.mu.Lock(); defer m.mu.Unlock(); return m.primary }
func (m *member) Fence(context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.primary = false
	m.fences++
	return nil
}
func (m *member) count() int { m.mu.Lock(); defer m.mu.Unlock(); return m.fences }
func (m *member) start()     { m.mu.Lock(); m.primary = true; m.mu.Unlock() }

// TestGuard: a guard leaves a member alone while its agent vouches for it
// every 50 ms, fences it once the vouching stops for the fence interval
// (the agent killed), fences it again when it is started by hand without
// an agent, stands by again when a new agent vouches, and a second guard
// on the same lease ends; an agent probing for a guard (HeldBy) while it
// starts does not make it give up.
func TestGuard(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orders.lease")
	lease, err := failover.OpenLease(path)
	if err != nil {
		t.Fatal(err)
	}
	m := &member{primary: true}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- failover.Guard(ctx, path, 300*time.Millisecond, m, t.Logf) }()
	ended := false
	t.Cleanup(func() {
		cancel()
		if !ended {
			<-done
		}
	})
	for !failover.HeldBy(path) { // probing often, as a starting agent might
		select {
		case err := <-done:
			ended = true
			t.Fatalf("the guard ended before it held its lease: %v", err)
		case <-time.After(time.Millisecond):
		}
	}

	vouch := func(d time.Duration) {
		for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
			lease.Affirm()
		}
	}
	vouch(time.Second)
	if n := m.count(); n != 0 {
		t.Fatalf("fenced %d times while the agent vouched", n)
	}
	// The agent dies.
	start := time.Now()
	for m.count() == 0 && time.Since(start) < 3*time.Second {
		time.Sleep(10 * time.Millisecond)
	}
	if took := time.Since(start); m.count() != 1 || took < 200*time.Millisecond || took > time.Second {
		t.Fatalf("after the agent stopped vouching: %d fences after %s, want one after the 300 ms fence interval (less the last vouch's 50 ms)", m.count(), took)
	}
	// Started by hand with no agent: fenced again within a second or so.
	m.start()
	time.Sleep(1500 * time.Millisecond)
	if n := m.count(); n != 2 {
		t.Errorf("a member started by hand with no agent vouching: %d fences, want 2", n)
	}
	// A new agent (a new Lease on the same file) vouches: left alone.
	lease.Close()
	again, err := failover.OpenLease(path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	m.start()
	for end := time.Now().Add(time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		again.Affirm()
	}
	if n := m.count(); n != 2 {
		t.Errorf("with a new agent vouching: %d fences, want still 2", n)
	}
	if err := failover.Guard(ctx, path, time.Second, m, t.Logf); !errors.Is(err, failover.ErrGuarded) {
		t.Errorf("a second guard on the lease: %v, want ErrGuarded", err)
	}
	cancel()
	ended = true
	if err := <-done; err != nil {
		t.Errorf("Guard: %v", err)
	}
}
