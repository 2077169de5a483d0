package domain_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/nationtech/harmony-go/lib/domain"
)

func TestMerge(t *testing.T) {
	mac := func(s string) domain.MAC { m, _ := domain.ParseMAC(s); return m }
	declared := func() *domain.Inventory {
		return &domain.Inventory{Spec: domain.InventorySpec{Hosts: []domain.Host{{Name: "cp0",
			BMC:  &domain.BMC{Address: "10.0.0.1:623"},
			NICs: []domain.NIC{{Name: "eno1", MAC: mac("52:54:00:aa:00:01")}, {Name: "eno2", MAC: mac("52:54:00:aa:00:02"), Switch: "sw1", Port: "1/1/2"}}}}}}
	}
	found := &domain.Inventory{Spec: domain.InventorySpec{Hosts: []domain.Host{
		{Name: "cp0", BMC: &domain.BMC{MAC: mac("52:54:00:bb:00:01"), Source: "ipmi"},
			Hardware: &domain.Hardware{Product: "X11", Serial: "S1", Source: "ipmi"},
			NICs: []domain.NIC{{Name: "eno1", MAC: mac("52:54:00:aa:00:01"), Switch: "sw1", Port: "1/1/1"},
				{Name: "eno2", MAC: mac("52:54:00:aa:00:02"), Switch: "sw1", Port: "1/1/9"}, {Name: "eno9", MAC: mac("52:54:00:aa:00:09")}}},
		{Name: "stranger"},
	}}}
	inv := declared()
	got := inv.Merge(found, "found.json")
	want := []domain.Finding{
		{Host: "cp0", Disagreement: true, Msg: "NIC eno2's switch port is declared sw1 1/1/2 but LLDP on sw1 says sw1 1/1/9"},
		{Host: "cp0", Msg: "NIC eno9 (52:54:00:aa:00:09) was discovered but is not declared"},
		{Host: "stranger", Msg: "was discovered (found.json) but is not declared; add it to the inventory to use it"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Merge findings = %+v\nwant %+v", got, want)
	}
	h := inv.Spec.Hosts[0]
	if h.BMC.MAC != mac("52:54:00:bb:00:01") || h.Hardware.Product != "X11" || h.Hardware.Source != "ipmi" || h.NICs[0].Port != "1/1/1" || h.NICs[1].Port != "1/1/2" {
		t.Errorf("merged host = %+v %+v %+v", h.BMC, h.Hardware, h.NICs)
	}
	before, _ := json.Marshal(inv)
	inv.Merge(found, "found.json")
	if after, _ := json.Marshal(inv); string(after) != string(before) {
		t.Error("merging the same facts twice changed the inventory")
	}
	if s := got[2].String(); s != "host stranger was discovered (found.json) but is not declared; add it to the inventory to use it" {
		t.Errorf("String() = %q", s)
	}
}
