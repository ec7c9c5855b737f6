# The commands the README names. `make demo` builds everything and runs an
# example; `make test` runs every suite. Both install what they need and are
# safe to run twice.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

# The real interpreter, resolved once: `python3` may be a pyenv shim that
# costs ~80 ms per start.
PYTHON ?= $(shell python3 -c 'import sys; print(sys.executable)')
PREFIX ?= /usr/local
SWIFT_RELEASE := swift build -c release --product braid --static-swift-stdlib
BRAID_BIN := $(CURDIR)/.build/release/braid
FUZZ_ITERATIONS ?= 20000

export PYTHON

.PHONY: deps build install demo test test-swift test-python test-r test-e2e bench bench-smoke clean clean-bench

deps:
	scripts/install-deps.sh

build: deps
	$(SWIFT_RELEASE)

# The engine on PATH, the Python package pip-installed, the R package installed.
install: build
	install -d $(PREFIX)/bin
	install -m 0755 $(BRAID_BIN) $(PREFIX)/bin/braid
	$(PYTHON) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation ./bindings/python
	R CMD INSTALL --no-test-load bindings/r > .build/r-install.log 2>&1 || { cat .build/r-install.log; exit 1; }

demo: install
	scripts/demo.sh

test: install
	$(MAKE) --no-print-directory test-swift test-python test-r test-e2e bench-smoke

# Progress lines of passing tests are kept in .build/swift-test.log; failures
# and the summary lines reach the output.
test-swift:
	BRAID_PYTHON=$(PYTHON) BRAID_FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) swift test 2>&1 | tee .build/swift-test.log \
	  | grep -v -E '^(◇|↳|✔ Suite)|^✔ Test [^ ]+\(.*\) (with .* )?passed after|^\s*Test (Suite|Case) .*(started|passed)' ; \
	  status=$${PIPESTATUS[0]}; exit $$status

test-python:
	cd bindings/python && $(PYTHON) -m pytest -q

test-r:
	NOT_CRAN=true BRAID_PYTHON=$(PYTHON) Rscript scripts/test-r.R

test-e2e:
	BRAID_BIN=$(BRAID_BIN) $(PYTHON) -m pytest -q e2e

# A tiny run of the benchmarks, so they cannot rot; `make bench` for the real figures.
# The side-by-side rows include Metaflow only when bench/.venv already has it.
bench-smoke:
	$(PYTHON) bench/arrow_ipc.py --smoke
	$(PYTHON) bench/r_python_r.py --smoke
	BRAID_BIN=$(firstword $(wildcard $(BRAID_BIN)) $(shell command -v braid)) $(PYTHON) bench/suite.py --smoke
	BRAID_BIN=$(firstword $(wildcard $(BRAID_BIN)) $(shell command -v braid)) $(PYTHON) bench/triggers.py --smoke
	BRAID_BIN=$(firstword $(wildcard $(BRAID_BIN)) $(shell command -v braid)) $(PYTHON) bench/client_api.py --smoke
	BRAID_BIN=$(firstword $(wildcard $(BRAID_BIN)) $(shell command -v braid)) $(PYTHON) bench/tables.py --smoke
	BRAID_BIN=$(firstword $(wildcard $(BRAID_BIN)) $(shell command -v braid)) $(PYTHON) bench/table_landing.py --smoke

# Metaflow, pandas and pyarrow for the side-by-side runs, in a venv of the
# benchmarks' own (PyPI only; made once, kept until `make clean-bench`).
BENCH_VENV := bench/.venv
$(BENCH_VENV)/.installed:
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install -q --disable-pip-version-check metaflow pandas pyarrow
	touch $@

# BENCH_ARGS, e.g. --reps 3 --only linear,branch (bench/suite.py --help).
bench: build $(BENCH_VENV)/.installed
	$(PYTHON) bench/arrow_ipc.py
	$(PYTHON) bench/r_python_r.py
	BRAID_BIN=$(BRAID_BIN) $(PYTHON) bench/suite.py $(BENCH_ARGS)
	BRAID_BIN=$(BRAID_BIN) $(PYTHON) bench/triggers.py
	BRAID_BIN=$(BRAID_BIN) $(PYTHON) bench/client_api.py
	BRAID_BIN=$(BRAID_BIN) $(PYTHON) bench/tables.py
	BRAID_BIN=$(BRAID_BIN) $(PYTHON) bench/table_landing.py

clean:
	rm -rf .build

clean-bench:
	rm -rf $(BENCH_VENV)
