// Package kubeobject turns Kubernetes objects, as Scores write them, into
// k8s-cluster steps: one object step each, labelled as Harmony's and its
// Score's, named kind/namespace/name.
package kubeobject

import (
	"encoding/json"

	"regexp"
	"strings"

	"github.com/nationtech/harmony-go/lib/domain"
)

// The labels every object Harmony applies carries: harmony-k8s --prune
// deletes only objects with both, of the Score the plan names.
const (
	ManagedBy      = "app.kubernetes.io/managed-by"
	ManagedByValue = "harmony"
	ScoreLabel     = "harmony.nationtech.io/score"
)

var nameRE = regexp.MustCompile(`^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$`)

// Object is a Kubernetes object as JSON-like maps.
type Object = map[string]any

// Ensure adds a step for obj to b, after the given steps, and returns its
// id. path is where the object was written, for errors.
func Ensure(b *domain.StepBuilder, score, cluster, path string, obj Object, after ...string) (string, error) {
	apiVersion, _ := obj["apiVersion"].(string)
	kind, _ := obj["kind"].(string)
	meta, _ := obj["metadata"].(map[string]any)
	if apiVersion == "" || kind == "" || meta == nil {
		return "", domain.Errorf(path, "give apiVersion, kind and metadata", "not a Kubernetes object")
	}
	name, _ := meta["name"].(string)
	ns, _ := meta["namespace"].(string)
	if !nameRE.MatchString(name) {
		return "", domain.Errorf(path+".metadata.name", "use a DNS name: lowercase letters, digits, dash and dot", "object name %q cannot be used", name)
	}
	if ns != "" && !nameRE.MatchString(ns) {
		return "", domain.Errorf(path+".metadata.namespace", "use a DNS label", "namespace %q cannot be used", ns)
	}
	if kind == "Secret" && (obj["data"] != nil || obj["stringData"] != nil) {
		return "", domain.Errorf(path, "create the Secret out of band (kubectl, a secret manager) and refer to it by name",
			"Secret %q holds its values, which would be copied into every plan", name)
	}
	labels, _ := meta["labels"].(map[string]any)
	if labels == nil {
		labels = map[string]any{}
	}
	labels[ManagedBy] = ManagedByValue
	labels[ScoreLabel] = score
	meta["labels"] = labels
	raw, err := json.Marshal(obj) // map keys sorted: the plan stays deterministic
	if err != nil {
		return "", domain.Errorf(path, "write the object as plain YAML values", "object cannot be encoded: %v", err)
	}
	step := strings.ToLower(kind) + "/" + name
	if ns != "" {
		step = strings.ToLower(kind) + "/" + ns + "/" + name
	}
	return b.Ensure(domain.K8sCluster, cluster, domain.TypeK8sObject, step,
		domain.K8sObject{APIVersion: apiVersion, Kind: kind, Namespace: ns, Name: name, Manifest: raw}, after...), nil
}
