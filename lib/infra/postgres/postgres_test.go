package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/postgres"
	"github.com/nationtech/harmony-go/lib/infra/postgres/pgtest"
)

func applyStep(t *testing.T, d *postgres.Driver, c domain.PGCluster, dry bool) domain.Outcome {
	t.Helper()
	s, err := d.Open(t.Context(), domain.Device{Name: c.Host, Provider: "postgresql"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return s.Apply(t.Context(), pgtest.Step(t, c), dry)
}

func exec(t *testing.T, srv *postgres.Server, sql string, args ...any) {
	t.Helper()
	c, err := srv.Connect(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	if _, err := c.Exec(t.Context(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func count(t *testing.T, srv *postgres.Server) int {
	t.Helper()
	c, err := srv.Connect(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	var n int
	if err := c.QueryRow(t.Context(), "SELECT count(*) FROM t").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPrimaryAndStandby makes a service's primary (initdb) and a standby
// (pg_basebackup from it) on real PostgreSQL 15, and proves the second
// run of each is NOOP, the standby streams, and a synchronous commit
// waits for it.
func TestPrimaryAndStandby(t *testing.T) {
	pgtest.Require(t)
	dir := pgtest.Dir(t)
	cs := pgtest.Service(t, dir, "orders", domain.DurabilitySync, []string{"a", "b"}, nil)
	d := &postgres.Driver{Secret: pgtest.Secret, Timeout: 60 * time.Second}
	a, b := d.Server(cs[0]), d.Server(cs[1])
	pgtest.Stop(t, a)
	pgtest.Stop(t, b)

	// The standby cannot be made before the primary exists.
	out := applyStep(t, d, cs[1], false)
	if out.Status != domain.Failure || !strings.Contains(out.Message, "make the primary first (run harmony-pg at site a)") {
		t.Fatalf("standby before primary: %s %q", out.Status, out.Message)
	}
	if dry := applyStep(t, d, cs[0], true); dry.Status != domain.Success || a.Exists() {
		t.Fatalf("dry run: %s %q, cluster made: %v", dry.Status, dry.Message, a.Exists())
	}
	out = applyStep(t, d, cs[0], false)
	if out.Status != domain.Success {
		t.Fatalf("primary: %s %q", out.Status, out.Message)
	}
	if !hasChange(out, "cluster", "new primary (initdb)") || !hasChange(out, "role replicator", "") || !hasChange(out, "replication slot harmony_b", "present") {
		t.Errorf("primary changes: %v", out.Changes)
	}
	if again := applyStep(t, d, cs[0], false); again.Status != domain.Noop {
		t.Fatalf("primary, second run: %s %q %v", again.Status, again.Message, again.Changes)
	}
	out = applyStep(t, d, cs[1], false)
	if out.Status != domain.Success || !hasChange(out, "cluster", "standby of a (pg_basebackup)") {
		t.Fatalf("standby: %s %q %v", out.Status, out.Message, out.Changes)
	}
	if again := applyStep(t, d, cs[1], false); again.Status != domain.Noop {
		t.Fatalf("standby, second run: %s %q %v", again.Status, again.Message, again.Changes)
	}
	st, err := b.Status(t.Context())
	if err != nil || !st.Standby {
		t.Fatalf("standby status: %+v %v", st, err)
	}
	// A commit on the primary is acknowledged once the standby has it.
	exec(t, a, "CREATE TABLE t (n int)")
	exec(t, a, "INSERT INTO t VALUES (1)")
	if n := count(t, b); n != 1 {
		t.Errorf("standby has %d rows right after a synchronous commit, want 1", n)
	}
	// With the standby stopped, a synchronous commit does not return.
	if err := b.Stop(t.Context(), "fast"); err != nil {
		t.Fatal(err)
	}
	c, err := a.Connect(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 700*time.Millisecond)
	_, err = c.Exec(ctx, "INSERT INTO t VALUES (2)")
	cancel()
	c.Close(context.Background())
	if err == nil {
		t.Error("a synchronous commit returned with no standby up")
	}
	// The stopped standby is started by the next run, which says so.
	out = applyStep(t, d, cs[1], false)
	if out.Status != domain.Success || !hasChange(out, "server", "running") {
		t.Fatalf("standby restart: %s %q %v", out.Status, out.Message, out.Changes)
	}
	// A changed setting is one change, and the run after is NOOP.
	cs[1].Settings["work_mem"] = "8MB"
	out = applyStep(t, d, cs[1], false)
	if out.Status != domain.Success || len(out.Changes) != 1 || out.Changes[0].Field != "setting work_mem" {
		t.Fatalf("setting: %s %q %v", out.Status, out.Message, out.Changes)
	}
	if again := applyStep(t, d, cs[1], false); again.Status != domain.Noop {
		t.Fatalf("setting, second run: %s %v", again.Status, again.Changes)
	}
	// The replication password is in no argument, message or change.
	for _, o := range []domain.Outcome{out} {
		if strings.Contains(fmt.Sprint(o), pgtest.Password) {
			t.Errorf("the password is in an outcome: %v", o)
		}
	}
	_ = pgx.ErrNoRows
}

func hasChange(o domain.Outcome, field, value string) bool {
	for _, c := range o.Changes {
		if strings.HasPrefix(c.Field, field) && (value == "" || c.To == value) {
			return true
		}
	}
	return false
}

// TestCutOffWhileMaking kills initdb halfway (its bound runs out): the
// failed run leaves no half cluster, and the next run makes it whole.
func TestCutOffWhileMaking(t *testing.T) {
	pgtest.Require(t)
	c := pgtest.Service(t, pgtest.Dir(t), "orders", domain.DurabilityAsync, []string{"a", "b"}, nil)[0]
	hasty := &postgres.Driver{Secret: pgtest.Secret, Timeout: 30 * time.Millisecond}
	out := applyStep(t, hasty, c, false)
	if out.Status != domain.Failure || !strings.Contains(out.Message, "initdb did not finish in 30ms") {
		t.Fatalf("cut off: %s %q", out.Status, out.Message)
	}
	if hasty.Server(c).Exists() {
		t.Fatal("a cut-off initdb left a cluster behind")
	}
	d := &postgres.Driver{Secret: pgtest.Secret, Timeout: 60 * time.Second}
	pgtest.Stop(t, d.Server(c))
	if out := applyStep(t, d, c, false); out.Status != domain.Success {
		t.Fatalf("after the cut: %s %q", out.Status, out.Message)
	}
	if again := applyStep(t, d, c, false); again.Status != domain.Noop {
		t.Fatalf("then: %s %v", again.Status, again.Changes)
	}
}

// TestRejoinWhenThePrimaryDoesNotAnswer: a former primary told to rejoin
// while the new primary does not answer (fencing itself in an election,
// the way there down) keeps its data as it is and says it will rejoin
// once the primary answers — it does not move its data aside for a copy
// that cannot be made, which left a member with no cluster at all. Then,
// with the primary back, the same rejoin makes it a standby.
func TestRejoinWhenThePrimaryDoesNotAnswer(t *testing.T) {
	pgtest.Require(t)
	dir := pgtest.Dir(t)
	cs := pgtest.Service(t, dir, "orders", domain.DurabilityAsync, []string{"a", "b"}, nil)
	d := &postgres.Driver{Secret: pgtest.Secret, Timeout: 60 * time.Second}
	a, b := d.Server(cs[0]), d.Server(cs[1])
	pgtest.Stop(t, a)
	pgtest.Stop(t, b)
	for _, c := range cs {
		if out := applyStep(t, d, c, false); out.Status != domain.Success {
			t.Fatalf("harmony-pg at %s: %s %q", c.Site, out.Status, out.Message)
		}
	}
	// b becomes the primary; a, the former one, is to rejoin it — while b
	// is down.
	mb := &postgres.Member{Server: b, Spec: cs[1]}
	if err := mb.Promote(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := b.Stop(t.Context(), "immediate"); err != nil {
		t.Fatal(err)
	}
	ma := &postgres.Member{Server: a, Spec: cs[0]}
	err := ma.Rejoin(t.Context(), cs[1].Members[1])
	if err == nil || !strings.Contains(err.Error(), "does not answer") {
		t.Fatalf("rejoin with the primary down: %v, want it to wait for the primary", err)
	}
	if !a.Exists() {
		t.Fatal("the former primary's data was moved away while the primary did not answer")
	}
	if err := b.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := ma.Rejoin(t.Context(), cs[1].Members[1]); err != nil {
		t.Fatalf("rejoin with the primary back: %v (%s)", err, ma.Said)
	}
	if st, err := a.Status(t.Context()); err != nil || !st.Standby {
		t.Errorf("after the rejoin: %+v %v, want a running standby", st, err)
	}
}
