//! Unit tests of the parent module.

use super::*;

#[test]
fn the_column_table_is_in_frame_order() {
    for (position, info) in COLUMNS.iter().enumerate() {
        assert_eq!(info.column as usize, position, "{}", info.name);
    }
    let names: std::collections::BTreeSet<&str> = COLUMNS.iter().map(|info| info.name).collect();
    assert_eq!(names.len(), COLUMNS.len());
}

#[test]
fn every_field_fills_its_own_column() {
    for field in Field::ALL {
        assert_eq!(Field::ALL[field.index()], field);
        assert_eq!(field.column().name(), field.as_str());
    }
}

#[test]
fn flags_keep_their_canonical_order() {
    let mut flags = Flags::default();
    flags.insert(Flag::YearUnknown);
    flags.insert(Flag::RvComputed);
    assert_eq!(flags.iter().collect::<Vec<_>>(), [Flag::RvComputed, Flag::YearUnknown]);
}
