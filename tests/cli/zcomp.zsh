# zcomp.zsh FPATH_DIR BIN_DIR WORDS...: the words zsh's completion system offers for the
# command line WORDS (then a tab), one a line, sorted. It runs an interactive zsh on a
# pseudo-terminal (zsh/zpty), loads compinit with FPATH_DIR first in $fpath and BIN_DIR first
# in $path, and replaces compadd by one that prints the matches it would add: the words the
# real completion functions compute, as a user pressing tab would get them.
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "fpath=($1 \$fpath); path=($2 \$path); autoload -Uz compinit; compinit -u -D"
zpty -w z 'compadd() { local -a __w; builtin compadd -O __w "$@"; print -rl -- "<<${^__w}>>"; }'
zpty -w z 'bindkey "^I" complete-word'
shift 2
zpty -w -n z "$*"$'\t'
local out= chunk
integer i=0 quiet=0
# read until the output has been quiet for a second after the matches (or 10 s in all)
while (( i++ < 50 && quiet < 5 )); do
  if zpty -r -t z chunk; then
    out+=$chunk
    quiet=0
  else
    [[ $out == *'<<'[^\$]* ]] && (( quiet++ ))
    sleep 0.2
  fi
done
zpty -d z
print -r -- "$out" | grep -o '<<[^>$][^>$]*>>' | sed 's/^<<//; s/>>$//' | sort -u
