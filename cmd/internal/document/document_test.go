package document

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/modules/catalog"
)

const siteYAML = `apiVersion: harmony/v1
kind: Site
metadata: {name: lab}
spec:
  domain: lab.example.net
  networks:
    - {name: lan, cidr: 10.10.0.0/24, gateway: 10.10.0.1, vlan: 10}
  devices:
    - name: fw1
      provider: opnsense
      provides: [dhcp-server]
`

const siteJSON = `{
  "apiVersion": "harmony/v1",
  "kind": "Site",
  "metadata": {"name": "lab"},
  "spec": {
    "domain": "lab.example.net",
    "networks": [{"name": "lan", "cidr": "10.10.0.0/24", "gateway": "10.10.0.1", "vlan": 10}],
    "devices": [{"name": "fw1", "provider": "opnsense", "provides": ["dhcp-server"]}]
  }
}`

func decodeSite(t *testing.T, name, src string) (*domain.Site, error) {
	t.Helper()
	docs, err := Read(name, []byte(src))
	if err != nil {
		return nil, err
	}
	var s domain.Site
	return &s, docs[0].Decode(&s)
}

func TestYAMLAndJSONAgree(t *testing.T) {
	y, err := decodeSite(t, "site.yaml", siteYAML)
	if err != nil {
		t.Fatal(err)
	}
	j, err := decodeSite(t, "site.json", siteJSON)
	if err != nil {
		t.Fatal(err)
	}
	if y.Spec.Networks[0] != j.Spec.Networks[0] || y.Spec.Devices[0].Provider != j.Spec.Devices[0].Provider {
		t.Errorf("YAML and JSON decode differently:\n%+v\n%+v", y, j)
	}
	if y.Spec.Networks[0].VLAN != 10 || y.Spec.Networks[0].Gateway.String() != "10.10.0.1" {
		t.Errorf("network = %+v", y.Spec.Networks[0])
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, file, src string
		want            string // Error(), as the operator reads it
	}{
		{"unknown field", "s.yaml", strings.Replace(siteYAML, "provider:", "providr:", 1),
			`s.yaml:10: spec.devices[0].providr: unknown field "providr"`},
		{"unknown field in JSON", "s.json", strings.Replace(siteJSON, `"provider"`, `"providr"`, 1),
			`s.json:8: spec.devices[0].providr: unknown field "providr"`},
		{"duplicate key", "s.yaml", strings.Replace(siteYAML, "  domain: lab.example.net\n", "  domain: lab.example.net\n  domain: x.net\n", 1),
			`s.yaml:6: spec.domain: field "domain" appears twice`},
		{"wrong type", "s.yaml", strings.Replace(siteYAML, "vlan: 10", "vlan: [10]", 1),
			`s.yaml:7: spec.networks[0].vlan: want a whole number, got a list`},
		{"not a list", "s.yaml", strings.Replace(siteYAML, "provides: [dhcp-server]", "provides: dhcp-server", 1),
			`s.yaml:11: spec.devices[0].provides: want a list, got the string "dhcp-server"`},
		{"bad address", "s.json", strings.Replace(siteJSON, `"10.10.0.1"`, `"10.10.0.256"`, 1),
			`s.json:7: spec.networks[0].gateway: "10.10.0.256" is not an IP address`},
		{"merge key", "s.yaml", siteYAML + "  <<: {x: 1}\n",
			`s.yaml:12: spec.<<: merge keys (<<) are not supported`},
		{"trailing JSON", "s.json", siteJSON + "\n{}", `s.json:11: more than one JSON document`},
		{"no kind", "s.yaml", "apiVersion: harmony/v1\n", `s.yaml:1: kind: the document has no kind`},
		{"not a mapping", "s.yaml", "- a\n- b\n", `s.yaml:1: a document must be a mapping`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeSite(t, tc.file, tc.src)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error = %v\nwant    %s", err, tc.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.File != tc.file {
				t.Errorf("error does not name the file %s: %#v", tc.file, err)
			}
		})
	}
}

func TestAnchorsAndLines(t *testing.T) {
	src := `apiVersion: harmony/v1
kind: Inventory
metadata: {name: lab}
spec:
  hosts:
    - name: a
      nics: &nics
        - {name: eno1, mac: "52:54:00:aa:00:01"}
    - name: b
      nics: [{name: eno1, mac: "525400aa0002"}]
`
	docs, err := Read("inv.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var inv domain.Inventory
	if err := docs[0].Decode(&inv); err != nil {
		t.Fatal(err)
	}
	if got := inv.Spec.Hosts[1].NICs[0].MAC.String(); got != "52:54:00:aa:00:02" {
		t.Errorf("bare hex MAC = %s", got)
	}
	for path, line := range map[string]int{"spec.hosts[1].nics[0].mac": 10, "spec.hosts[0].nics": 7, "spec.hosts[9].name": 6, "": 1} {
		if got := docs[0].Line(path); got != line {
			t.Errorf("Line(%q) = %d, want %d", path, got, line)
		}
	}
}

func TestMultiDocument(t *testing.T) {
	docs, err := Read("all.yaml", []byte(siteYAML+"---\n"+"apiVersion: harmony/v1\nkind: Inventory\nmetadata: {name: lab}\nspec: {hosts: []}\n---\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].Kind != "Site" || docs[1].Kind != "Inventory" {
		t.Errorf("Read() = %d documents, want Site and Inventory", len(docs))
	}
	if docs[1].Line("spec") != 16 {
		t.Errorf("the second document's spec is at line %d, want 16", docs[1].Line("spec"))
	}
}

// FuzzDecode: no input makes reading and decoding any document kind
// panic; every error names the file.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(siteYAML))
	f.Add([]byte(siteJSON))
	f.Add([]byte("apiVersion: harmony/v1\nkind: Scores\nmetadata: {name: x}\nspec:\n  scores:\n    - {kind: PowerState, name: p, spec: {state: on, hosts: [a]}}\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, err := Read("f.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, d := range docs {
			targets := []any{&domain.Site{}, &domain.Inventory{}, &domain.Scores{}}
			for _, e := range catalog.Entries() {
				targets = append(targets, e.New("x"))
			}
			for _, v := range targets {
				if err := d.Decode(v); err != nil && !strings.HasPrefix(err.Error(), "f.yaml") {
					t.Fatalf("error does not name the file: %v", err)
				}
			}
		}
	})
}

// TestInputLimit: an input larger than MaxInput is refused, naming the
// limit, without being parsed (a 50 MB inventory took 2.5 GB).
func TestInputLimit(t *testing.T) {
	f := filepath.Join(t.TempDir(), "inventory.yaml")
	if err := os.WriteFile(f, bytes.Repeat([]byte("#\n"), MaxInput/2+1), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := ReadPaths([]string{f}, nil)
	if err == nil || !strings.Contains(err.Error(), "is larger than the 8 MiB an input may be") || !strings.Contains(err.Error(), f) {
		t.Errorf("ReadPaths of a %d-byte file: %v", MaxInput+2, err)
	}
	_, err = ReadPaths([]string{"-"}, io.LimitReader(zeros{}, MaxInput+1))
	if err == nil || !strings.Contains(err.Error(), "larger than the 8 MiB") {
		t.Errorf("stdin: %v", err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '\n'
	}
	return len(p), nil
}
