//! The `riskreg` binary: parses the command line, runs the command, reports the error.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use riskreg::error::exit;

// Rows are parsed on one thread and freed on another: mimalloc does that without the
// lock contention of the system allocator. Built without transparent huge pages
// (feature `no_thp`): where the kernel compacts memory for them on demand, a page fault
// could stall for milliseconds, and a run after another large process spent more time
// in the kernel than in riskreg.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    // Without the handler an interrupted write could leave its temporary file behind;
    // the run still goes on.
    if let Err(err) = riskreg::clean_up_on_interrupt() {
        eprintln!("riskreg: {err}");
    }
    match cli.run() {
        Ok(status) => ExitCode::from(status),
        Err(err) => {
            eprintln!("riskreg: error: {err}");
            ExitCode::from(exit::FAILURE)
        }
    }
}
