#!/usr/bin/env bash
# The interactive report's size and speed in headless Chromium: the figures
# in the README's "Interactive report".
#
#   scripts/page_speed.sh [RUNS]     # default 3 runs of each page
#
# Builds the release binary, writes the page for the embedded register
# (interoperability-2020, as of 2018-01-24) and for a generated register of
# 10,000 files (tests/reference/gen_register.py 10000 --seed 7, goal-0, as
# of 2022-01-01), opens each RUNS times from disk with the page's test hook
# `#as-of=DATE&measure=20` (20 changes of date spread over the slider's
# range, timed in the page with performance.now(), each until the new
# report is laid out), and prints what the page wrote on <html>:
# open-ms (navigation start to the first report laid out), change-ms and
# change-max-ms (mean and longest of the 20 changes), change-forecasts
# (whether the changes carried the forecasts or showed them after),
# forecast-ms (one change with forecasts). Needs chromium and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
browser=${CHROMIUM:-chromium}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --quiet --release
bin=${CARGO_TARGET_DIR:-target}/release/codecision
python3 tests/reference/gen_register.py 10000 --seed 7 >"$work/register-10000.json"
"$bin" report interoperability-2020 --as-of 2018-01-24 --interactive --output "$work/embedded.html"
"$bin" --register "$work/register-10000.json" report goal-0 --as-of 2022-01-01 --interactive --output "$work/generated.html"

for page in embedded generated; do
    echo "$page: $(wc -c <"$work/$page.html") bytes"
    case $page in
        embedded) date=2017-06-29 ;;
        generated) date=2019-01-01 ;;
    esac
    for run in $(seq "$runs"); do
        rm -rf "$work/profile"
        "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
            --disable-component-update --disable-sync --no-first-run --disable-quic \
            --user-data-dir="$work/profile" --dump-dom \
            "file://$work/$page.html#as-of=$date&measure=20" 2>/dev/null |
            grep -o '<html[^>]*>' | head -1 |
            grep -oE 'data-(open-ms|change-ms|change-max-ms|change-forecasts|forecast-ms|error)="[^"]*"' |
            sed 's/^data-//' | tr '\n' ' '
        echo
    done
done
