package brocade

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/scrapli/scrapligo/transport"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// sshTransport is scrapligo's transport for harmony-switch: crypto/ssh
// like scrapligo's own "standard" one, but with the whole login bounded —
// TCP connect, SSH handshake, authentication, pty and shell within the
// timeout — where the standard transport bounds only the TCP connect and
// hangs for ever on an endpoint that accepts and never answers. abort
// ends it from outside, even mid-handshake.
type sshTransport struct {
	login Login

	mu      sync.Mutex
	conn    net.Conn
	client  *ssh.Client
	session *ssh.Session
	stdin   io.WriteCloser
	stdout  io.Reader
}

func (t *sshTransport) Open(a *transport.Args) error {
	l := t.login
	hostKey := ssh.InsecureIgnoreHostKey() // #nosec G106 -- only with --insecure-ignore-host-key, which warns
	if !l.Insecure {
		cb, err := knownhosts.New(l.KnownHosts)
		if err != nil {
			return fmt.Errorf("known hosts file: %w", err)
		}
		hostKey = cb
	}
	cfg := &ssh.ClientConfig{
		User: l.User,
		Auth: []ssh.AuthMethod{ssh.Password(l.Password), ssh.KeyboardInteractive(func(_, _ string, qs []string, _ []bool) ([]string, error) {
			as := make([]string, len(qs))
			for i := range as {
				as[i] = l.Password
			}
			return as, nil
		})},
		HostKeyCallback: hostKey,
		Timeout:         l.Timeout,
	}
	addr := net.JoinHostPort(l.Host, strconv.Itoa(l.Port))
	conn, err := net.DialTimeout("tcp", addr, l.Timeout)
	if err != nil {
		return err
	}
	t.mu.Lock()
	t.conn = conn
	t.mu.Unlock()
	// The handshake, authentication, pty and shell: one deadline.
	if err := conn.SetDeadline(time.Now().Add(l.Timeout)); err != nil {
		conn.Close()
		return err
	}
	c, chans, reqs, err := ssh.NewClientConn(conn, addr, cfg)
	if err != nil {
		conn.Close()
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return fmt.Errorf("%w: no SSH handshake within %s", errTimeout, l.Timeout)
		}
		return err
	}
	client := ssh.NewClient(c, chans, reqs)
	session, err := client.NewSession()
	if err != nil {
		client.Close()
		return t.timeoutOr(err, "opening a session")
	}
	stdin, err := session.StdinPipe()
	if err != nil {
		client.Close()
		return err
	}
	stdout, err := session.StdoutPipe()
	if err != nil {
		client.Close()
		return err
	}
	modes := ssh.TerminalModes{ssh.ECHO: 1, ssh.TTY_OP_ISPEED: 38400, ssh.TTY_OP_OSPEED: 38400}
	if err := session.RequestPty("xterm", a.TermHeight, a.TermWidth, modes); err != nil {
		client.Close()
		return t.timeoutOr(err, "asking for a terminal")
	}
	if err := session.Shell(); err != nil {
		client.Close()
		return t.timeoutOr(err, "starting the shell")
	}
	// From here each read and command is bounded by scrapligo's timeouts.
	if err := conn.SetDeadline(time.Time{}); err != nil {
		client.Close()
		return err
	}
	t.mu.Lock()
	t.client, t.session, t.stdin, t.stdout = client, session, stdin, stdout
	t.mu.Unlock()
	return nil
}

// errTimeout is a login that ran out of time.
var errTimeout = errors.New("timed out")

func (t *sshTransport) timeoutOr(err error, what string) error {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, io.EOF) {
		return fmt.Errorf("%w %s (within %s)", errTimeout, what, t.login.Timeout)
	}
	return err
}

// abort closes the connection whatever state it is in.
func (t *sshTransport) abort() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.conn != nil {
		t.conn.Close()
	}
}

func (t *sshTransport) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	var err error
	if t.session != nil {
		_ = t.session.Close()
		t.session = nil
	}
	if t.client != nil {
		if cerr := t.client.Close(); cerr != nil && !errors.Is(cerr, net.ErrClosed) && !errors.Is(cerr, io.EOF) {
			err = cerr
		}
		t.client = nil
	}
	if t.conn != nil {
		t.conn.Close()
	}
	return err
}

func (t *sshTransport) IsAlive() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.session != nil
}

func (t *sshTransport) Read(n int) ([]byte, error) {
	t.mu.Lock()
	r := t.stdout
	t.mu.Unlock()
	if r == nil {
		return nil, io.EOF
	}
	b := make([]byte, n)
	n, err := r.Read(b)
	if err != nil {
		return nil, err
	}
	return b[:n], nil
}

func (t *sshTransport) Write(b []byte) error {
	t.mu.Lock()
	w := t.stdin
	t.mu.Unlock()
	if w == nil {
		return io.ErrClosedPipe
	}
	_, err := w.Write(b)
	return err
}
