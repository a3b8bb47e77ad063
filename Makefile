# blackhail: `make help` lists the targets.
SWIFT ?= swift
SOURCES = $(shell git ls-files 'Sources/*.swift' 'Tests/*.swift' 'Package.swift' | grep -v '^Sources/Generated/')

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "} {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}'

.PHONY: build
build: ## Build blackhail (debug)
	$(SWIFT) build

.PHONY: test
test: ## Run every test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers 2

.PHONY: demo
demo: build ## Quote the example sites against the demo sellers (exit 2 = partial, expected here)
	$(SWIFT) run -q blackhail quote examples/sites.csv --explain || test $$? -eq 2

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
