package kube_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nationtech/harmony-go/lib/apply"
	"github.com/nationtech/harmony-go/lib/apply/conformance"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/kube"
	"github.com/nationtech/harmony-go/lib/kube/kubetest"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/tools/clientcmd"
)

var (
	namespaces = schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}
	configMaps = schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}
)

// object is a k8s-cluster step for a labelled object, as the Scores make.
func object(t *testing.T, kind, ns, name string, data map[string]string) domain.Step {
	t.Helper()
	meta := map[string]any{"name": name, "labels": map[string]any{"app.kubernetes.io/managed-by": "harmony", "harmony.nationtech.io/score": "apps"}}
	step := strings.ToLower(kind) + "/" + name
	if ns != "" {
		meta["namespace"] = ns
		step = strings.ToLower(kind) + "/" + ns + "/" + name
	}
	obj := map[string]any{"apiVersion": "v1", "kind": kind, "metadata": meta}
	if data != nil {
		obj["data"] = data
	}
	raw, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	s, err := domain.NewStep("apps", domain.K8sCluster, "k8s", domain.TypeK8sObject, step,
		domain.K8sObject{APIVersion: "v1", Kind: kind, Namespace: ns, Name: name, Manifest: raw})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestConformance runs the apply contract's suite against a real
// kube-apiserver: a namespace and three ConfigMaps in it; the cluster's
// writes are the objects whose resourceVersion changed, appeared or went.
func TestConformance(t *testing.T) {
	bins, err := kubetest.Bins()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skipf("%v (outside CI the test skips)", err)
	}
	cluster, err := kubetest.Start(context.Background(), bins, filepath.Join(t.TempDir(), "kube"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cluster.Stop)
	cfg, err := clientcmd.BuildConfigFromFlags("", cluster.Kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	steps := []domain.Step{
		object(t, "Namespace", "", "conf", nil),
		object(t, "ConfigMap", "conf", "a", map[string]string{"k": "1"}),
		object(t, "ConfigMap", "conf", "b", map[string]string{"k": "2"}),
		object(t, "ConfigMap", "conf", "c", map[string]string{"k": "3"}),
	}
	chartDir, err := filepath.Abs("testdata/charts/greeting")
	if err != nil {
		t.Fatal(err)
	}
	chart, err := domain.NewStep("apps", domain.K8sCluster, "k8s", domain.TypeHelmChart, "hello",
		domain.HelmChart{Chart: chartDir, Release: "hello", Namespace: "conf"}, steps[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	steps = append(steps, chart)
	dev := domain.Device{Name: "k8s", Provider: "kubernetes", Kubeconfig: cluster.Kubeconfig, Provides: []domain.Capability{domain.K8sCluster}}
	plan := conformance.PlanOf(t, "lab", []domain.Device{dev}, steps)
	var writes conformance.Counter
	conformance.Run(t, conformance.Peer{
		Tool: func(*testing.T) *apply.Tool {
			return &apply.Tool{Name: "harmony-k8s", Providers: domain.ProvidersOf("harmony-k8s"), Driver: apply.OpenFunc(kube.NewDriver(plan).Open)}
		},
		Plan:   plan,
		Device: "k8s",
		Victim: "apps/k8s-cluster/k8s/object/configmap/conf/c",
		Absent: []string{"apps/k8s-cluster/k8s/object/configmap/conf/c", "apps/k8s-cluster/k8s/helm-chart/hello"},
		Writes: func(t *testing.T) int {
			now := map[string]string{}
			if ns, err := dyn.Resource(namespaces).Get(ctx, "conf", metav1.GetOptions{}); err == nil {
				now["namespace"] = string(ns.GetUID()) + " " + ns.GetResourceVersion()
			}
			list, err := dyn.Resource(configMaps).Namespace("conf").List(ctx, metav1.ListOptions{})
			if err == nil {
				for _, cm := range list.Items {
					now[cm.GetName()] = string(cm.GetUID()) + " " + cm.GetResourceVersion()
				}
			}
			return writes.Count(now)
		},
		Present: func(t *testing.T, s domain.Step) bool {
			if s.Resource.Type == domain.TypeHelmChart {
				got, err := dyn.Resource(configMaps).Namespace("conf").Get(ctx, "hello-greeting", metav1.GetOptions{})
				return err == nil && got.GetDeletionTimestamp() == nil
			}
			var o domain.K8sObject
			_ = s.DecodeSpec(&o)
			ri := dynamic.ResourceInterface(dyn.Resource(namespaces))
			if o.Kind == "ConfigMap" {
				ri = dyn.Resource(configMaps).Namespace(o.Namespace)
			}
			got, err := ri.Get(ctx, o.Name, metav1.GetOptions{})
			return err == nil && got.GetDeletionTimestamp() == nil // a namespace takes a while to go
		},
		Change: func(s domain.Step) (domain.Step, string, bool) {
			if s.Resource.Type == domain.TypeHelmChart {
				return s, "", false
			}
			var o domain.K8sObject
			_ = s.DecodeSpec(&o)
			if o.Kind != "ConfigMap" {
				return s, "", false
			}
			return object(t, "ConfigMap", o.Namespace, o.Name, map[string]string{"k": "changed"}), "data.k", true
		},
		Names: func(s domain.Step) string {
			var o domain.K8sObject
			_ = s.DecodeSpec(&o)
			return o.Kind + " " + o.Namespace + "/" + o.Name
		},
		HandMade: func(t *testing.T) func(*testing.T) bool {
			cm := object(t, "ConfigMap", "conf", "by-hand", map[string]string{"k": "mine"})
			var o domain.K8sObject
			_ = cm.DecodeSpec(&o)
			var m map[string]any
			_ = json.Unmarshal(o.Manifest, &m)
			delete(m["metadata"].(map[string]any), "labels")
			u := unstructuredOf(m)
			if _, err := dyn.Resource(configMaps).Namespace("conf").Create(ctx, u, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			return func(*testing.T) bool {
				got, err := dyn.Resource(configMaps).Namespace("conf").Get(ctx, "by-hand", metav1.GetOptions{})
				return err == nil && got.Object["data"].(map[string]any)["k"] == "mine"
			}
		},
	})
}

func unstructuredOf(m map[string]any) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: m}
}
