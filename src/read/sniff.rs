//! What a file really is, told from its bytes rather than its name: a CSV named `.xlsx`
//! is read as CSV (with a warning), a PNG named `.xlsx` is refused as a PNG, and an
//! encrypted workbook is named as such instead of as a broken one.
//!
//! Zip-based workbooks are also checked here before any part is inflated: the declared
//! sizes of all parts together against the budget (the zip reader enforces the declared
//! sizes, so checking them bounds memory), entries that share bytes, and the shared-string
//! count calamine would reserve room for.

use std::io::Cursor;
use std::path::Path;

use super::sheet::Limits;
use crate::error::{Damage, ReadFailure, Warning};

/// Extensions riskreg reads when it walks a folder.
pub const EXTENSIONS: [&str; 12] =
    ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt", "parquet", "json", "ndjson", "jsonl"];

/// A format riskreg reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML workbook (.xlsx, .xlsm).
    Xlsx,
    /// Excel binary workbook (.xlsb).
    Xlsb,
    /// OpenDocument spreadsheet (.ods).
    Ods,
    /// Legacy Excel 97–2003 workbook (.xls).
    Xls,
    /// Delimited text (.csv, .tsv, .txt).
    Csv,
    /// Apache Parquet (riskreg's own canonical frame).
    Parquet,
    /// JSON records (riskreg's own canonical frame).
    Json,
}

impl Format {
    /// A short name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsb => "xlsb",
            Format::Ods => "ods",
            Format::Xls => "xls",
            Format::Csv => "CSV",
            Format::Parquet => "parquet",
            Format::Json => "JSON",
        }
    }

    fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Xlsx => &["xlsx", "xlsm"],
            Format::Xlsb => &["xlsb"],
            Format::Ods => &["ods"],
            Format::Xls => &["xls"],
            Format::Csv => &["csv", "tsv", "txt"],
            Format::Parquet => &["parquet"],
            Format::Json => &["json", "ndjson", "jsonl"],
        }
    }
}

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const PARQUET_MAGIC: &[u8] = b"PAR1";
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";

/// Known non-spreadsheet signatures.
const FOREIGN: [(&[u8], &str); 7] = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF", "a PDF document"),
    (b"GIF8", "a GIF image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"\x1F\x8B", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xBC\xAF", "a 7-Zip archive"),
];

/// Recognises the format of `bytes`.
///
/// # Errors
/// [`ReadFailure::Empty`], [`ReadFailure::NotASpreadsheet`], [`ReadFailure::Encrypted`],
/// [`ReadFailure::Corrupt`] for a damaged zip, one whose entries overlap, or a shared-string
/// table that claims more strings than it holds; [`ReadFailure::InflatesTooMuch`] for a
/// zip whose parts inflate past the budget.
pub fn sniff(bytes: &[u8], limits: &Limits) -> Result<Format, ReadFailure> {
    if bytes.is_empty() {
        return Err(ReadFailure::Empty);
    }
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC) {
        return sniff_zip(bytes, limits);
    }
    if bytes.starts_with(PARQUET_MAGIC) {
        return Ok(Format::Parquet);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return if contains_utf16(bytes, "EncryptedPackage") { Err(ReadFailure::Encrypted) } else { Ok(Format::Xls) };
    }
    if let Some((_, what)) = FOREIGN.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(ReadFailure::NotASpreadsheet(what));
    }
    if looks_binary(bytes) {
        return Err(ReadFailure::NotASpreadsheet("binary data of an unknown kind"));
    }
    if let Some(what) = markup(bytes) {
        return Err(ReadFailure::NotASpreadsheet(what));
    }
    Ok(Format::Csv)
}

/// Whether the bytes start a zip or OLE container (a workbook, or something posing as
/// one) or a Parquet file, which must be read whole.
pub fn is_container(head: &[u8]) -> bool {
    [ZIP_MAGIC, EMPTY_ZIP_MAGIC, OLE_MAGIC, PARQUET_MAGIC].iter().any(|magic| head.starts_with(magic))
}

/// Whether a file named `.json`, `.ndjson` or `.jsonl` holds JSON records (its text
/// starts with `[` or `{`).
pub fn is_json(path: &Path, head: &[u8]) -> bool {
    let named = crate::paths::extension(path).is_some_and(|ext| Format::Json.extensions().contains(&ext.as_str()));
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head).trim_ascii_start();
    named && (text.starts_with(b"[") || text.starts_with(b"{"))
}

/// A warning when the content's format does not match the file's extension.
pub fn extension_mismatch(path: &Path, format: Format) -> Option<Warning> {
    let extension = crate::paths::extension(path)?;
    let known = EXTENSIONS.contains(&extension.as_str());
    (known && !format.extensions().contains(&extension.as_str()))
        .then(|| Warning::ExtensionMismatch { content: format.name(), extension })
}

fn sniff_zip(bytes: &[u8], limits: &Limits) -> Result<Format, ReadFailure> {
    let corrupt = |err: zip::result::ZipError| ReadFailure::Corrupt { format: "zip (xlsx or ods)", source: err.into() };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
    if archive.has_overlapping_entries().map_err(corrupt)? {
        return Err(ReadFailure::Corrupt { format: "zip (xlsx or ods)", source: Damage::Invalid(OVERLAP) });
    }
    let mut format = None;
    let mut inflated: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(corrupt)?;
        inflated = inflated.saturating_add(entry.size());
        format = format.or(match entry.name().map_err(corrupt)?.as_ref() {
            "xl/workbook.xml" => Some(Format::Xlsx),
            "xl/workbook.bin" => Some(Format::Xlsb),
            "content.xml" | "mimetype" => Some(Format::Ods),
            _ => None,
        });
    }
    if inflated > limits.max_inflated_bytes {
        return Err(ReadFailure::InflatesTooMuch { size: inflated, limit: limits.max_inflated_bytes });
    }
    let format = format.ok_or(ReadFailure::NotASpreadsheet("a zip archive without a workbook"))?;
    if format == Format::Xlsx {
        check_shared_strings(&mut archive)?;
    }
    Ok(format)
}

/// Entries sharing bytes: the trick that makes a small zip inflate to many copies of one
/// part.
const OVERLAP: &str = "two entries of the zip share their bytes (a zip bomb's trick)";

/// Shortest shared string in `sharedStrings.xml`: `<si/>`.
const MIN_STRING_BYTES: u64 = 5;

/// Refuses a shared-string table whose declared count of distinct strings (`uniqueCount`;
/// `count` is of the cells that use them) cannot fit in the part's inflated size:
/// calamine reserves room for that many strings before it reads one, and a count of 10^13
/// in a 3 KB part aborts the process.
fn check_shared_strings(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<(), ReadFailure> {
    let Ok(part) = archive.by_name("xl/sharedStrings.xml") else { return Ok(()) };
    let size = part.size();
    let mut head = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(part, 4096), &mut head)?;
    let head = String::from_utf8_lossy(&head);
    let Some(start) = head.find("<sst") else { return Ok(()) };
    let tag = &head[start..head[start..].find('>').map_or(head.len(), |end| start + end)];
    let Some(value) = attribute(tag, "uniqueCount") else { return Ok(()) };
    let claimed: u128 = value.parse().unwrap_or(u128::MAX);
    if claimed > u128::from(size / MIN_STRING_BYTES) {
        let source = Damage::SharedStrings { claimed: value.to_string(), bytes: size };
        return Err(ReadFailure::Corrupt { format: "xlsx", source });
    }
    Ok(())
}

/// The value of attribute `name` in an XML start tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let pattern = format!(" {name}=\"");
    let start = tag.find(&pattern)? + pattern.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// HTML or Excel 2003 XML (SpreadsheetML), which Excel saves under an .xls name: what it
/// is and what to do, or `None` for other text.
fn markup(bytes: &[u8]) -> Option<&'static str> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let text = head.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with("<?xml") && text.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        Some("Excel 2003 XML (SpreadsheetML): open it in Excel and save it as .xlsx")
    } else if ["<!doctype html", "<html", "<table"].iter().any(|start| text.starts_with(start)) {
        Some("an HTML page (a table saved as a web page): open it in Excel and save it as .xlsx")
    } else {
        None
    }
}

fn contains_utf16(bytes: &[u8], needle: &str) -> bool {
    let pattern: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    memchr::memmem::find(bytes, &pattern).is_some()
}

/// Text files have no NUL bytes, except UTF-16, which starts with a byte-order mark.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    !utf16 && head.contains(&0)
}

#[cfg(test)]
mod tests;
