package domain

import (
	"bytes"
	"container/heap"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// Plan is what Scores expand to on a site: capability-level steps in
// dependency order, and the site they run against (without secrets).
type Plan struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Metadata   Metadata `json:"metadata"`
	Site       PlanSite `json:"site"`
	Source     *Source  `json:"source,omitempty"`
	Steps      []Step   `json:"steps"`
}

// PlanSite is the Site as a plan carries it: name, domain, networks and
// devices with their secret references.
type PlanSite struct {
	Name string `json:"name"`
	SiteSpec
}

// Source says which reviewed inputs produced a plan.
type Source struct {
	Repo   string   `json:"repo,omitempty"`
	Commit string   `json:"commit,omitempty"`
	Paths  []string `json:"paths,omitempty"`
}

// NewPlan checks the steps that Scores produced against the site and
// returns them as a plan in a deterministic order: dependencies first,
// then by id. It refuses unknown targets, a target that does not provide a
// step's capability, duplicate ids, two Scores wanting one resource
// differently, dangling or circular dependencies, and two reservations for
// one IP or MAC.
func NewPlan(f Facts, steps []Step) (*Plan, error) {
	p := &Plan{
		APIVersion: APIVersion,
		Kind:       KindPlan,
		Metadata:   Metadata{Name: f.site.Metadata.Name},
		Site:       PlanSite{Name: f.site.Metadata.Name, SiteSpec: f.site.Spec},
		Steps:      steps,
	}
	if err := p.checkSteps(false); err != nil {
		return nil, err
	}
	if err := checkConflicts(steps); err != nil {
		return nil, err
	}
	linkKubeObjects(steps)
	sorted, err := sortSteps(steps)
	if err != nil {
		return nil, err
	}
	p.Steps = sorted
	return p, nil
}

// Validate checks a plan read from a file or a pipe: its envelope, its
// site, and every step (targets, capabilities, ids, dependencies,
// outcomes). Tools call it before touching anything.
func (p *Plan) Validate() error {
	if err := checkEnvelope(p.APIVersion, p.Kind, KindPlan, p.Metadata.Name); err != nil {
		return In(KindPlan, err)
	}
	if err := p.Site.validate(); err != nil {
		return In(KindPlan, Under("site", stripSpec(err)))
	}
	if err := p.checkSteps(true); err != nil {
		return err
	}
	_, err := sortSteps(p.Steps)
	return err
}

// stripSpec rewrites a SiteSpec error path (spec.devices[0]) to its place
// in a plan's site (devices[0]).
func stripSpec(err error) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		out := *fe
		out.Path = strings.TrimPrefix(out.Path, "spec.")
		return &out
	}
	return err
}

func (p *Plan) checkSteps(decoded bool) error {
	devs := p.Devices()
	ids := make(map[string]int, len(p.Steps))
	for i := range p.Steps {
		s := &p.Steps[i]
		at := func(field string) string {
			if decoded {
				return fmt.Sprintf("steps[%d].%s", i, field)
			}
			return ""
		}
		fail := func(field, hint, format string, args ...any) error {
			e := fieldErrorf(at(field), hint, "step %s: "+format, append([]any{s.ID}, args...)...)
			if decoded {
				e.Doc = KindPlan
			}
			return e
		}
		if want := StepID(s.Score, s.Capability, s.Target, s.Resource.Type, s.Resource.Name); s.ID != want {
			return fail("id", "regenerate the plan with harmony-plan instead of editing ids",
				"id does not match its fields (want %s)", want)
		}
		if _, dup := ids[s.ID]; dup {
			return fail("id", "each resource is one step; regenerate the plan", "appears twice")
		}
		ids[s.ID] = i
		if !s.Capability.Known() {
			return fail("capability", "use one of: "+joinCaps(Capabilities()), "unknown capability %q", s.Capability)
		}
		if s.Action != Ensure && s.Action != Absent {
			return fail("action", "use ensure or absent", "unknown action %q", s.Action)
		}
		d, ok := devs[s.Target]
		if !ok {
			return fail("target", "target a device of the plan's site", "targets %q, which is not a device of site %q", s.Target, p.Site.Name)
		}
		if !d.Has(s.Capability) {
			return fail("target", fmt.Sprintf("point the step at a device that provides %s, or add %s to %s's provides in the Site and re-plan", s.Capability, s.Capability, d.Name),
				"targets %s (%s), which does not provide %s", d.Name, d.Provider, s.Capability)
		}
		if rt, ok := LookupResourceType(s.Capability, s.Resource.Type); ok && !slices.Contains(rt.Actions(), s.Action) {
			return fail("action", fmt.Sprintf("a %s %s is a setting, not a thing to delete: ensure the state you want instead", s.Capability, s.Resource.Type),
				"a %s %s cannot be %s", s.Capability, s.Resource.Type, s.Action)
		}
		// A plan being made must be one the site's tools can run; a plan
		// read back is checked by each tool for the steps it owns.
		prov, known := LookupProvider(d.Provider)
		if known && !decoded {
			if err := prov.Drives(s.Capability, s.Resource.Type, s.Action); err != nil {
				return fail("target", fmt.Sprintf("give %s to a device whose provider drives %s, or leave the Score out", s.Capability, s.Resource.Type),
					"targets %s: %v", d.Name, err)
			}
		}
		if len(s.Resource.Spec) == 0 || s.Resource.Spec[0] != '{' {
			return fail("resource.spec", "regenerate the plan with harmony-plan", "resource spec is not a JSON object")
		}
		// The spec of a step a Harmony tool runs is checked as strictly as
		// the inputs were: a hand-edited plan stops here, not at a device.
		if known {
			if err := s.CheckSpec(); err != nil {
				return fail("resource.spec", "regenerate the plan with harmony-plan from corrected inputs", "%s", strings.TrimPrefix(err.Error(), "step "+s.ID+": "))
			}
		}
		if o := s.Outcome; o != nil && !o.Status.Known() {
			return fail("outcome.status", "use one of SUCCESS, NOOP, FAILURE, RUNNING, QUEUED, BLOCKED", "unknown status %q", o.Status)
		}
	}
	for i := range p.Steps {
		for j, a := range p.Steps[i].After {
			k, ok := ids[a]
			var e *FieldError
			switch {
			case !ok:
				e = fieldErrorf("", "regenerate the plan; a step may only wait for steps of the same plan",
					"step %s waits for %s, which is not in the plan", p.Steps[i].ID, a)
			case decoded && k >= i:
				// Tools run a plan in its order: a step must come after
				// the steps it waits for (harmony-plan writes them so).
				e = fieldErrorf("", "regenerate the plan with harmony-plan, or move the step it waits for before it",
					"step %s waits for %s, which comes after it in the plan (steps[%d])", p.Steps[i].ID, a, k)
			default:
				continue
			}
			if decoded {
				e.Doc, e.Path = KindPlan, fmt.Sprintf("steps[%d].after[%d]", i, j)
			}
			return e
		}
	}
	return nil
}

// checkConflicts refuses two Scores that want one resource differently,
// and two reservations for one address or one MAC on a DHCP server.
func checkConflicts(steps []Step) error {
	type key struct {
		c                 Capability
		target, typ, name string
	}
	seen := make(map[key]*Step, len(steps))
	type rkey struct{ target, v string }
	byIP := map[rkey]*Step{}
	byMAC := map[rkey]*Step{}
	for i := range steps {
		s := &steps[i]
		k := key{s.Capability, s.Target, s.Resource.Type, s.Resource.Name}
		if o, dup := seen[k]; dup {
			if o.Action != s.Action || !bytes.Equal(o.Resource.Spec, s.Resource.Spec) {
				return fieldErrorf("", fmt.Sprintf("make scores %q and %q agree, or give the resources different names", o.Score, s.Score),
					"scores %q and %q both manage %s %s %q on %s, differently", o.Score, s.Score, s.Capability, s.Resource.Type, s.Resource.Name, s.Target)
			}
		}
		seen[k] = s
		if s.Resource.Type != TypeReservation || s.Action != Ensure {
			continue
		}
		var r Reservation
		if err := s.DecodeSpec(&r); err != nil {
			return err
		}
		for _, c := range []struct {
			m map[rkey]*Step
			v string
			w string
		}{{byIP, r.IP.String(), "IP"}, {byMAC, r.MAC.String(), "MAC"}} {
			rk := rkey{s.Target, c.v}
			if o, dup := c.m[rk]; dup && o.Resource.Name != s.Resource.Name {
				return fieldErrorf("", "give each host its own "+c.w,
					"%s %s is reserved twice on %s: for %q (score %q) and for %q (score %q)",
					c.w, c.v, s.Target, o.Resource.Name, o.Score, s.Resource.Name, s.Score)
			}
			c.m[rk] = s
		}
	}
	return nil
}

// sortSteps orders steps so that every step comes after the steps it
// waits for, breaking ties by id, and refuses a cycle.
func sortSteps(steps []Step) ([]Step, error) {
	idx := make(map[string]int, len(steps))
	for i := range steps {
		idx[steps[i].ID] = i
	}
	waiting := make([]int, len(steps))
	next := make([][]int, len(steps))
	for i := range steps {
		for _, a := range steps[i].After {
			j, ok := idx[a]
			if !ok {
				return nil, fieldErrorf("", "", "step %s waits for %s, which is not in the plan", steps[i].ID, a)
			}
			waiting[i]++
			next[j] = append(next[j], i)
		}
	}
	ready := &idHeap{steps: steps}
	for i := range steps {
		if waiting[i] == 0 {
			ready.idx = append(ready.idx, i)
		}
	}
	heap.Init(ready)
	out := make([]Step, 0, len(steps))
	for ready.Len() > 0 {
		i := heap.Pop(ready).(int)
		out = append(out, steps[i])
		for _, n := range next[i] {
			if waiting[n]--; waiting[n] == 0 {
				heap.Push(ready, n)
			}
		}
	}
	if len(out) != len(steps) {
		var stuck []string
		for i := range steps {
			if waiting[i] > 0 {
				stuck = append(stuck, steps[i].ID)
			}
		}
		slices.Sort(stuck)
		return nil, fieldErrorf("", "remove one of the after entries that close the cycle",
			"steps wait for each other in a cycle: %s", strings.Join(stuck, ", "))
	}
	return out, nil
}

type idHeap struct {
	steps []Step
	idx   []int
}

func (h *idHeap) Len() int           { return len(h.idx) }
func (h *idHeap) Less(a, b int) bool { return h.steps[h.idx[a]].ID < h.steps[h.idx[b]].ID }
func (h *idHeap) Swap(a, b int)      { h.idx[a], h.idx[b] = h.idx[b], h.idx[a] }
func (h *idHeap) Push(x any)         { h.idx = append(h.idx, x.(int)) }
func (h *idHeap) Pop() any {
	n := len(h.idx) - 1
	v := h.idx[n]
	h.idx = h.idx[:n]
	return v
}

// Encode writes the plan as one JSON document and a newline; indented
// when pretty. The compact form is written step by step (see encode.go),
// so a plan of 100,000 steps is never held twice in memory.
func (p *Plan) Encode(w io.Writer, pretty bool) error {
	if pretty {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(p)
	}
	return p.encodeCompact(w)
}

// DecodePlan reads one plan from data, strictly (an unknown field is an
// error at its JSON path and line), and validates it.
func DecodePlan(data []byte) (*Plan, error) {
	var p Plan
	if err := DecodeJSON(data, &p); err != nil {
		return nil, In(KindPlan, err)
	}
	// Specs are kept compact, as NewStep makes them, so that encoding can
	// copy them as they are.
	for i := range p.Steps {
		if spec := p.Steps[i].Resource.Spec; bytes.ContainsAny(spec, " \t\r\n") {
			var buf bytes.Buffer
			if err := json.Compact(&buf, spec); err == nil {
				p.Steps[i].Resource.Spec = buf.Bytes()
			}
		}
	}
	if err := p.Validate(); err != nil {
		var fe *FieldError
		if errors.As(err, &fe) && fe.Path != "" && fe.Line == 0 {
			fe.Line = lineOfPath(data, fe.Path)
		}
		return nil, err
	}
	return &p, nil
}

// Devices returns the plan's devices by name.
func (p *Plan) Devices() map[string]*Device {
	out := make(map[string]*Device, len(p.Site.Devices))
	for i := range p.Site.Devices {
		out[p.Site.Devices[i].Name] = &p.Site.Devices[i]
	}
	return out
}

// Targets returns the names of the devices the plan's steps target, sorted.
func (p *Plan) Targets() []string {
	set := map[string]bool{}
	for _, s := range p.Steps {
		set[s.Target] = true
	}
	return slices.Sorted(maps.Keys(set))
}
