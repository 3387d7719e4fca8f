//! Delimited text, streamed: the encoding recognised line by line (UTF-8 with or without
//! BOM, UTF-16 with BOM, Windows-1252 for the legacy exports, and files that mix UTF-8
//! and Windows-1252 lines, each line decoded as what it is) in one pass that also hashes
//! the file, the delimiter sniffed (`;` `,` tab) from its start, and the records decoded
//! and parsed by encoding_rs and the csv crate as they are read, however large the file
//! (a large one on a second thread, while its rows are normalised).
//!
//! What would lose rows quietly is reported with its line instead: a quote opened and
//! never closed (the lines from there are read again with quotes taken as text), and a
//! record past [`MAX_RECORD_BYTES`] or [`MAX_RECORD_LINES`] (left out; the rows after it
//! are read).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use sha2::{Digest, Sha256};

use super::sheet::{deliver, Cell, Limits, RowSink, PIPELINE_BYTES};
use crate::error::{ReadFailure, Warning};

/// A CSV file and how to read it.
#[derive(Debug, Clone)]
pub struct Text {
    source: Source,
    decoding: Decoding,
    /// Bytes of byte-order mark to skip.
    bom: usize,
    /// The delimiter found.
    pub delimiter: u8,
}

/// Where the bytes are: a file, or (for a pipe or device, read once) memory.
#[derive(Debug, Clone)]
enum Source {
    File(PathBuf),
    Bytes(Arc<[u8]>),
}

/// How the bytes become text.
#[derive(Debug, Clone, Copy)]
enum Decoding {
    /// Valid UTF-8: no decoder.
    Utf8,
    /// One encoding for the whole text.
    Whole(&'static Encoding),
    /// Each line as UTF-8 if it is valid UTF-8, else as Windows-1252.
    ByLine,
}

/// What reading a CSV file's bytes once tells.
#[derive(Debug)]
pub struct Recognised {
    /// How to read it.
    pub text: Text,
    /// SHA-256 of its bytes, lower-case hex.
    pub sha256: String,
    /// A warning when the encoding was a guess, was set against the bytes, or is mixed.
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
/// Longest record read: a register row is a few kilobytes; a cell holds at most 32 767
/// characters.
pub const MAX_RECORD_BYTES: u64 = 8 << 20;
/// Most lines one record spans: more is a quote left open, not a cell.
pub const MAX_RECORD_LINES: u64 = 500;
/// Lines named in one warning, at most.
const MAX_NAMED_LINES: usize = 1000;

impl Text {
    /// Reads the file once: its hash, its lines' encodings and, from `head` (its first
    /// bytes), the delimiter ([`Text::decide`]); what `set` gives is taken instead.
    ///
    /// # Errors
    /// [`ReadFailure::Io`] when the file cannot be read.
    pub fn recognise(path: &Path, head: &[u8], set: CsvInput) -> Result<Recognised, ReadFailure> {
        let mut file = File::open(path)?;
        let mut buffer = vec![0; CHUNK];
        let mut scan = Scan::default();
        loop {
            let read = file.read(&mut buffer)?;
            if read == 0 {
                break;
            }
            scan.feed(&buffer[..read]);
        }
        Ok(Text::decide(Source::File(path.to_path_buf()), head, scan, set))
    }

    /// As [`Text::recognise`], for bytes already in memory (a pipe read once).
    pub fn recognise_bytes(bytes: Arc<[u8]>, set: CsvInput) -> Recognised {
        let mut scan = Scan::default();
        scan.feed(&bytes);
        let head = bytes[..bytes.len().min(super::HEAD_BYTES as usize)].to_vec();
        Text::decide(Source::Bytes(bytes), &head, scan, set)
    }

    /// The encoding: a BOM decides; else text that is all valid UTF-8 is UTF-8, text with
    /// no valid UTF-8 beyond ASCII is Windows-1252 (Swedish Excel's CSV export), and text
    /// with both has each line read as what it is, the Windows-1252 lines named.
    fn decide(source: Source, head: &[u8], mut scan: Scan, set: CsvInput) -> Recognised {
        scan.end_line();
        let sha256 = crate::text::hex(&scan.hasher.clone().finalize());
        let foreign = || crate::text::line_ranges(&scan.foreign);
        let (decoding, bom, warning) = match (set.encoding, Encoding::for_bom(head)) {
            (Some(encoding), found) => {
                let bom = found.filter(|(found, _)| *found == encoding).map_or(0, |(_, bom)| bom);
                let warning = (encoding == UTF_8 && !scan.foreign.is_empty())
                    .then(|| Warning::NotTheEncodingSet { encoding: encoding.name(), lines: foreign() });
                (Decoding::Whole(encoding), bom, warning)
            }
            (None, Some((encoding, bom))) if encoding != UTF_8 => (Decoding::Whole(encoding), bom, None),
            (None, found) => {
                let bom = found.map_or(0, |(_, bom)| bom);
                match utf16_without_bom(head).filter(|_| bom == 0) {
                    Some(encoding) => {
                        (Decoding::Whole(encoding), 0, Some(Warning::NoByteOrderMark { encoding: encoding.name() }))
                    }
                    None if scan.foreign.is_empty() => (Decoding::Utf8, bom, None),
                    None if scan.utf8_lines == 0 && bom == 0 => (Decoding::Whole(WINDOWS_1252), 0, None),
                    None => (Decoding::ByLine, bom, Some(Warning::MixedEncodings { lines: foreign() })),
                }
            }
        };
        let encoding = match decoding {
            Decoding::Whole(encoding) => encoding,
            Decoding::Utf8 | Decoding::ByLine => UTF_8,
        };
        let (sample, _) = encoding.decode_without_bom_handling(complete_lines(&head[bom.min(head.len())..]));
        let delimiter = set.delimiter.unwrap_or_else(|| sniff_delimiter(&sample));
        Recognised { text: Text { source, decoding, bom, delimiter }, sha256, warning }
    }

    /// The encoding's name, for reports.
    pub fn encoding(&self) -> &'static str {
        match self.decoding {
            Decoding::Utf8 => UTF_8.name(),
            Decoding::Whole(encoding) => encoding.name(),
            Decoding::ByLine => "UTF-8 and windows-1252",
        }
    }

    /// Streams the records into `sink`, each with its starting line, and returns what is
    /// worth telling (a quote never closed, a record past the limits). A large file is
    /// decoded and parsed on a second thread.
    ///
    /// # Errors
    /// [`ReadFailure::Io`], [`ReadFailure::Csv`] when a record cannot be parsed,
    /// [`ReadFailure::TooManyRows`] or [`ReadFailure::TooManyCells`] past the limits (the
    /// records before have been delivered).
    pub fn stream(&self, limits: &Limits, sink: &mut dyn RowSink) -> Result<Vec<Warning>, ReadFailure> {
        sink.merged(Vec::new());
        let large = match &self.source {
            Source::File(path) => std::fs::metadata(path)?.len() >= PIPELINE_BYTES,
            Source::Bytes(bytes) => bytes.len() as u64 >= PIPELINE_BYTES,
        };
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
    /// to stop early); a quote left open is read again from its line with quotes taken
    /// as text.
    fn records(&self, limits: &Limits, emit: &mut dyn FnMut(&mut Record) -> bool) -> Result<Vec<Warning>, ReadFailure> {
        let mut warnings = Vec::new();
        let mut from = Resume { line: 0, quoting: true, count: 0, cells: 0 };
        loop {
            let parsed = parse(self.decoded(from.line)?, self.delimiter, limits, &mut from, emit)?;
            warnings.extend(parsed.skipped);
            match parsed.open_quote {
                Some((record, quote)) if from.quoting => {
                    warnings
                        .retain(|warning| !matches!(warning, Warning::RecordTooLong { line, .. } if *line == record));
                    warnings.push(Warning::QuoteNeverClosed { line: quote });
                    from = Resume { line: record - 1, quoting: false, ..from };
                }
                _ => return Ok(warnings),
            }
        }
    }

    /// The text from 0-based `line` on, decoded.
    fn decoded(&self, line: u64) -> Result<Box<dyn Read + Send>, ReadFailure> {
        let mut raw: Box<dyn BufRead + Send> = match &self.source {
            Source::File(path) => Box::new(BufReader::with_capacity(CHUNK, File::open(path)?)),
            Source::Bytes(bytes) => Box::new(std::io::Cursor::new(Arc::clone(bytes))),
        };
        std::io::copy(&mut (&mut raw).take(self.bom as u64), &mut std::io::sink())?;
        skip_lines(&mut raw, line)?;
        Ok(match self.decoding {
            Decoding::Utf8 => raw,
            Decoding::Whole(encoding) => Box::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(Some(encoding)).bom_sniffing(false).build(raw),
            ),
            Decoding::ByLine => Box::new(LineDecoder { inner: raw, line: Vec::new(), out: Vec::new(), at: 0 }),
        })
    }
}

/// Skips `lines` lines of raw text.
fn skip_lines(raw: &mut dyn BufRead, lines: u64) -> std::io::Result<()> {
    let mut skipped = 0;
    while skipped < lines {
        let buffer = raw.fill_buf()?;
        if buffer.is_empty() {
            return Ok(());
        }
        let (used, found) = match memchr::memchr(b'\n', buffer) {
            Some(end) => (end + 1, 1),
            None => (buffer.len(), 0),
        };
        raw.consume(used);
        skipped += found;
    }
    Ok(())
}

/// Decodes each line as UTF-8 if it is valid UTF-8, else as Windows-1252.
struct LineDecoder<R> {
    inner: R,
    line: Vec<u8>,
    out: Vec<u8>,
    at: usize,
}

impl<R: BufRead> Read for LineDecoder<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.out.len() {
            self.line.clear();
            self.out.clear();
            self.at = 0;
            (&mut self.inner).take(MAX_RECORD_BYTES + 1).read_until(b'\n', &mut self.line)?;
            match std::str::from_utf8(&self.line) {
                Ok(text) => self.out.extend_from_slice(text.as_bytes()),
                Err(_) => self.out.extend_from_slice(WINDOWS_1252.decode_without_bom_handling(&self.line).0.as_bytes()),
            }
        }
        let count = buffer.len().min(self.out.len() - self.at);
        buffer[..count].copy_from_slice(&self.out[self.at..self.at + count]);
        self.at += count;
        Ok(count)
    }
}

/// The hash and the lines' encodings, from one pass over the bytes.
#[derive(Default)]
struct Scan {
    hasher: Sha256,
    /// The current line so far: its UTF-8 check and whether it has characters past ASCII.
    check: Utf8Count,
    /// 1-based number of the current line.
    line: u32,
    /// Lines with valid UTF-8 past ASCII.
    utf8_lines: usize,
    /// Lines that are not UTF-8 (the first [`MAX_NAMED_LINES`]).
    foreign: Vec<u32>,
}

impl Scan {
    fn feed(&mut self, chunk: &[u8]) {
        self.hasher.update(chunk);
        let mut rest = chunk;
        while let Some(end) = memchr::memchr(b'\n', rest) {
            self.check.feed(&rest[..end]);
            self.end_line();
            rest = &rest[end + 1..];
        }
        self.check.feed(rest);
    }

    /// Ends the current line: a character cut off by the line's end is invalid too.
    fn end_line(&mut self) {
        let check = std::mem::take(&mut self.check);
        self.line = self.line.saturating_add(1);
        if check.invalid > 0 || !check.carry.is_empty() {
            if self.foreign.len() < MAX_NAMED_LINES {
                self.foreign.push(self.line);
            }
        } else if check.valid_multibyte > 0 {
            self.utf8_lines += 1;
        }
    }
}

/// A record and the 0-based line it starts on.
type Record = (u32, csv::StringRecord);

/// Where a pass over the text starts, and the records read before it.
struct Resume {
    /// 0-based line.
    line: u64,
    /// Whether quotes delimit fields.
    quoting: bool,
    /// Records read so far.
    count: u32,
    /// Fields with content read so far, against [`Limits::max_cells`].
    cells: u64,
}

/// What one pass tells besides its records.
struct Parsed {
    /// Records left out for their size, as warnings.
    skipped: Vec<Warning>,
    /// The 1-based first line of the record of a quote opened and never closed (the pass
    /// left that record out), and the quote's line.
    open_quote: Option<(u64, u64)>,
}

/// Parses `text` (from line `from.line` on) into records for `emit`.
fn parse(
    text: impl Read,
    delimiter: u8,
    limits: &Limits,
    from: &mut Resume,
    emit: &mut dyn FnMut(&mut Record) -> bool,
) -> Result<Parsed, ReadFailure> {
    let watch = Watch::new(text, delimiter, from.quoting);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .quoting(from.quoting)
        .from_reader(watch);
    let mut item: Record = (0, csv::StringRecord::new());
    let mut blank_cursor = 0;
    let mut skipped = Vec::new();
    loop {
        if !reader.read_record(&mut item.1)? {
            let open_quote =
                reader.get_ref().open_quote().map(|(record, quote)| (from.line + record, from.line + quote));
            return Ok(Parsed { skipped, open_quote });
        }
        from.count += 1;
        if from.count > limits.max_rows {
            return Err(ReadFailure::TooManyRows { limit: limits.max_rows });
        }
        let line = from.line
            + item
                .1
                .position()
                .map_or(u64::from(from.count), |position| reader.get_ref().first_line(position, &mut blank_cursor));
        let relative = line - from.line;
        if reader.get_ref().was_cut(relative) {
            skipped.push(Warning::RecordTooLong { line, bytes: MAX_RECORD_BYTES, lines: MAX_RECORD_LINES });
            continue;
        }
        if reader.get_ref().open_quote().is_some_and(|(record, _)| record == relative) {
            continue;
        }
        from.cells += item.1.iter().filter(|field| !field.is_empty()).count() as u64;
        if from.cells > limits.max_cells {
            return Err(ReadFailure::TooManyCells { limit: limits.max_cells });
        }
        item.0 = u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX);
        if !emit(&mut item) {
            return Ok(Parsed { skipped, open_quote: None });
        }
    }
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

/// Chooses the delimiter whose lines most often share one field count above one. Quotes
/// are taken as text here, so that a quote left open cannot hide the lines after it.
fn sniff_delimiter(sample: &str) -> u8 {
    let score = |delimiter: u8| {
        let mut counts = std::collections::HashMap::<usize, usize>::new();
        let lines = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .quoting(false)
            .from_reader(sample.as_bytes());
        for record in lines.into_records().take(SNIFF_RECORDS).flatten() {
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

/// Passes text to the csv parser, watching it: every run of two or more line-end bytes
/// (the csv crate skips empty lines and reports the record after them at a position
/// inside such a run), the quotes (a record still inside a quoted field at the end of the
/// text has a quote that was never closed), and each record's size — a record past
/// [`MAX_RECORD_BYTES`] or [`MAX_RECORD_LINES`] is cut short and its line kept, for the
/// pass to leave it out. Its first read is never a lone byte-order mark: csv-core drops a
/// mark at the start and would take the empty rest for the end of the input (a file that
/// repeats its mark, decoded, can begin so).
struct Watch<R> {
    inner: R,
    delimiter: u8,
    quoting: bool,
    /// Bytes passed to the parser so far.
    passed: u64,
    /// The run of line-end bytes being passed: its start and bytes.
    current: (u64, Vec<u8>),
    /// Finished runs of two or more line-end bytes, in order.
    runs: Vec<(u64, Vec<u8>)>,
    /// Line ends left out with a record cut short: where in the bytes passed, how many.
    dropped: Vec<(u64, u64)>,
    /// Line ends left out of the record being cut.
    dropping: u64,
    /// Line ends passed.
    line: u64,
    /// The quote state of the text passed.
    quotes: Quotes,
    /// The record being passed: its first line, bytes and line ends so far.
    record: (u64, u64, u64),
    /// Whether the record is being cut, and whether the parser was inside quotes then.
    cutting: Option<bool>,
    /// First lines (0-based) of the records cut short.
    cuts: std::cell::RefCell<std::collections::VecDeque<u64>>,
    /// Whether the end of the text was reached.
    ended: bool,
    /// Bytes ready for the parser.
    out: Vec<u8>,
    at: usize,
    scratch: Vec<u8>,
}

/// Where the text passed stands with respect to quotes.
#[derive(Debug, Clone, Copy, Default)]
struct Quotes {
    /// At the start of a field.
    field_start: bool,
    /// Inside a quoted field, and the line its quote opened on.
    open: Option<u64>,
    /// A quote inside a quoted field: its end, or the first of a doubled quote.
    pending: bool,
}

impl<R> Watch<R> {
    fn new(inner: R, delimiter: u8, quoting: bool) -> Self {
        Watch {
            inner,
            delimiter,
            quoting,
            passed: 0,
            current: (0, Vec::new()),
            runs: Vec::new(),
            dropped: Vec::new(),
            dropping: 0,
            line: 0,
            quotes: Quotes { field_start: true, ..Quotes::default() },
            record: (0, 0, 0),
            cutting: None,
            cuts: Default::default(),
            ended: false,
            out: Vec::new(),
            at: 0,
            scratch: vec![0; 64 << 10],
        }
    }

    /// The line a record at `position` really starts on (1-based, relative to the
    /// pass): past the line ends of the run it is reported in, if any.
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
        let dropped: u64 = self.dropped.iter().take_while(|(at, _)| *at <= start).map(|(_, lines)| lines).sum();
        position.line() + skipped + dropped
    }

    /// Whether the record starting on 1-based `line` was cut short (asked once per record,
    /// in order).
    fn was_cut(&self, line: u64) -> bool {
        let mut cuts = self.cuts.borrow_mut();
        while cuts.front().is_some_and(|cut| *cut + 1 < line) {
            cuts.pop_front();
        }
        cuts.front().is_some_and(|cut| *cut + 1 == line) && cuts.pop_front().is_some()
    }

    /// At the end of the text inside a quoted field: the 1-based first line of its record
    /// and the line of its quote.
    fn open_quote(&self) -> Option<(u64, u64)> {
        self.quotes.open.filter(|_| self.ended && !self.quotes.pending).map(|quote| (self.record.0 + 1, quote + 1))
    }

    /// Passes one byte (or, cutting, drops it) and follows the quotes and the record.
    fn pass(&mut self, byte: u8) {
        let ends_record = self.follow(byte);
        if byte == b'\n' {
            self.line += 1;
            self.record.2 += 1;
        }
        self.record.1 += 1;
        if self.cutting.is_none() && (self.record.1 > MAX_RECORD_BYTES || self.record.2 > MAX_RECORD_LINES) {
            self.cutting = Some(self.quotes.open.is_some());
            self.cuts.borrow_mut().push_back(self.record.0);
        }
        match self.cutting {
            None => self.emit(byte),
            Some(in_quotes) if ends_record => {
                if in_quotes {
                    self.emit(b'"');
                }
                self.emit(b'\n');
                self.dropped.push((self.passed, self.dropping));
                self.dropping = 0;
                self.cutting = None;
            }
            Some(_) => self.dropping += u64::from(byte == b'\n'),
        }
        if ends_record {
            self.record = (self.line, 0, 0);
        }
    }

    /// Hands one byte to the parser, noting runs of line ends.
    fn emit(&mut self, byte: u8) {
        let at = self.passed;
        self.passed += 1;
        if matches!(byte, b'\r' | b'\n') {
            if self.current.1.is_empty() {
                self.current.0 = at;
            }
            self.current.1.push(byte);
        } else if !self.current.1.is_empty() {
            let run = std::mem::take(&mut self.current.1);
            if run.len() >= 2 || self.current.0 == 0 {
                self.runs.push((self.current.0, run));
            }
        }
        self.out.push(byte);
    }

    /// Follows the quotes; whether `byte` ends a record.
    fn follow(&mut self, byte: u8) -> bool {
        let quotes = &mut self.quotes;
        if quotes.open.is_some() {
            if !quotes.pending {
                quotes.pending = byte == b'"';
                return false;
            }
            quotes.pending = false;
            if byte == b'"' {
                return false;
            }
            quotes.open = None;
        }
        if self.quoting && byte == b'"' && quotes.field_start {
            quotes.open = Some(self.line);
            quotes.field_start = false;
            return false;
        }
        quotes.field_start = byte == self.delimiter || byte == b'\n';
        if byte == b'\r' {
            quotes.field_start = true;
        }
        byte == b'\n'
    }
}

/// U+FEFF in UTF-8.
const UTF8_BOM: &[u8; 3] = b"\xEF\xBB\xBF";

impl<R: Read> Read for Watch<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.out.len() && !self.ended {
            self.out.clear();
            self.at = 0;
            let mut read = self.inner.read(&mut self.scratch)?;
            if self.passed == 0 && self.scratch[..read] == *UTF8_BOM {
                read += self.inner.read(&mut self.scratch[read..])?;
            }
            self.ended = read == 0;
            let scratch = std::mem::take(&mut self.scratch);
            scratch[..read].iter().for_each(|byte| self.pass(*byte));
            self.scratch = scratch;
        }
        let count = buffer.len().min(self.out.len() - self.at);
        buffer[..count].copy_from_slice(&self.out[self.at..self.at + count]);
        self.at += count;
        Ok(count)
    }
}

#[cfg(test)]
mod tests;
