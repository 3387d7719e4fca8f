//! Containment: every crafted hostile file of `fixtures/hostile/` (see its README) run
//! beside a clean register, the stray cells and the `.ods` repeat bombs under a memory
//! limit, the bombs of [`crate::crafted`] refused by their budgets, and inputs that are
//! never written.
//!
//! Every run is the real binary; a run that ends by a signal (an abort, a kill) or a panic
//! (101) fails here as well as one that gives a wrong row.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde_json::Value;

use crate::crafted::{self, LongLine};
use crate::util::*;

// ---------------------------------------------------------------------------------------
// The clean register and the register inside the hostile files
// ---------------------------------------------------------------------------------------

/// The clean register every hostile file is run beside (seed 002), as given on the command
/// line (so as it appears in `source_file`).
const CLEAN: &str = "fixtures/registers/enskede-arsta-vantor/2024/Väsentlighets- och riskanalys 2024.xlsx";
/// Its rows: 52 risks and 9 plan rows.
const CLEAN_VOR: usize = 52;
const CLEAN_IKP: usize = 9;

/// The register inside the hostile files: seed 003 (Hägersten-Liljeholmen 2020), risks 1–6
/// at sheet rows 4–9 — Nr, event, S, K, RV, level, in the plan.
const RISKS: [(i64, &str, i64, i64, i64, &str, bool); 6] = [
    (1, "Klagomål från enskild rörande bemötande", 3, 2, 6, "Medium", false),
    (2, "Försörjningsstödtagare får inte insatser som leder till egen försörjning.", 3, 3, 9, "Medium", true),
    (3, "Att beställd åtgärd inte genomförs.", 2, 3, 6, "Medium", false),
    (4, "Undermålig parkskötsel och renhållning", 3, 1, 3, "Låg", false),
    (5, "Att beställd åtgärd inte genomförs", 2, 3, 6, "Medium", false),
    (6, "Att besiktning inte genomförs", 1, 4, 4, "Medium", false),
];
/// The title row of the register (what a garbage shared-string index reads as).
const TITLE: &str = "Väsentlighets- och riskanalys 2020 – Hägersten-Liljeholmens stadsdelsnämnd";

/// One risk as compared: Nr, event, S, K, RV, level, in the plan.
type Risk = (i64, String, i64, i64, i64, String, bool);

/// Risks 1–`n` of [`RISKS`].
fn risks(n: usize) -> Vec<Risk> {
    RISKS[..n]
        .iter()
        .map(|&(nr, event, s, k, rv, level, ikp)| (nr, event.to_string(), s, k, rv, level.to_string(), ikp))
        .collect()
}

/// Checks that `rows` are `want`, at sheet rows 4… (the hostile files have a blank row under
/// the title), with the district and year of the title and no flags.
fn risks_are(rows: &[&Row], want: &[Risk]) -> Result<(), String> {
    risks_from(rows, want, 4)
}

/// [`risks_are`] with the first risk at sheet row `first`.
fn risks_from(rows: &[&Row], want: &[Risk], first: i64) -> Result<(), String> {
    let got: Vec<Risk> = rows
        .iter()
        .map(|row| {
            (
                number(row, "risk_no").unwrap_or(-1),
                text(row, "event"),
                number(row, "probability").unwrap_or(-1),
                number(row, "consequence").unwrap_or(-1),
                number(row, "risk_value").unwrap_or(-1),
                text(row, "level"),
                row.get("in_ikp") == Some(&Value::Bool(true)),
            )
        })
        .collect();
    if got != want {
        return Err(format!("risks\n  got  {got:?}\n  want {want:?}"));
    }
    let rows_at: Vec<i64> = rows.iter().map(|row| number(row, "source_row").unwrap_or(-1)).collect();
    let want_at: Vec<i64> = (first..first + want.len() as i64).collect();
    if rows_at != want_at {
        return Err(format!("source rows {rows_at:?}, want {want_at:?}"));
    }
    for row in rows {
        let (kind, district, year) = (text(row, "kind"), text(row, "district"), number(row, "year"));
        if (kind.as_str(), district.as_str(), year) != ("vor", "Hägersten-Liljeholmen", Some(2020)) {
            return Err(format!("kind, district, year: {kind}, {district}, {year:?}"));
        }
        if !text(row, "flags").is_empty() {
            return Err(format!("Nr {:?} flagged {}", number(row, "risk_no"), text(row, "flags")));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The expectation table
// ---------------------------------------------------------------------------------------

/// What the rows of a hostile file are.
enum Rows {
    /// None: the file is refused.
    Refused,
    /// Risks 1–n of the register, exactly (6: "reads exactly").
    Risks(usize),
    /// Checked by a function of their own.
    Check(fn(&[&Row]) -> Result<(), String>),
}

/// Where the reason is told.
enum Says {
    /// No line of stderr names the file.
    Nothing,
    /// Lines of stderr that start `riskreg: PATH: `; each phrase in one of them.
    Stderr(&'static [&'static str]),
    /// Warnings of `riskreg inspect --json PATH`; each phrase in one of them.
    Inspect(&'static [&'static str]),
}

/// One hostile file: how `riskreg import CLEAN FILE -o out.json` ends.
struct Case {
    file: &'static str,
    /// Arguments added to the run.
    extra: &'static [&'static str],
    /// The exit status.
    status: i32,
    rows: Rows,
    says: Says,
    /// Run under `ulimit -v` of this many KiB (the memory cases).
    memory: Option<u64>,
}

const fn case(file: &'static str, status: i32, rows: Rows, says: Says) -> Case {
    Case { file, extra: &[], status, rows, says, memory: None }
}

/// The virtual-memory limit of the stray-cell files: each runs in 150–175 MB (the debug
/// binary with two threads does not start in 100 MB), so 200 MB is the lowest round limit
/// that passes, and this is twice that. A dense grid of the sheet's extent needs 1 GiB (.xls) to
/// 0.5 TB (.xlsx, .xlsb).
const STRAY_KIB: u64 = 400_000;
/// The limit of the `.ods` repeat bombs: ods-wide-rows and ods-repeat-1e8-strings (at
/// `--max-inflated 64`) run in 250 MB, so 300 MB, twice. calamine took them to its 4 GB
/// limit and aborted.
const BOMB_KIB: u64 = 600_000;

/// "Damaged": the reason riskreg gives for a panic inside calamine's .xlsb reader.
const READER_DEFECT: &[&str] =
    &["reading stopped on a defect in the reader", "the file is probably damaged or crafted"];

fn damaged_risk_4(rows: &[&Row]) -> Result<(), String> {
    // BUG (reported, not fixed here): calamine reads the index `x7` as string 0, the title,
    // and riskreg keeps it as risk 4's event without a flag or a warning. The right result
    // (fixtures/hostile/README.md) is the file reported as damaged or the cell flagged —
    // see `a_garbage_shared_string_index_is_never_read_as_another_string`, ignored until then.
    // When that is fixed, this case fails: change it to the right result.
    let mut want = risks(6);
    want[3].1 = TITLE.to_string();
    risks_are(rows, &want)
}

fn utf8_then_cp1252(rows: &[&Row]) -> Result<(), String> {
    // Risks 1–6, then risks 7–10 of seed 003 from a Windows-1252 export (lines 10–13).
    if rows.len() != 10 {
        return Err(format!("{} rows, want 10", rows.len()));
    }
    risks_are(&rows[..6], &risks(6))?;
    let rest: Vec<(Option<i64>, String, Option<i64>)> =
        rows[6..].iter().map(|row| (number(row, "risk_no"), text(row, "event"), number(row, "risk_value"))).collect();
    let want = [
        (Some(7), "Skada på egendom eller invånare", Some(8)),
        (Some(8), "Att rutiner vid en kris inte fungerar", Some(8)),
        (Some(9), "Felaktig lägesbild", Some(6)),
        (Some(10), "Stadsdelsnämnden och polisen riktar sina resurser och insatser till fel område.", Some(3)),
    ];
    let want: Vec<_> = want.iter().map(|(nr, event, rv)| (*nr, event.to_string(), *rv)).collect();
    if rest != want {
        return Err(format!("risks 7–10 {rest:?}"));
    }
    let methods: Vec<String> = rows[6..].iter().map(|row| text(row, "method")).collect();
    if methods[1] != "Ta fram, underhålla och informera om förvaltningens krisledningsplan" {
        return Err(format!("method of Nr 8: {}", methods[1]));
    }
    if let Some(row) = rows.iter().find(|row| serde_json::to_string(row).unwrap_or_default().contains('\u{fffd}')) {
        return Err(format!("a U+FFFD in {row:?}"));
    }
    Ok(())
}

fn unclosed_quote(rows: &[&Row]) -> Result<(), String> {
    // The quote opened on line 6 is taken as text from there: risks 1–6 all read, risk 3's
    // event with its stray quote (and a warning, checked in the table).
    let mut want = risks(6);
    want[2].1 = format!("\"{}", RISKS[2].1);
    risks_are(rows, &want)
}

fn date_serials(rows: &[&Row]) -> Result<(), String> {
    // Measures 1–6 of seed 000; start of 2, end of 4 and end of 6 are out of Excel's range.
    let got: Vec<(String, String, String, String, Option<i64>)> = rows
        .iter()
        .map(|row| {
            (
                text(row, "kind"),
                text(row, "start_date"),
                text(row, "end_date"),
                text(row, "flags"),
                number(row, "source_row"),
            )
        })
        .collect();
    let want = [
        ("2016-01-01", "2016-11-15", ""),
        ("", "2018-12-31", "date_invalid"),
        ("2016-01-01", "2016-12-31", ""),
        ("2018-01-01", "", "date_invalid"),
        ("2016-01-01", "2016-12-31", ""),
        ("2018-01-01", "", "date_invalid"),
    ];
    let want: Vec<_> = want
        .iter()
        .zip(4..)
        .map(|((start, end, flags), row)| {
            ("uppfoljning".to_string(), start.to_string(), end.to_string(), flags.to_string(), Some(row))
        })
        .collect();
    if got != want {
        return Err(format!("\n  got  {got:?}\n  want {want:?}"));
    }
    Ok(())
}

/// Every file of `fixtures/hostile/` and what riskreg does with it today. Where this
/// differs from the README's "right result", the README says so.
fn cases() -> Vec<Case> {
    use Rows::*;
    use Says::*;
    vec![
        // 1 · shared-string counts: refused before any reservation
        case(
            "xlsx-sst-uniquecount-1e13.xlsx",
            1,
            Refused,
            Stderr(&["the xlsx file is damaged or truncated", "claims 10000000000000 strings in 2797 bytes"]),
        ),
        case(
            "xlsx-sst-uniquecount-1e18.xlsx",
            1,
            Refused,
            Stderr(&["the xlsx file is damaged or truncated", "claims 1000000000000000000 strings in 2802 bytes"]),
        ),
        case(
            "xlsx-sst-uniquecount-u64max.xlsx",
            1,
            Refused,
            Stderr(&["the xlsx file is damaged or truncated", "claims 18446744073709551615 strings in 2803 bytes"]),
        ),
        case(
            "xlsx-sst-uniquecount-4e8.xlsx",
            1,
            Refused,
            Stderr(&["the xlsx file is damaged or truncated", "claims 400000000 strings in 2792 bytes"]),
        ),
        // 2 · .xls records
        case("xls-dimensions-4g-rows.xls", 0, Risks(6), Nothing),
        case("xls-dimensions-reversed.xls", 0, Risks(6), Nothing),
        case(
            "xls-cell-col-65535.xls",
            1,
            Refused,
            Stderr(&[
                "the xls file is damaged or truncated",
                "cell at row 65 536, column 65 536 of sheet 'VoR 2020' is outside an .xls sheet",
            ]),
        ),
        case(
            "xls-mulrk-reversed.xls",
            1,
            Refused,
            Stderr(&[
                "the xls file is damaged or truncated",
                "(MulRk) at row 13 of sheet 'VoR 2020' ends at column 3 before it starts at column 6",
            ]),
        ),
        case(
            "xls-mergecells-count.xls",
            1,
            Refused,
            Stderr(&[
                "the xls file is damaged or truncated",
                "(MergeCells) in sheet 'VoR 2020' claims 100 regions but holds 1",
            ]),
        ),
        case(
            "xls-lbl-short.xls",
            1,
            Refused,
            Stderr(&[
                "the xls file is damaged or truncated",
                "a Lbl (defined name) record holds 2 bytes where it needs 14",
            ]),
        ),
        case(
            "xls-cfb-directory-loop.xls",
            1,
            Refused,
            Stderr(&["the xls file is damaged or truncated", "compound-file structure is damaged"]),
        ),
        case(
            "xls-cfb-stream-loop.xls",
            1,
            Refused,
            Stderr(&["the xls file is damaged or truncated", "compound-file structure is damaged"]),
        ),
        // 3 · .xlsb
        case("xlsb-isst-past-sst.xlsb", 1, Refused, Stderr(READER_DEFECT)),
        case("xlsb-relid-missing.xlsb", 1, Refused, Stderr(READER_DEFECT)),
        case("xlsb-dimension-empty.xlsb", 1, Refused, Stderr(READER_DEFECT)),
        case("xlsb-bundlesh-rellen.xlsb", 1, Refused, Stderr(READER_DEFECT)),
        case("xlsb-name-ref3d-oob.xlsb", 1, Refused, Stderr(READER_DEFECT)),
        // known partial read: the rows before the damaged record
        case(
            "xlsb-record-256mib.xlsb",
            1,
            Risks(5),
            Stderr(&[
                "sheet 'Väsentlighets- och riskanalys': the xlsb file is damaged or truncated",
                "failed to fill whole buffer",
            ]),
        ),
        case("xlsb-cell-col-4294967295.xlsb", 0, Risks(6), Nothing),
        // 4 · stray cells: memory follows the cells present
        Case { memory: Some(STRAY_KIB), ..case("xlsb-stray-space-xfd1048576.xlsb", 0, Risks(6), Nothing) },
        Case {
            memory: Some(STRAY_KIB),
            ..case(
                "xls-stray-space-iv65536.xls",
                0,
                Risks(6),
                Stderr(&["cells holding only spaces, far from the table, were ignored (1)"]),
            )
        },
        Case { memory: Some(STRAY_KIB), ..case("ods-stray-space-amj1048576.ods", 0, Risks(6), Nothing) },
        Case { memory: Some(STRAY_KIB), ..case("xlsx-stray-space-xfd1048576.xlsx", 0, Risks(6), Nothing) },
        // 5 · .ods repeat bombs. The empty cells of ods-repeat-1e8-cells hold nothing to
        // count: the file is read, and has no register.
        Case {
            memory: Some(BOMB_KIB),
            ..case("ods-repeat-1e8-cells.ods", 1, Refused, Stderr(&["no register header found in any sheet"]))
        },
        // At the default 512 MiB budget this one takes 17 s (and 700 MB) in the debug build:
        // the budget is lowered here.
        Case {
            memory: Some(BOMB_KIB),
            extra: &["--max-inflated", "64"],
            ..case(
                "ods-repeat-1e8-strings.ods",
                1,
                Refused,
                Stderr(&[
                    "sheet 'Blad1': its content inflates to 69730304 bytes, over the budget of 67108864 bytes; refused",
                    "(raise it with --max-inflated MIB)",
                ]),
            )
        },
        Case {
            memory: Some(BOMB_KIB),
            ..case(
                "ods-repeat-billions.ods",
                1,
                Refused,
                Stderr(&[
                    "sheet 'Blad1': more than 50000000 cells with content",
                    "(raise the budget with --max-cells)",
                ]),
            )
        },
        Case {
            memory: Some(BOMB_KIB),
            ..case(
                "ods-wide-rows.ods",
                1,
                Refused,
                Stderr(&[
                    "sheet 'Blad1': more than 50000000 cells with content",
                    "(raise the budget with --max-cells)",
                ]),
            )
        },
        // 6 · HTML and SpreadsheetML named as workbooks
        case(
            "html-named.xls",
            1,
            Refused,
            Stderr(&["not a spreadsheet: the content is an HTML page (a table saved as a web page)"]),
        ),
        case(
            "html-named.xlsx",
            1,
            Refused,
            Stderr(&["not a spreadsheet: the content is an HTML page (a table saved as a web page)"]),
        ),
        case(
            "spreadsheetml-2003-named.xls",
            1,
            Refused,
            Stderr(&["not a spreadsheet: the content is Excel 2003 XML (SpreadsheetML)"]),
        ),
        case(
            "spreadsheetml-2003-named.xlsx",
            1,
            Refused,
            Stderr(&["not a spreadsheet: the content is Excel 2003 XML (SpreadsheetML)"]),
        ),
        // 7 · CSV
        case(
            "csv-utf8-then-cp1252.csv",
            0,
            Check(utf8_then_cp1252),
            Stderr(&["lines 10–13 are Windows-1252, the rest UTF-8: each line was read in its own encoding"]),
        ),
        // import says nothing of the quote on stderr (and ends with 1): the warning is in
        // inspect and in Källor
        case(
            "csv-unclosed-quote.csv",
            1,
            Check(unclosed_quote),
            Inspect(&[
                "the quote opened on line 6 is never closed: the lines from there were read with quotes taken as text",
            ]),
        ),
        // 8 · values
        case("xlsx-date-serials-out-of-range.xlsx", 0, Check(date_serials), Nothing),
        // known partial read: risks 1–3, then the damaged cell
        case(
            "xlsx-sst-index-past-table.xlsx",
            1,
            Risks(3),
            Stderr(&[
                "sheet 'Väsentlighets- och riskanalys': the xlsx file is damaged or truncated",
                "Cell string index not found in shared strings table",
            ]),
        ),
        case("xlsx-sst-index-garbage.xlsx", 0, Check(damaged_risk_4), Nothing),
        case("xlsx-dimension-reversed.xlsx", 0, Risks(6), Nothing),
        // known partial read: risks 1–5, then the cell at row 1 215 752 190
        case(
            "xlsx-cell-ref-overflow.xlsx",
            1,
            Risks(5),
            Stderr(&["sheet 'Väsentlighets- och riskanalys': more than 10000000 rows; reading stopped there"]),
        ),
    ]
}

// ---------------------------------------------------------------------------------------
// Running a case
// ---------------------------------------------------------------------------------------

/// How long one run of a hostile file may take before it is killed (and fails as killed):
/// a hang is a failure, not a test that never ends.
const TIMEOUT: Duration = Duration::from_secs(120);

/// Runs `riskreg ARGS` in the repository root, under `ulimit -v KIB` when asked (with two
/// threads for rayon and polars, so that the address space does not grow with the
/// machine's cores: 64 threads need ~3 GB before reading anything).
fn run_limited(args: &[&str], memory: Option<u64>) -> Run {
    let mut command = match memory {
        None => assert_cmd::Command::cargo_bin("riskreg").expect("binary"),
        Some(kib) => {
            let mut sh = assert_cmd::Command::new("sh");
            sh.env("RAYON_NUM_THREADS", "2")
                .env("POLARS_MAX_THREADS", "2")
                .arg("-c")
                .arg(format!("ulimit -v {kib}; exec \"$0\" \"$@\""))
                .arg(env!("CARGO_BIN_EXE_riskreg"));
            sh
        }
    };
    let output =
        command.current_dir(env!("CARGO_MANIFEST_DIR")).args(args).timeout(TIMEOUT).output().expect("run riskreg");
    let limit = memory.map(|kib| format!("(ulimit -v {kib}) ")).unwrap_or_default();
    Run { command: format!("{limit}riskreg {}", args.join(" ")), output }
}

/// How a run ended, if it did not exit with 0 or 1.
fn abnormal(run: &Run) -> Option<String> {
    use std::os::unix::process::ExitStatusExt;
    if let Some(signal) = run.output.status.signal() {
        return Some(format!("killed by signal {signal}"));
    }
    match run.status() {
        0 | 1 => None,
        101 => Some("a panic (101)".into()),
        status => Some(format!("exit status {status}")),
    }
}

/// The lines of stderr that start `riskreg: PATH: `.
fn lines_naming<'s>(stderr: &'s str, path: &str) -> Vec<&'s str> {
    let start = format!("riskreg: {path}: ");
    stderr.lines().filter(|line| line.starts_with(&start)).collect()
}

/// Whether every phrase is in one of `lines`; else what is missing.
fn told(lines: &[String], phrases: &[&str]) -> Result<(), String> {
    let missing: Vec<&&str> =
        phrases.iter().filter(|phrase| !lines.iter().any(|line| line.contains(**phrase))).collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("not told: {missing:?} in {lines:#?}"))
    }
}

/// The warnings `inspect --json` gives for `path`, file and sheets.
fn inspect_warnings(path: &str) -> Vec<String> {
    let run = riskreg(&["inspect", "--json", path]);
    let json: Value = serde_json::from_str(&run.stdout()).unwrap_or_else(|err| panic!("{err}: {}", run.stdout()));
    let mut warnings = Vec::new();
    for file in json["files"].as_array().into_iter().flatten() {
        let sheets = file["sheets"].as_array().into_iter().flatten();
        for list in std::iter::once(&file["warnings"]).chain(sheets.map(|sheet| &sheet["warnings"])) {
            for warning in list.as_array().into_iter().flatten() {
                warnings.push(format!("{}: {}", warning["kind"].as_str().unwrap_or(""), text_of(&warning["message"])));
            }
        }
    }
    warnings
}

fn text_of(value: &Value) -> String {
    value.as_str().map_or_else(|| value.to_string(), str::to_string)
}

/// Runs one case beside the clean register; what is wrong with it, if anything.
fn check(case: &Case) -> Result<(), String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out.json");
    let path = format!("fixtures/hostile/{}", case.file);
    let mut args = vec!["import", CLEAN, &path, "-o", arg(&out)];
    args.extend(case.extra.iter().copied());
    let run = run_limited(&args, case.memory);
    let context = |problem: String| format!("{problem}\n--- {}\n{}", run.command, run.stderr());
    if let Some(how) = abnormal(&run) {
        return Err(context(format!("the run did not end normally: {how}")));
    }
    if run.status() != case.status {
        return Err(context(format!("exit status {}, want {}", run.status(), case.status)));
    }
    let text = std::fs::read_to_string(&out).map_err(|err| context(format!("no output: {err}")))?;
    let rows: Vec<Value> = serde_json::from_str(&text).map_err(|err| context(format!("output: {err}")))?;
    let rows: Vec<Row> = rows.into_iter().filter_map(|row| row.as_object().cloned()).collect();

    let clean: Vec<&Row> = rows.iter().filter(|row| text_of(&row["source_file"]) == CLEAN).collect();
    let counts = (vor_rows(&clean), clean.len());
    if counts != (CLEAN_VOR, CLEAN_VOR + CLEAN_IKP) {
        return Err(context(format!("the clean register gave (risks, rows) {counts:?}")));
    }
    let hostile: Vec<&Row> = rows.iter().filter(|row| text_of(&row["source_file"]) == path).collect();
    if hostile.len() + clean.len() != rows.len() {
        return Err(context(format!("{} rows from elsewhere", rows.len() - hostile.len() - clean.len())));
    }
    let rows_ok = match &case.rows {
        Rows::Refused if hostile.is_empty() => Ok(()),
        Rows::Refused => Err(format!("refused, yet {} rows", hostile.len())),
        Rows::Risks(n) if hostile.len() != *n => Err(format!("{} rows, want {n}", hostile.len())),
        Rows::Risks(n) => risks_are(&hostile, &risks(*n)),
        Rows::Check(check) => check(&hostile),
    };
    rows_ok.map_err(&context)?;

    let naming: Vec<String> = lines_naming(&run.stderr(), &path).into_iter().map(str::to_string).collect();
    match case.says {
        Says::Nothing if naming.is_empty() => Ok(()),
        Says::Nothing => Err(format!("unexpected messages {naming:#?}")),
        Says::Stderr(phrases) => told(&naming, phrases),
        Says::Inspect(phrases) => told(&inspect_warnings(&path), phrases),
    }
    .map_err(&context)?;
    // The last line counts the clean register's rows with the hostile file's.
    let last = run.stderr().lines().last().unwrap_or_default().to_string();
    if !last.contains(&format!("{} risker, {CLEAN_IKP} planrader", CLEAN_VOR + vor_rows(&hostile))) {
        return Err(context(format!("last line: {last}")));
    }
    Ok(())
}

fn vor_rows(rows: &[&Row]) -> usize {
    rows.iter().filter(|row| text(row, "kind") == "vor").count()
}

fn check_all(cases: impl Iterator<Item = Case>) {
    let failures: Vec<String> =
        cases.filter_map(|case| check(&case).err().map(|problem| format!("{}: {problem}", case.file))).collect();
    assert!(failures.is_empty(), "{} hostile file(s) not as expected:\n\n{}", failures.len(), failures.join("\n\n"));
}

// ---------------------------------------------------------------------------------------
// The hostile files
// ---------------------------------------------------------------------------------------

#[test]
fn the_table_covers_every_hostile_file() {
    let mut listed: Vec<&str> = cases().iter().map(|case| case.file).collect();
    listed.sort_unstable();
    let mut present: Vec<String> = std::fs::read_dir(fixtures().join("hostile"))
        .expect("fixtures/hostile")
        .map(|entry| entry.expect("entry").file_name().into_string().expect("UTF-8 name"))
        .filter(|name| name != "README.md")
        .collect();
    present.sort_unstable();
    assert_eq!(listed, present);
    assert_eq!(present.len(), 38);
    // and the README lists them all
    let readme = std::fs::read_to_string(fixtures().join("hostile/README.md")).expect("README");
    for name in &present {
        assert!(readme.contains(&format!("| `{name}` |")), "{name} is not in fixtures/hostile/README.md");
    }
}

#[test]
fn hostile_files_beside_a_clean_register() {
    check_all(cases().into_iter().filter(|case| case.memory.is_none()));
}

#[test]
fn stray_cells_and_repeat_bombs_under_a_memory_limit() {
    let cases: Vec<Case> = cases().into_iter().filter(|case| case.memory.is_some()).collect();
    assert_eq!(cases.len(), 8);
    check_all(cases.into_iter());
}

#[test]
fn out_of_range_date_serials_are_listed_whole_in_datakvalitet() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("riskreg.xlsx");
    let path = "fixtures/hostile/xlsx-date-serials-out-of-range.xlsx";
    riskreg(&["consolidate", path, "-o", arg(&out)]).expect_status(0);
    let quality = sheet(&out, "Datakvalitet");
    let column = headings(&quality, 0);
    let listed: Vec<[String; 3]> = (1..quality.height())
        .filter(|row| (0..quality.width()).any(|at| cell(&quality, *row, at) == "date_invalid"))
        .map(|row| ["Rad", "Kolumn", "Värde"].map(|heading| cell(&quality, row, column[heading])))
        .collect();
    // sheet row, column, and the value as it stood in the cell
    let want = [["5", "Startdatum", "-1"], ["7", "Slutdatum", "2958466"], ["9", "Slutdatum", "99999999"]];
    assert_eq!(listed, want.map(|row| row.map(str::to_string)));
}

#[test]
#[ignore = "bug: calamine reads the shared-string index `x7` as string 0 and riskreg keeps it (see the report)"]
fn a_garbage_shared_string_index_is_never_read_as_another_string() {
    let (rows, _) = import(&[&fixtures().join("hostile/xlsx-sst-index-garbage.xlsx")], &[]);
    let events: Vec<String> = rows.iter().map(|row| text(row, "event")).collect();
    assert!(!events.contains(&TITLE.to_string()), "a cell read as the title: {events:#?}");
}

// ---------------------------------------------------------------------------------------
// The bombs of crafted.rs
// ---------------------------------------------------------------------------------------

/// `riskreg import CLEAN FILE -o out.json EXTRA`: the run, which must have ended with 0 or 1
/// and read the clean register whole, and the rows of `file`.
fn beside_clean(file: &Path, extra: &[&str]) -> (Run, Vec<Row>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out.json");
    let mut args = vec!["import", CLEAN, arg(file), "-o", arg(&out)];
    args.extend(extra);
    let run = riskreg(&args);
    assert_eq!(abnormal(&run), None, "{}\n{}", run.command, run.stderr());
    let text = std::fs::read_to_string(&out).unwrap_or_else(|_| panic!("no output\n{}", run.stderr()));
    let rows: Vec<Value> = serde_json::from_str(&text).expect("JSON");
    let rows: Vec<Row> = rows.into_iter().filter_map(|row| row.as_object().cloned()).collect();
    let clean = rows.iter().filter(|row| text_of(&row["source_file"]) == CLEAN).count();
    assert_eq!(clean, CLEAN_VOR + CLEAN_IKP, "the clean register is read whole\n{}", run.stderr());
    let own = rows.into_iter().filter(|row| text_of(&row["source_file"]) == arg(file)).collect();
    (run, own)
}

/// The bytes every entry of the zip at `path` inflates to, as the central directory says.
fn inflated_size(path: &Path) -> u64 {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    (0..archive.len()).map(|i| archive.by_index_raw(i).expect("entry").size()).sum()
}

fn refused_by_the_inflation_budget(path: &Path, mib: u64) {
    let limit = mib.to_string();
    let (run, rows) = beside_clean(path, &["--max-inflated", &limit]);
    let stderr = run.expect_status(1).stderr();
    assert!(rows.is_empty(), "{rows:?}");
    let reason = format!(
        "riskreg: {}: its content inflates to {} bytes, over the budget of {} bytes; refused (raise it with --max-inflated MIB)",
        path.display(),
        inflated_size(path),
        mib << 20
    );
    assert!(stderr.lines().any(|line| line == reason), "want {reason}\n{stderr}");
}

#[test]
fn overlapping_zip_entries_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 50 entries of 1 MiB from one copy: each under any per-part limit, the file ~12 KB
    let bomb = crafted::overlapping_entries_xlsx(dir.path(), "delade.xlsx", 50, 1 << 20).expect("write");
    assert!(std::fs::metadata(&bomb).expect("size").len() < 64 << 10);
    assert!(inflated_size(&bomb) > 50 << 20);
    let (run, rows) = beside_clean(&bomb, &[]);
    let stderr = run.expect_status(1).stderr();
    assert!(rows.is_empty(), "{rows:?}");
    let reason = format!(
        "riskreg: {}: the zip (xlsx or ods) file is damaged or truncated: two entries of the zip share their bytes (a zip bomb's trick)",
        bomb.display()
    );
    assert!(stderr.lines().any(|line| line == reason), "{stderr}");
}

#[test]
fn many_sheets_are_refused_by_the_inflation_budget() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 12 sheets of 1 MiB: each a part well under the budget, together over it
    let bomb = crafted::many_sheets_xlsx(dir.path(), "många blad.xlsx", 12, 1 << 20).expect("write");
    assert!(std::fs::metadata(&bomb).expect("size").len() < 1 << 20);
    refused_by_the_inflation_budget(&bomb, 8);
}

#[test]
fn one_big_sheet_is_refused_by_the_inflation_budget_and_read_under_a_higher_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bomb = crafted::big_sheet_xlsx(dir.path(), "stort blad.xlsx", 3 << 20).expect("write");
    refused_by_the_inflation_budget(&bomb, 2);
    // The same file under a budget it fits: every row, the register first.
    let mut sheet = String::new();
    zip::ZipArchive::new(std::fs::File::open(&bomb).expect("open"))
        .expect("zip")
        .by_name("xl/worksheets/sheet1.xml")
        .expect("sheet")
        .read_to_string(&mut sheet)
        .expect("read");
    let data_rows = sheet.matches("<row>").count() - 2;
    let (run, rows) = beside_clean(&bomb, &["--max-inflated", "4"]);
    run.expect_status(0);
    assert_eq!(rows.len(), data_rows);
    // (the crafted sheets have no blank row under the title: risks at rows 3–8)
    risks_from(&rows.iter().take(6).collect::<Vec<_>>(), &risks(6), 3).unwrap();
    // risk 1, again and again: each a duplicate Nr
    assert!(rows[6..].iter().all(|row| number(row, "risk_no") == Some(1) && text(row, "flags") == "risk_no_duplicate"));
}

#[test]
#[ignore = "bug: sheets that all point at one part are inflated once each but counted once (see the report)"]
fn aliased_sheets_count_against_the_inflation_budget() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 12 sheets of one 1 MiB part: 12 MiB read from a 9 KB file
    let bomb = crafted::aliased_sheets_xlsx(dir.path(), "alias.xlsx", 12, 1 << 20).expect("write");
    let (run, rows) = beside_clean(&bomb, &["--max-inflated", "8"]);
    assert_eq!(run.status(), 1, "{}", run.stderr());
    assert!(rows.is_empty(), "{} rows read past the budget", rows.len());
    assert!(run.stderr().contains("over the budget of 8388608 bytes"), "{}", run.stderr());
}

#[test]
fn an_ods_repeat_bomb_is_refused_over_the_cell_budget() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 3 sheets × 1 000 000 rows × 16 384 columns from 828 bytes
    let bomb = crafted::ods_repeat_bomb(dir.path(), "upprepning.ods", 3, 1_000_000, 16_384, 0).expect("write");
    assert!(std::fs::metadata(&bomb).expect("size").len() < 1 << 10);
    let (run, rows) = beside_clean(&bomb, &[]);
    let stderr = run.expect_status(1).stderr();
    assert!(rows.is_empty(), "{rows:?}");
    let lines = lines_naming(&stderr, arg(&bomb));
    for sheet in ["Blad1", "Blad2", "Blad3"] {
        let reason = format!(
            "sheet '{sheet}': more than 50000000 cells with content; reading stopped there (raise the budget with --max-cells)"
        );
        assert!(lines.iter().any(|line| line.ends_with(&reason)), "{reason}\n{stderr}");
    }
}

/// The warnings of `inspect --json` for a file outside the repository.
fn warnings_of(path: &Path) -> Vec<String> {
    inspect_warnings(arg(path))
}

#[test]
fn a_csv_record_past_the_length_cap_is_left_out_and_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, kind) in [("ett fält.csv", LongLine::OneField), ("många fält.csv", LongLine::ManyFields)] {
        // line 10 of 9 MiB, past the cap of 8 MiB; risk 6 again on line 11
        let path = crafted::csv_long_line(dir.path(), name, 9 << 20, kind).expect("write");
        let (run, rows) = beside_clean(&path, &[]);
        // ends with 1: the repeated Nr 6 is flagged
        run.expect_status(1);
        let lines: Vec<(Option<i64>, Option<i64>)> =
            rows.iter().map(|row| (number(row, "source_row"), number(row, "risk_no"))).collect();
        let want: Vec<(Option<i64>, Option<i64>)> = [(4, 1), (5, 2), (6, 3), (7, 4), (8, 5), (9, 6), (11, 6)]
            .iter()
            .map(|(l, n)| (Some(*l), Some(*n)))
            .collect();
        assert_eq!(lines, want, "{name}");
        risks_from(&rows.iter().take(6).collect::<Vec<_>>(), &risks(6), 4).unwrap();
        let warnings = warnings_of(&path);
        let want = "record_too_long: the record starting on line 10 is longer than 8388608 bytes or 500 lines: it was left out";
        assert_eq!(warnings, [want], "{name}");
    }
}

#[test]
fn an_invalid_byte_after_a_long_valid_prefix_is_named_with_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 3 MiB of valid UTF-8 first: past the first megabyte read, and any sniff of it
    let (path, line) = crafted::csv_invalid_byte_after(dir.path(), "sen byte.csv", 3 << 20).expect("write");
    let (run, rows) = beside_clean(&path, &[]);
    let stderr = run.expect_status(0).stderr();
    let warning = format!(
        "riskreg: {}: lines {line} are Windows-1252, the rest UTF-8: each line was read in its own encoding",
        path.display()
    );
    assert!(stderr.lines().any(|message| message == warning), "want {warning}\n{stderr}");
    // every row, in order, the one byte decoded as Windows-1252 and nothing replaced
    let numbers: Vec<Option<i64>> = rows.iter().map(|row| number(row, "risk_no")).collect();
    let count = numbers.len() as i64;
    assert_eq!(numbers, (1..=count).map(Some).collect::<Vec<_>>());
    assert_eq!(count as u64, line - 3 + 6);
    let bad = rows.iter().find(|row| number(row, "source_row") == Some(line as i64)).expect("the line");
    // BUG (reported, not fixed here): the whole line is decoded as Windows-1252, so its
    // valid UTF-8 (ä, å) turns into mojibake along with the one bad byte — see
    // `the_valid_utf8_of_a_line_with_one_invalid_byte_is_kept`, ignored until fixed. When it
    // is, this fails: drop it.
    assert_eq!(text(bad, "event"), "Att bestÃ¤lld Ã¥tgÃ¤rd inte genomfÿrs");
    assert!(rows.iter().all(|row| !text(row, "event").contains('\u{fffd}')));
    let others = rows.iter().filter(|row| number(row, "source_row") != Some(line as i64));
    assert!(others.clone().all(|row| !text(row, "goal").contains('Ã')));
    assert_eq!(
        others.filter(|row| text(row, "event") == "Att beställd åtgärd inte genomförs.").count() as u64,
        (line - 3) / 6 + 1
    );
}

#[test]
#[ignore = "bug: a line with one invalid byte is decoded whole as Windows-1252, its valid UTF-8 garbled (see the report)"]
fn the_valid_utf8_of_a_line_with_one_invalid_byte_is_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, line) = crafted::csv_invalid_byte_after(dir.path(), "sen byte.csv", 3 << 20).expect("write");
    let (_, rows) = beside_clean(&path, &[]);
    let bad = rows.iter().find(|row| number(row, "source_row") == Some(line as i64)).expect("the line");
    let event = text(bad, "event");
    // the bad byte as U+FFFD (or ÿ), the rest as written
    assert!(
        ["Att beställd åtgärd inte genomf\u{fffd}rs", "Att beställd åtgärd inte genomfÿrs"].contains(&event.as_str()),
        "{event}"
    );
    assert_eq!(text(bad, "goal"), "Stockholm är en trygg, säker och välskött stad att bo och vistas i");
}

// ---------------------------------------------------------------------------------------
// Inputs untouchable
// ---------------------------------------------------------------------------------------

/// Every entry under `dir`: its kind, and for a file its bytes and modification time.
fn listing(dir: &Path) -> BTreeMap<PathBuf, (bool, Vec<u8>, Option<SystemTime>)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| {
            let entry = entry.expect("entry");
            let meta = entry.metadata().expect("metadata");
            let bytes = if meta.is_file() { std::fs::read(entry.path()).expect("read") } else { Vec::new() };
            (entry.path().to_path_buf(), (meta.is_dir(), bytes, meta.modified().ok()))
        })
        .collect()
}

#[test]
fn an_output_inside_the_input_folder_is_refused_and_nothing_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("arkiv");
    std::fs::create_dir_all(input.join("2013")).expect("folders");
    std::fs::copy(seed_002(), input.join("vor 2024.xlsx")).expect("copy");
    std::fs::copy(seed_001(), input.join("2013/uppföljning.csv")).expect("copy");
    std::os::unix::fs::symlink(&input, dir.path().join("länk")).expect("symlink");
    let before = listing(dir.path());
    let folder = arg(&input);
    let runs: [(Vec<String>, &str); 4] = [
        (vec![format!("{folder}/x"), "--partition-by".into(), "district".into()], "it is inside the input folder"),
        (
            vec![folder.to_string(), "--partition-by".into(), "district".into(), "--overwrite".into()],
            "holds files other than a partitioned output of riskreg",
        ),
        (vec![format!("{}/x.csv", arg(&dir.path().join("länk")))], "it is inside the input folder"),
        (vec![format!("{folder}/2013/../x.parquet")], "it is inside the input folder"),
    ];
    for (output, reason) in &runs {
        let mut args = vec!["import", folder, "-o"];
        args.extend(output.iter().map(String::as_str));
        let run = riskreg(&args).expect_status(2);
        assert!(run.stderr().contains(reason), "{}: {}", run.command, run.stderr());
        assert_eq!(listing(dir.path()), before, "{} changed the folder", run.command);
    }
}

#[test]
fn a_file_name_that_is_not_utf8_is_read_and_shown_escaped() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("arkiv");
    std::fs::create_dir(&input).expect("folder");
    // "Väsentlighets- och riskanalys 2024.xlsx" in Latin-1
    let name = std::ffi::OsStr::from_bytes(b"V\xe4sentlighets- och riskanalys 2024.xlsx");
    let file = input.join(name);
    std::fs::copy(seed_002(), &file).expect("copy");
    let shown = format!("{}/V\\xE4sentlighets- och riskanalys 2024.xlsx", arg(&input));
    // found in a folder
    let (rows, run) = import(&[&input], &[]);
    run.expect_status(0);
    assert_eq!(rows.len(), CLEAN_VOR + CLEAN_IKP);
    assert!(rows.iter().all(|row| text(row, "source_file") == shown), "{:?}", text(&rows[0], "source_file"));
    assert_eq!(with(&rows, "district", "Enskede-Årsta-Vantör").len(), rows.len());
    let inspected = riskreg(&["inspect", arg(&input)]).expect_status(0).stdout();
    assert_eq!(inspected.lines().next(), Some(shown.as_str()), "{inspected}");
    // given on the command line
    let out = dir.path().join("out.json");
    let output = assert_cmd::Command::cargo_bin("riskreg")
        .expect("binary")
        .arg("import")
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let rows: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&out).expect("output")).expect("JSON");
    assert_eq!(rows.len(), CLEAN_VOR + CLEAN_IKP);
    assert!(rows.iter().all(|row| row["source_file"] == shown.as_str()));
}

#[test]
fn a_fifo_is_read_as_an_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("register.xlsx");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let bytes = std::fs::read(seed_002()).expect("register");
    let writer = {
        let fifo = fifo.clone();
        // opening blocks until riskreg opens the other end
        std::thread::spawn(move || std::fs::write(&fifo, bytes))
    };
    let out = dir.path().join("ut").join("out.json");
    std::fs::create_dir(out.parent().expect("parent")).expect("folder");
    let run = assert_cmd::Command::cargo_bin("riskreg")
        .expect("binary")
        .args(["import", arg(&fifo), "-o", arg(&out)])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let rows: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&out).expect("output")).expect("JSON");
    assert_eq!(rows.len(), CLEAN_VOR + CLEAN_IKP);
    assert!(rows.iter().all(|row| row["source_file"] == arg(&fifo) && row["district"] == "Enskede-Årsta-Vantör"));
    // riskreg read the FIFO, so the writer is done (else it is left blocked, and the
    // assertions above have failed)
    if writer.is_finished() {
        writer.join().expect("writer").expect("write into the FIFO");
    }
}
