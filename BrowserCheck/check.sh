#!/usr/bin/env bash
# Renders a report.html in headless Chromium (Debian's `chromium`) and fails when a planner would see it
# broken (issue 15):
#   - a console message of any kind (the page has no script: a message is an error or a failed load),
#   - a table wider than the viewport at desktop width (1280 px), or a page wider than it,
#   - a heading of the report's report.md missing from the rendered page (--dump-dom),
#   - anything that would need the network or a script (src=, href=, url(, @import, <script).
# It writes phone (390 px) and desktop (1280 px) screenshots and an A4 PDF into OUT.
#
#   BrowserCheck/check.sh REPORT_FOLDER OUT       check REPORT_FOLDER/report.html (beside its report.md)
#   BrowserCheck/check.sh --self-test OUT         prove each check fails on a page made to break it
set -euo pipefail

CHROMIUM=${CHROMIUM:-chromium}
DESKTOP=1280
PHONE=390

chrome() { timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --no-first-run --disable-extensions --disable-background-networking "$@"; }

fail() { echo "browser-check: $*" >&2; exit 1; }

# check HTML MARKDOWN OUT: every check on one page; returns non-zero with a message on the first failure.
check() {
    local html=$1 md=$2 out=$3
    mkdir -p "$out"
    local url="file://$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"

    # Self-contained, no script: nothing to fetch, nothing to run.
    if grep -qiE '<script|[[:space:]](src|href)=|url\(|@import' "$html"; then
        fail "$html loads or runs something (script, src, href, url(), @import)"
    fi

    # Desktop and phone screenshots, A4 PDF; every console line Chromium logs is a failure.
    chrome --enable-logging=stderr --v=0 --window-size=$DESKTOP,1600 --screenshot="$out/report-desktop.png" \
        "$url" >/dev/null 2>"$out/desktop.log"
    chrome --enable-logging=stderr --v=0 --window-size=$PHONE,1600 --screenshot="$out/report-phone.png" \
        "$url" >/dev/null 2>"$out/phone.log"
    chrome --enable-logging=stderr --v=0 --no-pdf-header-footer --print-to-pdf="$out/report.pdf" \
        "$url" >/dev/null 2>"$out/pdf.log"
    for f in report-desktop.png report-phone.png report.pdf; do
        [ -s "$out/$f" ] || fail "$f was not written"
    done
    head -c 5 "$out/report.pdf" | grep -q '%PDF-' || fail "report.pdf is not a PDF"
    if grep -h 'CONSOLE' "$out/desktop.log" "$out/phone.log" "$out/pdf.log"; then
        fail "$html logs to the console (above)"
    fi

    # Overflow at desktop width: a copy of the page with a probe that writes what overflows into the DOM.
    local probe="$out/overflow-probe.html"
    sed 's#</body>#<script>(function () {\
  var width = document.documentElement.clientWidth, bad = [];\
  document.querySelectorAll("table").forEach(function (t, i) {\
    var box = t.parentElement;\
    if (t.getBoundingClientRect().right > width + 0.5 || box.scrollWidth > box.clientWidth + 1) bad.push("table " + (i + 1));\
  });\
  if (document.documentElement.scrollWidth > width) bad.push("page");\
  var p = document.createElement("pre"); p.id = "overflow-probe";\
  p.textContent = "overflow " + (bad.length ? bad.join(", ") : "none"); document.body.appendChild(p);\
})();</script></body>#' "$html" > "$probe"
    chrome --window-size=$DESKTOP,900 --dump-dom "file://$(cd "$out" && pwd)/overflow-probe.html" \
        2>/dev/null > "$out/overflow.dom"
    local verdict
    verdict=$(grep -o '<pre id="overflow-probe">[^<]*' "$out/overflow.dom" | sed 's/.*>//' || true)
    [ -n "$verdict" ] || fail "the overflow probe did not run"
    [ "$verdict" = "overflow none" ] || fail "at ${DESKTOP} px: $verdict"

    # Every heading of report.md is a heading of the rendered page (KPIs, trend, every section).
    chrome --window-size=$DESKTOP,900 --dump-dom "$url" 2>/dev/null > "$out/report.dom"
    sed -E 's#</h([1-4])>#</h\1>\n#g' "$out/report.dom" | grep -oE '<h[1-4]>.*</h[1-4]>' \
        | sed -E 's/<[^>]+>//g' > "$out/headings.html.txt"
    grep -E '^#{1,4} ' "$md" | sed -E 's/^#+ //; s/`//g; s/&/\&amp;/g' > "$out/headings.md.txt"
    [ -s "$out/headings.md.txt" ] || fail "$md has no headings"
    local missing
    missing=$(grep -vxF -f "$out/headings.html.txt" "$out/headings.md.txt" || true)
    [ -z "$missing" ] || fail "headings missing from the rendered page: $missing"
    # The four KPI headings (H1, H2, H3, V1: the ### headings of report.md's KPI summary section, in any
    # language) by name, so a page that lost them cannot pass on the other headings.
    awk '/^## /{n++} n==1 && /^### /{sub(/^### /, ""); print}' "$md" | sed 's/`//g' > "$out/kpi-headings.txt"
    [ "$(wc -l < "$out/kpi-headings.txt")" -ge 4 ] || fail "$md has fewer than four KPI headings"
    while IFS= read -r kpi; do
        grep -qxF "$kpi" "$out/headings.html.txt" || fail "KPI heading missing from the rendered page: $kpi"
    done < "$out/kpi-headings.txt"
    echo "browser-check: $html ok (desktop, phone, A4 PDF in $out)"
}

# Each check must fail on a page made to break it, else it checks nothing.
self_test() {
    local out=$1 page
    mkdir -p "$out"
    local md="$out/self.md"
    printf '# pmbatch night report\n\n## KPIs\n\n### H1 a\n\n### H2 b\n\n### H3 c\n\n### V1 d\n' > "$md"
    page() { printf '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>.table{overflow-x:auto}</style></head><body><h1>pmbatch night report</h1><h2>KPIs</h2><h3>H1 a</h3><h3>H2 b</h3><h3>H3 c</h3><h3>V1 d</h3>%s</body></html>\n' "$1"; }
    page '<div class="table"><table><tr><th>a</th></tr></table></div>' > "$out/good.html"
    ( check "$out/good.html" "$md" "$out/good" ) >/dev/null 2>&1 || fail "self-test: a sound page fails"
    page '<div class="table"><table><tr><th style="min-width:3000px">wide</th></tr></table></div>' > "$out/wide.html"
    page '<svg onload="console.error(1)"></svg><div class="table"><table><tr><th>a</th></tr></table></div>' > "$out/console.html"
    page '' | sed 's#<h3>H2 b</h3>##' > "$out/heading.html"
    page '<img alt="" srcset="x.png">' | sed 's#srcset#src#' > "$out/network.html"
    for bad in wide console heading network; do
        if ( check "$out/$bad.html" "$md" "$out/$bad" ) >/dev/null 2>&1; then
            fail "self-test: the $bad page passes"
        fi
    done
    echo "browser-check: self-test ok (a wide table, a console error, a missing heading, a network load each fail)"
}

command -v "$CHROMIUM" >/dev/null 2>&1 || fail "$CHROMIUM not found (Debian: apt-get install chromium)"
if [ "${1:-}" = "--self-test" ]; then
    self_test "${2:?OUT}"
else
    folder=${1:?REPORT_FOLDER}
    check "$folder/report.html" "$folder/report.md" "${2:?OUT}"
fi
