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
	s := &Store{nc: nc, js: js, Timeout: timeout}
	replicas = min(max(replicas, 1), 5)
	for {
		cctx, cancel := context.WithTimeout(ctx, timeout)
		kv, err := js.CreateOrUpdateKeyValue(cctx, jetstream.KeyValueConfig{
			Bucket: Bucket, History: uint8(min(max(history, 1), 64)), Replicas: replicas, Storage: jetstream.FileStorage,
			Description: "harmony-agent: heartbeats, primaries and failover records of the fleet",
		})
		cancel()
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

// Leader is the node that leads the bucket's stream: the one every write
// goes through.
func (s *Store) Leader(ctx context.Context) (string, error) {
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
	if info.Cluster == nil {
		return "", nil
	}
	return info.Cluster.Leader, nil
}

// MoveLeader asks the bucket's stream leader to hand over to the node
// named preferred: the agents keep the leader off the primary's site, so
// losing that site costs no election before the survivors can write.
func (s *Store) MoveLeader(ctx context.Context, preferred string) error {
	ctx, cancel := s.ctx(ctx)
	defer cancel()
	req, _ := json.Marshal(map[string]any{"placement": map[string]string{"preferred": preferred}})
	msg, err := s.nc.RequestWithContext(ctx, "$JS.API.STREAM.LEADER.STEPDOWN.KV_"+Bucket, req)
	if err != nil {
		return err
	}
	var resp struct {
		Error *struct {
			Description string `json:"description"`
		} `json:"error"`
	}
	if err := json.Unmarshal(msg.Data, &resp); err != nil {
		return err
	}
	if resp.Error != nil {
		return errors.New(resp.Error.Description)
	}
	return nil
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
