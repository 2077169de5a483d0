// Package pxe serves network boot: per-MAC iPXE scripts rendered from the
// plan's pxe-boot profiles, selected by the MAC a machine asks with, a
// generic boot.ipxe that chains to them, an access log and metrics. The
// profiles live as files in a directory (written atomically), so a running
// server picks up a new plan without a restart; an HTTP API lets
// harmony-pxe apply change them remotely.
package pxe

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/template"
	"time"

	"github.com/google/renameio/v2"
	"github.com/nationtech/harmony-go/lib/domain"
)

// Profile is a stored boot profile: what the plan asks, and which step
// made it (so prune can tell its own).
type Profile struct {
	domain.PXEProfile
	Managed string `json:"managed"` // "harmony:<site> <step id>"
}

// Store keeps profiles as <dir>/<52-54-00-aa-00-01>.json.
type Store struct{ Dir string }

func (s Store) path(m domain.MAC) string { return filepath.Join(s.Dir, m.HexHyp()+".json") }

// Get reads the profile of a MAC; ok is false when there is none.
func (s Store) Get(m domain.MAC) (Profile, bool, error) {
	data, err := os.ReadFile(s.path(m))
	if errors.Is(err, os.ErrNotExist) {
		return Profile{}, false, nil
	}
	if err != nil {
		return Profile{}, false, err
	}
	var p Profile
	if err := json.Unmarshal(data, &p); err != nil {
		return Profile{}, false, fmt.Errorf("profile %s: %w", s.path(m), err)
	}
	return p, true, nil
}

// List reads every profile.
func (s Store) List() ([]Profile, error) {
	entries, err := os.ReadDir(s.Dir)
	if err != nil {
		return nil, err
	}
	var out []Profile
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok {
			continue
		}
		m, err := domain.ParseMAC(name)
		if err != nil {
			continue
		}
		p, found, err := s.Get(m)
		if err != nil {
			return nil, err
		}
		if found {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b Profile) int { return strings.Compare(a.MAC.String(), b.MAC.String()) })
	return out, nil
}

// Put writes a profile atomically: a temporary file renamed over the old.
func (s Store) Put(p Profile) error {
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return err
	}
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	// Atomically: the server reads profiles while they are written.
	return renameio.WriteFile(s.path(p.MAC), append(data, '\n'), 0o644, renameio.WithTempDir(s.Dir), renameio.WithStaticPermissions(0o644))
}

// Delete removes a profile.
func (s Store) Delete(m domain.MAC) error {
	err := os.Remove(s.path(m))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

var script = template.Must(template.New("ipxe").Parse(`#!ipxe
echo Harmony: booting {{.Host}} ({{.Role}}) from {{.MAC.HexHyp}}
kernel {{.Kernel}} initrd={{.InitrdName}}{{if .Args}} {{.Args}}{{end}}{{if .Ignition}} ignition.firstboot ignition.platform.id=metal ignition.config.url={{.Ignition}}{{end}} || goto retry
initrd {{.Initrd}} || goto retry
boot || goto retry
:retry
echo Harmony: booting {{.Host}} failed; trying again in {{.Retry}} s
sleep {{.Retry}}
reboot
`))

// Script renders the iPXE script of a profile. A failed download or boot
// waits retry seconds and reboots, so the machine tries again rather than
// falling through to another boot device.
func Script(p domain.PXEProfile, retry int) string {
	initrd := p.Initrd[strings.LastIndex(p.Initrd, "/")+1:]
	var b bytes.Buffer
	_ = script.Execute(&b, struct {
		domain.PXEProfile
		InitrdName string
		Retry      int
	}{p, initrd, retry})
	return b.String()
}

// bootScript is what every machine fetches first: it chains to the
// script of the MAC it booted from (iPXE expands ${mac:hexhyp}).
const bootScript = "#!ipxe\nchain ipxe/${mac:hexhyp}\n"

// Server is the HTTP boot server.
type Server struct {
	Store      Store
	AccessLog  io.Writer // JSON lines; nil for none
	Token      string    // bearer token the API needs; empty: the API is read-only
	RetryDelay int       // seconds a failed boot waits before it reboots; default 10

	logMu    sync.Mutex
	served   atomic.Int64
	unknown  atomic.Int64
	badMAC   atomic.Int64
	apiCalls atomic.Int64
}

// ServeHTTP routes: /boot.ipxe, /ipxe/<mac>, /metrics, /api/profiles[/<mac>].
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &statusWriter{ResponseWriter: w, status: 200}
	mac := ""
	defer func() { s.log(r, mac, rec.status) }()
	switch {
	case r.URL.Path == "/boot.ipxe":
		if q := r.URL.Query().Get("mac"); q != "" {
			mac = q
			s.serveScript(rec, q)
			return
		}
		rec.Header().Set("Content-Type", "text/plain")
		io.WriteString(rec, bootScript)
	case strings.HasPrefix(r.URL.Path, "/ipxe/"):
		mac = strings.TrimPrefix(r.URL.Path, "/ipxe/")
		s.serveScript(rec, mac)
	case r.URL.Path == "/metrics":
		s.metrics(rec)
	case r.URL.Path == "/api/profiles" || strings.HasPrefix(r.URL.Path, "/api/profiles/"):
		s.api(rec, r)
	default:
		http.NotFound(rec, r)
	}
}

func (s *Server) serveScript(w http.ResponseWriter, raw string) {
	m, err := domain.ParseMAC(raw)
	if err != nil {
		s.badMAC.Add(1)
		http.Error(w, "not a MAC address: "+raw, http.StatusBadRequest)
		return
	}
	p, ok, err := s.Store.Get(m)
	switch {
	case err != nil:
		http.Error(w, "cannot read the profile", http.StatusInternalServerError)
	case !ok:
		s.unknown.Add(1)
		http.Error(w, "no boot profile for "+m.String(), http.StatusNotFound)
	default:
		s.served.Add(1)
		retry := s.RetryDelay
		if retry <= 0 {
			retry = 10
		}
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, Script(p.PXEProfile, retry))
	}
}

func (s *Server) metrics(w http.ResponseWriter) {
	profiles, _ := s.Store.List()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	fmt.Fprintf(w, "# HELP harmony_pxe_scripts_total Boot scripts requested, by result.\n# TYPE harmony_pxe_scripts_total counter\n")
	fmt.Fprintf(w, "harmony_pxe_scripts_total{result=\"served\"} %d\n", s.served.Load())
	fmt.Fprintf(w, "harmony_pxe_scripts_total{result=\"unknown_mac\"} %d\n", s.unknown.Load())
	fmt.Fprintf(w, "harmony_pxe_scripts_total{result=\"bad_mac\"} %d\n", s.badMAC.Load())
	fmt.Fprintf(w, "# HELP harmony_pxe_profiles Boot profiles held.\n# TYPE harmony_pxe_profiles gauge\nharmony_pxe_profiles %d\n", len(profiles))
	fmt.Fprintf(w, "# HELP harmony_pxe_api_requests_total API requests.\n# TYPE harmony_pxe_api_requests_total counter\nharmony_pxe_api_requests_total %d\n", s.apiCalls.Load())
}

// api: GET lists the profiles; PUT and DELETE on /api/profiles/<mac>
// change one, with the bearer token.
func (s *Server) api(w http.ResponseWriter, r *http.Request) {
	s.apiCalls.Add(1)
	if r.Method != http.MethodGet {
		got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if s.Token == "" || subtle.ConstantTimeCompare([]byte(got), []byte(s.Token)) != 1 {
			http.Error(w, "changing profiles needs the server's token (Authorization: Bearer …)", http.StatusUnauthorized)
			return
		}
	}
	if r.URL.Path == "/api/profiles" {
		if r.Method != http.MethodGet {
			http.Error(w, "use GET", http.StatusMethodNotAllowed)
			return
		}
		ps, err := s.Store.List()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if ps == nil {
			ps = []Profile{}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(ps)
		return
	}
	m, err := domain.ParseMAC(strings.TrimPrefix(r.URL.Path, "/api/profiles/"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	switch r.Method {
	case http.MethodPut:
		var p Profile
		d := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
		d.DisallowUnknownFields()
		if err := d.Decode(&p); err != nil || p.MAC != m || p.Kernel == "" {
			http.Error(w, "want a profile of that MAC with a kernel", http.StatusBadRequest)
			return
		}
		if err := s.Store.Put(p); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case http.MethodDelete:
		if err := s.Store.Delete(m); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		http.Error(w, "use GET, PUT or DELETE", http.StatusMethodNotAllowed)
	}
}

type accessEntry struct {
	Time   string `json:"time"`
	Remote string `json:"remote"`
	Method string `json:"method"`
	Path   string `json:"path"`
	MAC    string `json:"mac,omitempty"`
	Status int    `json:"status"`
}

func (s *Server) log(r *http.Request, mac string, status int) {
	if s.AccessLog == nil {
		return
	}
	host, _, _ := net.SplitHostPort(r.RemoteAddr)
	if m, err := domain.ParseMAC(mac); err == nil {
		mac = m.String()
	}
	line, _ := json.Marshal(accessEntry{Time: time.Now().UTC().Format(time.RFC3339Nano), Remote: host,
		Method: r.Method, Path: r.URL.Path, MAC: mac, Status: status})
	s.logMu.Lock()
	defer s.logMu.Unlock()
	_, _ = s.AccessLog.Write(append(line, '\n'))
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}
