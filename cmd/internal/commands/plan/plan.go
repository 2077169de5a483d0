// Package plan is the harmony-plan command.
package plan

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"strings"

	"github.com/nationtech/harmony-go/cmd/internal/document"
	"github.com/nationtech/harmony-go/cmd/internal/planner"
	"github.com/nationtech/harmony-go/cmd/internal/tool"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/gitstate"
	"github.com/urfave/cli/v2"
)

// Name is the command's name.
const Name = "harmony-plan"

const description = `harmony-plan reads a Site, an Inventory and Scores, checks that the site
provides every capability each Score needs, and writes the Plan: the
capability-level steps the Scores expand to, in dependency order.

Inputs are files, directories (their .yaml, .yml and .json files) or - for
stdin, in YAML (several documents separated by ---) or JSON. With no
argument it reads stdin. Input is strict: an unknown field, a host missing
from the inventory, an address outside its network, a duplicate IP or MAC,
or a capability the site lacks is refused (exit 2) with the file, line and
fix, before any step exists. The same inputs always give the same bytes.

Example:
   harmony-plan inventory/examples/lab/ | harmony-report`

//go:embed notes.md
var notes string

// Run is harmony-plan's main.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return tool.Run(ctx, tool.Spec{
		Notes:       notes,
		Name:        Name,
		Usage:       "turn a Site, an Inventory and Scores into a Plan",
		ArgsUsage:   "[FILE|DIR|-]...",
		Description: description,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "pretty", Usage: "indent the plan"},
			&cli.BoolFlag{Name: "check", Usage: "validate the inputs and the plan, write nothing"},
			&cli.StringSliceFlag{Name: "git", Usage: "read inputs from a git repository at a revision: REPO@REV:PATH (a file or a directory; repeatable, one commit)"},
		},
		Action: func(c *cli.Context) error {
			var docs []*document.Doc
			var source *domain.Source
			if specs := c.StringSlice("git"); len(specs) > 0 {
				var err error
				if docs, source, err = fromGit(specs); err != nil {
					return tool.Refused(err)
				}
			}
			if c.NArg() > 0 || len(docs) == 0 {
				more, err := document.ReadPaths(c.Args().Slice(), stdin)
				if err != nil {
					return tool.Refused(err)
				}
				docs = append(docs, more...)
			}
			in, err := planner.Load(docs)
			if err != nil {
				return tool.Refused(err)
			}
			for _, w := range in.Warnings {
				tool.Warn(stderr, Name, "%s", w)
			}
			p, err := in.Plan()
			if err != nil {
				return tool.Refused(err)
			}
			p.Source = source
			if c.Bool("check") {
				fmt.Fprintf(stderr, "%s: site %s: %d steps on %d devices, all checked\n", Name, p.Site.Name, len(p.Steps), len(p.Targets()))
				return nil
			}
			if err := p.Encode(stdout, c.Bool("pretty")); err != nil {
				return tool.Failed(err)
			}
			return nil
		},
	}, args, stdin, stdout, stderr)
}

// fromGit reads the documents REPO@REV:PATH names, all from one commit,
// and says where they came from.
func fromGit(specs []string) ([]*document.Doc, *domain.Source, error) {
	var docs []*document.Doc
	var src *domain.Source
	for _, spec := range specs {
		at := strings.LastIndex(spec, "@")
		rev, p, ok := strings.Cut(spec[at+1:], ":")
		if at <= 0 || !ok || rev == "" {
			return nil, nil, &domain.FieldError{Msg: fmt.Sprintf("--git %q is not REPO@REV:PATH", spec),
				Hint: "e.g. --git /srv/site.git@main:inventory/lab"}
		}
		repo := spec[:at]
		r, err := gitstate.Open(repo)
		if err != nil {
			return nil, nil, err
		}
		commit, err := r.Resolve(rev)
		if err != nil {
			return nil, nil, err
		}
		if src == nil {
			src = &domain.Source{Repo: repo, Commit: commit.Hash}
		} else if src.Repo != repo || src.Commit != commit.Hash {
			return nil, nil, &domain.FieldError{Msg: "the --git inputs come from different commits",
				Hint: "plan from one reviewed commit: give every --git the same REPO@REV"}
		}
		src.Paths = append(src.Paths, p)
		files, err := commit.Files(p)
		if err != nil {
			return nil, nil, err
		}
		if len(files) == 0 {
			return nil, nil, &domain.FieldError{Msg: fmt.Sprintf("%s has no .yaml, .yml or .json file at %s", p, commit.Hash[:12])}
		}
		for _, f := range files {
			d, err := document.Read(fmt.Sprintf("%s@%s:%s", repo, rev, f.Path), f.Data)
			if err != nil {
				return nil, nil, err
			}
			docs = append(docs, d...)
		}
	}
	return docs, src, nil
}
