package kube

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/lib/domain"
)

func objectStep(t *testing.T, manifest string) domain.Step {
	t.Helper()
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Metadata   struct{ Name string }
	}
	if err := json.Unmarshal([]byte(manifest), &head); err != nil {
		t.Fatal(err)
	}
	b := domain.StepBuilder{Score: "s"}
	b.Ensure(domain.K8sCluster, "k", domain.TypeK8sObject, head.Metadata.Name,
		domain.K8sObject{APIVersion: head.APIVersion, Kind: head.Kind, Name: head.Metadata.Name, Manifest: json.RawMessage(manifest)})
	steps, err := b.Steps()
	if err != nil {
		t.Fatal(err)
	}
	return steps[0]
}

// TestCheckStep: a built-in kind's manifest is read with the API's own
// types before anything is sent: a number that does not fit its field is
// refused naming the field (an API server stored replicas 99999999999 as
// 1215752191); a CRD's kind is left to the API server.
func TestCheckStep(t *testing.T) {
	for _, tc := range []struct{ manifest, want string }{
		{`{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":3}}`, ""},
		{`{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":99999999999}}`,
			"the manifest of Deployment web: spec.replicas: 99999999999 does not fit its type, int32 (-2147483648 to 2147483647)"},
		{`{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"ports":[{"port":99999999999}]}}`, "spec.ports.port: 99999999999 does not fit its type, int32"},
		{`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":1}}`, "the manifest of ConfigMap c: data: a number where a string goes"},
		{`{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":99999999999}}`, ""},
	} {
		err := CheckStep(objectStep(t, tc.manifest))
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: %v, want %q", tc.manifest, err, tc.want)
		}
	}
}
