#!/bin/sh
# Writes OUTDIR/BuildCommit.swift naming the git commit PACKAGE is checked out at, for `blackhail --version`:
# the commit's short hash, with -dirty when tracked files differ from it, or "unknown" outside a git checkout (a
# tarball). Run by the BuildCommit plugin before every build; the file is rewritten only when it changes, so an
# unchanged commit recompiles nothing.
# Usage: build-commit.sh PACKAGE OUTDIR
package=$1
out=$2
commit=unknown
# Only the package's own checkout counts, never a repository it was unpacked inside.
if [ -e "$package/.git" ] && hash=$(git -C "$package" rev-parse --short=12 HEAD 2>/dev/null); then
    commit=$hash
    # --no-optional-locks: a build must not write to the checkout (and a sandboxed one cannot).
    if [ -n "$(git --no-optional-locks -C "$package" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
        commit="$commit-dirty"
    fi
fi
mkdir -p "$out"
file="$out/BuildCommit.swift"
text="/// The git commit blackhail was built from (Scripts/build-commit.sh).
let buildCommit = \"$commit\""
if [ ! -f "$file" ] || [ "$(cat "$file")" != "$text" ]; then
    printf '%s\n' "$text" > "$file"
fi
