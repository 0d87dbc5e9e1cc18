GO      ?= go
PKGS    ?= ./...
FUZZTIME ?= 10s

.PHONY: build run test test-skips cross chaos test-temporal record-histories security bench fuzz lint

# TAGS=temporal builds the Temporal engine in (apply --engine temporal, dagrun
# worker); the default build leaves the Temporal SDK out (docs/distributed.md).
TAGS ?=

# CGO_ENABLED=0: a static binary, as Go CLIs are released. The net package
# would otherwise link libc in, which every run pays for in start-up time
# and about 2 MB of resident memory.
build:
	CGO_ENABLED=0 $(GO) build $(if $(TAGS),-tags $(TAGS)) -o bin/dagrun ./cmd/dagrun

run:
	$(GO) run ./cmd/dagrun apply examples/quickstart

# Every test: vet, gofmt, the module under -race (examples/embed included),
# the windows and darwin builds, the Temporal build's own tests. An
# integration suite whose tools are missing is skipped with a loud line that
# says why, at the start and again at the end; CI sets DAGRUN_REQUIRE_* so
# that a missing tool fails instead.
test:
	@$(MAKE) --no-print-directory test-skips
	$(GO) vet $(PKGS)
	@test -z "$$(gofmt -l .)" || (echo "gofmt needed:"; gofmt -l .; exit 1)
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || [ -n "$$DAGRUN_CHROMIUM" ] || \
	  echo "test: the web UI's browser tests (cmd/dagrun/ui_browser_test.go) will be SKIPPED: no chromium on PATH (apt-get install chromium, or set DAGRUN_CHROMIUM)"
	$(GO) test -race -count=1 $(PKGS)
	@$(MAKE) --no-print-directory cross
	@$(MAKE) --no-print-directory test-temporal
	@$(MAKE) --no-print-directory test-skips

# Says which integration suites this machine cannot run, and why.
test-skips:
	@missing=""; for b in prometheus prometheus-pushgateway promtool; do command -v $$b >/dev/null || missing="$$missing $$b"; done; \
	if [ -n "$$missing" ] && [ "$$DAGRUN_REQUIRE_PROMETHEUS" != 1 ]; then \
	  echo "*** SKIPPED: the Prometheus integration tests (metrics: dashboard queries against a real Prometheus and Pushgateway; promtool checks of the example rules): not on PATH:$$missing"; \
	  echo "*** install them (Debian: apt-get install prometheus prometheus-pushgateway), or set DAGRUN_REQUIRE_PROMETHEUS=1 to make this a failure"; \
	fi; \
	if [ -z "$$DAGRUN_TEMPORAL_ADDRESS$$DAGRUN_TEMPORAL_CLI" ] && ! command -v temporal >/dev/null && [ "$$DAGRUN_REQUIRE_TEMPORAL" != 1 ]; then \
	  echo "*** SKIPPED: the Temporal integration tests (temporal/itest: a dev server and two workers): no Temporal CLI on PATH and no DAGRUN_TEMPORAL_ADDRESS"; \
	  echo "*** install the CLI (go install github.com/temporalio/cli/cmd/temporal@$(TEMPORAL_CLI_VERSION)), or set DAGRUN_REQUIRE_TEMPORAL=1 to make this a failure"; \
	fi

# The module builds for the other systems users run it on (state's file
# locks and exec's process groups have a file per system).
cross:
	GOOS=windows GOARCH=amd64 $(GO) build $(PKGS)
	GOOS=darwin GOARCH=arm64 $(GO) build $(PKGS)

# Kills apply with SIGKILL, SIGTERM, SIGINT and SIGHUP at random points of a
# 150-pipe pipeline, resumes it (two at once in some rounds), and checks that
# no succeeded pipe runs again, the outputs equal a clean run's and no process
# is left (cmd/dagrun/chaos_test.go). CHAOS_ROUNDS, CHAOS_SEED to vary it.
CHAOS_ROUNDS ?= 32
chaos:
	CGO_ENABLED=0 $(GO) build -o bin/dagrun ./cmd/dagrun
	DAGRUN_CHAOS=1 DAGRUN_CHAOS_BIN=$(CURDIR)/bin/dagrun DAGRUN_CHAOS_ROUNDS=$(CHAOS_ROUNDS) $(if $(CHAOS_SEED),DAGRUN_CHAOS_SEED=$(CHAOS_SEED)) \
	  $(GO) test -count=1 -timeout 170s -run '^TestChaos$$' -v ./cmd/dagrun

# The Temporal backend's integration tests (temporal/itest, a module of its
# own): a real Temporal dev server and two `dagrun worker` processes. They need
# the Temporal CLI on PATH (or DAGRUN_TEMPORAL_CLI, or DAGRUN_TEMPORAL_ADDRESS
# of a running server); without one they are skipped with a message, unless
# DAGRUN_REQUIRE_TEMPORAL=1 (CI sets it), which makes that a failure.
TEMPORAL_CLI_VERSION ?= v1.5.1
test-temporal:
	# The command's Temporal glue, built only with -tags temporal: its flag
	# tests, without -race (the race build of the Temporal SDK alone took
	# two minutes; the glue is flag parsing, raced nowhere).
	$(GO) vet -tags temporal ./cmd/dagrun
	$(GO) test -count=1 -tags temporal -run 'TestScripts/temporal_flags|TestDefaultTaskQueue' ./cmd/dagrun
	@if [ -z "$$DAGRUN_TEMPORAL_ADDRESS$$DAGRUN_TEMPORAL_CLI" ] && ! command -v temporal >/dev/null; then \
	  if [ "$$DAGRUN_REQUIRE_TEMPORAL" = 1 ]; then \
	    echo "test-temporal: FAIL: DAGRUN_REQUIRE_TEMPORAL=1 but no Temporal CLI on PATH and no DAGRUN_TEMPORAL_ADDRESS"; exit 1; \
	  fi; \
	  echo "test-temporal: SKIPPED: no Temporal server; install the CLI (go install github.com/temporalio/cli/cmd/temporal@$(TEMPORAL_CLI_VERSION)) or set DAGRUN_TEMPORAL_ADDRESS"; \
	else \
	  set -x; cd temporal/itest && $(GO) vet ./... && $(GO) test -race -count=1 -v ./...; \
	fi

# Records the workflow histories the replay test of package temporal replays
# (temporal/testdata/histories): every conformance case run on a real Temporal
# server (as test-temporal finds one). Rerun it only for a change that keeps
# runs in flight working by other means (docs/distributed.md, Upgrading).
record-histories:
	rm -f temporal/testdata/histories/*.json temporal/testdata/histories/continue-as-new/*.json temporal/testdata/gohistories/*.json
	cd temporal/itest && DAGRUN_RECORD_HISTORIES=$(CURDIR)/temporal/testdata/histories \
		DAGRUN_RECORD_GO_HISTORIES=$(CURDIR)/temporal/testdata/gohistories \
		$(GO) test -count=1 -run '^(TestConformanceTemporal|TestGoPipelineSameAsLocal|TestContinueAsNew)$$' .

# The security checks (docs/serve.md, "Threat model"): serve refuses
# cross-site requests, foreign Host names and bodies that are not one JSON
# object; no pipe inherits the API token; a sensitive value is in no output
# stream, metric, log or state file but the owner-only resume cache; answers
# carry no raw control characters.
security:
	$(GO) test -race -count=1 -run '^TestSecurity' ./...

# The benchmark suite (bench/): dagrun against make, Task, the os/exec
# floor and go-taskflow; rewrites BENCHMARKS.md. QUICK=1: a smoke run of about
# two minutes (report in bench/out/BENCHMARKS.quick.md). PROFILE=1: also pprof
# profiles in bench/out/profiles.
bench:
	$(GO) run ./bench/cmd/benchrun $(if $(filter-out 0,$(QUICK)),-quick) $(if $(filter-out 0,$(PROFILE)),-profile)

# Every fuzz target, each for FUZZTIME.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzCompile$$' -fuzztime $(FUZZTIME) ./dag
	$(GO) test -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME) ./hcl
	$(GO) test -run '^$$' -fuzz '^FuzzParseConfigCut$$' -fuzztime $(FUZZTIME) ./hcl
	$(GO) test -run '^$$' -fuzz '^FuzzRun$$' -fuzztime $(FUZZTIME) ./executor
	$(GO) test -run '^$$' -fuzz '^FuzzJSONString$$' -fuzztime $(FUZZTIME) ./state

lint:
	$(GO) vet $(PKGS)
	@test -z "$$(gofmt -l .)" || (echo "gofmt needed:"; gofmt -l .; exit 1)
