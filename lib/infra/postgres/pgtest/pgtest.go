// Package pgtest gives tests real PostgreSQL clusters to drive: a
// directory the server's user can write, free ports, and member specs of
// a service. It needs Debian's PostgreSQL (scripts/deps.sh installs it);
// Require skips outside CI and fails in CI when it is missing.
package pgtest

import (
	"fmt"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"testing"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/peertest"
	"github.com/nationtech/harmony-go/lib/infra/postgres"
)

// Version is the PostgreSQL major version the tests drive.
const Version = 15

// Password is the replication password the tests' secret resolves to.
const Password = "s3cr3t-repl-pw"

// Require skips or fails the test when PostgreSQL is missing.
func Require(t testing.TB) {
	t.Helper()
	peertest.Require(t, filepath.Join(postgres.BinDir(Version), "postgres"), filepath.Join(postgres.BinDir(Version), "pg_rewind"))
	if os.Geteuid() == 0 {
		if _, err := user.Lookup("postgres"); err != nil {
			peertest.Require(t, "the postgres system user")
		}
	}
}

// Dir makes a directory the server's user can write (the tests' temp
// dirs are 0700 root), removed at the end.
func Dir(t testing.TB) string {
	t.Helper()
	d, err := os.MkdirTemp("", "hpg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	if err := os.Chmod(d, 0o777); err != nil {
		t.Fatal(err)
	}
	return d
}

// Port is a free TCP port on loopback.
func Port(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Service returns the cluster spec of each member of a service whose
// members are sites on this host (addresses given, one port each),
// under dir; the first site starts as the primary.
func Service(t testing.TB, dir, service, durability string, sites []string, addrs []string) []domain.PGCluster {
	t.Helper()
	var members []domain.PGMember
	for i, s := range sites {
		addr := "127.0.0.1"
		if addrs != nil {
			addr = addrs[i]
		}
		members = append(members, domain.PGMember{Site: s, Host: "db-" + s, Address: addr, Port: Port(t)})
	}
	out := make([]domain.PGCluster, len(sites))
	for i, m := range members {
		out[i] = domain.PGCluster{
			Service: service, Site: m.Site, Host: m.Host, Version: Version, Address: m.Address, Port: m.Port,
			DataDir: filepath.Join(dir, m.Site, service), Primary: sites[0], Members: members, Durability: durability,
			Replication:     domain.PGReplication{User: "replicator", SecretRef: "pg-repl"},
			Settings:        map[string]string{"fsync": "off", "shared_buffers": "16MB", "max_connections": "30"},
			FailoverTimeout: "3s", FenceInterval: "1.5s",
		}
	}
	return out
}

// Step is a plan step for a cluster spec.
func Step(t testing.TB, c domain.PGCluster) domain.Step {
	t.Helper()
	s, err := domain.NewStep(c.Service, domain.PostgreSQL, c.Host, domain.TypePGCluster, c.Service, c)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Secret resolves the tests' replication secret.
func Secret(ref string) (string, error) {
	if ref != "pg-repl" {
		return "", fmt.Errorf("no secret %q", ref)
	}
	return Password, nil
}

// Stop stops a cluster at the end of the test, whatever state it is in.
func Stop(t testing.TB, s *postgres.Server) {
	t.Cleanup(func() {
		_ = s.Stop(t.Context(), "immediate")
	})
}
