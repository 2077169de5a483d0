package brocade

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Driver opens CLI sessions to the site's FastIron switches.
type Driver struct {
	// Credentials resolves a device's secretRef to user:password (and an
	// enable password as a third part, user:password:enable).
	Credentials func(ref string) (user, password string, err error)
	KnownHosts  string // the known_hosts file switch keys are checked against
	Insecure    bool   // skip the host key check
	Timeout     time.Duration
	FlashWait   time.Duration // first wait before write memory is tried again on a busy flash; default 1 s
}

// Login resolves how to reach a device: ssh://HOST[:PORT] and its secretRef.
func (d *Driver) Login(dev domain.Device) (Login, error) {
	u, err := url.Parse(dev.Endpoint)
	if err == nil && u.User != nil {
		return Login{}, fmt.Errorf("device %s: its endpoint has credentials in it: write ssh://HOST[:PORT] and put them in secretRef", dev.Name)
	}
	if err != nil || u.Scheme != "ssh" || u.Hostname() == "" {
		return Login{}, fmt.Errorf("device %s: endpoint %q is not ssh://HOST[:PORT]", dev.Name, dev.Endpoint)
	}
	port := 22
	if p := u.Port(); p != "" {
		port, _ = strconv.Atoi(p)
	}
	if dev.SecretRef == "" {
		return Login{}, fmt.Errorf("device %s has no secretRef: give it one and set HARMONY_SECRET_<REF>=user:password", dev.Name)
	}
	user, pass, err := d.Credentials(dev.SecretRef)
	if err != nil {
		return Login{}, fmt.Errorf("device %s: %w", dev.Name, err)
	}
	enable := ""
	if p, e, ok := strings.Cut(pass, ":"); ok {
		pass, enable = p, e
	}
	timeout := d.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	return Login{Host: u.Hostname(), Port: port, User: user, Password: pass, Enable: enable,
		KnownHosts: d.KnownHosts, Insecure: d.Insecure, Timeout: timeout, FlashWait: d.FlashWait}, nil
}

var versionRE = regexp.MustCompile(`SW: Version (\d+)\.(\d+)\.(\d+)`)

// Open logs in, reads the version and the running config.
func (d *Driver) Open(ctx context.Context, dev domain.Device) (*Session, error) {
	l, err := d.Login(dev)
	if err != nil {
		return nil, err
	}
	c, err := dial(ctx, l)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dev.Name, err)
	}
	s := &Session{d: d, dev: dev, cli: c, ids: map[int]bool{}}
	ver, err := c.show("show version")
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("%s: %w", dev.Name, err)
	}
	m := versionRE.FindStringSubmatch(ver)
	if m == nil {
		s.Close()
		return nil, fmt.Errorf("%s: show version names no FastIron version (SW: Version …): is it a FastIron switch?", dev.Name)
	}
	release := []int{atoi(m[1]), atoi(m[2]), atoi(m[3])}
	switch {
	case slices.Compare(release, []int{8, 0, 30}) < 0:
		s.Close()
		return nil, fmt.Errorf("%s runs FastIron %s.%s.%s, older than 08.0.30, the oldest release harmony-switch speaks (its LAG commands differ): upgrade the switch to 08.0.30 or later", dev.Name, m[1], m[2], m[3])
	case slices.Compare(release, []int{8, 0, 61}) < 0:
		s.old = true // LAGs with a primary port and deploy
	}
	if err := s.read(); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.checkSaved(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// checkSaved compares the running config with the saved one (show
// configuration): a run cut off between its changes and write memory
// leaves them running but unsaved, and a reboot would lose them. Then
// this run's commit saves, even when every step is NOOP, and says so:
// ansible-collections/community.network's icx_config (save_when:
// modified) makes the same comparison, of show running-config with show
// configuration, before its write memory.
func (s *Session) checkSaved() error {
	text, err := s.cli.show("show configuration")
	if err != nil {
		return fmt.Errorf("%s: %w", s.dev.Name, err)
	}
	saved, err := ParseConfig(text)
	if err == nil && s.old {
		saved.Fold()
	}
	if err == nil && sameManaged(s.cfg, saved) {
		s.unsaved = false
		return nil
	}
	s.unsaved = true
	return nil
}

// sameManaged reports whether two configs agree on what Harmony manages.
func sameManaged(a, b *Config) bool {
	return reflect.DeepEqual(a.VLANs, b.VLANs) && reflect.DeepEqual(a.LAGs, b.LAGs) &&
		reflect.DeepEqual(a.Names, b.Names) && reflect.DeepEqual(a.Disabled, b.Disabled)
}

// Silent says whether the switch stopped answering (lib/apply's Silent:
// its remaining steps are not tried).
func (s *Session) Silent() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cli.silent
}

// Notes say what the session did beyond its steps (a save it owed).
func (s *Session) Notes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.savedOwed:
		return []string{"the running config differed from the saved one (a run cut off before write memory?): this run saved it"}
	case s.unsaved:
		return []string{"the running config differs from the saved one (a run cut off before write memory?): a run that is not a dry run saves it"}
	}
	return nil
}

// Session is one CLI session with a switch. Its steps run in plan order
// (lib/apply serialises a device's steps); mu guards against misuse.
type Session struct {
	mu  sync.Mutex
	d   *Driver
	dev domain.Device
	cli *cli
	cfg *Config
	ids map[int]bool // LAG ids given to new LAGs in a dry run
	// old: the switch speaks the primary-port dialect (08.0.30-08.0.60).
	old bool
	// held are the steps of this session the switch matches (NOOP or
	// SUCCESS): a later step's lines must not undo them.
	held    []domain.Step
	changed bool // a line was taken since the last save
	// unsaved: the running config differed from the saved one at the
	// start, and the commit owes a write memory; savedOwed: it made it.
	unsaved, savedOwed bool
}

func (s *Session) read() error {
	text, err := s.cli.show("show running-config")
	if err != nil {
		return fmt.Errorf("%s: %w", s.dev.Name, err)
	}
	cfg, err := ParseConfig(text)
	if err != nil {
		return fmt.Errorf("%s: %w", s.dev.Name, err)
	}
	switch {
	case s.old:
		cfg.Fold()
	case cfg.PrimaryPort:
		return fmt.Errorf("%s runs a release with LAG interfaces (08.0.61 or later), but its running config has primary-port or deploy lines: a config harmony-switch does not know; please report it", s.dev.Name)
	}
	s.cfg = cfg
	return nil
}

// diff computes a step's change against the config read last.
func (s *Session) diff(step domain.Step) (change, error) {
	absent := step.Action == domain.Absent
	switch step.Resource.Type {
	case domain.TypeVLAN:
		var v domain.VLAN
		if err := step.DecodeSpec(&v); err != nil {
			return change{}, err
		}
		if absent {
			return s.cfg.removeVLAN(v.ID)
		}
		return s.cfg.diffVLAN(v)
	case domain.TypeLAG:
		var l domain.LAG
		if err := step.DecodeSpec(&l); err != nil {
			return change{}, err
		}
		if absent {
			return s.cfg.removeLAG(step.Resource.Name), nil
		}
		return s.cfg.diffLAG(step.Resource.Name, l, s.ids)
	case domain.TypePort:
		var p domain.SwitchPort
		if err := step.DecodeSpec(&p); err != nil {
			return change{}, err
		}
		if absent {
			return s.cfg.removePort(p.Port), nil
		}
		return s.cfg.diffPort(p)
	}
	return change{}, fmt.Errorf("resource type %q is not a switch type (vlan, lag, port)", step.Resource.Type)
}

// Apply sends the lines a step needs in this session, then reads the
// running config back: the step is SUCCESS only if it now matches.
func (s *Session) Apply(ctx context.Context, step domain.Step, dryRun bool) domain.Outcome {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, err := s.diff(step)
	if err != nil {
		return domain.Outcome{Status: domain.Failure, Message: fmt.Sprintf("%s: %v", s.dev.Name, err)}
	}
	if len(ch.lines) == 0 {
		s.held = append(s.held, step)
		return domain.Outcome{Status: domain.Noop}
	}
	if dryRun {
		return domain.Outcome{Status: domain.Success, Changes: ch.changes}
	}
	n, err := s.cli.configure(ch.lines)
	if n > 0 {
		s.changed = true
	}
	if err != nil {
		msg := fmt.Sprintf("%s: %v", s.dev.Name, err)
		if n > 0 {
			msg += fmt.Sprintf("; %d of its %d lines were taken (%s): the switch is part-way, run again to finish", n, len(ch.lines), strings.Join(ch.lines[:n], "; "))
		} else {
			msg += "; nothing of this step was taken"
		}
		if rerr := s.read(); rerr != nil {
			msg += "; reading the running config back failed too: " + rerr.Error()
		}
		return domain.Outcome{Status: domain.Failure, Message: msg, Changes: ch.changes}
	}
	if err := s.read(); err != nil {
		return domain.Outcome{Status: domain.Failure, Message: fmt.Sprintf("sent, but reading it back failed: %v", err), Changes: ch.changes}
	}
	if again, err := s.diff(step); err != nil || len(again.lines) > 0 {
		return domain.Outcome{Status: domain.Failure, Changes: ch.changes,
			Message: fmt.Sprintf("%s took %s but its running config still differs (%v %s): a switch behaviour harmony-switch does not know; please report it", s.dev.Name, strings.Join(ch.lines, "; "), err, strings.Join(again.lines, "; "))}
	}
	// The lines may have touched ports and LAGs of other steps (a member
	// taken into a LAG loses its port name; an old release disables a
	// member it drops): every step the switch matched must still hold.
	var undone []string
	for _, h := range s.held {
		switch again, err := s.diff(h); {
		case err != nil:
			undone = append(undone, fmt.Sprintf("%s (now: %v)", h.ID, err))
		case len(again.lines) > 0:
			undone = append(undone, fmt.Sprintf("%s (now needs: %s)", h.ID, strings.Join(again.lines, "; ")))
		}
	}
	if len(undone) > 0 {
		return domain.Outcome{Status: domain.Failure, Changes: ch.changes,
			Message: fmt.Sprintf("%s took %s, which undid step %s: two steps disagree on these ports; correct the plan (or the inventory's cabling)", s.dev.Name, strings.Join(ch.lines, "; "), strings.Join(undone, ", step "))}
	}
	s.held = append(s.held, step)
	return domain.Outcome{Status: domain.Success, Changes: ch.changes}
}

// Prune removes the managed LAGs and port settings the plan does not
// have on the switch: a LAG is named after its step's host, a single
// port is the port of its step.
func (s *Session) Prune(ctx context.Context, keep domain.Keep, dryRun bool) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	lags, ports := map[string]bool{}, map[string]bool{}
	for _, st := range keep.Steps {
		switch st.Resource.Type {
		case domain.TypeLAG:
			lags[LAGName(st.Resource.Name)] = true
		case domain.TypePort:
			var sp domain.SwitchPort
			if err := st.DecodeSpec(&sp); err != nil {
				return nil, fmt.Errorf("%s: %w: nothing pruned", s.dev.Name, err)
			}
			ports[sp.Port] = true
		}
	}
	lines, removed := s.cfg.prune(lags, ports)
	if dryRun || len(lines) == 0 {
		return removed, nil
	}
	n, err := s.cli.configure(lines)
	if n > 0 {
		s.changed = true
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.dev.Name, err)
	}
	return removed, s.read()
}

// Commit saves the running config (write memory) when the run changed it
// or found it unsaved.
func (s *Session) Commit(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.changed && !s.unsaved {
		return nil
	}
	owed := s.unsaved
	if err := s.cli.save(); errors.Is(err, errUnconfirmed) {
		// A form of the answer this tool does not know: what the switch
		// saved says whether it worked.
		if verr := s.checkSaved(); verr != nil || s.unsaved {
			return fmt.Errorf("%s: %v, and the saved config (show configuration) still differs from the running one: the changes are not saved; run again", s.dev.Name, err)
		}
	} else if err != nil {
		return fmt.Errorf("%s: %w", s.dev.Name, err)
	}
	s.savedOwed = s.savedOwed || owed
	s.changed, s.unsaved = false, false
	return nil
}

// Close ends the session.
func (s *Session) Close() error { return s.cli.close() }

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
