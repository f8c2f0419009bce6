//! Time expressions: dates, times of day and durations the text mentions,
//! resolved against the publication date where they are relative.

use crate::doc::Span;

/// What a time expression's value was worked out from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeAnchor {
    /// Relative to the publication date ("Tuesday", "last week", "March 3").
    Publication,
    /// Complete in itself ("February 2022", "in 2014", "six months").
    Absolute,
    /// Relative, but there is no publication date to resolve it against.
    Unresolved,
}

impl TimeAnchor {
    /// The output label: publication, absolute or unresolved.
    pub fn label(self) -> &'static str {
        match self {
            TimeAnchor::Publication => "publication",
            TimeAnchor::Absolute => "absolute",
            TimeAnchor::Unresolved => "unresolved",
        }
    }
}

/// The unit a time expression is stated in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeGrain {
    /// A calendar day.
    Day,
    /// A week (or a weekend).
    Week,
    /// A month (or a season).
    Month,
    /// A quarter.
    Quarter,
    /// A year.
    Year,
    /// A decade ("the 1990s").
    Decade,
    /// A century.
    Century,
    /// A time of day or a part of a day ("Tuesday evening", "3 p.m.").
    Time,
    /// A length of time ("six months", "the three-year war").
    Duration,
}

impl TimeGrain {
    /// The output label.
    pub fn label(self) -> &'static str {
        match self {
            TimeGrain::Day => "day",
            TimeGrain::Week => "week",
            TimeGrain::Month => "month",
            TimeGrain::Quarter => "quarter",
            TimeGrain::Year => "year",
            TimeGrain::Decade => "decade",
            TimeGrain::Century => "century",
            TimeGrain::Time => "time",
            TimeGrain::Duration => "duration",
        }
    }
}

/// A date, time or duration expression in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeExpr {
    /// Where it lies (without a leading preposition: "Tuesday" in "on Tuesday").
    pub span: Span,
    /// ISO 8601 value (`2025-04-08`, `2025-W14`, `2022-02`, `199X`,
    /// `2025-04-08TEV`, `P3Y`, `2005/2009`); `None` when unresolved.
    pub value: Option<String>,
    /// What the value was worked out from.
    pub anchor: TimeAnchor,
    /// The unit it is stated in.
    pub grain: TimeGrain,
}
