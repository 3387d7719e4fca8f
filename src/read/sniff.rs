//! What a file really is, told from its bytes rather than its name: a CSV named `.xlsx`
//! is read as CSV (with a warning), a PNG named `.xlsx` is refused as a PNG, and an
//! encrypted workbook is named as such instead of as a broken one.
//!
//! Zip-based workbooks are also checked here against the size limits before any part is
//! inflated: the zip reader enforces the declared sizes, so checking them bounds memory.

use std::io::Cursor;
use std::path::Path;

use super::sheet::Limits;
use crate::error::{ReadFailure, Warning};

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
/// [`ReadFailure::Corrupt`] for a damaged zip, [`ReadFailure::TooLarge`] for a zip part
/// over the limits.
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
    let mut format = None;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(corrupt)?;
        let name = entry.name().map_err(corrupt)?;
        check_size(&name, entry.size(), entry.compressed_size(), limits)?;
        format = format.or(match name.as_ref() {
            "xl/workbook.xml" => Some(Format::Xlsx),
            "xl/workbook.bin" => Some(Format::Xlsb),
            "content.xml" | "mimetype" => Some(Format::Ods),
            _ => None,
        });
    }
    format.ok_or(ReadFailure::NotASpreadsheet("a zip archive without a workbook"))
}

/// Ratio of uncompressed to compressed size above which a large part is taken for a bomb.
const BOMB_RATIO: u64 = 500;
/// Parts below this size are never refused for their ratio.
const BOMB_MIN_BYTES: u64 = 64 << 20;

fn check_size(part: &str, size: u64, compressed: u64, limits: &Limits) -> Result<(), ReadFailure> {
    let ratio = size / compressed.max(1);
    let bomb = size > BOMB_MIN_BYTES && ratio > BOMB_RATIO;
    if size > limits.max_part_bytes || bomb {
        let limit = if bomb { BOMB_MIN_BYTES } else { limits.max_part_bytes };
        return Err(ReadFailure::TooLarge { part: part.to_string(), size, limit, ratio });
    }
    Ok(())
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
