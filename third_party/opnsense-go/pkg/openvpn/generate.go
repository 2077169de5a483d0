//go:generate go run ../../internal/generate/api/main.go -controller openvpn
package openvpn
