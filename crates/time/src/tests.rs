//! Made-up sentences, segmented by `text`; where a test needs the parse,
//! a small one written by hand.

use super::*;
use text::{Meta, Quote, QuoteKind};

fn doc(text: &str, date: Option<&str>) -> Doc {
    let meta = Meta {
        date: date.map(str::to_string),
        ..Meta::default()
    };
    let mut doc = Doc::new(meta, text.to_string());
    text::segment(&mut doc);
    doc
}

/// (text, value, anchor, grain) of every expression found.
fn times(text: &str, date: &str) -> Vec<(String, Option<String>, &'static str, &'static str)> {
    let mut d = doc(text, Some(date));
    extract_times(&mut d);
    d.times
        .iter()
        .map(|t| {
            (
                d.slice(t.span).to_string(),
                t.value.clone(),
                t.anchor.label(),
                t.grain.label(),
            )
        })
        .collect()
}

fn values(text: &str, date: &str) -> Vec<(String, String)> {
    times(text, date)
        .into_iter()
        .map(|(t, v, _, _)| (t, v.unwrap_or_default()))
        .collect()
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

/// Give `doc` a parse: `arcs[k]` is (upos, xpos, lemma, head token or
/// `usize::MAX` for the root, deprel) for token k.
fn parse(doc: &mut Doc, arcs: &[(&'static str, &'static str, &str, usize, &'static str)]) {
    assert_eq!(arcs.len(), doc.tokens.len(), "one arc a token");
    let mut syn = Syntax::default();
    for &(upos, xpos, lemma, head, deprel) in arcs {
        syn.upos.push(upos);
        syn.xpos.push(xpos);
        syn.lemma.push(lemma.to_string());
        syn.head.push((head != usize::MAX).then_some(head));
        syn.deprel.push(deprel);
    }
    doc.syntax = Some(syn);
}

#[test]
fn weekday_before_publication_resolves_to_the_past_one() {
    // 2025-04-10 was a Thursday.
    assert_eq!(
        values("He spoke on Tuesday and wrote Wednesday.", "2025-04-10"),
        pairs(&[("Tuesday", "2025-04-08"), ("Wednesday", "2025-04-09")])
    );
}

#[test]
fn weekday_of_the_publication_day_is_that_day() {
    assert_eq!(
        values("Talks ended Thursday.", "2025-04-10"),
        pairs(&[("Thursday", "2025-04-10")])
    );
}

#[test]
fn weekday_after_last_or_next_moves_a_week() {
    assert_eq!(
        values("It began last Thursday and ends next Monday.", "2025-04-10"),
        pairs(&[("last Thursday", "2025-04-03"), ("next Monday", "2025-04-14")])
    );
}

#[test]
fn weekday_in_a_future_clause_resolves_forward() {
    let mut d = doc("They will meet Friday.", Some("2025-04-10"));
    parse(
        &mut d,
        &[
            ("PRON", "PRP", "they", 2, "nsubj"),
            ("AUX", "MD", "will", 2, "aux"),
            ("VERB", "VB", "meet", usize::MAX, "root"),
            ("PROPN", "NNP", "Friday", 2, "obl:tmod"),
            ("PUNCT", ".", ".", 2, "punct"),
        ],
    );
    extract_times(&mut d);
    assert_eq!(d.times[0].value.as_deref(), Some("2025-04-11"));
}

#[test]
fn weekday_after_a_verb_of_scheduling_resolves_forward() {
    let mut d = doc("A truce is set to begin Sunday.", Some("2025-04-10"));
    parse(
        &mut d,
        &[
            ("DET", "DT", "a", 1, "det"),
            ("NOUN", "NN", "truce", 3, "nsubj:pass"),
            ("AUX", "VBZ", "be", 3, "aux:pass"),
            ("VERB", "VBN", "set", usize::MAX, "root"),
            ("PART", "TO", "to", 5, "mark"),
            ("VERB", "VB", "begin", 3, "xcomp"),
            ("PROPN", "NNP", "Sunday", 5, "obl:tmod"),
            ("PUNCT", ".", ".", 3, "punct"),
        ],
    );
    extract_times(&mut d);
    assert_eq!(d.times[0].value.as_deref(), Some("2025-04-13"));
}

#[test]
fn weekday_with_a_part_of_the_day_is_a_time() {
    assert_eq!(
        times("She said so Tuesday evening.", "2025-04-10"),
        vec![(
            "Tuesday evening".into(),
            Some("2025-04-08TEV".into()),
            "publication",
            "time"
        )]
    );
}

#[test]
fn relative_days_weeks_months_and_years_count_from_publication() {
    assert_eq!(
        values(
            "It rose yesterday, fell last week, rallied earlier this month, and has gained this year.",
            "2025-04-10"
        ),
        pairs(&[
            ("yesterday", "2025-04-09"),
            ("last week", "2025-W14"),
            ("earlier this month", "2025-04"),
            ("this year", "2025"),
        ])
    );
}

#[test]
fn units_ago_land_at_their_own_grain() {
    assert_eq!(
        values(
            "It was signed two years ago, amended three months ago and used five days ago.",
            "2025-04-10"
        ),
        pairs(&[
            ("two years ago", "2023"),
            ("three months ago", "2025-01"),
            ("five days ago", "2025-04-05")
        ])
    );
}

#[test]
fn absolute_dates_keep_their_own_year() {
    assert_eq!(
        times(
            "The deal of February 2022 followed talks on Jan. 5, 2013 and in 2014.",
            "2025-04-10"
        ),
        vec![
            ("February 2022".into(), Some("2022-02".into()), "absolute", "month"),
            ("Jan. 5, 2013".into(), Some("2013-01-05".into()), "absolute", "day"),
            ("2014".into(), Some("2014".into()), "absolute", "year"),
        ]
    );
}

#[test]
fn month_day_without_year_takes_the_publication_year() {
    assert_eq!(
        values("Voting began March 3.", "2025-04-10"),
        pairs(&[("March 3", "2025-03-03")])
    );
}

#[test]
fn month_day_far_ahead_of_a_past_clause_is_last_year() {
    // Published in January, "Dec. 12" in the past is the December before.
    assert_eq!(
        values("He resigned on Dec. 12.", "2025-01-20"),
        pairs(&[("Dec. 12", "2024-12-12")])
    );
}

#[test]
fn a_month_alone_needs_a_word_that_makes_it_one() {
    assert_eq!(
        values("It happened in March.", "2025-04-10"),
        pairs(&[("March", "2025-03")])
    );
    assert!(values("Troops march. May we go?", "2025-04-10").is_empty());
    assert_eq!(
        values("The vote in November was close.", "2025-04-10"),
        pairs(&[("November", "2024-11")])
    );
}

#[test]
fn decades_centuries_and_year_ranges() {
    assert_eq!(
        times(
            "Since the 1990s and the '80s, in the 21st century, over 2005-2009.",
            "2025-04-10"
        )
        .into_iter()
        .map(|(t, v, _, g)| (t, v.unwrap(), g))
        .collect::<Vec<_>>(),
        vec![
            ("1990s".to_string(), "199X".to_string(), "decade"),
            ("'80s".to_string(), "198X".to_string(), "decade"),
            ("21st century".to_string(), "20".to_string(), "century"),
            ("2005-2009".to_string(), "2005/2009".to_string(), "year"),
        ]
    );
}

#[test]
fn durations_are_iso_periods() {
    assert_eq!(
        values(
            "In the three-year war, after talks for six months and a 24-hour truce, for decades.",
            "2025-04-10"
        ),
        pairs(&[
            ("three-year", "P3Y"),
            ("six months", "P6M"),
            ("24-hour", "PT24H"),
            ("decades", "PXDE"),
        ])
    );
}

#[test]
fn the_past_year_is_a_length_and_rates_are_not_times() {
    assert_eq!(
        values("Prices rose over the past year, by 200,000 jobs a month.", "2025-04-10"),
        pairs(&[("past year", "P1Y")])
    );
}

#[test]
fn a_dateline_gives_its_day() {
    assert_eq!(
        values("KYIV, April 8 (Reuters) - Shelling resumed.", "2025-04-10"),
        pairs(&[("April 8", "2025-04-08")])
    );
}

#[test]
fn clock_time_joins_the_day_before_it() {
    assert_eq!(
        values("The vote is on Tuesday at 3 p.m. ET.", "2025-04-10"),
        pairs(&[("Tuesday at 3 p.m. ET", "2025-04-08T15:00")])
    );
}

#[test]
fn without_a_publication_date_relative_times_stay_unresolved_and_say_so() {
    let mut d = doc("He left on Tuesday, in 2014.", None);
    extract_times(&mut d);
    assert_eq!(d.times[0].value, None);
    assert_eq!(d.times[0].anchor, TimeAnchor::Unresolved);
    assert_eq!(d.times[1].value.as_deref(), Some("2014"));
    assert_eq!(d.times[1].anchor, TimeAnchor::Absolute);
    assert!(d.warnings.iter().any(|w| w.stage == "times"));
}

#[test]
fn a_malformed_publication_date_is_a_warning() {
    let mut d = doc("He left on Tuesday.", Some("April 2025"));
    extract_times(&mut d);
    assert_eq!(d.times[0].anchor, TimeAnchor::Unresolved);
    assert!(d.warnings.iter().any(|w| w.message.contains("not YYYY-MM-DD")));
}

#[test]
fn counts_of_things_and_money_are_not_years() {
    assert!(values("They paid $2014 for 1500 people.", "2025-04-10").is_empty());
}

#[test]
fn quote_takes_the_time_attached_to_its_cue() {
    let text = "Prices will fall, Smith told reporters on Tuesday.";
    let mut d = doc(text, Some("2025-04-10"));
    // Prices will fall , Smith told reporters on Tuesday .
    parse(
        &mut d,
        &[
            ("NOUN", "NNS", "price", 2, "nsubj"),
            ("AUX", "MD", "will", 2, "aux"),
            ("VERB", "VB", "fall", 5, "ccomp"),
            ("PUNCT", ",", ",", 5, "punct"),
            ("PROPN", "NNP", "Smith", 5, "nsubj"),
            ("VERB", "VBD", "tell", usize::MAX, "root"),
            ("NOUN", "NNS", "reporter", 5, "obj"),
            ("ADP", "IN", "on", 8, "case"),
            ("PROPN", "NNP", "Tuesday", 5, "obl"),
            ("PUNCT", ".", ".", 5, "punct"),
        ],
    );
    let at = |w: &str| {
        let s = text.find(w).unwrap();
        Span::new(s, s + w.len())
    };
    d.quotes.push(Quote {
        kind: QuoteKind::Indirect,
        content: vec![at("Prices will fall")],
        cue: Some(at("told")),
        speaker: None,
        medium: None,
        venue: None,
        addressee: None,
        confidence: 0.5,
        time: None,
        repeats: None,
    });
    extract_times(&mut d);
    assert_eq!(d.times.len(), 1);
    assert_eq!(d.times[0].value.as_deref(), Some("2025-04-08"));
    assert_eq!(d.quotes[0].time, Some(0));
}

#[test]
fn a_time_inside_the_content_is_not_the_quote_s_time() {
    let text = "Smith said prices fell on Tuesday.";
    let mut d = doc(text, Some("2025-04-10"));
    let s = text.find("prices").unwrap();
    d.quotes.push(Quote {
        kind: QuoteKind::Indirect,
        content: vec![Span::new(s, text.len() - 1)],
        cue: Some(Span::new(6, 10)),
        speaker: None,
        medium: None,
        venue: None,
        addressee: None,
        confidence: 0.5,
        time: None,
        repeats: None,
    });
    parse(
        &mut d,
        &[
            ("PROPN", "NNP", "Smith", 1, "nsubj"),
            ("VERB", "VBD", "say", usize::MAX, "root"),
            ("NOUN", "NNS", "price", 3, "nsubj"),
            ("VERB", "VBD", "fall", 1, "ccomp"),
            ("ADP", "IN", "on", 5, "case"),
            ("PROPN", "NNP", "Tuesday", 3, "obl"),
            ("PUNCT", ".", ".", 1, "punct"),
        ],
    );
    extract_times(&mut d);
    assert_eq!(d.quotes[0].time, None);
}

#[test]
fn odd_input_never_panics() {
    for text in [
        "",
        "Jan.",
        "On 31 February 2023 and Feb. 30, and 13/45/2020, 99:99 p.m., mid-9999, 2014-2013 '0s 0s.",
        "Tuesday, at , 12 a.m. last last next this past the past",
        "ñ 2014-15 → “Friday” 3pm 12:00 am",
    ] {
        let mut d = doc(text, Some("2025-04-10"));
        extract_times(&mut d);
        for t in &d.times {
            assert!(d.text.get(t.span.start..t.span.end).is_some());
        }
    }
}

#[test]
fn a_date_after_by_in_a_present_clause_is_a_deadline_ahead() {
    // Published in mid-July: "by Oct. 1" is this October, not last.
    assert_eq!(
        values("The state faces a deadline by Oct. 1.", "2013-07-18"),
        pairs(&[("Oct. 1", "2013-10-01")])
    );
}

#[test]
fn a_dozen_years_ago_and_one_day_after_are_read_whole() {
    assert_eq!(
        values(
            "It began a dozen years ago; one day after, within hours of that, it ended.",
            "2013-08-19"
        ),
        pairs(&[("a dozen years ago", "2001"), ("one day", "P1D"), ("hours", "PTXH")])
    );
}

#[test]
fn the_last_n_days_in_digits_keeps_last_in_its_span() {
    assert_eq!(
        values("It rained in the last 17 days.", "2025-04-10"),
        pairs(&[("last 17 days", "P17D")])
    );
}

#[test]
fn over_the_weekend_is_the_last_weekend() {
    // 2025-04-10 was a Thursday: the weekend before is in ISO week 14.
    assert_eq!(
        values("Police cleared the square over the weekend.", "2025-04-10"),
        pairs(&[("weekend", "2025-W14-WE")])
    );
}

#[test]
fn a_second_term_the_next_day_and_mays_government_are_not_times() {
    assert!(values(
        "She won a second term. The next day, May's government fell, twice a day.",
        "2025-04-10"
    )
    .is_empty());
}

#[test]
fn usa_today_is_a_newspaper() {
    assert_eq!(
        values("USA TODAY reported it today.", "2025-04-10"),
        pairs(&[("today", "2025-04-10")])
    );
}
