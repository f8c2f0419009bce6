//! Currency signs, codes and words, and which ISO 4217 code each stands for.

/// What a currency sign or word names: one code, or a family of currencies
/// (crowns, pesos, francs, ...) that the text or the document's country
/// must settle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Money {
    /// One currency.
    Code(&'static str),
    /// The US dollar unless a nationality says otherwise ("Canadian dollars").
    Dollar,
    /// Pound sterling when it is money at all ("pounds" is often weight).
    Pound,
    /// "¥": the yen, or the yuan in a document about China alone.
    YenSign,
    /// A currency name several countries use, as (country, code) pairs.
    Family(&'static [(&'static str, &'static str)]),
    /// A hundredth of a dollar (or of the currency before it).
    Cent,
}

const CROWNS: &[(&str, &str)] = &[
    ("SE", "SEK"),
    ("CZ", "CZK"),
    ("DK", "DKK"),
    ("NO", "NOK"),
    ("IS", "ISK"),
];
const KRONER: &[(&str, &str)] = &[("DK", "DKK"), ("NO", "NOK")];
const PESOS: &[(&str, &str)] = &[
    ("MX", "MXN"),
    ("PH", "PHP"),
    ("AR", "ARS"),
    ("CL", "CLP"),
    ("CO", "COP"),
    ("CU", "CUP"),
    ("DO", "DOP"),
    ("UY", "UYU"),
];
const FRANCS: &[(&str, &str)] = &[("CH", "CHF"), ("LI", "CHF")];
const RUPEES: &[(&str, &str)] = &[
    ("IN", "INR"),
    ("PK", "PKR"),
    ("LK", "LKR"),
    ("NP", "NPR"),
    ("MU", "MUR"),
];
const RIYALS: &[(&str, &str)] = &[
    ("SA", "SAR"),
    ("QA", "QAR"),
    ("OM", "OMR"),
    ("YE", "YER"),
    ("IR", "IRR"),
];
const DINARS: &[(&str, &str)] = &[
    ("IQ", "IQD"),
    ("KW", "KWD"),
    ("JO", "JOD"),
    ("BH", "BHD"),
    ("LY", "LYD"),
    ("TN", "TND"),
    ("DZ", "DZD"),
    ("RS", "RSD"),
];
const DIRHAMS: &[(&str, &str)] = &[("AE", "AED"), ("MA", "MAD")];
const SHILLINGS: &[(&str, &str)] = &[("KE", "KES"), ("UG", "UGX"), ("TZ", "TZS"), ("SO", "SOS")];
/// Rupees written "Rs": India's unless the document is about another
/// rupee country alone.
const RS: &[(&str, &str)] = &[("IN", "INR"), ("PK", "PKR"), ("LK", "LKR"), ("NP", "NPR")];

/// A sign or code written before (or glued to) an amount: "$", "US$",
/// "€", "Rs", "USD".
pub(crate) fn sign(s: &str) -> Option<Money> {
    Some(match s {
        "$" | "US$" | "U.S.$" | "USD" => Money::Code("USD"),
        "C$" | "CA$" | "Can$" | "CAD" => Money::Code("CAD"),
        "A$" | "AU$" | "AUD" => Money::Code("AUD"),
        "NZ$" | "NZD" => Money::Code("NZD"),
        "HK$" | "HKD" => Money::Code("HKD"),
        "S$" | "SGD" => Money::Code("SGD"),
        "R$" | "BRL" => Money::Code("BRL"),
        "NT$" | "TWD" => Money::Code("TWD"),
        "€" | "EUR" => Money::Code("EUR"),
        "£" | "GBP" => Money::Code("GBP"),
        "¥" | "￥" => Money::YenSign,
        "JPY" => Money::Code("JPY"),
        "CNY" | "RMB" => Money::Code("CNY"),
        "₹" | "INR" => Money::Code("INR"),
        "Rs" | "Rs." => Money::Family(RS),
        "₽" | "RUB" => Money::Code("RUB"),
        "₩" | "KRW" => Money::Code("KRW"),
        "₪" | "ILS" | "NIS" => Money::Code("ILS"),
        "₺" | "TRY" => Money::Code("TRY"),
        "₴" | "UAH" => Money::Code("UAH"),
        "₱" | "PHP" => Money::Code("PHP"),
        "₦" | "NGN" => Money::Code("NGN"),
        "CHF" | "SFr" => Money::Code("CHF"),
        "SEK" => Money::Code("SEK"),
        "NOK" => Money::Code("NOK"),
        "DKK" => Money::Code("DKK"),
        "CZK" | "Kč" => Money::Code("CZK"),
        "PLN" => Money::Code("PLN"),
        "MXN" => Money::Code("MXN"),
        "ZAR" => Money::Code("ZAR"),
        _ => return None,
    })
}

/// True when a token could be a currency sign or code, so that [`sign`]
/// is worth asking: most capitalised words are turned away by their length
/// and case without a string comparison.
pub(crate) fn may_be_sign(t: &[u8]) -> bool {
    match t.first() {
        // "$", the first byte of "£"/"¥" (0xC2), of "€"/"₹"/"₽"/... (0xE2),
        // of "￥" (0xEF).
        Some(b'$' | 0xC2 | 0xE2 | 0xEF) => t.len() <= 3,
        // A code ("USD"), a dollar ("US$", "HK$", "C$"), "Rs", "SFr", "Kč".
        Some(b'A'..=b'Z') => {
            (t.len() == 3 && t.iter().all(u8::is_ascii_uppercase))
                || (t.len() <= 5 && t.contains(&b'$'))
                || t.starts_with(b"Rs")
                || t == b"SFr"
                || t == "Kč".as_bytes()
        }
        _ => false,
    }
}

/// A currency word after an amount ("dollars", "euros", "crowns", "dlrs",
/// "stg"), any case.
pub(crate) fn word(s: &str) -> Option<Money> {
    if s.len() < 3 || s.len() > 10 {
        return None;
    }
    let mut buf = [0u8; 10];
    for (d, c) in buf.iter_mut().zip(s.bytes()) {
        *d = c.to_ascii_lowercase();
    }
    let lower = std::str::from_utf8(&buf[..s.len()]).ok()?;
    Some(match lower {
        "dollar" | "dollars" | "dlr" | "dlrs" | "usd" => Money::Dollar,
        "euro" | "euros" => Money::Code("EUR"),
        "pound" | "pounds" => Money::Pound,
        "sterling" | "stg" => Money::Code("GBP"),
        "pence" => Money::Code("GBP"),
        "cent" | "cents" => Money::Cent,
        "yen" => Money::Code("JPY"),
        "yuan" | "renminbi" => Money::Code("CNY"),
        "ruble" | "rubles" | "rouble" | "roubles" => Money::Code("RUB"),
        "rupee" | "rupees" => Money::Family(RUPEES),
        "crown" | "crowns" | "krona" => Money::Family(CROWNS),
        "kronor" => Money::Code("SEK"),
        "koruna" | "korunas" | "korun" => Money::Code("CZK"),
        "krone" | "kroner" => Money::Family(KRONER),
        "peso" | "pesos" => Money::Family(PESOS),
        "franc" | "francs" => Money::Family(FRANCS),
        "won" => Money::Code("KRW"),
        "rand" => Money::Code("ZAR"),
        "shekel" | "shekels" => Money::Code("ILS"),
        "lira" | "liras" | "lire" => Money::Code("TRY"),
        "riyal" | "riyals" | "rial" | "rials" => Money::Family(RIYALS),
        "dinar" | "dinars" => Money::Family(DINARS),
        "dirham" | "dirhams" => Money::Family(DIRHAMS),
        "shilling" | "shillings" => Money::Family(SHILLINGS),
        "hryvnia" | "hryvnias" | "hryvnas" => Money::Code("UAH"),
        "zloty" | "zlotys" | "zlotych" => Money::Code("PLN"),
        "forint" | "forints" => Money::Code("HUF"),
        "baht" => Money::Code("THB"),
        "ringgit" => Money::Code("MYR"),
        "rupiah" => Money::Code("IDR"),
        "naira" => Money::Code("NGN"),
        "reais" => Money::Code("BRL"),
        "lei" => Money::Code("RON"),
        "leva" => Money::Code("BGN"),
        "dong" => Money::Code("VND"),
        "rmb" => Money::Code("CNY"),
        _ => return None,
    })
}

/// The currency a nationality word settles for a currency word after it
/// ("Swedish crowns", "Canadian dollars", "Egyptian pounds"), or `None`
/// when it settles nothing.
pub(crate) fn with_nationality(nationality: &str, money: Money) -> Option<&'static str> {
    let n = nationality;
    match money {
        Money::Dollar => Some(match n {
            "U.S." | "US" | "American" => "USD",
            "Canadian" => "CAD",
            "Australian" => "AUD",
            "Kong" => "HKD",
            "Zealand" => "NZD",
            "Singapore" | "Singaporean" => "SGD",
            "Taiwan" | "Taiwanese" => "TWD",
            "Zimbabwe" | "Zimbabwean" => "ZWL",
            "Jamaican" => "JMD",
            "Namibian" => "NAD",
            _ => return None,
        }),
        Money::Pound => Some(match n {
            "British" | "UK" | "U.K." => "GBP",
            "Egyptian" => "EGP",
            "Lebanese" => "LBP",
            "Syrian" => "SYP",
            "Sudanese" => "SDG",
            _ => return None,
        }),
        Money::Code("KRW") => Some(match n {
            "South" | "Korean" => "KRW",
            "North" => "KPW",
            _ => return None,
        }),
        Money::Family(family) => {
            let country = match n {
                "Swedish" => "SE",
                "Czech" => "CZ",
                "Danish" => "DK",
                "Norwegian" => "NO",
                "Icelandic" => "IS",
                "Mexican" => "MX",
                "Philippine" => "PH",
                "Argentine" | "Argentinian" => "AR",
                "Chilean" => "CL",
                "Colombian" => "CO",
                "Cuban" => "CU",
                "Dominican" => "DO",
                "Uruguayan" => "UY",
                "Swiss" => "CH",
                "Indian" => "IN",
                "Pakistani" => "PK",
                "Lankan" => "LK",
                "Nepalese" | "Nepali" => "NP",
                "Saudi" => "SA",
                "Qatari" => "QA",
                "Omani" => "OM",
                "Yemeni" => "YE",
                "Iranian" => "IR",
                "Iraqi" => "IQ",
                "Kuwaiti" => "KW",
                "Jordanian" => "JO",
                "Bahraini" => "BH",
                "Libyan" => "LY",
                "Tunisian" => "TN",
                "Algerian" => "DZ",
                "Serbian" => "RS",
                "Emirati" | "UAE" => "AE",
                "Moroccan" => "MA",
                "Kenyan" => "KE",
                "Ugandan" => "UG",
                "Tanzanian" => "TZ",
                "Somali" => "SO",
                _ => return None,
            };
            family.iter().find(|(c, _)| *c == country).map(|(_, code)| *code)
        }
        _ => None,
    }
}

/// The currency of a family that the document's countries settle: the one
/// whose country the document names, when it names exactly one of them.
pub(crate) fn from_countries(
    family: &'static [(&'static str, &'static str)],
    countries: &[&str],
) -> Option<&'static str> {
    let mut found = None;
    for (country, code) in family {
        if countries.contains(country) {
            match found {
                None => found = Some(*code),
                Some(c) if c == *code => {}
                Some(_) => return None,
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nationality_settles_a_currency_family() {
        assert_eq!(with_nationality("Swedish", word("crowns").unwrap()), Some("SEK"));
        assert_eq!(with_nationality("Canadian", word("dollars").unwrap()), Some("CAD"));
        assert_eq!(with_nationality("Norland", word("crowns").unwrap()), None);
    }

    #[test]
    fn the_documents_countries_settle_a_family_only_when_one_fits() {
        assert_eq!(from_countries(CROWNS, &["US", "CZ"]), Some("CZK"));
        assert_eq!(from_countries(CROWNS, &["SE", "CZ"]), None);
        assert_eq!(from_countries(CROWNS, &["US"]), None);
    }
}
