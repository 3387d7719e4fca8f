//! Bombs written at test time: inputs too big to keep in the repository, each built from a
//! size so that a test can make it small-but-over-a-lowered-budget or full-size.
//!
//! The small crafted files (lying counts and records, stray cells, panics inside the
//! readers, the small `.ods` repeat bombs, mislabelled HTML/SpreadsheetML, the small CSV
//! cases) are in `fixtures/hostile/` (see its README). What is here:
//!
//! | function | what a naive reader inflates or allocates |
//! |---|---|
//! | [`overlapping_entries_xlsx`] | `entries` × `sheet_bytes` of sheet XML from one copy of compressed data |
//! | [`many_sheets_xlsx`] | `sheets` × `sheet_bytes`, each part under a per-part limit |
//! | [`aliased_sheets_xlsx`] | `sheets` × `sheet_bytes` from one part that every sheet points to |
//! | [`big_sheet_xlsx`] | one part of `sheet_bytes` that compresses only ~150:1 |
//! | [`ods_repeat_bomb`] | `sheets` × `rows` × `columns` cells (each a copy of a `text_len` string) from a few hundred bytes |
//! | [`csv_long_line`] | one CSV line (one field, or many) of `line_bytes` |
//! | [`csv_invalid_byte_after`] | a UTF-8 CSV with one invalid byte after `offset` bytes |
//!
//! Every function writes one file into `dir` and returns its path (and
//! [`csv_invalid_byte_after`] the bad byte's line). The content is deterministic (fixed zip
//! dates, no randomness), and every zip opens with the `zip` crate, its declared sizes and
//! CRCs true (for the overlapping entries, in the central directory). Where a register fits, the rows are those of
//! `fixtures/hostile/README.md`: seed 003 (Hägersten-Liljeholmen 2020), risks 1–6.
//!
//! Sizes are in bytes and approximate from above: a part asked to be `n` bytes is the first
//! whole row at or past `n` (plus its closing tags), so it is never smaller than asked.

use std::fs::File;
use std::io::{self, BufWriter, Cursor, Read, Write};
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

// ---------------------------------------------------------------------------------------
// The register
// ---------------------------------------------------------------------------------------

/// Title row of the register.
const TITLE: &str = "Väsentlighets- och riskanalys 2020 – Hägersten-Liljeholmens stadsdelsnämnd";
/// The header row.
const HEADER: [&str; 9] =
    ["KF:s mål", "Process", "Arbetssätt", "Nr", "Oönskad händelse", "Sannolikhet", "Konsekvens", "RV", "IKP"];
const GOAL_11: &str = "1.1 I Stockholm är människor självförsörjande och vägen till arbete och svenskunskaper är kort";
const GOAL_12: &str = "1.2. Stockholm är en trygg, säker och välskött stad att bo och vistas i";
const PARK: &str = "Drift och underhåll av stadsdelsområdets parker";
const NO: &str = "Nej, endast VoR";

/// One risk: goal, process, arbetssätt, Nr, event, S, K, RV, IKP.
struct Risk(&'static str, &'static str, &'static str, u32, &'static str, &'static str, &'static str, u32, &'static str);

/// Seed 003, risks 1–6 (`fixtures/seed_rows.py`, `HL2020_VOR[:6]`).
const RISKS: [Risk; 6] = [
    Risk(
        GOAL_11,
        "Bemötande i handläggning av ekonomiskt bistånd",
        "Tydlig och anpassad information till den sökande om förutsättningarna för bistånd, hur den sökande \
         förväntas medverka i utredningen och innehållet i fattade beslut. Delaktighet i val av insatser. Hög \
         tillgänglighet (telefonkontakt, personliga besök, akuta situationer) både för nya sökanden och i \
         pågående ärenden.",
        1,
        "Klagomål från enskild rörande bemötande",
        "3. Möjlig",
        "2. Lindrig",
        6,
        NO,
    ),
    Risk(
        GOAL_11,
        "Insatser till försörjningsstödtagare för att öka möjligheten till egen försörjning.",
        "Den enskilde erbjuds insatser utifrån individuella förutsättningar och behov.",
        2,
        "Försörjningsstödtagare får inte insatser som leder till egen försörjning.",
        "3. Möjlig",
        "3. Kännbar",
        9,
        "★",
    ),
    Risk(
        GOAL_12,
        PARK,
        "Entreprenör utför parkskötsel.",
        3,
        "Att beställd åtgärd inte genomförs.",
        "2. Mindre sannolikt",
        "3. Kännbar",
        6,
        NO,
    ),
    Risk(
        GOAL_12,
        PARK,
        "Entreprenör utför parkskötsel.",
        4,
        "Undermålig parkskötsel och renhållning",
        "3. Möjlig",
        "1. Försumbar",
        3,
        NO,
    ),
    Risk(
        GOAL_12,
        PARK,
        "Entreprenör utför parkskötsel.",
        5,
        "Att beställd åtgärd inte genomförs",
        "2. Mindre sannolikt",
        "3. Kännbar",
        6,
        NO,
    ),
    Risk(
        GOAL_12,
        PARK,
        "Löpande underhåll i parker",
        6,
        "Att besiktning inte genomförs",
        "1. Osannolikt",
        "4. Allvarlig",
        4,
        NO,
    ),
];

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn text_cell(text: &str) -> String {
    format!("<c t=\"inlineStr\"><is><t>{}</t></is></c>", xml_escape(text))
}

fn number_cell(value: u32) -> String {
    format!("<c><v>{value}</v></c>")
}

/// A `<row>` (without `r`: the rows are taken in order) of one risk.
fn risk_row(risk: &Risk) -> String {
    let Risk(goal, process, method, nr, event, s, k, rv, ikp) = risk;
    let cells = [
        text_cell(goal),
        text_cell(process),
        text_cell(method),
        number_cell(*nr),
        text_cell(event),
        text_cell(s),
        text_cell(k),
        number_cell(*rv),
        text_cell(ikp),
    ];
    format!("<row>{}</row>", cells.concat())
}

const SHEET_HEAD: &str = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
     xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheetData>";
const SHEET_TAIL: &str = "</sheetData></worksheet>";

/// Writes a worksheet of at least `bytes` bytes: the title row, the header, risks 1–6, then
/// risk 1 again and again (rows without `r`, so every repeat is byte-identical: deflate
/// level 6 packs it about 150:1). `prefix` goes first (the overlap bomb's "-->").
fn write_sheet(out: &mut impl Write, bytes: u64, prefix: &str) -> io::Result<u64> {
    let mut head = String::from(prefix);
    head.push_str(SHEET_HEAD);
    head.push_str(&format!("<row>{}</row>", text_cell(TITLE)));
    head.push_str(&format!("<row>{}</row>", HEADER.iter().map(|h| text_cell(h)).collect::<String>()));
    for risk in &RISKS {
        head.push_str(&risk_row(risk));
    }
    out.write_all(head.as_bytes())?;
    let mut written = head.len() as u64;
    // rows in blocks of ~64 KiB, for fewer calls into the compressor
    let row = risk_row(&RISKS[0]);
    let block = row.repeat((65536 / row.len()).max(1));
    let tail_len = SHEET_TAIL.len() as u64;
    while written + tail_len < bytes {
        let rest = bytes - tail_len - written;
        let chunk = if rest >= block.len() as u64 {
            &block
        } else {
            &block[..rest.div_ceil(row.len() as u64) as usize * row.len()]
        };
        out.write_all(chunk.as_bytes())?;
        written += chunk.len() as u64;
    }
    out.write_all(SHEET_TAIL.as_bytes())?;
    Ok(written + tail_len)
}

// ---------------------------------------------------------------------------------------
// Zip plumbing
// ---------------------------------------------------------------------------------------

fn zip_err(err: zip::result::ZipError) -> io::Error {
    io::Error::other(err)
}

/// Deflated entries dated 2020-01-01 00:00 (deterministic archives).
fn deflated() -> io::Result<SimpleFileOptions> {
    let date = DateTime::from_date_and_time(2020, 1, 1, 0, 0, 0).map_err(io::Error::other)?;
    Ok(SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(date)
        .unix_permissions(0o644))
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
</Types>";
const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\
</Relationships>";

/// `xl/workbook.xml` and its rels for sheets named `Blad1`… whose parts are `targets`
/// (relative to `xl/`).
fn workbook_parts(targets: &[String]) -> (String, String) {
    let sheets: String =
        (1..=targets.len()).map(|i| format!("<sheet name=\"Blad{i}\" sheetId=\"{i}\" r:id=\"rId{i}\"/>")).collect();
    let rels: String = targets
        .iter()
        .enumerate()
        .map(|(i, target)| {
            format!(
                "<Relationship Id=\"rId{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"{target}\"/>",
                i + 1
            )
        })
        .collect();
    (
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
             xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>{sheets}</sheets></workbook>"
        ),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rels}</Relationships>"
        ),
    )
}

/// The package parts every xlsx here has, for sheets at `targets`.
fn package_parts(targets: &[String]) -> Vec<(String, Vec<u8>)> {
    let (workbook, rels) = workbook_parts(targets);
    vec![
        ("[Content_Types].xml".into(), CONTENT_TYPES.into()),
        ("_rels/.rels".into(), ROOT_RELS.into()),
        ("xl/workbook.xml".into(), workbook.into_bytes()),
        ("xl/_rels/workbook.xml.rels".into(), rels.into_bytes()),
    ]
}

fn sheet_targets(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("worksheets/sheet{i}.xml")).collect()
}

/// A one-entry zip in memory holding a sheet of `bytes` (with `prefix`): the archive, for
/// raw copies and for its deflate stream.
fn compressed_sheet(bytes: u64, prefix: &str) -> io::Result<ZipArchive<Cursor<Vec<u8>>>> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    writer.start_file("sheet.xml", deflated()?).map_err(zip_err)?;
    write_sheet(&mut writer, bytes, prefix)?;
    let cursor = writer.finish().map_err(zip_err)?;
    ZipArchive::new(Cursor::new(cursor.into_inner())).map_err(zip_err)
}

fn create(dir: &Path, name: &str) -> io::Result<(PathBuf, BufWriter<File>)> {
    let path = dir.join(name);
    let file = BufWriter::new(File::create(&path)?);
    Ok((path, file))
}

// ---------------------------------------------------------------------------------------
// xlsx bombs
// ---------------------------------------------------------------------------------------

/// An `.xlsx` of `sheets` sheets, each its own part: a copy of the same `sheet_bytes` sheet
/// (the register, then risk 1 repeated), deflated about 150:1.
///
/// With the sizes (60 sheets of 60 MiB) the file is ~24 MB and inflates to 3.5 GiB,
/// every part under a per-part check of 64 MiB / ratio 500. A reader that holds what it
/// inflates, or the rows it parses, per workbook grows by `sheets` × `sheet_bytes` (and
/// `sheets` × ~73 000 rows of 9 cells); calamine's `Xlsx` itself streams, so the cost is the
/// caller's — the budget has to be on the total inflated per file, not per part.
pub fn many_sheets_xlsx(dir: &Path, name: &str, sheets: usize, sheet_bytes: u64) -> io::Result<PathBuf> {
    let mut source = compressed_sheet(sheet_bytes, "")?;
    let (path, file) = create(dir, name)?;
    let mut writer = ZipWriter::new(file);
    for (part, data) in package_parts(&sheet_targets(sheets)) {
        writer.start_file(part, deflated()?).map_err(zip_err)?;
        writer.write_all(&data)?;
    }
    for i in 1..=sheets {
        let entry = source.by_index_raw(0).map_err(zip_err)?;
        writer.raw_copy_file_rename(entry, format!("xl/worksheets/sheet{i}.xml")).map_err(zip_err)?;
    }
    writer.finish().map_err(zip_err)?.flush()?;
    Ok(path)
}

/// An `.xlsx` whose workbook lists `sheets` sheets whose relationships all point at the
/// same part, `xl/worksheets/sheet1.xml` of `sheet_bytes` (no zip trickery: a valid package).
///
/// A reader inflates and parses the part once per sheet: `sheets` × `sheet_bytes` from a
/// file the size of one compressed sheet. A budget counted per zip part (or per distinct
/// part name) does not see it.
pub fn aliased_sheets_xlsx(dir: &Path, name: &str, sheets: usize, sheet_bytes: u64) -> io::Result<PathBuf> {
    let mut source = compressed_sheet(sheet_bytes, "")?;
    let (path, file) = create(dir, name)?;
    let mut writer = ZipWriter::new(file);
    let targets = vec!["worksheets/sheet1.xml".to_string(); sheets];
    for (part, data) in package_parts(&targets) {
        writer.start_file(part, deflated()?).map_err(zip_err)?;
        writer.write_all(&data)?;
    }
    let entry = source.by_index_raw(0).map_err(zip_err)?;
    writer.raw_copy_file_rename(entry, "xl/worksheets/sheet1.xml").map_err(zip_err)?;
    writer.finish().map_err(zip_err)?.flush()?;
    Ok(path)
}

/// An `.xlsx` with one sheet of `sheet_bytes` (the register, then risk 1 repeated), deflated
/// about 150:1: under a ratio-500 bomb check, and under a 2 GiB part limit at the issue's
/// 1 GiB (a ~7 MB file).
///
/// calamine streams it; the reader's caller holds ~1.2 million rows of 9 cells per GiB.
/// Writing the full size deflates 1 GiB here: 0.6 s in release, ~50 s in riskreg's dev
/// profile, where zlib-rs (the `zip` crate's deflate backend) is not among the packages
/// built at opt-level 3 (0.5 s once it is).
pub fn big_sheet_xlsx(dir: &Path, name: &str, sheet_bytes: u64) -> io::Result<PathBuf> {
    let (path, file) = create(dir, name)?;
    let mut writer = ZipWriter::new(file);
    for (part, data) in package_parts(&sheet_targets(1)) {
        writer.start_file(part, deflated()?).map_err(zip_err)?;
        writer.write_all(&data)?;
    }
    let big = deflated()?.large_file(sheet_bytes >= u32::MAX as u64);
    writer.start_file("xl/worksheets/sheet1.xml", big).map_err(zip_err)?;
    write_sheet(&mut writer, sheet_bytes, "")?;
    writer.finish().map_err(zip_err)?.flush()?;
    Ok(path)
}

/// An `.xlsx` of `entries` sheets whose zip entries overlap: one copy of the compressed
/// sheet at the end of the file, and `entries` local headers in front of it, each entry's
/// data running from its own header to the end of the shared copy (the "quoted local
/// header" construction of D. Fifield's non-recursive zip bomb).
///
/// Entry *k* starts with a stored deflate block that quotes `<!--`, then one that quotes
/// the local header of entry *k+1*, whose data continues into the next quote, and so on; the
/// last entry is the sheet alone, `-->` in front. So entry *k* inflates to an XML comment
/// holding the later headers, then the whole sheet (`sheet_bytes`, the register then risk 1
/// repeated): well-formed, and read by calamine as the register. The entries use data
/// descriptors (flag bit 3), so their local headers carry zero CRC and sizes: the quoted
/// headers are valid UTF-8 (quick-xml 0.42 refuses any invalid UTF-8, even in a comment),
/// and the real CRC and sizes are in the central directory, which a seeking reader uses (no
/// descriptor records are written; the `zip` crate does not read them). Names, flags and
/// methods agree between local and central headers, so the `zip` crate opens it and every
/// entry reads back with a good CRC; `ZipArchive::has_overlapping_files` says `true`.
///
/// With the sizes (50 entries, `sheet_bytes` just under 64 MiB) the file is the
/// size of one compressed sheet (~450 KB) and inflates to ~3.1 GiB, every entry under a
/// per-part limit of 64 MiB. A per-part ratio check passes each entry too: its compressed
/// size counts the shared copy (each entry ~150:1, the file ~7 400:1).
pub fn overlapping_entries_xlsx(dir: &Path, name: &str, entries: usize, sheet_bytes: u64) -> io::Result<PathBuf> {
    if entries == 0 || entries > 60_000 || sheet_bytes >= u32::MAX as u64 / 2 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "1 ≤ entries ≤ 60 000, sheet_bytes < 2 GiB (no zip64 here)",
        ));
    }
    let mut source = compressed_sheet(sheet_bytes, "-->")?;
    let (kernel, kernel_crc, kernel_len) = {
        let mut entry = source.by_index_raw(0).map_err(zip_err)?;
        let (crc, size) = (entry.crc32(), entry.size());
        let mut raw = Vec::new();
        entry.read_to_end(&mut raw)?;
        (raw, crc, size)
    };

    const OPEN: &[u8] = b"<!--";
    let names: Vec<String> = (1..=entries).map(|i| format!("xl/worksheets/sheet{i}.xml")).collect();
    let headers: Vec<Vec<u8>> = names.iter().map(|name| local_header(name, 8, DESCRIPTOR, 0, 0, 0)).collect();
    // (crc, compressed, uncompressed) of each entry, from the last back: entry k is
    // stored(OPEN) + stored-header(header k+1) + header k+1 + entry k+1's data
    let mut sizes = vec![(kernel_crc, kernel.len() as u64, kernel_len); entries];
    for k in (0..entries.saturating_sub(1)).rev() {
        let next = &headers[k + 1];
        let (crc, compressed, uncompressed) = sizes[k + 1];
        let quoted: Vec<u8> = OPEN.iter().chain(next.iter()).copied().collect();
        sizes[k] = (
            crc32_combine(crc32(&quoted), crc, uncompressed),
            compressed + (5 + OPEN.len() + 5 + next.len()) as u64,
            uncompressed + quoted.len() as u64,
        );
    }

    let (path, mut file) = create(dir, name)?;
    let mut central = Vec::new();
    let mut offset = 0u64;
    for (part, data) in package_parts(&sheet_targets(entries)) {
        let crc = crc32(&data);
        let header = local_header(&part, 0, 0, crc, data.len() as u64, data.len() as u64);
        central.extend(central_header(&part, 0, 0, crc, data.len() as u64, data.len() as u64, offset));
        file.write_all(&header)?;
        file.write_all(&data)?;
        offset += (header.len() + data.len()) as u64;
    }
    for (k, header) in headers.iter().enumerate() {
        let (crc, compressed, uncompressed) = sizes[k];
        central.extend(central_header(&names[k], 8, DESCRIPTOR, crc, compressed, uncompressed, offset));
        file.write_all(header)?;
        offset += header.len() as u64;
        if let Some(next) = headers.get(k + 1) {
            file.write_all(&stored_block_header(OPEN.len()))?;
            file.write_all(OPEN)?;
            file.write_all(&stored_block_header(next.len()))?;
            offset += (5 + OPEN.len() + 5) as u64;
        }
    }
    file.write_all(&kernel)?;
    offset += kernel.len() as u64;
    file.write_all(&central)?;
    file.write_all(&end_of_central_directory(4 + entries, central.len() as u64, offset)?)?;
    file.flush()?;
    Ok(path)
}

/// General-purpose flag bit 3: CRC and sizes follow the data (zero in the local header).
const DESCRIPTOR: u16 = 0x0008;
/// DOS time and date of 2020-01-01 00:00.
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = ((2020 - 1980) << 9) | (1 << 5) | 1;

fn local_header(name: &str, method: u16, flags: u16, crc: u32, compressed: u64, uncompressed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(30 + name.len());
    out.extend(0x0403_4b50u32.to_le_bytes());
    out.extend(20u16.to_le_bytes()); // version needed
    out.extend(flags.to_le_bytes());
    out.extend(method.to_le_bytes());
    out.extend(DOS_TIME.to_le_bytes());
    out.extend(DOS_DATE.to_le_bytes());
    out.extend(crc.to_le_bytes());
    out.extend((compressed as u32).to_le_bytes());
    out.extend((uncompressed as u32).to_le_bytes());
    out.extend((name.len() as u16).to_le_bytes());
    out.extend(0u16.to_le_bytes()); // extra length
    out.extend(name.as_bytes());
    out
}

fn central_header(
    name: &str,
    method: u16,
    flags: u16,
    crc: u32,
    compressed: u64,
    uncompressed: u64,
    offset: u64,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(46 + name.len());
    out.extend(0x0201_4b50u32.to_le_bytes());
    out.extend(0x031Eu16.to_le_bytes()); // made by: Unix, 3.0
    out.extend(20u16.to_le_bytes());
    out.extend(flags.to_le_bytes());
    out.extend(method.to_le_bytes());
    out.extend(DOS_TIME.to_le_bytes());
    out.extend(DOS_DATE.to_le_bytes());
    out.extend(crc.to_le_bytes());
    out.extend((compressed as u32).to_le_bytes());
    out.extend((uncompressed as u32).to_le_bytes());
    out.extend((name.len() as u16).to_le_bytes());
    out.extend([0u8; 8]); // extra, comment, disk, internal attributes
    out.extend((0o100_644u32 << 16).to_le_bytes());
    out.extend((offset as u32).to_le_bytes());
    out.extend(name.as_bytes());
    out
}

fn end_of_central_directory(entries: usize, size: u64, offset: u64) -> io::Result<Vec<u8>> {
    let too_big = || io::Error::other("archive too big for a zip without zip64");
    let mut out = Vec::with_capacity(22);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    let entries = u16::try_from(entries).map_err(|_| too_big())?;
    out.extend(entries.to_le_bytes());
    out.extend(entries.to_le_bytes());
    out.extend(u32::try_from(size).map_err(|_| too_big())?.to_le_bytes());
    out.extend(u32::try_from(offset).map_err(|_| too_big())?.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    Ok(out)
}

/// A non-final stored deflate block header for `len` bytes (at a byte boundary).
fn stored_block_header(len: usize) -> [u8; 5] {
    let len = len as u16;
    let [a, b] = len.to_le_bytes();
    let [c, d] = (!len).to_le_bytes();
    [0, a, b, c, d]
}

/// CRC-32 (IEEE), bitwise: only used on a few kilobytes.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn gf2_times(matrix: &[u32; 32], mut vector: u32) -> u32 {
    let mut sum = 0;
    let mut i = 0;
    while vector != 0 {
        if vector & 1 != 0 {
            sum ^= matrix[i];
        }
        vector >>= 1;
        i += 1;
    }
    sum
}

fn gf2_square(square: &mut [u32; 32], matrix: &[u32; 32]) {
    for n in 0..32 {
        square[n] = gf2_times(matrix, matrix[n]);
    }
}

/// CRC-32 of A‖B from CRC(A), CRC(B) and |B| (zlib's `crc32_combine`).
fn crc32_combine(mut crc1: u32, crc2: u32, mut len2: u64) -> u32 {
    if len2 == 0 {
        return crc1;
    }
    let mut even = [0u32; 32];
    let mut odd = [0u32; 32];
    odd[0] = 0xEDB8_8320;
    let mut row = 1u32;
    for entry in odd.iter_mut().skip(1) {
        *entry = row;
        row <<= 1;
    }
    gf2_square(&mut even, &odd);
    gf2_square(&mut odd, &even);
    loop {
        gf2_square(&mut even, &odd);
        if len2 & 1 != 0 {
            crc1 = gf2_times(&even, crc1);
        }
        len2 >>= 1;
        if len2 == 0 {
            break;
        }
        gf2_square(&mut odd, &even);
        if len2 & 1 != 0 {
            crc1 = gf2_times(&odd, crc1);
        }
        len2 >>= 1;
        if len2 == 0 {
            break;
        }
    }
    crc1 ^ crc2
}

// ---------------------------------------------------------------------------------------
// .ods
// ---------------------------------------------------------------------------------------

/// An `.ods` of `sheets` tables, each one row of one string cell of `text_len` characters
/// with `table:number-columns-repeated="columns"` and `table:number-rows-repeated="rows"`:
/// `sheets` × `rows` × `columns` cells, each a copy of the string, from a file of a few
/// hundred bytes plus the string (deflated).
///
/// calamine 0.38 caps repeats at 16 384 columns and 1 048 576 rows and refuses a sheet over
/// 10^8 cells ("Cell limit exceeded") — but only after the row's cells are cloned
/// (`columns` × `text_len` bytes), and under the cap it clones the string into every cell:
/// 6 103 rows × 16 384 columns of a 1 000-character string is 10^8 `String`s, ~100 GB, with
/// no error; the cap is per sheet, so `sheets` multiplies it. With `text_len` 0 the cells are
/// empty strings: ~3.2 GB of values plus ~2.4 GB of formula strings per 10^8 cells.
pub fn ods_repeat_bomb(
    dir: &Path,
    name: &str,
    sheets: usize,
    rows: u64,
    columns: u64,
    text_len: usize,
) -> io::Result<PathBuf> {
    let text: String = "Brister i informationsöverföringen. ".chars().cycle().take(text_len).collect();
    let cell = if text_len == 0 {
        format!("<table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"{columns}\"><text:p>1</text:p></table:table-cell>")
    } else {
        format!(
            "<table:table-cell office:value-type=\"string\" table:number-columns-repeated=\"{columns}\"><text:p>{}</text:p></table:table-cell>",
            xml_escape(&text)
        )
    };
    let tables: String = (1..=sheets)
        .map(|i| format!("<table:table table:name=\"Blad{i}\"><table:table-row table:number-rows-repeated=\"{rows}\">{cell}</table:table-row></table:table>"))
        .collect();
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" \
         office:version=\"1.2\"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
    let (path, file) = create(dir, name)?;
    let mut writer = ZipWriter::new(file);
    writer.start_file("mimetype", deflated()?.compression_method(CompressionMethod::Stored)).map_err(zip_err)?;
    writer.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
    writer.start_file("META-INF/manifest.xml", deflated()?).map_err(zip_err)?;
    writer.write_all(manifest.as_bytes())?;
    writer.start_file("content.xml", deflated()?).map_err(zip_err)?;
    writer.write_all(content.as_bytes())?;
    writer.finish().map_err(zip_err)?.flush()?;
    Ok(path)
}

// ---------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------

/// How [`csv_long_line`] fills its long line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LongLine {
    /// Risk 7's row with an event of `line_bytes` characters, unquoted: one huge field.
    OneField,
    /// `x;x;x;…`: `line_bytes / 2` fields on one line.
    ManyFields,
}

fn csv_field(text: &str) -> String {
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn csv_risk(risk: &Risk) -> String {
    csv_risk_numbered(risk, risk.3)
}

/// A risk's CSV line (without the line break) with another Nr.
fn csv_risk_numbered(risk: &Risk, nr: u32) -> String {
    let Risk(goal, process, method, _, event, s, k, rv, ikp) = risk;
    [
        csv_field(goal),
        csv_field(process),
        csv_field(method),
        nr.to_string(),
        csv_field(event),
        csv_field(s),
        csv_field(k),
        rv.to_string(),
        csv_field(ikp),
    ]
    .join(";")
}

fn csv_head() -> String {
    format!("{}\r\n\r\n{}\r\n", csv_field(TITLE), HEADER.join(";"))
}

/// A UTF-8 `;` CSV: title, blank line, header, risks 1–6 (lines 4–9), then line 10 of
/// `line_bytes` bytes, then risk 6 again (line 11).
///
/// A line reader, `csv`'s record buffer, or a decoder that works line by line holds the
/// whole line: `line_bytes` (the is 1 GiB), and with [`LongLine::ManyFields`] also
/// one field boundary per two bytes (`csv::StringRecord` keeps a `usize` per field, so
/// ~4 × `line_bytes` more) and a cell per field in the caller. The right result is the
/// line reported with its number (10), past a line-length cap.
pub fn csv_long_line(dir: &Path, name: &str, line_bytes: u64, kind: LongLine) -> io::Result<PathBuf> {
    let (path, mut file) = create(dir, name)?;
    file.write_all(csv_head().as_bytes())?;
    for risk in &RISKS {
        file.write_all(csv_risk(risk).as_bytes())?;
        file.write_all(b"\r\n")?;
    }
    let (unit, start): (&[u8], String) = match kind {
        LongLine::OneField => (
            b"Skada p\xc3\xa5 egendom eller inv\xc3\xa5nare ",
            format!("{};{};{};7;", GOAL_12, PARK, "Löpande underhåll i parker"),
        ),
        LongLine::ManyFields => (b"x;", String::new()),
    };
    file.write_all(start.as_bytes())?;
    let block = unit.repeat(65536 / unit.len());
    let mut left = line_bytes.saturating_sub(start.len() as u64);
    while left > 0 {
        // whole units only, so the UTF-8 stays valid
        let take = (left.min(block.len() as u64) as usize).div_ceil(unit.len()) * unit.len();
        file.write_all(&block[..take.min(block.len())])?;
        left = left.saturating_sub(take as u64);
    }
    if kind == LongLine::OneField {
        file.write_all(b";2. Mindre sannolikt;4. Allvarlig;8;Nej, endast VoR")?;
    }
    file.write_all(b"\r\n")?;
    file.write_all(csv_risk(&RISKS[5]).as_bytes())?;
    file.write_all(b"\r\n")?;
    file.flush()?;
    Ok(path)
}

/// A UTF-8 `;` CSV of at least `offset` bytes of valid UTF-8 (title, blank line, header,
/// then risks 1–6 over and over, Nr counting on: 7, 8, …), then one line whose event holds a
/// single invalid byte (0xFF), then risks 1–6 once more.
///
/// An encoding sniffed from the start (the first MB, say) calls it UTF-8 and then meets the
/// bad byte `offset` bytes in; a sniff of the whole file sees ~100 000 valid multibyte
/// sequences per 10 MB and one invalid byte. The right result: read as UTF-8, all rows, the
/// one byte replaced by U+FFFD and reported with its line. The line of the bad byte is
/// returned with the path (1-based).
pub fn csv_invalid_byte_after(dir: &Path, name: &str, offset: u64) -> io::Result<(PathBuf, u64)> {
    let (path, mut file) = create(dir, name)?;
    let head = csv_head();
    file.write_all(head.as_bytes())?;
    let mut written = head.len() as u64;
    let mut line = 3u64;
    let mut nr = 0u32;
    while written < offset {
        let risk = &RISKS[nr as usize % RISKS.len()];
        nr += 1;
        let row = format!("{}\r\n", csv_risk_numbered(risk, nr));
        file.write_all(row.as_bytes())?;
        written += row.len() as u64;
        line += 1;
    }
    nr += 1;
    let bad_line = line + 1;
    file.write_all(
        format!("{};{};{};{nr};Att beställd åtgärd inte genomf", GOAL_12, PARK, "Entreprenör utför parkskötsel.")
            .as_bytes(),
    )?;
    file.write_all(b"\xff")?;
    file.write_all(b"rs;2. Mindre sannolikt;3. K\xc3\xa4nnbar;6;Nej, endast VoR\r\n")?;
    for risk in &RISKS {
        nr += 1;
        file.write_all(format!("{}\r\n", csv_risk_numbered(risk, nr)).as_bytes())?;
    }
    file.flush()?;
    Ok((path, bad_line))
}
