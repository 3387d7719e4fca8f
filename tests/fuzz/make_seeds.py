#!/usr/bin/env python3
"""Writes seed corpora for the fuzz targets from the repository's fixtures and templates.

    python3 tests/fuzz/make_seeds.py [OUT]      # run from the repository root; OUT defaults
                                                # to /tmp/riskreg-fuzz/corpus

Creates OUT/<target>/ for csv_sniff_decode, values, header_rows and context. Workbook
fixtures (.xlsx, .xls, .ods) are read with openpyxl, xlrd and odfpy when installed
(fixtures/requirements.txt) and skipped otherwise. Nothing here is checked in: the
corpora are generated.
"""

import csv
import datetime
import hashlib
import io
import pathlib
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/riskreg-fuzz/corpus")
FIXTURES = ROOT / "fixtures"
TEMPLATES = ROOT / "templates"


def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = OUT / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def decode(raw):
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def csv_rows(path):
    text = decode(path.read_bytes())
    first = text.splitlines()[:50]
    delimiter = max(";,\t", key=lambda d: sum(line.count(d) for line in first))
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def cell_text(value):
    """A workbook value as the header_rows target's typed cell text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def workbook_sheets(path):
    """(rows, merged regions as 0-based (first_row, last_row, first_col, last_col)) per sheet."""
    sheets = []
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            import openpyxl
            book = openpyxl.load_workbook(path, data_only=True)
            for ws in book.worksheets:
                rows = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
                merged = [(r.min_row - 1, r.max_row - 1, r.min_col - 1, r.max_col - 1) for r in ws.merged_cells.ranges]
                sheets.append((rows, merged))
        elif suffix == ".xls":
            import xlrd
            book = xlrd.open_workbook(path, formatting_info=True)
            for sh in book.sheets():
                rows = [[cell_text(sh.cell_value(r, c)) for c in range(sh.ncols)] for r in range(sh.nrows)]
                merged = [(r0, r1 - 1, c0, c1 - 1) for r0, r1, c0, c1 in sh.merged_cells]
                sheets.append((rows, merged))
        elif suffix == ".ods":
            from odf.opendocument import load
            from odf.table import Table, TableRow, TableCell
            from odf import teletype
            doc = load(str(path))
            for table in doc.spreadsheet.getElementsByType(Table):
                rows = []
                for tr in table.getElementsByType(TableRow):
                    cells = []
                    for tc in tr.getElementsByType(TableCell):
                        repeat = min(int(tc.getAttribute("numbercolumnsrepeated") or 1), 32)
                        cells.extend([teletype.extractText(tc)] * repeat)
                    rows.append(cells)
                sheets.append((rows, []))
    except Exception as err:  # a broken fixture is expected: skip it
        print(f"skipped {path.name}: {err}", file=sys.stderr)
    return sheets


def header_rows_input(rows, merged=(), typed=False, tab=False, limit=80):
    delimiter = "\t" if tab else ";"
    regions = [m for m in merged if max(m) < 256][:7]
    flags = (1 if tab else 0) | (2 if typed else 0) | (len(regions) << 4)
    head = bytes([flags])
    for first_row, last_row, first_col, last_col in regions:
        head += bytes([first_row, min(last_row - first_row, 255), first_col % 16, (last_col - first_col) % 4])
    lines = []
    for row in rows[:limit]:
        while row and row[-1] == "":
            row = row[:-1]
        lines.append(delimiter.join(c.replace("\r", " ").replace("\n", " ").replace(delimiter, ",") for c in row))
    return head + "\n".join(lines).encode("utf-8")


def main():
    # csv_sniff_decode: every CSV fixture as is, and the same text in other encodings.
    csv_files = sorted(FIXTURES.rglob("*.csv"))
    for path in csv_files:
        raw = path.read_bytes()
        put("csv_sniff_decode", raw)
        text = decode(raw)[:3000]
        put("csv_sniff_decode", b"\xff\xfe" + text.encode("utf-16-le"))
        put("csv_sniff_decode", text.encode("utf-16-le"))
        put("csv_sniff_decode", text.encode("utf-16-be"))
        put("csv_sniff_decode", text.encode("cp1252", errors="replace"))
        put("csv_sniff_decode", text.replace(";", "\t").encode("utf-8"))
        put("csv_sniff_decode", text.replace("\n", "\r").encode("utf-8"))
    put("csv_sniff_decode", b'Nr,"Fel; stort\nrad tv\xc3\xa5",RV\r\n\r\n\r\n1,"a""b",12\n')
    put("csv_sniff_decode", "Åtgärd för lönehantering: åäö".encode("utf-8") + b"\xff;x\n")

    # header_rows: the first rows of every sheet, with its merged regions.
    all_rows = []
    for path in csv_files:
        rows = csv_rows(path)
        all_rows.append(rows)
        put("header_rows", header_rows_input(rows))
        put("header_rows", header_rows_input(rows, typed=True, tab=True))
    for pattern in ("*.xlsx", "*.xls", "*.ods"):
        for path in sorted(FIXTURES.rglob(pattern)):
            for rows, merged in workbook_sheets(path):
                all_rows.append(rows)
                put("header_rows", header_rows_input(rows, merged, typed=True))
                put("header_rows", header_rows_input(rows, merged, typed=False, tab=True))
    # The unit test's sheet in rows.rs: every kind of row, a process merged over rows 9–10.
    header = ["KF:s mål för verksamhetsområdet", "Process", "Arbetsätt", "Nr", "Oönskad händelse", "Sannolikhet", "Konsekvens", "RV", "IKP"]
    sheet = [["Väsentlighetsanalys 2020"], [], ["", "Sannolikhet", "Konsekvens"], header,
             ["1.1 Mål A", "P1", "M1", "1", "E1", "3. Möjlig", "2. Lindrig", "6", "Nej, endast VoR"],
             ["", "", "", "2", "E2", "4", "Allvarlig", "", "★"], ["", "P2", "", "3", "E3", "2", "2", "5", "Nej"], header,
             ["", "P3", "M3", "4", "E4", "1", "1", "1", "Nej"], ["1.2 Mål B", "", "", "4", "", "9", "1", "", "Nej"],
             ["7 Kritisk 81 Medium 3 Låg Totalt: 91"], [""] * 9 + ["Kommentar"], ["Process: Lönehantering"],
             ["", "", "", "6", "E6", "1", "1", "1", ""]]
    put("header_rows", header_rows_input(sheet, [(8, 9, 1, 1)], typed=True))
    put("header_rows", header_rows_input(sheet))

    # values: every word of values.toml, numbers, dates and goal headings.
    values = tomllib.loads((TEMPLATES / "values.toml").read_text(encoding="utf-8"))
    words = []
    for scale in ("probability", "consequence"):
        for step in values[scale]:
            words += [step["label"], f'{step["value"]}. {step["label"]}', str(step["value"])] + step.get("aliases", [])
    words += values["in_ikp"]["yes"] + values["in_ikp"]["no"]
    for spellings in values["status"].values():
        words += spellings
    words += ["Försenad/\navvikelse", "Försenad\n/avvikelse", " ja ", "12", "12,0", "12.0", "4,0", "-3", "1e3", "43465",
              "2018-03-28", "2018-03-28 00:00:00", "2018-03-28T12:30:00.5", "15/11/2016", "15.11.2016",
              "31 december 2018", "15 nov. 2016", "1 maj 2020", "2018-02-30", "hösten 2018",
              "1.2. Stockholm är en trygg stad", "3.5 Hög beredskap", "Mål 3.1. Stockholms ekonomi", "2018 års mål"]
    for word in words:
        put("values", word)

    # context: district names and aliases, titles, folder and file names.
    districts = tomllib.loads((TEMPLATES / "districts.toml").read_text(encoding="utf-8"))["district"]
    for district in districts:
        for name in [district["name"]] + district.get("aliases", []):
            put("context", name)
            put("context", f"{name}s stadsdelsnämnd – Väsentlighets- och riskanalys 2024")
    for path in FIXTURES.rglob("*"):
        put("context", path.name)
        put("context", path.parent.name)
    for rows in all_rows:
        for row in rows[:3]:
            line = " ".join(c for c in row if c.strip())
            if line:
                put("context", line)
    for text in ["Internkontroll 2013, uppföljning 2014", "VoR_2024.xlsx", "dnr 120345", "Totalt: 91", "Kistagången 12",
                 "Uppföljning av åtgärder - 2018 (Hägersten-Liljeholmens stadsdelsnämnd)", "enskede-arsta-vantor"]:
        put("context", text)

    for target in ("csv_sniff_decode", "values", "header_rows", "context"):
        print(target, len(list((OUT / target).iterdir())))


if __name__ == "__main__":
    main()
