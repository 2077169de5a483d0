package postgres

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/nationtech/harmony-go/lib/domain"
)

// Driver applies the postgresql steps of the host it runs on.
type Driver struct {
	// Secret resolves a secret reference to its value (the replication
	// role's password).
	Secret func(ref string) (string, error)
	// Bin, when set, is the programs' directory for every version (tests);
	// by default Debian's /usr/lib/postgresql/<version>/bin.
	Bin string
	// User is the system user servers run as (default postgres as root).
	User string
	// Timeout bounds each program and connection (default 60s).
	Timeout time.Duration
}

// Open starts a session on this host; dev is the host's postgresql device.
func (d *Driver) Open(ctx context.Context, dev domain.Device) (*Session, error) {
	return &Session{d: d, dev: dev}, nil
}

// Session applies steps to this host's clusters; it reads each cluster
// afresh for every step.
type Session struct {
	d   *Driver
	dev domain.Device
}

// Server is the cluster a step describes.
func (d *Driver) Server(c domain.PGCluster) *Server {
	bin := d.Bin
	if bin == "" {
		bin = BinDir(c.Version)
	}
	return &Server{Bin: bin, DataDir: c.DataDir, Port: c.Port, User: d.User, Timeout: d.Timeout}
}

// Apply brings one cluster to the step's state.
func (s *Session) Apply(ctx context.Context, step domain.Step, dryRun bool) domain.Outcome {
	if step.Resource.Type != domain.TypePGCluster {
		return failure(fmt.Errorf("resource type %q is not a postgresql type (cluster)", step.Resource.Type))
	}
	if step.Action != domain.Ensure {
		return failure(errors.New("a cluster is not deleted by a plan: stop it and remove its data directory by hand"))
	}
	var c domain.PGCluster
	if err := step.DecodeSpec(&c); err != nil {
		return failure(err)
	}
	password, err := s.d.Secret(c.Replication.SecretRef)
	if err != nil {
		return failure(fmt.Errorf("the replication password (secretRef %s): %w", c.Replication.SecretRef, err))
	}
	a := &applier{s: s, c: c, srv: s.d.Server(c), password: password, dryRun: dryRun}
	return a.run(ctx)
}

// applier is one step's work.
type applier struct {
	s        *Session
	c        domain.PGCluster
	srv      *Server
	password string
	dryRun   bool
	changes  []domain.Change
	notes    []string
}

func (a *applier) change(field, old, new string) {
	a.changes = append(a.changes, domain.Change{Field: field, From: old, To: new})
}

func (a *applier) run(ctx context.Context) domain.Outcome {
	c, srv := a.c, a.srv
	if err := a.passfile(); err != nil {
		return a.fail(err)
	}
	if !srv.Exists() {
		if err := a.make(ctx); err != nil {
			return a.fail(err)
		}
		if a.dryRun {
			return domain.Outcome{Status: domain.Success, Changes: a.changes, Message: strings.Join(a.notes, "; ")}
		}
	} else if v, err := srv.Version(); err != nil || v != c.Version {
		return a.fail(fmt.Errorf("the cluster in %s is PostgreSQL %d, and the step wants %d: harmony-pg does not upgrade clusters (use pg_upgrade, then run again)", c.DataDir, v, c.Version))
	}
	restart, err := a.files()
	if err != nil {
		return a.fail(err)
	}
	if err := a.server(ctx, restart); err != nil {
		return a.fail(err)
	}
	if a.dryRun && !srv.Running(ctx) {
		return a.outcome()
	}
	st, err := srv.Status(ctx)
	if err != nil {
		return a.fail(fmt.Errorf("reading the server's role: %w", err))
	}
	if !st.Standby {
		if err := a.role(ctx); err != nil {
			return a.fail(err)
		}
		a.notes = append(a.notes, "primary")
	} else {
		who := st.Streaming
		if who == "" {
			who = "nothing yet (not streaming)"
		}
		a.notes = append(a.notes, "standby, streaming from "+who)
	}
	if err := a.slots(ctx, st.Standby); err != nil {
		return a.fail(err)
	}
	return a.outcome()
}

func (a *applier) outcome() domain.Outcome {
	status := domain.Noop
	if len(a.changes) > 0 {
		status = domain.Success
	}
	return domain.Outcome{Status: status, Changes: a.changes, Message: strings.Join(a.notes, "; ")}
}

func (a *applier) fail(err error) domain.Outcome {
	return domain.Outcome{Status: domain.Failure, Message: err.Error(), Changes: a.changes}
}

// passfile keeps the replication password where libpq reads it.
func (a *applier) passfile() error {
	path := Passfile(a.c)
	want := passfileLine(a.c.Replication.User, a.password)
	if cur, err := os.ReadFile(path); err == nil && string(cur) == want {
		return nil
	}
	a.change("replication passfile "+path, "", "(the secret's value)")
	if a.dryRun {
		return nil
	}
	if err := a.srv.prepareParent(); err != nil {
		return err
	}
	if err := writeFile(path, want, 0o600); err != nil {
		return err
	}
	return a.srv.chown(path)
}

// make creates the cluster: a copy of the current primary when a member
// is one, a new cluster at the plan's primary site otherwise.
func (a *applier) make(ctx context.Context) error {
	c := a.c
	primary, asked, err := a.findPrimary(ctx)
	if err != nil {
		return err
	}
	if primary != nil {
		a.change("cluster "+c.DataDir, "", "standby of "+primary.Site+" (pg_basebackup)")
		if a.dryRun {
			return nil
		}
		if err := a.srv.BaseBackup(ctx, Conninfo(c, *primary, Passfile(c))); err != nil {
			return fmt.Errorf("copying the primary at %s (%s:%d): %w", primary.Site, primary.Address, primary.Port, err)
		}
		if err := writeFile(filepath.Join(c.DataDir, "standby.signal"), "", 0o600); err != nil {
			return err
		}
		auto := filepath.Join(c.DataDir, "postgresql.auto.conf")
		cur, _ := os.ReadFile(auto)
		text := string(cur) + "primary_conninfo = " + quoteLiteral(Conninfo(c, *primary, Passfile(c))) + "\n"
		if err := writeFile(auto, text, 0o600); err != nil {
			return err
		}
		for _, p := range []string{filepath.Join(c.DataDir, "standby.signal"), auto} {
			if err := a.srv.chown(p); err != nil {
				return err
			}
		}
		return nil
	}
	if c.Primary != c.Site {
		return fmt.Errorf("no member answers as the primary (asked %s): make the primary first (run harmony-pg at site %s), then run again", orNone(asked), c.Primary)
	}
	a.change("cluster "+c.DataDir, "", "new primary (initdb)")
	if a.dryRun {
		return nil
	}
	return a.srv.InitDB(ctx)
}

// findPrimary asks every other member whether it is the primary.
func (a *applier) findPrimary(ctx context.Context) (*domain.PGMember, []string, error) {
	var asked []string
	for _, m := range a.c.Members {
		if m.Site == a.c.Site {
			continue
		}
		asked = append(asked, fmt.Sprintf("%s at %s:%d", m.Site, m.Address, m.Port))
		standby, err := a.probe(ctx, m)
		if err != nil {
			continue
		}
		if !standby {
			return &m, asked, nil
		}
	}
	return nil, asked, nil
}

// probe connects to a member as the replication role.
func (a *applier) probe(ctx context.Context, m domain.PGMember) (standby bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	cfg, err := pgx.ParseConfig(fmt.Sprintf("host=%s port=%d user=%s dbname=postgres connect_timeout=3 sslmode=prefer", m.Address, m.Port, a.c.Replication.User))
	if err != nil {
		return false, err
	}
	cfg.Password = a.password
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false, err
	}
	defer conn.Close(context.Background())
	err = conn.QueryRow(ctx, "SELECT pg_is_in_recovery()").Scan(&standby)
	return standby, err
}

// files writes harmony.conf, the include and the pg_hba.conf block, and
// says whether a setting that needs a restart changed.
func (a *applier) files() (restart bool, err error) {
	c := a.c
	conf := filepath.Join(c.DataDir, ConfFile)
	old, _ := os.ReadFile(conf)
	want := RenderConf(c)
	var writes []func() error
	if string(old) != want {
		ch := confChanges(string(old), want)
		a.changes = append(a.changes, ch...)
		for _, x := range ch {
			if postmasterSetting(strings.TrimPrefix(x.Field, "setting ")) {
				restart = true
			}
		}
		writes = append(writes, func() error { return writeFile(conf, want, 0o600) })
	}
	main := filepath.Join(c.DataDir, "postgresql.conf")
	mc, err := os.ReadFile(main)
	if err != nil && !a.dryRun {
		return false, err
	}
	if text, had := withInclude(string(mc)); !had {
		a.change("postgresql.conf", "", includeLine)
		restart = true
		writes = append(writes, func() error { return writeFile(main, text, 0o600) })
	}
	hba := filepath.Join(c.DataDir, "pg_hba.conf")
	hc, err := os.ReadFile(hba)
	if err != nil && !a.dryRun {
		return false, err
	}
	if text := withHBA(string(hc), hbaLines(c)); text != string(hc) {
		a.change("pg_hba.conf", "", "the members' replication lines")
		writes = append(writes, func() error { return writeFile(hba, text, 0o600) })
	}
	if a.dryRun {
		return restart, nil
	}
	for _, w := range writes {
		if err := w(); err != nil {
			return false, err
		}
	}
	for _, p := range []string{conf, main, hba} {
		if err := a.srv.chown(p); err != nil {
			return false, err
		}
	}
	return restart, nil
}

// postmasterSetting says whether a setting takes effect only on restart.
func postmasterSetting(name string) bool {
	switch name {
	case "listen_addresses", "port", "unix_socket_directories", "wal_level", "hot_standby", "max_wal_senders",
		"max_replication_slots", "wal_log_hints", "shared_buffers", "max_connections", "shared_preload_libraries":
		return true
	}
	return false
}

// server starts the server, or reloads or restarts it for what changed.
func (a *applier) server(ctx context.Context, restart bool) error {
	srv := a.srv
	running := srv.Running(ctx)
	switch {
	case !running:
		a.change("server", "stopped", "running")
		if a.dryRun {
			return nil
		}
		return srv.Start(ctx)
	case restart:
		a.change("server", "running", "restarted (a setting needs it)")
		if a.dryRun {
			return nil
		}
		return srv.Restart(ctx)
	case len(a.changes) > 0 && !a.dryRun:
		conn, err := srv.admin(ctx)
		if err != nil {
			return err
		}
		defer conn.Close(context.Background())
		_, err = conn.Exec(ctx, "SELECT pg_reload_conf()")
		return err
	}
	return nil
}

// role keeps the replication role on a primary: LOGIN REPLICATION, the
// password of the secret (checked by logging in with it), and what
// pg_rewind needs to read from the new primary.
func (a *applier) role(ctx context.Context) error {
	c := a.c
	conn, err := a.srv.admin(ctx)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	var exists, repl, login bool
	err = conn.QueryRow(ctx, `SELECT true, rolreplication, rolcanlogin FROM pg_roles WHERE rolname = $1`, c.Replication.User).Scan(&exists, &repl, &login)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	ok := exists && repl && login && a.passwordWorks(ctx)
	if ok {
		return nil
	}
	old := "absent"
	if exists {
		old = "present, without login, replication or the secret's password"
	}
	a.change("role "+c.Replication.User, old, "LOGIN REPLICATION, password of secretRef "+c.Replication.SecretRef)
	if a.dryRun {
		return nil
	}
	verifier, err := scramVerifier(a.password)
	if err != nil {
		return err
	}
	verb := "CREATE"
	if exists {
		verb = "ALTER"
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf("%s ROLE %s WITH LOGIN REPLICATION PASSWORD %s", verb, c.Replication.User, quoteLiteral(verifier))); err != nil {
		return fmt.Errorf("making role %s: %w", c.Replication.User, err)
	}
	if c.Version >= 15 { // pg_checkpoint is new in 15
		if _, err := conn.Exec(ctx, fmt.Sprintf("GRANT pg_checkpoint TO %s", c.Replication.User)); err != nil {
			return fmt.Errorf("letting %s ask for a checkpoint before pg_rewind: %w", c.Replication.User, err)
		}
	}
	for _, fn := range []string{"pg_ls_dir(text, boolean, boolean)", "pg_stat_file(text, boolean)", "pg_read_binary_file(text)", "pg_read_binary_file(text, bigint, bigint, boolean)"} {
		if _, err := conn.Exec(ctx, fmt.Sprintf("GRANT EXECUTE ON FUNCTION %s TO %s", fn, c.Replication.User)); err != nil {
			return fmt.Errorf("letting %s run pg_rewind: %w", c.Replication.User, err)
		}
	}
	return nil
}

// passwordWorks logs in as the replication role over TCP on localhost.
func (a *applier) passwordWorks(ctx context.Context) bool {
	_, err := a.probe(ctx, domain.PGMember{Site: a.c.Site, Address: "127.0.0.1", Port: a.c.Port})
	return err == nil
}

// slots keeps a physical slot for every other member, on every member,
// so whichever becomes primary holds the WAL its standbys need.
func (a *applier) slots(ctx context.Context, standby bool) error {
	conn, err := a.srv.admin(ctx)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(ctx, `SELECT slot_name FROM pg_replication_slots WHERE slot_type = 'physical'`)
	if err != nil {
		return err
	}
	have, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, m := range a.c.Members {
		name := SlotName(m.Site)
		if m.Site == a.c.Site || slices.Contains(have, name) {
			continue
		}
		a.change("replication slot "+name, "", "present")
		if a.dryRun {
			continue
		}
		if _, err := conn.Exec(ctx, `SELECT pg_create_physical_replication_slot($1)`, name); err != nil {
			return fmt.Errorf("making replication slot %s: %w", name, err)
		}
	}
	return nil
}

// Commit has nothing to do: each step's writes take effect as made.
func (s *Session) Commit(context.Context) error { return nil }

// Close ends the session.
func (s *Session) Close() error { return nil }

func failure(err error) domain.Outcome {
	return domain.Outcome{Status: domain.Failure, Message: err.Error()}
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "no other member"
	}
	return strings.Join(list, ", ")
}

// writeFile replaces a file whole (write a temporary, rename).
func writeFile(path, text string, mode os.FileMode) error {
	tmp := path + ".harmony-tmp"
	if err := os.WriteFile(tmp, []byte(text), mode); err != nil {
		return err
	}
	if err := os.Chmod(tmp, mode); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
