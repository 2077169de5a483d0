package cmd_test

import (
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nationtech/harmony-go/lib/infra/opnsense/opnsensetest"
	"github.com/rogpeppe/go-internal/testscript"
)

var (
	simMu sync.Mutex
	sims  = map[*testscript.TestScript]*opnsensetest.Server{}
)

// opnsenseCmd drives an OPNsense simulator from a testscript:
//
//	opnsense start [RELEASE [DHCP]]   start one; sets OPNSENSE_URL, OPNSENSE_CA, HARMONY_SECRET_FW1
//	opnsense reset                    forget the requests so far
//	opnsense writes N | applies N     the requests since the last reset
//	opnsense count MODULE NAME N      how many items of a kind it holds
//	opnsense edit MODULE NAME K=V F=X… change field F of the item whose K is V, as a person would
//	opnsense put MODULE NAME UUID F=X… create or change an item directly (a hand-made one)
//	opnsense fault MATCH STATUS|drop [TIMES]
func opnsenseCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("opnsense does not take !")
	}
	if len(args) == 0 {
		ts.Fatalf("usage: opnsense start|reset|writes|applies|count|edit|put|fault …")
	}
	simMu.Lock()
	s := sims[ts]
	simMu.Unlock()
	if args[0] != "start" && s == nil {
		ts.Fatalf("opnsense start first")
	}
	kv := func(list []string) map[string]string {
		out := map[string]string{}
		for _, a := range list {
			k, v, ok := strings.Cut(a, "=")
			if !ok {
				ts.Fatalf("want FIELD=VALUE, got %q", a)
			}
			out[k] = v
		}
		return out
	}
	switch args[0] {
	case "start":
		// opnsense start [RELEASE [DHCP [KEY=ADDRESS/BITS[@VLAN]…]]]
		opts := opnsensetest.Options{}
		if len(args) > 1 {
			opts.Release = args[1]
		}
		if len(args) > 2 {
			opts.DHCP = args[2]
		}
		for _, a := range args[min(3, len(args)):] {
			i, err := opnsensetest.ParseInterface(a)
			ts.Check(err)
			opts.Interfaces = append(opts.Interfaces, i)
		}
		srv, err := opnsensetest.Start(opts)
		ts.Check(err)
		ca := filepath.Join(ts.Getenv("WORK"), "opnsense-ca.pem")
		ts.Check(srv.WriteCA(ca))
		key, secret := srv.Credentials()
		ts.Setenv("OPNSENSE_URL", srv.URL)
		ts.Setenv("OPNSENSE_CA", ca)
		ts.Setenv("HARMONY_SECRET_FW1", key+":"+secret)
		simMu.Lock()
		sims[ts] = srv
		simMu.Unlock()
		ts.Defer(func() {
			srv.Close()
			simMu.Lock()
			delete(sims, ts)
			simMu.Unlock()
		})
	case "reset":
		s.ResetLog()
	case "writes", "applies":
		want, err := strconv.Atoi(args[1])
		ts.Check(err)
		c := opnsensetest.Count(s.Log())
		got := c.Writes
		if args[0] == "applies" {
			got = c.Applies
		}
		if got != want {
			ts.Fatalf("the simulator saw %d %s, want %d (%+v)", got, args[0], want, c)
		}
	case "count":
		want, err := strconv.Atoi(args[3])
		ts.Check(err)
		if got := len(s.Items(args[1], args[2])); got != want {
			ts.Fatalf("%s %s: %d items, want %d", args[1], args[2], got, want)
		}
	case "edit":
		match := kv(args[3:4])
		changes := kv(args[4:])
		n := 0
		for id, it := range s.Items(args[1], args[2]) {
			for k, v := range match {
				if it[k] == v {
					s.Put(args[1], args[2], id, changes)
					n++
				}
			}
		}
		if n != 1 {
			ts.Fatalf("edit matched %d items, want 1", n)
		}
	case "put":
		s.Put(args[1], args[2], args[3], kv(args[4:]))
	case "fault":
		// opnsense fault MATCH drop|STATUS|delay=DURATION [TIMES]
		f := opnsensetest.Fault{Match: args[1]}
		if d, ok := strings.CutPrefix(args[2], "delay="); ok {
			dd, err := time.ParseDuration(d)
			ts.Check(err)
			f.Delay = dd
		} else if args[2] == "drop" {
			f.Drop = true
		} else {
			st, err := strconv.Atoi(args[2])
			ts.Check(err)
			f.Status = st
		}
		if len(args) > 3 {
			n, err := strconv.Atoi(args[3])
			ts.Check(err)
			f.Times = n
		}
		s.Inject(f)
	default:
		ts.Fatalf("unknown opnsense command %q", args[0])
	}
}
