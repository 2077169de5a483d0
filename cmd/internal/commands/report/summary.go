package report

import (
	"slices"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Planned is how a report shows a step no tool has run yet.
const Planned domain.Status = "PLANNED"

// columns are the statuses a report counts, in order: DRIFT (a dry
// run's SUCCESS) after NOOP, PLANNED last.
var columns = append(domain.Labels(), Planned)

// Columns are the statuses a report counts, in order.
func Columns() []domain.Status { return slices.Clone(columns) }

// Summary is a plan's outcomes counted per device and status.
type Summary struct {
	Site    string
	Plan    *domain.Plan
	Devices []DeviceCount // in the order of the plan's site
	Total   map[domain.Status]int
	// Drift counts the steps a dry run found different on their device.
	Drift int
}

// DeviceCount is one device's steps by status.
type DeviceCount struct {
	Name     string
	Provider string
	Counts   map[domain.Status]int
	Steps    []*domain.Step
}

// Summarize counts the plan's steps per device and status.
func Summarize(p *domain.Plan) *Summary {
	s := &Summary{Site: p.Site.Name, Plan: p, Total: map[domain.Status]int{}}
	idx := map[string]int{}
	for _, d := range p.Site.Devices {
		idx[d.Name] = len(s.Devices)
		s.Devices = append(s.Devices, DeviceCount{Name: d.Name, Provider: d.Provider, Counts: map[domain.Status]int{}})
	}
	for i := range p.Steps {
		st := &p.Steps[i]
		d := &s.Devices[idx[st.Target]]
		status := StatusOf(st)
		d.Counts[status]++
		d.Steps = append(d.Steps, st)
		s.Total[status]++
		if status == domain.Drift {
			s.Drift++
		}
	}
	s.Devices = slices.DeleteFunc(s.Devices, func(d DeviceCount) bool { return len(d.Steps) == 0 })
	return s
}

// StatusOf is a step's status as reports show it: Planned when no tool
// has run it, DRIFT for a dry run's SUCCESS.
func StatusOf(s *domain.Step) domain.Status {
	if s.Outcome == nil {
		return Planned
	}
	return s.Outcome.Label()
}

// Failed reports whether a step is FAILURE or BLOCKED.
func (s *Summary) Failed() bool {
	return s.Total[domain.Failure]+s.Total[domain.Blocked] > 0
}

// Left is the number of steps still QUEUED or RUNNING.
func (s *Summary) Left() (queued, running int) {
	return s.Total[domain.Queued], s.Total[domain.Running]
}
