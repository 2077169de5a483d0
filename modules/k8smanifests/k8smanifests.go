// Package k8smanifests provides the K8sManifests Score: plain Kubernetes
// objects, applied as they are (with Harmony's labels added). Custom
// resource definitions come first: an object of a kind one of them
// defines waits for it, and an object in a namespace the Score creates
// waits for that namespace.
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

// Steps makes one step per object: CRDs, then namespaces, then the rest,
// each in the order written.
func (m K8sManifests) Steps(t Topology) ([]domain.Step, error) {
	if len(m.Objects) == 0 {
		return nil, domain.Errorf("spec.objects", "list the objects to apply, or files of them in from", "no objects")
	}
	b := domain.StepBuilder{Score: m.Name}
	cluster := t.K8sCluster()
	crds := map[string]string{}       // group/kind → the CRD's step
	namespaces := map[string]string{} // name → the namespace's step
	kindOf := func(o kubeobject.Object) string { k, _ := o["kind"].(string); return k }
	done := make([]bool, len(m.Objects))
	pass := func(want func(kubeobject.Object) bool, after func(kubeobject.Object) []string, record func(kubeobject.Object, string)) error {
		for i, o := range m.Objects {
			if done[i] || !want(o) {
				continue
			}
			done[i] = true
			id, err := kubeobject.Ensure(&b, m.Name, cluster, fmt.Sprintf("spec.objects[%d]", i), o, after(o)...)
			if err != nil {
				return err
			}
			record(o, id)
		}
		return nil
	}
	none := func(kubeobject.Object) []string { return nil }
	err := pass(func(o kubeobject.Object) bool { return kindOf(o) == "CustomResourceDefinition" }, none, func(o kubeobject.Object, id string) {
		spec, _ := o["spec"].(map[string]any)
		names, _ := spec["names"].(map[string]any)
		group, _ := spec["group"].(string)
		kind, _ := names["kind"].(string)
		crds[group+"/"+kind] = id
	})
	if err == nil {
		err = pass(func(o kubeobject.Object) bool { return kindOf(o) == "Namespace" }, none, func(o kubeobject.Object, id string) {
			meta, _ := o["metadata"].(map[string]any)
			name, _ := meta["name"].(string)
			namespaces[name] = id
		})
	}
	if err == nil {
		err = pass(func(kubeobject.Object) bool { return true }, func(o kubeobject.Object) []string {
			var after []string
			apiVersion, _ := o["apiVersion"].(string)
			if id, ok := crds[kubeobject.Group(apiVersion)+"/"+kindOf(o)]; ok {
				after = append(after, id)
			}
			meta, _ := o["metadata"].(map[string]any)
			if ns, _ := meta["namespace"].(string); namespaces[ns] != "" {
				after = append(after, namespaces[ns])
			}
			return after
		}, func(kubeobject.Object, string) {})
	}
	if err != nil {
		return nil, err
	}
	return b.Steps()
}
