//! `parse_date`: whatever it accepts comes back as a plausible `YYYY-MM-DD`
//! that parses again to itself.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    if let Some(d) = ingest::parse_date(&s) {
        let b = d.as_bytes();
        assert!(
            b.len() == 10 && b[4] == b'-' && b[7] == b'-' && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit()),
            "parse_date({s:?}) = {d:?}, not YYYY-MM-DD"
        );
        let year: i32 = d[..4].parse().unwrap();
        assert!((1800..=2200).contains(&year), "parse_date({s:?}) = {d:?}: implausible year");
        assert_eq!(ingest::parse_date(&d).as_deref(), Some(d.as_str()), "parse_date({s:?}) = {d:?} does not parse to itself");
    }
});
