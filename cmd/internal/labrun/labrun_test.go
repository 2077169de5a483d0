package labrun

import (
	"net/netip"
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

func TestFirewallInterfaces(t *testing.T) {
	site := domain.Site{Spec: domain.SiteSpec{Networks: []domain.Network{
		{Name: "prod", CIDR: netip.MustParsePrefix("10.120.0.0/24"), Gateway: netip.MustParseAddr("10.120.0.1"), VLAN: 120},
		{Name: "mgmt", CIDR: netip.MustParsePrefix("10.99.0.0/24")},
		{Name: "dmz", CIDR: netip.MustParsePrefix("10.30.0.0/24"), Gateway: netip.MustParseAddr("10.30.0.254")},
	}}}
	dev := &domain.Device{Name: "fw1", Interfaces: map[string]string{"dmz": "opt1"}}
	var got []string
	for _, i := range firewallInterfaces(site, dev) {
		got = append(got, i.String())
	}
	want := []string{"wan=203.0.113.2/24", "lan=10.120.0.1/24@120", "opt2=10.99.0.1/24", "opt1=10.30.0.254/24"}
	if !slices.Equal(got, want) {
		t.Errorf("firewallInterfaces = %v, want %v", got, want)
	}
}
