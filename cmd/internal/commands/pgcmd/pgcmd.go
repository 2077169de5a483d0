// Package pgcmd is harmony-pg: the postgresql steps of the host it runs
// on, on its PostgreSQL clusters.
package pgcmd

import (
	"context"
	_ "embed"
	"encoding/json"
	"io"
	"os"
	"time"

	"github.com/nationtech/harmony-go/cmd/internal/applycmd"
	"github.com/nationtech/harmony-go/cmd/internal/secret"
	"github.com/nationtech/harmony-go/cmd/internal/tool"
	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/postgres"
	"github.com/urfave/cli/v2"
)

// Name is the command's name.
const Name = "harmony-pg"

const description = `harmony-pg apply makes the PostgreSQL clusters of the host it runs on
(--host, default this machine's hostname: the Site device that provides
postgresql) match the plan's postgresql steps (PostgreSQLCluster Scores),
and passes every other step through untouched. A member that has no
cluster is made a copy of the service's current primary (pg_basebackup),
or, at the Score's primary site when no member is primary yet, a new
cluster (initdb). Then, on every run: the replication settings in
harmony.conf, the members' lines in pg_hba.conf, the server running, the
replication role with the secret's password (on the primary) and a
replication slot for every other member. A second run changes nothing.

It never moves the primary role: after a failover, which site is primary
is what the fleet's harmony-agents agreed on, and harmony-pg reports it.

Runs as root; the servers run as the postgres user.

Example (cron on a site host):
   harmony-plan fleet.yaml scores.yaml site/ | harmony-pg apply | harmony-state record --repo /var/lib/harmony/state | harmony-report`

//go:embed notes.md
var notes string

func flags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "host", Usage: "the Site device name of this host (default: its hostname)"},
		&cli.StringFlag{Name: "bin", Usage: "PostgreSQL's programs (default /usr/lib/postgresql/VERSION/bin)"},
		&cli.DurationFlag{Name: "timeout", Value: time.Minute, Usage: "bound on each program (initdb, pg_basebackup, pg_ctl) and connection"},
	}
}

func driver(c *cli.Context) *postgres.Driver {
	return &postgres.Driver{Secret: secret.Lookup, Bin: c.String("bin"), Timeout: c.Duration("timeout")}
}

// Run is harmony-pg's main.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return applycmd.RunWithSubcommands(ctx, applycmd.Config{
		Notes:       notes,
		Name:        Name,
		Usage:       "make this host's PostgreSQL clusters match the plan's postgresql steps",
		Description: description,
		Flags:       flags(),
		Select: func(c *cli.Context) func(domain.Step) (bool, error) {
			host := thisHost(c)
			return func(s domain.Step) (bool, error) { return s.Target == host, nil }
		},
		Driver: func(c *cli.Context, p *domain.Plan) (apply.Driver, error) {
			host := thisHost(c)
			mine, others := 0, 0
			devs := p.Devices()
			for _, s := range p.Steps {
				if d := devs[s.Target]; d == nil || d.Provider != "postgresql" {
					continue
				}
				if s.Target == host {
					mine++
				} else {
					others++
				}
			}
			if mine == 0 && others > 0 {
				tool.Warn(stderr, Name, "the plan has postgresql steps for other hosts but none for %q; give this host's device name with --host", host)
			}
			return apply.OpenFunc(driver(c).Open), nil
		},
	}, tool.Spec{
		Notes:       notes,
		Name:        Name,
		Usage:       "PostgreSQL clusters of this host, from plan steps",
		Description: description,
		Commands: []*cli.Command{{
			Name:      "status",
			Usage:     "print the role and WAL position of this host's clusters in the plan, as JSON",
			ArgsUsage: "[PLAN|-]",
			Flags:     flags(),
			Action:    func(c *cli.Context) error { return status(c, stdin, stdout) },
		}},
	}, args, stdin, stdout, stderr)
}

func thisHost(c *cli.Context) string {
	if h := c.String("host"); h != "" {
		return h
	}
	h, _ := os.Hostname()
	return h
}

type clusterStatus struct {
	Service string `json:"service"`
	Site    string `json:"site"`
	Host    string `json:"host"`
	DataDir string `json:"dataDir"`
	Exists  bool   `json:"exists"`
	postgres.Status
	Error string `json:"error,omitempty"`
}

func status(c *cli.Context, stdin io.Reader, stdout io.Writer) error {
	p, err := tool.ReadPlan(c.Args().First(), stdin)
	if err != nil {
		return tool.Refused(err)
	}
	host := thisHost(c)
	d := driver(c)
	rows := []clusterStatus{}
	for _, st := range p.Steps {
		if st.Capability != domain.PostgreSQL || st.Resource.Type != domain.TypePGCluster || st.Target != host {
			continue
		}
		var pc domain.PGCluster
		if err := st.DecodeSpec(&pc); err != nil {
			return tool.Refused(err)
		}
		srv := d.Server(pc)
		row := clusterStatus{Service: pc.Service, Site: pc.Site, Host: pc.Host, DataDir: pc.DataDir, Exists: srv.Exists()}
		if row.Exists {
			if s, err := srv.Status(c.Context); err != nil {
				row.Error = "not answering: " + err.Error()
			} else {
				row.Status = s
			}
		}
		rows = append(rows, row)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(rows)
}
