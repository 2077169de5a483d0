// Package postgresql provides the PostgreSQLCluster Score: one PostgreSQL
// service replicated across the sites of a fleet, one member per site,
// which harmony-agent keeps writable when a site goes dark.
//
// In Go, the Score plans against any topology that provides postgresql
// and knows its fleet; a typed topology composes it by embedding
// domain.Facts (made with Facts.WithFleet) and a domain.PostgreSQLProvider,
// the same way as every other capability. Go has no blanket impls, so the
// failover is not a trait a topology gains: it is this Score's Fleet()
// requirement, met by the Facts a topology embeds, and refused at plan
// time (not compile time) when the Facts carry no Fleet, because which
// sites exist is data, not a type.
package postgresql

import (
	"fmt"
	"maps"
	"net/netip"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Kind is the Score's kind in a Scores document.
const Kind = "PostgreSQLCluster"

// Topology is what PostgreSQLCluster needs: postgresql on the site's
// hosts, and the fleet the site belongs to.
type Topology interface {
	domain.Topology
	domain.HasPostgreSQL
	Fleet() *domain.Fleet
}

// PostgreSQLCluster is a PostgreSQL service with one member per site.
type PostgreSQLCluster struct {
	Name    string `json:"-"`
	Version int    `json:"version"`
	// Primary is the site whose member starts as the primary.
	Primary string `json:"primary"`
	// Durability is sync (an acknowledged write is on two members, and
	// none is lost by a failover) or async (faster; a failover may lose
	// the writes of the last moments).
	Durability string `json:"durability"`
	// FailoverTimeout is how long the primary's heartbeat may be missing
	// before a replica takes over (default 5s); FenceInterval is how long
	// a primary cut off from the fleet keeps accepting writes (default
	// half the failover timeout; it must be shorter).
	FailoverTimeout string `json:"failoverTimeout,omitempty"`
	FenceInterval   string `json:"fenceInterval,omitempty"`
	Port            int    `json:"port,omitempty"` // default 5432
	// Replication is the role the members replicate as (user default
	// replicator); its password is a secret reference.
	Replication domain.PGReplication `json:"replication"`
	Settings    map[string]string    `json:"settings,omitempty"`
	Members     []Member             `json:"members"`
}

// Member is the service's member at one site.
type Member struct {
	Site    string `json:"site"`
	Host    string `json:"host"`
	Address string `json:"address"` // where the other sites reach it
	Port    int    `json:"port,omitempty"`
	// DataDir is where the cluster lives on the host (default
	// /var/lib/postgresql/<version>/<service>).
	DataDir string `json:"dataDir,omitempty"`
}

// managed are the settings harmony-pg and harmony-agent own.
var managed = []string{"listen_addresses", "port", "wal_level", "hot_standby", "max_wal_senders", "max_replication_slots",
	"synchronous_standby_names", "synchronous_commit", "primary_conninfo", "primary_slot_name", "wal_log_hints",
	"recovery_target_timeline", "data_directory", "hba_file", "ident_file", "default_transaction_read_only"}

var (
	identRE   = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)
	settingRE = regexp.MustCompile(`^[a-z][a-z0-9_.]{0,62}$`)
	hostRE    = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$`)
)

// Steps expands the Score into the cluster step of this site's member
// (none when the site has no member: a witness, or a site that does not
// host the service). Everything that would stop the failover from
// working is refused here, for every site, whichever site is planned.
func (s PostgreSQLCluster) Steps(t Topology) ([]domain.Step, error) {
	fl := t.Fleet()
	if fl == nil {
		return nil, domain.Errorf("kind", "give harmony-plan the Fleet document (kind: Fleet) with the sites' agents",
			"a PostgreSQLCluster spans sites, and no Fleet says which sites there are")
	}
	if fl.Voting() < 3 {
		return nil, domain.Errorf("spec.members", fmt.Sprintf("add a witness site to the Fleet (a site with witness: true: it votes and runs no service); %s has %d", fl, fl.Voting()),
			"a failover needs a majority of at least three voting sites, so that a site cut off alone cannot take over")
	}
	if s.Version < 10 || s.Version > 99 {
		return nil, domain.Errorf("spec.version", "give the PostgreSQL major version installed on the hosts, e.g. version: 15", "version %d is not a PostgreSQL major version", s.Version)
	}
	if s.Durability != domain.DurabilitySync && s.Durability != domain.DurabilityAsync {
		return nil, domain.Errorf("spec.durability", "say durability: sync (no acknowledged write lost) or async (a failover may lose the last writes)", "unknown durability %q", s.Durability)
	}
	failover, err := duration("spec.failoverTimeout", s.FailoverTimeout, 5*time.Second)
	if err != nil {
		return nil, err
	}
	fence, err := duration("spec.fenceInterval", s.FenceInterval, failover/2)
	if err != nil {
		return nil, err
	}
	if fence >= failover {
		return nil, domain.Errorf("spec.fenceInterval", "make the fence interval shorter than the failover timeout, e.g. half of it",
			"a primary cut off fences after %s, and a replica takes over after %s: both would accept writes", fence, failover)
	}
	if fence < 400*time.Millisecond {
		return nil, domain.Errorf("spec.fenceInterval", "give at least 400ms (the agents heartbeat four times per fence interval)", "fence interval %s is too short", fence)
	}
	port := s.Port
	if port == 0 {
		port = 5432
	}
	if port < 1 || port > 65535 {
		return nil, domain.Errorf("spec.port", "use a TCP port, e.g. 5432", "port %d is out of range", port)
	}
	repl := s.Replication
	if repl.User == "" {
		repl.User = "replicator"
	}
	if !identRE.MatchString(repl.User) {
		return nil, domain.Errorf("spec.replication.user", "use lowercase letters, digits and _", "%q is not a role name harmony-pg writes unquoted", repl.User)
	}
	if repl.SecretRef == "" {
		return nil, domain.Errorf("spec.replication.secretRef", "name the secret holding the replication role's password, e.g. secretRef: pg-replication", "the replication role has no secretRef")
	}
	for _, k := range slices.Sorted(maps.Keys(s.Settings)) {
		p := "spec.settings." + k
		if !settingRE.MatchString(k) {
			return nil, domain.Errorf(p, "use a postgresql.conf parameter name", "%q is not a setting name", k)
		}
		if slices.Contains(managed, k) {
			return nil, domain.Errorf(p, "leave it out: harmony-pg and harmony-agent set it for replication and failover", "setting %s is managed by Harmony", k)
		}
		if strings.ContainsAny(s.Settings[k], "\n\r\x00") {
			return nil, domain.Errorf(p, "write the value on one line", "the value of %s has a line break", k)
		}
	}
	if len(s.Members) < 2 {
		return nil, domain.Errorf("spec.members", "list a member at two sites or more", "a replicated service needs two members, and %d are listed", len(s.Members))
	}
	members := make([]domain.PGMember, len(s.Members))
	bySite := map[string]int{}
	var mine = -1
	for i, m := range s.Members {
		p := fmt.Sprintf("spec.members[%d]", i)
		fs, ok := fl.Site(m.Site)
		if !ok {
			return nil, domain.Errorf(p+".site", "use one of the Fleet's sites: "+strings.Join(fl.SiteNames(), ", "), "site %q is not in %s", m.Site, fl)
		}
		if fs.Witness {
			return nil, domain.Errorf(p+".site", "put the member at a site that is not a witness, or make the site a full site in the Fleet", "site %q is a witness: it votes and runs no service", m.Site)
		}
		if j, dup := bySite[m.Site]; dup {
			return nil, domain.Errorf(p+".site", "give each site one member (the failover is between sites)", "site %q has a member already at spec.members[%d]", m.Site, j)
		}
		bySite[m.Site] = i
		if err := domain.CheckName(p+".host", "host name", m.Host); err != nil {
			return nil, err
		}
		if _, err := netip.ParseAddr(m.Address); err != nil && !hostRE.MatchString(m.Address) {
			return nil, domain.Errorf(p+".address", "give the IP address or DNS name the other sites reach the host at", "%q is not an address", m.Address)
		}
		mp := m.Port
		if mp == 0 {
			mp = port
		}
		if mp < 1 || mp > 65535 {
			return nil, domain.Errorf(p+".port", "use a TCP port, e.g. 5432", "port %d is out of range", mp)
		}
		if m.DataDir != "" && (!filepath.IsAbs(m.DataDir) || filepath.Clean(m.DataDir) != m.DataDir || m.DataDir == "/") {
			return nil, domain.Errorf(p+".dataDir", "give an absolute, clean path such as /srv/pg/orders", "%q cannot hold a cluster", m.DataDir)
		}
		members[i] = domain.PGMember{Site: m.Site, Host: m.Host, Address: m.Address, Port: mp}
		if m.Site == t.Site().Metadata.Name {
			mine = i
		}
	}
	if _, ok := bySite[s.Primary]; !ok {
		var sites []string
		for _, m := range s.Members {
			sites = append(sites, m.Site)
		}
		sort.Strings(sites)
		return nil, domain.Errorf("spec.primary", "name the site of one of the members: "+strings.Join(sites, ", "), "primary %q is not a site of a member", s.Primary)
	}
	if mine < 0 {
		return nil, nil
	}
	m := members[mine]
	dataDir := s.Members[mine].DataDir
	if dataDir == "" {
		dataDir = fmt.Sprintf("/var/lib/postgresql/%d/%s", s.Version, s.Name)
	}
	if !slices.Contains(t.PostgreSQL(), m.Host) {
		return nil, domain.Errorf(fmt.Sprintf("spec.members[%d].host", mine),
			fmt.Sprintf("add a device {name: %s, provider: postgresql, provides: [postgresql]} to site %s's Site", m.Host, m.Site),
			"host %q does not provide postgresql at site %q", m.Host, m.Site)
	}
	b := domain.StepBuilder{Score: s.Name}
	b.Ensure(domain.PostgreSQL, m.Host, domain.TypePGCluster, s.Name, domain.PGCluster{
		Service: s.Name, Site: m.Site, Host: m.Host, Version: s.Version, Address: m.Address, Port: m.Port,
		DataDir:    dataDir,
		Primary:    s.Primary,
		Members:    members,
		Durability: s.Durability, Replication: repl, Settings: s.Settings,
		FailoverTimeout: failover.String(), FenceInterval: fence.String(),
	})
	return b.Steps()
}

func duration(path, s string, def time.Duration) (time.Duration, error) {
	if s == "" {
		return def, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, domain.Errorf(path, "write a duration such as 5s or 1500ms", "%q is not a duration", s)
	}
	return d, nil
}
