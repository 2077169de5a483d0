//go:generate go run ../../internal/generate/api/main.go -controller auth
// ONLY generate directives and package declaration! Do not add anything else to this file.

package auth
