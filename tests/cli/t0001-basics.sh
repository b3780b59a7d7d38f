# The command line itself: version, help, usage errors and exit codes.
. "$(dirname "$0")/lib.sh"

run --version
expect_out "--version prints the version" "psst 0."
run --help
expect_out "--help lists the commands" "search"
expect_status "--help exits 0" 0
run frobnicate
expect_status "an unknown command is a usage error" 2
expect_err "an unknown command is named" "'frobnicate' is not a psst command"
for cmd in build chart check classify findings list show search stats lecturers institutions timeline overview; do
  run "$cmd" --help
  expect_out "$cmd --help prints its usage" "usage: psst $cmd"
done
run list --bogus
expect_status "an unknown option is a usage error" 2
expect_err "the unknown option is named" "unknown option '--bogus'"
run show
expect_status "show without an id is a usage error" 2
run show 19-x
expect_status "a malformed id is a usage error" 2
run show 19-99
expect_status "a session not in the record exits 1" 1
expect_err "the missing session is named" "no session 19-99"
run list --year 20x
expect_status "a bad year is a usage error" 2
run list --topic nonsense
expect_status "an unknown topic code is a usage error" 2
expect_err "the known codes are listed" "known: theory, party"
run list --from 2019-02-30
expect_status "an impossible date is a usage error" 2
run stats
expect_status "stats needs --by" 2
run stats --by year,year
expect_status "the same dimension twice is refused" 2
run check --by year
expect_status "an option a command does not take is refused" 2
run list --leader J
expect_status "an ambiguous leader is refused" 2
run list --lang fr
expect_status "an unknown language is refused" 2
run search "、。"
expect_status "a query without characters is a usage error" 2
finish
