//! The command line: clap types, converted once into the library's option structs.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use riskreg::commands::convert::Destination;
use riskreg::commands::{self, Common};
use riskreg::schema::Kind;
use riskreg::{CsvOptions, Options, Result};

/// Reads, normalises, compares and consolidates the internal-control risk registers
/// (VoR, internkontrollplan, uppföljning) of Stockholm's district councils.
#[derive(Parser)]
#[command(name = "riskreg", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    shared: Shared,
}

/// Options every command takes.
#[derive(Args)]
struct Shared {
    /// The district of every input (overrides detection), e.g. "Järva".
    #[arg(long, global = true)]
    district: Option<String>,
    /// The year of every input (overrides detection).
    #[arg(long, global = true)]
    year: Option<i32>,
    /// The register kind of every sheet (overrides detection).
    #[arg(long, global = true, value_enum)]
    kind: Option<KindArg>,
    /// Use the template files in DIR instead of the embedded ones (files DIR lacks keep the embedded version).
    #[arg(long, global = true, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Print nothing but errors on stderr.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// CSV output with ';' and a byte-order mark, for Swedish Excel.
    #[arg(long, global = true)]
    excel_csv: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Vor,
    Ikp,
    Uppfoljning,
}

#[derive(Subcommand)]
enum Command {
    /// What was detected in each file and sheet: kind, header row, column mapping, district and year and where they came from, row accounting.
    Inspect {
        /// Files and folders (walked recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The canonical frame of all inputs, as .parquet, .csv, .xlsx or .json (by OUT's extension), or as hive-partitioned Parquet.
    Import {
        /// Files and folders (walked recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The output file, or with --partition-by the output folder.
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
        /// Write hive-partitioned Parquet under OUT, e.g. --partition-by district_current,year.
        #[arg(long, value_delimiter = ',', value_name = "COLS")]
        partition_by: Vec<String>,
    },
    /// The analyst's workbook: Översikt, Risker, Internkontrollplan, Uppföljning, Riskmatris, Återkommande, År mot år, Datakvalitet, Källor.
    Consolidate {
        /// Files and folders (walked recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The workbook to write (.xlsx).
        #[arg(short, long, value_name = "OUT.xlsx")]
        output: PathBuf,
    },
    /// Recurring risks and themes and each district's events year by year: a workbook (.xlsx) or a long table (.csv).
    Compare {
        /// Files and folders (walked recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The output (.xlsx or .csv).
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
        /// Write the event table (one row per district, event and year) as .csv, for BI.
        #[arg(long)]
        events: bool,
    },
    /// Legacy registers into the city's standard layout: one workbook per input.
    Convert {
        /// Files and folders (walked recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The workbook to write, for a single input (.xlsx).
        #[arg(short, long, value_name = "OUT.xlsx", conflicts_with = "out_dir", required_unless_present = "out_dir")]
        output: Option<PathBuf>,
        /// The folder to write <district>_<year>_<kind>.xlsx into, one per input.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
    /// The theme catalogue, or which themes a text matches and by which pattern.
    Themes {
        /// Show which themes TEXT matches.
        #[arg(long, value_name = "TEXT")]
        explain: Option<String>,
    },
}

impl Cli {
    /// Runs the command and returns the exit status.
    pub fn run(self) -> Result<u8> {
        let shared = self.shared;
        let common = |paths: Vec<PathBuf>| Common {
            paths,
            templates: shared.templates.clone(),
            options: Options {
                district: shared.district.clone(),
                year: shared.year,
                kind: shared.kind.map(|kind| match kind {
                    KindArg::Vor => Kind::Vor,
                    KindArg::Ikp => Kind::Ikp,
                    KindArg::Uppfoljning => Kind::Uppfoljning,
                }),
                progress: !shared.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()),
                ..Options::default()
            },
            quiet: shared.quiet,
        };
        let csv = CsvOptions { excel: shared.excel_csv };
        match self.command {
            Command::Inspect { paths, json } => commands::inspect::run(&common(paths), json),
            Command::Import { paths, output, partition_by } => {
                commands::import::run(&common(paths), &output, &partition_by, csv)
            }
            Command::Consolidate { paths, output } => commands::consolidate::run(&common(paths), &output),
            Command::Compare { paths, output, events } => commands::compare::run(&common(paths), &output, events, csv),
            Command::Convert { paths, output, out_dir } => {
                let destination = match (&output, &out_dir) {
                    (Some(output), _) => Destination::File(output),
                    (None, Some(folder)) => Destination::Folder(folder),
                    (None, None) => Cli::command()
                        .error(clap::error::ErrorKind::MissingRequiredArgument, "give -o OUT.xlsx or --out-dir DIR")
                        .exit(),
                };
                commands::convert::run(&common(paths), destination)
            }
            Command::Themes { explain } => commands::themes::run(&common(Vec::new()), explain.as_deref()),
        }
    }
}
