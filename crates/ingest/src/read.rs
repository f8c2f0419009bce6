//! Byte-level reading: files and stdin, gzip, binary sniffing, bounded lines.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};

use crate::{IngestError, Input, Position};

pub(crate) struct Opened {
    pub reader: Box<dyn BufRead>,
    pub gzip: bool,
}

/// Open an input, decompressing gzip transparently (detected by its magic bytes).
pub(crate) fn open_input(input: &Input) -> Result<Opened, IngestError> {
    let raw: Box<dyn Read> = match input {
        Input::Path(p) => match File::open(p) {
            Ok(f) => Box::new(f),
            Err(e) => return Err(IngestError::new(&input.name(), None, format!("cannot open: {e}"))),
        },
        Input::Stdin => Box::new(io::stdin()),
    };
    let mut buffered = BufReader::with_capacity(1 << 16, raw);
    let head = buffered
        .fill_buf()
        .map_err(|e| IngestError::new(&input.name(), None, format!("cannot read: {e}")))?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let decoder = flate2::bufread::MultiGzDecoder::new(buffered);
        Ok(Opened {
            reader: Box::new(BufReader::with_capacity(1 << 16, decoder)),
            gzip: true,
        })
    } else {
        Ok(Opened {
            reader: Box::new(buffered),
            gzip: false,
        })
    }
}

/// Describe a read error, calling a cut-off gzip stream what it is.
pub(crate) fn io_error(name: &str, gzip: bool, at: u64, e: &io::Error) -> IngestError {
    let position = (at > 0).then_some(Position::Byte(at));
    if gzip
        && matches!(
            e.kind(),
            io::ErrorKind::UnexpectedEof | io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData
        )
    {
        IngestError::new(
            name,
            position,
            format!("truncated or corrupt gzip stream ({e}); documents before this point were read"),
        )
    } else {
        IngestError::new(name, position, format!("read error: {e}"))
    }
}

/// The offset of the first byte that marks a file as binary: a NUL, or a
/// sample in which more than 10% of bytes are control characters.
pub(crate) fn binary_offset(head: &[u8]) -> Option<usize> {
    let sample = &head[..head.len().min(8192)];
    if let Some(i) = sample.iter().position(|&b| b == 0) {
        return Some(i);
    }
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    if sample.len() >= 32 && control * 10 > sample.len() {
        return sample
            .iter()
            .position(|&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b));
    }
    None
}

pub(crate) enum Line {
    Bytes(Vec<u8>),
    /// The line was longer than the limit; it was skipped (this many bytes).
    TooLong(usize),
}

/// Read one line (without its newline), never holding more than `limit`
/// bytes: a longer line is consumed and reported as too long.
pub(crate) fn read_line_limited(r: &mut dyn BufRead, limit: usize) -> io::Result<Option<Line>> {
    let mut buf = Vec::new();
    let mut total = 0usize;
    let mut too_long = false;
    loop {
        let chunk = r.fill_buf()?;
        if chunk.is_empty() {
            if total == 0 {
                return Ok(None);
            }
            break;
        }
        let (take, found) = match memchr_newline(chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        total += take;
        if !too_long {
            if buf.len() + take > limit + 1 {
                too_long = true;
                buf = Vec::new();
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        r.consume(take);
        if found {
            break;
        }
    }
    if too_long {
        return Ok(Some(Line::TooLong(total)));
    }
    while buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
        buf.pop();
    }
    Ok(Some(Line::Bytes(buf)))
}

fn memchr_newline(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

/// Split an HTTP response (as stored in a WARC response record) into its
/// content type and decoded body (chunked transfer and gzip content
/// encoding undone).
pub(crate) fn split_http_response(raw: &[u8]) -> Result<(String, Vec<u8>), String> {
    let header_end = find(raw, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| find(raw, b"\n\n").map(|i| (i, i + 2)))
        .ok_or("malformed HTTP response in WARC record: no end of headers")?;
    let head = String::from_utf8_lossy(&raw[..header_end.0]);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or("");
    if !status.starts_with("HTTP/") {
        return Err(format!(
            "malformed HTTP response in WARC record: status line {:?}",
            status.chars().take(40).collect::<String>()
        ));
    }
    let mut content_type = String::new();
    let mut chunked = false;
    let mut gzip = false;
    for l in lines {
        if let Some((k, v)) = l.split_once(':') {
            let k = k.trim().to_ascii_lowercase();
            let v = v.trim().to_ascii_lowercase();
            match k.as_str() {
                "content-type" => content_type = v,
                "transfer-encoding" => chunked = v.contains("chunked"),
                "content-encoding" => gzip = v.contains("gzip"),
                _ => {}
            }
        }
    }
    let mut body = raw[header_end.1..].to_vec();
    if chunked {
        body = dechunk(&body).ok_or("malformed chunked HTTP body in WARC record")?;
    }
    if gzip {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&body[..])
            .read_to_end(&mut out)
            .map_err(|e| format!("corrupt gzip HTTP body in WARC record: {e}"))?;
        body = out;
    }
    Ok((content_type, body))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = find(b, b"\r\n")?;
        let size_str = std::str::from_utf8(&b[..line_end]).ok()?;
        let size = usize::from_str_radix(size_str.split(';').next()?.trim(), 16).ok()?;
        b = &b[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        if b.len() < size {
            return None;
        }
        out.extend_from_slice(&b[..size]);
        b = b.get(size + 2..).unwrap_or(&[]);
    }
}
