package opnsense

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/api"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/wire"
)

// Driver opens sessions on OPNsense devices.
type Driver struct {
	Site        string // the plan's site; part of the managed marker
	Credentials func(ref string) (key, secret string, err error)
	CAFile      string // overrides the device's caFile
	Insecure    bool
	Timeout     time.Duration
	Retries     int
	Adopt       bool // take over hand-made objects that match a step by natural key
	// AllowLockout lets a rule through that could cut the path to the
	// firewall's own API.
	AllowLockout bool
	// ProbeWait bounds how long the firewall may take to answer again
	// after its filter is applied; default 20s.
	ProbeWait time.Duration
	// ApplyTimeout bounds one reconfigure or filter apply (default 8 ×
	// Timeout); ServiceWait how long a service may take to run after a
	// reconfigure that did not answer in time (default 2m).
	ApplyTimeout, ServiceWait time.Duration
}

// Session is one run against one firewall.
type Session struct {
	d       *Driver
	dev     domain.Device
	c       *Client
	release string
	dhcp    string // kea or dnsmasq, detected on first use
	cache   map[*api.Item]map[string]fields
	trees   map[string]json.RawMessage // model-level get answers, by module
	sorted  map[*api.Item][]string     // sorted uuids of cached items
	touched []string                   // services to apply, in order of first touch
	hosts   map[string]bool            // fqdns whose host overrides this run ensures
	gone    map[string]bool            // fqdns whose host overrides this run removes, or would in a dry run
	notes   []string                   // what prune kept, and why
	// haproxyEnabled is set once HAProxy's general.enabled is known on.
	haproxyEnabled bool
	ifaces         []ifaceInfo // the firewall's interfaces, read once
	// off are the services this run switched off (an absent tftp-server).
	off  map[string]bool
	mgmt *url.URL // the API endpoint, for the lockout guard
	// staging, during Batch, holds ensure's writes back; batched are the
	// outcomes a batch kept for its steps' Apply.
	staging *[]stagedWrite
	batched map[string]domain.Outcome
	unsure  [][]stagedWrite  // batches sent and not answered: they may land yet
	served  map[string]error // whether a network's DHCP (or Unbound) would serve what a step writes
}

// Open connects to the device: resolves its credentials, checks the
// certificate and the key, and reads its release.
func (d *Driver) Open(ctx context.Context, dev domain.Device) (*Session, error) {
	if d.Credentials == nil || dev.SecretRef == "" {
		return nil, fmt.Errorf("device %s has no secretRef: set secretRef in the Site and HARMONY_SECRET_<REF>=key:secret", dev.Name)
	}
	key, secret, err := d.Credentials(dev.SecretRef)
	if err != nil {
		return nil, err
	}
	ca := dev.CAFile
	if d.CAFile != "" {
		ca = d.CAFile
	}
	c, err := New(Config{Endpoint: dev.Endpoint, Key: key, Secret: secret, CAFile: ca, Insecure: d.Insecure, Timeout: d.Timeout,
		ApplyTimeout: d.ApplyTimeout, Retries: d.Retries})
	if err != nil {
		return nil, fmt.Errorf("device %s: %w", dev.Name, err)
	}
	s := &Session{d: d, dev: dev, c: c, cache: map[*api.Item]map[string]fields{}, trees: map[string]json.RawMessage{}, sorted: map[*api.Item][]string{}, hosts: map[string]bool{}, gone: map[string]bool{}, batched: map[string]domain.Outcome{}, served: map[string]error{}}
	s.mgmt, _ = url.Parse(dev.Endpoint)
	var info struct {
		Versions []string `json:"versions"`
	}
	if err := c.Get(ctx, "diagnostics/system/system_information", &info); err != nil {
		if errors.Is(err, ErrAuth) {
			return nil, fmt.Errorf("device %s refused the API key of secretRef %s: check HARMONY_SECRET_%s (key:secret)", dev.Name, dev.SecretRef, domain.EnvName(dev.SecretRef))
		}
		return nil, fmt.Errorf("device %s: %w", dev.Name, err)
	}
	for _, v := range info.Versions {
		if rest, ok := strings.CutPrefix(v, "OPNsense "); ok {
			s.release = rest
		}
	}
	return s, nil
}

// Release is the OPNsense version the device reported.
func (s *Session) Release() string { return s.release }

// has reports whether the firewall's release has a field of an item, by
// the newest modelled release not newer than it.
func (s *Session) has(it *api.Item, path string) bool {
	i := slices.IndexFunc(it.Fields, func(f api.Field) bool { return f.Path == path })
	return i >= 0 && it.Fields[i].Releases.Has(modelRelease(s.release))
}

// modelRelease is the newest release in models/ that is not newer than
// the firewall's (e.g. "25.1.6" → 24.7, "26.7.2" → 26.7); the oldest
// when it is older than all, the newest when it cannot be read.
func modelRelease(release string) api.Release {
	y, m, ok := yearMonth(release)
	if !ok {
		return api.Releases[len(api.Releases)-1].R
	}
	out := api.Releases[0].R
	for _, r := range api.Releases {
		if ry, rm, _ := yearMonth(r.Name); ry < y || ry == y && rm <= m {
			out = r.R
		}
	}
	return out
}

func yearMonth(release string) (int, int, bool) {
	parts := strings.FieldsFunc(release, func(r rune) bool { return r == '.' || r == '_' || r == '-' })
	if len(parts) < 2 {
		return 0, 0, false
	}
	y, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	return y, m, err1 == nil && err2 == nil
}

// Client is the session's API client (its request counts, for benchmarks).
func (s *Session) Client() *Client { return s.c }

// Apply brings one step's resource to its state on the firewall.
func (s *Session) Apply(ctx context.Context, step domain.Step, dryRun bool) domain.Outcome {
	if o, ok := s.fromBatch(step); ok && !dryRun {
		return o
	}
	changes, msg, err := s.apply(ctx, step, dryRun)
	if err != nil {
		return domain.Outcome{Status: domain.Failure, Message: fmt.Sprintf("%s: %v", s.dev.Name, err), Changes: changes}
	}
	switch {
	case len(changes) == 0:
		return domain.Outcome{Status: domain.Noop, Message: orText(msg, "up to date")}
	case dryRun:
		return domain.Outcome{Status: domain.Success, Message: "would change", Changes: changes}
	}
	return domain.Outcome{Status: domain.Success, Message: orText(msg, "changed"), Changes: changes}
}

func orText(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func (s *Session) apply(ctx context.Context, step domain.Step, dryRun bool) ([]domain.Change, string, error) {
	if step.Action == domain.Absent {
		return s.remove(ctx, step, dryRun)
	}
	switch step.Resource.Type {
	case domain.TypeReservation:
		var r domain.Reservation
		if err := step.DecodeSpec(&r); err != nil {
			return nil, "", err
		}
		return s.reservation(ctx, step, r, dryRun)
	case domain.TypeARecord, domain.TypeAAAARecord:
		var r domain.DNSRecord
		if err := step.DecodeSpec(&r); err != nil {
			return nil, "", err
		}
		return s.hostOverride(ctx, step, r, dryRun)
	case domain.TypePTRRecord:
		var r domain.DNSRecord
		if err := step.DecodeSpec(&r); err != nil {
			return nil, "", err
		}
		return s.ptr(ctx, r)
	case domain.TypeCNAMERecord:
		var r domain.DNSRecord
		if err := step.DecodeSpec(&r); err != nil {
			return nil, "", err
		}
		return s.cname(ctx, step, r, dryRun)
	case domain.TypeFrontend:
		var fe domain.Frontend
		if err := step.DecodeSpec(&fe); err != nil {
			return nil, "", err
		}
		return s.frontend(ctx, step, fe, dryRun)
	case domain.TypeNetBoot:
		var nb domain.NetBoot
		if err := step.DecodeSpec(&nb); err != nil {
			return nil, "", err
		}
		return s.netboot(ctx, step, nb, dryRun)
	case domain.TypeTFTP:
		var t domain.TFTPService
		if err := step.DecodeSpec(&t); err != nil {
			return nil, "", err
		}
		return s.tftp(ctx, step, t, dryRun)
	case domain.TypeRule:
		var r domain.FirewallRule
		if err := step.DecodeSpec(&r); err != nil {
			return nil, "", err
		}
		return s.rule(ctx, step, r, dryRun)
	}
	return nil, "", fmt.Errorf("harmony-apply-opnsense does not know resource type %q of %s", step.Resource.Type, step.Capability)
}

// marker is the description prefix of every object Harmony manages on
// this site; the rest names the step.
func (s *Session) marker() string { return "harmony:" + s.d.Site + " " }

// stepOf is the id of the step that made an object, from its description
// (marker, step id, role); ok is false for an object Harmony did not make.
func (s *Session) stepOf(desc string) (id string, ok bool) {
	rest, ok := strings.CutPrefix(desc, s.marker())
	if !ok {
		return "", false
	}
	id, _, _ = strings.Cut(rest, " ")
	return id, id != ""
}

// deterministicUUID makes a v4-shaped uuid from the site, step and role,
// so a create is an idempotent upsert.
func deterministicUUID(site, stepID, role string) string {
	h := sha256.Sum256([]byte(site + "\x00" + stepID + "\x00" + role))
	h[6] = h[6]&0x0f | 0x40
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// read returns the items of a kind, reading them once per session.
func (s *Session) read(ctx context.Context, cd codec) (map[string]fields, error) {
	if got, ok := s.cache[cd.item]; ok {
		return got, nil
	}
	var items map[string]fields
	var err error
	switch cd.item.Module {
	case "kea/dhcpv4":
		// Kea's get leaves the lists out; search rows are raw from 25.7.
		var raw json.RawMessage
		if err = s.c.Get(ctx, cd.item.Module+"/"+cd.item.Search(), &raw); err != nil {
			break
		}
		if modelRelease(s.release) >= api.R25_7 {
			items, err = cd.rows(raw)
			break
		}
		// 24.x and 25.1 rows are display text — a relation's label, not
		// its uuid; a container "" — so they give only the uuids, and
		// each item is read on its own.
		var res struct {
			Rows []struct {
				UUID string `json:"uuid"`
			} `json:"rows"`
		}
		if err = json.Unmarshal(raw, &res); err == nil {
			items = make(map[string]fields, len(res.Rows))
			for _, r := range res.Rows {
				var one json.RawMessage
				if err = s.c.Get(ctx, cd.item.Module+"/get_"+cd.item.Name+"/"+r.UUID, &one); err != nil {
					break
				}
				if items[r.UUID], err = cd.one(one, cd.item.Wrapper); err != nil {
					break
				}
			}
		}
	default:
		var raw json.RawMessage
		if raw, err = s.moduleTree(ctx, cd.item.Module); err == nil {
			for _, part := range strings.Split(cd.item.Path, ".") {
				var m map[string]json.RawMessage
				if json.Unmarshal(raw, &m) != nil {
					raw = nil
					break
				}
				raw = m[part]
			}
			items, err = cd.items(raw)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", cd.item.Wrapper+"s", err)
	}
	s.cache[cd.item] = items
	return items, nil
}

// moduleTree reads a module's model-level get once per session and
// returns what is under its root key.
func (s *Session) moduleTree(ctx context.Context, module string) (json.RawMessage, error) {
	if raw, ok := s.trees[module]; ok {
		return raw, nil
	}
	var tree map[string]json.RawMessage
	if err := s.c.Get(ctx, module+"/get", &tree); err != nil {
		return nil, err
	}
	var raw json.RawMessage
	for _, v := range tree { // the one root key
		raw = v
	}
	s.trees[module] = raw
	return raw, nil
}

// keys returns the uuids of a kind's items in order, sorting once per
// change rather than once per step.
func (s *Session) keys(it *api.Item, items map[string]fields) []string {
	if k, ok := s.sorted[it]; ok && len(k) == len(items) {
		return k
	}
	k := sortedKeys(items)
	s.sorted[it] = k
	return k
}

// ErrNotManaged is an object that matches a step but was made by hand.
var ErrNotManaged = errors.New("exists, not managed")

// ensure makes the object of kind cd for (step, role) carry want. It is
// found by match among the existing objects (a natural key); one Harmony
// made on this site is updated, a hand-made one only with Adopt, and when
// none matches one is created under a deterministic uuid. It returns the
// object's uuid and the changed fields, prefixed with label.
func (s *Session) ensure(ctx context.Context, cd codec, step domain.Step, role, label string, want fields, match func(fields) bool, dryRun bool) (string, []domain.Change, error) {
	items, err := s.read(ctx, cd)
	if err != nil {
		return "", nil, err
	}
	desc := descField(cd.item)
	want[desc] = strings.TrimSpace(s.marker() + step.ID + " " + role)
	// A match Harmony made wins; else a hand-made one, adopted only when asked.
	id, handMade := "", ""
	for _, k := range s.keys(cd.item, items) {
		if !match(items[k]) {
			continue
		}
		if strings.HasPrefix(items[k][desc], s.marker()) {
			id = k
			break
		}
		if handMade == "" {
			handMade = k
		}
	}
	if id == "" && handMade != "" {
		if !s.d.Adopt {
			return "", nil, fmt.Errorf("%s %s %w (uuid %s, description %q): remove it, or run with --adopt to take it over",
				cd.item.Wrapper, label, ErrNotManaged, handMade, items[handMade][desc])
		}
		id = handMade
	}
	if id == "" {
		id = deterministicUUID(s.d.Site, step.ID, role)
	}
	cur, exists := items[id]
	var changes []domain.Change
	if !exists {
		changes = []domain.Change{{Field: strings.TrimSpace(label), From: "absent", To: "present"}}
	} else {
		for _, p := range sortedKeys(want) {
			if cur[p] != want[p] {
				changes = append(changes, domain.Change{Field: strings.TrimSpace(label + " " + p), From: cur[p], To: want[p]})
			}
		}
	}
	if len(changes) == 0 || dryRun {
		return id, changes, nil
	}
	if s.staging != nil && batchable[cd.item] { // a batch: held back, sent with the kind's others
		*s.staging = append(*s.staging, stagedWrite{cd: cd, id: id, exists: exists, want: maps.Clone(want), step: step.ID})
		return id, changes, nil
	}
	path := fmt.Sprintf("%s/set_%s/%s", cd.item.Module, cd.item.Name, id)
	if err := s.c.Write(ctx, path, map[string]any{cd.item.Wrapper: nest(onWire(cd.item, want))}); err != nil {
		return id, changes, err
	}
	next := fields{}
	for p, v := range cur {
		next[p] = v
	}
	for p, v := range want {
		next[p] = v
	}
	if !exists {
		delete(s.sorted, cd.item) // a new uuid: sort again on next use
	}
	items[id] = next
	s.touch(cd.item)
	return id, changes, nil
}

func descField(it *api.Item) string {
	switch it {
	case &api.DnsmasqHostItem:
		return "descr"
	case &api.DnsmasqTagItem:
		return "tag" // a tag is only its name; dnsmasq knows it by its uuid
	}
	return "description"
}

// onWire is what a write sends for fields compared as canonical strings:
// an alias's content one entry per line, as AliasContentField splits it
// (opnsense/core@25.7:src/opnsense/mvc/app/models/OPNsense/Firewall/FieldTypes/AliasContentField.php;
// a comma-joined "22623,6443" is one entry, refused as "not a valid port
// number"). Other lists are comma-separated on the wire as compared.
func onWire(it *api.Item, f fields) fields {
	out := fields{}
	for p, v := range f {
		if i := slices.IndexFunc(it.Fields, func(fd api.Field) bool { return fd.Path == p }); i >= 0 && it.Fields[i].Type == `.\AliasContentField` {
			v = strings.ReplaceAll(v, ",", "\n")
		}
		out[p] = v
	}
	return out
}

// nest turns field paths into the nested object OPNsense expects.
func nest(f fields) map[string]any {
	out := map[string]any{}
	for p, v := range f {
		m := out
		parts := strings.Split(p, ".")
		for _, part := range parts[:len(parts)-1] {
			next, ok := m[part].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[part] = next
			}
			m = next
		}
		m[parts[len(parts)-1]] = v
	}
	return out
}

// touch records the service to apply for a kind.
func (s *Session) touch(it *api.Item) {
	svc := strings.Split(it.Module, "/")[0]
	switch it.Module {
	case "firewall/filter":
		svc = "filter"
	case "firewall/alias":
		svc = "alias"
	}
	if !slices.Contains(s.touched, svc) {
		s.touched = append(s.touched, svc)
	}
}

// Commit applies every touched service once: reconfigure (HAProxy after
// its configtest), and the filter's apply followed by a check that the API
// still answers.
func (s *Session) Commit(ctx context.Context) error {
	if err := s.settle(ctx); err != nil {
		return err
	}
	// Aliases before the filter that uses them; the filter last, as it is
	// the one change that can cut the way back to the API.
	rank := map[string]int{"alias": 1, "filter": 2}
	slices.SortStableFunc(s.touched, func(a, b string) int { return rank[a] - rank[b] })
	for _, svc := range s.touched {
		switch svc {
		case "filter":
			// An apply that did not answer in time may still be running:
			// not sent again; the probe says whether the firewall is back.
			if err := s.c.Post(ctx, "firewall/filter/apply", nil, nil); err != nil && !errors.Is(err, ErrApplyTimeout) {
				return err
			}
			if err := s.probe(ctx); err != nil {
				return err
			}
		case "alias":
			var res struct {
				Status string `json:"status"`
			}
			if err := s.c.Post(ctx, "firewall/alias/reconfigure", nil, &res); err != nil {
				return err
			}
			if res.Status != "ok" {
				return fmt.Errorf("alias reconfigure answered %q", res.Status)
			}
		case "haproxy":
			var t struct {
				Result string `json:"result"`
			}
			if err := s.c.Get(ctx, "haproxy/service/configtest", &t); err != nil {
				return err
			}
			if strings.Contains(t.Result, "ALERT") {
				return fmt.Errorf("HAProxy's configuration test failed: %s", strings.TrimSpace(t.Result))
			}
			fallthrough
		default:
			var res struct {
				Status string `json:"status"`
			}
			err := s.c.Post(ctx, svc+"/service/reconfigure", nil, &res)
			switch {
			case errors.Is(err, ErrApplyTimeout):
				// Still running on the firewall: wait for the service
				// rather than reconfigure it again over itself.
			case err != nil:
				return err
			case res.Status != "ok":
				return fmt.Errorf("%s reconfigure answered %q", svc, res.Status)
			}
			// reconfigure answers ok even when the service stays down:
			// applied must mean served.
			st, serr := s.serviceStatus(ctx, svc, err != nil && !s.off[svc])
			if serr != nil {
				return fmt.Errorf("%s reconfigured, but its status cannot be read: %w", svc, serr)
			}
			if s.off[svc] {
				if st == "running" {
					return fmt.Errorf("%s still runs after it was switched off and reconfigured: stop it under Services", svc)
				}
				continue
			}
			if st != "running" {
				return fmt.Errorf("%s is %s after its reconfigure, so what was written is not served: enable and start it under Services (its log says why it stopped)", svc, orText(st, "not running"))
			}
		}
	}
	s.touched = nil
	return nil
}

// Finish has the firewall take whatever an earlier run wrote and did not
// see it take (it died before its reconfigure): every service Harmony
// manages that is on is reconfigured, aliases and the filter applied.
func (s *Session) Finish(ctx context.Context) error {
	switch b, err := s.dhcpBackend(ctx); {
	case err != nil:
	case b == "kea":
		s.touch(keaReservations.item)
	default:
		s.touch(dnsmasqHosts.item)
	}
	s.touch(unboundHosts.item)
	s.touch(aliases.item)
	s.touch(filterRules.item)
	if on, err := s.haproxyIsOn(ctx); err == nil && on {
		s.touch(haproxyFronts.item)
	}
	var tftp struct {
		General struct {
			Enabled wire.Bool `json:"enabled"`
		} `json:"general"`
	}
	if err := s.c.Get(ctx, "tftp/general/get", &tftp); err == nil && tftp.General.Enabled.V {
		s.touch(&api.TFTPGeneralItem)
	}
	return s.Commit(ctx)
}

// serviceStatus reads a service's status; after a reconfigure that timed
// out (wait) it polls, up to ServiceWait, until the service runs.
func (s *Session) serviceStatus(ctx context.Context, svc string, wait bool) (string, error) {
	limit := s.d.ServiceWait
	if limit == 0 {
		limit = 2 * time.Minute
	}
	deadline := time.Now().Add(limit)
	for {
		var st struct {
			Status string `json:"status"`
		}
		err := s.c.Get(ctx, svc+"/service/status", &st)
		if err == nil && (st.Status == "running" || !wait) || !time.Now().Before(deadline) {
			if err == nil && st.Status != "running" && wait {
				st.Status += fmt.Sprintf(" %s after a reconfigure that did not answer", limit)
			}
			return st.Status, err
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

// probe checks, after a filter apply, that the API still answers.
func (s *Session) probe(ctx context.Context) error {
	wait := s.d.ProbeWait
	if wait == 0 {
		wait = 20 * time.Second
	}
	deadline := time.Now().Add(wait)
	var last error
	for time.Now().Before(deadline) {
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		var info json.RawMessage
		last = s.c.Get(pctx, "diagnostics/system/system_information", &info)
		cancel()
		if last == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
	return fmt.Errorf("the firewall's API stopped answering after the filter was applied (%v): the new rules may cut the management path; "+
		"revert the last rule changes from the console (OPNsense's savepoint rollback is not reliable since 25.7)", last)
}

// Silent says whether the firewall stopped answering (lib/apply's
// Silent: its remaining steps are not tried).
func (s *Session) Silent() error { return s.c.Silent() }

// Close ends the session.
func (s *Session) Close() error {
	s.c.http.CloseIdleConnections()
	return nil
}
