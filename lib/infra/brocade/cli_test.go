package brocade

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/infra/brocade/brocadetest"
)

// lab starts a simulated switch and returns it with a Login for it whose
// known_hosts file has its key.
func lab(t testing.TB, cfg brocadetest.Config) (*brocadetest.Switch, Login) {
	t.Helper()
	if cfg.User == "" {
		cfg.User, cfg.Password = "admin", "s3cret-sw"
	}
	sw := brocadetest.New(cfg)
	addr, err := sw.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sw.Close)
	host, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)
	kh := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(kh, []byte(sw.KnownHostsLine(addr)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return sw, Login{Host: host, Port: p, User: cfg.User, Password: cfg.Password, Enable: cfg.EnablePassword,
		KnownHosts: kh, Timeout: 5 * time.Second}
}

func TestCLISession(t *testing.T) {
	sw, login := lab(t, brocadetest.Config{EnablePassword: "en-able"})
	c, err := dial(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	n, err := c.configure([]string{"vlan 10 name lan by port", "exit", "lag harmony-cp0 dynamic id 1", "ports ethernet 1/1/1 to 1/1/2", "exit"})
	if err != nil || n != 5 {
		t.Fatalf("configure: %d, %v", n, err)
	}
	out, err := c.show("show running-config")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"vlan 10 name lan by port", "lag harmony-cp0 dynamic id 1\n ports ethe 1/1/1 to 1/1/2"} {
		if !strings.Contains(out, want) {
			t.Errorf("running config lacks %q:\n%s", want, out)
		}
	}
	if _, err := c.configure([]string{"vlan 0"}); err == nil || !strings.Contains(err.Error(), `the switch refused "vlan 0": Error: vlan ID value 0 not allowed.`) {
		t.Errorf("a refused line gave %v", err)
	}
	if err := c.save(); err != nil {
		t.Fatal(err)
	}
	if err := c.close(); err != nil {
		t.Fatal(err)
	}
	if sw.Saves() != 1 {
		t.Errorf("saves = %d", sw.Saves())
	}
	t.Logf("commands: %+v", sw.Commands())
}

// TestEnablePrompts: enable as the releases ask for it — a password, a
// Local_Password, a user name first under AAA (User Name: or Login:) —
// and a missing or wrong enable password said at once, not as a timeout.
func TestEnablePrompts(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cfg    brocadetest.Config
		enable string // the secret's enable password
		want   string // "" to succeed, else a part of the error
	}{
		{"no enable password", brocadetest.Config{}, "", ""},
		{"Password:", brocadetest.Config{EnablePassword: "en"}, "en", ""},
		{"Local_Password:", brocadetest.Config{EnablePassword: "en", EnablePasswordPrompt: "Local_Password:"}, "en", ""},
		{"AAA User Name:", brocadetest.Config{EnableAAA: true}, "", ""},
		{"AAA Login:", brocadetest.Config{EnableAAA: true, EnableUserPrompt: "Login:"}, "", ""},
		{"AAA with an enable password", brocadetest.Config{EnableAAA: true, EnablePassword: "en"}, "en", ""},
		{"missing", brocadetest.Config{EnablePassword: "en"}, "", `the enable password is missing or wrong: the switch asks for one ("Password:")`},
		{"wrong", brocadetest.Config{EnablePassword: "en"}, "nope", `the enable password is missing or wrong: the switch answered "Error - Incorrect username or password."`},
		{"wrong under AAA", brocadetest.Config{EnableAAA: true, EnablePassword: "en"}, "nope", "the enable password is missing or wrong"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sw, login := lab(t, tc.cfg)
			login.Enable = tc.enable
			c, err := dial(context.Background(), login)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if out, err := c.show("show running-config"); err != nil || !complete(out) {
					t.Errorf("after enable: %v", err)
				}
				_ = c.close()
				return
			}
			if err == nil {
				_ = c.close()
				t.Fatalf("enable succeeded; want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "within") {
				t.Errorf("error %q, want %q", err, tc.want)
			}
			if tc.enable != "" && strings.Contains(err.Error(), tc.enable) {
				t.Errorf("the error quotes the password: %v", err)
			}
			for _, cmd := range sw.Commands() {
				if cmd.Command == "skip-page-display" {
					t.Errorf("a command was sent after a failed enable: %+v", sw.Commands())
				}
			}
		})
	}
}

// TestOldReleaseErrors: 08.0.30's errors, some lower-case ("error - port
// ethe 1/1/9 are not member of default vlan"), refuse the line.
func TestOldReleaseErrors(t *testing.T) {
	_, login := lab(t, brocadetest.Config{Version: "08.0.30hT311"})
	c, err := dial(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	n, err := c.configure([]string{"vlan 10 by port", "tagged ethernet 1/1/9", "exit", "vlan 20 by port", "untagged ethernet 1/1/9", "exit"})
	if n != 4 || err == nil || !strings.Contains(err.Error(), `the switch refused "untagged ethernet 1/1/9": error - port ethe 1/1/9 are not member of default vlan`) {
		t.Errorf("configure = %d, %v", n, err)
	}
}
