//! The `riskreg` binary: parses the command line, runs the command, reports the error.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use riskreg::error::exit;

fn main() -> ExitCode {
    match cli::Cli::parse().run() {
        Ok(status) => ExitCode::from(status),
        Err(err) => {
            eprintln!("riskreg: error: {err}");
            ExitCode::from(exit::FAILURE)
        }
    }
}
