//! dossier's time stage: every date, time-of-day and duration expression
//! in a document, resolved against its publication date, and the time each
//! quotation was made.
//!
//! [`extract_times`] reads the tokens, sentences, tags and parse of a
//! [`Doc`] and its `meta.date` (`YYYY-MM-DD`), fills [`Doc::times`] and sets
//! [`text::Quote::time`]. Values are ISO 8601 as TIMEX3 writes them:
//! `2025-04-08`, `2025-W14`, `2022-02`, `2025-Q1`, `2014`, `199X` (a
//! decade), `20` (a century), `2025-04-08TEV` (a part of a day),
//! `2025-04-08T15:00`, `2005/2009` (a range) and `P3Y` (a duration).
//!
//! Relative expressions ("Tuesday", "last week", "March 3", "two years
//! ago") are resolved against the publication date; without one they keep
//! no value and the anchor `unresolved`. A weekday is the nearest one on
//! or before the publication day unless the clause speaks of the future
//! ("will meet Friday", "is scheduled to begin Sunday", "next Friday").
//!
//! ```
//! use text::{segment, Doc, Meta};
//! let meta = Meta { date: Some("2025-04-10".into()), ..Meta::default() };
//! let mut doc = Doc::new(meta, "He spoke on Tuesday about the war of February 2022.".into());
//! segment(&mut doc);
//! dossier_time::extract_times(&mut doc);
//! let values: Vec<_> = doc.times.iter().map(|t| t.value.as_deref().unwrap()).collect();
//! assert_eq!(values, ["2025-04-08", "2022-02"]);
//! ```
#![deny(missing_docs)]

mod calendar;
mod quotes;
mod words;

use calendar::{add_months, year4, Date};
use text::{Doc, Span, Syntax, TimeAnchor, TimeExpr, TimeGrain, Token};
use words::{classify, Unit, Word};

/// Find the time expressions of `doc` and the time of each of its quotes.
/// Never fails: a publication date that cannot be read becomes a warning
/// and relative expressions stay unresolved.
pub fn extract_times(doc: &mut Doc) {
    let publication = doc.meta.date.as_deref().and_then(Date::parse);
    if let (Some(raw), None) = (doc.meta.date.as_deref(), publication) {
        let message = format!("publication date {raw:?} is not YYYY-MM-DD; relative times left unresolved");
        doc.warn("times", message, None);
    }
    let mut found = Vec::new();
    {
        let scanner = Scanner {
            text: &doc.text,
            tokens: &doc.tokens,
            syntax: doc.syntax.as_ref().filter(|s| s.head.len() == doc.tokens.len()),
            publication,
        };
        for sentence in &doc.sentences {
            let start = found.len();
            scanner.sentence(sentence.tokens.clone(), &mut found);
            merge_clock_times(&doc.text, &mut found, start);
        }
    }
    doc.times = found.into_iter().map(|f| f.expr).collect();
    if publication.is_none() && doc.times.iter().any(|t| t.anchor == TimeAnchor::Unresolved) {
        doc.warn(
            "times",
            "no publication date: relative time expressions are left unresolved",
            None,
        );
    }
    quotes::link_quotes(doc);
}

/// An expression found, with its tokens.
struct Found {
    expr: TimeExpr,
    /// First token and one past the last.
    tokens: (usize, usize),
}

/// Which way a clause points in time, from its governing verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    /// Present, modal, or no verb found: read as the past, as news mostly is.
    Other,
}

struct Scanner<'a> {
    text: &'a str,
    tokens: &'a [Token],
    syntax: Option<&'a Syntax>,
    publication: Option<Date>,
}

/// A value and its grain, before the anchor is set.
type Value = (Option<String>, TimeGrain);

impl Scanner<'_> {
    fn word(&self, i: usize) -> &str {
        self.tokens[i].span.slice(self.text)
    }

    fn class(&self, i: usize, end: usize) -> Word {
        if i >= end {
            return Word::Other;
        }
        classify(self.word(i))
    }

    fn capitalised(&self, i: usize) -> bool {
        self.word(i).as_bytes().first().is_some_and(u8::is_ascii_uppercase)
    }

    fn is(&self, i: usize, end: usize, w: &str) -> bool {
        i < end && self.word(i).eq_ignore_ascii_case(w)
    }

    fn sentence(&self, range: std::ops::Range<usize>, out: &mut Vec<Found>) {
        let (a, b) = (range.start, range.end.min(self.tokens.len()));
        let mut i = a;
        while i < b {
            match self.match_at(i, a, b) {
                Some(f) => {
                    i = f.tokens.1.max(i + 1);
                    out.push(f);
                }
                None => i += 1,
            }
        }
    }

    /// An expression starting at token `i` of the sentence `a..b`.
    fn match_at(&self, i: usize, a: usize, b: usize) -> Option<Found> {
        let w = self.word(i);
        let first = *w.as_bytes().first()?;
        // The gate: most tokens are neither digits nor one of the few words
        // a time expression starts with.
        if first.is_ascii_digit() {
            return self.numeric(i, a, b);
        }
        if !(first.is_ascii_alphabetic() || first == b'\'' || w.starts_with('’')) || w.len() > 12 {
            return None;
        }
        let class = classify(w);
        match class {
            Word::Other | Word::Ago | Word::DayPart(_) => None,
            Word::Unit(unit, true) => self.bare_units(i, unit, a, b),
            Word::Unit(..) => None,
            Word::Ordinal(q) => {
                let j = i + 1 + usize::from(self.is(i + 1, b, "-"));
                matches!(self.class(j, b), Word::Unit(Unit::Quarter, false)).then(|| self.quarter(i, j + 1, q, a, b))
            }
            Word::QuarterCode(q) => Some(self.quarter(i, i + 1, q, a, b)),
            Word::Decade(first) => {
                let value = format!("{}X", first / 10);
                Some(self.done(i, i + 1, (Some(value), TimeGrain::Decade), TimeAnchor::Absolute))
            }
            Word::MidMonth(m) => self.month(i, i, m, a, b),
            Word::MidYear(y) => Some(self.done(i, i + 1, (Some(year4(y)), TimeGrain::Year), TimeAnchor::Absolute)),
            Word::Month(m) => self.capitalised(i).then(|| self.month(i, i, m, a, b)).flatten(),
            Word::Weekday(d) => {
                // "every Tuesday" is a set; "Fox News Sunday" a programme.
                if !self.capitalised(i) || (i > a && (self.is(i - 1, b, "every") || self.is(i - 1, b, "News"))) {
                    return None;
                }
                Some(self.weekday(i, i, d, None, a, b))
            }
            // "USA TODAY" is a newspaper.
            Word::Today if w == "TODAY" || (i > a && self.is(i - 1, b, "USA")) => None,
            Word::Yesterday | Word::Today | Word::Tonight | Word::Tomorrow => Some(self.deictic_day(i, i, class, b)),
            Word::Early | Word::Late | Word::Mid | Word::Earlier | Word::Later => self.modified(i, a, b),
            Word::Last | Word::This | Word::Next | Word::Past | Word::Coming => self.relative(i, i, class, a, b),
            Word::The => match self.class(i + 1, b) {
                Word::Past | Word::Last | Word::Next | Word::Coming => self.the_past(i, a, b),
                Word::Unit(Unit::Weekend, false) => self.the_weekend(i, a, b),
                _ => None,
            },
            Word::Num(_) | Word::Few | Word::Another => self.amount(i, a, b),
            Word::Season(s) => {
                // "spring 2020".
                let y = self.year_at(i + 1, b)?;
                Some(self.done(
                    i,
                    i + 2,
                    (Some(format!("{}-{s}", year4(y))), TimeGrain::Month),
                    TimeAnchor::Absolute,
                ))
            }
        }
    }

    /// A plural unit with no number after "for", "in", "within" or "over
    /// the": an unknown length ("for years", "over the decades").
    fn bare_units(&self, i: usize, unit: Unit, a: usize, b: usize) -> Option<Found> {
        if i == a || matches!(unit, Unit::Weekend | Unit::Quarter) {
            return None;
        }
        let prev = self.word(i - 1).to_ascii_lowercase();
        let introduced = matches!(prev.as_str(), "for" | "in" | "within")
            || (prev == "the" && i >= a + 2 && matches!(self.word(i - 2), "over" | "throughout" | "Over"));
        if !introduced || self.is(i + 1, b, "ago") {
            return None;
        }
        Some(self.done(
            i,
            i + 1,
            (Some(unit.duration_unknown()), TimeGrain::Duration),
            TimeAnchor::Absolute,
        ))
    }

    fn done(&self, s: usize, e: usize, value: Value, anchor: TimeAnchor) -> Found {
        let (value, grain) = value;
        let anchor = if value.is_none() {
            TimeAnchor::Unresolved
        } else {
            anchor
        };
        Found {
            expr: TimeExpr {
                span: Span::new(self.tokens[s].span.start, self.tokens[e - 1].span.end),
                value,
                anchor,
                grain,
            },
            tokens: (s, e),
        }
    }

    /// A relative value: resolved when there is a publication date.
    fn relative_value(&self, s: usize, e: usize, grain: TimeGrain, f: impl FnOnce(Date) -> String) -> Found {
        let value = self.publication.map(f);
        self.done(s, e, (value, grain), TimeAnchor::Publication)
    }

    /// A four-digit year at token `i`.
    fn year_at(&self, i: usize, b: usize) -> Option<i32> {
        if i >= b {
            return None;
        }
        let w = self.word(i);
        (w.len() == 4 && w.bytes().all(|c| c.is_ascii_digit()))
            .then(|| w.parse::<i32>().ok())
            .flatten()
            .filter(|y| (1000..=2199).contains(y))
    }

    /// A day of the month at token `i` ("8", "8th").
    fn day_at(&self, i: usize, b: usize) -> Option<u32> {
        if i >= b {
            return None;
        }
        let w = self.word(i);
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
            return None;
        }
        let d: u32 = digits.parse().ok()?;
        // "May 5 percent", "March 3:30": not a day.
        if i + 1 < b
            && matches!(
                self.word(i + 1),
                "%" | "percent" | ":" | "per" | "-" | "million" | "billion"
            )
        {
            return None;
        }
        (1..=31).contains(&d).then_some(d)
    }

    /// A month name at `m_at` (the expression starting at `s`).
    fn month(&self, s: usize, m_at: usize, month: u32, a: usize, b: usize) -> Option<Found> {
        let abbreviated =
            self.word(m_at).len() <= 5 && !matches!(self.word(m_at), "March" | "April" | "May" | "June" | "July");
        let mut e = m_at + 1;
        if let Some(day) = self.day_at(e, b) {
            e += 1;
            let mut year_at = e;
            if self.is(year_at, b, ",") {
                year_at += 1;
            }
            if let Some(year) = self.year_at(year_at, b) {
                let date = Date::new(year, month, day);
                let value = date.map(Date::iso);
                return Some(self.done(s, year_at + 1, (value, TimeGrain::Day), TimeAnchor::Absolute));
            }
            let tense = self.deadline_tense(s, e, a, b);
            return Some(self.month_day(s, e, month, day, tense));
        }
        // "February 2022", "February of 2022".
        let of = usize::from(self.is(e, b, "of"));
        if let Some(year) = self.year_at(e + of, b) {
            let value = format!("{}-{month:02}", year4(year));
            return Some(self.done(s, e + of + 1, (Some(value), TimeGrain::Month), TimeAnchor::Absolute));
        }
        // A month alone only where something says it is one ("in March",
        // "November's", "late January"): alone, "May" and "March" are words.
        let introduced = s < m_at
            || self.word(m_at).contains('-')
            || (m_at > a && self.introduces_month(m_at, month, b))
            || (e < b && matches!(self.word(e), "'s" | "’s") && !matches!(month, 3 | 5));
        if !introduced || abbreviated && !self.word(m_at).ends_with('.') && s == m_at {
            return None;
        }
        let tense = self.deadline_tense(s, e, a, b);
        let last = s < m_at && self.is(s, b, "last");
        let next = s < m_at && self.is(s, b, "next");
        Some(self.relative_value(s, e, TimeGrain::Month, |p| {
            let ahead = i64::from(month) - i64::from(p.month);
            let year = if last {
                if ahead < 0 {
                    p.year
                } else {
                    p.year - 1
                }
            } else if next {
                if ahead > 0 {
                    p.year
                } else {
                    p.year + 1
                }
            } else if tense == Tense::Future {
                if ahead < -2 {
                    p.year + 1
                } else {
                    p.year
                }
            } else if ahead > 2 {
                p.year - 1
            } else {
                p.year
            };
            format!("{}-{month:02}", year4(year))
        }))
    }

    /// Whether the word before the month name at `m_at` makes it a month:
    /// "in", "since", "last"; "the", "and", "or", "to" only for a month
    /// whose name is no other word, and "the" only before a lower-case
    /// word ("the November elections", not "the May government").
    fn introduces_month(&self, m_at: usize, month: u32, b: usize) -> bool {
        let prev = self.word(m_at - 1);
        if words::introduces_month(prev) {
            return true;
        }
        let plain = !matches!(month, 3 | 5);
        match prev {
            "the" | "The" => {
                plain
                    && m_at + 1 < b
                    && self
                        .word(m_at + 1)
                        .as_bytes()
                        .first()
                        .is_some_and(u8::is_ascii_lowercase)
            }
            "and" | "or" | "to" => plain,
            _ => false,
        }
    }

    /// A month and day without a year: the publication year, or the year
    /// before when that puts it more than about two months ahead of a past
    /// clause (the year after when a future one would be that far behind).
    fn month_day(&self, s: usize, e: usize, month: u32, day: u32, tense: Tense) -> Found {
        self.relative_value(s, e, TimeGrain::Day, |p| {
            let in_year = |y: i32| Date::new(y, month, day.min(calendar::days_in_month(y, month)));
            let Some(date) = in_year(p.year) else {
                return String::new();
            };
            let gap = date.days() - p.days();
            let year = if tense == Tense::Future && gap < -61 {
                p.year + 1
            } else if tense != Tense::Future && gap > 61 {
                p.year - 1
            } else {
                p.year
            };
            in_year(year).map(Date::iso).unwrap_or_default()
        })
    }

    /// A weekday at `d_at`, after "last", "next" or "this" when `rel` says.
    fn weekday(&self, s: usize, d_at: usize, day: u32, rel: Option<Word>, a: usize, b: usize) -> Found {
        let mut e = d_at + 1;
        // "Tuesday, April 8": the date says which.
        let comma = usize::from(self.is(e, b, ","));
        if let Word::Month(m) = self.class(e + comma, b) {
            if self.capitalised(e + comma) {
                if let Some(mut f) = self.month(e + comma, e + comma, m, a, b) {
                    if f.expr.grain == TimeGrain::Day {
                        f.expr.span.start = self.tokens[s].span.start;
                        f.tokens.0 = s;
                        return f;
                    }
                }
            }
        }
        let part = match self.class(e, b) {
            Word::DayPart(part) => {
                e += 1;
                Some(part)
            }
            _ => None,
        };
        let tense = self.tense(s, e, a, b);
        let found = self.relative_value(s, e, TimeGrain::Day, |p| {
            let today = i64::from(p.weekday());
            let target = i64::from(day);
            let offset = match rel {
                Some(Word::Last) => -((today - target - 1).rem_euclid(7) + 1),
                Some(Word::Next) => (target - today - 1).rem_euclid(7) + 1,
                Some(Word::This) if tense != Tense::Past => (target - today).rem_euclid(7),
                _ if tense == Tense::Future => (target - today).rem_euclid(7),
                _ => -(today - target).rem_euclid(7),
            };
            let date = p.add_days(offset).iso();
            match part {
                Some(part) => format!("{date}T{part}"),
                None => date,
            }
        });
        let mut found = found;
        if part.is_some() {
            found.expr.grain = TimeGrain::Time;
        }
        found
    }

    /// "yesterday", "today", "tonight", "tomorrow", with a part of the day
    /// after them ("yesterday morning").
    fn deictic_day(&self, s: usize, w_at: usize, class: Word, b: usize) -> Found {
        let mut e = w_at + 1;
        let offset = match class {
            Word::Yesterday => -1,
            Word::Tomorrow => 1,
            _ => 0,
        };
        let mut part = (class == Word::Tonight).then_some("NI");
        if let Word::DayPart(p) = self.class(e, b) {
            if class != Word::Tonight {
                part = Some(p);
                e += 1;
            }
        }
        let grain = if part.is_some() {
            TimeGrain::Time
        } else {
            TimeGrain::Day
        };
        self.relative_value(s, e, grain, |p| {
            let date = p.add_days(offset).iso();
            match part {
                Some(part) => format!("{date}T{part}"),
                None => date,
            }
        })
    }

    /// "early", "late", "mid", "earlier", "later" before a month or a
    /// relative expression ("late January", "earlier this month", "later
    /// today", "mid-2014").
    fn modified(&self, i: usize, a: usize, b: usize) -> Option<Found> {
        let mut j = i + 1;
        if self.is(j, b, "-") {
            j += 1;
        }
        match self.class(j, b) {
            Word::Month(m) if self.capitalised(j) => self.month(i, j, m, a, b),
            c @ (Word::Last | Word::This | Word::Next) => self.relative(i, j, c, a, b),
            c @ (Word::Today | Word::Tomorrow | Word::Yesterday | Word::Tonight) => Some(self.deictic_day(i, j, c, b)),
            _ => {
                let year = self.year_at(j, b)?;
                Some(self.done(i, j + 1, (Some(year4(year)), TimeGrain::Year), TimeAnchor::Absolute))
            }
        }
    }

    /// "last", "this", "next", "past", "coming" at `w_at`, before a unit, a
    /// weekday, a month, a season or a part of the day; the expression
    /// starts at `s` ("earlier this month").
    fn relative(&self, s: usize, w_at: usize, rel: Word, a: usize, b: usize) -> Option<Found> {
        let mut j = w_at + 1;
        let mut rel = rel;
        // "this past week" is last week.
        if rel == Word::This && matches!(self.class(j, b), Word::Past) {
            rel = Word::Last;
            j += 1;
        }
        match self.amount_class(j, b) {
            Word::Weekday(d) if self.capitalised(j) => Some(self.weekday(s, j, d, Some(rel), a, b)),
            Word::Month(m) if self.capitalised(j) && matches!(rel, Word::Last | Word::Next | Word::This) => {
                self.month(s, j, m, a, b)
            }
            Word::DayPart(part) => {
                // "this morning", "last night".
                let offset = match (rel, part) {
                    (Word::This, _) => 0,
                    (Word::Last, "NI" | "EV") => -1,
                    _ => return None,
                };
                Some(self.relative_value(s, j + 1, TimeGrain::Time, |p| {
                    format!("{}T{part}", p.add_days(offset).iso())
                }))
            }
            Word::Season(season) => {
                let start: i64 = match season {
                    "SP" => 3,
                    "SU" => 6,
                    "FA" => 9,
                    _ => 12,
                };
                Some(self.relative_value(s, j + 1, TimeGrain::Month, |p| {
                    let m = i64::from(p.month);
                    let year = match rel {
                        Word::Last if m > start + 2 => p.year,
                        Word::Last => p.year - 1,
                        Word::Next if m < start => p.year,
                        Word::Next => p.year + 1,
                        _ => p.year,
                    };
                    format!("{}-{season}", year4(year))
                }))
            }
            Word::Unit(unit, false) if matches!(rel, Word::Past) => {
                // "past week" without "this": a length of time.
                Some(self.done(
                    s,
                    j + 1,
                    (Some(unit.duration(1)), TimeGrain::Duration),
                    TimeAnchor::Absolute,
                ))
            }
            // "the next day": the day after some other one.
            Word::Unit(Unit::Day, false) if s > a && self.is(s - 1, b, "the") => None,
            Word::Unit(unit, false) => {
                let step: i64 = match rel {
                    Word::Last => -1,
                    Word::Next | Word::Coming => 1,
                    _ => 0,
                };
                self.unit_at_offset(s, j + 1, unit, step)
            }
            Word::Num(_) | Word::Few if matches!(rel, Word::Past | Word::Last | Word::Next | Word::Coming) => {
                // "the last three years", "next two weeks".
                let f = self.amount(j, a, b)?;
                (f.expr.grain == TimeGrain::Duration).then(|| {
                    let mut f = f;
                    f.expr.span.start = self.tokens[s].span.start;
                    f.tokens.0 = s;
                    f
                })
            }
            _ => None,
        }
    }

    /// The period `step` units from the publication date's, at the
    /// unit's grain ("last week", "this year", "two months ago").
    fn unit_at_offset(&self, s: usize, e: usize, unit: Unit, step: i64) -> Option<Found> {
        let grain = match unit {
            Unit::Day => TimeGrain::Day,
            Unit::Week | Unit::Weekend => TimeGrain::Week,
            Unit::Month => TimeGrain::Month,
            Unit::Quarter => TimeGrain::Quarter,
            Unit::Year => TimeGrain::Year,
            Unit::Decade => TimeGrain::Decade,
            Unit::Century => TimeGrain::Century,
            Unit::Hour | Unit::Minute | Unit::Second => return None,
        };
        Some(self.relative_value(s, e, grain, |p| match unit {
            Unit::Day => p.add_days(step).iso(),
            Unit::Week => p.add_days(7 * step).iso_week_string(),
            Unit::Weekend => format!("{}-WE", p.add_days(7 * step).iso_week_string()),
            Unit::Month => {
                let (y, m) = add_months(p.year, p.month, step);
                format!("{}-{m:02}", year4(y))
            }
            Unit::Quarter => {
                let (y, m) = add_months(p.year, p.month, 3 * step);
                format!("{}-Q{}", year4(y), (m - 1) / 3 + 1)
            }
            Unit::Year => year4(p.year + step as i32),
            Unit::Decade => format!("{}X", &year4(p.year + 10 * step as i32)[..3]),
            _ => format!("{:02}", (p.year + 100 * step as i32).div_euclid(100).clamp(0, 99)),
        }))
    }

    /// "the past year", "the last three years", "the next week": lengths
    /// of time.
    fn the_past(&self, i: usize, a: usize, b: usize) -> Option<Found> {
        match self.amount_class(i + 2, b) {
            // "the next day" is the day after some other one.
            Word::Unit(Unit::Day, false) if matches!(self.class(i + 1, b), Word::Next | Word::Coming) => None,
            Word::Unit(unit, false) if unit != Unit::Weekend => {
                // The span leaves "the" out, as it does for every duration.
                Some(self.done(
                    i + 1,
                    i + 3,
                    (Some(unit.duration(1)), TimeGrain::Duration),
                    TimeAnchor::Absolute,
                ))
            }
            Word::Num(_) | Word::Few => self.relative(i + 1, i + 1, self.class(i + 1, b), a, b),
            _ => None,
        }
    }

    /// The class of token `j`, with a number in digits as a number.
    fn amount_class(&self, j: usize, b: usize) -> Word {
        if j < b && self.word(j).as_bytes().first().is_some_and(u8::is_ascii_digit) {
            return Word::Num(0);
        }
        self.class(j, b)
    }

    /// "(over) the weekend": the last one, or this one when published on
    /// it or in a future clause.
    fn the_weekend(&self, i: usize, a: usize, b: usize) -> Option<Found> {
        let introduced = i > a
            && ["over", "during", "on", "at", "this", "Over", "During"]
                .iter()
                .any(|w| self.is(i - 1, b, w));
        if !introduced || !matches!(self.class(i + 1, b), Word::Unit(Unit::Weekend, false)) {
            return None;
        }
        let tense = self.tense(i + 1, i + 2, a, b);
        Some(self.relative_value(i + 1, i + 2, TimeGrain::Week, |p| {
            let back = if p.weekday() >= 5 || tense == Tense::Future {
                0
            } else {
                -7
            };
            format!("{}-WE", p.add_days(back).iso_week_string())
        }))
    }

    /// "the first quarter (of 2024)", "Q1 2024".
    fn quarter(&self, s: usize, e: usize, q: u32, a: usize, b: usize) -> Found {
        if !(1..=4).contains(&q) {
            return self.done(s, e, (None, TimeGrain::Quarter), TimeAnchor::Unresolved);
        }
        let of = usize::from(self.is(e, b, "of"));
        if let Some(y) = self.year_at(e + of, b) {
            return self.done(
                s,
                e + of + 1,
                (Some(format!("{}-Q{q}", year4(y))), TimeGrain::Quarter),
                TimeAnchor::Absolute,
            );
        }
        let tense = self.tense(s, e, a, b);
        self.relative_value(s, e, TimeGrain::Quarter, |p| {
            let now = (p.month - 1) / 3 + 1;
            let year = if q > now && tense != Tense::Future {
                p.year - 1
            } else {
                p.year
            };
            format!("{}-Q{q}", year4(year))
        })
    }

    /// A number, "a" or "several" before a unit: a duration ("six months",
    /// "three-year"), or with "ago" / "from now" a point ("two years ago").
    fn amount(&self, i: usize, a: usize, b: usize) -> Option<Found> {
        let n = match self.class(i, b) {
            Word::Num(n) => Some(n),
            Word::Another => Some(1),
            Word::Few => None,
            _ => {
                let w = self.word(i);
                if w.is_empty() || w.len() > 4 || !w.bytes().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                Some(w.parse::<u32>().ok()?)
            }
        };
        // "a few", "a couple of".
        let mut j = i + 1;
        let mut n = n;
        if self.is(i, b, "a") || self.is(i, b, "an") {
            if self.is(j, b, "dozen") {
                n = Some(12);
                j += 1;
            } else if self.is(j, b, "few") || self.is(j, b, "couple") {
                n = if self.is(j, b, "few") { None } else { Some(2) };
                j += 1;
                if self.is(j, b, "of") {
                    j += 1;
                }
            } else if i > a && self.a_is_a_rate(i - 1) {
                // "200,000 jobs a month", "three times a year": a rate.
                return None;
            }
        }
        if self.is(j, b, "-") {
            j += 1;
        }
        let Word::Unit(unit, plural) = self.class(j, b) else {
            return None;
        };
        if unit == Unit::Weekend || unit == Unit::Quarter || (n.is_none() && !plural) {
            return None;
        }
        // "one day" is as often a vague "some day" as a length.
        let relative_word = |k: usize| ["after", "before", "later", "earlier"].iter().any(|w| self.is(k, b, w));
        if !plural && n == Some(1) && self.is(i, b, "one") && !self.is(j - 1, b, "-") && !relative_word(j + 1) {
            return None;
        }
        let e = j + 1;
        if self.is(e, b, "ago") || (self.is(e, b, "from") && self.is(e + 1, b, "now")) {
            let step = if self.is(e, b, "ago") { -1 } else { 1 };
            let end = if step < 0 { e + 1 } else { e + 2 };
            let n = i64::from(n?);
            return self.unit_at_offset(i, end, unit, step * n);
        }
        // Each of "every 10 days" is a rate, not a length.
        if i > a && self.is(i - 1, b, "every") {
            return None;
        }
        let value = match n {
            Some(n) => unit.duration(n),
            None => unit.duration_unknown(),
        };
        Some(self.done(i, e, (Some(value), TimeGrain::Duration), TimeAnchor::Absolute))
    }

    /// Whether "a" after token `before` starts a rate ("jobs a month").
    fn a_is_a_rate(&self, before: usize) -> bool {
        let w = self.word(before);
        if ["times", "once", "twice"].iter().any(|r| w.eq_ignore_ascii_case(r)) || w.bytes().any(|c| c.is_ascii_digit())
        {
            return true;
        }
        match self.syntax {
            Some(s) => matches!(s.upos.get(before), Some(&("NOUN" | "NUM" | "PROPN" | "SYM"))),
            // Without tags, a plural-looking word: "jobs a month".
            None => w.len() > 3 && w.ends_with('s') && !matches!(w, "was" | "has" | "does" | "is"),
        }
    }

    /// A token starting with a digit: a year, a decade, a range of years,
    /// a numeric date, a day before a month, a clock time, an ordinal
    /// century or a number before a unit.
    fn numeric(&self, i: usize, a: usize, b: usize) -> Option<Found> {
        let w = self.word(i);
        if let Some(f) = self.amount(i, a, b) {
            return Some(f);
        }
        // "8 April 2025".
        if let Some(day) = self.day_at(i, b) {
            if let Word::Month(m) = self.class(i + 1, b) {
                if self.capitalised(i + 1) {
                    let year_at = i + 2 + usize::from(self.is(i + 2, b, ","));
                    if let Some(y) = self.year_at(year_at, b) {
                        let value = Date::new(y, m, day).map(Date::iso);
                        return Some(self.done(i, year_at + 1, (value, TimeGrain::Day), TimeAnchor::Absolute));
                    }
                    let tense = self.deadline_tense(i, i + 2, a, b);
                    return Some(self.month_day(i, i + 2, m, day, tense));
                }
            }
        }
        // "21st century".
        if let Word::Ordinal(n) = classify(w) {
            if matches!(self.class(i + 1, b), Word::Unit(Unit::Century, false)) && (1..=30).contains(&n) {
                let value = format!("{:02}", n - 1);
                return Some(self.done(i, i + 2, (Some(value), TimeGrain::Century), TimeAnchor::Absolute));
            }
            return None;
        }
        if let Some(f) = self.clock(i, b) {
            return Some(f);
        }
        if let Some(year) = self.year_at(i, b) {
            if !(1800..=2100).contains(&year) || !self.looks_like_a_year(i, a, b) {
                return None;
            }
            return Some(self.done(i, i + 1, (Some(year4(year)), TimeGrain::Year), TimeAnchor::Absolute));
        }
        let bytes = w.as_bytes();
        // "1990s", "1800s".
        if bytes.len() == 5 && w.ends_with("0s") && bytes[..4].iter().all(u8::is_ascii_digit) {
            let y: i32 = w[..4].parse().ok()?;
            if !(1000..=2100).contains(&y) {
                return None;
            }
            let s = i;
            return Some(if y % 100 == 0 && y < 2000 {
                self.done(
                    s,
                    i + 1,
                    (Some(format!("{:02}", y / 100)), TimeGrain::Century),
                    TimeAnchor::Absolute,
                )
            } else {
                self.done(
                    s,
                    i + 1,
                    (Some(format!("{}X", &w[..3])), TimeGrain::Decade),
                    TimeAnchor::Absolute,
                )
            });
        }
        // "2005-2009", "2014-15": a range of years.
        if bytes.len() >= 7 && bytes[4] == b'-' {
            let (y1, y2) = (w.get(..4)?, w.get(5..)?);
            let y1: i32 = y1.parse().ok()?;
            let y2: i32 = match y2.len() {
                4 => y2.parse().ok()?,
                2 => y1 / 100 * 100 + y2.parse::<i32>().ok()?,
                // "2013-10-30".
                5 => {
                    return Date::parse(w)
                        .map(|d| self.done(i, i + 1, (Some(d.iso()), TimeGrain::Day), TimeAnchor::Absolute))
                }
                _ => return None,
            };
            if !(1800..=2100).contains(&y1) || y2 <= y1 || y2 > y1 + 50 {
                return None;
            }
            let value = format!("{}/{}", year4(y1), year4(y2));
            return Some(self.done(i, i + 1, (Some(value), TimeGrain::Year), TimeAnchor::Absolute));
        }
        // "10/30/2013".
        let mut parts = w.split('/');
        if let (Some(m), Some(d), Some(y), None) = (parts.next(), parts.next(), parts.next(), parts.next()) {
            if y.len() == 4 && m.len() <= 2 && d.len() <= 2 {
                let date = Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
                return Some(self.done(i, i + 1, (Some(date.iso()), TimeGrain::Day), TimeAnchor::Absolute));
            }
        }
        None
    }

    /// Whether a four-digit number at `i` is a year: not money, not a
    /// count of things, not part of a longer number.
    fn looks_like_a_year(&self, i: usize, a: usize, b: usize) -> bool {
        if i > a && matches!(self.word(i - 1), "$" | "#" | "No." | "no." | "€" | "£" | "No") {
            return false;
        }
        if i + 1 < b {
            let next = self.word(i + 1);
            if matches!(
                next,
                "%" | "percent" | "people" | "votes" | "troops" | "miles" | "feet" | "pounds" | "acres"
            ) {
                return false;
            }
            // "1,000" is one token; "2014.5" too; "1500 to 2000 people".
            if next == "to" && i + 3 < b && self.word(i + 2).bytes().all(|c| c.is_ascii_digit()) {
                let after = self.word(i + 3);
                if self.syntax.is_some_and(|s| s.xpos.get(i + 3) == Some(&"NNS")) && classify(after) == Word::Other {
                    return false;
                }
            }
        }
        true
    }

    /// "3 p.m.", "10:30 a.m. ET", "3pm": the publication day at that time.
    fn clock(&self, i: usize, b: usize) -> Option<Found> {
        let w = self.word(i);
        let (digits, glued) = match w.find(|c: char| c.is_ascii_alphabetic()) {
            Some(k) => (&w[..k], Some(&w[k..])),
            None => (w, None),
        };
        let (hour, minute) = match digits.split_once(':') {
            Some((h, m)) if m.len() == 2 => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
            Some(_) => return None,
            None => (digits.parse::<u32>().ok()?, 0),
        };
        let mut e = i + 1;
        let meridiem = match glued {
            Some(m) => m.to_ascii_lowercase(),
            None if e < b => {
                e += 1;
                self.word(i + 1).to_ascii_lowercase()
            }
            None => return None,
        };
        let pm = match meridiem.trim_end_matches('.') {
            "a.m" | "am" => false,
            "p.m" | "pm" => true,
            _ => return None,
        };
        if !(1..=12).contains(&hour) || minute > 59 {
            return None;
        }
        if e < b
            && matches!(
                self.word(e),
                "ET" | "EST" | "EDT" | "PT" | "PST" | "PDT" | "CT" | "GMT" | "UTC" | "BST"
            )
        {
            e += 1;
        }
        let hour = hour % 12 + if pm { 12 } else { 0 };
        Some(self.relative_value(i, e, TimeGrain::Time, |p| format!("{}T{hour:02}:{minute:02}", p.iso())))
    }

    /// The tense for a date after "by" or "until" in a clause that is not
    /// plainly past: a deadline, so the future ("faces a deadline … by
    /// Oct. 1").
    fn deadline_tense(&self, s: usize, e: usize, a: usize, b: usize) -> Tense {
        let tense = self.tense(s, e, a, b);
        if tense == Tense::Other && s > a && ["by", "until", "till"].iter().any(|w| self.is(s - 1, b, w)) {
            return Tense::Future;
        }
        tense
    }

    /// The tense of the clause around tokens `s..e`, from the verb they
    /// hang from: its auxiliaries ("will"), its tag, and whether it is the
    /// complement of a verb of scheduling ("is set to begin Sunday").
    fn tense(&self, s: usize, e: usize, a: usize, b: usize) -> Tense {
        let Some(syn) = self.syntax else {
            return Tense::Other;
        };
        let Some(mut v) = (s..e).find(|&k| syn.head[k].is_none_or(|h| h < s || h >= e)) else {
            return Tense::Other;
        };
        for _ in 0..6 {
            if matches!(syn.upos[v], "VERB") || (syn.upos[v] == "AUX" && syn.head[v].is_none()) {
                break;
            }
            match syn.head[v] {
                Some(h) if (a..b).contains(&h) => v = h,
                _ => break,
            }
        }
        if !matches!(syn.upos[v], "VERB" | "AUX") {
            return Tense::Other;
        }
        let lemma = |k: usize| syn.lemma.get(k).map(String::as_str).unwrap_or("");
        let scheduling = |k: usize| {
            matches!(
                lemma(k),
                "schedule" | "set" | "slate" | "expect" | "due" | "plan" | "poise" | "prepare" | "intend" | "hope"
            )
        };
        // "scheduled for Wednesday", "set to begin Sunday", "plans to meet".
        if scheduling(v) && syn.xpos[v] != "VBD" {
            return Tense::Future;
        }
        if syn.deprel[v] == "xcomp" {
            if let Some(h) = syn.head[v] {
                if scheduling(h) && syn.xpos[h] != "VBD" {
                    return Tense::Future;
                }
            }
        }
        let mut past_aux = false;
        for k in a..b {
            if syn.head[k] != Some(v) || !syn.deprel[k].starts_with("aux") {
                continue;
            }
            let w = self.word(k);
            if matches!(w.to_ascii_lowercase().as_str(), "will" | "'ll" | "’ll" | "shall" | "wo") {
                return Tense::Future;
            }
            if matches!(syn.xpos[k], "VBD") || matches!(lemma(k), "have") {
                past_aux = true;
            }
        }
        if past_aux || syn.xpos[v] == "VBD" {
            Tense::Past
        } else {
            Tense::Other
        }
    }
}

/// A clock time right after (or before) a day in the same sentence, with
/// at most "at", "on" or a comma between, becomes one expression with it
/// ("Tuesday at 3 p.m." → `2025-04-08T15:00`).
fn merge_clock_times(text: &str, found: &mut Vec<Found>, from: usize) {
    let mut k = from;
    while k + 1 < found.len() {
        let (x, y) = (&found[k], &found[k + 1]);
        let gap = text.get(x.expr.span.end..y.expr.span.start).unwrap_or("x").trim();
        let joinable = matches!(gap, "" | "at" | "on" | "," | "about" | "around");
        let day_then_clock = x.expr.grain == TimeGrain::Day && is_clock(&y.expr);
        let clock_then_day = is_clock(&x.expr) && y.expr.grain == TimeGrain::Day;
        if joinable && (day_then_clock || clock_then_day) {
            let (day, clock) = if day_then_clock { (x, y) } else { (y, x) };
            let value = match (&day.expr.value, &clock.expr.value) {
                (Some(d), Some(c)) => c.split_once('T').map(|(_, t)| format!("{d}T{t}")),
                _ => None,
            };
            let merged = Found {
                expr: TimeExpr {
                    span: Span::new(x.expr.span.start, y.expr.span.end),
                    anchor: if value.is_some() {
                        day.expr.anchor
                    } else {
                        TimeAnchor::Unresolved
                    },
                    value,
                    grain: TimeGrain::Time,
                },
                tokens: (x.tokens.0, y.tokens.1),
            };
            found[k] = merged;
            found.remove(k + 1);
        }
        k += 1;
    }
}

fn is_clock(t: &TimeExpr) -> bool {
    t.grain == TimeGrain::Time && t.value.as_deref().is_none_or(|v| v.contains(':'))
}

#[cfg(test)]
mod tests;
