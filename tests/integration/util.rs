//! Running the real binary on the fixtures, and reading its outputs back.

use std::path::{Path, PathBuf};
use std::process::Output;

use calamine::{open_workbook, Data, Range, Reader, Xlsx};
use serde_json::{Map, Value};

/// The repository's fixtures folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// A fixture register by its path under `fixtures/registers`.
pub fn register(path: &str) -> PathBuf {
    fixtures().join("registers").join(path)
}

/// The seed-003 workbook (Hägersten-Liljeholmen 2020, VoR and plan).
pub fn seed_003() -> PathBuf {
    register("hagersten-liljeholmen/2020/VoR och internkontrollplan 2020.xlsx")
}

/// The seed-000 legacy .xls (Hägersten-Liljeholmen 2018 follow-up).
pub fn seed_000() -> PathBuf {
    register("hagersten-liljeholmen/2018/Uppföljning av åtgärder 2018.xls")
}

/// The seed-004 Windows-1252 CSV (Rinkeby-Kista 2022 plan follow-up).
pub fn seed_004() -> PathBuf {
    register("rinkeby-kista/2022/Uppföljning internkontrollplan 2022.csv")
}

/// The seed-002 workbook with columns in another order (Enskede-Årsta-Vantör 2024).
pub fn seed_002() -> PathBuf {
    register("enskede-arsta-vantor/2024/Väsentlighets- och riskanalys 2024.xlsx")
}

/// The edited second year (Hägersten-Älvsjö 2021, .ods).
pub fn second_year() -> PathBuf {
    register("hagersten-alvsjo/2021/VoR 2021 Hägersten-Älvsjö.ods")
}

/// The seed-001 UTF-8 CSV (Spånga-Tensta 2013 follow-up).
pub fn seed_001() -> PathBuf {
    register("spanga-tensta/2013/Uppföljning handlingsplaner internkontroll 2013.csv")
}

/// A finished run of the binary.
pub struct Run {
    /// What was run, for failure messages.
    pub command: String,
    /// Its output.
    pub output: Output,
}

impl Run {
    /// The exit status.
    pub fn status(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    /// Stdout as text.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    /// Stderr as text.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Panics with the command, status, stdout and stderr unless the status is `expected`.
    pub fn expect_status(self, expected: i32) -> Self {
        assert_eq!(self.status(), expected, "{}", self.describe());
        self
    }

    fn describe(&self) -> String {
        format!(
            "command: {}\nstatus: {}\nstdout:\n{}\nstderr:\n{}",
            self.command,
            self.status(),
            self.stdout(),
            self.stderr()
        )
    }
}

/// Runs `riskreg` with `args` in `dir`.
pub fn riskreg_in(dir: &Path, args: &[&str]) -> Run {
    let output = assert_cmd::Command::cargo_bin("riskreg")
        .expect("binary")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run riskreg");
    Run { command: format!("(in {}) riskreg {}", dir.display(), args.join(" ")), output }
}

/// Runs `riskreg` with `args` in the repository root, with the environment variables
/// `env` set.
pub fn riskreg_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = assert_cmd::Command::cargo_bin("riskreg")
        .expect("binary")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .envs(env.iter().copied())
        .args(args)
        .output()
        .expect("run riskreg");
    Run { command: format!("{env:?} riskreg {}", args.join(" ")), output }
}

/// Runs `riskreg` with `args` in the repository root.
pub fn riskreg(args: &[&str]) -> Run {
    riskreg_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// A path as an argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// One row of the canonical frame, as JSON.
pub type Row = Map<String, Value>;

/// `riskreg import PATHS -o rows.json` (plus `extra` arguments), parsed. Returns the rows
/// and the run.
pub fn import(paths: &[&Path], extra: &[&str]) -> (Vec<Row>, Run) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("rows.json");
    let mut args = vec!["import"];
    args.extend(paths.iter().map(|path| arg(path)));
    args.extend(["-o", arg(&out)]);
    args.extend(extra);
    let run = riskreg(&args);
    assert!(run.status() <= 1, "{}", run.describe());
    let text = std::fs::read_to_string(&out).unwrap_or_else(|_| panic!("no output\n{}", run.describe()));
    let rows: Vec<Value> = serde_json::from_str(&text).expect("JSON");
    (rows.into_iter().map(|row| row.as_object().cloned().expect("record")).collect(), run)
}

/// A field of a row as text ("" for null).
pub fn text(row: &Row, field: &str) -> String {
    match row.get(field) {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// A field of a row as a number.
pub fn number(row: &Row, field: &str) -> Option<i64> {
    row.get(field).and_then(Value::as_i64)
}

/// Rows whose `field` equals `value`.
pub fn with<'r>(rows: &'r [Row], field: &str, value: &str) -> Vec<&'r Row> {
    rows.iter().filter(|row| text(row, field) == value).collect()
}

/// A sheet of a written workbook.
pub fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    workbook.worksheet_range(name).unwrap_or_else(|err| panic!("{}: sheet {name}: {err}", path.display()))
}

/// The sheet names of a written workbook.
pub fn sheet_names(path: &Path) -> Vec<String> {
    let workbook: Xlsx<_> = open_workbook(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    workbook.sheet_names()
}

/// A cell as text; numbers without a trailing ".0".
pub fn cell(range: &Range<Data>, row: usize, column: usize) -> String {
    match range.get((row, column)) {
        Some(Data::Float(number)) if number.fract() == 0.0 => format!("{}", *number as i64),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// The 0-based row whose first cells are `first`, searching down column `column`.
pub fn find_row(range: &Range<Data>, column: usize, value: &str) -> Option<usize> {
    (0..range.height()).find(|row| cell(range, *row, column) == value)
}

/// The header row (row 0) of a table sheet: heading → column index.
pub fn headings(range: &Range<Data>, row: usize) -> std::collections::HashMap<String, usize> {
    (0..range.width()).map(|column| (cell(range, row, column), column)).collect()
}
