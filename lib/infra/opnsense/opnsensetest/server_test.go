package opnsensetest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/lib/infra/opnsense/opnsensetest"
)

// call sends one request and returns the status and the body.
func call(t *testing.T, s *opnsensetest.Server, method, path, body string, auth bool) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "-" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, s.URL+path, rd)
	if body != "-" {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth {
		req.SetBasicAuth(s.Credentials())
	}
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: s.TLSConfig()}}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

// TestWireContract walks the simulator checklist of the OPNsense
// reference (§6) on 25.7.
func TestWireContract(t *testing.T) {
	s, err := opnsensetest.Start(opnsensetest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const id = "0b7e2e6e-6c1f-4a8f-9d44-6a3f0c8f2a11"
	steps := []struct {
		name, method, path, body string
		noAuth                   bool
		status                   int
		want                     string // a substring of the body
	}{
		{"404 before auth", "GET", "/api/nope/settings/get", "-", true, 404, `{"errorMessage":"Endpoint not found"}`},
		{"401 without Authorization: empty body", "GET", "/api/unbound/settings/get", "-", true, 401, ""},
		{"empty JSON body", "POST", "/api/unbound/settings/add_host_override", "", false, 400, `"message":"Invalid JSON syntax"`},
		{"write with GET", "GET", "/api/unbound/settings/set_host_override/" + id, "-", false, 200, `"status":"failed"`},
		{"missing wrapper key", "POST", "/api/unbound/settings/add_host_override", `{"hostx":{}}`, false, 200, `{"result":"failed"}`},
		{"validation map", "POST", "/api/unbound/settings/add_host_override", `{"host":{"hostname":"a","rr":"A","server":"not-an-ip"}}`, false, 200,
			`"host.domain":"A value is required."`},
		{"upsert with a v4 uuid creates", "POST", "/api/unbound/settings/set_host_override/" + id,
			`{"host":{"hostname":"a","domain":"lab.example.net","rr":"A","server":"10.0.0.1","description":null,"ttl":false}}`, false, 200, `{"result":"saved"}`},
		{"an invalid uuid fails", "POST", "/api/unbound/settings/set_host_override/ABC", `{"host":{"hostname":"b"}}`, false, 200, `{"result":"failed"}`},
		{"an array for a field is a server error", "POST", "/api/unbound/settings/set_host_override/" + id, `{"host":{"hostname":["a"]}}`, false, 500, `"errorMessage"`},
		{"get-format: option map with its blank key", "GET", "/api/unbound/settings/get_host_override/" + id, "-", false, 200, `"rr":{"A":{"value":"A (IPv4 address)","selected":1}`},
		{"unknown uuid gets []", "GET", "/api/unbound/settings/get_host_override/11111111-1111-4111-8111-111111111111", "-", false, 200, `[]`},
		{"slashes escaped", "POST", "/api/kea/dhcpv4/add_subnet", `{"subnet4":{"subnet":"10.10.0.0/24"}}`, false, 200, `"result":"saved","uuid"`},
		{"search rows are raw on 25.7", "GET", "/api/kea/dhcpv4/search_subnet", "-", false, 200, `"subnet":"10.10.0.0\/24"`},
		{"del unknown", "POST", "/api/unbound/settings/del_host_override/11111111-1111-4111-8111-111111111111", "{}", false, 200, `{"result":"not found"}`},
		{"del", "POST", "/api/unbound/settings/del_host_override/" + id, "{}", false, 200, `{"result":"deleted"}`},
		{"empty list is []", "GET", "/api/unbound/settings/get", "-", false, 200, `"host":[]`},
		{"savepoint on 25.7", "POST", "/api/firewall/filter/savepoint", "{}", false, 200, `"revision"`},
		{"reconfigure", "POST", "/api/unbound/service/reconfigure", "{}", false, 200, `{"status":"ok"}`},
		{"Unbound's catch-all", "GET", "/api/unbound/settings/no_such_action", "-", false, 200, ``},
	}
	for _, st := range steps {
		status, body := call(t, s, st.method, st.path, st.body, !st.noAuth)
		if status != st.status || !strings.Contains(body, st.want) {
			t.Errorf("%s: %d %s\nwant %d with %s", st.name, status, body, st.status, st.want)
		}
	}
	// Wrong credentials, after routing.
	req, _ := http.NewRequest("GET", s.URL+"/api/unbound/settings/get", nil)
	req.SetBasicAuth("x", "y")
	resp, err := (&http.Client{Transport: &http.Transport{TLSClientConfig: s.TLSConfig()}}).Do(req)
	if err != nil || resp.StatusCode != 401 {
		t.Errorf("bad key: %v %v", resp, err)
	}
	if c := opnsensetest.Count(s.Log()); c.Applies != 1 || c.Writes < 5 {
		t.Errorf("log counts = %+v", c)
	}
}

func TestReleases(t *testing.T) {
	for _, tc := range []struct {
		release, path, body string
		status              int
		want                string
	}{
		{"26.7", "/api/firewall/filter/savepoint", "{}", 404, "Endpoint not found"},
		{"24.7", "/api/dnsmasq/settings/get", "-", 404, "Endpoint not found"},
		{"24.7", "/api/kea/dhcpv4/search_subnet", "-", 200, `"subnet":"10.10.0.0\/24"`},
	} {
		s, err := opnsensetest.Start(opnsensetest.Options{Release: tc.release})
		if err != nil {
			t.Fatal(err)
		}
		if tc.release == "24.7" {
			call(t, s, "POST", "/api/kea/dhcpv4/add_subnet", `{"subnet4":{"subnet":"10.10.0.0/24"}}`, true)
		}
		status, body := call(t, s, "POST", tc.path, tc.body, true)
		if tc.body == "-" {
			status, body = call(t, s, "GET", tc.path, tc.body, true)
		}
		if status != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s %s: %d %s, want %d with %s", tc.release, tc.path, status, body, tc.status, tc.want)
		}
		s.Close()
	}
}

// TestAliasFields: alias names and contents validate as OPNsense's own
// field types do, on every release:
//   - opnsense/core@25.7:src/opnsense/mvc/app/models/OPNsense/Firewall/FieldTypes/AliasNameField.php
//   - opnsense/core@25.7:src/opnsense/mvc/app/models/OPNsense/Firewall/FieldTypes/AliasContentField.php
//   - opnsense/core@25.7:src/opnsense/mvc/app/library/OPNsense/Firewall/Util.php (isPort)
func TestAliasFields(t *testing.T) {
	for _, rel := range []string{"24.7", "25.1", "25.7", "26.1", "26.7"} {
		s, err := opnsensetest.Start(opnsensetest.Options{Release: rel})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		tests := []struct {
			name, alias string
			want        string
		}{
			{"ports one per line", `{"name":"web_ports","type":"port","content":"80\n443\n8000:8080"}`, `{"result":"saved"`},
			{"a service name is a port", `{"name":"svc_ports","type":"port","content":"https"}`, `{"result":"saved"`},
			{"comma-joined ports are one entry", `{"name":"bad_ports","type":"port","content":"22623,6443"}`,
				`"alias.content":"Entry \"22623,6443\" is not a valid port number."`},
			{"a port out of range", `{"name":"big_ports","type":"port","content":"70000"}`, `Entry \"70000\" is not a valid port number.`},
			{"31 characters", `{"name":"a234567890123456789012345678901","type":"port","content":"80"}`, `{"result":"saved"`},
			{"32 characters", `{"name":"a2345678901234567890123456789012","type":"port","content":"80"}`,
				`"alias.name":"The name must start with a letter or single underscore, be less than 32 characters and only consist of alphanumeric characters or underscores."`},
			{"a pf keyword", `{"name":"quick","type":"port","content":"80"}`, `The name cannot be the internally reserved keyword \"%s\".`},
			{"hosts", `{"name":"web_hosts","type":"host","content":"10.0.0.1\nweb.example.net\n10.0.0.5-10.0.0.9"}`, `{"result":"saved"`},
			{"a network that is not one", `{"name":"nets","type":"network","content":"10.0.0.0/33"}`, `Entry \"10.0.0.0\/33\" is not a network.`},
		}
		for _, tc := range tests {
			_, body := call(t, s, "POST", "/api/firewall/alias/add_item", `{"alias":`+tc.alias+`}`, true)
			if !strings.Contains(body, tc.want) {
				t.Errorf("%s: %s: %s, want %s", rel, tc.name, body, tc.want)
			}
		}
	}
}

// TestHostOverrideDeleteCascades: deleting an Unbound host override
// deletes its aliases, as delHostOverrideAction does
// (opnsense/core@25.7:src/opnsense/mvc/app/controllers/OPNsense/Unbound/Api/SettingsController.php).
func TestHostOverrideDeleteCascades(t *testing.T) {
	s, err := opnsensetest.Start(opnsensetest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const host, alias, other = "0b7e2e6e-6c1f-4a8f-9d44-6a3f0c8f2a11", "1b7e2e6e-6c1f-4a8f-9d44-6a3f0c8f2a11", "2b7e2e6e-6c1f-4a8f-9d44-6a3f0c8f2a11"
	s.Put("unbound/settings", "host_override", host, map[string]string{"hostname": "a", "domain": "lab.example.net", "rr": "A", "server": "10.0.0.1"})
	s.Put("unbound/settings", "host_override", other, map[string]string{"hostname": "b", "domain": "lab.example.net", "rr": "A", "server": "10.0.0.2"})
	s.Put("unbound/settings", "host_alias", alias, map[string]string{"host": host, "hostname": "www", "domain": "lab.example.net"})
	if _, body := call(t, s, "POST", "/api/unbound/settings/del_host_override/"+host, "{}", true); !strings.Contains(body, `"deleted"`) {
		t.Fatalf("del: %s", body)
	}
	if n := len(s.Items("unbound/settings", "host_alias")); n != 0 {
		t.Errorf("%d aliases left, want the host's deleted with it", n)
	}
	if _, ok := s.Items("unbound/settings", "host_override")[other]; !ok {
		t.Error("another host went too")
	}
}

// TestServiceSwitch: a reconfigure answers ok whether or not the service
// is enabled and starts it only when it is; status says so
// (opnsense/core@25.7:src/opnsense/mvc/app/controllers/OPNsense/Base/ApiMutableServiceControllerBase.php,
// opnsense/plugins@25.7:net/haproxy/src/opnsense/mvc/app/controllers/OPNsense/HAProxy/Api/ServiceController.php:
// HAProxy's switch is general.enabled, 0 by default).
func TestServiceSwitch(t *testing.T) {
	s, err := opnsensetest.Start(opnsensetest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	steps := []struct{ method, path, body, want string }{
		{"GET", "/api/haproxy/service/status", "-", `"status":"disabled"`},
		{"POST", "/api/haproxy/service/reconfigure", "{}", `{"status":"ok"}`},
		{"GET", "/api/haproxy/service/status", "-", `"status":"disabled"`},
		{"GET", "/api/haproxy/settings/get", "-", `"general":{`},
		{"POST", "/api/haproxy/settings/set", `{"haproxy":{"general":{"enabled":"1"}}}`, `{"result":"saved"}`},
		{"GET", "/api/haproxy/service/status", "-", `"status":"stopped"`},
		{"POST", "/api/haproxy/service/reconfigure", "{}", `{"status":"ok"}`},
		{"GET", "/api/haproxy/service/status", "-", `"status":"running"`},
		{"GET", "/api/kea/service/status", "-", `"status":"running"`},
	}
	for _, st := range steps {
		if _, body := call(t, s, st.method, st.path, st.body, true); !strings.Contains(body, st.want) {
			t.Errorf("%s %s: %s, want %s", st.method, st.path, body, st.want)
		}
	}
}

// TestModelSet follows a model's own set with many list items at once:
// ApiMutableModelControllerBase::setAction and BaseField::setNodes
// (opnsense/core@25.7:src/opnsense/mvc/app/controllers/OPNsense/Base/ApiMutableModelControllerBase.php,
// …/models/OPNsense/Base/FieldTypes/BaseField.php, ArrayField.php add()):
// an item's uuid as the key updates it, any other key adds an item under
// a new random uuid, everything is validated before anything is saved,
// and a save is one config revision however many items it holds.
func TestModelSet(t *testing.T) {
	for _, release := range []string{"24.7", "25.1", "25.7", "26.1", "26.7"} {
		t.Run(release, func(t *testing.T) {
			s, err := opnsensetest.Start(opnsensetest.Options{Release: release})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			const subnet = "0b7e2e6e-6c1f-4a8f-9d44-6a3f0c8f2a11"
			s.Put("kea/dhcpv4", "subnet", subnet, map[string]string{"subnet": "10.10.0.0/24"})
			res := func(key, ip, mac string) string {
				return `"` + key + `":{"subnet":"` + subnet + `","ip_address":"` + ip + `","hw_address":"` + mac + `","hostname":"h` + ip[len(ip)-1:] + `"}`
			}
			set := func(entries ...string) (int, string) {
				return call(t, s, "POST", "/api/kea/dhcpv4/set", `{"dhcpv4":{"reservations":{"reservation":{`+strings.Join(entries, ",")+`}}}}`, true)
			}

			// Two new items: saved once, under uuids the server chose.
			if code, body := set(res("new1", "10.10.0.21", "52:54:00:00:00:01"), res("new2", "10.10.0.22", "52:54:00:00:00:02")); code != 200 || body != `{"result":"saved"}` {
				t.Fatalf("set of two new reservations: %d %s", code, body)
			}
			items := s.Items("kea/dhcpv4", "reservation")
			if len(items) != 2 || items["new1"] != nil {
				t.Fatalf("want two reservations under new uuids, have %v", items)
			}
			if made, _ := s.Revisions(); made != 1 {
				t.Errorf("one set made %d config revisions, want 1", made)
			}

			// One bad item refuses the whole set: nothing is stored, no
			// revision, the message under the model's path and the new uuid.
			var first string // the reservation of 52:54:00:00:00:01
			for id, it := range items {
				if it["hw_address"] == "52:54:00:00:00:01" {
					first = id
				}
			}
			code, body := set(res(first, "10.10.0.31", "52:54:00:00:00:01"), res("new3", "10.99.0.23", "52:54:00:00:00:03"))
			if code != 200 || !strings.Contains(body, `"result":"failed"`) || !strings.Contains(body, `"dhcpv4.reservations.reservation.`) ||
				!strings.Contains(body, `.ip_address":"Address not in specified subnet"`) {
				t.Fatalf("a set with an address outside its subnet: %d %s", code, body)
			}
			if after := s.Items("kea/dhcpv4", "reservation"); len(after) != 2 || after[first]["ip_address"] == "10.10.0.31" {
				t.Errorf("a refused set changed the reservations: %v", after)
			}
			if made, _ := s.Revisions(); made != 1 {
				t.Errorf("a refused set made a revision: %d", made)
			}

			// An update by uuid and an add together.
			if code, body := set(res(first, "10.10.0.31", "52:54:00:00:00:01"), res("new3", "10.10.0.23", "52:54:00:00:00:03")); code != 200 || body != `{"result":"saved"}` {
				t.Fatalf("update and add in one set: %d %s", code, body)
			}
			if after := s.Items("kea/dhcpv4", "reservation"); len(after) != 3 || after[first]["ip_address"] != "10.10.0.31" {
				t.Errorf("after an update and an add: %v", after)
			}

			// An existing item given as a string is the model's exception.
			if code, _ := set(`"` + first + `":"x"`); code != 500 {
				t.Errorf("an existing item given as a string: %d, want 500", code)
			}
			if made, kept := s.Revisions(); made != 2 || kept != 2 {
				t.Errorf("revisions made %d kept %d, want 2 and 2", made, kept)
			}
		})
	}
}

// TestListFieldMessage: a value a BaseListField does not list
// (opnsense/core@<release>:src/opnsense/mvc/app/models/OPNsense/Base/FieldTypes/BaseListField.php)
// is "Option not in list." until 25.7, and from 26.1 "Option [%s] not in
// list." — the value filled in on a multi-select field, empty on a single
// one; a ModelRelationField is one too (no "not found" of its own).
func TestListFieldMessage(t *testing.T) {
	for _, c := range []struct{ release, single, multi string }{
		{"24.7", "Option not in list.", "Option not in list."},
		{"25.7", "Option not in list.", "Option not in list."},
		{"26.1", "Option [] not in list.", "Option [nope] not in list."},
		{"26.7", "Option [] not in list.", "Option [nope] not in list."},
	} {
		t.Run(c.release, func(t *testing.T) {
			s, err := opnsensetest.Start(opnsensetest.Options{Release: c.release})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			_, body := call(t, s, "POST", "/api/unbound/settings/add_host_override", `{"host":{"hostname":"a","domain":"lab.example.net","rr":"BOGUS","server":"10.0.0.1"}}`, true)
			if !strings.Contains(body, `"host.rr":"`+c.single+`"`) {
				t.Errorf("an unknown rr: %s, want %q", body, c.single)
			}
			_, body = call(t, s, "POST", "/api/kea/dhcpv4/set", `{"dhcpv4":{"general":{"interfaces":"lan,nope"}}}`, true)
			if !strings.Contains(body, `"dhcpv4.general.interfaces":"`+c.multi+`"`) {
				t.Errorf("an unknown interface among Kea's: %s, want %q", body, c.multi)
			}
			if c.release == "24.7" {
				return // no Dnsmasq DHCP before 25.1
			}
			_, body = call(t, s, "POST", "/api/dnsmasq/settings/add_boot", `{"boot":{"filename":"x.efi","tag":"0b7e2e6e-6c1f-4a8f-9d44-6a3f0c8f2a11"}}`, true)
			if !strings.Contains(body, `"boot.tag":"`+strings.ReplaceAll(c.multi, "nope", "0b7e2e6e-6c1f-4a8f-9d44-6a3f0c8f2a11")+`"`) {
				t.Errorf("a boot row naming a tag that is not there: %s, want %q", body, c.multi)
			}
		})
	}
}

// TestFilterSequence: a rule added without a sequence gets the model's
// default — 1 on 24.7 (an IntegerField), and the last rule's +100 where
// the model has FilterSequenceField (25.7, and 25.1.12's already:
// the models here are each release's last minor;
// opnsense/core@25.7:src/opnsense/mvc/app/models/OPNsense/Firewall/FieldTypes/FilterSequenceField.php).
func TestFilterSequence(t *testing.T) {
	for _, c := range []struct {
		release string
		want    []string
	}{{"24.7", []string{"1", "1"}}, {"25.1", []string{"101", "201"}}, {"25.7", []string{"101", "201"}}, {"26.7", []string{"101", "201"}}} {
		t.Run(c.release, func(t *testing.T) {
			s, err := opnsensetest.Start(opnsensetest.Options{Release: c.release})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var got []string
			for range 2 {
				code, body := call(t, s, "POST", "/api/firewall/filter/add_rule", `{"rule":{"action":"pass","interface":"lan","ipprotocol":"inet","protocol":"any","source_net":"any","destination_net":"any","description":"r"}}`, true)
				if code != 200 || !strings.Contains(body, `"result":"saved"`) {
					t.Fatalf("add_rule: %d %s", code, body)
				}
			}
			for _, r := range s.Items("firewall/filter", "rule") {
				got = append(got, r["sequence"])
			}
			slices.Sort(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("sequences %v, want %v", got, c.want)
			}
		})
	}
}

// TestPortField: a rule's port is one of PortField's options
// (opnsense/core@<release>:src/opnsense/mvc/app/models/OPNsense/Base/FieldTypes/PortField.php):
// a port, a range low below high, a port alias by name, or a service name
// it knows — which is lower-cased on write, and which never includes its
// list's first entry (['any'] + $list keeps "any" at key 0): cvsup until
// 26.1, afs3-fileserver on 26.7. Anything else is refused with the
// model's message.
func TestPortField(t *testing.T) {
	const msg = "Please specify a valid portnumber, name, alias or range" // the model's; "." after it from 25.1
	for _, c := range []struct {
		release, port, stored, refused string // stored "" when refused
	}{
		{"25.7", "443", "443", ""},
		{"25.7", "8000-8080", "8000-8080", ""},
		{"25.7", "8080-8000", "", msg},
		{"25.7", "0", "", msg},
		{"25.7", "65536", "", msg},
		{"25.7", "HTTPS", "https", ""},
		{"25.7", "web_ports", "web_ports", ""},
		{"25.7", "web_hosts", "", msg}, // a host alias is no port
		{"25.7", "gopher", "", msg},
		{"25.7", "cvsup", "", msg},
		{"25.7", "afs3-fileserver", "afs3-fileserver", ""},
		{"26.7", "cvsup", "cvsup", ""},
		{"26.7", "afs3-fileserver", "", msg},
		{"26.7", "ipsec-nat-t", "ipsec-nat-t", ""},
		{"24.7", "ipsec-nat-t", "", msg},
		{"25.7", " 80-90", " 80-90", ""}, // filter_var trims whitespace
		{"26.7", " 80-90", "", msg},      // 26.7 refuses it first
		{"25.7", "080-90", "", msg},
	} {
		t.Run(c.release+"/"+c.port, func(t *testing.T) {
			s, err := opnsensetest.Start(opnsensetest.Options{Release: c.release})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for _, a := range []string{`{"alias":{"name":"web_ports","type":"port","content":"80\n443"}}`, `{"alias":{"name":"web_hosts","type":"host","content":"10.0.0.1"}}`} {
				if code, body := call(t, s, "POST", "/api/firewall/alias/add_item", a, true); !strings.Contains(body, `"saved"`) {
					t.Fatalf("add_item: %d %s", code, body)
				}
			}
			rule := `{"rule":{"action":"pass","interface":"lan","ipprotocol":"inet","protocol":"TCP","source_net":"any","destination_net":"any","destination_port":` + strconv.Quote(c.port) + `}}`
			_, body := call(t, s, "POST", "/api/firewall/filter/add_rule", rule, true)
			if c.refused != "" {
				if !strings.Contains(body, `"rule.destination_port":"`+c.refused) {
					t.Errorf("%q: %s, want refused with %q", c.port, body, c.refused)
				}
				return
			}
			if !strings.Contains(body, `"result":"saved"`) {
				t.Fatalf("%q refused: %s", c.port, body)
			}
			for _, r := range s.Items("firewall/filter", "rule") {
				if r["destination_port"] != c.stored {
					t.Errorf("%q stored as %q, want %q", c.port, r["destination_port"], c.stored)
				}
			}
		})
	}
}

// TestNormaliseOnWrite: a field's setValue reshapes a value before it is
// stored (opnsense/core@25.7:src/opnsense/mvc/app/models/OPNsense/Base/FieldTypes/):
// MacAddressField and HostnameField trim it (and keep its case),
// NetworkField trims and lower-cases it, then checks its address family
// (NetworkField.php isValidInput).
func TestNormaliseOnWrite(t *testing.T) {
	s, err := opnsensetest.Start(opnsensetest.Options{Release: "25.7"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, body := call(t, s, "POST", "/api/kea/dhcpv4/add_subnet", `{"subnet4":{"subnet":" FD00::/64 "}}`, true)
	if !strings.Contains(body, `"subnet4.subnet":"Please specify a valid network segment or IP address."`) {
		t.Errorf("an IPv6 subnet in Kea's DHCPv4 model (AddressFamily ipv4): %s, want refused", body)
	}
	_, body = call(t, s, "POST", "/api/kea/dhcpv4/add_subnet", `{"subnet4":{"subnet":" 10.20.0.0/24 "}}`, true)
	if !strings.Contains(body, `"saved"`) {
		t.Fatalf("add_subnet with spaces around the network: %s", body)
	}
	var subnet string
	for id, sub := range s.Items("kea/dhcpv4", "subnet") {
		if sub["subnet"] != "10.20.0.0/24" {
			t.Errorf("subnet stored as %q, want it trimmed", sub["subnet"])
		}
		subnet = id
	}
	_, body = call(t, s, "POST", "/api/kea/dhcpv4/add_reservation", `{"reservation":{"subnet":"`+subnet+`","ip_address":"10.20.0.5","hw_address":" 52:54:00:AB:CD:EF ","hostname":" printer "}}`, true)
	if !strings.Contains(body, `"saved"`) {
		t.Fatalf("add_reservation: %s", body)
	}
	for _, r := range s.Items("kea/dhcpv4", "reservation") {
		if r["hw_address"] != "52:54:00:AB:CD:EF" || r["hostname"] != "printer" {
			t.Errorf("reservation stored as hw_address %q hostname %q, want both trimmed, the MAC's case kept", r["hw_address"], r["hostname"])
		}
	}
}

// TestListFieldsRender: every field whose class derives from
// BaseListField reads back from get_* as an option map, the rule's TosField
// and ScheduleField too
// (opnsense/core@25.7:src/opnsense/mvc/app/models/OPNsense/Firewall/FieldTypes/TosField.php,
// ScheduleField.php; BaseListField::getNodeData: a blank option unless
// required, TosField's own "" option "Any" selected by an empty value);
// a CSVListField with nothing in it is an empty list on 24.7 and 25.1,
// where it was a BaseField
// (opnsense/core@24.7:src/opnsense/mvc/app/models/OPNsense/Base/FieldTypes/CSVListField.php),
// and a one-entry map of "" from 25.7 (BaseSetField).
func TestListFieldsRender(t *testing.T) {
	for _, rel := range []string{"24.7", "25.1", "25.7", "26.7"} {
		t.Run(rel, func(t *testing.T) {
			s, err := opnsensetest.Start(opnsensetest.Options{Release: rel})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			_, body := call(t, s, "POST", "/api/firewall/filter/add_rule", `{"rule":{"action":"pass","interface":"lan","ipprotocol":"inet","protocol":"any","source_net":"any","destination_net":"any"}}`, true)
			var added struct{ UUID string }
			if err := json.Unmarshal([]byte(body), &added); err != nil || added.UUID == "" {
				t.Fatalf("add_rule: %s", body)
			}
			_, body = call(t, s, "GET", "/api/firewall/filter/get_rule/"+added.UUID, "-", true)
			var got struct {
				Rule map[string]json.RawMessage `json:"rule"`
			}
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatalf("get_rule: %v %s", err, body)
			}
			type option struct {
				Value    string `json:"value"`
				Selected int    `json:"selected"`
			}
			if rel != "24.7" { // no sched and tos on 24.7's rules
				var tos, sched map[string]option
				if err := json.Unmarshal(got.Rule["tos"], &tos); err != nil || tos[""] != (option{"Any", 1}) || tos["ef"] != (option{"EF", 0}) || tos["0x2e"] != (option{"0x2E", 0}) {
					t.Errorf("tos: %s (%v), want an option map with \"\" Any selected", got.Rule["tos"], err)
				}
				if err := json.Unmarshal(got.Rule["sched"], &sched); err != nil || len(sched) != 1 || sched[""] != (option{"None", 1}) {
					t.Errorf("sched: %s (%v), want only the blank option, selected", got.Rule["sched"], err)
				}
			}
			_, body = call(t, s, "GET", "/api/haproxy/settings/get", "-", true)
			var hp struct {
				HAProxy struct {
					General struct {
						Stats map[string]json.RawMessage `json:"stats"`
					} `json:"general"`
				} `json:"haproxy"`
			}
			if err := json.Unmarshal([]byte(body), &hp); err != nil {
				t.Fatalf("haproxy get: %v %s", err, body)
			}
			want := `{"":{"value":"","selected":1}}`
			if rel == "24.7" || rel == "25.1" {
				want = `[]`
			}
			if got := string(hp.HAProxy.General.Stats["remoteBind"]); got != want {
				t.Errorf("an empty CSVListField (HAProxy's stats.remoteBind) reads %s, want %s", got, want)
			}
		})
	}
}

// TestParseInterface reads --interface as harmony-lab gives it.
func TestParseInterface(t *testing.T) {
	for _, c := range []struct {
		in   string
		want opnsensetest.Interface
		err  bool
	}{
		{in: "lan=10.10.0.1/24", want: opnsensetest.Interface{Identifier: "lan", Address: netip.MustParsePrefix("10.10.0.1/24")}},
		{in: "opt2=10.120.0.1/24@120", want: opnsensetest.Interface{Identifier: "opt2", Address: netip.MustParsePrefix("10.120.0.1/24"), VLAN: 120}},
		{in: "lan=10.79.0.1/24%hl0a1b2c", want: opnsensetest.Interface{Identifier: "lan", Address: netip.MustParsePrefix("10.79.0.1/24"), Device: "hl0a1b2c"}},
		{in: "lan=fd00::1/64@7%br0", want: opnsensetest.Interface{Identifier: "lan", Address: netip.MustParsePrefix("fd00::1/64"), VLAN: 7, Device: "br0"}},
		{in: "lan", err: true},
		{in: "=10.0.0.1/24", err: true},
		{in: "lan=10.0.0.1", err: true},
		{in: "lan=10.0.0.1/24@4095", err: true},
	} {
		got, err := opnsensetest.ParseInterface(c.in)
		if (err != nil) != c.err || (!c.err && got != c.want) {
			t.Errorf("ParseInterface(%q) = %+v, %v; want %+v (error %v)", c.in, got, err, c.want, c.err)
		}
	}
}

// FuzzParseInterface: whatever it reads prints back as itself.
func FuzzParseInterface(f *testing.F) {
	for _, s := range []string{"lan=10.10.0.1/24", "opt2=10.120.0.1/24@120", "lan=10.79.0.1/24%br0", "x=fd00::1/64@1%y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		i, err := opnsensetest.ParseInterface(s)
		if err != nil {
			return
		}
		again, err := opnsensetest.ParseInterface(i.String())
		if err != nil || again != i {
			t.Errorf("%q reads as %+v, which prints as %q and reads back as %+v, %v", s, i, i.String(), again, err)
		}
	})
}

// TestListFieldsTakeTheirOptions: a BaseListField takes only the options
// it lists (opnsense/core@<release>:src/opnsense/mvc/app/models/OPNsense/Base/FieldTypes/BaseListField.php,
// with TosField.php and ScheduleField.php giving the rule's): a rule's
// tos of none of TosField's, and a sched naming no schedule, are refused;
// TosField's own are taken.
func TestListFieldsTakeTheirOptions(t *testing.T) {
	for _, c := range []struct{ release, msg string }{{"25.7", "Option not in list."}, {"26.7", "Option [] not in list."}} {
		t.Run(c.release, func(t *testing.T) {
			s, err := opnsensetest.Start(opnsensetest.Options{Release: c.release})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			rule := func(extra string) string {
				_, body := call(t, s, "POST", "/api/firewall/filter/add_rule", `{"rule":{"action":"pass","interface":"lan","ipprotocol":"inet","protocol":"any","source_net":"any","destination_net":"any",`+extra+`}}`, true)
				return body
			}
			if body := rule(`"tos":"bogus"`); !strings.Contains(body, `"rule.tos":"`+c.msg+`"`) {
				t.Errorf("tos bogus: %s, want %q", body, c.msg)
			}
			if body := rule(`"sched":"nightly"`); !strings.Contains(body, `"rule.sched":"`+c.msg+`"`) {
				t.Errorf("sched naming no schedule: %s, want %q", body, c.msg)
			}
			if body := rule(`"tos":"af21"`); !strings.Contains(body, `"result":"saved"`) {
				t.Errorf("tos af21: %s, want saved", body)
			}
		})
	}
}
