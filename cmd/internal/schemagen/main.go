// Command schemagen writes the JSON Schemas of Harmony's documents (Site,
// Inventory, Scores, Fleet, Plan) from their Go types, so they are never written
// twice by hand. `make schemas` runs it; a test fails when the checked-in
// schemas/ drift from the code.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/invopop/jsonschema"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/modules/catalog"
	orderedmap "github.com/pb33f/ordered-map/v2"
)

const baseID = "https://harmony.nationtech.io/schemas/"

func main() {
	out := flag.String("out", "schemas", "directory to write the schemas to")
	flag.Parse()
	files, err := Generate()
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(*out, name), data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "schemagen:", err)
			os.Exit(1)
		}
	}
}

// Generate returns each schema file's name and content.
func Generate() (map[string][]byte, error) {
	docs := []struct {
		file, title string
		v           any
	}{
		{"site.schema.json", "Harmony Site: the devices of a site, what each provides, and its networks", domain.Site{}},
		{"inventory.schema.json", "Harmony Inventory: the hosts of a site, their NICs, cabling and BMCs", domain.Inventory{}},
		{"scores.schema.json", "Harmony Scores: desired state, one entry per Score", domain.Scores{}},
		{"fleet.schema.json", "Harmony Fleet: the sites that keep each other's services up, and their agents", domain.Fleet{}},
		{"plan.schema.json", "Harmony Plan: the steps Scores expand to, and their outcomes", domain.Plan{}},
	}
	out := map[string][]byte{}
	for _, d := range docs {
		s := reflector().Reflect(d.v)
		s.ID = jsonschema.ID(baseID + d.file)
		s.Title = d.title
		if _, ok := d.v.(domain.Scores); ok {
			if err := scoreSpecs(s); err != nil {
				return nil, err
			}
		}
		data, err := json.MarshalIndent(s, "", "  ")
		if err != nil {
			return nil, err
		}
		out[d.file] = append(data, '\n')
	}
	return out, nil
}

func reflector() *jsonschema.Reflector {
	return &jsonschema.Reflector{
		ExpandedStruct: true,
		Mapper: func(t reflect.Type) *jsonschema.Schema {
			switch t {
			case reflect.TypeFor[netip.Addr]():
				return &jsonschema.Schema{Type: "string", Description: "an IP address, e.g. 10.10.0.21"}
			case reflect.TypeFor[netip.Prefix]():
				return &jsonschema.Schema{Type: "string", Pattern: `^[0-9a-fA-F:.]+/[0-9]{1,3}$`, Description: "a network in CIDR form, e.g. 10.10.0.0/24"}
			case reflect.TypeFor[domain.MAC]():
				return &jsonschema.Schema{Type: "string",
					Pattern:     `^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$|^[0-9a-fA-F]{12}$|^([0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}$`,
					Description: "an Ethernet MAC address, e.g. 52:54:00:aa:00:01"}
			case reflect.TypeFor[domain.Capability]():
				s := &jsonschema.Schema{Type: "string", Description: "a capability: an industry concept a device provides"}
				for _, c := range domain.Capabilities() {
					s.Enum = append(s.Enum, string(c))
				}
				return s
			case reflect.TypeFor[domain.Status]():
				s := &jsonschema.Schema{Type: "string"}
				for _, st := range domain.Statuses() {
					s.Enum = append(s.Enum, string(st))
				}
				return s
			case reflect.TypeFor[json.RawMessage]():
				return &jsonschema.Schema{Type: "object"}
			}
			return nil
		},
	}
}

// scoreSpecs makes each Score entry's spec follow the schema of its kind,
// so editors check a spec against the Score it belongs to.
func scoreSpecs(s *jsonschema.Schema) error {
	entry, ok := s.Definitions["ScoreEntry"]
	if !ok {
		return fmt.Errorf("no ScoreEntry definition in the Scores schema")
	}
	kind, _ := entry.Properties.Get("kind")
	for _, e := range catalog.Entries() {
		kind.Enum = append(kind.Enum, e.Kind)
		spec := reflector().ReflectFromType(e.Type)
		spec.Version, spec.ID = "", ""
		var needs []string
		for _, c := range e.Requires {
			needs = append(needs, string(c))
		}
		spec.Description = fmt.Sprintf("The spec of a %s Score. It needs a site that provides: %s.", e.Kind, strings.Join(needs, ", "))
		for name, def := range spec.Definitions {
			if _, dup := s.Definitions[name]; dup && !sameSchema(def, s.Definitions[name]) {
				return fmt.Errorf("two different types named %s", name)
			}
			s.Definitions[name] = def
		}
		spec.Definitions = nil
		s.Definitions[e.Kind+"Spec"] = spec
		entry.AllOf = append(entry.AllOf, &jsonschema.Schema{
			If:   &jsonschema.Schema{Properties: props("kind", &jsonschema.Schema{Const: e.Kind}), Required: []string{"kind"}},
			Then: &jsonschema.Schema{Properties: props("spec", &jsonschema.Schema{Ref: "#/$defs/" + e.Kind + "Spec"})},
		})
	}
	return nil
}

func props(name string, s *jsonschema.Schema) *orderedmap.OrderedMap[string, *jsonschema.Schema] {
	m := jsonschema.NewProperties()
	m.Set(name, s)
	return m
}

func sameSchema(a, b *jsonschema.Schema) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}
