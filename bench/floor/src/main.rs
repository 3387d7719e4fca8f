//! The floor: open every workbook with calamine, touch every cell, and write the same
//! cells to one sheet with rust_xlsxwriter.
//!
//! ```text
//! riskreg-floor plain OUT.xlsx PATH...   one thread, default writer mode and zip level
//! riskreg-floor tuned OUT.xlsx PATH...   both cores reading, constant-memory writer, zip level 1
//! riskreg-floor read PATH...             read and touch every cell, write nothing
//! riskreg-floor csv FILE.csv             stream a Windows-1252 ';' CSV through encoding_rs and csv
//! ```

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

type Rows = Vec<Vec<Data>>;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("plain") if args.len() > 2 => consolidate(Path::new(&args[1]), &files(&args[2..]), false),
        Some("tuned") if args.len() > 2 => consolidate(Path::new(&args[1]), &files(&args[2..]), true),
        Some("read") if args.len() > 1 => {
            let cells: usize = files(&args[1..]).iter().map(|file| read(file).iter().map(Vec::len).sum::<usize>()).sum();
            println!("{cells} cells");
            Ok(())
        }
        Some("csv") if args.len() == 2 => csv_read(Path::new(&args[1])),
        _ => {
            eprintln!("usage: riskreg-floor plain|tuned OUT.xlsx PATH... | read PATH... | csv FILE.csv");
            std::process::exit(2);
        }
    };
    if let Err(err) = result {
        eprintln!("riskreg-floor: {err}");
        std::process::exit(1);
    }
}

/// Workbooks given or under folders given, in sorted order.
fn files(paths: &[String]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for path in paths.iter().map(PathBuf::from) {
        if path.is_dir() {
            let mut stack = vec![path];
            while let Some(dir) = stack.pop() {
                let Ok(entries) = std::fs::read_dir(&dir) else { continue };
                for entry in entries.flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path.extension().is_some_and(|ext| ext == "xlsx" || ext == "xls" || ext == "ods") {
                        found.push(path);
                    }
                }
            }
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Every cell of every sheet of a workbook, touched (cloned out of calamine's range).
fn read(path: &Path) -> Rows {
    let Ok(mut workbook) = open_workbook_auto(path) else { return Vec::new() };
    let mut rows = Vec::new();
    for name in workbook.sheet_names() {
        if let Ok(range) = workbook.worksheet_range(&name) {
            rows.extend(range.rows().map(|row| row.to_vec()));
        }
    }
    rows
}

fn consolidate(out: &Path, files: &[PathBuf], tuned: bool) -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = if tuned {
        workbook.set_zip_compression_level(1);
        workbook.add_worksheet_with_constant_memory()?
    } else {
        workbook.add_worksheet()
    };
    let mut next = 0u32;
    if tuned {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Rows>(4);
        let files = files.to_vec();
        let reader = std::thread::spawn(move || {
            for file in files {
                if sender.send(read(&file)).is_err() {
                    break;
                }
            }
        });
        for rows in receiver {
            next = write(sheet, next, &rows)?;
        }
        let _ = reader.join();
    } else {
        for file in files {
            next = write(sheet, next, &read(file))?;
        }
    }
    workbook.save(out)
}

fn write(sheet: &mut Worksheet, mut row: u32, rows: &Rows) -> Result<u32, XlsxError> {
    for cells in rows {
        for (column, cell) in cells.iter().enumerate() {
            let column = column as u16;
            match cell {
                Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => {
                    sheet.write_string(row, column, text)?;
                }
                Data::Float(number) => {
                    sheet.write_number(row, column, *number)?;
                }
                Data::Int(number) => {
                    sheet.write_number(row, column, *number as f64)?;
                }
                Data::Bool(flag) => {
                    sheet.write_boolean(row, column, *flag)?;
                }
                Data::DateTime(datetime) => {
                    sheet.write_number(row, column, datetime.as_f64())?;
                }
                Data::Error(_) | Data::Empty => {}
            }
        }
        row += 1;
    }
    Ok(row)
}

/// Streams a Windows-1252 `;` CSV, touching every field.
fn csv_read(path: &Path) -> Result<(), XlsxError> {
    let file = File::open(path).map_err(XlsxError::IoError)?;
    let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(Some(encoding_rs::WINDOWS_1252)).build(BufReader::new(file));
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').has_headers(false).flexible(true).from_reader(decoded);
    let mut record = csv::StringRecord::new();
    let (mut fields, mut bytes) = (0usize, 0usize);
    while reader.read_record(&mut record).map_err(|err| XlsxError::IoError(err.into()))? {
        fields += record.len();
        bytes += record.as_slice().len();
    }
    println!("{fields} fields, {bytes} bytes");
    Ok(())
}
