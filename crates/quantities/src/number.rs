//! Numbers as news writes them: digits ("2,000,000", "4.5", "$23,200",
//! "€1.2bn", "4.5%"), words ("two", "nineteen thousand", "a dozen"), and
//! scale words ("million", "bn", "mln", "crore", "lakh").
//!
//! A value is kept as an integer mantissa and a power of ten, so that "1.1
//! million" is 11 × 10^5 exactly and becomes a float only at the end.

use crate::currency::{self, Money};

/// A decimal number: `mantissa × 10^exp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Decimal {
    pub mantissa: u64,
    pub exp: i32,
}

impl Decimal {
    /// The value as a float, rounded once.
    pub fn to_f64(self) -> f64 {
        let m = self.mantissa as f64;
        if self.exp >= 0 {
            m * 10f64.powi(self.exp)
        } else {
            m / 10f64.powi(-self.exp)
        }
    }

    /// This number plus one half.
    pub fn plus_half(self) -> Option<Decimal> {
        // m × 10^e + 5 × 10^-1, with e ≥ 0 for the whole numbers it is used on.
        if self.exp < 0 {
            return None;
        }
        let whole = self.mantissa.checked_mul(10u64.checked_pow(self.exp as u32)?)?;
        Some(Decimal {
            mantissa: whole.checked_mul(10)?.checked_add(5)?,
            exp: -1,
        })
    }
}

/// A number read from one token's text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Numeral {
    /// The value, any glued scale applied.
    pub value: Decimal,
    /// A currency sign or code glued before the digits ("$23,200", "US$5").
    pub sign: Option<Money>,
    /// A percent sign glued after ("4.5%").
    pub percent: bool,
    /// "33-year-old".
    pub year_old: bool,
    /// Nothing but digits: no separators, decimals, sign or glued parts
    /// ("31", "2012"), as ages and years are written.
    pub plain: bool,
    /// A scale glued after ("1.2bn", "5m").
    pub scaled: bool,
    /// Its power of ten (9 for "bn").
    pub scale: i32,
}

/// Read a token written with digits: an optional currency sign or code,
/// digits with thousands commas and one decimal point, then an optional
/// `%`, scale ("bn", "m" after a currency sign) or "-year-old". Anything
/// else ("1990s", "9/11", "51-47", "10:30", "3rd") is not a number here.
pub(crate) fn numeral(s: &str) -> Option<Numeral> {
    let bytes = s.as_bytes();
    let p = bytes.iter().position(|b| b.is_ascii_digit())?;
    // `p` is the index of an ASCII byte, so a character boundary.
    let sign = if p == 0 { None } else { Some(currency::sign(&s[..p])?) };
    let mut mantissa: u64 = 0;
    let mut digits = 0usize;
    let mut decimals = 0i32;
    let mut seen_dot = false;
    let mut commas = false;
    // Digits since the last comma, in the whole part.
    let mut group = 0usize;
    let mut q = p;
    while q < bytes.len() {
        let b = bytes[q];
        let digit_follows = bytes.get(q + 1).is_some_and(u8::is_ascii_digit);
        if b.is_ascii_digit() {
            if digits >= 18 {
                return None;
            }
            mantissa = mantissa * 10 + u64::from(b - b'0');
            digits += 1;
            if seen_dot {
                decimals += 1;
            } else {
                group += 1;
            }
        } else if b == b',' && !seen_dot && digit_follows {
            if (commas && group != 3) || (!commas && group > 3) {
                return None;
            }
            commas = true;
            group = 0;
        } else if b == b'.' && !seen_dot && digit_follows {
            seen_dot = true;
        } else {
            break;
        }
        q += 1;
    }
    if commas && group != 3 {
        return None;
    }
    let rest = &s[q..];
    let mut n = Numeral {
        value: Decimal {
            mantissa,
            exp: -decimals,
        },
        sign,
        percent: false,
        year_old: false,
        plain: sign.is_none() && !commas && !seen_dot && rest.is_empty(),
        scaled: false,
        scale: 0,
    };
    if rest.is_empty() {
        return Some(n);
    }
    if rest == "%" {
        n.percent = true;
        return Some(n);
    }
    if matches!(rest, "-year-old" | "-years-old" | "-year-olds") {
        n.year_old = n.sign.is_none() && !seen_dot && !commas;
        return n.year_old.then_some(n);
    }
    // A glued scale; a lone letter only after a currency sign ("$5m", not "5m").
    let exp = glued_scale(rest, sign.is_some())?;
    n.value.exp += exp;
    n.scaled = true;
    n.scale = exp;
    Some(n)
}

fn glued_scale(s: &str, money: bool) -> Option<i32> {
    let lower = lower_ascii::<12>(s)?;
    Some(match lower.as_str() {
        "k" if money => 3,
        "m" | "mm" if money => 6,
        "b" if money => 9,
        "mn" | "mln" | "million" => 6,
        "bn" | "bln" | "billion" => 9,
        "tn" | "trn" | "trillion" => 12,
        _ => return None,
    })
}

/// A scale word standing after a number: "million", "bn", "mln", "crore",
/// "lakh"; "m" and "k" only after a currency sign. Returns the power of ten.
pub(crate) fn scale_word(s: &str, money: bool) -> Option<i32> {
    if s.is_empty() || s.len() > 9 {
        return None;
    }
    let lower = lower_ascii::<9>(s)?;
    Some(match lower.as_str() {
        "hundred" => 2,
        "thousand" => 3,
        "k" if money => 3,
        "million" | "mln" | "mn" => 6,
        "m" if money => 6,
        "billion" | "bln" | "bn" => 9,
        "trillion" | "tln" | "trn" | "tn" => 12,
        "crore" | "crores" => 7,
        "lakh" | "lakhs" => 5,
        _ => return None,
    })
}

/// A number word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Word {
    /// "one" to "ninety-nine".
    Small(u64),
    /// "hundred".
    Hundred,
    /// "thousand", "million", "billion", "trillion", "crore", "lakh" as a
    /// power of ten.
    Scale(i32),
    /// "dozen".
    Dozen,
    /// "dozens", "hundreds", "thousands", "millions", "tens", "scores": an
    /// amount of that order with no value.
    Vague,
}

/// Cheap test before [`word`]: could this token be a number word? Its
/// first three letters must open one ("thr", "mil", "doz"), which turns
/// away "the", "this", "first", "see" and nearly every other word.
pub(crate) fn may_be_word(s: &str) -> bool {
    let b = s.as_bytes();
    if !(3..=13).contains(&b.len()) {
        return false;
    }
    let (b0, b1, b2) = (b[0].to_ascii_lowercase(), b[1], b[2]);
    matches!(
        (b0, b1, b2),
        (b'o', b'n', b'e')
            | (b't', b'w', _)
            | (b't', b'h', b'r' | b'i' | b'o')
            | (b't', b'e', b'n')
            | (b't', b'r', b'i')
            | (b'f', b'o', b'u' | b'r')
            | (b'f', b'i', b'v' | b'f')
            | (b's', b'i', b'x')
            | (b's', b'e', b'v')
            | (b's', b'c', b'o')
            | (b'e', b'i', b'g')
            | (b'e', b'l', b'e')
            | (b'n', b'i', b'n')
            | (b'h', b'u', b'n')
            | (b'm', b'i', b'l')
            | (b'b', b'i', b'l')
            | (b'd', b'o', b'z')
            | (b'c', b'r', b'o')
            | (b'l', b'a', b'k')
    )
}

/// The number word `s` is ("two", "Twelve", "twenty-five", "million",
/// "dozens"), any case.
pub(crate) fn word(s: &str) -> Option<Word> {
    let lower = lower_ascii::<13>(s)?;
    let lower = lower.as_str();
    if let Some(n) = small(lower) {
        return Some(Word::Small(n));
    }
    Some(match lower {
        "hundred" => Word::Hundred,
        "thousand" => Word::Scale(3),
        "million" => Word::Scale(6),
        "billion" => Word::Scale(9),
        "trillion" => Word::Scale(12),
        "crore" => Word::Scale(7),
        "lakh" => Word::Scale(5),
        "dozen" => Word::Dozen,
        "dozens" | "hundreds" | "thousands" | "millions" | "billions" | "trillions" | "tens" | "scores" => Word::Vague,
        _ => {
            // "twenty-five"
            let (tens, unit) = lower.split_once('-')?;
            match (small(tens)?, small(unit)?) {
                (t, u) if t >= 20 && t % 10 == 0 && u < 10 => Word::Small(t + u),
                _ => return None,
            }
        }
    })
}

fn small(w: &str) -> Option<u64> {
    Some(match w {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

/// A short ASCII string lower-cased on the stack; `None` when longer than
/// `N` bytes or not ASCII.
pub(crate) fn lower_ascii<const N: usize>(s: &str) -> Option<Lower<N>> {
    if s.len() > N || !s.is_ascii() {
        return None;
    }
    let mut buf = [0u8; N];
    for (d, c) in buf.iter_mut().zip(s.bytes()) {
        *d = c.to_ascii_lowercase();
    }
    Some(Lower { buf, len: s.len() })
}

/// See [`lower_ascii`].
pub(crate) struct Lower<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Lower<N> {
    pub fn as_str(&self) -> &str {
        // Lower-cased ASCII is ASCII.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(s: &str) -> Option<f64> {
        numeral(s).map(|n| n.value.to_f64())
    }

    #[test]
    fn digits_with_commas_decimals_and_glued_scales_read_exactly() {
        assert_eq!(value("2,000,000"), Some(2_000_000.0));
        assert_eq!(value("4.5"), Some(4.5));
        assert_eq!(value("$23,200"), Some(23_200.0));
        assert_eq!(value("€1.2bn"), Some(1_200_000_000.0));
        assert_eq!(value("$5m"), Some(5_000_000.0));
        assert_eq!(value("US$5"), Some(5.0));
        assert!(numeral("4.5%").unwrap().percent);
        assert!(numeral("33-year-old").unwrap().year_old);
        assert!(numeral("31").unwrap().plain);
    }

    #[test]
    fn years_decades_ordinals_scores_and_times_are_not_amounts() {
        for s in [
            "1990s", "3rd", "9/11", "51-47", "10:30", "5m", "1,00", "12,3456", "F-16",
        ] {
            assert_eq!(numeral(s), None, "{s}");
        }
    }

    #[test]
    fn number_words_read_in_any_case() {
        assert_eq!(word("Two"), Some(Word::Small(2)));
        assert_eq!(word("twenty-five"), Some(Word::Small(25)));
        assert_eq!(word("dozens"), Some(Word::Vague));
        assert_eq!(word("twentyfive"), None);
        assert_eq!(scale_word("mln", false), Some(6));
        assert_eq!(scale_word("m", false), None);
        assert_eq!(scale_word("crore", false), Some(7));
    }
}
