//! A streaming WARC record reader.
//!
//! dossier first used the `warc` crate, but fuzzing found that it panics on
//! a header that is not UTF-8 and on a huge `Content-Length` (integer
//! overflow). The format is simple enough to read here with bounds on every
//! size: a version line, header lines up to a blank line, a body of
//! `Content-Length` bytes, then a blank line.

use std::io::{BufRead, Read};

/// One WARC record: its headers (names lower-cased) and body.
pub(crate) struct WarcRecord {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl WarcRecord {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Read the next record; `Ok(None)` at a clean end of input. Bodies longer
/// than `max_body` are an error.
pub(crate) fn next_record<R: BufRead + ?Sized>(mut r: &mut R, max_body: u64) -> Result<Option<WarcRecord>, String> {
    // Skip blank lines between records.
    let version = loop {
        let mut line = Vec::new();
        let n = (&mut r)
            .take(4096)
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("read error: {e}"))?;
        if n == 0 {
            return Ok(None);
        }
        let l = String::from_utf8_lossy(&line);
        let l = l.trim();
        if !l.is_empty() {
            break l.to_string();
        }
    };
    if !version.starts_with("WARC/") {
        return Err(format!(
            "expected a WARC version line, found {:?}",
            version.chars().take(40).collect::<String>()
        ));
    }
    let mut headers = Vec::new();
    let mut header_bytes = 0usize;
    loop {
        let mut line = Vec::new();
        let n = (&mut r)
            .take(65536)
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("read error: {e}"))?;
        if n == 0 {
            return Err("input ends inside a record's headers".to_string());
        }
        header_bytes += n;
        if header_bytes > 1 << 20 {
            return Err("record headers over 1 MiB".to_string());
        }
        let l = String::from_utf8_lossy(&line);
        let l = l.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let len: u64 = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .ok_or("record has no Content-Length")?
        .1
        .parse()
        .map_err(|_| "record has a bad Content-Length".to_string())?;
    if len > max_body {
        return Err(format!("record body of {len} bytes is over the limit of {max_body}"));
    }
    let mut body = Vec::with_capacity(len.min(1 << 20) as usize);
    (&mut r)
        .take(len)
        .read_to_end(&mut body)
        .map_err(|e| format!("read error: {e}"))?;
    if (body.len() as u64) < len {
        return Err(format!(
            "input ends inside a record body ({} of {len} bytes)",
            body.len()
        ));
    }
    Ok(Some(WarcRecord { headers, body }))
}
