// Package pxecmd is harmony-pxe: the boot server and the apply tool of
// the pxe-boot capability.
package pxecmd

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/nationtech/harmony-go/cmd/internal/applycmd"
	"github.com/nationtech/harmony-go/cmd/internal/secret"
	"github.com/nationtech/harmony-go/cmd/internal/tool"
	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/pxe"
	"github.com/urfave/cli/v2"
)

// Name is the command's name.
const Name = "harmony-pxe"

const description = `harmony-pxe boots machines over the network.

"harmony-pxe serve" serves, over HTTP, a generic boot.ipxe that chains to
ipxe/${mac:hexhyp}, and per MAC (aa:bb:…, aa-bb-…, aabb… all work) the
iPXE script of that machine's profile: kernel, initrd, arguments and its
role's ignition URL; a failed boot waits and reboots to try again. An
unknown MAC gets 404 and a line in the access log (JSON lines). /metrics
is for Prometheus. Profiles are files in --dir, read at each request; the
API (/api/profiles, PUT/DELETE with the token from HARMONY_PXE_TOKEN)
changes them without a restart.

"harmony-pxe apply" is the apply tool of the plan's pxe-boot steps: it
writes each profile to the device's endpoint through that API (the token
from the device's secretRef: HARMONY_SECRET_<REF>), only when it differs,
and passes every other step through.

Example:
   harmony-pxe serve --addr 0.0.0.0:8080 --dir /var/lib/harmony/pxe --access-log /var/log/harmony-pxe.log &
   harmony-plan site/ | harmony-apply-opnsense | harmony-pxe apply | harmony-report`

//go:embed notes.md
var notes string

// Run is harmony-pxe's main.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	code := applycmd.RunWithSubcommands(ctx, applyConfig(), tool.Spec{
		Notes:       notes,
		Env:         []tool.Env{{Name: "HARMONY_PXE_TOKEN", Usage: "serve: the bearer token its API needs for writes (without it the API is read-only)"}},
		Name:        Name,
		Usage:       "serve per-MAC iPXE scripts; apply a plan's pxe-boot steps",
		Description: description,
		Commands: []*cli.Command{
			{
				Name:  "serve",
				Usage: "serve boot scripts until interrupted",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8080", Usage: "listen address"},
					&cli.StringFlag{Name: "dir", Value: "/var/lib/harmony/pxe", Usage: "directory of the profiles"},
					&cli.StringFlag{Name: "access-log", Usage: "append a JSON line per request here (default: stderr)"},
					&cli.IntFlag{Name: "retry-delay", Value: 10, Usage: "seconds a failed boot waits before rebooting"},
					&cli.StringFlag{Name: "plan", Usage: "load the pxe-boot profiles of this plan at start"},
				},
				Action: func(c *cli.Context) error { return serve(c, stderr) },
			},
		},
	}, args, stdin, stdout, stderr)
	if code == tool.ExitCancelled && len(args) > 1 && args[1] == "serve" {
		code = tool.ExitOK // an interrupt is how the server stops
	}
	return code
}

func serve(c *cli.Context, stderr io.Writer) error {
	s := &pxe.Server{Store: pxe.Store{Dir: c.String("dir")}, Token: os.Getenv("HARMONY_PXE_TOKEN"), RetryDelay: c.Int("retry-delay"), AccessLog: stderr}
	if err := os.MkdirAll(s.Store.Dir, 0o755); err != nil {
		return tool.Refused(err)
	}
	if f := c.String("access-log"); f != "" {
		w, err := os.OpenFile(f, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return tool.Refused(err)
		}
		defer w.Close()
		s.AccessLog = w
	}
	if f := c.String("plan"); f != "" {
		p, err := tool.ReadPlan(f, nil)
		if err != nil {
			return tool.Refused(err)
		}
		n := 0
		for _, st := range p.Steps {
			if st.Capability != domain.PXEBoot || st.Resource.Type != domain.TypeProfile {
				continue
			}
			var prof domain.PXEProfile
			if err := st.DecodeSpec(&prof); err != nil {
				return tool.Refused(err)
			}
			if err := s.Store.Put(pxe.Profile{PXEProfile: prof, Managed: "harmony:" + p.Site.Name + " " + st.ID}); err != nil {
				return tool.Failed(err)
			}
			n++
		}
		fmt.Fprintf(stderr, "%s: loaded %d profiles from %s\n", Name, n, f)
	}
	l, err := net.Listen("tcp", c.String("addr"))
	if err != nil {
		return tool.Refused(&domain.FieldError{Msg: err.Error(), Hint: "pick a free --addr"})
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stderr, "%s: serving %s on http://%s\n", Name, s.Store.Dir, l.Addr())
	go func() {
		<-c.Context.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}()
	if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return tool.Failed(err)
	}
	return nil
}

// applyConfig is harmony-pxe apply.
func applyConfig() applycmd.Config {
	return applycmd.Config{
		Name:        Name,
		Usage:       "apply the plan's pxe-boot steps to harmony-pxe servers",
		Description: description,
		Driver: func(c *cli.Context, p *domain.Plan) (apply.Driver, error) {
			d := &pxe.Driver{Site: p.Site.Name, Token: secret.Lookup}
			return apply.OpenFunc(d.Open), nil
		},
	}
}
