// Package kube pins the real kube-apiserver and etcd that harmony-k8s's
// tests and harmony-lab kube run; scripts/kube-bins.sh builds them. The
// module is outside the workspace (go.work), so no Harmony module inherits
// Kubernetes' dependencies.
package kube
