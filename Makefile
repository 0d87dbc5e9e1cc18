GO      ?= go
PKGS    ?= ./...
FUZZTIME ?= 10s

.PHONY: build run test bench fuzz lint

build:
	$(GO) build -o bin/dagrun ./cmd/dagrun

run:
	$(GO) run ./cmd/dagrun apply examples/quickstart

test:
	$(GO) vet $(PKGS)
	@test -z "$$(gofmt -l .)" || (echo "gofmt needed:"; gofmt -l .; exit 1)
	$(GO) test -race -count=1 $(PKGS)

# The benchmark suite of issue 8 (bench/): dagrun against make, Task, the os/exec
# floor and go-taskflow; rewrites BENCHMARKS.md. QUICK=1: a smoke run of about
# two minutes. PROFILE=1: also pprof profiles in bench/out/profiles.
bench:
	$(GO) run ./bench/cmd/benchrun $(if $(filter-out 0,$(QUICK)),-quick) $(if $(filter-out 0,$(PROFILE)),-profile)

fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME) ./hcl
	$(GO) test -run '^$$' -fuzz '^FuzzRun$$' -fuzztime $(FUZZTIME) ./executor

lint:
	$(GO) vet $(PKGS)
	@test -z "$$(gofmt -l .)" || (echo "gofmt needed:"; gofmt -l .; exit 1)
