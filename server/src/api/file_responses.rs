//! Sending stored files: single HTTP byte ranges (206, `Content-Range`, 416), and the headers
//! that keep uploaded content from running in our origin: only sniffed images, audio and video
//! are shown inline, everything else is an attachment, always with `nosniff` and a sandboxing CSP.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio_util::io::ReaderStream;

use super::error_response;
use crate::app::{App, Result};
use crate::files::names::is_inline;

/// Read from disk and sent in pieces of this size: each piece costs a trip to the blocking
/// pool, and 64 KiB pieces held a 2 GiB download to half the speed of 512 KiB ones. It is also
/// the memory one download holds.
const SEND_CHUNK: usize = 512 * 1024;
/// A sandbox with nothing allowed: an HTML or SVG file opened directly cannot run script, load
/// anything, or be framed.
const CSP: &str = "sandbox; default-src 'none'; frame-ancestors 'none'";

/// Which bytes of a `size`-byte file a `Range` header asks for.
#[derive(Debug, PartialEq)]
pub enum Wanted {
    /// No usable range (none, another unit, several ranges): the whole file.
    All,
    /// Bytes `start..=end`.
    Part(u64, u64),
    /// A byte range that cannot be served: 416.
    Unsatisfiable,
}

pub fn parse_range(header: Option<&str>, size: u64) -> Wanted {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Wanted::All;
    };
    if spec.contains(',') {
        return Wanted::All;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return Wanted::Unsatisfiable;
    };
    let (first, last) = (first.trim(), last.trim());
    let number = |s: &str| s.parse::<u64>().ok();
    let range = if first.is_empty() {
        number(last)
            .filter(|&n| n > 0 && size > 0)
            .map(|n| (size.saturating_sub(n), size - 1))
    } else {
        match (number(first), last.is_empty()) {
            (Some(start), true) => Some((start, size.saturating_sub(1))),
            (Some(start), false) => {
                number(last).map(|end| (start, end.min(size.saturating_sub(1))))
            }
            (None, _) => None,
        }
        .filter(|&(start, end)| start < size && start <= end)
    };
    range.map_or(Wanted::Unsatisfiable, |(start, end)| {
        Wanted::Part(start, end)
    })
}

/// `attachment` or `inline`, with the name in both the plain and the RFC 5987 form.
fn disposition(name: &str, attachment: bool) -> HeaderValue {
    let kind = if attachment { "attachment" } else { "inline" };
    let ascii: String = name
        .chars()
        .map(|c| match c {
            ' '..='~' if c != '"' && c != '\\' => c,
            _ => '_',
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    HeaderValue::from_str(&format!(
        "{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// What to send: a stored file with the type and name to send it under.
pub struct Download<'a> {
    pub key: &'a str,
    pub mime_type: &'a str,
    pub name: &'a str,
    /// The client asked for a download (`?download=1`).
    pub force_attachment: bool,
}

impl Download<'_> {
    /// Streams the file (or the requested range of it) from the store.
    pub async fn send(self, app: &App, request: &HeaderMap) -> Result<Response> {
        let size = app.stored_size(self.key).await?;
        let range = request.get(header::RANGE).and_then(|v| v.to_str().ok());
        let (status, start, end) = match parse_range(range, size) {
            Wanted::All => (StatusCode::OK, 0, size),
            Wanted::Part(start, end) => (StatusCode::PARTIAL_CONTENT, start, end + 1),
            Wanted::Unsatisfiable => {
                let mut response = error_response(
                    StatusCode::RANGE_NOT_SATISFIABLE,
                    "api.file.get_file.range.app_error",
                    "The requested range is not satisfiable.",
                );
                response.headers_mut().insert(
                    header::CONTENT_RANGE,
                    header_value(format!("bytes */{size}")),
                );
                return Ok(response);
            }
        };
        let reader = app.file_reader(self.key, start, end - start).await?;
        let body = Body::from_stream(ReaderStream::with_capacity(reader, SEND_CHUNK));
        let attachment = self.force_attachment || !is_inline(self.mime_type);
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            header_value(self.mime_type.to_owned()),
        );
        headers.insert(
            header::CONTENT_LENGTH,
            header_value((end - start).to_string()),
        );
        headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
        headers.insert(
            header::CONTENT_DISPOSITION,
            disposition(self.name, attachment),
        );
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, max-age=86400"),
        );
        if status == StatusCode::PARTIAL_CONTENT {
            let value = format!("bytes {start}-{}/{size}", end - 1);
            headers.insert(header::CONTENT_RANGE, header_value(value));
        }
        Ok(response)
    }
}

fn header_value(s: String) -> HeaderValue {
    HeaderValue::from_str(&s)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(parse_range(None, 10), Wanted::All);
        assert_eq!(parse_range(Some("bytes=0-3"), 10), Wanted::Part(0, 3));
        assert_eq!(parse_range(Some("bytes=4-"), 10), Wanted::Part(4, 9));
        assert_eq!(parse_range(Some("bytes=-3"), 10), Wanted::Part(7, 9));
        assert_eq!(parse_range(Some("bytes=-30"), 10), Wanted::Part(0, 9));
        assert_eq!(parse_range(Some("bytes=5-100"), 10), Wanted::Part(5, 9));
        assert_eq!(parse_range(Some("bytes=10-"), 10), Wanted::Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=5-2"), 10), Wanted::Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=x-2"), 10), Wanted::Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=-0"), 10), Wanted::Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=0-1,4-5"), 10), Wanted::All);
        assert_eq!(parse_range(Some("items=0-1"), 10), Wanted::All);
    }

    #[test]
    fn dispositions_quote_safely() {
        let v = disposition("a \"b\".html", true);
        assert_eq!(
            v.to_str().unwrap(),
            "attachment; filename=\"a _b_.html\"; filename*=UTF-8''a%20%22b%22.html"
        );
        assert!(
            disposition("ü.png", false)
                .to_str()
                .unwrap()
                .starts_with("inline")
        );
    }
}
