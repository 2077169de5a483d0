package gitstate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func gitCLI(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

var sig = Signature{Name: "harmony", Email: "harmony@lab.example.net", When: time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)}

func TestRecordIsAGitCommit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the git CLI cross-check needs git (scripts/deps.sh installs it)")
	}
	dir := filepath.Join(t.TempDir(), "state")
	r, err := Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"plan.json": []byte("{}\n"), "devices/fw1.json": []byte("[1]\n"), "devices/sw1.json": []byte("[2]\n")}
	h1, err := r.Record(context.Background(), files, "first\n\nbody", sig)
	if err != nil {
		t.Fatal(err)
	}
	files["devices/fw1.json"] = []byte("[3]\n")
	h2, err := r.Record(context.Background(), files, "second", sig)
	if err != nil {
		t.Fatal(err)
	}
	gitCLI(t, dir, "fsck", "--strict")
	if log := gitCLI(t, dir, "log", "--format=%H %an %s", "main"); log != h2+" harmony second\n"+h1+" harmony first\n" {
		t.Errorf("git log =\n%s", log)
	}
	if got := gitCLI(t, dir, "show", "main:devices/fw1.json"); got != "[3]\n" {
		t.Errorf("git show = %q", got)
	}
	if got := gitCLI(t, dir, "diff", "--stat", h1, h2); !strings.Contains(got, "devices/fw1.json | 2 +-") {
		t.Errorf("git diff --stat = %q", got)
	}
	// Tags, light and annotated, and relative revisions.
	gitCLI(t, dir, "tag", "light", h1)
	gitCLI(t, dir, "-c", "user.name=t", "-c", "user.email=t@t", "tag", "-a", "heavy", "-m", "x", h2)
	for rev, want := range map[string]string{"light": h1, "heavy": h2, "HEAD": h2, "HEAD^": h1, "main~1": h1, h2: h2} {
		if c, err := r.Resolve(rev); err != nil || c.Hash != want {
			t.Errorf("Resolve(%q) = %v, %v; want %s", rev, c, err, want)
		}
	}
	if _, err := r.Resolve("HEAD~2"); err == nil || !strings.Contains(err.Error(), "goes past the first record") {
		t.Errorf("Resolve(HEAD~2) = %v", err)
	}
	// Reading back through go-git.
	c, err := r.Resolve("main~1")
	if err != nil || c.Hash != h1 {
		t.Fatalf("Resolve(main~1) = %v, %v", c, err)
	}
	fs, err := c.Files("devices")
	if err != nil || len(fs) != 2 || fs[0].Path != "devices/fw1.json" || string(fs[0].Data) != "[1]\n" {
		t.Errorf("Files(devices) = %+v, %v", fs, err)
	}
}

// TestCrashLeavesTheRepositoryValid stops a record after its objects are
// written and before the branch moves, as a crash would.
func TestCrashLeavesTheRepositoryValid(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	r, _ := Init(dir)
	first, err := r.Record(context.Background(), map[string][]byte{"a": []byte("1")}, "first", sig)
	if err != nil {
		t.Fatal(err)
	}
	hook = func(stage string) { panic("crash at " + stage) }
	func() {
		defer func() { _ = recover() }()
		_, _ = r.Record(context.Background(), map[string][]byte{"a": []byte("2")}, "crashed", sig)
	}()
	hook = nil
	r2, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	log, err := r2.Log()
	if err != nil || len(log) != 1 || log[0].Hash != first {
		t.Fatalf("after the crash: %d commits, %v; want only the first", len(log), err)
	}
	if _, err := exec.LookPath("git"); err == nil {
		gitCLI(t, dir, "fsck", "--strict")
	}
	if _, err := r2.Record(context.Background(), map[string][]byte{"a": []byte("3")}, "after", sig); err != nil {
		t.Fatalf("a record after the crash: %v", err)
	}
}

// TestConcurrentRecordsSerialise: records started at once all land, one
// after the other.
func TestConcurrentRecordsSerialise(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	if _, err := Init(dir); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			r, err := Open(dir) // each its own handle, as separate processes would
			if err != nil {
				t.Error(err)
				return
			}
			if _, err := r.Record(context.Background(), map[string][]byte{"n": []byte(fmt.Sprint(i))}, fmt.Sprint("record ", i), sig); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	r, _ := Open(dir)
	log, err := r.Log()
	if err != nil || len(log) != 8 {
		t.Fatalf("%d commits (%v), want 8 in one line", len(log), err)
	}
}

func TestErrors(t *testing.T) {
	if _, err := Open(t.TempDir()); err == nil || !strings.Contains(err.Error(), "harmony-state record --init") {
		t.Errorf("Open(empty dir) = %v", err)
	}
	r, _ := Init(filepath.Join(t.TempDir(), "s"))
	if _, err := r.Resolve("nope"); err == nil || !strings.Contains(err.Error(), `revision "nope"`) {
		t.Errorf("Resolve(nope) = %v", err)
	}
	if log, err := r.Log(); err != nil || len(log) != 0 {
		t.Errorf("Log of an empty repository = %v, %v", log, err)
	}
}

// TestDamagedRepository: a branch deleted, a garbage ref, a missing
// object. Nothing is recorded onto them (no parentless commit over a
// history, no parent of zeros); reads give what can be read, and every
// error names the damage and the git command that repairs it.
func TestDamagedRepository(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("damaging the repository needs the git CLI (scripts/deps.sh installs it)")
	}
	setup := func(t *testing.T) (*Repo, string, []string) {
		dir := filepath.Join(t.TempDir(), "state")
		r, err := Init(dir)
		if err != nil {
			t.Fatal(err)
		}
		var hs []string
		for i := range 3 {
			s := sig
			s.When = s.When.Add(time.Duration(i) * time.Hour)
			h, err := r.Record(context.Background(), map[string][]byte{"plan.json": []byte(fmt.Sprintf("{%d}\n", i))}, fmt.Sprintf("record %d", i), s)
			if err != nil {
				t.Fatal(err)
			}
			hs = append(hs, h)
		}
		return r, dir, hs
	}
	refused := func(t *testing.T, r *Repo, dir string, want ...string) {
		t.Helper()
		before := gitCLI(t, dir, "count-objects", "-v")
		_, err := r.Record(context.Background(), map[string][]byte{"plan.json": []byte("{x}\n")}, "onto damage", sig)
		var de *DamageError
		if !errors.As(err, &de) {
			t.Fatalf("Record onto a damaged repository: %v", err)
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q lacks %q", err, w)
			}
		}
		if after := gitCLI(t, dir, "count-objects", "-v"); after != before {
			t.Errorf("a refused record wrote objects:\n%s\n%s", before, after)
		}
	}
	t.Run("branch deleted", func(t *testing.T) {
		r, dir, hs := setup(t)
		gitCLI(t, dir, "update-ref", "-d", "refs/heads/main")
		if cs, err := r.Log(); len(cs) != 0 || err == nil || !strings.Contains(err.Error(), "branch main is missing, though the repository holds 3 records") {
			t.Errorf("Log = %d, %v", len(cs), err)
		}
		refused(t, r, dir, "git -C "+dir+" update-ref refs/heads/main "+hs[2])
		gitCLI(t, dir, "update-ref", "refs/heads/main", hs[2]) // the fix it gives
		if cs, err := r.Log(); len(cs) != 3 || err != nil {
			t.Errorf("after the repair: %d, %v", len(cs), err)
		}
	})
	t.Run("garbage ref", func(t *testing.T) {
		r, dir, hs := setup(t)
		if err := os.WriteFile(filepath.Join(dir, "refs/heads/main"), []byte("not a hash at all\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Log(); err == nil || !strings.Contains(err.Error(), "refs/heads/main is not usable") {
			t.Errorf("Log: %v", err)
		}
		refused(t, r, dir, "update-ref refs/heads/main "+hs[2])
	})
	t.Run("missing object", func(t *testing.T) {
		r, dir, hs := setup(t)
		obj := filepath.Join(dir, "objects", hs[1][:2], hs[1][2:])
		if err := os.Remove(obj); err != nil {
			t.Fatal(err)
		}
		cs, err := r.Log()
		var de *DamageError
		if len(cs) != 1 || cs[0].Hash != hs[2] || !errors.As(err, &de) || !strings.Contains(err.Error(), "record "+hs[1]+", the parent of the 1 newest, cannot be read") ||
			!strings.Contains(err.Error(), "fsck") {
			t.Errorf("Log = %d commits, %v", len(cs), err)
		}
		// The tip is readable: a record goes on it, keeping the history.
		h, err := r.Record(context.Background(), map[string][]byte{"plan.json": []byte("{4}\n")}, "on a readable tip", sig)
		if err != nil {
			t.Fatal(err)
		}
		if p := strings.TrimSpace(gitCLI(t, dir, "rev-parse", h+"^")); p != hs[2] {
			t.Errorf("parent %s, want %s", p, hs[2])
		}
	})
}
