package pxe

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Driver opens sessions on harmony-pxe servers through their API.
type Driver struct {
	Site  string
	Token func(ref string) (string, error) // resolves the device's secretRef
	HTTP  *http.Client                     // default: 10 s timeout
}

// Session is one run against one boot server.
type Session struct {
	d        *Driver
	dev      domain.Device
	base     string
	token    string
	profiles map[domain.MAC]Profile
	// Requests counts the API calls, by kind.
	Requests struct{ Reads, Writes int }
}

// Open reads the server's profiles once.
func (d *Driver) Open(ctx context.Context, dev domain.Device) (*Session, error) {
	if d.HTTP == nil {
		d.HTTP = &http.Client{Timeout: 10 * time.Second}
	}
	s := &Session{d: d, dev: dev, base: strings.TrimSuffix(dev.Endpoint, "/"), profiles: map[domain.MAC]Profile{}}
	if dev.SecretRef != "" && d.Token != nil {
		t, err := d.Token(dev.SecretRef)
		if err != nil {
			return nil, err
		}
		s.token = t
	}
	var list []Profile
	if err := s.call(ctx, http.MethodGet, "/api/profiles", nil, &list); err != nil {
		return nil, err
	}
	for _, p := range list {
		s.profiles[p.MAC] = p
	}
	return s, nil
}

func (s *Session) call(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.base+path, rd)
	if err != nil {
		return fmt.Errorf("device %s: endpoint %q: %w", s.dev.Name, s.dev.Endpoint, err)
	}
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	if method == http.MethodGet {
		s.Requests.Reads++
	} else {
		s.Requests.Writes++
	}
	resp, err := s.d.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("device %s: %w", s.dev.Name, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if resp.StatusCode >= 300 {
		msg := strings.TrimSpace(string(data))
		if resp.StatusCode == http.StatusUnauthorized && s.dev.SecretRef == "" {
			msg += "; give the device a secretRef and HARMONY_SECRET_<REF>=<the server's token>"
		}
		return fmt.Errorf("device %s: %s %s: HTTP %d: %s", s.dev.Name, method, path, resp.StatusCode, msg)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("device %s: %s: an answer this client cannot read: %w", s.dev.Name, path, err)
		}
	}
	return nil
}

func (s *Session) marker() string { return "harmony:" + s.d.Site + " " }

// Apply makes the server hold the step's profile.
func (s *Session) Apply(ctx context.Context, step domain.Step, dryRun bool) domain.Outcome {
	if step.Resource.Type != domain.TypeProfile {
		return domain.Outcome{Status: domain.Failure, Message: fmt.Sprintf("harmony-pxe does not know resource type %q", step.Resource.Type)}
	}
	var want domain.PXEProfile
	if err := step.DecodeSpec(&want); err != nil {
		return domain.Outcome{Status: domain.Failure, Message: err.Error()}
	}
	p := Profile{PXEProfile: want, Managed: s.marker() + step.ID}
	cur, exists := s.profiles[want.MAC]
	if exists && !strings.HasPrefix(cur.Managed, s.marker()) {
		return domain.Outcome{Status: domain.Failure, Message: fmt.Sprintf("%s: the profile of %s exists, not managed by site %s (%q): remove it",
			s.dev.Name, want.MAC, s.d.Site, cur.Managed)}
	}
	if step.Action == domain.Absent {
		return s.remove(ctx, want.MAC, exists, dryRun)
	}
	changes := diff(cur, p, exists)
	if len(changes) == 0 {
		return domain.Outcome{Status: domain.Noop, Message: "up to date"}
	}
	if dryRun {
		return domain.Outcome{Status: domain.Success, Message: "would change", Changes: changes}
	}
	if err := s.call(ctx, http.MethodPut, "/api/profiles/"+want.MAC.HexHyp(), p, nil); err != nil {
		return domain.Outcome{Status: domain.Failure, Message: err.Error(), Changes: changes}
	}
	s.profiles[want.MAC] = p
	return domain.Outcome{Status: domain.Success, Message: "changed", Changes: changes}
}

func diff(cur, want Profile, exists bool) []domain.Change {
	if !exists {
		return []domain.Change{{Field: "profile", From: "absent", To: "present"}}
	}
	var out []domain.Change
	for _, f := range []struct{ name, a, b string }{
		{"host", cur.Host, want.Host}, {"role", cur.Role, want.Role}, {"kernel", cur.Kernel, want.Kernel},
		{"initrd", cur.Initrd, want.Initrd}, {"args", cur.Args, want.Args}, {"ignition", cur.Ignition, want.Ignition},
		{"managed", cur.Managed, want.Managed},
	} {
		if f.a != f.b {
			out = append(out, domain.Change{Field: f.name, From: f.a, To: f.b})
		}
	}
	return out
}

// remove deletes the profile of an absent step.
func (s *Session) remove(ctx context.Context, mac domain.MAC, exists, dryRun bool) domain.Outcome {
	if !exists {
		return domain.Outcome{Status: domain.Noop, Message: "absent"}
	}
	changes := []domain.Change{{Field: "profile", From: "present", To: "absent"}}
	if dryRun {
		return domain.Outcome{Status: domain.Success, Message: "would remove", Changes: changes}
	}
	if err := s.call(ctx, http.MethodDelete, "/api/profiles/"+mac.HexHyp(), nil, nil); err != nil {
		return domain.Outcome{Status: domain.Failure, Message: err.Error(), Changes: changes}
	}
	delete(s.profiles, mac)
	return domain.Outcome{Status: domain.Success, Message: "removed", Changes: changes}
}

// Prune deletes the profiles this site made whose step (their marker)
// the plan no longer has on the server.
func (s *Session) Prune(ctx context.Context, keep domain.Keep, dryRun bool) ([]string, error) {
	var out []string
	macs := slices.SortedFunc(maps.Keys(s.profiles), func(a, b domain.MAC) int { return strings.Compare(a.String(), b.String()) })
	for _, m := range macs {
		p := s.profiles[m]
		id, ours := strings.CutPrefix(p.Managed, s.marker())
		if !ours || keep.Has(id) {
			continue
		}
		out = append(out, fmt.Sprintf("profile %s (%s)", m, id))
		if dryRun {
			continue
		}
		if err := s.call(ctx, http.MethodDelete, "/api/profiles/"+m.HexHyp(), nil, nil); err != nil {
			return out, err
		}
		delete(s.profiles, m)
	}
	return out, nil
}

// Commit has nothing to do: the server serves a profile as soon as it is written.
func (s *Session) Commit(context.Context) error { return nil }

// Close ends the session.
func (s *Session) Close() error { return nil }
