package brocadetest

import (
	"strings"
	"testing"
)

// TestShowFormats: the read commands no ntc-templates template covers,
// against the formats of docs/reference/brocade-fastiron.md §1.8 and the
// community.network ICX fixtures (show lldp, show media), and the output
// filters.
func TestShowFormats(t *testing.T) {
	sw := textfsmLab(t, "08.0.95kT213")
	for _, tc := range []struct {
		command string
		want    []string // lines the output must have, in order
		not     []string // and must not
	}{
		{"show vlan brief", []string{"System-max vlan Params: Max(4095) Default(64) Current(64)", "Default vlan Id :1", "Total Number of Vlan Configured :3", "VLANs Configured :1 10 20"}, nil},
		{"show lag", []string{`=== LAG "harmony-srv1" ID 1 (dynamic Deployed) ===`, "LAG Configuration:", "   Ports:         e 1/1/1 to 1/1/2", "   Port Count:    2", "   Lag Interface: lg1",
			"Deployment: HW Trunk ID 1", "Port       Link    State   Dupl Speed Trunk Tag Pvid Pri MAC             Name", "1/1/1      Up      Forward Full 1G    1     Yes 1    0   609c.9f5d.4a81",
			"Port       [Sys P] [Port P] [ Key ] [Act][Tio][Agg][Syn][Col][Dis][Def][Exp][Ope]", "1/1/1           1        1   20001   Yes   L   Agg  Syn  Col  Dis  No   No   Ope"}, []string{"Primary Port"}},
		{"show lldp", []string{"LLDP transmit interval           : 30 seconds", "LLDP maximum neighbors per port  : 4"}, nil},
		{"show media", []string{"Port 1/1/1:  Type  : 1G M-C (Gig-Copper)", "Port 1/1/24:  Type  : 1G M-C (Gig-Copper)"}, nil},
		{"show running-config | include hostname", []string{"hostname sw1"}, []string{"vlan", "end"}},
		{"show running-config | begin interface", []string{"interface ethernet 1/1/5", " port-name harmony-pdu1", "!", "interface ethernet 1/1/7", " disable", "!", "end"}, []string{"hostname"}},
		{"show running-config | exclude !", []string{"Current configuration:", "ver 08.0.95kT213", "end"}, []string{"!"}},
		{"show running-config interface ethernet 1/1/7", []string{"interface ethernet 1/1/7", " disable", "!"}, []string{"1/1/5", "end"}},
		{"show running-config vlan 10", []string{"vlan 10 name lan by port", " tagged ethe 1/1/6 lag 1 ", " untagged ethe 1/1/5 ", "!"}, []string{"vlan 20", "vlan 1 "}},
		{"show interfaces brief | include Disable", []string{"1/1/7      Disable None    None None  None  No  1    0   609c.9f5d.4a87"}, []string{"1/1/1 "}},
		{"sh int br", []string{"Port       Link    State   Dupl Speed Trunk Tag Pvid Pri MAC             Name", "mgmt1      Up      None    Full 1G    None  No  1    0   609c.9f5d.4a80", "lg1        Up      Forward Full 2G    1     Yes 1    0   609c.9f5d.4a81"}, nil},
	} {
		t.Run(tc.command, func(t *testing.T) {
			out := showOut(t, sw, tc.command)
			lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
			at := 0
			for _, w := range tc.want {
				for at < len(lines) && lines[at] != w {
					at++
				}
				if at == len(lines) {
					t.Errorf("no line %q (in order) in:\n%s", w, out)
					return
				}
			}
			for _, n := range tc.not {
				if strings.Contains(out, n) {
					t.Errorf("%q in:\n%s", n, out)
				}
			}
		})
	}
	for cmd, want := range map[string]string{
		"show vlan 99":                       "Error - VLAN 99 does not exist",
		"show lag bogus":                     "Invalid input -> bogus",
		"show running-config | include (":    "Invalid input -> (",
		"show running-config | grep x":       "Invalid input -> grep x",
		"show interfaces ethernet 1/1/99":    "Error - invalid interface 1/1/99",
		"show running-config | include":      "Incomplete command.",
		"show media validation | include 1/": "",
	} {
		s := &session{sw: sw, mode: mode{level: 1}}
		if got := strings.TrimSpace(strings.SplitN(s.run(cmd).out, "\n", 2)[0]); got != want {
			t.Errorf("%s: %q, want %q", cmd, got, want)
		}
	}
}
