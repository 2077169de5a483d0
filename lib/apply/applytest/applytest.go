// Package applytest provides a fake device driver for testing the apply
// contract and the tools built on it, like net/http/httptest: resources
// kept in memory (or in a directory, across processes), every write
// counted and logged, and faults on demand.
package applytest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/domain"
)

// Fake is a Driver over fake devices, created on first use.
type Fake struct {
	// Dir, when set, keeps each device's resources in Dir/<device>.json and
	// appends its writes to Dir/<device>.log, so separate processes (the
	// runs of a testscript) see one device.
	Dir string
	// FailOpen makes opening these devices fail with the error.
	FailOpen map[string]error
	// FailStep makes these steps (by id) fail with the error.
	FailStep map[string]error
	// Running makes these steps (by id) report RUNNING after writing.
	Running map[string]bool
	// FailCommit makes committing on these devices fail with the error.
	FailCommit map[string]error

	mu      sync.Mutex
	devices map[string]*Device
	order   []string
}

// Order returns the ids of the steps applied, across devices, in order.
func (f *Fake) Order() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.order)
}

// Device is one fake device's state.
type Device struct {
	Resources map[string]json.RawMessage // capability/type/name → spec
	// Made names, for the resources a step made, that step's id (the
	// marker a real adapter writes); the others are hand-made.
	Made   map[string]string
	Writes []string // "set KEY" or "delete KEY", committed, in order
	// Staged are the writes made and not yet taken (a config written and
	// not applied): a commit takes its session's own, a finish all.
	Staged []string
	// Commits counts the commits that took a write.
	Commits int
}

// state is a device as its file holds it.
type state struct {
	Resources map[string]json.RawMessage `json:"resources"`
	Made      map[string]string          `json:"made,omitempty"`
}

// Device returns the state of a device, creating it empty.
func (f *Fake) Device(name string) *Device {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.devices == nil {
		f.devices = map[string]*Device{}
	}
	d, ok := f.devices[name]
	if !ok {
		d = &Device{Resources: map[string]json.RawMessage{}, Made: map[string]string{}}
		f.devices[name] = d
	}
	return d
}

// Open opens a session on a fake device.
func (f *Fake) Open(ctx context.Context, dev domain.Device) (apply.Session, error) {
	if err := f.FailOpen[dev.Name]; err != nil {
		return nil, err
	}
	d := f.Device(dev.Name)
	if f.Dir != "" {
		if err := os.MkdirAll(f.Dir, 0o755); err != nil {
			return nil, err
		}
		data, err := os.ReadFile(filepath.Join(f.Dir, dev.Name+".json"))
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			return nil, err
		default:
			var st state
			if err := json.Unmarshal(data, &st); err != nil {
				return nil, fmt.Errorf("fake state of %s: %w", dev.Name, err)
			}
			d.Resources, d.Made = st.Resources, st.Made
			if d.Resources == nil {
				d.Resources = map[string]json.RawMessage{}
			}
			if d.Made == nil {
				d.Made = map[string]string{}
			}
		}
	}
	return &session{f: f, name: dev.Name, d: d}, nil
}

type session struct {
	f      *Fake
	name   string
	d      *Device
	writes []string // this session's, not yet taken
}

// write stages a write on the device, made by this session.
func (s *session) write(w string) {
	s.writes = append(s.writes, w)
	s.d.Staged = append(s.d.Staged, w)
}

func key(s domain.Step) string {
	return string(s.Capability) + "/" + s.Resource.Type + "/" + s.Resource.Name
}

func (s *session) Apply(ctx context.Context, step domain.Step, dryRun bool) domain.Outcome {
	s.f.mu.Lock()
	s.f.order = append(s.f.order, step.ID)
	s.f.mu.Unlock()
	if err := s.f.FailStep[step.ID]; err != nil {
		return domain.Outcome{Status: domain.Failure, Message: err.Error()}
	}
	k := key(step)
	old, exists := s.d.Resources[k]
	var changes []domain.Change
	_, managed := s.d.Made[k]
	switch step.Action {
	case domain.Absent:
		if !exists {
			return domain.Outcome{Status: domain.Noop, Message: "absent"}
		}
		if !managed {
			return domain.Outcome{Status: domain.Failure, Message: k + " exists, made by hand: remove it by hand if it should go"}
		}
		changes = []domain.Change{{Field: "resource", From: "present", To: "absent"}}
		if !dryRun {
			delete(s.d.Resources, k)
			delete(s.d.Made, k)
			s.write("delete " + k)
		}
	default:
		if exists && !managed {
			return domain.Outcome{Status: domain.Failure, Message: k + " exists, made by hand"}
		}
		changes = Diff(old, step.Resource.Spec)
		if len(changes) == 0 && s.d.Made[k] == step.ID {
			return domain.Outcome{Status: domain.Noop, Message: "up to date"}
		}
		if len(changes) == 0 {
			changes = []domain.Change{{Field: "managed", From: s.d.Made[k], To: step.ID}}
		}
		if !dryRun {
			s.d.Resources[k] = slices.Clone(step.Resource.Spec)
			s.d.Made[k] = step.ID
			s.write("set " + k)
		}
	}
	status, msg := domain.Success, "changed"
	if dryRun {
		msg = "would change"
	} else if s.f.Running[step.ID] {
		status, msg = domain.Running, "started"
	}
	return domain.Outcome{Status: status, Message: msg, Changes: changes}
}

func (s *session) Close() error { return nil }

// Finish has the device take every staged write, an earlier run's too,
// as a device told to take what an earlier run left does.
func (s *session) Finish(ctx context.Context) error {
	s.writes = slices.Clone(s.d.Staged)
	return s.Commit(ctx)
}

// Prune deletes the resources a step made whose step the plan no longer
// has on the device; hand-made ones stay.
func (s *session) Prune(ctx context.Context, keep domain.Keep, dryRun bool) ([]string, error) {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(s.d.Made)) {
		if keep.Has(s.d.Made[k]) {
			continue
		}
		out = append(out, k+" ("+s.d.Made[k]+")")
		if !dryRun {
			delete(s.d.Resources, k)
			delete(s.d.Made, k)
			s.write("delete " + k)
		}
	}
	return out, nil
}

// MakeByHand puts a resource on a device as a person would: the fake's
// adapter does not manage it.
func (f *Fake) MakeByHand(device, key string, spec json.RawMessage) error {
	d := f.Device(device)
	f.mu.Lock()
	defer f.mu.Unlock()
	d.Resources[key] = spec
	delete(d.Made, key)
	return f.save(device, d, nil)
}

// Commit has the device take the writes this session made.
func (s *session) Commit(ctx context.Context) error {
	if err := s.f.FailCommit[s.name]; err != nil {
		return err
	}
	writes := s.writes
	s.writes = nil
	if len(writes) == 0 {
		return nil
	}
	s.d.Commits++
	s.d.Writes = append(s.d.Writes, writes...)
	for _, w := range writes {
		if i := slices.Index(s.d.Staged, w); i >= 0 {
			s.d.Staged = slices.Delete(s.d.Staged, i, i+1)
		}
	}
	return s.f.save(s.name, s.d, writes)
}

// save writes a device's state and appends its writes to its log, when
// the fake keeps its devices in a directory.
func (f *Fake) save(name string, d *Device, writes []string) error {
	if f.Dir == "" {
		return nil
	}
	if err := os.MkdirAll(f.Dir, 0o755); err != nil {
		return err
	}
	data, err := json.MarshalIndent(state{Resources: d.Resources, Made: d.Made}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(f.Dir, name+".json"), data, 0o644); err != nil {
		return err
	}
	log, err := os.OpenFile(filepath.Join(f.Dir, name+".log"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer log.Close()
	for _, w := range writes {
		if _, err := fmt.Fprintln(log, w); err != nil {
			return err
		}
	}
	return nil
}

// Diff lists the top-level fields of two JSON objects that differ; a nil
// old object means the resource is new.
func Diff(old, want json.RawMessage) []domain.Change {
	if old == nil {
		return []domain.Change{{Field: "resource", From: "absent", To: "present"}}
	}
	var a, b map[string]json.RawMessage
	_ = json.Unmarshal(old, &a)
	_ = json.Unmarshal(want, &b)
	union := maps.Clone(b)
	if union == nil {
		union = map[string]json.RawMessage{}
	}
	maps.Copy(union, a)
	keys := slices.Sorted(maps.Keys(union))
	var out []domain.Change
	for _, k := range keys {
		if string(compact(a[k])) != string(compact(b[k])) {
			out = append(out, domain.Change{Field: k, From: string(a[k]), To: string(b[k])})
		}
	}
	return out
}

func compact(m json.RawMessage) []byte {
	var v any
	if json.Unmarshal(m, &v) != nil {
		return m
	}
	out, _ := json.Marshal(v)
	return out
}
