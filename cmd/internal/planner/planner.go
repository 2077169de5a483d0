// Package planner turns Harmony's input documents into a Plan: it finds
// the Site, the Inventory and the Scores among the documents, checks every
// Score's capabilities against the Site before any step exists, expands
// the Scores and assembles the plan. harmony-plan is a thin shell over it.
package planner

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/nationtech/harmony-go/cmd/internal/document"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/modules/catalog"
	"github.com/nationtech/harmony-go/modules/k8smanifests"
	"go.yaml.in/yaml/v3"
)

// Input is the documents a plan is made from, decoded.
type Input struct {
	Site      *domain.Site
	Inventory *domain.Inventory
	Facts     domain.Facts
	Scores    []Score
	Warnings  []string

	siteDoc, invDoc, fleetDoc *document.Doc
}

// Score is one Score entry with the document it came from.
type Score struct {
	Entry catalog.Entry
	Name  string
	Value any // a pointer to the Score, filled from its spec
	// Absent says its resources are to be deleted (state: absent).
	Absent bool
	doc    *document.Doc
	path   string // its place in doc: spec.scores[i]
}

// Load decodes the documents, validates the Site and the Inventory
// against each other, checks every Score's kind and name, and checks the
// capabilities every Score requires. Nothing is expanded yet.
func Load(docs []*document.Doc) (*Input, error) {
	in := &Input{}
	var scoreDocs []*document.Doc
	for _, d := range docs {
		switch d.Kind {
		case domain.KindSite:
			if in.siteDoc != nil {
				return nil, d.Wrap(&domain.FieldError{Path: "kind", Msg: "a second Site document (the first is in " + in.siteDoc.File + ")",
					Hint: "plan one site at a time"})
			}
			in.siteDoc = d
		case domain.KindInventory:
			if in.invDoc != nil {
				return nil, d.Wrap(&domain.FieldError{Path: "kind", Msg: "a second Inventory document (the first is in " + in.invDoc.File + ")",
					Hint: "merge them into one with harmony-inventory"})
			}
			in.invDoc = d
		case domain.KindScores:
			scoreDocs = append(scoreDocs, d)
		case domain.KindFleet:
			if in.fleetDoc != nil {
				return nil, d.Wrap(&domain.FieldError{Path: "kind", Msg: "a second Fleet document (the first is in " + in.fleetDoc.File + ")",
					Hint: "a site belongs to one fleet: keep one Fleet document"})
			}
			in.fleetDoc = d
		case domain.KindPlan:
			return nil, d.Wrap(&domain.FieldError{Path: "kind", Msg: "this is a Plan; harmony-plan reads Site, Inventory and Scores",
				Hint: "pipe a plan to an apply tool or to harmony-report instead"})
		default:
			return nil, d.Wrap(&domain.FieldError{Path: "kind", Msg: fmt.Sprintf("unknown kind %q", d.Kind),
				Hint: "use kind: Site, Inventory, Scores or Fleet"})
		}
	}
	// Decode every document before asking for what is missing, so each
	// file's own mistakes are reported first.
	in.Site = &domain.Site{}
	if in.siteDoc != nil {
		if err := in.siteDoc.Decode(in.Site); err != nil {
			return nil, err
		}
	}
	in.Inventory = &domain.Inventory{APIVersion: domain.APIVersion, Kind: domain.KindInventory, Metadata: in.Site.Metadata}
	if in.invDoc != nil {
		if err := in.invDoc.Decode(in.Inventory); err != nil {
			return nil, err
		}
	}
	if in.siteDoc == nil {
		return nil, &domain.FieldError{Msg: "no Site document among the inputs",
			Hint: "give the site file too, e.g. harmony-plan inventory/examples/lab/"}
	}
	facts, err := domain.NewFacts(in.Site, in.Inventory)
	if err != nil {
		return nil, in.place(err)
	}
	if in.fleetDoc != nil {
		var fleet domain.Fleet
		if err := in.fleetDoc.Decode(&fleet); err != nil {
			return nil, err
		}
		if facts, err = facts.WithFleet(&fleet); err != nil {
			return nil, in.fleetDoc.Wrap(err)
		}
	}
	in.Facts = facts
	for _, d := range in.Site.Spec.Devices {
		if _, ok := domain.LookupProvider(d.Provider); !ok {
			in.Warnings = append(in.Warnings, fmt.Sprintf("device %s has provider %q, which no Harmony tool drives; its steps will pass through every tool",
				d.Name, d.Provider))
		}
	}

	names := map[string]string{}
	for _, d := range scoreDocs {
		var doc scoresDoc
		if err := d.Decode(&doc); err != nil {
			return nil, err
		}
		env := domain.Scores{APIVersion: doc.APIVersion, Kind: doc.Kind, Metadata: doc.Metadata}
		if err := env.Validate(); err != nil {
			return nil, d.Wrap(err)
		}
		for i, e := range doc.Spec.Scores {
			p := fmt.Sprintf("spec.scores[%d]", i)
			entry, ok := catalog.Lookup(e.Kind)
			if !ok {
				return nil, d.Wrap(&domain.FieldError{Path: p + ".kind", Msg: fmt.Sprintf("unknown Score kind %q", e.Kind),
					Hint: "use one of: " + strings.Join(catalog.Kinds(), ", ")})
			}
			if err := domain.CheckName(p+".name", "score name", e.Name); err != nil {
				return nil, d.Wrap(err)
			}
			where := fmt.Sprintf("%s:%d", d.File, d.Line(p))
			if first, dup := names[e.Name]; dup {
				return nil, d.Wrap(&domain.FieldError{Path: p + ".name", Msg: fmt.Sprintf("score %q is also declared at %s", e.Name, first),
					Hint: "give each Score its own name; it starts the ids of its steps"})
			}
			names[e.Name] = where
			if e.State != "" && e.State != domain.StatePresent && e.State != domain.StateAbsent {
				return nil, d.Wrap(&domain.FieldError{Path: p + ".state", Msg: fmt.Sprintf("unknown state %q of score %q", e.State, e.Name),
					Hint: "use state: present (the default) or state: absent (delete what the Score describes)"})
			}
			in.Scores = append(in.Scores, Score{Entry: entry, Name: e.Name, Absent: e.State == domain.StateAbsent, doc: d, path: p})
		}
	}
	// Every Score's requirements, before any Score is expanded.
	for _, s := range in.Scores {
		if err := facts.Check(s.Entry.Kind, s.Name, s.Entry.Requires); err != nil {
			return nil, s.doc.Wrap(domain.Under(s.path+".kind", placeholder(err)))
		}
	}
	for i := range in.Scores {
		s := &in.Scores[i]
		s.Value = s.Entry.New(s.Name)
		if err := s.doc.DecodeAt(s.path+".spec", s.Value); err != nil {
			return nil, err
		}
		if m, ok := s.Value.(*k8smanifests.K8sManifests); ok {
			if err := readManifests(m, filepath.Dir(s.doc.File)); err != nil {
				return nil, s.doc.Wrap(domain.Under(s.path, err))
			}
		}
	}
	// The Site and Inventory are checked: their parsed YAML is no longer
	// needed for error lines, and on large sites it is most of the memory.
	in.siteDoc, in.invDoc, in.fleetDoc = nil, nil, nil
	return in, nil
}

// readManifests reads the objects of a K8sManifests' from: YAML files, or
// the *.yaml, *.yml and *.json files of directories in name order,
// relative to the Scores file's directory.
func readManifests(m *k8smanifests.K8sManifests, base string) error {
	for i, from := range m.From {
		path := from
		if !filepath.IsAbs(path) {
			path = filepath.Join(base, path)
		}
		files := []string{path}
		if st, err := os.Stat(path); err != nil {
			return &domain.FieldError{Path: fmt.Sprintf("spec.from[%d]", i), Msg: err.Error(), Hint: "name a YAML file or a directory of them, relative to this file"}
		} else if st.IsDir() {
			entries, err := os.ReadDir(path)
			if err != nil {
				return &domain.FieldError{Path: fmt.Sprintf("spec.from[%d]", i), Msg: err.Error()}
			}
			files = files[:0]
			for _, e := range entries {
				if ext := filepath.Ext(e.Name()); !e.IsDir() && (ext == ".yaml" || ext == ".yml" || ext == ".json") {
					files = append(files, filepath.Join(path, e.Name()))
				}
			}
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return &domain.FieldError{Path: fmt.Sprintf("spec.from[%d]", i), Msg: err.Error()}
			}
			dec := yaml.NewDecoder(bytes.NewReader(data))
			for n := 1; ; n++ {
				var obj map[string]any
				err := dec.Decode(&obj)
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					return &domain.FieldError{Path: fmt.Sprintf("spec.from[%d]", i), Msg: fmt.Sprintf("%s, document %d: %v", f, n, err),
						Hint: "each document of the file is one Kubernetes object"}
				}
				if obj != nil {
					m.Objects = append(m.Objects, obj)
				}
			}
		}
	}
	return nil
}

// scoresDoc is domain.Scores with each spec left undecoded until its
// kind is known (domain.Scores carries it as JSON).
type scoresDoc struct {
	APIVersion string          `json:"apiVersion"`
	Kind       string          `json:"kind"`
	Metadata   domain.Metadata `json:"metadata"`
	Spec       struct {
		Scores []struct {
			Kind  string        `json:"kind"`
			Name  string        `json:"name"`
			State string        `json:"state"`
			Spec  document.Node `json:"spec"`
		} `json:"scores"`
	} `json:"spec"`
}

// placeholder turns a capability error into a FieldError so that it is
// reported at the line of the Score that needs the capability.
func placeholder(err error) error {
	var ce *domain.CapabilityError
	if errors.As(err, &ce) {
		return &domain.FieldError{Msg: ce.Error(), Hint: ce.Hint()}
	}
	return err
}

// Plan expands every Score against the site's topology and assembles the
// plan. Scores are independent, so they expand in parallel; the result
// does not depend on which finishes first.
func (in *Input) Plan() (*domain.Plan, error) {
	topo := domain.NewSiteTopology(in.Facts)
	results := make([][]domain.Step, len(in.Scores))
	errs := make([]error, len(in.Scores))
	var wg sync.WaitGroup
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, s := range in.Scores {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			results[i], errs[i] = s.Entry.Steps(s.Value, topo)
		})
	}
	wg.Wait()
	var steps []domain.Step
	for i, s := range in.Scores {
		if errs[i] != nil {
			return nil, s.doc.Wrap(domain.Under(s.path, errs[i]))
		}
		if s.Absent {
			removed, err := domain.Remove(results[i])
			if err != nil {
				return nil, s.doc.Wrap(domain.Under(s.path+".state", err))
			}
			results[i] = removed
		}
		steps = append(steps, results[i]...)
	}
	return domain.NewPlan(in.Facts, steps)
}

// place puts an error from validating the Site or Inventory in its file.
func (in *Input) place(err error) error {
	var fe *domain.FieldError
	if errors.As(err, &fe) {
		switch fe.Doc {
		case domain.KindSite:
			return in.siteDoc.Wrap(err)
		case domain.KindInventory:
			if in.invDoc != nil {
				return in.invDoc.Wrap(err)
			}
		}
	}
	return err
}
