#!/usr/bin/env bash
# Renders a codecision report to PNG with headless Chromium: the picture in
# the README.
#
#   scripts/render_report.sh                          # docs/report-2018-01-24.png
#   scripts/render_report.sh TARGET AS_OF OUT.png     # any goal, date, file
#
# Needs chromium (Debian: `apt-get install -y chromium`), or CHROMIUM set to
# a Chromium/Chrome binary. The page is rendered 1400 px wide; HEIGHT
# (default 3120, the whole report on interoperability-2020 as of
# 2018-01-24) sets how much of it the picture shows. The browser runs with a
# fresh profile and no network; the report fetches nothing anyway.
set -euo pipefail

cd "$(dirname "$0")/.."
target=${1:-interoperability-2020}
as_of=${2:-2018-01-24}
out=${3:-docs/report-$as_of.png}
height=${HEIGHT:-3120}

browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
    for name in chromium chromium-browser google-chrome; do
        if command -v "$name" >/dev/null 2>&1; then
            browser=$name
            break
        fi
    done
fi
if [ -z "$browser" ]; then
    echo "render_report.sh: no Chromium found: apt-get install -y chromium, or set CHROMIUM" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo run --quiet --release -- report "$target" --as-of "$as_of" --output "$work/report.html"
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --disable-quic \
    --hide-scrollbars --force-device-scale-factor=1 \
    --user-data-dir="$work/profile" \
    --window-size="1400,$height" \
    --screenshot="$work/report.png" \
    "file://$work/report.html" 2>"$work/browser.log" || {
    cat "$work/browser.log" >&2
    exit 1
}
mkdir -p "$(dirname "$out")"
mv "$work/report.png" "$out"
echo "wrote $out"
