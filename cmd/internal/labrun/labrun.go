// Package labrun runs the embedded lab: for each device of a site it
// starts the simulator or real peer that stands for it on loopback (one
// entry per provider in peers), points the device at it, and writes a
// ready site, a known_hosts file and a 0600 secrets file; Down stops
// exactly what Up started. harmony-lab's up, status and down call it.
package labrun

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/nationtech/harmony-go/cmd/internal/document"
	"github.com/nationtech/harmony-go/cmd/internal/labvm"
	"github.com/nationtech/harmony-go/lib/domain"
	"go.yaml.in/yaml/v3"
)

// name prefixes what the lab says on stderr.
const name = "harmony-lab"

// The credentials the lab's simulated devices accept. They are test
// values, written to the lab's 0600 secrets file, never to the site.
const (
	opnsenseKey, opnsenseSecret = "harmony-test-key", "harmony-test-secret"
	switchUser, switchPassword  = "admin", "harmony-test-switch"
	pxeToken                    = "harmony-test-pxe-token"
	bmcUser, bmcPassword        = "admin", "secret" // ipmitest's
)

// state is what up started, in DIR/lab.json: down stops exactly that.
type state struct {
	Components []Component `json:"components"`
	// Network is the rack network up --vms made: down deletes it.
	Network *labvm.Network `json:"network,omitempty"`
}

// Component is one process the lab runs.
type Component struct {
	Name string `json:"name"` // the Site device (or "bmcs")
	Kind string `json:"kind"` // opnsense, switch, pxe, bmcs
	PID  int    `json:"pid"`
	Addr string `json:"addr,omitempty"`
	Log  string `json:"log"`
}

func statePath(dir string) string { return filepath.Join(dir, "lab.json") }

func readState(dir string) (*state, error) {
	b, err := os.ReadFile(statePath(dir))
	if err != nil {
		return nil, err
	}
	var s state
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", statePath(dir), err)
	}
	return &s, nil
}

// alive reports whether a process runs (and is not a zombie of ours).
func alive(pid int) bool {
	if pid <= 0 || syscall.Kill(pid, 0) != nil {
		return false
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	return len(f) == 0 || f[0] != "Z"
}

// InputError is an error in what Up was given (its --from documents):
// nothing was started.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func refused(err error) error { return &InputError{err} }

// Options are what Up needs.
type Options struct {
	Dir    string    // the lab's state directory
	From   string    // the site, inventory and scores to run
	Self   string    // the harmony-lab binary, whose subcommands run the simulators
	Stderr io.Writer // progress and warnings
	// VMs makes each host whose BMC the lab runs a QEMU VM that its BMC
	// powers, on a bridge where the lab's DHCP (dnsmasq) and PXE peers
	// serve at the site's own addresses.
	VMs bool
}

// Lab is a running lab.
type Lab struct {
	Dir        string
	Components []Component
	// Pipeline is the apply pipeline for the lab's site.
	Pipeline string
	// Already is set when the lab was up before: Up started nothing.
	Already bool
	// Network is the rack network of the hosts' VMs (with --vms).
	Network *labvm.Network
}

// Up starts what the site of opts.From needs, or finds it already up.
func Up(opts Options) (*Lab, error) {
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, refused(err)
	}
	if s, err := readState(dir); err == nil {
		var dead []string
		for _, comp := range s.Components {
			if !alive(comp.PID) {
				dead = append(dead, comp.Name)
			}
		}
		if len(dead) > 0 {
			return nil, fmt.Errorf("the lab in %s is partly down (%s): run harmony-lab down --dir %s, then up again", dir, strings.Join(dead, ", "), opts.Dir)
		}
		return &Lab{Dir: dir, Components: s.Components, Already: true}, nil
	}
	site, inv, scores, err := readSite(opts.From)
	if err != nil {
		return nil, refused(err)
	}
	for _, sub := range []string{"site", "logs"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, err
		}
	}
	u := &upRun{launcher: launcher{dir: dir, stderr: opts.Stderr}, self: opts.Self, inv: inv, site: site,
		secrets: map[string]string{}, invPath: filepath.Join(dir, "site", "inventory.yaml")}
	if opts.VMs {
		if err := labvm.Available(); err != nil {
			return nil, refused(fmt.Errorf("%w; or run the lab without --vms", err))
		}
		u.net, u.machines = rack(dir, site, inv)
		if err := u.net.Up(); err != nil {
			return nil, err
		}
	}
	ok := false
	defer func() {
		if !ok {
			u.stopAll()
			if u.net != nil {
				_ = u.net.Down()
			}
		}
	}()
	if err := writeYAML(u.invPath, inv, 0o644); err != nil { // the switches read its cabling
		return nil, err
	}
	var stages []string
	for i := range site.Spec.Devices {
		dev := &site.Spec.Devices[i]
		p, ok := peers[dev.Provider]
		if !ok || p.start == nil {
			continue // no peer in the lab (see peers); its steps pass through
		}
		if err := p.start(u, dev); errors.Is(err, errNotHere) {
			continue
		} else if err != nil {
			fmt.Fprintf(opts.Stderr, "%s: %s: %v; the lab runs without it\n", name, dev.Name, err)
			continue
		}
		if u.err != nil {
			return nil, u.err
		}
		stages = append(stages, p.stage(dir))
	}
	if err := writeYAML(filepath.Join(dir, "site", "site.yaml"), site, 0o644); err != nil {
		return nil, err
	}
	if err := writeYAML(u.invPath, u.inv, 0o644); err != nil {
		return nil, err
	}
	for i, f := range scores {
		b, err := os.ReadFile(f)
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, "site", fmt.Sprintf("scores-%d.yaml", i+1)), b, 0o644)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "known_hosts"), []byte(strings.Join(u.knownHosts, "\n")+"\n"), 0o644); err != nil {
		return nil, err
	}
	if err := writeYAML(filepath.Join(dir, "secrets.yaml"), u.secrets, 0o600); err != nil {
		return nil, err
	}
	b, _ := json.MarshalIndent(state{Components: u.started, Network: u.net}, "", "  ")
	if err := os.WriteFile(statePath(dir), b, 0o644); err != nil {
		return nil, err
	}
	ok = true
	pipe := append([]string{"harmony-plan " + filepath.Join(dir, "site")}, slices.Compact(stages)...)
	return &Lab{Dir: dir, Components: u.started, Pipeline: strings.Join(pipe, " | "), Network: u.net}, nil
}

// readSite reads the Site, the Inventory and the files of the Scores of a
// site's documents.
func readSite(from string) (site domain.Site, inv domain.Inventory, scores []string, err error) {
	docs, err := document.ReadPaths([]string{from}, nil)
	if err != nil {
		return site, inv, nil, err
	}
	kinds := map[string][]string{}
	for _, d := range docs {
		kinds[d.File] = append(kinds[d.File], d.Kind)
		switch d.Kind {
		case domain.KindSite:
			err = d.Decode(&site)
		case domain.KindInventory:
			err = d.Decode(&inv)
		case domain.KindScores:
			if !slices.Contains(scores, d.File) {
				scores = append(scores, d.File)
			}
		}
		if err != nil {
			return site, inv, nil, err
		}
	}
	for _, f := range scores {
		if slices.ContainsFunc(kinds[f], func(k string) bool { return k != domain.KindScores }) {
			return site, inv, nil, &domain.FieldError{Msg: fmt.Sprintf("%s holds Scores with other documents", f), Hint: "keep the Scores in files of their own"}
		}
	}
	if site.Metadata.Name == "" || inv.Metadata.Name == "" {
		return site, inv, nil, &domain.FieldError{Msg: fmt.Sprintf("%s has no Site and Inventory", from), Hint: "give --from a directory with the site's documents"}
	}
	return site, inv, scores, nil
}

// upRun is one Up: what its peers add to the site as they start.
type upRun struct {
	launcher
	self       string
	site       domain.Site
	inv        domain.Inventory
	invPath    string
	secrets    map[string]string
	knownHosts []string
	// With --vms: the rack network and each host's machine, by name.
	net      *labvm.Network
	machines map[string]labvm.Host
}

// launcher starts the lab's processes, each in its own session so an
// interrupt of the caller does not reach them; down stops them.
type launcher struct {
	dir     string
	stderr  io.Writer
	started []Component
	err     error
}

// addr picks a free loopback address for a component to listen on.
func (l *launcher) addr() string {
	if l.err != nil {
		return ""
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		l.err = err
		return ""
	}
	defer ln.Close()
	return ln.Addr().String()
}

func (l *launcher) start(name, kind, addr, bin string, env []string, args ...string) {
	if l.err != nil {
		return
	}
	logPath := filepath.Join(l.dir, "logs", name+".log")
	log, err := os.Create(logPath)
	if err != nil {
		l.err = err
		return
	}
	defer log.Close()
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		l.err = fmt.Errorf("starting %s (%s): %w", name, bin, err)
		return
	}
	go func() { _ = cmd.Wait() }() // reaped if it dies while up runs
	l.started = append(l.started, Component{Name: name, Kind: kind, PID: cmd.Process.Pid, Addr: addr, Log: logPath})
}

// wait polls ready for 10 s; the component's log says why it is not.
func (l *launcher) wait(name string, ready func() bool) { l.waitFor(name, 10*time.Second, ready) }

func (l *launcher) waitFor(name string, d time.Duration, ready func() bool) {
	if l.err != nil {
		return
	}
	for deadline := time.Now().Add(d); time.Now().Before(deadline); {
		if ready() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	log, _ := os.ReadFile(filepath.Join(l.dir, "logs", name+".log"))
	l.err = fmt.Errorf("%s did not come up within %s; its log:\n%s", name, d, log)
}

func (l *launcher) stopAll() { stop(l.started, l.stderr) }

// stop terminates each component's process group (SIGTERM: the lab's
// own and dnsmasq end on it), then kills what is left after 5 s.
func stop(comps []Component, stderr io.Writer) {
	for _, c := range comps {
		if alive(c.PID) {
			_ = syscall.Kill(-c.PID, syscall.SIGTERM)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for _, c := range comps {
		for alive(c.PID) && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if alive(c.PID) {
			_ = syscall.Kill(-c.PID, syscall.SIGKILL)
			fmt.Fprintf(stderr, "%s: %s (pid %d) did not stop on SIGTERM; killed\n", name, c.Name, c.PID)
		}
	}
}

// ErrNoLab is a directory where no lab runs.
var ErrNoLab = errors.New("no lab")

// Status returns what the lab in dir runs, each component with whether
// it is alive.
func Status(dir string) ([]Component, []bool, error) {
	s, err := readState(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("%w in %s: start one with harmony-lab up --dir %s", ErrNoLab, dir, dir)
	}
	if err != nil {
		return nil, nil, err
	}
	up := make([]bool, len(s.Components))
	for i, c := range s.Components {
		up[i] = alive(c.PID)
	}
	return s.Components, up, nil
}

// Down stops exactly what Up started in dir and returns how many
// components that was; ErrNoLab when there is none.
func Down(dir string, stderr io.Writer) (int, error) {
	s, err := readState(dir)
	if errors.Is(err, os.ErrNotExist) {
		return 0, fmt.Errorf("%w in %s", ErrNoLab, dir)
	}
	if err != nil {
		return 0, err
	}
	stop(s.Components, stderr)
	if s.Network != nil {
		if err := s.Network.Down(); err != nil {
			return 0, err
		}
	}
	if err := os.Remove(statePath(dir)); err != nil {
		return 0, err
	}
	return len(s.Components), nil
}

// writeYAML writes v as YAML with the keys of its JSON form (the
// documents' field names), atomically enough for a lab: a temp file
// renamed.
func writeYAML(path string, v any, mode os.FileMode) error {
	j, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var n yaml.Node
	if err := yaml.Unmarshal(j, &n); err != nil {
		return err
	}
	blockStyle(&n)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return err
	}
	out := buf.Bytes()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, out, mode); err != nil {
		return err
	}
	if err := os.Chmod(tmp, mode); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// blockStyle turns the flow style JSON parses into block style, but for
// short lists of scalars.
func blockStyle(n *yaml.Node) {
	n.Style &^= yaml.FlowStyle
	if n.Kind == yaml.SequenceNode && len(n.Content) > 0 && n.Content[0].Kind == yaml.ScalarNode {
		n.Style |= yaml.FlowStyle
	}
	for _, c := range n.Content {
		if c.Kind == yaml.ScalarNode {
			c.Style &^= yaml.DoubleQuotedStyle
		}
		blockStyle(c)
	}
}

// Sibling finds another Harmony tool next to this one, else on PATH.
func Sibling(self, name string) (string, error) {
	p := filepath.Join(filepath.Dir(self), name)
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s is neither next to %s nor on PATH: make build", name, self)
	}
	return p, nil
}

func nonEmpty(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Size() > 0
}

// listening reports whether something accepts TCP connections at addr.
func listening(addr string) bool {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return false
	}
	c.Close()
	return true
}
