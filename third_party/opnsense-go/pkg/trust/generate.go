//go:generate go run ../../internal/generate/api/main.go -controller trust
package trust
