package postgres

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Member is one member's cluster, with the moves a failover makes on it
// (harmony-agent drives it through lib/infra/failover's Database).
type Member struct {
	Server *Server
	Spec   domain.PGCluster
}

// NewMember is the member a cluster step describes, on this host.
func (d *Driver) NewMember(c domain.PGCluster) *Member { return &Member{Server: d.Server(c), Spec: c} }

// Fence stops the server at once (no checkpoint; the next start recovers).
func (m *Member) Fence(ctx context.Context) error { return m.Server.Stop(ctx, "immediate") }

// Stop stops the server cleanly and returns its shutdown checkpoint's
// position, which a standby has once it received every commit.
func (m *Member) Stop(ctx context.Context) (uint64, error) {
	if err := m.Server.Stop(ctx, "fast"); err != nil {
		return 0, err
	}
	out, err := m.Server.run(ctx, "pg_controldata", nil, "-D", m.Server.DataDir)
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(line, "Latest checkpoint location:"); ok {
			if p := ParseLSN(strings.TrimSpace(v)); p > 0 {
				return p, nil
			}
		}
	}
	return 0, fmt.Errorf("pg_controldata printed no checkpoint location for %s", m.Server.DataDir)
}

// conninfo is how this member reaches another.
func (m *Member) conninfo(to domain.PGMember) string { return Conninfo(m.Spec, to, Passfile(m.Spec)) }

// Follow points the standby at the primary.
func (m *Member) Follow(ctx context.Context, primary domain.PGMember) error {
	want := m.conninfo(primary)
	if m.Server.Running(ctx) {
		_, err := m.Server.Follow(ctx, want)
		return err
	}
	return m.setConninfo(want)
}

// setConninfo writes primary_conninfo into postgresql.auto.conf of a
// stopped server, replacing any there.
func (m *Member) setConninfo(conninfo string) error {
	path := filepath.Join(m.Server.DataDir, "postgresql.auto.conf")
	cur, _ := os.ReadFile(path)
	var kept []string
	for _, line := range strings.Split(strings.TrimRight(string(cur), "\n"), "\n") {
		if line == "" || strings.HasPrefix(strings.TrimSpace(line), "primary_conninfo") {
			continue
		}
		kept = append(kept, line)
	}
	kept = append(kept, "primary_conninfo = "+quoteLiteral(conninfo))
	if err := writeFile(path, strings.Join(kept, "\n")+"\n", 0o600); err != nil {
		return err
	}
	return m.Server.chown(path)
}

// Rejoin makes a former primary a standby of the new primary: pg_rewind
// to the new primary's timeline, or, when it cannot rewind, a new copy
// (the old data directory is kept aside, never deleted). Then this
// member's own settings (the rewind copied the primary's), standby.signal,
// primary_conninfo, and start.
func (m *Member) Rejoin(ctx context.Context, primary domain.PGMember) error {
	s := m.Server
	if err := s.Stop(ctx, "immediate"); err != nil {
		return err
	}
	if err := s.Rewind(ctx, m.conninfo(primary)); err != nil {
		aside := fmt.Sprintf("%s.before-rejoin-%d", s.DataDir, time.Now().Unix())
		if rerr := os.Rename(s.DataDir, aside); rerr != nil {
			return fmt.Errorf("pg_rewind: %v; and moving the data aside for a new copy: %w", err, rerr)
		}
		if berr := s.BaseBackup(ctx, m.conninfo(primary)); berr != nil {
			return fmt.Errorf("pg_rewind: %v; a new copy: %w (the old data is in %s)", err, berr, aside)
		}
	}
	conf := filepath.Join(s.DataDir, ConfFile)
	if err := writeFile(conf, RenderConf(m.Spec), 0o600); err != nil {
		return err
	}
	sig := filepath.Join(s.DataDir, "standby.signal")
	if err := writeFile(sig, "", 0o600); err != nil {
		return err
	}
	for _, p := range []string{conf, sig} {
		if err := s.chown(p); err != nil {
			return err
		}
	}
	if err := m.setConninfo(m.conninfo(primary)); err != nil {
		return err
	}
	return s.Start(ctx)
}
