package ipmi

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bougou/go-ipmi/pkg/client"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/ipmi/ipmitest"
	"github.com/nationtech/harmony-go/lib/infra/peertest"
)

// TestEnsureReadsBack: a BMC that accepts a write and does not act on it
// (here: a write that sends nothing) is a FAILURE saying so, never a
// SUCCESS — against a real ipmi_sim.
func TestEnsureReadsBack(t *testing.T) {
	peertest.Require(t, "ipmi_sim")
	b, err := ipmitest.Start(context.Background(), t.TempDir(), "node0", "52:54:00:bb:00:01")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Stop)
	d := &Driver{Cipher: 3, Timeout: 500 * time.Millisecond, Retries: 1,
		Credentials: func(string) (string, string, error) { return b.User, b.Password, nil }}
	s, err := d.Open(context.Background(), domain.Device{Name: "bmc", Provider: "ipmi", SecretRef: "bmc"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	o := s.ensure(context.Background(), setting{
		bmc: b.Addr, field: "node0 boot device", want: "pxe", done: "node0 boots from pxe next",
		read: func(st State) string { return st.Boot },
		set:  func(st *State, v string) { st.Boot = v },
		readBack: func(ctx context.Context, c *client.Client) (string, error) {
			return s.bootDeviceOf(ctx, c, b.Addr)
		},
		write:   func(context.Context, *client.Client) error { return nil },
		ignored: "some BMCs ignore one-time overrides",
	}, false)
	if o.Status != domain.Failure || !strings.Contains(o.Message, "accepted node0 boot device pxe but reads back disk: some BMCs ignore") {
		t.Errorf("ensure = %s %q, want FAILURE saying the BMC ignored the write", o.Status, o.Message)
	}
}
