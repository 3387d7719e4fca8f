//! Unit tests of the parent module.

use super::*;

#[test]
fn genitives_as_the_city_writes_them() {
    assert_eq!(genitive("Södermalm"), "Södermalms");
    assert_eq!(genitive("Hägersten-Liljeholmen"), "Hägersten-Liljeholmens");
    assert_eq!(genitive("Bromma"), "Bromma");
    assert_eq!(genitive("Hägersten-Älvsjö"), "Hägersten-Älvsjö");
    assert_eq!(genitive("Hässelby-Vällingby"), "Hässelby-Vällingby");
}

#[test]
fn second_sheets_of_a_kind_are_numbered() {
    let used = vec!["Internkontrollplan".to_string()];
    assert_eq!(unique_name("Internkontrollplan", &used), "Internkontrollplan (2)");
}
