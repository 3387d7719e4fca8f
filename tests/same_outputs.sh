#!/usr/bin/env bash
# Shows that a change kept riskreg's outputs: builds REV (default: the first parent of
# HEAD) in a temporary worktree, runs it and the work tree's build on fixtures/, and
# compares every output byte for byte — the consolidated and comparison workbooks, the
# import outputs (.parquet, .csv, .json, .xlsx), inspect (text and --json), the converted
# workbooks and the theme catalogue. inspect --json is compared after turning the
# structured error and warning objects back into their messages, so that a change which
# only adds those fields passes.
#
#   bash tests/same_outputs.sh [REV]
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-HEAD~1}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/base" "$rev" >/dev/null
cargo build --locked --quiet
CARGO_TARGET_DIR="$work/target" cargo build --quiet --manifest-path "$work/base/Cargo.toml"

outputs() { # BIN OUT
    local bin=$1 out=$2
    mkdir -p "$out/conv"
    "$bin" consolidate fixtures/registers -o "$out/riskreg.xlsx" 2>"$out/consolidate.err" || true
    for ext in parquet csv json xlsx; do "$bin" import fixtures/registers -o "$out/alla.$ext" 2>/dev/null || true; done
    "$bin" inspect --json fixtures/registers fixtures/broken >"$out/inspect.json" 2>/dev/null || true
    "$bin" inspect fixtures/registers fixtures/broken >"$out/inspect.txt" 2>/dev/null || true
    "$bin" compare fixtures/registers -o "$out/teman.csv" 2>/dev/null || true
    "$bin" compare fixtures/registers -o "$out/jamforelse.xlsx" 2>/dev/null || true
    "$bin" convert fixtures/registers --out-dir "$out/conv" 2>/dev/null || true
    "$bin" themes >"$out/themes.txt"
    python3 - "$out/inspect.json" <<'PY'
import json, sys
def plain(value):
    if isinstance(value, dict):
        if set(value) == {"kind", "file", "sheet", "row", "column", "message"}:
            return value["message"]
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
path = sys.argv[1]
with open(path) as file:
    data = json.load(file)
data["problems"] = [
    f'{item["file"]}: {item["message"]}' if isinstance(item, dict) else item for item in data.get("problems", [])
]
with open(path, "w") as file:
    json.dump(plain(data), file, indent=1, ensure_ascii=False, sort_keys=True)
PY
}
outputs "$work/target/debug/riskreg" "$work/before"
outputs "$PWD/target/debug/riskreg" "$work/after"
status=0
for file in $(cd "$work/before" && find . -type f | sort); do
    if cmp -s "$work/before/$file" "$work/after/$file"; then
        echo "same       $file"
    else
        echo "DIFFERENT  $file"
        status=1
    fi
done
exit $status
