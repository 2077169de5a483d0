// Package redfish drives the power-control capability through Redfish
// (DMTF DSP0266) over HTTPS, net/http only: a session per BMC
// (SessionService, X-Auth-Token, logged out at the end), each host's power
// by ComputerSystem.Reset with a reset type the system lists as allowable,
// its next boot device by the boot source override (PATCH with If-Match on
// the ETag, into the @Redfish.Settings object where the system has one;
// BootSourceOverrideMode is never written), task monitors followed to the
// end, and every write read back: a BMC that answers success and ignores
// the override is a FAILURE. TLS is verified (the device's caFile).
package redfish

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
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
)

// Driver opens sessions on the site's Redfish BMCs.
type Driver struct {
	Credentials func(ref string) (user, password string, err error)
	CAFile      string        // overrides the device's caFile
	Insecure    bool          // skip TLS verification (the tool warns)
	Timeout     time.Duration // per request; default 10 s
	Wait        time.Duration // for a reset to show (task and power state); default 60 s
}

// Session is one run over the BMCs a device drives; its steps may run in
// parallel, each BMC with its own Redfish session.
type Session struct {
	d          *Driver
	dev        domain.Device
	user, pass string
	http       *http.Client
	mu         sync.Mutex
	bmcs       map[string]*bmc
}

// Open resolves the device's credentials and TLS trust; BMCs are logged in
// on first use.
func (d *Driver) Open(_ context.Context, dev domain.Device) (*Session, error) {
	if dev.SecretRef == "" || d.Credentials == nil {
		return nil, fmt.Errorf("device %s has no secretRef: give it one and set HARMONY_SECRET_<REF>=user:password", dev.Name)
	}
	user, pass, err := d.Credentials(dev.SecretRef)
	if err != nil {
		return nil, fmt.Errorf("device %s: %w", dev.Name, err)
	}
	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	ca := d.CAFile
	if ca == "" {
		ca = dev.CAFile
	}
	switch {
	case d.Insecure:
		tlsConf.InsecureSkipVerify = true // #nosec G402 -- asked for, and the tool warns
	case ca != "":
		pem, err := os.ReadFile(ca)
		if err != nil {
			return nil, fmt.Errorf("device %s: the CA file: %w", dev.Name, err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("device %s: %s holds no PEM certificate", dev.Name, ca)
		}
		tlsConf.RootCAs = pool
	}
	tr := &http.Transport{TLSClientConfig: tlsConf, MaxIdleConnsPerHost: 2, IdleConnTimeout: 30 * time.Second,
		DialContext: (&net.Dialer{Timeout: d.timeout()}).DialContext, TLSHandshakeTimeout: d.timeout()}
	return &Session{d: d, dev: dev, user: user, pass: pass, http: &http.Client{Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, bmcs: map[string]*bmc{}}, nil
}

func (d *Driver) timeout() time.Duration {
	if d.Timeout > 0 {
		return d.Timeout
	}
	return 10 * time.Second
}

func (d *Driver) wait() time.Duration {
	if d.Wait > 0 {
		return d.Wait
	}
	return 60 * time.Second
}

// bmc is one BMC's Redfish session.
type bmc struct {
	base    string // https://host:port
	mu      sync.Mutex
	token   string
	session string // the session's URI, for the logout
	system  string // the ComputerSystem's URI
}

// apiError is a Redfish error answer.
type apiError struct {
	Status int
	Method string
	Path   string
	Msg    string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d: %s", e.Method, e.Path, e.Status, e.Msg)
}

// call sends one request with the BMC's session and decodes the answer
// into out (when not nil); it returns the answer's headers.
func (s *Session) call(ctx context.Context, b *bmc, method, path string, headers map[string]string, body, out any) (http.Header, int, error) {
	ctx, cancel := context.WithTimeout(ctx, s.d.timeout())
	defer cancel()
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return nil, 0, err
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, b.base+path, rd)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("OData-Version", "4.0")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if b.token != "" {
		req.Header.Set("X-Auth-Token", b.token)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := s.http.Do(req)
	if err != nil {
		var ue interface{ Unwrap() error }
		if errors.As(err, &ue) {
			err = ue.Unwrap()
		}
		var ce *tls.CertificateVerificationError
		if errors.As(err, &ce) {
			return nil, 0, fmt.Errorf("BMC %s: the certificate is not trusted (%v): give its CA with the device's caFile or --ca-file", b.base, ce.Err)
		}
		if ctx.Err() != nil {
			return nil, 0, fmt.Errorf("BMC %s: %s %s: no answer within %s", b.base, method, path, s.d.timeout())
		}
		return nil, 0, fmt.Errorf("BMC %s: %s %s: %w", b.base, method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return nil, resp.StatusCode, fmt.Errorf("BMC %s: %s %s: reading the answer: %w", b.base, method, path, err)
	}
	if resp.StatusCode >= 300 {
		return resp.Header, resp.StatusCode, &apiError{Status: resp.StatusCode, Method: method, Path: path, Msg: redfishMessage(data)}
	}
	if out != nil && len(bytes.TrimSpace(data)) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return resp.Header, resp.StatusCode, fmt.Errorf("BMC %s: %s %s: the answer is not Redfish JSON: %w", b.base, method, path, err)
		}
	}
	return resp.Header, resp.StatusCode, nil
}

// redfishMessage is the first message of a Redfish error body.
func redfishMessage(data []byte) string {
	var e struct {
		Error struct {
			Message string `json:"message"`
			Info    []struct {
				Message string `json:"Message"`
			} `json:"@Message.ExtendedInfo"`
		} `json:"error"`
	}
	if json.Unmarshal(data, &e) == nil {
		if len(e.Error.Info) > 0 && e.Error.Info[0].Message != "" {
			return e.Error.Info[0].Message
		}
		if e.Error.Message != "" {
			return e.Error.Message
		}
	}
	s := strings.TrimSpace(string(data))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	if s == "" {
		return "no message"
	}
	return s
}

type link struct {
	ID string `json:"@odata.id"`
}

// login opens the BMC's session and finds its system, once.
func (s *Session) login(ctx context.Context, endpoint string) (*bmc, error) {
	s.mu.Lock()
	b, ok := s.bmcs[endpoint]
	if !ok {
		b = &bmc{base: strings.TrimSuffix(endpoint, "/")}
		s.bmcs[endpoint] = b
	}
	s.mu.Unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.system != "" {
		return b, nil
	}
	var root struct {
		Systems        link
		SessionService link
		Links          struct{ Sessions link }
	}
	if _, _, err := s.call(ctx, b, http.MethodGet, "/redfish/v1/", nil, nil, &root); err != nil {
		return nil, err
	}
	sessions := root.Links.Sessions.ID
	if sessions == "" {
		sessions = "/redfish/v1/SessionService/Sessions"
	}
	h, _, err := s.call(ctx, b, http.MethodPost, sessions, nil, map[string]string{"UserName": s.user, "Password": s.pass}, nil)
	var ae *apiError
	if errors.As(err, &ae) && (ae.Status == 401 || ae.Status == 403) {
		return nil, fmt.Errorf("BMC %s refused user %q: wrong user name or password (secretRef)", b.base, s.user)
	}
	if err != nil {
		return nil, err
	}
	b.token, b.session = h.Get("X-Auth-Token"), h.Get("Location")
	if b.token == "" {
		return nil, fmt.Errorf("BMC %s: the session login answered no X-Auth-Token", b.base)
	}
	if u := b.session; strings.HasPrefix(u, "http") {
		if i := strings.Index(u, "/redfish/"); i >= 0 {
			b.session = u[i:]
		}
	}
	systems := root.Systems.ID
	if systems == "" {
		systems = "/redfish/v1/Systems"
	}
	var coll struct{ Members []link }
	if _, _, err := s.call(ctx, b, http.MethodGet, systems, nil, nil, &coll); err != nil {
		return nil, err
	}
	if len(coll.Members) != 1 {
		return nil, fmt.Errorf("BMC %s has %d computer systems; harmony-bmc drives BMCs of one system", b.base, len(coll.Members))
	}
	b.system = coll.Members[0].ID
	return b, nil
}

// system is what a step reads of a ComputerSystem.
type system struct {
	PowerState string
	Boot       struct {
		Target  string   `json:"BootSourceOverrideTarget"`
		Enabled string   `json:"BootSourceOverrideEnabled"`
		Targets []string `json:"BootSourceOverrideTarget@Redfish.AllowableValues"`
	}
	Actions struct {
		Reset struct {
			Target     string   `json:"target"`
			ResetTypes []string `json:"ResetType@Redfish.AllowableValues"`
		} `json:"#ComputerSystem.Reset"`
	}
	Settings struct {
		Object link `json:"SettingsObject"`
	} `json:"@Redfish.Settings"`
	ETag string `json:"@odata.etag"`
}

func (s *Session) read(ctx context.Context, b *bmc) (system, string, error) {
	var sys system
	h, _, err := s.call(ctx, b, http.MethodGet, b.system, nil, nil, &sys)
	if err != nil {
		return sys, "", err
	}
	etag := h.Get("ETag")
	if etag == "" {
		etag = sys.ETag
	}
	return sys, etag, nil
}

// Apply brings a host's power or next boot device to the step's.
func (s *Session) Apply(ctx context.Context, step domain.Step, dryRun bool) domain.Outcome {
	return domain.PowerControlStep(step,
		func(b domain.BootDevice) domain.Outcome { return s.bootDevice(ctx, b, dryRun) },
		func(p domain.Power) domain.Outcome { return s.power(ctx, p, dryRun) })
}

func fail(err error) domain.Outcome {
	return domain.Outcome{Status: domain.Failure, Message: err.Error()}
}

var targets = map[string]string{"pxe": "Pxe", "disk": "Hdd"}

func (s *Session) bootDevice(ctx context.Context, bd domain.BootDevice, dryRun bool) domain.Outcome {
	b, err := s.login(ctx, bd.BMC)
	if err != nil {
		return fail(err)
	}
	want, enabled := targets[bd.Device], "Once"
	if bd.Persistent {
		enabled = "Continuous"
	}
	sys, etag, err := s.read(ctx, b)
	if err != nil {
		return fail(err)
	}
	field := bd.Host + " boot device"
	if sys.Boot.Target == want && sys.Boot.Enabled == enabled {
		return domain.Outcome{Status: domain.Noop, Message: fmt.Sprintf("%s boots from %s next", bd.Host, bd.Device)}
	}
	if enabled == "Once" && (sys.Boot.Enabled == "Disabled" || sys.Boot.Enabled == "") && sys.Boot.Target == want && sys.PowerState == "On" {
		// This one-time override was used by the boot it was set for (the
		// BMC keeps its target, disabled): the host is on, and setting it
		// again would send its next reboot to the network.
		return domain.Outcome{Status: domain.Noop, Message: fmt.Sprintf("%s is on and booted with its one-time %s override", bd.Host, bd.Device)}
	}
	if len(sys.Boot.Targets) > 0 && !slices.Contains(sys.Boot.Targets, want) {
		return fail(fmt.Errorf("BMC %s: the system does not list %s among its boot targets (%s)", b.base, want, strings.Join(sys.Boot.Targets, ", ")))
	}
	changes := []domain.Change{{Field: field, From: describeBoot(sys.Boot.Target, sys.Boot.Enabled), To: describeBoot(want, enabled)}}
	if dryRun {
		return domain.Outcome{Status: domain.Success, Message: "would change", Changes: changes}
	}
	path := b.system
	if sys.Settings.Object.ID != "" {
		path = sys.Settings.Object.ID // AMI-style: changes go to the settings object
	}
	body := map[string]any{"Boot": map[string]string{"BootSourceOverrideTarget": want, "BootSourceOverrideEnabled": enabled}}
	patch := func(etag string) error {
		h := map[string]string{}
		if etag != "" && path == b.system {
			h["If-Match"] = etag
		}
		_, _, err := s.call(ctx, b, http.MethodPatch, path, h, body, nil)
		return err
	}
	err = patch(etag)
	var ae *apiError
	if errors.As(err, &ae) && ae.Status == http.StatusPreconditionFailed {
		// Changed since it was read: read again and try once more.
		if _, etag, err = s.read(ctx, b); err == nil {
			err = patch(etag)
		}
	}
	if err != nil {
		return domain.Outcome{Status: domain.Failure, Message: err.Error(), Changes: changes}
	}
	after, _, err := s.read(ctx, b)
	if err != nil {
		return domain.Outcome{Status: domain.Failure, Message: "set, but could not read back: " + err.Error(), Changes: changes}
	}
	if after.Boot.Target != want || after.Boot.Enabled != enabled {
		if path != b.system { // pending in the settings object, applied at the next reset
			var pending system
			if _, _, err := s.call(ctx, b, http.MethodGet, path, nil, nil, &pending); err == nil && pending.Boot.Target == want && pending.Boot.Enabled == enabled {
				return domain.Outcome{Status: domain.Success, Changes: changes,
					Message: fmt.Sprintf("%s boots from %s next (pending in the BMC's settings, applied at the next reset)", bd.Host, bd.Device)}
			}
		}
		return domain.Outcome{Status: domain.Failure, Changes: changes,
			Message: fmt.Sprintf("BMC %s answered success to the boot override %s but reads back %s: the BMC ignored it (some do); set it in the BIOS, or update the BMC's firmware",
				b.base, describeBoot(want, enabled), describeBoot(after.Boot.Target, after.Boot.Enabled))}
	}
	return domain.Outcome{Status: domain.Success, Message: fmt.Sprintf("%s boots from %s next", bd.Host, bd.Device), Changes: changes}
}

func describeBoot(target, enabled string) string {
	if enabled == "" || enabled == "Disabled" {
		return "no override"
	}
	return target + " (" + enabled + ")"
}

func (s *Session) power(ctx context.Context, p domain.Power, dryRun bool) domain.Outcome {
	b, err := s.login(ctx, p.BMC)
	if err != nil {
		return fail(err)
	}
	sys, _, err := s.read(ctx, b)
	if err != nil {
		return fail(err)
	}
	want := "On"
	if p.State == "off" {
		want = "Off"
	}
	field := p.Host + " power"
	if sys.PowerState == want {
		return domain.Outcome{Status: domain.Noop, Message: fmt.Sprintf("%s is %s", p.Host, p.State)}
	}
	changes := []domain.Change{{Field: field, From: strings.ToLower(sys.PowerState), To: p.State}}
	if dryRun {
		return domain.Outcome{Status: domain.Success, Message: "would change", Changes: changes}
	}
	prefer := []string{"On", "ForceOn"}
	if want == "Off" {
		prefer = []string{"ForceOff", "GracefulShutdown"}
	}
	reset := ""
	for _, r := range prefer {
		if len(sys.Actions.Reset.ResetTypes) == 0 || slices.Contains(sys.Actions.Reset.ResetTypes, r) {
			reset = r
			break
		}
	}
	if reset == "" {
		return fail(fmt.Errorf("BMC %s: the system allows no reset that powers it %s (it lists %s)", b.base, p.State, strings.Join(sys.Actions.Reset.ResetTypes, ", ")))
	}
	target := sys.Actions.Reset.Target
	if target == "" {
		target = b.system + "/Actions/ComputerSystem.Reset"
	}
	h, code, err := s.call(ctx, b, http.MethodPost, target, nil, map[string]string{"ResetType": reset}, nil)
	if err != nil {
		return domain.Outcome{Status: domain.Failure, Message: err.Error(), Changes: changes}
	}
	deadline := time.Now().Add(s.d.wait())
	if code == http.StatusAccepted && h.Get("Location") != "" {
		if err := s.follow(ctx, b, h.Get("Location"), deadline); err != nil {
			return domain.Outcome{Status: domain.Failure, Message: fmt.Sprintf("Reset %s: %v", reset, err), Changes: changes}
		}
	}
	// Read back until it shows (a BMC's state lags its answer).
	for {
		after, _, err := s.read(ctx, b)
		if err != nil {
			return domain.Outcome{Status: domain.Failure, Message: "reset, but could not read back: " + err.Error(), Changes: changes}
		}
		if after.PowerState == want {
			break
		}
		if time.Now().After(deadline) {
			return domain.Outcome{Status: domain.Failure, Changes: changes,
				Message: fmt.Sprintf("BMC %s accepted Reset %s but the system still reads %s after %s", b.base, reset, after.PowerState, s.d.wait())}
		}
		select {
		case <-ctx.Done():
			return domain.Outcome{Status: domain.Failure, Message: ctx.Err().Error(), Changes: changes}
		case <-time.After(100 * time.Millisecond):
		}
	}
	if want == "On" {
		return domain.Outcome{Status: domain.Running, Message: p.Host + " powered on and booting", Changes: changes}
	}
	return domain.Outcome{Status: domain.Success, Message: fmt.Sprintf("%s is off", p.Host), Changes: changes}
}

// follow polls a task monitor until the task is done.
func (s *Session) follow(ctx context.Context, b *bmc, monitor string, deadline time.Time) error {
	if i := strings.Index(monitor, "/redfish/"); i > 0 {
		monitor = monitor[i:]
	}
	for {
		var task struct {
			TaskState string
			Messages  []struct{ Message string }
		}
		_, code, err := s.call(ctx, b, http.MethodGet, monitor, nil, nil, &task)
		if err != nil {
			return err
		}
		switch {
		case task.TaskState == "Exception" || task.TaskState == "Killed" || task.TaskState == "Cancelled":
			msg := task.TaskState
			if len(task.Messages) > 0 {
				msg += ": " + task.Messages[0].Message
			}
			return fmt.Errorf("the BMC's task %s ended %s", monitor, msg)
		case code != http.StatusAccepted && (task.TaskState == "" || task.TaskState == "Completed"):
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the BMC's task %s was still %s after %s", monitor, task.TaskState, s.d.wait())
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Status is a host's power state and next boot device, as harmony-bmc
// status prints them: power on or off, boot pxe, disk or none.
func (s *Session) Status(ctx context.Context, endpoint string) (power, boot string, err error) {
	b, err := s.login(ctx, endpoint)
	if err != nil {
		return "", "", err
	}
	sys, _, err := s.read(ctx, b)
	if err != nil {
		return "", "", err
	}
	boot = "none"
	if sys.Boot.Enabled != "Disabled" && sys.Boot.Enabled != "" {
		for k, v := range targets {
			if v == sys.Boot.Target {
				boot = k
			}
		}
	}
	return strings.ToLower(sys.PowerState), boot, nil
}

// Facts is what discovery reads of a BMC's system.
type Facts struct {
	Manufacturer, Model, Serial string
	Power                       string // on or off
	NICs                        []NIC  // the system's EthernetInterfaces
}

// NIC is one of the system's EthernetInterfaces.
type NIC struct {
	ID  string
	MAC string // as the BMC writes it
}

// Facts reads the system's maker, model, serial number, power state and
// the MACs of its EthernetInterfaces.
func (s *Session) Facts(ctx context.Context, endpoint string) (Facts, error) {
	b, err := s.login(ctx, endpoint)
	if err != nil {
		return Facts{}, err
	}
	var sys struct {
		Manufacturer, Model, SerialNumber, PowerState string
		EthernetInterfaces                            link
	}
	if _, _, err := s.call(ctx, b, http.MethodGet, b.system, nil, nil, &sys); err != nil {
		return Facts{}, err
	}
	f := Facts{Manufacturer: sys.Manufacturer, Model: sys.Model, Serial: sys.SerialNumber, Power: strings.ToLower(sys.PowerState)}
	if sys.EthernetInterfaces.ID == "" {
		return f, nil
	}
	var coll struct{ Members []link }
	if _, _, err := s.call(ctx, b, http.MethodGet, sys.EthernetInterfaces.ID, nil, nil, &coll); err != nil {
		return Facts{}, err
	}
	for _, m := range coll.Members {
		var e struct{ ID, MACAddress, PermanentMACAddress string }
		if _, _, err := s.call(ctx, b, http.MethodGet, m.ID, nil, nil, &e); err != nil {
			return Facts{}, err
		}
		mac := e.PermanentMACAddress
		if mac == "" {
			mac = e.MACAddress
		}
		if mac != "" {
			f.NICs = append(f.NICs, NIC{ID: e.ID, MAC: mac})
		}
	}
	return f, nil
}

// Commit has nothing to do: a BMC acts at once.
func (s *Session) Commit(context.Context) error { return nil }

// Close logs out of every BMC.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ep, b := range s.bmcs {
		if b.session != "" {
			ctx, cancel := context.WithTimeout(context.Background(), s.d.timeout())
			_, _, _ = s.call(ctx, b, http.MethodDelete, b.session, nil, nil, nil)
			cancel()
		}
		delete(s.bmcs, ep)
	}
	s.http.CloseIdleConnections()
	return nil
}
