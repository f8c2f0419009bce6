//! Quantities the text states: sums of money, percentages, counts of people
//! and things, ages. Filled by the quantities stage (`dossier-quantities`).

use crate::Span;

/// What a quantity measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuantityKind {
    /// A sum of money ("$1.1 million", "2 million rubles").
    Money,
    /// A percentage ("4.5%", "52 percent").
    Percent,
    /// A number of people or things ("two Chinese citizens", "dozens of veterans").
    Count,
    /// A person's age ("whose age was given as 33", "Kara, 11,").
    Age,
    /// Any other measure ("300 miles", "10 tons").
    Other,
}

impl QuantityKind {
    /// The output label: money, percent, count, age or other.
    pub fn label(self) -> &'static str {
        match self {
            QuantityKind::Money => "money",
            QuantityKind::Percent => "percent",
            QuantityKind::Count => "count",
            QuantityKind::Age => "age",
            QuantityKind::Other => "other",
        }
    }
}

/// How the stated value bounds the real one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bound {
    /// As stated ("14 vessels").
    Exact,
    /// Close to it, either way ("about", "around", "roughly", "some", "dozens of").
    About,
    /// That or more ("at least", "more than", "over").
    AtLeast,
    /// That or less ("up to", "nearly", "almost", "less than").
    AtMost,
}

impl Bound {
    /// The output label: exact, about, at_least or at_most.
    pub fn label(self) -> &'static str {
        match self {
            Bound::Exact => "exact",
            Bound::About => "about",
            Bound::AtLeast => "at_least",
            Bound::AtMost => "at_most",
        }
    }
}

/// A second amount the text gives for the same sum in another currency:
/// the "$23,200" of "a 2 million ruble ($23,200) payment".
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    /// Where the converted amount lies.
    pub span: Span,
    /// The amount, scale words applied.
    pub value: f64,
    /// ISO 4217 code, when the text decides it.
    pub currency: Option<&'static str>,
}

/// What a count or age is of, or the noun a percentage qualifies.
#[derive(Debug, Clone, PartialEq)]
pub struct Counted {
    /// The noun phrase ("Chinese citizens", "vessels"), or the person an age
    /// belongs to ("Kara", "The second").
    pub span: Span,
    /// Index into [`crate::Doc::entities`]: the person an age belongs to, or
    /// the nationality or group inside a counted phrase.
    pub entity: Option<usize>,
    /// ISO 3166 alpha-2 code of that entity's country ("two Chinese
    /// citizens" → CN), when known.
    pub country: Option<String>,
}

/// One quantity the text states.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// What it measures.
    pub kind: QuantityKind,
    /// The expression: bound words, number, scale and unit words
    /// ("at least 14", "about 12 million crowns", "4.5%"); a counted noun
    /// is in [`Quantity::counts`], a stated conversion in its own span.
    pub span: Span,
    /// The number, scale words applied (12 million → 12000000); `None` when
    /// the text gives none ("dozens of veterans").
    pub value: Option<f64>,
    /// The unit as written or normalised: the currency word or sign for
    /// money ("crowns", "$"), `percent`, `percentage point`, `year` for
    /// ages, the counted noun's lemma for counts.
    pub unit: Option<String>,
    /// ISO 4217 code for money, when the text or the document's country
    /// decides it.
    pub currency: Option<&'static str>,
    /// The same sum in another currency, as the text states it.
    pub stated_conversion: Option<Conversion>,
    /// What is counted or qualified, for counts, ages and percentages.
    pub counts: Option<Counted>,
    /// How the stated value bounds the real one.
    pub bound: Bound,
    /// True when the text hedges the value ("about", "nearly", "at least",
    /// "dozens of").
    pub approximate: bool,
}
