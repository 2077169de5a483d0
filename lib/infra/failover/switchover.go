package failover

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nationtech/harmony-go/lib/infra/mesh"
)

// Switchover phases.
const (
	PhaseAsked   = "asked"
	PhaseStopped = "stopped"
	PhaseDone    = "done"
	PhaseFailed  = "failed"
)

// switchoverAbort is how long a stopped primary waits for the target to
// catch up and take over before it takes the service back.
const switchoverAbort = 10 * time.Second

func (a *Agent) readSwitchover(ctx context.Context, name string) (Switchover, mesh.Entry, bool) {
	e, err := a.Store.Get(a.tctx, "switchover."+name)
	if err != nil {
		return Switchover{}, e, false
	}
	var sw Switchover
	if json.Unmarshal(e.Value, &sw) != nil {
		return Switchover{}, e, false
	}
	return sw, e, true
}

func (a *Agent) writeSwitchover(ctx context.Context, name string, sw Switchover, rev uint64) error {
	body, _ := json.Marshal(sw)
	_, err := a.Store.Update(a.tctx, "switchover."+name, body, rev)
	return err
}

// switchover is the primary's part of a planned switchover: stop cleanly
// (so every commit is in the WAL the standby receives), hand the target
// the shutdown position and the primary key's revision, and wait. It
// says whether the round is spent on it.
func (a *Agent) switchover(ctx context.Context, s *Service, st DBState, pk mesh.Entry) bool {
	name := s.Spec.Service
	sw, e, ok := a.readSwitchover(ctx, name)
	if !ok {
		return false
	}
	switch sw.Phase {
	case PhaseAsked:
		fail := func(msg string) bool {
			sw.Phase, sw.Message = PhaseFailed, msg
			_ = a.writeSwitchover(ctx, name, sw, e.Revision)
			a.logf(name, "switchover to %s refused: %s", sw.To, msg)
			return false
		}
		if sw.To == a.Site {
			sw.Phase, sw.Message = PhaseDone, "already primary"
			_ = a.writeSwitchover(ctx, name, sw, e.Revision)
			return false
		}
		if _, ok := member(s.Spec, sw.To); !ok {
			return fail(fmt.Sprintf("site %s has no member of %s", sw.To, name))
		}
		hb, err := a.Store.Get(a.tctx, "hb."+sw.To)
		var h Heartbeat
		if err != nil || json.Unmarshal(hb.Value, &h) != nil || h.Services[name].Role != RoleStandby {
			return fail(fmt.Sprintf("site %s's member is not a running standby", sw.To))
		}
		if !st.Running || st.Standby {
			return fail("this primary is not running")
		}
		var final uint64
		err = a.locked(func() (err error) { final, err = s.DB.Stop(ctx); return err })
		if err != nil {
			_ = a.locked(func() error { return s.DB.Start(ctx) })
			return fail("stopping the primary: " + err.Error())
		}
		a.setFenced(name, true)
		sw.Phase, sw.Final, sw.Revision = PhaseStopped, final, pk.Revision
		if err := a.writeSwitchover(ctx, name, sw, e.Revision); err != nil {
			a.logf(name, "switchover: recording the stop: %v", err)
		}
		a.mu.Lock()
		a.swStarted = time.Now()
		a.mu.Unlock()
		a.logf(name, "switchover to %s: stopped at %X, waiting for it to take over", sw.To, final)
		return true
	case PhaseStopped:
		a.mu.Lock()
		started := a.swStarted
		a.mu.Unlock()
		if started.IsZero() || time.Since(started) < switchoverAbort {
			return true
		}
		// The target did not take over: take the service back, by the
		// same compare-and-set, so it cannot also be taking over.
		body, _ := json.Marshal(Primary{Site: a.Site, Reason: "switchover to " + sw.To + " abandoned"})
		if _, err := a.update(a.tctx, "primary."+name, body, pk.Revision); err != nil {
			return true // the target did take over; the next round rejoins it
		}
		sw.Phase, sw.Message = PhaseFailed, fmt.Sprintf("%s did not take over within %s; %s is primary again", sw.To, switchoverAbort, a.Site)
		_ = a.writeSwitchover(ctx, name, sw, e.Revision)
		a.logf(name, "switchover to %s abandoned: %s", sw.To, sw.Message)
		return false
	}
	return false
}

// takeSwitchover is the target's part: once the old primary stopped,
// wait until this standby has its last WAL, swap the primary key from
// the revision the old primary handed over, and promote.
func (a *Agent) takeSwitchover(ctx context.Context, s *Service, st DBState, pk mesh.Entry) bool {
	name := s.Spec.Service
	sw, e, ok := a.readSwitchover(ctx, name)
	if !ok || sw.Phase != PhaseStopped || sw.To != a.Site || sw.Revision != pk.Revision {
		return false
	}
	deadline := time.Now().Add(switchoverAbort / 2)
	for st.Position < sw.Final {
		if time.Now().After(deadline) || ctx.Err() != nil {
			a.logf(name, "switchover: this standby is at %X and the old primary stopped at %X: still waiting", st.Position, sw.Final)
			return true
		}
		time.Sleep(10 * time.Millisecond)
		var err error
		if st, err = s.DB.State(ctx); err != nil {
			return true
		}
	}
	// The wait may have used the round's time: the swap gets its own.
	uctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	a.tctx = uctx
	var p Primary
	_ = json.Unmarshal(pk.Value, &p)
	body, _ := json.Marshal(Primary{Site: a.Site, Reason: "planned switchover from " + p.Site})
	if _, err := a.update(a.tctx, "primary."+name, body, sw.Revision); err != nil {
		a.logf(name, "switchover: taking the primary key: %v", err)
		return true
	}
	if err := a.locked(func() error { return s.DB.Promote(ctx) }); err != nil {
		a.logf(name, "switchover: promoting: %v (the next round tries again)", err)
	}
	a.event(ctx, name, Event{From: p.Site, To: a.Site, Reason: "planned switchover " + sw.ID})
	sw.Phase, sw.Message = PhaseDone, a.Site+" is primary"
	_ = a.writeSwitchover(ctx, name, sw, e.Revision)
	a.logf(name, "switchover: this site is primary")
	return true
}

// RequestSwitchover asks the fleet to move a service's primary to site
// and waits until it is done, failed, or ctx ends.
func RequestSwitchover(ctx context.Context, st Store, service, to string) (Switchover, error) {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	sw := Switchover{ID: hex.EncodeToString(b), To: to, Phase: PhaseAsked}
	body, _ := json.Marshal(sw)
	cur, err := st.Get(ctx, "switchover."+service)
	switch {
	case errors.Is(err, mesh.ErrNotFound):
		_, err = st.Create(ctx, "switchover."+service, body)
	case err != nil:
	default:
		var old Switchover
		if json.Unmarshal(cur.Value, &old) == nil && (old.Phase == PhaseAsked || old.Phase == PhaseStopped) {
			return old, fmt.Errorf("a switchover of %s to %s is under way (%s)", service, old.To, old.Phase)
		}
		_, err = st.Update(ctx, "switchover."+service, body, cur.Revision)
	}
	if err != nil {
		return sw, fmt.Errorf("asking for the switchover: %w", err)
	}
	for {
		select {
		case <-ctx.Done():
			return sw, fmt.Errorf("switchover of %s to %s: no answer (%s so far): %w", service, to, sw.Phase, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
		e, err := st.Get(ctx, "switchover."+service)
		if err != nil {
			continue
		}
		var now Switchover
		if json.Unmarshal(e.Value, &now) != nil || now.ID != sw.ID {
			continue
		}
		sw = now
		switch sw.Phase {
		case PhaseDone:
			return sw, nil
		case PhaseFailed:
			return sw, errors.New(sw.Message)
		}
	}
}
