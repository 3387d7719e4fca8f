//! The Swedish wording of what riskreg found, for the analyst's workbook: why a file or
//! sheet could not be read, what a warning means, where a district or year came from, and
//! counts with the right number ("1 fil", "2 filer"). The command line speaks English;
//! the workbook is shown to the director and speaks Swedish throughout (DESIGN §4).

use crate::detect::context::Origin;
use crate::error::{Damage, ReadFailure, Warning};
use crate::schema::Kind;

/// `count` with the singular or plural noun: "1 fil", "3 filer", "0 filer".
pub fn count(count: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(count), if count == 1 { one } else { many })
}

/// A whole number with a space between thousands, as Swedish texts write it: "15 511".
pub fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push('\u{a0}');
        }
        out.push(digit);
    }
    out
}

/// What a register of `kind` is called: "VoR", "Internkontrollplan", "Uppföljning".
pub fn kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Vor => "VoR",
        Kind::Ikp => "Internkontrollplan",
        Kind::Uppfoljning => "Uppföljning",
    }
}

/// Where a district or year was found: "bladets titel (rad 1)".
pub fn origin(origin: &Origin) -> String {
    match origin {
        Origin::Option => "kommandoradens val".into(),
        Origin::SheetTitle { row } => format!("bladets titel (rad {row})"),
        Origin::OtherSheet { sheet, row } => format!("titeln på bladet '{sheet}' (rad {row})"),
        Origin::FileName => "filnamnet".into(),
        Origin::Folder { folder } => format!("mappen '{folder}'"),
    }
}

/// Why a file or sheet could not be read, or not to its end.
pub fn read_failure(failure: &ReadFailure) -> String {
    match failure {
        ReadFailure::Empty => "filen är tom (0 byte)".into(),
        ReadFailure::NotASpreadsheet(content) => format!("inget kalkylblad: innehållet är {content}"),
        ReadFailure::Encrypted => {
            "arbetsboken är lösenordsskyddad (krypterad); spara en oskyddad kopia och läs den".into()
        }
        ReadFailure::Corrupt { format, source } => {
            format!("filen ({}) är skadad eller avkortad: {}", format.replace(" or ", " eller "), damage(source))
        }
        ReadFailure::FileTooLarge { size, limit } => {
            format!("filen är {size} byte, över gränsen {limit} byte")
        }
        ReadFailure::InflatesTooMuch { size, limit } => format!(
            "innehållet packas upp till {size} byte, över gränsen {limit} byte; läses inte (höj gränsen med --max-inflated)"
        ),
        ReadFailure::TooManyRows { limit } => format!("fler än {limit} rader; läsningen stoppades där"),
        ReadFailure::TooManyCells { limit } => {
            format!("fler än {limit} celler med innehåll; läsningen stoppades där (höj gränsen med --max-cells)")
        }
        ReadFailure::NoHeader { searched } => format!(
            "ingen registerrubrik på något blad (sökte efter kolumner som 'Oönskad händelse', 'Sannolikhet', 'Kontrollaktivitet' och 'Åtgärd' i de första {searched} raderna)"
        ),
        ReadFailure::NoVisibleSheet => "arbetsboken har inget synligt blad".into(),
        ReadFailure::Io(err) => format!("filen gick inte att läsa (systemets meddelande: {err})"),
        ReadFailure::Csv(err) => format!("CSV-texten gick inte att tolka (tolkarens meddelande: {err})"),
        ReadFailure::Defect(message) => format!(
            "läsningen stoppades av ett fel i läsaren ({message}); filen är troligen skadad eller konstruerad"
        ),
        ReadFailure::ThreadFailed => "tråden som tolkade filen avbröts (ett fel i riskreg)".into(),
    }
}

/// What is damaged: riskreg's own checks in words; a reader library's message, which is
/// English, is left to `riskreg inspect`.
fn damage(damage: &Damage) -> String {
    match damage {
        Damage::SharedStrings { claimed, bytes } => {
            format!("tabellen över delade texter påstår {claimed} texter på {bytes} byte")
        }
        _ => "läsaren kunde inte tolka den (kör riskreg inspect på filen för läsarens eget meddelande)".into(),
    }
}

/// A warning about a file or sheet that was read.
pub fn warning(warning: &Warning) -> String {
    match warning {
        Warning::ExtensionMismatch { content, extension } => {
            format!("innehållet är {content}, inte .{extension} som namnet säger; lästes som {content}")
        }
        Warning::NoByteOrderMark { encoding } => format!("ingen byte-ordningsmarkering; lästes som {encoding}"),
        Warning::MixedEncodings { lines } => {
            format!("rad {lines} är Windows-1252, resten UTF-8: varje rad lästes i sin egen teckenkodning")
        }
        Warning::NotTheEncodingSet { encoding, lines } => format!(
            "lästes som {encoding} enligt --encoding, men rad {lines} är inte {encoding}: oläsliga byte blev �"
        ),
        Warning::QuoteNeverClosed { line } => format!(
            "citattecknet på rad {line} stängs aldrig: raderna därifrån lästes med citattecken som vanlig text"
        ),
        Warning::RecordTooLong { line, bytes, lines } => format!(
            "posten som börjar på rad {line} är längre än {bytes} byte eller {lines} rader: den utelämnades"
        ),
        Warning::HiddenSheet => "dolt blad: lästes inte".into(),
        Warning::NoHeader => "ingen registerrubrik: bladet lästes inte".into(),
        Warning::HeaderWithoutRows => "rubriken har inga datarader under sig".into(),
        Warning::NoEventColumn { .. } => {
            "ingen kolumn för oönskad händelse: varje rad flaggas 'Händelse saknas' (saknas rubriken i aliases.toml?)"
                .into()
        }
        Warning::XlsCorrected { blank_cells, dimensions } => format!(
            "celler med bara mellanslag långt från tabellen lästes inte ({blank_cells}); använt område rättat: {dimensions}"
        ),
        Warning::OwnOutput { command } => format!("en arbetsbok som riskreg skrivit ({command}): lästes inte"),
        Warning::DuplicateRegister { original, rows } => format!(
            "en kopia av {original}: dess {} flaggas 'Kopia av register' och räknas inte (--keep-duplicates räknar dem)",
            count(*rows, "rad", "rader")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_singular_for_one_and_group_thousands() {
        assert_eq!(count(1, "fil", "filer"), "1 fil");
        assert_eq!(count(0, "fil", "filer"), "0 filer");
        assert_eq!(count(15_511, "risk", "risker"), "15\u{a0}511 risker");
        assert_eq!(thousands(1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(thousands(999), "999");
    }
}
