package opnsense

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/api"
)

// A firewall saves its whole config.xml, and a backup of it, on every
// write, and keeps 100 backups: a first run of 2,000 objects written one
// by one would make 2,000 revisions and rotate away every backup the
// operator had. The lists a site has hundreds of are written through
// their model's own set instead, many items in one request and one
// revision (ApiMutableModelControllerBase::setAction over
// BaseField::setNodes, opnsense/core@25.7).

// batchRoots are the models whose set takes a batch, by module: the key
// their set and get answer under (the controller's internalModelName).
var batchRoots = map[string]string{"kea/dhcpv4": "dhcpv4", "unbound/settings": "unbound", "dnsmasq/settings": "dnsmasq"}

// batchable are the kinds a batch writes. Another kind a step writes on
// the way (the Kea subnet a reservation points at, by its uuid) is
// written at once, as outside a batch.
var batchable = map[*api.Item]bool{&api.KeaReservationItem: true, &api.DnsmasqHostItem: true, &api.UnboundHostOverrideItem: true}

// stagedWrite is a write ensure held back for the batch.
type stagedWrite struct {
	cd     codec
	id     string // the item's uuid; for a new one, a key the firewall replaces
	exists bool
	want   fields
	step   string
}

// Batch writes the reservations and host overrides of steps that wait
// for nothing in one set per model: each step is worked out as its Apply
// would (read once, compared, a hand-made match refused), its write held
// back; then each model's writes go in one request, which the firewall
// validates whole and saves once. Saved, the items are read back once to
// learn the new ones' uuids, and each step's outcome is kept for its
// Apply. Refused (a validation message), nothing was saved and each step
// is applied on its own, where its message lands on it. Unanswered, it
// may land yet: never sent again, its steps FAILURE with changes (the
// journal keeps them, so the next run reads what the firewall holds and
// reconfigures).
func (s *Session) Batch(ctx context.Context, steps []domain.Step) {
	var staged []stagedWrite
	results := map[string]domain.Outcome{}
	names := map[string]string{} // step → the fqdn of its host override
	hostsBefore := maps.Clone(s.hosts)
	s.staging = &staged
	for _, st := range steps {
		if ctx.Err() != nil {
			break
		}
		switch st.Resource.Type {
		case domain.TypeReservation, domain.TypeARecord, domain.TypeAAAARecord:
		default:
			continue
		}
		if st.Action == domain.Absent {
			continue
		}
		mark := len(staged)
		changes, msg, err := s.apply(ctx, st, false)
		if err != nil {
			staged = staged[:mark] // applied on its own, which says why
			continue
		}
		if len(changes) == 0 {
			results[st.ID] = domain.Outcome{Status: domain.Noop, Message: orText(msg, "up to date")}
			continue
		}
		var r domain.DNSRecord
		if st.Resource.Type != domain.TypeReservation && st.DecodeSpec(&r) == nil {
			names[st.ID] = r.Name
		}
		results[st.ID] = domain.Outcome{Status: domain.Success, Message: orText(msg, "changed"), Changes: changes}
	}
	s.staging = nil
	var order []*api.Item
	byKind := map[*api.Item][]stagedWrite{}
	for _, w := range staged {
		if _, seen := byKind[w.cd.item]; !seen {
			order = append(order, w.cd.item)
		}
		byKind[w.cd.item] = append(byKind[w.cd.item], w)
	}
	s.hosts = hostsBefore
	for _, it := range order {
		ws := byKind[it]
		err := ctx.Err()
		if err == nil {
			err = s.writeBatch(ctx, ws)
		}
		for _, w := range ws {
			switch {
			case errors.Is(err, ErrMaybeWritten):
				// Sent again, one by one, it could land twice: this run
				// leaves it, the next reads what the firewall holds.
				o := results[w.step]
				o.Status = domain.Failure
				o.Message = fmt.Sprintf("%s: the firewall did not answer the batch of %d %ss, and may have saved it (%v); run again: the next run reads what it holds",
					s.dev.Name, len(ws), it.Wrapper, err)
				results[w.step] = o
			case err != nil:
				delete(results, w.step) // applied on its own, which says why
			}
		}
	}
	for id, o := range results {
		s.batched[id] = o
		if n, ok := names[id]; ok && o.Status == domain.Success {
			s.hosts[n] = true
		}
	}
}

// writeBatch sends one kind's held-back writes in its model's set and
// reads the items back; an error means the steps are applied one by one.
func (s *Session) writeBatch(ctx context.Context, ws []stagedWrite) error {
	cd := ws[0].cd
	entries := map[string]any{}
	for _, w := range ws {
		entries[w.id] = nest(onWire(cd.item, w.want))
	}
	body := map[string]any{}
	m := body
	for _, part := range strings.Split(batchRoots[cd.item.Module]+"."+cd.item.Path, ".") {
		next := map[string]any{}
		m[part] = next
		m = next
	}
	maps.Copy(m, entries)
	err := s.c.WriteOnce(ctx, cd.item.Module+"/set", body)
	if err != nil && !errors.Is(err, ErrMaybeWritten) {
		return err // refused whole: nothing saved
	}
	s.touch(cd.item) // saved, or perhaps: the service takes it either way
	if err != nil {
		s.forget(cd.item)
		s.unsure = append(s.unsure, ws)
		return err
	}
	return s.learn(ctx, ws)
}

// forget drops what the session read of a kind: it is read again.
func (s *Session) forget(it *api.Item) {
	delete(s.cache, it)
	delete(s.sorted, it)
	delete(s.trees, it.Module)
}

// learn updates the session's copy of a kind after a saved batch: the
// items as written, each new one under the uuid the firewall gave it,
// found by its description (the step's marker). Kea's search rows on
// 24.x are display text, which is the text of a description: one read
// serves every release.
func (s *Session) learn(ctx context.Context, ws []stagedWrite) error {
	cd := ws[0].cd
	items := maps.Clone(s.cache[cd.item])
	if items == nil {
		items = map[string]fields{}
	}
	desc := descField(cd.item)
	byDesc := map[string]string{}
	if cd.item.Module == "kea/dhcpv4" {
		var res struct {
			Rows []map[string]any `json:"rows"`
		}
		if err := s.c.Get(ctx, cd.item.Module+"/"+cd.item.Search(), &res); err != nil {
			s.forget(cd.item)
			return fmt.Errorf("reading back %ss: %w", cd.item.Wrapper, err)
		}
		for _, r := range res.Rows {
			id, _ := r["uuid"].(string)
			d, _ := r[desc].(string)
			byDesc[d] = id
		}
	} else {
		s.forget(cd.item)
		read, err := s.read(ctx, cd)
		if err != nil {
			return fmt.Errorf("reading back %ss: %w", cd.item.Wrapper, err)
		}
		for id, f := range read {
			byDesc[f[desc]] = id
		}
		items = read
	}
	for _, w := range ws {
		id := w.id
		if !w.exists {
			got, ok := byDesc[w.want[desc]]
			if !ok {
				s.forget(cd.item)
				return fmt.Errorf("the %s of step %s was saved and is not there: %w", cd.item.Wrapper, w.step, errNotLearned)
			}
			id = got
		}
		next := maps.Clone(items[id])
		if next == nil {
			next = fields{}
		}
		maps.Copy(next, w.want)
		items[id] = next
	}
	s.cache[cd.item] = items
	delete(s.sorted, cd.item)
	return nil
}

var errNotLearned = errors.New("read back without it")

// fromBatch is the outcome a batch kept for a step, once.
func (s *Session) fromBatch(step domain.Step) (domain.Outcome, bool) {
	o, ok := s.batched[step.ID]
	if ok {
		delete(s.batched, step.ID)
	}
	return o, ok
}

// settle waits, before a reconfigure, for the batches the firewall did not
// answer: until what each wrote is there (it landed; the reconfigure then
// takes it), up to ServiceWait. One still not there is an error: the
// reconfigure could run before it lands, so the steps stay owed to the
// next run.
func (s *Session) settle(ctx context.Context) error {
	limit := s.d.ServiceWait
	if limit == 0 {
		limit = 2 * time.Minute
	}
	deadline := time.Now().Add(limit)
	for len(s.unsure) > 0 {
		ws := s.unsure[0]
		cd := ws[0].cd
		s.forget(cd.item)
		items, err := s.read(ctx, cd)
		landed := err == nil
		if landed {
			byDesc := map[string]bool{}
			for _, f := range items {
				byDesc[f[descField(cd.item)]] = true
			}
			for _, w := range ws {
				landed = landed && byDesc[w.want[descField(cd.item)]]
			}
		}
		if landed {
			s.unsure = s.unsure[1:]
			continue
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("the batch of %d %ss the firewall did not answer is not there after %s: it may land yet, so it is not reconfigured now; run again", len(ws), cd.item.Wrapper, limit)
		}
		select {
		case <-ctx.Done():
		case <-time.After(250 * time.Millisecond):
		}
	}
	return nil
}
