#!/usr/bin/env bash
# Render the refreshed demo school's tabs with LibreOffice, for the README's pictures.
#   bash docs/screenshots.sh          (needs `ilr` on PATH or in .venv, soffice, pdftoppm)
set -euo pipefail
cd "$(dirname "$0")/.."
ilr=${ILR:-$(command -v ilr || echo .venv/bin/ilr)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$ilr" demo "$work/ilr-demo.xlsx" --as-of 2026-11-20 >/dev/null
soffice --headless --convert-to pdf --outdir "$work" "$work/ilr-demo.xlsx" >/dev/null 2>&1
pages=$(pdfinfo "$work/ilr-demo.pdf" | awk '/^Pages:/ {print $2}')

# The first page whose first line is a tab's title.
page_of() {
  for page in $(seq 1 "$pages"); do
    if pdftotext -f "$page" -l "$page" "$work/ilr-demo.pdf" - | sed -n 1,3p | grep -q "^$1"; then
      echo "$page"
      return
    fi
  done
}

for shot in "summary:ILR Sheets summary" "coverage:Rotation coverage" "next-visits:Next visits" \
            "teacher-support:Teacher support" "trends:Trends" "pl-needs:PL Needs"; do
  name=${shot%%:*}
  page=$(page_of "${shot#*:}")
  [ -n "$page" ] || { echo "no page for ${shot#*:}" >&2; exit 1; }
  pdftoppm -png -r 100 -f "$page" -l "$page" -singlefile "$work/ilr-demo.pdf" "docs/img/$name"
  echo "docs/img/$name.png (page $page)"
done
