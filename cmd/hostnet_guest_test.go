package cmd_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/cmd/internal/commands/plan"
	"github.com/nationtech/harmony-go/lib/domain"
)

const hostnetSite = `apiVersion: harmony/v1
kind: Site
metadata: {name: lab}
spec:
  domain: lab.example.net
  networks: [{name: lan, cidr: 10.10.0.0/24, gateway: 10.10.0.1}]
  devices:
    - {name: hosts, provider: linux, provides: [host-network]}
---
apiVersion: harmony/v1
kind: Inventory
metadata: {name: lab}
spec:
  hosts:
    - name: cp0
      nics:
        - {name: eno0, mac: "52:54:00:aa:00:00"}
        - {name: eno1, mac: "52:54:00:aa:00:01"}
        - {name: eno2, mac: "52:54:00:aa:00:02"}
        - {name: eno3, mac: "52:54:00:aa:00:03"}
    - name: cp1
      nics:
        - {name: eno1, mac: "52:54:00:bb:00:01"}
        - {name: eno2, mac: "52:54:00:bb:00:02"}
`

// hostnetPlan plans a HostNetwork Score whose hosts entries are given.
func hostnetPlan(t *testing.T, hosts string) string {
	t.Helper()
	dir := t.TempDir()
	scores := "apiVersion: harmony/v1\nkind: Scores\nmetadata: {name: lab}\nspec:\n  scores:\n    - kind: HostNetwork\n      name: node-net\n      spec:\n        hosts:\n" + hosts
	_ = os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(hostnetSite), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "scores.yaml"), []byte(scores), 0o644)
	var out, errb bytes.Buffer
	if code := plan.Run(context.Background(), []string{"harmony-plan", filepath.Join(dir, "site.yaml"), filepath.Join(dir, "scores.yaml")}, nil, &out, &errb); code != 0 {
		t.Fatalf("harmony-plan: exit %d\n%s", code, errb.String())
	}
	return out.String()
}

// outcomes maps the step ids of a plan harmony-hostnet wrote to their
// outcomes (nil: passed through).
func outcomes(t *testing.T, out guestOut) map[string]*domain.Outcome {
	t.Helper()
	var p domain.Plan
	if err := json.Unmarshal([]byte(out.stdout), &p); err != nil {
		t.Fatalf("harmony-hostnet wrote no plan: %v\nstdout:\n%s\nstderr:\n%s", err, out.stdout, out.stderr)
	}
	m := map[string]*domain.Outcome{}
	for _, s := range p.Steps {
		m[s.ID] = s.Outcome
	}
	return m
}

// hostGuestSetup makes the guests' host: eno0 (its e1000 NIC) carries the
// default route; eno1, eno2 and eno3 are veths whose peers are sw1-sw3.
const hostGuestSetup = `sysctl net.ipv6.conf.all.disable_ipv6 1
sysctl net.ipv6.conf.default.disable_ipv6 1
del bond0
rename eth0 eno0
addr eno0 10.0.2.15/24
route default 10.0.2.2 eno0
veth eno1 sw1
veth eno2 sw2
veth eno3 sw3
`

const (
	stepBond0  = "node-net/host-network/hosts/bond/cp0.bond0"
	stepVLAN10 = "node-net/host-network/hosts/vlan-link/cp0.bond0.10"
	stepCP1    = "node-net/host-network/hosts/bond/cp1.bond0"
	stepBond1  = "node-net/host-network/hosts/bond/cp0.bond1"
)

// TestHostnetInAGuest runs harmony-hostnet on a Linux machine (Debian's
// kernel in QEMU: this host's may lack bonding and 802.1Q) whose NICs eno1
// and eno2 are veths cabled to a "switch" bond that speaks LACP, eno0
// carries the default route and has a hand-made VLAN, and eno3 goes to a
// port with no LACP. The kernel's own change announcements (link and
// address groups) are the witness that a run wrote nothing.
func TestHostnetInAGuest(t *testing.T) {
	cp0 := "          - host: cp0\n            bonds: [{name: bond0, mode: 802.3ad, members: [eno1, eno2], mtu: %MTU%, lacpRate: fast}]\n"
	vlan := "            vlans: [{name: bond0.10, link: bond0, id: 10, addresses: [10.10.0.21/24]}]\n"
	cp1 := "          - host: cp1\n            bonds: [{name: bond0, mode: 802.3ad, members: [eno1, eno2]}]\n"
	mtu := func(s, v string) string { return strings.ReplaceAll(s, "%MTU%", v) }
	g := guest{
		nics: []string{"52:54:00:aa:00:00"},
		setup: hostGuestSetup + `vlan eno0.20 eno0 20
bond swlag 802.3ad sw1 sw2
`,
		files: map[string]string{
			"plan.json":       hostnetPlan(t, mtu(cp0, "9000")+vlan+cp1),
			"plan-mtu.json":   hostnetPlan(t, mtu(cp0, "1500")+vlan+cp1),
			"plan-prune.json": hostnetPlan(t, mtu(cp0, "1500")),
			"plan-guard.json": hostnetPlan(t, "          - host: cp0\n            bonds: [{name: bond1, mode: active-backup, members: [eno0]}]\n"),
			"plan-lonely.json": hostnetPlan(t, "          - host: cp0\n            bonds:\n"+
				"              - {name: bond0, mode: 802.3ad, members: [eno1, eno2], mtu: 1500, lacpRate: fast}\n"+
				"              - {name: bond1, mode: 802.3ad, members: [eno3]}\n"),
		},
		commands: []string{
			"@events",
			"/bin/harmony-hostnet --host cp0 --wait 30s /plan.json",
			"@sleep 2s",
			"@events",
			"/bin/harmony-hostnet --host cp0 /plan.json",
			"@events",
			"/bin/harmony-hostnet --host cp0 --dry-run /plan-mtu.json",
			"@events",
			"/bin/harmony-hostnet --host cp0 /plan-mtu.json",
			"@links",
			"@sleep 2s",
			"@events",
			"! /bin/harmony-hostnet --host cp0 /plan-guard.json",
			"@events",
			"/bin/harmony-hostnet --host cp0 --prune /plan-prune.json",
			"@links",
			"/bin/harmony-hostnet --host cp0 --wait 3s /plan-lonely.json",
		},
	}
	outs, _ := g.run(t, "harmony-hostnet")
	status := func(o *domain.Outcome) string {
		if o == nil {
			return "passed through"
		}
		return string(o.Status)
	}

	// First run: the bond forms with the switch's, the VLAN gets its
	// address; cp1's step is not this host's and passes through.
	first := outcomes(t, outs[1])
	if status(first[stepBond0]) != "SUCCESS" || status(first[stepVLAN10]) != "SUCCESS" || first[stepCP1] != nil {
		t.Fatalf("first run: bond0 %s, bond0.10 %s, cp1's bond %s; want SUCCESS, SUCCESS, passed through\n%s",
			status(first[stepBond0]), status(first[stepVLAN10]), status(first[stepCP1]), outs[1].stderr)
	}
	if outs[3].stdout == "" {
		t.Errorf("the first run announced no kernel change: is the monitor working?")
	}

	// Second run: all NOOP, and the kernel saw no write.
	second := outcomes(t, outs[4])
	if status(second[stepBond0]) != "NOOP" || status(second[stepVLAN10]) != "NOOP" || second[stepCP1] != nil {
		t.Errorf("second run: bond0 %s, bond0.10 %s, cp1's bond %s; want NOOP, NOOP, passed through\n%s",
			status(second[stepBond0]), status(second[stepVLAN10]), status(second[stepCP1]), outs[4].stderr)
	}
	if outs[5].stdout != "" {
		t.Errorf("the second run changed the kernel:\n%s", outs[5].stdout)
	}

	// A dry run of a new MTU says exactly that, and writes nothing.
	mtuChange := []domain.Change{{Field: "mtu", From: "9000", To: "1500"}}
	dry := outcomes(t, outs[6])
	if o := dry[stepBond0]; o == nil || o.Status != domain.Success || !o.DryRun || !reflect.DeepEqual(o.Changes, mtuChange) || status(dry[stepVLAN10]) != "NOOP" {
		t.Errorf("dry run of MTU 1500: bond0 %+v, bond0.10 %s; want a dry-run SUCCESS changing only the MTU", o, status(dry[stepVLAN10]))
	}
	if outs[7].stdout != "" {
		t.Errorf("the dry run changed the kernel:\n%s", outs[7].stdout)
	}
	changed := outcomes(t, outs[8])
	if o := changed[stepBond0]; o == nil || o.Status != domain.Success || !reflect.DeepEqual(o.Changes, mtuChange) || status(changed[stepVLAN10]) != "NOOP" {
		t.Errorf("MTU 1500: bond0 %+v, bond0.10 %s; want SUCCESS changing only the MTU, NOOP", o, status(changed[stepVLAN10]))
	}
	if !strings.Contains(outs[9].stdout, "bond0 bond - managed_by_harmony true 1500") || !strings.Contains(outs[9].stdout, "eno1 veth bond0 - true 1500") {
		t.Errorf("after MTU 1500, the links:\n%s", outs[9].stdout)
	}

	// The default route's NIC is not enslaved without --allow-disruption,
	// and nothing is touched.
	if !strings.Contains(outs[12].stdout, `"status":"FAILURE","message":"would enslave eno0 to bond1, and the default route goes out through eno0`) {
		t.Errorf("enslaving eno0 was not refused as it should:\n%s\n%s", outs[12].stdout, outs[12].stderr)
	}
	if outs[13].stdout != "" {
		t.Errorf("the refused run changed the kernel:\n%s", outs[13].stdout)
	}

	// --prune removes the managed VLAN the plan no longer has, never the
	// hand-made one.
	if !strings.Contains(outs[14].stderr, "harmony-hostnet: hosts: pruned vlan bond0.10") {
		t.Errorf("prune said:\n%s", outs[14].stderr)
	}
	if strings.Contains(outs[15].stdout, "bond0.10 ") || !strings.Contains(outs[15].stdout, "eno0.20 vlan - - true") {
		t.Errorf("after prune, the links:\n%s", outs[15].stdout)
	}

	// A bond with no LACP partner is RUNNING, saying so; not a failure.
	lonely := outcomes(t, outs[16])
	if o := lonely[stepBond1]; o == nil || o.Status != domain.Running || !strings.Contains(o.Message, "LACP has not formed on eno3") {
		t.Errorf("bond1 with no partner: %+v, want RUNNING", o)
	}
	if status(lonely[stepBond0]) != "NOOP" {
		t.Errorf("bond0 with its partner: %s, want NOOP", status(lonely[stepBond0]))
	}
	t.Logf("harmony-hostnet in the guest, first run:\n%s\nlinks at the end:\n%s", outs[1].stderr, outs[15].stdout)
}

// TestNetlinkConformanceInAGuest runs the apply contract's conformance
// suite for lib/infra/netlink against a real kernel: the package's test
// binary, in a guest whose eno0 carries the default route and whose eno1,
// eno2 and eno3 are veths. The kernel's own link and address
// announcements count its writes.
func TestNetlinkConformanceInAGuest(t *testing.T) {
	g := guest{
		nics:     []string{"52:54:00:aa:00:00"},
		setup:    hostGuestSetup,
		tests:    []string{"github.com/nationtech/harmony-go/lib/infra/netlink"},
		commands: []string{"/bin/netlink.test -test.run ^TestConformance$ -test.v -in-guest"},
	}
	outs, _ := g.run(t)
	out := outs[0].stdout
	if !strings.Contains(out, "--- PASS: TestConformance ") || strings.Contains(out, "--- SKIP: TestConformance ") {
		t.Fatalf("the suite did not pass in the guest:\n%s\n%s", out, outs[0].stderr)
	}
	t.Logf("in the guest:\n%s", out)
}
