package brocade

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/scrapli/scrapligo/channel"
	"github.com/scrapli/scrapligo/driver/network"
	"github.com/scrapli/scrapligo/driver/options"
	"github.com/scrapli/scrapligo/platform"
	"github.com/scrapli/scrapligo/util"
)

// fastiron is the scrapligo platform definition (scrapligo v1 has none
// for FastIron): see the file's comment.
//
//go:embed fastiron.yaml
var fastiron []byte

// Login is how to reach and log in to a switch.
type Login struct {
	Host     string
	Port     int
	User     string
	Password string
	Enable   string // the enable password, when the switch asks for one
	// KnownHosts is the known_hosts file the switch's host key must be
	// in; Insecure skips the check instead.
	KnownHosts string
	Insecure   bool
	Timeout    time.Duration // per operation; the connection gets as long
	// FlashWait is the first wait before write memory is tried again while
	// the switch's flash is busy; default 1 s, doubled each time.
	FlashWait time.Duration
}

// cli is one SSH CLI session with a FastIron switch, through scrapligo.
// It is the only file that knows scrapligo.
type cli struct {
	d    *network.Driver
	last string // the last command sent, for error messages
	// flashWait is the first wait before a save is tried again while the
	// flash is busy (doubled each time); default 1 s.
	flashWait time.Duration
	// silent: a command went unanswered; the session is not trusted again.
	silent error
}

// dial opens a session: SSH, enable, paging off.
func dial(ctx context.Context, l Login) (*cli, error) {
	tr := &sshTransport{login: l}
	opts := []util.Option{
		options.WithCustomTransport(tr),
		options.WithPort(l.Port),
		options.WithAuthUsername(l.User),
		options.WithAuthPassword(l.Password),
		options.WithAuthSecondary(l.Enable),
		options.WithTimeoutSocket(l.Timeout),
		options.WithTimeoutOps(l.Timeout),
		options.WithTermWidth(511),
	}
	p, err := platform.NewPlatform(fastiron, l.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("the FastIron platform definition: %w", err)
	}
	d, err := p.GetNetworkDriver()
	if err != nil {
		return nil, fmt.Errorf("the FastIron platform definition: %w", err)
	}
	done := make(chan error, 1)
	go func() { done <- d.Open() }()
	select {
	case err = <-done:
	case <-ctx.Done():
		tr.abort() // the login ends at once, wherever it is
		go func() { <-done; _ = d.Close() }()
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, openError(err, l)
	}
	c := &cli{d: d, last: "enable", flashWait: l.FlashWait}
	if err := c.enable(ctx, l); err != nil {
		_ = d.Channel.Close() // not Close: its exit would wait on a prompt that is not coming
		return nil, err
	}
	c.last = "skip-page-display"
	if r, err := d.SendCommand("skip-page-display"); err != nil {
		_ = d.Close()
		return nil, c.lost(err)
	} else if r.Failed != nil {
		_ = d.Close()
		return nil, fmt.Errorf("%s:%d: %q: the switch answered %q: the user is not privileged", l.Host, l.Port, "skip-page-display", firstLine(r.Result))
	}
	return c, nil
}

// The prompts enable can answer with, as FastIron releases print them:
// "Password:" (enable super-user-password), "Local_Password:", and a user
// name first under AAA ("User Name:" on 07.x/08.0.x, "Login:" on 09.0.x).
var (
	userPrompt = regexp.MustCompile(`(?im)^(user ?name|login):\s?$`)
	passPrompt = regexp.MustCompile(`(?im)^(local_)?password:\s?$`)
	privPrompt = regexp.MustCompile(`(?im)^[\w.\-@/:()][\w.\-@/:() ]{0,62}#$`)
	execPrompt = regexp.MustCompile(`(?im)^[\w.\-@/:()][\w.\-@/:() ]{0,62}>$`)
)

// enable enters privileged EXEC from wherever the login landed. A user
// name prompt gets the login's user; a password prompt the enable
// password, or under AAA (after a user name) the login's password when
// the secret has no enable password. A switch that asks for a password
// the secret lacks, or refuses the one given, fails at once.
func (c *cli) enable(ctx context.Context, l Login) error {
	ctx, cancel := context.WithTimeout(ctx, l.Timeout)
	defer cancel()
	where := fmt.Sprintf("%s:%d", l.Host, l.Port)
	p, err := c.d.Channel.GetPrompt()
	if err != nil {
		return fmt.Errorf("%s: no prompt after login: %w", where, err)
	}
	if privPrompt.Match(p) {
		return nil // privilege-mode login
	}
	if err := c.d.Channel.WriteAndReturn([]byte("enable"), false); err != nil {
		return c.lost(err)
	}
	wrong := func(what string) error {
		return fmt.Errorf("%s: the enable password is missing or wrong: %s; give it as the third field of the switch's secret (HARMONY_SECRET_<REF>=user:password:enable)", where, what)
	}
	// Reads start past the echo of enable: a prompt before it is stale.
	r := &promptReader{ch: c.d.Channel, after: "enable"}
	sentUser, sentPass := false, false
	for {
		out, err := r.until(ctx, userPrompt, passPrompt, privPrompt, execPrompt)
		if err != nil {
			return fmt.Errorf("the switch at %s did not answer enable within %s: %w", where, l.Timeout, err)
		}
		switch last := lastLine(out); {
		case privPrompt.MatchString(last):
			return nil
		case execPrompt.MatchString(last):
			return wrong(fmt.Sprintf("the switch answered %q and stayed in user EXEC", errorLine(out)))
		case userPrompt.MatchString(last):
			if sentUser {
				return wrong(fmt.Sprintf("the switch asked for a user name again (%q)", last))
			}
			sentUser = true
			if err := c.d.Channel.WriteAndReturn([]byte(l.User), false); err != nil {
				return c.lost(err)
			}
		case passPrompt.MatchString(last):
			pw := l.Enable
			if pw == "" && sentUser {
				pw = l.Password // AAA: the user's own password
			}
			switch {
			case sentPass:
				return wrong(fmt.Sprintf("the switch refused it and asked again (%q)", last))
			case pw == "":
				return wrong(fmt.Sprintf("the switch asks for one (%q) and the secret has none", last))
			}
			sentPass = true
			if err := c.d.Channel.WriteAndReturn([]byte(pw), true); err != nil {
				return c.lost(err)
			}
		}
	}
}

// promptReader reads a channel until its last line is one of some
// prompts, from after the echo of a word on.
type promptReader struct {
	ch    *channel.Channel
	after string // read nothing before this echo
	buf   []byte
}

func (r *promptReader) until(ctx context.Context, prompts ...*regexp.Regexp) ([]byte, error) {
	for {
		if r.after != "" {
			if i := strings.Index(string(r.buf), r.after); i >= 0 {
				r.buf, r.after = r.buf[i+len(r.after):], ""
			}
		}
		if r.after == "" {
			last := lastLine(r.buf)
			for _, p := range prompts {
				if p.MatchString(last) {
					out := r.buf
					r.buf = nil
					return out, nil
				}
			}
		}
		b, err := r.ch.Read()
		if err != nil {
			return nil, err
		}
		if b == nil {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(5 * time.Millisecond):
			}
		}
		r.buf = append(r.buf, b...)
	}
}

// errorTexts are what FastIron's error answers contain (fastiron.yaml's
// failed-when-contains, and the enable refusal).
var errorTexts = []string{"Error", "Invalid input", "Incomplete command", "Ambiguous input", "Command authorization failed", "error -", "error –", "Please disable dual mode"}

// errorLine is the first line of out with a FastIron error text in it.
func errorLine(out []byte) string {
	for _, line := range strings.Split(strings.ReplaceAll(string(out), "\r", ""), "\n") {
		for _, e := range errorTexts {
			if strings.Contains(line, e) {
				return strings.TrimSpace(line)
			}
		}
	}
	return "no error text"
}

// lastLine is the last non-empty line of out, trimmed of line ends.
func lastLine(out []byte) string {
	lines := strings.Split(strings.ReplaceAll(string(out), "\r", ""), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if s := strings.TrimRight(lines[i], " "); strings.TrimSpace(s) != "" {
			return strings.TrimLeft(s, " ")
		}
	}
	return ""
}

// openError words a failed login for the operator.
func openError(err error, l Login) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "knownhosts: key mismatch"):
		return fmt.Errorf("the host key of %s:%d is not the one in %s: the switch was replaced or someone is in the middle; check its key and update the file (%v)", l.Host, l.Port, l.KnownHosts, err)
	case strings.Contains(msg, "knownhosts: key is unknown"):
		return fmt.Errorf("the host key of %s:%d is not in %s: add the switch's key (harmony-lab switch --host-key-out writes it for the lab), or run with --insecure-ignore-host-key", l.Host, l.Port, l.KnownHosts)
	case strings.Contains(msg, "unable to authenticate"):
		return fmt.Errorf("the switch at %s:%d refused user %q: wrong user name or password (secretRef)", l.Host, l.Port, l.User)
	case errors.Is(err, util.ErrTimeoutError), errors.Is(err, errTimeout):
		return fmt.Errorf("the switch at %s:%d did not answer within %s: %w", l.Host, l.Port, l.Timeout, err)
	case errors.Is(err, util.ErrPrivilegeError):
		return fmt.Errorf("cannot enter privileged mode on %s:%d (wrong enable password?): %w", l.Host, l.Port, err)
	}
	return fmt.Errorf("cannot open an SSH session to %s:%d: %w", l.Host, l.Port, err)
}

// show runs a command in privileged EXEC and returns its output; output
// with a FastIron error text is an error.
func (c *cli) show(cmd string) (string, error) {
	c.last = cmd
	r, err := c.d.SendCommand(cmd)
	if err != nil {
		return "", c.lost(err)
	}
	if r.Failed != nil {
		return "", fmt.Errorf("%q: the switch answered %q", cmd, firstLine(r.Result))
	}
	if cmd == "show running-config" && !complete(r.Result) {
		// Never an empty config: that would read as "nothing configured".
		return "", fmt.Errorf("%q came back empty or cut off (no final end line; %d bytes): run again", cmd, len(r.Result))
	}
	return r.Result, nil
}

// complete reports whether a running config ends as FastIron's do, with
// an "end" line.
func complete(config string) bool {
	lines := strings.Fields(strings.ReplaceAll(config, "\r", ""))
	return len(lines) > 0 && lines[len(lines)-1] == "end"
}

// configure sends configuration lines one by one from the configuration
// level, stopping at the first the switch refuses. It says how many were
// taken.
func (c *cli) configure(lines []string) (int, error) {
	if err := c.d.AcquirePriv("configuration"); err != nil {
		return 0, c.lost(err)
	}
	for i, line := range lines {
		c.last = line
		r, err := c.d.Driver.SendCommand(line)
		if err != nil {
			return i, c.lost(err)
		}
		if r.Failed != nil {
			return i, fmt.Errorf("the switch refused %q: %s", line, firstLine(r.Result))
		}
	}
	return len(lines), nil
}

// errUnconfirmed is a write memory the switch answered without an error
// and without the confirmation: the caller reads back whether it saved.
var errUnconfirmed = errors.New("write memory was not confirmed")

// save writes the running config to the startup config. The success
// forms: "Write startup-config done." alone or after a progress line
// ("Flash Memory Write (8192 bytes per dot) ." and its dots). An error
// text is an error; the flash busy is tried again, bounded; any other
// answer is errUnconfirmed, wrapped with the answer.
func (c *cli) save() error {
	c.last = "write memory"
	wait := c.flashWait
	if wait == 0 {
		wait = time.Second
	}
	for attempt := 1; ; attempt++ {
		r, err := c.d.SendCommand("write memory")
		if err != nil {
			return c.lost(err)
		}
		switch {
		case strings.Contains(r.Result, "Flash access in progress") && attempt < flashAttempts:
			// Another write (or a firmware copy) holds the flash: the
			// switch says to try later, and later is seconds.
			time.Sleep(wait)
			wait *= 2
			continue
		case strings.Contains(r.Result, "Flash access in progress"):
			return fmt.Errorf("write memory: the switch's flash stayed busy (%q) over %d attempts: the running config is not saved; run again once it is free", firstLine(r.Result), attempt)
		case r.Failed != nil:
			return fmt.Errorf("write memory: the switch answered %q: the running config is not saved", errorLine([]byte(r.Result)))
		case strings.Contains(r.Result, "Write startup-config done"):
			return nil
		}
		return fmt.Errorf("%w: the switch answered %q", errUnconfirmed, orText(firstLine(r.Result), "nothing"))
	}
}

// flashAttempts bounds the saves tried while the flash is busy.
const flashAttempts = 5

func (c *cli) lost(err error) error {
	if errors.Is(err, util.ErrTimeoutError) {
		c.silent = fmt.Errorf("the switch stopped answering (no answer to %q)", c.last)
		return fmt.Errorf("no answer to %q: %w", c.last, err)
	}
	return fmt.Errorf("the session ended at %q: %w", c.last, err)
}

func (c *cli) close() error {
	err := c.d.Close()
	if err != nil && (errors.Is(err, io.EOF) || strings.Contains(err.Error(), "EOF")) {
		return nil // the switch hangs up on exit
	}
	return err
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

func orText(s, d string) string {
	if strings.TrimSpace(s) == "" {
		return d
	}
	return s
}
