//! Publication dates as inputs spell them.

use chrono::{DateTime, NaiveDate};

/// Parse a date as news inputs write it and return `YYYY-MM-DD`, or `None`
/// when it cannot be read or is implausible (before 1800 or after 2200,
/// such as AllSides' `0001-11-30`).
///
/// ```
/// use dossier_ingest::parse_date;
/// assert_eq!(parse_date("2025-04-09T14:03:00Z").as_deref(), Some("2025-04-09"));
/// assert_eq!(parse_date("4/9/25").as_deref(), Some("2025-04-09"));
/// assert_eq!(parse_date("Wed, 09 Apr 2025 10:00:00 GMT").as_deref(), Some("2025-04-09"));
/// assert_eq!(parse_date("April 9, 2025").as_deref(), Some("2025-04-09"));
/// assert_eq!(parse_date("0001-11-30"), None);
/// ```
pub fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let date = parse_any(s)?;
    let year = date.format("%Y").to_string().parse::<i32>().ok()?;
    (1800..=2200)
        .contains(&year)
        .then(|| date.format("%Y-%m-%d").to_string())
}

fn parse_any(s: &str) -> Option<NaiveDate> {
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.date_naive());
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.date_naive());
    }
    if let Some(year) = s
        .rsplit('/')
        .next()
        .filter(|_| s.matches('/').count() == 2 && s.split('/').next().is_some_and(|m| m.len() <= 2))
    {
        let fmt = if year.len() == 2 { "%m/%d/%y" } else { "%m/%d/%Y" };
        return NaiveDate::parse_from_str(s, fmt).ok();
    }
    // A timestamp with a time part we do not need: keep the date part.
    let head = s.split(['T', ' ']).next().unwrap_or(s);
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(head, fmt) {
            return Some(d);
        }
    }
    for fmt in [
        "%B %d, %Y",
        "%b %d, %Y",
        "%b. %d, %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%A, %B %d, %Y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return Some(d);
        }
    }
    None
}
