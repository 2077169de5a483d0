# Harmony's make targets. Run `make` alone for the list.

SHELL        := bash
.SHELLFLAGS  := -eu -o pipefail -c
GO           ?= go
BIN          := bin
# CACHE holds heavy builds and downloads the tests reuse between runs
# (kept out of git); Go's own build cache does the rest.
CACHE        ?= .cache
VERSION      ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS      := -X github.com/nationtech/harmony-go/cmd/internal/tool.Version=$(VERSION)
# Every package of every module of the workspace (go.work).
PKGS         := $(shell $(GO) list -m -f '{{.Dir}}/...' | sed "s|^$(CURDIR)|.|")
# Every cmd/harmony-* folder is a tool (cmd/internal/tools lists their
# main functions; a test keeps the two the same).
TOOLS        := $(notdir $(wildcard cmd/harmony-*))
STATICCHECK  := honnef.co/go/tools/cmd/staticcheck@v0.8.2
FUZZTIME     ?= 10s

.PHONY: help build test demo transcript demo-boot bench lint generate schemas manuals fuzz deps deplist clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

build: ## build every tool into bin/
	@mkdir -p $(BIN)
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/ $(addprefix ./cmd/,$(TOOLS))

test: ## run every test (unit, testscripts, rule checks, real peers), with -race; builds kube-apiserver (~6 min) and OpenTofu with the OPNsense provider (~4 min) once, cached
	@scripts/deps.sh || test -z "$$CI" # the real peers (as root it installs what is missing); outside CI their tests skip
	@scripts/guest-kernel.sh $(CACHE)/guest-kernel || test -z "$$CI" # for the QEMU guests; they skip without it outside CI
	@kube=$$(scripts/kube-bins.sh) || test -z "$$CI"; \
	terraform=$$(scripts/terraform-bins.sh) || test -z "$$CI"; \
	echo "HARMONY_KUBE_BINS=$$kube HARMONY_TERRAFORM_BINS=$$terraform HARMONY_GUEST_KERNEL=$(abspath $(CACHE))/guest-kernel $(GO) test -race -count=1 $(PKGS)"; \
	HARMONY_KUBE_BINS=$$kube HARMONY_TERRAFORM_BINS=$$terraform HARMONY_GUEST_KERNEL=$(abspath $(CACHE))/guest-kernel $(GO) test -race -count=1 $(PKGS)

demo: build ## the pipeline end to end on the lab example
	@scripts/deps.sh || true # as root it installs what is missing; without ipmi_sim the demo goes on without BMCs
	@scripts/demo.sh

transcript: build ## regenerate docs/demo-transcript.txt from a run of make demo
	@scripts/transcript.sh

demo-boot: ## as root: a QEMU VM PXE-boots through dnsmasq and harmony-pxe; guests report and build bonds
	@scripts/guest-kernel.sh $(CACHE)/guest-kernel
	HARMONY_GUEST_KERNEL=$(abspath $(CACHE))/guest-kernel $(GO) test -count=1 -v -run 'TestPXEBootThroughDnsmasq|TestDiscoverLocalBondInAGuest|TestHostnetInAGuest' ./cmd

bench: ## benchmarks: harmony-plan on 1,000 and 10,000 generated hosts
	@scripts/bench.sh

lint: ## gofmt, go vet and staticcheck on every module
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt: the files above need formatting"; exit 1; }
	$(GO) vet $(PKGS)
	$(GO) run $(STATICCHECK) $(PKGS)

generate: ## regenerate the OPNsense API types from the model XML (lib/infra/opnsense/api)
	cd lib/infra/opnsense/internal/opnsensegen && $(GO) run . -models ../../models -out ../../api/zz_generated.go

schemas: ## regenerate schemas/ from the Go types
	$(GO) run ./cmd/internal/schemagen -out schemas

manuals: ## regenerate the tools' manuals in docs/tools/ from their command definitions
	$(GO) run ./cmd/internal/mangen -out docs/tools

fuzz: ## run each fuzz target for FUZZTIME (default 10s)
	@scripts/fuzz.sh $(FUZZTIME)

deps: ## install the Debian packages the tests need (as root)
	scripts/deps.sh

clean: ## remove bin/ and the cache
	rm -rf $(BIN) $(CACHE)

deplist: ## regenerate each tool's checked-in dependency list (cmd/*/deps.txt)
	@for t in $(TOOLS); do scripts/deplist.sh ./cmd/$$t > cmd/$$t/deps.txt; done
