package netlink

import (
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/lib/domain"
)

// host is a host with NICs eno0 (the default route's, addressed), eno1,
// eno2, eno3, an 802.3ad bond0 over eno1 and eno2 (MTU 9000, up) and a
// VLAN bond0.10 on it, both Harmony's, and a hand-made VLAN eno0.20.
func host() hostState {
	h := hostState{Links: map[string]*linkState{}, Default: map[string]bool{"eno0": true}}
	add := func(l linkState) { h.Links[l.Name] = &l }
	add(linkState{Name: "eno0", Kind: "device", MTU: 1500, Up: true, Addrs: []netip.Prefix{netip.MustParsePrefix("10.0.2.15/24")}})
	add(linkState{Name: "eno1", Kind: "device", MTU: 9000, Up: true, Master: "bond0", ActorState: 0x3d})
	add(linkState{Name: "eno2", Kind: "device", MTU: 9000, Up: true, Master: "bond0", ActorState: 0x3d})
	add(linkState{Name: "eno3", Kind: "device", MTU: 1500})
	add(linkState{Name: "bond0", Kind: "bond", MTU: 9000, Up: true, Alias: Managed,
		Bond: bondAttrs{Mode: "802.3ad", MIIMon: 100, LACPRate: "fast", Hash: "layer2"}})
	add(linkState{Name: "bond0.10", Kind: "vlan", MTU: 9000, Up: true, Alias: Managed, Parent: "bond0", VLANID: 10,
		Addrs: []netip.Prefix{netip.MustParsePrefix("10.10.0.21/24")}})
	add(linkState{Name: "eno0.20", Kind: "vlan", MTU: 1500, Up: true, Parent: "eno0", VLANID: 20})
	return h
}

func bond0() domain.HostBond {
	return domain.HostBond{Host: "cp0", Name: "bond0", Mode: "802.3ad", Members: []string{"eno1", "eno2"}, MTU: 9000, MIIMon: 100, LACPRate: "fast"}
}

func vlan10() domain.HostVLAN {
	return domain.HostVLAN{Host: "cp0", Name: "bond0.10", Link: "bond0", ID: 10, Addresses: []netip.Prefix{netip.MustParsePrefix("10.10.0.21/24")}}
}

func TestDiffBond(t *testing.T) {
	fast := bondAttrs{Mode: "802.3ad", MIIMon: 100, LACPRate: "fast", Hash: "layer2"}
	for _, tc := range []struct {
		name    string
		host    func(h hostState)
		want    func(b *domain.HostBond)
		changes []domain.Change
		ops     []op
		err     string
	}{
		{name: "as wanted"},
		{name: "absent", host: func(h hostState) {
			delete(h.Links, "bond0")
			h.Links["eno1"].Master, h.Links["eno2"].Master = "", ""
		},
			changes: []domain.Change{{Field: "bond", To: "802.3ad over eno1, eno2"}, {Field: "members", To: "eno1,eno2"},
				{Field: "mtu", From: "1500", To: "9000"}, {Field: "state", From: "down", To: "up"}},
			ops: []op{{Do: doCreateBond, Link: "bond0", Bond: &fast}, {Do: doAlias, Link: "bond0", To: Managed},
				{Do: doEnslave, Link: "eno1", To: "bond0"}, {Do: doEnslave, Link: "eno2", To: "bond0"},
				{Do: doMTU, Link: "bond0", N: 9000}, {Do: doUp, Link: "bond0"}}},
		{name: "MTU only", want: func(b *domain.HostBond) { b.MTU = 1500 },
			changes: []domain.Change{{Field: "mtu", From: "9000", To: "1500"}},
			ops:     []op{{Do: doMTU, Link: "bond0", N: 1500}}},
		{name: "MTU left out is not managed", want: func(b *domain.HostBond) { b.MTU = 0 }},
		{name: "lacp rate left out is the kernel's slow", want: func(b *domain.HostBond) { b.LACPRate = "" },
			changes: []domain.Change{{Field: "lacpRate", From: "fast", To: "slow"}},
			ops:     []op{{Do: doSetBond, Link: "bond0", Bond: &bondAttrs{Mode: "802.3ad", MIIMon: 100, LACPRate: "slow", Hash: "layer2"}}}},
		{name: "mode", want: func(b *domain.HostBond) { b.Mode, b.LACPRate = "active-backup", "" },
			changes: []domain.Change{{Field: "mode", From: "802.3ad", To: "active-backup"}},
			ops: []op{{Do: doSetMode, Link: "bond0", Bond: &bondAttrs{Mode: "active-backup", MIIMon: 100}},
				{Do: doEnslave, Link: "eno1", To: "bond0"}, {Do: doEnslave, Link: "eno2", To: "bond0"}}},
		{name: "a member swapped", want: func(b *domain.HostBond) { b.Members = []string{"eno1", "eno3"} },
			changes: []domain.Change{{Field: "members", From: "eno1,eno2", To: "eno1,eno3"}},
			ops:     []op{{Do: doRelease, Link: "eno2"}, {Do: doEnslave, Link: "eno3", To: "bond0"}}},
		{name: "hand-made bond adopted", host: func(h hostState) { h.Links["bond0"].Alias = "" },
			changes: []domain.Change{{Field: "alias", To: Managed}},
			ops:     []op{{Do: doAlias, Link: "bond0", To: Managed}}},
		{name: "an address", want: func(b *domain.HostBond) { b.Addresses = []netip.Prefix{netip.MustParsePrefix("10.10.0.5/24")} },
			changes: []domain.Change{{Field: "addresses", To: "10.10.0.5/24"}},
			ops:     []op{{Do: doAddAddr, Link: "bond0", To: "10.10.0.5/24"}}},
		{name: "name taken by a VLAN", want: func(b *domain.HostBond) { b.Name = "eno0.20" }, err: "eno0.20 exists and is a vlan, not a bond"},
		{name: "member of another bond", host: func(h hostState) { h.Links["eno3"].Master = "bond1" },
			want: func(b *domain.HostBond) { b.Members = []string{"eno1", "eno2", "eno3"} }, err: "member eno3 of bond bond0 is a member of bond1"},
		{name: "member missing", want: func(b *domain.HostBond) { b.Members = []string{"eno1", "eno9"} }, err: "member eno9 of bond bond0 is not a link of this host"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := host()
			if tc.host != nil {
				tc.host(h)
			}
			b := bond0()
			if tc.want != nil {
				tc.want(&b)
			}
			ch, ops, err := h.diffBond(b)
			checkDiff(t, "diffBond", ch, ops, err, tc.changes, tc.ops, tc.err)
		})
	}
}

func TestDiffVLAN(t *testing.T) {
	for _, tc := range []struct {
		name    string
		host    func(h hostState)
		want    func(v *domain.HostVLAN)
		dryRun  bool
		changes []domain.Change
		ops     []op
		err     string
	}{
		{name: "as wanted"},
		{name: "absent", host: func(h hostState) { delete(h.Links, "bond0.10") },
			changes: []domain.Change{{Field: "vlan", To: "10 on bond0"}, {Field: "state", From: "down", To: "up"}, {Field: "addresses", To: "10.10.0.21/24"}},
			ops: []op{{Do: doCreateVLAN, Link: "bond0.10", To: "bond0", N: 10}, {Do: doAlias, Link: "bond0.10", To: Managed},
				{Do: doUp, Link: "bond0.10"}, {Do: doAddAddr, Link: "bond0.10", To: "10.10.0.21/24"}}},
		{name: "on a bond a dry run has yet to make", dryRun: true, host: func(h hostState) { delete(h.Links, "bond0.10"); delete(h.Links, "bond0") },
			changes: []domain.Change{{Field: "vlan", To: "10 on bond0"}, {Field: "state", From: "down", To: "up"}, {Field: "addresses", To: "10.10.0.21/24"}},
			ops: []op{{Do: doCreateVLAN, Link: "bond0.10", To: "bond0", N: 10}, {Do: doAlias, Link: "bond0.10", To: Managed},
				{Do: doUp, Link: "bond0.10"}, {Do: doAddAddr, Link: "bond0.10", To: "10.10.0.21/24"}}},
		{name: "on a link that is not there", host: func(h hostState) { delete(h.Links, "bond0.10"); delete(h.Links, "bond0") },
			err: "link bond0 of VLAN bond0.10 does not exist"},
		{name: "another ID is made again", want: func(v *domain.HostVLAN) { v.ID = 11 },
			changes: []domain.Change{{Field: "vlan", From: "10 on bond0", To: "11 on bond0"}},
			ops: []op{{Do: doDelete, Link: "bond0.10"}, {Do: doCreateVLAN, Link: "bond0.10", To: "bond0", N: 11},
				{Do: doAlias, Link: "bond0.10", To: Managed}, {Do: doUp, Link: "bond0.10"}, {Do: doAddAddr, Link: "bond0.10", To: "10.10.0.21/24"}}},
		{name: "address moved", want: func(v *domain.HostVLAN) { v.Addresses = []netip.Prefix{netip.MustParsePrefix("10.10.0.22/24")} },
			changes: []domain.Change{{Field: "addresses", From: "10.10.0.21/24", To: "10.10.0.22/24"}},
			ops:     []op{{Do: doDelAddr, Link: "bond0.10", To: "10.10.0.21/24"}, {Do: doAddAddr, Link: "bond0.10", To: "10.10.0.22/24"}}},
		{name: "name taken by a NIC", want: func(v *domain.HostVLAN) { v.Name = "eno3" }, err: "eno3 exists and is a device, not a VLAN interface"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := host()
			if tc.host != nil {
				tc.host(h)
			}
			v := vlan10()
			if tc.want != nil {
				tc.want(&v)
			}
			ch, ops, err := h.diffVLAN(v, tc.dryRun)
			checkDiff(t, "diffVLAN", ch, ops, err, tc.changes, tc.ops, tc.err)
		})
	}
}

// TestGuard: what would cut the default route's way out is refused, and
// only that; the route may go over a VLAN on a bond.
func TestGuard(t *testing.T) {
	overBond := host()
	overBond.Default = map[string]bool{"bond0.10": true}
	for _, tc := range []struct {
		name string
		h    hostState
		ops  []op
		err  string
	}{
		{name: "enslaving the route's NIC", h: host(), ops: []op{{Do: doEnslave, Link: "eno0", To: "bond1"}}, err: "would enslave eno0 to bond1, and the default route goes out through eno0"},
		{name: "removing its address", h: host(), ops: []op{{Do: doDelAddr, Link: "eno0", To: "10.0.2.15/24"}}, err: "would remove address 10.0.2.15/24 from eno0"},
		{name: "its MTU may change", h: host(), ops: []op{{Do: doMTU, Link: "eno0", N: 9000}}},
		{name: "other NICs are free", h: host(), ops: []op{{Do: doEnslave, Link: "eno3", To: "bond0"}, {Do: doDelete, Link: "eno0.20"}}},
		{name: "a member of the bond under the route's VLAN", h: overBond, ops: []op{{Do: doRelease, Link: "eno2"}}, err: "would release eno2 from its bond, and the default route goes out through bond0.10"},
		{name: "the bond's mode", h: overBond, ops: []op{{Do: doSetMode, Link: "bond0", Bond: &bondAttrs{Mode: "active-backup"}}}, err: "would change bond bond0's mode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.h.guard(tc.ops)
			if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
				t.Fatalf("guard() = %v, want %q", err, tc.err)
			}
		})
	}
}

func TestPrune(t *testing.T) {
	h := host()
	h.Links["bond1"] = &linkState{Name: "bond1", Kind: "bond", Alias: Managed}
	h.Links["bond1.30"] = &linkState{Name: "bond1.30", Kind: "vlan", Alias: Managed, Parent: "bond1"}
	got := h.prune(map[string]bool{"bond0": true})
	want := []op{{Do: doDelete, Link: "bond0.10"}, {Do: doDelete, Link: "bond1.30"}, {Do: doDelete, Link: "bond1"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("prune() = %+v, want %+v (managed only, VLANs first; eno0.20 is hand-made)", got, want)
	}
}

func TestNegotiating(t *testing.T) {
	h := host()
	if got := h.negotiating("bond0"); len(got) != 0 {
		t.Errorf("negotiating() = %v on a formed bond", got)
	}
	h.Links["eno2"].ActorState = 0x45 // defaulted: no partner
	if got := h.negotiating("bond0"); !reflect.DeepEqual(got, []string{"eno2"}) {
		t.Errorf("negotiating() = %v, want [eno2]", got)
	}
}

// checkDiff compares a diff's result with the case's: its error, or its
// changes and ops.
func checkDiff(t *testing.T, fn string, ch []domain.Change, ops []op, err error, changes []domain.Change, wantOps []op, wantErr string) {
	t.Helper()
	if wantErr != "" {
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Fatalf("%s() error = %v, want %q", fn, err, wantErr)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ch, changes) {
		t.Errorf("changes:\n got %+v\nwant %+v", ch, changes)
	}
	if !reflect.DeepEqual(ops, wantOps) {
		t.Errorf("ops:\n got %+v\nwant %+v", ops, wantOps)
	}
}
