package brocadetest

import (
	"bytes"
	"crypto/ed25519"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// terminal is a raw SSH shell on the simulator, as a person would have.
type terminal struct {
	t   *testing.T
	in  io.Writer
	out *bytes.Buffer
	ch  chan []byte
}

func dialTerminal(t *testing.T, sw *Switch, addr string) *terminal {
	t.Helper()
	c, err := ssh.Dial("tcp", addr, &ssh.ClientConfig{User: "admin", Auth: []ssh.AuthMethod{ssh.Password("pw")},
		HostKeyCallback: ssh.FixedHostKey(sw.HostKey()), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty("xterm", 24, 80, ssh.TerminalModes{ssh.ECHO: 1}); err != nil {
		t.Fatal(err)
	}
	in, _ := s.StdinPipe()
	out, _ := s.StdoutPipe()
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	term := &terminal{t: t, in: in, out: &bytes.Buffer{}, ch: make(chan []byte, 64)}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				term.ch <- append([]byte(nil), buf[:n]...)
			}
			if err != nil {
				close(term.ch)
				return
			}
		}
	}()
	return term
}

// expect reads until the output so far ends with suffix, and returns it.
func (term *terminal) expect(suffix string) string {
	term.t.Helper()
	deadline := time.After(5 * time.Second)
	for !strings.HasSuffix(term.out.String(), suffix) {
		select {
		case b, ok := <-term.ch:
			if !ok {
				term.t.Fatalf("session ended waiting for %q; got %q", suffix, term.out.String())
			}
			term.out.Write(b)
		case <-deadline:
			term.t.Fatalf("no %q within 5 s; got %q", suffix, term.out.String())
		}
	}
	s := term.out.String()
	term.out.Reset()
	return s
}

func (term *terminal) send(s string) { _, _ = io.WriteString(term.in, s) }

// TestTerminal: echo, the enable password unechoed, paging until
// skip-page-display (which user EXEC refuses), errors as FastIron writes them.
func TestTerminal(t *testing.T) {
	sw := New(Config{User: "admin", Password: "pw", EnablePassword: "en"})
	addr, err := sw.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sw.Close()
	for i := 2; i <= 12; i++ { // a config longer than one page, shorter than two
		sw.Exec("vlan "+itoa(i)+" name v"+itoa(i), "exit")
	}
	term := dialTerminal(t, sw, addr)
	term.expect("\r\nSSH@sw1>")
	term.send("skip-page-display\r")
	if got := term.expect("SSH@sw1>"); !strings.Contains(got, "skip-page-display\r\nInvalid input -> skip-page-display\r\nType ? for a list\r\n") {
		t.Errorf("skip-page-display in user EXEC: %q", got)
	}
	term.send("enable\r")
	term.expect("Password:")
	term.send("en\r")
	if got := term.expect("SSH@sw1#"); strings.Contains(got, "en\r") {
		t.Errorf("the enable password was echoed: %q", got)
	}
	term.send("show running-config\r")
	first := term.expect("--More--, next page: Space, next line: Return key, quit: Control-c")
	if strings.Count(first, "\r\n") != 23 {
		t.Errorf("first page has %d lines: %q", strings.Count(first, "\r\n"), first)
	}
	term.send(" ")
	rest := term.expect("SSH@sw1#")
	if !strings.HasPrefix(rest, strings.Repeat("\b \b", 66)) || !strings.Contains(rest, "end\r\n") {
		t.Errorf("after space: %q", rest)
	}
	term.send("skip-page-display\r")
	term.expect("Disable page display mode\r\nSSH@sw1#")
	term.send("show running-config\r")
	if got := term.expect("end\r\nSSH@sw1#"); strings.Contains(got, "--More--") {
		t.Errorf("paged after skip-page-display")
	}
	term.send("conf t\r")
	term.expect("SSH@sw1(config)#")
	term.send("vlan 10\r")
	term.expect("SSH@sw1(config-vlan-10)#")
	term.send("untagged ethe 1/1/1 to 1/1/4\r")
	if got := term.expect("SSH@sw1(config-vlan-10)#"); !strings.Contains(got, "Added untagged port(s) ethe 1/1/1 to 1/1/4 to port-vlan 10.") {
		t.Errorf("untagged: %q", got)
	}
	term.send("untagged ethe 1/1/99\r")
	if got := term.expect("SSH@sw1(config-vlan-10)#"); !strings.Contains(got, "Error - invalid interface 1/1/99") {
		t.Errorf("bad port: %q", got)
	}
	term.send("vlan 20\r")
	term.expect("SSH@sw1(config-vlan-20)#")
	term.send("untagged ethernet 1/1/2\r")
	if got := term.expect("SSH@sw1(config-vlan-20)#"); !strings.Contains(got, "Error - port ethe 1/1/2 is untagged in VLAN 10; remove it there first") {
		t.Errorf("a port untagged twice: %q", got)
	}
	term.send("end\r")
	term.expect("SSH@sw1#")
	term.send("write memory\r")
	term.expect("Write startup-config done.\r\nSSH@sw1#")
	term.send("exit\r")
	for range term.ch {
	}
	if sw.Saves() != 1 || !strings.Contains(sw.StartupConfig(), "untagged ethe 1/1/1 to 1/1/4") {
		t.Errorf("write memory did not save: %d\n%s", sw.Saves(), sw.StartupConfig())
	}
	if got := sw.Commands()[0]; got != (Command{Mode: "exec", Command: "skip-page-display"}) {
		t.Errorf("first logged command %+v", got)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestPublicKeyLogin: a key in AuthorizedKeys logs in; another key, a
// wrong password and a refused login do not.
func TestPublicKeyLogin(t *testing.T) {
	_, priv, _ := ed25519.GenerateKey(nil)
	signer, _ := ssh.NewSignerFromKey(priv)
	_, other, _ := ed25519.GenerateKey(nil)
	otherSigner, _ := ssh.NewSignerFromKey(other)
	sw := New(Config{User: "admin", Password: "pw", AuthorizedKeys: []ssh.PublicKey{signer.PublicKey()}})
	addr, err := sw.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sw.Close()
	login := func(auth ssh.AuthMethod) error {
		c, err := ssh.Dial("tcp", addr, &ssh.ClientConfig{User: "admin", Auth: []ssh.AuthMethod{auth},
			HostKeyCallback: ssh.FixedHostKey(sw.HostKey()), Timeout: 5 * time.Second})
		if err == nil {
			c.Close()
		}
		return err
	}
	if err := login(ssh.PublicKeys(signer)); err != nil {
		t.Errorf("the authorized key: %v", err)
	}
	if err := login(ssh.PublicKeys(otherSigner)); err == nil {
		t.Errorf("another key logged in")
	}
	if err := login(ssh.Password("nope")); err == nil {
		t.Errorf("a wrong password logged in")
	}
	sw.RefuseAuth(true)
	if err := login(ssh.PublicKeys(signer)); err == nil {
		t.Errorf("logged in while logins are refused")
	}
}

// TestCloseWithAClientThatNeverAskedForAShell: a client that opens a
// session and leaves (or is cut off) before asking for its shell does
// not keep Close waiting.
func TestCloseWithAClientThatNeverAskedForAShell(t *testing.T) {
	sw := New(Config{User: "admin", Password: "pw"})
	addr, err := sw.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ssh.Dial("tcp", addr, &ssh.ClientConfig{User: "admin", Auth: []ssh.AuthMethod{ssh.Password("pw")},
		HostKeyCallback: ssh.InsecureIgnoreHostKey()}) // #nosec G106 -- the test's own simulator
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.NewSession(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { sw.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited for a session that never asked for its shell")
	}
	c.Close()
}
