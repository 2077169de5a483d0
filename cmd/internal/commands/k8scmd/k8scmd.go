// Package k8scmd is harmony-k8s: the k8s-cluster steps of a plan on any
// conformant Kubernetes cluster, by server-side apply.
package k8scmd

import (
	"context"
	_ "embed"
	"io"

	"github.com/nationtech/harmony-go/cmd/internal/applycmd"
	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/kube"
	"github.com/urfave/cli/v2"
)

// Name is the command's name.
const Name = "harmony-k8s"

const description = `harmony-k8s applies the plan's k8s-cluster steps (K8sApp and K8sManifests
Scores: plain Kubernetes objects; HelmChart: a local chart it renders into
such objects) to the cluster of each kubernetes device
(its kubeconfig and context) by server-side apply with field manager
"harmony". An object the server did not change (same resourceVersion) is
NOOP; a change is SUCCESS with the fields that changed. A field another
field manager owns is a FAILURE naming the field and the manager, unless
--force-conflicts. Custom resource definitions are applied before the
objects of their kinds. --dry-run uses the server's dry run and reports the
difference; --prune deletes the objects of the plan's Scores (by their
labels) that the plan no longer has, never unlabelled ones; --wait D follows
each Deployment's rollout for up to D and says RUNNING when it is not done.

Example:
   harmony-plan site/ | harmony-k8s --wait 2m | harmony-state record | harmony-report`

//go:embed notes.md
var notes string

// Run is harmony-k8s's main.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return applycmd.Run(ctx, applycmd.Config{
		Notes:       notes,
		Name:        Name,
		Usage:       "apply the plan's Kubernetes objects by server-side apply",
		Description: description,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "force-conflicts", Usage: "take the fields another field manager owns"},
			&cli.DurationFlag{Name: "wait", Usage: "follow each Deployment's rollout for up to this long (0: do not)"},
		},
		Check: kube.CheckStep,
		Driver: func(c *cli.Context, p *domain.Plan) (apply.Driver, error) {
			d := kube.NewDriver(p)
			d.ForceConflicts, d.Wait = c.Bool("force-conflicts"), c.Duration("wait")
			return apply.OpenFunc(d.Open), nil
		},
	}, args, stdin, stdout, stderr)
}
