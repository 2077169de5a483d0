package postgresql_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/modules/postgresql"
)

func fleet(sites ...string) *domain.Fleet {
	f := &domain.Fleet{APIVersion: domain.APIVersion, Kind: domain.KindFleet, Metadata: domain.Metadata{Name: "north"}}
	for i, s := range sites {
		w := strings.HasPrefix(s, "w")
		f.Spec.Sites = append(f.Spec.Sites, domain.FleetSite{Name: s, Witness: w,
			Client: "nats://10.0." + string(rune('1'+i)) + ".2:4222", Cluster: "nats://10.0." + string(rune('1'+i)) + ".2:6222"})
	}
	return f
}

// topo is site a of a fleet, whose host db-a provides postgresql.
func topo(t *testing.T, fl *domain.Fleet, devices ...string) domain.SiteTopology {
	t.Helper()
	site := &domain.Site{APIVersion: domain.APIVersion, Kind: domain.KindSite, Metadata: domain.Metadata{Name: "a"},
		Spec: domain.SiteSpec{Domain: "a.example.net"}}
	for _, d := range devices {
		site.Spec.Devices = append(site.Spec.Devices, domain.Device{Name: d, Provider: "postgresql", Provides: []domain.Capability{domain.PostgreSQL}})
	}
	inv := &domain.Inventory{APIVersion: domain.APIVersion, Kind: domain.KindInventory, Metadata: domain.Metadata{Name: "a"}}
	f, err := domain.NewFacts(site, inv)
	if err != nil {
		t.Fatal(err)
	}
	if fl != nil {
		if f, err = f.WithFleet(fl); err != nil {
			t.Fatal(err)
		}
	}
	return domain.NewSiteTopology(f)
}

func score() postgresql.PostgreSQLCluster {
	return postgresql.PostgreSQLCluster{Name: "orders", Version: 15, Primary: "a", Durability: "sync",
		Replication: domain.PGReplication{SecretRef: "pg-repl"},
		Members: []postgresql.Member{
			{Site: "a", Host: "db-a", Address: "10.0.1.5"},
			{Site: "b", Host: "db-b", Address: "10.0.2.5"},
			{Site: "c", Host: "db-c", Address: "10.0.3.5"},
		}}
}

func TestSteps(t *testing.T) {
	steps, err := score().Steps(topo(t, fleet("a", "b", "c"), "db-a"))
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 1 || steps[0].ID != "orders/postgresql/db-a/cluster/orders" {
		t.Fatalf("steps: %+v", steps)
	}
	var c domain.PGCluster
	if err := steps[0].DecodeSpec(&c); err != nil {
		t.Fatal(err)
	}
	if c.Port != 5432 || c.DataDir != "/var/lib/postgresql/15/orders" || c.FailoverTimeout != "5s" || c.FenceInterval != "2.5s" ||
		c.Replication.User != "replicator" || len(c.Members) != 3 || c.Members[1].Port != 5432 || c.Site != "a" || c.Address != "10.0.1.5" {
		t.Errorf("spec: %+v", c)
	}
	// A site with no member (a witness, another service's site) plans nothing.
	other := score()
	other.Members[0].Site, other.Primary = "d", "b"
	if steps, err := other.Steps(topo(t, fleet("a", "b", "c", "d"))); err != nil || len(steps) != 0 {
		t.Errorf("site without a member: %v %v", steps, err)
	}
}

func TestStepErrors(t *testing.T) {
	tests := []struct {
		name      string
		edit      func(*postgresql.PostgreSQLCluster)
		fleet     *domain.Fleet
		devices   []string
		path, msg string
	}{
		{"no fleet", nil, nil, []string{"db-a"}, "kind", "no Fleet says which sites there are"},
		{"two sites", nil, fleet("a", "b"), []string{"db-a"}, "spec.members", "at least three voting sites"},
		{"unknown site", func(s *postgresql.PostgreSQLCluster) { s.Members[2].Site = "z" }, nil, []string{"db-a"}, "spec.members[2].site", `site "z" is not in fleet north`},
		{"member at a witness", func(s *postgresql.PostgreSQLCluster) { s.Members[2].Site = "w" }, fleet("a", "b", "c", "w"), []string{"db-a"}, "spec.members[2].site", "is a witness"},
		{"two members at a site", func(s *postgresql.PostgreSQLCluster) { s.Members[2].Site = "b" }, nil, []string{"db-a"}, "spec.members[2].site", "has a member already"},
		{"host without postgresql", nil, nil, []string{"db-x"}, "spec.members[0].host", `host "db-a" does not provide postgresql at site "a"`},
		{"primary not a member", func(s *postgresql.PostgreSQLCluster) { s.Primary = "q" }, nil, []string{"db-a"}, "spec.primary", `primary "q" is not a site of a member`},
		{"durability", func(s *postgresql.PostgreSQLCluster) { s.Durability = "" }, nil, []string{"db-a"}, "spec.durability", "unknown durability"},
		{"fence after failover", func(s *postgresql.PostgreSQLCluster) { s.FailoverTimeout, s.FenceInterval = "2s", "3s" }, nil, []string{"db-a"}, "spec.fenceInterval", "both would accept writes"},
		{"bad duration", func(s *postgresql.PostgreSQLCluster) { s.FailoverTimeout = "soon" }, nil, []string{"db-a"}, "spec.failoverTimeout", "is not a duration"},
		{"managed setting", func(s *postgresql.PostgreSQLCluster) {
			s.Settings = map[string]string{"synchronous_standby_names": "*"}
		}, nil, []string{"db-a"}, "spec.settings.synchronous_standby_names", "managed by Harmony"},
		{"no secret", func(s *postgresql.PostgreSQLCluster) { s.Replication.SecretRef = "" }, nil, []string{"db-a"}, "spec.replication.secretRef", "no secretRef"},
		{"one member", func(s *postgresql.PostgreSQLCluster) { s.Members = s.Members[:1] }, nil, []string{"db-a"}, "spec.members", "needs two members"},
		{"bad address", func(s *postgresql.PostgreSQLCluster) { s.Members[1].Address = "not an address" }, nil, []string{"db-a"}, "spec.members[1].address", "is not an address"},
		{"relative data dir", func(s *postgresql.PostgreSQLCluster) { s.Members[0].DataDir = "pg/orders" }, nil, []string{"db-a"}, "spec.members[0].dataDir", "cannot hold a cluster"},
		{"version", func(s *postgresql.PostgreSQLCluster) { s.Version = 1500 }, nil, []string{"db-a"}, "spec.version", "not a PostgreSQL major version"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := score()
			if tc.edit != nil {
				tc.edit(&s)
			}
			fl := tc.fleet
			if fl == nil && tc.name != "no fleet" {
				fl = fleet("a", "b", "c")
			}
			_, err := s.Steps(topo(t, fl, tc.devices...))
			var fe *domain.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Steps() = %v, want a FieldError", err)
			}
			if fe.Path != tc.path || !strings.Contains(fe.Msg, tc.msg) || fe.Hint == "" {
				t.Errorf("Steps() = %s: %s (hint %q)\nwant %s: …%s…", fe.Path, fe.Msg, fe.Hint, tc.path, tc.msg)
			}
		})
	}
}
