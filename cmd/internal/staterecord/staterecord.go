// Package staterecord is the format of a record in harmony-state's
// repository: the plan with its outcomes (plan.json), one file per device
// with its steps' outcomes (devices/<name>.json, what log and drift read
// back), and the commit message (the verdict, a line per device, then the
// steps that changed, drifted or failed, with their fields).
package staterecord

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/nationtech/harmony-go/cmd/internal/commands/report"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/gitstate"
)

// Of is the record of a plan: its files and its commit message.
func Of(p *domain.Plan) (map[string][]byte, string, error) {
	var pretty bytes.Buffer
	if err := p.Encode(&pretty, true); err != nil {
		return nil, "", err
	}
	files := map[string][]byte{"plan.json": pretty.Bytes()}
	s := report.Summarize(p)
	for _, d := range s.Devices {
		var steps []DeviceStep
		for _, st := range d.Steps {
			ds := DeviceStep{ID: st.ID, Score: st.Score, Resource: st.Resource.Type + "/" + st.Resource.Name, Status: string(report.StatusOf(st))}
			if o := st.Outcome; o != nil {
				ds.Message, ds.Changes, ds.Tool, ds.DryRun = o.Message, o.Changes, o.Tool, o.DryRun
			}
			steps = append(steps, ds)
		}
		b, err := json.MarshalIndent(steps, "", "  ")
		if err != nil {
			return nil, "", err
		}
		files["devices/"+d.Name+".json"] = append(b, '\n')
	}
	return files, message(s), nil
}

// DeviceStep is a step as a device file records it.
type DeviceStep struct {
	ID       string          `json:"id"`
	Score    string          `json:"score"`
	Resource string          `json:"resource"`
	Status   string          `json:"status"`
	Message  string          `json:"message,omitempty"`
	Changes  []domain.Change `json:"changes,omitempty"`
	Tool     string          `json:"tool,omitempty"`
	DryRun   bool            `json:"dryRun,omitempty"`
}

// message is the commit message: the verdict, a line per device, then
// the steps that changed, drifted or failed, with their fields.
func message(s *report.Summary) string {
	var b strings.Builder
	b.WriteString(s.Verdict() + "\n\n")
	for _, d := range s.Devices {
		var parts []string
		for _, st := range report.Columns() {
			if n := d.Counts[st]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, st))
			}
		}
		fmt.Fprintf(&b, "%s (%s): %s\n", d.Name, d.Provider, strings.Join(parts, ", "))
	}
	var notable []string
	for _, d := range s.Devices {
		for _, st := range d.Steps {
			o := st.Outcome
			if o == nil || o.Status == domain.Noop || o.Status == domain.Queued {
				continue
			}
			label := string(o.Label())
			line := fmt.Sprintf("%s %s", label, st.ID)
			if o.Status.Failed() && o.Message != "" {
				line += ": " + strings.ReplaceAll(o.Message, "\n", " ")
			}
			for _, ch := range o.Changes {
				line += fmt.Sprintf("\n    %s: %s → %s", ch.Field, OrDash(ch.From), OrDash(ch.To))
			}
			notable = append(notable, line)
		}
	}
	if len(notable) > 0 {
		b.WriteString("\n" + strings.Join(notable, "\n") + "\n")
	}
	return b.String()
}

// OrDash is a field value as records write it: "-" for none.
func OrDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// Steps reads the device files of a record (one device, or all).
func Steps(cm *gitstate.Commit, device string) ([]DeviceStep, error) {
	var files []gitstate.File
	if device != "" {
		data, ok, err := cm.File("devices/" + device + ".json")
		if err != nil || !ok {
			return nil, err
		}
		files = []gitstate.File{{Data: data}}
	} else {
		var err error
		if files, err = cm.Files("devices"); err != nil {
			return nil, nil // a record without devices
		}
	}
	var out []DeviceStep
	for _, f := range files {
		var steps []DeviceStep
		if err := json.Unmarshal(f.Data, &steps); err != nil {
			return nil, fmt.Errorf("record %s: %s: %w", cm.Hash[:12], f.Path, err)
		}
		out = append(out, steps...)
	}
	return out, nil
}
