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

/// The README's table of columns and list of flags are the schema's.
#[test]
fn the_readme_documents_every_column_and_flag() {
    let readme = include_str!("../../README.md");
    for info in &COLUMNS {
        let line = format!("| `{}` | {} | {} | {} |", info.name, info.dtype.as_str(), info.heading, info.meaning);
        assert!(readme.contains(&line), "README lacks the line\n{line}");
    }
    for flag in Flag::ALL {
        assert!(readme.contains(&format!("| `{}` |", flag.as_str())), "README lacks the flag {}", flag.as_str());
    }
}
