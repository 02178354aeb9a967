//! Mattermost's post search syntax, parsed without I/O: words, `"exact phrases"`, `-excluded`
//! words and phrases, `prefix*`, `#hashtags`, and the filters `from:`, `in:` (`channel:`,
//! `in:@username` for a direct channel), `before:`, `after:` and `on:`, each filter negatable
//! with `-`. Also the policy that picks how each term is matched (substring or whole words), and
//! which words of a found message matched, for the results' `matches`.

use super::mentions::parse_hashtags;
use crate::store::TextMatch;

/// Most terms and filters in one search: each becomes a condition in one SQL query.
pub const MAX_TERMS: usize = 32;
/// Terms shorter than this many characters cannot use the trigram index, so outside
/// Chinese, Japanese and Korean text they are matched as whole words.
pub const MIN_SUBSTRING_CHARS: usize = 3;

/// A parsed search.
#[derive(Debug, Default, PartialEq)]
pub struct SearchQuery {
    /// Terms a post must contain (all of them, or any with `is_or_search`).
    pub terms: Vec<Term>,
    /// Terms a post must not contain.
    pub excluded: Vec<Term>,
    /// `from:` usernames (lower case, without `@`); several mean any of them.
    pub from: Vec<String>,
    pub not_from: Vec<String>,
    /// `in:` channel names, or `@username` for the direct channel with that user.
    pub in_channels: Vec<String>,
    pub not_in_channels: Vec<String>,
    pub on: Option<Day>,
    pub before: Option<Day>,
    pub after: Option<Day>,
}

impl SearchQuery {
    /// Nothing to search for: Mattermost answers such a search with no results.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
            && self.excluded.is_empty()
            && self.from.is_empty()
            && self.not_from.is_empty()
            && self.in_channels.is_empty()
            && self.not_in_channels.is_empty()
            && self.on.is_none()
            && self.before.is_none()
            && self.after.is_none()
    }

    /// Posts created in `[from, until)` (milliseconds), from `on:`, `after:` and `before:` in a
    /// time zone `offset_secs` east of UTC. `after:` and `before:` exclude the day named.
    pub fn time_range(&self, offset_secs: i64) -> (Option<i64>, Option<i64>) {
        let start = |day: Day| (day.0 * 86_400 - offset_secs) * 1000;
        let from = [self.on.map(start), self.after.map(|d| start(Day(d.0 + 1)))]
            .into_iter()
            .flatten()
            .max();
        let until = [self.on.map(|d| start(Day(d.0 + 1))), self.before.map(start)]
            .into_iter()
            .flatten()
            .min();
        (from, until)
    }
}

/// A calendar day, as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Day(pub i64);

impl Day {
    /// `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Day> {
        let mut parts = text.splitn(3, '-');
        let mut number = || parts.next()?.parse::<i32>().ok();
        let (year, month, day) = (number()?, number()?, number()?);
        let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
        let date = time::Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
        Some(Day(i64::from(date.to_julian_day()) - UNIX_EPOCH_JULIAN_DAY))
    }
}

const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;

/// One text term.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub text: String,
    pub kind: TermKind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TermKind {
    Word,
    Phrase,
    /// `word*`: words starting with the text.
    Prefix,
    /// `#tag`: the post carries this hashtag.
    Hashtag,
}

/// Why a search cannot run.
#[derive(Debug, PartialEq)]
pub enum ParseError {
    /// A `before:`, `after:` or `on:` value that is not `YYYY-MM-DD`.
    BadDate(String),
    TooManyTerms,
}

/// Parses Mattermost's search syntax. Unbalanced quotes are ignored; punctuation around words is
/// dropped; a `-` inside a word is part of it.
pub fn parse(input: &str) -> Result<SearchQuery, ParseError> {
    let mut query = SearchQuery::default();
    let mut count = 0;
    for token in tokens(input) {
        count += 1;
        if count > MAX_TERMS {
            return Err(ParseError::TooManyTerms);
        }
        let (excluded, body) = token;
        match body {
            Token::Phrase(text) => {
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if text.chars().any(char::is_alphanumeric) {
                    let term = Term {
                        text,
                        kind: TermKind::Phrase,
                    };
                    push(&mut query.terms, &mut query.excluded, excluded, term);
                }
            }
            Token::Word(word) => add_word(&mut query, excluded, &word)?,
        }
    }
    Ok(query)
}

fn push<T>(include: &mut Vec<T>, exclude: &mut Vec<T>, excluded: bool, item: T) {
    if excluded {
        exclude.push(item);
    } else {
        include.push(item);
    }
}

/// A word: a filter, a hashtag, a prefix or a plain word.
fn add_word(query: &mut SearchQuery, excluded: bool, word: &str) -> Result<(), ParseError> {
    if let Some((key, value)) = word.split_once(':') {
        let value = trim_punctuation(value);
        let key = key.to_lowercase();
        match key.as_str() {
            "from" | "in" | "channel" if value.is_empty() => return Ok(()),
            "from" => {
                let name = value.trim_start_matches('@').to_lowercase();
                push(&mut query.from, &mut query.not_from, excluded, name);
                return Ok(());
            }
            "in" | "channel" => {
                let name = value.trim_start_matches('~').to_lowercase();
                let (inc, exc) = (&mut query.in_channels, &mut query.not_in_channels);
                push(inc, exc, excluded, name);
                return Ok(());
            }
            "on" | "before" | "after" => {
                let day = Day::parse(value).ok_or_else(|| ParseError::BadDate(word.into()))?;
                // A negated date means nothing in Mattermost's syntax either: ignored.
                if !excluded {
                    let slot = match key.as_str() {
                        "on" => &mut query.on,
                        "before" => &mut query.before,
                        _ => &mut query.after,
                    };
                    *slot = Some(day);
                }
                return Ok(());
            }
            _ => {}
        }
    }
    let prefix = word.trim_end_matches(is_quote).ends_with('*');
    let cleaned: String = word
        .chars()
        .filter(|c| *c != '*' && !is_quote(*c))
        .collect();
    let text = trim_punctuation(&cleaned);
    if text.is_empty() {
        return Ok(());
    }
    let kind = if text.starts_with('#') && parse_hashtags(text) == text {
        TermKind::Hashtag
    } else if prefix {
        TermKind::Prefix
    } else {
        TermKind::Word
    };
    let term = Term {
        text: text.to_owned(),
        kind,
    };
    push(&mut query.terms, &mut query.excluded, excluded, term);
    Ok(())
}

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Phrase(String),
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„')
}

/// Splits the input into `(excluded, token)` pairs: whitespace-separated words, and quoted
/// phrases (a quote opens a phrase only at the start of a word and only if it is closed later).
fn tokens(input: &str) -> Vec<(bool, Token)> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let excluded = chars[i] == '-' && chars.get(i + 1).is_some_and(|c| !c.is_whitespace());
        let start = i + usize::from(excluded);
        let closing = is_quote(chars[start])
            .then(|| chars[start + 1..].iter().position(|c| is_quote(*c)))
            .flatten();
        if let Some(len) = closing {
            let phrase: String = chars[start + 1..start + 1 + len].iter().collect();
            out.push((excluded, Token::Phrase(phrase)));
            i = start + len + 2;
            continue;
        }
        let end = chars[start..]
            .iter()
            .position(|c| c.is_whitespace())
            .map_or(chars.len(), |n| start + n);
        let word: String = chars[start..end].iter().collect();
        out.push((excluded, Token::Word(word)));
        i = end;
    }
    out
}

/// Drops sentence punctuation (ASCII and CJK) and dashes around a word; `#`, `@`, `+` and
/// everything inside the word stay.
fn trim_punctuation(word: &str) -> &str {
    word.trim_matches(|c: char| {
        matches!(
            c,
            '.' | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '('
                | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '<'
                | '>'
                | '\''
                | '‘'
                | '’'
                | '-'
                | '。'
                | '、'
                | '，'
                | '！'
                | '？'
                | '：'
                | '；'
                | '「'
                | '」'
                | '『'
                | '』'
                | '（'
                | '）'
                | '【'
                | '】'
        ) || is_quote(c)
    })
}

/// Characters of scripts written without spaces between words (Chinese, Japanese, Korean,
/// Thai), where a "word" can only be found as a substring.
pub fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0E7F         // Thai
        | 0x1100..=0x11FF       // Hangul Jamo
        | 0x3040..=0x30FF       // Hiragana, Katakana
        | 0x3130..=0x318F       // Hangul compatibility Jamo
        | 0x31F0..=0x31FF       // Katakana extensions
        | 0x3400..=0x4DBF       // CJK extension A
        | 0x4E00..=0x9FFF       // CJK unified ideographs
        | 0xAC00..=0xD7AF       // Hangul syllables
        | 0xF900..=0xFAFF       // CJK compatibility ideographs
        | 0xFF66..=0xFF9F       // half-width Katakana
        | 0x20000..=0x2FA1F     // CJK extensions B and later
    )
}

fn has_unspaced_script(text: &str) -> bool {
    text.chars().any(is_unspaced_script)
}

impl Term {
    /// How the store finds this term. Words of 3 or more characters, and any term in Chinese,
    /// Japanese or Korean, are substrings (found inside longer words, through the trigram
    /// index). Shorter words are whole words, so `go` does not match every `going`; phrases are
    /// words in sequence with punctuation ignored; `prefix*` matches the start of words.
    pub fn text_match(&self) -> TextMatch {
        let text = self.text.clone();
        let unspaced = has_unspaced_script(&text);
        let alphanumeric = text.chars().any(char::is_alphanumeric);
        match self.kind {
            TermKind::Hashtag => TextMatch::Hashtag(text.to_lowercase()),
            _ if unspaced || !alphanumeric => TextMatch::Substring(text),
            TermKind::Prefix => TextMatch::Prefix(text),
            TermKind::Phrase => TextMatch::Words(text),
            TermKind::Word if text.chars().count() >= MIN_SUBSTRING_CHARS => {
                TextMatch::Substring(text)
            }
            TermKind::Word => TextMatch::Words(text),
        }
    }
}

/// The words of `message` that made it match `terms`, as written in the message, for
/// highlighting (Mattermost's `matches`).
pub fn matched_words(message: &str, terms: &[Term]) -> Vec<String> {
    let words: Vec<&str> = message
        .split_whitespace()
        .map(trim_punctuation)
        .filter(|w| !w.is_empty())
        .collect();
    let lower_message = message.to_lowercase();
    let mut found: Vec<String> = Vec::new();
    let mut add = |w: &str| {
        if !found.iter().any(|f| f == w) {
            found.push(w.to_owned());
        }
    };
    for term in terms {
        let needle = term.text.to_lowercase();
        match term.text_match() {
            TextMatch::Substring(_) if has_unspaced_script(&needle) => {
                if lower_message.contains(&needle) {
                    add(&term.text);
                }
            }
            TextMatch::Substring(_) => words
                .iter()
                .filter(|w| w.to_lowercase().contains(&needle))
                .for_each(|w| add(w)),
            TextMatch::Prefix(_) => words
                .iter()
                .filter(|w| w.to_lowercase().starts_with(&needle))
                .for_each(|w| add(w)),
            TextMatch::Words(_) if term.kind == TermKind::Phrase => add(&term.text),
            TextMatch::Words(_) | TextMatch::Hashtag(_) => words
                .iter()
                .filter(|w| w.to_lowercase() == needle)
                .for_each(|w| add(w)),
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Term {
        Term {
            text: text.into(),
            kind: TermKind::Word,
        }
    }
    fn phrase(text: &str) -> Term {
        Term {
            text: text.into(),
            kind: TermKind::Phrase,
        }
    }
    fn terms(input: &str) -> Vec<Term> {
        parse(input).unwrap().terms
    }

    #[test]
    fn words_and_phrases() {
        assert_eq!(terms("hello  world"), vec![word("hello"), word("world")]);
        assert_eq!(
            terms(r#"say "exact  phrase" now"#),
            vec![word("say"), phrase("exact phrase"), word("now")]
        );
        assert_eq!(terms("“smart quotes”"), vec![phrase("smart quotes")]);
        assert_eq!(terms(r#""""#), vec![]);
    }

    #[test]
    fn unbalanced_quotes_are_ignored() {
        assert_eq!(terms(r#""open ended"#), vec![word("open"), word("ended")]);
        assert_eq!(terms(r#"closed" only"#), vec![word("closed"), word("only")]);
        assert_eq!(
            terms(r#"a "b c" "d"#),
            vec![word("a"), phrase("b c"), word("d")]
        );
        assert_eq!(terms(r#"don"t"#), vec![word("dont")]);
    }

    #[test]
    fn exclusions_and_dashes() {
        let q = parse(r#"deploy -staging -"old server" foo-bar - x- -"#).unwrap();
        assert_eq!(q.terms, vec![word("deploy"), word("foo-bar"), word("x")]);
        assert_eq!(q.excluded, vec![word("staging"), phrase("old server")]);
        assert_eq!(parse("--double").unwrap().excluded, vec![word("double")]);
    }

    #[test]
    fn prefixes_and_hashtags() {
        let q = parse("dep* -#wip #Release #1x #a *").unwrap();
        let kinds: Vec<_> = q.terms.iter().map(|t| (t.text.as_str(), t.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                ("dep", TermKind::Prefix),
                ("#Release", TermKind::Hashtag),
                ("#1x", TermKind::Word),
                ("#a", TermKind::Word),
            ]
        );
        assert_eq!(q.excluded[0].kind, TermKind::Hashtag);
    }

    #[test]
    fn filters() {
        let q = parse("from:@Bob from:carol -from:dave in:town-square channel:~dev in:@bob -in:off-topic from:")
            .unwrap();
        assert_eq!(q.from, vec!["bob", "carol"]);
        assert_eq!(q.not_from, vec!["dave"]);
        assert_eq!(q.in_channels, vec!["town-square", "dev", "@bob"]);
        assert_eq!(q.not_in_channels, vec!["off-topic"]);
        assert!(q.terms.is_empty());
        assert!(parse("http://example.com").unwrap().terms.len() == 1);
    }

    #[test]
    fn dates_and_time_zones() {
        let q = parse("on:2024-03-10").unwrap();
        let day = 1_710_028_800_000; // 2024-03-10T00:00:00Z
        assert_eq!(q.time_range(0), (Some(day), Some(day + 86_400_000)));
        // UTC+2: the local day starts two hours earlier in UTC.
        assert_eq!(
            q.time_range(7200),
            (Some(day - 7_200_000), Some(day + 79_200_000))
        );
        let q = parse("after:2024-03-09 before:2024-03-11").unwrap();
        assert_eq!(q.time_range(0), (Some(day), Some(day + 86_400_000)));
        assert_eq!(
            parse("on:2024-02-30"),
            Err(ParseError::BadDate("on:2024-02-30".into()))
        );
        assert!(parse("before:yesterday").is_err());
        assert!(parse("-before:2024-01-01").unwrap().is_empty());
    }

    #[test]
    fn unicode() {
        assert_eq!(
            terms("東京都に行きました。 「会議」 Überweisung"),
            vec![
                word("東京都に行きました"),
                word("会議"),
                word("Überweisung")
            ]
        );
        assert_eq!(terms("\"会議 室\""), vec![phrase("会議 室")]);
    }

    #[test]
    fn limits_and_empty() {
        assert!(parse("").unwrap().is_empty());
        assert!(parse("  ... ,, ").unwrap().is_empty());
        let many = "w ".repeat(MAX_TERMS + 1);
        assert_eq!(parse(&many), Err(ParseError::TooManyTerms));
    }

    #[test]
    fn match_policy() {
        let m = |input: &str| terms(input)[0].text_match();
        assert_eq!(m("port"), TextMatch::Substring("port".into()));
        assert_eq!(m("go"), TextMatch::Words("go".into()));
        assert_eq!(m("会議"), TextMatch::Substring("会議".into()));
        assert_eq!(m("\"big deal\""), TextMatch::Words("big deal".into()));
        assert_eq!(m("dep*"), TextMatch::Prefix("dep".into()));
        assert_eq!(m("東京*"), TextMatch::Substring("東京".into()));
        assert_eq!(m("#Rust"), TextMatch::Hashtag("#rust".into()));
        assert_eq!(m("++"), TextMatch::Substring("++".into()));
    }

    #[test]
    fn matched_words_for_highlighting() {
        let q = parse("port dep* go \"big deal\" #rust 会議").unwrap();
        let message = "Passport and Deployment: go, going #Rust, big deal! 明日の会議室";
        assert_eq!(
            matched_words(message, &q.terms),
            vec!["Passport", "Deployment", "go", "big deal", "#Rust", "会議"]
        );
    }
}
