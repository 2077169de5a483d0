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
//	switch start [INVENTORY]     start sw1 and sw2; sets SWITCH_ENDPOINT, SWITCH2_ENDPOINT, SWITCH_KNOWN_HOSTS
//	                             and their HARMONY_SECRET_SWn; their LLDP neighbours and MAC tables are the
//	                             inventory's NICs cabled to each; the commands below look at sw1
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
		// sw1 and sw2, as the lab has them; the commands below look at sw1.
		var inv *domain.Inventory
		if len(args) > 1 {
			docs, err := document.ReadPaths([]string{ts.MkAbs(args[1])}, nil)
			ts.Check(err)
			for _, d := range docs {
				if d.Kind == domain.KindInventory {
					inv = &domain.Inventory{}
					ts.Check(d.Decode(inv))
				}
			}
		}
		var known []string
		for i, name := range []string{"sw1", "sw2"} {
			// SWITCH_VERSION picks the release simulated: 08.0.95 by default.
			cfg := brocadetest.Config{Hostname: name, User: "admin", Password: "harmony-test-switch", Version: ts.Getenv("SWITCH_VERSION")}
			if inv != nil {
				for _, h := range inv.Spec.Hosts {
					for _, n := range h.NICs {
						if n.Switch == name {
							cfg.LLDP = append(cfg.LLDP, brocadetest.Neighbor{Port: n.Port, ChassisMAC: n.MAC.String(), PortDescription: n.Name, SystemName: h.Name})
							cfg.MACs = append(cfg.MACs, brocadetest.MACEntry{MAC: n.MAC.String(), Port: n.Port})
						}
					}
				}
			}
			sw := brocadetest.New(cfg)
			addr, err := sw.Start("127.0.0.1:0")
			ts.Check(err)
			known = append(known, sw.KnownHostsLine(addr))
			host, port, _ := net.SplitHostPort(addr)
			env := "SWITCH_ENDPOINT"
			if i == 1 {
				env = "SWITCH2_ENDPOINT"
			}
			ts.Setenv(env, "ssh://"+host+":"+port)
			ts.Setenv("HARMONY_SECRET_"+strings.ToUpper(name), "admin:harmony-test-switch")
			ts.Defer(sw.Close)
			if i == 0 {
				switchMu.Lock()
				switches[ts] = &switchState{sw: sw}
				switchMu.Unlock()
				ts.Defer(func() {
					switchMu.Lock()
					delete(switches, ts)
					switchMu.Unlock()
				})
			}
		}
		kh := filepath.Join(ts.Getenv("WORK"), "known_hosts")
		ts.Check(os.WriteFile(kh, []byte(strings.Join(known, "\n")+"\n"), 0o600))
		ts.Setenv("SWITCH_KNOWN_HOSTS", kh)
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
