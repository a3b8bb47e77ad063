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
