//! Entities: recognition, roles, metonymy, in-document coreference and
//! cross-document keys.
//!
//! 1. **Names.** The entity recogniser ([`nlp::ner`]) tags each sentence,
//!    with the gazetteer's matches as features; then a few repairs: a
//!    leading "the" and a trailing possessive are trimmed, one-letter names
//!    ("X" in "writing on X") are dropped, a country, capital, US state or
//!    demonym that the model missed is added, and "Donetsk region" keeps its
//!    head noun.
//! 2. **Roles** come from the text only: title and role words before a name
//!    ("U.S. State Department spokesperson Tammy Bruce") and appositions
//!    ("Andrii Sybiha, Ukraine's foreign minister").
//! 3. **Metonymy.** A capital that is the subject or possessor of a clause
//!    ("Beijing said", "Moscow's position") is a mention of its country with
//!    `metonymy` set; the surface text is kept.
//! 4. **Coreference** for people and organisations: a surname joins the
//!    latest full name ending in it; a pronoun joins the latest person (or,
//!    for "they"/"their", an organisation when no plural noun is closer); a
//!    definite role noun ("the foreign minister", "the ministry") joins the
//!    latest entity whose role or name holds that noun.
//! 5. **Keys**: `TYPE:wiki:Title` when the gazetteer knows the place,
//!    `TYPE:geonames:ID` for cities and regions, otherwise `TYPE:` and the
//!    normalised name (organisations with a known country get its code).

// Sets and maps of the document's own words, only looked up, never
// iterated into output: a fast unkeyed hash.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use nlp::casing::{class, CaseProfile};
use nlp::gazetteer::{Gazetteer, PlaceKind};
use nlp::ner::{gazetteer_code, NerModel, NerScratch};
use text::{Doc, Entity, EntityType, Mention, MentionKind, Span};

use crate::gender::{honorific_gender, name_gender, pronoun_gender, role_gender, Gender};
use crate::lexicon::{MONTHS, ROLE_NOUNS, TITLE_WORDS, WEEKDAYS};

/// The models the entity stage needs.
#[derive(Debug, Clone)]
pub struct EntityModels {
    /// The recogniser.
    pub ner: NerModel,
    /// The place gazetteer.
    pub gazetteer: Gazetteer,
    /// How words are usually written ([`nlp::casing`]).
    pub case: CaseProfile,
}

/// A name found in a sentence: token range and type, before clustering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameSpan {
    /// First token (sentence-relative in [`recognize`], document-level elsewhere).
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Its type.
    pub etype: EntityType,
    /// Gazetteer entry when the whole span is a gazetteer name.
    pub place: Option<u32>,
    /// True when the recogniser found it (false: gazetteer only).
    pub from_model: bool,
}

/// Gazetteer feature codes for a sentence, parallel to `words`, with the
/// gazetteer's matches and each word's case class.
fn gazetteer_codes(
    models: &EntityModels,
    words: &[&str],
    buf: &mut String,
) -> (Vec<u64>, Vec<nlp::gazetteer::GazMatch>, Vec<u8>) {
    let gaz = &models.gazetteer;
    let matches = gaz.find(words, buf);
    let mut codes = vec![0u64; words.len()];
    for m in &matches {
        let kind = gaz.place(m.place).kind.as_str();
        codes[m.start] = gazetteer_code(&format!("B-{kind}"));
        for c in &mut codes[m.start + 1..m.end] {
            *c = gazetteer_code(&format!("I-{kind}"));
        }
    }
    // Each token's case class joins its code: how the word is written
    // elsewhere tells a name from a capitalised common word.
    let mut classes = Vec::with_capacity(words.len());
    for (c, w) in codes.iter_mut().zip(words) {
        let class = models.case.class(w, buf);
        if class != 0 {
            *c = with_case_class(*c, class);
        }
        classes.push(class);
    }
    (codes, matches, classes)
}

/// A gazetteer code combined with a case class (never 0, the "none" code).
fn with_case_class(code: u64, class: u8) -> u64 {
    (code ^ 0x9E37_79B9_7F4A_7C15)
        .wrapping_mul(0x0100_0000_01B3)
        .wrapping_add(class as u64)
        .max(1)
}

/// Words that are a name though written in lower case: each one usually
/// capitalised inside a sentence ([`nlp::casing::CASE_CLASSES`] "mixed" or above), one
/// of them nearly always.
/// `classes` are the words' case classes.
fn lowercase_name(classes: &[u8]) -> bool {
    classes.iter().all(|&c| c >= class::MIXED) && classes.contains(&class::ALWAYS_UPPER)
}

/// Gazetteer feature codes for a sentence, as the recogniser is trained on.
pub fn gazetteer_features(models: &EntityModels, words: &[&str]) -> Vec<u64> {
    gazetteer_codes(models, words, &mut String::new()).0
}

fn is_possessive(w: &str) -> bool {
    matches!(w, "'s" | "’s" | "'" | "’")
}

/// Whether a token with case class `class` can be taken to start no name
/// without asking the recogniser: a word written in lower case here that is
/// written so nine times in ten elsewhere, or punctuation. (A name found
/// from such a word would be cut back to its capitalised rest, or dropped
/// as all lower case, below.)
fn starts_no_name(word: &str, class: u8) -> bool {
    let Some(first) = word.chars().next() else {
        return true;
    };
    if first.is_lowercase() {
        // "the" opens names in the recogniser's training data ("the
        // Dominion Post"); the article is cut off below.
        return class == class::LOWER && word != "the";
    }
    !word
        .chars()
        .any(|c| c.is_alphanumeric() || matches!(c, '#' | '@' | '&' | '$'))
}

/// Recognise the names of one sentence (token indices relative to it).
/// This is exactly what `dossier eval uner` scores.
pub fn recognize(models: &EntityModels, words: &[&str], xpos: &[&str], scratch: &mut NerScratch) -> Vec<NameSpan> {
    let gaz = &models.gazetteer;
    let mut buf = String::new();
    let (codes, matches, classes) = gazetteer_codes(models, words, &mut buf);
    let mut out: Vec<NameSpan> = Vec::new();
    // Most tokens of running text are lower-case words and punctuation;
    // the recogniser scores only those that could open a name.
    let outside: Vec<bool> = words.iter().zip(&classes).map(|(w, &c)| starts_no_name(w, c)).collect();
    for e in models.ner.predict_gated(words, xpos, &codes, &outside, scratch) {
        let Some(etype) = EntityType::from_label(e.label) else {
            continue;
        };
        let (mut s, mut t) = (e.start, e.end);
        while s < t && matches!(words[s], "the" | "The" | "a" | "an") {
            s += 1;
        }
        while t > s
            && (is_possessive(words[t - 1]) || words[t - 1].chars().all(|c| c.is_ascii_punctuation() && c != '.'))
        {
            t -= 1;
        }
        // A name has a capital or a digit somewhere, or is written in lower
        // case words that elsewhere are capitalised ("in kerala", "jill
        // allen"); one letter is no name.
        let has_capital = words[s..t]
            .iter()
            .any(|w| w.chars().any(|c| c.is_uppercase() || c.is_ascii_digit()))
            || lowercase_name(&classes[s..t]);
        if t <= s || !has_capital || (t - s == 1 && words[s].chars().count() < 2) {
            continue;
        }
        // Words that news text writes in lower case nine times in ten are
        // no name, whatever capitals they have here: one alone ("Email :",
        // "Kitchen puts out …"), or every word of a longer span ("the first
        // Smart Phone"). UNER dev: +3.9 points of precision for 0.2 of
        // recall.
        // A short acronym is not its lower-case twin ("WHO", "SAT",
        // "AIDS"); longer words in capitals are shouted ("NEVER", "NOTICE").
        let acronym = |w: &str| {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            (2..=4).contains(&letters) && !w.chars().any(char::is_lowercase)
        };
        let all_lower = words[s..t]
            .iter()
            .zip(&classes[s..t])
            .filter(|(w, _)| w.chars().any(char::is_alphabetic))
            .all(|(w, &c)| c == class::LOWER && !acronym(w));
        if all_lower {
            continue;
        }
        // Nor is a date abbreviation or a company suffix alone ("3rd Dec",
        // "on Fri or Sat", "CCNG , Inc.").
        if t - s == 1 && NEVER_ALONE.contains(&words[s]) {
            continue;
        }
        // "Obama Administration", "William J. Clinton Foundation": a
        // person's name before an organisation's head noun names the
        // organisation (decided before titles are cut from people's names).
        let mut etype = etype;
        if etype == EntityType::Person && t - s >= 2 && ORG_NAME_ENDS.contains(&words[t - 1]) {
            etype = EntityType::Org;
        }
        // "Ukrainian Foreign Minister Andrii Sybiha", "Dr Joseph" or
        // "Republican Susan Collins" taken whole: the name is what follows
        // the last role noun, honorific or party label, and it is a person.
        if etype != EntityType::Org {
            if let Some(k) = (s..t).rev().find(|&k| {
                let lw = words[k].to_lowercase();
                if ROLE_NOUNS.contains(&lw.as_str()) {
                    return true;
                }
                let titled = HONORIFICS.contains(&lw.trim_end_matches('.'))
                    || RANKS.contains(&lw.as_str())
                    || PARTY_LABELS.contains(&lw.as_str());
                // An honorific opens the name or follows a role ("Sheikh"
                // inside "Muhammed Sheikh Khalil" is a name).
                titled && (k == s || ROLE_NOUNS.contains(&words[k - 1].to_lowercase().as_str()))
            }) {
                if k + 1 < t
                    && words[k + 1..t]
                        .iter()
                        .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
                {
                    s = k + 1;
                    etype = EntityType::Person;
                }
            }
        }
        // A day of the week or a date after a name is when, not part of it
        // ("took most of Fallujah | Wednesday", "Donald Trump | November
        // 13"); one alone is no name. "May" may be a name.
        if etype != EntityType::Event {
            loop {
                if t > s && WEEKDAYS.contains(&words[t - 1]) {
                    t -= 1;
                } else if t - s >= 2
                    && words[t - 2] != "May"
                    && MONTHS.contains(&words[t - 2])
                    && words[t - 1].chars().all(|c| c.is_ascii_digit())
                {
                    t -= 2;
                } else {
                    break;
                }
            }
            if t <= s {
                continue;
            }
        }
        // "Bryan Hull - Analyst": a job after a dash in a list of people.
        if etype == EntityType::Person && t - s >= 3 && matches!(words[t - 2], "-" | "--" | "–" | "—") {
            let job = words[t - 1].to_lowercase();
            if ROLE_NOUNS.contains(&job.as_str()) || matches!(classes[t - 1], class::LOWER | class::MIXED) {
                t -= 2;
            }
        }
        // An event name holds no possessive ("Moscow's February 2022").
        if etype == EntityType::Event && words[s..t].iter().any(|w| is_possessive(w)) {
            continue;
        }
        out.push(NameSpan {
            start: s,
            end: t,
            etype,
            place: None,
            from_model: true,
        });
    }
    cut_web_artifacts(words, &mut out);
    for e in &mut out {
        // "North Koreans", "Koreans": a nationality in the plural is a
        // group, whatever the recogniser said.
        if e.etype != EntityType::Norp {
            if let Some(singular) = words[e.end - 1].strip_suffix('s') {
                buf.clear();
                for w in &words[e.start..e.end - 1] {
                    buf.push_str(w);
                    buf.push(' ');
                }
                buf.push_str(singular);
                if gaz.lookup(&buf).is_some_and(|p| p.kind == PlaceKind::Demonym) {
                    e.etype = EntityType::Norp;
                }
            }
        }
        // "Japan | Times", "China | Daily": a country's name before the
        // noun of a newspaper or an airline is that organisation's name.
        if e.end - e.start == 1
            && e.end < words.len()
            && MEDIA_AND_CARRIER_HEADS.contains(&words[e.end])
            && gaz.lookup(words[e.start]).is_some_and(|p| p.kind == PlaceKind::Country)
        {
            e.end += 1;
            e.etype = EntityType::Org;
        }
    }
    for m in &matches {
        let p = gaz.place(m.place);
        if let Some(e) = out.iter_mut().find(|e| e.start == m.start && e.end == m.end) {
            e.place = Some(m.place);
            // The gazetteer settles GPE versus LOC for a known country or city.
            if matches!(
                e.etype,
                EntityType::Loc | EntityType::Event | EntityType::Fac | EntityType::Org
            ) && matches!(
                p.kind,
                PlaceKind::Country | PlaceKind::Capital | PlaceKind::UsState | PlaceKind::BigCity | PlaceKind::Region
            ) {
                e.etype = EntityType::Gpe;
            }
            continue;
        }
        let strong = matches!(
            p.kind,
            PlaceKind::Country | PlaceKind::Capital | PlaceKind::UsState | PlaceKind::Demonym
        );
        // The model may break a country's name into pieces ("North" ORG,
        // "Korea" ORG): a longer country or nationality name that holds
        // every piece whole replaces them.
        let overlapping: Vec<usize> = (0..out.len())
            .filter(|&i| out[i].start < m.end && m.start < out[i].end)
            .collect();
        if !overlapping.is_empty() {
            let pieces_inside = overlapping.iter().all(|&i| {
                out[i].start >= m.start && out[i].end <= m.end && out[i].end - out[i].start < m.end - m.start
            });
            let article = matches!(words[m.start], "the" | "The");
            if !(strong && !article && m.end - m.start >= 2 && pieces_inside) {
                continue;
            }
            for &i in overlapping.iter().rev() {
                out.remove(i);
            }
        }
        let etype = match p.kind {
            PlaceKind::Country | PlaceKind::Capital | PlaceKind::UsState => EntityType::Gpe,
            PlaceKind::Demonym => EntityType::Norp,
            _ => continue,
        };
        // A sentence-initial single word can be anything ("Turkey is ..."
        // is fine, "Chad said" is a person): leave those to the model.
        if m.start == 0 && m.end - m.start == 1 && etype == EntityType::Gpe && p.kind != PlaceKind::Country {
            continue;
        }
        out.push(NameSpan {
            start: m.start,
            end: m.end,
            etype,
            place: Some(m.place),
            from_model: false,
        });
    }
    // "Donetsk region": keep the head noun with the place.
    for e in &mut out {
        if e.etype == EntityType::Gpe
            && e.end < words.len()
            && matches!(
                words[e.end],
                "region" | "province" | "oblast" | "state" | "county" | "district"
            )
            && !words[e.end].chars().next().is_some_and(|c| c.is_uppercase())
        {
            e.end += 1;
        }
    }
    organisations_by_head_noun(words, &matches, &mut out);
    speakers_after_quotes(words, &classes, &mut out);
    states_after_places(words, &mut out);
    if informal_casing(words) {
        lowercase_places(gaz, &classes, words, &mut out);
    }
    if out.is_empty() && matches.is_empty() {
        if let Some((start, end)) = name_alone(words, &classes) {
            out.push(NameSpan {
                start,
                end,
                etype: EntityType::Person,
                place: None,
                from_model: false,
            });
        }
    }
    out.sort_by_key(|e| (e.start, e.end));
    out.dedup_by(|b, a| b.start < a.end);
    out
}

/// Words of a photo credit before the photographer's name.
const PHOTO_AGENCIES: &[&str] = &[
    "AP",
    "Photo",
    "Reuters",
    "REUTERS",
    "AFP",
    "Getty",
    "EPA",
    "Bloomberg",
    "Landov",
    "Xinhua",
];

/// Pieces of web pages that run into a name in extracted text:
/// - a photo credit's slash ("Michael Snyder / AP"): a person's name ends
///   before it; two organisations on either side of it ("NBC / Wall Street
///   Journal", a poll's sponsors) are two names;
/// - a handle after a name ("Jennifer Wishon @JenniferWishon");
/// - a link's hidden title glued to the next word, as The Hill's pages
///   come out ("Susan Collins Susan Margaret CollinsLawmakers"): the name
///   is what was shown, up to the first word the glued one starts with.
fn cut_web_artifacts(words: &[&str], out: &mut Vec<NameSpan>) {
    let mut split = Vec::new();
    for e in out.iter_mut() {
        if let Some(k) = (e.start + 1..e.end).find(|&k| words[k].starts_with('@')) {
            e.end = k;
        }
        if let Some(k) = (e.start + 1..e.end).find(|&k| words[k] == "/") {
            if e.etype == EntityType::Org && k + 1 < e.end {
                // After an agency's credit comes its photographer
                // ("AP Photo / Nasser Nasser", "REUTERS / Suzie Wong").
                let credit = words[e.start..k].iter().any(|w| PHOTO_AGENCIES.contains(w));
                let etype = if credit { EntityType::Person } else { e.etype };
                split.push(NameSpan {
                    start: k + 1,
                    etype,
                    ..*e
                });
            }
            e.end = k;
        }
        if e.etype == EntityType::Person {
            let shown = (e.start + 1..e.end).find_map(|g| {
                let w = words[g];
                let inner = w
                    .char_indices()
                    .skip(1)
                    .find(|&(i, c)| c.is_uppercase() && w[..i].chars().last().is_some_and(char::is_lowercase))?;
                let prefix = &w[..inner.0];
                (e.start..g).find(|&j| words[j] == prefix)
            });
            if let Some(j) = shown {
                e.end = j + 1;
            }
        }
    }
    out.extend(split);
    out.retain(|e| e.end > e.start);
}

/// US states as the post and the AP style abbreviate them after a city
/// ("Lawrence, KS", "Springfield, Ill.").
const US_STATE_ABBREVIATIONS: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME",
    "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA",
    "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "Ala.", "Ariz.", "Ark.", "Calif.", "Colo.",
    "Conn.", "Del.", "Fla.", "Ga.", "Ill.", "Ind.", "Kan.", "Kans.", "Ky.", "La.", "Md.", "Mass.", "Mich.", "Minn.",
    "Miss.", "Mo.", "Mont.", "Neb.", "Nev.", "N.H.", "N.J.", "N.M.", "N.Y.", "N.C.", "N.D.", "Okla.", "Ore.", "Pa.",
    "R.I.", "S.C.", "S.D.", "Tenn.", "Tex.", "Vt.", "Va.", "Wash.", "W.Va.", "Wis.", "Wyo.",
];

/// A state's abbreviation after "City ,": a place, whatever the recogniser
/// made of it ("NY" and "KS" alone look like organisations). Not after a
/// person's name, where "MD" is a degree.
fn states_after_places(words: &[&str], out: &mut Vec<NameSpan>) {
    for i in 2..words.len() {
        // The comma first: it rules out almost every word at once.
        if words[i - 1] != "," || !US_STATE_ABBREVIATIONS.contains(&words[i]) {
            continue;
        }
        let city = words[i - 2];
        if !city.chars().next().is_some_and(char::is_uppercase) || !city.chars().any(char::is_lowercase) {
            continue;
        }
        if out.iter().any(|e| e.end == i - 1 && e.etype == EntityType::Person) {
            continue;
        }
        if let Some(e) = out.iter_mut().find(|e| e.start <= i && i < e.end) {
            if e.start == i && e.end == i + 1 {
                e.etype = EntityType::Gpe;
            }
            continue;
        }
        out.push(NameSpan {
            start: i,
            end: i + 1,
            etype: EntityType::Gpe,
            place: None,
            from_model: false,
        });
    }
}

/// Verbs that follow a speaker's name after a quotation ("…," Griffin said).
const SPEECH_AFTER_QUOTE: &[&str] = &[
    "said",
    "says",
    "added",
    "adds",
    "told",
    "wrote",
    "writes",
    "asked",
    "explained",
    "noted",
    "recalled",
    "replied",
    "insisted",
    "argued",
    "continued",
];

/// The speaker of a quotation the recogniser missed: one or two
/// capitalised words between the quotation's closing mark (or the comma
/// before it) and a verb of saying, with nothing recognised there. A word
/// in capitals is left alone (an agency: "AP said"), and so is one news
/// text writes in lower case.
fn speakers_after_quotes(words: &[&str], classes: &[u8], out: &mut Vec<NameSpan>) {
    let capitalised =
        |w: &str| w.chars().next().is_some_and(char::is_uppercase) && w.chars().skip(1).any(char::is_lowercase);
    for v in 2..words.len() {
        // A capitalised word first: it rules out most words at once.
        if !capitalised(words[v - 1]) || !SPEECH_AFTER_QUOTE.contains(&words[v]) {
            continue;
        }
        let Some(start) = (v.saturating_sub(2).max(1)..v).find(|&a| {
            a_quote_closes_before(words, a) && (a..v).all(|k| capitalised(words[k]) && classes[k] != class::LOWER)
        }) else {
            continue;
        };
        if !out.iter().any(|e| e.start < v && start < e.end) {
            out.push(NameSpan {
                start,
                end: v,
                etype: EntityType::Person,
                place: None,
                from_model: false,
            });
        }
    }
}

/// Whether the words before `start` end a quotation: a closing mark, or a
/// comma right after one ("…,” said" / "…”, said").
fn a_quote_closes_before(words: &[&str], start: usize) -> bool {
    let closing = |w: &str| matches!(w, "”" | "\"" | "''" | "’");
    match words[..start] {
        [.., q, ","] => closing(q),
        [.., q] => closing(q),
        _ => false,
    }
}

/// Whether a sentence is written without the capitals of edited text: it
/// starts in lower case, writes "i" for "I", or capitalises nothing past
/// its first word but "I". Only there is a lower-case place name a name:
/// in edited news "five queens" and "the gulf between them" are words.
fn informal_casing(words: &[&str]) -> bool {
    let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    let mut alphabetic = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic));
    let Some(first) = alphabetic.next() else {
        return false;
    };
    !capitalised(first) || words.contains(&"i") || !alphabetic.any(|w| capitalised(w) && *w != "I")
}

/// Places written in lower case ("from chicago", "in san francisco"): a
/// country, state, region or large city of the gazetteer whose every word
/// news text nearly always capitalises (case class "always-upper"), where
/// the recogniser found nothing.
fn lowercase_places(gaz: &Gazetteer, classes: &[u8], words: &[&str], out: &mut Vec<NameSpan>) {
    let ok: Vec<bool> = words
        .iter()
        .zip(classes)
        .map(|(w, &c)| c == class::ALWAYS_UPPER && w.chars().all(|c| c.is_lowercase()))
        .collect();
    let mut i = 0;
    while i < words.len() {
        let mut found = None;
        for n in (1..=3.min(words.len() - i)).rev() {
            if !ok[i..i + n].iter().all(|&b| b) || out.iter().any(|e| e.start < i + n && i < e.end) {
                continue;
            }
            // Directions and short words name regions somewhere ("West",
            // "Bay") but mostly are plain words.
            let plain = n == 1
                && (words[i].len() < 4
                    || matches!(
                        words[i],
                        "north" | "south" | "east" | "west" | "northeast" | "northwest" | "southeast" | "southwest"
                    ));
            if plain {
                continue;
            }
            let name = words[i..i + n].join(" ");
            if let Some(p) = gaz.lookup(&name) {
                if matches!(
                    p.kind,
                    PlaceKind::Country
                        | PlaceKind::Capital
                        | PlaceKind::UsState
                        | PlaceKind::BigCity
                        | PlaceKind::Region
                ) {
                    found = Some(n);
                    break;
                }
            }
        }
        match found {
            Some(n) => {
                out.push(NameSpan {
                    start: i,
                    end: i + n,
                    etype: EntityType::Gpe,
                    place: None,
                    from_model: false,
                });
                i += n;
            }
            None => i += 1,
        }
    }
}

/// Words that are never a name on their own: month and weekday
/// abbreviations, company suffixes, postscripts.
const NEVER_ALONE: &[&str] = &[
    // Not "Jan" ("his wife Jan") nor "Sun" ("told The Sun").
    "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu",
    "Thurs", "Fri", "Sat", "Inc.", "Inc", "Ltd", "Ltd.", "L.P.", "LLC", "Corp.", "Co.", "P.S.", "PS",
];

/// Courtesy titles before a person's name, compared in lower case without
/// a final full stop; like role nouns they are not part of the name.
const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "mx", "dr", "prof", "sir", "dame", "sheikh", "rev"];

/// Abbreviated ranks and offices, in lower case with their full stop (without
/// it, "Gen Z" and "Rep" are other things).
const RANKS: &[&str] = &[
    "sen.", "rep.", "gov.", "gen.", "lt.", "col.", "sgt.", "capt.", "maj.", "adm.", "cpl.", "pvt.", "fr.",
];

/// Last words that make a name an organisation's, whatever names come
/// before them.
const ORG_NAME_ENDS: &[&str] = &[
    "Foundation",
    "Campaign",
    "Institute",
    "University",
    "College",
    "Administration",
    "Corporation",
    "Association",
    "Society",
    "Committee",
    "Council",
    "Museum",
    "Library",
    "School",
    "Hospital",
    "LLC",
    "Inc.",
    "Corp.",
    "Organization",
    "Coalition",
    "Caucus",
];

/// Party labels before a politician's name ("Republican Susan Collins").
const PARTY_LABELS: &[&str] = &["democrat", "republican", "independent", "libertarian"];

/// Nouns that make a newspaper's, broadcaster's or airline's name after a
/// country's ("Japan Times", "China Daily", "Korea Herald").
const MEDIA_AND_CARRIER_HEADS: &[&str] = &[
    "Times", "Daily", "Post", "Herald", "Tribune", "Journal", "Today", "News", "Radio", "Airlines", "Airways",
];

/// Words that open a greeting line before a name ("Hi Vladi,").
const GREETINGS: &[&str] = &["Hi", "Hey", "Hello", "Dear", "Thanks", "Welcome"];

/// A person's name standing alone on its line, as in a signature or a
/// greeting ("Vince", "Debra Perlingiere", "Hi Vladi ,"): one or two
/// capitalised words, nothing after them but punctuation, where each word
/// is one that news text nearly always capitalises (case class
/// "always-upper"), or, as a surname or after a greeting, one it never
/// wrote. The recogniser, trained on running text, leaves most of these.
/// Token range within `words`.
/// `classes` are the words' case classes.
fn name_alone(words: &[&str], classes: &[u8]) -> Option<(usize, usize)> {
    let is_punct = |w: &str| w.chars().all(|c| c.is_ascii_punctuation());
    let end = words.iter().rposition(|w| !is_punct(w))? + 1;
    let start = usize::from(GREETINGS.contains(&words[0]));
    let greeted = start == 1;
    if end <= start || end - start > 2 {
        return None;
    }
    let name_like = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase) && w.len() >= 2 && chars.all(char::is_lowercase)
    };
    for (k, (w, &c)) in words[start..end].iter().zip(&classes[start..end]).enumerate() {
        let unseen_ok = greeted || k == 1;
        if !name_like(w) || !(c == class::ALWAYS_UPPER || (unseen_ok && c == class::UNSEEN)) {
            return None;
        }
    }
    Some((start, end))
}

/// Head nouns that end an organisation's name when capitalised: the
/// [`ORG_NOUNS`] that rarely close anything else ("West Bank", "Customer
/// Service" are why "bank" and "service" are not here).
const ORG_NAME_HEADS: &[&str] = &[
    "ministry",
    "department",
    "agency",
    "council",
    "commission",
    "committee",
    "embassy",
    "parliament",
    "bureau",
    "university",
    "court",
    "party",
];

/// Organisations the model missed, found by their head noun: a run of
/// capitalised words ending in one ("China's | Foreign Ministry", "the
/// Justice Department"), or one followed by "of" and capitalised words
/// ("Ministry of Defence"), where no other name or place lies. Not in a
/// title-cased line, where every word is capitalised.
fn organisations_by_head_noun(words: &[&str], places: &[nlp::gazetteer::GazMatch], out: &mut Vec<NameSpan>) {
    let capitalised = |w: &str| w.chars().next().is_some_and(|c| c.is_uppercase());
    let (mut alphabetic, mut capitals) = (0, 0);
    for w in words.iter().filter(|w| w.chars().any(char::is_alphabetic)) {
        alphabetic += 1;
        capitals += usize::from(capitalised(w));
    }
    if alphabetic == 0 || capitals * 5 > alphabetic * 3 {
        return;
    }
    let taken = |i: usize, out: &[NameSpan]| {
        out.iter().any(|e| e.start <= i && i < e.end) || places.iter().any(|m| m.start <= i && i < m.end)
    };
    let mut k = 0;
    while k < words.len() {
        let w = words[k];
        if !capitalised(w) || !ORG_NAME_HEADS.iter().any(|h| h.eq_ignore_ascii_case(w)) || taken(k, out) {
            k += 1;
            continue;
        }
        let mut a = k;
        while a > 0 && capitalised(words[a - 1]) && !matches!(words[a - 1], "The" | "A" | "An") && !taken(a - 1, out) {
            a -= 1;
        }
        let mut b = k + 1;
        if b + 1 < words.len() && words[b] == "of" && capitalised(words[b + 1]) && !taken(b + 1, out) {
            b += 2;
            while b < words.len() && capitalised(words[b]) && !taken(b, out) {
                b += 1;
            }
        }
        if b - a >= 2 {
            out.push(NameSpan {
                start: a,
                end: b,
                etype: EntityType::Org,
                place: None,
                from_model: false,
            });
        }
        k = b;
    }
}

struct Work<'a> {
    doc: &'a Doc,
    gaz: &'a Gazetteer,
    xpos: &'a [&'static str],
    deprel: &'a [&'static str],
    head: &'a [Option<usize>],
    sent_of: Vec<usize>,
    in_quote: Vec<bool>,
}

impl<'a> Work<'a> {
    fn text(&self, i: usize) -> &'a str {
        self.doc.token_text(i)
    }
    /// Token `i` in lower case, borrowed when it already is.
    fn lower(&self, i: usize) -> std::borrow::Cow<'a, str> {
        crate::lexicon::lower(self.text(i))
    }
    fn span(&self, a: usize, b: usize) -> Span {
        Span::new(self.doc.tokens[a].span.start, self.doc.tokens[b - 1].span.end)
    }
    fn slice(&self, a: usize, b: usize) -> &str {
        self.doc.slice(self.span(a, b))
    }
    /// Token range of the subtree of `t` within its sentence.
    fn subtree(&self, t: usize) -> (usize, usize) {
        let s = &self.doc.sentences[self.sent_of[t]];
        let (mut a, mut b) = (t, t + 1);
        for i in s.tokens.clone() {
            let mut h = Some(i);
            let mut steps = 0;
            while let Some(x) = h {
                if x == t {
                    a = a.min(i);
                    b = b.max(i + 1);
                    break;
                }
                h = self.head[x];
                steps += 1;
                if steps > 64 {
                    break;
                }
            }
        }
        (a, b)
    }
    /// The token of `[a, b)` whose head lies outside it.
    fn span_head(&self, a: usize, b: usize) -> usize {
        (a..b)
            .find(|&i| self.head[i].is_none_or(|h| h < a || h >= b))
            .unwrap_or(b - 1)
    }
}

struct Cluster {
    etype: EntityType,
    /// Name tokens of the fullest name so far, lower-cased.
    words: Vec<String>,
    name: String,
    place: Option<u32>,
    roles: Vec<String>,
    honorific: Option<String>,
    country: Option<String>,
    metonymy: bool,
    model_votes: usize,
    mentions: Vec<(usize, usize, MentionKind, bool)>,
}

/// Find the entities of a tagged and parsed document, and link the
/// speakers of its quotations to them when quotations are already there.
pub fn extract_entities(doc: &mut Doc, models: &EntityModels) {
    let Some(syn) = doc.syntax.as_ref() else {
        return;
    };
    let sent_of = doc.sentence_of_tokens();
    let in_quote: Vec<bool> = doc.quote_run_tokens().0.iter().map(Option::is_some).collect();
    let w = Work {
        doc,
        gaz: &models.gazetteer,
        xpos: &syn.xpos,
        deprel: &syn.deprel,
        head: &syn.head,
        sent_of,
        in_quote,
    };
    // 1. Names, sentence by sentence.
    let mut names: Vec<NameSpan> = Vec::new();
    let mut scratch = NerScratch::default();
    let mut words: Vec<&str> = Vec::new();
    for s in &doc.sentences {
        words.clear();
        words.extend(s.tokens.clone().map(|i| doc.token_text(i)));
        let xpos = &syn.xpos[s.tokens.clone()];
        for e in recognize(models, &words, xpos, &mut scratch) {
            names.push(NameSpan {
                start: e.start + s.tokens.start,
                end: e.end + s.tokens.start,
                ..e
            });
        }
    }
    let names = repair_title_case(doc, &w.sent_of, names);
    let names = missed_person_mentions(doc, &w.sent_of, names);
    let names = join_name_particles(doc, &w.sent_of, names);
    let entities = cluster(&w, &names);
    let _ = w;
    doc.entities = entities;
    link_speakers(doc);
}

/// Two person names with a lower-case particle between them are one name:
/// the recogniser splits "Bill de Blasio" into "Bill" and "Blasio", so
/// "the mayor" later joined a person called "Bill".
fn join_name_particles(doc: &Doc, sent_of: &[usize], names: Vec<NameSpan>) -> Vec<NameSpan> {
    let mut out: Vec<NameSpan> = Vec::with_capacity(names.len());
    for e in names {
        if let Some(prev) = out.last_mut() {
            let joins = prev.etype == EntityType::Person
                && e.etype == EntityType::Person
                && e.start == prev.end + 1
                && sent_of.get(prev.end) == sent_of.get(e.start)
                && matches!(
                    doc.token_text(prev.end),
                    "de" | "da" | "di" | "du" | "del" | "della" | "van" | "von" | "der" | "bin" | "al" | "dos" | "das"
                );
            if joins {
                prev.end = e.end;
                prev.place = None;
                prev.from_model |= e.from_model;
                continue;
            }
        }
        out.push(e);
    }
    out
}

/// Names in title-case sentences, kept only where the rest of the text
/// confirms them. The recogniser leans on capitals, so in a headline
/// ("Chris Christie Calls Hillary Clinton ‘A Disgrace’ Over Police Shooting
/// Comments") it runs names together and takes plain words for names
/// ("Over", "Disgrace"). A sentence is taken for a headline when every
/// longer word in it starts with a capital and, past its first word, at
/// least two of them are words the body writes in lower case, and at
/// least half of those the body does not capitalise as names. There, a
/// name stands when the same words are a name in the body; one that holds
/// body names with only plain words around them, or two body names, gives
/// way to those names; one made only of plain words goes.
fn repair_title_case(doc: &Doc, sent_of: &[usize], names: Vec<NameSpan>) -> Vec<NameSpan> {
    let is_long_word = |w: &str| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic);
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // Sentences whose longer words are all capitalised; the body is the rest.
    let capitals: Vec<bool> = doc
        .sentences
        .iter()
        .map(|s| {
            let mut long = s.tokens.clone().map(|t| doc.token_text(t)).filter(|w| is_long_word(w));
            let all_capitalised = long.clone().all(&capitalised);
            all_capitalised && long.nth(2).is_some()
        })
        .collect();
    if !capitals.iter().any(|&c| c) {
        return names;
    }
    // Words the body writes in lower case: ordinary words, not names.
    let plain: HashSet<String> = (0..doc.tokens.len())
        .filter(|&t| !capitals[sent_of[t]])
        .map(|t| doc.token_text(t))
        .filter(|w| w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_uppercase))
        .map(str::to_string)
        .collect();
    // Words the body capitalises inside a sentence: names.
    let name_words: HashSet<String> = doc
        .sentences
        .iter()
        .enumerate()
        .filter(|&(k, _)| !capitals[k])
        .flat_map(|(_, s)| s.tokens.clone().skip(1))
        .map(|t| doc.token_text(t))
        .filter(|w| capitalised(w))
        .map(str::to_lowercase)
        .collect();
    let is_plain = |t: usize| {
        let w = doc.token_text(t);
        !w.chars().any(char::is_alphabetic) || plain.contains(&w.to_lowercase())
    };
    let title: Vec<bool> = doc
        .sentences
        .iter()
        .enumerate()
        .map(|(k, s)| {
            // The first word is capitalised anyway, and names the body
            // also capitalises are names wherever they stand.
            let long = s.tokens.clone().skip(1).filter(|&t| is_long_word(doc.token_text(t)));
            let (open, plain) = long.fold((0, 0), |(o, p), t| {
                let is = is_plain(t);
                let named = !is && name_words.contains(&doc.token_text(t).to_lowercase());
                (o + !named as usize, p + is as usize)
            });
            capitals[k] && plain >= 2 && plain * 2 >= open
        })
        .collect();
    if !title.iter().any(|&t| t) {
        return names;
    }
    let text_of =
        |a: usize, b: usize| normalise(doc.slice(Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end)));
    let mut body: HashMap<String, EntityType> = HashMap::default();
    for n in names.iter().filter(|n| !title[sent_of[n.start]]) {
        // A person's surname alone names them too ("Clinton").
        if n.etype == EntityType::Person && n.end - n.start >= 2 {
            body.entry(normalise(doc.token_text(n.end - 1))).or_insert(n.etype);
        }
        body.insert(text_of(n.start, n.end), n.etype);
    }
    let mut out = Vec::with_capacity(names.len());
    for n in names {
        if !title[sent_of[n.start]] || n.place.is_some() || body.contains_key(&text_of(n.start, n.end)) {
            out.push(n);
            continue;
        }
        // The body names inside it, longest first from the left.
        let mut parts = Vec::new();
        let mut leftover_plain = true;
        let mut i = n.start;
        while i < n.end {
            // A lone word counts only as a person's surname: a single
            // "Times" or "House" is too weak a sign.
            let part = (i + 1..=n.end)
                .rev()
                .find_map(|j| body.get(&text_of(i, j)).map(|&t| (j, t)))
                .filter(|&(j, t)| j - i >= 2 || t == EntityType::Person);
            match part {
                Some((j, etype)) => {
                    parts.push(NameSpan {
                        start: i,
                        end: j,
                        etype,
                        place: None,
                        from_model: true,
                    });
                    i = j;
                }
                None => {
                    leftover_plain &= is_plain(i);
                    i += 1;
                }
            }
        }
        if parts.len() >= 2 || (!parts.is_empty() && leftover_plain) {
            out.extend(parts);
        } else if !(parts.is_empty() && leftover_plain) {
            out.push(n);
        }
    }
    out
}

/// Person names the recogniser missed where it found them elsewhere in the
/// text: the whole name again ("Mayor Anna Weber Slams …" in a headline)
/// or the surname alone ("Weber said she would fight the plan") when the
/// words around it are not capitalised (so it is no part of another name).
fn missed_person_mentions(doc: &Doc, sent_of: &[usize], mut names: Vec<NameSpan>) -> Vec<NameSpan> {
    let full: HashSet<Vec<&str>> = names
        .iter()
        .filter(|n| n.etype == EntityType::Person && (2..=3).contains(&(n.end - n.start)))
        .map(|n| (n.start..n.end).map(|t| doc.token_text(t)).collect())
        .collect();
    let surnames: HashSet<&str> = full
        .iter()
        .filter_map(|words| words.last().copied())
        .filter(|w| w.chars().count() >= 3 && w.chars().next().is_some_and(char::is_uppercase))
        .collect();
    if surnames.is_empty() {
        return names;
    }
    // Only a name's first word or a surname can start a match.
    let firsts: HashSet<&str> = full.iter().map(|words| words[0]).collect();
    let mut covered = vec![false; doc.tokens.len()];
    for n in &names {
        covered[n.start..n.end].iter_mut().for_each(|c| *c = true);
    }
    let capitalised = |t: usize| doc.token_text(t).chars().next().is_some_and(char::is_uppercase);
    let before = names.len();
    let mut t = 0;
    while t < doc.tokens.len() {
        let word = doc.token_text(t);
        if !firsts.contains(word) && !surnames.contains(word) {
            t += 1;
            continue;
        }
        let sentence = &doc.sentences[sent_of[t]].tokens;
        let found = (2..=3)
            .rev()
            .map(|len| t + len)
            .filter(|&end| end <= sentence.end)
            .find(|&end| full.contains(&(t..end).map(|k| doc.token_text(k)).collect::<Vec<_>>()))
            .or_else(|| surnames.contains(word).then_some(t + 1));
        let Some(end) = found else {
            t += 1;
            continue;
        };
        // A whole name is sign enough; a surname must stand alone.
        let alone = end - t >= 2
            || ((t == sentence.start || !capitalised(t - 1)) && (end == sentence.end || !capitalised(end)));
        if alone && !covered[t..end].iter().any(|&c| c) {
            names.push(NameSpan {
                start: t,
                end,
                etype: EntityType::Person,
                place: None,
                from_model: false,
            });
            covered[t..end].iter_mut().for_each(|c| *c = true);
        }
        t = end;
    }
    if names.len() > before {
        names.sort_by_key(|n| (n.start, n.end));
    }
    names
}

fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        let word: String = word
            .chars()
            .filter(|c| !matches!(c, '.' | ',' | '’' | '\''))
            .flat_map(|c| c.to_lowercase())
            .collect();
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

fn is_role_word(w: &str) -> bool {
    TITLE_WORDS.contains(&w)
        || ROLE_NOUNS.contains(&w)
        || matches!(w, "spokesperson" | "minister" | "premier" | "ministry")
}

/// Role words before a name: "Belgian Prime Minister", "U.S. State
/// Department spokesperson", "ministry spokesperson".
/// Which names cover each token: [`IN_OTHER_NAME`] and [`IN_PERSON_NAME`]
/// bits, so that role searches look a token up instead of scanning every
/// name (quadratic on pages of thousands of names).
fn name_cover(n: usize, names: &[NameSpan]) -> Vec<u8> {
    let mut cover = vec![0u8; n];
    for e in names {
        let bit = if e.etype == EntityType::Person {
            IN_PERSON_NAME
        } else {
            IN_OTHER_NAME
        };
        for c in cover.iter_mut().take(e.end.min(n)).skip(e.start) {
            *c |= bit;
        }
    }
    cover
}

/// A token inside a name that is not a person's.
const IN_OTHER_NAME: u8 = 1;
/// A token inside a person's name.
const IN_PERSON_NAME: u8 = 2;

fn role_before(w: &Work, start: usize, cover: &[u8]) -> Option<String> {
    let sent = w.sent_of[start];
    let first_of_sent = w.doc.sentences[sent].tokens.start;
    let mut k = start;
    let in_name = |i: usize| cover.get(i).is_some_and(|c| c & IN_OTHER_NAME != 0);
    // A capitalised word naming the office's field right before a title:
    // "Transport Minister", "Finance Minister", "Union leader".
    let field_of_title = |i: usize| {
        i + 1 < start
            && w.text(i).starts_with(char::is_uppercase)
            && w.text(i).chars().all(char::is_alphabetic)
            && is_role_word(&w.lower(i + 1))
            && cover.get(i).is_none_or(|c| c & IN_PERSON_NAME == 0)
    };
    while k > first_of_sent && start - k < 7 {
        let i = k - 1;
        let lw = w.lower(i);
        let ok = is_role_word(&lw)
            || in_name(i)
            || (is_possessive(w.text(i)) && i > first_of_sent && in_name(i - 1))
            || (matches!(w.xpos[i], "NN" | "JJ") && lw.chars().all(|c| c.is_alphabetic() || c == '-'))
            || (w.xpos[i] == "NNP" && is_role_word(&lw))
            || field_of_title(i);
        if !ok {
            break;
        }
        k -= 1;
    }
    // Start at a role word or a name; never at a loose common word.
    while k < start && !(is_role_word(&w.lower(k)) || in_name(k) || field_of_title(k)) {
        k += 1;
    }
    if k >= start || !(k..start).any(|i| is_role_word(&w.lower(i))) {
        return None;
    }
    // The last word must be a title or role word ("President", "spokesperson").
    if !is_role_word(&w.lower(start - 1)) {
        return None;
    }
    Some(w.slice(k, start).to_string())
}

/// An apposition that gives a role: "Lin Jian, a ministry spokesperson," or
/// "Ukraine's foreign minister, Andrii Sybiha".
fn role_apposed(w: &Work, start: usize, end: usize) -> Option<String> {
    let h = w.span_head(start, end);
    let sent = &w.doc.sentences[w.sent_of[h]];
    // The name's own appositive.
    for t in sent.tokens.clone() {
        if w.deprel[t] == "appos" && w.head[t] == Some(h) && t >= end && is_role_word(&w.lower(t)) {
            let (mut a, b) = w.subtree(t);
            while a < b && matches!(w.lower(a).as_ref(), "a" | "an" | "the" | ",") {
                a += 1;
            }
            if b - a <= 8 && a < b {
                return Some(w.slice(a, b).trim_end_matches([',', ' ']).to_string());
            }
        }
    }
    // The name as the appositive of a role noun.
    if w.deprel[h] == "appos" {
        let r = w.head[h]?;
        if r < start && is_role_word(&w.lower(r)) {
            let (mut a, _) = w.subtree(r);
            while a < r && matches!(w.lower(a).as_ref(), "a" | "an" | "the") {
                a += 1;
            }
            if r + 1 - a <= 8 {
                return Some(w.slice(a, r + 1).to_string());
            }
        }
    }
    None
}

fn country_of_words(gaz: &Gazetteer, words: &[&str]) -> Option<String> {
    let m = gaz.find(words, &mut String::new());
    m.iter()
        .map(|m| gaz.place(m.place))
        .find(|p| matches!(p.kind, PlaceKind::Country | PlaceKind::Demonym))
        .map(|p| p.iso2.clone())
}

fn cluster(w: &Work, names: &[NameSpan]) -> Vec<Entity> {
    let gaz = w.gaz;
    let mut clusters: Vec<Cluster> = Vec::new();
    let cover = name_cover(w.doc.tokens.len(), names);
    // Mention order: names first, in text order; pronouns and nominals follow.
    for e in names {
        let toks: Vec<String> = (e.start..e.end).map(|i| w.lower(i).into_owned()).collect();
        let text = w.slice(e.start, e.end).to_string();
        let place = e.place.map(|p| gaz.place(p));
        let head = w.span_head(e.start, e.end);
        // Metonymy: a capital as subject or possessor stands for the government.
        let metonymic = e.etype == EntityType::Gpe
            && place.is_some_and(|p| p.kind == PlaceKind::Capital || gaz.capital_of(&text).is_some())
            && matches!(w.deprel[head], "nsubj" | "nsubj:pass" | "nmod:poss" | "obl:agent")
            && !w.in_quote[head];
        let (etype, key_place) = if metonymic {
            let iso = gaz
                .capital_of(&text)
                .or(place.map(|p| p.iso2.as_str()))
                .unwrap_or_default()
                .to_string();
            (EntityType::Gpe, gaz.country_index(&iso))
        } else {
            (e.etype, e.place)
        };
        // Which cluster? Of several that fit ("Clinton" after Bill and
        // Hillary Clinton), the one mentioned last.
        let fits = |c: &Cluster| {
            if c.etype != etype {
                return false;
            }
            if let (Some(a), Some(b)) = (c.place, key_place) {
                return gaz.place(a).id == gaz.place(b).id;
            }
            match etype {
                EntityType::Person => {
                    // Same name, a surname, or a fuller form of the same name.
                    toks == c.words
                        || (toks.len() < c.words.len() && c.words.ends_with(&toks))
                        || (toks.len() > c.words.len() && toks.ends_with(&c.words))
                        || (toks.len() >= 2
                            && c.words.len() >= 2
                            && toks.last() == c.words.last()
                            && toks[0] == c.words[0])
                }
                EntityType::Org => {
                    toks == c.words
                        || (toks.len() >= 2 && c.words.ends_with(&toks))
                        || (toks.len() == 1 && toks[0].len() >= 2 && toks[0].chars().all(|ch| ch.is_alphabetic()) && {
                            let initials: String = c
                                .words
                                .iter()
                                .filter(|x| !matches!(x.as_str(), "of" | "the" | "and" | "for"))
                                .filter_map(|x| x.chars().next())
                                .collect();
                            initials == toks[0]
                        })
                }
                _ => normalise(&text) == normalise(&c.name),
            }
        };
        let found = clusters
            .iter()
            .enumerate()
            .filter(|(_, c)| fits(c))
            .max_by_key(|(i, c)| (c.mentions.last().map(|m| m.0), *i))
            .map(|(i, _)| i);
        // A surname the recogniser mistyped ("Zelenskyy" as ORG) still
        // joins the person it names.
        let (found, etype) = match found {
            None if e.place.is_none() && toks.len() == 1 && !metonymic => {
                match clusters
                    .iter()
                    .rposition(|c| c.etype == EntityType::Person && c.words.len() > 1 && c.words.last() == toks.last())
                {
                    Some(i) => (Some(i), EntityType::Person),
                    None => (None, etype),
                }
            }
            other => (other, etype),
        };
        let idx = match found {
            Some(i) => i,
            None => {
                clusters.push(Cluster {
                    etype,
                    words: toks.clone(),
                    name: text.clone(),
                    place: key_place,
                    roles: Vec::new(),
                    honorific: None,
                    country: None,
                    metonymy: false,
                    model_votes: 0,
                    mentions: Vec::new(),
                });
                clusters.len() - 1
            }
        };
        let c = &mut clusters[idx];
        if metonymic {
            c.metonymy = true;
            if let Some(p) = key_place {
                c.name = gaz.place(p).name.clone();
            }
        } else if toks.len() > c.words.len() || (c.metonymy && c.mentions.iter().all(|m| m.3)) {
            c.words = toks.clone();
            c.name = text.clone();
        }
        if e.from_model {
            c.model_votes += 1;
        }
        c.mentions.push((e.start, e.end, MentionKind::Name, metonymic));
        if etype == EntityType::Person {
            for role in [role_before(w, e.start, &cover), role_apposed(w, e.start, e.end)]
                .into_iter()
                .flatten()
            {
                match clean_role(&role) {
                    Role::Honorific(h) => {
                        c.honorific.get_or_insert(h);
                    }
                    Role::Title(role) => add_role(&mut c.roles, role),
                    Role::None => {}
                }
            }
        }
    }
    // Countries: the place's, or one named in a person's role or an
    // organisation's name or possessor ("China's Foreign Ministry").
    for c in &mut clusters {
        if let Some(p) = c.place {
            let iso = &gaz.place(p).iso2;
            if !iso.is_empty() {
                c.country = Some(iso.clone());
            }
            continue;
        }
        for r in &c.roles {
            let ws: Vec<&str> = r.split_whitespace().collect();
            if let Some(iso) = country_of_words(gaz, &ws) {
                c.country = Some(iso);
                break;
            }
        }
        if c.country.is_none() && c.etype == EntityType::Org {
            for &(s, e, _, _) in &c.mentions {
                let mut ws: Vec<&str> = (s..e).map(|i| w.text(i)).collect();
                if s >= 2 && is_possessive(w.text(s - 1)) {
                    ws.insert(0, w.text(s - 2));
                }
                if let Some(iso) = country_of_words(gaz, &ws) {
                    c.country = Some(iso);
                    break;
                }
            }
        }
    }
    resolve_pronouns_and_nominals(w, &mut clusters);
    let mut order: Vec<usize> = (0..clusters.len()).collect();
    for c in &mut clusters {
        c.mentions.sort_by_key(|m| (m.0, m.1));
        c.mentions.dedup_by_key(|m| (m.0, m.1));
    }
    order.sort_by_key(|&i| clusters[i].mentions.first().map(|m| m.0).unwrap_or(usize::MAX));
    order
        .into_iter()
        .map(|i| {
            let c = &clusters[i];
            let label = c.etype.label();
            let key = match c.place.map(|p| gaz.place(p)) {
                Some(p) if p.id.starts_with("geonames:") => format!("{label}:{}", p.id),
                Some(p) => format!("{label}:wiki:{}", p.id.replace(' ', "_")),
                None => match (&c.country, c.etype) {
                    (Some(cc), EntityType::Org) => format!("{label}:{}:{}", cc.to_lowercase(), normalise(&c.name)),
                    _ => format!("{label}:{}", normalise(&c.name)),
                },
            };
            let names = c.mentions.iter().filter(|m| m.2 == MentionKind::Name).count().max(1);
            let confidence =
                0.6 + 0.3 * (c.model_votes as f32 / names as f32) + if c.place.is_some() { 0.1 } else { 0.0 };
            Entity {
                key,
                name: c.name.clone(),
                etype: c.etype,
                roles: c.roles.clone(),
                honorific: c.honorific.clone(),
                country: c.country.clone(),
                metonymy: c.metonymy,
                confidence: confidence.min(1.0),
                mentions: c
                    .mentions
                    .iter()
                    .map(|&(s, e, kind, metonymy)| Mention {
                        span: w.span(s, e),
                        kind,
                        metonymy,
                    })
                    .collect(),
            }
        })
        .collect()
}

const MALE: &[&str] = &["he", "him", "his", "himself"];
const FEMALE: &[&str] = &["she", "her", "hers", "herself"];
const PLURAL: &[&str] = &["they", "them", "their", "theirs", "themselves"];

/// Organisation nouns that, after "the", name the latest organisation
/// holding the word ("the ministry" → "China's Foreign Ministry").
const ORG_NOUNS: &[&str] = &[
    "ministry",
    "department",
    "agency",
    "company",
    "bank",
    "party",
    "council",
    "commission",
    "committee",
    "court",
    "office",
    "embassy",
    "army",
    "administration",
    "government",
    "parliament",
    "union",
    "university",
    "group",
    "firm",
    "organization",
    "organisation",
    "alliance",
    "service",
    "bureau",
    "board",
];

/// A person's gender from an honorific before one of its names, a
/// gendered role, or its fullest name; `None` for non-persons and unknowns.
fn cluster_gender(w: &Work, c: &Cluster) -> Option<Gender> {
    if c.etype != EntityType::Person {
        return None;
    }
    let honorific = c
        .mentions
        .iter()
        .filter(|m| m.2 == MentionKind::Name && m.0 > 0)
        .find_map(|m| honorific_gender(w.text(m.0 - 1)));
    honorific
        .or_else(|| c.roles.iter().find_map(|r| role_gender(r)))
        .or_else(|| name_gender(&c.name))
}

/// A lower-case title written out, so that "the senator" finds "Sen.".
fn title_in_full(word: &str) -> &str {
    match word.trim_end_matches('.') {
        "sen" => "senator",
        "rep" => "representative",
        "gov" => "governor",
        "gen" => "general",
        "adm" => "admiral",
        "col" => "colonel",
        "capt" => "captain",
        "sgt" => "sergeant",
        "prof" => "professor",
        "pres" => "president",
        _ => word,
    }
}

fn resolve_pronouns_and_nominals(w: &Work, clusters: &mut [Cluster]) {
    let n = w.doc.tokens.len();
    // Mention start → cluster, for the "latest mention before" searches.
    let mut timeline: Vec<(usize, usize)> = clusters
        .iter()
        .enumerate()
        .flat_map(|(ci, c)| c.mentions.iter().map(move |m| (m.0, ci)))
        .collect();
    timeline.sort_unstable();
    let mut added: Vec<(usize, usize, usize, MentionKind)> = Vec::new(); // (cluster, start, end, kind)
    let mut genders: Vec<Option<Gender>> = clusters.iter().map(|c| cluster_gender(w, c)).collect();
    // Sentences counted without those wholly inside a quotation, so that a
    // long quotation does not push its speaker out of reach of the "she
    // said" after it.
    let mut outside_before = Vec::with_capacity(w.doc.sentences.len());
    let mut count = 0usize;
    for sent in &w.doc.sentences {
        outside_before.push(count);
        let quoted = sent
            .tokens
            .clone()
            .all(|t| w.in_quote[t] || w.doc.token_text(t).chars().all(|c| !c.is_alphanumeric()));
        if !quoted {
            count += 1;
        }
    }
    // Pronouns resolved below join `resolved`, in text order; the latest
    // mention before a token is searched in both lists from that token
    // back (a binary search, not a scan of the whole document), and stops
    // where `beyond` says no earlier mention can be in reach.
    let mut resolved: Vec<(usize, usize)> = Vec::new();
    let latest = |timeline: &[(usize, usize)],
                  resolved: &[(usize, usize)],
                  before: usize,
                  beyond: &dyn Fn(usize) -> bool,
                  ok: &dyn Fn(usize, usize) -> bool|
     -> Option<(usize, usize)> {
        let mut a = timeline.partition_point(|&(s, _)| s < before);
        let mut b = resolved.partition_point(|&(s, _)| s < before);
        loop {
            let next = match (
                a.checked_sub(1).map(|x| timeline[x]),
                b.checked_sub(1).map(|x| resolved[x]),
            ) {
                (Some(x), Some(y)) if x >= y => {
                    a -= 1;
                    x
                }
                (_, Some(y)) => {
                    b -= 1;
                    y
                }
                (Some(x), None) => {
                    a -= 1;
                    x
                }
                (None, None) => return None,
            };
            if beyond(next.0) {
                return None;
            }
            if ok(next.0, next.1) {
                return Some(next);
            }
        }
    };
    let anywhere = |_: usize| false;
    // Where each mention starting at a token ends (the first such mention).
    let mut mention_end: HashMap<usize, usize> = HashMap::default();
    // Tokens inside a mention found so far (mentions this pass adds come in
    // after the loop), so that "is this phrase already a mention?" is a
    // look at a few tokens, not a scan of every mention.
    let mut in_mention = vec![false; n];
    for c in clusters.iter() {
        for m in &c.mentions {
            mention_end.entry(m.0).or_insert(m.1);
            for t in in_mention.iter_mut().take(m.1.min(n)).skip(m.0) {
                *t = true;
            }
        }
    }
    for i in 0..n {
        let lw = w.lower(i);
        let sent = w.sent_of[i];
        let is_person = |ci: usize| clusters[ci].etype == EntityType::Person;
        if MALE.contains(&lw.as_ref()) || FEMALE.contains(&lw.as_ref()) {
            // Latest person mention within three sentences, outside
            // quotations when the pronoun is outside one.
            let quote_ok = |s: usize| w.in_quote[i] || !w.in_quote[s];
            // "she" never joins a man, nor "he" a woman.
            let agrees = |ci: usize| genders[ci].is_none() || genders[ci] == pronoun_gender(&lw);
            let near = |s: usize, ci: usize| {
                is_person(ci)
                    && agrees(ci)
                    && quote_ok(s)
                    && (sent - w.sent_of[s] <= 2
                        || (!w.in_quote[i] && outside_before[sent] - outside_before[w.sent_of[s]] <= 2))
            };
            // The latest person who is a clause's subject is the likeliest
            // antecedent ("Zelenskyy said he'd told Sybiha ... , he wrote").
            let subject = |s: usize| {
                let e = mention_end.get(&s).copied().unwrap_or(s + 1);
                // A title before the name may head the phrase in the
                // parse ("Transport Minister | Alan Reyes"): climb to it.
                let mut h = w.span_head(s, e);
                for _ in 0..3 {
                    match w.head[h] {
                        Some(p) if matches!(w.deprel[h], "flat" | "compound" | "appos") && p + 4 >= s && p < e => h = p,
                        _ => break,
                    }
                }
                // "…, noted NBC's Dante Chinni.": the person after a verb of
                // saying that follows a comma or a quotation is its source,
                // whatever the parser made of the name.
                let inverted_source = || {
                    let Some(p) = w.head[h].filter(|&p| p < s && s - p <= 3 && p > 0) else {
                        return false;
                    };
                    let lemma = w
                        .doc
                        .syntax
                        .as_ref()
                        .and_then(|syn| syn.lemma.get(p))
                        .map(String::as_str);
                    matches!(w.text(p - 1), "," | "”" | "\"" | "’" | "'")
                        && lemma.is_some_and(crate::lexicon::is_communication_verb)
                        && (e >= n || matches!(w.text(e), "." | "," | ";"))
                };
                if inverted_source() {
                    return 2;
                }
                if !w.deprel[h].starts_with("nsubj") {
                    return 0;
                }
                // The subject of a sentence's main verb or of a verb of
                // saying outranks one inside a clause it governs: in
                // "Trump said praise from Vladimir Putin would not affect
                // his policy. He said …" "He" is Trump.
                let main = w.head[h].is_none_or(|v| {
                    w.head[v].is_none()
                        || w.doc
                            .syntax
                            .as_ref()
                            .and_then(|syn| syn.lemma.get(v))
                            .is_some_and(|l| crate::lexicon::is_communication_verb(l))
                });
                if main {
                    2
                } else {
                    1
                }
            };
            // `near` fails for every mention before one it fails for by distance.
            let beyond = |s: usize| {
                sent - w.sent_of[s] > 2 && (w.in_quote[i] || outside_before[sent] - outside_before[w.sent_of[s]] > 2)
            };
            let pick = latest(&timeline, &resolved, i, &beyond, &|s, ci| {
                near(s, ci) && subject(s) == 2
            })
            .or_else(|| {
                latest(&timeline, &resolved, i, &beyond, &|s, ci| {
                    near(s, ci) && subject(s) == 1
                })
            })
            .or_else(|| latest(&timeline, &resolved, i, &beyond, &near));
            if let Some((_, ci)) = pick {
                // "he" tells the gender of a name the lists did not know; a
                // possessive, as often another's ("Kenyata McCain said the
                // family is upset over his death"), does not.
                if genders[ci].is_none() && matches!(lw.as_ref(), "he" | "she") {
                    genders[ci] = pronoun_gender(&lw);
                }
                added.push((ci, i, i + 1, MentionKind::Pronoun));
                resolved.push((i, ci));
            }
        } else if PLURAL.contains(&lw.as_ref()) && !w.in_quote[i] {
            // "they" is an organisation only when no plural noun is closer.
            let org = latest(&timeline, &resolved, i, &|s| w.sent_of[s] + 1 < sent, &|s, ci| {
                clusters[ci].etype == EntityType::Org && w.sent_of[s] + 1 >= sent
            });
            if let Some((s, ci)) = org {
                let plural_between = (s + 1..i).any(|t| matches!(w.xpos[t], "NNS" | "NNPS"));
                if !plural_between {
                    added.push((ci, i, i + 1, MentionKind::Pronoun));
                    resolved.push((i, ci));
                }
            }
        } else if matches!(lw.as_ref(), "the") && i + 1 < n && w.sent_of[i + 1] == sent {
            // "the [modifiers] role-noun": find the noun that ends the phrase.
            let mut j = i + 1;
            while j < n && w.sent_of[j] == sent && j - i <= 4 && matches!(w.xpos[j], "JJ" | "NN" | "NNP") {
                j += 1;
            }
            if j == i + 1 {
                continue;
            }
            let last = j - 1;
            // The phrase must end at its head noun, not run into a name.
            if j < n && w.sent_of[j] == sent && matches!(w.xpos[j], "NNP" | "NNPS") {
                continue;
            }
            if in_mention[i..=last].iter().any(|&b| b) {
                continue;
            }
            let noun = w.lower(last);
            let mods: Vec<std::borrow::Cow<str>> = (i + 1..last).map(|t| w.lower(t)).collect();
            if ROLE_NOUNS.contains(&noun.as_ref()) || noun == "spokesperson" {
                let fits = |ci: usize| {
                    let c = &clusters[ci];
                    c.etype == EntityType::Person
                        && c.roles.iter().any(|r| {
                            let rl = r.to_lowercase();
                            rl.split_whitespace().map(title_in_full).any(|x| x == noun)
                                && mods.iter().all(|m| rl.contains(m.as_ref()))
                        })
                };
                if let Some((_, ci)) = latest(&timeline, &resolved, i, &anywhere, &|_, ci| fits(ci)) {
                    added.push((ci, i, j, MentionKind::Nominal));
                }
            } else if ORG_NOUNS.contains(&noun.as_ref()) {
                let fits = |ci: usize| {
                    let c = &clusters[ci];
                    c.etype == EntityType::Org && c.words.iter().any(|w| *w == noun)
                };
                if let Some((_, ci)) = latest(&timeline, &resolved, i, &anywhere, &|_, ci| fits(ci)) {
                    added.push((ci, i, j, MentionKind::Nominal));
                }
            }
        }
    }
    for (ci, s, e, kind) in added {
        clusters[ci].mentions.push((s, e, kind, false));
    }
}

/// What a role found before or beside a name turns out to be.
enum Role {
    /// A courtesy title alone ("Mr.", "Dr.").
    Honorific(String),
    /// A title or description, cleaned.
    Title(String),
    /// Nothing left once cleaned.
    None,
}

/// Words that begin or end the words the role rules collected without
/// being part of the role: prepositions and conjunctions the phrase hung
/// from ("by Minority Leader", "with … Senate candidate", "he and Senate
/// Majority Leader").
const ROLE_EDGE_WORDS: &[&str] = &[
    "a",
    "after",
    "also",
    "an",
    "and",
    "as",
    "at",
    "before",
    "between",
    "both",
    "but",
    "by",
    "for",
    "from",
    "he",
    "her",
    "his",
    "in",
    "including",
    "like",
    "now",
    "of",
    "on",
    "or",
    "she",
    "so",
    "than",
    "that",
    "their",
    "then",
    "they",
    "to",
    "while",
    "with",
    "yet",
];

/// A role as the rules found it, cleaned: edge punctuation and function
/// words dropped, a courtesy title ([`HONORIFICS`]) told apart.
fn clean_role(role: &str) -> Role {
    let mut words: Vec<&str> = role
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '“' | '”' | '—' | '–')))
        .filter(|w| !w.is_empty())
        .collect();
    // Everything up to the last conjunction before the title belongs to
    // someone else: "Obama and Kentucky Senate candidate".
    if let Some(k) = words.iter().rposition(|w| matches!(*w, "and" | "or")) {
        if k + 1 < words.len() && words[k + 1].starts_with(char::is_uppercase) {
            words.drain(..=k);
        }
    }
    while words
        .first()
        .is_some_and(|w| ROLE_EDGE_WORDS.contains(&w.to_lowercase().as_str()))
    {
        words.remove(0);
    }
    while words
        .last()
        .is_some_and(|w| ROLE_EDGE_WORDS.contains(&w.to_lowercase().as_str()))
    {
        words.pop();
    }
    match words.as_slice() {
        [] => Role::None,
        [w] if HONORIFICS.contains(&w.to_lowercase().trim_end_matches('.')) => Role::Honorific((*w).to_string()),
        _ => Role::Title(words.join(" ")),
    }
}

/// Add a role unless it is there already, whatever its case, or is the end
/// of one there ("leader" beside "Union leader"); a fuller form replaces
/// the shorter one.
fn add_role(roles: &mut Vec<String>, role: String) {
    let lower = role.to_lowercase();
    let ends_with_word =
        |long: &str, short: &str| long.ends_with(short) && long[..long.len() - short.len()].ends_with(' ');
    if roles.iter().any(|r| {
        let r = r.to_lowercase();
        r == lower || ends_with_word(&r, &lower)
    }) {
        return;
    }
    if let Some(r) = roles.iter_mut().find(|r| ends_with_word(&lower, &r.to_lowercase())) {
        *r = role;
        return;
    }
    roles.push(role);
}

/// Point each quotation's speaker at the entity one of its mentions is in,
/// and name it by that entity's fullest name.
pub fn link_speakers(doc: &mut Doc) {
    let entities = &doc.entities;
    // Every mention by where it starts, with its entity and its place among
    // that entity's mentions, so that a speaker looks only at the mentions
    // near its span: scanning them all for every quotation was quadratic
    // on a page of quotations.
    let mut by_start: Vec<(Span, usize, usize)> = entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.mentions.iter().enumerate().map(move |(k, m)| (m.span, i, k)))
        .collect();
    by_start.sort_unstable_by_key(|&(m, i, k)| (m.start, i, k));
    let longest = by_start.iter().map(|(m, ..)| m.len()).max().unwrap_or(0);
    for q in &mut doc.quotes {
        let Some(sp) = q.speaker.as_mut() else {
            continue;
        };
        if matches!(sp.kind, text::SourceKind::Anonymous | text::SourceKind::Unnamed) {
            continue;
        }
        // The longest mention inside (or around) the speaker's span: in
        // "China's Foreign Ministry" that is the ministry, not China. A
        // relative clause the span keeps ("Joseph, who worked for Trump")
        // names other people, so mentions inside it do not count.
        let said_by = sp.span.slice(&doc.text);
        let own = said_by
            .find(", who")
            .or_else(|| said_by.find(", which"))
            .map_or(sp.span.end, |k| sp.span.start + k);
        // A person left unresolved ("a U.S. official") is not the body or
        // country named in the description: only a person's name there
        // says who it is.
        let unresolved_person = sp.kind == text::SourceKind::Person && sp.resolution == text::Resolution::None;
        // A mention inside the span starts in it; one around it starts at
        // most the longest mention's length before it.
        let lo = by_start.partition_point(|(m, ..)| m.start < sp.span.start.saturating_sub(longest));
        let hi = by_start.partition_point(|(m, ..)| m.start <= sp.span.end);
        let by_span = by_start[lo..hi.max(lo)]
            .iter()
            .filter(|&&(_, i, _)| {
                let e = &entities[i];
                if unresolved_person {
                    return e.etype == EntityType::Person;
                }
                matches!(
                    e.etype,
                    EntityType::Person | EntityType::Org | EntityType::Gpe | EntityType::Norp
                )
            })
            .filter(|(m, ..)| (sp.span.contains(*m) && m.start < own) || m.contains(sp.span))
            // Ties go to the last in entity and mention order, as a scan
            // of every entity's mentions found them.
            .max_by_key(|&&(m, i, k)| {
                let person = entities[i].etype == EntityType::Person;
                (
                    person == (sp.kind == text::SourceKind::Person),
                    m.len(),
                    std::cmp::Reverse(m.start),
                    i,
                    k,
                )
            })
            .map(|&(_, i, _)| i);
        let by_name = || {
            let name = sp.name.as_deref()?;
            let last = name.split_whitespace().last()?;
            entities.iter().position(|e| {
                e.etype == EntityType::Person && (e.name == name || e.name.split_whitespace().last() == Some(last))
            })
        };
        if let Some(i) = by_span.or_else(by_name) {
            sp.entity = Some(i);
            if entities[i].etype == EntityType::Person || sp.name.is_none() {
                sp.name = Some(entities[i].name.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each word's case class, as `gazetteer_codes` gives them.
    fn classes_of(case: &CaseProfile, words: &[&str]) -> Vec<u8> {
        let mut buf = String::new();
        words.iter().map(|w| case.class(w, &mut buf)).collect()
    }

    fn orgs(words: &[&str], out: &mut Vec<NameSpan>) -> Vec<String> {
        organisations_by_head_noun(words, &[], out);
        out.iter()
            .filter(|e| e.etype == EntityType::Org)
            .map(|e| words[e.start..e.end].join(" "))
            .collect()
    }

    #[test]
    fn a_place_in_lower_case_is_found_when_news_text_capitalises_it() {
        // Made-up gazetteer rows and case classes.
        let gaz = Gazetteer::from_tsv(
            "Karvia\tcountry\tKV\t0\tKarvia\nNorth\tregion\tKV\t0\tn\nPort Ellery\tbig_city\tKV\t0\tp\n",
        )
        .unwrap();
        let case = CaseProfile::from_tsv(
            "karvia\talways-upper\nnorth\talways-upper\nport\talways-upper\nellery\talways-upper\n",
        )
        .unwrap();
        let words = ["flights", "from", "port", "ellery", "to", "karvia", "go", "north"];
        let mut out = Vec::new();
        lowercase_places(&gaz, &classes_of(&case, &words), &words, &mut out);
        let found: Vec<String> = out.iter().map(|e| words[e.start..e.end].join(" ")).collect();
        assert_eq!(found, ["port ellery", "karvia"]);
        assert!(out.iter().all(|e| e.etype == EntityType::Gpe));
        // Only in text without edited capitals.
        assert!(informal_casing(&words));
        assert!(informal_casing(&["I", "moved", "to", "karvia", "."]));
        assert!(informal_casing(&["Yes", ",", "i", "did"]));
        assert!(!informal_casing(&["Five", "queens", "came", "to", "Rome", "."]));
    }

    #[test]
    fn a_name_alone_on_its_line_is_a_person() {
        // Made-up words and classes.
        let case =
            CaseProfile::from_tsv("marta\talways-upper\nthanks\tlower\nokafor\talways-upper\nsummit\tmixed\n").unwrap();
        let alone = |words: &[&str]| name_alone(words, &classes_of(&case, words));
        assert_eq!(alone(&["Marta", ","]), Some((0, 1)));
        assert_eq!(alone(&["Marta", "Okafor"]), Some((0, 2)));
        // A surname the news never wrote, after a known first name.
        assert_eq!(alone(&["Marta", "Zwiebelkind"]), Some((0, 2)));
        assert_eq!(alone(&["Hi", "Zwiebelkind", ","]), Some((1, 2)));
        // Unknown alone, a word the news writes in lower case, running text.
        assert_eq!(alone(&["Zwiebelkind"]), None);
        assert_eq!(alone(&["Thanks", "."]), None);
        assert_eq!(alone(&["Summit"]), None);
        assert_eq!(alone(&["Marta", "Okafor", "spoke"]), None);
        assert_eq!(alone(&["MARTA"]), None);
    }

    #[test]
    fn the_speaker_after_a_quotation_is_a_person_unless_already_named() {
        // Made-up words and classes.
        let case = CaseProfile::from_tsv("okafor\talways-upper\nthe\tlower\n").unwrap();
        let found = |words: &[&str], out: &mut Vec<NameSpan>| {
            speakers_after_quotes(words, &classes_of(&case, words), out);
            out.iter().map(|e| words[e.start..e.end].join(" ")).collect::<Vec<_>>()
        };
        let quoted = ["“", "We", "won", ",", "”", "Okafor", "said", "."];
        assert_eq!(found(&quoted, &mut Vec::new()), ["Okafor"]);
        assert_eq!(
            found(&["“", "No", ",", "”", "Marta", "Okafor", "added"], &mut Vec::new()),
            ["Marta Okafor"]
        );
        assert_eq!(
            found(&["\"", "No", "\"", ",", "Okafor", "wrote"], &mut Vec::new()),
            ["Okafor"]
        );
        // Not without a quotation, not an agency in capitals, not twice.
        assert!(found(&["Then", "Okafor", "said", "so"], &mut Vec::new()).is_empty());
        assert!(found(&["“", "No", ",", "”", "AP", "said"], &mut Vec::new()).is_empty());
        let known = NameSpan {
            start: 5,
            end: 6,
            etype: EntityType::Org,
            place: None,
            from_model: true,
        };
        let mut out = vec![known];
        found(&quoted, &mut out);
        assert_eq!(out.len(), 1);
        // The first word of a sentence has nothing before it to look at.
        assert!(found(&["Okafor", "said"], &mut Vec::new()).is_empty());
    }

    #[test]
    fn a_state_abbreviation_after_a_city_is_a_place_but_a_degree_after_a_name_is_not() {
        // Made-up lines.
        let places = |words: &[&str], mut out: Vec<NameSpan>| {
            states_after_places(words, &mut out);
            out.iter()
                .filter(|e| e.etype == EntityType::Gpe)
                .map(|e| words[e.start..e.end].join(" "))
                .collect::<Vec<_>>()
        };
        assert_eq!(places(&["shops", "in", "Lawrence", ",", "KS"], Vec::new()), ["KS"]);
        assert_eq!(
            places(&["born", "in", "Joliet", ",", "Ill.", "in", "1950"], Vec::new()),
            ["Ill."]
        );
        let doctor = NameSpan {
            start: 0,
            end: 2,
            etype: EntityType::Person,
            place: None,
            from_model: true,
        };
        assert!(places(&["Harry", "Preuss", ",", "MD", ","], vec![doctor]).is_empty());
        assert!(places(&["SHOUTING", ",", "OR", "NOT"], Vec::new()).is_empty());
    }

    #[test]
    fn photo_credits_handles_and_glued_link_titles_are_cut_from_names() {
        // Made-up lines.
        let cut = |words: &[&str], etype: EntityType| {
            let mut out = vec![NameSpan {
                start: 0,
                end: words.len(),
                etype,
                place: None,
                from_model: true,
            }];
            cut_web_artifacts(words, &mut out);
            out.iter().map(|e| words[e.start..e.end].join(" ")).collect::<Vec<_>>()
        };
        assert_eq!(
            cut(&["Marta", "Okafor", "/", "AP"], EntityType::Person),
            ["Marta Okafor"]
        );
        assert_eq!(
            cut(&["NBC", "/", "Wall", "Street", "Journal"], EntityType::Org),
            ["NBC", "Wall Street Journal"]
        );
        assert_eq!(
            cut(&["AP", "Photo", "/", "Marta", "Okafor"], EntityType::Org),
            ["AP Photo", "Marta Okafor"]
        );
        assert_eq!(
            cut(&["Marta", "Okafor", "@MOkafor"], EntityType::Person),
            ["Marta Okafor"]
        );
        assert_eq!(
            cut(
                &["Marta", "Okafor", "Marta", "Ines", "OkaforLawmakers"],
                EntityType::Person
            ),
            ["Marta Okafor"]
        );
        assert_eq!(
            cut(&["Okafor", "Marta", "Ines", "OkaforKamala"], EntityType::Person),
            ["Okafor"]
        );
        // Names with inner capitals stay whole.
        assert_eq!(cut(&["Ronald", "McDonald"], EntityType::Person), ["Ronald McDonald"]);
        assert_eq!(cut(&["Mary", "MacDonald"], EntityType::Person), ["Mary MacDonald"]);
    }

    #[test]
    fn organisations_are_found_by_their_head_noun() {
        // Made-up sentences.
        let words = [
            "Norway", "’s", "Foreign", "Ministry", "and", "the", "Ministry", "of", "Defence", "spoke", ".",
        ];
        let norway = NameSpan {
            start: 0,
            end: 1,
            etype: EntityType::Gpe,
            place: None,
            from_model: true,
        };
        assert_eq!(
            orgs(&words, &mut vec![norway]),
            ["Foreign Ministry", "Ministry of Defence"]
        );
        // A bare head noun is no name; a title-cased line says nothing.
        assert!(orgs(&["The", "Ministry", "said", "no", "."], &mut Vec::new()).is_empty());
        assert!(orgs(&["Why", "The", "Science", "Ministry", "Failed"], &mut Vec::new()).is_empty());
    }

    #[test]
    fn a_lower_case_name_needs_words_usually_capitalised() {
        let case = CaseProfile::from_tsv("kerala\talways-upper\nsan\tupper\nfrancisco\talways-upper\nmax\tlower\n")
            .expect("profile");
        let name = |words: &[&str]| lowercase_name(&classes_of(&case, words));
        assert!(name(&["kerala"]));
        assert!(name(&["san", "francisco"]));
        // "san" alone is not nearly always capitalised; "max" is a word.
        assert!(!name(&["san"]));
        assert!(!name(&["max"]));
        assert!(!name(&["max", "kerala"]));
        assert!(!name(&["zanzibar"]));
    }
}
