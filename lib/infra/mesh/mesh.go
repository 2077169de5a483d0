// Package mesh is the fleet's shared state: a NATS JetStream cluster with
// one node per site (embedded in each harmony-agent, routed to the
// others' nodes) or an existing NATS cluster, and one replicated
// key-value bucket on it. Consensus is JetStream's: a write is stored once
// a majority of the nodes has it, and a compare-and-set on a key succeeds
// for one writer only; nothing here votes on its own.
package mesh

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Bucket is the key-value bucket the agents share.
const Bucket = "harmony"

// NodeConfig is one site's embedded NATS node.
type NodeConfig struct {
	Site    string // the node's server name
	Cluster string // the fleet's name: the NATS cluster name
	// Client and Route are host:port to listen on for clients and for
	// the other nodes' routes.
	Client, Route string
	// Routes are the other nodes' route addresses (nats://host:port).
	Routes   []string
	StoreDir string
	// Log, when set, gets the node's notices and errors.
	Log func(format string, args ...any)
}

// StartNode starts the embedded node, with JetStream on a file store that
// syncs every write to disk before acknowledging it: a failover's record
// must survive the machine's crash.
func StartNode(cfg NodeConfig) (*server.Server, error) {
	ch, cp, err := hostPort(cfg.Client)
	if err != nil {
		return nil, fmt.Errorf("client address %q: %w", cfg.Client, err)
	}
	rh, rp, err := hostPort(cfg.Route)
	if err != nil {
		return nil, fmt.Errorf("route address %q: %w", cfg.Route, err)
	}
	var routes []*url.URL
	for _, r := range cfg.Routes {
		u, err := url.Parse(r)
		if err != nil {
			return nil, fmt.Errorf("route %q: %w", r, err)
		}
		routes = append(routes, u)
	}
	opts := &server.Options{
		ServerName: cfg.Site,
		Host:       ch, Port: cp,
		Cluster:    server.ClusterOpts{Name: cfg.Cluster, Host: rh, Port: rp},
		Routes:     routes,
		JetStream:  true,
		StoreDir:   cfg.StoreDir,
		SyncAlways: true,
		NoSigs:     true,
		NoLog:      cfg.Log == nil,
		// A site cut off without a reset (packets dropped) is noticed
		// in about three seconds, not the default two minutes: until
		// then requests routed to its node go unanswered.
		PingInterval: time.Second,
		MaxPingsOut:  3,
	}
	// The fleet's nodes find each other by the routes given; a node
	// does not advertise addresses others could not reach.
	opts.Cluster.NoAdvertise = true
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("the site's NATS node: %w", err)
	}
	if cfg.Log != nil {
		s.SetLoggerV2(logger(cfg.Log), false, false, false)
	}
	s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		return nil, fmt.Errorf("the site's NATS node did not start listening on %s within 10s", cfg.Client)
	}
	return s, nil
}

func hostPort(s string) (string, int, error) {
	h, p, err := net.SplitHostPort(s)
	if err != nil {
		return "", 0, err
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		return "", 0, err
	}
	return h, n, nil
}

type logger func(format string, args ...any)

func (l logger) Noticef(format string, v ...any) { l("nats: "+format, v...) }
func (l logger) Warnf(format string, v ...any)   { l("nats: warning: "+format, v...) }
func (l logger) Fatalf(format string, v ...any)  { l("nats: fatal: "+format, v...) }
func (l logger) Errorf(format string, v ...any)  { l("nats: error: "+format, v...) }
func (l logger) Debugf(string, ...any)           {}
func (l logger) Tracef(string, ...any)           {}

// Store is the fleet's key-value bucket, seen from one agent.
type Store struct {
	nc *nats.Conn
	js jetstream.JetStream
	kv jetstream.KeyValue

	heardMu sync.Mutex
	heard   map[string]Alive
	// Timeout bounds each request (a write waits for a majority).
	Timeout time.Duration
}

// Entry is one value of a key, with the revision a compare-and-set
// names and the time the JetStream server stored it (never an agent's
// clock).
type Entry struct {
	Key      string    `json:"key"`
	Value    []byte    `json:"value"`
	Revision uint64    `json:"revision"`
	Created  time.Time `json:"created"`
}

// ErrNotFound is a key with no value.
var ErrNotFound = errors.New("no such key")

// ErrConflict is a compare-and-set that lost: the key changed since read.
var ErrConflict = errors.New("the key changed since it was read")

// Connect joins the fleet's NATS (urls of its nodes) as name, and opens
// the bucket, making it when it is not there: replicas is how many nodes
// hold it (the number of voting sites, at most 5), history how many
// values of each key are kept as a record.
func Connect(ctx context.Context, urls []string, name string, user, password string, replicas, history int, timeout time.Duration) (*Store, error) {
	opts := []nats.Option{nats.Name(name), nats.MaxReconnects(-1), nats.ReconnectWait(100 * time.Millisecond), nats.Timeout(timeout),
		nats.RetryOnFailedConnect(true), nats.PingInterval(time.Second), nats.MaxPingsOutstanding(2)}
	if user != "" {
		opts = append(opts, nats.UserInfo(user, password))
	}
	var servers string
	for i, u := range urls {
		if i > 0 {
			servers += ","
		}
		servers += u
	}
	nc, err := nats.Connect(servers, opts...)
	if err != nil {
		return nil, fmt.Errorf("connecting to NATS at %s: %w", servers, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, err
	}
	s := &Store{nc: nc, js: js, Timeout: timeout, heard: map[string]Alive{}}
	if _, err := nc.Subscribe(aliveSubject+".*", s.hear); err != nil {
		nc.Close()
		return nil, err
	}
	replicas = min(max(replicas, 1), 5)
	for {
		kv, err := s.open(ctx, replicas, history)
		if err == nil {
			s.kv = kv
			return s, nil
		}
		// The cluster may still be forming (no meta leader yet): wait.
		select {
		case <-ctx.Done():
			nc.Close()
			return nil, fmt.Errorf("opening bucket %s on NATS at %s (is a majority of the fleet's nodes up?): %w", Bucket, servers, err)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// open binds to the bucket, making it when it is not there, and makes
// every read go to the stream's leader: a direct get may be answered by
// any replica, a stale one or one cut off with the site it is at, and
// the agents decide on what they read.
func (s *Store) open(ctx context.Context, replicas, history int) (jetstream.KeyValue, error) {
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	_, err := s.js.KeyValue(ctx, Bucket)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		_, err = s.js.CreateKeyValue(ctx, jetstream.KeyValueConfig{
			Bucket: Bucket, History: uint8(min(max(history, 1), 64)), Replicas: replicas, Storage: jetstream.FileStorage,
			Description: "harmony-agent: heartbeats, primaries and failover records of the fleet",
		})
		if errors.Is(err, jetstream.ErrBucketExists) {
			err = nil // another agent made it first
		}
	}
	if err != nil {
		return nil, err
	}
	st, err := s.js.Stream(ctx, "KV_"+Bucket)
	if err != nil {
		return nil, err
	}
	if cfg := st.CachedInfo().Config; cfg.AllowDirect {
		cfg.AllowDirect = false
		if _, err := s.js.UpdateStream(ctx, cfg); err != nil {
			return nil, fmt.Errorf("making the bucket's reads go to its leader: %w", err)
		}
	}
	return s.js.KeyValue(ctx, Bucket)
}

// aliveSubject is where agents say, over plain NATS (no JetStream, no
// consensus), that they are there and whether they can write.
const aliveSubject = "harmony.alive"

// Alive is what an agent last said of itself, and when this agent heard
// it (its own clock: it only compares its own times).
type Alive struct {
	Writing bool
	Heard   time.Time
}

func (s *Store) hear(m *nats.Msg) {
	var a struct {
		Site    string `json:"site"`
		Writing bool   `json:"writing"`
	}
	if json.Unmarshal(m.Data, &a) != nil || a.Site == "" {
		return
	}
	s.heardMu.Lock()
	s.heard[a.Site] = Alive{Writing: a.Writing, Heard: time.Now()}
	s.heardMu.Unlock()
}

// Announce says, over plain NATS, that site is there and whether its
// last write to the bucket went through.
func (s *Store) Announce(site string, writing bool) error {
	b, _ := json.Marshal(map[string]any{"site": site, "writing": writing})
	return s.nc.Publish(aliveSubject+"."+site, b)
}

// Heard is what each site last announced.
func (s *Store) Heard() map[string]Alive {
	s.heardMu.Lock()
	defer s.heardMu.Unlock()
	out := make(map[string]Alive, len(s.heard))
	for k, v := range s.heard {
		out[k] = v
	}
	return out
}

// Close leaves the NATS connection.
func (s *Store) Close() { s.nc.Close() }

func (s *Store) ctx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.Timeout)
}

func entry(e jetstream.KeyValueEntry) Entry {
	return Entry{Key: e.Key(), Value: e.Value(), Revision: e.Revision(), Created: e.Created()}
}

// Put writes a key; it returns once a majority stored it.
func (s *Store) Put(ctx context.Context, key string, value []byte) (uint64, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	return s.kv.Put(ctx, key, value)
}

// Get reads a key's latest value.
func (s *Store) Get(ctx context.Context, key string) (Entry, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	e, err := s.kv.Get(ctx, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return Entry{}, ErrNotFound
	}
	if err != nil {
		return Entry{}, err
	}
	return entry(e), nil
}

// Create writes a key that has no value; ErrConflict when it has one.
func (s *Store) Create(ctx context.Context, key string, value []byte) (uint64, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	rev, err := s.kv.Create(ctx, key, value)
	if errors.Is(err, jetstream.ErrKeyExists) {
		return 0, ErrConflict
	}
	return rev, err
}

// Update writes a key only if its latest revision is rev: the
// compare-and-set one writer wins. ErrConflict when it lost.
func (s *Store) Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	n, err := s.kv.Update(ctx, key, value, rev)
	var apiErr *jetstream.APIError
	if errors.As(err, &apiErr) && apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence {
		return 0, ErrConflict
	}
	return n, err
}

// History lists a key's kept values, oldest first.
func (s *Store) History(ctx context.Context, key string) ([]Entry, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	es, err := s.kv.History(ctx, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]Entry, len(es))
	for i, e := range es {
		out[i] = entry(e)
	}
	return out, nil
}

// Bucket is the replication state of the bucket's stream.
type BucketState struct {
	Leader   string         `json:"leader"`
	Replicas []ReplicaState `json:"replicas"`
}

// ReplicaState is one follower of the bucket's stream.
type ReplicaState struct {
	Site    string `json:"site"`
	Current bool   `json:"current"`
	Lag     uint64 `json:"lag,omitempty"`
	Active  string `json:"active"`
	Offline bool   `json:"offline,omitempty"`
}

// State is the bucket's leader and followers: a follower not current
// (back from a cut, still catching up) cannot make a majority yet.
func (s *Store) State(ctx context.Context) (BucketState, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	st, err := s.js.Stream(ctx, "KV_"+Bucket)
	if err != nil {
		return BucketState{}, err
	}
	info, err := st.Info(ctx)
	if err != nil || info.Cluster == nil {
		return BucketState{}, err
	}
	out := BucketState{Leader: info.Cluster.Leader, Replicas: []ReplicaState{}}
	for _, r := range info.Cluster.Replicas {
		out.Replicas = append(out.Replicas, ReplicaState{Site: r.Name, Current: r.Current, Lag: r.Lag, Active: r.Active.Round(time.Millisecond).String(), Offline: r.Offline})
	}
	return out, nil
}

// MoveLeaderOff hands the bucket's stream leadership from node from to
// another node when from leads it: the agents keep the leader off the
// primary's site, so losing that site costs no election (4 to 9 s in
// JetStream) before the survivors can write. The new leader is a replica
// that is current, at most a few entries behind and heard from in the
// last two seconds, the
// first of prefer that is; with none such the leader stays, since
// leading from behind stalls every write. It returns the node it moved
// the leadership to, or "" when it did not.
func (s *Store) MoveLeaderOff(ctx context.Context, from string, prefer []string) (string, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	st, err := s.js.Stream(ctx, "KV_"+Bucket)
	if err != nil {
		return "", err
	}
	info, err := st.Info(ctx)
	if err != nil {
		return "", err
	}
	if info.Cluster == nil || info.Cluster.Leader != from || info.Cluster.LeaderSince != nil && time.Since(*info.Cluster.LeaderSince) < 2*time.Second {
		return "", nil
	}
	ready := map[string]bool{}
	for _, r := range info.Cluster.Replicas {
		// Current and heard from lately; a few entries behind is the
		// normal state of a follower far away while the agents write.
		if r.Current && !r.Offline && r.Lag <= 16 && r.Active < 2*time.Second {
			ready[r.Name] = true
		}
	}
	to := ""
	for _, p := range prefer {
		if ready[p] {
			to = p
			break
		}
	}
	if to == "" {
		return "", nil
	}
	req, _ := json.Marshal(map[string]any{"placement": map[string]string{"preferred": to}})
	msg, err := s.nc.RequestWithContext(ctx, "$JS.API.STREAM.LEADER.STEPDOWN.KV_"+Bucket, req)
	if err != nil {
		return "", err
	}
	var resp struct {
		Error *struct {
			Description string `json:"description"`
		} `json:"error"`
	}
	if err := json.Unmarshal(msg.Data, &resp); err != nil {
		return "", err
	}
	if resp.Error != nil {
		return "", errors.New(resp.Error.Description)
	}
	return to, nil
}

// Wake returns a channel that gets a value soon after any key matching
// one of the patterns (e.g. "primary.*") changes, for as long as ctx
// lasts: an agent acts on a change at once rather than at its next tick.
func (s *Store) Wake(ctx context.Context, patterns ...string) (<-chan struct{}, error) {
	ch := make(chan struct{}, 1)
	for _, p := range patterns {
		w, err := s.kv.Watch(ctx, p, jetstream.UpdatesOnly())
		if err != nil {
			return nil, err
		}
		go func() {
			defer func() { _ = w.Stop() }()
			for {
				select {
				case <-ctx.Done():
					return
				case _, ok := <-w.Updates():
					if !ok {
						return
					}
					select {
					case ch <- struct{}{}:
					default:
					}
				}
			}
		}()
	}
	return ch, nil
}

// Keys lists the bucket's keys.
func (s *Store) Keys(ctx context.Context) ([]string, error) {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	keys, err := s.kv.Keys(ctx)
	if errors.Is(err, jetstream.ErrNoKeysFound) {
		return nil, nil
	}
	return keys, err
}
