#!/usr/bin/env bash
# Checks that `make install` gives a blackhail that runs on a machine without the Swift toolchain: no Swift runtime
# library among its shared libraries (ldd), and it works with the toolchain off PATH and LD_LIBRARY_PATH empty,
# reading its MEF 139 schemas from the installed tree (the build directory's copy is hidden meanwhile).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
scratch="$(mktemp -d)"
prefix="$scratch/prefix"
work="$scratch/work"
mkdir -p "$work"
config="${INSTALL_CONFIG:-release}"
bin="$(swift build ${BUILD_FLAGS:-} -c "$config" --show-bin-path)"
resources="$bin/blackhail_MEF139.resources"
restore() {
    if [ -d "$resources.hidden" ]; then mv "$resources.hidden" "$resources"; fi
    rm -rf "$scratch"
}
trap restore EXIT

make --no-print-directory install PREFIX="$prefix" INSTALL_CONFIG="$config"
binary="$prefix/bin/blackhail"

echo "== ldd $prefix/lib/blackhail/blackhail"
ldd "$prefix/lib/blackhail/blackhail" | tee "$scratch/ldd"
if grep -E 'libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime|/opt/swift|not found' "$scratch/ldd"; then
    echo "install-check: FAILED: the installed binary needs the libraries above" >&2
    exit 1
fi

mv "$resources" "$resources.hidden"
cp -R sellers examples/sites.csv rates.yaml "$work/"
# A machine without the toolchain: a minimal environment, no swift on PATH, no library path.
run() { (cd "$work" && env -i HOME="$work" PATH=/usr/bin:/bin LD_LIBRARY_PATH= "$binary" "$@"); }
if env -i PATH=/usr/bin:/bin sh -c 'command -v swift' >/dev/null; then
    echo "install-check: FAILED: swift is on the minimal PATH, so the check proves nothing" >&2
    exit 1
fi

echo "== blackhail --help"
run --help | head -3
echo "== blackhail validate (the installed schemas)"
run validate "$repo/Tests/MEF139Tests/Fixtures/basic-internet-access.json"
echo "== blackhail quote --dry-run"
run quote sites.csv --dry-run
echo "== blackhail quote (demo sellers on loopback, journal in SQLite)"
status=0
run quote sites.csv -q -o csv --out offers.csv || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
    echo "install-check: FAILED: quote exited $status" >&2
    exit 1
fi
echo "$(($(wc -l < "$work/offers.csv") - 1)) offers written; exit $status"
run runs | head -3
echo "install-check: passed"
