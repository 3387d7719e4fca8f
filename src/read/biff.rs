//! Checks and patches the records of an `.xls` workbook (BIFF8, or BIFF5, in an OLE compound file)
//! before calamine 0.38 reads it, so that what the file claims cannot make the reader abort, panic,
//! or allocate for a sheet's claimed or furthest extent rather than for its cells.
//!
//! - The compound file is parsed by the `cfb` crate, which refuses sector-chain and directory
//!   loops and streams whose declared size their sectors do not hold. What it lets through and
//!   calamine's own compound-file reader trusts (a FAT sector listed over and over, a FAT that
//!   `cfb` mends in memory, sizes larger than the file) is checked on the raw sectors.
//! - A Dimensions record that claims more than its sheet's cells is rewritten to their extent.
//! - A text cell holding whitespace only is retyped Blank, which calamine skips.
//! - Records that would make calamine panic or allocate without bound are refused ([`BiffError`]).
//!
//! The records are walked as calamine walks them: the globals from the stream's start to their
//! EOF, then each sheet from its BoundSheet8 offset to its EOF, skipping nested substreams (charts);
//! so the checks see what calamine will see. No patch changes a record's length, so the BoundSheet8
//! offsets stay valid, and the stream is written back in place through `cfb`. Section numbers are
//! those of [MS-XLS], the Excel Binary File Format (.xls) Structure.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::iter::{from_fn, Peekable};
use std::path::{Path, PathBuf};

use cfb::CompoundFile;

/// ENDOFCHAIN ([MS-CFB] 2.3): the end of a sector chain.
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const BOF: u16 = 0x0809; // 2.4.21, the start of a substream
const EOF: u16 = 0x000A; // 2.4.103, the end of a substream
const CONTINUE: u16 = 0x003C; // 2.4.58, more data of the record before it
const FILEPASS: u16 = 0x002F; // 2.4.117, the records after it are encrypted
const CODEPAGE: u16 = 0x0042; // 2.4.52
const DATEMODE: u16 = 0x0022; // 2.4.77
const BOUNDSHEET8: u16 = 0x0085; // 2.4.28, a sheet's substream offset and name
const EXTERNSHEET: u16 = 0x0017; // 2.4.106
const LBL: u16 = 0x0018; // 2.4.150, a defined name
const SST: u16 = 0x00FC; // 2.4.265, the shared strings
const DIMENSIONS: u16 = 0x0200; // 2.4.90, a sheet's used range
const MERGECELLS: u16 = 0x00E5; // 2.4.168
const FORMULA: u16 = 0x0006; // 2.4.127
const MULRK: u16 = 0x00BD; // 2.4.175, numbers from colFirst to colLast of a row
const NUMBER: u16 = 0x0203; // 2.4.180
const RK: u16 = 0x027E; // 2.4.220
const BOOLERR: u16 = 0x0205; // 2.4.24
const LABEL: u16 = 0x0204; // 2.4.148, a cell and an XLUnicodeString (2.5.294)
const RSTRING: u16 = 0x00D6; // BIFF5's Label with formatting runs, read by calamine as a Label
const LABELSST: u16 = 0x00FD; // 2.4.149, a cell and the index of its string in the SST
/// Blank (2.4.20), what a whitespace-only text cell is retyped as. calamine 0.38's sheet loop skips
/// it (its Blank arm is commented out, and types it does not list are ignored); it is not Continue,
/// which calamine would append to the record before; and it starts like every cell record (row,
/// column, XF index), so a reader that parses it sees a formatted empty cell: what a typed space is.
const BLANK: u16 = 0x0201;
/// The columns of an .xls sheet (2.4.90: colMac ≤ 0x100). Rows are 16-bit in cell records, so
/// they cannot leave the grid's 65 536.
const COLUMNS: u32 = 0x100;

/// What sanitising changed.
#[derive(Debug)]
pub struct Sanitised {
    /// The compound file, its workbook stream patched in place.
    pub bytes: Vec<u8>,
    /// Whitespace-only text cells retyped Blank.
    pub blank_cells_dropped: usize,
    /// Dimensions records rewritten to the extent of their sheet's cells.
    pub dimensions_fixed: usize,
}

/// Why a file is refused.
#[derive(Debug, thiserror::Error)]
pub enum BiffError {
    /// The compound file is damaged (`cfb` says how: a looping chain, a sector past the end...).
    #[error("the file's compound-file structure is damaged ({0})")]
    Container(#[source] std::io::Error),
    /// No `Workbook` or `Book` stream.
    #[error("the file holds no Workbook or Book stream, so it is not an Excel 97–2003 workbook")]
    NoWorkbook,
    /// An entry named like the workbook stream that is not a stream, or that the directory's tree
    /// does not reach (calamine may take it, and `cfb` cannot read it).
    #[error("the file holds an entry named '{0}' that is not a stream or is outside its directory tree")]
    StrayWorkbook(&'static str),
    /// FilePass: an encrypted workbook.
    #[error("the workbook is password-protected (encrypted)")]
    Encrypted,
    /// A record runs past the end of the stream.
    #[error("the workbook stream is cut short: the record at byte {offset} runs past its end")]
    Truncated {
        /// Where the record starts.
        offset: usize,
    },
    /// A record too short for what calamine reads from it unchecked.
    #[error("a {record} record{} holds {len} bytes where it needs {needed}", in_sheet(.sheet))]
    ShortRecord {
        /// What the record is.
        record: &'static str,
        /// Its sheet (none in the workbook globals).
        sheet: Option<String>,
        /// Its length.
        len: usize,
        /// The length it needs.
        needed: usize,
    },
    /// A cell past the .xls grid.
    #[error("cell at row {}, column {} of sheet '{sheet}' is outside an .xls sheet (65 536 rows × 256 columns)",
        nth(.row), nth(.column))]
    OutsideGrid {
        /// The sheet.
        sheet: String,
        /// The 0-based row.
        row: u32,
        /// The 0-based column.
        column: u32,
    },
    /// An SST whose string count its bytes cannot hold.
    #[error("the shared-string table claims {claimed} strings but its bytes can hold at most {room}")]
    SstCount {
        /// cstUnique.
        claimed: u32,
        /// The strings of 3 bytes (the least a string takes) that fit.
        room: usize,
    },
    /// An SST string that runs past the table.
    #[error("the shared-string table is damaged: string {} runs past its end", .index + 1)]
    SstDamaged {
        /// The 0-based index of the string.
        index: usize,
    },
    /// A MulRk whose last column is before its first.
    #[error("a row of numbers (MulRk) at row {} of sheet '{sheet}' ends at column {} before it starts at column {}",
        nth(.row), nth(.last), nth(.first))]
    MulRkReversed {
        /// The sheet.
        sheet: String,
        /// The 0-based row.
        row: u32,
        /// colFirst.
        first: u32,
        /// colLast.
        last: u32,
    },
    /// A MergeCells record listing more regions than it holds.
    #[error("a list of merged cells (MergeCells) in sheet '{sheet}' claims {count} regions but holds {room}")]
    MergeCount {
        /// The sheet.
        sheet: String,
        /// cmcs.
        count: u16,
        /// The regions the record holds.
        room: usize,
    },
    /// A BoundSheet8 offset past the stream.
    #[error("sheet '{sheet}' is said to start at byte {offset}, past the end of the workbook stream")]
    SheetOffset {
        /// The sheet.
        sheet: String,
        /// lbPlyPos.
        offset: u32,
    },
    /// Sheets whose records overlap (calamine would read the shared records into each).
    #[error("sheet '{sheet}' starts inside the records of another sheet or of the workbook globals")]
    SheetsOverlap {
        /// The sheet that starts inside another's records.
        sheet: String,
    },
}

fn in_sheet(sheet: &Option<String>) -> String {
    sheet.as_ref().map_or_else(String::new, |name| format!(" in sheet '{name}'"))
}

/// A 0-based row or column as the 1-based number an analyst sees, digits grouped by spaces.
fn nth(index: &u32) -> String {
    let digits = (u64::from(*index) + 1).to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(digit);
    }
    grouped
}

/// Checks the `.xls` file in `bytes` and patches its workbook stream so that calamine reads it in
/// memory that follows its cells.
///
/// # Errors
/// A [`BiffError`] naming what is wrong with the container or with a record.
pub fn sanitise(bytes: Vec<u8>) -> Result<Sanitised, BiffError> {
    let size = bytes.len() as u64;
    // What calamine's own reader trusts: a FAT listed over and over is refused before `cfb` reads it
    // too, the rest once `cfb` has read the workbook streams.
    let raw = RawSectors::new(&bytes).map(|raw| raw.fat().map(|fat| raw.check(&fat))).transpose()?;
    let mut file = CompoundFile::open(Cursor::new(bytes)).map_err(BiffError::Container)?;
    let (name, paths) = workbook_streams(&file)?;
    let mut streams = read_streams(&mut file, paths, size)?;
    check_named(name, raw.transpose()?.unwrap_or_default(), streams.len())?;
    let patches = streams.iter().map(|(_, stream)| scan(stream)).collect::<Result<Vec<_>, _>>()?;
    for ((path, stream), patches) in streams.iter_mut().zip(&patches).filter(|(_, patches)| !patches.is_empty()) {
        patches.iter().for_each(|patch| patch.apply(stream));
        let mut writer = file.open_stream(path).map_err(BiffError::Container)?;
        writer.write_all(stream).and_then(|()| writer.flush()).map_err(BiffError::Container)?;
    }
    let patches = patches.iter().flatten();
    let blank_cells_dropped = patches.clone().filter(|patch| matches!(patch, Patch::Blank { .. })).count();
    let dimensions_fixed = patches.count() - blank_cells_dropped;
    Ok(Sanitised { bytes: file.into_inner().into_inner(), blank_cells_dropped, dimensions_fixed })
}

/// The streams calamine may take for the workbook: those named `Workbook` in any case (else `Book`,
/// BIFF5's). calamine takes the first entry so named in the directory's order, which may be one
/// embedded in a storage; all are checked, and none may be anything but a stream.
fn workbook_streams<F>(file: &CompoundFile<F>) -> Result<(&'static str, Vec<PathBuf>), BiffError> {
    for name in ["Workbook", "Book"] {
        let entries: Vec<_> = file.walk().filter(|entry| entry.name().eq_ignore_ascii_case(name)).collect();
        if entries.iter().any(|entry| !entry.is_stream()) {
            return Err(BiffError::StrayWorkbook(name));
        }
        if !entries.is_empty() {
            return Ok((name, entries.iter().map(|entry| entry.path().to_path_buf()).collect()));
        }
    }
    Err(BiffError::NoWorkbook)
}

/// Every entry calamine could take for the workbook (the first named `Workbook`, else `Book`, in the
/// raw directory's order, reached by its tree or not) must be one read here: `named` counts the raw
/// entries of each name, `read` the streams read.
fn check_named(name: &str, [workbooks, books]: [usize; 2], read: usize) -> Result<(), BiffError> {
    let [want_workbooks, want_books] = if name == "Workbook" { [read, books] } else { [0, read] };
    if workbooks != want_workbooks {
        return Err(BiffError::StrayWorkbook("Workbook"));
    }
    if books != want_books {
        return Err(BiffError::StrayWorkbook("Book"));
    }
    Ok(())
}

/// The streams at `paths`, read in all no further than the file's size: streams do not share sectors.
fn read_streams(
    file: &mut CompoundFile<Cursor<Vec<u8>>>,
    paths: Vec<PathBuf>,
    mut budget: u64,
) -> Result<Vec<(PathBuf, Vec<u8>)>, BiffError> {
    let mut streams = Vec::new();
    for path in paths {
        let stream = read_stream(file, &path, budget)?;
        budget -= stream.len() as u64;
        streams.push((path, stream));
    }
    Ok(streams)
}

/// A whole stream, read no further than `budget`; `cfb` fails on a chain that loops or ends before
/// the declared size.
fn read_stream(file: &mut CompoundFile<Cursor<Vec<u8>>>, path: &Path, budget: u64) -> Result<Vec<u8>, BiffError> {
    let mut stream = file.open_stream(path).map_err(BiffError::Container)?;
    let declared = stream.len();
    let mut data = Vec::new();
    Read::take(&mut stream, budget).read_to_end(&mut data).map_err(BiffError::Container)?;
    if data.len() as u64 != declared {
        return Err(damaged(format!("a workbook stream claims {declared} bytes, the file holds {}", data.len())));
    }
    Ok(data)
}

/// A compound file's sectors as calamine's own reader (its `cfb.rs`) reads them, raw: `cfb` mends
/// some damage to the FAT in memory, which calamine then meets as it is ([MS-CFB] 2.2 header, 2.3
/// FAT, 2.5 DIFAT, 2.6 directory).
struct RawSectors<'a> {
    bytes: &'a [u8],
    len: usize,
}

impl<'a> RawSectors<'a> {
    fn new(bytes: &'a [u8]) -> Option<Self> {
        let shift = u16_at(bytes, 30).filter(|&shift| shift == 9 || shift == 12)?; // as cfb
        Some(RawSectors { bytes, len: 1 << shift })
    }

    /// The highest sector number calamine reads (it counts the header as one).
    fn last(&self) -> usize {
        self.bytes.len() / self.len
    }

    /// Sector `id`, cut short at the end of the file.
    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let at = usize::try_from(id).ok()?.checked_add(1)?.checked_mul(self.len)?;
        self.bytes.get(at..).map(|data| data.get(..self.len).unwrap_or(data))
    }

    /// The FAT: the sectors listed by the header's 109 DIFAT entries, then by DIFAT sectors (127
    /// entries and the next one's number). Both readers read a sector for every entry, repeats
    /// included, so a file listing one over and over would make them hold ~127 times its size.
    fn fat(&self) -> Result<Vec<u32>, BiffError> {
        let mut listed = numbers(self.bytes.get(76..512).unwrap_or_default());
        let mut next = u32_at(self.bytes, 68);
        for _ in 0..self.last() + 2 {
            // a chain that does not loop visits each sector (0 to `last`) once at most, then ends
            let Some(data) = next.filter(|&id| id < 0xFFFF_FFFA).and_then(|id| self.sector(id)) else { break };
            listed.extend(numbers(data.get(..self.len - 4).unwrap_or(data)));
            next = u32_at(data, self.len - 4);
        }
        listed.retain(|&id| id < 0xFFFF_FFFC); // calamine reads a sector for each entry below DIFSECT
        if listed.len() > self.last() + 109 {
            let sectors = self.last().saturating_sub(1);
            return Err(damaged(format!("it lists {} FAT sectors but has {sectors} sectors", listed.len())));
        }
        Ok(listed.into_iter().filter_map(|id| self.sector(id)).flat_map(numbers).collect())
    }

    /// The directory's sectors: calamine follows their chain with no length bound, so it must end,
    /// within the FAT.
    fn directory(&self, fat: &[u32]) -> Result<Vec<&'a [u8]>, BiffError> {
        let (mut chain, mut id) = (Vec::new(), u32_at(self.bytes, 48).unwrap_or(END_OF_CHAIN));
        for _ in 0..self.last() + 2 {
            // a chain that does not loop visits each sector (0 to `last`) once at most, then ends
            let Some(index) = usize::try_from(id).ok().filter(|&index| index <= self.last() && id != END_OF_CHAIN)
            else {
                return Ok(chain);
            };
            chain.extend(self.sector(id));
            id =
                fat.get(index).copied().ok_or_else(|| damaged("the directory's sector chain leaves the FAT".into()))?;
        }
        Err(damaged("the directory's sector chain loops".into()))
    }

    /// calamine copies chains up to the declared sizes of the MiniFAT and of the directory's
    /// entries, however the chains run, so none may be larger than the file. Returns how many
    /// entries are named `Workbook` and `Book`: calamine takes the first in the directory's order.
    fn check(&self, fat: &[u32]) -> Result<[usize; 2], BiffError> {
        let mut named = [0; 2];
        for entry in self.directory(fat)?.into_iter().flat_map(|data| data.chunks_exact(128)) {
            let size = if self.len == 512 { u32_at(entry, 120).map(u64::from) } else { u64_at(entry, 120) };
            if entry.get(66).is_some_and(|&typ| typ != 0) && size > Some(self.bytes.len() as u64) {
                return Err(damaged(format!("a directory entry claims {} bytes", size.unwrap_or_default())));
            }
            let name: String = char::decode_utf16(units(entry.get(..64).unwrap_or_default(), 32, true))
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .take_while(|&c| c != '\0')
                .collect();
            named[0] += usize::from(name.eq_ignore_ascii_case("Workbook"));
            named[1] += usize::from(name.eq_ignore_ascii_case("Book"));
        }
        let mini_fat = u32_at(self.bytes, 64).map_or(0, |sectors| u64::from(sectors) * self.len as u64);
        if mini_fat > self.bytes.len() as u64 {
            return Err(damaged(format!("its MiniFAT claims {mini_fat} bytes")));
        }
        Ok(named)
    }
}

/// The little-endian 4-byte numbers in `data`.
fn numbers(data: &[u8]) -> Vec<u32> {
    data.chunks_exact(4).filter_map(|number| u32_at(number, 0)).collect()
}

fn damaged(what: String) -> BiffError {
    BiffError::Container(std::io::Error::new(std::io::ErrorKind::InvalidData, what))
}

/// A record (2.1.4): its type, where its header starts, and its data.
#[derive(Clone, Copy)]
struct Record<'a> {
    typ: u16,
    at: usize,
    data: &'a [u8],
}

/// The records from `pos` on: a 2-byte type, a 2-byte size, then that many bytes.
struct Records<'a> {
    stream: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, BiffError>;

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.stream.get(self.pos..).filter(|rest| !rest.is_empty())?;
        let at = self.pos;
        let end = u16_at(rest, 2).map_or(4, |len| 4 + usize::from(len));
        let record = rest.get(4..end).map(|data| Record { typ: u16_at(rest, 0).unwrap_or_default(), at, data });
        self.pos = if record.is_some() { at + end } else { self.stream.len() };
        Some(record.ok_or(BiffError::Truncated { offset: at }))
    }
}

/// A change to the stream: a record retyped Blank, or a Dimensions record's bounds rewritten.
enum Patch {
    Blank { at: usize },
    Dimensions { at: usize, bounds: [u32; 4], wide: bool },
}

impl Patch {
    fn apply(&self, stream: &mut [u8]) {
        let short = |n: u32| u16::try_from(n).unwrap_or(u16::MAX).to_le_bytes();
        let (at, bytes) = match *self {
            Patch::Blank { at } => (at, BLANK.to_le_bytes().to_vec()),
            Patch::Dimensions { at, bounds: [rw_mic, rw_mac, col_mic, col_mac], wide } => {
                let rows = if wide {
                    [rw_mic.to_le_bytes(), rw_mac.to_le_bytes()].concat()
                } else {
                    [short(rw_mic), short(rw_mac)].concat()
                };
                (at, [rows, short(col_mic).to_vec(), short(col_mac).to_vec()].concat())
            }
        };
        if let Some(target) = stream.get_mut(at..).and_then(|rest| rest.get_mut(..bytes.len())) {
            target.copy_from_slice(&bytes);
        }
    }
}

/// Checks the globals, then each sheet in stream order. A sheet may not start inside the records
/// of the globals or of the sheet before it: so no record is read into two sheets, and no patch
/// changes what another walk saw.
fn scan(stream: &[u8]) -> Result<Vec<Patch>, BiffError> {
    let globals = read_globals(stream)?;
    let mut patches = Vec::new();
    let mut end = globals.end;
    for (&offset, name) in &globals.sheets {
        if offset < end {
            return Err(BiffError::SheetsOverlap { sheet: name.clone() });
        }
        end = scan_sheet(stream, offset, name, &globals, &mut patches)?;
    }
    Ok(patches)
}

/// What the globals substream tells the sheets.
struct Globals {
    /// Whether the last BOF said BIFF8, as calamine's `parse_bof` maps versions (text is UTF-16).
    biff8: bool,
    /// Where the globals' EOF ends.
    end: usize,
    /// The sheets by substream offset.
    sheets: BTreeMap<usize, String>,
    /// For each shared string, whether it is whitespace only.
    blank_strings: Vec<bool>,
}

fn read_globals(stream: &[u8]) -> Result<Globals, BiffError> {
    let mut globals = Globals { biff8: true, end: stream.len(), sheets: BTreeMap::new(), blank_strings: Vec::new() };
    let mut records = Records { stream, pos: 0 }.peekable();
    while let Some(record) = records.next() {
        let record = record?;
        check_length(record, globals.biff8)?;
        match record.typ {
            BOF => globals.biff8 = is_biff8(record.data),
            FILEPASS if u16_at(record.data, 0) != Some(0) => return Err(BiffError::Encrypted),
            BOUNDSHEET8 => bound_sheet(record.data, stream.len(), &mut globals)?,
            LBL => check_lbl(record.data, globals.biff8)?,
            SST => globals.blank_strings = blank_strings(record.data, &continues(&mut records))?,
            EOF => {
                globals.end = record.at + 4 + record.data.len();
                break;
            }
            _ => {}
        }
    }
    Ok(globals)
}

/// BOF (2.4.21): the version, and for version 0 the substream type, as calamine maps them.
fn is_biff8(data: &[u8]) -> bool {
    match u16_at(data, 0) {
        Some(0x0002 | 0x0007 | 0x0200 | 0x0300 | 0x0400 | 0x0500) => false,
        Some(0) => u16_at(data, 2) != Some(0x1000),
        _ => true,
    }
}

/// The bytes calamine reads from a globals record without checking that they are there.
fn check_length(record: Record<'_>, biff8: bool) -> Result<(), BiffError> {
    let (name, needed) = match record.typ {
        BOF => ("BOF (substream start)", 2),
        FILEPASS => ("FilePass (encryption)", 2),
        CODEPAGE => ("CodePage", 2),
        DATEMODE => ("DateMode", 2),
        BOUNDSHEET8 => ("BoundSheet8 (sheet list)", 6),
        EXTERNSHEET if biff8 => ("ExternSheet", 2),
        LBL => ("Lbl (defined name)", 14),
        SST => ("SST (shared strings)", 8),
        _ => return Ok(()),
    };
    if record.data.len() < needed {
        return Err(BiffError::ShortRecord { record: name, sheet: None, len: record.data.len(), needed });
    }
    Ok(())
}

/// BoundSheet8 (2.4.28): the substream's offset (4 bytes), state, type, then the name as a
/// ShortXLUnicodeString (2.5.240). calamine slices the stream at the offset unchecked.
fn bound_sheet(data: &[u8], len: usize, globals: &mut Globals) -> Result<(), BiffError> {
    let (count, high, chars) = match (data.get(6..).unwrap_or_default(), globals.biff8) {
        ([count, flags, chars @ ..], true) => (*count, flags & 1 != 0, chars),
        ([count, chars @ ..], false) => (*count, false, chars),
        _ => (0, false, &[][..]),
    };
    let sheet = char::decode_utf16(units(chars, usize::from(count), high))
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    let offset = u32_at(data, 0).unwrap_or_default();
    match usize::try_from(offset).ok().filter(|&start| start <= len) {
        Some(start) if globals.sheets.contains_key(&start) => Err(BiffError::SheetsOverlap { sheet }),
        Some(start) => {
            globals.sheets.insert(start, sheet);
            Ok(())
        }
        None => Err(BiffError::SheetOffset { sheet, offset }),
    }
}

/// Lbl (2.4.150): 14 fixed bytes, the name, then `cce` bytes of formula. calamine takes the
/// formula as the record's last `cce` bytes and reads its first token's operands unchecked.
fn check_lbl(data: &[u8], biff8: bool) -> Result<(), BiffError> {
    let cce = usize::from(u16_at(data, 4).unwrap_or_default());
    let short = |record, len, needed| BiffError::ShortRecord { record, sheet: None, len, needed };
    let formula = data.len().checked_sub(cce).filter(|&start| start >= 14).and_then(|start| data.get(start..));
    let formula = formula.ok_or_else(|| short("Lbl (defined name)", data.len(), 14 + cce))?;
    // PtgRef3d, PtgArea3d, PtgRefErr3d and PtgAreaErr3d (2.5.198.85, .27, .87, .29) as calamine's
    // `parse_defined_names` reads them: the BIFF8 operands, or BIFF5's with 10 bytes of ixals more.
    let needed = match (formula.first(), biff8) {
        (Some(0x3A | 0x5A | 0x7A), true) => 7,
        (Some(0x3B | 0x5B | 0x7B), true) => 11,
        (Some(0x3C | 0x5C | 0x7C | 0x3D | 0x5D | 0x7D), true) => 3,
        (Some(0x3A | 0x5A | 0x7A), false) => 18,
        (Some(0x3B | 0x5B | 0x7B), false) => 21,
        (Some(0x3C | 0x5C | 0x7C | 0x3D | 0x5D | 0x7D), false) => 13,
        _ => 0,
    };
    if formula.len() < needed {
        return Err(short("Lbl (defined name) formula", formula.len(), needed));
    }
    Ok(())
}

/// The Continue records right after a record: calamine reads them as part of it.
fn continues<'a>(records: &mut Peekable<Records<'a>>) -> Vec<&'a [u8]> {
    let is_continue = |next: &Result<Record<'_>, BiffError>| next.as_ref().is_ok_and(|next| next.typ == CONTINUE);
    from_fn(|| records.next_if(is_continue)).flatten().map(|record| record.data).collect()
}

/// SST (2.4.265): cstTotal, cstUnique, then XLUnicodeRichExtendedString structures (2.5.293) that
/// run on into the Continue records. For each string, in the order calamine numbers them, whether
/// it is whitespace only. A string takes at least 3 bytes, which bounds cstUnique.
fn blank_strings(data: &[u8], continues: &[&[u8]]) -> Result<Vec<bool>, BiffError> {
    let bytes = continues.iter().fold(data.len().saturating_sub(8), |sum, part| sum.saturating_add(part.len()));
    let claimed = u32_at(data, 4).unwrap_or_default();
    if !usize::try_from(claimed).is_ok_and(|claimed| claimed <= bytes / 3) {
        return Err(BiffError::SstCount { claimed, room: bytes / 3 });
    }
    let mut pieces = Pieces { data: data.get(8..).unwrap_or_default(), rest: continues.iter() };
    let mut blank = Vec::new();
    while !pieces.data.is_empty() || pieces.advance() {
        blank.push(read_string(&mut pieces).ok_or(BiffError::SstDamaged { index: blank.len() })?);
    }
    Ok(blank)
}

/// The SST's data, then each Continue's, read as calamine's `Record` reads them.
struct Pieces<'a> {
    data: &'a [u8],
    rest: std::slice::Iter<'a, &'a [u8]>,
}

impl<'a> Pieces<'a> {
    /// Moves to the next Continue record; false when there is none.
    fn advance(&mut self) -> bool {
        self.rest.next().map(|next| self.data = next).is_some()
    }

    /// The next `n` bytes of the current record (calamine reads these fields from one record).
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, tail) = self.data.split_at_checked(n)?;
        self.data = tail;
        Some(head)
    }

    /// Skips `n` bytes, across records.
    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            if self.data.is_empty() && !self.advance() {
                return None;
            }
            let step = n.min(self.data.len());
            self.take(step)?;
            n -= step;
        }
        Some(())
    }
}

/// An XLUnicodeRichExtendedString (2.5.293) as calamine's `read_rich_extended_string` reads it: cch,
/// flags, cRun (if fRichSt), cbExtRst (if fExtSt), the characters, 4 bytes a run, the ExtRst.
/// Whether it is whitespace only; `None` where calamine would fail or panic.
fn read_string(pieces: &mut Pieces<'_>) -> Option<bool> {
    if pieces.data.is_empty() {
        return Some(true); // calamine reads an empty Continue as an empty string
    }
    let head = pieces.take(3)?;
    let (count, flags) = (u16_at(head, 0)?, *head.get(2)?);
    let runs = if flags & 0x08 != 0 { usize::from(u16_at(pieces.take(2)?, 0)?) } else { 0 };
    let ext = if flags & 0x04 != 0 { u32_at(pieces.take(4)?, 0)? } else { 0 };
    let blank = read_chars(pieces, usize::from(count), flags & 0x01 != 0)?;
    pieces.skip(runs * 4)?;
    pieces.skip(usize::try_from(ext).ok()?)?;
    Some(blank)
}

/// `count` characters that may run on into Continue records, each of which then starts with its
/// own fHighByte flags (calamine's `read_dbcs`). Whether they are all whitespace.
fn read_chars(pieces: &mut Pieces<'_>, mut count: usize, mut high: bool) -> Option<bool> {
    let mut blank = true;
    loop {
        let width = if high { 2 } else { 1 };
        let n = count.min(pieces.data.len() / width);
        blank &= is_blank(units(pieces.take(n * width)?, n, high), true);
        count -= n;
        if count == 0 {
            return Some(blank);
        }
        if !pieces.advance() {
            return None;
        }
        high = pieces.take(1)?.first()? & 1 != 0;
    }
}

/// Up to `count` UTF-16 code units: two bytes each when `high` (fHighByte), else one (the low byte).
fn units(bytes: &[u8], count: usize, high: bool) -> impl Iterator<Item = u16> + '_ {
    bytes.chunks_exact(if high { 2 } else { 1 }).take(count).map(|unit| match unit {
        [low, high] => u16::from_le_bytes([*low, *high]),
        [low] => u16::from(*low),
        _ => 0,
    })
}

/// Whether text is whitespace only (no text included). BIFF5 text is in the workbook's code page,
/// of which only ASCII is certain.
fn is_blank(units: impl Iterator<Item = u16>, biff8: bool) -> bool {
    char::decode_utf16(units).all(|c| c.is_ok_and(|c| c.is_whitespace() && (biff8 || c.is_ascii())))
}

/// A sheet's walk: its name, what the globals say, the extent of its cells (first and last row,
/// first and last column), and its Dimensions records.
struct Sheet<'a> {
    name: &'a str,
    globals: &'a Globals,
    extent: Option<[u32; 4]>,
    dimensions: Vec<Record<'a>>,
}

/// Walks a sheet from its BoundSheet8 offset as calamine does, checking its records and adding the
/// patches it needs. Returns where the walk ended.
fn scan_sheet(
    stream: &[u8],
    pos: usize,
    name: &str,
    globals: &Globals,
    patches: &mut Vec<Patch>,
) -> Result<usize, BiffError> {
    let mut sheet = Sheet { name, globals, extent: None, dimensions: Vec::new() };
    let (mut depth, mut seen_bof) = (0usize, false);
    let mut records = Records { stream, pos };
    for record in records.by_ref() {
        let record = record?;
        match (record.typ, depth) {
            (BOF, _) if seen_bof => depth += 1,
            (BOF, _) => seen_bof = true,
            (EOF, 0) => break,
            (EOF, _) => depth -= 1,
            (_, 0) => sheet.record(record, patches)?,
            _ => {}
        }
    }
    sheet.fix_dimensions(patches);
    Ok(records.pos)
}

impl<'a> Sheet<'a> {
    /// A record of the sheet; a cell record starts with its row and column (2 bytes each).
    fn record(&mut self, record: Record<'a>, patches: &mut Vec<Patch>) -> Result<(), BiffError> {
        let position =
            u16_at(record.data, 0).zip(u16_at(record.data, 2)).map(|(row, column)| (row.into(), column.into()));
        match (record.typ, position) {
            (DIMENSIONS, _) => self.dimensions.push(record),
            (MERGECELLS, _) => self.check_merges(record.data)?,
            (MULRK, Some((row, first))) => self.mul_rk(record.data, row, first)?,
            (LABEL | RSTRING | LABELSST, Some((row, column))) if self.is_blank_text(record) => {
                self.check_column(row, column)?;
                patches.push(Patch::Blank { at: record.at });
            }
            (FORMULA, Some((row, column))) => {
                self.check_formula(record.data)?;
                self.cell(row, column, column)?;
            }
            (NUMBER | RK | BOOLERR | LABEL | RSTRING | LABELSST, Some((row, column))) => {
                self.cell(row, column, column)?
            }
            _ => {}
        }
        Ok(())
    }

    /// A text cell whose text is whitespace only: a LabelSst (2.4.149) naming such a shared string,
    /// or a Label or RString whose XLUnicodeString (2.5.294: cch, fHighByte in BIFF8, then as many
    /// characters as are there) is; calamine reads a bare zero cch as empty text.
    fn is_blank_text(&self, record: Record<'_>) -> bool {
        let biff8 = self.globals.biff8;
        match (record.typ, record.data.get(6..).unwrap_or_default()) {
            (LABELSST, _) => u32_at(record.data, 6)
                .and_then(|index| self.globals.blank_strings.get(usize::try_from(index).ok()?))
                .is_some_and(|&blank| blank),
            (_, [0, 0]) => true,
            (_, [low, high, flags, chars @ ..]) if biff8 => {
                is_blank(units(chars, usize::from(u16::from_le_bytes([*low, *high])), flags & 1 != 0), true)
            }
            (_, [low, high, chars @ ..]) if !biff8 => {
                is_blank(units(chars, usize::from(u16::from_le_bytes([*low, *high])), false), false)
            }
            _ => false,
        }
    }

    /// MulRk (2.4.175): rw, colFirst, 6 bytes a column, colLast in the last 2 bytes; calamine
    /// computes `colLast - colFirst + 1` in 16 bits.
    fn mul_rk(&mut self, data: &[u8], row: u32, first: u32) -> Result<(), BiffError> {
        let last = data.len().checked_sub(2).and_then(|at| u16_at(data, at)).map_or(first, u32::from);
        if last < first {
            return Err(BiffError::MulRkReversed { sheet: self.name.to_string(), row, first, last });
        }
        self.cell(row, first, last)
    }

    /// MergeCells (2.4.168): cmcs (2 bytes), then 8 bytes a region; calamine reads cmcs regions
    /// without checking that the record holds them.
    fn check_merges(&self, data: &[u8]) -> Result<(), BiffError> {
        let sheet = self.name.to_string();
        let Some(count) = u16_at(data, 0) else {
            return Err(BiffError::ShortRecord {
                record: "MergeCells",
                sheet: Some(sheet),
                len: data.len(),
                needed: 2,
            });
        };
        let room = (data.len() - 2) / 8;
        if usize::from(count) > room {
            return Err(BiffError::MergeCount { sheet, count, room });
        }
        Ok(())
    }

    /// Formula (2.4.127): the cell, its value, flags and chn (20 bytes), then a CellParsedFormula
    /// (2.5.198.3) whose cce calamine trusts when it slices the tokens.
    fn check_formula(&self, data: &[u8]) -> Result<(), BiffError> {
        let needed = 22 + usize::from(u16_at(data, 20).unwrap_or_default());
        if data.len() < needed {
            let sheet = Some(self.name.to_string());
            return Err(BiffError::ShortRecord { record: "Formula", sheet, len: data.len(), needed });
        }
        Ok(())
    }

    fn check_column(&self, row: u32, column: u32) -> Result<(), BiffError> {
        if column >= COLUMNS {
            return Err(BiffError::OutsideGrid { sheet: self.name.to_string(), row, column });
        }
        Ok(())
    }

    /// Cells from column `first` to `last` of a row, which calamine keeps: in the grid, and in the
    /// extent.
    fn cell(&mut self, row: u32, first: u32, last: u32) -> Result<(), BiffError> {
        self.check_column(row, last)?;
        let [top, bottom, left, right] = self.extent.unwrap_or([row, row, first, last]);
        self.extent = Some([top.min(row), bottom.max(row), left.min(first), right.max(last)]);
        Ok(())
    }

    /// Dimensions (2.4.90): rwMic, rwMac, colMic, colMac, each "Mac" one past the last; rows take 4
    /// bytes in BIFF8's 14-byte record (calamine also takes 16), 2 in BIFF5's 10-byte one. One that
    /// claims rows or columns outside the cells', or that calamine would turn into a reversed range
    /// (a first bound at or past its "Mac" with neither "Mac" zero), is rewritten to the cells'
    /// extent (all zero for a sheet without cells).
    fn fix_dimensions(&self, patches: &mut Vec<Patch>) {
        let wanted = self.extent.map_or([0; 4], |[top, bottom, left, right]| [top, bottom + 1, left, right + 1]);
        for record in &self.dimensions {
            let Some((wide, [rw_mic, rw_mac, col_mic, col_mac])) = claimed_bounds(record.data) else {
                continue; // calamine refuses other lengths with an error
            };
            let reversed = rw_mac > 0 && col_mac > 0 && (rw_mic >= rw_mac || col_mic >= col_mac);
            let [top, bottom, left, right] = wanted;
            if reversed || rw_mic < top || rw_mac > bottom || col_mic < left || col_mac > right {
                patches.push(Patch::Dimensions { at: record.at + 4, bounds: wanted, wide });
            }
        }
    }
}

/// The bounds a Dimensions record claims, and whether its rows take 4 bytes (BIFF8) rather than 2.
fn claimed_bounds(data: &[u8]) -> Option<(bool, [u32; 4])> {
    let wide = match data.len() {
        14 | 16 => true,
        10 => false,
        _ => return None,
    };
    let short = |at| u16_at(data, at).map(u32::from);
    let rows = if wide { [u32_at(data, 0)?, u32_at(data, 4)?] } else { [short(0)?, short(2)?] };
    let columns = if wide { [short(8)?, short(10)?] } else { [short(4)?, short(6)?] };
    Some((wide, [rows[0], rows[1], columns[0], columns[1]]))
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    data.get(at..)?.first_chunk().map(|bytes| u16::from_le_bytes(*bytes))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..)?.first_chunk().map(|bytes| u32::from_le_bytes(*bytes))
}

fn u64_at(data: &[u8], at: usize) -> Option<u64> {
    data.get(at..)?.first_chunk().map(|bytes| u64::from_le_bytes(*bytes))
}

#[cfg(test)]
mod tests;
