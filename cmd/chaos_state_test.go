package cmd_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/cmd/internal/commands/plan"
	"github.com/nationtech/harmony-go/cmd/internal/commands/state"
	"github.com/nationtech/harmony-go/lib/infra/peertest"
)

// TestChaosDamagedState damages a state repository of five records at a
// seeded place — the branch deleted, the branch pointing at garbage, a
// random object (commit, tree or blob) removed — and checks harmony-state
// on it: record refuses (exit 2) and writes nothing, never a parentless
// commit over the history nor a parent of zeros; log and drift exit 1,
// naming the damage and a git repair, never a raw zlib error, after what
// they could read; no panic.
func TestChaosDamagedState(t *testing.T) {
	peertest.Require(t, "git")
	var planned bytes.Buffer
	if code := plan.Run(context.Background(), []string{"harmony-plan", "../inventory/examples/minimal/site.yaml"}, nil, &planned, &bytes.Buffer{}); code != 0 {
		t.Fatal("harmony-plan failed")
	}
	hs := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := state.Run(context.Background(), append([]string{"harmony-state"}, args...), bytes.NewReader(planned.Bytes()), &out, &errb)
		return code, out.String(), errb.String()
	}
	for seed := range 9 {
		t.Run(fmt.Sprintf("seed-%d", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(seed), 0x5354415445))
			repo := filepath.Join(t.TempDir(), "state")
			for i := range 5 {
				args := []string{"record", "--repo", repo, "--time", fmt.Sprintf("2026-11-28T1%d:00:00Z", i)}
				if i == 0 {
					args = append(args, "--init")
				}
				if code, _, errb := hs(args...); code != 0 {
					t.Fatalf("record %d: %s", i, errb)
				}
			}
			git := func(args ...string) string {
				out, _ := exec.Command("git", append([]string{"-C", repo}, args...)...).CombinedOutput()
				return strings.TrimSpace(string(out))
			}
			var damage string
			switch seed % 3 {
			case 0:
				git("update-ref", "-d", "refs/heads/main")
				damage = "branch deleted"
			case 1:
				if err := os.WriteFile(filepath.Join(repo, "refs/heads/main"), []byte("ffffffffffffffffffffffffffffffffffffffff\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				damage = "branch at a missing commit"
			case 2:
				objs := strings.Fields(git("rev-list", "--objects", "--all"))
				var hashes []string
				for _, o := range objs {
					if len(o) == 40 {
						hashes = append(hashes, o)
					}
				}
				h := hashes[rng.IntN(len(hashes))]
				damage = "object " + h + " removed (a " + git("cat-file", "-t", h) + ")"
				if err := os.Remove(filepath.Join(repo, "objects", h[:2], h[2:])); err != nil {
					t.Fatal(err)
				}
			}
			t.Logf("damage: %s", damage)
			before := git("count-objects", "-v")
			code, _, errb := hs("record", "--repo", repo, "--time", "2026-11-28T20:00:00Z")
			switch {
			case code == 0:
				// Only on a readable tip (a lost older object): the record
				// goes on top, keeping the history.
				if seed%3 != 2 || !strings.Contains(git("log", "-1", "--format=%P"), git("rev-parse", "main~1")) {
					t.Errorf("record onto %s succeeded: %s", damage, errb)
				}
			case code == 2:
				if !strings.Contains(errb, "is damaged") || !strings.Contains(errb, "git -C ") {
					t.Errorf("record refused without naming the damage and its repair: %s", errb)
				}
				if after := git("count-objects", "-v"); after != before {
					t.Errorf("a refused record wrote objects")
				}
			default:
				t.Errorf("record on %s exited %d: %s", damage, code, errb)
			}
			for _, cmd := range [][]string{{"log", "--repo", repo}, {"drift", "--repo", repo}, {"log", "--repo", repo, "--device", "gw"}} {
				code, _, errb := hs(cmd...)
				if strings.Contains(errb, "zlib") || strings.Contains(errb, "panic") {
					t.Errorf("%v: %s", cmd, errb)
				}
				if code != 0 && code != 1 {
					t.Errorf("%v exited %d: %s", cmd, code, errb)
				}
				if code == 1 && !strings.Contains(errb, "damaged") && !strings.Contains(errb, "cannot") {
					t.Errorf("%v failed without naming the damage: %s", cmd, errb)
				}
			}
		})
	}
}
