package domain

// PGCluster is one member of a replicated PostgreSQL service: the cluster
// on one site host, what it is configured with and whom it replicates
// with. harmony-pg makes the host's cluster match it; harmony-agent reads
// it to run the service's failover.
//
// Primary is the site that starts as primary when the service is made.
// After a failover the primary is whatever the fleet's agents agreed on:
// harmony-pg never moves the role of a cluster that exists, it reports it.
type PGCluster struct {
	Service string `json:"service"`
	Site    string `json:"site"` // this member's site
	Host    string `json:"host"`
	Version int    `json:"version"` // PostgreSQL major version, e.g. 15
	// Address is where the other members reach this one (host or IP);
	// PostgreSQL listens there and on localhost.
	Address string `json:"address"`
	Port    int    `json:"port"`
	DataDir string `json:"dataDir"`
	Primary string `json:"primary"`
	// Members are every member of the service, this one included, in
	// the Score's order.
	Members []PGMember `json:"members"`
	// Durability is sync (no acknowledged write is lost: each commit is
	// on a second member before it is acknowledged) or async.
	Durability string `json:"durability"`
	// Replication is the role the members replicate as; its password is
	// a secret reference, resolved by harmony-pg and harmony-agent.
	Replication PGReplication `json:"replication"`
	// Settings are extra postgresql.conf settings.
	Settings map[string]string `json:"settings,omitempty"`
	// FailoverTimeout is how long the primary's heartbeat may be missing
	// before a replica takes over; FenceInterval, shorter, is how long a
	// primary that cannot write its heartbeat keeps accepting writes.
	FailoverTimeout string `json:"failoverTimeout"`
	FenceInterval   string `json:"fenceInterval"`
}

// PGMember is one member of a PostgreSQL service.
type PGMember struct {
	Site    string `json:"site"`
	Host    string `json:"host"`
	Address string `json:"address"`
	Port    int    `json:"port"`
}

// PGReplication is the replication role.
type PGReplication struct {
	User      string `json:"user,omitempty"` // default replicator in a Score
	SecretRef string `json:"secretRef"`
}

// Durability values.
const (
	DurabilitySync  = "sync"
	DurabilityAsync = "async"
)
