//! Unit tests of the parent module.

use super::*;

fn resolver() -> &'static DistrictResolver {
    &crate::rules::tests::embedded().districts
}

#[test]
fn districts_in_titles_with_genitive_and_mergers() {
    let resolver = resolver();
    let found =
        resolver.find("Uppföljning av åtgärder - 2018 (Hägersten-Liljeholmens stadsdelsnämnd)").expect("district");
    assert_eq!((found.name.as_str(), found.current.as_str()), ("Hägersten-Liljeholmen", "Hägersten-Älvsjö"));
    let found = resolver.find("Rinkeby-Kista stadsdelsnämnd – uppföljning").expect("district");
    assert_eq!(found.current, "Järva");
    assert_eq!(resolver.find("enskede-arsta-vantor").map(|d| d.name), Some("Enskede-Årsta-Vantör".into()));
    assert_eq!(resolver.find("Maria-Gamla stan").map(|d| d.current), Some("Södermalm".into()));
    assert_eq!(
        resolver.find("Norra innerstadens stadsdelsförvaltning").map(|d| d.name),
        Some("Norra innerstaden".into())
    );
    assert_eq!(resolver.find("Kistagången 12"), None);
    assert_eq!(resolver.find("Väsentlighets- och riskanalys 2024"), None);
}

#[test]
fn years_stand_alone() {
    assert_eq!(find_year("Internkontroll 2013, uppföljning 2014"), Some(2013));
    assert_eq!(find_year("VoR_2024.xlsx"), Some(2024));
    assert_eq!(find_year("dnr 120345"), None);
    assert_eq!(find_year("Totalt: 91"), None);
}

#[test]
fn precedence_title_over_file_name_over_folder() {
    let resolver = resolver();
    let titles = [TitleLine { row: 2, text: "Farsta stadsdelsnämnd".into() }];
    let path = Path::new("registers/bromma/2019/VoR 2020.xlsx");
    let clues = Clues { district_option: None, year_option: None, sheet_titles: &titles, other_sheets: vec![], path };
    let (district, year) = resolve(resolver, &clues);
    assert_eq!(district.map(|d| (d.value.name, d.origin)), Some(("Farsta".into(), Origin::SheetTitle { row: 2 })));
    assert_eq!(year.map(|y| (y.value, y.origin)), Some((2020, Origin::FileName)));
    let clues = Clues { district_option: None, year_option: Some(2021), sheet_titles: &[], other_sheets: vec![], path };
    let (district, year) = resolve(resolver, &clues);
    assert_eq!(district.map(|d| d.origin), Some(Origin::Folder { folder: "bromma".into() }));
    assert_eq!(year.map(|y| y.origin), Some(Origin::Option));
}

#[test]
fn a_district_option_is_a_whole_name() {
    let resolver = resolver();
    assert_eq!(resolver.exact("Hägerstn-Älvsjö"), None, "not Älvsjö");
    assert_eq!(resolver.exact("hagersten-alvsjo").map(|d| d.name), Some("Hägersten-Älvsjö".into()));
    assert_eq!(resolver.exact("Älvsjö").map(|d| d.current), Some("Hägersten-Älvsjö".into()));
    assert_eq!(resolver.exact("Farsta stadsdelsnämnd").map(|d| d.name), Some("Farsta".into()));
    assert_eq!(resolver.exact("Södermalms stadsdelsförvaltning").map(|d| d.name), Some("Södermalm".into()));
    assert_eq!(resolver.exact("Södermalms"), None);
    assert_eq!(resolver.exact("Farsta 2020"), None);
}

#[test]
fn the_closest_district() {
    let resolver = resolver();
    assert_eq!(resolver.closest("Hägerstn-Älvsjö"), Some("Hägersten-Älvsjö"));
    assert_eq!(resolver.closest("Hässelby-Vällinby"), Some("Hässelby-Vällingby"));
    assert_eq!(resolver.closest("Enskede"), Some("Enskede-Årsta"));
    assert_eq!(resolver.closest("Årsta Vantör"), Some("Enskede-Årsta-Vantör"));
    assert_eq!(resolver.closest("Farsta sdn"), Some("Farsta"));
    assert_eq!(resolver.closest("Atlantis"), None);
}
