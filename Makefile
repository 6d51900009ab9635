# pmbatch — build, run the sample night, test, benchmark.
# `make run` and `make test` are all a newcomer needs: both install missing system libraries first.

SWIFT        ?= swift
SAMPLE       ?= datasets/sample
SAMPLE_AS_OF ?= 2026-11-24
REPORTS      ?= Reports/sample
BENCH_DIR    ?= $(HOME)/.cache/pmbatch-bench
RELEASE_BIN   = .build/release/pmbatch

.PHONY: all deps build run test bench bench-pg fuzz clean sample azure browser-check report-screenshot

all: build

# System libraries: libzstd (dumps), libsqlite3 (state), the zstd CLI (tests, bench baseline).
deps:
	@if ! pkg-config --exists libzstd 2>/dev/null || ! pkg-config --exists sqlite3 2>/dev/null \
	    || ! command -v zstd >/dev/null 2>&1 || ! command -v pkg-config >/dev/null 2>&1; then \
	    echo "Installing libzstd-dev, libsqlite3-dev, zstd, pkg-config (apt-get)…"; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive \
	        apt-get install -y -qq libzstd-dev libsqlite3-dev zstd pkg-config >/dev/null; \
	fi

build: deps
	$(SWIFT) build -c release --product pmbatch

# The nightly job on the committed sample data set, with the embedded SQLite state. The sample is a demo:
# each `make run` starts from a fresh state (a first deployment going live on the sample night), so its
# report is always the committed one.
SAMPLE_STATE ?= .build/sample-state.sqlite
run: build
	rm -f $(SAMPLE_STATE) $(SAMPLE_STATE)-wal $(SAMPLE_STATE)-shm $(SAMPLE_STATE).lock
	$(RELEASE_BIN) run --data $(SAMPLE) --as-of $(SAMPLE_AS_OF) --db $(SAMPLE_STATE) --out $(REPORTS)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# report.html in a real browser: headless Chromium (Debian's `chromium`, installed with CJK and emoji fonts
# when missing) renders the committed sample report at phone and desktop widths and to an A4 PDF, and fails
# on a console message, a table wider than the desktop viewport, or a report.md heading (the KPIs among them)
# missing from the rendered page. The self-test first proves each of those checks fails on a page made to
# break it. Screenshots and PDF land in BROWSER_OUT.
BROWSER_OUT ?= .build/browser-check
browser-check:
	@if ! command -v chromium >/dev/null 2>&1; then \
	    echo "Installing chromium, fonts-noto-cjk, fonts-noto-color-emoji (apt-get)…"; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive \
	        apt-get install -y -qq chromium fonts-noto-cjk fonts-noto-color-emoji >/dev/null; \
	fi
	bash BrowserCheck/check.sh --self-test $(BROWSER_OUT)/self-test
	bash BrowserCheck/check.sh $(REPORTS)/$(SAMPLE_AS_OF) $(BROWSER_OUT)/sample

# The README's screenshot of the sample report (desktop width), from the browser check.
report-screenshot: browser-check
	cp $(BROWSER_OUT)/sample/report-desktop.png $(REPORTS)/report-desktop.png

# Regenerates the committed sample data set (deterministic).
sample: build
	rm -rf $(SAMPLE)
	$(RELEASE_BIN) generate --out $(SAMPLE) --seed 7 --assets 60 --days 90 --end $(SAMPLE_AS_OF) \
	    --telemetry-format mixed

# The README's worked example: the Azure PdM data read where it lies (its [files] table maps the export's
# file names), with the README's backtest rule appended to a copy of its rules file; nothing is copied.
AZURE_DATA ?= ../shared/data/azure-pdm
AZURE_RULES = .build/azure-rules.toml
azure: build
	cp datasets/azure-pdm/rules.toml $(AZURE_RULES)
	printf '\n[[alert_rule]]\nid = "errors-2d"\ncodes = ["error1", "error2", "error3", "error4", "error5"]\nwindow = "2d"\nmore_than = 1\n' >> $(AZURE_RULES)
	$(RELEASE_BIN) backtest --data $(AZURE_DATA) --rules $(AZURE_RULES) --from 2015-02-01 --to 2015-12-31 --sweep errors-2d=0..3 --out .build/azure-out

# The README's rule search (issue 14): train February–July 2015, validate August–December, horizon 7 days,
# the given rule being the best single one (more than one error in a day); outputs in .build/azure-out.
.PHONY: azure-search
AZURE_SEARCH_RULES = .build/azure-search-rules.toml
azure-search: build
	cp datasets/azure-pdm/rules.toml $(AZURE_SEARCH_RULES)
	printf '\n[[alert_rule]]\nid = "errors-1d"\ncodes = ["error1", "error2", "error3", "error4", "error5"]\nwindow = "1d"\nmore_than = 1\n' >> $(AZURE_SEARCH_RULES)
	$(RELEASE_BIN) backtest --data $(AZURE_DATA) --rules $(AZURE_SEARCH_RULES) --from 2015-02-01 --to 2015-12-31 --horizon 7d --search --validate-from 2015-08-01 --out .build/azure-out

bench: build
	BENCH_DIR=$(BENCH_DIR) PMBATCH=$(RELEASE_BIN) bash Benchmarks/bench.sh

# The PostgreSQL state (issue 13): one night of the 10k-asset bench and the 30-drop archive ingested by 1, 2 and
# 4 workers into a throwaway local cluster, against SQLite (Benchmarks/bench-pg.sh; uses make bench's fleets).
bench-pg: build
	BENCH_DIR=$(BENCH_DIR) PMBATCH=$(RELEASE_BIN) bash Benchmarks/bench-pg.sh

# libFuzzer targets (Fuzz/: CSV parser, JSONL telemetry, zstd byte source, timestamps), seeded from
# Tests/Fixtures/BadInput; FUZZ_SECONDS per target (default 60).
fuzz: deps
	bash Fuzz/run.sh $${FUZZ_SECONDS:-60}

clean:
	rm -rf .build
