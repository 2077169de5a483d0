package peertest_test

import (
	"slices"
	"testing"

	"github.com/nationtech/harmony-go/lib/infra/peertest"
)

func TestMissing(t *testing.T) {
	got := peertest.Missing("sh", "no-such-peer-xyz", "/", "/no/such/path")
	if want := []string{"no-such-peer-xyz", "/no/such/path"}; !slices.Equal(got, want) {
		t.Errorf("Missing() = %v, want %v", got, want)
	}
}
