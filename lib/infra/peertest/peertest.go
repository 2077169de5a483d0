// Package peertest is how tests that drive real peers (dnsmasq, ipmi_sim,
// QEMU, git, network namespaces) ask for them: a missing peer skips the
// test on a workstation and fails it in CI (CI set), where
// scripts/deps.sh must have installed it.
package peertest

import (
	"os"
	"os/exec"
	"strings"
)

// T is the part of *testing.T that Require uses (this package stays out of
// production code's reach of the testing package).
type T interface {
	Helper()
	Fatalf(format string, args ...any)
	Skipf(format string, args ...any)
}

// Missing returns the peers of the list that are not here. A peer is a
// program on PATH, an absolute path that must exist, or "root".
func Missing(peers ...string) []string {
	var out []string
	for _, p := range peers {
		var err error
		switch {
		case p == "root":
			if os.Geteuid() != 0 {
				out = append(out, p)
			}
			continue
		case strings.HasPrefix(p, "/"):
			_, err = os.Stat(p)
		default:
			_, err = exec.LookPath(p)
		}
		if err != nil {
			out = append(out, p)
		}
	}
	return out
}

// Require skips or, in CI, fails the test when a peer is missing.
func Require(t T, peers ...string) {
	t.Helper()
	missing := Missing(peers...)
	if len(missing) == 0 {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("needs %s, missing in CI: CI runs as root and scripts/deps.sh provides the peers", strings.Join(missing, ", "))
	}
	t.Skipf("needs %s (scripts/deps.sh installs the peers; root for namespaces); skipped outside CI only", strings.Join(missing, ", "))
}
