//! Riskmatris: the 5 × 5 counts of risks by sannolikhet (5 at the top, 1 at the bottom)
//! and konsekvens (1 to 5 across), each cell in the colour of the level of S × K; for
//! the city as the sum of each district's latest year, then for each district in its
//! latest year — never years added together, which would count a risk kept for twelve
//! years twelve times (DESIGN §4).

use std::collections::BTreeMap;

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::styles::Styles;
use super::table::print_setup;
use crate::normalise::register::Register;
use crate::pipeline::Batch;
use crate::schema::Kind;
use crate::svenska;
use crate::templates::Templates;

/// The sheet's name.
pub const SHEET: &str = "Riskmatris";
/// Rows each block takes, blank row included.
pub const BLOCK_ROWS: u32 = 12;

/// Counts by [sannolikhet − 1][konsekvens − 1], and the risks without both.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Matrix {
    /// The counts.
    pub counts: [[u32; 5]; 5],
    /// VoR rows lacking sannolikhet or konsekvens.
    pub unplaced: u32,
}

impl Matrix {
    fn add(&mut self, probability: Option<i8>, consequence: Option<i8>) {
        match (probability, consequence) {
            (Some(s @ 1..=5), Some(k @ 1..=5)) => self.counts[s as usize - 1][k as usize - 1] += 1,
            _ => self.unplaced += 1,
        }
    }

    /// All risks counted, placed or not.
    pub fn total(&self) -> u32 {
        self.counts.iter().flatten().sum::<u32>() + self.unplaced
    }
}

/// One matrix per district (today's name) in its latest VoR year, and the city's: their
/// sum.
pub fn matrices(registers: &[Register]) -> (Matrix, BTreeMap<String, (i32, Matrix)>) {
    let risks = || registers.iter().filter(|register| register.kind == Kind::Vor && !register.rows.is_empty());
    let mut by_district: BTreeMap<String, (i32, Matrix)> = crate::compare::latest_years(risks())
        .into_iter()
        .map(|(district, year)| (district, (year, Matrix::default())))
        .collect();
    for register in risks() {
        let (Some(district), Some(year)) = (register.district_current(), register.year) else { continue };
        if let Some((_, matrix)) = by_district.get_mut(district).filter(|(latest, _)| *latest == year) {
            register.rows.iter().for_each(|row| matrix.add(row.probability, row.consequence));
        }
    }
    let mut city = Matrix::default();
    for (_, matrix) in by_district.values() {
        city.unplaced += matrix.unplaced;
        for (sum, count) in city.counts.iter_mut().flatten().zip(matrix.counts.iter().flatten()) {
            *sum += count;
        }
    }
    (city, by_district)
}

/// Blocks on one printed page: a page break after every second block keeps each whole.
const BLOCKS_PER_PAGE: u32 = 2;

/// Writes the sheet.
///
/// # Errors
/// The writer's error.
pub fn write(sheet: &mut Worksheet, styles: &Styles, batch: &Batch, templates: &Templates) -> Result<(), XlsxError> {
    sheet.set_name(SHEET)?;
    sheet.write_string_with_format(0, 0, "Riskmatris – antal risker per sannolikhet och konsekvens", &styles.title)?;
    sheet.set_column_width(0, 24.0)?;
    for column in 1..=5 {
        sheet.set_column_width(column, 15.0)?;
    }
    sheet.set_column_width(6, 9.0)?;
    let (city, by_district) = matrices(&batch.registers);
    let risks = |matrix: &Matrix| svenska::count(matrix.total() as usize, "risk", "risker");
    let districts = svenska::count(by_district.len(), "stadsdelsnämnd", "stadsdelsnämnder");
    let mut row = 2;
    let title = format!("Staden – senaste året för {districts} – {}", risks(&city));
    block(sheet, styles, templates, row, &title, &city)?;
    for (district, (year, matrix)) in &by_district {
        row += BLOCK_ROWS;
        block(sheet, styles, templates, row, &format!("{district} {year} – {}", risks(matrix)), matrix)?;
    }
    let breaks: Vec<u32> = (1..=by_district.len() as u32)
        .filter(|block| block % BLOCKS_PER_PAGE == 0)
        .map(|block| 2 + block * BLOCK_ROWS)
        .collect();
    print_setup(sheet, None)?.set_page_breaks(&breaks)?;
    Ok(())
}

/// One matrix with its title at `top`.
fn block(
    sheet: &mut Worksheet,
    styles: &Styles,
    templates: &Templates,
    top: u32,
    title: &str,
    matrix: &Matrix,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(top, 0, title, &styles.heading)?;
    sheet.merge_range(top + 1, 1, top + 1, 5, "Konsekvens →", &styles.axis)?;
    sheet.write_string_with_format(top + 2, 0, "Sannolikhet ↓", &styles.axis)?;
    for k in 1..=5u8 {
        let label = templates
            .values
            .consequence
            .iter()
            .find(|step| step.value == k)
            .map_or(String::new(), |step| format!("{k} {}", step.label));
        sheet.write_string_with_format(top + 2, u16::from(k), label, &styles.axis)?;
    }
    sheet.write_string_with_format(top + 2, 6, "Summa", &styles.axis)?;
    for (offset, s) in (1..=5u8).rev().enumerate() {
        let row = top + 3 + offset as u32;
        sheet.set_row_height(row, 30)?;
        let label = templates
            .values
            .probability
            .iter()
            .find(|step| step.value == s)
            .map_or(String::new(), |step| format!("{s} {}", step.label));
        sheet.write_string_with_format(row, 0, label, &styles.axis)?;
        for k in 1..=5u8 {
            let level = templates.level_of(i16::from(s) * i16::from(k)).map(|level| level.name.as_str());
            let count = matrix.counts[usize::from(s) - 1][usize::from(k) - 1];
            sheet.write_number_with_format(row, u16::from(k), f64::from(count), styles.matrix_cell(level))?;
        }
        sheet.write_number_with_format(
            row,
            6,
            f64::from(matrix.counts[usize::from(s) - 1].iter().sum::<u32>()),
            &styles.total,
        )?;
    }
    let total_row = top + 8;
    sheet.write_string_with_format(total_row, 0, "Summa", &styles.axis)?;
    for k in 0..5 {
        let column_sum: u32 = matrix.counts.iter().map(|row| row[k]).sum();
        sheet.write_number_with_format(
            total_row,
            u16::try_from(k + 1).unwrap_or(1),
            f64::from(column_sum),
            &styles.total,
        )?;
    }
    sheet.write_number_with_format(
        total_row,
        6,
        f64::from(matrix.counts.iter().flatten().sum::<u32>()),
        &styles.total,
    )?;
    if matrix.unplaced > 0 {
        sheet.write_string_with_format(
            top + 9,
            0,
            format!("Utan sannolikhet eller konsekvens: {}", matrix.unplaced),
            &styles.subtitle,
        )?;
    }
    Ok(())
}
