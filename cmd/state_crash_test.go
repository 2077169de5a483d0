package cmd_test

import (
	"bytes"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/cmd/internal/sitegen"
	"github.com/nationtech/harmony-go/lib/infra/peertest"
)

// TestStateSurvivesKill kills harmony-state record at random points of
// large records and checks, each time, that the repository is valid for
// git and that the next record works.
func TestStateSurvivesKill(t *testing.T) {
	peertest.Require(t, "git")
	dir := t.TempDir()
	bin := buildTools(t, filepath.Join(dir, "bin"), "harmony-state", "harmony-plan")
	site := filepath.Join(dir, "site")
	if err := sitegen.Generate(site, 1000); err != nil {
		t.Fatal(err)
	}
	plan, err := exec.Command(filepath.Join(bin, "harmony-plan"), site).Output()
	if err != nil {
		t.Fatal(err)
	}
	repo := filepath.Join(dir, "state")
	record := func() *exec.Cmd {
		c := exec.Command(filepath.Join(bin, "harmony-state"), "record", "--init", "--repo", repo)
		c.Stdin = bytes.NewReader(plan)
		return c
	}
	if err := record().Run(); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 12 {
		c := record()
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.IntN(120)) * time.Millisecond)
		_ = c.Process.Kill()
		_ = c.Wait()
		if out, err := exec.Command("git", "-C", repo, "fsck", "--strict", "--no-dangling").CombinedOutput(); err != nil {
			t.Fatalf("kill %d: git fsck: %v\n%s", i, err, out)
		}
		if out, err := exec.Command("git", "-C", repo, "log", "--oneline", "-1").Output(); err != nil || !strings.Contains(string(out), "site bench") {
			t.Fatalf("kill %d: git log = %q, %v", i, out, err)
		}
	}
	if err := record().Run(); err != nil {
		t.Fatalf("a record after the kills: %v", err)
	}
}
