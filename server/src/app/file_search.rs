//! File search by name (`POST /files/search`, `POST /teams/{id}/files/search`): words match
//! anywhere in the name, `ext:` limits the extension, and only files on posts in channels the
//! caller is a member of are found.

use serde::Deserialize;

use super::{App, Caller, Error, Result};
use crate::model::{FileInfoList, is_valid_id};
use crate::store::FileSearch;

const MAX_TERMS_CHARS: usize = 1000;
const MAX_WORDS: usize = 20;
/// Deepest page served, keeping `page * per_page` small.
const MAX_PAGE: i64 = 10_000;

/// The search body. Other fields clients send (`time_zone_offset`, ...) are ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FileSearchRequest {
    pub terms: String,
    pub is_or_search: bool,
    pub page: i64,
    pub per_page: Option<i64>,
}

/// Splits terms into lower-case name words and extensions. Quoted phrases stay one word;
/// other `name:value` modifiers (`from:`, `in:`, dates) are not supported for files and skipped.
fn parse_terms(terms: &str) -> (Vec<String>, Vec<String>) {
    let (mut words, mut extensions) = (vec![], vec![]);
    let mut rest = terms.trim();
    while !rest.is_empty() {
        let (token, tail) = match rest.strip_prefix('"') {
            Some(quoted) => quoted.split_once('"').unwrap_or((quoted, "")),
            None => rest.split_once(char::is_whitespace).unwrap_or((rest, "")),
        };
        rest = tail.trim_start();
        let token = token.trim().to_lowercase();
        if let Some(ext) = token.strip_prefix("ext:") {
            extensions.push(ext.trim_start_matches('.').to_owned());
        } else if !token.is_empty() && !token.contains(':') {
            words.push(token.trim_end_matches('*').to_owned());
        }
    }
    words.retain(|w| !w.is_empty());
    words.truncate(MAX_WORDS);
    extensions.truncate(MAX_WORDS);
    (words, extensions)
}

impl App {
    /// Files whose names match `req`, newest first, from channels the caller belongs to (in
    /// `team_id` and direct/group channels when given).
    pub async fn search_files(
        &self,
        caller: &Caller,
        team_id: Option<&str>,
        req: FileSearchRequest,
    ) -> Result<FileInfoList> {
        if let Some(team_id) = team_id {
            if !is_valid_id(team_id) {
                return Err(Error::invalid_param("team_id"));
            }
            self.require_team_member(caller, team_id).await?;
        }
        if req.terms.chars().count() > MAX_TERMS_CHARS {
            return Err(Error::invalid_param("terms"));
        }
        if !(0..=MAX_PAGE).contains(&req.page) {
            return Err(Error::invalid_param("page"));
        }
        let (words, extensions) = parse_terms(&req.terms);
        if words.is_empty() && extensions.is_empty() {
            return Ok(FileInfoList::default());
        }
        let limit = super::post_lists::per_page(req.per_page);
        let files = self
            .store
            .search_files(&FileSearch {
                user_id: caller.user.id.clone(),
                team_id: team_id.map(str::to_owned),
                words,
                is_or: req.is_or_search,
                extensions,
                offset: req.page * limit,
                limit,
            })
            .await?;
        Ok(FileInfoList {
            order: files.iter().map(|f| f.id.clone()).collect(),
            file_infos: files.into_iter().map(|f| (f.id.clone(), f)).collect(),
            ..FileInfoList::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::parse_terms;

    #[test]
    fn terms_split_into_words_and_extensions() {
        let (words, exts) = parse_terms(r#"Budget "q3 plan" ext:.PDF from:bob draft*"#);
        assert_eq!(words, ["budget", "q3 plan", "draft"]);
        assert_eq!(exts, ["pdf"]);
        assert_eq!(parse_terms("  ").0.len(), 0);
    }
}
