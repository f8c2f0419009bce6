//! The words time expressions are made of, told apart without allocating.

/// A unit of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    /// `n` of this unit as an ISO 8601 duration.
    pub fn duration(self, n: u32) -> String {
        match self {
            Unit::Second => format!("PT{n}S"),
            Unit::Minute => format!("PT{n}M"),
            Unit::Hour => format!("PT{n}H"),
            Unit::Day => format!("P{n}D"),
            Unit::Week => format!("P{n}W"),
            Unit::Weekend => format!("P{}D", 2 * n),
            Unit::Month => format!("P{n}M"),
            Unit::Quarter => format!("P{}M", 3 * n),
            Unit::Year => format!("P{n}Y"),
            Unit::Decade => format!("P{}Y", 10 * n),
            Unit::Century => format!("P{}Y", 100 * n),
        }
    }

    /// An unknown number of this unit ("several years", "for decades"),
    /// as TIMEX3 writes it.
    pub fn duration_unknown(self) -> String {
        match self {
            Unit::Second => "PTXS",
            Unit::Minute => "PTXM",
            Unit::Hour => "PTXH",
            Unit::Day | Unit::Weekend => "PXD",
            Unit::Week => "PXW",
            Unit::Month | Unit::Quarter => "PXM",
            Unit::Year => "PXY",
            Unit::Decade => "PXDE",
            Unit::Century => "PXCE",
        }
        .to_string()
    }
}

/// What a word can be in a time expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Word {
    /// 1 = January.
    Month(u32),
    /// "mid-March".
    MidMonth(u32),
    /// "mid-2014".
    MidYear(i32),
    /// 0 = Monday.
    Weekday(u32),
    /// A number word, or "a"/"an" (1).
    Num(u32),
    /// "first" … "fourth", or "21st".
    Ordinal(u32),
    /// "Q1" … "Q4".
    QuarterCode(u32),
    /// "several", "few", "many", "some".
    Few,
    /// "another".
    Another,
    /// A unit; true when plural.
    Unit(Unit, bool),
    /// "morning" (`MO`), "afternoon" (`AF`), "evening" (`EV`), "night" (`NI`).
    DayPart(&'static str),
    /// `SP`, `SU`, `FA`, `WI`.
    Season(&'static str),
    /// "'90s": the decade's first year.
    Decade(i32),
    Yesterday,
    Today,
    Tonight,
    Tomorrow,
    Early,
    Late,
    Mid,
    Earlier,
    Later,
    Last,
    This,
    Next,
    Past,
    Coming,
    The,
    Ago,
    Other,
}

/// What `w` can be. Case is ignored here; callers that need a capital
/// (months, weekdays) check it.
pub(crate) fn classify(w: &str) -> Word {
    let mut buf = [0u8; 16];
    if w.len() > buf.len() || w.is_empty() {
        return Word::Other;
    }
    // "mid-March" and "'90s" are the only known words outside the vocabulary.
    let b = w.as_bytes();
    if b[0].is_ascii_alphabetic() && !may_be_known(w) && !(b.len() > 4 && b[3] == b'-') {
        return Word::Other;
    }
    for (slot, c) in buf.iter_mut().zip(w.bytes()) {
        *slot = c.to_ascii_lowercase();
    }
    let Ok(lower) = std::str::from_utf8(&buf[..w.len()]) else {
        return Word::Other;
    };
    if let Some(rest) = lower.strip_prefix("mid-") {
        if let Some(m) = month_number(rest) {
            return Word::MidMonth(m);
        }
        if rest.len() == 4 && rest.bytes().all(|c| c.is_ascii_digit()) {
            return rest.parse().map(Word::MidYear).unwrap_or(Word::Other);
        }
        return Word::Other;
    }
    if let Some(m) = month_number(lower) {
        return Word::Month(m);
    }
    if let Some(d) = ordinal_digits(lower) {
        return Word::Ordinal(d);
    }
    if let Some(rest) = lower.strip_prefix(['\'']).or_else(|| lower.strip_prefix("’")) {
        // "'90s".
        let b = rest.as_bytes();
        if b.len() == 3 && b[2] == b's' && b[1] == b'0' && b[0].is_ascii_digit() {
            let tens = i32::from(b[0] - b'0') * 10;
            return Word::Decade(if tens < 30 { 2000 + tens } else { 1900 + tens });
        }
        return Word::Other;
    }
    match lower {
        "monday" => Word::Weekday(0),
        "tuesday" => Word::Weekday(1),
        "wednesday" => Word::Weekday(2),
        "thursday" => Word::Weekday(3),
        "friday" => Word::Weekday(4),
        "saturday" => Word::Weekday(5),
        "sunday" => Word::Weekday(6),
        "a" | "an" | "one" => Word::Num(1),
        "two" => Word::Num(2),
        "three" => Word::Num(3),
        "four" => Word::Num(4),
        "five" => Word::Num(5),
        "six" => Word::Num(6),
        "seven" => Word::Num(7),
        "eight" => Word::Num(8),
        "nine" => Word::Num(9),
        "ten" => Word::Num(10),
        "eleven" => Word::Num(11),
        "twelve" | "dozen" => Word::Num(12),
        "thirteen" => Word::Num(13),
        "fourteen" => Word::Num(14),
        "fifteen" => Word::Num(15),
        "sixteen" => Word::Num(16),
        "seventeen" => Word::Num(17),
        "eighteen" => Word::Num(18),
        "nineteen" => Word::Num(19),
        "twenty" => Word::Num(20),
        "thirty" => Word::Num(30),
        "forty" => Word::Num(40),
        "fifty" => Word::Num(50),
        "sixty" => Word::Num(60),
        "seventy" => Word::Num(70),
        "eighty" => Word::Num(80),
        "ninety" => Word::Num(90),
        "hundred" => Word::Num(100),
        "first" => Word::Ordinal(1),
        // "a second term": as a unit only in the plural.
        "second" => Word::Ordinal(2),
        "third" => Word::Ordinal(3),
        "fourth" => Word::Ordinal(4),
        "q1" => Word::QuarterCode(1),
        "q2" => Word::QuarterCode(2),
        "q3" => Word::QuarterCode(3),
        "q4" => Word::QuarterCode(4),
        "several" | "few" | "many" | "some" => Word::Few,
        "another" => Word::Another,
        "seconds" => Word::Unit(Unit::Second, true),
        "minute" => Word::Unit(Unit::Minute, false),
        "minutes" => Word::Unit(Unit::Minute, true),
        "hour" => Word::Unit(Unit::Hour, false),
        "hours" => Word::Unit(Unit::Hour, true),
        "day" => Word::Unit(Unit::Day, false),
        "days" => Word::Unit(Unit::Day, true),
        "week" => Word::Unit(Unit::Week, false),
        "weeks" => Word::Unit(Unit::Week, true),
        "weekend" => Word::Unit(Unit::Weekend, false),
        "weekends" => Word::Unit(Unit::Weekend, true),
        "month" => Word::Unit(Unit::Month, false),
        "months" => Word::Unit(Unit::Month, true),
        "quarter" => Word::Unit(Unit::Quarter, false),
        "quarters" => Word::Unit(Unit::Quarter, true),
        "year" => Word::Unit(Unit::Year, false),
        "years" => Word::Unit(Unit::Year, true),
        "decade" => Word::Unit(Unit::Decade, false),
        "decades" => Word::Unit(Unit::Decade, true),
        "century" => Word::Unit(Unit::Century, false),
        "centuries" => Word::Unit(Unit::Century, true),
        "morning" => Word::DayPart("MO"),
        "afternoon" => Word::DayPart("AF"),
        "evening" => Word::DayPart("EV"),
        "night" => Word::DayPart("NI"),
        "spring" => Word::Season("SP"),
        "summer" => Word::Season("SU"),
        "fall" | "autumn" => Word::Season("FA"),
        "winter" => Word::Season("WI"),
        "yesterday" => Word::Yesterday,
        "today" => Word::Today,
        "tonight" => Word::Tonight,
        "tomorrow" => Word::Tomorrow,
        "early" => Word::Early,
        "late" => Word::Late,
        "mid" => Word::Mid,
        "earlier" => Word::Earlier,
        "later" => Word::Later,
        "last" => Word::Last,
        "this" => Word::This,
        "next" => Word::Next,
        "past" => Word::Past,
        "coming" => Word::Coming,
        "the" => Word::The,
        "ago" => Word::Ago,
        _ => Word::Other,
    }
}

/// A month's number from its lower-case name or abbreviation ("sept.",
/// "jan"; "mar" only with a period, as the word "mar" is not a month).
fn month_number(lower: &str) -> Option<u32> {
    let m = match lower {
        "january" | "jan" | "jan." => 1,
        "february" | "feb" | "feb." => 2,
        "march" | "mar." => 3,
        "april" | "apr" | "apr." => 4,
        "may" => 5,
        "june" | "jun" | "jun." => 6,
        "july" | "jul" | "jul." => 7,
        "august" | "aug" | "aug." => 8,
        "september" | "sep" | "sep." | "sept" | "sept." => 9,
        "october" | "oct" | "oct." => 10,
        "november" | "nov" | "nov." => 11,
        "december" | "dec" | "dec." => 12,
        _ => return None,
    };
    Some(m)
}

/// Every word [`classify`] knows, for [`LENGTHS`].
const VOCABULARY: &[&str] = &[
    "january",
    "jan",
    "jan.",
    "february",
    "feb",
    "feb.",
    "march",
    "mar.",
    "april",
    "apr",
    "apr.",
    "may",
    "june",
    "jun",
    "jun.",
    "july",
    "jul",
    "jul.",
    "august",
    "aug",
    "aug.",
    "september",
    "sep",
    "sep.",
    "sept",
    "sept.",
    "october",
    "oct",
    "oct.",
    "november",
    "nov",
    "nov.",
    "december",
    "dec",
    "dec.",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "a",
    "an",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "dozen",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "first",
    "second",
    "third",
    "fourth",
    "q1",
    "q2",
    "q3",
    "q4",
    "several",
    "few",
    "many",
    "some",
    "another",
    "seconds",
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "weekend",
    "weekends",
    "month",
    "months",
    "quarter",
    "quarters",
    "year",
    "years",
    "decade",
    "decades",
    "century",
    "centuries",
    "morning",
    "afternoon",
    "evening",
    "night",
    "spring",
    "summer",
    "fall",
    "autumn",
    "winter",
    "yesterday",
    "today",
    "tonight",
    "tomorrow",
    "early",
    "late",
    "mid",
    "earlier",
    "later",
    "last",
    "this",
    "next",
    "past",
    "coming",
    "the",
    "ago",
];

/// For each pair of first letters, a bit for each length a known word
/// starting with them has: most words ("and", "said", "that") are turned
/// away by one lookup, before any lower-casing.
const LENGTHS: [u32; 26 * 27] = {
    let mut table = [0u32; 26 * 27];
    let mut k = 0;
    while k < VOCABULARY.len() {
        let w = VOCABULARY[k].as_bytes();
        table[pair_index(w[0], if w.len() > 1 { w[1] } else { b' ' })] |= 1 << w.len();
        k += 1;
    }
    table
};

/// The slot of a lower-case first letter and a second character (one
/// slot for every second character that is not a lower-case letter).
const fn pair_index(first: u8, second: u8) -> usize {
    let second = if second.is_ascii_lowercase() {
        (second - b'a') as usize
    } else {
        26
    };
    (first - b'a') as usize * 27 + second
}

/// Whether `w` might be a word of [`VOCABULARY`], from its first two
/// characters and its length.
fn may_be_known(w: &str) -> bool {
    let b = w.as_bytes();
    let Some(first) = b.first().map(u8::to_ascii_lowercase) else {
        return false;
    };
    let second = b.get(1).map_or(b' ', u8::to_ascii_lowercase);
    first.is_ascii_lowercase() && b.len() < 32 && LENGTHS[pair_index(first, second)] & (1 << b.len()) != 0
}

/// "21st", "1st", "20th".
fn ordinal_digits(lower: &str) -> Option<u32> {
    let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &lower[digits.len()..];
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    matches!(suffix, "st" | "nd" | "rd" | "th")
        .then(|| digits.parse().ok())
        .flatten()
}

/// Whether the word before a month's name makes it one ("in March", "last
/// March", "since March"); `the`, `and`, `or` and `to` are checked by the
/// caller.
pub(crate) fn introduces_month(prev: &str) -> bool {
    matches!(
        prev.to_ascii_lowercase().as_str(),
        "in" | "since"
            | "by"
            | "until"
            | "till"
            | "through"
            | "throughout"
            | "during"
            | "before"
            | "after"
            | "from"
            | "of"
            | "early"
            | "late"
            | "mid"
            | "last"
            | "next"
            | "this"
            | "between"
            | "around"
            | "end"
            | "beginning"
            | "start"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_word_passes_the_gate_and_common_words_do_not() {
        for w in VOCABULARY {
            assert!(may_be_known(w), "{w}");
            assert_ne!(classify(w), Word::Other, "{w}");
        }
        assert_eq!(classify("Tuesday"), Word::Weekday(1));
        assert_eq!(classify("mid-March"), Word::MidMonth(3));
        assert_eq!(classify("’90s"), Word::Decade(1990));
        for w in ["government", "said", "and", "of", "president"] {
            assert!(!may_be_known(w), "{w}");
        }
    }
}
