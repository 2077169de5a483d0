package cmd_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	toolreg "github.com/nationtech/harmony-go/cmd/internal/tools"
	"github.com/nationtech/harmony-go/lib/domain"
)

const repo = "github.com/nationtech/harmony-go/"

type pkg struct {
	ImportPath string
	Dir        string
	Doc        string
	Name       string
	Imports    []string
	Standard   bool
}

// workspacePackages lists every package of every module of go.work.
func workspacePackages(t *testing.T) []pkg {
	t.Helper()
	root, _ := filepath.Abs("..")
	mods, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}/...").Output()
	if err != nil {
		t.Fatalf("go list -m: %v", err)
	}
	args := append([]string{"list", "-json"}, strings.Fields(string(mods))...)
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -json: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 10 {
		t.Fatalf("found only %d packages; the listing is broken", len(pkgs))
	}
	return pkgs
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// TestDependencyRules keeps the architecture's layering true: lib/domain
// imports only the standard library; Scores import only lib/domain and
// other Scores; adapters and libraries never import Scores; no tool links
// a package that imports testing (test-support packages such as the
// conformance suite may, as long as only tests import them).
func TestDependencyRules(t *testing.T) {
	withTesting := map[string]bool{}
	for _, p := range workspacePackages(t) {
		rel := strings.TrimPrefix(p.ImportPath, repo)
		for _, imp := range p.Imports {
			internal := strings.HasPrefix(imp, repo)
			switch {
			case strings.HasPrefix(rel, "lib/domain") && !isStd(imp):
				t.Errorf("%s imports %s: lib/domain may import only the standard library", rel, imp)
			case strings.HasPrefix(rel, "modules") && !isStd(imp) &&
				!strings.HasPrefix(imp, repo+"lib/domain") && !strings.HasPrefix(imp, repo+"modules"):
				t.Errorf("%s imports %s: a Score may import only lib/domain and other Scores", rel, imp)
			case strings.HasPrefix(rel, "lib/") && internal && strings.HasPrefix(imp, repo+"modules"):
				t.Errorf("%s imports %s: adapters and libraries never import Scores", rel, imp)
			case imp == "testing" && !strings.HasSuffix(p.Name, "_test"):
				withTesting[p.ImportPath] = true
			}
		}
	}
	tools, _ := filepath.Glob("harmony-*")
	for _, tool := range tools {
		deps, err := os.ReadFile(filepath.Join(tool, "deps.txt"))
		if err != nil {
			t.Errorf("%s: %v; run make deplist", tool, err)
			continue
		}
		for _, d := range strings.Fields(string(deps)) {
			if withTesting[d] {
				t.Errorf("%s links %s, which imports testing: production code must not", tool, strings.TrimPrefix(d, repo))
			}
		}
	}
}

// TestPackageDocs checks that every package says what it provides.
func TestPackageDocs(t *testing.T) {
	for _, p := range workspacePackages(t) {
		if p.Doc == "" && p.Name != "" && !strings.HasSuffix(p.ImportPath, "/cmd") {
			t.Errorf("package %s has no doc comment", p.ImportPath)
		}
	}
}

// TestDependencyLists fails when a tool links packages its checked-in
// cmd/<tool>/deps.txt does not list (or no longer links listed ones):
// run make deplist and review what changed.
func TestDependencyLists(t *testing.T) {
	dirs, _ := filepath.Glob("harmony-*")
	if len(dirs) == 0 {
		t.Fatal("no tools found")
	}
	for _, dir := range dirs {
		want, err := os.ReadFile(filepath.Join(dir, "deps.txt"))
		if err != nil {
			t.Errorf("%s: %v; run make deplist", dir, err)
			continue
		}
		out, err := exec.Command("../scripts/deplist.sh", "./"+dir).Output()
		if err != nil {
			t.Fatalf("deplist %s: %v", dir, err)
		}
		if !bytes.Equal(out, want) {
			t.Errorf("%s links other packages than %s/deps.txt lists; run make deplist and review the change", dir, dir)
		}
		// Only harmony-k8s links client-go: the small tools stay small
		// and start fast (make bench measures it).
		if dir != "harmony-k8s" && bytes.Contains(want, []byte("\nk8s.io/")) {
			t.Errorf("%s links Kubernetes' client packages; only harmony-k8s may", dir)
		}
	}
}

// TestToolsRegistry: cmd/internal/tools lists exactly the cmd/harmony-*
// folders, and every tool lib/domain's provider registry names is one.
func TestToolsRegistry(t *testing.T) {
	dirs, _ := filepath.Glob("harmony-*")
	listed := map[string]bool{}
	for _, tl := range toolreg.All() {
		listed[tl.Name] = true
	}
	for _, d := range dirs {
		if !listed[d] {
			t.Errorf("cmd/%s is not in cmd/internal/tools: add it there", d)
		}
		delete(listed, d)
	}
	for name := range listed {
		t.Errorf("cmd/internal/tools lists %s, which has no cmd/%s folder", name, name)
	}
	for _, name := range domain.Tools() {
		if _, err := os.Stat(name); err != nil {
			t.Errorf("lib/domain's registry says %s drives providers, but there is no cmd/%s", name, name)
		}
	}
}

// TestManualsUpToDate fails when a manual in docs/tools/ differs from the
// one its command definitions make: run make manuals.
func TestManualsUpToDate(t *testing.T) {
	for _, tl := range toolreg.All() {
		var out, stderr bytes.Buffer
		if code := tl.Run(context.Background(), []string{tl.Name, "--manual"}, nil, &out, &stderr); code != 0 {
			t.Fatalf("%s --manual: exit %d: %s", tl.Name, code, stderr.String())
		}
		have, err := os.ReadFile(filepath.Join("..", "docs", "tools", tl.Name+".md"))
		if err != nil || !bytes.Equal(have, out.Bytes()) {
			t.Errorf("docs/tools/%s.md differs from %s --manual (or is missing: %v); run make manuals", tl.Name, tl.Name, err)
		}
	}
}
