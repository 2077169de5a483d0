package report

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// kindFleetStatus is what `harmony-agent status` prints.
const kindFleetStatus = "FleetStatus"

// fleetStatus is the part of harmony-agent's status a report reads.
type fleetStatus struct {
	Fleet string `json:"fleet"`
	Sites []struct {
		Site     string `json:"site"`
		Witness  bool   `json:"witness"`
		Age      string `json:"age"`
		Error    string `json:"error"`
		Services map[string]struct {
			Role string `json:"role"`
		} `json:"services"`
	} `json:"sites"`
	Services []struct {
		Service string            `json:"service"`
		Primary string            `json:"primary"`
		Since   time.Time         `json:"since"`
		Reason  string            `json:"reason"`
		Lag     map[string]uint64 `json:"lagBytes"`
		Events  []json.RawMessage `json:"events"`
	} `json:"services"`
}

// staleAfter is how much older than the fleet's newest a site's heartbeat
// may be before the report calls the site silent.
const staleAfter = 10 * time.Second

// problems lists what an operator must look at: a silent site, a service
// whose primary's member is not a running primary.
func (f *fleetStatus) problems() []string {
	var out []string
	roles := map[string]map[string]string{} // service → site → role
	for _, s := range f.Sites {
		d, err := time.ParseDuration(s.Age)
		switch {
		case s.Error != "":
			out = append(out, fmt.Sprintf("site %s: %s", s.Site, s.Error))
		case err != nil || d > staleAfter:
			out = append(out, fmt.Sprintf("site %s: silent for %s (its agent or its NATS node is down, or the site is cut off)", s.Site, s.Age))
		}
		for name, m := range s.Services {
			if roles[name] == nil {
				roles[name] = map[string]string{}
			}
			roles[name][s.Site] = m.Role
		}
	}
	for _, s := range f.Services {
		if r := roles[s.Service][s.Primary]; r != "primary" {
			out = append(out, fmt.Sprintf("service %s: its primary %s is %s", s.Service, s.Primary, orUnknown(r)))
		}
	}
	return out
}

func orUnknown(s string) string {
	if s == "" {
		return "not heard from"
	}
	return s
}

// fleetReport prints a FleetStatus for people (table) or Prometheus, and
// says whether something needs an operator.
func fleetReport(data []byte, format string, w io.Writer) (bad bool, err error) {
	var f fleetStatus
	if err := json.Unmarshal(data, &f); err != nil {
		return false, fmt.Errorf("a FleetStatus document: %w", err)
	}
	probs := f.problems()
	switch format {
	case "table":
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "SERVICE\tPRIMARY\tSINCE\tCHANGES\tWHY")
		for _, s := range f.Services {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", s.Service, s.Primary, s.Since.UTC().Format(time.RFC3339), len(s.Events), s.Reason)
		}
		fmt.Fprintln(tw, "\nSITE\tHEARD\tMEMBERS")
		for _, s := range f.Sites {
			var ms []string
			for _, name := range slices.Sorted(maps.Keys(s.Services)) {
				ms = append(ms, name+": "+s.Services[name].Role)
			}
			heard := s.Age + " ago"
			if s.Error != "" {
				heard = "never"
			}
			if s.Witness {
				ms = append(ms, "(witness)")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Site, heard, strings.Join(ms, ", "))
		}
		if err := tw.Flush(); err != nil {
			return false, err
		}
		fmt.Fprintf(w, "\nfleet %s: ", f.Fleet)
		if len(probs) == 0 {
			fmt.Fprintln(w, "every site heard from, every primary serving")
		} else {
			fmt.Fprintf(w, "%d to look at:\n", len(probs))
			for _, p := range probs {
				fmt.Fprintf(w, "  %s\n", p)
			}
		}
	case "prometheus":
		fmt.Fprintln(w, "# HELP harmony_fleet_primary The site whose member is a service's primary (1).")
		fmt.Fprintln(w, "# TYPE harmony_fleet_primary gauge")
		for _, s := range f.Services {
			fmt.Fprintf(w, "harmony_fleet_primary{fleet=%q,service=%q,site=%q} 1\n", f.Fleet, s.Service, s.Primary)
		}
		fmt.Fprintln(w, "# HELP harmony_fleet_primary_changes The changes of primary kept in the record.")
		fmt.Fprintln(w, "# TYPE harmony_fleet_primary_changes gauge")
		for _, s := range f.Services {
			fmt.Fprintf(w, "harmony_fleet_primary_changes{fleet=%q,service=%q} %d\n", f.Fleet, s.Service, len(s.Events))
		}
		fmt.Fprintln(w, "# HELP harmony_fleet_heartbeat_age_seconds How much older a site's last heartbeat is than the fleet's newest.")
		fmt.Fprintln(w, "# TYPE harmony_fleet_heartbeat_age_seconds gauge")
		for _, s := range f.Sites {
			if d, err := time.ParseDuration(s.Age); err == nil {
				fmt.Fprintf(w, "harmony_fleet_heartbeat_age_seconds{fleet=%q,site=%q} %g\n", f.Fleet, s.Site, d.Seconds())
			}
		}
		fmt.Fprintln(w, "# HELP harmony_fleet_problems Sites silent and primaries not serving.")
		fmt.Fprintln(w, "# TYPE harmony_fleet_problems gauge")
		fmt.Fprintf(w, "harmony_fleet_problems{fleet=%q} %d\n", f.Fleet, len(probs))
	case "json":
		return len(probs) > 0, json.NewEncoder(w).Encode(map[string]any{"fleet": f.Fleet, "problems": append([]string{}, probs...)})
	default:
		return false, fmt.Errorf("a FleetStatus is reported as table, json or prometheus, not %s", format)
	}
	return len(probs) > 0, nil
}
