// Package state is harmony-state: plans and their outcomes recorded as
// commits of a git repository, the site's audit trail and drift history.
package state

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nationtech/harmony-go/cmd/internal/commands/report"
	"github.com/nationtech/harmony-go/cmd/internal/staterecord"
	"github.com/nationtech/harmony-go/cmd/internal/tool"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/gitstate"
	"github.com/urfave/cli/v2"
)

// Name is the command's name.
const Name = "harmony-state"

const description = `harmony-state keeps Harmony's memory in a git repository (no git binary
needed). "record" commits the plan it reads on stdin, with its outcomes,
and passes the plan on unchanged, so it sits in a pipeline; "log" lists
the applies (per device or Score); "show" prints a recorded plan; "drift"
says, from recorded dry runs, when each device last differed from its plan
and what differed.

Each record holds plan.json and devices/<device>.json (the device's steps
and outcomes, without timings, so git diff shows what changed), and a
readable summary as the commit message. Given what harmony-agent status
prints (kind FleetStatus), it records the fleet instead — each service's
primary, why, and every change of primary with its timeline, as
services/<service>.json — and only when a primary changed; keep a fleet's
records in a repository of their own. Records are serialised by a lock
and a crash leaves the repository valid.

Example:
   harmony-plan site/ | harmony-apply-opnsense --dry-run | harmony-state record --repo /var/lib/harmony/state | harmony-report`

//go:embed notes.md
var notes string

// Run is harmony-state's main.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	repo := &cli.StringFlag{Name: "repo", Value: "/var/lib/harmony/state", EnvVars: []string{"HARMONY_STATE_REPO"}, Usage: "the state repository"}
	format := &cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "table", Usage: "table or json"}
	return tool.Run(ctx, tool.Spec{
		Notes:       notes,
		Name:        Name,
		Usage:       "record plans and outcomes in a git repository; read their history",
		Description: description,
		Commands: []*cli.Command{
			{
				Name:      "record",
				Usage:     "commit the plan on stdin and pass it through",
				ArgsUsage: " ",
				Flags: []cli.Flag{repo,
					&cli.BoolFlag{Name: "init", Usage: "create the repository (bare) when missing"},
					&cli.StringFlag{Name: "author", EnvVars: []string{"HARMONY_AUTHOR"}, Usage: `"Name <email>" of the record (default: harmony <harmony@HOST>)`},
					&cli.StringFlag{Name: "time", EnvVars: []string{"HARMONY_TIME"}, Usage: "the record's time, RFC 3339 (default: SOURCE_DATE_EPOCH, else now)"},
				},
				Action: func(c *cli.Context) error { return record(c, stdin, stdout, stderr) },
			},
			{
				Name:  "log",
				Usage: "list recorded applies, newest first",
				Flags: []cli.Flag{repo, format,
					&cli.StringFlag{Name: "device", Usage: "only this device's steps"},
					&cli.StringFlag{Name: "score", Usage: "only this Score's steps"},
					&cli.IntFlag{Name: "n", Value: 20, Usage: "at most this many records"},
				},
				Action: func(c *cli.Context) error { return logCmd(c, stdout) },
			},
			{
				Name:      "show",
				Usage:     "print the plan recorded at REV (default HEAD)",
				ArgsUsage: "[REV]",
				Flags:     []cli.Flag{repo},
				Action: func(c *cli.Context) error {
					r, err := gitstate.Open(c.String("repo"))
					if err != nil {
						return tool.Refused(err)
					}
					rev := c.Args().First()
					if rev == "" {
						rev = "HEAD"
					}
					commit, err := r.Resolve(rev)
					if err != nil {
						return tool.Refused(err)
					}
					data, ok, err := commit.File("plan.json")
					if err != nil || !ok {
						return tool.Failed(fmt.Errorf("record %s has no plan.json (%v)", commit.Hash[:12], err))
					}
					_, err = stdout.Write(data)
					return err
				},
			},
			{
				Name:   "drift",
				Usage:  "when each device last drifted, from recorded dry runs",
				Flags:  []cli.Flag{repo, format},
				Action: func(c *cli.Context) error { return drift(c, stdout) },
			},
		},
	}, args, stdin, stdout, stderr)
}

func record(c *cli.Context, stdin io.Reader, stdout, stderr io.Writer) error {
	data, err := io.ReadAll(stdin)
	if err != nil {
		return tool.Failed(err)
	}
	var kind struct {
		Kind string `json:"kind"`
	}
	_ = json.Unmarshal(data, &kind)
	var files map[string][]byte
	var msg string
	if kind.Kind == kindFleetStatus {
		if files, msg, err = fleetRecord(data); err != nil {
			return tool.Refused(err)
		}
	} else {
		p, err := domain.DecodePlan(data)
		if err != nil {
			return tool.Refused(fmt.Errorf("<stdin>: %w", err))
		}
		if files, msg, err = staterecord.Of(p); err != nil {
			return tool.Failed(err)
		}
	}
	sig, err := signature(c.String("author"), c.String("time"))
	if err != nil {
		return tool.Refused(err)
	}
	var r *gitstate.Repo
	if c.Bool("init") {
		r, err = gitstate.Init(c.String("repo"))
	} else {
		r, err = gitstate.Open(c.String("repo"))
	}
	if err != nil {
		return tool.Refused(err)
	}
	if kind.Kind == kindFleetStatus {
		// A fleet's record changes only when a primary does: the same
		// status recorded again (from cron) makes no commit.
		if tip, err := r.Resolve("HEAD"); err == nil && sameFiles(files, tip.File) {
			if _, err := stdout.Write(data); err != nil {
				return tool.Failed(err)
			}
			fmt.Fprintf(stderr, "%s: no change of primary since %s\n", Name, tip.Hash[:12])
			return nil
		}
	}
	hash, err := r.Record(c.Context, files, msg, sig)
	var damage *gitstate.DamageError
	if errors.As(err, &damage) {
		return tool.Refused(err) // nothing recorded onto a damaged history
	}
	if err != nil {
		return tool.Failed(err)
	}
	if _, err := stdout.Write(data); err != nil {
		return tool.Failed(err)
	}
	fmt.Fprintf(stderr, "%s: recorded %s in %s\n", Name, hash[:12], c.String("repo"))
	return nil
}

var authorRE = regexp.MustCompile(`^\s*(.+?)\s*<([^<>]+)>\s*$`)

func signature(author, when string) (gitstate.Signature, error) {
	sig := gitstate.Signature{When: time.Now().UTC()}
	switch {
	case when != "":
		t, err := time.Parse(time.RFC3339, when)
		if err != nil {
			return sig, &domain.FieldError{Msg: fmt.Sprintf("--time %q is not an RFC 3339 time", when), Hint: "e.g. --time 2026-11-28T10:00:00Z"}
		}
		sig.When = t
	case os.Getenv("SOURCE_DATE_EPOCH") != "":
		n, err := strconv.ParseInt(os.Getenv("SOURCE_DATE_EPOCH"), 10, 64)
		if err != nil {
			return sig, &domain.FieldError{Msg: "SOURCE_DATE_EPOCH is not a number of seconds"}
		}
		sig.When = time.Unix(n, 0).UTC()
	}
	if author == "" {
		host, _ := os.Hostname()
		sig.Name, sig.Email = "harmony", "harmony@"+host
		return sig, nil
	}
	m := authorRE.FindStringSubmatch(author)
	if m == nil {
		return sig, &domain.FieldError{Msg: fmt.Sprintf("author %q is not \"Name <email>\"", author), Hint: `e.g. --author "Site Cron <ops@example.net>"`}
	}
	sig.Name, sig.Email = m[1], m[2]
	return sig, nil
}

// entry is one line of the log.
type entry struct {
	Commit  string         `json:"commit"`
	Time    time.Time      `json:"time"`
	Author  string         `json:"author"`
	Summary string         `json:"summary"`
	Counts  map[string]int `json:"counts,omitempty"`
	DryRun  bool           `json:"dryRun,omitempty"`
}

func logCmd(c *cli.Context, stdout io.Writer) (rerr error) {
	r, err := gitstate.Open(c.String("repo"))
	if err != nil {
		return tool.Refused(err)
	}
	commits, err := r.Log()
	var damage *gitstate.DamageError
	if err != nil && !errors.As(err, &damage) {
		return tool.Failed(err)
	}
	// A damaged history: what can be read, then the damage (exit 1).
	defer func() {
		if damage != nil && rerr == nil {
			rerr = tool.Failed(fmt.Errorf("%w; the records shown are the ones before the damage", damage))
		}
	}()
	device, score := c.String("device"), c.String("score")
	var out []entry
	for _, cm := range commits {
		if len(out) >= c.Int("n") {
			break
		}
		e := entry{Commit: cm.Hash[:12], Time: cm.When, Author: cm.Author, Summary: firstLine(cm.Message)}
		if device != "" || score != "" {
			steps, err := staterecord.Steps(cm, device)
			if err != nil {
				return tool.Failed(err)
			}
			e.Counts = map[string]int{}
			for _, st := range steps {
				if score == "" || st.Score == score {
					e.Counts[st.Status]++
					e.DryRun = e.DryRun || st.DryRun
				}
			}
			if len(e.Counts) == 0 {
				continue
			}
		}
		out = append(out, e)
	}
	if c.String("format") == "json" {
		if out == nil {
			out = []entry{}
		}
		return json.NewEncoder(stdout).Encode(out)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tCOMMIT\tAUTHOR\tSUMMARY")
	for _, e := range out {
		summary := e.Summary
		if e.Counts != nil {
			summary = countsText(e.Counts)
			if e.DryRun {
				summary += " (dry run)"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.Time.UTC().Format(time.RFC3339), e.Commit, e.Author, summary)
	}
	return tw.Flush()
}

func countsText(m map[string]int) string {
	var parts []string
	for _, st := range report.Columns() {
		if n := m[string(st)]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, st))
		}
	}
	return strings.Join(parts, ", ")
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// driftReport is a device's drift as the records tell it.
type driftReport struct {
	Device    string                   `json:"device"`
	InSync    bool                     `json:"inSync"`              // the newest dry run found nothing
	CheckedAt time.Time                `json:"checkedAt"`           // the newest dry run
	DriftedAt *time.Time               `json:"driftedAt,omitempty"` // the newest dry run that found drift
	Commit    string                   `json:"commit,omitempty"`
	Steps     []staterecord.DeviceStep `json:"steps,omitempty"` // what differed then
}

func drift(c *cli.Context, stdout io.Writer) (rerr error) {
	r, err := gitstate.Open(c.String("repo"))
	if err != nil {
		return tool.Refused(err)
	}
	commits, err := r.Log()
	var damage *gitstate.DamageError
	if err != nil && !errors.As(err, &damage) {
		return tool.Failed(err)
	}
	// A damaged history: what can be read, then the damage (exit 1).
	defer func() {
		if damage != nil && rerr == nil {
			rerr = tool.Failed(fmt.Errorf("%w; the records shown are the ones before the damage", damage))
		}
	}()
	reports := map[string]*driftReport{}
	for _, cm := range commits { // newest first
		files, err := cm.Files("devices")
		if err != nil {
			continue
		}
		for _, f := range files {
			name := strings.TrimSuffix(strings.TrimPrefix(f.Path, "devices/"), ".json")
			var steps []staterecord.DeviceStep
			if err := json.Unmarshal(f.Data, &steps); err != nil {
				return tool.Failed(fmt.Errorf("record %s: %s: %w", cm.Hash[:12], f.Path, err))
			}
			var dry, drifted []staterecord.DeviceStep
			for _, st := range steps {
				if st.DryRun {
					dry = append(dry, st)
					// DRIFT; records written before it had a label say SUCCESS.
					if st.Status == string(domain.Drift) || st.Status == string(domain.Success) {
						drifted = append(drifted, st)
					}
				}
			}
			if len(dry) == 0 {
				continue
			}
			rep, seen := reports[name]
			if !seen {
				rep = &driftReport{Device: name, CheckedAt: cm.When, InSync: len(drifted) == 0}
				reports[name] = rep
			}
			if rep.DriftedAt == nil && len(drifted) > 0 {
				when := cm.When
				rep.DriftedAt, rep.Commit, rep.Steps = &when, cm.Hash[:12], drifted
			}
		}
	}
	var names []string
	for n := range reports {
		names = append(names, n)
	}
	slices.Sort(names)
	if c.String("format") == "json" {
		out := []*driftReport{}
		for _, n := range names {
			out = append(out, reports[n])
		}
		return json.NewEncoder(stdout).Encode(out)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DEVICE\tCHECKED\tSTATE\tLAST DRIFT\tWHAT")
	for _, n := range names {
		rep := reports[n]
		state, last := "in sync", "never"
		if !rep.InSync {
			state = "DRIFT"
		}
		if rep.DriftedAt != nil {
			last = rep.DriftedAt.UTC().Format(time.RFC3339) + " (" + rep.Commit + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t", n, rep.CheckedAt.UTC().Format(time.RFC3339), state, last)
		var what []string
		for _, st := range rep.Steps {
			for _, ch := range st.Changes {
				what = append(what, fmt.Sprintf("%s %s: %s → %s", st.ID, ch.Field, staterecord.OrDash(ch.From), staterecord.OrDash(ch.To)))
			}
		}
		fmt.Fprintln(tw, strings.Join(what, "; "))
	}
	return tw.Flush()
}
