package cmd_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/lib/infra/peertest"
)

// condition adds the script condition [missing:PEER]: PEER, a program on
// PATH or "root", is missing. Scripts skip on it outside CI; in CI (CI
// set) a missing peer fails the script, since scripts/deps.sh must have
// installed it.
func condition(cond string) (bool, error) {
	peer, ok := strings.CutPrefix(cond, "missing:")
	if !ok {
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	missing := len(peertest.Missing(peer)) > 0
	if missing && os.Getenv("CI") != "" {
		return false, fmt.Errorf("needs %s, which is missing in CI: scripts/deps.sh must provide it", peer)
	}
	return missing, nil
}

func TestConditionMissing(t *testing.T) {
	for _, tc := range []struct {
		cond, ci string
		want     bool
		wantErr  bool
	}{
		{"missing:sh", "", false, false},
		{"missing:sh", "true", false, false},
		{"missing:no-such-peer-xyz", "", true, false},
		{"missing:no-such-peer-xyz", "true", false, true},
		{"frob", "", false, true},
	} {
		t.Run(tc.cond+"/CI="+tc.ci, func(t *testing.T) {
			t.Setenv("CI", tc.ci)
			got, err := condition(tc.cond)
			if got != tc.want || (err != nil) != tc.wantErr {
				t.Errorf("condition(%q) = %v, %v; want %v, error %v", tc.cond, got, err, tc.want, tc.wantErr)
			}
		})
	}
}
