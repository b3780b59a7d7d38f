#!/bin/sh
# gen-cli-docs.sh [PSST]: writes the manual page (man/psst.1) and the completion scripts
# (completion/psst.bash, completion/_psst) from the command and option tables of a built
# psst (default: build/psst). Run it after changing a command or an option;
# tests/cli/t0170-man-completion.sh fails while the copies are not current.
set -eu
cd "$(dirname "$0")/.."
psst=${1:-build/psst}
"$psst" __man >man/psst.1.tmp && mv man/psst.1.tmp man/psst.1
"$psst" __completion bash >completion/psst.bash.tmp && mv completion/psst.bash.tmp completion/psst.bash
"$psst" __completion zsh >completion/_psst.tmp && mv completion/_psst.tmp completion/_psst
