//! Bytes as text → `DistrictResolver::find`, `find_year`, and `context::resolve` with the
//! text as a title line, as another sheet's title, as the file name and as a folder name.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use riskreg::fuzzing::context::{self, Clues, DistrictResolver, Origin, TitleLine};
use riskreg::fuzzing::Templates;

fn resolver() -> &'static DistrictResolver {
    static RESOLVER: OnceLock<DistrictResolver> = OnceLock::new();
    RESOLVER.get_or_init(|| match Templates::embedded() {
        Ok(templates) => DistrictResolver::new(&templates.districts),
        Err(err) => panic!("the embedded templates do not load: {err}"),
    })
}

fuzz_target!(|data: &[u8]| {
    let resolver = resolver();
    let text = String::from_utf8_lossy(data);

    let district = resolver.find(&text);
    if let Some(found) = &district {
        assert!(found.known);
    }
    let named = resolver.named(&text);
    if let Some(found) = &district {
        assert_eq!(&named, found);
    }
    let year = context::find_year(&text);
    if let Some(year) = year {
        assert!((1950..=2099).contains(&year), "year {year} from {text:?}");
    }

    // As the sheet's own title line.
    let titles = [TitleLine { row: 1, text: text.to_string() }];
    let empty = PathBuf::from("register.xlsx");
    let clues = Clues { district_option: None, year_option: None, sheet_titles: &titles, other_sheets: vec![], path: &empty };
    let (found_district, found_year) = context::resolve(resolver, &clues);
    assert_eq!(found_district.as_ref().map(|found| &found.value), district.as_ref());
    if district.is_some() {
        assert_eq!(found_district.map(|found| found.origin), Some(Origin::SheetTitle { row: 1 }));
    }
    assert_eq!(found_year.map(|found| found.value), year);

    // As another sheet's title, with the text also as the option (which wins).
    let clues = Clues {
        district_option: Some(&text),
        year_option: None,
        sheet_titles: &[],
        other_sheets: vec![("Blad2", &titles)],
        path: &empty,
    };
    let (found_district, found_year) = context::resolve(resolver, &clues);
    assert_eq!(found_district.map(|found| found.origin), Some(Origin::Option));
    assert_eq!(found_year.map(|found| found.value), year);

    // As a file name and as a folder name (a path component holds no '/' or NUL).
    let component: String = text.chars().map(|c| if c == '/' || c == '\0' { '_' } else { c }).collect();
    for path in [PathBuf::from(format!("{component}.xlsx")), PathBuf::from("registers").join(&component).join("VoR.xlsx")] {
        let clues = Clues { district_option: None, year_option: None, sheet_titles: &[], other_sheets: vec![], path: &path };
        let (found_district, found_year) = context::resolve(resolver, &clues);
        std::hint::black_box((found_district, found_year));
    }
});
