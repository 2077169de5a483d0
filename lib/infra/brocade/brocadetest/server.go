// Package brocadetest is a FastIron (ICX) switch that speaks SSH on
// loopback, for harmony-switch's tests and the embedded lab: 08.0.95 by
// default (LAG virtual interfaces), or a release before 08.0.61 (LAGs
// with a primary port and deploy, dual-mode), chosen by Config.Version. It holds a
// switch's configuration (VLANs, LACP LAGs, port names) and facts (LLDP
// neighbours, MAC table) and answers the CLI as the real switch does, as
// docs/reference/brocade-fastiron.md specifies: modes and prompts,
// character echo, paging until skip-page-display, the error and
// informational texts, the running config rendering, write memory to the
// startup config. It logs every command with its mode and can inject
// faults: a dropped connection, slow answers, refused logins.
package brocadetest

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// Config describes a simulated switch.
type Config struct {
	Hostname       string // default sw1
	Ports          int    // ports 1/1/1 … 1/1/N; default 48
	User, Password string
	// AuthorizedKeys may log in by public key as User.
	AuthorizedKeys []ssh.PublicKey
	// EnablePassword, when set, is asked for after enable
	// (enable super-user-password).
	EnablePassword string
	// EnableAAA makes enable authenticate a local user, as "aaa
	// authentication enable default local" does: it asks for a user name
	// (EnableUserPrompt, default "User Name:"; 09.0.x prints "Login:") and
	// then that user's password (or EnablePassword when set).
	EnableAAA        bool
	EnableUserPrompt string
	// EnablePasswordPrompt is the password prompt; default "Password:",
	// some releases print "Local_Password:".
	EnablePasswordPrompt string
	Version              string // default 08.0.95kT213
	// HostKeySeed makes the host key (ed25519) deterministic; default:
	// derived from the host name.
	HostKeySeed string
	// CommandLog, when set, gets a JSON line {"mode","command"} per command.
	CommandLog io.Writer
	// SaveAnswer is what write memory prints once it has saved; default
	// "Write startup-config done.".
	SaveAnswer string
	LLDP       []Neighbor
	MACs       []MACEntry
}

// Neighbor is an LLDP neighbour seen on a port.
type Neighbor struct {
	Port       string // 1/1/1
	ChassisMAC string // the neighbour's chassis ID: one per host, whichever of its ports is cabled
	// PortMAC is the neighbour port's MAC (Port ID (MAC address)); empty,
	// the Port ID is locally assigned: PortDescription, quoted, as
	// many hosts' LLDP agents send their interface name.
	PortMAC         string
	PortDescription string // the neighbour's interface name, e.g. eno1
	SystemName      string
}

// MACEntry is a MAC address learned on a port.
type MACEntry struct {
	MAC  string
	Port string
}

// Command is one line a client sent, with the mode it was sent in.
type Command struct {
	Mode    string `json:"mode"`
	Command string `json:"command"`
}

// Switch is a running simulated switch.
type Switch struct {
	cfg        Config
	signer     ssh.Signer
	mu         sync.Mutex // guards everything below
	running    *config
	startup    *config
	saves      int
	log        []Command
	sessions   int
	active     int // sessions open now
	peak       int // the most open at once
	dropAfter  int // commands before the connection drops; 0 means never
	slow       time.Duration
	refuseAuth bool
	answers    []*answerFault
	listener   net.Listener
	conns      map[net.Conn]bool
	wg         sync.WaitGroup
}

// New makes a switch with an empty configuration (VLAN 1 only).
func New(cfg Config) *Switch {
	if cfg.Hostname == "" {
		cfg.Hostname = "sw1"
	}
	if cfg.Ports == 0 {
		cfg.Ports = 48
	}
	if cfg.SaveAnswer == "" {
		cfg.SaveAnswer = "Write startup-config done."
	}
	if cfg.EnableUserPrompt == "" {
		cfg.EnableUserPrompt = "User Name:"
	}
	if cfg.EnablePasswordPrompt == "" {
		cfg.EnablePasswordPrompt = "Password:"
	}
	if cfg.Version == "" {
		cfg.Version = "08.0.95kT213"
	}
	seed := cfg.HostKeySeed
	if seed == "" {
		seed = "brocadetest " + cfg.Hostname
	}
	sum := sha256.Sum256([]byte(seed))
	signer, err := ssh.NewSignerFromKey(ed25519.NewKeyFromSeed(sum[:]))
	if err != nil {
		panic(err) // a 32-byte seed always makes a key
	}
	c := newConfig(cfg.Hostname, cfg.Ports)
	return &Switch{cfg: cfg, signer: signer, running: c, startup: c.clone(), conns: map[net.Conn]bool{}}
}

// Start listens on addr (e.g. 127.0.0.1:0) and serves until Close.
func (sw *Switch) Start(addr string) (string, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	sw.mu.Lock()
	sw.listener = l
	sw.mu.Unlock()
	sw.wg.Add(1)
	go func() {
		defer sw.wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			sw.mu.Lock()
			sw.conns[c] = true
			sw.mu.Unlock()
			sw.wg.Add(1)
			go func() {
				defer sw.wg.Done()
				sw.serve(c)
				sw.mu.Lock()
				delete(sw.conns, c)
				sw.mu.Unlock()
			}()
		}
	}()
	return l.Addr().String(), nil
}

// Close stops the switch and ends its sessions.
func (sw *Switch) Close() {
	sw.mu.Lock()
	if sw.listener != nil {
		sw.listener.Close()
	}
	for c := range sw.conns {
		c.Close()
	}
	sw.mu.Unlock()
	sw.wg.Wait()
}

// HostKey is the switch's public host key.
func (sw *Switch) HostKey() ssh.PublicKey { return sw.signer.PublicKey() }

// KnownHostsLine is the known_hosts line for the switch at addr.
func (sw *Switch) KnownHostsLine(addr string) string {
	return knownhosts.Line([]string{knownhosts.Normalize(addr)}, sw.HostKey())
}

// Exec runs configuration lines as an operator at the console would
// (from privileged EXEC, after configure terminal), outside any session
// and the command log: a test's hand-made configuration. It returns the
// switch's answers.
func (sw *Switch) Exec(lines ...string) string {
	s := &session{sw: sw, mode: mode{level: 2}}
	var out strings.Builder
	for _, l := range lines {
		out.WriteString(s.run(l).out)
	}
	return out.String()
}

// RunningConfig is show running-config.
func (sw *Switch) RunningConfig() string {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	return sw.running.render(sw.cfg.Version)
}

// StartupConfig is show configuration: what write memory saved.
func (sw *Switch) StartupConfig() string {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	return sw.startup.render(sw.cfg.Version)
}

// Saves counts write memory commands.
func (sw *Switch) Saves() int {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	return sw.saves
}

// Sessions counts the CLI sessions opened.
func (sw *Switch) Sessions() int {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	return sw.sessions
}

// PeakSessions is the most CLI sessions that were open at once.
func (sw *Switch) PeakSessions() int {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	return sw.peak
}

// Commands is the command log so far.
func (sw *Switch) Commands() []Command {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	return append([]Command(nil), sw.log...)
}

// ConfigCommands counts the logged commands that change the configuration
// or save it: anything sent in a configuration mode, configure terminal
// and write memory.
func ConfigCommands(log []Command) int {
	n := 0
	for _, c := range log {
		if strings.HasPrefix(c.Mode, "config") || strings.HasPrefix(c.Command, "conf") || strings.HasPrefix(c.Command, "wr") {
			n++
		}
	}
	return n
}

// DropAfter makes the switch drop the connection when it receives a
// command after n more commands (0: never).
func (sw *Switch) DropAfter(n int) {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	sw.dropAfter = n
	if n > 0 {
		sw.dropAfter = len(sw.log) + n
	}
}

// Slow delays every answer by d.
func (sw *Switch) Slow(d time.Duration) {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	sw.slow = d
}

// RefuseAuth makes every login fail.
func (sw *Switch) RefuseAuth(refuse bool) {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	sw.refuseAuth = refuse
}

// answerFault is an answer given instead of a command's own.
type answerFault struct {
	command, out string
	times        int // how many more times; <0: always
}

// Answer makes the switch answer command (as typed) with out instead of
// running it, times times (0: every time): the errors a real switch
// prints where output is expected ("Command authorization failed",
// "Flash access in progress. Please try later"), or a cut-off output.
func (sw *Switch) Answer(command, out string, times int) {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	if times == 0 {
		times = -1
	}
	sw.answers = append(sw.answers, &answerFault{command: command, out: out, times: times})
}

func (sw *Switch) answerFor(command string) (string, bool) {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	for _, a := range sw.answers {
		if a.command == command && a.times != 0 {
			a.times--
			if a.out != "" && !strings.HasSuffix(a.out, "\n") {
				return a.out + "\n", true // a line of its own, before the prompt
			}
			return a.out, true
		}
	}
	return "", false
}

func (sw *Switch) serverConfig() *ssh.ServerConfig {
	refused := func() bool {
		sw.mu.Lock()
		defer sw.mu.Unlock()
		return sw.refuseAuth
	}
	c := &ssh.ServerConfig{
		PasswordCallback: func(m ssh.ConnMetadata, pw []byte) (*ssh.Permissions, error) {
			if !refused() && m.User() == sw.cfg.User && string(pw) == sw.cfg.Password {
				return nil, nil
			}
			return nil, errors.New("wrong user name or password")
		},
		KeyboardInteractiveCallback: func(m ssh.ConnMetadata, ch ssh.KeyboardInteractiveChallenge) (*ssh.Permissions, error) {
			ans, err := ch(m.User(), "", []string{"Password: "}, []bool{false})
			if err == nil && len(ans) == 1 && !refused() && m.User() == sw.cfg.User && ans[0] == sw.cfg.Password {
				return nil, nil
			}
			return nil, errors.New("wrong user name or password")
		},
		PublicKeyCallback: func(m ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
			for _, k := range sw.cfg.AuthorizedKeys {
				if !refused() && m.User() == sw.cfg.User && string(k.Marshal()) == string(key.Marshal()) {
					return nil, nil
				}
			}
			return nil, errors.New("key not authorized")
		},
	}
	c.AddHostKey(sw.signer)
	return c
}

func (sw *Switch) serve(c net.Conn) {
	defer c.Close()
	conn, chans, reqs, err := ssh.NewServerConn(c, sw.serverConfig())
	if err != nil {
		return
	}
	defer conn.Close()
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		if nc.ChannelType() != "session" {
			_ = nc.Reject(ssh.UnknownChannelType, "only session channels")
			continue
		}
		ch, creqs, err := nc.Accept()
		if err != nil {
			return
		}
		shell, gone := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(gone) // the channel's requests end with the connection
			once := sync.Once{}
			for r := range creqs {
				switch r.Type {
				case "pty-req", "env", "window-change":
					_ = r.Reply(true, nil)
				case "shell":
					_ = r.Reply(true, nil)
					once.Do(func() { close(shell) })
				default:
					_ = r.Reply(false, nil)
				}
			}
		}()
		select {
		case <-shell:
		case <-gone:
			return // a client that left before asking for its shell
		}
		sw.cli(ch)
		ch.Close()
		return
	}
}

// cli runs the terminal of one session: echo, line editing, paging.
func (sw *Switch) cli(ch ssh.Channel) {
	sw.mu.Lock()
	sw.sessions++
	sw.active++
	sw.peak = max(sw.peak, sw.active)
	sw.mu.Unlock()
	defer func() {
		sw.mu.Lock()
		sw.active--
		sw.mu.Unlock()
	}()
	s := &session{sw: sw, paging: true}
	write := func(text string) bool {
		_, err := io.WriteString(ch, strings.ReplaceAll(text, "\n", "\r\n"))
		return err == nil
	}
	if !write("\n" + s.mode.prompt(sw.running.Hostname)) {
		return
	}
	buf := make([]byte, 1)
	var line []byte
	password, user := false, false
	enableUser := ""
	lastCR := false
	for {
		if _, err := ch.Read(buf); err != nil {
			return
		}
		b := buf[0]
		switch {
		case b == '\n' && lastCR:
			lastCR = false
			continue
		case b == '\r' || b == '\n':
			lastCR = b == '\r'
		case b == 0x7f || b == 0x08:
			lastCR = false
			if len(line) > 0 {
				line = line[:len(line)-1]
				if !password && !write("\b \b") {
					return
				}
			}
			continue
		case b == 0x03: // Ctrl-C drops the line
			lastCR = false
			line = line[:0]
			if !write("\n" + s.mode.prompt(sw.hostname())) {
				return
			}
			continue
		default:
			lastCR = false
			line = append(line, b)
			if !password {
				if _, err := ch.Write(buf); err != nil {
					return
				}
			}
			continue
		}
		text := string(line)
		line = line[:0]
		if user {
			user, password, enableUser = false, true, text
			if !write("\n" + sw.cfg.EnablePasswordPrompt) {
				return
			}
			continue
		}
		if password {
			password = false
			sw.mu.Lock()
			ok := text == sw.cfg.EnablePassword
			if sw.cfg.EnableAAA {
				ok = enableUser == sw.cfg.User && (text == sw.cfg.Password && sw.cfg.EnablePassword == "" || ok)
			}
			sw.mu.Unlock()
			out := "\nError - Incorrect username or password.\n"
			if ok {
				s.mode.level, out = 1, "\n"
			}
			if !write(out + s.mode.prompt(sw.hostname())) {
				return
			}
			continue
		}
		if strings.TrimSpace(text) != "" {
			sw.mu.Lock()
			drop := sw.dropAfter > 0 && len(sw.log) >= sw.dropAfter
			if !drop {
				sw.log = append(sw.log, Command{Mode: s.mode.name(), Command: strings.TrimSpace(text)})
				if sw.cfg.CommandLog != nil {
					b, _ := json.Marshal(sw.log[len(sw.log)-1])
					_, _ = sw.cfg.CommandLog.Write(append(b, '\n'))
				}
			}
			slow := sw.slow
			sw.mu.Unlock()
			if drop {
				return
			}
			time.Sleep(slow)
		}
		var r result
		if out, ok := sw.answerFor(strings.TrimSpace(text)); ok {
			r = result{out: out} // instead of running it: a busy flash saves nothing
		} else {
			r = s.run(text)
		}
		if r.logout {
			return
		}
		if r.password || r.user {
			password, user = r.password, r.user
			if !write("\n" + r.out) {
				return
			}
			continue
		}
		if !sw.page(ch, s, "\n"+r.out, write) {
			return
		}
		if !write(s.mode.prompt(sw.hostname())) {
			return
		}
	}
}

func (sw *Switch) hostname() string {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	return sw.running.Hostname
}

// pager is the line the switch shows between pages.
const pager = "--More--, next page: Space, next line: Return key, quit: Control-c"

// page writes out, a page of 23 lines at a time when the session pages,
// waiting for a key between pages. It reports whether the session lives.
func (sw *Switch) page(ch ssh.Channel, s *session, out string, write func(string) bool) bool {
	if !s.paging {
		return write(out)
	}
	lines := strings.SplitAfter(out, "\n")
	key := make([]byte, 1)
	budget := 23
	for i := 0; i < len(lines); i++ {
		if budget == 0 {
			if !write(pager) {
				return false
			}
			if _, err := ch.Read(key); err != nil {
				return false
			}
			if !write(strings.Repeat("\b \b", len(pager))) {
				return false
			}
			switch key[0] {
			case ' ':
				budget = 23
			case 0x03, 'q':
				return write("\n")
			default:
				budget = 1
			}
		}
		if !write(lines[i]) {
			return false
		}
		budget--
	}
	return true
}

// String describes the switch for test failures.
func (sw *Switch) String() string {
	return fmt.Sprintf("brocadetest switch %s", sw.cfg.Hostname)
}
