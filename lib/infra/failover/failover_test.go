package failover_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// TestSiteLoss kills the primary's site (agent, NATS node and PostgreSQL
// at once) while a writer commits rows with durability sync: a standby
// takes over, writes resume, no acknowledged row is lost, two sites never
// accept writes at once, and the lost site, back, rejoins as a standby of
// the new primary.
func TestSiteLoss(t *testing.T) {
	f := newFleet(t, domain.DurabilitySync, "3s", "1500ms")
	a := f.site("a")
	f.waitPrimary(f.site("b"), "a", 30*time.Second)
	chk := f.check()
	w := f.write()
	time.Sleep(2 * time.Second)
	lost := time.Now()
	f.lose(a)
	deadline := time.Now().Add(30 * time.Second)
	var resumed time.Time
	for time.Now().Before(deadline) {
		if at, ok := w.firstAfter(lost.Add(50 * time.Millisecond)); ok {
			resumed = at
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if resumed.IsZero() {
		t.Fatalf("no write acknowledged within 30s of the site loss; primary is %q", f.primary(f.site("b")))
	}
	t.Logf("writes resumed %s after the site loss", resumed.Sub(lost).Round(time.Millisecond))
	time.Sleep(time.Second)
	acked := w.stop()
	newPrimary := f.site(f.primary(f.site("b")))
	if newPrimary.name == "a" {
		t.Fatal("the lost site is still primary")
	}
	have := rows(t, newPrimary)
	lostRows := 0
	for _, n := range acked {
		if !have[n] {
			lostRows++
		}
	}
	if lostRows > 0 {
		t.Errorf("%d of %d acknowledged rows are not on the new primary %s", lostRows, len(acked), newPrimary.name)
	}
	// The lost site comes back and rejoins as a standby.
	f.back(a)
	deadline = time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if st, err := a.db.State(t.Context()); err == nil && st.Running && st.Standby {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if st, _ := a.db.State(t.Context()); !st.Running || !st.Standby {
		t.Fatalf("site a, back, is not a running standby: %+v", st)
	}
	if d := chk.stop(); len(d) > 0 {
		t.Errorf("two sites accepted writes at once: %v", d)
	}
	t.Logf("%d rows acknowledged, %d lost; new primary %s", len(acked), lostRows, newPrimary.name)
}
