//! The quantities stage: sums of money, percentages, counts of people and
//! things, and ages, each with its span, value and what it is of.
//!
//! [`extract_quantities`] reads a tagged, parsed document with its entities
//! and fills [`Doc::quantities`]:
//!
//! - **money**: an amount with its ISO 4217 currency ("$1.1 million",
//!   "€1.2bn", "150 mln dlrs", "Rs 2 crore", "5 billion yen"), and a
//!   conversion the text states beside it ("2 million ruble ($23,200)").
//!   A currency name several countries use ("crowns", "pesos", "francs")
//!   gets a code only where a nationality word or the document's countries
//!   settle it; "pounds" is money only where the text says so (a sterling
//!   word, a conversion, a British document), else a weight.
//! - **percent**: "4.5%", "52 percent", "3 percentage points", with the
//!   noun they qualify where the parse gives it ("a 4.5% raise").
//! - **count**: a number and the plural noun it counts ("two Chinese
//!   citizens", with the nationality's entity and country; "at least 14
//!   vessels"; "dozens of veterans", with no value).
//! - **age**: "whose age was given as 33", "The second, 31,", "Kara, 11,",
//!   "a 33-year-old man", with the person it belongs to.
//! - **other**: a measure ("22 pounds of nitrate", "300 miles").
//!
//! Bound words before or after ("about", "at least", "more than", "up to",
//! "nearly", "or more") set [`Bound`] and make the value approximate.
//! Durations ("three years") are left to the time stage.
//!
//! Speed: a token is looked at only when it holds a digit, could be a
//! currency sign or is a number word; nothing is allocated per token.
#![deny(missing_docs)]

mod currency;
mod number;

use std::cell::OnceCell;

use currency::Money;
use number::{Decimal, Word};
use text::{Bound, Conversion, Counted, Doc, EntityType, Quantity, QuantityKind, Span, Syntax};

/// Find the quantities of `doc` (tokens, sentences, tags, parse, lemmas and
/// entities read; nothing else changed) and store them in
/// [`Doc::quantities`], in text order.
pub fn extract_quantities(doc: &mut Doc) {
    let found = Scan::new(doc).run();
    doc.quantities = found;
}

/// An amount as read from the tokens, before it is classified.
#[derive(Debug, Clone, Default)]
struct Amount {
    /// First token: the currency sign, "a" of "a million", or the number.
    first: usize,
    /// Last token: the number, its scale word or its unit word.
    last: usize,
    /// The number's last token (before unit words).
    number_last: usize,
    /// `None` for "dozens", "hundreds of", "several billion".
    value: Option<Decimal>,
    /// A currency sign or word.
    money: Option<Money>,
    /// The token holding the sign or currency word, for the unit.
    money_token: Option<usize>,
    /// A nationality before the currency word ("Swedish crowns").
    nationality: Option<usize>,
    /// "%", "percent", "pct".
    percent: bool,
    /// "percentage points".
    point: bool,
    /// "33-year-old".
    year_old: bool,
    /// Bare digits ("31", "2012").
    plain: bool,
    /// A scale word or glued scale was read ("billion", "bn", "crore").
    scaled: bool,
    /// The power of ten the scale words gave (6 for "million").
    scale_exp: i32,
    /// "crore" or "lakh", which settle rupees as Indian.
    indian_scale: bool,
    /// Ended on a vague plural ("hundreds"), so an "of" follows.
    of_next: bool,
    /// "sterling" after "pounds".
    sterling: bool,
}

impl Amount {
    fn value_f64(&self) -> Option<f64> {
        self.value.map(Decimal::to_f64)
    }
}

struct Scan<'a> {
    doc: &'a Doc,
    syn: Option<&'a Syntax>,
    /// Countries of the document's places and nationalities, found when an
    /// ambiguous currency first asks.
    countries: OnceCell<Vec<&'a str>>,
}

impl<'a> Scan<'a> {
    fn new(doc: &'a Doc) -> Scan<'a> {
        // The parse columns are parallel to the tokens; anything else is
        // ignored rather than trusted.
        let syn = doc.syntax.as_ref().filter(|s| {
            let n = doc.tokens.len();
            s.upos.len() == n && s.xpos.len() == n && s.head.len() == n && s.deprel.len() == n
        });
        Scan {
            doc,
            syn,
            countries: OnceCell::new(),
        }
    }

    fn tok(&self, i: usize) -> &'a str {
        match self.doc.tokens.get(i) {
            Some(t) => self.doc.text.get(t.span.start..t.span.end).unwrap_or(""),
            None => "",
        }
    }

    fn is(&self, i: usize, w: &str) -> bool {
        self.tok(i).eq_ignore_ascii_case(w)
    }

    fn upos(&self, i: usize) -> &'static str {
        self.syn.and_then(|s| s.upos.get(i).copied()).unwrap_or("")
    }

    fn xpos(&self, i: usize) -> &'static str {
        self.syn.and_then(|s| s.xpos.get(i).copied()).unwrap_or("")
    }

    fn head(&self, i: usize) -> Option<usize> {
        self.syn.and_then(|s| s.head.get(i).copied().flatten())
    }

    fn deprel(&self, i: usize) -> &'static str {
        self.syn.and_then(|s| s.deprel.get(i).copied()).unwrap_or("")
    }

    /// The lemma, or the token lower-cased when lemmas are missing.
    fn lemma(&self, i: usize) -> String {
        match self.syn.and_then(|s| s.lemma.get(i)) {
            Some(l) if !l.is_empty() => l.clone(),
            _ => self.tok(i).to_lowercase(),
        }
    }

    fn is_noun(&self, i: usize) -> bool {
        matches!(self.upos(i), "NOUN" | "PROPN")
    }

    fn span(&self, first: usize, last: usize) -> Span {
        let t = &self.doc.tokens;
        match (t.get(first), t.get(last)) {
            (Some(a), Some(b)) if a.span.start <= b.span.end => Span::new(a.span.start, b.span.end),
            _ => Span::default(),
        }
    }

    fn countries(&self) -> &[&'a str] {
        self.countries.get_or_init(|| {
            let mut out: Vec<&str> = Vec::new();
            for e in &self.doc.entities {
                if matches!(e.etype, EntityType::Gpe | EntityType::Norp | EntityType::Loc) {
                    if let Some(c) = e.country.as_deref() {
                        if !out.contains(&c) {
                            out.push(c);
                        }
                    }
                }
            }
            out
        })
    }

    fn run(&self) -> Vec<Quantity> {
        let mut out = Vec::new();
        for sent in &self.doc.sentences {
            let (start, end) = (sent.tokens.start, sent.tokens.end.min(self.doc.tokens.len()));
            let mut i = start;
            while i < end {
                if !self.may_open(i, end) {
                    i += 1;
                    continue;
                }
                match self.read(i, end) {
                    Some(a) => {
                        let next = (a.last + 1).max(i + 1);
                        i = match self.classify(&a, start, end) {
                            Some((q, resume)) => {
                                out.push(q);
                                resume.max(next)
                            }
                            None => next,
                        };
                    }
                    None => i += 1,
                }
            }
        }
        out
    }

    /// The cheap gate: a digit, a currency sign's first byte, a number
    /// word, or "a" before a currency word ("a dollar").
    fn may_open(&self, i: usize, end: usize) -> bool {
        let t = self.tok(i);
        let bytes = t.as_bytes();
        let Some(&b0) = bytes.first() else {
            return false;
        };
        // Most tokens are lower-case words: only a number word, "a"/"an"
        // before a scale or currency word, "half", "several" or "few" may
        // open an amount there, and no digit scan is needed ("mid-2000s"
        // is no amount).
        if b0.is_ascii_lowercase() {
            return match bytes.len() {
                1 => b0 == b'a' && self.a_opens(i, end),
                2 => bytes == b"an" && self.a_opens(i, end),
                _ => (number::may_be_word(t) && number::word(t).is_some()) || matches!(t, "half" | "several" | "few"),
            };
        }
        if b0.is_ascii_digit() || bytes.iter().any(u8::is_ascii_digit) {
            return true;
        }
        if currency::may_be_sign(bytes) && currency::sign(t).is_some() && i + 1 < end {
            return true;
        }
        if b0.is_ascii_uppercase() {
            return match bytes.len() {
                1 => b0 == b'A' && self.a_opens(i, end),
                2 if bytes == b"An" => self.a_opens(i, end),
                _ => (number::may_be_word(t) && number::word(t).is_some()) || matches!(t, "Half" | "Several"),
            };
        }
        false
    }

    /// "a" before a scale word, "half" or a currency word ("a million", "a
    /// dollar").
    fn a_opens(&self, i: usize, end: usize) -> bool {
        i + 1 < end
            && matches!(
                self.tok(i + 1),
                "dollar"
                    | "euro"
                    | "cent"
                    | "million"
                    | "billion"
                    | "trillion"
                    | "dozen"
                    | "thousand"
                    | "hundred"
                    | "half"
            )
    }

    /// Read an amount starting at token `i`: sign, number, scale words and
    /// unit. `None` when no number is there.
    fn read(&self, i: usize, end: usize) -> Option<Amount> {
        let mut a = Amount {
            first: i,
            ..Amount::default()
        };
        let mut j = i;
        let t = self.tok(j);
        // A sign standing alone before the number: "$ 5", "Rs 2 crore".
        if !t.bytes().any(|b| b.is_ascii_digit()) {
            if let Some(m) = currency::sign(t) {
                a.money = Some(m);
                a.money_token = Some(j);
                j += 1;
                if j >= end {
                    return None;
                }
            }
        }
        let t = self.tok(j);
        if t.bytes().any(|b| b.is_ascii_digit()) {
            let n = number::numeral(t)?;
            if n.sign.is_some() {
                if a.money.is_some() {
                    return None;
                }
                a.money = n.sign;
                a.money_token = Some(j);
            }
            a.value = Some(n.value);
            a.percent = n.percent;
            a.year_old = n.year_old;
            a.plain = n.plain && a.money.is_none();
            a.scaled = n.scaled;
            a.scale_exp = n.scale;
            a.last = j;
            j += 1;
            // "33-year-old", split at its hyphens by the tokenizer.
            if n.plain
                && j + 3 < end
                && self.tok(j) == "-"
                && matches!(self.tok(j + 1), "year" | "years")
                && self.tok(j + 2) == "-"
                && matches!(self.tok(j + 3), "old" | "olds")
            {
                a.year_old = true;
                a.plain = false;
                a.last = j + 3;
                a.number_last = j;
                return Some(a);
            }
            // "2 1/2"
            if j < end && n.plain && matches!(self.tok(j), "1/2" | "½") {
                a.value = a.value.and_then(Decimal::plus_half);
                a.plain = false;
                a.last = j;
                j += 1;
            }
            if !a.percent && !a.year_old {
                while j < end {
                    let Some(e) = number::scale_word(self.tok(j), a.money.is_some()) else {
                        break;
                    };
                    // "million million million ...": not a number anyone writes.
                    if a.value.is_some_and(|v| v.exp + e > 15) {
                        break;
                    }
                    a.value = a.value.map(|v| Decimal { exp: v.exp + e, ..v });
                    a.indian_scale |= matches!(e, 5 | 7);
                    a.scaled = true;
                    a.scale_exp += e;
                    a.plain = false;
                    a.last = j;
                    j += 1;
                }
            }
        } else {
            j = self.read_words(&mut a, j, end)?;
            if a.money.is_none() {
                a.first = a.first.min(i);
            }
        }
        a.number_last = a.last;
        if !a.percent && !a.year_old {
            self.read_unit(&mut a, j, end);
        }
        Some(a)
    }

    /// Read a number written in words from token `j` ("two", "nineteen
    /// thousand", "two and a half", "a million", "half a trillion",
    /// "hundreds of millions of", "several billion"); returns the token
    /// after it.
    fn read_words(&self, a: &mut Amount, mut j: usize, end: usize) -> Option<usize> {
        let lead = self.tok(j);
        // "a"/"an", "half a", "several", "a few", "few" before a scale word.
        let mut base: Option<Decimal> = None;
        let mut vague = false;
        if lead.eq_ignore_ascii_case("a") || lead == "an" {
            base = Some(Decimal { mantissa: 1, exp: 0 });
            j += 1;
            // "a half-billion dollars"
            if j + 2 < end && self.is(j, "half") && self.tok(j + 1) == "-" {
                base = Some(Decimal { mantissa: 5, exp: -1 });
                j += 2;
            }
        } else if lead.eq_ignore_ascii_case("half") {
            // "half a million", "half-dozen", "half-billion"
            if j + 2 < end && (self.is(j + 1, "a") || self.is(j + 1, "an") || self.tok(j + 1) == "-") {
                j += 2;
            } else {
                return None;
            }
            base = Some(Decimal { mantissa: 5, exp: -1 });
        } else if lead.eq_ignore_ascii_case("several") || lead == "few" {
            vague = true;
            j += 1;
        }
        if base.is_some() || vague {
            // Only a scale word or "dozen" may follow these; "a dollar" is
            // one dollar.
            if j >= end {
                return None;
            }
            let w = self.tok(j);
            // ("a pound" is a weight or a rate far more often than a sum.)
            if base.is_some() && matches!(w, "dollar" | "euro" | "cent") {
                // "a dollar amount", "a pound cake": no sum.
                if j + 1 < end && self.upos(j + 1) == "NOUN" {
                    return None;
                }
                a.value = base;
                a.last = j - 1;
                return Some(j);
            }
            match number::word(w) {
                Some(Word::Scale(_) | Word::Hundred | Word::Dozen) => {}
                _ => return None,
            }
        } else if matches!(number::word(lead), Some(Word::Scale(_) | Word::Hundred | Word::Dozen)) {
            // A scale word with no number before it: "Million Dollar Baby",
            // or the tail of "100-150 million" whose range did not read.
            return None;
        }
        // Whole words: total + current, as "two hundred fifty thousand" reads.
        let mut total: u64 = 0;
        let mut current: u64 = 0;
        let mut exp_tail: i32 = 0;
        let mut any = false;
        let mut last = j;
        let mut k = j;
        let start_base = base;
        while k < end {
            // "Fifty-seven", split at its hyphen by the tokenizer.
            if any && self.tok(k) == "-" && k + 1 < end {
                let tens = current % 100;
                if let Some(Word::Small(n)) = number::word(self.tok(k + 1)) {
                    if tens >= 20 && tens.is_multiple_of(10) && n < 10 {
                        current += n;
                        last = k + 1;
                        k += 2;
                        continue;
                    }
                }
                break;
            }
            let Some(w) = number::word(self.tok(k)) else {
                // "two hundred and fifty"
                if any && self.is(k, "and") && k + 1 < end {
                    if let Some(Word::Small(_)) = number::word(self.tok(k + 1)) {
                        k += 1;
                        continue;
                    }
                }
                break;
            };
            match w {
                Word::Small(n) => {
                    // "twenty five" is one number, "two three" is not.
                    let below_hundred = current % 100;
                    let tens_then_unit = below_hundred >= 20 && below_hundred.is_multiple_of(10) && n < 10;
                    if any && below_hundred != 0 && !tens_then_unit {
                        break;
                    }
                    current = current.checked_add(n)?;
                }
                Word::Hundred => current = current.max(1).checked_mul(100)?,
                Word::Dozen => current = current.max(1).checked_mul(12)?,
                Word::Scale(e) => {
                    // Big scales are kept as a power of ten so that "seven
                    // hundred billion" does not overflow.
                    let c = current.max(1);
                    if e >= 6 {
                        total = total.checked_add(c)?;
                        exp_tail = e;
                        a.scale_exp = e;
                        current = 0;
                        any = true;
                        last = k;
                        k += 1;
                        a.indian_scale |= matches!(e, 5 | 7);
                        a.scaled = true;
                        break;
                    }
                    total = total.checked_add(c)?.checked_mul(10u64.pow(e as u32))?;
                    current = 0;
                    a.indian_scale |= e == 5;
                    a.scaled = true;
                }
                Word::Vague => {
                    // "hundreds of millions of", "tens of thousands of"
                    vague = true;
                    any = true;
                    last = k;
                    k += 1;
                    while k + 1 < end && self.is(k, "of") && number::word(self.tok(k + 1)) == Some(Word::Vague) {
                        last = k + 1;
                        k += 2;
                    }
                    a.of_next = k < end && self.is(k, "of");
                    a.scaled = true;
                    break;
                }
            }
            any = true;
            last = k;
            k += 1;
        }
        if !any {
            return None;
        }
        // "two and a half", "three and a half million"
        let mut half = false;
        let mut half_scale = 0;
        if k + 2 < end && self.is(k, "and") && self.is(k + 1, "a") && self.is(k + 2, "half") {
            half = true;
            last = k + 2;
            k += 3;
            if exp_tail == 0 && total == 0 {
                if let Some(Word::Scale(e)) = number::word(self.tok(k)) {
                    half_scale = e;
                    a.scale_exp = e;
                    a.scaled = true;
                    last = k;
                    k += 1;
                }
            }
        }
        a.last = last;
        if vague {
            a.value = None;
            return Some(k);
        }
        let mut value = Decimal {
            mantissa: total.checked_add(current)?,
            exp: exp_tail,
        };
        if half {
            value = value.plus_half()?;
            value.exp += half_scale;
        }
        if let Some(b) = start_base {
            // "a million" = 1 × 10^6; "half a million" = 5 × 10^5.
            value = Decimal {
                mantissa: b.mantissa.checked_mul(value.mantissa)?,
                exp: b.exp + value.exp,
            };
        }
        a.value = Some(value);
        Some(k)
    }

    /// Read a unit after the number at token `j`: a percent word, or a
    /// currency word (with a nationality before it, after "of" for "hundreds
    /// of millions of dollars").
    fn read_unit(&self, a: &mut Amount, j: usize, end: usize) {
        if j >= end {
            return;
        }
        let t = self.tok(j);
        // "in 2013 dollars": a price level, not a sum.
        if a.plain
            && a.first > 0
            && matches!(self.tok(a.first - 1), "in" | "constant" | "real")
            && a.value
                .is_some_and(|v| v.exp == 0 && (1800..=2100).contains(&v.mantissa))
        {
            return;
        }
        if a.money.is_none() {
            if t == "%" || t.eq_ignore_ascii_case("percent") || t == "pct" || t == "pc" {
                a.percent = true;
                a.last = j;
                return;
            }
            if (t == "per" && self.is(j + 1, "cent")) && j + 1 < end {
                a.percent = true;
                a.last = j + 1;
                return;
            }
            if t.eq_ignore_ascii_case("percentage") && j + 1 < end && self.tok(j + 1).starts_with("point") {
                a.percent = true;
                a.point = true;
                a.last = j + 1;
                return;
            }
        }
        // The currency word, after "of" for a vague amount, maybe after a
        // nationality ("Swedish crowns", "Hong Kong dollars", "U.S. dollars")
        // or, for a vague amount, a noun ("millions of taxpayer dollars").
        let mut k = j;
        if a.of_next {
            k += 1;
        }
        for skip in 0..=2 {
            let c = k + skip;
            if c >= end {
                break;
            }
            let w = self.tok(c);
            if let Some(m) = currency::word(w) {
                // A currency word must be written in lower case (or all
                // capitals in a headline): "Rand Paul" is no currency.
                if w.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
                    && !w.bytes().all(|b| b.is_ascii_uppercase())
                {
                    return;
                }
                let between = k..c;
                let nationality_ok = between.clone().all(|x| {
                    let s = self.tok(x);
                    s.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
                        || (a.of_next && matches!(self.upos(x), "NOUN" | "ADJ"))
                });
                if !nationality_ok {
                    return;
                }
                if matches!(m, Money::Code("KRW")) && !(a.scaled || matches!(self.xpos(c), "NN" | "NNS")) {
                    // "won" after a number is mostly the verb.
                    return;
                }
                if matches!(m, Money::Code("ZAR")) && !a.scaled {
                    return;
                }
                if a.money.is_none() || (matches!(a.money, Some(Money::Code("USD"))) && matches!(m, Money::Dollar)) {
                    a.money = Some(m);
                    a.money_token = Some(c);
                }
                if skip > 0 && !a.of_next {
                    a.nationality = Some(c - 1);
                } else if skip > 0 {
                    a.nationality = (k..c)
                        .rev()
                        .find(|&x| self.tok(x).as_bytes().first().is_some_and(u8::is_ascii_uppercase));
                }
                a.last = c;
                if c + 1 < end && self.is(c + 1, "sterling") {
                    a.sterling = true;
                    a.last = c + 1;
                }
                return;
            }
            if skip == 0 && a.money.is_some() {
                // After a sign, only "dollars" may follow directly.
                return;
            }
        }
    }

    /// Turn an amount into a quantity, with its bound, conversion and what
    /// it counts; `None` when it is no quantity worth keeping (a year, a
    /// duration, a bare number). Also returns the token to resume at.
    fn classify(&self, a: &Amount, start: usize, end: usize) -> Option<(Quantity, usize)> {
        let ranged = self.range_unit(a, start, end);
        let a = ranged.as_ref().unwrap_or(a);
        let (bound, first) = self.bound_before(a.first, start);
        let (bound_after, after_last) = self.bound_after(a.last, end);
        let bound = if bound == Bound::Exact { bound_after } else { bound };
        let vague = a.value.is_none();
        let approximate = bound != Bound::Exact || vague;
        let bound = if vague && bound == Bound::Exact {
            Bound::About
        } else {
            bound
        };
        let mut q = Quantity {
            kind: QuantityKind::Other,
            span: self.span(first, after_last),
            value: a.value_f64(),
            unit: None,
            currency: None,
            stated_conversion: None,
            counts: None,
            bound,
            approximate,
        };
        let mut resume = after_last + 1;
        if let Some(money) = a.money {
            let conversion = self.conversion_after(after_last, end);
            let currency = self.currency(a, money, conversion.as_ref().map(|(c, _)| c));
            match currency {
                Some(code) => {
                    q.kind = QuantityKind::Money;
                    q.currency = code;
                    q.unit = a.money_token.map(|m| self.unit_text(m, a));
                    if let Money::Cent = money {
                        q.value = a.value.map(|v| Decimal { exp: v.exp - 2, ..v }.to_f64());
                    }
                    if let Some((c, next)) = conversion {
                        if c.currency != q.currency || q.currency.is_none() {
                            q.stated_conversion = Some(c);
                            resume = next;
                        }
                    }
                    return Some((q, resume));
                }
                None => {
                    // "pounds" that are no money: a weight.
                    q.kind = QuantityKind::Other;
                    q.unit = Some("pound".to_string());
                    return Some((q, resume));
                }
            }
        }
        if a.percent {
            q.kind = QuantityKind::Percent;
            q.unit = Some(if a.point { "percentage point" } else { "percent" }.to_string());
            q.counts = self.percent_noun(a.first, a.last, end).map(|s| self.counted(s, false));
            return Some((q, resume));
        }
        if a.year_old {
            q.kind = QuantityKind::Age;
            q.unit = Some("year".to_string());
            q.counts = self.year_old_person(a.last, start, end);
            return Some((q, resume));
        }
        // A year ("in 2012", "the 2012 elections") is no count.
        let whole = a.value.filter(|v| v.exp == 0).map(|v| v.mantissa);
        if a.plain && (1000..=2100).contains(&whole.unwrap_or(0)) && self.tok(a.first).len() == 4 {
            return None;
        }
        // A date ("May 15", "15 May").
        if is_month(self.tok(a.first.wrapping_sub(1))) || is_month(self.tok(a.last + 1)) {
            return None;
        }
        if let Some((age_last, counts)) = self.age(a, start, end) {
            q.kind = QuantityKind::Age;
            q.unit = Some("year".to_string());
            q.counts = counts;
            q.span = self.span(first, age_last.max(after_last));
            return Some((q, age_last.max(after_last) + 1));
        }
        let noun = self.counted_noun(a, start, end)?;
        let (from, head) = noun;
        let lemma = self.lemma(head);
        if is_time_unit(&lemma) {
            return None;
        }
        q.kind = if is_measure_unit(&lemma) {
            QuantityKind::Other
        } else {
            QuantityKind::Count
        };
        q.counts = Some(self.counted((from, head), true));
        q.unit = Some(lemma);
        Some((q, resume))
    }

    /// The first number of a range takes the unit and scale of the second
    /// when it has none: "between 2 and 4 million euros", "100 to 400
    /// percent", "$2 to $4 million". `None` when nothing is shared.
    fn range_unit(&self, a: &Amount, start: usize, end: usize) -> Option<Amount> {
        if a.percent || a.year_old || a.value.is_none() || (a.money.is_some() && a.scaled) {
            return None;
        }
        let c = a.last + 1;
        let connects = match self.tok(c) {
            "to" | "-" | "–" | "or" => true,
            "and" => a.first > start && (self.is(a.first - 1, "between") || self.is(a.first - 1, "from")),
            _ => false,
        };
        if !connects || c + 1 >= end || !self.may_open(c + 1, end) {
            return None;
        }
        let b = self.read(c + 1, end)?;
        let mut out = a.clone();
        let mut shared = false;
        if a.money.is_none() {
            if b.money.is_some() {
                out.money = b.money;
                out.money_token = b.money_token;
                out.nationality = b.nationality;
                shared = true;
            } else if b.percent {
                out.percent = true;
                out.point = b.point;
                shared = true;
            } else {
                return None;
            }
        } else if b.money.is_none() {
            return None;
        }
        // The scale too, when the first number is the smaller one before
        // it: "2 and 4 million", not "500 to 1 million".
        if !a.scaled && b.scaled {
            let (av, bv) = (a.value?, b.value?);
            let b_unscaled = Decimal {
                exp: bv.exp - b.scale_exp,
                ..bv
            };
            if av.to_f64() <= b_unscaled.to_f64() {
                out.value = Some(Decimal {
                    exp: av.exp + b.scale_exp,
                    ..av
                });
                out.scaled = true;
                out.scale_exp = b.scale_exp;
                out.plain = false;
                shared = true;
            }
        }
        shared.then_some(out)
    }

    /// The unit as written: the currency word ("crowns"), or the sign.
    fn unit_text(&self, m: usize, a: &Amount) -> String {
        let t = self.tok(m);
        if t.bytes().any(|b| b.is_ascii_digit()) {
            // A glued sign: "$23,200" → "$".
            let p = t.bytes().position(|b| b.is_ascii_digit()).unwrap_or(0);
            return t[..p].to_string();
        }
        if a.sterling {
            return format!("{t} sterling");
        }
        t.to_string()
    }

    /// The ISO code of an amount's currency: `Some(Some(code))`, or
    /// `Some(None)` when it is money whose currency the text leaves open
    /// ("12 million crowns" in a country it does not name), or `None` when
    /// it is not money at all ("22 pounds of nitrate").
    fn currency(&self, a: &Amount, money: Money, conversion: Option<&Conversion>) -> Option<Option<&'static str>> {
        let nationality = a.nationality.map(|n| self.tok(n));
        let by_nationality = nationality.and_then(|n| currency::with_nationality(n, money));
        Some(match money {
            Money::Code(c) => Some(by_nationality.unwrap_or(c)),
            Money::Dollar => Some(by_nationality.unwrap_or("USD")),
            Money::Cent => Some("USD"),
            Money::YenSign => {
                let c = self.countries();
                Some(if c.contains(&"CN") && !c.contains(&"JP") {
                    "CNY"
                } else {
                    "JPY"
                })
            }
            Money::Pound => {
                if by_nationality.is_some() {
                    by_nationality
                } else if a.sterling || conversion.is_some() || a.money_token.is_some_and(|m| self.tok(m) == "£") {
                    Some("GBP")
                } else {
                    let next = self.tok(a.last + 1);
                    let weight_next = matches!(next, "of" | "per" | "a" | "an" | "each");
                    if self.countries().contains(&"GB") && !weight_next && a.scaled {
                        Some("GBP")
                    } else {
                        return None;
                    }
                }
            }
            Money::Family(family) => by_nationality
                .or_else(|| currency::from_countries(family, self.countries()))
                .or_else(|| {
                    // "Rs" and crore/lakh are India's unless the document says otherwise.
                    let rs = a.money_token.is_some_and(|m| self.tok(m).starts_with("Rs"));
                    (rs || (a.indian_scale && family.first() == Some(&("IN", "INR")))).then_some("INR")
                }),
        })
    }

    /// Bound words before token `first` ("at least", "about", "more than");
    /// the bound and the first token of the expression with them.
    fn bound_before(&self, first: usize, start: usize) -> (Bound, usize) {
        let w = |back: usize| -> &str {
            if first >= start + back {
                self.tok(first - back)
            } else {
                ""
            }
        };
        let lower = |s: &str| {
            number::lower_ascii::<13>(s)
                .map(|l| l.as_str().to_string())
                .unwrap_or_default()
        };
        // Only a short word can be a bound word; skip the work otherwise.
        let w1 = w(1);
        if w1.is_empty() || w1.len() > 13 {
            return (Bound::Exact, first);
        }
        let (w3, w2, w1) = (lower(w(3)), lower(w(2)), lower(w1));
        let three = match (w3.as_str(), w2.as_str(), w1.as_str()) {
            ("as", "much" | "many" | "high", "as") => Some(Bound::AtMost),
            ("as", "little" | "few" | "low", "as") => Some(Bound::AtMost),
            ("no", "more" | "higher", "than") => Some(Bound::AtMost),
            ("no", "less" | "fewer", "than") => Some(Bound::AtLeast),
            ("in", "excess", "of") => Some(Bound::AtLeast),
            ("as", "much", _) => Some(Bound::AtMost),
            _ => None,
        };
        if let Some(b) = three {
            return (b, first - 3);
        }
        let two = match (w2.as_str(), w1.as_str()) {
            ("at", "least") | ("more", "than") | ("greater", "than") | ("north", "of") | ("upwards", "of") => {
                Some(Bound::AtLeast)
            }
            ("just", "over") | ("well", "over") | ("just", "above") => Some(Bound::AtLeast),
            ("at", "most") | ("up", "to") | ("less", "than") | ("fewer", "than") | ("just", "under") => {
                Some(Bound::AtMost)
            }
            ("close", "to") | ("an", "estimated") => Some(Bound::About),
            // "as much $50" without the second "as" is rare; "some 300" is about.
            _ => None,
        };
        if let Some(b) = two {
            return (b, first - 2);
        }
        let one = match w1.as_str() {
            "about" | "around" | "roughly" | "approximately" | "some" | "estimated" | "circa" | "~" | "approx." => {
                Bound::About
            }
            "over" | "above" | "beyond" | "exceeding" => Bound::AtLeast,
            "nearly" | "almost" | "under" | "below" => Bound::AtMost,
            _ => return (Bound::Exact, first),
        };
        (one, first - 1)
    }

    /// "or more", "or so", "or less" after token `last`.
    fn bound_after(&self, last: usize, end: usize) -> (Bound, usize) {
        if last + 2 < end && self.is(last + 1, "or") {
            let b = match self.tok(last + 2) {
                "more" => Bound::AtLeast,
                "so" => Bound::About,
                "less" | "fewer" => Bound::AtMost,
                _ => return (Bound::Exact, last),
            };
            return (b, last + 2);
        }
        (Bound::Exact, last)
    }

    /// A conversion stated right after an amount ending at `last`:
    /// "($23,200)", "(about $177,500)", "— or about $10". Returns it with
    /// the token after it.
    fn conversion_after(&self, last: usize, end: usize) -> Option<(Conversion, usize)> {
        let mut k = last + 1;
        // "120 pesos a day — or about $10"
        if k + 1 < end && matches!(self.tok(k), "a" | "an" | "per" | "each") && self.upos(k + 1) == "NOUN" {
            k += 2;
        }
        if k >= end {
            return None;
        }
        let paren = self.tok(k) == "(";
        if paren {
            k += 1;
        } else if matches!(self.tok(k), "," | "—" | "–" | "-" | "--") && self.is(k + 1, "or") {
            k += 2;
        } else {
            return None;
        }
        // Hedges inside: "about", "or about", "roughly", "some", "US".
        for _ in 0..2 {
            if k < end
                && matches!(
                    self.tok(k),
                    "about" | "around" | "roughly" | "approximately" | "some" | "nearly" | "almost" | "or" | "about$"
                )
            {
                k += 1;
            }
        }
        if k >= end || !self.may_open(k, end) {
            return None;
        }
        let c = self.read(k, end)?;
        let money = c.money?;
        let (bound_end_bound, c_last) = self.bound_after(c.last, end);
        let _ = bound_end_bound;
        let next = if paren {
            if self.tok(c_last + 1) != ")" {
                return None;
            }
            c_last + 2
        } else {
            c_last + 1
        };
        let currency = match money {
            Money::Code(code) => Some(code),
            Money::Dollar => Some("USD"),
            Money::Pound => Some("GBP"),
            Money::YenSign => Some("JPY"),
            Money::Cent => Some("USD"),
            Money::Family(f) => currency::from_countries(f, self.countries()),
        };
        let value = match money {
            Money::Cent => c.value.map(|v| Decimal { exp: v.exp - 2, ..v }.to_f64()),
            _ => c.value_f64(),
        }?;
        Some((
            Conversion {
                span: self.span(c.first, c.last),
                value,
                currency,
            },
            next,
        ))
    }

    /// The noun a percentage qualifies: "a 4.5% raise" (the noun it
    /// modifies in the parse), "52 percent of voters" (the noun after "of").
    fn percent_noun(&self, first: usize, unit: usize, end: usize) -> Option<(usize, usize)> {
        if let Some(h) = self.head(unit) {
            if h > unit
                && h <= unit + 4
                && h < end
                && self.upos(h) == "NOUN"
                && matches!(
                    self.deprel(unit),
                    "amod" | "compound" | "nmod:npmod" | "obl:npmod" | "nummod" | "nmod"
                )
            {
                return Some((unit + 1, h));
            }
        }
        if unit + 1 < end && self.is(unit + 1, "of") {
            return self.noun_phrase(unit + 2, end);
        }
        // "a 4.5% raise" with "raise" tagged a verb: after "a" and a
        // percentage, a word that is not a function word is its noun.
        if first > 0 && matches!(self.tok(first - 1), "a" | "an" | "A" | "An") && unit + 1 < end {
            let mut k = unit + 1;
            let mut head = None;
            while k < end && k <= unit + 3 {
                match self.upos(k) {
                    "NOUN" | "PROPN" => head = Some(k),
                    "VERB" if head.is_none() && k == unit + 1 && self.xpos(k) != "VBD" => head = Some(k),
                    "ADJ" if head.is_none() => {}
                    _ => break,
                }
                k += 1;
            }
            return head.map(|h| (unit + 1, h));
        }
        None
    }

    /// A noun phrase from token `k`: optional determiner, adjectives and
    /// nouns, ending at the last noun of a compound. Returns (first, head).
    fn noun_phrase(&self, mut k: usize, end: usize) -> Option<(usize, usize)> {
        if k < end && matches!(self.upos(k), "DET" | "PRON") && self.xpos(k) != "PRP" {
            k += 1;
        }
        let first = k;
        let mut head = None;
        while k < end && k < first + 5 {
            match self.upos(k) {
                "NOUN" | "PROPN" => head = Some(k),
                "ADJ" | "NUM" if head.is_none() => {}
                "PUNCT" if self.tok(k) == "-" => {}
                _ => break,
            }
            k += 1;
        }
        head.map(|h| (first, h))
    }

    /// The noun a number counts: the noun the parse hangs it from, or the
    /// noun phrase right after it; for "dozens of", the phrase after "of".
    /// Returns (first token of the counted phrase, its head noun).
    fn counted_noun(&self, a: &Amount, start: usize, end: usize) -> Option<(usize, usize)> {
        let after = a.last + 1;
        // "Section 230 rules", "Air Force One": a number right after a
        // capitalised noun names something.
        if a.first > start {
            let p = a.first - 1;
            let pt = self.tok(p);
            if self.is_noun(p) && pt.as_bytes().first().is_some_and(u8::is_ascii_uppercase) {
                return None;
            }
            if matches!(pt, "No." | "no." | "#" | "number" | "Number") {
                return None;
            }
        }
        let (from, head) = if a.of_next {
            if !(after < end && self.is(after, "of")) {
                return None;
            }
            self.noun_phrase(after + 1, end)?
        } else {
            let by_parse = self.head(a.number_last).filter(|&h| {
                h > a.last
                    && h <= a.last + 5
                    && h < end
                    && self.is_noun(h)
                    && self.deprel(a.number_last) == "nummod"
                    && (a.last + 1..h).all(|x| matches!(self.upos(x), "ADJ" | "NOUN" | "PROPN" | "PUNCT" | "NUM"))
            });
            match by_parse {
                // The phrase starts at its first word: "1 million “enforcement actions”".
                Some(h) => ((after..h).find(|&x| self.upos(x) != "PUNCT").unwrap_or(h), h),
                None => {
                    let (f, h) = self.noun_phrase(after, end)?;
                    if f != after {
                        // A determiner after a number ("2 the"): no count.
                        return None;
                    }
                    (f, h)
                }
            }
        };
        // "two-thirds", "a 3-2 vote": a fraction or a score, not a count.
        if self.tok(from) == "-" || self.tok(after) == "-" {
            return None;
        }
        // Plural, or one of a singular person: "14 vessels", "at least one
        // brother" ("on one hand" counts nothing).
        let plural = matches!(self.xpos(head), "NNS" | "NNPS");
        let one = a.value.is_some_and(|v| v.mantissa == 1 && v.exp == 0);
        if !(plural || (one && self.xpos(head) == "NN" && is_person_noun(&self.lemma(head)))) {
            return None;
        }
        Some((from, head))
    }

    /// What a count or percentage is of, with the nationality (or other
    /// group) named inside it: "Chinese citizens" → the entity "Chinese",
    /// CN.
    fn counted(&self, (from, head): (usize, usize), with_entity: bool) -> Counted {
        let span = self.span(from, head);
        let mut entity = None;
        if with_entity {
            'outer: for (ei, e) in self.doc.entities.iter().enumerate() {
                if !matches!(e.etype, EntityType::Norp | EntityType::Gpe) {
                    continue;
                }
                for m in &e.mentions {
                    if span.contains(m.span) {
                        entity = Some(ei);
                        break 'outer;
                    }
                }
            }
        }
        Counted {
            span,
            entity,
            country: entity.and_then(|e| self.doc.entities[e].country.clone()),
        }
    }

    /// An age: "age was given as 33", "aged 33", "33 years old", or a bare
    /// number between commas after a person ("The second, 31,", "Kara,
    /// 11,"). Returns the last token of the age expression and whom it
    /// belongs to.
    fn age(&self, a: &Amount, start: usize, end: usize) -> Option<(usize, Option<Counted>)> {
        if !a.plain {
            return None;
        }
        let n = a.value.map(|v| v.mantissa)?;
        if !(1..=125).contains(&n) {
            return None;
        }
        let after = a.last + 1;
        // "33 years old", "33 years of age"
        if after + 1 < end && (self.is(after, "years") || self.is(after, "year")) {
            let last = if self.is(after + 1, "old") {
                Some(after + 1)
            } else if after + 2 < end && self.is(after + 1, "of") && self.is(after + 2, "age") {
                Some(after + 2)
            } else {
                None
            };
            if let Some(last) = last {
                // Only a person's age: "This article is more than 1 year
                // old" is none.
                let owner = self
                    .person_before(a.first, start)
                    .or_else(|| self.subject_person(last, start));
                return owner.map(|o| (last, Some(o)));
            }
        }
        // "age was given as 33", "aged 33", "at age 33", "ages of"
        let from = a.first.saturating_sub(5).max(start);
        if let Some(age_word) = (from..a.first)
            .rev()
            .find(|&k| matches!(self.tok(k), "age" | "aged" | "Aged" | "ages" | "Age"))
        {
            // "the age of 5 children" counts children.
            let plural_next = after < end && matches!(self.xpos(after), "NNS" | "NNPS");
            if !plural_next {
                return Some((a.last, self.age_owner(age_word, a.first, start)));
            }
        }
        // "The second, 31, said": a number between commas after a person.
        if a.first > start + 1
            && self.tok(a.first - 1) == ","
            && after < end
            && matches!(self.tok(after), "," | "." | ";" | ")")
        {
            let p = a.first - 2;
            if let Some(c) = self.person_ending_at(p, start) {
                return Some((a.last, Some(c)));
            }
        }
        None
    }

    /// Whose age "age" in "The first man, whose age was given as 33" is:
    /// the noun the relative clause hangs from; else the person named last
    /// before it.
    fn age_owner(&self, age_word: usize, number: usize, start: usize) -> Option<Counted> {
        // "The first man, whose age": the noun before "whose", whatever
        // the parse made of the clause.
        if let Some(w) = (age_word.saturating_sub(2).max(start)..age_word).find(|&k| self.is(k, "whose")) {
            let mut p = w;
            while p > start && matches!(self.tok(p - 1), "," | "(") {
                p -= 1;
            }
            if p > start && self.is_noun(p - 1) {
                return Some(self.person_phrase(p - 1, start));
            }
        }
        // Walk up from "age" to a relative clause or clausal modifier.
        let mut k = age_word;
        for _ in 0..4 {
            let Some(h) = self.head(k) else { break };
            if matches!(self.deprel(k), "acl:relcl" | "acl" | "appos") && self.is_noun(h) && h < age_word {
                let phrase = self.person_phrase(h, start);
                // Only a person has an age here ("37 Photos: Trump at age 4").
                if phrase.entity.is_some() || is_person_noun(&self.lemma(h)) || is_ordinal(&self.lemma(h)) {
                    return Some(phrase);
                }
                break;
            }
            k = h;
        }
        self.person_before(number, start)
    }

    /// The person named last before token `before` in the sentence: a
    /// PERSON mention.
    fn person_before(&self, before: usize, start: usize) -> Option<Counted> {
        let lo = self.doc.tokens.get(start)?.span.start;
        let hi = self.doc.tokens.get(before)?.span.start;
        let mut best: Option<(Span, usize)> = None;
        for (ei, e) in self.doc.entities.iter().enumerate() {
            if e.etype != EntityType::Person {
                continue;
            }
            for m in &e.mentions {
                if m.span.start >= lo && m.span.end <= hi && best.is_none_or(|(s, _)| m.span.start > s.start) {
                    best = Some((m.span, ei));
                }
            }
        }
        best.map(|(span, ei)| Counted {
            span,
            entity: Some(ei),
            country: None,
        })
    }

    /// A person whose description ends at token `p`: a PERSON mention
    /// ("Kara", "Edith Windsor"), or a person noun or ordinal with its
    /// determiner ("The second", "the boy").
    fn person_ending_at(&self, p: usize, start: usize) -> Option<Counted> {
        let end_byte = self.doc.tokens.get(p)?.span.end;
        for (ei, e) in self.doc.entities.iter().enumerate() {
            if e.etype != EntityType::Person {
                continue;
            }
            if let Some(m) = e.mentions.iter().find(|m| m.span.end == end_byte) {
                return Some(Counted {
                    span: m.span,
                    entity: Some(ei),
                    country: None,
                });
            }
        }
        let lemma = self.lemma(p);
        if is_person_noun(&lemma) || is_ordinal(&lemma) {
            return Some(self.person_phrase(p, start));
        }
        // A name the recogniser did not take for a person ("Kara, 11,"),
        // unless it took it for an organisation or a building.
        if self.upos(p) == "PROPN" && self.tok(p).as_bytes().first().is_some_and(u8::is_ascii_uppercase) {
            let other = self.doc.entities.iter().any(|e| {
                matches!(e.etype, EntityType::Org | EntityType::Fac | EntityType::Event)
                    && e.mentions.iter().any(|m| m.span.end == end_byte)
            });
            if !other {
                let first = (start..=p)
                    .rev()
                    .take_while(|&k| self.upos(k) == "PROPN")
                    .last()
                    .unwrap_or(p);
                return Some(Counted {
                    span: self.span(first, p),
                    entity: None,
                    country: None,
                });
            }
        }
        None
    }

    /// The phrase of a person noun at `head`: back over its determiner and
    /// adjectives ("The first man", "The second").
    fn person_phrase(&self, head: usize, start: usize) -> Counted {
        // A name: the person's whole mention ("Special Agent Joseph M.
        // Peters" is "Joseph M. Peters").
        if let Some(t) = self.doc.tokens.get(head) {
            for (ei, e) in self.doc.entities.iter().enumerate() {
                if e.etype != EntityType::Person {
                    continue;
                }
                if let Some(m) = e.mentions.iter().find(|m| m.span.contains(t.span)) {
                    return Counted {
                        span: m.span,
                        entity: Some(ei),
                        country: None,
                    };
                }
            }
        }
        let mut first = head;
        while first > start && first + 4 > head {
            let k = first - 1;
            if matches!(self.upos(k), "DET" | "ADJ" | "NUM" | "PROPN") || is_ordinal(&self.tok(k).to_ascii_lowercase())
            {
                first = k;
            } else {
                break;
            }
        }
        let span = self.span(first, head);
        // A person entity mentioned in the phrase owns the age.
        let entity = self.doc.entities.iter().position(|e| {
            e.etype == EntityType::Person && e.mentions.iter().any(|m| span.contains(m.span) || m.span == span)
        });
        Counted {
            span,
            entity,
            country: None,
        }
    }

    /// The person subject of the clause of token `k` ("he is 33 years
    /// old", "the boy was 11 years old"), when it is a person.
    fn subject_person(&self, k: usize, start: usize) -> Option<Counted> {
        let mut h = k;
        for _ in 0..3 {
            let subj = (start..h)
                .rev()
                .find(|&x| self.head(x) == Some(h) && self.deprel(x).starts_with("nsubj"));
            if let Some(x) = subj {
                let t = self.tok(x);
                if matches!(t, "he" | "she" | "He" | "She" | "I") || is_person_noun(&self.lemma(x)) {
                    return Some(self.person_phrase(x, start));
                }
                if self.upos(x) == "PROPN" {
                    return self.person_ending_at(x, start);
                }
                return None;
            }
            h = self.head(h)?;
        }
        None
    }

    /// Whom "33-year-old" describes: the noun it modifies ("a 33-year-old
    /// man"), else the person just before ("Smith, a 33-year-old, ...").
    fn year_old_person(&self, last: usize, start: usize, end: usize) -> Option<Counted> {
        // `last` is "old" (or the one token "33-year-old"): its head.
        // The phrase starts after "old": "a 33-year-old man" is "man".
        if let Some(h) = self.head(last) {
            if h > last && h < end && self.is_noun(h) {
                return Some(self.person_phrase(h, last + 1));
            }
        }
        if last + 1 < end && self.is_noun(last + 1) {
            return Some(self.person_phrase(last + 1, last + 1));
        }
        // "25- to 29-year-olds" is a group, not the person named before.
        if self.tok(last).ends_with("olds") {
            return None;
        }
        // "Smith, a 33-year-old, ...": the name just before; a name further
        // back is often someone else ("“Obama ...,” the 74-year-old said").
        let near = self.person_before(last, start)?;
        let name_end = near.span.end;
        let close = (last.saturating_sub(5).max(start)..last)
            .any(|k| self.doc.tokens.get(k).is_some_and(|t| t.span.end == name_end));
        close.then_some(near)
    }
}

fn is_month(w: &str) -> bool {
    matches!(
        w,
        "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
            | "Jan."
            | "Feb."
            | "Mar."
            | "Apr."
            | "Jun."
            | "Jul."
            | "Aug."
            | "Sep."
            | "Sept."
            | "Oct."
            | "Nov."
            | "Dec."
    )
}

/// Durations are the time stage's.
fn is_time_unit(lemma: &str) -> bool {
    matches!(
        lemma,
        "year"
            | "month"
            | "week"
            | "day"
            | "hour"
            | "minute"
            | "second"
            | "decade"
            | "century"
            | "night"
            | "time"
            | "weekend"
            | "quarter"
            | "semester"
            | "season"
            | "term"
            | "a.m."
            | "p.m."
    )
}

fn is_measure_unit(lemma: &str) -> bool {
    matches!(
        lemma,
        "mile"
            | "kilometer"
            | "kilometre"
            | "km"
            | "meter"
            | "metre"
            | "foot"
            | "feet"
            | "inch"
            | "yard"
            | "pound"
            | "ton"
            | "tonne"
            | "kilogram"
            | "kg"
            | "gram"
            | "ounce"
            | "gallon"
            | "liter"
            | "litre"
            | "barrel"
            | "acre"
            | "hectare"
            | "degree"
            | "point"
            | "megawatt"
            | "watt"
            | "mph"
            | "vote"
    )
}

fn is_ordinal(w: &str) -> bool {
    matches!(
        w,
        "first"
            | "second"
            | "third"
            | "fourth"
            | "fifth"
            | "latter"
            | "former"
            | "eldest"
            | "youngest"
            | "oldest"
            | "other"
            | "older"
            | "younger"
    )
}

fn is_person_noun(lemma: &str) -> bool {
    matches!(
        lemma,
        "man"
            | "woman"
            | "boy"
            | "girl"
            | "son"
            | "daughter"
            | "wife"
            | "husband"
            | "mother"
            | "father"
            | "brother"
            | "sister"
            | "child"
            | "baby"
            | "teen"
            | "teenager"
            | "victim"
            | "suspect"
            | "driver"
            | "student"
            | "officer"
            | "soldier"
            | "resident"
            | "worker"
            | "friend"
            | "partner"
            | "grandmother"
            | "grandfather"
            | "mom"
            | "dad"
            | "patient"
            | "defendant"
            | "gunman"
            | "shooter"
            | "survivor"
            | "passenger"
            | "pilot"
            | "nurse"
            | "doctor"
            | "veteran"
            | "retiree"
            | "widow"
            | "player"
            | "youth"
            | "toddler"
            | "infant"
            | "prisoner"
            | "inmate"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;
    use text::{Meta, Quantity};

    /// The shipped tagger, parser, lemmatiser and entity models, loaded once.
    static MODELS: LazyLock<(nlp::Model, extract::EntityModels)> = LazyLock::new(|| {
        let syntax = nlp::Model::from_bytes(
            include_bytes!("../../../models/en-tagger.bin"),
            include_bytes!("../../../models/en-parser.bin"),
            include_bytes!("../../../models/en-lemma.bin"),
        )
        .expect("shipped syntax model");
        let entities = extract::EntityModels {
            ner: nlp::ner::NerModel::from_bytes(include_bytes!("../../../models/en-ner.bin")).expect("shipped NER"),
            gazetteer: nlp::gazetteer::Gazetteer::from_tsv(include_str!("../../../models/gazetteer.tsv"))
                .expect("shipped gazetteer"),
            case: nlp::casing::CaseProfile::from_tsv(include_str!("../../../models/word-case.tsv"))
                .expect("shipped case profile"),
        };
        (syntax, entities)
    });

    /// Segment, tag, parse, lemmatise and find entities as the pipeline
    /// does, then run this stage.
    fn analyse(text: &str) -> Doc {
        let (syntax, entities) = &*MODELS;
        let mut doc = Doc::new(Meta::default(), text.to_string());
        text::segment(&mut doc);
        let mut syn = Syntax::default();
        for s in &doc.sentences {
            let words: Vec<&str> = s.tokens.clone().map(|i| doc.token_text(i)).collect();
            let a = syntax.analyze(&words);
            syn.upos.extend_from_slice(&a.upos);
            syn.xpos.extend_from_slice(&a.xpos);
            syn.lemma.extend(a.lemma);
            syn.head
                .extend(a.head.iter().map(|&h| (h > 0).then(|| s.tokens.start + h as usize - 1)));
            syn.deprel.extend_from_slice(&a.deprel);
        }
        doc.syntax = Some(syn);
        extract::extract_entities(&mut doc, entities);
        extract_quantities(&mut doc);
        doc
    }

    /// The quantity whose text contains `needle`.
    fn find<'d>(doc: &'d Doc, needle: &str) -> &'d Quantity {
        doc.quantities
            .iter()
            .find(|q| doc.slice(q.span).contains(needle))
            .unwrap_or_else(|| {
                let all: Vec<&str> = doc.quantities.iter().map(|q| doc.slice(q.span)).collect();
                panic!("no quantity with {needle:?} in {all:?}")
            })
    }

    fn counted_text<'d>(doc: &'d Doc, q: &Quantity) -> &'d str {
        q.counts.as_ref().map_or("", |c| doc.slice(c.span))
    }

    #[test]
    fn money_with_a_conversion_in_brackets_keeps_both_amounts_and_currencies() {
        let doc = analyse("The court ordered a 5 million ruble ($54,000) fine against the firm.");
        let q = find(&doc, "ruble");
        assert_eq!(q.kind, QuantityKind::Money);
        assert_eq!((q.value, q.currency), (Some(5_000_000.0), Some("RUB")));
        let c = q.stated_conversion.as_ref().expect("a stated conversion");
        assert_eq!(
            (c.value, c.currency, doc.slice(c.span)),
            (54_000.0, Some("USD"), "$54,000")
        );
        // The converted amount is not a quantity of its own.
        assert_eq!(doc.quantities.len(), 1);
    }

    #[test]
    fn signs_codes_wire_style_and_scale_words_give_amounts_and_iso_codes() {
        let doc = analyse(
            "Revenue was €1.2bn. Fees were £300. Tickets cost US$5. The grant is Rs 2 crore. \
             The bank lent 5 billion yen. Profit rose to 150 mln dlrs. Sales hit 3.5 bln stg. \
             Rent is $3,000 and the prize $250,000. The deal is worth $1.1 million. The firm raised ¥10 billion.",
        );
        let expect = [
            ("€1.2bn", 1.2e9, "EUR"),
            ("£300", 300.0, "GBP"),
            ("US$5", 5.0, "USD"),
            ("Rs 2 crore", 2e7, "INR"),
            ("5 billion yen", 5e9, "JPY"),
            ("150 mln dlrs", 1.5e8, "USD"),
            ("3.5 bln stg", 3.5e9, "GBP"),
            ("$3,000", 3000.0, "USD"),
            ("$250,000", 250_000.0, "USD"),
            ("$1.1 million", 1_100_000.0, "USD"),
            ("¥10 billion", 1e10, "JPY"),
        ];
        for (text, value, code) in expect {
            let q = find(&doc, text);
            assert_eq!(doc.slice(q.span), text);
            assert_eq!(
                (q.kind, q.value, q.currency),
                (QuantityKind::Money, Some(value), Some(code)),
                "{text}"
            );
        }
    }

    #[test]
    fn crowns_get_a_code_only_where_a_nationality_or_the_documents_country_settles_it() {
        let open = analyse("The union wants 40 million crowns more.");
        let q = find(&open, "crowns");
        assert_eq!(
            (q.kind, q.currency, q.unit.as_deref()),
            (QuantityKind::Money, None, Some("crowns"))
        );
        let swedish = analyse("The union wants 40 million Swedish crowns more.");
        assert_eq!(find(&swedish, "crowns").currency, Some("SEK"));
        let czech = analyse("Workers in Prague said the Czech government owes them 40 million crowns.");
        assert_eq!(find(&czech, "crowns").currency, Some("CZK"));
    }

    #[test]
    fn the_first_number_of_a_range_shares_the_second_ones_scale_and_unit() {
        let doc = analyse(
            "The ransom was between 2 and 4 million euros. Subsidies reach 100 to 400 percent of the poverty \
             level, between $11,490 and $45,960 in 2013 dollars.",
        );
        let low = find(&doc, "2");
        assert_eq!(
            (low.kind, low.value, low.currency),
            (QuantityKind::Money, Some(2e6), Some("EUR"))
        );
        assert_eq!(find(&doc, "4 million").value, Some(4e6));
        let pct = find(&doc, "100");
        assert_eq!((pct.kind, pct.value), (QuantityKind::Percent, Some(100.0)));
        // "2013 dollars" is a price level, not a sum.
        assert!(doc.quantities.iter().all(|q| !doc.slice(q.span).contains("2013")));
        assert_eq!(find(&doc, "$45,960").value, Some(45_960.0));
    }

    #[test]
    fn pounds_of_a_substance_are_a_weight_not_money() {
        let doc = analyse("Agents seized 22 pounds of cocaine at the border.");
        let q = find(&doc, "22");
        assert_eq!(
            (q.kind, q.currency, q.unit.as_deref()),
            (QuantityKind::Other, None, Some("pound"))
        );
    }

    #[test]
    fn amounts_in_words_and_vague_amounts() {
        let doc = analyse(
            "She raised half a million dollars. He invested nineteen thousand dollars. \
             The state spent billions of dollars on roads. The group may lose a half-billion dollars. \
             It would cost three and a half million jobs. Fifty-seven percent agreed.",
        );
        assert_eq!(find(&doc, "half a million").value, Some(500_000.0));
        assert_eq!(find(&doc, "nineteen thousand").value, Some(19_000.0));
        assert_eq!(find(&doc, "a half-billion").value, Some(500_000_000.0));
        assert_eq!(find(&doc, "three and a half million").value, Some(3_500_000.0));
        assert_eq!(find(&doc, "Fifty-seven").value, Some(57.0));
        let vague = find(&doc, "billions");
        assert_eq!(
            (vague.value, vague.currency, vague.approximate),
            (None, Some("USD"), true)
        );
    }

    #[test]
    fn percentages_take_the_noun_they_qualify() {
        let doc = analyse("The authority offered a 4.5% raise. About 52 percent of voters agreed.");
        let raise = find(&doc, "4.5%");
        assert_eq!((raise.kind, raise.value), (QuantityKind::Percent, Some(4.5)));
        assert_eq!(counted_text(&doc, raise), "raise");
        let voters = find(&doc, "52 percent");
        assert_eq!((voters.bound, voters.approximate), (Bound::About, true));
        assert_eq!(doc.slice(voters.span), "About 52 percent");
        assert_eq!(counted_text(&doc, voters), "voters");
    }

    #[test]
    fn counts_take_their_noun_bound_and_nationality() {
        let doc = analyse(
            "Troops captured two Chinese citizens. At least 14 vessels waited. \
             The strike killed 6 civilians, including 2 women. The district has 113,000 students. \
             Dozens of veterans protested.",
        );
        let chinese = find(&doc, "two");
        assert_eq!((chinese.kind, chinese.value), (QuantityKind::Count, Some(2.0)));
        assert_eq!(counted_text(&doc, chinese), "Chinese citizens");
        let counted = chinese.counts.as_ref().unwrap();
        assert_eq!(counted.country.as_deref(), Some("CN"));
        assert!(counted.entity.is_some());
        let vessels = find(&doc, "14");
        assert_eq!((vessels.bound, vessels.approximate), (Bound::AtLeast, true));
        assert_eq!(counted_text(&doc, vessels), "vessels");
        assert_eq!(counted_text(&doc, find(&doc, "6")), "civilians");
        assert_eq!(counted_text(&doc, find(&doc, "2")), "women");
        assert_eq!(find(&doc, "113,000").value, Some(113_000.0));
        let dozens = find(&doc, "Dozens");
        assert_eq!(
            (dozens.kind, dozens.value, dozens.approximate),
            (QuantityKind::Count, None, true)
        );
        assert_eq!(counted_text(&doc, dozens), "veterans");
    }

    #[test]
    fn ages_in_apposition_and_after_age_words_belong_to_their_person() {
        let doc = analyse(
            "The first man, whose age was given as 33, was recruited in China. \
             The second, 31, said he answered an advertisement. \
             Kara, 11, and her brother were rescued. A 45-year-old man was arrested.",
        );
        let first = find(&doc, "33");
        assert_eq!((first.kind, first.value), (QuantityKind::Age, Some(33.0)));
        assert_eq!(counted_text(&doc, first), "The first man");
        let second = find(&doc, "31");
        assert_eq!(second.kind, QuantityKind::Age);
        assert_eq!(counted_text(&doc, second), "The second");
        let kara = find(&doc, "11");
        assert_eq!(kara.kind, QuantityKind::Age);
        assert_eq!(counted_text(&doc, kara), "Kara");
        let man = find(&doc, "45");
        assert_eq!((man.kind, man.value), (QuantityKind::Age, Some(45.0)));
        assert_eq!(counted_text(&doc, man), "man");
    }

    #[test]
    fn years_dates_and_durations_are_not_counts() {
        let doc = analyse("In 2012, three years after the war began on May 15, the 2012 elections were held.");
        let all: Vec<&str> = doc.quantities.iter().map(|q| doc.slice(q.span)).collect();
        assert!(all.is_empty(), "{all:?}");
    }

    #[test]
    fn odd_input_never_panics() {
        for text in [
            "$",
            "$ $ 1,",
            "½ a",
            "Rs",
            "a",
            "(",
            "5 (",
            "12 million crowns (",
            "about $",
            "99999999999999999999999 dollars",
            "1,000,000,000,000,000,000 dollars",
            "seven hundred billion trillion dollars",
            "thousand thousand thousand thousand thousand thousand thousand thousand dollars",
            "hundred hundred hundred hundred hundred hundred hundred hundred hundred hundred hundred",
            "dozen dozen dozen dozen dozen dozen dozen dozen dozen dozen dozen dozen dozen dozen dozen dozen dozen",
            "ninety ninety ninety",
            "half a trillion trillion",
            "5 million million million million million million million million million million dollars",
            "hundreds of of dollars",
            "€",
            "The 3 - year - old",
            "A, 1,",
        ] {
            let _ = analyse(text);
        }
    }
}
