#!/bin/sh
# Installs the Debian packages psst needs to build, test and benchmark, when missing.
# Usage: scripts/install-deps.sh [build|check|bench]
set -eu
want=${1:-build}
pkgs="gcc make cmake pkg-config libsqlite3-dev libjansson-dev libutf8proc-dev libcairo2-dev libpango1.0-dev fonts-noto-cjk libxlsxwriter-dev libmicrohttpd-dev libopencc-dev nettle-dev zlib1g-dev libcurl4-openssl-dev libpcre2-dev libstemmer-dev unicode-data bzip2"
case "$want" in
  check) pkgs="$pkgs clang libclang-rt-14-dev libcmocka-dev sqlite3 python3 python3-feedparser libxml2-utils curl chromium"
    # psst serve behind nginx, with the configuration of docs/deploy-nginx.md (t0840-nginx.sh)
    pkgs="$pkgs nginx"
    # the man page rendered and checked by man (man-db, groff), the completion loaded by bash and zsh
    pkgs="$pkgs man-db groff-base bash zsh"
    # the citation tests' checkers: BibTeX, CSL-JSON, RIS, CITATION.cff (YAML, JSON schema)
    pkgs="$pkgs python3-pybtex python3-citeproc bibutils python3-yaml python3-jsonschema"
    # the exports read by the tools they are for (openpyxl, pandas, JSON Schema), and
    # ReadStat, without which psst is built with no Stata export (--format dta)
    pkgs="$pkgs python3-openpyxl python3-pandas libreadstat-dev"
    # make coverage: llvm-profdata and llvm-cov of the version of clang (Debian's default)
    pkgs="$pkgs llvm"
    # psst serve's browser test runs on Node.js; a Node.js from elsewhere that brings its own
    # npm is used as it is (Debian's npm package would conflict with it)
    command -v npm >/dev/null 2>&1 || pkgs="$pkgs nodejs npm" ;;
  bench) pkgs="$pkgs sqlite3 time python3 wrk nginx curl" ;;
esac
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
