// Package ipmi drives the power-control capability through IPMI over LAN
// (github.com/bougou/go-ipmi): each host's power state and next boot
// device, acting only on a difference and reading back after every write,
// since real BMCs are known to accept a one-time boot override and ignore
// it. lanplus (RMCP+) unless told otherwise; sessions are always closed.
package ipmi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bougou/go-ipmi/pkg/client"
	"github.com/bougou/go-ipmi/pkg/command/chassis"
	"github.com/bougou/go-ipmi/pkg/types"
	"github.com/nationtech/harmony-go/lib/domain"
)

// Driver opens sessions on the site's BMCs.
type Driver struct {
	Credentials func(ref string) (user, password string, err error)
	Cipher      int           // 0: negotiate; else pin this cipher suite (ipmi_sim needs 3)
	PlainLAN    bool          // IPMI 1.5 lan instead of lanplus
	Timeout     time.Duration // per request; default 2 s
	Retries     int           // per request; default 1
}

// Session is one run over the BMCs a device drives. Its steps may run
// in parallel: each BMC has its own connection.
type Session struct {
	d          *Driver
	dev        domain.Device
	user, pass string
	mu         sync.Mutex
	clients    map[string]*client.Client
	// seen is each BMC's state as read or written this session: read
	// once, then kept up to date by the read-back of each write.
	seen map[string]State
}

// Open resolves the device's credentials; BMCs are connected on first use.
func (d *Driver) Open(_ context.Context, dev domain.Device) (*Session, error) {
	if dev.SecretRef == "" || d.Credentials == nil {
		return nil, fmt.Errorf("device %s has no secretRef: set it in the Site and HARMONY_SECRET_<REF>=user:password", dev.Name)
	}
	user, pass, err := d.Credentials(dev.SecretRef)
	if err != nil {
		return nil, err
	}
	return &Session{d: d, dev: dev, user: user, pass: pass, clients: map[string]*client.Client{}, seen: map[string]State{}}, nil
}

// Errors a caller tells apart.
var (
	ErrAuth        = errors.New("authentication failed")
	ErrUnreachable = errors.New("unreachable")
	ErrTimeout     = errors.New("no answer")
)

// bmcError is a BMC failure worded for the operator, of one of the kinds
// above (errors.Is tells them apart; the kind is not repeated in the text).
type bmcError struct {
	msg  string
	kind error
}

func (e *bmcError) Error() string { return e.msg }
func (e *bmcError) Unwrap() error { return e.kind }

// classify words a BMC error for the operator, and types it.
func (s *Session) classify(addr string, err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "RAKP") || strings.Contains(msg, "Unauthorized name") || strings.Contains(msg, "authentication"):
		return &bmcError{fmt.Sprintf("BMC %s refused the credentials of secretRef %s (check HARMONY_SECRET_%s)", addr, s.dev.SecretRef, domain.EnvName(s.dev.SecretRef)), ErrAuth}
	case strings.Contains(msg, "connection refused"):
		return &bmcError{fmt.Sprintf("BMC %s is unreachable (connection refused): check its address in the inventory and the management network", addr), ErrUnreachable}
	case errors.Is(err, context.DeadlineExceeded) || strings.Contains(msg, "timeout") || strings.Contains(msg, "deadline"):
		return &bmcError{fmt.Sprintf("BMC %s did not answer within %s: is it powered and on the network? (--timeout raises the wait)", addr, s.timeout()), ErrTimeout}
	}
	return fmt.Errorf("BMC %s: %w", addr, err)
}

func (s *Session) timeout() time.Duration {
	if s.d.Timeout > 0 {
		return s.d.Timeout
	}
	return 2 * time.Second
}

// client connects to a BMC once per session.
func (s *Session) client(ctx context.Context, addr string) (*client.Client, error) {
	s.mu.Lock()
	c, ok := s.clients[addr]
	s.mu.Unlock()
	if ok {
		return c, nil
	}
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("BMC address %q is not host:port", addr)
	}
	port, _ := strconv.Atoi(portText)
	c, err = client.NewClient(host, port, s.user, s.pass)
	if err != nil {
		return nil, s.classify(addr, err)
	}
	retries := s.d.Retries
	if retries == 0 {
		retries = 1
	}
	c = c.WithTimeout(s.timeout()).WithRetry(retries)
	if s.d.PlainLAN {
		c = c.WithInterface(client.InterfaceLan)
	} else {
		c = c.WithInterface(client.InterfaceLanplus)
		if s.d.Cipher > 0 {
			c = c.WithCipherSuiteID(types.CipherSuiteID(s.d.Cipher))
		}
	}
	if err := c.Connect(ctx); err != nil {
		return nil, s.classify(addr, err)
	}
	s.mu.Lock()
	s.clients[addr] = c
	s.mu.Unlock()
	return c, nil
}

// State is what a BMC says of its host.
type State struct {
	Power string `json:"power"`      // on or off
	Boot  string `json:"bootDevice"` // pxe, disk, none, …
}

var bootNames = map[types.BootDeviceSelector]string{
	types.BootDeviceSelectorNoOverride:         "none",
	types.BootDeviceSelectorForcePXE:           "pxe",
	types.BootDeviceSelectorForceHardDrive:     "disk",
	types.BootDeviceSelectorForceCDROM:         "cdrom",
	types.BootDeviceSelectorForceBIOSSetup:     "bios",
	types.BootDeviceSelectorForceHardDriveSafe: "disk-safe",
}

// Status reads a BMC's power state and next boot device.
func (s *Session) Status(ctx context.Context, addr string) (State, error) {
	c, err := s.client(ctx, addr)
	if err != nil {
		return State{}, err
	}
	power, err := s.powerState(ctx, c, addr)
	if err != nil {
		return State{}, err
	}
	boot, err := s.bootDeviceOf(ctx, c, addr)
	if err != nil {
		return State{}, err
	}
	return State{Power: power, Boot: boot}, nil
}

// bootDeviceOf reads the next boot device.
func (s *Session) bootDeviceOf(ctx context.Context, c *client.Client, addr string) (string, error) {
	flags := &types.BootOptionParam_BootFlags{}
	if err := c.GetSystemBootOptionsParamFor(ctx, flags); err != nil {
		return "", s.classify(addr, err)
	}
	if b := bootNames[flags.BootDeviceSelector]; b != "" {
		return b, nil
	}
	return fmt.Sprintf("0x%02x", uint8(flags.BootDeviceSelector)), nil
}

// state is the BMC's state as this session last knew it, read once.
func (s *Session) state(ctx context.Context, addr string) (State, error) {
	s.mu.Lock()
	st, ok := s.seen[addr]
	s.mu.Unlock()
	if ok {
		return st, nil
	}
	st, err := s.Status(ctx, addr)
	if err != nil {
		return State{}, err
	}
	s.mu.Lock()
	s.seen[addr] = st
	s.mu.Unlock()
	return st, nil
}

// powerState reads whether the host is on or off.
func (s *Session) powerState(ctx context.Context, c *client.Client, addr string) (string, error) {
	st, err := c.GetChassisStatus(ctx)
	if err != nil {
		return "", s.classify(addr, err)
	}
	if st.PowerIsOn {
		return "on", nil
	}
	return "off", nil
}

// Facts are what a BMC tells of its machine.
type Facts struct {
	MAC     domain.MAC // the BMC's LAN MAC
	Product string     // FRU product name
	Serial  string     // FRU product serial number
	Power   string     // on or off
}

// Facts reads a BMC's LAN MAC, its machine's FRU product and serial, and
// the power state.
func (s *Session) Facts(ctx context.Context, addr string) (Facts, error) {
	c, err := s.client(ctx, addr)
	if err != nil {
		return Facts{}, err
	}
	power, err := s.powerState(ctx, c, addr)
	if err != nil {
		return Facts{}, err
	}
	out := Facts{Power: power}
	mac := &types.LanConfigParam_MAC{}
	if err := c.GetLanConfigParamFor(ctx, 1, mac); err != nil {
		return Facts{}, s.classify(addr, err)
	}
	if len(mac.MAC) == 6 {
		copy(out.MAC[:], mac.MAC)
	}
	fru, err := c.GetFRU(ctx, 0, "")
	if err != nil {
		return Facts{}, s.classify(addr, err)
	}
	if p := fru.ProductInfoArea; p != nil {
		out.Product = strings.TrimSpace(string(p.Name))
		out.Serial = strings.TrimSpace(string(p.SerialNumber))
	}
	return out, nil
}

// Apply sets one host's boot device or power state, when it differs,
// and reads it back.
func (s *Session) Apply(ctx context.Context, step domain.Step, dryRun bool) domain.Outcome {
	return domain.PowerControlStep(step,
		func(b domain.BootDevice) domain.Outcome { return s.bootDevice(ctx, b, dryRun) },
		func(p domain.Power) domain.Outcome { return s.power(ctx, p, dryRun) })
}

func fail(err error) domain.Outcome {
	return domain.Outcome{Status: domain.Failure, Message: err.Error()}
}

func (s *Session) bootDevice(ctx context.Context, b domain.BootDevice, dryRun bool) domain.Outcome {
	sel := types.BootDeviceSelectorForcePXE
	if b.Device == "disk" {
		sel = types.BootDeviceSelectorForceHardDrive
	}
	return s.ensure(ctx, setting{
		bmc: b.BMC, field: b.Host + " boot device", want: b.Device,
		done: fmt.Sprintf("%s boots from %s next", b.Host, b.Device),
		// Only the device: BMCs differ in what they report of the rest.
		read: func(st State) string { return st.Boot },
		set:  func(st *State, v string) { st.Boot = v },
		readBack: func(ctx context.Context, c *client.Client) (string, error) {
			return s.bootDeviceOf(ctx, c, b.BMC)
		},
		write: func(ctx context.Context, c *client.Client) error {
			return c.SetBootDevice(ctx, sel, types.BIOSBootTypeLegacy, b.Persistent)
		},
		ignored: "some BMCs ignore one-time overrides; set it persistent or in the BIOS",
	}, dryRun)
}

func (s *Session) power(ctx context.Context, p domain.Power, dryRun bool) domain.Outcome {
	ctl := chassis.ChassisControlPowerUp
	if p.State == "off" {
		ctl = chassis.ChassisControlPowerDown
	}
	o := s.ensure(ctx, setting{
		bmc: p.BMC, field: p.Host + " power", want: p.State,
		done: fmt.Sprintf("%s is %s", p.Host, p.State),
		read: func(st State) string { return st.Power },
		set:  func(st *State, v string) { st.Power = v },
		readBack: func(ctx context.Context, c *client.Client) (string, error) {
			return s.powerState(ctx, c, p.BMC)
		},
		write: func(ctx context.Context, c *client.Client) error {
			_, err := c.ChassisControl(ctx, ctl)
			return err
		},
	}, dryRun)
	if o.Status == domain.Success && p.State == "on" && !dryRun {
		// The host is coming up: booting is not done when the power is.
		o.Status, o.Message = domain.Running, p.Host+" powered on and booting"
	}
	return o
}

// setting is one thing a BMC holds that a step wants a value of.
type setting struct {
	bmc, field, want string
	done             string // the message when it holds the value
	read             func(State) string
	set              func(*State, string)                                  // what the read-back found, into the session's state
	readBack         func(context.Context, *client.Client) (string, error) // reads only this setting
	write            func(context.Context, *client.Client) error
	ignored          string // advice when a BMC accepts the write and ignores it
}

// ensure reads the setting, writes it only when it differs, and trusts
// nothing the BMC says it did: it reads the value back after the write.
func (s *Session) ensure(ctx context.Context, st setting, dryRun bool) domain.Outcome {
	cur, err := s.state(ctx, st.bmc)
	if err != nil {
		return fail(err)
	}
	if st.read(cur) == st.want {
		return domain.Outcome{Status: domain.Noop, Message: st.done}
	}
	changes := []domain.Change{{Field: st.field, From: st.read(cur), To: st.want}}
	if dryRun {
		return domain.Outcome{Status: domain.Success, Message: "would change", Changes: changes}
	}
	c, err := s.client(ctx, st.bmc)
	if err != nil {
		return fail(err)
	}
	if err := st.write(ctx, c); err != nil {
		return domain.Outcome{Status: domain.Failure, Message: s.classify(st.bmc, err).Error(), Changes: changes}
	}
	got, err := st.readBack(ctx, c)
	if err != nil {
		s.forget(st.bmc)
		return domain.Outcome{Status: domain.Failure, Message: "set, but could not read back: " + err.Error(), Changes: changes}
	}
	s.mu.Lock()
	known := s.seen[st.bmc]
	st.set(&known, got)
	s.seen[st.bmc] = known
	s.mu.Unlock()
	if got != st.want {
		msg := fmt.Sprintf("BMC %s accepted %s %s but reads back %s", st.bmc, st.field, st.want, got)
		if st.ignored != "" {
			msg += ": " + st.ignored
		}
		return domain.Outcome{Status: domain.Failure, Changes: changes, Message: msg}
	}
	return domain.Outcome{Status: domain.Success, Message: st.done, Changes: changes}
}

// forget drops what the session knew of a BMC: read it again next time.
func (s *Session) forget(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.seen, addr)
}

// Commit has nothing to do: a BMC acts at once.
func (s *Session) Commit(context.Context) error { return nil }

// Close closes every BMC session, all at once: a BMC that does not
// answer its Close Session costs one timeout, not one each.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var wg sync.WaitGroup
	for _, c := range s.clients {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), s.timeout())
			defer cancel()
			_ = c.Close(ctx)
		})
	}
	wg.Wait()
	clear(s.clients)
	return nil
}
