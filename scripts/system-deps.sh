#!/usr/bin/env bash
# Debian packages the test suite and the demo need: PostgreSQL 15 (server + client),
# Noto CJK fonts (Japanese in plots, PDFs), HarfBuzz subsetting for WeasyPrint (CJK PDFs
# are ~9x slower without it), Pango for WeasyPrint, poppler-utils (pdftoppm for looking
# at generated PDFs), Chromium (the Playwright browser tests drive /usr/bin/chromium).
# Installs only what is missing; needs root (or sudo) the first time.
set -euo pipefail
packages=(postgresql postgresql-client fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
