"""Writes bench/RESULTS.md from what bench/run.sh measured (standard library only).

    python3 bench/report.py bench/data bench/RESULTS.md

Reads DATA/<comparison>.round-<N>.json (hyperfine, one file per round), DATA/mem/NAME.time (GNU time -v), DATA/mem/NAME.err (each
command's stderr in its memory run), DATA/versions.txt and DATA/<corpus>.check.json (what bench/corpus reported
about the phrases corpora it generated).
"""

import datetime
import json
import os
import re
import statistics
import sys
from pathlib import Path

# DESIGN.md section 6. Each target is a ratio measured side by side in one run.
LIMIT_CITY = 1.0  # consolidate city / plain floor, on both versions of city
LIMIT_PANDAS = 20.0  # pandas + openpyxl / consolidate city, at least
LIMIT_BIG = 1.0  # consolidate big / plain floor
LIMIT_BIG_PEAK = 0.6  # peak of consolidate big / peak of the plain floor
LIMIT_READ = 1.1  # import big / floor read
LIMIT_READ_PEAK = 1.2  # peak of import big / peak of floor read
LIMIT_CSV = 1.5  # import CSV / floor csv
# "Linear in rows": the cost of each further 100 000 rows between 100 000 and 500 000 rows
# at most this many times the cost of each 100 000 rows between 10 000 and 100 000 (the
# marginal costs, so that start-up and fixed memory do not count).
LIMIT_LINEAR = 1.25
# "Both cores busy on many files": the cores consolidate city keeps busy (CPU time / wall
# time), relative to those of the one-threaded plain floor measured beside it (so that a
# loaded machine, where even one thread gets less than a core, does not count against it),
# at least this share of min(CPUs, 2).
LIMIT_BUSY = 0.75

# What DESIGN.md says the project's 2-core machine measured, to compare this machine with.
DESIGN_FLOOR_CITY_S = 0.3
DESIGN_FLOOR_BIG_S = 11.0
DESIGN_FLOOR_BIG_PEAK_MIB = 1.2 * 1024
DESIGN_TUNED_CITY = 0.42
DESIGN_TUNED_BIG = 0.53
DESIGN_PANDAS_CITY = 17.5


def load(data: Path):
    timings = {}
    for name in ("city", "city-phrases", "big-consolidate", "big-read", "big-csv", "scale", "scale-years"):
        # One file per round (run.sh runs the commands in turn, a run each per round).
        times, cpu = {}, {}
        for path in sorted(data.glob(f"{name}.round-*.json")):
            for result in json.loads(path.read_text())["results"]:
                times.setdefault(result["command"], []).extend(result["times"])
                cpu.setdefault(result["command"], []).append(result.get("user", 0.0) + result.get("system", 0.0))
        for command, runs in times.items():
            runs.sort()
            timings[command] = {
                "median": statistics.median(runs),
                "min": runs[0],
                "max": runs[-1],
                "mean": statistics.fmean(runs),
                "cpu": statistics.fmean(cpu[command]),
                "runs": len(runs),
            }
    peaks, statuses, summaries = {}, {}, {}
    for path in sorted((data / "mem").glob("*.time")):
        name = path.stem
        text = path.read_text()
        if found := re.search(r"Maximum resident set size \(kbytes\): (\d+)", text):
            peaks[name] = int(found.group(1)) / 1024
        if found := re.search(r"Exit status: (\d+)", text):
            statuses[name] = int(found.group(1))
        err = path.with_suffix(".err")
        if err.exists():
            lines = [line for line in err.read_text(errors="replace").splitlines() if line.strip()]
            summaries[name] = lines[-3:]
    # The 500 000-row point of the scale corpus is the big workbook.
    for scale, big in (("scale-import-500000", "read-riskreg-import"), ("scale-consolidate-500000", "big-riskreg")):
        if big in peaks:
            peaks.setdefault(scale, peaks[big])
    versions = (data / "versions.txt").read_text().splitlines() if (data / "versions.txt").exists() else []
    checks = {}
    for corpus in ("city-phrases", "scale-years"):
        path = data / f"{corpus}.check.json"
        if path.exists():
            try:
                checks[corpus] = json.loads(path.read_text())
            except ValueError:
                pass
    return timings, peaks, statuses, summaries, versions, checks


def machine():
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return cpus, model, memory


def ratio(a, b):
    return a / b if a is not None and b not in (None, 0) else None


def fmt(value, digits=2, suffix=""):
    return "n/a" if value is None else f"{value:.{digits}f}{suffix}"


def verdict(value, limit, at_most=True):
    if value is None:
        return "n/a"
    return "PASS" if (value <= limit if at_most else value >= limit) else "MISS"


def main() -> int:
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    timings, peaks, statuses, summaries, versions, checks = load(data)
    cpus, model, memory = machine()

    def median(name):
        return timings[name]["median"] if name in timings else None

    def peak(name):
        return peaks.get(name)

    lines = []
    add = lines.append
    add("# Benchmark results")
    add("")
    add(f"Written by `bash bench/run.sh` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}. "
        "Times are wall-clock seconds from hyperfine; every ratio is of medians measured side by side "
        "in this one run. Peak memory is GNU time's maximum resident set size, one run per command. "
        "CPU s is user + system time (mean), CPU / wall the cores kept busy; on a loaded machine "
        "CPU time is the steadier measure of work done. See bench/README.md for what each command does.")
    add("")
    add("## Machine and versions")
    add("")
    add(f"- CPUs (nproc): {cpus}")
    add(f"- CPU: {model}")
    add(f"- memory: {memory}")
    for line in versions:
        add(f"- {line}")
    add("")

    # --- targets ---------------------------------------------------------------------
    busy_need = LIMIT_BUSY * min(cpus or 1, 2)

    def cores(name):
        t = timings.get(name)
        return t["cpu"] / t["mean"] if t and t["mean"] > 0 else None

    city_busy = ratio(cores("city-riskreg"), cores("city-floor-plain"))

    def slopes(prefix, values):
        v10, v100, v500 = (values(f"{prefix}-{rows}") for rows in (10000, 100000, 500000))
        if None in (v10, v100, v500):
            return None, None, None
        low = (v100 - v10) / 0.9
        high = (v500 - v100) / 4
        return low, high, (high / low if low > 0 else None)

    targets = [
        ("`consolidate` city / plain floor (time)", ratio(median("city-riskreg"), median("city-floor-plain")), LIMIT_CITY, True),
        ("`consolidate` city-phrases / plain floor (time)", ratio(median("city-phrases-riskreg"), median("city-phrases-floor-plain")), LIMIT_CITY, True),
        ("pandas + openpyxl / `consolidate` city (time)", ratio(median("city-pandas"), median("city-riskreg")), LIMIT_PANDAS, False),
        ("`consolidate` big / plain floor (time)", ratio(median("big-riskreg"), median("big-floor-plain")), LIMIT_BIG, True),
        ("`consolidate` big / plain floor (peak memory)", ratio(peak("big-riskreg"), peak("big-floor-plain")), LIMIT_BIG_PEAK, True),
        ("`import -o x.parquet` big / floor `read` (time)", ratio(median("read-riskreg-import"), median("read-floor")), LIMIT_READ, True),
        ("`import -o x.parquet` big / floor `read` (peak memory)", ratio(peak("read-riskreg-import"), peak("read-floor")), LIMIT_READ_PEAK, True),
        ("`import -o x.parquet` CSV / floor `csv` (time)", ratio(median("csv-riskreg-import"), median("csv-floor")), LIMIT_CSV, True),
    ]
    for command in ("import", "consolidate"):
        targets.append((f"`{command}` linear in rows: time (marginal cost 100k→500k / 10k→100k)",
                        slopes(f"scale-{command}", median)[2], LIMIT_LINEAR, True))
        targets.append((f"`{command}` linear in rows: peak memory (marginal 100k→500k / 10k→100k)",
                        slopes(f"scale-{command}", peak)[2], LIMIT_LINEAR, True))
    targets.append(("`compare` linear in rows of one district over 12 years (scale-years): time (marginal 100k→500k / 10k→100k)",
                    slopes("years-compare", median)[2], LIMIT_LINEAR, True))
    targets.append(("`compare` linear in rows of one district over 12 years (scale-years): peak memory (marginal 100k→500k / 10k→100k)",
                    slopes("years-compare", peak)[2], LIMIT_LINEAR, True))
    if cpus and cpus >= 2:
        targets.append(("both cores busy on many files: `consolidate` city cores busy / plain floor's (CPU time / wall time)",
                        city_busy, busy_need, False))

    add("## Targets of DESIGN.md section 6")
    add("")
    add("| target | measured | limit | result |")
    add("|---|---:|---:|:---:|")
    for label, value, limit, at_most in targets:
        add(f"| {label} | {fmt(value)}× | {'≤' if at_most else '≥'} {limit:g}× | {verdict(value, limit, at_most)} |")
    passed = sum(verdict(v, l, m) == "PASS" for _, v, l, m in targets)
    add("")
    add(f"{passed} of {len(targets)} targets met. The linearity limit ({LIMIT_LINEAR}×) and the busy-cores "
        f"limit ({LIMIT_BUSY} × min(CPUs, 2) = {busy_need:g}× the one-threaded floor's) are this harness's "
        "reading of DESIGN.md, which gives no number for them.")
    add("")

    # --- per corpus --------------------------------------------------------------------
    def table(title, note, rows, floor):
        add(f"## {title}")
        add("")
        if note:
            add(note)
            add("")
        add("| command | median s | min s | max s | runs | × floor | peak MiB | peak × floor | CPU s | CPU × floor | CPU / wall |")
        add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for name, label in rows:
            if name not in timings:
                add(f"| {label} | not measured | | | | | {fmt(peak(name), 1)} | | | | |")
                continue
            t = timings[name]
            add(f"| {label} | {t['median']:.3f} | {t['min']:.3f} | {t['max']:.3f} | {t['runs']} "
                f"| {fmt(ratio(t['median'], median(floor)))} | {fmt(peak(name), 1)} "
                f"| {fmt(ratio(peak(name), peak(floor)))} | {t['cpu']:.3f} "
                f"| {fmt(ratio(t['cpu'], timings[floor]['cpu'] if floor in timings else None))} "
                f"| {fmt(cores(name))} |")
        add("")

    table("City: 156 workbooks (13 districts × 12 years), consolidated",
          "The floor is the plain floor. pandas reads every sheet with openpyxl, concatenates and writes one sheet "
          "(bench/pandas_consolidate.py).",
          [("city-floor-plain", "floor `plain`"), ("city-floor-tuned", "floor `tuned`"),
           ("city-riskreg", "`riskreg consolidate`"), ("city-pandas", "pandas + openpyxl")],
          "city-floor-plain")
    if median("city-pandas") and median("city-riskreg"):
        add(f"pandas + openpyxl / `riskreg consolidate`: {median('city-pandas') / median('city-riskreg'):.1f}×.")
        add("")
    table("City-phrases: the same 156 workbooks, events composed from a shared vocabulary, consolidated",
          "Same districts, years, layout and sizes as city, but every event composed from one shared Swedish vocabulary "
          "and edited from year to year (kept, reworded, dropped, added), so that events are distinct and the matching of "
          "the same event across years has real work to do (see Corpora below). The floor is the plain floor.",
          [("city-phrases-floor-plain", "floor `plain`"), ("city-phrases-riskreg", "`riskreg consolidate`")],
          "city-phrases-floor-plain")
    table("Big: one 500 000-row workbook, consolidated", None,
          [("big-floor-plain", "floor `plain`"), ("big-floor-tuned", "floor `tuned`"),
           ("big-riskreg", "`riskreg consolidate`")],
          "big-floor-plain")
    table("Big: the 500 000-row workbook, read / imported", None,
          [("read-floor", "floor `read`"), ("read-riskreg-import", "`riskreg import -o x.parquet`")],
          "read-floor")
    table("Big: the same 500 000 rows as a Windows-1252 `;` CSV, read / imported", None,
          [("csv-floor", "floor `csv` (encoding_rs + csv, streaming)"), ("csv-riskreg-import", "`riskreg import -o x.parquet`")],
          "csv-floor")

    # --- linearity ---------------------------------------------------------------------
    add("## Scale: linearity in rows")
    add("")
    add("The 10 000- and 100 000-row workbooks of the scale corpus and, for 500 000, the big workbook "
        "(the same generator). Peak memory at 500 000 rows is from the big comparisons.")
    add("")
    add("| rows | `import` median s | s per 100 000 rows | peak MiB | `consolidate` median s | s per 100 000 rows | peak MiB |")
    add("|---:|---:|---:|---:|---:|---:|---:|")
    for rows in (10000, 100000, 500000):
        imp, con = f"scale-import-{rows}", f"scale-consolidate-{rows}"
        add(f"| {rows:,} | {fmt(median(imp), 3)} | {fmt(ratio(median(imp), rows / 100000), 3)} | {fmt(peak(imp), 1)} "
            f"| {fmt(median(con), 3)} | {fmt(ratio(median(con), rows / 100000), 3)} | {fmt(peak(con), 1)} |")
    add("")
    add("| marginal cost per 100 000 rows | 10k → 100k | 100k → 500k | ratio |")
    add("|---|---:|---:|---:|")
    for command in ("import", "consolidate"):
        low, high, r = slopes(f"scale-{command}", median)
        add(f"| `{command}` seconds | {fmt(low, 3)} | {fmt(high, 3)} | {fmt(r)}× |")
        low, high, r = slopes(f"scale-{command}", peak)
        add(f"| `{command}` peak MiB | {fmt(low, 1)} | {fmt(high, 1)} | {fmt(r)}× |")
    add("")

    add("## Scale-years: rows of one district over 12 years, compared")
    add("")
    add("`riskreg compare DIR -o out.xlsx` on the scale-years corpus: 12 workbooks (2011–2022) of one district, "
        "N/12 risks a year, events composed and edited as in city-phrases, most naming a unit. The same-event "
        "relation grows in proportion to the rows (see Corpora below), so the matching can be linear.")
    add("")
    add("| rows | `compare` median s | s per 100 000 rows | peak MiB |")
    add("|---:|---:|---:|---:|")
    for rows in (10000, 100000, 500000):
        name = f"years-compare-{rows}"
        add(f"| {rows:,} | {fmt(median(name), 3)} | {fmt(ratio(median(name), rows / 100000), 3)} | {fmt(peak(name), 1)} |")
    add("")
    add("| marginal cost per 100 000 rows | 10k → 100k | 100k → 500k | ratio |")
    add("|---|---:|---:|---:|")
    low, high, r = slopes("years-compare", median)
    add(f"| `compare` seconds | {fmt(low, 3)} | {fmt(high, 3)} | {fmt(r)}× |")
    low, high, r = slopes("years-compare", peak)
    add(f"| `compare` peak MiB | {fmt(low, 1)} | {fmt(high, 1)} | {fmt(r)}× |")
    add("")

    # --- corpora -------------------------------------------------------------------------
    corpora(add, checks)

    # --- calibration -------------------------------------------------------------------
    add("## This machine against DESIGN.md's")
    add("")
    add("The floor's own numbers, to judge how this machine compares with the project's 2-core machine "
        "(absolute times differ from machine to machine; the targets are ratios).")
    add("")
    add("| quantity | here | DESIGN.md |")
    add("|---|---:|---:|")
    add(f"| plain floor, city (s) | {fmt(median('city-floor-plain'), 3)} | {DESIGN_FLOOR_CITY_S} |")
    add(f"| plain floor, big (s) | {fmt(median('big-floor-plain'), 2)} | {DESIGN_FLOOR_BIG_S} |")
    add(f"| plain floor, big peak (MiB) | {fmt(peak('big-floor-plain'), 0)} | {DESIGN_FLOOR_BIG_PEAK_MIB:.0f} |")
    add(f"| tuned / plain floor, city | {fmt(ratio(median('city-floor-tuned'), median('city-floor-plain')))}× | {DESIGN_TUNED_CITY}× |")
    add(f"| tuned / plain floor, big | {fmt(ratio(median('big-floor-tuned'), median('big-floor-plain')))}× | {DESIGN_TUNED_BIG}× |")
    add(f"| pandas / plain floor, city | {fmt(ratio(median('city-pandas'), median('city-floor-plain')), 1)}× | {DESIGN_PANDAS_CITY}× |")
    add("")

    # --- what riskreg said ---------------------------------------------------------------
    add("## What riskreg reported")
    add("")
    add("Exit status and the last lines of stderr of each riskreg command in its memory run "
        "(1 means output written but something needs attention).")
    add("")
    for name in sorted(summaries):
        if "riskreg" not in name and not name.startswith(("scale-", "years-")):
            continue
        text = " / ".join(summaries[name]) or "(nothing)"
        add(f"- {name}: exit {statuses.get(name, '?')}: {text}")
    add("")
    add("Raw data: bench/data/*.round-*.json (hyperfine, a file per round), bench/data/mem/ (GNU time -v and stderr), bench/data/versions.txt.")
    out.write_text("\n".join(lines) + "\n")
    return 0


def corpora(add, checks):
    """What bench/corpus reported about the phrases corpora: how distinct their events are, how they were
    edited, and the same-event relation riskreg has to find (its År mot år counts should match)."""
    if not checks:
        return
    add("## Corpora: the phrases versions")
    add("")
    add("As bench/corpus reported when it generated them (DATA/<corpus>.check.json). \"By the rule\" is DESIGN.md "
        "section 5's relation, computed exactly by the generator: event keys of one district_current with Sørensen–Dice "
        "≥ 0.75 over key words, and its transitive closure; riskreg's `event_id`s and År mot år should reproduce it.")
    add("")
    cp = checks.get("city-phrases")
    if isinstance(cp, dict):
        pairs = cp.get("year_to_year_pairs", 0)
        add(f"**city-phrases**: {cp.get('rows', 0):,} VoR rows, {cp.get('distinct_event_texts', 0):,} distinct event texts "
            f"({cp.get('distinct_event_texts_share', 0):.1%} of rows; no register repeats an event: "
            f"{cp.get('registers_with_a_repeated_event', '?')} of {cp.get('registers', '?')} do). Year to year, "
            f"{cp.get('word_for_word_equal', 0):,} of {pairs:,} pairs ({cp.get('word_for_word_equal_share', 0):.1%}) are word for word equal; "
            f"reworded: {cp.get('reworded_same_key', 0)} to the same key, {cp.get('reworded_dice_at_least_threshold', 0)} still the same event "
            f"(Dice ≥ 0.75), {cp.get('reworded_dice_below_threshold', 0)} a new event; {cp.get('dropped', 0)} dropped, "
            f"{cp.get('added_new', 0)} added, {cp.get('added_returning', 0)} back after a gap.")
        add("")
        add("| district_current | distinct keys | pairs with Dice ≥ 0.75 | events by the rule | År mot år by the rule: ny / borttagen / åter | pairs of keys sharing a key word | most common key word (share of keys) |")
        add("|---|---:|---:|---:|---:|---:|---|")
        for current in cp.get("district_currents", []):
            changes = current.get("year_over_year_by_the_rule", {})
            common = current.get("most_common_words") or [["", 0, 0]]
            add(f"| {current.get('district_current')} | {current.get('distinct_keys')} | {current.get('pairs_dice_at_least_threshold')} "
                f"| {current.get('events_by_the_rule')} | {changes.get('ny')} / {changes.get('borttagen')} / {changes.get('åter')} "
                f"| {current.get('pairs_sharing_a_key_word_share', 0):.1%} | {common[0][0]} ({common[0][2]:.0%}) |")
        city = cp.get("city_wide", {})
        add("")
        add(f"City-wide (the same rule across districts): {city.get('distinct_keys')} distinct keys, "
            f"{city.get('events_by_the_rule')} events, {city.get('events_in_two_or_more_district_currents')} of them in two or more districts.")
        add("")
    sy = checks.get("scale-years")
    if isinstance(sy, list) and sy:
        add("**scale-years** (one district, 12 years):")
        add("")
        add("| rows | distinct event texts | distinct keys | pairs with Dice ≥ 0.75 | events by the rule | largest event (keys) | År mot år by the rule: ny / borttagen / åter | words in > 200 keys | year-to-year pairs word for word equal |")
        add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for corpus in sy:
            rel = corpus.get("relation", {})
            changes = rel.get("year_over_year_by_the_rule", {})
            add(f"| {corpus.get('rows', 0):,} | {corpus.get('distinct_event_texts', 0):,} | {rel.get('distinct_keys', 0):,} "
                f"| {rel.get('pairs_dice_at_least_threshold', 0):,} | {rel.get('events_by_the_rule', 0):,} | {rel.get('largest_event_keys')} "
                f"| {changes.get('ny')} / {changes.get('borttagen')} / {changes.get('åter')} | {rel.get('words_in_more_than_200_keys')} "
                f"| {corpus.get('word_for_word_equal_share', 0):.1%} |")
        add("")


if __name__ == "__main__":
    sys.exit(main())
