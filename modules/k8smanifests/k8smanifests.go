// Package k8smanifests provides the K8sManifests Score: plain Kubernetes
// objects, applied as they are (with Harmony's labels added).
package k8smanifests

import (
	"fmt"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/modules/kubeobject"
)

// Kind is the Score's kind in a Scores document.
const Kind = "K8sManifests"

// Topology is what K8sManifests needs: a k8s-cluster.
type Topology interface {
	domain.Topology
	domain.HasK8sCluster
}

// K8sManifests is a list of objects.
type K8sManifests struct {
	Name    string              `json:"-"`
	Objects []kubeobject.Object `json:"objects,omitempty"`
	// From names YAML files or directories of them, relative to the Scores
	// file; harmony-plan reads their objects into Objects, after the
	// inline ones.
	From []string `json:"from,omitempty"`
}

// Steps makes one step per object. The plan makes each object wait for
// its namespace and for the CRD of its kind, from whichever Score
// (domain.NewPlan), so CRDs are applied before the objects that use them.
func (m K8sManifests) Steps(t Topology) ([]domain.Step, error) {
	if len(m.Objects) == 0 {
		return nil, domain.Errorf("spec.objects", "list the objects to apply, or files of them in from", "no objects")
	}
	b := domain.StepBuilder{Score: m.Name}
	for i, o := range m.Objects {
		if _, err := kubeobject.Ensure(&b, m.Name, t.K8sCluster(), fmt.Sprintf("spec.objects[%d]", i), o); err != nil {
			return nil, err
		}
	}
	return b.Steps()
}
