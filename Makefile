# One entry point. `make run` and `make test` are the README's promise.
SHELL := /bin/bash
.DEFAULT_GOAL := help

CARGO ?= cargo
# One feature set for every cargo command, so lint, tests and the app share their build.
APP_FEATURES := --features confidant/custom-protocol
DEBUG_BIN := target/debug/confidant
RELEASE_BIN := target/release/confidant
DEB_DIR := target/release/bundle/deb

.PHONY: FORCE help deps test-deps bench-deps run demo ui app app-release package test test-rust test-ui test-e2e test-package bench reliability fuzz fmt lint types

help:
	@echo "make run    install what is missing, build, open Confidant"
	@echo "make demo   open Confidant on a throwaway vault"
	@echo "make test   every check and test (format, lint, core, UI, end-to-end)"
	@echo "make bench  benchmarks; figures in target/bench/results.json"
	@echo "make package  the .deb installer, in $(DEB_DIR)/"
	@echo "make fmt | make lint | make types"

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --test

bench-deps:
	@scripts/install-deps.sh --bench

# The page's bundle, rebuilt only when its sources changed. The shell embeds ui/dist, and cargo
# recompiles it when a file there is newer: so the bundle is built beside it and moved in only
# when it differs, and a rebuild that comes out the same (vite's output is reproducible) leaves
# the shell's build as it was. A missing ui/dist is built whatever the stamp says.
UI_SOURCES := $(shell find ui -path ui/node_modules -prune -o -path ui/dist -prune -o -type f ! -name '*.test.ts' -print)
UI_STAMP := target/ui-dist.stamp
UI_NEW := target/ui-dist.new

ui: deps $(UI_STAMP)

$(UI_STAMP): $(UI_SOURCES) $(if $(wildcard ui/dist/index.html),,FORCE) | deps
	rm -rf $(UI_NEW)
	npm --prefix ui run build --silent -- --outDir ../$(UI_NEW)
	if diff -r -q $(UI_NEW) ui/dist >/dev/null 2>&1; then rm -rf $(UI_NEW); else rm -rf ui/dist && mv $(UI_NEW) ui/dist; fi
	touch $@

FORCE:

# The app with its bundled UI (a plain `cargo build` would load the dev server instead).
app: ui
	$(CARGO) build -p confidant $(APP_FEATURES)

app-release: ui
	$(CARGO) build -p confidant --release $(APP_FEATURES)

# The .deb: Tauri's bundler packs the release binary `make app-release` built (no second build).
package: app-release
	rm -rf $(DEB_DIR)
	cd src-tauri && ../ui/node_modules/.bin/tauri bundle --bundles deb --no-binary-patching --ci
	@du -h $(DEB_DIR)/*.deb

run: app-release
	$(RELEASE_BIN)

# A throwaway vault of fictional data; its passphrase is printed before the window opens.
demo: app-release
	@dir=$$(mktemp -d -t confidant-demo.XXXXXX); trap 'rm -rf "$$dir"' EXIT; \
	$(RELEASE_BIN) demo --data-dir "$$dir/vault" | tail -n 1; \
	CONFIDANT_DATA_DIR="$$dir/vault" $(RELEASE_BIN)

test: test-deps
	@scripts/hermetic-check.sh start
	$(CARGO) fmt --all -- --check
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-rust
	$(MAKE) --no-print-directory test-ui
	$(MAKE) --no-print-directory test-e2e
	$(MAKE) --no-print-directory test-package
	@scripts/hermetic-check.sh end

test-rust: ui
	$(CARGO) test --workspace $(APP_FEATURES) --no-fail-fast

test-ui: deps
	npm --prefix ui run check --silent
	npm --prefix ui test --silent

# Offline: inside a network namespace with only loopback, so every test also proves no network is needed.
test-e2e: app test-deps
	E2E_OFFLINE=1 CONFIDANT_BIN=$(DEBUG_BIN) tests/e2e/run.sh

# Installs the .deb on this machine, starts the installed app, and removes it again.
test-package: package test-deps
	scripts/package-test.sh $(DEB_DIR)/*.deb

bench: app-release bench-deps
	$(CARGO) run -p confidant-core --release --features test-support --example bench
	scripts/bench-gui.sh
	@echo "figures: target/bench/results.json"

# The long runs: 10,000 crash-and-reopen cycles of the note autosave, 10,000 backup round trips,
# 100 kills at each step of a restore replacing the vault.
reliability: ui
	CONFIDANT_CRASH_ITERATIONS=10000 $(CARGO) test -p confidant-core --release --features test-support --test core_tests notes_crash:: -- --nocapture
	CONFIDANT_REPLACE_KILLS=100 $(CARGO) test -p confidant-core --release --features test-support --test core_tests backup_replace_crash:: -- --nocapture
	CONFIDANT_PROPTEST_CASES=10000 $(CARGO) test -p confidant-core --release --features test-support --test core_tests backup_roundtrip::

# A minute of coverage-guided fuzzing of the restore path, seeded with the golden backups
# (cargo-fuzz; the stable toolchain is allowed the flags it needs through RUSTC_BOOTSTRAP, as no
# nightly can be fetched here). No sanitizer: libFuzzer's coverage and Rust's own checks (the core
# forbids `unsafe`); an AddressSanitizer build of SQLCipher never finished here. 16 codegen units
# let the big crates build on every core. The build is cached in target/fuzz: the first run
# builds for several minutes, later ones start at once.
FUZZ_DIR := src-tauri/core/fuzz
fuzz:
	command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	mkdir -p $(FUZZ_DIR)/corpus/restore
	cd $(FUZZ_DIR) && RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run restore --sanitizer none --codegen-units 16 \
		--target-dir ../../../target/fuzz corpus/restore ../tests/fixtures -- -max_total_time=60

# The Rust code only: the page has no formatter (svelte-check and the type checker are its lint).
fmt:
	$(CARGO) fmt --all

lint: ui
	$(CARGO) clippy --workspace --all-targets $(APP_FEATURES) -- -D warnings

# Regenerates the page's TypeScript (every type that crosses, and each command's arguments and
# answer) and the command list, from the Rust code.
types:
	UPDATE_GENERATED=1 $(CARGO) test -p confidant $(APP_FEATURES) --lib generated_
