#!/bin/sh
# The HTML report with many sellers (issue 16): the example sites quoted by the seven demo sellers and three copies
# of each (28 sellers), then headless Chromium screenshots at a laptop's width (1400 px) and about half of it
# (800 px), and of the matrix scrolled sideways at 800 px.
#   Scripts/wide-report.sh [BLACKHAIL] [OUT_DIR]   (defaults: .build/debug/blackhail, examples/)
set -eu
binary=${1:-.build/debug/blackhail}
out=${2:-examples}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/sellers"
for profile in "$root"/sellers/*.yaml; do
    id=$(sed -n 's/^id: //p' "$profile")
    cp "$profile" "$work/sellers/$id.yaml"
    for copy in 2 3 4; do
        # Another id and name, and another seed so that the copy prices differently.
        sed -e "s/^id: .*/id: $id$copy/" -e "s/^name: \(.*\)/name: \1 $copy/" \
            -e "s/^  seed: \([0-9]*\)/  seed: \1$copy/" "$profile" >"$work/sellers/$id$copy.yaml"
    done
done
status=0
"$binary" quote "$root/examples/sites.csv" --sellers "$work/sellers" --store "$work/store" -q \
    --out "$work/report-wide.html" || status=$?
# 2 is a partial result (some sites without an orderable offer): expected with these sellers.
[ "$status" -eq 0 ] || [ "$status" -eq 2 ]
mkdir -p "$out"
shoot() { # WIDTH HEIGHT FILE.html OUT.png
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$1,$2" \
        --screenshot="$4" "file://$3" 2>/dev/null
}
# The page from its top: at 800 px the charts stand one above the other, so the matrix starts lower.
shoot 1400 2400 "$work/report-wide.html" "$out/report-wide-1400.png"
shoot 800 3900 "$work/report-wide.html" "$out/report-wide-800.png"
# The matrix scrolled sideways, as a reader scrolls it: a copy of the report with the summary hidden and a script
# (which the report's own Content-Security-Policy would refuse) that scrolls the matrix; the site column must stay.
sed -e 's|<meta http-equiv="Content-Security-Policy"[^>]*>||' -e 's|</style>|header,#summary{display:none}</style>|' \
    -e 's|</body>|<script>document.querySelector(".scroll").scrollLeft=1500</script></body>|' \
    "$work/report-wide.html" >"$work/scrolled.html"
shoot 800 1000 "$work/scrolled.html" "$out/report-wide-matrix-800.png"
echo "wrote $out/report-wide-1400.png, $out/report-wide-800.png, $out/report-wide-matrix-800.png"
