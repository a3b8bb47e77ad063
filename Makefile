# blackhail: `make help` lists the targets.
SWIFT ?= swift
# Extra flags for swift build and swift run, such as --scratch-path .build-mine.
BUILD_FLAGS ?=
SOURCES = $(shell git ls-files 'Sources/*.swift' 'Tests/*.swift' 'Package.swift' | grep -v '^Sources/Generated/')

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "} {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}'

.PHONY: build
build: ## Build blackhail (debug): the product only, not the generated MEF modules the tests use
	$(SWIFT) build --product blackhail

.PHONY: test
test: ## Run every test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers 2

.PHONY: demo
demo: build ## Quote the example sites against the demo sellers (exit 2 = partial, expected here)
	$(SWIFT) run -q blackhail quote examples/sites.csv --explain || test $$? -eq 2

.PHONY: report-preview
report-preview: ## Sample report: examples/report.html from the demo sellers, and its PNG (headless Chromium)
	$(SWIFT) build $(BUILD_FLAGS) --product blackhail
	$(SWIFT) run $(BUILD_FLAGS) -q blackhail quote examples/sites.csv -q --out examples/report.html || test $$? -eq 2
	@command -v chromium >/dev/null 2>&1 || { apt-get update && apt-get install -y chromium; }
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,2400 \
		--screenshot=examples/report.png file://$(CURDIR)/examples/report.html

.PHONY: bench
bench: ## Benchmark: 1,000 sites x 20 emulated sellers (release build)
	python3 Scripts/bench.py

# Where make install puts blackhail: $(PREFIX)/bin/blackhail, a link to $(PREFIX)/lib/blackhail/blackhail (the
# binary finds its MEF 139 schemas beside itself, in blackhail_MEF139.resources). DESTDIR stages a package.
PREFIX ?= /usr/local
# release for an install; install-check accepts debug for a quick look at the linking (same flags, no optimiser).
INSTALL_CONFIG ?= release

.PHONY: install
install: ## Install a release build, Swift runtime linked in, to $(PREFIX) (make install PREFIX=~/.local)
	$(SWIFT) build $(BUILD_FLAGS) -c $(INSTALL_CONFIG) --product blackhail --static-swift-stdlib
	@bin="$$($(SWIFT) build $(BUILD_FLAGS) -c $(INSTALL_CONFIG) --show-bin-path)"; \
	set -e; \
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/lib/blackhail"; \
	install -m 755 "$$bin/blackhail" "$(DESTDIR)$(PREFIX)/lib/blackhail/blackhail"; \
	rm -rf "$(DESTDIR)$(PREFIX)/lib/blackhail/blackhail_MEF139.resources"; \
	cp -R "$$bin/blackhail_MEF139.resources" "$(DESTDIR)$(PREFIX)/lib/blackhail/"; \
	chmod -R a+rX,go-w "$(DESTDIR)$(PREFIX)/lib/blackhail"; \
	ln -sf ../lib/blackhail/blackhail "$(DESTDIR)$(PREFIX)/bin/blackhail"; \
	echo "installed $(DESTDIR)$(PREFIX)/bin/blackhail"

.PHONY: install-check
install-check: ## Install to a temporary prefix and run it with no toolchain libraries (ldd, PATH, LD_LIBRARY_PATH)
	./Scripts/install-check.sh

.PHONY: uninstall
uninstall: ## Remove what make install put in $(PREFIX)
	rm -rf "$(DESTDIR)$(PREFIX)/lib/blackhail" "$(DESTDIR)$(PREFIX)/bin/blackhail"

.PHONY: man
man: ## Man pages in man/ (blackhail.1, one per subcommand) from the commands' help: argument-parser's generator
	$(SWIFT) package $(BUILD_FLAGS) generate-manual --configuration debug --multi-page
	rm -rf man && mkdir -p man
	cp "$$(dirname "$$(dirname "$$($(SWIFT) build $(BUILD_FLAGS) --show-bin-path)")")/plugins/GenerateManual/outputs/blackhail/"*.1 man/
	@echo "man/: $$(ls man | tr '\n' ' ')(man ./man/blackhail.1)"

.PHONY: lint
lint: ## Check formatting (swift format, strict)
	$(SWIFT) format lint --strict --parallel $(SOURCES)

.PHONY: format
format: ## Format the sources in place
	$(SWIFT) format format --in-place --parallel $(SOURCES)

.PHONY: generate
generate: ## Regenerate Sources/Generated from the MEF specs in Specs/mef
	./Scripts/generate.sh

.PHONY: clean
clean: ## Remove build products
	rm -rf .build .build-generate
