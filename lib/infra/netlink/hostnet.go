package netlink

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Driver applies the host-network steps of the host it runs on to the
// kernel: bonds and VLAN interfaces with their MTU, state and addresses.
type Driver struct {
	// Host is this host's inventory name: the plan's host-network steps
	// for it are the ones prune keeps.
	Host string
	// AllowDisruption lets a step cut the links the default route
	// depends on.
	AllowDisruption bool
	// Wait is how long an 802.3ad bond just changed may take to form
	// before its step is reported RUNNING.
	Wait time.Duration
}

// Open starts a session on this host; dev is the Site's host-network device.
func (d *Driver) Open(ctx context.Context, dev domain.Device) (*Session, error) {
	if _, err := readState(); err != nil {
		return nil, err
	}
	return &Session{d: d}, nil
}

// Session applies steps to this host's kernel; it holds nothing between
// steps (the kernel is read afresh for each).
type Session struct {
	d *Driver
}

// Apply brings one bond or VLAN interface to the step's state.
func (s *Session) Apply(ctx context.Context, step domain.Step, dryRun bool) domain.Outcome {
	kind, ok := map[string]string{domain.TypeHostBond: "bond", domain.TypeHostVLAN: "vlan"}[step.Resource.Type]
	if !ok {
		return failure(fmt.Errorf("resource type %q is not a host-network type (bond, vlan-link)", step.Resource.Type))
	}
	h, err := readState()
	if err != nil {
		return failure(err)
	}
	var ch []domain.Change
	var ops []op
	var bond string // an 802.3ad bond whose LACP to wait for
	if step.Action == domain.Absent {
		name, err := linkName(step)
		if err != nil {
			return failure(err)
		}
		ch, ops, err = h.remove(name, kind)
		if err != nil {
			return failure(err)
		}
		return s.write(h, ch, ops, dryRun)
	}
	if kind == "bond" {
		var b domain.HostBond
		if err := step.DecodeSpec(&b); err != nil {
			return failure(err)
		}
		ch, ops, err = h.diffBond(b)
		if b.Mode == "802.3ad" {
			bond = b.Name
		}
	} else {
		var v domain.HostVLAN
		if err := step.DecodeSpec(&v); err != nil {
			return failure(err)
		}
		ch, ops, err = h.diffVLAN(v, dryRun)
	}
	if err != nil {
		return failure(err)
	}
	out := s.write(h, ch, ops, dryRun)
	if out.Status.Failed() || dryRun {
		return out
	}
	if bond != "" {
		if waiting := s.lacp(ctx, bond, len(ops) > 0); len(waiting) > 0 {
			out.Status = domain.Running
			out.Message = fmt.Sprintf("bond %s is configured, but LACP has not formed on %s: no partner in sync yet (is the switch's LAG on those ports set up?); run again to check", bond, strings.Join(waiting, ", "))
		}
	}
	return out
}

// write makes the kernel writes of one step (none in a dry run), after
// the default-route guard.
func (s *Session) write(h hostState, ch []domain.Change, ops []op, dryRun bool) domain.Outcome {
	if !s.d.AllowDisruption {
		if err := h.guard(ops); err != nil {
			return domain.Outcome{Status: domain.Failure, Message: err.Error(), Changes: ch}
		}
	}
	if len(ops) == 0 {
		return domain.Outcome{Status: domain.Noop}
	}
	if dryRun {
		return domain.Outcome{Status: domain.Success, Changes: ch}
	}
	for i, o := range ops {
		if err := write(o); err != nil {
			msg := err.Error()
			if i > 0 {
				msg = fmt.Sprintf("%s (after %d of %d writes: run again to finish)", msg, i, len(ops))
			}
			return domain.Outcome{Status: domain.Failure, Message: msg, Changes: ch}
		}
	}
	return domain.Outcome{Status: domain.Success, Changes: ch}
}

// linkName is the link a host-network step is about.
func linkName(step domain.Step) (string, error) {
	var v struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(step.Resource.Spec, &v); err != nil || v.Name == "" {
		return "", fmt.Errorf("step %s: its %s spec names no link", step.ID, step.Resource.Type)
	}
	return v.Name, nil
}

// lacp waits, after a change, up to the driver's Wait for the bond's
// members to form, and lists those that have not.
func (s *Session) lacp(ctx context.Context, bond string, changed bool) []string {
	deadline := time.Now()
	if changed {
		deadline = deadline.Add(s.d.Wait)
	}
	for {
		h, err := readState()
		if err != nil {
			return []string{err.Error()}
		}
		waiting := h.negotiating(bond)
		if len(waiting) == 0 || !time.Now().Before(deadline) {
			return waiting
		}
		select {
		case <-ctx.Done():
			return waiting
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// Prune deletes the managed bonds and VLAN interfaces of this host that
// the plan no longer has for it.
func (s *Session) Prune(ctx context.Context, keep domain.Keep, dryRun bool) ([]string, error) {
	names := map[string]bool{}
	for _, st := range keep.Steps {
		if st.Capability != domain.HostNetwork {
			continue
		}
		var v struct {
			Host string `json:"host"`
			Name string `json:"name"`
		}
		if err := json.Unmarshal(st.Resource.Spec, &v); err != nil {
			return nil, fmt.Errorf("step %s: its spec: %w: nothing pruned", st.ID, err)
		}
		if v.Host == s.d.Host {
			names[v.Name] = true
		}
	}
	h, err := readState()
	if err != nil {
		return nil, err
	}
	ops := h.prune(names)
	if !s.d.AllowDisruption {
		if err := h.guard(ops); err != nil {
			return nil, err
		}
	}
	var done []string
	for _, o := range ops {
		if !dryRun {
			if err := write(o); err != nil {
				return done, err
			}
		}
		done = append(done, h.Links[o.Link].Kind+" "+o.Link)
	}
	return done, nil
}

// Commit does nothing: the kernel takes each write at once.
func (s *Session) Commit(context.Context) error { return nil }

// Close ends the session.
func (s *Session) Close() error { return nil }

func failure(err error) domain.Outcome {
	return domain.Outcome{Status: domain.Failure, Message: err.Error()}
}
