#!/usr/bin/env bash
# Regenerates Sources/Generated/ from the MEF specs in Specs/mef/ (see `make generate`).
# The specs are edited first (Scripts/edit-specs.py); the generator is built from Tools/openapi in its own
# scratch folder so it never enters blackhail's dependency graph.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build-generate
edited="$scratch/specs"
rm -rf "$edited" && mkdir -p "$edited"
python3 Scripts/edit-specs.py Specs/mef "$edited"
swift build --package-path Tools/openapi --scratch-path "$scratch" --product swift-openapi-generator -q
generator="$scratch/debug/swift-openapi-generator"
declare -A specs=(
    [SonataPOQ]=productOfferingQualificationManagement
    [SonataQuote]=quoteManagement
    [SonataOrder]=productOrderManagement
    [SonataAddress]=geographicAddressManagement
)
for module in "${!specs[@]}"; do
    out="Sources/Generated/$module"
    rm -rf "$out" && mkdir -p "$out"
    "$generator" generate --config "Specs/config/$module.yaml" --output-directory "$out" \
        "$edited/${specs[$module]}.api.yaml" >"$scratch/$module.log" 2>&1 || { cat "$scratch/$module.log"; exit 1; }
    echo "generated $out"
done
