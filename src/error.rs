//! Typed errors, each carrying where it happened.
//!
//! Anything that comes from a user's file carries a [`Location`] (file, sheet, row, column)
//! and prints as `file: sheet 'X', row 17, column 'Sannolikhet': reason`. The location is
//! layered onto the cause ([`Located`], the way ripgrep wraps an error in its path and
//! line), so reports keep both as data: `inspect --json` gives each as fields. Problems
//! with a single row are not errors: they go into the row accounting as rejections or
//! flags, so a batch never stops for one bad row or one bad file.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use serde::ser::SerializeStruct;
use serde::Serialize;

/// The result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in the input something happened. Every part but the file is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// The file's path as the user gave it (or as found under a folder the user gave).
    pub file: String,
    /// The sheet name; `None` for CSV files and for whole-file problems.
    pub sheet: Option<String>,
    /// The 1-based row (spreadsheets) or line (CSV).
    pub row: Option<u32>,
    /// The column: its header text when known, else its letter.
    pub column: Option<String>,
}

impl Location {
    /// A location naming only a file.
    pub fn file(path: impl Into<String>) -> Self {
        Location { file: path.into(), ..Location::default() }
    }

    /// This location narrowed to a sheet (an empty name, as for CSV, names no sheet).
    #[must_use]
    pub fn with_sheet(mut self, sheet: &str) -> Self {
        self.sheet = (!sheet.is_empty()).then(|| sheet.to_string());
        self
    }

    /// This location narrowed to a 1-based row.
    #[must_use]
    pub fn with_row(mut self, row: u32) -> Self {
        self.row = Some(row);
        self
    }

    /// This location narrowed to a column.
    #[must_use]
    pub fn with_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        let mut separator = ": ";
        if let Some(sheet) = &self.sheet {
            write!(f, "{separator}sheet '{}'", crate::text::printable(sheet))?;
            separator = ", ";
        }
        if let Some(row) = self.row {
            write!(f, "{separator}row {row}")?;
            separator = ", ";
        }
        if let Some(column) = &self.column {
            write!(f, "{separator}column '{}'", crate::text::printable(column))?;
        }
        Ok(())
    }
}

/// A cause with the place it happened: prints as `location: cause`, and serialises as
/// the fields `kind`, `file`, `sheet`, `row`, `column` and `message`.
#[derive(Debug, thiserror::Error)]
#[error("{location}: {error}")]
pub struct Located<E> {
    /// Where.
    pub location: Location,
    /// What.
    #[source]
    pub error: E,
}

impl<E> Located<E> {
    /// `error` at `location`.
    pub fn new(location: Location, error: E) -> Self {
        Located { location, error }
    }
}

/// A cause that has a stable, machine-readable name.
pub trait Kinded: fmt::Display {
    /// The snake_case name of the cause, e.g. `damaged`.
    fn kind(&self) -> &'static str;
}

impl<E: Kinded> Serialize for Located<E> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut fields = serializer.serialize_struct("Located", 6)?;
        fields.serialize_field("kind", self.error.kind())?;
        fields.serialize_field("file", &self.location.file)?;
        fields.serialize_field("sheet", &self.location.sheet)?;
        fields.serialize_field("row", &self.location.row)?;
        fields.serialize_field("column", &self.location.column)?;
        fields.serialize_field("message", &self.error.to_string())?;
        fields.end()
    }
}

/// What a reader library said about a damaged workbook.
#[derive(Debug, thiserror::Error)]
pub enum Damage {
    /// The zip container.
    #[error(transparent)]
    Zip(#[from] zip::result::ZipError),
    /// calamine's `.xlsx` reader.
    #[error(transparent)]
    Xlsx(#[from] calamine::XlsxError),
    /// calamine's `.xls` reader.
    #[error(transparent)]
    Xls(#[from] calamine::XlsError),
    /// calamine's `.xlsb` reader.
    #[error(transparent)]
    Xlsb(#[from] calamine::XlsbError),
    /// The XML of a workbook part.
    #[error(transparent)]
    Xml(#[from] quick_xml::Error),
    /// A part that is well-formed but not what its format requires.
    #[error("{0}")]
    Invalid(&'static str),
    /// polars' Parquet reader.
    #[error(transparent)]
    Frame(polars::error::PolarsError),
    /// The JSON parser.
    #[error(transparent)]
    Json(serde_json::Error),
    /// What riskreg's check of an `.xls` file's records found.
    #[error(transparent)]
    Biff(crate::read::biff::BiffError),
    /// A shared-string table that claims more strings than its bytes can hold.
    #[error("the shared-string table claims {claimed} strings in {bytes} bytes")]
    SharedStrings {
        /// The count it claims.
        claimed: String,
        /// Its size inflated.
        bytes: u64,
    },
}

/// Why a file or sheet could not be read, or not to its end. The file is reported and
/// the batch goes on.
#[derive(Debug, thiserror::Error)]
pub enum ReadFailure {
    /// The file has no bytes.
    #[error("the file is empty (0 bytes)")]
    Empty,
    /// The content is not a spreadsheet or CSV at all.
    #[error("not a spreadsheet: the content is {0}")]
    NotASpreadsheet(&'static str),
    /// A password-protected (encrypted) Office file.
    #[error("the workbook is password-protected (encrypted); save an unprotected copy and read that")]
    Encrypted,
    /// The workbook's structure is broken (truncated, damaged zip, bad XML).
    #[error("the {format} file is damaged or truncated: {source}")]
    Corrupt {
        /// The format the content claimed to be.
        format: &'static str,
        /// What the reader said.
        source: Damage,
    },
    /// The file is larger than riskreg reads.
    #[error("the file is {size} bytes, over the limit of {limit} bytes")]
    FileTooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The parts of a zip-based workbook inflate past the budget (a zip bomb, or a sheet
    /// far larger than a register).
    #[error("its content inflates to {size} bytes, over the budget of {limit} bytes; refused (raise it with --max-inflated MIB)")]
    InflatesTooMuch {
        /// The total inflated size the zip declares.
        size: u64,
        /// The budget.
        limit: u64,
    },
    /// More rows than a spreadsheet can hold; reading stopped.
    #[error("more than {limit} rows; reading stopped there")]
    TooManyRows {
        /// The row limit.
        limit: u32,
    },
    /// More cells with content than the budget allows; reading stopped.
    #[error("more than {limit} cells with content; reading stopped there (raise the budget with --max-cells)")]
    TooManyCells {
        /// The budget.
        limit: u64,
    },
    /// No sheet of the file has a register header.
    #[error("no register header found in any sheet (looked for columns such as 'Oönskad händelse', 'Sannolikhet', 'Kontrollaktivitet', 'Åtgärd' in the first {searched} rows)")]
    NoHeader {
        /// How many rows of each sheet were searched.
        searched: usize,
    },
    /// The workbook has no visible sheet.
    #[error("the workbook has no visible sheet")]
    NoVisibleSheet,
    /// The file could not be opened or read.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The CSV text could not be parsed.
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    /// Reading the file met a defect — a panic in a reader library or in riskreg — and
    /// stopped; the other files are read.
    #[error("reading stopped on a defect in the reader ({0}); the file is probably damaged or crafted")]
    Defect(String),
    /// The thread parsing a large file stopped without a result (a defect in riskreg).
    #[error("the thread parsing the file failed")]
    ThreadFailed,
}

impl Kinded for ReadFailure {
    fn kind(&self) -> &'static str {
        match self {
            ReadFailure::Empty => "empty",
            ReadFailure::NotASpreadsheet(_) => "not_a_spreadsheet",
            ReadFailure::Encrypted => "encrypted",
            ReadFailure::Corrupt { .. } => "damaged",
            ReadFailure::FileTooLarge { .. } => "file_too_large",
            ReadFailure::InflatesTooMuch { .. } => "inflates_too_much",
            ReadFailure::TooManyRows { .. } => "too_many_rows",
            ReadFailure::TooManyCells { .. } => "too_many_cells",
            ReadFailure::NoHeader { .. } => "no_header",
            ReadFailure::NoVisibleSheet => "no_visible_sheet",
            ReadFailure::Io(_) => "io",
            ReadFailure::Csv(_) => "csv",
            ReadFailure::ThreadFailed => "thread_failed",
            ReadFailure::Defect(_) => "defect",
        }
    }
}

/// Something worth telling about a file or sheet that did not stop it being read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Warning {
    /// The content's format is not the one the file's extension names.
    #[error("the content is {content}, not .{extension} as the name says; read as {content}")]
    ExtensionMismatch {
        /// The format found by content.
        content: &'static str,
        /// The extension of the file's name.
        extension: String,
    },
    /// A UTF-16 text without a byte-order mark; the byte order was told from its bytes.
    #[error("no byte-order mark; read as {encoding}")]
    NoByteOrderMark {
        /// The encoding chosen.
        encoding: &'static str,
    },
    /// Lines of another encoding than the rest: each read as what it is.
    #[error("lines {lines} are Windows-1252, the rest UTF-8: each line was read in its own encoding")]
    MixedEncodings {
        /// The Windows-1252 lines, e.g. "10–13, 40".
        lines: String,
    },
    /// `--encoding` named an encoding some lines are not in.
    #[error(
        "read as {encoding} as --encoding says, but lines {lines} are not {encoding}: their unreadable bytes became �"
    )]
    NotTheEncodingSet {
        /// The encoding set.
        encoding: &'static str,
        /// The lines in another encoding.
        lines: String,
    },
    /// A quote opened and never closed.
    #[error(
        "the quote opened on line {line} is never closed: the lines from there were read with quotes taken as text"
    )]
    QuoteNeverClosed {
        /// The line of the quote.
        line: u64,
    },
    /// A record past the size or line limits was left out.
    #[error("the record starting on line {line} is longer than {bytes} bytes or {lines} lines: it was left out")]
    RecordTooLong {
        /// Its first line.
        line: u64,
        /// The byte limit.
        bytes: u64,
        /// The line limit.
        lines: u64,
    },
    /// A hidden sheet is listed and not read.
    #[error("hidden sheet: skipped")]
    HiddenSheet,
    /// A visible sheet without a register header.
    #[error("no register header found: skipped")]
    NoHeader,
    /// A header with nothing below it.
    #[error("the header has no data rows below it")]
    HeaderWithoutRows,
    /// A register without a column for the oönskad händelse: every row is flagged. In a
    /// VoR, whose rows are its events, this needs attention; a plan or follow-up may be
    /// kept without one (seed 004).
    #[error("no column for the oönskad händelse: every row is flagged event_missing (is it named by a heading missing from aliases.toml?)")]
    NoEventColumn {
        /// The register kind.
        kind: crate::schema::Kind,
    },
    /// An `.xls` file with text cells of nothing but spaces (a stray space typed far from
    /// the table): ignored, and the sheets' used ranges corrected, so that memory follows
    /// the cells.
    #[error("cells holding only spaces, far from the table, were ignored ({blank_cells}); used ranges corrected: {dimensions}")]
    XlsCorrected {
        /// Whitespace-only cells ignored.
        blank_cells: usize,
        /// Used-range records corrected.
        dimensions: usize,
    },
    /// A workbook riskreg wrote with `consolidate` or `compare`: not a register.
    #[error("a workbook riskreg wrote ({command}): skipped")]
    OwnOutput {
        /// The command that wrote it.
        command: String,
    },
    /// A register that copies another of the same district, year and kind: its rows are
    /// flagged and not counted.
    #[error("a copy of {original}: its {rows} rows are flagged duplicate_register and not counted (--keep-duplicates counts them)")]
    DuplicateRegister {
        /// The file and sheet of the register counted instead.
        original: String,
        /// The copy's rows.
        rows: usize,
    },
}

impl Warning {
    /// Whether the exit status should say "needs attention" for this warning.
    pub fn needs_attention(&self) -> bool {
        matches!(
            self,
            Warning::ExtensionMismatch { .. }
                | Warning::NoEventColumn { kind: crate::schema::Kind::Vor }
                | Warning::DuplicateRegister { .. }
                | Warning::QuoteNeverClosed { .. }
                | Warning::RecordTooLong { .. }
        )
    }
}

impl Kinded for Warning {
    fn kind(&self) -> &'static str {
        match self {
            Warning::ExtensionMismatch { .. } => "extension_mismatch",
            Warning::NoByteOrderMark { .. } => "no_byte_order_mark",
            Warning::MixedEncodings { .. } => "mixed_encodings",
            Warning::NotTheEncodingSet { .. } => "not_the_encoding_set",
            Warning::QuoteNeverClosed { .. } => "quote_never_closed",
            Warning::RecordTooLong { .. } => "record_too_long",
            Warning::HiddenSheet => "hidden_sheet",
            Warning::NoHeader => "no_header",
            Warning::HeaderWithoutRows => "header_without_rows",
            Warning::NoEventColumn { .. } => "no_event_column",
            Warning::DuplicateRegister { .. } => "duplicate_register",
            Warning::OwnOutput { .. } => "own_output",
            Warning::XlsCorrected { .. } => "xls_corrected",
        }
    }
}

impl Kinded for io::Error {
    fn kind(&self) -> &'static str {
        "input"
    }
}

/// An error of the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A template file is missing, malformed or inconsistent.
    #[error("template {file}: {message}")]
    Template {
        /// The template file, e.g. `themes.toml` or a path under `--templates`.
        file: String,
        /// What is wrong, with line and column where TOML says so.
        message: String,
    },
    /// An input given on the command line does not exist.
    #[error("{0}: no such file or folder")]
    InputMissing(PathBuf),
    /// The inputs hold no file riskreg reads.
    #[error("no register file found in {0} (riskreg reads .xlsx, .xlsm, .xlsb, .xls, .ods, .csv, .tsv, .txt, and its own .parquet, .json and .ndjson)")]
    NoInputFiles(String),
    /// `--district` names no district of `districts.toml`.
    #[error("--district '{given}': no such district in districts.toml; {}", match closest {
        Some(name) => format!("did you mean '{name}'?"),
        None => format!("the districts are {names}"),
    })]
    UnknownDistrict {
        /// The name given.
        given: String,
        /// The most similar name, if any is similar.
        closest: Option<String>,
        /// Every district's name, comma-separated, shown when none is similar.
        names: String,
    },
    /// `--year` is not a year a register can be for.
    #[error("--year {year}: not a plausible register year ({first}–{last})")]
    ImplausibleYear {
        /// The year given.
        year: i32,
        /// The earliest year accepted.
        first: i32,
        /// The latest year accepted.
        last: i32,
    },
    /// An output would overwrite one of the inputs.
    #[error("refusing to write {0}: it is one of the input files")]
    OutputIsInput(PathBuf),
    /// An output would land inside a folder that is read as input.
    #[error("refusing to write {output}: it is inside the input folder {folder}, where the next run would read it; write it elsewhere")]
    OutputInsideInput {
        /// The output path.
        output: PathBuf,
        /// The input folder.
        folder: PathBuf,
    },
    /// An output folder holds input files.
    #[error("refusing to write into {folder}: it holds the input {input}")]
    OutputHoldsInput {
        /// The output folder.
        folder: PathBuf,
        /// An input inside it.
        input: PathBuf,
    },
    /// The output's folder does not exist.
    #[error("cannot write {path}: the folder {folder} does not exist")]
    OutputFolderMissing {
        /// The output path.
        path: PathBuf,
        /// Its missing parent folder.
        folder: PathBuf,
    },
    /// The output's extension names no format the command writes.
    #[error("cannot write {path}: this command writes {expected}")]
    OutputFormat {
        /// The output path.
        path: PathBuf,
        /// The extensions accepted here.
        expected: &'static str,
    },
    /// `--excel-csv` with an output that is not CSV.
    #[error("--excel-csv is for CSV output, and {0} is not CSV")]
    ExcelCsv(String),
    /// `-o -` without `--format`, or `--format` with a file.
    #[error("{0}")]
    StandardOutput(&'static str),
    /// `--partition-by` names a column the frame does not have.
    #[error("--partition-by: no column named '{name}' (the columns are {columns})")]
    PartitionColumn {
        /// The name given.
        name: String,
        /// The canonical columns.
        columns: String,
    },
    /// A partitioned output was asked for with a file name.
    #[error("--partition-by writes a folder of Parquet files, but {0} names a file; give a folder, e.g. -o tabell/")]
    PartitionFormat(PathBuf),
    /// A partitioned output folder exists and is not empty.
    #[error("{0} exists and is not empty: add --append to add this run's rows beside the rows there, or --overwrite to replace them")]
    PartitionFolderInUse(PathBuf),
    /// A partitioned output would replace or join a folder that holds other files.
    #[error("{0} holds files other than a partitioned output of riskreg; choose another folder")]
    PartitionFolder(PathBuf),
    /// `--append` would add the same rows a second time.
    #[error("{0} already exists: these inputs were appended before; nothing was added")]
    PartitionAppended(PathBuf),
    /// `--append` would add the rows of an input already in the folder.
    #[error("{input} was appended to {folder} before (as {earlier}, listed in _riskreg.json): nothing was added; leave it out, or use --overwrite")]
    InputAppended {
        /// The input, as given this run.
        input: String,
        /// The partitioned folder.
        folder: PathBuf,
        /// The input as it was given when appended.
        earlier: String,
    },
    /// A partitioned folder's `_riskreg.json` cannot be read.
    #[error("cannot read {path}: {message}")]
    PartitionManifest {
        /// The manifest's path.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// `convert` found no register to convert in any input.
    #[error("nothing converted: no input holds a register riskreg can read")]
    NothingConverted,
    /// `convert -o` was given more than one input file.
    #[error("{0} input files: use --out-dir DIR to convert more than one")]
    ConvertOneOutput(usize),
    /// Writing an output failed (disk full, permissions, …).
    #[error("cannot write {path}: {source}")]
    Write {
        /// The output path.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The xlsx writer failed.
    #[error("cannot write {path}: {source}")]
    Xlsx {
        /// The output path.
        path: PathBuf,
        /// The writer's error.
        source: rust_xlsxwriter::XlsxError,
    },
    /// A polars operation failed.
    #[error("data frame: {0}")]
    Polars(#[from] polars::error::PolarsError),
    /// A report could not be serialised.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl Error {
    /// An I/O failure while writing `path`.
    pub fn write(path: &Path, source: io::Error) -> Self {
        Error::Write { path: path.to_path_buf(), source }
    }

    /// An xlsx writer failure while writing `path`; I/O failures keep their own kind.
    pub fn xlsx(path: &Path, source: rust_xlsxwriter::XlsxError) -> Self {
        match source {
            rust_xlsxwriter::XlsxError::IoError(io) => Error::write(path, io),
            other => Error::Xlsx { path: path.to_path_buf(), source: other },
        }
    }
}

/// The process exit statuses of `riskreg`, in one place.
pub mod exit {
    /// The output was written and nothing was rejected or lost; rows may carry flags.
    pub const CLEAN: u8 = 0;
    /// The output was written, but something needs attention: a file failed, a row was
    /// rejected, a register was set aside as a copy, or a district or year is unknown.
    pub const ATTENTION: u8 = 1;
    /// A usage error, or no output could be written.
    pub const FAILURE: u8 = 2;
}
