package state

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// kindFleetStatus is what `harmony-agent status` prints.
const kindFleetStatus = "FleetStatus"

// fleetStatus is the part of a FleetStatus document a record keeps: who
// is primary of each service, since when and why, and every change of
// primary with its timeline. Heartbeats and positions move every second
// and are not history; they are left out, so a record is made only when
// a primary changed.
type fleetStatus struct {
	Kind     string         `json:"kind"`
	Fleet    string         `json:"fleet"`
	Services []fleetService `json:"services"`
}

// fleetService is one service's primary and its changes.
type fleetService struct {
	Service  string            `json:"service"`
	Primary  string            `json:"primary"`
	Since    time.Time         `json:"since"`
	Reason   string            `json:"reason"`
	Revision uint64            `json:"revision"`
	Events   []json.RawMessage `json:"events,omitempty"`
}

// fleetRecord is a FleetStatus document's files and commit message.
func fleetRecord(data []byte) (map[string][]byte, string, error) {
	var st fleetStatus
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, "", fmt.Errorf("<stdin>: a FleetStatus document: %w", err)
	}
	if st.Fleet == "" {
		return nil, "", fmt.Errorf("<stdin>: the FleetStatus names no fleet: give what harmony-agent status prints")
	}
	files := map[string][]byte{}
	var lines []string
	slices.SortFunc(st.Services, func(a, b fleetService) int { return strings.Compare(a.Service, b.Service) })
	for _, s := range st.Services {
		b, err := json.MarshalIndent(s, "", "  ")
		if err != nil {
			return nil, "", err
		}
		files["services/"+s.Service+".json"] = append(b, '\n')
		lines = append(lines, fmt.Sprintf("%s: primary %s since %s (%s)", s.Service, s.Primary, s.Since.UTC().Format(time.RFC3339), s.Reason))
	}
	if len(files) == 0 {
		files["services/.none"] = []byte("no service has a primary yet\n")
	}
	msg := fmt.Sprintf("fleet %s: %s\n\n%s\n", st.Fleet, strings.Join(primaries(st), ", "), strings.Join(lines, "\n"))
	return files, msg, nil
}

func primaries(st fleetStatus) []string {
	var out []string
	for _, s := range st.Services {
		out = append(out, s.Service+" on "+s.Primary)
	}
	if len(out) == 0 {
		out = []string{"no service yet"}
	}
	return out
}

// sameFiles reports whether a record's files are those of a commit.
func sameFiles(files map[string][]byte, read func(string) ([]byte, bool, error)) bool {
	for p, want := range files {
		got, ok, err := read(p)
		if err != nil || !ok || !bytes.Equal(got, want) {
			return false
		}
	}
	return true
}
