# faultline — the two commands that matter: `make demo` and `make test`.
# Every target installs what it needs first (scripts/ensure.sh: idempotent, skips what is present).

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: all build size test test-unit test-size test-e2e demo clean ensure-build fixtures fuzz bench bench-accuracy bench-delivery bench-memory

all: build

ensure-build:
	@scripts/ensure.sh rust node

## build: release wasm + wasm-bindgen + wasm-opt + JS bundles into pkg/
build: ensure-build
	@scripts/build-pkg.sh

## size: raw / gzip / brotli bytes of what a visitor downloads, next to @sentry/browser
size: build
	@node scripts/size.mjs

## test: native core tests, the size budget, then the end-to-end suite (real Bugsink, real browsers)
test: test-unit test-size test-e2e

test-size: build
	@node scripts/size.mjs --check

test-unit:
	@scripts/ensure.sh rust node
	cargo test --quiet
	node --test tests/js/
	node tests/types/check.mjs

# Two test files at a time (each starts its own Bugsink, servers and browser): 5 minutes
# instead of 9 on 2 cores, and green in repeated runs; the tests wait on counted events,
# not on timed windows, so a busier machine slows them without failing them.
test-e2e: build
	@scripts/ensure.sh browsers python
	node --test --test-concurrency=2 tests/e2e/

## fixtures: re-capture the stack corpus from real Chromium, Firefox and WebKit
fixtures:
	@scripts/ensure.sh node browsers
	node tests/capture/capture.mjs

## fuzz: run each cargo-fuzz target for FUZZ_SECONDS (default 60) and print executions
FUZZ_SECONDS ?= 60
fuzz:
	@scripts/fuzz.sh $(FUZZ_SECONDS)

## bench-accuracy: our stack parser vs @sentry/browser's over the captured corpus
bench-accuracy:
	@scripts/ensure.sh rust node
	node bench/accuracy.mjs

## bench: page cost (bytes, start-up, init, µs per error, burst, memory) vs @sentry/browser in Chromium, Firefox and WebKit
bench: build
	@scripts/ensure.sh node browsers
	node bench/perf.mjs

## bench-delivery: delivered/accounted events for a storm and a steady stream, faultline vs @sentry/browser (Chromium)
bench-delivery: build
	@scripts/ensure.sh chromium
	node bench/delivery.mjs

## bench-memory: faultline's wasm memory through storms of varied event sizes, in Chromium, Firefox and WebKit
bench-memory: build
	@scripts/ensure.sh node browsers
	node bench/memory.mjs

## demo: build, start a local Bugsink and serve www/, print the URLs (Ctrl-C stops all)
demo: build
	@scripts/ensure.sh python
	@node scripts/demo.mjs

clean:
	cargo clean
	rm -f pkg/faultline_bg.wasm pkg/faultline.min.js pkg/faultline_glue.js pkg/index.js pkg/*.tgz
