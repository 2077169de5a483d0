// Package agent is harmony-agent: one site's part of the fleet.
package agent

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/nationtech/harmony-go/cmd/internal/document"
	"github.com/nationtech/harmony-go/cmd/internal/secret"
	"github.com/nationtech/harmony-go/cmd/internal/tool"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/failover"
	"github.com/nationtech/harmony-go/lib/infra/mesh"
	"github.com/nationtech/harmony-go/lib/infra/postgres"
	"github.com/nationtech/harmony-go/lib/infra/postgres/pgagent"
	"github.com/urfave/cli/v2"
)

// Name is the command's name.
const Name = "harmony-agent"

// KindFleetStatus is the kind of what `harmony-agent status` prints.
const KindFleetStatus = "FleetStatus"

const description = `harmony-agent runs one site's part of a fleet of sites that keep each
other's services up. "run" is the long-running agent (a systemd unit, see
docs/examples/harmony-agent.service): it starts the site's NATS node
with JetStream (routed to the other sites' nodes from the Fleet
document), or joins the NATS cluster the Fleet names, and every
heartbeat interval stores the site's heartbeat. For each PostgreSQL
member the plan gives this host, it fences the primary (stops it) when
its heartbeats cannot be stored for the fence interval, takes over as a
standby when the primary's heartbeats are older than the failover
timeout and it wins the compare-and-set of the service's primary key
(which needs a majority of the sites), and rejoins a former primary as a
standby (pg_rewind).

"status" prints the fleet as JSON: which site is primary of each service,
the sites' last heartbeats and positions, the changes of primary.
"switchover" moves a service's primary to another site with no write
lost: the primary stops cleanly, the target takes over once it has the
last WAL.

Example (a site host):
   harmony-plan fleet.yaml scores.yaml site/ > plan.json
   harmony-pg apply plan.json | harmony-report
   harmony-agent run --fleet fleet.yaml --site north plan.json &
   harmony-agent status --fleet fleet.yaml --site north | jq '.services'`

//go:embed notes.md
var notes string

// Run is harmony-agent's main.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fleetFlags := []cli.Flag{
		&cli.StringFlag{Name: "fleet", Usage: "the Fleet document", Required: true},
		&cli.StringFlag{Name: "site", Usage: "this site's name in the Fleet", Required: true},
		&cli.DurationFlag{Name: "timeout", Value: 2 * time.Second, Usage: "bound on each request to NATS"},
	}
	return tool.Run(ctx, tool.Spec{
		Name:        Name,
		Usage:       "one site's agent: NATS node, heartbeats, fencing, failover and switchover of its PostgreSQL members",
		Description: description,
		Notes:       notes,
		Env:         tool.SecretEnv,
		Commands: []*cli.Command{
			{
				Name:      "run",
				Usage:     "run the site's agent until stopped (SIGTERM)",
				ArgsUsage: "[PLAN|-]",
				Flags: append(slices.Clone(fleetFlags),
					&cli.StringFlag{Name: "host", Usage: "the Site device name of this host, whose postgresql steps it runs (default: its hostname)"},
					&cli.StringFlag{Name: "data-dir", Value: "/var/lib/harmony/agent", Usage: "where the site's NATS node keeps its JetStream store"},
					&cli.StringFlag{Name: "listen", Usage: "client address to listen on (default: the Fleet's client address of the site)"},
					&cli.StringFlag{Name: "cluster-listen", Usage: "route address to listen on (default: the Fleet's cluster address of the site)"},
					&cli.StringFlag{Name: "bin", Usage: "PostgreSQL's programs (default /usr/lib/postgresql/VERSION/bin)"},
					&cli.BoolFlag{Name: "nats-log", Usage: "print the NATS node's notices"},
				),
				Action: func(c *cli.Context) error { return runAgent(c, stdin, stderr) },
			},
			{
				Name: "guard",
				Usage: "watch one member for its agent, and fence it (stop its PostgreSQL) when the agent stops vouching for it for the fence interval: " +
					"harmony-agent run starts it, in a session of its own, so it outlives the agent",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "member", Usage: "the member's cluster step spec (JSON; harmony-agent run writes DATA-DIR/guard/SERVICE.member.json)", Required: true},
					&cli.StringFlag{Name: "lease", Usage: "the lease the agent vouches on (DATA-DIR/guard/SERVICE.lease)", Required: true},
					&cli.StringFlag{Name: "bin", Usage: "PostgreSQL's programs (default /usr/lib/postgresql/VERSION/bin)"},
				},
				Action: func(c *cli.Context) error { return runGuard(c, stderr) },
			},
			{
				Name:   "status",
				Usage:  "print the fleet's services, primaries and heartbeats as JSON",
				Flags:  append(slices.Clone(fleetFlags), &cli.BoolFlag{Name: "pretty", Value: true, Usage: "indent the JSON"}),
				Action: func(c *cli.Context) error { return status(c, stdout) },
			},
			{
				Name:      "switchover",
				Usage:     "move a service's primary to another site, with no write lost",
				ArgsUsage: "SERVICE",
				Flags: append(slices.Clone(fleetFlags),
					&cli.StringFlag{Name: "to", Usage: "the site to move the primary to", Required: true},
					&cli.DurationFlag{Name: "wait", Value: 30 * time.Second, Usage: "how long to wait for it to be done"}),
				Action: func(c *cli.Context) error { return switchover(c, stdout, stderr) },
			},
		},
	}, args, stdin, stdout, stderr)
}

// readFleet reads and checks the Fleet document, and this site in it.
func readFleet(c *cli.Context) (*domain.Fleet, domain.FleetSite, error) {
	docs, err := document.ReadPaths([]string{c.String("fleet")}, nil)
	if err != nil {
		return nil, domain.FleetSite{}, tool.Refused(err)
	}
	var fl *domain.Fleet
	for _, d := range docs {
		if d.Kind != domain.KindFleet {
			continue
		}
		if fl != nil {
			return nil, domain.FleetSite{}, tool.Refused(d.Wrap(&domain.FieldError{Path: "kind", Msg: "a second Fleet document", Hint: "give one Fleet"}))
		}
		fl = &domain.Fleet{}
		if err := d.Decode(fl); err != nil {
			return nil, domain.FleetSite{}, tool.Refused(err)
		}
		if err := fl.Validate(); err != nil {
			return nil, domain.FleetSite{}, tool.Refused(d.Wrap(err))
		}
	}
	if fl == nil {
		return nil, domain.FleetSite{}, tool.Refused(&domain.FieldError{Msg: "no Fleet document in " + c.String("fleet"), Hint: "give the file with kind: Fleet"})
	}
	site, ok := fl.Site(c.String("site"))
	if !ok {
		return nil, domain.FleetSite{}, tool.Refused(&domain.FieldError{Msg: fmt.Sprintf("site %q is not in %s", c.String("site"), fl),
			Hint: "give --site one of: " + strings.Join(fl.SiteNames(), ", ")})
	}
	return fl, site, nil
}

// hostPort is a nats:// address's host:port.
func hostPort(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	return p.Host
}

// connect opens the fleet's bucket: through this site's node, or the
// Fleet's NATS cluster.
func connect(ctx context.Context, c *cli.Context, fl *domain.Fleet, site domain.FleetSite, name string) (*mesh.Store, error) {
	urls := []string{site.Client}
	user, password := "", ""
	if fl.Spec.NATS != nil {
		urls = fl.Spec.NATS.URLs
		if ref := fl.Spec.NATS.SecretRef; ref != "" {
			var err error
			if user, password, err = secret.Pair(ref); err != nil {
				return nil, tool.Refused(fmt.Errorf("the NATS credentials (secretRef %s): %w", ref, err))
			}
		}
	}
	return mesh.Connect(ctx, urls, name, user, password, fl.Voting(), 64, c.Duration("timeout"))
}

func runAgent(c *cli.Context, stdin io.Reader, stderr io.Writer) error {
	fl, site, err := readFleet(c)
	if err != nil {
		return err
	}
	if site.Witness && c.Args().Len() > 0 {
		tool.Warn(stderr, Name, "site %s is a witness: it votes and runs no service; the plan's services are not run here", site.Name)
	}
	var services []*failover.Service
	if !site.Witness && c.Args().Len() > 0 {
		if services, err = planServices(c, stdin, stderr, site.Name); err != nil {
			return err
		}
	}
	var logMu sync.Mutex
	logf := func(format string, args ...any) {
		logMu.Lock()
		defer logMu.Unlock()
		fmt.Fprintf(stderr, "%s: %s: %s\n", Name, site.Name, fmt.Sprintf(format, args...))
	}
	ctx := c.Context
	if fl.Spec.NATS == nil {
		listen, route := c.String("listen"), c.String("cluster-listen")
		if listen == "" {
			listen = hostPort(site.Client)
		}
		if route == "" {
			route = hostPort(site.Cluster)
		}
		var routes []string
		for _, s := range fl.Spec.Sites {
			if s.Name != site.Name {
				routes = append(routes, s.Cluster)
			}
		}
		cfg := mesh.NodeConfig{Site: site.Name, Cluster: fl.Metadata.Name, Client: listen, Route: route, Routes: routes,
			StoreDir: filepath.Join(c.String("data-dir"), "jetstream")}
		if c.Bool("nats-log") {
			cfg.Log = logf
		}
		if err := os.MkdirAll(cfg.StoreDir, 0o700); err != nil {
			return tool.Failed(err)
		}
		node, err := mesh.StartNode(cfg)
		if err != nil {
			return tool.Failed(err)
		}
		defer node.Shutdown()
		logf("NATS node %s listening on %s (clients) and %s (routes to %s)", site.Name, listen, route, strings.Join(routes, ", "))
	}
	cctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	store, err := connect(cctx, c, fl, site, Name+"-"+site.Name)
	cancel()
	if err != nil {
		return tool.Failed(err)
	}
	defer store.Close()
	wake, err := store.Wake(ctx, "primary.*", "switchover.*")
	if err != nil {
		return tool.Failed(err)
	}
	for _, s := range services {
		lease, err := guardService(c.String("data-dir"), c.String("bin"), s, logf)
		if err != nil {
			return tool.Failed(err)
		}
		defer lease.Close()
	}
	a := &failover.Agent{Site: site.Name, Fleet: fl, Services: services, Store: store, Wake: wake, Log: logf}
	var names []string
	for _, s := range services {
		names = append(names, s.Spec.Service)
	}
	logf("agent running: heartbeat every %s; services %s", a.Interval(), orNone(names))
	_ = a.Run(ctx)
	logf("stopped")
	return nil
}

// planServices are the plan's postgresql members at this site on this
// host.
func planServices(c *cli.Context, stdin io.Reader, stderr io.Writer, site string) ([]*failover.Service, error) {
	p, err := tool.ReadPlan(c.Args().First(), stdin)
	if err != nil {
		return nil, tool.Refused(err)
	}
	host := c.String("host")
	if host == "" {
		host, _ = os.Hostname()
	}
	d := &postgres.Driver{Bin: c.String("bin")}
	var out []*failover.Service
	others := 0
	for _, st := range p.Steps {
		if st.Capability != domain.PostgreSQL || st.Resource.Type != domain.TypePGCluster {
			continue
		}
		var pc domain.PGCluster
		if err := st.DecodeSpec(&pc); err != nil {
			return nil, tool.Refused(err)
		}
		if pc.Site != site || st.Target != host {
			others++
			continue
		}
		svc, err := failover.NewService(pc, pgagent.New(d, pc))
		if err != nil {
			return nil, tool.Refused(fmt.Errorf("step %s: %w", st.ID, err))
		}
		out = append(out, svc)
	}
	if len(out) == 0 {
		if others > 0 {
			return nil, tool.Refused(&domain.FieldError{Msg: fmt.Sprintf("the plan has postgresql members, none at site %s on host %s", site, host),
				Hint: "give the plan of this site (harmony-plan with this site's files) and this host's device name with --host"})
		}
		tool.Warn(stderr, Name, "the plan has no postgresql member: the agent only heartbeats and votes")
	}
	return out, nil
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "(none: a voter)"
	}
	return strings.Join(s, ", ")
}

// Status is what `harmony-agent status` prints: a document of kind
// FleetStatus, which `harmony-state record` commits.
type Status struct {
	APIVersion string          `json:"apiVersion"`
	Kind       string          `json:"kind"`
	Metadata   domain.Metadata `json:"metadata"`
	Fleet      string          `json:"fleet"`
	// Bucket is the replication of the fleet's bucket: its leader (kept
	// off the primaries' sites) and followers.
	Bucket   *mesh.BucketState `json:"bucket,omitempty"`
	Sites    []SiteStatus      `json:"sites"`
	Services []ServiceStatus   `json:"services"`
}

// SiteStatus is one site's last heartbeat.
type SiteStatus struct {
	Site    string    `json:"site"`
	Witness bool      `json:"witness,omitempty"`
	Last    time.Time `json:"lastHeartbeat,omitzero"`
	// Age is how much older the heartbeat is than the newest of the
	// fleet, both stamped by the NATS servers.
	Age      string                          `json:"age,omitempty"`
	Services map[string]failover.MemberState `json:"services,omitempty"`
	Error    string                          `json:"error,omitempty"`
}

// ServiceStatus is one service's primary and history.
type ServiceStatus struct {
	Service    string               `json:"service"`
	Primary    string               `json:"primary"`
	Since      time.Time            `json:"since"`
	Reason     string               `json:"reason"`
	Revision   uint64               `json:"revision"`
	Lag        map[string]uint64    `json:"lagBytes,omitempty"`
	Switchover *failover.Switchover `json:"switchover,omitempty"`
	Events     []EventStatus        `json:"events,omitempty"`
}

// EventStatus is one change of primary, with the server's time.
type EventStatus struct {
	At time.Time `json:"at"`
	failover.Event
}

func status(c *cli.Context, stdout io.Writer) error {
	fl, site, err := readFleet(c)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Context, max(5*c.Duration("timeout"), 2*time.Second))
	defer cancel()
	store, err := connect(ctx, c, fl, site, Name+"-status")
	if err != nil {
		return tool.Failed(fmt.Errorf("%w (is the agent of site %s running?)", err, site.Name))
	}
	defer store.Close()
	st, err := readStatus(ctx, store, fl)
	if err != nil {
		return tool.Failed(err)
	}
	enc := json.NewEncoder(stdout)
	if c.Bool("pretty") {
		enc.SetIndent("", "  ")
	}
	return enc.Encode(st)
}

func readStatus(ctx context.Context, store *mesh.Store, fl *domain.Fleet) (Status, error) {
	out := Status{APIVersion: domain.APIVersion, Kind: KindFleetStatus, Metadata: fl.Metadata, Fleet: fl.Metadata.Name, Sites: []SiteStatus{}, Services: []ServiceStatus{}}
	if b, err := store.State(ctx); err == nil {
		out.Bucket = &b
	}
	var newest time.Time
	positions := map[string]map[string]uint64{} // service → site → position
	for _, s := range fl.Spec.Sites {
		ss := SiteStatus{Site: s.Name, Witness: s.Witness}
		e, err := store.Get(ctx, "hb."+s.Name)
		switch {
		case errors.Is(err, mesh.ErrNotFound):
			ss.Error = "no heartbeat yet"
		case err != nil:
			ss.Error = err.Error()
		default:
			var hb failover.Heartbeat
			_ = json.Unmarshal(e.Value, &hb)
			ss.Last, ss.Services = e.Created, hb.Services
			if e.Created.After(newest) {
				newest = e.Created
			}
			for name, m := range hb.Services {
				if positions[name] == nil {
					positions[name] = map[string]uint64{}
				}
				positions[name][s.Name] = m.Position
			}
		}
		out.Sites = append(out.Sites, ss)
	}
	for i := range out.Sites {
		if !out.Sites[i].Last.IsZero() {
			out.Sites[i].Age = newest.Sub(out.Sites[i].Last).Round(time.Millisecond).String()
		}
	}
	keys, err := store.Keys(ctx)
	if err != nil {
		return out, err
	}
	slices.Sort(keys)
	for _, k := range keys {
		name, ok := strings.CutPrefix(k, "primary.")
		if !ok {
			continue
		}
		e, err := store.Get(ctx, k)
		if err != nil {
			continue
		}
		var p failover.Primary
		_ = json.Unmarshal(e.Value, &p)
		ss := ServiceStatus{Service: name, Primary: p.Site, Since: e.Created, Reason: p.Reason, Revision: e.Revision}
		if pos := positions[name]; pos != nil {
			ss.Lag = map[string]uint64{}
			for s, v := range pos {
				if s != p.Site && pos[p.Site] >= v {
					ss.Lag[s] = pos[p.Site] - v
				}
			}
		}
		if sw, err := store.Get(ctx, "switchover."+name); err == nil {
			var x failover.Switchover
			if json.Unmarshal(sw.Value, &x) == nil {
				ss.Switchover = &x
			}
		}
		hist, _ := store.History(ctx, "event."+name)
		for _, h := range hist {
			var ev failover.Event
			if json.Unmarshal(h.Value, &ev) == nil {
				ss.Events = append(ss.Events, EventStatus{At: h.Created, Event: ev})
			}
		}
		out.Services = append(out.Services, ss)
	}
	return out, nil
}

func switchover(c *cli.Context, stdout, stderr io.Writer) error {
	if c.NArg() != 1 {
		return tool.Refused(&domain.FieldError{Msg: "name the service to switch over", Hint: Name + " switchover SERVICE --to SITE --fleet F --site S"})
	}
	fl, site, err := readFleet(c)
	if err != nil {
		return err
	}
	to, ok := fl.Site(c.String("to"))
	if !ok || to.Witness {
		return tool.Refused(&domain.FieldError{Msg: fmt.Sprintf("--to %q is not a site of %s that runs services", c.String("to"), fl),
			Hint: "give a site of the Fleet that is not a witness"})
	}
	ctx, cancel := context.WithTimeout(c.Context, c.Duration("wait"))
	defer cancel()
	store, err := connect(ctx, c, fl, site, Name+"-switchover")
	if err != nil {
		return tool.Failed(err)
	}
	defer store.Close()
	service := c.Args().First()
	if _, err := store.Get(ctx, "primary."+service); err != nil {
		return tool.Refused(&domain.FieldError{Msg: fmt.Sprintf("service %q has no primary in the fleet: %v", service, err),
			Hint: "name a service `harmony-agent status` lists"})
	}
	started := time.Now()
	sw, err := failover.RequestSwitchover(ctx, store, service, to.Name)
	if err != nil {
		return tool.Failed(fmt.Errorf("switchover of %s to %s: %w", service, to.Name, err))
	}
	fmt.Fprintf(stderr, "%s: %s: %s (%s)\n", Name, service, sw.Message, time.Since(started).Round(time.Millisecond))
	return json.NewEncoder(stdout).Encode(sw)
}
