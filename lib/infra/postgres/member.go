package postgres

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/nationtech/harmony-go/lib/domain"
)

// Member is one member's cluster, with the moves a failover makes on it
// (harmony-agent drives it through lib/infra/failover's Database).
type Member struct {
	Server *Server
	Spec   domain.PGCluster
	// Said is what the last rejoin did, for the agent's log.
	Said string
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
	// The new primary checkpoints when it is promoted; ask again, in case
	// that one did not finish (pg_rewind reads its timeline from it).
	cpErr := m.checkpoint(ctx, primary)
	var connect *pgconn.ConnectError
	if errors.As(cpErr, &connect) {
		// The primary does not answer now (it may be fencing, or the way
		// there is down): nothing to rewind from, and no reason to copy;
		// the data stays as it is for the next try.
		return fmt.Errorf("the primary at %s does not answer (%v): this member rejoins once it does", primary.Site, cpErr)
	}
	said, err := s.Rewind(ctx, m.conninfo(primary))
	m.Said = "pg_rewind: " + said
	if cpErr != nil {
		m.Said += fmt.Sprintf(" (the checkpoint asked of %s first failed: %v)", primary.Site, cpErr)
	}
	if err != nil && strings.Contains(said+err.Error(), "connection to server") {
		return fmt.Errorf("pg_rewind could not reach the primary at %s (%v): this member rejoins once it does", primary.Site, err)
	}
	if err != nil {
		aside := fmt.Sprintf("%s.before-rejoin-%d", s.DataDir, time.Now().Unix())
		if rerr := os.Rename(s.DataDir, aside); rerr != nil {
			return fmt.Errorf("pg_rewind: %v; and moving the data aside for a new copy: %w", err, rerr)
		}
		if berr := s.BaseBackup(ctx, m.conninfo(primary)); berr != nil {
			// No copy: the old data goes back, so the next try has a
			// cluster to rewind (a member with none waits for an operator).
			if rerr := os.Rename(aside, s.DataDir); rerr != nil {
				return fmt.Errorf("pg_rewind: %v; a new copy: %w; and putting the old data back: %v (it is in %s)", err, berr, rerr, aside)
			}
			return fmt.Errorf("pg_rewind: %v; a new copy: %w (the old data is back in place; the next try starts again)", err, berr)
		}
		m.Said = fmt.Sprintf("pg_rewind could not (%v): a new copy made, the old data kept in %s", err, aside)
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

// checkpoint runs CHECKPOINT on another member as the replication role
// (which holds pg_checkpoint).
func (m *Member) checkpoint(ctx context.Context, on domain.PGMember) error {
	ctx, cancel := context.WithTimeout(ctx, m.Server.timeout())
	defer cancel()
	cfg, err := pgx.ParseConfig(m.conninfo(on))
	if err != nil {
		return err
	}
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer c.Close(context.Background())
	_, err = c.Exec(ctx, "CHECKPOINT")
	return err
}

// Promote makes the standby the primary, with a replication slot for
// every other member: a copy or a rewind does not carry the slots, and a
// standby that streams from a slot not there streams nothing.
func (m *Member) Promote(ctx context.Context) error {
	// The slots first, while a standby (physical slots can be made in
	// recovery): the other standbys re-point as soon as the primary key
	// moves, and one that finds no slot retries only seconds later.
	if err := m.EnsureSlots(ctx); err != nil {
		return err
	}
	return m.Server.Promote(ctx)
}

// EnsureSlots makes the replication slots of the other members that are
// missing.
func (m *Member) EnsureSlots(ctx context.Context) error {
	c, err := m.Server.admin(ctx)
	if err != nil {
		return err
	}
	defer c.Close(context.Background())
	for _, o := range m.Spec.Members {
		if o.Site == m.Spec.Site {
			continue
		}
		if _, err := c.Exec(ctx, `SELECT pg_create_physical_replication_slot($1) WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1)`, SlotName(o.Site)); err != nil {
			return fmt.Errorf("making replication slot %s: %w", SlotName(o.Site), err)
		}
	}
	return nil
}
