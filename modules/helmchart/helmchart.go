// Package helmchart provides the HelmChart Score: a local Helm chart (a
// directory or .tgz; no repository access), rendered with its values into
// plain objects that take the same server-side apply path as every other
// object (the seed's "inflate Helm to vanilla manifests"). The rendering
// happens in harmony-k8s, which alone links Helm and client-go.
package helmchart

import (
	"encoding/json"
	"regexp"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/modules/kubeobject"
)

// Kind is the Score's kind in a Scores document.
const Kind = "HelmChart"

// Topology is what HelmChart needs: a k8s-cluster.
type Topology interface {
	domain.Topology
	domain.HasK8sCluster
}

// HelmChart is one chart release.
type HelmChart struct {
	Name      string         `json:"-"`
	Chart     string         `json:"chart"`
	Namespace string         `json:"namespace"`
	Values    map[string]any `json:"values,omitempty"`
}

var labelRE = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$`)

// Steps makes the release's namespace and one helm-chart step after it.
func (h HelmChart) Steps(t Topology) ([]domain.Step, error) {
	switch {
	case h.Chart == "":
		return nil, domain.Errorf("spec.chart", "give the chart's directory or .tgz", "no chart")
	case !labelRE.MatchString(h.Name):
		return nil, domain.Errorf("name", "name the release like a DNS label, up to 53 characters", "release name %q cannot be used", h.Name)
	case !labelRE.MatchString(h.Namespace):
		return nil, domain.Errorf("spec.namespace", "use a DNS label, e.g. monitoring", "namespace %q cannot be used", h.Namespace)
	}
	var values json.RawMessage
	if len(h.Values) > 0 {
		var err error
		if values, err = json.Marshal(h.Values); err != nil {
			return nil, domain.Errorf("spec.values", "write values as plain YAML", "values cannot be encoded: %v", err)
		}
	}
	b := domain.StepBuilder{Score: h.Name}
	cluster := t.K8sCluster()
	ns, err := kubeobject.Ensure(&b, h.Name, cluster, "spec.namespace",
		kubeobject.Object{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": h.Namespace}})
	if err != nil {
		return nil, err
	}
	b.Ensure(domain.K8sCluster, cluster, domain.TypeHelmChart, h.Namespace+"/"+h.Name,
		domain.HelmChart{Chart: h.Chart, Release: h.Name, Namespace: h.Namespace, Values: values}, ns)
	return b.Steps()
}
