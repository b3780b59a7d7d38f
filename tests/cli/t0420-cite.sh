# psst cite: the dataset as a citable work (data/dataset.json, versioned by the newest dated
# entry of data/CHANGELOG.md) and a session by the source of its readout, in every style, each
# read back by a checker: BibTeX by pybtex (strict), CSL-JSON by citeproc-py, RIS by bibutils'
# ris2xml, CITATION.cff by PyYAML and the Citation File Format 1.2.0 JSON schema (jsonschema;
# the schema as the npm package cffjs ships it, tests/cite). The committed CITATION.cff must be
# what psst prints for the shipped data, so that a data release that forgets it fails here.
. "$(dirname "$0")/lib.sh"
export LSAN_OPTIONS="suppressions=$SRC/tests/lsan.supp:print_suppressions=0"

# the checkers: Debian's python3-pybtex, -citeproc, -jsonschema, -yaml (the python3 on PATH
# may be another one), bibutils, and the CFF schema installed by make check
need_python 'import pybtex, citeproc, jsonschema, yaml' \
  "python3-pybtex, python3-citeproc, python3-jsonschema and python3-yaml"
CFFJS="$SRC/tests/cite/node_modules/cffjs/dist/schema.js"
if ! command -v ris2xml >/dev/null 2>&1; then
  fail "bibutils is installed (scripts/install-deps.sh check)"
  finish
  exit 1
fi
if [ ! -f "$CFFJS" ] || ! node --input-type=module \
  -e "import {schema} from '$CFFJS'; process.stdout.write(JSON.stringify(schema))" >"$WORK/cff-schema.json"; then
  fail "the CFF schema is missing: run 'make check' (npm ci in tests/cite)"
  finish
  exit 1
fi

# pycheck TITLE [ARG...]: runs the Python on stdin with $WORK/out and the arguments; passes
# when it exits 0, else shows what it printed
pycheck() {
  title=$1
  shift
  if "$PY" - "$WORK/out" "$@" >"$WORK/pyout" 2>&1; then pass; else fail "$title" "$(head -c 800 "$WORK/pyout")"; fi
}

# the version the shipped data is cited at, read here from the CHANGELOG: its newest dated entry
V=$(sed -n 's/^## \([0-9]\{4\}-[0-9][0-9]-[0-9][0-9]\)\([: ].*\)\{0,1\}$/\1/p' "$SRC/data/CHANGELOG.md" | sort | tail -n 1)
Y=${V%%-*}
expect_eq "the shipped CHANGELOG has a dated entry" "$(printf %s "$V" | grep -c '^[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]$')" 1
TITLE="psst, the Party Study Session Tracker: the record of the CCP Politburo's collective study sessions"
CC_BY="CC BY 4.0 <https://creativecommons.org/licenses/by/4.0/>"

# ---- text ----
run cite 19-18
expect_out "text: the Chinese title quoted, the English in brackets, the id and the date; the readout's publisher, kind, date and address" \
  '"区块链技术发展现状和趋势" [The current state and trends of blockchain technology development], CCP Politburo collective study session 19-18, 24 October 2019. CCTV (Broadcast text), 25 October 2019 <https://tv.cctv.com/2019/10/25/VIDEhAgeHhZp1PQbdw4wMbfY191025.shtml>.'
expect_out "text: the dataset with its authors, title, version, publisher, year and licence" \
  "The psst maintainers. $TITLE [data set], version of $V. The psst project, $Y. Licence: $CC_BY."
expect_no_out "text: the software's version is not the data's" "0.1.0"
expect_lines "text: two lines" 2
run cite
expect_lines "no ID: the dataset alone" 1
expect_out "no ID: the same dataset line" "The psst maintainers. $TITLE [data set], version of $V."
run cite 16-2
expect_out "an undated session: no date; a round-up that supports the title rather than one that does not" \
  "collective study session 16-2. China News Service (Round-up), 13 October 2005 <http://www.chinanews.com.cn/news/2005/2005-10-13/8/637230.shtml>."
run cite 17-17
expect_out "a session without a source: no publisher" "[untitled], CCP Politburo collective study session 17-17."
expect_lines "and still the dataset" 2

# ---- BibTeX, read by pybtex in strict mode (a warning is an error) ----
run cite 19-18 --style bibtex
expect_status "bibtex" 0
pycheck "bibtex: pybtex reads both entries with their fields" "$V" <<'PY'
import sys
import pybtex.errors
from pybtex.database import parse_file
pybtex.errors.set_strict_mode(True)
out, v = sys.argv[1], sys.argv[2]
bib = parse_file(out, 'bibtex')
problems = []
def want(key, field, value):
    got = bib.entries[key].fields.get(field)
    if got != value:
        problems.append(f'{key}.{field}: {got!r}, want {value!r}')
if list(bib.entries) != ['psst-19-18', 'psst-dataset']:
    problems.append(f'entries {list(bib.entries)}')
s = 'psst-19-18'
want(s, 'title', '{区块链技术发展现状和趋势 [The current state and trends of blockchain technology development]}')
want(s, 'publisher', 'CCTV')
want(s, 'year', '2019')
want(s, 'month', 'October')  # the macro oct, expanded
want(s, 'date', '2019-10-25')  # the readout's, the day after the session
want(s, 'eventdate', '2019-10-24')
want(s, 'url', 'https://tv.cctv.com/2019/10/25/VIDEhAgeHhZp1PQbdw4wMbfY191025.shtml')
want(s, 'note', 'Broadcast text')
d = 'psst-dataset'
authors = [str(p) for p in bib.entries[d].persons.get('author', [])]
if authors != ['{The psst maintainers}']:
    problems.append(f'authors {authors}: want one entity, braced whole')
want(d, 'publisher', 'The psst project')
want(d, 'version', v)
want(d, 'date', v)
want(d, 'year', v[:4])
want(d, 'note', f'Data set, version of {v}. Licence: CC BY 4.0, https://creativecommons.org/licenses/by/4.0/')
if 'url' in bib.entries[d].fields:
    problems.append('the dataset has no address: no url field')
print('\n'.join(problems))
sys.exit(1 if problems else 0)
PY
run cite 16-2 --style bibtex
expect_no_out "an unknown session date gives no eventdate" "eventdate"
expect_out "the round-up's date is the entry's" "date = {2005-10-13}"

# ---- CSL-JSON: the official schema (csl-data.json) is in no Debian or npm package this
# project can install, so citeproc-py reads the items and formats them with its style, and the
# shape the schema gives each field is checked here ----
run cite 19-18 --style csl-json
expect_status "csl-json" 0
pycheck "csl-json: citeproc-py reads and formats both items; the fields have the schema's shapes" "$V" <<'PY'
import json, sys, warnings
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
out, v = sys.argv[1], sys.argv[2]
with open(out, encoding='utf-8') as f:
    items = json.load(f)
problems = []
# citeproc-py 0.6 implements CSL 1.0.1; event-title is CSL 1.0.2's: any other unknown
# variable is an error
with warnings.catch_warnings(record=True) as seen:
    warnings.simplefilter('always')
    source = CiteProcJSON(items)
for w in seen:
    if 'unsupported' in str(w.message) and str(w.message).split(': ')[-1] != 'event_title':
        problems.append(f'citeproc-py: {w.message}')
style = CitationStylesStyle('harvard1', validate=False)
bib = CitationStylesBibliography(style, source, formatter.plain)
for it in items:
    bib.register(Citation([CitationItem(it['id'])]))
text = '\n'.join(str(x) for x in bib.bibliography())
for part in ['区块链技术发展现状和趋势', 'https://tv.cctv.com/2019/10/25/', 'The psst maintainers, ' + v[:4]]:
    if part not in text:
        problems.append(f'the formatted bibliography lacks {part!r}: {text!r}')
# the shapes csl-data.json gives: strings, names as objects, dates as date-parts
date = lambda d: isinstance(d, dict) and list(d) == ['date-parts'] and len(d['date-parts']) == 1 and \
    all(isinstance(n, int) for n in d['date-parts'][0]) and 1 <= len(d['date-parts'][0]) <= 3
strings = {'id', 'type', 'title', 'event-title', 'publisher', 'medium', 'URL', 'version', 'note'}
for it in items:
    for k, val in it.items():
        ok = (k in strings and isinstance(val, str) and val) or \
             (k in ('issued', 'event-date') and date(val)) or \
             (k == 'author' and all(list(a) == ['literal'] and a['literal'] for a in val))
        if not ok:
            problems.append(f'{it.get("id")}: {k} = {val!r}')
s, d = items
want = {'id': 'psst-19-18', 'type': 'webpage', 'publisher': 'CCTV', 'medium': 'Broadcast text',
        'event-title': 'CCP Politburo collective study session 19-18',
        'issued': {'date-parts': [[2019, 10, 25]]}, 'event-date': {'date-parts': [[2019, 10, 24]]}}
want_d = {'id': 'psst-dataset', 'type': 'dataset', 'author': [{'literal': 'The psst maintainers'}],
          'publisher': 'The psst project', 'version': v,
          'issued': {'date-parts': [[int(x) for x in v.split('-')]]},
          'note': 'Licence: CC BY 4.0, https://creativecommons.org/licenses/by/4.0/'}
for item, w in ((s, want), (d, want_d)):
    for k, val in w.items():
        if item.get(k) != val:
            problems.append(f'{item.get("id")}.{k}: {item.get(k)!r}, want {val!r}')
if 'URL' in d:
    problems.append('the dataset has no address: no URL')
print('\n'.join(problems))
sys.exit(1 if problems else 0)
PY
run cite --style csl-json
pycheck "csl-json without an ID: one item, the dataset" <<'PY'
import json, sys
items = json.load(open(sys.argv[1], encoding='utf-8'))
sys.exit(0 if [i['id'] for i in items] == ['psst-dataset'] else 1)
PY
run cite 16-2 --style csl-json
expect_no_out "an unknown session date gives no event-date" "event-date"

# ---- RIS, read by bibutils' ris2xml into MODS ----
run cite 19-18 --style ris
expect_status "ris" 0
# RIS has no mark for an organisation as author: the reader is told to keep the name as it is
# written (--asis) rather than split it into given and family names (bibutils 7.2's list of
# organisations, --corporation-file, fails to load any file)
printf 'The psst maintainers\n' >"$WORK/asis"
ris2xml -as "$WORK/asis" -nt "$WORK/out" >"$WORK/mods.xml" 2>"$WORK/ris.err"
pycheck "ris: every line a tag, two records; ris2xml reads titles, publishers, dates, addresses and the author" "$V" "$WORK/mods.xml" "$WORK/ris.err" <<'PY'
import re, sys
import xml.etree.ElementTree as ET
out, v, mods, err = sys.argv[1:5]
problems = []
lines = open(out, encoding='utf-8').read().split('\n')
for i, l in enumerate(lines):
    if l and not re.fullmatch(r'[A-Z][A-Z0-9]  - .*', l):
        problems.append(f'line {i + 1} is not "TAG  - value": {l!r}')
tags = [l[:2] for l in lines if l]
if tags != ['TY', 'TI', 'PB', 'PY', 'DA', 'UR', 'N1', 'ER', 'TY', 'TI', 'AU', 'PB', 'PY', 'DA', 'ET', 'N1', 'ER']:
    problems.append(f'tags {tags}')
for l in ['TY  - ELEC', 'TY  - DATA', f'ET  - {v}', f'DA  - {v.replace("-", "/")}', 'DA  - 2019/10/25']:
    if l not in lines:
        problems.append(f'no line {l!r}')
# bibutils 7.2 predates the type DATA (RIS' data set) and reads it as a generic reference
for l in open(err, encoding='utf-8'):
    if l.strip() and 'Processed 2 references' not in l and "type 'DATA'" not in l and 'Defaulting to STD' not in l:
        problems.append(f'ris2xml: {l.strip()}')
ns = {'m': 'http://www.loc.gov/mods/v3'}
root = ET.parse(mods).getroot()
refs = root.findall('m:mods', ns)
if len(refs) != 2:
    problems.append(f'{len(refs)} references read')
else:
    s, d = refs
    got = lambda r, p: [e.text for e in r.findall(p, ns)]
    checks = [
        (got(s, 'm:titleInfo/m:title'), ['区块链技术发展现状和趋势 [The current state and trends of blockchain technology development]']),
        (got(s, 'm:originInfo/m:publisher'), ['CCTV']),
        (got(s, 'm:originInfo/m:dateIssued'), ['2019-10-25']),
        (got(s, 'm:location/m:url'), ['https://tv.cctv.com/2019/10/25/VIDEhAgeHhZp1PQbdw4wMbfY191025.shtml']),
        (got(s, 'm:note'), ['CCP Politburo collective study session 19-18, held 24 October 2019; Broadcast text']),
        (got(d, 'm:titleInfo/m:title'), ["psst, the Party Study Session Tracker: the record of the CCP Politburo's collective study sessions"]),
        (got(d, 'm:name/m:namePart'), ['The psst maintainers']),
        (got(d, 'm:originInfo/m:publisher'), ['The psst project']),
        (got(d, 'm:originInfo/m:dateIssued'), [v]),
        (got(d, 'm:originInfo/m:edition'), [v]),
        (got(d, 'm:location/m:url'), []),
    ]
    for g, w in checks:
        if g != w:
            problems.append(f'{g!r}, want {w!r}')
print('\n'.join(problems))
sys.exit(1 if problems else 0)
PY

# ---- CITATION.cff ----
run cite --style cff
expect_status "cff" 0
if cmp -s "$WORK/out" "$SRC/CITATION.cff"; then pass; else
  fail "the committed CITATION.cff is what 'psst cite --style cff' prints for the shipped data (write it again)" \
    "$(diff "$SRC/CITATION.cff" "$WORK/out" | head -n 12)"
fi
pycheck "cff: valid under the CFF 1.2.0 schema, with the dataset's values" "$V" "$WORK/cff-schema.json" <<'PY'
import json, sys
import jsonschema, yaml
out, v, schema = sys.argv[1:4]
doc = yaml.safe_load(open(out, encoding='utf-8'))
schema = json.load(open(schema, encoding='utf-8'))
v7 = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
problems = [f'schema: {e.message} at {list(e.path)}' for e in v7.iter_errors(doc)]
want = {'cff-version': '1.2.0', 'type': 'dataset', 'version': v, 'date-released': v,
        'license': 'CC-BY-4.0', 'authors': [{'name': 'The psst maintainers'}],
        'title': "psst, the Party Study Session Tracker: the record of the CCP Politburo's collective study sessions"}
for k, w in want.items():
    if doc.get(k) != w:
        problems.append(f'{k}: {doc.get(k)!r}, want {w!r}')
pc = doc.get('preferred-citation', {})
for k, w in {'type': 'data', 'publisher': {'name': 'The psst project'}, 'version': v,
             'year': int(v[:4]), 'month': int(v[5:7])}.items():
    if pc.get(k) != w:
        problems.append(f'preferred-citation.{k}: {pc.get(k)!r}, want {w!r}')
if 'url' in doc or 'url' in pc:
    problems.append('the dataset has no address: no url')
print('\n'.join(problems))
sys.exit(1 if problems else 0)
PY
# the schema check can fail: a CITATION.cff with an unknown licence is refused
sed 's/^license: .*/license: "CC-BY-9.9"/' "$SRC/CITATION.cff" >"$WORK/out"
pycheck "the schema refuses what is not CFF" "$V" "$WORK/cff-schema.json" <<'PY'
import json, sys
import jsonschema, yaml
doc = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))
errors = list(jsonschema.Draft7Validator(json.load(open(sys.argv[3]))).iter_errors(doc))
sys.exit(0 if errors else 1)
PY
run cite 19-18 --style cff
expect_status "cff with an ID is a usage error" 2
expect_err "and says why" "cites the dataset alone"

# ---- the dataset's description and version come from the data folder ----
D=$(datadir nochangelog "$SRC/data/sessions.jsonl")
cp "$SRC/data/dataset.json" "$D/"
run_in "$D" cite
expect_out "no CHANGELOG.md: no version" "The psst maintainers. $TITLE [data set]. The psst project. Licence: $CC_BY."
run_in "$D" cite --style cff
expect_no_out "no CHANGELOG.md: CITATION.cff without a version" 'version: "'
run_in "$D" cite --style bibtex
expect_no_out "no CHANGELOG.md: BibTeX without a version" "version"
# the newest dated entry wins wherever it is written; other headings are not versions
printf '# Changelog\n\n## 2024-05-01: older\n\n## 2025-02-30: not a date\n\n## 2025-01-31: newer, below\n\n## Unreleased\n\n### 2030-01-01 not an entry\n' >"$D/CHANGELOG.md"
run_in "$D" cite --style ris
expect_out "the newest dated entry is the version" "ET  - 2025-01-31"
expect_out "and its date the date" "DA  - 2025/01/31"

D=$(datadir nodescription "$SRC/data/sessions.jsonl")
cp "$SRC/data/CHANGELOG.md" "$D/"
run_in "$D" cite
expect_out "no dataset.json: the title and the version alone" "$TITLE [data set], version of $V. $Y."
expect_no_out "and no author or publisher" "psst project"
run_in "$D" cite --style cff
expect_status "no dataset.json: no CITATION.cff (it needs authors)" 1
expect_err "and says so" "dataset.json"

D=$(datadir withurl "$SRC/data/sessions.jsonl")
cp "$SRC/data/CHANGELOG.md" "$D/"
sed 's#"url": ""#"url": "https://psst.example.org/data"#' "$SRC/data/dataset.json" >"$D/dataset.json"
run_in "$D" cite
expect_out "an address: in the text" "The psst project, $Y <https://psst.example.org/data>."
run_in "$D" cite --style bibtex
expect_out "in BibTeX" "url = {https://psst.example.org/data}"
run_in "$D" cite --style csl-json
expect_out "in CSL-JSON" '"URL": "https://psst.example.org/data"'
run_in "$D" cite --style ris
expect_out "in RIS" "UR  - https://psst.example.org/data"
run_in "$D" cite --style cff
expect_out "in CITATION.cff" 'url: "https://psst.example.org/data"'
pycheck "and the CFF with it is valid" "$V" "$WORK/cff-schema.json" <<'PY'
import json, sys
import jsonschema, yaml
doc = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))
v7 = jsonschema.Draft7Validator(json.load(open(sys.argv[3])), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
errors = [e.message for e in v7.iter_errors(doc)]
print(errors)
sys.exit(1 if errors else 0)
PY

# a description that is not valid: the file, the line and the field
D=$(datadir baddesc "$SRC/data/sessions.jsonl")
sed 's/"licence_name"/"license_name"/' "$SRC/data/dataset.json" >"$D/dataset.json"
run_in "$D" cite
expect_status "an unknown key exits 1" 1
expect_err "naming file, line and key" "$D/dataset.json:7: license_name: unknown key"
sed 's#"licence_url": "https://#"licence_url": "ftp://#' "$SRC/data/dataset.json" >"$D/dataset.json"
run_in "$D" cite 19-18
expect_status "a licence address that is not http(s) exits 1" 1
expect_err "naming its line" "$D/dataset.json:8: licence_url: must be an http:// or https:// address"
grep -v '"publisher"' "$SRC/data/dataset.json" >"$D/dataset.json"
run_in "$D" cite --style bibtex
expect_err "a missing publisher" "$D/dataset.json:1: publisher: missing"
printf '{"title": "t", "authors": [{"name": "A", "given": "B"}]}\n' >"$D/dataset.json"
run_in "$D" cite
expect_err "an author is an entity's name alone" "authors: each author must be {\"name\": \"...\"}"
printf '{"title": "t",\n "authors": [\n' >"$D/dataset.json"
run_in "$D" cite
expect_err "invalid JSON" "$D/dataset.json:3: invalid JSON"

# ---- which source a session is cited by ----
D=$(datadir sources "$SRC/data/sessions.jsonl")
cp "$SRC/data/dataset.json" "$SRC/data/CHANGELOG.md" "$D/"
"$PY" - "$D/sessions.jsonl" <<'PY'
import json, sys
path = sys.argv[1]
out = []
for line in open(path, encoding='utf-8'):
    r = json.loads(line)
    if (r['term'], r['number']) == (19, 18):
        # a secondary text that claims the date, and a copy that confirms nothing, before the
        # broadcast text the record rests on
        r['sources'][:0] = [
            {'url': 'https://blog.example.org/19-18', 'publisher': 'Example Blog', 'kind': 'secondary',
             'published': '2019-10-24', 'supports': ['date', 'title_zh']},
            {'url': 'https://copy.example.org/19-18', 'publisher': 'Example Copy', 'kind': 'copy',
             'published': '2019-10-26'}]
    if (r['term'], r['number']) == (19, 19):
        # a readout after a broadcast text: the readout is cited
        r['sources'].append({'url': 'https://readout.example.org/19-19', 'publisher': 'Example Readout',
                             'kind': 'readout', 'published': r['date'], 'supports': ['date', 'title_zh']})
    out.append(json.dumps(r, ensure_ascii=False))
open(path, 'w', encoding='utf-8').write('\n'.join(out) + '\n')
PY
run_in "$D" cite 19-18
expect_out "an official text that supports the date and title, before a secondary one and a copy" \
  "CCTV (Broadcast text), 25 October 2019 <https://tv.cctv.com/"
run_in "$D" cite 19-19 --style ris
expect_out "the readout before the broadcast text" "PB  - Example Readout"

# ---- errors ----
run cite 19-99
expect_status "a missing session exits 1" 1
expect_err "and says so" "19-99"
run cite 19-18 --style apa
expect_status "an unknown style exits 2" 2
expect_err "naming the styles" "not text, bibtex, csl-json, ris or cff"
run cite nope
expect_status "a bad id exits 2" 2
run cite 19-18 19-19
expect_status "two ids exit 2" 2
run cite --help
expect_out "the help names the styles" "cff: the dataset alone"
finish
