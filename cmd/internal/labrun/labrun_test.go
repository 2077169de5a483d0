package labrun

import (
	"slices"
	"testing"

	"github.com/nationtech/harmony-go/lib/domain"
)

// TestEveryProviderHasAPeer: the lab knows, for every provider of the
// registry, what stands for it, or says why nothing does.
func TestEveryProviderHasAPeer(t *testing.T) {
	names := domain.ProviderNames()
	for _, p := range names {
		pe, ok := peers[p]
		switch {
		case !ok:
			t.Errorf("provider %s has no entry in peers: add what stands for it in the lab (or why nothing does)", p)
		case pe.start == nil && pe.without == "":
			t.Errorf("provider %s: no peer, and no reason given", p)
		case pe.start != nil && pe.stage == nil:
			t.Errorf("provider %s: a peer but no pipeline stage", p)
		}
	}
	for p := range peers {
		if !slices.Contains(names, p) {
			t.Errorf("peers has %s, which is not a provider of lib/domain's registry", p)
		}
	}
}
