// Package opnsensetest is an OPNsense API simulator, like net/http/httptest
// for the firewall: an HTTPS server that speaks the wire format of
// OPNsense 24.7, 25.1, 25.7, 26.1 or 26.7 for the items Harmony manages, built from
// the real model XML (field classes, options, defaults, masks, ranges,
// uniqueness), with OPNsense's status codes and bodies, a request log to
// count writes, and faults on demand. harmony-lab runs it for the demo;
// tests run it in process.
package opnsensetest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// Options configures a simulator.
type Options struct {
	Release string // 24.7, 25.1, 25.7 (default), 26.1 or 26.7
	Key     string // API key; default "harmony-test-key"
	Secret  string // API secret; default "harmony-test-secret"
	DHCP    string // which DHCP server is enabled: kea (default) or dnsmasq
	// Interfaces are the firewall's assigned interfaces; default: wan
	// (203.0.113.2/24), lan (10.10.0.1/24 on VLAN 10, the lab's network)
	// and opt1 (10.20.0.1/24).
	Interfaces []Interface
	RequestLog io.Writer
	Addr       string // listen address; default 127.0.0.1:0
	// CertName, when set, serves a certificate naming only this DNS name,
	// as OPNsense's default web GUI certificate names only
	// <hostname>.<domain> (no address); default: a loopback certificate.
	CertName string
	// OnReconfigure, when set, runs a service's configuration for real,
	// as configd does before a firewall's reconfigure answers: it is
	// called with the service (kea, dnsmasq, unbound …, firewall/filter
	// for the filter's apply) after each reconfigure, outside the
	// simulator's lock, and an error leaves the service stopped (its
	// service/status says so).
	OnReconfigure func(ctx context.Context, service string) error
}

// Interface is one assigned interface of the firewall, as
// interfaces/overview/interfaces_info lists it.
type Interface struct {
	Identifier  string       // the interface key: wan, lan, opt1 …
	Description string       // default: the key upper-cased
	Device      string       // default: vtnetN, or vlan0.<tag> on a VLAN
	Address     netip.Prefix // the firewall's address and the network's length
	VLAN        int          // the 802.1Q tag of its device; 0: none
}

// ParseInterface reads KEY=ADDRESS/BITS[@VLAN][%DEVICE]
// (opt2=10.120.0.1/24@120, lan=10.79.0.1/24%br0): DEVICE is the
// interface's device, as on a firewall whose lan is br0.
func ParseInterface(s string) (Interface, error) {
	const form = "KEY=ADDRESS/BITS[@VLAN][%DEVICE]"
	key, rest, ok := strings.Cut(s, "=")
	rest, device, _ := strings.Cut(rest, "%")
	addr, vlan, tagged := strings.Cut(rest, "@")
	p, err := netip.ParsePrefix(addr)
	if !ok || key == "" || err != nil {
		return Interface{}, fmt.Errorf("interface %q is not %s", s, form)
	}
	i := Interface{Identifier: key, Address: p, Device: device}
	if tagged {
		if _, err := fmt.Sscan(vlan, &i.VLAN); err != nil || i.VLAN < 1 || i.VLAN > 4094 {
			return Interface{}, fmt.Errorf("interface %q: VLAN %q is not 1 to 4094", s, vlan)
		}
	}
	return i, nil
}

// String is the interface as ParseInterface reads it.
func (i Interface) String() string {
	s := i.Identifier + "=" + i.Address.String()
	if i.VLAN != 0 {
		s += fmt.Sprintf("@%d", i.VLAN)
	}
	if i.Device != "" {
		s += "%" + i.Device
	}
	return s
}

// DefaultInterfaces are the simulator's interfaces without Options.Interfaces.
func DefaultInterfaces() []Interface {
	return []Interface{
		{Identifier: "wan", Address: netip.MustParsePrefix("203.0.113.2/24")},
		{Identifier: "lan", Address: netip.MustParsePrefix("10.10.0.1/24"), VLAN: 10},
		{Identifier: "opt1", Address: netip.MustParsePrefix("10.20.0.1/24")},
	}
}

// Server is a running simulator.
type Server struct {
	URL  string
	opts Options
	http *httptest.Server

	mu      sync.Mutex
	state   *state
	log     []Request
	faults  []*Fault
	logSink *json.Encoder
	dirty   map[string]bool // services written since their reconfigure
	saves   int             // config.xml saves, each with a backup
}

// Backups is how many config backups OPNsense keeps: Config::backupCount's
// default (opnsense/core@25.7:src/opnsense/mvc/app/library/OPNsense/Core/Config.php).
const Backups = 100

// Revisions counts the config revisions the API's writes made — every
// successful add, set, del or toggle, and a model's set, saves config.xml
// and a backup (Config::save), changed or not — and how many of them the
// backups still hold: the firewall keeps the last Backups, so a run that
// makes more rotates away every backup the operator had.
func (s *Server) Revisions() (made, kept int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.saves, min(s.saves, Backups)
}

// Request is one logged request.
type Request struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
}

// Fault is a misbehaviour injected on requests whose path contains Match.
type Fault struct {
	Match  string        // a substring of the path, e.g. "/set_reservation/" or "service/reconfigure"
	Status int           // answer this status (with OPNsense's body for it) instead
	Delay  time.Duration // wait before answering (a client that gives up ends the request)
	// Busy is work that takes this long and is done whether or not the
	// client still waits, then answered: a reconfigure running configd
	// synchronously.
	Busy  time.Duration
	Drop  bool // close the connection without an answer
	Times int  // how many requests it hits; 0 means every one
}

// Start starts a simulator on loopback with a fresh self-signed
// certificate. Close it when done.
func Start(opts Options) (*Server, error) {
	if opts.Release == "" {
		opts.Release = "25.7"
	}
	if opts.Key == "" {
		opts.Key = "harmony-test-key"
	}
	if opts.Secret == "" {
		opts.Secret = "harmony-test-secret"
	}
	if opts.DHCP == "" {
		opts.DHCP = "kea"
	}
	if len(opts.Interfaces) == 0 {
		opts.Interfaces = DefaultInterfaces()
	}
	st, err := newState(opts.Release)
	if err != nil {
		return nil, err
	}
	st.dhcp, st.ifaces = opts.DHCP, opts.Interfaces
	for i := range st.ifaces {
		it := &st.ifaces[i]
		if it.Description == "" {
			it.Description = strings.ToUpper(it.Identifier)
		}
		if it.Device == "" {
			it.Device = fmt.Sprintf("vtnet%d", i)
			if it.VLAN != 0 {
				it.Device = fmt.Sprintf("vlan0.%d", it.VLAN)
			}
		}
	}
	// A firewall set up as a site's: its resolver on, and its DHCP server
	// (Kea, unless Dnsmasq was chosen) on and serving every interface
	// but the WAN (Dnsmasq: a range .100–.200 on each).
	if k := st.find("unbound/settings", ""); k != nil {
		k.items[""]["enabled"] = "1"
	}
	if k := st.find("kea/dhcpv4", ""); k != nil && st.dhcp == "kea" {
		var lans []string
		for _, i := range st.ifaces {
			if i.Identifier != "wan" {
				lans = append(lans, i.Identifier)
			}
		}
		k.items[""]["enabled"], k.items[""]["interfaces"] = "1", strings.Join(lans, ",")
	}
	if k := st.find("dnsmasq/settings", ""); k != nil && st.dhcp == "dnsmasq" {
		k.items[""]["enable"] = "1" // on every interface (interface empty), DHCP on all
	}
	if k := st.find("dnsmasq/settings", "range"); k != nil && st.dhcp == "dnsmasq" {
		for i, iface := range st.ifaces {
			if iface.Identifier == "wan" || !iface.Address.Addr().Is4() {
				continue
			}
			base := iface.Address.Masked().Addr().As4()
			from, to := base, base
			from[3], to[3] = 100, 200
			it := k.defaults()
			it["interface"], it["start_addr"], it["end_addr"] = iface.Identifier, netip.AddrFrom4(from).String(), netip.AddrFrom4(to).String()
			id := fmt.Sprintf("5e7a0c1d-2b3f-4c5d-8e9f-%012x", i+1)
			k.items[id] = it
			k.order = append(k.order, id)
		}
	}
	s := &Server{opts: opts, state: st}
	if opts.RequestLog != nil {
		s.logSink = json.NewEncoder(opts.RequestLog)
	}
	s.http = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.http.Config.ErrorLog = log.New(io.Discard, "", 0) // a client refusing the certificate is a test's point, not noise
	if opts.Addr != "" {
		l, err := net.Listen("tcp", opts.Addr)
		if err != nil {
			return nil, err
		}
		s.http.Listener.Close()
		s.http.Listener = l
	}
	if opts.CertName != "" {
		cert, err := dnsOnlyCert(opts.CertName)
		if err != nil {
			return nil, err
		}
		s.http.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	}
	s.http.StartTLS()
	s.URL = s.http.URL
	return s, nil
}

// Close stops the server.
func (s *Server) Close() { s.http.Close() }

// Release is the OPNsense release simulated.
func (s *Server) Release() string { return s.opts.Release }

// Credentials returns the key and secret the server accepts.
func (s *Server) Credentials() (key, secret string) { return s.opts.Key, s.opts.Secret }

// CAPEM returns the server certificate, PEM-encoded, for clients to trust.
func (s *Server) CAPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.http.Certificate().Raw})
}

// WriteCA writes the certificate to a file.
func (s *Server) WriteCA(path string) error { return os.WriteFile(path, s.CAPEM(), 0o644) }

// CertPool returns a pool trusting the server.
func (s *Server) CertPool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(s.http.Certificate())
	return p
}

// TLSConfig trusts the server.
func (s *Server) TLSConfig() *tls.Config { return &tls.Config{RootCAs: s.CertPool()} }

// Items returns a copy of the stored items of a kind (module as in the
// URL, e.g. kea/dhcpv4; name as in the actions, e.g. reservation): uuid →
// field path → value.
func (s *Server) Items(module, name string) map[string]map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]map[string]string{}
	if k := s.state.find(module, name); k != nil {
		for id, it := range k.items {
			c := map[string]string{}
			for p, v := range it {
				c[p] = v
			}
			out[id] = c
		}
	}
	return out
}

// Put stores fields on an item directly, as a person in the web GUI would
// (a hand-made object, or a manual change to a managed one), without
// validation. Fields not given keep their value (or default, when new).
func (s *Server) Put(module, name, uuid string, fields map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := s.state.find(module, name)
	if k == nil {
		panic("opnsensetest: no kind " + module + " " + name)
	}
	it, ok := k.items[uuid]
	if !ok {
		it = k.defaults()
		k.generate(it, fields)
		k.order = append(k.order, uuid)
	}
	for p, v := range fields {
		it[p] = v
	}
	k.items[uuid] = it
}

// Delete removes an item as a person in the web UI would.
func (s *Server) Delete(module, name, uuid string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k := s.state.find(module, name); k != nil {
		k.remove(uuid)
	}
}

// Inject adds a fault.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// Log returns the requests so far.
func (s *Server) Log() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// ResetLog forgets the requests so far.
func (s *Server) ResetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}

// Counts are the requests of a log by what they did.
type Counts struct {
	Reads, Writes, Applies int
}

// Count sorts logged requests into reads, writes (add, set, del, toggle)
// and applies (reconfigure, filter apply).
func Count(log []Request) Counts {
	var c Counts
	for _, r := range log {
		switch {
		case strings.Contains(r.Path, "/reconfigure") || strings.HasSuffix(r.Path, "/filter/apply") || strings.Contains(r.Path, "/filter/apply/"):
			c.Applies++
		case isWrite(r.Path):
			c.Writes++
		default:
			c.Reads++
		}
	}
	return c
}

// service is the part of OPNsense a path's write belongs to and whose
// reconfigure (or apply) makes it run: kea, unbound, haproxy,
// firewall/filter, firewall/alias, …
func service(path string) string {
	parts := strings.Split(strings.TrimPrefix(path, "/api/"), "/")
	if len(parts) >= 2 && parts[0] == "firewall" {
		return parts[0] + "/" + parts[1]
	}
	return parts[0]
}

// Unapplied lists the services with writes their reconfigure (or the
// filter's apply) has not taken yet, sorted: a firewall that is not
// running what its config says.
func (s *Server) Unapplied() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for k := range s.dirty {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func isWrite(path string) bool {
	for _, w := range []string{"/add_", "/set_", "/del_", "/toggle_", "/settings/set", "/general/set", "/dhcpv4/set"} {
		if strings.Contains(path, w) {
			return true
		}
	}
	return false
}

func (s *Server) record(r *http.Request, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	req := Request{Method: r.Method, Path: r.URL.Path, Status: status}
	s.log = append(s.log, req)
	if s.logSink != nil {
		_ = s.logSink.Encode(req)
	}
}

// fault returns the first fault that matches path, counting it.
func (s *Server) fault(path string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if strings.Contains(path, f.Match) {
			if f.Times > 0 {
				f.Times--
				if f.Times == 0 {
					s.faults = append(s.faults[:i], s.faults[i+1:]...)
				}
			}
			return f
		}
	}
	return nil
}

// serve is the API: route, faults, authentication, then the action.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rec := &statusWriter{ResponseWriter: w, status: 200}
	defer func() { s.record(r, rec.status) }()
	if f := s.fault(r.URL.Path); f != nil {
		if f.Busy > 0 {
			time.Sleep(f.Busy)
		}
		if f.Delay > 0 {
			select {
			case <-time.After(f.Delay):
			case <-r.Context().Done():
				return
			}
		}
		if f.Drop {
			if hj, ok := w.(http.Hijacker); ok {
				if c, _, err := hj.Hijack(); err == nil {
					c.Close()
					rec.status = 0
					return
				}
			}
		}
		if f.Status != 0 {
			writeError(rec, f.Status, "injected fault")
			return
		}
	}
	rt, ok := s.route(r)
	if !ok {
		writeJSON(rec, 404, map[string]any{"errorMessage": "Endpoint not found"}, false)
		return
	}
	user, pass, hasAuth := r.BasicAuth()
	if !hasAuth {
		rec.Header().Set("Location", "/?url="+r.URL.Path)
		rec.WriteHeader(401)
		return
	}
	if user != s.opts.Key || pass != s.opts.Secret {
		writeJSON(rec, 401, map[string]any{"status": 401, "message": "Authentication Failed"}, true)
		return
	}
	var body map[string]json.RawMessage
	if r.Method == http.MethodPost && strings.HasPrefix(strings.ToLower(strings.ReplaceAll(r.Header.Get("Content-Type"), " ", "")), "application/json") {
		data, _ := io.ReadAll(r.Body)
		if len(strings.TrimSpace(string(data))) == 0 {
			writeJSON(rec, 400, map[string]any{"status": 400, "message": "Invalid JSON syntax"}, true)
			return
		}
		_ = json.Unmarshal(data, &body) // not JSON: treated as no data, as OPNsense does
	}
	svc, applied := service(r.URL.Path), Count([]Request{{Path: r.URL.Path}}).Applies == 1
	s.mu.Lock()
	status, out := rt(r.Method, body)
	if status < 300 {
		// What is written and not yet taken: OPNsense runs a service on
		// its config only after the service's reconfigure (the filter's
		// apply).
		switch {
		case applied:
			delete(s.dirty, svc)
		case isWrite(r.URL.Path):
			// Only a write that saved has something for a reconfigure to take.
			if m, ok := out.(map[string]any); ok && m["result"] != "failed" && m["result"] != "not found" && m["result"] != nil {
				s.saves++
				if s.dirty == nil {
					s.dirty = map[string]bool{}
				}
				s.dirty[svc] = true
			}
		}
	}
	s.mu.Unlock()
	if status < 300 && applied && s.opts.OnReconfigure != nil {
		if err := s.opts.OnReconfigure(r.Context(), svc); err != nil {
			s.mu.Lock()
			s.state.started[svc] = false
			s.mu.Unlock()
		}
	}
	if status >= 500 {
		msg, _ := out.(string)
		writeError(rec, status, msg)
		return
	}
	if out == nil {
		rec.WriteHeader(status)
		return
	}
	writeJSON(rec, status, out, true)
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// writeJSON answers as OPNsense does: PHP's json_encode escapes "/".
func writeJSON(w http.ResponseWriter, status int, v any, success bool) {
	data, err := json.Marshal(v)
	if err != nil {
		status, data = 500, []byte(`{"errorMessage":"Unexpected error, check log for details"}`)
	}
	ct := "application/json;charset=utf-8"
	if success {
		data = []byte(strings.ReplaceAll(string(data), "/", `\/`))
		ct = "application/json; charset=UTF-8"
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// writeError answers with OPNsense's error body for status.
func writeError(w http.ResponseWriter, status int, msg string) {
	switch status {
	case 401:
		writeJSON(w, 401, map[string]any{"status": 401, "message": "Authentication Failed"}, true)
	case 403:
		writeJSON(w, 403, map[string]any{"status": 403, "message": "Forbidden"}, true)
	case 404:
		writeJSON(w, 404, map[string]any{"errorMessage": "Endpoint not found"}, false)
	default:
		if msg == "" || status != 500 {
			msg = "Unexpected error, check log for details"
		}
		body := map[string]any{"errorMessage": msg}
		if status == 500 && msg != "Unexpected error, check log for details" {
			body["errorTitle"] = "An error occurred"
			body["errorLevel"] = "error"
		}
		writeJSON(w, status, body, false)
	}
}

// dnsOnlyCert is a self-signed certificate for one DNS name and no address.
func dnsOnlyCert(name string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name}, DNSNames: []string{name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// Config is a module's part of config.xml as OPNsense's templates read
// it (configd renders them from the config as a tree,
// opnsense/core@25.7:src/opnsense/service/modules/config.py): its settings
// as nested values, each list as its items in the order they were added,
// each with its "@uuid" — values as stored (an option's key, a
// relation's uuid, a list comma-separated) — and, as there, an empty
// value or container left out (a template's default() then applies).
func (s *Server) Config(module string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	tree := map[string]any{}
	kinds := s.state.module(module)
	if len(kinds) > 0 {
		// What no kind holds reads as the model's defaults, as a saved
		// config.xml has them: the settings around the lists.
		if m := s.state.models[kinds[0].item.Model]; m != nil {
			for _, l := range m.Items.Leaves() { // lists left out
				v := l.Node.Field.Default
				if v == "" && l.Node.Type == "BooleanField" {
					v = "0"
				}
				setPath(tree, l.Path, v)
			}
		}
	}
	for _, k := range kinds {
		if k.item.Settings {
			for p, v := range k.items[""] {
				setPath(tree, strings.TrimPrefix(k.item.Path+"."+p, "."), v)
			}
			continue
		}
		var list []any
		for _, id := range k.order {
			item := map[string]any{"@uuid": id}
			for p, v := range k.items[id] {
				setPath(item, p, v)
			}
			list = append(list, item)
		}
		setPath(tree, k.item.Path, list)
	}
	prune(tree)
	return tree
}

// prune drops empty values and containers, as config.py's tree has none.
func prune(m map[string]any) bool {
	for k, v := range m {
		switch x := v.(type) {
		case string:
			if x == "" {
				delete(m, k)
			}
		case map[string]any:
			if !prune(x) {
				delete(m, k)
			}
		case []any:
			for _, it := range x {
				if im, ok := it.(map[string]any); ok {
					prune(im)
				}
			}
			if len(x) == 0 {
				delete(m, k)
			}
		}
	}
	return len(m) > 0
}
