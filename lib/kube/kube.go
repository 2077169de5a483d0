package kube

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"
)

// FieldManager is the field manager of Harmony's server-side applies.
const FieldManager = "harmony"

// The labels the Scores put on every object (modules/kubeobject).
const (
	managedBy  = "app.kubernetes.io/managed-by"
	scoreLabel = "harmony.nationtech.io/score"
)

// Driver opens sessions on Kubernetes clusters.
type Driver struct {
	ForceConflicts bool          // take fields other managers own
	Wait           time.Duration // how long to follow a Deployment's rollout; 0: do not
	// Charts are the plan's Helm charts, rendered once, by step id.
	Charts map[string][]*unstructured.Unstructured
}

// NewDriver prepares a run of the plan: it renders the plan's charts
// once, for applying them and for knowing, at prune time, which objects
// the plan has.
func NewDriver(p *domain.Plan) *Driver {
	d := &Driver{Charts: map[string][]*unstructured.Unstructured{}}
	for _, s := range p.Steps {
		if s.Resource.Type != domain.TypeHelmChart {
			continue
		}
		var hc domain.HelmChart
		if err := s.DecodeSpec(&hc); err != nil {
			continue
		}
		if objs, err := RenderChart(hc, s.Score); err == nil {
			d.Charts[s.ID] = objs
		}
	}
	return d
}

// keepOf lists, by Score, the objects the plan's steps on a cluster have.
// A Score whose objects cannot all be known (a chart that does not
// render) is left out: prune then touches nothing of it.
func (d *Driver) keepOf(steps []domain.Step) map[string][]Ref {
	out := map[string][]Ref{}
	unknown := map[string]bool{}
	for _, s := range steps {
		switch s.Resource.Type {
		case domain.TypeK8sObject:
			var o domain.K8sObject
			if err := s.DecodeSpec(&o); err != nil {
				unknown[s.Score] = true
				continue
			}
			out[s.Score] = append(out[s.Score], Ref{APIVersion: o.APIVersion, Kind: o.Kind, Namespace: o.Namespace, Name: o.Name})
		case domain.TypeHelmChart:
			var hc domain.HelmChart
			objs, ok := d.Charts[s.ID]
			if !ok || s.DecodeSpec(&hc) != nil {
				unknown[s.Score] = true
				continue
			}
			for _, o := range objs {
				ns := o.GetNamespace()
				if ns == "" { // namespaced or not: the cluster will say
					out[s.Score] = append(out[s.Score], Ref{APIVersion: o.GetAPIVersion(), Kind: o.GetKind(), Name: o.GetName()})
					ns = hc.Namespace
				}
				out[s.Score] = append(out[s.Score], Ref{APIVersion: o.GetAPIVersion(), Kind: o.GetKind(), Namespace: ns, Name: o.GetName()})
			}
		}
	}
	for score := range unknown {
		delete(out, score)
	}
	return out
}

// Ref names an object.
type Ref struct {
	APIVersion, Kind, Namespace, Name string
}

// Open connects with the device's kubeconfig and context.
func (d *Driver) Open(ctx context.Context, dev domain.Device) (*Session, error) {
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		&clientcmd.ClientConfigLoadingRules{ExplicitPath: dev.Kubeconfig},
		&clientcmd.ConfigOverrides{CurrentContext: dev.Context}).ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("%s: kubeconfig %s: %w", dev.Name, dev.Kubeconfig, err)
	}
	cfg.Timeout = 30 * time.Second
	cfg.QPS, cfg.Burst = 50, 100 // client-go's 5/10 would throttle a plan of tens of objects
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dev.Name, err)
	}
	if _, err := dc.ServerVersion(); err != nil {
		return nil, fmt.Errorf("%s: the API server at %s does not answer: %w", dev.Name, cfg.Host, err)
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dev.Name, err)
	}
	return &Session{d: d, dev: dev, dyn: dyn, disc: dc, mapper: restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(dc))}, nil
}

// Session is one run against one cluster.
type Session struct {
	d      *Driver
	dev    domain.Device
	dyn    dynamic.Interface
	disc   discovery.DiscoveryInterface
	mapper *restmapper.DeferredDiscoveryRESTMapper
}

// resource finds the API resource of an object, asking discovery again
// once: a CRD applied earlier in the run adds its kind.
func (s *Session) resource(gvk schema.GroupVersionKind, ns string) (dynamic.ResourceInterface, *meta.RESTMapping, error) {
	m, err := s.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	// A CRD applied a moment ago is served once it is established:
	// ask discovery again for a few seconds.
	for deadline := time.Now().Add(10 * time.Second); err != nil && time.Now().Before(deadline); {
		time.Sleep(250 * time.Millisecond)
		s.mapper.Reset()
		m, err = s.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("the cluster has no kind %s: is its CRD applied?", gvk)
	}
	if m.Scope.Name() == meta.RESTScopeNameNamespace {
		if ns == "" {
			ns = "default"
		}
		return s.dyn.Resource(m.Resource).Namespace(ns), m, nil
	}
	return s.dyn.Resource(m.Resource), m, nil
}

// Apply server-side applies the step's object, or each object of its
// rendered chart; for an absent step it deletes them.
func (s *Session) Apply(ctx context.Context, step domain.Step, dryRun bool) domain.Outcome {
	if step.Resource.Type == domain.TypeHelmChart {
		return s.applyChart(ctx, step, dryRun)
	}
	var o domain.K8sObject
	if err := step.DecodeSpec(&o); err != nil {
		return failure(err)
	}
	obj := &unstructured.Unstructured{}
	if err := obj.UnmarshalJSON(o.Manifest); err != nil {
		return failure(fmt.Errorf("%s: the manifest of %s/%s: %w", s.dev.Name, o.Kind, o.Name, err))
	}
	if step.Action == domain.Absent {
		return s.deleteObject(ctx, obj, "", dryRun)
	}
	return s.applyObject(ctx, obj, "", dryRun)
}

// deleteObject deletes one object Harmony manages (by its managed-by
// label); one made by hand is left, and the step fails saying so.
func (s *Session) deleteObject(ctx context.Context, obj *unstructured.Unstructured, ns string, dryRun bool) domain.Outcome {
	kind, name := obj.GetKind(), obj.GetName()
	if obj.GetNamespace() != "" {
		ns = obj.GetNamespace()
	}
	ri, _, err := s.resource(obj.GroupVersionKind(), ns)
	if err != nil {
		// A kind the cluster no longer serves holds no object.
		return domain.Outcome{Status: domain.Noop, Message: "absent: " + err.Error()}
	}
	cur, err := ri.Get(ctx, name, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		return domain.Outcome{Status: domain.Noop, Message: "absent"}
	case err != nil:
		return failure(fmt.Errorf("%s: reading %s %s: %w", s.dev.Name, kind, name, err))
	case cur.GetDeletionTimestamp() != nil:
		return domain.Outcome{Status: domain.Noop, Message: "absent (being deleted)"}
	case cur.GetLabels()[managedBy] != "harmony":
		return failure(fmt.Errorf("%s: %s %s exists, not managed by Harmony (no %s=harmony label): delete it by hand if it should go", s.dev.Name, kind, name, managedBy))
	}
	changes := []domain.Change{{Field: kind, From: strings.TrimPrefix(cur.GetNamespace()+"/"+name, "/"), To: "absent"}}
	opts := metav1.DeleteOptions{}
	if dryRun {
		opts.DryRun = []string{metav1.DryRunAll}
	}
	if err := ri.Delete(ctx, name, opts); err != nil && !apierrors.IsNotFound(err) {
		return domain.Outcome{Status: domain.Failure, Message: fmt.Sprintf("%s: deleting %s %s: %v", s.dev.Name, kind, name, err), Changes: changes}
	}
	return domain.Outcome{Status: domain.Success, Changes: changes}
}

// applyChart renders the chart and applies its objects in order; the step
// is NOOP when every object is, and fails at the first that fails.
func (s *Session) applyChart(ctx context.Context, step domain.Step, dryRun bool) domain.Outcome {
	var hc domain.HelmChart
	if err := step.DecodeSpec(&hc); err != nil {
		return failure(err)
	}
	objs, ok := s.d.Charts[step.ID]
	if !ok {
		var err error
		if objs, err = RenderChart(hc, step.Score); err != nil {
			return failure(fmt.Errorf("%s: %w", s.dev.Name, err))
		}
	}
	out := domain.Outcome{Status: domain.Noop}
	if step.Action == domain.Absent {
		objs = slices.Clone(objs)
		slices.Reverse(objs) // what the chart made last goes first
	}
	for _, obj := range objs {
		var o domain.Outcome
		if step.Action == domain.Absent {
			o = s.deleteObject(ctx, obj, hc.Namespace, dryRun)
		} else {
			o = s.applyObject(ctx, obj, hc.Namespace, dryRun)
		}
		for _, c := range o.Changes {
			c.Field = obj.GetKind() + "/" + obj.GetName() + " " + c.Field
			out.Changes = append(out.Changes, c)
		}
		switch o.Status {
		case domain.Failure:
			o.Changes = out.Changes
			return o
		case domain.Success, domain.Running:
			if out.Status != domain.Running {
				out.Status = o.Status
			}
			if o.Message != "" {
				out.Message = o.Message
			}
		}
	}
	return out
}

// applyObject server-side applies one object; a namespaced object without
// a namespace goes to ns (else default).
func (s *Session) applyObject(ctx context.Context, obj *unstructured.Unstructured, ns string, dryRun bool) domain.Outcome {
	kind, name := obj.GetKind(), obj.GetName()
	if obj.GetNamespace() != "" {
		ns = obj.GetNamespace()
	}
	ri, m, err := s.resource(obj.GroupVersionKind(), ns)
	if err != nil {
		return failure(fmt.Errorf("%s: %w", s.dev.Name, err))
	}
	if m.Scope.Name() == meta.RESTScopeNameNamespace && obj.GetNamespace() == "" && ns != "" {
		obj.SetNamespace(ns)
	}
	manifest, err := obj.MarshalJSON()
	if err != nil {
		return failure(err)
	}
	old, err := ri.Get(ctx, name, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		old = nil
	case err != nil:
		return failure(fmt.Errorf("%s: reading %s %s: %w", s.dev.Name, kind, name, err))
	}
	opts := metav1.PatchOptions{FieldManager: FieldManager, Force: &s.d.ForceConflicts}
	if dryRun {
		opts.DryRun = []string{metav1.DryRunAll}
	}
	got, err := ri.Patch(ctx, name, types.ApplyPatchType, manifest, opts)
	if err != nil {
		return failure(s.applyError(kind, name, err))
	}
	changes := diff(obj.Object, objectOf(old))
	switch {
	case old == nil:
		changes = []domain.Change{{Field: kind, To: strings.TrimPrefix(obj.GetNamespace()+"/"+name, "/")}}
	case got.GetResourceVersion() == old.GetResourceVersion() && !dryRun:
		return domain.Outcome{Status: domain.Noop}
	case len(changes) == 0:
		if dryRun {
			return domain.Outcome{Status: domain.Noop}
		}
		changes = []domain.Change{{Field: "metadata.resourceVersion", From: old.GetResourceVersion(), To: got.GetResourceVersion()}}
	}
	out := domain.Outcome{Status: domain.Success, Changes: changes}
	if !dryRun && s.d.Wait > 0 && kind == "Deployment" {
		if msg := s.rollout(ctx, ri, name); msg != "" {
			out.Status, out.Message = domain.Running, msg
		}
	}
	return out
}

// applyError words a failed apply; a conflict names the fields and their
// managers.
func (s *Session) applyError(kind, name string, err error) error {
	var st apierrors.APIStatus
	if apierrors.IsConflict(err) && errors.As(err, &st) && st.Status().Details != nil {
		var owned []string
		for _, c := range st.Status().Details.Causes {
			owned = append(owned, fmt.Sprintf("%s (%s)", c.Field, c.Message))
		}
		return fmt.Errorf("%s: %s %s: fields owned by another field manager: %s; change them back there, or run with --force-conflicts to take them",
			s.dev.Name, kind, name, strings.Join(owned, "; "))
	}
	return fmt.Errorf("%s: applying %s %s: %w", s.dev.Name, kind, name, err)
}

// rollout waits up to the driver's Wait for a Deployment to have all its
// replicas updated and available; it says what is missing, or "".
func (s *Session) rollout(ctx context.Context, ri dynamic.ResourceInterface, name string) string {
	deadline := time.Now().Add(s.d.Wait)
	for {
		d, err := ri.Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return "rollout not followed: " + err.Error()
		}
		want, _, _ := unstructured.NestedInt64(d.Object, "spec", "replicas")
		gen, _, _ := unstructured.NestedInt64(d.Object, "status", "observedGeneration")
		updated, _, _ := unstructured.NestedInt64(d.Object, "status", "updatedReplicas")
		avail, _, _ := unstructured.NestedInt64(d.Object, "status", "availableReplicas")
		if gen >= d.GetGeneration() && updated >= want && avail >= want {
			return ""
		}
		if !time.Now().Before(deadline) || ctx.Err() != nil {
			return fmt.Sprintf("rolling out: %d of %d replicas updated, %d available after %s; run again to check", updated, want, avail, s.d.Wait)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// Prune deletes the objects of the plan's Scores (by their labels) that
// the plan no longer has, of every kind the cluster serves.
func (s *Session) Prune(ctx context.Context, keep domain.Keep, dryRun bool) ([]string, error) {
	var removed []string
	scores := s.d.keepOf(keep.Steps)
	if len(scores) == 0 {
		return nil, nil
	}
	lists, err := s.disc.ServerPreferredResources()
	if err != nil && len(lists) == 0 {
		return nil, fmt.Errorf("%s: listing the kinds the cluster serves: %w", s.dev.Name, err)
	}
	type kind struct {
		gvr schema.GroupVersionResource
		gvk schema.GroupVersionKind
	}
	var kinds []kind
	for _, l := range lists {
		gv, err := schema.ParseGroupVersion(l.GroupVersion)
		if err != nil {
			continue
		}
		for _, r := range l.APIResources {
			if strings.Contains(r.Name, "/") || !slices.Contains(r.Verbs, "list") || !slices.Contains(r.Verbs, "delete") {
				continue
			}
			kinds = append(kinds, kind{gv.WithResource(r.Name), gv.WithKind(r.Kind)})
		}
	}
	sort.Slice(kinds, func(i, j int) bool { return kinds[i].gvk.String() < kinds[j].gvk.String() })
	kept := map[string]bool{} // score + group/kind + namespace/name
	names := slices.Sorted(maps.Keys(scores))
	for _, score := range names {
		for _, r := range scores[score] {
			kept[score+" "+schema.FromAPIVersionAndKind(r.APIVersion, r.Kind).GroupKind().String()+" "+r.Namespace+"/"+r.Name] = true
		}
	}
	// One list per kind: Harmony's objects of the plan's Scores.
	selector := managedBy + "=harmony," + scoreLabel + " in (" + strings.Join(names, ",") + ")"
	for _, k := range kinds {
		list, err := s.dyn.Resource(k.gvr).List(ctx, metav1.ListOptions{LabelSelector: selector})
		if err != nil {
			continue // a kind this user may not list holds nothing of ours
		}
		for _, item := range list.Items {
			if kept[item.GetLabels()[scoreLabel]+" "+k.gvk.GroupKind().String()+" "+item.GetNamespace()+"/"+item.GetName()] {
				continue
			}
			ri := dynamic.ResourceInterface(s.dyn.Resource(k.gvr))
			if item.GetNamespace() != "" {
				ri = s.dyn.Resource(k.gvr).Namespace(item.GetNamespace())
			}
			opts := metav1.DeleteOptions{}
			if dryRun {
				opts.DryRun = []string{metav1.DryRunAll}
			}
			if err := ri.Delete(ctx, item.GetName(), opts); err != nil && !apierrors.IsNotFound(err) {
				return removed, fmt.Errorf("%s: deleting %s %s: %w", s.dev.Name, k.gvk.Kind, item.GetName(), err)
			}
			removed = append(removed, strings.TrimPrefix(fmt.Sprintf("%s %s/%s", k.gvk.Kind, item.GetNamespace(), item.GetName()), "/"))
		}
	}
	return removed, nil
}

// Commit does nothing: the API server takes each apply at once.
func (s *Session) Commit(context.Context) error { return nil }

// Close ends the session.
func (s *Session) Close() error { return nil }

func failure(err error) domain.Outcome {
	return domain.Outcome{Status: domain.Failure, Message: err.Error()}
}

func objectOf(u *unstructured.Unstructured) map[string]any {
	if u == nil {
		return nil
	}
	return u.Object
}

// diff lists the fields of the manifest whose value on the server
// differs. The server adds defaults (to list items too), so a wanted value
// is matched when it is contained in the server's: maps key by key, lists
// item by item.
func diff(want, have map[string]any) []domain.Change {
	var out []domain.Change
	var walk func(path string, w, h any)
	walk = func(path string, w, h any) {
		switch wv := w.(type) {
		case map[string]any:
			hm, _ := h.(map[string]any)
			for _, k := range slices.Sorted(maps.Keys(wv)) {
				walk(path+"."+k, wv[k], hm[k])
			}
			return
		case []any:
			hl, _ := h.([]any)
			if len(hl) == len(wv) {
				for i := range wv {
					walk(fmt.Sprintf("%s[%d]", path, i), wv[i], hl[i])
				}
				return
			}
		}
		if !equal(w, h) {
			out = append(out, domain.Change{Field: strings.TrimPrefix(path, "."), From: text(h), To: text(w)})
		}
	}
	walk("", want, have)
	return out
}

// equal compares JSON values, numbers by value.
func equal(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	var x, y any
	_ = json.Unmarshal(ja, &x)
	_ = json.Unmarshal(jb, &y)
	return reflect.DeepEqual(x, y)
}

func text(v any) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}
