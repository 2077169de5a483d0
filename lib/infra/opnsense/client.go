// Package opnsense drives an OPNsense firewall through its REST API: a
// client (verified TLS, bounded retries on 5xx and connection errors only)
// and the adapter that applies a plan's dhcp-server, dns-server,
// load-balancer and firewall steps, reading each collection once, writing
// only differences with deterministic-uuid upserts, and reconfiguring each
// touched service once per run.
package opnsense

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"
)

// Config is how to reach one firewall.
type Config struct {
	Endpoint string        // https://10.10.0.1[:port]
	Key      string        // API key
	Secret   string        // API secret; never printed
	CAFile   string        // PEM CA that signs the firewall's certificate; empty: the system roots
	Insecure bool          // skip certificate verification (warned by the tool)
	Timeout  time.Duration // per request; default 15s
	// ApplyTimeout bounds a reconfigure or a filter apply, which OPNsense
	// runs synchronously through configd and can take minutes; default
	// 8 × Timeout. One that times out is never sent again (a second would
	// overlap the first): ErrApplyTimeout, and the caller checks status.
	ApplyTimeout time.Duration
	Retries      int           // extra attempts on 5xx and connection errors; default 2
	Backoff      time.Duration // first wait between attempts, doubled each time; default 200ms
}

// Client speaks to one firewall's API.
type Client struct {
	base    *url.URL
	key     string
	secret  string
	http    *http.Client
	timeout time.Duration // of a request
	apply   time.Duration // of a reconfigure or apply
	retries int
	backoff time.Duration
	// Requests counts the requests sent, by kind, for benchmarks.
	Requests struct{ Reads, Writes, Applies int }
	// silent is set once a request went unanswered through all its
	// attempts: the firewall stopped answering, and the client does not
	// wait on it again (each later request fails at once with it).
	mu     sync.Mutex
	silent error
}

// Silent says whether the firewall stopped answering this client: a
// request got no answer through all its attempts.
func (c *Client) Silent() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.silent
}

// New returns a client for cfg.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(cfg.Endpoint)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("endpoint %q is not an https:// URL", cfg.Endpoint)
	}
	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.CAFile != "" {
		pem, err := os.ReadFile(cfg.CAFile)
		if err != nil {
			return nil, fmt.Errorf("reading the CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("the CA file %s holds no PEM certificate", cfg.CAFile)
		}
		tlsConf.RootCAs = pool
	}
	tlsConf.InsecureSkipVerify = cfg.Insecure
	if cfg.Timeout == 0 {
		cfg.Timeout = 15 * time.Second
	}
	if cfg.ApplyTimeout == 0 {
		cfg.ApplyTimeout = 8 * cfg.Timeout
	}
	if cfg.Retries == 0 {
		cfg.Retries = 2
	}
	if cfg.Backoff == 0 {
		cfg.Backoff = 200 * time.Millisecond
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = tlsConf
	return &Client{
		base: u, key: cfg.Key, secret: cfg.Secret,
		http:    &http.Client{Transport: tr},
		timeout: cfg.Timeout, apply: cfg.ApplyTimeout,
		retries: cfg.Retries, backoff: cfg.Backoff,
	}, nil
}

// Errors a caller tells apart.
var (
	// ErrApplyTimeout is a reconfigure or apply that did not answer in
	// time: it may still be running on the firewall, and was not re-sent.
	ErrApplyTimeout = errors.New("no answer in time (it may still be running; not sent again)")
	ErrAuth         = errors.New("authentication failed")
	ErrForbidden    = errors.New("forbidden")
	ErrNotFound     = errors.New("endpoint not found")
)

// APIError is an answer that is not a success.
type APIError struct {
	Method, Path string
	Status       int
	Message      string
	kind         error
}

func (e *APIError) Error() string {
	switch e.kind {
	case ErrAuth:
		return fmt.Sprintf("%s %s: authentication failed (401): check the API key and secret", e.Method, e.Path)
	case ErrForbidden:
		return fmt.Sprintf("%s %s: forbidden (403): give the API key's user the privilege for %s", e.Method, e.Path, e.Path)
	case ErrNotFound:
		return fmt.Sprintf("%s %s: endpoint not found (404): the plugin is not installed or the release lacks it", e.Method, e.Path)
	}
	if e.Message != "" {
		return fmt.Sprintf("%s %s: HTTP %d: %s", e.Method, e.Path, e.Status, e.Message)
	}
	return fmt.Sprintf("%s %s: HTTP %d", e.Method, e.Path, e.Status)
}

func (e *APIError) Unwrap() error { return e.kind }

// ValidationError is a write OPNsense refused, with its messages by field.
type ValidationError struct {
	Path        string
	Validations map[string]string
}

func (e *ValidationError) Error() string {
	if len(e.Validations) == 0 {
		return fmt.Sprintf("POST %s: refused without a message (wrong wrapper key or uuid?)", e.Path)
	}
	var parts []string
	for _, k := range sortedKeys(e.Validations) {
		parts = append(parts, fmt.Sprintf("%s: %s", k, e.Validations[k]))
	}
	return fmt.Sprintf("POST %s: refused: %s", e.Path, strings.Join(parts, "; "))
}

// Get reads path (e.g. unbound/settings/get) into out.
func (c *Client) Get(ctx context.Context, path string, out any) error {
	c.Requests.Reads++
	return c.do(ctx, http.MethodGet, path, nil, out)
}

// isApplyPath says whether a POST makes the firewall apply its
// configuration (configd, synchronous): a reconfigure or the filter's apply.
func isApplyPath(path string) bool {
	return strings.Contains(path, "reconfigure") || strings.HasSuffix(path, "/apply")
}

// Post sends body (nil means {}) to path and reads the answer into out.
func (c *Client) Post(ctx context.Context, path string, body, out any) error {
	if isApplyPath(path) {
		c.Requests.Applies++
	} else {
		c.Requests.Writes++
	}
	if body == nil {
		body = struct{}{}
	}
	return c.do(ctx, http.MethodPost, path, body, out)
}

// ErrMaybeWritten is a write that may have landed although no answer
// said so: it is not sent again (it is not idempotent); read to know.
var ErrMaybeWritten = errors.New("may have been written: no answer")

// WriteOnce posts a write that must not be sent twice (a model's set that
// adds items: each send adds them again, under new uuids), bounded like
// an apply (the firewall validates and saves it all at once), and checks
// its result as Write does. Only a request that surely never reached the
// firewall is tried again; after a timeout or a cut connection it is
// ErrMaybeWritten.
func (c *Client) WriteOnce(ctx context.Context, path string, body any) error {
	c.Requests.Writes++
	var res writeResult
	if err := c.send(ctx, http.MethodPost, path, body, &res, false); err != nil {
		return err
	}
	return res.check(path)
}

// Write posts an item write (set_x, del_x, set) and checks its result.
func (c *Client) Write(ctx context.Context, path string, body any) error {
	var res writeResult
	if err := c.Post(ctx, path, body, &res); err != nil {
		return err
	}
	return res.check(path)
}

// writeResult is a write's answer.
type writeResult struct {
	Result      string          `json:"result"`
	Validations json.RawMessage `json:"validations"`
}

func (res writeResult) check(path string) error {
	switch res.Result {
	case "saved", "deleted", "not found":
		return nil
	}
	ve := &ValidationError{Path: "/api/" + path, Validations: map[string]string{}}
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(res.Validations, &raw)
	for k, v := range raw {
		var one string
		var many []string
		switch {
		case json.Unmarshal(v, &one) == nil:
			ve.Validations[k] = one
		case json.Unmarshal(v, &many) == nil:
			ve.Validations[k] = strings.Join(many, " ")
		}
	}
	return ve
}

func (c *Client) do(ctx context.Context, method, path string, body, out any) error {
	return c.send(ctx, method, path, body, out, true)
}

// send is one request, tried again on a failure that may pass when
// resend (or, without, only when it never reached the firewall).
func (c *Client) send(ctx context.Context, method, path string, body, out any, resend bool) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return err
		}
	}
	u := c.base.JoinPath("api", path)
	if err := c.Silent(); err != nil {
		return fmt.Errorf("%s /api/%s: not sent: %w", method, path, err)
	}
	wait := c.backoff
	var last error
	allTimedOut := true
	bound, isApply := c.timeout, method == http.MethodPost && isApplyPath(path)
	if isApply || !resend {
		bound = c.apply
	}
	for attempt := 0; attempt <= c.retries; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(wait):
			}
			wait *= 2
		}
		actx, cancel := context.WithTimeout(ctx, bound)
		retry, err := c.once(actx, method, u.String(), "/api/"+path, payload, out)
		timedOut := actx.Err() == context.DeadlineExceeded && ctx.Err() == nil
		cancel()
		switch {
		case timedOut && isApply:
			return fmt.Errorf("POST /api/%s: %w after %s", path, ErrApplyTimeout, bound)
		case timedOut && !resend:
			return fmt.Errorf("POST /api/%s: %w within %s", path, ErrMaybeWritten, bound)
		case timedOut:
			err, retry = fmt.Errorf("%s /api/%s: no answer within %s", method, path, bound), true
		case err != nil && retry && !resend:
			var answered *APIError
			if errors.As(err, &answered) {
				return err // refused with an answer: nothing saved
			}
			if !neverSent(err) {
				return fmt.Errorf("%w: %w", ErrMaybeWritten, err)
			}
		}
		if err == nil || !retry {
			return err
		}
		last = err
		if !timedOut {
			allTimedOut = false
		}
	}
	err := fmt.Errorf("%w (after %d attempts)", last, c.retries+1)
	if allTimedOut {
		c.mu.Lock()
		c.silent = fmt.Errorf("the firewall stopped answering (%v)", err)
		c.mu.Unlock()
	}
	return err
}

// once sends one request; retry says whether a failure may pass on another try.
func (c *Client) once(ctx context.Context, method, u, path string, payload []byte, out any) (retry bool, err error) {
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return false, err
	}
	req.SetBasicAuth(c.key, c.secret)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is known; do not repeat it
		}
		var nameErr x509.HostnameError
		if errors.As(err, &nameErr) && nameErr.Certificate != nil {
			// OPNsense's default certificate names only <hostname>.<domain>:
			// an endpoint given as an address cannot match it, whatever CA
			// is trusted.
			names := nameErr.Certificate.DNSNames
			if len(names) == 0 && nameErr.Certificate.Subject.CommonName != "" {
				names = []string{nameErr.Certificate.Subject.CommonName}
			}
			hint := "put the endpoint's name or address in the firewall's certificate (System > Trust > Certificates)"
			if len(names) > 0 {
				hint = fmt.Sprintf("use the certificate's name in the endpoint (https://%s, resolvable from here), or put %s in the firewall's certificate", names[0], nameErr.Host)
			}
			return false, fmt.Errorf("%s %s: the certificate is for %s, not %s: %s", method, path, orNone(names), nameErr.Host, hint)
		}
		var certErr *tls.CertificateVerificationError
		if errors.As(err, &certErr) {
			return false, fmt.Errorf("%s %s: the certificate is not trusted: %v; give the firewall's CA with caFile in the Site or --ca-file", method, path, certErr.Err)
		}
		var ne net.Error
		retry = errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		return retry, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return true, fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	if resp.StatusCode >= 300 {
		ae := &APIError{Method: method, Path: path, Status: resp.StatusCode}
		var body struct {
			ErrorMessage string `json:"errorMessage"`
			Message      string `json:"message"`
		}
		_ = json.Unmarshal(data, &body)
		ae.Message = strings.TrimSpace(body.ErrorMessage + body.Message)
		switch resp.StatusCode {
		case 401:
			ae.kind = ErrAuth
		case 403:
			ae.kind = ErrForbidden
		case 404:
			ae.kind = ErrNotFound
		}
		return resp.StatusCode >= 500, ae
	}
	if out == nil {
		return false, nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return false, fmt.Errorf("%s %s: an answer this client cannot read: %w", method, path, err)
	}
	return false, nil
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "no name"
	}
	return strings.Join(names, ", ")
}

// neverSent says whether a failed request surely never reached the
// firewall (no connection was made).
func neverSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}
