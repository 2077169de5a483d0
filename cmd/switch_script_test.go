package cmd_test

import (
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/nationtech/harmony-go/cmd/internal/document"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/brocade/brocadetest"
	"github.com/rogpeppe/go-internal/testscript"
)

var (
	switchMu sync.Mutex
	switches = map[*testscript.TestScript]*switchState{}
)

type switchState struct {
	sw   *brocadetest.Switch
	mark int // commands before the last reset
}

// switchCmd drives a FastIron switch simulator from a testscript:
//
//	switch start [INVENTORY]     start sw1; sets SWITCH_ENDPOINT, SWITCH_KNOWN_HOSTS, HARMONY_SECRET_SW1;
//	                             its LLDP neighbours and MAC table are the inventory's NICs cabled to sw1
//	switch reset                 forget the commands so far
//	switch config N              configuration commands (and write memory) since the reset
//	switch saves N               write memory commands in all
//	switch sessions N            sessions opened in all
//	switch exec LINE…            configure by hand, as at the console (lines separated by ";")
//	switch running REGEXP        the running config matches (! : does not)
//	switch drop N                drop the connection after N more commands (0: never)
func switchCmd(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: switch start|reset|config|saves|sessions|exec|running|drop …")
	}
	switchMu.Lock()
	st := switches[ts]
	switchMu.Unlock()
	if args[0] != "start" && st == nil {
		ts.Fatalf("switch start first")
	}
	count := func(got int) {
		want, err := strconv.Atoi(args[1])
		ts.Check(err)
		if got != want {
			ts.Fatalf("switch %s: %d, want %d; commands since the reset: %+v", args[0], got, want, st.sw.Commands()[st.mark:])
		}
	}
	switch args[0] {
	case "start":
		cfg := brocadetest.Config{User: "admin", Password: "harmony-test-switch"}
		if len(args) > 1 {
			docs, err := document.ReadPaths([]string{ts.MkAbs(args[1])}, nil)
			ts.Check(err)
			for _, d := range docs {
				var inv domain.Inventory
				if d.Kind != domain.KindInventory {
					continue
				}
				ts.Check(d.Decode(&inv))
				for _, h := range inv.Spec.Hosts {
					for _, n := range h.NICs {
						if n.Switch == "sw1" {
							cfg.LLDP = append(cfg.LLDP, brocadetest.Neighbor{Port: n.Port, ChassisMAC: n.MAC.String(), PortDescription: n.Name, SystemName: h.Name})
							cfg.MACs = append(cfg.MACs, brocadetest.MACEntry{MAC: n.MAC.String(), Port: n.Port})
						}
					}
				}
			}
		}
		sw := brocadetest.New(cfg)
		addr, err := sw.Start("127.0.0.1:0")
		ts.Check(err)
		kh := filepath.Join(ts.Getenv("WORK"), "known_hosts")
		ts.Check(os.WriteFile(kh, []byte(sw.KnownHostsLine(addr)+"\n"), 0o600))
		host, port, _ := net.SplitHostPort(addr)
		ts.Setenv("SWITCH_ENDPOINT", "ssh://"+host+":"+port)
		ts.Setenv("SWITCH_KNOWN_HOSTS", kh)
		ts.Setenv("HARMONY_SECRET_SW1", "admin:harmony-test-switch")
		switchMu.Lock()
		switches[ts] = &switchState{sw: sw}
		switchMu.Unlock()
		ts.Defer(func() {
			sw.Close()
			switchMu.Lock()
			delete(switches, ts)
			switchMu.Unlock()
		})
	case "reset":
		st.mark = len(st.sw.Commands())
	case "config":
		count(brocadetest.ConfigCommands(st.sw.Commands()[st.mark:]))
	case "saves":
		count(st.sw.Saves())
	case "sessions":
		count(st.sw.Sessions())
	case "exec":
		ts.Logf("%s", st.sw.Exec(strings.Split(strings.Join(args[1:], " "), ";")...))
	case "running":
		re := regexp.MustCompile(args[1])
		if re.MatchString(st.sw.RunningConfig()) == neg {
			ts.Fatalf("running config (match %q: want %v):\n%s", args[1], !neg, st.sw.RunningConfig())
		}
	case "drop":
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		st.sw.DropAfter(n)
	default:
		ts.Fatalf("unknown switch command %q", args[0])
	}
}
