#!/usr/bin/env python3
"""psst scan measured on real archives against the curated record.

Usage: bench/eval_scan.py [--psst build/psst] [--data data] [--details] ARCHIVE...

Each ARCHIVE (a folder of news transcripts: Markdown bulletins, JSON day files, saved
pages) is scanned with `psst scan --format json`. Against data/sessions.jsonl it reports:

- recall: of the record's sessions dated within the archive's span (the span psst scan
  prints: its first publication date to the day before its last, since a session held
  on the last day is broadcast the next), the share that at least one readout found in
  the archive was matched with;
- false positives: readouts found that are not study sessions of the record and do not
  fit its numbering as a session it lacks (a later number of the sitting term, or a gap);
- per field, the share of readings equal to the record where the record has a value:
  date, title_zh (quotes and spaces aside), format, lecturers (the set of Chinese
  names; records that give no Chinese names are left out), and the term read.

The archives' texts are read in place and never copied. Disagreements are listed with
--details: they may be the reader's fault or the record's.
"""
import argparse
import json
import os
import re
import subprocess
import sys
from collections import defaultdict


def load_record(path):
    rec = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                r = json.loads(line)
                rec[(r["term"], r["number"])] = r
    return rec


def title_key(s):
    return re.sub(r"[“”《》\"\s「」]", "", s or "")


def scan(psst, data, archive, db):
    p = subprocess.run([psst, "--data", data, "--db", db, "scan", archive, "--format", "json"],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1, 4, 5) or not p.stdout.strip():
        sys.exit("psst scan failed (%d): %s" % (p.returncode, p.stderr[-2000:]))
    note = re.search(r"span ([0-9-]+) to ([0-9-]+)", p.stderr)
    skipped = [l for l in p.stderr.splitlines() if l.endswith("; skipped")]
    return json.loads(p.stdout or "[]"), (note.group(1), note.group(2)) if note else None, skipped


CN = "一二三四五六七八九"


def cn_number(n):
    """1..99 in Chinese numerals, as the readouts write the session's number."""
    tens, ones = divmod(n, 10)
    return ((CN[tens - 1] if tens > 1 else "") + "十" if tens else "") + (CN[ones - 1] if ones else "")


def held(archive):
    """(publication date, number) of every readout lead the archive's files hold, found by
    a plain search for the formula: the sessions whose text the archive holds at all."""
    formula = re.compile(r"(?:进行|举行)了?第([一二三四五六七八九十]+)次集体学习")
    numbers = {cn_number(n): n for n in range(1, 100)}
    out = set()
    for root, dirs, files in os.walk(archive):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            m = re.search(r"(?<![0-9A-Za-z])(\d{4})-?(\d{2})-?(\d{2})(?![0-9A-Za-z])", name)
            try:
                text = open(os.path.join(root, name), encoding="utf-8", errors="replace").read()
            except OSError:
                continue
            for f in formula.finditer(text):
                n = numbers.get(f.group(1))
                if n:
                    # a saved page without a date in its name counts for any date
                    out.add(("%s-%s-%s" % m.groups() if m else "", n))
    return out


def is_held(h, date, number):
    import datetime
    d = datetime.date.fromisoformat(date)
    days = {(d + datetime.timedelta(days=k)).isoformat() for k in range(0, 3)} | {""}
    return any((x, number) in h for x in days)


def fits_numbering(rec, term, number):
    """A session the record lacks: a gap in the term's numbering or after its latest."""
    nums = sorted(n for (t, n) in rec if t == term)
    return bool(nums) and (number > nums[-1] or number not in nums)


def evaluate(rows, span, rec, h):
    found = [r for r in rows if r["outcome"] != "absent"]
    matched = defaultdict(list)
    new, fp = [], []
    for r in found:
        m = re.match(r"^(\d+)-(\d+)$", r["session"] or "")
        if not m:
            fp.append(r)
            continue
        key = (int(m.group(1)), int(m.group(2)))
        if key in rec:
            matched[key].append(r)
        elif fits_numbering(rec, *key):
            new.append(r)
        else:
            fp.append(r)
    in_span = [k for k, s in rec.items()
               if span and s.get("date") and span[0] <= s["date"] < span[1]]
    in_span = [k for k in in_span if is_held(h, rec[k]["date"], k[1])]
    recalled = [k for k in in_span if k in matched]
    fields = defaultdict(lambda: [0, 0])
    disagreements = []
    for key, rs in matched.items():
        s = rec[key]
        for r in rs:
            checks = {
                "term": (True, str(key[0]) == r["session"].split("-")[0]),
                "date": (bool(s.get("date")), r["date"] == s.get("date")),
                "title_zh": (bool(s.get("title_zh")),
                             title_key(r["title_zh"]) == title_key(s.get("title_zh"))),
                "format": (bool(s.get("format")), r["format"] == s.get("format")),
            }
            names = [l["name_zh"] for l in s.get("lecturers", []) if l.get("name_zh")]
            if s.get("format") == "lecture" and names and len(names) == len(s["lecturers"]):
                read = sorted((r["lecturers"] or "").split("、")) if r["lecturers"] else []
                checks["lecturers"] = (True, read == sorted(names))
            for field, (compared, equal) in checks.items():
                if not compared:
                    continue
                fields[field][1] += 1
                fields[field][0] += equal
                if not equal:
                    want = s.get(field) if field != "lecturers" else "、".join(names)
                    if field == "term":
                        want = key[0]
                    got = r[field] if field in r else r["session"]
                    disagreements.append((key, field, want, got, r["file"], r["line"] or r["item"]))
    return {
        "in_span": in_span, "recalled": recalled, "new": new, "fp": fp, "fields": fields,
        "disagreements": disagreements, "readouts": len(found),
        "missed": sorted(set(in_span) - set(recalled)),
        "not_held": sorted(k for k, s in rec.items() if span and s.get("date") and
                           span[0] <= s["date"] < span[1] and k not in in_span),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--psst", default="build/psst")
    ap.add_argument("--data", default="data")
    ap.add_argument("--details", action="store_true")
    ap.add_argument("archives", nargs="+")
    a = ap.parse_args()
    rec = load_record(os.path.join(a.data, "sessions.jsonl"))
    db = os.path.join(os.environ.get("TMPDIR", "/tmp"), "psst-eval-%d.db" % os.getpid())
    total_fields = defaultdict(lambda: [0, 0])
    all_missed, all_dis = set(), set()
    print("| archive | span | readouts | record's sessions whose text it holds | found | recall "
          "| new | false positives |")
    print("|---|---|---|---|---|---|---|---|")
    results = []
    for arch in a.archives:
        rows, span, skipped = scan(a.psst, a.data, arch, db)
        e = evaluate(rows, span, rec, held(arch))
        results.append((arch, e, skipped))
        n = len(e["in_span"])
        print("| %s | %s to %s | %d | %d | %d | %s | %d | %d |" % (
            os.path.basename(arch.rstrip("/")) or arch, span[0] if span else "?",
            span[1] if span else "?", e["readouts"], n, len(e["recalled"]),
            "%.1f%%" % (100.0 * len(e["recalled"]) / n) if n else "n/a",
            len({r["session"] for r in e["new"]}), len(e["fp"])))
        for f, (eq, n) in e["fields"].items():
            total_fields[f][0] += eq
            total_fields[f][1] += n
        all_missed |= {"%d-%d" % k for k in e["missed"]}
        all_dis |= {("%d-%d" % d[0],) + d[1:4] for d in e["disagreements"]}
    print("\n| field | equal to the record | compared | share |")
    print("|---|---|---|---|")
    eq_all = n_all = 0
    for f in ("term", "date", "title_zh", "format", "lecturers"):
        eq, n = total_fields[f]
        eq_all += eq
        n_all += n
        print("| %s | %d | %d | %s |" % (f, eq, n, "%.1f%%" % (100.0 * eq / n) if n else "n/a"))
    print("| all | %d | %d | %s |" % (eq_all, n_all, "%.1f%%" % (100.0 * eq_all / n_all)
                                        if n_all else "n/a"))
    for arch, e, skipped in results:
        if e["new"]:
            print("\nnew in %s: %s" % (arch, ", ".join(sorted(
                {"%s (%s)" % (r["session"], r["date"]) for r in e["new"]}))))
        if e["fp"]:
            print("\nfalse positives in %s:" % arch)
            for r in e["fp"]:
                print("  %s:%s %s %s" % (r["file"], r["line"] or r["item"], r["session"], r["words"]))
        if e["missed"]:
            print("\nnot found in %s: %s" % (arch, ", ".join("%d-%d (%s)" % (k + (rec[k]["date"],))
                                                            for k in e["missed"])))
        if e["not_held"] and a.details:
            print("\nthe record's sessions in the span of %s whose readout text it lacks: %s" % (
                arch, ", ".join("%d-%d" % k for k in e["not_held"])))
        if skipped and a.details:
            print("\nskipped in %s:\n  %s" % (arch, "\n  ".join(skipped)))
    if all_dis:
        print("\ndisagreements with the record (session, field, record, reading):")
        for d in sorted(all_dis, key=str):
            print("  %s %s: record %r, read %r" % d)
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(db + suffix)
        except OSError:
            pass


if __name__ == "__main__":
    main()
