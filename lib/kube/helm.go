package kube

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/nationtech/harmony-go/lib/domain"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

var docSep = regexp.MustCompile(`(?m)^---[ \t]*$`)

// RenderChart renders a local chart with its values into plain objects,
// as helm template would (no cluster is asked: lookup finds nothing), its
// CRDs first, each labelled as the Score's. Namespaced objects without a
// namespace get the release's when they are applied.
func RenderChart(hc domain.HelmChart, score string) ([]*unstructured.Unstructured, error) {
	ch, err := loader.Load(hc.Chart)
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", hc.Chart, err)
	}
	values := map[string]any{}
	if len(hc.Values) > 0 {
		if err := json.Unmarshal(hc.Values, &values); err != nil {
			return nil, fmt.Errorf("chart %s: values: %w", hc.Chart, err)
		}
	}
	vals, err := chartutil.ToRenderValues(ch, values, chartutil.ReleaseOptions{Name: hc.Release, Namespace: hc.Namespace, IsInstall: true, Revision: 1},
		chartutil.DefaultCapabilities)
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", hc.Chart, err)
	}
	files, err := engine.Render(ch, vals)
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", hc.Chart, err)
	}
	var docs []string
	for _, crd := range ch.CRDObjects() {
		docs = append(docs, string(crd.File.Data))
	}
	names := make([]string, 0, len(files))
	for name := range files {
		if strings.HasSuffix(name, "NOTES.txt") || strings.HasPrefix(strings.TrimPrefix(name, ch.Name()+"/"), "tests/") {
			continue
		}
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		docs = append(docs, files[name])
	}
	var out []*unstructured.Unstructured
	for _, d := range docs {
		for _, part := range docSep.Split(d, -1) {
			if strings.TrimSpace(part) == "" {
				continue
			}
			u := &unstructured.Unstructured{}
			if err := yaml.Unmarshal([]byte(part), &u.Object); err != nil {
				return nil, fmt.Errorf("chart %s: a rendered object: %w", hc.Chart, err)
			}
			if len(u.Object) == 0 {
				continue
			}
			labels := u.GetLabels()
			if labels == nil {
				labels = map[string]string{}
			}
			labels[managedBy] = "harmony"
			labels[scoreLabel] = score
			u.SetLabels(labels)
			out = append(out, u)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].GetKind() == "CustomResourceDefinition" && out[j].GetKind() != "CustomResourceDefinition"
	})
	return out, nil
}
