package brocade

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/lib/infra/brocade/brocadetest"
)

// realConfig is the 08.0.9x running config of docs/reference/brocade-fastiron.md.
const realConfig = `Current configuration:
!
ver 08.0.95kT213
!
stack unit 1
  module 1 icx7250-48-port-management-module
  module 2 icx7250-sfp-plus-8port-80g-module
!
!
lag srv01 dynamic id 11
 ports ethe 1/1/1 ethe 2/1/1
!
lag srv02 dynamic id 12
 ports ethe 1/1/3 to 1/1/4
 force-up ethe 1/1/3
!
!
vlan 1 name DEFAULT-VLAN by port
!
vlan 10 name web by port
 tagged ethe 1/2/1 lag 11 to 12
 untagged ethe 1/1/20
!
vlan 20 by port
 tagged ethe 1/2/1 lag 11
!
!
hostname sw1
!
interface ethernet 1/1/20
 port-name pdu-1
!
interface lag 11
 port-name srv01-bond0
!
end
`

func TestParseConfig(t *testing.T) {
	c, err := ParseConfig(strings.ReplaceAll(realConfig, "\n", "\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	set := func(ms ...string) map[string]bool {
		m := map[string]bool{}
		for _, x := range ms {
			m[x] = true
		}
		return m
	}
	want := &Config{Version: "08.0.95kT213", Hostname: "sw1",
		VLANs: map[int]*VLAN{
			1:  {ID: 1, Name: "DEFAULT-VLAN", Tagged: set(), Untagged: set()},
			10: {ID: 10, Name: "web", Tagged: set("1/2/1", "lag 11", "lag 12"), Untagged: set("1/1/20")},
			20: {ID: 20, Tagged: set("1/2/1", "lag 11"), Untagged: set()},
		},
		LAGs: map[string]*LAG{
			"srv01": {Name: "srv01", ID: 11, Dynamic: true, Ports: set("1/1/1", "2/1/1"), ForceUp: set(), Disabled: set()},
			"srv02": {Name: "srv02", ID: 12, Dynamic: true, Ports: set("1/1/3", "1/1/4"), ForceUp: set("1/1/3"), Disabled: set()},
		},
		Names:    map[string]string{"1/1/20": "pdu-1", "lag 11": "srv01-bond0"},
		Disabled: set(),
		DualMode: map[string]int{},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("ParseConfig:\n got %+v\nwant %+v", c, want)
	}
	old, err := ParseConfig("lag \"mngmnt1\" dynamic id 1\n ports ethernet 1/1/1 ethernet 2/1/1\n primary-port 1/1/1\n deploy\n")
	if err != nil || !old.PrimaryPort || old.LAGs["mngmnt1"] == nil || len(old.LAGs["mngmnt1"].Ports) != 2 ||
		old.LAGs["mngmnt1"].Primary != "1/1/1" || !old.LAGs["mngmnt1"].Deployed {
		t.Errorf("the 08.0.30 dialect: %+v, %v", old, err)
	}
	// Folded, a deployed LAG's members listed in a VLAN are the LAG; its
	// primary port's name and dual-mode are the LAG's, and a dual-mode
	// member is untagged in its native VLAN.
	folded, err := ParseConfig("lag srv dynamic id 3\n ports ethe 1/1/5 to 1/1/6 \n primary-port 1/1/5\n deploy\n!\n" +
		"vlan 10 name lan by port\n tagged ethe 1/1/5 to 1/1/6 ethe 1/1/9 \n!\nvlan 20 by port\n tagged ethe 1/1/5 to 1/1/6 \n!\n" +
		"interface ethernet 1/1/5\n port-name harmony-srv\n dual-mode 10\n!\ninterface ethernet 1/1/9\n dual-mode 10\n!\nend\n")
	if err != nil {
		t.Fatal(err)
	}
	folded.Fold()
	if got := fmt.Sprintf("%d %v %s %d %v", folded.untaggedIn("lag 3"), folded.taggedIn("lag 3"), folded.Names["lag 3"], folded.untaggedIn("1/1/9"), folded.taggedIn("1/1/9")); got != "10 [20] harmony-srv 10 []" {
		t.Errorf("folded: %s", got)
	}
	for _, bad := range []string{"vlan x by port", "lag a dynamic id x", "vlan 10\n tagged ethe 1/1/9 to 1/1/2", "vlan 10\n tagged ethe", "vlan 10\n untagged ve 3"} {
		if _, err := ParseConfig(bad); err == nil || !strings.Contains(err.Error(), "running config line") {
			t.Errorf("ParseConfig(%q) = %v, want an error naming the line", bad, err)
		}
	}
}

// TestParseDisabled: disabled ports and LAG members, as real running
// configs carry them (the shapes of ansible-collections/community.network
// tests/unit/plugins/modules/icx_fixtures/lag_running_config.txt and
// icx_interface_config.cfg, 08.0.7x: trailing spaces, ranges, per-member
// names in the LAG block, disable under an interface).
func TestParseDisabled(t *testing.T) {
	text := "lag LAG1 dynamic id 100\n ports ethe 1/1/3 ethe 1/1/5 to 1/1/8 \n disable ethe 1/1/3 ethe 1/1/5 to 1/1/8 \n!\n" +
		"lag blue static id 11\n ports ethe 1/1/1 \n port-name test-interface-1 ethernet 1/1/1\n!\n" +
		"interface ethernet 1/1/2\n port-name test-interface-2\n speed-duplex 10-full\n disable\n!\n" +
		"interface lag 11\n port-name lag ports\n disable\n!\n"
	c, err := ParseConfig(text)
	if err != nil {
		t.Fatal(err)
	}
	l := c.LAGs["LAG1"]
	if l == nil || len(l.Ports) != 5 || len(l.Disabled) != 5 || !l.Disabled["1/1/7"] {
		t.Errorf("LAG1 = %+v", l)
	}
	if b := c.LAGs["blue"]; b == nil || !b.Ports["1/1/1"] || c.Names["1/1/1"] != "" {
		t.Errorf("blue = %+v", b)
	}
	if !c.Disabled["1/1/2"] || !c.Disabled["lag 11"] || c.Names["1/1/2"] != "test-interface-2" || c.Names["lag 11"] != "lag ports" {
		t.Errorf("interfaces: disabled %v, names %v", c.Disabled, c.Names)
	}
}

// TestParseSimulator: what the simulator renders parses back to what it
// was told (the simulator and the parser agree on the format).
func TestParseSimulator(t *testing.T) {
	sw := brocadetest.New(brocadetest.Config{})
	sw.Exec("vlan 30 name storage", "exit", "lag harmony-a dynamic id 3", "ports ethernet 1/1/5 to 1/1/7", "force-up ethernet 1/1/6", "exit",
		"vlan 30", "tagged lag 3", "untagged ethernet 1/1/1 to 1/1/3", "exit", "interface lag 3", "port-name harmony-a-lan")
	c, err := ParseConfig(sw.RunningConfig())
	if err != nil {
		t.Fatal(err)
	}
	l := c.LAGs["harmony-a"]
	if l == nil || l.ID != 3 || len(l.Ports) != 3 || !l.ForceUp["1/1/6"] || !c.VLANs[30].Tagged["lag 3"] || len(c.VLANs[30].Untagged) != 3 || c.Names["lag 3"] != "harmony-a-lan" {
		t.Errorf("parsed %+v %+v from\n%s", l, c.VLANs[30], sw.RunningConfig())
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add(realConfig)
	f.Add("vlan 10 by port\n tagged ethe 1/1/1 to 1/1/1024 \n")
	f.Add("lag \"x y\" static id 4\n ports ethernet 1 to 3\n")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseConfig(s)
		if err != nil {
			return
		}
		for _, v := range c.VLANs {
			if len(v.Tagged)+len(v.Untagged) > 1<<20 {
				t.Fatalf("VLAN %d has %d members", v.ID, len(v.Tagged)+len(v.Untagged))
			}
		}
	})
}
