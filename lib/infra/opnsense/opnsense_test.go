package opnsense_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/netip"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/apply/conformance"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/opnsense"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/opnsensetest"
)

const sentinel = "S3NT1NEL-secret"

// lab starts a simulator and returns it with a driver and the device.
func lab(t testing.TB, opts opnsensetest.Options) (*opnsensetest.Server, *opnsense.Driver, domain.Device) {
	t.Helper()
	srv, err := opnsensetest.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := srv.WriteCA(ca); err != nil {
		t.Fatal(err)
	}
	key, secret := srv.Credentials()
	d := &opnsense.Driver{Site: "lab", Retries: 2, ProbeWait: 2 * time.Second,
		Credentials: func(string) (string, string, error) { return key, secret, nil }}
	dev := domain.Device{Name: "fw1", Provider: "opnsense", Endpoint: srv.URL, SecretRef: "fw1", CAFile: ca,
		Provides: []domain.Capability{domain.DHCPServer, domain.DNSServer, domain.LoadBalancer, domain.Firewall, domain.TFTPServer}}
	return srv, d, dev
}

func mustStep(t testing.TB, c domain.Capability, typ, name string, spec any) domain.Step {
	t.Helper()
	s, err := domain.NewStep("prod", c, "fw1", typ, name, spec)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func reservation(t *testing.T, host string, ip string, mac string) domain.Step {
	m, _ := domain.ParseMAC(mac)
	return mustStep(t, domain.DHCPServer, domain.TypeReservation, host, domain.Reservation{
		MAC: m, IP: netip.MustParseAddr(ip), Hostname: host, Network: "lan", Subnet: netip.MustParsePrefix("10.10.0.0/24")})
}

// steps are one of each kind the adapter handles.
func steps(t *testing.T) []domain.Step {
	ip := netip.MustParseAddr
	return []domain.Step{
		reservation(t, "cp0", "10.10.0.21", "52:54:00:aa:00:01"),
		reservation(t, "cp1", "10.10.0.22", "52:54:00:aa:00:02"),
		mustStep(t, domain.DNSServer, domain.TypeARecord, "cp0.prod.lab.example.net",
			domain.DNSRecord{Name: "cp0.prod.lab.example.net", Type: "A", Value: "10.10.0.21"}),
		mustStep(t, domain.DNSServer, domain.TypeARecord, "*.apps.prod.lab.example.net",
			domain.DNSRecord{Name: "*.apps.prod.lab.example.net", Type: "A", Value: "10.10.0.11"}),
		mustStep(t, domain.DNSServer, domain.TypePTRRecord, "21.0.10.10.in-addr.arpa",
			domain.DNSRecord{Name: "21.0.10.10.in-addr.arpa", Type: "PTR", Value: "cp0.prod.lab.example.net"}),
		mustStep(t, domain.LoadBalancer, domain.TypeFrontend, "prod-api-6443", domain.Frontend{
			Address: ip("10.10.0.10"), Port: 6443, Mode: "tcp",
			Backends:    []domain.Backend{{Name: "cp0", Address: ip("10.10.0.21"), Port: 6443}, {Name: "cp1", Address: ip("10.10.0.22"), Port: 6443}},
			HealthCheck: domain.HealthCheck{Type: "tcp", IntervalSeconds: 5}}),
		mustStep(t, domain.Firewall, domain.TypeRule, "prod-api", domain.FirewallRule{
			Action: "pass", Interface: "lan", Protocol: "tcp", Source: netip.MustParsePrefix("10.10.0.0/24"),
			Destination: netip.MustParsePrefix("10.10.0.10/32"), Ports: []int{6443, 22623}, Description: "prod-api"}),
	}
}

// run applies steps in one session and returns their outcomes and the
// commit's error.
func run(t *testing.T, d *opnsense.Driver, dev domain.Device, steps []domain.Step, dryRun bool) ([]domain.Outcome, error) {
	t.Helper()
	ctx := context.Background()
	s, err := d.Open(ctx, dev)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	var out []domain.Outcome
	for _, st := range steps {
		out = append(out, s.Apply(ctx, st, dryRun))
	}
	var cerr error
	if !dryRun {
		cerr = s.Commit(ctx)
	}
	return out, cerr
}

func TestConvergeTwiceEveryRelease(t *testing.T) {
	for _, rel := range []string{"24.7", "25.1", "25.7", "26.1", "26.7"} {
		t.Run(rel, func(t *testing.T) {
			srv, d, dev := lab(t, opnsensetest.Options{Release: rel})
			out, err := run(t, d, dev, steps(t), false)
			if err != nil {
				t.Fatalf("commit: %v", err)
			}
			for i, o := range out {
				want := domain.Success
				if i == 4 {
					want = domain.Noop // the PTR is served by the A record
				}
				if o.Status != want {
					t.Errorf("first run, step %d: %s %q, want %s", i, o.Status, o.Message, want)
				}
			}
			first := opnsensetest.Count(srv.Log())
			if first.Applies != 5 { // kea, unbound, haproxy, aliases, filter: once each
				t.Errorf("first run applied %d times, want 5 (one per touched service)", first.Applies)
			}
			srv.ResetLog()
			out, err = run(t, d, dev, steps(t), false)
			if err != nil {
				t.Fatal(err)
			}
			for i, o := range out {
				if o.Status != domain.Noop {
					t.Errorf("second run, step %d: %s %+v, want NOOP", i, o.Status, o.Changes)
				}
			}
			c := opnsensetest.Count(srv.Log())
			if c.Writes != 0 || c.Applies != 0 {
				t.Errorf("second run: %d writes and %d applies, want none", c.Writes, c.Applies)
			}
			limit := 9 // system information, Kea settings, the interfaces (the one Kea must serve), subnets, reservations, Unbound, HAProxy, aliases, filter
			if rel == "24.7" || rel == "25.1" {
				limit += 3 // their search rows carry display text: each Kea item is read again
			}
			if c.Reads > limit {
				t.Errorf("second run read %d times, want at most %d (each collection once)", c.Reads, limit)
			}
		})
	}
}

func TestDryRunReportsDrift(t *testing.T) {
	srv, d, dev := lab(t, opnsensetest.Options{})
	if _, err := run(t, d, dev, steps(t), false); err != nil {
		t.Fatal(err)
	}
	var id string
	for k, it := range srv.Items("kea/dhcpv4", "reservation") {
		if it["hostname"] == "cp0" {
			id = k
		}
	}
	srv.Put("kea/dhcpv4", "reservation", id, map[string]string{"ip_address": "10.10.0.99"})
	srv.ResetLog()
	out, _ := run(t, d, dev, steps(t), true)
	if o := out[0]; o.Status != domain.Success || len(o.Changes) != 1 || o.Changes[0].Field != "reservation cp0 ip_address" ||
		o.Changes[0].From != "10.10.0.99" || o.Changes[0].To != "10.10.0.21" {
		t.Errorf("dry run = %s %+v, want exactly ip_address 10.10.0.99 → 10.10.0.21", o.Status, o.Changes)
	}
	for i, o := range out[1:] {
		if o.Status != domain.Noop {
			t.Errorf("step %d: %s, want NOOP", i+1, o.Status)
		}
	}
	if c := opnsensetest.Count(srv.Log()); c.Writes != 0 || c.Applies != 0 {
		t.Errorf("dry run wrote %d and applied %d times", c.Writes, c.Applies)
	}
}

func TestFaults(t *testing.T) {
	tests := []struct {
		name   string
		fault  opnsensetest.Fault
		status domain.Status
		msg    string
	}{
		{"a 503 is retried", opnsensetest.Fault{Match: "/set_reservation/", Status: 503, Times: 1}, domain.Success, ""},
		{"a dropped connection is retried", opnsensetest.Fault{Match: "/set_reservation/", Drop: true, Times: 1}, domain.Success, ""},
		{"a lasting 500 fails the step", opnsensetest.Fault{Match: "/set_reservation/", Status: 500}, domain.Failure, "HTTP 500: injected fault (after 3 attempts)"},
		{"a 403 is not retried", opnsensetest.Fault{Match: "/set_reservation/", Status: 403}, domain.Failure, "forbidden (403)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, d, dev := lab(t, opnsensetest.Options{})
			d.Retries = 2
			srv.Inject(tc.fault)
			out, _ := run(t, d, dev, steps(t)[:1], false)
			if out[0].Status != tc.status || !strings.Contains(out[0].Message, tc.msg) {
				t.Errorf("outcome = %s %q, want %s with %q", out[0].Status, out[0].Message, tc.status, tc.msg)
			}
			// A clean rerun converges.
			srv.ClearFaults()
			out, err := run(t, d, dev, steps(t)[:1], false)
			if err != nil || (out[0].Status != domain.Success && out[0].Status != domain.Noop) {
				t.Errorf("rerun = %s %q, %v", out[0].Status, out[0].Message, err)
			}
		})
	}
	t.Run("a failed reconfigure fails the commit", func(t *testing.T) {
		srv, d, dev := lab(t, opnsensetest.Options{})
		srv.Inject(opnsensetest.Fault{Match: "kea/service/reconfigure", Status: 500})
		_, err := run(t, d, dev, steps(t)[:1], false)
		if err == nil || !strings.Contains(err.Error(), "kea/service/reconfigure") {
			t.Errorf("commit = %v, want the reconfigure's failure", err)
		}
	})
}

func TestRefusals(t *testing.T) {
	t.Run("bad credentials name the device, not the secret", func(t *testing.T) {
		_, d, dev := lab(t, opnsensetest.Options{})
		d.Credentials = func(string) (string, string, error) { return "nobody", sentinel, nil }
		_, err := d.Open(context.Background(), dev)
		if err == nil || !strings.Contains(err.Error(), "device fw1 refused the API key of secretRef fw1") || strings.Contains(err.Error(), sentinel) {
			t.Errorf("Open = %v", err)
		}
	})
	t.Run("an untrusted certificate names the fix", func(t *testing.T) {
		_, d, dev := lab(t, opnsensetest.Options{})
		dev.CAFile = ""
		_, err := d.Open(context.Background(), dev)
		if err == nil || !strings.Contains(err.Error(), "certificate is not trusted") || !strings.Contains(err.Error(), "caFile") {
			t.Errorf("Open = %v", err)
		}
	})
	t.Run("OPNsense's default certificate names only hostname.domain", func(t *testing.T) {
		_, d, dev := lab(t, opnsensetest.Options{CertName: "fw1.lab.example.net"})
		_, err := d.Open(context.Background(), dev)
		want := "the certificate is for fw1.lab.example.net, not 127.0.0.1: use the certificate's name in the endpoint (https://fw1.lab.example.net, resolvable from here), or put 127.0.0.1 in the firewall's certificate"
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "give the firewall's CA") {
			t.Errorf("Open = %v, want %q", err, want)
		}
	})
	t.Run("validation errors carry the field and OPNsense's message", func(t *testing.T) {
		_, d, dev := lab(t, opnsensetest.Options{})
		m, _ := domain.ParseMAC("52:54:00:aa:00:09")
		bad := mustStep(t, domain.DHCPServer, domain.TypeReservation, "x", domain.Reservation{
			MAC: m, IP: netip.MustParseAddr("10.20.0.5"), Hostname: "x", Subnet: netip.MustParsePrefix("10.10.0.0/24")})
		out, _ := run(t, d, dev, []domain.Step{bad}, false)
		if !strings.Contains(out[0].Message, "reservation.ip_address: Address not in specified subnet") {
			t.Errorf("outcome = %q", out[0].Message)
		}
	})
	t.Run("a rule that would cut the management path", func(t *testing.T) {
		_, d, dev := lab(t, opnsensetest.Options{})
		block := mustStep(t, domain.Firewall, domain.TypeRule, "no-admin", domain.FirewallRule{
			Action: "block", Interface: "lan", Protocol: "tcp", Source: netip.MustParsePrefix("0.0.0.0/0"),
			Destination: netip.MustParsePrefix("127.0.0.0/8"), Description: "no-admin"})
		out, _ := run(t, d, dev, []domain.Step{block}, false)
		if out[0].Status != domain.Failure || !strings.Contains(out[0].Message, "would cut the path to the firewall's own API") {
			t.Errorf("outcome = %s %q", out[0].Status, out[0].Message)
		}
		d.AllowLockout = true
		if out, _ = run(t, d, dev, []domain.Step{block}, false); out[0].Status != domain.Success {
			t.Errorf("with AllowLockout: %s %q", out[0].Status, out[0].Message)
		}
	})
}

func TestAdoptAndPrune(t *testing.T) {
	srv, d, dev := lab(t, opnsensetest.Options{})
	// A hand-made subnet and reservation for cp0's MAC, and a hand-made override.
	srv.Put("kea/dhcpv4", "subnet", "11111111-1111-4111-8111-111111111111", map[string]string{"subnet": "10.10.0.0/24"})
	srv.Put("kea/dhcpv4", "reservation", "22222222-2222-4222-8222-222222222222", map[string]string{
		"subnet": "11111111-1111-4111-8111-111111111111", "hw_address": "52:54:00:AA:00:01", "ip_address": "10.10.0.50", "description": "by hand"})
	srv.Put("unbound/settings", "host_override", "33333333-3333-4333-8333-333333333333", map[string]string{
		"hostname": "nas", "domain": "lab.example.net", "rr": "A", "server": "10.10.0.5", "description": "by hand"})
	out, _ := run(t, d, dev, steps(t)[:1], false)
	if out[0].Status != domain.Failure || !strings.Contains(out[0].Message, "exists, not managed") || !strings.Contains(out[0].Message, "--adopt") {
		t.Fatalf("without --adopt: %s %q", out[0].Status, out[0].Message)
	}
	d.Adopt = true
	out, _ = run(t, d, dev, steps(t)[:1], false)
	if out[0].Status != domain.Success {
		t.Fatalf("with --adopt: %s %q", out[0].Status, out[0].Message)
	}
	res := srv.Items("kea/dhcpv4", "reservation")["22222222-2222-4222-8222-222222222222"]
	if res["ip_address"] != "10.10.0.21" || !strings.HasPrefix(res["description"], "harmony:lab ") {
		t.Errorf("adopted reservation = %v", res)
	}
	// Converge everything, then plan without cp1 and prune.
	d.Adopt = false
	if _, err := run(t, d, dev, steps(t), false); err != nil {
		t.Fatal(err)
	}
	s, err := d.Open(context.Background(), dev)
	if err != nil {
		t.Fatal(err)
	}
	without := append([]domain.Step{steps(t)[0]}, steps(t)[2:]...)
	for _, st := range without {
		s.Apply(context.Background(), st, false)
	}
	removed, err := s.Prune(context.Background(), domain.NewKeep(without), false)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(removed) != 1 || !strings.Contains(removed[0], "prod/dhcp-server/fw1/reservation/cp1") {
		t.Errorf("pruned %v, want only cp1's reservation", removed)
	}
	if _, ok := srv.Items("unbound/settings", "host_override")["33333333-3333-4333-8333-333333333333"]; !ok {
		t.Error("prune removed a hand-made host override")
	}
	if _, ok := srv.Items("kea/dhcpv4", "subnet")["11111111-1111-4111-8111-111111111111"]; !ok {
		t.Error("prune removed the hand-made subnet")
	}
}

func TestDnsmasq(t *testing.T) {
	srv, d, dev := lab(t, opnsensetest.Options{DHCP: "dnsmasq"})
	out, err := run(t, d, dev, steps(t)[:2], false)
	if err != nil || out[0].Status != domain.Success {
		t.Fatalf("%v %s %q", err, out[0].Status, out[0].Message)
	}
	hosts := srv.Items("dnsmasq/settings", "host")
	if len(hosts) != 2 {
		t.Errorf("dnsmasq hosts = %v, want cp0 and cp1", hosts)
	}
	if out, _ := run(t, d, dev, steps(t)[:2], false); out[0].Status != domain.Noop {
		t.Errorf("second run %s", out[0].Status)
	}
	if _, d24, dev24 := lab(t, opnsensetest.Options{Release: "24.7", DHCP: "dnsmasq"}); true {
		out, _ := run(t, d24, dev24, steps(t)[:1], false)
		if out[0].Status != domain.Failure || !strings.Contains(out[0].Message, "neither Kea nor Dnsmasq") {
			t.Errorf("24.7 without Dnsmasq: %s %q", out[0].Status, out[0].Message)
		}
	}
}

func TestSlowAndSilent(t *testing.T) {
	t.Run("an answer slower than the timeout fails after the retries", func(t *testing.T) {
		srv, d, dev := lab(t, opnsensetest.Options{})
		d.Timeout = 200 * time.Millisecond
		srv.Inject(opnsensetest.Fault{Match: "/set_reservation/", Delay: time.Second})
		out, _ := run(t, d, dev, steps(t)[:1], false)
		if out[0].Status != domain.Failure || !strings.Contains(out[0].Message, "no answer within 200ms") || !strings.Contains(out[0].Message, "after 3 attempts") {
			t.Errorf("outcome = %s %q", out[0].Status, out[0].Message)
		}
	})
	t.Run("a firewall that stops answering mid-run is not waited on again", func(t *testing.T) {
		srv, d, dev := lab(t, opnsensetest.Options{})
		d.Timeout = 150 * time.Millisecond
		ctx := context.Background()
		s, err := d.Open(ctx, dev)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		srv.Inject(opnsensetest.Fault{Match: "/", Delay: 2 * time.Second}) // it hangs from here on
		all := steps(t)
		first := s.Apply(ctx, all[0], false)
		if first.Status != domain.Failure || !strings.Contains(first.Message, "no answer within 150ms") {
			t.Fatalf("first step: %s %q", first.Status, first.Message)
		}
		if s.Silent() == nil || !strings.Contains(s.Silent().Error(), "the firewall stopped answering") {
			t.Fatalf("Silent = %v", s.Silent())
		}
		// The last unanswered attempt is logged when its connection ends.
		sent := len(srv.Log())
		for range 20 {
			time.Sleep(50 * time.Millisecond)
			if n := len(srv.Log()); n != sent {
				sent = n
				continue
			}
			break
		}
		for _, st := range all[1:] {
			if o := s.Apply(ctx, st, false); o.Status != domain.Failure || !strings.Contains(o.Message, "not sent: the firewall stopped answering") {
				t.Errorf("%s: %s %q", st.ID, o.Status, o.Message)
			}
		}
		if n := len(srv.Log()) - sent; n != 0 {
			t.Errorf("%d requests sent to a firewall that stopped answering", n)
		}
	})
	t.Run("an API that stops answering after the filter apply fails the commit", func(t *testing.T) {
		srv, d, dev := lab(t, opnsensetest.Options{})
		d.ProbeWait = 1500 * time.Millisecond
		ctx := context.Background()
		s, err := d.Open(ctx, dev)
		if err != nil {
			t.Fatal(err)
		}
		if o := s.Apply(ctx, steps(t)[6], false); o.Status != domain.Success {
			t.Fatalf("rule: %s %q", o.Status, o.Message)
		}
		srv.Inject(opnsensetest.Fault{Match: "system_information", Status: 503})
		err = s.Commit(ctx)
		if err == nil || !strings.Contains(err.Error(), "stopped answering after the filter was applied") {
			t.Errorf("Commit = %v", err)
		}
	})
}

func TestTFTP(t *testing.T) {
	srv, d, dev := lab(t, opnsensetest.Options{})
	st := mustStep(t, domain.TFTPServer, domain.TypeTFTP, "lan", domain.TFTPService{Listen: netip.MustParseAddr("10.10.0.1")})
	out, err := run(t, d, dev, []domain.Step{st}, false)
	if err != nil || out[0].Status != domain.Success {
		t.Fatalf("first run: %s %q %v", out[0].Status, out[0].Message, err)
	}
	if got := srv.Items("tftp/general", "")[""]; got["enabled"] != "1" || got["listen"] != "10.10.0.1" {
		t.Errorf("tftp settings = %v", got)
	}
	srv.ResetLog()
	if out, _ = run(t, d, dev, []domain.Step{st}, false); out[0].Status != domain.Noop {
		t.Errorf("second run: %s %+v", out[0].Status, out[0].Changes)
	}
	if c := opnsensetest.Count(srv.Log()); c.Writes != 0 || c.Applies != 0 {
		t.Errorf("second run: %+v", c)
	}
}

// TestConformance runs the apply contract's suite against the simulator
// of each release: a reservation, A and PTR records, a HAProxy frontend
// (four objects) and a rule with its port alias; the firewall's writes
// are the writes and applies in its own request log.
func TestConformance(t *testing.T) {
	for _, rel := range []string{"24.7", "25.1", "25.7", "26.1", "26.7"} {
		t.Run(rel, func(t *testing.T) {
			srv, d, dev := lab(t, opnsensetest.Options{Release: rel})
			byStep := func(module, name, id string) bool {
				for _, it := range srv.Items(module, name) {
					if strings.HasPrefix(it["description"]+" ", "harmony:lab "+id+" ") {
						return true
					}
				}
				return false
			}
			conformance.Run(t, conformance.Peer{
				Tool: func(*testing.T) *apply.Tool {
					return &apply.Tool{Name: "harmony-apply-opnsense", Providers: domain.ProvidersOf("harmony-apply-opnsense"), Driver: apply.OpenFunc(d.Open)}
				},
				Plan: conformance.PlanOf(t, "lab", []domain.Device{dev}, append(steps(t),
					mustStep(t, domain.DNSServer, domain.TypeCNAMERecord, "www.prod.lab.example.net",
						domain.DNSRecord{Name: "www.prod.lab.example.net", Type: "CNAME", Value: "cp0.prod.lab.example.net"}),
					mustStep(t, domain.TFTPServer, domain.TypeTFTP, "lan", domain.TFTPService{Listen: netip.MustParseAddr("10.10.0.1")}))),
				Device: "fw1",
				// os-tftp's settings carry no marker: prune leaves them, absent disables them.
				Victim: "prod/load-balancer/fw1/frontend/prod-api-6443",
				Absent: []string{"prod/dhcp-server/fw1/reservation/cp1", "prod/dns-server/fw1/a-record/*.apps.prod.lab.example.net",
					"prod/dns-server/fw1/cname-record/www.prod.lab.example.net", "prod/load-balancer/fw1/frontend/prod-api-6443",
					"prod/firewall/fw1/rule/prod-api", "prod/tftp-server/fw1/service/lan"},
				Writes:  func(*testing.T) int { c := opnsensetest.Count(srv.Log()); return c.Writes + c.Applies },
				Commits: func(*testing.T) int { return opnsensetest.Count(srv.Log()).Applies },
				Present: func(_ *testing.T, st domain.Step) bool {
					switch st.Resource.Type {
					case domain.TypeReservation:
						return byStep("kea/dhcpv4", "reservation", st.ID)
					case domain.TypeARecord:
						return byStep("unbound/settings", "host_override", st.ID)
					case domain.TypePTRRecord:
						return byStep("unbound/settings", "host_override", "prod/dns-server/fw1/a-record/cp0.prod.lab.example.net")
					case domain.TypeFrontend:
						return byStep("haproxy/settings", "frontend", st.ID) && byStep("haproxy/settings", "backend", st.ID) &&
							byStep("haproxy/settings", "server", st.ID) && byStep("haproxy/settings", "healthcheck", st.ID)
					case domain.TypeRule:
						return byStep("firewall/filter", "rule", st.ID) && byStep("firewall/alias", "item", st.ID)
					case domain.TypeCNAMERecord:
						return byStep("unbound/settings", "host_alias", st.ID)
					case domain.TypeTFTP:
						return srv.Items("tftp/general", "")[""]["enabled"] == "1"
					}
					t.Fatalf("no probe for %s", st.ID)
					return false
				},
				Change: func(st domain.Step) (domain.Step, string, bool) {
					if st.Resource.Type != domain.TypeReservation {
						return st, "", false
					}
					c, err := conformance.Edit(st, func(r *domain.Reservation) { r.IP = netip.MustParseAddr("10.10.0.99") })
					return c, "ip_address", err == nil
				},
				HandMade: func(*testing.T) func(*testing.T) bool {
					nas := map[string]string{"enabled": "1", "hostname": "nas", "domain": "lab.example.net", "rr": "A", "server": "10.10.0.5", "description": "by hand"}
					srv.Put("unbound/settings", "host_override", "33333333-3333-4333-8333-333333333333", nas)
					srv.Put("haproxy/settings", "frontend", "44444444-4444-4444-8444-444444444444", map[string]string{"name": "hand-made", "description": "by hand"})
					return func(*testing.T) bool {
						h, ok := srv.Items("unbound/settings", "host_override")["33333333-3333-4333-8333-333333333333"]
						_, fe := srv.Items("haproxy/settings", "frontend")["44444444-4444-4444-8444-444444444444"]
						return ok && fe && h["server"] == "10.10.0.5" && h["description"] == "by hand"
					}
				},
			})
		})
	}
}

// TestPruneKeepsTheKeaSubnet: the subnet Harmony made for its first
// reservation is found by CIDR on later runs; prune keeps it while the
// plan has a reservation in it, even once the step that made it is gone.
func TestPruneKeepsTheKeaSubnet(t *testing.T) {
	srv, d, dev := lab(t, opnsensetest.Options{})
	all := steps(t)[:2]
	prune := func(plan []domain.Step) []string {
		t.Helper()
		s, err := d.Open(context.Background(), dev)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for _, st := range plan {
			if o := s.Apply(context.Background(), st, false); o.Status.Failed() {
				t.Fatalf("%s: %s", st.ID, o.Message)
			}
		}
		removed, err := s.Prune(context.Background(), domain.NewKeep(plan), false)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(context.Background()); err != nil {
			t.Fatal(err)
		}
		return removed
	}
	if removed := prune(all); len(removed) != 0 {
		t.Errorf("first run pruned %v", removed)
	}
	if removed := prune(all); len(removed) != 0 {
		t.Errorf("second run pruned %v, want nothing (the subnet is the reservations')", removed)
	}
	if removed := prune(all[1:]); len(removed) != 1 || !strings.Contains(removed[0], "reservation/cp0") {
		t.Errorf("without cp0 (whose step made the subnet): pruned %v, want only cp0's reservation", removed)
	}
	if n := len(srv.Items("kea/dhcpv4", "subnet")); n != 1 {
		t.Errorf("%d subnets left, want the one cp1 is in", n)
	}
	if removed := prune(nil); len(removed) != 2 {
		t.Errorf("with no reservation left: pruned %v, want cp1's reservation and the subnet", removed)
	}
}

// TestLongRuleName: a rule whose name makes a port alias name of more than
// 31 characters (which AliasNameField refuses) gets a shortened, stable
// one, and converges.
func TestLongRuleName(t *testing.T) {
	srv, d, dev := lab(t, opnsensetest.Options{})
	for _, name := range []string{"prod-api-12", "prod-ingress-extra-long-name", "a-cluster-with-a-very-long-name-ingress"} {
		rule := mustStep(t, domain.Firewall, domain.TypeRule, name, domain.FirewallRule{
			Action: "pass", Interface: "lan", Protocol: "tcp", Source: netip.MustParsePrefix("10.10.0.0/24"),
			Destination: netip.MustParsePrefix("10.10.0.10/32"), Ports: []int{80, 443}, Description: name})
		out, err := run(t, d, dev, []domain.Step{rule}, false)
		if err != nil || out[0].Status != domain.Success {
			t.Fatalf("%s: %s %q %v", name, out[0].Status, out[0].Message, err)
		}
		if out, _ := run(t, d, dev, []domain.Step{rule}, false); out[0].Status != domain.Noop {
			t.Errorf("%s again: %s %+v", name, out[0].Status, out[0].Changes)
		}
	}
	for _, it := range srv.Items("firewall/alias", "item") {
		if len(it["name"]) > 31 || !strings.HasPrefix(it["name"], "harmony_") {
			t.Errorf("alias name %q", it["name"])
		}
	}
}

// TestHostOverrideAliases: OPNsense deletes a host override's aliases
// with it (Unbound's delHostOverrideAction,
// opnsense/core@25.7:src/opnsense/mvc/app/controllers/OPNsense/Unbound/Api/SettingsController.php).
// An absent A record takes Harmony's aliases on it along and refuses while
// a hand-made one is there; prune keeps an override that aliases still
// use, and says so.
func TestHostOverrideAliases(t *testing.T) {
	srv, d, dev := lab(t, opnsensetest.Options{})
	a := mustStep(t, domain.DNSServer, domain.TypeARecord, "cp0.prod.lab.example.net",
		domain.DNSRecord{Name: "cp0.prod.lab.example.net", Type: "A", Value: "10.10.0.21"})
	cname := mustStep(t, domain.DNSServer, domain.TypeCNAMERecord, "www.prod.lab.example.net",
		domain.DNSRecord{Name: "www.prod.lab.example.net", Type: "CNAME", Value: "cp0.prod.lab.example.net"})
	if out, err := run(t, d, dev, []domain.Step{a, cname}, false); err != nil || out[0].Status != domain.Success || out[1].Status != domain.Success {
		t.Fatalf("converge: %+v %v", out, err)
	}
	var host string
	for id, h := range srv.Items("unbound/settings", "host_override") {
		if h["hostname"] == "cp0" {
			host = id
		}
	}
	const hand = "55555555-5555-4555-8555-555555555555"
	srv.Put("unbound/settings", "host_alias", hand, map[string]string{"enabled": "1", "host": host, "hostname": "files", "domain": "lab.example.net", "description": "by hand"})

	// Prune with a plan that has only the CNAME: the override stays (the CNAME and the hand-made alias use it).
	s, err := d.Open(context.Background(), dev)
	if err != nil {
		t.Fatal(err)
	}
	s.Apply(context.Background(), cname, false)
	removed, err := s.Prune(context.Background(), domain.NewKeep([]domain.Step{cname}), false)
	if err != nil || len(removed) != 0 || len(s.Notes()) != 1 || !strings.Contains(s.Notes()[0], "kept host override "+host) ||
		!strings.Contains(s.Notes()[0], hand+" (files.lab.example.net)") {
		t.Errorf("prune = %v %v, notes %q", removed, err, s.Notes())
	}
	s.Close()

	gone := a
	gone.Action = domain.Absent
	out, _ := run(t, d, dev, []domain.Step{gone}, false)
	if out[0].Status != domain.Failure || !strings.Contains(out[0].Message, "aliases Harmony did not make ("+hand+" (files.lab.example.net))") {
		t.Errorf("absent with a hand-made alias: %s %q", out[0].Status, out[0].Message)
	}
	if _, ok := srv.Items("unbound/settings", "host_override")[host]; !ok {
		t.Fatal("the refused absent deleted the override")
	}
	srv.ResetLog()
	if _, body := callSim(t, srv, http.MethodPost, "/api/unbound/settings/del_host_alias/"+hand); !strings.Contains(body, "deleted") {
		t.Fatalf("deleting the hand-made alias: %s", body)
	}
	goneCNAME := cname
	goneCNAME.Action = domain.Absent
	out, err = run(t, d, dev, []domain.Step{gone, goneCNAME}, false)
	if err != nil || out[0].Status != domain.Success || len(out[0].Changes) != 2 || out[1].Status != domain.Noop {
		t.Errorf("absent A then CNAME: %+v %v", out, err)
	}
	if n := len(srv.Items("unbound/settings", "host_alias")) + len(srv.Items("unbound/settings", "host_override")); n != 0 {
		t.Errorf("%d overrides and aliases left", n)
	}
}

// callSim sends a request to the simulator as an API client would (a
// POST with an empty JSON object).
func callSim(t *testing.T, srv *opnsensetest.Server, method, path string) (int, string) {
	t.Helper()
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader("{}")
	}
	req, _ := http.NewRequest(method, srv.URL+path, body)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.SetBasicAuth(srv.Credentials())
	resp, err := (&http.Client{Transport: &http.Transport{TLSClientConfig: srv.TLSConfig()}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestPTRWithoutItsARecordStep: a PTR step run without its A record's
// step in the same run (another Score's, or --device) is served by the
// override on every release; 24.7 and 25.7 have no addptr field (every
// override answers its PTR), which read as "0" and failed it.
func TestPTRWithoutItsARecordStep(t *testing.T) {
	for _, rel := range []string{"24.7", "25.1", "25.7", "26.1", "26.7"} {
		t.Run(rel, func(t *testing.T) {
			_, d, dev := lab(t, opnsensetest.Options{Release: rel})
			all := steps(t)
			if _, err := run(t, d, dev, all, false); err != nil {
				t.Fatal(err)
			}
			out, _ := run(t, d, dev, all[4:5], false) // the PTR of cp0 alone
			if out[0].Status != domain.Noop || !strings.Contains(out[0].Message, "served by the host override") {
				t.Errorf("PTR alone: %s %q", out[0].Status, out[0].Message)
			}
		})
	}
}

// TestHAProxyIsServed: HAProxy is off on a fresh firewall (general.enabled
// 0) and a reconfigure leaves it so while answering ok: the first frontend
// step switches it on (a change of its own), the commit reads the status
// and requires running, and a hand-made switch-off is drift the next run
// fixes.
func TestHAProxyIsServed(t *testing.T) {
	srv, d, dev := lab(t, opnsensetest.Options{})
	fe := steps(t)[5]
	out, err := run(t, d, dev, []domain.Step{fe}, false)
	if err != nil || out[0].Status != domain.Success || out[0].Changes[0] != (domain.Change{Field: "haproxy enabled", From: "0", To: "1"}) {
		t.Fatalf("first run: %+v %v", out, err)
	}
	if _, body := callSim(t, srv, http.MethodGet, "/api/haproxy/service/status"); !strings.Contains(body, `"status":"running"`) {
		t.Errorf("HAProxy after the run: %s", body)
	}
	if out, err := run(t, d, dev, []domain.Step{fe}, false); err != nil || out[0].Status != domain.Noop {
		t.Errorf("second run: %+v %v", out, err)
	}
	srv.Put("haproxy/settings", "", "", map[string]string{"enabled": "0"})
	out, _ = run(t, d, dev, []domain.Step{fe}, true)
	if out[0].Status != domain.Success || len(out[0].Changes) != 1 || out[0].Changes[0].Field != "haproxy enabled" {
		t.Errorf("dry run after a hand-made switch-off: %+v", out[0])
	}
}

// TestRuleInterface: a rule names the firewall's interface key, found by
// the network's address (and VLAN) in interfaces/overview/interfaces_info;
// OPNsense refuses a network's name ("Option not in list.").
func TestRuleInterface(t *testing.T) {
	ifaces := []opnsensetest.Interface{
		{Identifier: "wan", Address: netip.MustParsePrefix("203.0.113.2/24")},
		{Identifier: "lan", Address: netip.MustParsePrefix("10.10.0.1/24")},
		{Identifier: "opt2", Description: "PROD", Address: netip.MustParsePrefix("10.120.0.1/24"), VLAN: 120},
	}
	prod := domain.Network{Name: "prod", CIDR: netip.MustParsePrefix("10.120.0.0/24"), Gateway: netip.MustParseAddr("10.120.0.1"), VLAN: 120}
	rule := func(n domain.Network) domain.Step {
		return mustStep(t, domain.Firewall, domain.TypeRule, "prod-api", domain.FirewallRule{
			Action: "pass", Interface: n.Name, Network: n, Protocol: "tcp", Source: n.CIDR,
			Destination: netip.MustParsePrefix("10.120.0.10/32"), Ports: []int{6443}, Description: "prod-api"})
	}
	t.Run("a network named prod on opt2, VLAN 120", func(t *testing.T) {
		srv, d, dev := lab(t, opnsensetest.Options{Interfaces: ifaces})
		out, err := run(t, d, dev, []domain.Step{rule(prod)}, false)
		if err != nil || out[0].Status != domain.Success {
			t.Fatalf("first run: %s %q %v", out[0].Status, out[0].Message, err)
		}
		for _, r := range srv.Items("firewall/filter", "rule") {
			if r["interface"] != "opt2" {
				t.Errorf("rule on %q, want opt2", r["interface"])
			}
		}
		srv.ResetLog()
		if out, _ := run(t, d, dev, []domain.Step{rule(prod)}, false); out[0].Status != domain.Noop {
			t.Errorf("second run: %s %+v", out[0].Status, out[0].Changes)
		}
		if c := opnsensetest.Count(srv.Log()); c.Writes != 0 {
			t.Errorf("second run wrote %d times", c.Writes)
		}
	})
	for _, tc := range []struct {
		name   string
		net    domain.Network
		ifaces []string // Site device interfaces: network=key
		fault  *opnsensetest.Fault
		want   string
	}{
		{"no interface in the network", domain.Network{Name: "dmz", CIDR: netip.MustParsePrefix("10.30.0.0/24")}, nil, nil,
			"no interface of the firewall has an address in network dmz (10.30.0.0/24); it has lan (LAN, vtnet1, 10.10.0.1/24), opt2 (PROD, vlan0.120, 10.120.0.1/24, VLAN 120), wan (WAN, vtnet0, 203.0.113.2/24): assign one (Interfaces > Assignments), or say which with interfaces: {dmz: KEY} on device fw1 in the Site"},
		{"the wrong VLAN", domain.Network{Name: "prod", CIDR: prod.CIDR, Gateway: prod.Gateway, VLAN: 121}, nil, nil,
			"network prod (10.120.0.0/24) is on VLAN 121, but the firewall's interfaces in it carry no VLAN 121 tag: opt2 (PROD, vlan0.120, 10.120.0.1/24, VLAN 120)"},
		{"the Site names it", domain.Network{Name: "dmz", CIDR: netip.MustParsePrefix("10.30.0.0/24")}, []string{"dmz=opt2"}, nil, ""},
		{"a key without Status: Interfaces", prod, nil, &opnsensetest.Fault{Match: "interfaces_info", Status: 403},
			`it needs the privilege "Status: Interfaces"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, d, dev := lab(t, opnsensetest.Options{Interfaces: ifaces})
			for _, kv := range tc.ifaces {
				k, v, _ := strings.Cut(kv, "=")
				dev.Interfaces = map[string]string{k: v}
			}
			if tc.fault != nil {
				srv.Inject(*tc.fault)
			}
			out, _ := run(t, d, dev, []domain.Step{rule(tc.net)}, false)
			switch {
			case tc.want == "" && out[0].Status != domain.Success:
				t.Errorf("%s %q, want SUCCESS", out[0].Status, out[0].Message)
			case tc.want != "" && (out[0].Status != domain.Failure || !strings.Contains(out[0].Message, tc.want)):
				t.Errorf("%s %q, want FAILURE with %q", out[0].Status, out[0].Message, tc.want)
			}
		})
	}
}

// TestSlowReconfigure: a reconfigure runs configd synchronously and can
// outlast the client's bound; one that times out is not sent again (a
// second would run over the first) and the service's status is awaited.
func TestSlowReconfigure(t *testing.T) {
	srv, d, dev := lab(t, opnsensetest.Options{})
	d.Timeout, d.ApplyTimeout, d.ServiceWait = 2*time.Second, 200*time.Millisecond, 5*time.Second
	srv.Inject(opnsensetest.Fault{Match: "haproxy/service/reconfigure", Busy: 600 * time.Millisecond, Times: 1})
	out, err := run(t, d, dev, steps(t)[5:6], false)
	if err != nil || out[0].Status != domain.Success {
		t.Fatalf("%+v, commit: %v", out, err)
	}
	n := 0
	for _, r := range srv.Log() {
		if strings.HasSuffix(r.Path, "haproxy/service/reconfigure") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("HAProxy was reconfigured %d times, want once (never re-sent after a timeout)", n)
	}
}

// killer is a driver whose sessions die at their commit: what a kill -9
// between writing and reconfiguring leaves.
type killer struct{ apply.Driver }

type killedSession struct{ apply.Session }

func (k killer) Open(ctx context.Context, dev domain.Device) (apply.Session, error) {
	s, err := k.Driver.Open(ctx, dev)
	if err != nil {
		return nil, err
	}
	return killedSession{s}, nil
}

func (killedSession) Commit(context.Context) error { return errors.New("killed") }

// TestWrittenNeverApplied: a run killed after its writes and before its
// reconfigures left Kea serving the old reservation; the next run finds
// every step NOOP, and still reconfigures (the journal beside the lock
// says it owes it), saying so.
func TestWrittenNeverApplied(t *testing.T) {
	srv, d, dev := lab(t, opnsensetest.Options{})
	plan := conformance.PlanOf(t, "lab", []domain.Device{dev}, steps(t)[:2])
	locks := &apply.Locker{Dir: t.TempDir(), Wait: time.Second}
	tool := func(drv apply.Driver) *apply.Tool {
		return &apply.Tool{Name: "harmony-apply-opnsense", Providers: domain.ProvidersOf("harmony-apply-opnsense"), Driver: drv, Locks: locks}
	}
	first := *plan
	first.Steps = slices.Clone(plan.Steps)
	if _, err := tool(killer{apply.OpenFunc(d.Open)}).Run(context.Background(), &first); err != nil {
		t.Fatal(err)
	}
	if c := opnsensetest.Count(srv.Log()); c.Writes == 0 || c.Applies != 0 {
		t.Fatalf("the killed run: %+v", c)
	}
	srv.ResetLog()
	again := *plan
	again.Steps = slices.Clone(plan.Steps)
	res, err := tool(apply.OpenFunc(d.Open)).Run(context.Background(), &again)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range again.Steps {
		if st.Outcome.Status != domain.Noop {
			t.Errorf("%s: %s", st.ID, st.Outcome.Status)
		}
	}
	if c := opnsensetest.Count(srv.Log()); c.Writes != 0 || c.Applies == 0 {
		t.Errorf("the run after the kill: %+v, want reconfigures and no write", c)
	}
	if !slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, "fw1: finished what an earlier run wrote") }) {
		t.Errorf("notes %q", res.Notes)
	}
	srv.ResetLog()
	third := *plan
	third.Steps = slices.Clone(plan.Steps)
	if _, err := tool(apply.OpenFunc(d.Open)).Run(context.Background(), &third); err != nil {
		t.Fatal(err)
	}
	if c := opnsensetest.Count(srv.Log()); c.Writes != 0 || c.Applies != 0 {
		t.Errorf("third run: %+v, want nothing", c)
	}
}
