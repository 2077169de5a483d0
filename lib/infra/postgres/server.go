// Package postgres drives PostgreSQL clusters on a Linux site host: it
// makes a cluster (initdb, or pg_basebackup from the current primary),
// keeps its replication settings and role, and performs the moves a
// failover needs (promote, fence, follow a new primary, rejoin with
// pg_rewind). harmony-pg applies plan steps with it; harmony-agent uses
// its Server for the failover.
//
// The server's programs run as the data directory's owner (the postgres
// user when the tool runs as root, since PostgreSQL refuses to run as
// root). Local administration goes over the Unix socket in a directory
// beside the data directory (mode 0700, so only that user and root reach
// it); members
// reach each other over TCP as the replication role, with a password
// from a secret reference kept in a 0600 passfile, never in argv.
package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Server is one PostgreSQL cluster on this host.
type Server struct {
	// Bin is the directory of the version's programs, e.g.
	// /usr/lib/postgresql/15/bin.
	Bin     string
	DataDir string
	Port    int
	// User is the system user the server runs as; empty means postgres
	// when running as root, this user otherwise.
	User string
	// Timeout bounds each program run and each connection (default 60s:
	// a start replays WAL, a base backup copies the data).
	Timeout time.Duration
}

// BinDir is where Debian installs a PostgreSQL version's programs.
func BinDir(version int) string { return fmt.Sprintf("/usr/lib/postgresql/%d/bin", version) }

func (s *Server) timeout() time.Duration {
	if s.Timeout > 0 {
		return s.Timeout
	}
	return 60 * time.Second
}

// Exists reports whether the data directory holds a cluster.
func (s *Server) Exists() bool {
	_, err := os.Stat(filepath.Join(s.DataDir, "PG_VERSION"))
	return err == nil
}

// Version is the cluster's major version, from PG_VERSION.
func (s *Server) Version() (int, error) {
	b, err := os.ReadFile(filepath.Join(s.DataDir, "PG_VERSION"))
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(string(b)))
}

// Standby reports whether the cluster is set up to start as a standby.
func (s *Server) Standby() bool {
	_, err := os.Stat(filepath.Join(s.DataDir, "standby.signal"))
	return err == nil
}

// SocketDir is where the server's Unix socket is: a directory beside
// the data directory, mode 0700 owned by the server's user (so only that
// user and root reach the trusted socket), and outside what a base
// backup or a rewind copies to another member.
func (s *Server) SocketDir() string { return s.DataDir + ".run" }

// LogFile is where pg_ctl sends the server's output: beside the data
// directory, so a base backup does not copy it.
func (s *Server) LogFile() string { return s.DataDir + ".log" }

// owner is the user the programs run as, and its ids.
func (s *Server) owner() (name string, uid, gid uint32, err error) {
	name = s.User
	if name == "" {
		if os.Geteuid() != 0 {
			return "", uint32(os.Geteuid()), uint32(os.Getegid()), nil
		}
		name = "postgres"
	}
	u, err := user.Lookup(name)
	if err != nil {
		return "", 0, 0, fmt.Errorf("PostgreSQL runs as system user %s, which this host does not have: %w (install the postgresql package)", name, err)
	}
	uid64, _ := strconv.ParseUint(u.Uid, 10, 32)
	gid64, _ := strconv.ParseUint(u.Gid, 10, 32)
	return name, uint32(uid64), uint32(gid64), nil
}

// run runs one of the version's programs as the owner, bounded, and
// returns its combined output in the error when it fails. env adds
// variables (PGPASSFILE), never secrets themselves.
func (s *Server) run(ctx context.Context, prog string, env []string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	path := filepath.Join(s.Bin, prog)
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = append([]string{"PATH=/usr/bin:/bin", "LC_ALL=C", "HOME=" + filepath.Dir(s.DataDir)}, env...)
	cmd.Dir = "/"
	_, uid, gid, err := s.owner()
	if err != nil {
		return "", err
	}
	if uint32(os.Geteuid()) != uid {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: gid}}
	}
	// pg_ctl start leaves the server running with our pipes: give it
	// files, so Wait does not wait for the server to exit.
	var out bytes.Buffer
	f, err := os.CreateTemp("", "harmony-pg-*.out")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	cmd.Stdout, cmd.Stderr = f, f
	cmd.WaitDelay = time.Second
	err = cmd.Run()
	_, _ = f.Seek(0, 0)
	_, _ = out.ReadFrom(f)
	text := strings.TrimSpace(out.String())
	if err != nil {
		if ctx.Err() != nil {
			return text, fmt.Errorf("%s did not finish in %s: %s", prog, s.timeout(), lastLines(text, 3))
		}
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
			return text, fmt.Errorf("%s is not installed (looked for %s): install the postgresql-%s package", prog, path, filepath.Base(filepath.Dir(s.Bin)))
		}
		return text, fmt.Errorf("%s failed: %s", prog, lastLines(text, 5))
	}
	return text, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " / ")
}

// chown gives a path to the owner.
func (s *Server) chown(path string) error {
	_, uid, gid, err := s.owner()
	if err != nil {
		return err
	}
	if uint32(os.Geteuid()) == uid {
		return nil
	}
	return os.Chown(path, int(uid), int(gid))
}

// prepareParent makes the data directory's parent exist, owned by the
// server's user when it had to be made, so pg_ctl can write the log.
func (s *Server) prepareParent() error {
	parent := filepath.Dir(s.DataDir)
	if _, err := os.Stat(parent); err == nil {
		return nil
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	return s.chown(parent)
}

// InitDB makes a new cluster: the postgres superuser reachable only over
// the local socket (trust: the socket is in a 0700 directory),
// every TCP connection by password.
func (s *Server) InitDB(ctx context.Context) error {
	if err := s.prepareParent(); err != nil {
		return err
	}
	return s.madeWhole(func(dir string) error {
		_, err := s.run(ctx, "initdb", nil, "-D", dir, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C")
		return err
	})
}

// madeWhole makes a cluster in a directory beside the data directory and
// renames it into place once whole: a run cut off while making it (a
// kill, a power cut, a timeout) leaves no half cluster the next run would
// take for a made one; the next run starts again.
func (s *Server) madeWhole(make func(dir string) error) error {
	tmp := s.DataDir + ".making"
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	if err := make(tmp); err != nil {
		_ = os.RemoveAll(tmp)
		return err
	}
	return os.Rename(tmp, s.DataDir)
}

// BaseBackup makes the cluster a copy of the primary at conninfo (a
// key=value connection string naming a passfile), to start as its
// standby.
func (s *Server) BaseBackup(ctx context.Context, conninfo string) error {
	if err := s.prepareParent(); err != nil {
		return err
	}
	return s.madeWhole(func(dir string) error {
		_, err := s.run(ctx, "pg_basebackup", nil, "-d", conninfo, "-D", dir, "-X", "stream", "-c", "fast")
		return err
	})
}

// Running reports whether the server answers on its socket.
func (s *Server) Running(ctx context.Context) bool {
	c, err := s.Connect(ctx)
	if err != nil {
		return false
	}
	c.Close(context.Background())
	return true
}

// Start starts the server and waits until it accepts connections.
func (s *Server) Start(ctx context.Context) error {
	if err := os.MkdirAll(s.SocketDir(), 0o700); err != nil {
		return err
	}
	if err := os.Chmod(s.SocketDir(), 0o700); err != nil {
		return err
	}
	if err := s.chown(s.SocketDir()); err != nil {
		return err
	}
	_, err := s.run(ctx, "pg_ctl", nil, "-D", s.DataDir, "-l", s.LogFile(), "-w", "-t", strconv.Itoa(int(s.timeout().Seconds())), "-o", "-c port="+strconv.Itoa(s.Port), "start")
	if err != nil {
		tail := ""
		if b, rerr := os.ReadFile(s.LogFile()); rerr == nil {
			tail = ": " + lastLines(string(b), 3)
		}
		return fmt.Errorf("%w (the server's log, %s%s)", err, s.LogFile(), tail)
	}
	return nil
}

// Stop stops the server: mode fast (roll back sessions, checkpoint) or
// immediate (no checkpoint; the next start recovers). A server not
// running is stopped already.
func (s *Server) Stop(ctx context.Context, mode string) error {
	out, err := s.run(ctx, "pg_ctl", nil, "-D", s.DataDir, "-m", mode, "-w", "stop")
	switch {
	case err == nil:
		return nil
	case strings.Contains(out, "Is server running?") || strings.Contains(out, "PID file") && strings.Contains(out, "does not exist"):
		return nil
	case strings.Contains(out, "could not send stop signal") && strings.Contains(out, "No such process"):
		// The postmaster died (killed, a power cut) and left its PID
		// file: it is stopped; the file goes, so the next start and
		// pg_rewind do not take it for a running server.
		_ = os.Remove(filepath.Join(s.DataDir, "postmaster.pid"))
		return nil
	}
	return err
}

// Restart restarts the server (settings that need it).
func (s *Server) Restart(ctx context.Context) error {
	if err := s.Stop(ctx, "fast"); err != nil {
		return err
	}
	return s.Start(ctx)
}

// Promote ends recovery: the standby becomes a primary. It then
// checkpoints, so its control file names its new timeline at once: a
// former primary's pg_rewind reads the timeline there, and before that
// checkpoint would find "no rewind required" and stay diverged.
func (s *Server) Promote(ctx context.Context) error {
	if _, err := s.run(ctx, "pg_ctl", nil, "-D", s.DataDir, "-w", "promote"); err != nil {
		return err
	}
	c, err := s.admin(ctx)
	if err != nil {
		return err
	}
	defer c.Close(context.Background())
	_, err = c.Exec(ctx, "CHECKPOINT")
	return err
}

// Rewind makes a stopped former primary a copy of the new primary's
// timeline (pg_rewind, then recovery as the new primary's standby), and
// returns what pg_rewind said last.
func (s *Server) Rewind(ctx context.Context, conninfo string) (string, error) {
	out, err := s.run(ctx, "pg_rewind", nil, "-D", s.DataDir, "--source-server="+conninfo)
	// Its own lines only: the single-user recovery it runs first prints
	// the server's log in between.
	var own []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "pg_rewind: ") {
			own = append(own, strings.TrimPrefix(line, "pg_rewind: "))
		}
	}
	said := lastLines(strings.Join(own, "\n"), 2)
	if err != nil {
		return said, fmt.Errorf("pg_rewind failed: %s", said)
	}
	return said, nil
}

// Connect opens a superuser session over the server's socket.
func (s *Server) Connect(ctx context.Context) (*pgx.Conn, error) { return s.connect(ctx, nil) }

// admin opens harmony's own session: its writes (roles, slots) commit
// locally, since a new synchronous primary has no standby to wait for.
func (s *Server) admin(ctx context.Context) (*pgx.Conn, error) {
	return s.connect(ctx, map[string]string{"synchronous_commit": "local"})
}

func (s *Server) connect(ctx context.Context, params map[string]string) (*pgx.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, min(s.timeout(), 5*time.Second))
	defer cancel()
	cfg, err := pgx.ParseConfig("")
	if err != nil {
		return nil, err
	}
	cfg.Host = s.SocketDir()
	cfg.Port = uint16(s.Port)
	cfg.User = "postgres"
	cfg.Database = "postgres"
	cfg.Password = ""
	cfg.ConnectTimeout = 5 * time.Second
	cfg.RuntimeParams = map[string]string{"application_name": "harmony"}
	for k, v := range params {
		cfg.RuntimeParams[k] = v
	}
	cfg.Fallbacks = nil
	return pgx.ConnectConfig(ctx, cfg)
}

// Status is what a cluster says of itself.
type Status struct {
	Running bool   `json:"running"`
	Standby bool   `json:"standby"` // in recovery
	LSN     string `json:"lsn,omitempty"`
	// Position is LSN as a number, for comparing members.
	Position uint64 `json:"-"`
	Timeline int    `json:"timeline,omitempty"`
	// Streaming is, on a standby, the primary it receives WAL from.
	Streaming string `json:"streaming,omitempty"`
}

// Status reads the server's role and WAL position: on a primary its
// current position, on a standby the furthest it received (or replayed).
func (s *Server) Status(ctx context.Context) (Status, error) {
	c, err := s.Connect(ctx)
	if err != nil {
		return Status{}, err
	}
	defer c.Close(context.Background())
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var st Status
	st.Running = true
	var lsn *string
	err = c.QueryRow(ctx, `SELECT pg_is_in_recovery(),
		CASE WHEN pg_is_in_recovery() THEN greatest(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::text ELSE pg_current_wal_lsn()::text END,
		(SELECT timeline_id FROM pg_control_checkpoint())`).Scan(&st.Standby, &lsn, &st.Timeline)
	if err != nil {
		return Status{}, err
	}
	if lsn != nil {
		st.LSN = *lsn
		st.Position = ParseLSN(*lsn)
	}
	if st.Standby {
		var host *string
		_ = c.QueryRow(ctx, `SELECT sender_host FROM pg_stat_wal_receiver WHERE status = 'streaming'`).Scan(&host)
		if host != nil {
			st.Streaming = *host
		}
	}
	return st, nil
}

// ParseLSN reads a WAL position written X/Y.
func ParseLSN(s string) uint64 {
	hi, lo, ok := strings.Cut(s, "/")
	if !ok {
		return 0
	}
	h, err1 := strconv.ParseUint(hi, 16, 32)
	l, err2 := strconv.ParseUint(lo, 16, 32)
	if err1 != nil || err2 != nil {
		return 0
	}
	return h<<32 | l
}

// Follow points a standby at another primary (primary_conninfo, which
// PostgreSQL takes on reload), and does nothing when it points there.
func (s *Server) Follow(ctx context.Context, conninfo string) (changed bool, err error) {
	c, err := s.admin(ctx)
	if err != nil {
		return false, err
	}
	defer c.Close(context.Background())
	var cur string
	if err := c.QueryRow(ctx, `SELECT setting FROM pg_settings WHERE name = 'primary_conninfo'`).Scan(&cur); err != nil {
		return false, err
	}
	if cur == conninfo {
		return false, nil
	}
	if _, err := c.Exec(ctx, "ALTER SYSTEM SET primary_conninfo = "+quoteLiteral(conninfo)); err != nil {
		return false, err
	}
	if _, err := c.Exec(ctx, "SELECT pg_reload_conf()"); err != nil {
		return false, err
	}
	return true, nil
}

// quoteLiteral quotes s as an SQL string literal.
func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
