package apply_test

import (
	"context"
	"net/netip"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/domain"
)

// batchSession is a Batcher that records what it was handed and what
// the journal held meanwhile; its Apply says SUCCESS for every step.
type batchSession struct {
	mu        sync.Mutex
	journal   apply.Journal
	handed    [][]string
	onRecord  []string // the journal while Batch ran
	cancel    func()   // when set, Batch cuts the run off
	finished  int
	applied   []string
	committed int
}

func (s *batchSession) Batch(_ context.Context, steps []domain.Step) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for _, st := range steps {
		ids = append(ids, st.ID)
	}
	s.handed = append(s.handed, ids)
	s.onRecord = s.journal.Pending("t", "a")
	if s.cancel != nil {
		s.cancel()
	}
}

func (s *batchSession) Apply(_ context.Context, st domain.Step, _ bool) domain.Outcome {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.applied = append(s.applied, st.ID)
	return domain.Outcome{Status: domain.Success, Changes: []domain.Change{{Field: "x", From: "absent", To: "present"}}}
}
func (s *batchSession) Commit(context.Context) error { s.committed++; return nil }
func (s *batchSession) Finish(context.Context) error { s.finished++; return nil }
func (s *batchSession) Close() error                 { return nil }

// batchPlan is three reservations that wait for nothing and a record
// that waits for the first, all on device a.
func batchPlan(t *testing.T) *domain.Plan {
	t.Helper()
	site := &domain.Site{APIVersion: domain.APIVersion, Kind: domain.KindSite, Metadata: domain.Metadata{Name: "t"},
		Spec: domain.SiteSpec{Domain: "t.example.net", Devices: []domain.Device{
			{Name: "a", Provider: "fake", Provides: []domain.Capability{domain.DHCPServer, domain.DNSServer}}}}}
	inv := &domain.Inventory{APIVersion: domain.APIVersion, Kind: domain.KindInventory, Metadata: domain.Metadata{Name: "t"}}
	f, err := domain.NewFacts(site, inv)
	if err != nil {
		t.Fatal(err)
	}
	b := domain.StepBuilder{Score: "s"}
	r1 := b.Ensure(domain.DHCPServer, "a", domain.TypeReservation, "r1", domain.Reservation{IP: netip.MustParseAddr("10.0.0.1"), Hostname: "r1", MAC: domain.MAC{2, 0, 0, 0, 0, 1}})
	b.Ensure(domain.DNSServer, "a", domain.TypeARecord, "n1", domain.DNSRecord{Name: "n1", Type: "A", Value: "10.0.0.1"}, r1)
	b.Ensure(domain.DHCPServer, "a", domain.TypeReservation, "r2", domain.Reservation{IP: netip.MustParseAddr("10.0.0.2"), Hostname: "r2", MAC: domain.MAC{2, 0, 0, 0, 0, 2}})
	b.Ensure(domain.DHCPServer, "a", domain.TypeReservation, "r3", domain.Reservation{IP: netip.MustParseAddr("10.0.0.3"), Hostname: "r3", MAC: domain.MAC{2, 0, 0, 0, 0, 3}})
	steps, err := b.Steps()
	if err != nil {
		t.Fatal(err)
	}
	p, err := domain.NewPlan(f, steps)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBatcher: a Batcher is handed the device's steps that wait for
// nothing, in plan order, once, with each on record in the journal
// before it writes; never in a dry run; and a run cut off after the batch
// leaves the handed steps in the journal, so the next run finishes them.
func TestBatcher(t *testing.T) {
	const r1, r2, r3, n1 = "s/dhcp-server/a/reservation/r1", "s/dhcp-server/a/reservation/r2", "s/dhcp-server/a/reservation/r3", "s/dns-server/a/a-record/n1"
	dir := t.TempDir()
	sess := &batchSession{journal: apply.Journal{Dir: dir}}
	tool := &apply.Tool{Name: "fake-tool", Providers: []domain.Provider{{Name: "fake", Tool: "fake-tool", Types: []string{"dhcp-server/reservation", "dns-server/a-record"}}},
		Driver: apply.DriverFunc(func(context.Context, domain.Device) (apply.Session, error) { return sess, nil }),
		Locks:  &apply.Locker{Dir: dir, Wait: time.Second}}

	if _, err := tool.Run(t.Context(), batchPlan(t)); err != nil {
		t.Fatal(err)
	}
	if want := [][]string{{r1, r2, r3}}; !slices.EqualFunc(sess.handed, want, slices.Equal) {
		t.Errorf("handed %v, want %v (the steps that wait for nothing, in plan order)", sess.handed, want)
	}
	slices.Sort(sess.onRecord)
	if !slices.Equal(sess.onRecord, []string{r1, r2, r3}) {
		t.Errorf("while the batch wrote, the journal held %v, want the three handed steps", sess.onRecord)
	}
	if !slices.Equal(sess.applied, []string{r1, r2, r3, n1}) {
		t.Errorf("applied %v, want every step in plan order after the batch", sess.applied)
	}
	if p := (apply.Journal{Dir: dir}).Pending("t", "a"); len(p) != 0 {
		t.Errorf("after a whole run the journal holds %v", p)
	}

	sess.handed = nil
	dry := *tool
	dry.DryRun = true
	if _, err := dry.Run(t.Context(), batchPlan(t)); err != nil {
		t.Fatal(err)
	}
	if len(sess.handed) != 0 {
		t.Errorf("a dry run handed %v to the batch", sess.handed)
	}

	ctx, cancel := context.WithCancel(t.Context())
	sess.cancel = cancel
	p := batchPlan(t)
	if _, err := tool.Run(ctx, p); err != nil {
		t.Fatal(err)
	}
	for _, s := range p.Steps {
		if s.ID != n1 && s.Outcome != nil && s.Outcome.Status != "" {
			t.Errorf("cut off after the batch, %s has outcome %s", s.ID, s.Outcome.Status)
		}
	}
	pending := (apply.Journal{Dir: dir}).Pending("t", "a")
	slices.Sort(pending)
	if !slices.Equal(pending, []string{r1, r2, r3}) {
		t.Errorf("cut off after the batch, the journal holds %v, want the three handed steps", pending)
	}
	sess.cancel = nil
	if _, err := tool.Run(t.Context(), batchPlan(t)); err != nil {
		t.Fatal(err)
	}
	if sess.finished != 1 {
		t.Errorf("the run after the cut-off one finished %d times, want 1", sess.finished)
	}
}
