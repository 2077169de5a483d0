package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Table writes the report for people: every step per device (when steps
// is set), the counts per device and status, and what is left.
func (s *Summary) Table(w io.Writer, steps bool) error {
	var out bytes.Buffer
	tw := tabwriter.NewWriter(&out, 0, 0, 2, ' ', 0)
	if steps {
		fmt.Fprintln(tw, "DEVICE\tSTATUS\tSTEP\tMESSAGE")
		for _, d := range s.Devices {
			for _, st := range d.Steps {
				msg := ""
				if st.Outcome != nil {
					msg = oneLine(st.Outcome.Message)
				}
				status := string(StatusOf(st))
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", d.Name, status, st.ID, msg)
				if st.Outcome != nil {
					for _, c := range st.Outcome.Changes {
						fmt.Fprintf(tw, "\t\t  %s: %s → %s\n", c.Field, orDash(c.From), orDash(c.To))
					}
				}
			}
		}
		fmt.Fprintln(tw)
	}
	fmt.Fprint(tw, "DEVICE\tPROVIDER")
	for _, c := range columns {
		fmt.Fprintf(tw, "\t%s", c)
	}
	fmt.Fprintln(tw)
	for _, d := range s.Devices {
		fmt.Fprintf(tw, "%s\t%s", d.Name, d.Provider)
		for _, c := range columns {
			fmt.Fprintf(tw, "\t%d", d.Counts[c])
		}
		fmt.Fprintln(tw)
	}
	fmt.Fprint(tw, "total\t")
	for _, c := range columns {
		fmt.Fprintf(tw, "\t%d", s.Total[c])
	}
	fmt.Fprintln(tw)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(&out, "\n"+s.Verdict())
	// Padding leaves blanks at the ends of lines with an empty last cell.
	for line := range bytes.Lines(out.Bytes()) {
		if _, err := w.Write(append(bytes.TrimRight(line, " \n"), '\n')); err != nil {
			return err
		}
	}
	return nil
}

// Verdict is the report's last line.
func (s *Summary) Verdict() string {
	n := len(s.Plan.Steps)
	q, r := s.Left()
	var parts []string
	for _, c := range columns {
		if s.Total[c] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", s.Total[c], c))
		}
	}
	out := fmt.Sprintf("site %s: %d steps", s.Site, n)
	if len(parts) > 0 {
		out += ": " + strings.Join(parts, ", ")
	}
	if q+r > 0 {
		out += fmt.Sprintf("; %d QUEUED and %d RUNNING still to finish", q, r)
	}
	if s.Drift > 0 {
		out += fmt.Sprintf("; dry run: %d would change (drift)", s.Drift)
	}
	return out
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// jsonReport is the --format json document.
type jsonReport struct {
	Site    string         `json:"site"`
	Steps   int            `json:"steps"`
	Counts  map[string]int `json:"counts"`
	Drift   int            `json:"drift"` // dry-run steps that would change
	Queued  int            `json:"queued"`
	Running int            `json:"running"`
	Failed  bool           `json:"failed"`
	Devices []jsonDevice   `json:"devices"`
	// Problems are the steps that are FAILURE or BLOCKED.
	Problems []jsonStep `json:"problems"`
}

type jsonDevice struct {
	Name     string         `json:"name"`
	Provider string         `json:"provider"`
	Counts   map[string]int `json:"counts"`
}

type jsonStep struct {
	ID      string `json:"id"`
	Target  string `json:"target"`
	Status  string `json:"status"`
	Message string `json:"message,omitempty"`
}

func counts(m map[domain.Status]int) map[string]int {
	out := make(map[string]int, len(columns))
	for _, c := range columns {
		out[string(c)] = m[c]
	}
	return out
}

// JSON writes the counts and the problems as one JSON document.
func (s *Summary) JSON(w io.Writer) error {
	q, r := s.Left()
	out := jsonReport{Site: s.Site, Steps: len(s.Plan.Steps), Counts: counts(s.Total), Drift: s.Drift, Queued: q, Running: r,
		Failed: s.Failed(), Devices: []jsonDevice{}, Problems: []jsonStep{}}
	for _, d := range s.Devices {
		out.Devices = append(out.Devices, jsonDevice{Name: d.Name, Provider: d.Provider, Counts: counts(d.Counts)})
		for _, st := range d.Steps {
			if StatusOf(st).Failed() {
				out.Problems = append(out.Problems, jsonStep{ID: st.ID, Target: st.Target, Status: string(StatusOf(st)), Message: st.Outcome.Message})
			}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr,omitempty"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
}

// JUnit writes one test suite per device and one test case per step:
// FAILURE and BLOCKED fail; QUEUED, RUNNING, PLANNED and DRIFT (a dry
// run found the device different and wrote nothing) are skipped.
func (s *Summary) JUnit(w io.Writer) error {
	out := junitSuites{Name: "harmony " + s.Site}
	for _, d := range s.Devices {
		suite := junitSuite{Name: d.Name}
		for _, st := range d.Steps {
			status := StatusOf(st)
			c := junitCase{Name: st.ID, Classname: d.Name + "." + string(st.Capability)}
			msg := string(status)
			if st.Outcome != nil {
				if st.Outcome.Message != "" {
					msg += ": " + st.Outcome.Message
				}
				if dur, err := time.ParseDuration(st.Outcome.Duration); err == nil {
					c.Time = fmt.Sprintf("%.3f", dur.Seconds())
				}
			}
			switch {
			case status.Failed():
				c.Failure = &junitMessage{Message: msg, Type: string(status)}
				suite.Failures++
			case !status.Done():
				c.Skipped = &junitMessage{Message: msg}
				suite.Skipped++
			default:
				c.SystemOut = msg
			}
			suite.Cases = append(suite.Cases, c)
			suite.Tests++
		}
		out.Tests += suite.Tests
		out.Failures += suite.Failures
		out.Skipped += suite.Skipped
		out.Suites = append(out.Suites, suite)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// Prometheus writes the counts in the node_exporter textfile format, every
// device and status present (zeros included) so alerts can match on them.
func (s *Summary) Prometheus(w io.Writer) error {
	var b strings.Builder
	site := promLabel(s.Site)
	b.WriteString("# HELP harmony_steps Steps of the last plan run, by target device and status.\n")
	b.WriteString("# TYPE harmony_steps gauge\n")
	for _, d := range s.Devices {
		for _, c := range columns {
			fmt.Fprintf(&b, "harmony_steps{site=\"%s\",device=\"%s\",provider=\"%s\",status=\"%s\"} %d\n",
				site, promLabel(d.Name), promLabel(d.Provider), c, d.Counts[c])
		}
	}
	q, r := s.Left()
	failed := 0
	if s.Failed() {
		failed = 1
	}
	fmt.Fprintf(&b, "# HELP harmony_plan_steps Steps in the last plan.\n# TYPE harmony_plan_steps gauge\nharmony_plan_steps{site=\"%s\"} %d\n", site, len(s.Plan.Steps))
	fmt.Fprintf(&b, "# HELP harmony_steps_left Steps still QUEUED or RUNNING.\n# TYPE harmony_steps_left gauge\nharmony_steps_left{site=\"%s\"} %d\n", site, q+r)
	fmt.Fprintf(&b, "# HELP harmony_drift_steps Steps a dry run found different on their device.\n# TYPE harmony_drift_steps gauge\nharmony_drift_steps{site=\"%s\"} %d\n", site, s.Drift)
	fmt.Fprintf(&b, "# HELP harmony_failed 1 when a step of the last run is FAILURE or BLOCKED.\n# TYPE harmony_failed gauge\nharmony_failed{site=\"%s\"} %d\n", site, failed)
	_, err := io.WriteString(w, b.String())
	return err
}

// promLabel escapes a label value as the exposition format requires.
func promLabel(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}
