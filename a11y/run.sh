#!/usr/bin/env bash
# Checks every page of the demo site for validity and accessibility, as SPEC §5 asks ("On a
# phone, in print, for everyone"):
#
#   a11y/run.sh                 # build the demo, then check every page
#   a11y/run.sh --snapshot      # the same on a copy of the demo with a 2025-H1 snapshot, so
#                               # the archive pages, the version menu and the changes page count
#   OUT=/tmp/site a11y/run.sh --no-build    # check a site already built into $OUT
#   ONLY=index.html,cases/index.html a11y/run.sh    # axe and layout on these pages only
#
# 1. The Nu HTML Checker (vnu-jar) on every HTML page: every error is listed.
# 2. axe-core in real headless Chromium (/usr/bin/chromium, over the DevTools protocol) on every
#    page at 1280 px and at 390 px (a phone), and for each page at 390 px: does the page scroll
#    sideways, does a unit name in a table wrap to more lines than it needs, are chart labels
#    at least 11 px, is every navigation item on screen, does the layout shift while loading;
#    and under print emulation at A4 width: does any element clip its content.
#
# It installs what it needs: vnu-jar, axe-core and ws from the npm registry into $A11Y_TOOLS
# (a folder outside the repository, by default under $TMPDIR), and Java for vnu-jar with apt-get
# when `java` is missing. Exit status 0 when both report nothing, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
TOOLS=${A11Y_TOOLS:-${TMPDIR:-/tmp}/zhengfeng-a11y-tools}
OUT_DEFAULT=${TMPDIR:-/tmp}/zhengfeng-a11y-site
BUILD=1
SNAPSHOT=0
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    --snapshot) SNAPSHOT=1; OUT_DEFAULT=${TMPDIR:-/tmp}/zhengfeng-a11y-snapshot ;;
    *) echo "a11y/run.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done
# Each mode its own folder: a build into a folder holding the snapshot run's archive would take
# that snapshot into the repository's own archive/ (an older output's snapshots are adopted).
OUT=${OUT:-$OUT_DEFAULT}

# Tools, pinned so that two runs judge the same way.
VERSIONS="vnu-jar@26.9.27 axe-core@4.14.1 ws@8.23.0"
if [ ! -f "$TOOLS/.installed" ] || [ "$(cat "$TOOLS/.installed")" != "$VERSIONS" ]; then
  echo "a11y: installing $VERSIONS into $TOOLS" >&2
  mkdir -p "$TOOLS"
  # shellcheck disable=SC2086
  npm install --no-save --no-package-lock --no-audit --no-fund --silent --prefix "$TOOLS" $VERSIONS >&2
  echo "$VERSIONS" > "$TOOLS/.installed"
fi
if ! command -v java >/dev/null 2>&1; then
  echo "a11y: installing Java for the Nu HTML Checker" >&2
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
fi
command -v chromium >/dev/null 2>&1 || { echo "a11y: Chromium is required (test.sh installs it)" >&2; exit 2; }

if [ "$BUILD" = 1 ]; then
  TARGET=${CARGO_TARGET_DIR:-$REPO/target}
  cargo build --release --quiet --bin zhengfeng
  site=$REPO
  if [ "$SNAPSHOT" = 1 ]; then
    # A copy, so the snapshot never lands in the repository's own archive/.
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    site=$scratch/site
    mkdir -p "$site"
    cp zhengfeng.toml "$site/"
    # Everything the build reads: the files under static/ are linked from the pages.
    for dir in content static themes templates archive; do
      if [ -d "$dir" ]; then cp -r "$dir" "$site/"; fi
    done
    "$TARGET/release/zhengfeng" snapshot 2025-H1 --site "$site" >/dev/null
  fi
  "$TARGET/release/zhengfeng" build --quiet --site "$site" --output "$OUT"
fi

status=0
echo "== Nu HTML Checker"
vnu_log=$(mktemp)
if java -jar "$TOOLS/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --skip-non-html --format gnu "$OUT" 2>"$vnu_log"; then
  echo "vnu: no error in $(find "$OUT" -name '*.html' | wc -l) pages"
else
  sed "s|$OUT/||" "$vnu_log"
  echo "vnu: $(wc -l <"$vnu_log") errors on $(cut -d: -f1 "$vnu_log" | sort -u | wc -l) pages"
  status=1
fi
rm -f "$vnu_log"

echo "== axe-core and layout in Chromium"
NODE_PATH="$TOOLS/node_modules" node "$REPO/a11y/check.mjs" --site "$OUT" --axe "$TOOLS/node_modules/axe-core/axe.min.js" --ws "$TOOLS/node_modules/ws" ${ONLY:+--only "$ONLY"} || status=1
exit $status
