#!/usr/bin/env python3
"""Runs the search table (queries.tsv) through the CLI or the JSON API and says, for each
query, what is wrong: a session it must return and does not, one it must not return and
does, or another exit status (HTTP 400 for the CLI's 2, an empty list for its 1).

Usage: check.py cli PSST DATA DB | check.py api BASE_URL | check.py web BASE_URL
Prints one line per failure and "N checked" last; exits 1 on any failure."""
import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

here = os.path.dirname(os.path.abspath(__file__))
rows = []
for line in open(os.path.join(here, "queries.tsv"), encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    q, must, mustnot, status = line.split("\t")
    rows.append((q, must.split(), mustnot.split(), int(status)))


def via_cli(q):
    psst, data, db = sys.argv[2:5]
    r = subprocess.run([psst, "--data", data, "--db", db, "search", "--format", "json",
                        "--limit", "1000", "--", q], capture_output=True, text=True)
    ids = [x["id"] for x in json.loads(r.stdout)] if r.returncode == 0 else []
    return r.returncode, ids, r.stderr


def via_api(q):
    url = sys.argv[2] + "/api/search?limit=1000&q=" + urllib.parse.quote(q)
    try:
        with urllib.request.urlopen(url) as resp:
            d = json.load(resp)
            ids = [x["id"] for x in d["rows"]]
            return (0 if ids else 1), ids, d.get("note") or ""
    except urllib.error.HTTPError as e:
        body = e.read().decode("utf-8", "replace")
        return (2 if e.code == 400 else 100 + e.code), [], body


def via_web(q):
    """The sessions page: the ids its result links name, in page order."""
    import re
    url = sys.argv[2] + "/sessions?q=" + urllib.parse.quote(q)
    try:
        with urllib.request.urlopen(url) as resp:
            html = resp.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        body = e.read().decode("utf-8", "replace")
        return (2 if e.code == 400 else 100 + e.code), [], body
    ids = []
    for m in re.finditer(r'href="/sessions/(\d+-\d+)', html):
        if m.group(1) not in ids:
            ids.append(m.group(1))
    return (0 if ids else 1), ids, html if not ids else ""


run = {"cli": via_cli, "api": via_api, "web": via_web}[sys.argv[1]]
bad = 0
for q, must, mustnot, status in rows:
    got, ids, msg = run(q)
    problems = []
    if got != status:
        problems.append("exit %d, want %d (%s)" % (got, status, msg.strip()[:120]))
    problems += ["lacks " + i for i in must if i not in ids]
    problems += ["has " + i for i in mustnot if i in ids]
    if status == 2 and "search:" not in msg and got == 2:
        problems.append("the message does not say what is wrong: " + msg.strip()[:120])
    if "SQL" in msg or "fts5" in msg:
        problems.append("an SQL error reaches the user: " + msg.strip()[:120])
    if q == "blokchain" and sys.argv[1] != "web" and "did you mean: blockchain" not in msg:
        problems.append("no suggestion: " + msg.strip()[:120])
    for p in problems:
        print("FAIL: %s: %s" % (q, p))
    bad += bool(problems)
print("%d checked, %d failed" % (len(rows), bad))
sys.exit(1 if bad else 0)
