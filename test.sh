#!/usr/bin/env bash
# Runs every test of zhengfeng. Installs what the browser and print tests need (Chromium, CJK
# fonts, poppler's pdfinfo/pdftoppm, npm) when it is missing, and axe-core for the
# accessibility test from the npm registry, then runs the Rust test suite.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdfinfo >/dev/null 2>&1 || need+=(poppler-utils)
# The font list is read whole first: under pipefail, `fc-list | grep -q` fails whenever grep
# stops at the first match and fc-list is cut off, and the fonts were reinstalled every run.
fonts=$(fc-list :lang=zh family 2>/dev/null || true)
case "$fonts" in *"Noto Sans CJK"*) ;; *) need+=(fonts-noto-cjk) ;; esac
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}" >&2
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# axe-core for the accessibility test (tests/a11y.rs), from the npm registry into a folder
# outside the repository; the test finds it through ZHENGFENG_AXE.
if [ -z "${ZHENGFENG_AXE:-}" ]; then
  axe_dir=${ZHENGFENG_AXE_DIR:-${TMPDIR:-/tmp}/zhengfeng-axe}
  if [ ! -f "$axe_dir/node_modules/axe-core/axe.min.js" ]; then
    echo "test.sh: installing axe-core into $axe_dir" >&2
    npm install --no-save --no-package-lock --no-audit --no-fund --silent --prefix "$axe_dir" axe-core@4.14.1 >&2
  fi
  export ZHENGFENG_AXE="$axe_dir/node_modules/axe-core/axe.min.js"
fi

cargo test --locked "$@"
