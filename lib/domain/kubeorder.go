package domain

import (
	"encoding/json"
	"slices"
	"strings"
)

// linkKubeObjects makes every Kubernetes object step wait for the steps,
// of any Score on the same cluster, that create what it needs: its
// namespace, and the custom resource definition of its kind. Scores
// cannot see each other; the plan can.
func linkKubeObjects(steps []Step) {
	type key struct{ target, name string }
	namespaces := map[key]string{} // cluster + namespace → step id
	crds := map[key]string{}       // cluster + group/kind → step id
	objects := make([]*K8sObject, len(steps))
	for i := range steps {
		s := &steps[i]
		if s.Resource.Type != TypeK8sObject {
			continue
		}
		var o K8sObject
		if err := json.Unmarshal(s.Resource.Spec, &o); err != nil {
			continue // checkSteps reports it
		}
		objects[i] = &o
		switch o.Kind {
		case "Namespace":
			namespaces[key{s.Target, o.Name}] = s.ID
		case "CustomResourceDefinition":
			var crd struct {
				Spec struct {
					Group string `json:"group"`
					Names struct {
						Kind string `json:"kind"`
					} `json:"names"`
				} `json:"spec"`
			}
			if json.Unmarshal(o.Manifest, &crd) == nil {
				crds[key{s.Target, crd.Spec.Group + "/" + crd.Spec.Names.Kind}] = s.ID
			}
		}
	}
	for i, o := range objects {
		if o == nil {
			continue
		}
		s := &steps[i]
		group, _, ok := strings.Cut(o.APIVersion, "/")
		if !ok {
			group = ""
		}
		for _, need := range []string{crds[key{s.Target, group + "/" + o.Kind}], namespaces[key{s.Target, o.Namespace}]} {
			if need != "" && need != s.ID && !slices.Contains(s.After, need) {
				s.After = append(slices.Clone(s.After), need)
			}
		}
	}
}
