//! The "phrases" corpora: registers whose events are composed from the shared vocabulary of
//! `vocabulary.rs` and edited from year to year at realistic rates.
//!
//! Each district starts with about 100 events; every following year each event is, by
//! chance, dropped (11 %), reworded (11 %: a qualifier changed, added, dropped or moved, the
//! wording turned ("Att X inte följs" / "X följs inte" / "Risk för att X inte följs"), the
//! verb, requirement or object changed, an adverb or a full stop added or removed — one edit,
//! or two), or kept word for word; then new events (now and then a dropped one coming back)
//! fill the register to its size again. A rewording is the same event as before when
//! riskreg's rule says so (Dice ≥ 0.75 over key words) and a new one when it does not: both
//! happen. Every new event is checked against every earlier key of its district_current and
//! made again until it is the same as none of them, and a rewording until it is the same as
//! no other event's key, so that the events are distinct by riskreg's own rule and the
//! relation riskreg has to find is the one the edits made (reported by `--check`).
//!
//! `city`: the 13 districts × 12 years of the city corpus, VoR and plan sheets.
//! `scale_years`: N rows as 12 years (2011–2022) of one district, Bromma: a register of N/12
//! risks a year, VoR sheets only. A register that large cannot be made of the shared
//! vocabulary alone and stay distinct (a fixed vocabulary holds some tens of thousands of
//! events that are pairwise not the same; 500 000 rows carry about 170 000 distinct events),
//! so most of its events name a unit ("på förskolan Solbacken (Lindgatan 12)"), from a list
//! that grows with N: every event still shares most of its words with thousands of others,
//! while the number of pairs that are the same event grows in proportion to the rows, as it
//! does when a district's registers grow.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Instant;

use serde_json::{json, Value};

use crate::fixtures::Fixtures;
use crate::matcher::{Matcher, Words};
use crate::random::SplitMix;
use crate::register::{write_workbook, Risk};
use crate::text::{dice, fold, Keyer};
use crate::vocabulary::{Domain, ADVERBS, DOMAINS, NAME_FIRST, NAME_QUARTER, NAME_SECOND, SHARED_CONDITIONS};
use crate::{nudge, DISTRICTS, RISKS_PER_REGISTER, YEARS};

/// Today's district of each of `DISTRICTS` (templates/districts.toml): the events of one
/// district_current are matched together.
const CURRENT: [&str; 13] = [
    "Bromma",
    "Enskede-Årsta-Vantör",
    "Farsta",
    "Hägersten-Älvsjö",
    "Hässelby-Vällingby",
    "Kungsholmen",
    "Norra innerstaden",
    "Järva",
    "Skarpnäck",
    "Skärholmen",
    "Järva",
    "Södermalm",
    "Norra innerstaden",
];

/// Each year, the share of events dropped, and of events reworded.
const DROP: f64 = 0.11;
const REWORD: f64 = 0.11;
/// Share of the year's additions that are a dropped event coming back (riskreg's `åter`).
const RETURN: f64 = 0.05;
/// Attempts at a new event, and at a rewording, before giving up.
const NEW_ATTEMPTS: usize = 400;
const REWORD_ATTEMPTS: usize = 60;
/// In scale-years, the share of places that name a unit.
const UNIT_SHARE: f64 = 0.9;

/// Words the theme catalogue looks for (folded), counted per register for the check.
const THEME_WORDS: [(&str, &str); 8] = [
    ("loneskulder", "löneskuld"),
    ("inkop_utanfor_avtal", "utanfor ramavtal"),
    ("direktupphandling", "direktupphandling"),
    ("behorigheter", "behorig"),
    ("fortroendekansliga_poster", "fortroendekansliga poster"),
    ("hot_och_vald", "hot och vald"),
    ("otillaten_paverkan", "otillaten paverkan"),
    ("genomforandeplan", "genomforandeplan"),
];

// --- phrases ----------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Core {
    /// "{Object} {verb} inte [adverb] {tail}" (style 0), "Att …" (1), "Risk för att …" (2).
    Passive { object: u8, verb: u8, adverb: u8, style: u8 },
    /// "Brister i {area}", "Det finns brister i …", "Risk för brister i …".
    Brister { area: u8, style: u8 },
    /// "{Act} {verb} utan {requirement}" (style 1: the other of sker/görs; 2: "Risk för att …").
    Utan { act: u8, requirement: u8, style: u8 },
    /// "{Act} {verb} {wrong}", "Att …", "Risk för att …".
    Wrong { act: u8, wrong: u8, style: u8 },
    /// "{Who} {verb} [inte] {rest}", "Risk för att {who} [inte] {verb} {rest}", "Att …".
    Who { who: u8, phrase: u8, style: u8 },
    /// "{Problem} {verb}", "Risk för att …", "Att …".
    Problem { problem: u8, style: u8 },
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Qualifier {
    Place(u8),
    Condition(u8),
    Shared(u8),
    Unit(u32),
}

impl Qualifier {
    fn is_place(self) -> bool {
        matches!(self, Qualifier::Place(_) | Qualifier::Unit(_))
    }
}

#[derive(Clone, PartialEq, Eq, Debug)]
struct Phrase {
    domain: u8,
    core: Core,
    qualifiers: Vec<Qualifier>,
    full_stop: bool,
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn other_verb(verb: &str) -> &'static str {
    if verb == "sker" {
        "görs"
    } else {
        "sker"
    }
}

/// Named units of the scale-years corpus.
struct Units {
    texts: Vec<String>,
    by_kind: HashMap<&'static str, Vec<u32>>,
}

impl Units {
    fn new(count: usize, random: &mut SplitMix) -> Units {
        let mut kinds: Vec<&'static str> = Vec::new();
        for domain in DOMAINS {
            for kind in domain.units {
                if !kinds.contains(kind) {
                    kinds.push(kind);
                }
            }
        }
        let mut names: Vec<String> = Vec::new();
        for quarter in std::iter::once("").chain(NAME_QUARTER.iter().copied()) {
            for first in NAME_FIRST {
                for second in NAME_SECOND {
                    let name = format!("{first}{second}");
                    names.push(if quarter.is_empty() { name } else { format!("{quarter} {name}") });
                }
            }
        }
        // Plain names first, then names with a quarter, each set in a drawn order.
        let plain = NAME_FIRST.len() * NAME_SECOND.len();
        for (start, end) in [(0, plain), (plain, names.len())] {
            for index in (start + 1..end).rev() {
                let other = start + random.below(index - start + 1);
                names.swap(index, other);
            }
        }
        const STREET: [&str; 5] = ["vägen", "gatan", "gränd", "stigen", "backe"];
        // Street names: a first part, a middle part and an ending ("Ek" "dals" "vägen").
        const MIDDLE: [&str; 12] =
            ["", "dals", "backs", "gårds", "hags", "ängs", "lunds", "viks", "bergs", "holms", "stens", "skogs"];
        let mut seen = HashSet::new();
        let mut units = Units { texts: Vec::with_capacity(count), by_kind: HashMap::new() };
        for index in 0..count {
            let kind = kinds[index % kinds.len()];
            let name = &names[index % names.len()];
            let text = loop {
                let street = format!(
                    "{}{}{}",
                    NAME_FIRST[random.below(NAME_FIRST.len())],
                    MIDDLE[random.below(MIDDLE.len())],
                    STREET[random.below(STREET.len())]
                );
                let number = 1 + random.below(120);
                let preposition = if kind.ends_with("gruppen") || kind == "parken" { "i" } else { "på" };
                let text = format!("{preposition} {kind} {name} ({street} {number})");
                if seen.insert(text.clone()) {
                    break text;
                }
            };
            units.by_kind.entry(kind).or_default().push(index as u32);
            units.texts.push(text);
        }
        units
    }
}

/// Makes, renders and rewords phrases.
struct Composer<'a> {
    units: Option<&'a Units>,
    /// Share of events with a place that name a unit (when there are units).
    unit_share: f64,
}

impl Composer<'_> {
    fn render(&self, phrase: &Phrase) -> String {
        let domain = &DOMAINS[phrase.domain as usize];
        let mut text = match phrase.core {
            Core::Passive { object, verb, adverb, style } => {
                let (thing, verbs) = domain.objects[object as usize];
                let (finite, tail) = verbs[verb as usize];
                let adverb = if adverb > 0 { format!(" {}", ADVERBS[adverb as usize - 1]) } else { String::new() };
                let tail = if tail.is_empty() { String::new() } else { format!(" {tail}") };
                match style {
                    0 => format!("{thing} {finite} inte{adverb}{tail}"),
                    1 => format!("att {thing} inte{adverb} {finite}{tail}"),
                    _ => format!("risk för att {thing} inte{adverb} {finite}{tail}"),
                }
            }
            Core::Brister { area, style } => {
                let area = domain.areas[area as usize];
                match style {
                    0 => format!("brister i {area}"),
                    1 => format!("det finns brister i {area}"),
                    _ => format!("risk för brister i {area}"),
                }
            }
            Core::Utan { act, requirement, style } => {
                let (action, verb, requirements, _) = domain.acts[act as usize];
                let requirement = requirements[requirement as usize];
                match style {
                    0 => format!("{action} {verb} utan {requirement}"),
                    1 => format!("{action} {} utan {requirement}", other_verb(verb)),
                    _ => format!("risk för att {} {verb} utan {requirement}", lower_first(action)),
                }
            }
            Core::Wrong { act, wrong, style } => {
                let (action, verb, _, wrongs) = domain.acts[act as usize];
                let wrong = wrongs[wrong as usize];
                match style {
                    0 => format!("{action} {verb} {wrong}"),
                    1 => format!("att {} {verb} {wrong}", lower_first(action)),
                    _ => format!("risk för att {} {verb} {wrong}", lower_first(action)),
                }
            }
            Core::Who { who, phrase: index, style } => {
                let (person, phrases) = domain.whos[who as usize];
                let (verb, negated, rest) = phrases[index as usize];
                let not = if negated { " inte" } else { "" };
                match style {
                    0 => format!("{person} {verb}{not} {rest}"),
                    1 => format!("risk för att {}{not} {verb} {rest}", lower_first(person)),
                    _ => format!("att {}{not} {verb} {rest}", lower_first(person)),
                }
            }
            Core::Problem { problem, style } => {
                let (what, verb) = domain.problems[problem as usize];
                match style {
                    0 => format!("{what} {verb}"),
                    1 => format!("risk för att {} {verb}", lower_first(what)),
                    _ => format!("att {} {verb}", lower_first(what)),
                }
            }
        };
        for qualifier in &phrase.qualifiers {
            text.push(' ');
            match *qualifier {
                Qualifier::Place(index) => text.push_str(domain.places[index as usize]),
                Qualifier::Condition(index) => text.push_str(domain.conditions[index as usize]),
                Qualifier::Shared(index) => text.push_str(SHARED_CONDITIONS[index as usize]),
                Qualifier::Unit(index) => {
                    text.push_str(self.units.map_or("", |units| units.texts[index as usize].as_str()))
                }
            }
        }
        if phrase.full_stop {
            text.push('.');
        }
        upper_first(&text)
    }

    fn place(&self, domain: &Domain, random: &mut SplitMix) -> Qualifier {
        if let Some(units) = self.units {
            if random.chance(self.unit_share) {
                let kind = domain.units[random.below(domain.units.len())];
                if let Some(list) = units.by_kind.get(kind) {
                    return Qualifier::Unit(list[random.below(list.len())]);
                }
            }
        }
        Qualifier::Place(random.below(domain.places.len()) as u8)
    }

    fn condition(domain: &Domain, random: &mut SplitMix) -> Qualifier {
        if domain.conditions.is_empty() || random.chance(0.3) {
            Qualifier::Shared(random.below(SHARED_CONDITIONS.len()) as u8)
        } else {
            Qualifier::Condition(random.below(domain.conditions.len()) as u8)
        }
    }

    /// A new phrase of a domain drawn by weight.
    fn new_phrase(&self, random: &mut SplitMix) -> Phrase {
        let index = {
            let indices: Vec<usize> = (0..DOMAINS.len()).collect();
            *random.weighted(&indices, |index| DOMAINS[*index].weight)
        };
        let domain = &DOMAINS[index];
        let style =
            |random: &mut SplitMix, weights: [u32; 3]| *random.weighted(&[0u8, 1, 2], |style| weights[*style as usize]);
        let mut forms: Vec<(u8, u32)> = Vec::new();
        if !domain.objects.is_empty() {
            forms.push((0, 34));
        }
        if !domain.areas.is_empty() {
            forms.push((1, 10));
        }
        if !domain.acts.is_empty() {
            forms.push((2, 8));
            forms.push((3, 7));
        }
        if !domain.whos.is_empty() {
            forms.push((4, 24));
        }
        if !domain.problems.is_empty() {
            forms.push((5, 17));
        }
        let core = match random.weighted(&forms, |form| form.1).0 {
            0 => {
                let object = random.below(domain.objects.len());
                Core::Passive {
                    object: object as u8,
                    verb: random.below(domain.objects[object].1.len()) as u8,
                    adverb: if random.chance(0.12) { 1 + random.below(ADVERBS.len()) as u8 } else { 0 },
                    style: style(random, [45, 40, 15]),
                }
            }
            1 => Core::Brister { area: random.below(domain.areas.len()) as u8, style: style(random, [80, 10, 10]) },
            2 => {
                let act = random.below(domain.acts.len());
                Core::Utan {
                    act: act as u8,
                    requirement: random.below(domain.acts[act].2.len()) as u8,
                    style: style(random, [85, 10, 5]),
                }
            }
            3 => {
                let act = random.below(domain.acts.len());
                Core::Wrong {
                    act: act as u8,
                    wrong: random.below(domain.acts[act].3.len()) as u8,
                    style: style(random, [70, 20, 10]),
                }
            }
            4 => {
                let who = random.below(domain.whos.len());
                Core::Who {
                    who: who as u8,
                    phrase: random.below(domain.whos[who].1.len()) as u8,
                    style: style(random, [75, 15, 10]),
                }
            }
            _ => {
                Core::Problem { problem: random.below(domain.problems.len()) as u8, style: style(random, [80, 12, 8]) }
            }
        };
        let place_needed = self.units.is_some() && random.chance(0.9);
        let qualifiers = match random.below(100) {
            _ if place_needed => {
                if random.chance(0.5) {
                    vec![self.place(domain, random)]
                } else {
                    vec![self.place(domain, random), Self::condition(domain, random)]
                }
            }
            0..=21 => Vec::new(),
            22..=69 => {
                if random.chance(0.5) {
                    vec![self.place(domain, random)]
                } else {
                    vec![Self::condition(domain, random)]
                }
            }
            _ => {
                let (place, condition) = (self.place(domain, random), Self::condition(domain, random));
                if random.chance(0.75) {
                    vec![place, condition]
                } else {
                    vec![condition, place]
                }
            }
        };
        Phrase { domain: index as u8, core, qualifiers, full_stop: random.chance(0.25) }
    }

    /// One or two edits of a phrase, as a register's text is edited from one year to the next.
    fn reword(&self, phrase: &Phrase, random: &mut SplitMix) -> Phrase {
        let mut phrase = phrase.clone();
        let edits = if random.chance(0.3) { 2 } else { 1 };
        for _ in 0..edits {
            self.edit(&mut phrase, random);
        }
        phrase
    }

    fn edit(&self, phrase: &mut Phrase, random: &mut SplitMix) {
        let domain = &DOMAINS[phrase.domain as usize];
        // change qualifier, add, drop, swap, style, alternative, adverb, head, full stop
        let passive = matches!(phrase.core, Core::Passive { .. });
        let count = phrase.qualifiers.len();
        let weights = [
            if count > 0 { 3 } else { 0 },
            if count < 2 { 2 } else { 0 },
            if count > 0 { 2 } else { 0 },
            if count == 2 { 1 } else { 0 },
            2,
            2,
            if passive { 1 } else { 0 },
            1,
            1,
        ];
        let edits: Vec<usize> = (0..weights.len()).collect();
        let other = |random: &mut SplitMix, current: u8, count: usize| -> u8 {
            if count < 2 {
                current
            } else {
                ((current as usize + 1 + random.below(count - 1)) % count) as u8
            }
        };
        match *random.weighted(&edits, |edit| weights[*edit]) {
            0 => {
                let at = random.below(count);
                phrase.qualifiers[at] = if phrase.qualifiers[at].is_place() {
                    self.place(domain, random)
                } else {
                    Self::condition(domain, random)
                };
            }
            1 => {
                let has_place = phrase.qualifiers.iter().any(|qualifier| qualifier.is_place());
                let added = if has_place { Self::condition(domain, random) } else { self.place(domain, random) };
                if random.chance(0.7) {
                    phrase.qualifiers.push(added);
                } else {
                    phrase.qualifiers.insert(0, added);
                }
            }
            2 => {
                phrase.qualifiers.remove(random.below(count));
            }
            3 => phrase.qualifiers.swap(0, 1),
            4 => match &mut phrase.core {
                Core::Passive { style, .. }
                | Core::Brister { style, .. }
                | Core::Utan { style, .. }
                | Core::Wrong { style, .. }
                | Core::Who { style, .. }
                | Core::Problem { style, .. } => *style = other(random, *style, 3),
            },
            5 => match &mut phrase.core {
                Core::Passive { object, verb, .. } => {
                    *verb = other(random, *verb, domain.objects[*object as usize].1.len())
                }
                Core::Brister { area, .. } => *area = other(random, *area, domain.areas.len()),
                Core::Utan { act, requirement, .. } => {
                    *requirement = other(random, *requirement, domain.acts[*act as usize].2.len())
                }
                Core::Wrong { act, wrong, .. } => *wrong = other(random, *wrong, domain.acts[*act as usize].3.len()),
                Core::Who { who, phrase, .. } => *phrase = other(random, *phrase, domain.whos[*who as usize].1.len()),
                Core::Problem { problem, .. } => *problem = other(random, *problem, domain.problems.len()),
            },
            6 => {
                if let Core::Passive { adverb, .. } = &mut phrase.core {
                    *adverb =
                        if *adverb > 0 && random.chance(0.6) { 0 } else { other(random, *adverb, ADVERBS.len() + 1) };
                }
            }
            7 => match &mut phrase.core {
                Core::Passive { object, verb, .. } => {
                    *object = other(random, *object, domain.objects.len());
                    *verb %= domain.objects[*object as usize].1.len() as u8;
                }
                Core::Who { who, phrase, .. } => {
                    *who = other(random, *who, domain.whos.len());
                    *phrase %= domain.whos[*who as usize].1.len() as u8;
                }
                Core::Utan { act, requirement, .. } => {
                    *act = other(random, *act, domain.acts.len());
                    *requirement %= domain.acts[*act as usize].2.len() as u8;
                }
                Core::Wrong { act, wrong, .. } => {
                    *act = other(random, *act, domain.acts.len());
                    if domain.acts[*act as usize].3.is_empty() {
                        *act = 0;
                    }
                    *wrong %= domain.acts[*act as usize].3.len().max(1) as u8;
                }
                Core::Brister { area, .. } => *area = other(random, *area, domain.areas.len()),
                Core::Problem { problem, .. } => *problem = other(random, *problem, domain.problems.len()),
            },
            _ => phrase.full_stop = !phrase.full_stop,
        }
    }
}

// --- registers over the years -----------------------------------------------------------

#[derive(Clone)]
struct Event {
    lineage: u32,
    phrase: Phrase,
    text: String,
    key: u32,
    context: usize,
    probability: i8,
    consequence: i8,
}

/// Counts of the generation, per district or corpus.
#[derive(Default, Clone)]
struct Counts {
    rows: usize,
    kept: usize,
    reworded_same_key: usize,
    reworded_same_event: usize,
    reworded_new_event: usize,
    reword_failed: usize,
    dropped: usize,
    added: usize,
    returned: usize,
    forced: usize,
}

impl Counts {
    fn json(&self) -> Value {
        let pairs = self.kept
            + self.reworded_same_key
            + self.reworded_same_event
            + self.reworded_new_event
            + self.reword_failed;
        let equal = self.kept + self.reword_failed;
        json!({
            "rows": self.rows,
            "year_to_year_pairs": pairs,
            "word_for_word_equal": equal,
            "word_for_word_equal_share": ratio(equal, pairs),
            "reworded_same_key": self.reworded_same_key,
            "reworded_dice_at_least_threshold": self.reworded_same_event,
            "reworded_dice_below_threshold": self.reworded_new_event,
            "reword_failed_kept": self.reword_failed,
            "dropped": self.dropped,
            "added_new": self.added,
            "added_returning": self.returned,
            "new_events_forced_similar": self.forced,
        })
    }

    fn add(&mut self, other: &Counts) {
        self.rows += other.rows;
        self.kept += other.kept;
        self.reworded_same_key += other.reworded_same_key;
        self.reworded_same_event += other.reworded_same_event;
        self.reworded_new_event += other.reworded_new_event;
        self.reword_failed += other.reword_failed;
        self.dropped += other.dropped;
        self.added += other.added;
        self.returned += other.returned;
        self.forced += other.forced;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        (a as f64 / b as f64 * 10_000.0).round() / 10_000.0
    }
}

/// One district's registers over the years.
struct History<'a> {
    keyer: &'a Keyer,
    composer: Composer<'a>,
    fixtures: &'a Fixtures,
    live: Vec<Event>,
    dropped: Vec<Event>,
    counts: Counts,
}

/// What all histories share: word ids, every text written, lineage numbers.
struct Shared {
    words: Words,
    used: HashSet<String>,
    lineages: u32,
    /// Phrases composed (new events and rewordings), accepted or not.
    attempts: u64,
}

impl History<'_> {
    fn new_event(&mut self, shared: &mut Shared, matcher: &mut Matcher, random: &mut SplitMix) -> Event {
        let lineage = shared.lineages;
        shared.lineages += 1;
        let mut last = None;
        for _ in 0..NEW_ATTEMPTS {
            let phrase = self.composer.new_phrase(random);
            shared.attempts += 1;
            let text = self.composer.render(&phrase);
            if shared.used.contains(&text) {
                continue;
            }
            let key = self.keyer.key(&text);
            let words = shared.words.words(&key);
            let matches = matcher.matches(&shared.words, &words);
            if matches.is_empty() {
                return self.accept(shared, matcher, random, lineage, phrase, text, key, words, &matches);
            }
            last = Some((phrase, text, key, words, matches));
        }
        // The vocabulary is spent: take the last attempt, the same event as some other.
        self.counts.forced += 1;
        let (phrase, text, key, words, matches) = last.expect("a phrase was composed");
        self.accept(shared, matcher, random, lineage, phrase, text, key, words, &matches)
    }

    #[allow(clippy::too_many_arguments)]
    fn accept(
        &mut self,
        shared: &mut Shared,
        matcher: &mut Matcher,
        random: &mut SplitMix,
        lineage: u32,
        phrase: Phrase,
        text: String,
        key: String,
        words: Vec<u32>,
        matches: &[u32],
    ) -> Event {
        let index = matcher.insert(&shared.words, &key, words, lineage, matches);
        shared.used.insert(text.clone());
        let domain = &DOMAINS[phrase.domain as usize];
        let context = random.below(domain.contexts.len());
        let drawn = &self.fixtures.risks[random.below(self.fixtures.risks.len())];
        Event {
            lineage,
            phrase,
            text,
            key: index,
            context,
            probability: drawn.probability,
            consequence: drawn.consequence,
        }
    }

    /// A rewording of `event` that is the same event as no other event's key, or `None`.
    fn reword(&mut self, shared: &mut Shared, matcher: &mut Matcher, random: &mut SplitMix, event: &mut Event) -> bool {
        for _ in 0..REWORD_ATTEMPTS {
            let phrase = self.composer.reword(&event.phrase, random);
            shared.attempts += 1;
            let text = self.composer.render(&phrase);
            if text == event.text || shared.used.contains(&text) {
                continue;
            }
            let key = self.keyer.key(&text);
            let words = shared.words.words(&key);
            let matches = matcher.matches(&shared.words, &words);
            if matches.iter().any(|other| matcher.lineage[*other as usize] != event.lineage) {
                continue;
            }
            let before = matcher.key_words(event.key).to_vec();
            let same_key = matcher.find_key(&key) == Some(event.key);
            let index = matcher.insert(&shared.words, &key, words.clone(), event.lineage, &matches);
            if same_key {
                self.counts.reworded_same_key += 1;
            } else if dice(&before, &words) >= matcher.threshold {
                self.counts.reworded_same_event += 1;
            } else {
                self.counts.reworded_new_event += 1;
            }
            shared.used.insert(text.clone());
            event.phrase = phrase;
            event.text = text;
            event.key = index;
            return true;
        }
        false
    }

    /// The register of the next year: this year's edited, then filled to `size`.
    fn next_year(
        &mut self,
        shared: &mut Shared,
        matcher: &mut Matcher,
        random: &mut SplitMix,
        year: usize,
        size: usize,
    ) {
        let first = year == 0;
        if !first {
            let previous = std::mem::take(&mut self.live);
            for mut event in previous {
                let roll = random.below(1_000_000) as f64 / 1_000_000.0;
                if roll < DROP {
                    self.counts.dropped += 1;
                    self.dropped.push(event);
                    continue;
                }
                event.probability = nudge(event.probability, random);
                event.consequence = nudge(event.consequence, random);
                if roll < DROP + REWORD {
                    if !self.reword(shared, matcher, random, &mut event) {
                        self.counts.reword_failed += 1;
                    }
                } else {
                    self.counts.kept += 1;
                }
                self.live.push(event);
            }
        }
        while self.live.len() > size {
            let event = self.live.remove(random.below(self.live.len()));
            self.counts.dropped += 1;
            self.dropped.push(event);
        }
        while self.live.len() < size {
            if !self.dropped.is_empty() && random.chance(RETURN) {
                let event = self.dropped.swap_remove(random.below(self.dropped.len()));
                self.counts.returned += 1;
                self.live.push(event);
            } else {
                let event = self.new_event(shared, matcher, random);
                self.counts.added += 1;
                self.live.push(event);
            }
        }
        self.counts.rows += self.live.len();
        for event in &self.live {
            matcher.seen[event.key as usize] |= 1 << year;
        }
    }

    /// The register as written: grouped by goal and process, in the order events came.
    fn register(&self) -> Vec<Risk> {
        let mut risks: Vec<Risk> = self
            .live
            .iter()
            .map(|event| {
                let domain = &DOMAINS[event.phrase.domain as usize];
                let (process, method) = domain.contexts[event.context];
                Risk {
                    goal: domain.goal.to_string(),
                    process: Some(process.to_string()),
                    method: Some(method.to_string()),
                    event: event.text.clone(),
                    probability: event.probability,
                    consequence: event.consequence,
                }
            })
            .collect();
        risks.sort_by(|a, b| (&a.goal, &a.process).cmp(&(&b.goal, &b.process)));
        risks
    }
}

/// Word frequencies of a sample of the vocabulary, for the matcher's word order.
fn sampled_words(keyer: &Keyer, seed: u64, units: Option<&Units>, unit_share: f64) -> Words {
    let mut words = Words::new();
    let composer = Composer { units, unit_share };
    let mut random = SplitMix(seed ^ 0x5A3D_1E55);
    for _ in 0..20_000 {
        let phrase = composer.new_phrase(&mut random);
        words.sample(&keyer.key(&composer.render(&phrase)));
    }
    words
}

/// The relation of one matcher, for the check.
fn relation(matcher: &mut Matcher, words: &Words, lineages: usize) -> Value {
    let (groups, largest) = matcher.groups();
    let (new, gone, back) = matcher.year_changes(YEARS.count());
    let frequency = matcher.document_frequency();
    let mut common: Vec<(u32, usize)> = frequency.iter().map(|(word, count)| (*word, *count)).collect();
    common.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let keys = matcher.len();
    let mut value = json!({
        "distinct_keys": keys,
        "lineages": lineages,
        "pairs_dice_at_least_threshold": matcher.edges,
        "events_by_the_rule": groups,
        "largest_event_keys": largest,
        "words": frequency.len(),
        "words_in_more_than_200_keys": frequency.values().filter(|count| **count > 200).count(),
        "most_common_words": common.iter().take(8).map(|(word, count)| json!([words.name(*word), count, ratio(*count, keys)])).collect::<Vec<_>>(),
        "candidates_verified": matcher.verified,
        "year_over_year_by_the_rule": json!({"ny": new, "borttagen": gone, "åter": back}),
    });
    if let Some((sharing, pairs)) = matcher.pairs_sharing_a_word() {
        value["pairs_of_keys"] = json!(pairs);
        value["pairs_sharing_a_key_word"] = json!(sharing);
        value["pairs_sharing_a_key_word_share"] = json!(ratio(sharing as usize, pairs as usize));
    }
    value
}

fn theme_counts(register: &[Risk], totals: &mut [usize; THEME_WORDS.len()]) {
    for risk in register {
        let folded = fold(&risk.event);
        for (index, (_, word)) in THEME_WORDS.iter().enumerate() {
            if folded.contains(&fold(word)) {
                totals[index] += 1;
            }
        }
    }
}

/// The city-phrases corpus.
pub fn city(
    fixtures: &Fixtures,
    keyer: &Keyer,
    out: &Path,
    random: &mut SplitMix,
    written: &mut usize,
) -> Result<Value, String> {
    let started = Instant::now();
    let mut shared =
        Shared { words: sampled_words(keyer, random.0, None, 0.0), used: HashSet::new(), lineages: 0, attempts: 0 };
    let mut matchers: HashMap<&str, (Matcher, usize)> = HashMap::new();
    let mut districts = Vec::new();
    let mut total = Counts::default();
    let mut themes = [0usize; THEME_WORDS.len()];
    let mut registers = 0usize;
    let mut registers_with_repeats = 0usize;
    let mut texts: HashSet<String> = HashSet::new();
    let mut all_keys: Vec<(String, &str)> = Vec::new();
    for (number, district) in DISTRICTS.iter().enumerate() {
        let current = CURRENT[number];
        let folder = out.join(fold(district).replace(' ', "-"));
        std::fs::create_dir_all(&folder).map_err(|err| format!("{}: {err}", folder.display()))?;
        let (matcher, lineages) = matchers.entry(current).or_insert_with(|| (Matcher::new(keyer.similarity), 0));
        let mut history = History {
            keyer,
            composer: Composer { units: None, unit_share: 0.0 },
            fixtures,
            live: Vec::new(),
            dropped: Vec::new(),
            counts: Counts::default(),
        };
        let first_lineage = shared.lineages;
        let mut district_texts = HashSet::new();
        for (index, year) in YEARS.enumerate() {
            let size = RISKS_PER_REGISTER - 5 + random.below(11);
            history.next_year(&mut shared, matcher, random, index, size);
            let register = history.register();
            let distinct: HashSet<&str> = register.iter().map(|risk| risk.event.as_str()).collect();
            registers += 1;
            if distinct.len() < register.len() {
                registers_with_repeats += 1;
            }
            theme_counts(&register, &mut themes);
            for risk in &register {
                texts.insert(risk.event.clone());
                district_texts.insert(risk.event.clone());
            }
            write_workbook(
                &register,
                &fixtures.controls,
                district,
                year,
                &folder.join(format!("VoR {year} {district}.xlsx")),
                true,
            )?;
            *written += 1;
        }
        *lineages += (shared.lineages - first_lineage) as usize;
        let mut value = history.counts.json();
        value["district"] = json!(district);
        value["district_current"] = json!(current);
        value["distinct_event_texts"] = json!(district_texts.len());
        value["distinct_event_texts_share"] = json!(ratio(district_texts.len(), history.counts.rows));
        districts.push(value);
        total.add(&history.counts);
    }
    // Per district_current: the relation, and every key for the city-wide one.
    let mut currents = Vec::new();
    let mut names: Vec<&str> = matchers.keys().copied().collect();
    names.sort_unstable();
    for name in names {
        let (matcher, lineages) = matchers.get_mut(name).expect("listed");
        let mut value = relation(matcher, &shared.words, *lineages);
        value["district_current"] = json!(name);
        currents.push(value);
    }
    for (name, (matcher, _)) in &matchers {
        for index in 0..matcher.len() as u32 {
            let key: Vec<String> = matcher.key_words(index).iter().map(|word| shared.words.name(*word)).collect();
            all_keys.push((key.join(" "), name));
        }
    }
    all_keys.sort();
    // City-wide: the same rule over every district's keys (riskreg's recurring events).
    let mut city = Matcher::new(keyer.similarity);
    let mut current_of = Vec::new();
    for (lineage, (key, current)) in all_keys.iter().enumerate() {
        let words = shared.words.words(key);
        let matches = city.matches(&shared.words, &words);
        if city.find_key(key).is_none() {
            current_of.push(*current);
        }
        city.insert(&shared.words, key, words, lineage as u32, &matches);
    }
    let groups = city.group_of();
    let mut spread: HashMap<u32, HashSet<&str>> = HashMap::new();
    for (index, group) in groups.iter().enumerate() {
        spread.entry(*group).or_default().insert(current_of[index]);
    }
    let mut sizes: HashMap<u32, usize> = HashMap::new();
    for group in &groups {
        *sizes.entry(*group).or_default() += 1;
    }
    let mut largest: Vec<usize> = sizes.values().copied().collect();
    largest.sort_unstable_by(|a, b| b.cmp(a));
    largest.truncate(5);
    let city_wide = json!({
        "largest_event_keys": largest,
        "distinct_keys": city.len(),
        "pairs_dice_at_least_threshold": city.edges,
        "events_by_the_rule": spread.len(),
        "events_in_two_or_more_district_currents": spread.values().filter(|set| set.len() >= 2).count(),
    });
    let mut value = total.json();
    value["corpus"] = json!("city-phrases");
    value["registers"] = json!(registers);
    value["registers_with_a_repeated_event"] = json!(registers_with_repeats);
    value["distinct_event_texts"] = json!(texts.len());
    value["distinct_event_texts_share"] = json!(ratio(texts.len(), total.rows));
    value["theme_words_per_register"] = json!(THEME_WORDS
        .iter()
        .zip(themes)
        .map(|((name, _), count)| (name.to_string(), json!((count as f64 / registers as f64 * 100.0).round() / 100.0)))
        .collect::<serde_json::Map<_, _>>());
    value["district_currents"] = json!(currents);
    value["city_wide"] = city_wide;
    value["districts"] = json!(districts);
    value["phrases_composed"] = json!(shared.attempts);
    value["seconds"] = json!((started.elapsed().as_secs_f64() * 100.0).round() / 100.0);
    summary(&value);
    Ok(value)
}

/// The scale-years corpus of `rows` rows, in `out`.
pub fn scale_years(
    fixtures: &Fixtures,
    keyer: &Keyer,
    rows: usize,
    out: &Path,
    random: &mut SplitMix,
    written: &mut usize,
) -> Result<Value, String> {
    const DISTRICT: &str = "Bromma";
    let started = Instant::now();
    std::fs::create_dir_all(out).map_err(|err| format!("{}: {err}", out.display()))?;
    let units = Units::new((rows / 35).max(12), random);
    let mut shared = Shared {
        words: sampled_words(keyer, random.0, Some(&units), UNIT_SHARE),
        used: HashSet::new(),
        lineages: 0,
        attempts: 0,
    };
    let mut matcher = Matcher::new(keyer.similarity);
    let mut history = History {
        keyer,
        composer: Composer { units: Some(&units), unit_share: UNIT_SHARE },
        fixtures,
        live: Vec::new(),
        dropped: Vec::new(),
        counts: Counts::default(),
    };
    let years: Vec<i32> = YEARS.collect();
    let mut texts: HashSet<String> = HashSet::new();
    for (index, year) in years.iter().enumerate() {
        let size = rows / years.len() + usize::from(index < rows % years.len());
        history.next_year(&mut shared, &mut matcher, random, index, size);
        let register = history.register();
        for risk in &register {
            texts.insert(risk.event.clone());
        }
        write_workbook(
            &register,
            &fixtures.controls,
            DISTRICT,
            *year,
            &out.join(format!("VoR {year} {DISTRICT}.xlsx")),
            false,
        )?;
        *written += 1;
    }
    let lineages = shared.lineages as usize;
    let mut value = history.counts.json();
    value["corpus"] = json!("scale-years");
    value["district"] = json!(DISTRICT);
    value["years"] = json!(years.len());
    value["units"] = json!(units.texts.len());
    value["distinct_event_texts"] = json!(texts.len());
    value["distinct_event_texts_share"] = json!(ratio(texts.len(), history.counts.rows));
    value["relation"] = relation(&mut matcher, &shared.words, lineages);
    value["phrases_composed"] = json!(shared.attempts);
    value["seconds"] = json!((started.elapsed().as_secs_f64() * 100.0).round() / 100.0);
    summary(&value);
    Ok(value)
}

/// The figures a reader wants first, on stderr.
fn summary(value: &Value) {
    let get = |path: &[&str]| path.iter().fold(value, |value, key| &value[*key]).clone();
    eprintln!(
        "{} {}: {} rows, {} distinct event texts ({}), year-to-year pairs word for word equal {} of {} ({}); reworded: same key {}, Dice ≥ threshold {}, below {}; dropped {}, added {} (+{} back), forced {}",
        get(&["corpus"]),
        value.get("district").map(|_| format!("({})", get(&["district"]))).unwrap_or_default(),
        get(&["rows"]),
        get(&["distinct_event_texts"]),
        get(&["distinct_event_texts_share"]),
        get(&["word_for_word_equal"]),
        get(&["year_to_year_pairs"]),
        get(&["word_for_word_equal_share"]),
        get(&["reworded_same_key"]),
        get(&["reworded_dice_at_least_threshold"]),
        get(&["reworded_dice_below_threshold"]),
        get(&["dropped"]),
        get(&["added_new"]),
        get(&["added_returning"]),
        get(&["new_events_forced_similar"]),
    );
}
