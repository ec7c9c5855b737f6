#!/usr/bin/env bash
# Installs what building and testing Braid needs, and nothing twice:
# Debian packages only when missing (apt-get update only then), Python
# packages only when they do not import. Safe to run with no standard input.
set -euo pipefail

# r-base-dev brings the C compiler and headers the R package's src/ needs;
# r-cran-pkgbuild lets the test suite (testthat::test_local) compile it. tzdata
# gives schedules their time zones; systemd brings systemd-analyze, which
# checks docs/braid-daemon.service.
debian_packages=(
  pkg-config libsqlite3-dev libarchive-dev liblz4-dev libzstd-dev tzdata systemd
  r-base-core r-base-dev r-cran-jsonlite r-cran-testthat r-cran-pkgbuild
)
missing=()
for package in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi

python=${PYTHON:?PYTHON must name the real interpreter}
if ! "$python" -c "import pytest, numpy, pandas, pyarrow, wheel" 2>/dev/null; then
  echo "install-deps: pip install pytest numpy pandas pyarrow wheel"
  "$python" -m pip install -q --disable-pip-version-check pytest numpy pandas pyarrow wheel </dev/null
fi
# Tables (docs/tables.md): deltalake reads and writes Delta Lake versions, polars is a frame Table.put takes.
if ! "$python" -c "import deltalake, polars" 2>/dev/null; then
  echo "install-deps: pip install deltalake polars"
  "$python" -m pip install -q --disable-pip-version-check deltalake polars </dev/null
fi
