// Package k8sapp provides the K8sApp Score: an application on a
// Kubernetes cluster — its namespace, a Deployment, a Service and, when
// asked, an Ingress — as plain objects that harmony-k8s applies.
package k8sapp

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/modules/kubeobject"
)

// Kind is the Score's kind in a Scores document.
const Kind = "K8sApp"

// Topology is what K8sApp needs: a k8s-cluster.
type Topology interface {
	domain.Topology
	domain.HasK8sCluster
}

// K8sApp is one containerised application.
type K8sApp struct {
	Name      string            `json:"-"`
	Namespace string            `json:"namespace"`
	Image     string            `json:"image"`
	Replicas  *int              `json:"replicas,omitempty"` // default 1
	Port      int               `json:"port"`
	Env       map[string]string `json:"env,omitempty"`
	Ingress   *Ingress          `json:"ingress,omitempty"`
}

// Ingress publishes the app under a host name and path.
type Ingress struct {
	Host string `json:"host"`
	Path string `json:"path,omitempty"` // default /
}

var (
	labelRE = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)
	envRE   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	hostRE  = regexp.MustCompile(`^(\*\.)?([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
)

// Steps expands the app into its namespace, Deployment, Service and
// Ingress, each after the namespace.
func (a K8sApp) Steps(t Topology) ([]domain.Step, error) {
	switch {
	case !labelRE.MatchString(a.Name):
		return nil, domain.Errorf("name", "name the app like a DNS label: lowercase letters, digits, dash", "app name %q cannot be a Kubernetes name", a.Name)
	case !labelRE.MatchString(a.Namespace):
		return nil, domain.Errorf("spec.namespace", "use a DNS label, e.g. web", "namespace %q cannot be used", a.Namespace)
	case a.Image == "":
		return nil, domain.Errorf("spec.image", "give the container image, e.g. nginx:1.27", "no image")
	case a.Port < 1 || a.Port > 65535:
		return nil, domain.Errorf("spec.port", "give the port the container listens on, 1-65535", "port %d is out of range", a.Port)
	}
	replicas := 1
	if a.Replicas != nil {
		replicas = *a.Replicas
	}
	if replicas < 0 || replicas > math.MaxInt32 {
		return nil, domain.Errorf("spec.replicas", "give 0 to 2147483647 replicas (a Deployment's replicas is an int32)", "replicas %d is out of range", replicas)
	}
	var env []any
	for _, k := range slices.Sorted(maps.Keys(a.Env)) {
		if !envRE.MatchString(k) {
			return nil, domain.Errorf("spec.env."+k, "name variables with letters, digits and underscores", "environment variable name %q cannot be used", k)
		}
		env = append(env, map[string]any{"name": k, "value": a.Env[k]})
	}
	labels := func() map[string]any { return map[string]any{"app.kubernetes.io/name": a.Name} }
	meta := func() map[string]any {
		return map[string]any{"name": a.Name, "namespace": a.Namespace, "labels": labels()}
	}
	container := map[string]any{"name": a.Name, "image": a.Image, "ports": []any{map[string]any{"containerPort": a.Port}}}
	if len(env) > 0 {
		container["env"] = env
	}
	objects := []kubeobject.Object{
		{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta(), "spec": map[string]any{
			"replicas": replicas,
			"selector": map[string]any{"matchLabels": labels()},
			"template": map[string]any{"metadata": map[string]any{"labels": labels()},
				"spec": map[string]any{"containers": []any{container}}},
		}},
		{"apiVersion": "v1", "kind": "Service", "metadata": meta(), "spec": map[string]any{
			"selector": labels(),
			"ports":    []any{map[string]any{"name": "http", "port": a.Port, "targetPort": a.Port}},
		}},
	}
	if in := a.Ingress; in != nil {
		if !hostRE.MatchString(in.Host) {
			return nil, domain.Errorf("spec.ingress.host", "give a host name such as web.example.net", "host %q cannot be used", in.Host)
		}
		path := in.Path
		if path == "" {
			path = "/"
		}
		if path[0] != '/' {
			return nil, domain.Errorf("spec.ingress.path", "start the path with /", "path %q is not absolute", path)
		}
		objects = append(objects, kubeobject.Object{"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": meta(),
			"spec": map[string]any{"rules": []any{map[string]any{"host": in.Host, "http": map[string]any{"paths": []any{
				map[string]any{"path": path, "pathType": "Prefix", "backend": map[string]any{"service": map[string]any{
					"name": a.Name, "port": map[string]any{"number": a.Port}}}},
			}}}}}})
	}
	b := domain.StepBuilder{Score: a.Name}
	cluster := t.K8sCluster()
	ns, err := kubeobject.Ensure(&b, a.Name, cluster, "spec.namespace",
		kubeobject.Object{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": a.Namespace}})
	if err != nil {
		return nil, err
	}
	for i, o := range objects {
		if _, err := kubeobject.Ensure(&b, a.Name, cluster, fmt.Sprintf("spec (object %d)", i), o, ns); err != nil {
			return nil, err
		}
	}
	return b.Steps()
}
