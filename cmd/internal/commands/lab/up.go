package lab

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
	"text/tabwriter"
	"time"

	"github.com/nationtech/harmony-go/cmd/internal/document"
	"github.com/nationtech/harmony-go/cmd/internal/tool"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/ipmi/ipmitest"
	"github.com/urfave/cli/v2"
	"go.yaml.in/yaml/v3"
)

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
	Components []component `json:"components"`
}

type component struct {
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

func labCommands(stdout, stderr io.Writer) []*cli.Command {
	dirFlag := &cli.StringFlag{Name: "dir", Value: ".harmony-lab", Usage: "the lab's state directory"}
	return []*cli.Command{{
		Name:  "up",
		Usage: "start everything the site needs on loopback and write a ready site (DIR/site/) and secrets file",
		Flags: []cli.Flag{dirFlag,
			&cli.StringFlag{Name: "from", Value: "inventory/examples/lab", Usage: "the site, inventory and scores to run"}},
		Action: func(c *cli.Context) error { return up(c, stderr) },
	}, {
		Name:   "status",
		Usage:  "print what the lab runs and whether it is alive (exit 1 when something is down)",
		Flags:  []cli.Flag{dirFlag},
		Action: func(c *cli.Context) error { return status(c, stdout) },
	}, {
		Name:   "down",
		Usage:  "stop exactly what up started",
		Flags:  []cli.Flag{dirFlag},
		Action: func(c *cli.Context) error { return down(c, stderr) },
	}}
}

func up(c *cli.Context, stderr io.Writer) error {
	dir, err := filepath.Abs(c.String("dir"))
	if err != nil {
		return tool.Refused(err)
	}
	if s, err := readState(dir); err == nil {
		var dead []string
		for _, comp := range s.Components {
			if !alive(comp.PID) {
				dead = append(dead, comp.Name)
			}
		}
		if len(dead) > 0 {
			return tool.Failed(fmt.Errorf("the lab in %s is partly down (%s): run harmony-lab down --dir %s, then up again", dir, strings.Join(dead, ", "), c.String("dir")))
		}
		fmt.Fprintf(stderr, "%s: the lab in %s is already up (%d components); nothing started\n", Name, dir, len(s.Components))
		return nil
	}
	docs, err := document.ReadPaths([]string{c.String("from")}, nil)
	if err != nil {
		return tool.Refused(err)
	}
	var site domain.Site
	var inv domain.Inventory
	var scores []string // the files of the Scores documents
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
			return tool.Refused(err)
		}
	}
	for _, f := range scores {
		if slices.ContainsFunc(kinds[f], func(k string) bool { return k != domain.KindScores }) {
			return tool.Refused(&domain.FieldError{Msg: fmt.Sprintf("%s holds Scores with other documents", f), Hint: "keep the Scores in files of their own"})
		}
	}
	if site.Metadata.Name == "" || inv.Metadata.Name == "" {
		return tool.Refused(&domain.FieldError{Msg: fmt.Sprintf("%s has no Site and Inventory", c.String("from")), Hint: "give --from a directory with the site's documents"})
	}
	for _, sub := range []string{"site", "logs"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return tool.Failed(err)
		}
	}
	self, err := os.Executable()
	if err == nil {
		self, err = sibling(self, Name) // this binary, or the harmony-lab on PATH
	}
	if err != nil {
		return tool.Failed(err)
	}
	l := &launcher{dir: dir, stderr: stderr}
	defer func() {
		if l.err != nil {
			l.stopAll()
		}
	}()
	secrets := map[string]string{}
	var knownHosts []string
	invPath := filepath.Join(dir, "site", "inventory.yaml")
	if err := writeYAML(invPath, inv, 0o644); err != nil { // the switches read its cabling
		return tool.Failed(err)
	}
	for i := range site.Spec.Devices {
		dev := &site.Spec.Devices[i]
		switch dev.Provider {
		case "opnsense":
			addr := l.addr()
			ca := filepath.Join(dir, dev.Name+"-ca.pem")
			l.start(dev.Name, "opnsense", addr, self, nil, "opnsense", "--addr", addr,
				"--key", opnsenseKey, "--secret", opnsenseSecret, "--ca-out", ca, "--request-log", filepath.Join(dir, "logs", dev.Name+"-requests.jsonl"))
			l.wait(dev.Name, func() bool { return nonEmpty(ca) })
			dev.Endpoint, dev.CAFile = "https://"+addr, ca
			secrets[dev.SecretRef] = opnsenseKey + ":" + opnsenseSecret
		case "brocade-fastiron":
			addr := l.addr()
			kh := filepath.Join(dir, dev.Name+".known_hosts")
			l.start(dev.Name, "switch", addr, self, nil, "switch", "--addr", addr, "--name", dev.Name,
				"--user", switchUser, "--password", switchPassword, "--inventory", invPath, "--host-key-out", kh,
				"--command-log", filepath.Join(dir, "logs", dev.Name+"-commands.jsonl"))
			l.wait(dev.Name, func() bool { return nonEmpty(kh) })
			line, _ := os.ReadFile(kh)
			knownHosts = append(knownHosts, strings.TrimSpace(string(line)))
			dev.Endpoint = "ssh://" + addr
			secrets[dev.SecretRef] = switchUser + ":" + switchPassword
		case "harmony-pxe":
			addr := l.addr()
			pxe, err := sibling(self, "harmony-pxe")
			if err != nil {
				return tool.Failed(err)
			}
			l.start(dev.Name, "pxe", addr, pxe, []string{"HARMONY_PXE_TOKEN=" + pxeToken}, "serve", "--addr", addr,
				"--dir", filepath.Join(dir, dev.Name), "--access-log", filepath.Join(dir, "logs", dev.Name+"-access.jsonl"))
			l.wait(dev.Name, func() bool { return listening(addr) })
			dev.Endpoint = "http://" + addr
			secrets[dev.SecretRef] = pxeToken
		case "kubernetes":
			bins := os.Getenv("HARMONY_KUBE_BINS")
			if bins == "" {
				fmt.Fprintf(stderr, "%s: %s: no kube-apiserver (set HARMONY_KUBE_BINS to the directory scripts/kube-bins.sh prints); the lab runs without it\n", Name, dev.Name)
				continue
			}
			kc := filepath.Join(dir, dev.Name+".kubeconfig")
			l.start(dev.Name, "kube", "", self, nil, "kube", "--dir", filepath.Join(dir, dev.Name), "--kubeconfig-out", kc, "--bins", bins)
			l.waitFor(dev.Name, 90*time.Second, func() bool { return nonEmpty(kc) })
			dev.Kubeconfig, dev.Context = kc, ""
		case "ipmi":
			if err := ipmitest.Available(); err != nil {
				fmt.Fprintf(stderr, "%s: %v; the lab runs without power control (the power steps stay PLANNED)\n", Name, err)
				continue
			}
			out := filepath.Join(dir, "bmc-addrs")
			l.start(dev.Name, "bmcs", "", self, nil, "bmcs", "--count", fmt.Sprint(len(inv.Spec.Hosts)), "--dir", filepath.Join(dir, "bmcs"), "--out", out)
			l.wait(dev.Name, func() bool { return nonEmpty(out) })
			b, _ := os.ReadFile(out)
			addrs := strings.Fields(string(b))
			for h := range inv.Spec.Hosts {
				if inv.Spec.Hosts[h].BMC != nil && h < len(addrs) {
					inv.Spec.Hosts[h].BMC.Address = addrs[h]
				}
			}
			secrets[dev.SecretRef] = bmcUser + ":" + bmcPassword
		}
		if l.err != nil {
			return tool.Failed(l.err)
		}
	}
	if err := writeYAML(filepath.Join(dir, "site", "site.yaml"), site, 0o644); err != nil {
		return tool.Failed(err)
	}
	if err := writeYAML(invPath, inv, 0o644); err != nil {
		return tool.Failed(err)
	}
	for i, f := range scores {
		b, err := os.ReadFile(f)
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, "site", fmt.Sprintf("scores-%d.yaml", i+1)), b, 0o644)
		}
		if err != nil {
			return tool.Failed(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "known_hosts"), []byte(strings.Join(knownHosts, "\n")+"\n"), 0o644); err != nil {
		return tool.Failed(err)
	}
	if err := writeYAML(filepath.Join(dir, "secrets.yaml"), secrets, 0o600); err != nil {
		return tool.Failed(err)
	}
	b, _ := json.MarshalIndent(state{Components: l.started}, "", "  ")
	if err := os.WriteFile(statePath(dir), b, 0o644); err != nil {
		return tool.Failed(err)
	}
	fmt.Fprintf(stderr, "%s: the lab is up in %s: %d components\n", Name, dir, len(l.started))
	for _, comp := range l.started {
		fmt.Fprintf(stderr, "  %-6s %-8s pid %-7d %s\n", comp.Name, comp.Kind, comp.PID, comp.Addr)
	}
	pipe := []string{"harmony-plan " + filepath.Join(dir, "site")}
	for _, comp := range l.started {
		switch comp.Kind {
		case "opnsense":
			pipe = append(pipe, "harmony-apply-opnsense")
		case "switch":
			pipe = append(pipe, "harmony-switch apply --known-hosts "+filepath.Join(dir, "known_hosts"))
		case "pxe":
			pipe = append(pipe, "harmony-pxe apply")
		case "bmcs":
			pipe = append(pipe, "harmony-bmc apply --cipher 3")
		case "kube":
			pipe = append(pipe, "harmony-k8s")
		}
	}
	fmt.Fprintf(stderr, "%s: use it with\n  export HARMONY_SECRETS_FILE=%s\n  %s | harmony-report\n",
		Name, filepath.Join(dir, "secrets.yaml"), strings.Join(slices.Compact(pipe), " | "))
	return nil
}

// launcher starts the lab's processes, each in its own session so an
// interrupt of the caller does not reach them; down stops them.
type launcher struct {
	dir     string
	stderr  io.Writer
	started []component
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
	l.started = append(l.started, component{Name: name, Kind: kind, PID: cmd.Process.Pid, Addr: addr, Log: logPath})
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

// stop interrupts each component's process group, then kills what is
// left after 5 s.
func stop(comps []component, stderr io.Writer) {
	for _, c := range comps {
		if alive(c.PID) {
			_ = syscall.Kill(-c.PID, syscall.SIGINT)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for _, c := range comps {
		for alive(c.PID) && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if alive(c.PID) {
			_ = syscall.Kill(-c.PID, syscall.SIGKILL)
			fmt.Fprintf(stderr, "%s: %s (pid %d) did not stop on an interrupt; killed\n", Name, c.Name, c.PID)
		}
	}
}

func status(c *cli.Context, stdout io.Writer) error {
	s, err := readState(c.String("dir"))
	if errors.Is(err, os.ErrNotExist) {
		return tool.Failed(fmt.Errorf("no lab in %s: start one with harmony-lab up --dir %s", c.String("dir"), c.String("dir")))
	}
	if err != nil {
		return tool.Failed(err)
	}
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "COMPONENT\tKIND\tPID\tSTATE\tADDRESS")
	down := 0
	for _, comp := range s.Components {
		st := "up"
		if !alive(comp.PID) {
			st, down = "DOWN", down+1
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\n", comp.Name, comp.Kind, comp.PID, st, comp.Addr)
	}
	_ = w.Flush()
	if down > 0 {
		return tool.Failed(fmt.Errorf("%d of %d components are down: harmony-lab down, then up", down, len(s.Components)))
	}
	return nil
}

func down(c *cli.Context, stderr io.Writer) error {
	s, err := readState(c.String("dir"))
	if errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(stderr, "%s: no lab in %s; nothing to stop\n", Name, c.String("dir"))
		return nil
	}
	if err != nil {
		return tool.Failed(err)
	}
	stop(s.Components, stderr)
	if err := os.Remove(statePath(c.String("dir"))); err != nil {
		return tool.Failed(err)
	}
	fmt.Fprintf(stderr, "%s: stopped %d components\n", Name, len(s.Components))
	return nil
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

// sibling finds another Harmony tool next to this one, else on PATH.
func sibling(self, name string) (string, error) {
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
