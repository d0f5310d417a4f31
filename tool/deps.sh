#!/bin/sh
# deps.sh [--test|--bench]: install the Debian packages the build (and the
# tests, or the benchmarks) need, when they are missing.  The build needs
# Node.js and npm for the division table (tool/places).  Run by `make
# demo`, `make check` and the benchmarks; needs root (or sudo) only when
# something is missing.
set -eu
pkgs="pkg-config gcc make libsqlite3-dev sqlite3 libpq-dev libevent-dev libjansson-dev
libsodium-dev libcsv-dev libxlsxwriter-dev libopencc-dev opencc libcmocka-dev
libzip-dev libexpat1-dev libgmime-3.0-dev nodejs"
[ "${1:-}" = "--test" ] && pkgs="$pkgs postgresql clang libclang-rt-14-dev curl bc time unzip
chromium fonts-wqy-zenhei nginx"
# the benchmarks: load from wrk, beside nginx serving a static file
[ "${1:-}" = "--bench" ] && pkgs="$pkgs postgresql curl bc time wrk nginx python3"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# npm comes with NodeSource's nodejs; Debian's is a package of its own
command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends $missing
