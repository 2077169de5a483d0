package brocade

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/brocade/brocadetest"
)

const lldpDetail = `Total number of LLDP neighbors on all ports: 2
Local port: 1/1/1
  Neighbor: 3cec.ef12.3456, TTL 101 seconds
    + Chassis ID (MAC address): 3cec.ef12.3456
    + Port ID (MAC address): 3cec.ef12.3457
    + Time to live: 120 seconds
    + System name         : "srv01"
    + Port description    : "eno1"
    + System capabilities : station
      Enabled capabilities: station

Local port: 1/1/5
  Neighbor: 94b3.4f30.4788, TTL 110 seconds
    + Chassis ID (MAC address): 94b3.4f30.4788
    + Port ID (interface name): "GigabitEthernet1/1/7"
    + System name         : "sw2"
`

func TestParseLLDP(t *testing.T) {
	got, err := ParseLLDP(lldpDetail)
	if err != nil {
		t.Fatal(err)
	}
	want := []Neighbor{
		{Port: "1/1/1", ChassisMAC: "3c:ec:ef:12:34:56", PortMAC: "3c:ec:ef:12:34:57", PortDescription: "eno1", SystemName: "srv01"},
		{Port: "1/1/5", ChassisMAC: "94:b3:4f:30:47:88", PortID: "GigabitEthernet1/1/7", SystemName: "sw2"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseLLDP:\n got %+v\nwant %+v", got, want)
	}
}

func TestParseMACTable(t *testing.T) {
	text := "Total active entries from all ports = 3\nMAC-Address     Port                 Type         VLAN\n" +
		"3cec.ef12.3456  lg11                 Dynamic      10\n0010.20d0.b22b  1/2/1                Dynamic      1\n" +
		"MAC-Address     Port                 Type         VLAN\n02e0.52a1.8a0b  1/1/3                Static       222\n"
	got, err := ParseMACTable(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []MACEntry{{MAC: "3c:ec:ef:12:34:56", Port: "lg11", VLAN: 10}, {MAC: "00:10:20:d0:b2:2b", Port: "1/2/1", VLAN: 1}, {MAC: "02:e0:52:a1:8a:0b", Port: "1/1/3", VLAN: 222}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseMACTable:\n got %+v\nwant %+v", got, want)
	}
}

// TestFacts: a switch's neighbours and MAC table, a LAG's MAC with its
// member ports, and the Inventory they make.
func TestFacts(t *testing.T) {
	_, login := lab(t, brocadetest.Config{
		LLDP: []brocadetest.Neighbor{{Port: "1/1/1", ChassisMAC: "52:54:00:aa:00:01", PortMAC: "52:54:00:aa:00:01", PortDescription: "eno1", SystemName: "cp0"},
			{Port: "1/1/2", ChassisMAC: "52:54:00:aa:00:01", PortMAC: "52:54:00:aa:01:01", PortDescription: "eno2", SystemName: "cp0"}},
		MACs: []brocadetest.MACEntry{{MAC: "52:54:00:aa:00:01", Port: "1/1/1"}},
	})
	run(t, driver(login), device(login), labSteps(t, 1), false, false)
	f := facts(t, login)
	if len(f.Neighbors) != 2 || len(f.MACs) != 1 || f.MACs[0].Port != "lg1" || !reflect.DeepEqual(f.MACs[0].Ports, []string{"1/1/1", "1/1/2"}) || f.MACs[0].VLAN != 10 {
		t.Errorf("facts: %+v", f)
	}
	inv := Inventory("lab", []Facts{f})
	if len(inv.Spec.Hosts) != 1 || len(inv.Spec.Hosts[0].NICs) != 2 || inv.Spec.Hosts[0].NICs[1].Port != "1/1/2" || inv.Spec.Hosts[0].NICs[1].Switch != "sw1" {
		t.Errorf("inventory: %+v", inv.Spec.Hosts)
	}
}

// facts opens a session on the lab switch and reads its neighbours and
// MAC table.
func facts(t *testing.T, login Login) Facts {
	t.Helper()
	s, err := driver(login).Open(context.Background(), device(login))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f, err := s.Facts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func FuzzParseLLDP(f *testing.F) {
	f.Add(lldpDetail)
	f.Fuzz(func(t *testing.T, s string) { _, _ = ParseLLDP(s) })
}

func FuzzParseMACTable(f *testing.F) {
	f.Add("3cec.ef12.3456  lg11                 Dynamic      10\n")
	f.Fuzz(func(t *testing.T, s string) { _, _ = ParseMACTable(s) })
}

// TestDiscoverByInterfaceName: a host whose LLDP agent sends one chassis
// ID and its interface names as Port IDs (Port ID (locally assigned)) gets
// each NIC's MAC from the MAC table (the one learned on its port), never
// the chassis ID twice; a NIC whose MAC the switch cannot tell is left out.
func TestDiscoverByInterfaceName(t *testing.T) {
	_, login := lab(t, brocadetest.Config{
		LLDP: []brocadetest.Neighbor{{Port: "1/1/5", ChassisMAC: "52:54:00:cc:00:00", PortDescription: "eth0", SystemName: "nas"},
			{Port: "1/1/6", ChassisMAC: "52:54:00:cc:00:00", PortDescription: "eth1", SystemName: "nas"},
			{Port: "1/1/7", ChassisMAC: "52:54:00:cc:00:00", PortDescription: "eth2", SystemName: "nas"}},
		MACs: []brocadetest.MACEntry{{MAC: "52:54:00:cc:00:01", Port: "1/1/5"}, {MAC: "52:54:00:cc:00:02", Port: "1/1/6"}},
	})
	f := facts(t, login)
	if len(f.Neighbors) != 3 || f.Neighbors[0].PortMAC != "" || !strings.Contains(f.Neighbors[0].PortID, "eth0") {
		t.Fatalf("neighbours: %+v", f.Neighbors)
	}
	inv := Inventory("lab", []Facts{f})
	mac := func(s string) domain.MAC { m, _ := domain.ParseMAC(s); return m }
	want := []domain.NIC{{Name: "eth0", MAC: mac("52:54:00:cc:00:01"), Switch: "sw1", Port: "1/1/5"},
		{Name: "eth1", MAC: mac("52:54:00:cc:00:02"), Switch: "sw1", Port: "1/1/6"}}
	if len(inv.Spec.Hosts) != 1 || !reflect.DeepEqual(inv.Spec.Hosts[0].NICs, want) {
		t.Errorf("inventory: %+v, want NICs %+v", inv.Spec.Hosts, want)
	}
}
