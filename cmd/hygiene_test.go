package cmd_test

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoCommittedBinaries fails on any committed executable or object
// file (an ELF, Mach-O or PE header, or a file of 1 MiB or more): builds
// and test binaries belong in bin/ and .cache/, which git ignores.
func TestNoCommittedBinaries(t *testing.T) {
	cmd := exec.Command("git", "ls-files", "-z")
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	magic := [][]byte{{0x7f, 'E', 'L', 'F'}, {0xcf, 0xfa, 0xed, 0xfe}, {0xfe, 0xed, 0xfa, 0xcf}, {'M', 'Z'}}
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		path := filepath.Join("..", name)
		st, err := os.Lstat(path)
		if err != nil || !st.Mode().IsRegular() {
			continue // deleted in the work tree, or a link
		}
		if st.Size() >= 1<<20 {
			t.Errorf("%s is committed and %d bytes: keep builds and downloads out of git (bin/, .cache/)", name, st.Size())
			continue
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		head := make([]byte, 4)
		n, _ := io.ReadFull(f, head)
		f.Close()
		for _, m := range magic {
			if n >= len(m) && bytes.Equal(head[:len(m)], m) {
				t.Errorf("%s is a committed binary: remove it (git rm) and build it instead", name)
			}
		}
	}
}

// TestModuleVersionsAgree fails when two go.mod files of the workspace
// require one module at different versions: go.work builds every module
// with the highest, so a lower one in a go.mod only misleads (and is what
// a module built alone would get). Align them with go mod edit -require
// and go mod tidy.
func TestModuleVersionsAgree(t *testing.T) {
	mods, err := exec.Command("go", "list", "-m", "-f", "{{.GoMod}}").Output()
	if err != nil {
		t.Fatalf("go list -m: %v", err)
	}
	seen := map[string]map[string][]string{} // module → version → go.mod files
	for _, gomod := range strings.Fields(string(mods)) {
		out, err := exec.Command("go", "mod", "edit", "-json", gomod).Output()
		if err != nil {
			t.Fatalf("go mod edit -json %s: %v", gomod, err)
		}
		var m struct {
			Require []struct{ Path, Version string }
		}
		if err := json.Unmarshal(out, &m); err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(filepath.Dir(mustAbs(t, ".")), gomod)
		for _, r := range m.Require {
			if seen[r.Path] == nil {
				seen[r.Path] = map[string][]string{}
			}
			seen[r.Path][r.Version] = append(seen[r.Path][r.Version], rel)
		}
	}
	for path, versions := range seen {
		if len(versions) > 1 {
			t.Errorf("%s is required at %d versions: %v", path, len(versions), versions)
		}
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
