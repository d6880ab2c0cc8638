# involve: build, run, test, bench, lint, dist.
#
#   make run     build, and open a demo database of fictional people
#   make test    every test (end-to-end tests need tmux; they skip without it)
#   make bench   the benchmarks, with their figures
#   make lint    gofmt, go vet, staticcheck, govulncheck, and the libc pin
#   make dist    binaries for Linux, macOS and Windows in dist/, with the
#                licence and the third-party notices

GO          ?= go
VERSION     := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS     := -s -w -X main.version=$(VERSION)
BINARY      := involve

DEMO_DIR    := .demo
DEMO_DB     := $(DEMO_DIR)/involve-demo.db

TEST_TIMEOUT  ?= 20m
BENCH_TIMEOUT ?= 15m
BENCHTIME     ?= 1s
BENCH         ?= .

GOBIN_DIR   := $(shell $(GO) env GOPATH)/bin
STATICCHECK := $(GOBIN_DIR)/staticcheck
GOVULNCHECK := $(GOBIN_DIR)/govulncheck
# The vulnerability database govulncheck reads: GOVULNDB=file:///path uses
# a local copy where https://vuln.go.dev cannot be reached.
GOVULNDB    ?= https://vuln.go.dev

PLATFORMS   := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64

.PHONY: all build run test bench lint notices dist clean

all: build

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BINARY) ./cmd/involve

# The first run writes a demo database of fictional people; later runs
# reopen the same one (delete .demo/ to start again).
run: build
	@install -d -m 0700 $(DEMO_DIR)
	@if [ ! -s $(DEMO_DB) ]; then ./$(BINARY) demo $(DEMO_DB); fi
	./$(BINARY) --db $(DEMO_DB)

# The copy of glamour in third_party/glamour is a module of its own: its
# tests (that its changes write what upstream wrote) run there.
# TEST_TIMEOUT bounds each package's tests; the tests' own limits (for a
# child process, a build, a screen) end before it, and
# INVOLVE_TEST_TIMEOUT_SCALE=3 makes them three times as long.
test:
	$(GO) test ./... -count=1 -timeout $(TEST_TIMEOUT)
	cd third_party/glamour && $(GO) test ./... -count=1 -timeout $(TEST_TIMEOUT)

# Benchmarks generate their own data. BENCH picks some by name and
# BENCHTIME says how long each runs: make bench BENCH=Keystroke BENCHTIME=200x
bench:
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -benchtime $(BENCHTIME) -count 1 -timeout $(BENCH_TIMEOUT) ./...

# Runs every check, shows everything they find, and fails if any does.
# govulncheck needs its database: when it cannot be reached, lint says so
# and carries on (vulnerabilities found always fail it).
lint: $(STATICCHECK) $(GOVULNCHECK)
	@status=0; \
	echo "gofmt -l ."; \
	unformatted="$$(gofmt -l .)"; \
	if [ -n "$$unformatted" ]; then \
		echo "these files are not gofmt-formatted (run gofmt -w on them):"; \
		echo "$$unformatted"; \
		status=1; \
	fi; \
	echo "go vet ./..."; \
	$(GO) vet ./... || status=1; \
	(cd third_party/glamour && $(GO) vet ./...) || status=1; \
	echo "staticcheck ./..."; \
	$(STATICCHECK) ./... || status=1; \
	echo "govulncheck ./..."; \
	vuln="$$($(GOVULNCHECK) -db '$(GOVULNDB)' ./... 2>&1)"; rc=$$?; \
	if [ $$rc -eq 0 ]; then \
		echo "$$vuln" | tail -n 1; \
	elif echo "$$vuln" | grep -q "fetching vulnerabilities"; then \
		echo "govulncheck could not read its database ($(GOVULNDB)): NOT CHECKED"; \
		echo "$$vuln" | tail -n 1; \
		echo "(GOVULNDB=file:///path/to/vulndb make lint uses a local copy)"; \
	else \
		echo "$$vuln"; status=1; \
	fi; \
	echo "modernc.org/libc is the version modernc.org/sqlite names"; \
	sqlite="$$($(GO) list -m -f '{{.Version}}' modernc.org/sqlite)"; \
	want="$$($(GO) mod graph | awk -v s="modernc.org/sqlite@$$sqlite" '$$1 == s && $$2 ~ /^modernc.org\/libc@/ { sub(/.*@/, "", $$2); print $$2 }')"; \
	have="$$($(GO) list -m -f '{{.Version}}' modernc.org/libc)"; \
	if [ "$$want" != "$$have" ]; then \
		echo "modernc.org/sqlite $$sqlite names modernc.org/libc $$want, but go.mod has $$have: go get modernc.org/libc@$$want"; \
		status=1; \
	fi; \
	exit $$status

$(STATICCHECK):
	GOBIN=$(GOBIN_DIR) $(GO) install honnef.co/go/tools/cmd/staticcheck@latest

$(GOVULNCHECK):
	GOBIN=$(GOBIN_DIR) $(GO) install golang.org/x/vuln/cmd/govulncheck@latest

# The licence of every module linked into the binaries, on every platform
# dist builds, read from the module cache (internal/notices).
notices:
	@mkdir -p dist
	$(GO) run ./internal/notices -platforms "$(PLATFORMS)" -o dist/THIRD_PARTY_NOTICES

dist: notices
	@mkdir -p dist
	cp LICENSE dist/LICENSE
	@set -e; for p in $(PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; ext=""; \
		if [ "$$os" = windows ]; then ext=.exe; fi; \
		out=dist/$(BINARY)-$$os-$$arch$$ext; \
		echo "$$out"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $$out ./cmd/involve; \
	done
	@if command -v sha256sum >/dev/null 2>&1; then \
		cd dist && sha256sum $(BINARY)-* > SHA256SUMS && echo "dist/SHA256SUMS"; \
	fi

clean:
	rm -rf dist $(BINARY) $(BINARY).exe
