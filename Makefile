# CellTwin — build, demo, test, bench.
# `make demo` and `make test` work on a fresh Debian machine: they install GSL (libgsl-dev) when missing.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CELLTWIN := .build/release/celltwin

.PHONY: all deps build release demo test bench bench-callgrind bench-peers fuzz clean

all: release

# GSL headers and library through Debian's package manager, only when pkg-config cannot find them.
deps:
	@if ! pkg-config --exists gsl 2>/dev/null; then \
	  echo "Installing libgsl-dev (GNU Scientific Library) with apt-get"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libgsl-dev pkg-config >/dev/null; \
	fi
	@pkg-config --exists gsl || { echo "error: GSL is still missing (pkg-config gsl)"; exit 1; }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product celltwin

demo: release
	$(CELLTWIN) run Scenarios/demo.toml

test: deps
	$(SWIFT) build
	$(SWIFT) test

bench: release
	$(CELLTWIN) bench

# Instructions per CC–CV cycle (callgrind; deterministic, unlike timings). Needs valgrind.
bench-callgrind: release
	sh bench/callgrind-per-cycle.sh $(CELLTWIN)

# CellTwin against PyBaMM's Thevenin ECM and NREL's thevenin, interleaved (bench/peers/peers.py). Not part of
# `make test`: it installs pybamm and thevenin from PyPI into a virtual environment under .build/.
PEERS_VENV := .build/peers/venv
$(PEERS_VENV)/bin/python:
	python3 -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/pip install -q pybamm thevenin

bench-peers: release $(PEERS_VENV)/bin/python
	$(PEERS_VENV)/bin/python bench/peers/peers.py --celltwin $(CELLTWIN)

# Long fuzz campaign over the release binary (FUZZ_SECONDS, default 25 minutes; FUZZ_SEED): mutated scenarios,
# model files, spectra, cycler files and option values; the summary by class goes to .build/fuzz-report.txt.
FUZZ_SECONDS ?= 1500
FUZZ_SEED ?= $(shell date +%s)
fuzz: release
	$(SWIFT) build --build-tests
	CELLTWIN_BINARY=$(CURDIR)/$(CELLTWIN) CELLTWIN_FUZZ_SECONDS=$(FUZZ_SECONDS) CELLTWIN_FUZZ_SEED=$(FUZZ_SEED) \
	  CELLTWIN_FUZZ_REPORT=$(CURDIR)/.build/fuzz-report.txt $(SWIFT) test --skip-build --filter BinaryFuzzTests

clean:
	rm -rf .build
