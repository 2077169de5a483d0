package cmd_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/cmd/internal/commands/k8scmd"
	"github.com/nationtech/harmony-go/cmd/internal/commands/plan"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/kube/kubetest"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"
)

const k8sSite = `apiVersion: harmony/v1
kind: Site
metadata: {name: apps}
spec:
  domain: apps.example.net
  networks: [{name: lan, cidr: 10.10.0.0/24}]
  devices:
    - {name: k8s, provider: kubernetes, kubeconfig: %KUBECONFIG%, provides: [k8s-cluster]}
---
apiVersion: harmony/v1
kind: Inventory
metadata: {name: apps}
spec: {hosts: []}
`

const k8sScores = `apiVersion: harmony/v1
kind: Scores
metadata: {name: apps}
spec:
  scores:
    - kind: K8sApp
      name: web
      spec: {namespace: web, image: "nginx:1.27", replicas: %REPLICAS%, port: 80, ingress: {host: web.apps.example.net}}
    - kind: K8sApp
      name: api
      spec: {namespace: api, image: "example/api:2", port: 8080, env: {LOG_LEVEL: info, REGION: lab}}
    - kind: K8sManifests
      name: extras
      spec:
        objects:
          - apiVersion: example.net/v1
            kind: Widget
            metadata: {name: blue, namespace: web}
            spec: {colour: blue}
          - apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.net}
            spec:
              group: example.net
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget}
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
%CONFIGMAP%    - kind: HelmChart
      name: hello
      spec: {chart: %CHART%, namespace: greet, values: {greeting: %GREETING%}}
`

const k8sConfigMap = `          - apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: web}
            data: {greeting: hello}
`

// k8sRun plans the scores and runs harmony-k8s on the plan, in process.
type k8sRun struct {
	greeting   string // the HelmChart's value
	t          *testing.T
	dir        string
	kubeconfig string
}

func (k k8sRun) plan(replicas string, configMap bool) []byte {
	k.t.Helper()
	site := strings.ReplaceAll(k8sSite, "%KUBECONFIG%", k.kubeconfig)
	scores := strings.ReplaceAll(k8sScores, "%REPLICAS%", replicas)
	cm := ""
	if configMap {
		cm = k8sConfigMap
	}
	scores = strings.ReplaceAll(scores, "%CONFIGMAP%", cm)
	chart, _ := filepath.Abs("testdata/charts/hello")
	scores = strings.NewReplacer("%CHART%", chart, "%GREETING%", k.greeting).Replace(scores)
	_ = os.WriteFile(filepath.Join(k.dir, "site.yaml"), []byte(site), 0o644)
	_ = os.WriteFile(filepath.Join(k.dir, "scores.yaml"), []byte(scores), 0o644)
	var out, errb bytes.Buffer
	if code := plan.Run(context.Background(), []string{"harmony-plan", filepath.Join(k.dir, "site.yaml"), filepath.Join(k.dir, "scores.yaml")}, nil, &out, &errb); code != 0 {
		k.t.Fatalf("harmony-plan: %d\n%s", code, errb.String())
	}
	return out.Bytes()
}

func (k k8sRun) apply(p []byte, args ...string) (map[string]*domain.Outcome, string, int) {
	k.t.Helper()
	var out, errb bytes.Buffer
	code := k8scmd.Run(context.Background(), append([]string{"harmony-k8s", "--lock-dir", filepath.Join(k.dir, "locks")}, args...),
		bytes.NewReader(p), &out, &errb)
	var pl domain.Plan
	if err := json.Unmarshal(out.Bytes(), &pl); err != nil {
		k.t.Fatalf("harmony-k8s wrote no plan (exit %d): %v\n%s", code, err, errb.String())
	}
	m := map[string]*domain.Outcome{}
	for _, s := range pl.Steps {
		m[s.ID] = s.Outcome
	}
	return m, errb.String(), code
}

// api is the test's own view of the API server, through client-go (no
// kubectl: Debian 12 ships none, and a fresh machine has none).
type api struct {
	t      *testing.T
	dyn    dynamic.Interface
	mapper *restmapper.DeferredDiscoveryRESTMapper
}

func newAPI(t *testing.T, kubeconfig string) *api {
	t.Helper()
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &api{t: t, dyn: dyn, mapper: restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(dc))}
}

// of is the resource of a kind ("apps/Deployment", "ConfigMap").
func (a *api) of(groupKind string) dynamic.NamespaceableResourceInterface {
	a.t.Helper()
	group, kind, ok := strings.Cut(groupKind, "/")
	if !ok {
		group, kind = "", groupKind
	}
	a.mapper.Reset()
	m, err := a.mapper.RESTMapping(schema.GroupKind{Group: group, Kind: kind})
	if err != nil {
		a.t.Fatalf("%s: %v", groupKind, err)
	}
	return a.dyn.Resource(m.Resource)
}

func (a *api) get(groupKind, ns, name string) *unstructured.Unstructured {
	a.t.Helper()
	u, err := a.of(groupKind).Namespace(ns).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		a.t.Fatalf("get %s %s/%s: %v", groupKind, ns, name, err)
	}
	return u
}

// managed lists every object Harmony manages, Kind/name=resourceVersion.
func (a *api) managed(groupKinds ...string) string {
	a.t.Helper()
	var out []string
	for _, gk := range groupKinds {
		l, err := a.of(gk).List(context.Background(), metav1.ListOptions{LabelSelector: "app.kubernetes.io/managed-by=harmony"})
		if err != nil {
			a.t.Fatalf("list %s: %v", gk, err)
		}
		for _, it := range l.Items {
			out = append(out, it.GetKind()+"/"+it.GetName()+"="+it.GetResourceVersion())
		}
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

func count(outs map[string]*domain.Outcome) map[domain.Status]int {
	c := map[domain.Status]int{}
	for _, o := range outs {
		if o != nil {
			c[o.Status]++
		}
	}
	return c
}

const (
	stepWebDeployment = "web/k8s-cluster/k8s/object/deployment/web/web"
	stepConfigMap     = "extras/k8s-cluster/k8s/object/configmap/web/settings"
)

// TestK8sAgainstARealAPIServer: two K8sApps and K8sManifests (a CRD, an
// object of its kind, a ConfigMap) converge on a real kube-apiserver; the
// second run is all NOOP and no object's resourceVersion changed; one
// replica count changes exactly that object; a field another manager
// took is a FAILURE naming it, until --force-conflicts; --dry-run writes
// nothing; --prune deletes only the managed object the plan dropped;
// --wait says RUNNING for a rollout no kubelet will make.
func TestK8sAgainstARealAPIServer(t *testing.T) {
	bins, err := kubetest.Bins()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skipf("%v (outside CI the test skips)", err)
	}
	dir := t.TempDir()
	cluster, err := kubetest.Start(context.Background(), bins, filepath.Join(dir, "kube"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cluster.Stop)
	k := k8sRun{t: t, dir: dir, kubeconfig: cluster.Kubeconfig, greeting: "hello"}

	p := k.plan("2", true)
	outs, stderr, code := k.apply(p)
	if c := count(outs); code != 0 || c[domain.Success] != 12 {
		for id, o := range outs {
			if o != nil && o.Status != domain.Success {
				t.Logf("%s: %s %s", id, o.Status, o.Message)
			}
		}
		t.Fatalf("first run: exit %d, %v\n%s", code, c, stderr)
	}
	a := newAPI(t, cluster.Kubeconfig)
	versions := func() string {
		return a.managed("Namespace", "apps/Deployment", "Service", "networking.k8s.io/Ingress", "ConfigMap", "example.net/Widget",
			"apiextensions.k8s.io/CustomResourceDefinition")
	}
	before := versions()
	if strings.Count(before, "=") != 14 { // 10, the chart's namespace and its 3 objects
		t.Fatalf("the cluster has %d managed objects, want 14: %s", strings.Count(before, "="), before)
	}

	outs, _, code = k.apply(p)
	if c := count(outs); code != 0 || c[domain.Noop] != 12 {
		t.Errorf("second run: exit %d, %v", code, c)
	}
	if after := versions(); after != before {
		t.Errorf("the second run changed resourceVersions:\n%s\n%s", before, after)
	}

	p3 := k.plan("3", true)
	outs, _, _ = k.apply(p3)
	if c := count(outs); c[domain.Success] != 1 || c[domain.Noop] != 11 {
		t.Errorf("replicas 3: %v", c)
	}
	if o := outs[stepWebDeployment]; o == nil || len(o.Changes) != 1 || o.Changes[0] != (domain.Change{Field: "spec.replicas", From: "2", To: "3"}) {
		t.Errorf("replicas 3: the Deployment's outcome %+v", o)
	}

	// A new value of the chart changes exactly its ConfigMap.
	k.greeting = "bonjour"
	outs, _, _ = k.apply(k.plan("3", true))
	if o := outs["hello/k8s-cluster/k8s/helm-chart/greet/hello"]; o == nil || o.Status != domain.Success || len(o.Changes) != 1 ||
		o.Changes[0] != (domain.Change{Field: "ConfigMap/hello-greeting data.greeting", From: "hello", To: "bonjour"}) {
		t.Errorf("the chart with greeting bonjour: %+v", o)
	}
	if got, _, _ := unstructured.NestedString(a.get("ConfigMap", "greet", "hello-greeting").Object, "data", "greeting"); got != "bonjour" {
		t.Errorf("the chart's ConfigMap says %q", got)
	}

	// Someone else owns the replica count now.
	ops := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": map[string]any{"name": "web", "namespace": "web"}, "spec": map[string]any{"replicas": int64(5)}}}
	if _, err := a.of("apps/Deployment").Namespace("web").Apply(context.Background(), "web", ops, metav1.ApplyOptions{FieldManager: "ops", Force: true}); err != nil {
		t.Fatalf("server-side apply as ops: %v", err)
	}
	outs, _, code = k.apply(p3)
	if o := outs[stepWebDeployment]; code != 1 || o == nil || o.Status != domain.Failure || !strings.Contains(o.Message, ".spec.replicas") || !strings.Contains(o.Message, `"ops"`) {
		t.Errorf("a conflict with ops: exit %d, %+v", code, o)
	}
	outs, _, _ = k.apply(p3, "--force-conflicts")
	if o := outs[stepWebDeployment]; o == nil || o.Status != domain.Success {
		t.Errorf("--force-conflicts: %+v", o)
	}

	// A dry run of another count writes nothing.
	outs, _, _ = k.apply(k.plan("4", true), "--dry-run")
	if o := outs[stepWebDeployment]; o == nil || o.Status != domain.Success || !o.DryRun || len(o.Changes) != 1 || o.Changes[0].To != "4" {
		t.Errorf("dry run of 4 replicas: %+v", o)
	}
	if got, _, _ := unstructured.NestedInt64(a.get("apps/Deployment", "web", "web").Object, "spec", "replicas"); got != 3 {
		t.Errorf("after the dry run the Deployment has %d replicas, want 3", got)
	}

	// Prune: the ConfigMap the plan dropped goes; a hand-made one stays.
	handmade := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": "ConfigMap",
		"metadata": map[string]any{"name": "handmade", "namespace": "web"}, "data": map[string]any{"a": "b"}}}
	if _, err := a.of("ConfigMap").Namespace("web").Create(context.Background(), handmade, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = k.apply(k.plan("3", false), "--prune")
	if code != 0 || !strings.Contains(stderr, "harmony-k8s: k8s: pruned ConfigMap web/settings") || strings.Count(stderr, "pruned") != 1 {
		t.Errorf("prune: exit %d\n%s", code, stderr)
	}
	cms, err := a.of("ConfigMap").Namespace("web").List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, it := range cms.Items {
		names = append(names, it.GetName())
	}
	if got := strings.Join(names, " "); strings.Contains(got, "settings") || !strings.Contains(got, "handmade") {
		t.Errorf("config maps after prune: %s", got)
	}

	// No kubelet: a rollout never finishes, and --wait says so.
	outs, _, code = k.apply(k.plan("2", false), "--wait", "1s")
	if o := outs[stepWebDeployment]; code != 0 || o == nil || o.Status != domain.Running || !strings.Contains(o.Message, "rolling out") {
		t.Errorf("--wait 1s: exit %d, %+v", code, o)
	}
}
