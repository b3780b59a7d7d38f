#!/bin/sh
# Writes a seed of exactly 1 MiB, the longest input the smoke runs give a target (-max_len),
# so that every run starts from an input that long: PREFIX (a printf format: a request line,
# the byte that picks a target's mode), then FILE... over and over, cut at 1 MiB.
# Made when the test runs, not kept in the repository.
# Usage: big_seed.sh OUT PREFIX FILE...
set -eu
out=$1 prefix=$2
shift 2
size=1048576
# shellcheck disable=SC2059
printf "$prefix" >"$out.tmp"
cat "$@" >"$out.one"
[ -s "$out.one" ] || { echo "big_seed.sh: the seed files are empty" >&2; exit 1; }
# doubled until it is long enough: a few dozen cat calls however short the files are
while [ "$(wc -c <"$out.one")" -lt "$size" ]; do
  cat "$out.one" "$out.one" >"$out.two"
  mv "$out.two" "$out.one"
done
cat "$out.one" >>"$out.tmp"
rm -f "$out.one"
head -c "$size" "$out.tmp" >"$out"
rm -f "$out.tmp"
