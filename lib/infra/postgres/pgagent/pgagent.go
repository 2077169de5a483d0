// Package pgagent joins the PostgreSQL adapter to the failover agent: a
// member's cluster as failover.Database. It is apart from package
// postgres so that harmony-pg does not link the NATS client.
package pgagent

import (
	"context"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/failover"
	"github.com/nationtech/harmony-go/lib/infra/postgres"
)

// Database is a member's cluster as the agent drives it.
type Database struct{ *postgres.Member }

var _ failover.Database = Database{}

// New is the member a cluster step describes, on this host.
func New(d *postgres.Driver, c domain.PGCluster) Database { return Database{d.NewMember(c)} }

// State reads what the member is: not answering is stopped (or
// starting), and then how it is set up says standby or primary.
func (db Database) State(ctx context.Context) (failover.DBState, error) {
	s := db.Server
	if !s.Exists() {
		return failover.DBState{}, nil
	}
	st, err := s.Status(ctx)
	if err != nil {
		return failover.DBState{Exists: true, Standby: s.Standby()}, nil
	}
	return failover.DBState{Exists: true, Running: true, Standby: st.Standby, Position: st.Position, LSN: st.LSN, Timeline: st.Timeline}, nil
}

// Start starts the server as it is set up.
func (db Database) Start(ctx context.Context) error { return db.Server.Start(ctx) }

// Rejoin makes the former primary a standby of primary and says how.
func (db Database) Rejoin(ctx context.Context, primary domain.PGMember) (string, error) {
	err := db.Member.Rejoin(ctx, primary)
	return db.Said, err
}
