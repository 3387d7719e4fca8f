//! Delimited text, streamed: the encoding recognised (UTF-8 with or without BOM, UTF-16
//! with BOM, Windows-1252 for the legacy exports) in one pass that also hashes the file,
//! the delimiter sniffed (`;` `,` tab) from its start, and the records decoded and parsed
//! by encoding_rs and the csv crate as they are read, however large the file (a large one
//! on a second thread, while its rows are normalised).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use sha2::{Digest, Sha256};

use super::sheet::{deliver, Cell, Limits, RowSink, PIPELINE_BYTES};
use crate::error::{ReadFailure, Warning};

/// A CSV file and how to read it.
#[derive(Debug, Clone)]
pub struct Text {
    path: PathBuf,
    encoding: &'static Encoding,
    /// Bytes of byte-order mark to skip.
    bom: usize,
    /// Whether the bytes must go through a decoder (any encoding but valid UTF-8).
    decode: bool,
    /// The delimiter found.
    pub delimiter: u8,
}

/// What reading a CSV file's bytes once tells.
#[derive(Debug)]
pub struct Recognised {
    /// How to read it.
    pub text: Text,
    /// SHA-256 of its bytes, lower-case hex.
    pub sha256: String,
    /// A warning when the encoding was a guess that replaces some bytes.
    pub warning: Option<Warning>,
}

/// What the user set for reading CSV (`--delimiter`, `--encoding`), instead of what
/// riskreg would recognise.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvInput {
    /// The delimiter.
    pub delimiter: Option<u8>,
    /// The encoding.
    pub encoding: Option<&'static Encoding>,
}

/// The delimiters riskreg recognises, in order of preference on a tie.
const DELIMITERS: [u8; 3] = [b';', b',', b'\t'];
/// Records looked at to choose the delimiter.
const SNIFF_RECORDS: usize = 50;
/// Bytes read at a time.
const CHUNK: usize = 1 << 20;

impl Text {
    /// Reads the file once: its hash, its encoding (a BOM decides; else valid UTF-8 is
    /// UTF-8; mostly-valid UTF-8 with a few broken bytes is UTF-8 with replacements,
    /// warned; anything else is Windows-1252, the encoding of Swedish Excel's CSV export)
    /// and, from `head` (its first bytes), the delimiter; what `set` gives is taken
    /// instead.
    ///
    /// # Errors
    /// [`ReadFailure::Io`] when the file cannot be read.
    pub fn recognise(path: &Path, head: &[u8], set: CsvInput) -> Result<Recognised, ReadFailure> {
        let mut hasher = Sha256::new();
        let mut utf8 = Utf8Count::default();
        let mut file = File::open(path)?;
        let mut buffer = vec![0; CHUNK];
        loop {
            let read = file.read(&mut buffer)?;
            if read == 0 {
                break;
            }
            hasher.update(&buffer[..read]);
            utf8.feed(&buffer[..read]);
        }
        // A character cut off by the end of the file is an invalid sequence too.
        utf8.invalid += usize::from(!utf8.carry.is_empty());
        let (encoding, bom, warning) = if let Some(encoding) = set.encoding {
            (encoding, Encoding::for_bom(head).filter(|(found, _)| *found == encoding).map_or(0, |(_, bom)| bom), None)
        } else if let Some((encoding, bom)) = Encoding::for_bom(head) {
            (encoding, bom, None)
        } else if let Some(encoding) = utf16_without_bom(head) {
            (encoding, 0, Some(Warning::NoByteOrderMark { encoding: encoding.name() }))
        } else if utf8.invalid == 0 {
            (UTF_8, 0, None)
        } else if utf8.valid_multibyte > utf8.invalid * 4 {
            (UTF_8, 0, Some(Warning::InvalidUtf8 { count: utf8.invalid }))
        } else {
            (WINDOWS_1252, 0, None)
        };
        let decode = encoding != UTF_8 || utf8.invalid > 0;
        let (sample, _) = encoding.decode_without_bom_handling(complete_lines(&head[bom.min(head.len())..]));
        let delimiter = set.delimiter.unwrap_or_else(|| sniff_delimiter(&sample));
        let text = Text { path: path.to_path_buf(), encoding, bom, decode, delimiter };
        Ok(Recognised { text, sha256: crate::text::hex(&hasher.finalize()), warning })
    }

    /// The encoding's name, for reports.
    pub fn encoding(&self) -> &'static str {
        self.encoding.name()
    }

    /// Streams the records into `sink`, each with its starting line. A large file is
    /// decoded and parsed on a second thread.
    ///
    /// # Errors
    /// [`ReadFailure::Io`], [`ReadFailure::Csv`] when a record cannot be parsed,
    /// [`ReadFailure::TooManyRows`] past the limit.
    pub fn stream(&self, limits: &Limits, sink: &mut dyn RowSink) -> Result<(), ReadFailure> {
        sink.merged(Vec::new());
        let large = std::fs::metadata(&self.path)?.len() >= PIPELINE_BYTES;
        deliver(
            large,
            |emit| self.records(limits, emit),
            |(index, record): &Record| {
                let cells: Vec<Cell<'_>> = record
                    .iter()
                    .take(limits.max_columns as usize)
                    .map(|field| if field.is_empty() { Cell::Empty } else { Cell::Text(field) })
                    .collect();
                sink.row(*index, &cells);
            },
        )
    }

    /// Hands each record, with its 0-based starting line, to `emit` (which returns false
    /// to stop early). The record's buffer is reused for the next unless `emit` takes it.
    fn records(&self, limits: &Limits, emit: &mut dyn FnMut(&mut Record) -> bool) -> Result<(), ReadFailure> {
        let mut file = BufReader::with_capacity(CHUNK, File::open(&self.path)?);
        std::io::copy(&mut (&mut file).take(self.bom as u64), &mut std::io::sink())?;
        if self.decode {
            let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(self.encoding))
                .bom_sniffing(false)
                .build(file);
            parse(decoded, self.delimiter, limits, emit)
        } else {
            parse(file, self.delimiter, limits, emit)
        }
    }
}

/// A record and the 0-based line it starts on.
type Record = (u32, csv::StringRecord);

fn parse(
    text: impl Read,
    delimiter: u8,
    limits: &Limits,
    emit: &mut dyn FnMut(&mut Record) -> bool,
) -> Result<(), ReadFailure> {
    let mut reader = reader(delimiter, BlankLines::new(text));
    let mut item: Record = (0, csv::StringRecord::new());
    let mut count = 0u32;
    let mut blank_cursor = 0;
    loop {
        if !reader.read_record(&mut item.1)? {
            return Ok(());
        }
        count += 1;
        if count > limits.max_rows {
            return Err(ReadFailure::TooManyRows { limit: limits.max_rows });
        }
        let line = item
            .1
            .position()
            .map_or(u64::from(count), |position| reader.get_ref().first_line(position, &mut blank_cursor));
        item.0 = u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX);
        if !emit(&mut item) {
            return Ok(());
        }
    }
}

fn reader<R: Read>(delimiter: u8, text: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text)
}

/// Counts well-formed multi-byte UTF-8 characters and invalid byte sequences, chunk by
/// chunk (a character cut at a chunk's end is completed by the next).
#[derive(Debug, Default)]
struct Utf8Count {
    valid_multibyte: usize,
    invalid: usize,
    carry: Vec<u8>,
}

impl Utf8Count {
    fn feed(&mut self, chunk: &[u8]) {
        let joined;
        let mut rest: &[u8] = if self.carry.is_empty() {
            chunk
        } else {
            joined = [std::mem::take(&mut self.carry).as_slice(), chunk].concat();
            &joined
        };
        loop {
            let (valid, error) = match std::str::from_utf8(rest) {
                Ok(_) => (rest.len(), None),
                Err(err) => (err.valid_up_to(), Some(err.error_len())),
            };
            self.valid_multibyte += multibyte(&rest[..valid]);
            match error {
                None => break,
                Some(Some(length)) => {
                    self.invalid += 1;
                    rest = &rest[valid + length..];
                }
                Some(None) => {
                    self.carry = rest[valid..].to_vec();
                    break;
                }
            }
        }
    }
}

/// The multi-byte characters of valid UTF-8: each starts with a byte of 0xC0 or more.
fn multibyte(valid: &[u8]) -> usize {
    valid.iter().filter(|byte| **byte >= 0xC0).count()
}

/// The bytes up to the last line end, so that a sample cuts no record or character.
fn complete_lines(head: &[u8]) -> &[u8] {
    head.iter().rposition(|byte| *byte == b'\n').map_or(head, |end| &head[..=end])
}

/// UTF-16 without a BOM shows as NUL bytes in every other position.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 8 {
        return None;
    }
    let zeros_at = |parity: usize| head.iter().skip(parity).step_by(2).filter(|byte| **byte == 0).count();
    let half = head.len() / 2;
    if zeros_at(1) * 10 > half * 9 {
        Some(UTF_16LE)
    } else if zeros_at(0) * 10 > half * 9 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Chooses the delimiter whose records most often share one field count above one.
fn sniff_delimiter(sample: &str) -> u8 {
    let score = |delimiter: u8| {
        let mut counts = std::collections::HashMap::<usize, usize>::new();
        for record in reader(delimiter, sample.as_bytes()).records().take(SNIFF_RECORDS).flatten() {
            let fields = record.iter().filter(|field| !field.trim().is_empty()).count();
            if fields > 1 {
                *counts.entry(record.len()).or_default() += 1;
            }
        }
        counts.into_iter().map(|(width, lines)| (lines, width)).max().unwrap_or_default()
    };
    let mut best = (DELIMITERS[0], score(DELIMITERS[0]));
    for delimiter in &DELIMITERS[1..] {
        let candidate = score(*delimiter);
        if candidate > best.1 {
            best = (*delimiter, candidate);
        }
    }
    best.0
}

/// Passes text through, noting every run of two or more line-end bytes (`\r`, `\n`):
/// the csv crate skips empty lines and reports the record after them at a position
/// inside such a run. Its first read is never a lone byte-order mark: csv-core drops a
/// mark at the start and would take the empty rest for the end of the input (a file that
/// repeats its mark, decoded, can begin so).
struct BlankLines<R> {
    inner: R,
    /// Bytes passed so far.
    offset: u64,
    /// The run of line-end bytes being passed: its start and bytes.
    current: (u64, Vec<u8>),
    /// Finished runs of two or more line-end bytes, in order.
    runs: Vec<(u64, Vec<u8>)>,
}

impl<R> BlankLines<R> {
    fn new(inner: R) -> Self {
        BlankLines { inner, offset: 0, current: (0, Vec::new()), runs: Vec::new() }
    }

    /// The line a record at `position` really starts on: past the line ends of the run
    /// it is reported in, if any.
    fn first_line(&self, position: &csv::Position, cursor: &mut usize) -> u64 {
        let start = position.byte();
        let runs = self.runs.iter().chain(std::iter::once(&self.current));
        let mut runs = runs.skip(*cursor);
        let mut skipped = 0;
        for (run_start, bytes) in &mut runs {
            let run_end = run_start + bytes.len() as u64;
            if run_end <= start {
                *cursor += 1;
                continue;
            }
            if *run_start <= start {
                let inside = usize::try_from(start - run_start).unwrap_or(usize::MAX);
                skipped = bytes.get(inside..).unwrap_or_default().iter().filter(|byte| **byte == b'\n').count() as u64;
            }
            break;
        }
        position.line() + skipped
    }
}

/// U+FEFF in UTF-8.
const UTF8_BOM: &[u8; 3] = b"\xEF\xBB\xBF";

impl<R: Read> Read for BlankLines<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let mut read = self.inner.read(buffer)?;
        if self.offset == 0 && buffer[..read] == *UTF8_BOM && buffer.len() > read {
            read += self.inner.read(&mut buffer[read..])?;
        }
        for (index, byte) in buffer[..read].iter().enumerate() {
            let at = self.offset + index as u64;
            if matches!(byte, b'\r' | b'\n') {
                if self.current.1.is_empty() {
                    self.current.0 = at;
                }
                self.current.1.push(*byte);
            } else if !self.current.1.is_empty() {
                let run = std::mem::take(&mut self.current.1);
                if run.len() >= 2 || self.current.0 == 0 {
                    self.runs.push((self.current.0, run));
                }
            }
        }
        self.offset += read as u64;
        Ok(read)
    }
}

#[cfg(test)]
mod tests;
