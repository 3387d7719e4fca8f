//! Delimited text: the encoding recognised (UTF-8 with or without BOM, UTF-16 with BOM,
//! Windows-1252 for the legacy exports), the delimiter sniffed (`;` `,` tab), and the
//! records streamed by the csv crate.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use super::{Cell, Limits, RowSink};
use crate::error::ReadFailure;

/// Decoded CSV text and how it was decoded.
#[derive(Debug)]
pub struct Text {
    /// The text, without byte-order mark.
    pub content: String,
    /// The delimiter found.
    pub delimiter: u8,
    /// The encoding the bytes were read as.
    pub encoding: &'static str,
}

/// The delimiters riskreg recognises, in order of preference on a tie.
const DELIMITERS: [u8; 3] = [b';', b',', b'\t'];
/// Records looked at to choose the delimiter.
const SNIFF_RECORDS: usize = 50;

impl Text {
    /// Decodes `bytes`, returning the text and a warning when the encoding was a guess
    /// that may have damaged some characters.
    pub fn decode(bytes: Vec<u8>) -> (Text, Option<String>) {
        let (content, encoding, warning) = decode(bytes);
        let delimiter = sniff_delimiter(&content);
        (Text { content, delimiter, encoding: encoding.name() }, warning)
    }

    /// Streams the records into `sink`, each with its starting line.
    ///
    /// # Errors
    /// [`ReadFailure::Csv`] when a record cannot be parsed, [`ReadFailure::TooManyRows`]
    /// past the limit.
    pub fn stream(&self, limits: &Limits, sink: &mut dyn RowSink) -> Result<(), ReadFailure> {
        sink.merged(super::Merges::known(Vec::new()));
        let mut reader = reader(self.delimiter, &self.content);
        let mut record = csv::StringRecord::new();
        let mut count = 0u32;
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) => {}
                Err(err) => return Err(ReadFailure::Csv(err.to_string())),
            }
            count += 1;
            if count > limits.max_rows {
                return Err(ReadFailure::TooManyRows { limit: limits.max_rows });
            }
            let line = record.position().map_or(u64::from(count), |position| self.first_line(position));
            let index = u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX);
            let cells: Vec<Cell<'_>> =
                record.iter().take(limits.max_columns as usize).map(|field| if field.is_empty() { Cell::Empty } else { Cell::Text(field) }).collect();
            sink.row(index, &cells);
        }
    }
}

impl Text {
    /// The line a record really starts on: the csv crate reports the position before the
    /// empty lines it skips.
    fn first_line(&self, position: &csv::Position) -> u64 {
        let start = usize::try_from(position.byte()).unwrap_or(usize::MAX);
        let rest = self.content.as_bytes().get(start..).unwrap_or_default();
        let skipped = rest.iter().take_while(|byte| matches!(byte, b'\r' | b'\n')).filter(|byte| **byte == b'\n').count();
        position.line() + skipped as u64
    }
}

fn reader(delimiter: u8, content: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(content.as_bytes())
}

/// Decodes bytes of unknown encoding: a BOM decides; else valid UTF-8 is UTF-8; else
/// mostly-valid UTF-8 with a few broken bytes is UTF-8 with replacements (warned); else
/// Windows-1252, the encoding of Swedish Excel's legacy CSV export.
fn decode(bytes: Vec<u8>) -> (String, &'static Encoding, Option<String>) {
    if let Some((encoding, bom_length)) = Encoding::for_bom(&bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        let warning = had_errors.then(|| format!("invalid {} bytes were replaced by �", encoding.name()));
        return (text.into_owned(), encoding, warning);
    }
    if let Some(encoding) = utf16_without_bom(&bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes);
        return (text.into_owned(), encoding, Some(format!("no byte-order mark; read as {}", encoding.name())));
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, UTF_8, None),
        Err(err) => {
            let bytes = err.into_bytes();
            let (valid, invalid) = utf8_sequence_counts(&bytes);
            if valid > invalid * 4 {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                (text, UTF_8, Some(format!("{invalid} invalid UTF-8 byte sequences were replaced by �")))
            } else {
                let (text, _) = WINDOWS_1252.decode_without_bom_handling(&bytes);
                (text.into_owned(), WINDOWS_1252, None)
            }
        }
    }
}

/// Counts well-formed multi-byte UTF-8 sequences and invalid bytes.
fn utf8_sequence_counts(bytes: &[u8]) -> (usize, usize) {
    let (mut valid, mut invalid) = (0, 0);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    (valid, invalid)
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
fn sniff_delimiter(content: &str) -> u8 {
    let score = |delimiter: u8| {
        let mut counts = std::collections::HashMap::<usize, usize>::new();
        for record in reader(delimiter, content).records().take(SNIFF_RECORDS).flatten() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_is_recognised() {
        let (text, encoding, warning) = decode(b"Oo\xf6nskad h\xe4ndelse \x96 \xe5tg\xe4rd".to_vec());
        assert_eq!(text, "Ooönskad händelse – åtgärd");
        assert_eq!(encoding, WINDOWS_1252);
        assert_eq!(warning, None);
    }

    #[test]
    fn boms_decide() {
        let (text, encoding, _) = decode(b"\xEF\xBB\xBFNr;Risk".to_vec());
        assert_eq!((text.as_str(), encoding), ("Nr;Risk", UTF_8));
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("Åtgärd;Status".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let (text, encoding, _) = decode(utf16);
        assert_eq!((text.as_str(), encoding), ("Åtgärd;Status", UTF_16LE));
    }

    #[test]
    fn a_stray_byte_in_utf8_is_replaced_not_reinterpreted() {
        let (text, encoding, warning) = decode("Åtgärd för lönehantering: \u{e5}\u{e4}\u{f6}".bytes().chain([0xff]).collect());
        assert_eq!(encoding, UTF_8);
        assert!(text.starts_with("Åtgärd för"));
        assert!(warning.is_some());
    }

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("Titel\nNr;Oönskad händelse;RV\n1;Fel, stort;12\n"), b';');
        assert_eq!(sniff_delimiter("Nr,Oönskad händelse,RV\n1,\"Fel; stort\",12\n"), b',');
        assert_eq!(sniff_delimiter("Nr\tHändelse\tRV\n1\tFel\t12\n"), b'\t');
    }
}
