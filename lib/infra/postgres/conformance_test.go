package postgres_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/apply/conformance"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/postgres"
	"github.com/nationtech/harmony-go/lib/infra/postgres/pgtest"
)

// diskWatch counts what changes in the clusters, seen from the clusters
// themselves: their files (settings, access, the passfile), the server's
// start time, its roles and its slots. It is the device's own account of
// writes, not the adapter's.
type diskWatch struct {
	mu     sync.Mutex
	srvs   []*postgres.Server
	last   map[string]string
	writes int
}

func (w *diskWatch) snapshot() map[string]string {
	out := map[string]string{}
	for _, s := range w.srvs {
		for _, f := range []string{postgres.ConfFile, "pg_hba.conf", "postgresql.conf", "postgresql.auto.conf", "PG_VERSION"} {
			b, err := os.ReadFile(filepath.Join(s.DataDir, f))
			out[s.DataDir+"/"+f] = fmt.Sprintf("%x %v", sha256.Sum256(b), err == nil)
		}
		b, _ := os.ReadFile(s.DataDir + ".pgpass")
		out[s.DataDir+".pgpass"] = fmt.Sprintf("%x", sha256.Sum256(b))
		c, err := s.Connect(context.Background())
		if err != nil {
			out[s.DataDir+" server"] = "down"
			continue
		}
		var started, roles, slots string
		_ = c.QueryRow(context.Background(), `SELECT pg_postmaster_start_time()::text,
			(SELECT string_agg(rolname || coalesce(rolpassword, '') || rolreplication::text, ',' ORDER BY rolname) FROM pg_authid),
			(SELECT coalesce(string_agg(slot_name, ',' ORDER BY slot_name), '') FROM pg_replication_slots)`).Scan(&started, &roles, &slots)
		c.Close(context.Background())
		out[s.DataDir+" server"], out[s.DataDir+" roles"], out[s.DataDir+" slots"] = started, roles, slots
	}
	return out
}

// count is the number of things changed since the watch began.
func (w *diskWatch) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := w.snapshot()
	for k, v := range now {
		if w.last[k] != v {
			w.writes++
		}
	}
	w.last = now
	return w.writes
}

// TestConformance runs the apply contract's suite against real
// PostgreSQL 15: two services' primaries on one host. A cluster is not
// removable, so absent and prune have nothing to remove and say so.
func TestConformance(t *testing.T) {
	pgtest.Require(t)
	dir := pgtest.Dir(t)
	d := &postgres.Driver{Secret: pgtest.Secret, Timeout: 60 * time.Second}
	var steps []domain.Step
	w := &diskWatch{last: map[string]string{}}
	for _, svc := range []string{"orders", "billing"} {
		c := pgtest.Service(t, dir, svc, domain.DurabilityAsync, []string{"a", "b"}, nil)[0]
		c.Host = "db-a"
		srv := d.Server(c)
		pgtest.Stop(t, srv)
		w.srvs = append(w.srvs, srv)
		steps = append(steps, pgtest.Step(t, c))
	}
	w.count()
	dev := domain.Device{Name: "db-a", Provider: "postgresql", Provides: []domain.Capability{domain.PostgreSQL}}
	conformance.Run(t, conformance.Peer{
		Tool: func(*testing.T) *apply.Tool {
			return &apply.Tool{Name: "harmony-pg", Providers: domain.ProvidersOf("harmony-pg"), Driver: apply.OpenFunc(d.Open)}
		},
		Plan:   conformance.PlanOf(t, "a", []domain.Device{dev}, steps),
		Device: "db-a",
		Writes: func(*testing.T) int { return w.count() },
		Present: func(t *testing.T, s domain.Step) bool {
			var c domain.PGCluster
			if err := s.DecodeSpec(&c); err != nil {
				t.Fatal(err)
			}
			return d.Server(c).Exists() && d.Server(c).Running(context.Background())
		},
		Change: func(s domain.Step) (domain.Step, string, bool) {
			c, err := conformance.Edit(s, func(v *domain.PGCluster) {
				v.Settings = map[string]string{"fsync": "off", "shared_buffers": "16MB", "max_connections": "30", "work_mem": "8MB"}
			})
			return c, "setting work_mem", err == nil
		},
		Names: func(s domain.Step) string { return strings.TrimSpace(s.Resource.Name) },
	})
}
