//! Proleptic Gregorian calendar arithmetic on day numbers (days since
//! 1970-01-01), after Howard Hinnant's `days_from_civil`.

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parse `YYYY-MM-DD` (a longer string is read up to its tenth byte,
    /// so `2025-04-10T08:00` works too).
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
        };
        let year = num(0..4)? as i32;
        let month = num(5..7)?;
        let day = num(8..10)?;
        Date::new(year, month, day)
    }

    /// A valid date, or `None`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days since 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// This date moved by `n` days.
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        (self.days() + 3).rem_euclid(7) as u32
    }

    /// ISO 8601 week-numbering year and week.
    pub fn iso_week(self) -> (i32, u32) {
        // The week's Thursday decides its year.
        let thursday = self.add_days(3 - i64::from(self.weekday()));
        let jan1 = Date {
            year: thursday.year,
            month: 1,
            day: 1,
        };
        (thursday.year, ((thursday.days() - jan1.days()) / 7 + 1) as u32)
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{}-{:02}-{:02}", year4(self.year), self.month, self.day)
    }

    /// `YYYY-Www` of the week holding this date.
    pub fn iso_week_string(self) -> String {
        let (y, w) = self.iso_week();
        format!("{}-W{w:02}", year4(y))
    }
}

/// A year as four digits (ISO 8601 without expansion).
pub(crate) fn year4(y: i32) -> String {
    format!("{:04}", y.clamp(0, 9999))
}

/// Days in a month.
pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Year and month `n` months after `(year, month)`.
pub(crate) fn add_months(year: i32, month: u32, n: i64) -> (i32, u32) {
    let index = i64::from(year) * 12 + i64::from(month) - 1 + n;
    (index.div_euclid(12) as i32, (index.rem_euclid(12) + 1) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_and_weekdays_are_right() {
        let d = Date::parse("2025-04-10").unwrap();
        assert_eq!(Date::from_days(d.days()), d);
        assert_eq!(d.weekday(), 3, "2025-04-10 was a Thursday");
        assert_eq!(Date::parse("2024-02-29").unwrap().add_days(1).iso(), "2024-03-01");
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("20x5-04-10").is_none());
    }

    #[test]
    fn iso_weeks_follow_the_thursday_rule() {
        assert_eq!(Date::parse("2025-04-10").unwrap().iso_week_string(), "2025-W15");
        assert_eq!(Date::parse("2021-01-03").unwrap().iso_week_string(), "2020-W53");
        assert_eq!(Date::parse("2024-12-30").unwrap().iso_week_string(), "2025-W01");
    }
}
