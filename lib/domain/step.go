package domain

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Action is what a step does to its resource.
type Action string

// The actions of a step.
const (
	Ensure Action = "ensure" // make the resource exist as specified
	Absent Action = "absent" // make the resource not exist
)

// Status is the result of running a step.
type Status string

// The six statuses of an Outcome.
const (
	Success Status = "SUCCESS" // the device was changed and now matches
	Noop    Status = "NOOP"    // the device already matched; nothing was written
	Failure Status = "FAILURE" // the step could not be done
	Running Status = "RUNNING" // started, not finished (a boot, a rollout)
	Queued  Status = "QUEUED"  // waits on a step that a tool which has not run yet owns
	Blocked Status = "BLOCKED" // a step it depends on failed
)

// Drift is how a dry run's SUCCESS is shown and counted everywhere (the
// tools' summaries, reports, records, JUnit, Prometheus): the device
// differs from the plan and nothing was written. It is a label, never an
// Outcome's status: on the wire that stays SUCCESS with dryRun.
const Drift Status = "DRIFT"

// Label is the status an outcome is shown and counted as: Drift for a dry
// run's SUCCESS, else its status.
func (o *Outcome) Label() Status {
	if o.DryRun && o.Status == Success {
		return Drift
	}
	return o.Status
}

// Labels lists what outcomes are shown and counted as, in report order:
// the six statuses with Drift after Noop.
func Labels() []Status { return []Status{Success, Noop, Drift, Failure, Running, Queued, Blocked} }

// Statuses lists the six statuses in report order.
func Statuses() []Status { return []Status{Success, Noop, Failure, Running, Queued, Blocked} }

// Known reports whether s is one of the six statuses.
func (s Status) Known() bool {
	switch s {
	case Success, Noop, Failure, Running, Queued, Blocked:
		return true
	}
	return false
}

// Failed reports whether s makes a tool exit 1.
func (s Status) Failed() bool { return s == Failure || s == Blocked }

// Done reports whether a step with this status is finished and right, so
// steps after it may run.
func (s Status) Done() bool { return s == Success || s == Noop }

// Step is one capability-level change: ensure or remove one resource on
// one target device.
type Step struct {
	ID         string     `json:"id"`
	Score      string     `json:"score"`
	Capability Capability `json:"capability"`
	Target     string     `json:"target"`
	Action     Action     `json:"action"`
	Resource   Resource   `json:"resource"`
	After      []string   `json:"after,omitempty"`
	Outcome    *Outcome   `json:"outcome,omitempty"`
}

// Resource is what a step is about. Spec is one of the resource types of
// resources.go, as JSON.
type Resource struct {
	Type string          `json:"type"`
	Name string          `json:"name"`
	Spec json.RawMessage `json:"spec"`
}

// Outcome is what a tool did with a step.
type Outcome struct {
	Status   Status   `json:"status"`
	Message  string   `json:"message,omitempty"`
	Changes  []Change `json:"changes,omitempty"`
	Tool     string   `json:"tool,omitempty"`
	Duration string   `json:"duration,omitempty"`
	DryRun   bool     `json:"dryRun,omitempty"` // the changes were only computed, not written
}

// Change is one field a step changed, or would change in a dry run.
type Change struct {
	Field string `json:"field"`
	From  string `json:"from,omitempty"`
	To    string `json:"to,omitempty"`
}

// StepID is the stable, readable id of a step:
// <score>/<capability>/<target>/<type>/<name>.
func StepID(score string, c Capability, target, typ, name string) string {
	return strings.Join([]string{score, string(c), target, typ, name}, "/")
}

// NewStep builds an ensure step for a resource whose spec is one of the
// resource types; its id follows StepID.
func NewStep(score string, c Capability, target, typ, name string, spec any, after ...string) (Step, error) {
	raw, err := json.Marshal(spec)
	if err != nil {
		return Step{}, fmt.Errorf("step %s: encoding its %s spec: %w", StepID(score, c, target, typ, name), typ, err)
	}
	return Step{
		ID:         StepID(score, c, target, typ, name),
		Score:      score,
		Capability: c,
		Target:     target,
		Action:     Ensure,
		Resource:   Resource{Type: typ, Name: name, Spec: raw},
		After:      after,
	}, nil
}

// Remove turns a Score's steps into absent steps: the resources it
// ensured are to be deleted. The steps keep their order: what a step
// waited for is deleted first, and the adapters take that (a VLAN goes
// with the memberships of Harmony's LAGs in it; a PTR that an A record
// served goes with it). It refuses a resource type for which absent
// means nothing (a machine's power, its next boot device).
func Remove(steps []Step) ([]Step, error) {
	out := make([]Step, len(steps))
	for i, s := range steps {
		if rt, ok := LookupResourceType(s.Capability, s.Resource.Type); ok && !rt.Removable {
			return nil, &FieldError{Msg: fmt.Sprintf("step %s: a %s %s cannot be absent: it is a setting of the machine, not a thing to delete", s.ID, s.Capability, s.Resource.Type),
				Hint: "leave this Score present (say power: off in a PowerState Score to turn machines off), or make absent only the Scores of deletable things"}
		}
		s.Action = Absent
		out[i] = s
	}
	return out, nil
}

// DecodeSpec decodes the step's resource spec into v, strictly: a field v
// does not have is an error naming the step.
func (s *Step) DecodeSpec(v any) error {
	d := json.NewDecoder(strings.NewReader(string(s.Resource.Spec)))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("step %s: its %s spec: %w", s.ID, s.Resource.Type, err)
	}
	return nil
}

// Keep is what a plan has on one device: every step that targets it,
// whatever its outcome and whichever tool runs it. An adapter's prune
// removes what it manages and Keep does not hold: what a device keeps
// comes from the plan, never from what a run reached.
type Keep struct {
	Steps []Step
	ids   map[string]bool
}

// NewKeep is the keep list of the steps.
func NewKeep(steps []Step) Keep {
	k := Keep{Steps: steps, ids: make(map[string]bool, len(steps))}
	for _, s := range steps {
		k.ids[s.ID] = true
	}
	return k
}

// Has reports whether the plan has the step of this id on the device.
func (k Keep) Has(stepID string) bool { return k.ids[stepID] }
