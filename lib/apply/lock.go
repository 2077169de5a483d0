package apply

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Locker keeps two runs from applying to one device at once, across
// processes on this host: a second cron run waits for the first, up to
// Wait, then fails that device's steps instead of interleaving.
type Locker struct {
	Dir  string        // where lock files live; created when missing
	Wait time.Duration // how long to wait for a device another run holds
}

// DefaultLockDir is where locks live unless HARMONY_LOCK_DIR says
// otherwise: /run/lock/harmony when it can be created, else the temp dir.
func DefaultLockDir() string {
	if d := os.Getenv("HARMONY_LOCK_DIR"); d != "" {
		return d
	}
	if err := os.MkdirAll("/run/lock/harmony", 0o755); err == nil {
		return "/run/lock/harmony"
	}
	return filepath.Join(os.TempDir(), "harmony-locks")
}

// Lock takes the lock of one device of a site and returns its release.
func (l *Locker) Lock(ctx context.Context, site, device string) (func(), error) {
	if err := os.MkdirAll(l.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the lock directory: %w", err)
	}
	path := filepath.Join(l.Dir, site+"-"+device+".lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot open the lock of %s: %w", device, err)
	}
	deadline := time.Now().Add(l.Wait)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("cannot lock %s: %w", device, err)
		}
		if time.Now().After(deadline) {
			holder, _ := os.ReadFile(path)
			f.Close()
			return nil, fmt.Errorf("device %s is being applied by another harmony run (%s; lock %s); waited %s — "+
				"let it finish, or raise --lock-wait", device, orUnknown(strings.TrimSpace(string(holder))), path, l.Wait)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	// Who holds it, for the run that waits: on a lock directory shared by
	// several hosts (NFSv4, where flock locks across clients) the host
	// matters as much as the pid.
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(holder()+"\n"), 0)
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// holder names this run: pid, host, user and since when.
func holder() string {
	host, _ := os.Hostname()
	user := os.Getenv("USER")
	if user == "" {
		user = "uid " + strconv.Itoa(os.Getuid())
	}
	return fmt.Sprintf("pid %d on %s, user %s, since %s", os.Getpid(), host, user, time.Now().UTC().Format(time.RFC3339))
}

func orUnknown(s string) string {
	if s == "" {
		return "holder unknown"
	}
	return s
}

// Journal keeps, next to a device's lock, the steps a run wrote to the
// device and had not yet had it take (Session.Commit): when the run dies
// between the two (kill -9, a lost connection at the reload), the next
// run finds them and has the device take them first (Finisher).
type Journal struct {
	Dir string
}

func (j Journal) path(site, device string) string {
	return filepath.Join(j.Dir, site+"-"+device+".uncommitted")
}

// Record notes the steps a device may hold untaken. It replaces the
// journal whole (a temporary file renamed over it): a run killed while
// recording leaves the old journal or the new one, never an empty one.
func (j Journal) Record(site, device string, steps []string) error {
	if err := os.MkdirAll(j.Dir, 0o755); err != nil {
		return err
	}
	path := j.path(site, device)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(strings.Join(steps, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Done forgets what a device took.
func (j Journal) Done(site, device string) error {
	err := os.Remove(j.path(site, device))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// Pending returns the steps an earlier run wrote to a device and did not
// see it take; none when every run committed.
func (j Journal) Pending(site, device string) []string {
	data, err := os.ReadFile(j.path(site, device))
	if err != nil {
		return nil
	}
	return strings.Fields(string(data))
}
