package domain_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/lib/domain"
)

func TestParseMAC(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"52:54:00:aa:00:01", "52:54:00:aa:00:01", true},
		{"52-54-00-AA-00-01", "52:54:00:aa:00:01", true},
		{"525400aa0001", "52:54:00:aa:00:01", true},
		{"5254.00aa.0001", "52:54:00:aa:00:01", true},
		{"52:54:00:aa:00", "", false},
		{"52:54:00:zz:00:01", "", false},
		{"00:00:00:00:00:00:00:e0", "", false}, // EUI-64 is not Ethernet
		{"", "", false},
	}
	for _, tc := range tests {
		m, err := domain.ParseMAC(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("ParseMAC(%q) error = %v, want ok=%v", tc.in, err, tc.ok)
			continue
		}
		if tc.ok && m.String() != tc.want {
			t.Errorf("ParseMAC(%q) = %s, want %s", tc.in, m, tc.want)
		}
	}
	m, _ := domain.ParseMAC("52:54:00:aa:00:01")
	if got := m.HexHyp(); got != "52-54-00-aa-00-01" {
		t.Errorf("HexHyp() = %s, want 52-54-00-aa-00-01", got)
	}
}

func site() *domain.Site {
	return &domain.Site{APIVersion: domain.APIVersion, Kind: domain.KindSite, Metadata: domain.Metadata{Name: "lab"},
		Spec: domain.SiteSpec{
			Domain: "lab.example.net",
			Networks: []domain.Network{{Name: "lan", CIDR: netip.MustParsePrefix("10.10.0.0/24"),
				Gateway: netip.MustParseAddr("10.10.0.1"), VLAN: 10}},
			Devices: []domain.Device{
				{Name: "fw1", Provider: "opnsense", Endpoint: "https://10.10.0.1", SecretRef: "fw1",
					Provides: []domain.Capability{domain.DHCPServer, domain.DNSServer}},
				{Name: "sw1", Provider: "brocade-fastiron", Provides: []domain.Capability{domain.Switch}},
			},
		}}
}

func inventory() *domain.Inventory {
	mac := func(s string) domain.MAC { m, _ := domain.ParseMAC(s); return m }
	return &domain.Inventory{APIVersion: domain.APIVersion, Kind: domain.KindInventory, Metadata: domain.Metadata{Name: "lab"},
		Spec: domain.InventorySpec{Hosts: []domain.Host{
			{Name: "cp0", BMC: &domain.BMC{Address: "10.10.1.21"}, NICs: []domain.NIC{
				{Name: "eno1", MAC: mac("52:54:00:aa:00:01"), Switch: "sw1", Port: "1/1/1"},
				{Name: "eno2", MAC: mac("52:54:00:aa:01:01"), Switch: "sw1", Port: "1/1/2"},
			}},
			{Name: "w0", NICs: []domain.NIC{{Name: "eno1", MAC: mac("52:54:00:aa:00:02")}}},
		}}}
}

// wantField checks err is a FieldError at path whose message has msg.
func wantField(t *testing.T, err error, path, msg string) {
	t.Helper()
	var fe *domain.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error = %v, want a FieldError at %s", err, path)
	}
	if fe.Path != path || !strings.Contains(fe.Msg, msg) {
		t.Errorf("error = %s: %s, want %s: …%s…", fe.Path, fe.Msg, path, msg)
	}
	if fe.Hint == "" {
		t.Errorf("error at %s has no hint", path)
	}
}

func TestSiteValidate(t *testing.T) {
	tests := []struct {
		name      string
		edit      func(*domain.Site)
		path, msg string
	}{
		{"domain", func(s *domain.Site) { s.Spec.Domain = "Lab_Net" }, "spec.domain", "is not a DNS name"},
		{"cidr host bits", func(s *domain.Site) { s.Spec.Networks[0].CIDR = netip.MustParsePrefix("10.10.0.5/24") }, "spec.networks[0].cidr", "has host bits set"},
		{"gateway outside", func(s *domain.Site) { s.Spec.Networks[0].Gateway = netip.MustParseAddr("10.20.0.1") }, "spec.networks[0].gateway", "is outside network"},
		{"vlan range", func(s *domain.Site) { s.Spec.Networks[0].VLAN = 5000 }, "spec.networks[0].vlan", "out of range"},
		{"duplicate network", func(s *domain.Site) { s.Spec.Networks = append(s.Spec.Networks, s.Spec.Networks[0]) }, "spec.networks[1].name", "declared twice"},
		{"duplicate device", func(s *domain.Site) { s.Spec.Devices[1].Name = "fw1" }, "spec.devices[1].name", "declared twice"},
		{"no provider", func(s *domain.Site) { s.Spec.Devices[0].Provider = "" }, "spec.devices[0].provider", "has no provider"},
		{"unknown capability", func(s *domain.Site) { s.Spec.Devices[0].Provides[1] = "dns" }, "spec.devices[0].provides[1]", `unknown capability "dns"`},
		{"capability twice", func(s *domain.Site) { s.Spec.Devices[0].Provides[1] = domain.DHCPServer }, "spec.devices[0].provides[1]", "lists dhcp-server twice"},
		{"credential in endpoint", func(s *domain.Site) { s.Spec.Devices[0].Endpoint = "https://root:S3NT1NEL@10.10.0.1" }, "spec.devices[0].endpoint", "carries a credential"},
		{"secret as reference", func(s *domain.Site) { s.Spec.Devices[0].SecretRef = "key:S3NT1NEL" }, "spec.devices[0].secretRef", "not a reference name"},
		{"apiVersion", func(s *domain.Site) { s.APIVersion = "v1" }, "apiVersion", `want "harmony/v1"`},
	}
	if err := site().Validate(); err != nil {
		t.Fatalf("the good site: %v", err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := site()
			tc.edit(s)
			err := s.Validate()
			wantField(t, err, tc.path, tc.msg)
			if strings.Contains(err.Error()+domain.Hint(err), "S3NT1NEL") {
				t.Errorf("the error repeats the secret: %v", err)
			}
		})
	}
}

func TestInventoryAgainstSite(t *testing.T) {
	tests := []struct {
		name      string
		edit      func(*domain.Inventory)
		path, msg string
	}{
		{"duplicate host", func(i *domain.Inventory) { i.Spec.Hosts[1].Name = "cp0" }, "spec.hosts[1].name", "declared twice"},
		{"duplicate MAC", func(i *domain.Inventory) { i.Spec.Hosts[1].NICs[0].MAC = i.Spec.Hosts[0].NICs[1].MAC }, "spec.hosts[1].nics[0].mac", "is also the MAC of cp0/eno2"},
		{"no MAC", func(i *domain.Inventory) { i.Spec.Hosts[1].NICs[0].MAC = domain.MAC{} }, "spec.hosts[1].nics[0].mac", "has no MAC"},
		{"port twice", func(i *domain.Inventory) { i.Spec.Hosts[0].NICs[1].Port = "1/1/1" }, "spec.hosts[0].nics[1].port", "cp0/eno1 is cabled to too"},
		{"switch without port", func(i *domain.Inventory) { i.Spec.Hosts[1].NICs[0].Switch = "sw1" }, "spec.hosts[1].nics[0]", "only one of switch and port"},
		{"bad BMC", func(i *domain.Inventory) { i.Spec.Hosts[0].BMC.Address = "bmc-cp0" }, "spec.hosts[0].bmc.address", "not an IP address"},
		{"bond of a stranger NIC", func(i *domain.Inventory) {
			i.Spec.Hosts[0].Bonds = []domain.Bond{{Name: "bond0", Mode: "802.3ad", Members: []string{"eno1", "eno9"}}}
		}, "spec.hosts[0].bonds[0].members[1]", `member "eno9", which is not one of its NICs`},
		{"bond named as a NIC", func(i *domain.Inventory) {
			i.Spec.Hosts[0].Bonds = []domain.Bond{{Name: "eno1", Mode: "802.3ad"}}
		}, "spec.hosts[0].bonds[0].name", "no name of its own"},
		{"unknown switch", func(i *domain.Inventory) { i.Spec.Hosts[0].NICs[0].Switch = "sw9" }, "spec.hosts[0].nics[0].switch", `"sw9", which is not a device`},
		{"not a switch", func(i *domain.Inventory) { i.Spec.Hosts[0].NICs[0].Switch = "fw1" }, "spec.hosts[0].nics[0].switch", "does not provide switch"},
	}
	if _, err := domain.NewFacts(site(), inventory()); err != nil {
		t.Fatalf("the good inventory: %v", err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inv := inventory()
			tc.edit(inv)
			_, err := domain.NewFacts(site(), inv)
			wantField(t, err, tc.path, tc.msg)
			var fe *domain.FieldError
			if errors.As(err, &fe); fe.Doc != domain.KindInventory {
				t.Errorf("error is in %q, want Inventory", fe.Doc)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	f, err := domain.NewFacts(site(), inventory())
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Check("DNSRecords", "names", []domain.Capability{domain.DNSServer, domain.Switch}); err != nil {
		t.Errorf("Check(dns-server, switch) = %v, want nil", err)
	}
	err = f.Check("LoadBalancer", "lb", []domain.Capability{domain.DNSServer, domain.LoadBalancer})
	var ce *domain.CapabilityError
	if !errors.As(err, &ce) || ce.Capability != domain.LoadBalancer || ce.Score != "lb" {
		t.Fatalf("Check(load-balancer) = %v, want a CapabilityError for lb and load-balancer", err)
	}
	if !strings.Contains(ce.Hint(), "add load-balancer to the provides list") {
		t.Errorf("hint = %q", ce.Hint())
	}
}

type onlyDNS interface {
	domain.Topology
	domain.HasDNSServer
}

type cluster interface {
	onlyDNS
	domain.HasSwitch
	domain.HasPowerControl
}

func TestRequiredCapabilities(t *testing.T) {
	for _, tc := range []struct {
		typ  reflect.Type
		want []domain.Capability
	}{
		{reflect.TypeFor[domain.Topology](), nil},
		{reflect.TypeFor[onlyDNS](), []domain.Capability{domain.DNSServer}},
		{reflect.TypeFor[cluster](), []domain.Capability{domain.DNSServer, domain.Switch, domain.PowerControl}},
	} {
		if got := domain.RequiredCapabilities(tc.typ); !slices.Equal(got, tc.want) {
			t.Errorf("RequiredCapabilities(%s) = %v, want %v", tc.typ, got, tc.want)
		}
	}
	// The site topology offers every capability, so any Score can take it.
	var _ cluster = domain.SiteTopology{}
}

func steps(t *testing.T, specs ...[3]string) []domain.Step {
	t.Helper()
	var out []domain.Step
	for _, s := range specs {
		typ, name, after := s[0], s[1], s[2]
		var a []string
		if after != "" {
			a = strings.Split(after, ",")
		}
		st, err := domain.NewStep("s", domain.DNSServer, "fw1", typ, name, domain.DNSRecord{Name: name + ".lab.example.net", Type: "A", Value: "10.10.0.5"}, a...)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, st)
	}
	return out
}

func TestNewPlanOrder(t *testing.T) {
	f, _ := domain.NewFacts(site(), inventory())
	in := steps(t,
		[3]string{"a-record", "z", ""},
		[3]string{"a-record", "b", "s/dns-server/fw1/a-record/z"},
		[3]string{"a-record", "a", "s/dns-server/fw1/a-record/b"},
		[3]string{"a-record", "m", ""},
	)
	want := []string{"s/dns-server/fw1/a-record/m", "s/dns-server/fw1/a-record/z", "s/dns-server/fw1/a-record/b", "s/dns-server/fw1/a-record/a"}
	var first []byte
	for i := range 10 {
		shuffled := slices.Clone(in)
		rand.New(rand.NewPCG(uint64(i), 1)).Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		p, err := domain.NewPlan(f, shuffled)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, s := range p.Steps {
			ids = append(ids, s.ID)
		}
		if !slices.Equal(ids, want) {
			t.Fatalf("order = %v, want %v", ids, want)
		}
		var buf bytes.Buffer
		if err := p.Encode(&buf, false); err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = buf.Bytes()
		} else if !bytes.Equal(first, buf.Bytes()) {
			t.Fatal("the same steps in another order encode differently")
		}
	}
}

func TestNewPlanRefuses(t *testing.T) {
	f, _ := domain.NewFacts(site(), inventory())
	retarget := func(s []domain.Step, target string, c domain.Capability) []domain.Step {
		s[0].Target, s[0].Capability = target, c
		s[0].ID = domain.StepID(s[0].Score, c, target, s[0].Resource.Type, s[0].Resource.Name)
		return s
	}
	tests := []struct {
		name  string
		steps []domain.Step
		msg   string
	}{
		{"cycle", steps(t, [3]string{"a-record", "a", "s/dns-server/fw1/a-record/b"}, [3]string{"a-record", "b", "s/dns-server/fw1/a-record/a"}), "cycle"},
		{"dangling after", steps(t, [3]string{"a-record", "a", "s/x"}), "waits for s/x, which is not in the plan"},
		{"duplicate", steps(t, [3]string{"a-record", "a", ""}, [3]string{"a-record", "a", ""}), "appears twice"},
		{"unknown target", retarget(steps(t, [3]string{"a-record", "a", ""}), "fw9", domain.DNSServer), `targets "fw9", which is not a device`},
		{"capability not provided", retarget(steps(t, [3]string{"a-record", "a", ""}), "sw1", domain.DNSServer), "targets sw1 (brocade-fastiron), which does not provide dns-server"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := domain.NewPlan(f, tc.steps)
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("NewPlan() = %v, want an error with %q", err, tc.msg)
			}
		})
	}
}

func TestNewPlanConflicts(t *testing.T) {
	f, _ := domain.NewFacts(site(), inventory())
	res := func(score, name, ip, mac string) domain.Step {
		m, _ := domain.ParseMAC(mac)
		s, err := domain.NewStep(score, domain.DHCPServer, "fw1", domain.TypeReservation, name,
			domain.Reservation{MAC: m, IP: netip.MustParseAddr(ip), Hostname: name})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	tests := []struct {
		name  string
		steps []domain.Step
		msg   string
	}{
		{"same resource, same spec", []domain.Step{res("a", "cp0", "10.10.0.5", "52:54:00:00:00:01"), res("b", "cp0", "10.10.0.5", "52:54:00:00:00:01")}, ""},
		{"same resource, other spec", []domain.Step{res("a", "cp0", "10.10.0.5", "52:54:00:00:00:01"), res("b", "cp0", "10.10.0.6", "52:54:00:00:00:01")}, `scores "a" and "b" both manage dhcp-server reservation "cp0" on fw1, differently`},
		{"one IP twice", []domain.Step{res("a", "cp0", "10.10.0.5", "52:54:00:00:00:01"), res("a", "cp1", "10.10.0.5", "52:54:00:00:00:02")}, "IP 10.10.0.5 is reserved twice on fw1"},
		{"one MAC twice", []domain.Step{res("a", "cp0", "10.10.0.5", "52:54:00:00:00:01"), res("b", "cp1", "10.10.0.6", "52:54:00:00:00:01")}, "MAC 52:54:00:00:00:01 is reserved twice on fw1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := domain.NewPlan(f, tc.steps)
			if tc.msg == "" {
				if err != nil {
					t.Errorf("NewPlan() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("NewPlan() = %v, want an error with %q", err, tc.msg)
			}
		})
	}
}

func TestPlanRoundTrip(t *testing.T) {
	f, _ := domain.NewFacts(site(), inventory())
	p, err := domain.NewPlan(f, steps(t, [3]string{"a-record", "a", ""}, [3]string{"a-record", "b", "s/dns-server/fw1/a-record/a"}))
	if err != nil {
		t.Fatal(err)
	}
	p.Steps[0].Outcome = &domain.Outcome{Status: domain.Success, Changes: []domain.Change{{Field: "v", From: "x", To: "a"}}, Tool: "t", Duration: "1ms"}
	for _, pretty := range []bool{false, true} {
		var a bytes.Buffer
		if err := p.Encode(&a, pretty); err != nil {
			t.Fatal(err)
		}
		q, err := domain.DecodePlan(a.Bytes())
		if err != nil {
			t.Fatalf("DecodePlan(Encode(p)) = %v", err)
		}
		var b bytes.Buffer
		_ = q.Encode(&b, pretty)
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("plan changed through a round trip:\n%s\n%s", a.String(), b.String())
		}
	}
}

func TestDecodeJSON(t *testing.T) {
	tests := []struct {
		name, in string
		path     string
		line     int
		msg      string
	}{
		{"unknown field", "{\n  \"metadata\": {\"name\": \"x\"},\n  \"site\": {\"name\": \"x\",\n    \"devices\": [{\"name\": \"a\", \"color\": 1}]}}", "site.devices[0].color", 4, `unknown field "color"`},
		{"wrong type", "{\n\"steps\": [\n{\"id\": 5}]}", "steps.id", 3, "a JSON number cannot go into a field of type string"},
		{"syntax", "{\n\"steps\": [\n}", "", 3, "invalid JSON"},
		{"two documents", "{}\n{}", "", 2, "more than one JSON document"},
		{"empty", "", "", 0, "the input is empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var p domain.Plan
			err := domain.DecodeJSON([]byte(tc.in), &p)
			var fe *domain.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("DecodeJSON() = %v, want a FieldError", err)
			}
			if fe.Path != tc.path || fe.Line != tc.line || !strings.Contains(fe.Msg, tc.msg) {
				t.Errorf("DecodeJSON() = line %d %s: %s, want line %d %s: …%s…", fe.Line, fe.Path, fe.Msg, tc.line, tc.path, tc.msg)
			}
		})
	}
}

// FuzzDecodePlan: no input makes the plan decoder panic, and whatever it
// accepts survives a round trip unchanged.
func FuzzDecodePlan(f *testing.F) {
	fa, _ := domain.NewFacts(site(), inventory())
	st, _ := domain.NewStep("s", domain.DNSServer, "fw1", domain.TypeARecord, "a", domain.DNSRecord{Name: "a", Type: "A", Value: "10.10.0.5"})
	p, _ := domain.NewPlan(fa, []domain.Step{st})
	var seed bytes.Buffer
	_ = p.Encode(&seed, false)
	f.Add(seed.Bytes())
	f.Add([]byte(`{"apiVersion":"harmony/v1","kind":"Plan","metadata":{"name":"x"},"site":{"name":"x","domain":"x","devices":[]},"steps":[]}`))
	f.Add([]byte(`{"steps":[{"after":["a","a"]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := domain.DecodePlan(data)
		if err != nil {
			return
		}
		var a bytes.Buffer
		if err := p.Encode(&a, false); err != nil {
			t.Fatalf("Encode of an accepted plan: %v", err)
		}
		q, err := domain.DecodePlan(a.Bytes())
		if err != nil {
			t.Fatalf("re-decoding an accepted plan: %v\n%s", err, a.Bytes())
		}
		var b bytes.Buffer
		_ = q.Encode(&b, false)
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("round trip changed the plan")
		}
	})
}

// FuzzParseMAC: what ParseMAC accepts, it writes back in a form it reads
// to the same address.
func FuzzParseMAC(f *testing.F) {
	for _, s := range []string{"52:54:00:aa:00:01", "525400aa0001", "5254.00aa.0001", "52-54-00-AA-00-01", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := domain.ParseMAC(s)
		if err != nil {
			return
		}
		b, _ := json.Marshal(m)
		var back domain.MAC
		if err := json.Unmarshal(b, &back); err != nil || back != m {
			t.Fatalf("ParseMAC(%q) = %s does not round-trip: %v", s, m, err)
		}
	})
}

// TestEncodeMatchesEncodingJSON holds the hand-written compact encoder to
// encoding/json, byte for byte, on awkward strings.
func TestEncodeMatchesEncodingJSON(t *testing.T) {
	awkward := "a\"b\\c\nd\te\x01f<g>&h\u2028i\u2029j\xffk é 🚀"
	st, err := domain.NewStep("s", domain.DNSServer, "fw1", domain.TypeARecord, awkward, map[string]string{"v": awkward})
	if err != nil {
		t.Fatal(err)
	}
	st2, _ := domain.NewStep("s", domain.DNSServer, "fw1", domain.TypeARecord, "b", map[string]string{}, st.ID)
	// Not through NewPlan, which refuses such strings in a spec: this is
	// about the encoder alone.
	p := &domain.Plan{APIVersion: domain.APIVersion, Kind: domain.KindPlan, Metadata: domain.Metadata{Name: "lab"},
		Site: domain.PlanSite{Name: "lab", SiteSpec: site().Spec}, Steps: []domain.Step{st, st2}}
	p.Steps[0].Outcome = &domain.Outcome{Status: domain.Failure, Message: awkward}
	p.Source = &domain.Source{Commit: awkward}
	var got bytes.Buffer
	if err := p.Encode(&got, false); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("Encode() =\n%s\nencoding/json =\n%s", got.Bytes(), want.Bytes())
	}
}

// TestDecodePlanLines checks that a plan refused after decoding points at
// the line of the mistake, for hand-edited (pretty) plans.
func TestDecodePlanLines(t *testing.T) {
	f, _ := domain.NewFacts(site(), inventory())
	p, _ := domain.NewPlan(f, steps(t, [3]string{"a-record", "a", ""}, [3]string{"a-record", "b", ""}))
	p.Steps[1].Target = "sw1"
	var buf bytes.Buffer
	_ = p.Encode(&buf, true)
	_, err := domain.DecodePlan(buf.Bytes())
	var fe *domain.FieldError
	if !errors.As(err, &fe) || fe.Path != "steps[1].id" {
		t.Fatalf("DecodePlan() = %v, want an error at steps[1].id", err)
	}
	lines := strings.Split(buf.String(), "\n")
	if fe.Line < 1 || !strings.Contains(lines[fe.Line-1], `"id": "s/dns-server/fw1/a-record/b"`) {
		t.Errorf("line %d, want the line of the second step's id", fe.Line)
	}
}

func TestFleetValidate(t *testing.T) {
	ok := func() *domain.Fleet {
		return &domain.Fleet{APIVersion: domain.APIVersion, Kind: domain.KindFleet, Metadata: domain.Metadata{Name: "north"},
			Spec: domain.FleetSpec{Sites: []domain.FleetSite{
				{Name: "a", Client: "nats://10.0.1.2:4222", Cluster: "nats://10.0.1.2:6222"},
				{Name: "w", Client: "nats://10.0.9.2:4222", Cluster: "nats://10.0.9.2:6222", Witness: true},
			}}}
	}
	if err := ok().Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		edit      func(*domain.Fleet)
		path, msg string
	}{
		{"no sites", func(f *domain.Fleet) { f.Spec.Sites = nil }, "spec.sites", "has no sites"},
		{"site twice", func(f *domain.Fleet) { f.Spec.Sites[1].Name = "a" }, "spec.sites[1].name", "listed twice"},
		{"bad name", func(f *domain.Fleet) { f.Spec.Sites[0].Name = "Site A" }, "spec.sites[0].name", "not a valid name"},
		{"no client", func(f *domain.Fleet) { f.Spec.Sites[0].Client = "" }, "spec.sites[0].client", "no client address"},
		{"no cluster address", func(f *domain.Fleet) { f.Spec.Sites[1].Cluster = "" }, "spec.sites[1].cluster", "no cluster address"},
		{"not nats", func(f *domain.Fleet) { f.Spec.Sites[0].Client = "http://10.0.1.2:4222" }, "spec.sites[0].client", "not a NATS address"},
		{"no port", func(f *domain.Fleet) { f.Spec.Sites[0].Client = "nats://10.0.1.2" }, "spec.sites[0].client", "not a NATS address"},
		{"credential", func(f *domain.Fleet) { f.Spec.Sites[0].Client = "nats://u:p@10.0.1.2:4222" }, "spec.sites[0].client", "carries a credential"},
		{"shared address", func(f *domain.Fleet) { f.Spec.Sites[1].Cluster = "nats://10.0.1.2:6222" }, "spec.sites[1].cluster", "is also a's cluster address"},
		{"external without urls", func(f *domain.Fleet) { f.Spec.NATS = &domain.FleetNATS{} }, "spec.nats.urls", "no NATS URL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := ok()
			tc.edit(f)
			err := f.Validate()
			var fe *domain.FieldError
			if !errors.As(err, &fe) || fe.Path != tc.path || !strings.Contains(fe.Msg, tc.msg) || fe.Hint == "" {
				t.Errorf("Validate() = %v, want %s: …%s…", err, tc.path, tc.msg)
			}
		})
	}
	// With an existing NATS cluster, the agents need no cluster address.
	f := ok()
	f.Spec.NATS = &domain.FleetNATS{URLs: []string{"nats://nats.example.net:4222"}}
	f.Spec.Sites[1].Cluster = ""
	if err := f.Validate(); err != nil {
		t.Errorf("external NATS: %v", err)
	}
}
