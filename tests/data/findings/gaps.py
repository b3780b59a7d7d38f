"""A made-up record with known gaps, for the verdicts of psst findings (t0700-findings.sh).

    python3 gaps.py OUT.jsonl [--filled]

Every session is a placeholder ("Fixture session 16-3", no sources): only the counts, dates,
codes and gaps matter. The plan, 2002 to 2022 (terms and their dates as in data/terms.json):

- a session a year of 2002, nine a year 2003-2005, and in 2006 nine dated sessions, then
  16-38 with neither date nor subject: its window (16-37 on 2006-12-10, 16-39 on
  2007-01-25) spans 2006 and 2007; the 16th term stops at 16-40 while terms.json states
  44, so 16-41 to 16-44 are sessions the record lacks, held in 2007 after 16-40;
- ten sessions in 2015 and no other year above nine;
- general S&T under Xi twice by 2016 (18-9, a field session at Zhongguancun in 2013, and
  18-22 in 2015);
- big data 2017, AI 2018, blockchain 2019, quantum 2020, the digital economy only in 2022;
- Hu: internet and military technology; Xi to 2021: six technologies.

With --filled the gaps of the 16th term are filled: 16-38 coded (internet technology,
culture; its date still unknown) and 16-41 to 16-44 dated in 2007 and coded.
"""
import json
import sys

# (term, leader, [(year, count or [MM-DD, ...]) or "undated"])
PLAN = [
    (16, "Hu Jintao", [(2002, ["12-26"]), (2003, 9), (2004, 9), (2005, 9),
                       (2006, ["01-10", "02-10", "03-10", "05-10", "06-10", "07-10", "09-10",
                               "11-10", "12-10"]),
                       "undated", (2007, ["01-25", "03-20"])]),
    (17, "Hu Jintao", [(2007, ["11-27"]), (2008, 7), (2009, 7), (2010, 6), (2011, 6),
                       (2012, ["01-10", "03-10", "04-10", "06-10", "08-10", "10-10"])]),
    (18, "Xi Jinping", [(2012, ["11-17"]), (2013, 8), (2014, 8), (2015, 10), (2016, 9),
                        (2017, ["01-10", "02-10", "03-10", "05-10", "06-10", "08-10", "09-10"])]),
    (19, "Xi Jinping", [(2017, ["10-27", "12-08"]), (2018, 7), (2019, 7), (2020, 7), (2021, 7),
                        (2022, ["01-10", "03-10"])]),
]

# id: (topic, tech, extra fields)
CODES = {
    "16-5": ("sti", ["internet"], {}),
    "16-6": ("security", ["military-tech"], {}),
    "18-9": ("sti", ["general-sti"], {"format": "field", "title_zh": "测试场次：创新驱动",
                                      "notes": "Fixture: a field session at Zhongguancun."}),
    "18-22": ("sti", ["general-sti"], {}),
    "18-33": ("sti", ["cyberspace"], {}),
    "19-2": ("sti", ["big-data", "informatization"], {}),
    "19-3": ("sti", ["ai"], {}),
    "19-10": ("sti", ["blockchain"], {}),
    "19-17": ("sti", ["quantum"], {}),
    "19-31": ("econ", ["digital-economy"], {}),
}


def dates(year, spec):
    if isinstance(spec, list):
        return ["%d-%s" % (year, d) for d in spec]
    return ["%d-%02d-10" % (year, 1 + i * 12 // spec) for i in range(spec)]


def record(term, number, leader, date):
    sid = "%d-%d" % (term, number)
    topic, tech, extra = CODES.get(sid, ("econ", [], {}))
    r = {"term": term, "number": number, "date": date, "leader": leader,
         "title_zh": "测试场次 %s" % sid, "title_en": "Fixture session %s" % sid,
         "format": "self-study", "lecturers": [], "speakers": [], "topic": topic, "topics": [],
         "tech": tech, "sources": [], "confidence": "low", "notes": "Fixture."}
    r.update(extra)
    return r


def main():
    out, filled = sys.argv[1], "--filled" in sys.argv[2:]
    rows = []
    for term, leader, years in PLAN:
        number = 0
        for entry in years:
            if entry == "undated":
                number += 1
                r = record(term, number, leader, None)
                r.update({"title_zh": "", "title_en": "", "topic": None, "tech": []})
                if filled:
                    r.update({"topic": "culture", "tech": ["internet"]})
                rows.append(r)
                continue
            for d in dates(*entry):
                number += 1
                rows.append(record(term, number, leader, d))
        if term == 16 and filled:
            for k, d in enumerate(["2007-05-10", "2007-06-10", "2007-07-10", "2007-08-10"]):
                rows.append(record(16, number + 1 + k, leader, d))
    with open(out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


main()
