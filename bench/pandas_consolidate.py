"""The pandas + openpyxl baseline of the plain consolidation (DESIGN.md section 6).

    python bench/pandas_consolidate.py FOLDER OUT.xlsx

Reads every sheet of every .xlsx under FOLDER (walked recursively, sorted) with
pandas.read_excel(sheet_name=None, header=None, engine="openpyxl"), adds a district column
(the name of the folder holding the file) and a year column (the first 4-digit year in the
file name), concatenates everything and writes it to one sheet with
DataFrame.to_excel(engine="openpyxl"). No detection, no normalisation: the least a pandas
user would write to put the registers in one sheet.
"""

import re
import sys
from pathlib import Path

import pandas as pd

YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: pandas_consolidate.py FOLDER OUT.xlsx", file=sys.stderr)
        return 2
    folder, out = Path(sys.argv[1]), Path(sys.argv[2])
    frames = []
    files = sorted(path for path in folder.rglob("*.xlsx") if not path.name.startswith("~$"))
    for path in files:
        match = YEAR.search(path.stem)
        year = int(match.group(1)) if match else None
        district = path.parent.name
        sheets = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
        for frame in sheets.values():
            frame.insert(0, "year", year)
            frame.insert(0, "district", district)
            frames.append(frame)
    if not frames:
        print(f"pandas_consolidate: no .xlsx under {folder}", file=sys.stderr)
        return 1
    table = pd.concat(frames, ignore_index=True)
    table.to_excel(out, index=False, engine="openpyxl")
    print(f"{len(files)} files, {len(frames)} sheets, {len(table)} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
