# Hadir: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_DIR ?= $(CURDIR)/.data

.PHONY: install machine-run machine-test run test lint typecheck bench dist translations reliability hardening fuzz clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# What the machine needs beyond pip (Qt's libraries; for the tests also pdftoppm, Chromium and
# PostgreSQL): one script, quiet when all is there (.ci/setup-machine says what it does).
machine-run:
	@bash .ci/setup-machine run

machine-test:
	@bash .ci/setup-machine test

# Opens the desk on a persistent data folder (.data/ here; override with DATA_DIR=...).
run: install machine-run
	$(BIN)/hadir --data-dir "$(DATA_DIR)"

# pytest, ruff and mypy all run even when one fails; the last line says which failed. The tests run
# in one worker process per core (pytest-xdist; each test has its own folders, HQ database schema,
# ports and mDNS service name); TEST_WORKERS=0 runs them in this process, one after another.
TEST_WORKERS ?= auto
test: install machine-test
	@failed=""; \
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n $(TEST_WORKERS) || failed="$$failed pytest"; \
	$(BIN)/ruff check desktop sync tests installer || failed="$$failed ruff"; \
	$(BIN)/ruff format --check desktop sync tests installer || failed="$$failed ruff-format"; \
	$(BIN)/mypy desktop sync || failed="$$failed mypy"; \
	if [ -n "$$failed" ]; then echo "make test: failed:$$failed"; exit 1; fi; \
	echo "make test: pytest, ruff (check and format) and mypy passed"

lint: install
	$(BIN)/ruff check desktop sync tests installer
	$(BIN)/ruff format --check desktop sync tests installer

typecheck: install
	$(BIN)/mypy desktop sync

# Each benchmark prints one JSON line (kept per script in bench-results/run/ and appended to
# bench-results/latest.jsonl); every script runs even when one misses, then one table says which
# passed, missed or gave no verdict and how long each took (about 20 minutes in all). The ten-minute
# HQ load test runs for two minutes here; `make reliability` runs it in full.
BENCH_HQ_LOAD_SECONDS ?= 120
bench: install machine-test
	@rm -rf bench-results/run && mkdir -p bench-results/run
	@for script in tests/perf/bench_*.py; do \
		name=$$(basename $$script .py); args=""; \
		if [ "$$name" = bench_hq_load ]; then args="--seconds $(BENCH_HQ_LOAD_SECONDS)"; fi; \
		start=$$(date +%s); \
		QT_QPA_PLATFORM=offscreen $(BIN)/python $$script $$args | tee bench-results/run/$$name.jsonl; \
		code=$${PIPESTATUS[0]}; \
		printf '%s\t%s\t%s\n' "$$script" "$$code" "$$(( $$(date +%s) - start ))" >> bench-results/run/status.tsv; \
		cat bench-results/run/$$name.jsonl >> bench-results/latest.jsonl; \
	done
	@$(BIN)/python tests/perf/summary.py bench-results/run

# Refresh resources/i18n/hadir_en.ts from the sources (keeps translations), then compile the .qm.
translations: install
	$(BIN)/pyside6-lupdate $$(find desktop/ui desktop/app.py -name '*.py' | sort) -ts resources/i18n/hadir_en.ts -no-obsolete -locations relative
	$(BIN)/pyside6-lrelease resources/i18n/hadir_en.ts -qm resources/i18n/hadir_en.qm
	$(BIN)/pyside6-lrelease resources/i18n/qt_id.ts -qm resources/i18n/qt_id.qm

# Coverage-guided fuzzing of the importers and bundles with atheris, FUZZ_SECONDS per target
# (five targets); prints a JSON line per target and fails on a crash (input kept in bench-results/fuzz/).
FUZZ_SECONDS ?= 60
fuzz: install
	@mkdir -p bench-results
	$(BIN)/python tests/fuzz/run_atheris.py --seconds $(FUZZ_SECONDS)

# The reliability figures (docs/RELIABILITY.md): the crash, disk-full, at-rest and fuzz tests with
# more kills and inputs than `make test` uses, atheris for two minutes a target, the fault suites,
# and the ten-minute HQ load test (bounded: about forty minutes on two cores).
reliability: install
	@mkdir -p bench-results
	rm -f bench-results/reliability.jsonl
	HADIR_KILLS=40 HADIR_FUZZ_EXAMPLES=500 HADIR_AT_REST_PEOPLE=20000 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/reliability
	HADIR_KILLS=12 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/sync/test_venue_kills.py
	$(BIN)/python tests/fuzz/run_atheris.py --seconds 120 --record bench-results/reliability.jsonl
	@set -e; result='{'; sep=''; \
	for pair in "sync.faults tests/sync/test_faults.py" "sync.kills tests/sync/test_crashes_and_properties.py" \
	            "hq.fuzz tests/hq/test_fuzz.py" "logs.secrets tests/hq/test_no_secrets_in_logs.py tests/sync/test_no_secrets_in_logs.py" \
	            "hq.authz tests/hq/test_authorization_matrix.py" "at_rest.keys tests/desktop/test_encryption.py"; do \
		set -- $$pair; key=$$1; shift; \
		if $(BIN)/python -m pytest -q "$$@" > /dev/null; then out=passed; else out=FAILED; fi; \
		result="$$result$$sep\"$$key\": \"$$out\""; sep=', '; \
	done; echo "$$result}" > bench-results/reliability-suites.json
	$(BIN)/python tests/reliability/hardening.py
	$(BIN)/python tests/perf/bench_hq_load.py --seconds 600 > bench-results/hq_load.json
	$(BIN)/python tests/reliability/report.py

# Issue 15's HQ hardening probes alone (a few minutes, SQLite and PostgreSQL), then only their
# section of docs/RELIABILITY.md is rewritten.
hardening: install machine-test
	@mkdir -p bench-results
	HADIR_TEST_POSTGRES_URL=$${HADIR_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} $(BIN)/python tests/reliability/hardening.py
	$(BIN)/python tests/reliability/report.py --section "HQ hardening (issue 15)"

# The desk as a one-folder bundle (dist/hadir/) and an archive an office downloads; prints the size
# budget as a JSON line and fails when it is broken.
dist: install
	$(BIN)/pip install --quiet -e '.[dist]'
	$(BIN)/python installer/build.py

clean:
	rm -rf build dist bench-results .pytest_cache .mypy_cache .ruff_cache
