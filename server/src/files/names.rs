//! What an uploaded file is called and what it contains: names cleaned of paths and control
//! characters, extensions, and MIME types sniffed from the bytes (the client's word is not trusted).

/// Longest file name kept, in bytes (Mattermost's limit too).
pub const MAX_NAME_BYTES: usize = 255;
/// Bytes of the start of a file kept for sniffing and reading image dimensions.
pub const HEAD_BYTES: usize = 64 * 1024;

/// The last path segment of `name` without control characters, trimmed, at most
/// [`MAX_NAME_BYTES`]; `None` if nothing usable is left.
pub fn sanitize_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim().trim_start_matches('.').trim();
    if clean.is_empty() {
        return None;
    }
    let mut end = clean.len().min(MAX_NAME_BYTES);
    while !clean.is_char_boundary(end) {
        end -= 1;
    }
    Some(clean[..end].to_owned())
}

/// The lower-case extension of `name` without the dot, or empty.
pub fn extension(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 32 => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// The MIME type of a file from its first bytes; text formats that carry no signature fall back
/// to the extension (and are never served inline, see [`is_inline`]).
pub fn sniff_mime(head: &[u8], extension: &str) -> String {
    if let Some(kind) = infer::get(head) {
        return kind.mime_type().to_owned();
    }
    let by_extension = match extension {
        "txt" | "log" | "md" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "css" => "text/css",
        "js" => "text/javascript",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    };
    by_extension.to_owned()
}

/// Whether a file may be shown in the page rather than downloaded: only media whose type was
/// sniffed from its bytes. SVG can carry script, so it is always an attachment.
pub fn is_inline(mime: &str) -> bool {
    (mime.starts_with("image/") || mime.starts_with("audio/") || mime.starts_with("video/"))
        && mime != "image/svg+xml"
}

/// Image types Hearth makes thumbnails and previews for.
pub fn has_preview(mime: &str) -> bool {
    matches!(
        mime,
        "image/jpeg" | "image/png" | "image/gif" | "image/webp"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_paths_and_control_characters() {
        assert_eq!(sanitize_name("../../etc/passwd").unwrap(), "passwd");
        assert_eq!(sanitize_name("C:\\docs\\a\tb.txt").unwrap(), "ab.txt");
        assert_eq!(sanitize_name(" .hidden ").unwrap(), "hidden");
        assert!(sanitize_name("dir/").is_none());
        assert!(sanitize_name("..").is_none());
        let long = "é".repeat(200);
        let cut = sanitize_name(&long).unwrap();
        assert!(cut.len() <= MAX_NAME_BYTES && cut.chars().all(|c| c == 'é'));
    }

    #[test]
    fn extensions_and_types() {
        assert_eq!(extension("Report.PDF"), "pdf");
        assert_eq!(extension("README"), "");
        assert_eq!(extension(".bashrc"), "");
        let png = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
        assert_eq!(sniff_mime(&png, "txt"), "image/png");
        assert_eq!(sniff_mime(b"<html><script>", "png"), "text/html");
        assert_eq!(
            sniff_mime(b"plain words", "exe"),
            "application/octet-stream"
        );
        assert_eq!(sniff_mime(b"<html>", "html"), "text/html");
        assert!(is_inline("video/mp4") && !is_inline("text/html") && !is_inline("image/svg+xml"));
    }
}
