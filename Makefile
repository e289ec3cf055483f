# Coventure developer shortcuts. CI runs `bash .ci/run` (same as `make ci`).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

.PHONY: build test test-postgres run lint ci bench

build:
	swift build

test:
	swift test

# Runs the suite against a throwaway PostgreSQL cluster (stopped afterwards).
test-postgres:
	pg_env="$$(.ci/pg-start)"; eval "$$pg_env"; \
	trap '.ci/pg-stop "$$COVENTURE_PG_DIR"' EXIT; \
	COVENTURE_REQUIRE_POSTGRES=1 swift test

run:
	swift run coventure

lint:
	@if swift format --version >/dev/null 2>&1; then \
		swift format lint -r Sources Tests; \
	else \
		echo "swift format not available; skipping lint" >&2; \
	fi

ci:
	bash .ci/run

# The full page benchmark (bench/run) is its own issue; these are the benchmarks that exist.
bench:
	./bench/ledger-proofs
	./bench/crash-harness --iterations 20
