//! The command line: clap types, converted once into the library's option structs. Each
//! command offers only the options it uses.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use riskreg::commands::convert::Destination as ConvertTo;
use riskreg::commands::import::{Destination as ImportTo, StdoutFormat};
use riskreg::commands::{self, Common};
use riskreg::progress::Progress;
use riskreg::schema::Kind;
use riskreg::{CsvInput, CsvOptions, Error, Existing, Limits, Options, Result};

const EXIT_STATUS: &str =
    "Exit status: 0 nothing rejected or lost (rows may carry flags); 1 the output was written but something needs \
attention (a file failed, a row was rejected or flagged as a duplicate, a district or year is unknown — see \
Datakvalitet); 2 a usage error, no input found, or nothing could be written (and then nothing is written).";

/// `examples`, then the exit statuses.
fn with_exit_status(examples: &str) -> String {
    format!("{examples}\n\n{EXIT_STATUS}")
}

/// Reads, normalises, compares and consolidates the internal-control risk registers
/// (VoR, internkontrollplan, uppföljning) of Stockholm's district councils.
#[derive(Parser)]
#[command(name = "riskreg", version, about, long_about = None, propagate_version = true, after_help = EXIT_STATUS)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Use the template files in DIR instead of the embedded ones (files DIR lacks keep the embedded version).
    #[arg(long, global = true, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Print nothing but errors on stderr.
    #[arg(long, short, global = true)]
    quiet: bool,
}

/// What every command that reads registers takes.
#[derive(Args)]
struct Inputs {
    /// Files and folders (folders are walked recursively).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The district of every input instead of the one detected: the whole name must be a name, former name or alias from districts.toml, e.g. "Järva".
    #[arg(long, value_name = "NAME", help_heading = "Reading")]
    district: Option<String>,
    /// The year of every input instead of the one detected.
    #[arg(long, value_name = "YEAR", help_heading = "Reading")]
    year: Option<i32>,
    /// The register kind of every sheet instead of the one detected.
    #[arg(long, value_enum, help_heading = "Reading")]
    kind: Option<KindArg>,
    /// Count registers that copy one another (same district, year and kind, the same events) as many; by default one is counted and the others are listed.
    #[arg(long, help_heading = "Reading")]
    keep_duplicates: bool,
    /// The delimiter of CSV inputs instead of the one recognised: ';', ',', '|' or 'tab'.
    #[arg(long, value_parser = delimiter, value_name = "CHAR", help_heading = "Reading")]
    delimiter: Option<u8>,
    /// The encoding of CSV inputs instead of the one recognised.
    #[arg(long, value_enum, help_heading = "Reading")]
    encoding: Option<EncodingArg>,
    /// Most cells with content read from one sheet; a sheet past it is read to there and reported.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_cells, help_heading = "Reading")]
    max_cells: u64,
    /// Most mebibytes the parts of one .xlsx, .xlsb or .ods may inflate to together; a workbook past it is refused.
    #[arg(long, value_name = "MIB", default_value_t = Limits::default().max_inflated_bytes >> 20, help_heading = "Reading")]
    max_inflated: u64,
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Vor,
    Ikp,
    Uppfoljning,
}

#[derive(Clone, Copy, ValueEnum)]
enum EncodingArg {
    #[value(name = "utf-8")]
    Utf8,
    #[value(name = "windows-1252")]
    Windows1252,
    #[value(name = "utf-16le")]
    Utf16Le,
    #[value(name = "utf-16be")]
    Utf16Be,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Csv,
    Json,
    Ndjson,
}

fn delimiter(text: &str) -> std::result::Result<u8, String> {
    match text {
        ";" => Ok(b';'),
        "," => Ok(b','),
        "|" => Ok(b'|'),
        "tab" | "\t" | "\\t" => Ok(b'\t'),
        _ => Err("use ';', ',', '|' or 'tab'".into()),
    }
}

#[derive(Subcommand)]
enum Command {
    /// What was detected in each file and sheet: kind and the columns that decided it, header rows, column mapping, district and year and where they came from, row accounting.
    #[command(after_help = with_exit_status("Examples:\n  riskreg inspect fixtures/registers\n  riskreg inspect --json register.xlsx"))]
    Inspect {
        #[command(flatten)]
        inputs: Inputs,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The canonical frame of all inputs, as .parquet, .csv, .xlsx, .json or .ndjson (by OUT's extension), to standard output, or as hive-partitioned Parquet.
    #[command(
        after_help = with_exit_status("Examples:\n  riskreg import fixtures/registers -o alla.parquet\n  riskreg import fixtures/registers -o - --format ndjson\n  riskreg import Bromma/ -o tabell/ --partition-by district_current,year\n  riskreg import Farsta/ -o tabell/ --partition-by district_current,year --append")
    )]
    Import {
        #[command(flatten)]
        inputs: Inputs,
        /// The output file; '-' for standard output (with --format); with --partition-by the output folder.
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
        /// The format of '-o -'.
        #[arg(long, value_enum, conflicts_with = "partition_by")]
        format: Option<FormatArg>,
        /// Write hive-partitioned Parquet under the folder OUT, e.g. --partition-by district_current,year.
        #[arg(long, value_delimiter = ',', value_name = "COLUMNS")]
        partition_by: Vec<String>,
        /// Add this run's part files to an existing partitioned folder (an input appended before is refused; _riskreg.json lists them).
        #[arg(long, requires = "partition_by", conflicts_with = "overwrite")]
        append: bool,
        /// Replace an existing partitioned folder.
        #[arg(long, requires = "partition_by")]
        overwrite: bool,
        /// CSV output with ';' and a byte-order mark, for Swedish Excel (a CSV output only).
        #[arg(long)]
        excel_csv: bool,
    },
    /// The analyst's workbook: Översikt, Risker, Internkontrollplan, Uppföljning, Riskmatris, Återkommande risker and teman, År mot år, Datakvalitet, Källor.
    #[command(after_help = with_exit_status("Example:\n  riskreg consolidate fixtures/registers -o riskreg.xlsx"))]
    Consolidate {
        #[command(flatten)]
        inputs: Inputs,
        /// The workbook to write (.xlsx).
        #[arg(short, long, value_name = "OUT.xlsx")]
        output: PathBuf,
    },
    /// Recurring risks and themes and each district's events year by year: a workbook (.xlsx), the theme table (.csv), or with --events the event table (.csv).
    #[command(
        after_help = with_exit_status("Examples:\n  riskreg compare fixtures/registers -o jamforelse.xlsx\n  riskreg compare fixtures/registers -o teman.csv\n  riskreg compare fixtures/registers --events -o handelser.csv")
    )]
    Compare {
        #[command(flatten)]
        inputs: Inputs,
        /// The output (.xlsx or .csv; with --events .csv).
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
        /// Write the event table (one row per district, event and year) as .csv, for BI.
        #[arg(long)]
        events: bool,
        /// CSV output with ';' and a byte-order mark, for Swedish Excel (a CSV output only).
        #[arg(long)]
        excel_csv: bool,
    },
    /// Legacy registers into the city's standard layout: one workbook per input.
    #[command(
        after_help = with_exit_status("Examples:\n  riskreg convert gammal.xls -o standard.xlsx\n  riskreg convert arkiv/ --out-dir standard/")
    )]
    Convert {
        #[command(flatten)]
        inputs: Inputs,
        /// The workbook to write, for a single input (.xlsx).
        #[arg(short, long, value_name = "OUT.xlsx", conflicts_with = "out_dir", required_unless_present = "out_dir")]
        output: Option<PathBuf>,
        /// The folder to write <district>_<year>_<kind>.xlsx into, one per input (made if missing).
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
    /// The theme catalogue, or which themes a text matches and by which pattern.
    #[command(
        after_help = with_exit_status("Examples:\n  riskreg themes\n  riskreg themes -o teman.csv\n  riskreg themes --explain \"Löneskulder uppstår\"")
    )]
    Themes {
        /// Show which themes TEXT matches.
        #[arg(long, value_name = "TEXT", conflicts_with = "output")]
        explain: Option<String>,
        /// Write the catalogue as CSV (id, label, pattern, exclude) instead of printing it.
        #[arg(short, long, value_name = "OUT.csv")]
        output: Option<PathBuf>,
        /// CSV output with ';' and a byte-order mark, for Swedish Excel (a CSV output only).
        #[arg(long)]
        excel_csv: bool,
    },
}

impl Cli {
    /// Runs the command and returns the exit status.
    pub fn run(self) -> Result<u8> {
        let (templates, quiet) = (self.templates, self.quiet);
        let common = |inputs: Inputs| Common {
            paths: inputs.paths,
            templates: templates.clone(),
            options: Options {
                district: inputs.district,
                year: inputs.year,
                kind: inputs.kind.map(|kind| match kind {
                    KindArg::Vor => Kind::Vor,
                    KindArg::Ikp => Kind::Ikp,
                    KindArg::Uppfoljning => Kind::Uppfoljning,
                }),
                limits: Limits {
                    max_cells: inputs.max_cells,
                    max_inflated_bytes: inputs.max_inflated.saturating_mul(1 << 20),
                    ..Limits::default()
                },
                csv: CsvInput {
                    delimiter: inputs.delimiter,
                    encoding: inputs.encoding.map(|encoding| match encoding {
                        EncodingArg::Utf8 => encoding_rs::UTF_8,
                        EncodingArg::Windows1252 => encoding_rs::WINDOWS_1252,
                        EncodingArg::Utf16Le => encoding_rs::UTF_16LE,
                        EncodingArg::Utf16Be => encoding_rs::UTF_16BE,
                    }),
                },
                keep_duplicates: inputs.keep_duplicates,
            },
            quiet,
            progress: Progress::new(!quiet && std::io::IsTerminal::is_terminal(&std::io::stderr())),
        };
        match self.command {
            Command::Inspect { inputs, json } => commands::inspect::run(&common(inputs), json),
            Command::Import { inputs, output, format, partition_by, append, overwrite, excel_csv } => {
                let existing = match (append, overwrite) {
                    (true, _) => Existing::Append,
                    (_, true) => Existing::Overwrite,
                    _ => Existing::Refuse,
                };
                let destination = if partition_by.is_empty() {
                    match (output.as_os_str() == "-", format) {
                        (true, Some(format)) => ImportTo::Stdout(match format {
                            FormatArg::Csv => StdoutFormat::Csv,
                            FormatArg::Json => StdoutFormat::Json,
                            FormatArg::Ndjson => StdoutFormat::Ndjson,
                        }),
                        (true, None) => return Err(Error::StandardOutput("-o - needs --format csv, json or ndjson")),
                        (false, Some(_)) => {
                            return Err(Error::StandardOutput(
                                "--format is for -o - (a file's extension names its format)",
                            ))
                        }
                        (false, None) => ImportTo::File(&output),
                    }
                } else {
                    ImportTo::Partitioned { folder: &output, by: &partition_by, existing }
                };
                commands::import::run(&common(inputs), destination, CsvOptions { excel: excel_csv })
            }
            Command::Consolidate { inputs, output } => commands::consolidate::run(&common(inputs), &output),
            Command::Compare { inputs, output, events, excel_csv } => {
                commands::compare::run(&common(inputs), &output, events, CsvOptions { excel: excel_csv })
            }
            Command::Convert { inputs, output, out_dir } => {
                let destination = match (&output, &out_dir) {
                    (Some(output), _) => ConvertTo::File(output),
                    (None, Some(folder)) => ConvertTo::Folder(folder),
                    (None, None) => Cli::command()
                        .error(clap::error::ErrorKind::MissingRequiredArgument, "give -o OUT.xlsx or --out-dir DIR")
                        .exit(),
                };
                commands::convert::run(&common(inputs), destination)
            }
            Command::Themes { explain, output, excel_csv } => {
                let common = Common { templates, quiet, ..Common::default() };
                commands::themes::run(&common, explain.as_deref(), output.as_deref(), CsvOptions { excel: excel_csv })
            }
        }
    }
}
