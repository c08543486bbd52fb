//! The search field's filter language, as pure functions over [`ImageSummary`] lists.
//!
//! One field takes free text and filter terms, separated by whitespace (double quotes keep
//! a value with spaces together: `label=com.example.note="two words"`):
//!
//! - free text matches what a card shows, as `docker images | grep` matches what a row shows:
//!   tags (repository and tag) case-insensitively as substrings, and image IDs as prefixes
//!   (`3f2a`, `sha256:3f2a`); also the `<none>` `docker images` prints for a repository
//!   without a tag (`repo:<none>`, as the card names a digest-only image) and the
//!   `<none>:<none>` of an image without tag or digest, so `<none>` finds what
//!   `docker images | grep "<none>"` finds. Digests only for text that reads as one (with
//!   `@` or starting `sha256:`): `22` typed for `node:22` would otherwise find one image in
//!   five by its digest's hex. Labels only through `label=`: an image built `FROM nginx`
//!   carries nginx's maintainer label, and `nginx` must not find it;
//! - docker's own keys, with the engine's semantics (daemon/images `Images` in moby; for
//!   `dangling=`, also the containerd store's, where a pull by digest is a name):
//!   `dangling=true|false|1|0` (exactly: docker's `GetBoolOrDefault`), `label=key`,
//!   `label=key=value`, `reference=<glob>`, `before=<image>`, `since=<image>`;
//! - Imagen's keys: `in-use=true|false|1|0` (any case), `size>100MB`, `size<1GB` (also `>=`
//!   and `<=`).
//!
//! Terms of different keys, and free-text terms, all have to hold. Several `label=` terms
//! must all hold; several `reference=` terms match when any of them does. Keys are
//! case-insensitive; values are compared as docker compares them (exactly). An unknown key
//! or a malformed term is a [`FilterError`], never ignored.
//!
//! `ui/src/lib/images/filter.ts` is a port of this module that the UI runs on every
//! keystroke; `tests/filter-vectors.json` holds the cases both must agree on.

use super::glob::glob_match;
use super::ImageSummary;
use serde::Serialize;

/// The keys the field accepts, in the order error messages list them.
const KEYS: &[&str] = &[
    "dangling",
    "label",
    "reference",
    "before",
    "since",
    "in-use",
    "size",
];

/// The keys the filter language accepts (`size` is written with `>`, `<`, `>=` or `<=`).
pub fn valid_keys() -> &'static [&'static str] {
    KEYS
}

/// Largest integer a JavaScript number holds exactly: size bounds are clamped to it so the
/// TypeScript port compares the same numbers.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// A parsed search: every part must hold for an image to match.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Free-text terms, lowercased; each must match.
    pub text: Vec<String>,
    /// `dangling=`: `true` keeps untagged images that no digest names (`digest_named`),
    /// `false` keeps images with a tag or digest.
    pub dangling: Option<bool>,
    /// `label=` terms; each must match.
    pub labels: Vec<LabelTerm>,
    /// `reference=` glob patterns; any may match.
    pub references: Vec<String>,
    /// `before=` image references; the image must be older than each.
    pub before: Vec<String>,
    /// `since=` image references; the image must be newer than each.
    pub since: Vec<String>,
    /// `in-use=`: whether any container (running or stopped) uses the image.
    pub in_use: Option<bool>,
    /// `size>` / `size<` bounds; each must hold.
    pub sizes: Vec<SizeBound>,
}

impl Query {
    /// True when the query keeps every image.
    pub fn is_empty(&self) -> bool {
        *self == Query::default()
    }
}

/// `label=key` (any value) or `label=key=value` (exactly that value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelTerm {
    /// The label key, compared exactly.
    pub key: String,
    /// The value it must have, if one was given (`label=key=` asks for an empty value).
    pub value: Option<String>,
}

/// How a `size` term compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// `size>`
    Greater,
    /// `size>=`
    GreaterOrEqual,
    /// `size<`
    Less,
    /// `size<=`
    LessOrEqual,
}

/// A size term, normalised to whole bytes: `size>1.5kB` keeps sizes above 1500 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeBound {
    /// The comparison.
    pub comparison: Comparison,
    /// The bound in bytes (fractions of a byte already rounded so the result is exact).
    pub bytes: u64,
}

impl SizeBound {
    fn holds(&self, size: u64) -> bool {
        match self.comparison {
            Comparison::Greater => size > self.bytes,
            Comparison::GreaterOrEqual => size >= self.bytes,
            Comparison::Less => size < self.bytes,
            Comparison::LessOrEqual => size <= self.bytes,
        }
    }
}

/// Why a search cannot be run, as `{kind, …}`. The UI runs its TypeScript port of this
/// module, whose `FilterError` type is generated from this one (bindings.ts), and words
/// each kind identically.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind")]
pub enum FilterError {
    /// A `"` opened a value that never closes.
    #[error("A quoted value is missing its closing \".")]
    UnclosedQuote,
    /// A term names a key the language does not have (or none, as in `=x`).
    #[error("{}", unknown_key_message(.key, .valid))]
    UnknownKey {
        /// The key as typed, lowercased (empty for `=x`).
        key: String,
        /// Every valid key.
        valid: Vec<String>,
    },
    /// `label=`, `size>` and the like with nothing after the operator.
    #[error("“{key}” needs a value, as in {}.", example(.key))]
    EmptyValue {
        /// The key, lowercased.
        key: String,
    },
    /// `dangling=` or `in-use=` with something other than true, false, 1 or 0.
    #[error("{key} takes true, false, 1 or 0, not “{value}”.")]
    BadBool {
        /// `dangling` or `in-use`.
        key: String,
        /// The value as typed.
        value: String,
    },
    /// `dangling=true dangling=false` and the like: nothing can match.
    #[error("{key}=true and {key}=false cannot both hold.")]
    ConflictingValues {
        /// `dangling` or `in-use`.
        key: String,
    },
    /// `label==value`: a label term without a label key.
    #[error("“label={value}” needs a label name: label=key or label=key=value.")]
    BadLabel {
        /// The value after `label=`.
        value: String,
    },
    /// A `reference=` pattern Go's `path.Match` would reject (an unclosed `[`, a trailing `\`).
    #[error("“{pattern}” is not a valid pattern: check its [ ] classes and \\ escapes.")]
    BadPattern {
        /// The pattern as typed.
        pattern: String,
    },
    /// A `size` bound that is not a number with a decimal unit.
    #[error(
        "“{value}” is not a size: use a number with B, kB, MB, GB or TB, as in 100MB or 1.5GB."
    )]
    BadSize {
        /// The value after the operator.
        value: String,
    },
    /// `size=…` or `dangling>…`: a key with the operator it does not take.
    #[error("“{key}{operator}” is not a filter: write {}.", example(.key))]
    WrongOperator {
        /// The key, lowercased.
        key: String,
        /// The operator typed: `=`, `>`, `<`, `>=` or `<=`.
        operator: String,
    },
    /// `before=`/`since=` names no listed image (or an ID prefix several images share).
    #[error(
        "{key}=: no image “{reference}” here; use a name:tag, an image ID or a unique ID prefix."
    )]
    NoSuchImage {
        /// `before` or `since`.
        key: String,
        /// The reference as typed.
        reference: String,
    },
}

fn unknown_key_message(key: &str, valid: &[String]) -> String {
    let valid = valid.join(", ");
    if key.is_empty() {
        format!("A filter needs a name before “=”. Valid filters: {valid}.")
    } else {
        format!("Unknown filter “{key}”. Valid filters: {valid}.")
    }
}

fn example(key: &str) -> &'static str {
    match key {
        "dangling" => "dangling=true",
        "label" => "label=com.example.team or label=com.example.team=web",
        "reference" => "reference=nginx:*",
        "before" => "before=nginx:latest",
        "since" => "since=nginx:latest",
        "in-use" => "in-use=true",
        _ => "size>100MB or size<1GB",
    }
}

/// Whitespace as Rust's `char::is_whitespace` defines it (the TypeScript port lists the
/// same characters).
fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// One whitespace-separated token, quotes removed.
struct Token {
    text: String,
    /// The token began with `"`: it is free text even if it contains `=`.
    quoted: bool,
}

fn tokenize(text: &str) -> Result<Vec<Token>, FilterError> {
    let mut tokens = Vec::new();
    let mut current: Option<Token> = None;
    // How many commas, typed outside quotes, end the current token's text: a list pasted
    // as `nginx, alpine` is `nginx alpine`, and `label=env=prod,` asks for `prod`.
    let mut commas = 0;
    let mut finish = |current: &mut Option<Token>, commas: &mut usize| {
        if let Some(mut token) = current.take() {
            token.text.truncate(token.text.len() - *commas);
            tokens.push(token);
        }
        *commas = 0;
    };
    let mut in_quote = false;
    for c in text.chars() {
        if c == '"' {
            in_quote = !in_quote;
            current.get_or_insert_with(|| Token {
                text: String::new(),
                quoted: true,
            });
            commas = 0;
        } else if is_space(c) && !in_quote {
            finish(&mut current, &mut commas);
        } else {
            current
                .get_or_insert_with(|| Token {
                    text: String::new(),
                    quoted: false,
                })
                .text
                .push(c);
            commas = if !in_quote && c == ',' { commas + 1 } else { 0 };
        }
    }
    if in_quote {
        return Err(FilterError::UnclosedQuote);
    }
    finish(&mut current, &mut commas);
    Ok(tokens)
}

fn trim_space(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// `size`, `in-use`: what may stand before `>` or `<` for a token to be a comparison term.
fn is_key_word(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn unknown_key(key: String) -> FilterError {
    FilterError::UnknownKey {
        key,
        valid: KEYS.iter().map(|k| (*k).to_owned()).collect(),
    }
}

/// Parses what the user typed into a [`Query`].
///
/// A token containing `=` is a filter term `key=value`; so is `size>…`, `size<…`, `size>=…`
/// and `size<=…`. A token that starts with `"` and every other token is free text.
pub fn parse_query(text: &str) -> Result<Query, FilterError> {
    let mut query = Query::default();
    for token in tokenize(text)? {
        if token.quoted {
            push_text(&mut query, &token.text);
            continue;
        }
        let Some(at) = token.text.find(['=', '<', '>']) else {
            push_text(&mut query, &token.text);
            continue;
        };
        let key_typed = &token.text[..at];
        let rest = &token.text[at..];
        if let Some(value) = rest.strip_prefix('=') {
            let key = trim_space(key_typed).to_lowercase();
            parse_equals_term(&mut query, key, trim_space(value))?;
        } else if is_key_word(key_typed) {
            let key = key_typed.to_lowercase();
            let (operator, comparison) = if rest.starts_with(">=") {
                (">=", Comparison::GreaterOrEqual)
            } else if rest.starts_with("<=") {
                ("<=", Comparison::LessOrEqual)
            } else if rest.starts_with('>') {
                (">", Comparison::Greater)
            } else {
                ("<", Comparison::Less)
            };
            let value = &rest[operator.len()..];
            if key != "size" {
                return Err(if KEYS.contains(&key.as_str()) {
                    FilterError::WrongOperator {
                        key,
                        operator: operator.to_owned(),
                    }
                } else {
                    unknown_key(key)
                });
            }
            let value = trim_space(value);
            if value.is_empty() {
                return Err(FilterError::EmptyValue { key });
            }
            let bytes = parse_size(value, comparison).ok_or_else(|| FilterError::BadSize {
                value: value.to_owned(),
            })?;
            query.sizes.push(SizeBound { comparison, bytes });
        } else {
            // `<none>`, `maint@example.com>`: text, not an attempt at a filter.
            push_text(&mut query, &token.text);
        }
    }
    Ok(query)
}

fn push_text(query: &mut Query, typed: &str) {
    let text = familiar_text(typed);
    if !text.is_empty() {
        query.text.push(text.to_lowercase());
    }
}

/// Free text as the list names it: `docker.io/library/nginx:latest`, as `docker pull`
/// prints it, is `nginx:latest`; `docker.io/bitnami/redis` is `bitnami/redis`.
fn familiar_text(term: &str) -> &str {
    let Some(rest) = ["index.docker.io/", "docker.io/"]
        .iter()
        .find_map(|prefix| strip_prefix_ignore_case(term, prefix))
    else {
        return term;
    };
    match strip_prefix_ignore_case(rest, "library/") {
        Some(official) if !official.contains('/') => official,
        _ => rest,
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn parse_equals_term(query: &mut Query, key: String, value: &str) -> Result<(), FilterError> {
    if !KEYS.contains(&key.as_str()) {
        return Err(unknown_key(key));
    }
    if key == "size" {
        return Err(FilterError::WrongOperator {
            key,
            operator: "=".to_owned(),
        });
    }
    if value.is_empty() {
        return Err(FilterError::EmptyValue { key });
    }
    match key.as_str() {
        "dangling" | "in-use" => {
            let b = parse_bool(&key, value).ok_or_else(|| FilterError::BadBool {
                key: key.clone(),
                value: value.to_owned(),
            })?;
            let slot = if key == "dangling" {
                &mut query.dangling
            } else {
                &mut query.in_use
            };
            if slot.is_some_and(|old| old != b) {
                return Err(FilterError::ConflictingValues { key });
            }
            *slot = Some(b);
        }
        "label" => {
            // docker: strings.SplitN(value, "=", 2); the key is compared exactly.
            let (label, wanted) = match value.split_once('=') {
                Some((k, v)) => (k, Some(v.to_owned())),
                None => (value, None),
            };
            if label.is_empty() {
                return Err(FilterError::BadLabel {
                    value: value.to_owned(),
                });
            }
            query.labels.push(LabelTerm {
                key: label.to_owned(),
                value: wanted,
            });
        }
        "reference" => {
            let pattern: Vec<char> = value.chars().collect();
            if glob_match(&pattern, &[]).is_err() {
                return Err(FilterError::BadPattern {
                    pattern: value.to_owned(),
                });
            }
            query.references.push(value.to_owned());
        }
        "before" => query.before.push(value.to_owned()),
        _ => query.since.push(value.to_owned()),
    }
    Ok(())
}

/// A boolean as the engine reads `dangling=` (moby's `GetBoolOrDefault`): exactly `true`,
/// `false`, `1` or `0` (`TRUE` is an error there). `in-use=` is Imagen's own: `true` and
/// `false` in any case too.
fn parse_bool(key: &str, value: &str) -> Option<bool> {
    match value {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ if key == "in-use" && value.eq_ignore_ascii_case("true") => Some(true),
        _ if key == "in-use" && value.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// `100MB`, `1.5gb`, `512` (bytes): decimal units, case-insensitive. The bound is rounded
/// to whole bytes so that comparing whole sizes with it gives the exact answer.
fn parse_size(value: &str, comparison: Comparison) -> Option<u64> {
    let number_end = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(number_end);
    let multiplier: u128 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "tb" => 1_000_000_000_000,
        _ => return None,
    };
    let (whole, fraction) = match number.split_once('.') {
        Some((w, f)) => (w, f),
        None => (number, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !all_digits(whole)
        || !all_digits(fraction)
        || (number.contains('.') && fraction.is_empty())
        || fraction.len() > 18
    {
        return None;
    }
    let digits = |s: &str| -> u128 {
        s.bytes().fold(0u128, |n, b| {
            n.saturating_mul(10).saturating_add(u128::from(b - b'0'))
        })
    };
    let whole = digits(whole);
    let scale = 10u128.pow(fraction.len() as u32);
    let fraction_bytes = digits(fraction) * multiplier;
    let floor = whole
        .saturating_mul(multiplier)
        .saturating_add(fraction_bytes / scale);
    let exact = fraction_bytes.is_multiple_of(scale);
    // size > 1.5 ⇔ size > 1; size >= 1.5 ⇔ size >= 2; size < 1.5 ⇔ size < 2; size <= 1.5 ⇔ size <= 1.
    let bound = match comparison {
        Comparison::Greater | Comparison::LessOrEqual => floor,
        Comparison::GreaterOrEqual | Comparison::Less if exact => floor,
        Comparison::GreaterOrEqual | Comparison::Less => floor.saturating_add(1),
    };
    Some(u64::try_from(bound.min(u128::from(MAX_SAFE_INTEGER))).unwrap_or(MAX_SAFE_INTEGER))
}

/// The indices of the images the query keeps, in input order.
///
/// `before=`/`since=` are resolved among `images` the way the engine's `GetImage` resolves
/// them: a full ID (`sha256:…` or 64 hex digits) only as an ID; otherwise a name (`nginx`
/// means `nginx:latest`, `docker.io/library/` may be written or not) or `name@digest`, and
/// failing that an ID prefix that only one image has.
pub fn apply(query: &Query, images: &[ImageSummary]) -> Result<Vec<usize>, FilterError> {
    let mut before: Option<i64> = None;
    for reference in &query.before {
        let created = resolve("before", reference, images)?.created;
        before = Some(before.map_or(created, |b| b.min(created)));
    }
    let mut since: Option<i64> = None;
    for reference in &query.since {
        let created = resolve("since", reference, images)?.created;
        since = Some(since.map_or(created, |s| s.max(created)));
    }
    let patterns: Vec<Vec<char>> = query
        .references
        .iter()
        .map(|p| p.chars().collect())
        .collect();
    Ok(images
        .iter()
        .enumerate()
        .filter(|(_, image)| {
            before.is_none_or(|b| image.created < b)
                && since.is_none_or(|s| image.created > s)
                && keeps(query, &patterns, image)
        })
        .map(|(i, _)| i)
        .collect())
}

fn keeps(query: &Query, patterns: &[Vec<char>], image: &ImageSummary) -> bool {
    match query.dangling {
        // The engine drops every image with a tag from dangling=true. The classic store keeps
        // images that only have digests (a pulled image whose tag moved on) in both lists;
        // the containerd store and Podman drop one a digest names (a pull by digest) too.
        Some(true) if !image.tags.is_empty() || image.digest_named => return false,
        Some(false) if image.tags.is_empty() && image.digests.is_empty() => return false,
        _ => {}
    }
    let labels_hold = query.labels.iter().all(|term| {
        image
            .labels
            .get(&term.key)
            .is_some_and(|v| term.value.as_ref().is_none_or(|want| want == v))
    });
    if !labels_hold {
        return false;
    }
    if !patterns.is_empty() {
        let any = image
            .tags
            .iter()
            .chain(&image.digests)
            .any(|reference| matches_reference(patterns, reference));
        if !any {
            return false;
        }
    }
    if let Some(in_use) = query.in_use {
        if (image.containers.running + image.containers.stopped > 0) != in_use {
            return false;
        }
    }
    if !query.sizes.iter().all(|bound| bound.holds(image.size)) {
        return false;
    }
    if query.text.is_empty() {
        return true;
    }
    let haystack = haystack(image);
    let id = image.id.as_str().to_lowercase();
    let hex = id.split_once(':').map_or(id.as_str(), |(_, h)| h);
    query.text.iter().all(|term| {
        haystack.contains(term.as_str())
            || (digest_like(term)
                && image
                    .digests
                    .iter()
                    .any(|d| d.to_lowercase().contains(term.as_str())))
            || if term.starts_with("sha256:") {
                id.starts_with(term.as_str())
            } else {
                hex.starts_with(term.as_str())
            }
    })
}

/// Free text that reads as (part of) a digest, `nginx@sha256:…` or `sha256:…`: the only text
/// searched in digests, whose hex is on no card.
fn digest_like(term: &str) -> bool {
    term.contains('@') || term.starts_with("sha256:")
}

/// What free text searches, lowercased and NUL-separated: tags and the rows `docker images`
/// prints with TAG `<none>` (see [`untagged_rows`]).
fn haystack(image: &ImageSummary) -> String {
    let mut hay = String::new();
    let mut first = true;
    let mut push = |parts: [&str; 2]| {
        if !first {
            hay.push('\0');
        }
        first = false;
        hay.push_str(parts[0]);
        hay.push_str(parts[1]);
    };
    for reference in &image.tags {
        push([reference, ""]);
    }
    for row in untagged_rows(image) {
        push(row);
    }
    hay.to_lowercase()
}

/// The rows `docker images` prints with TAG `<none>` for an image (docker/cli's
/// `imageFormat`), as the card writes them (two pieces to concatenate): `repo:<none>` for each
/// repository the image has a digest in but no tag (a digest-only image's card is named so),
/// once each; `<none>:<none>` for an image with neither tag nor digest (REPOSITORY and TAG
/// `<none>`, as its card's chip says, which `<none>` finds too; the card is named
/// `<none>@<short id>`).
fn untagged_rows(image: &ImageSummary) -> impl Iterator<Item = [&str; 2]> {
    let nameless = image.tags.is_empty() && image.digests.is_empty();
    let repositories = image
        .digests
        .iter()
        .enumerate()
        .filter_map(move |(k, digest)| {
            let name = familiar_name(digest);
            let tagged = image.tags.iter().any(|tag| familiar_name(tag) == name);
            let again = image.digests[..k].iter().any(|d| familiar_name(d) == name);
            (!tagged && !again).then_some([name, ":<none>"])
        });
    nameless
        .then_some(["<none>:<none>", ""])
        .into_iter()
        .chain(repositories)
}

/// moby's `reference.FamiliarMatch`: the pattern against the familiar string
/// (`nginx:latest`, `repo@sha256:…`, as the engine lists it), then the familiar name.
fn matches_reference(patterns: &[Vec<char>], reference: &str) -> bool {
    let full: Vec<char> = reference.chars().collect();
    let name: Vec<char> = familiar_name(reference).chars().collect();
    patterns
        .iter()
        .any(|p| glob_match(p, &full).unwrap_or(false) || glob_match(p, &name).unwrap_or(false))
}

/// `localhost:5000/app:1.0` → `localhost:5000/app`; `repo@sha256:…` → `repo`.
fn familiar_name(reference: &str) -> &str {
    if let Some((name, _)) = reference.split_once('@') {
        return name;
    }
    match reference.rfind(':') {
        Some(colon) if !reference[colon..].contains('/') => &reference[..colon],
        _ => reference,
    }
}

/// The normalised familiar form of a typed reference, as the engine lists tags and digests:
/// `docker.io/library/nginx` → `nginx:latest`, `index.docker.io/u/app@sha256:…` →
/// `u/app@sha256:…`. Invalid input gives a string no listed reference equals.
fn familiar_lookup(input: &str) -> String {
    let (name_tag, digest) = match input.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (input, None),
    };
    // distribution/reference splitDockerDomain.
    let (domain, remainder) = match name_tag.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':'])
                || first == "localhost"
                || first.to_lowercase() != first =>
        {
            (first, rest)
        }
        _ => ("docker.io", name_tag),
    };
    let domain = if domain == "index.docker.io" {
        "docker.io"
    } else {
        domain
    };
    let (path, tag) = match remainder.split_once(':') {
        Some((p, t)) => (p, Some(t)),
        None => (remainder, None),
    };
    let name = if domain == "docker.io" {
        // familiarizeName: drop docker.io/ and a lone library/.
        match path.strip_prefix("library/") {
            Some(rest) if !rest.contains('/') => rest.to_owned(),
            _ => path.to_owned(),
        }
    } else {
        format!("{domain}/{path}")
    };
    match (digest, tag) {
        // The reference store looks a name:tag@digest up by its digest alone.
        (Some(digest), _) => format!("{name}@{digest}"),
        (None, Some(tag)) => format!("{name}:{tag}"),
        (None, None) => format!("{name}:latest"),
    }
}

fn is_lower_hex(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// moby's `GetImage`, over the listed images.
fn resolve<'a>(
    key: &str,
    reference: &str,
    images: &'a [ImageSummary],
) -> Result<&'a ImageSummary, FilterError> {
    let not_found = || FilterError::NoSuchImage {
        key: key.to_owned(),
        reference: reference.to_owned(),
    };
    let full_id = if reference.len() == 64 && is_lower_hex(reference) {
        Some(format!("sha256:{reference}"))
    } else {
        reference
            .strip_prefix("sha256:")
            .filter(|hex| hex.len() == 64 && is_lower_hex(hex))
            .map(|_| reference.to_owned())
    };
    if let Some(id) = full_id {
        // A full ID is looked up as an ID and nothing else.
        return images
            .iter()
            .find(|i| i.id.as_str() == id)
            .ok_or_else(not_found);
    }
    let familiar = familiar_lookup(reference);
    let by_name = images.iter().find(|i| {
        if familiar.contains('@') {
            i.digests.contains(&familiar)
        } else {
            i.tags.contains(&familiar)
        }
    });
    if let Some(image) = by_name {
        return Ok(image);
    }
    let prefix = reference.strip_prefix("sha256:").unwrap_or(reference);
    if prefix.is_empty() || !is_lower_hex(prefix) {
        return Err(not_found());
    }
    let mut found = images.iter().filter(|i| {
        let id = i.id.as_str();
        id.strip_prefix("sha256:").unwrap_or(id).starts_with(prefix)
    });
    match (found.next(), found.next()) {
        (Some(image), None) => Ok(image),
        _ => Err(not_found()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ContainerUsage, ImageId};
    use serde_json::Value;

    #[test]
    fn sizes_round_to_whole_bytes() {
        use Comparison::*;
        let bound = |v: &str, c| parse_size(v, c);
        assert_eq!(bound("100MB", Greater), Some(100_000_000));
        assert_eq!(bound("1.5gb", Less), Some(1_500_000_000));
        assert_eq!(bound("0.5B", Greater), Some(0));
        assert_eq!(bound("0.5B", GreaterOrEqual), Some(1));
        assert_eq!(bound("0.5B", Less), Some(1));
        assert_eq!(bound("0.5B", LessOrEqual), Some(0));
        assert_eq!(bound("512", Greater), Some(512));
        assert_eq!(
            bound("99999999999999999999999TB", Less),
            Some(MAX_SAFE_INTEGER)
        );
        for bad in [
            "12XB", "1..5GB", "GB", ".5GB", "5.GB", "-1", "1e3", "1 GB", "1.5MiB",
        ] {
            assert_eq!(bound(bad, Greater), None, "{bad}");
        }
    }

    #[test]
    fn messages_are_sentences() {
        let e = parse_query("dangling=maybe").unwrap_err();
        assert_eq!(
            e.to_string(),
            "dangling takes true, false, 1 or 0, not “maybe”."
        );
        let e = parse_query("colour=red").unwrap_err();
        assert_eq!(
            e.to_string(),
            "Unknown filter “colour”. Valid filters: dangling, label, reference, before, \
             since, in-use, size."
        );
        let e = parse_query("size>12XB").unwrap_err();
        assert!(e.to_string().contains("12XB") && e.to_string().contains("kB, MB, GB or TB"));
        assert_eq!(
            serde_json::to_value(parse_query("label=").unwrap_err()).unwrap(),
            serde_json::json!({"kind": "EmptyValue", "key": "label"})
        );
        assert_eq!(
            serde_json::to_value(FilterError::UnclosedQuote).unwrap(),
            serde_json::json!({"kind": "UnclosedQuote"})
        );
    }

    #[test]
    fn booleans_are_the_ones_docker_reads() {
        let dangling = |q: &str| parse_query(q).map(|q| q.dangling);
        assert_eq!(dangling("dangling=true"), Ok(Some(true)));
        assert_eq!(dangling("dangling=1"), Ok(Some(true)));
        assert_eq!(dangling("dangling=false"), Ok(Some(false)));
        assert_eq!(dangling("dangling=0"), Ok(Some(false)));
        assert_eq!(dangling("DANGLING=1 dangling=true"), Ok(Some(true)));
        // docker's GetBoolOrDefault compares exactly: `dangling=TRUE` is an error there.
        for bad in ["TRUE", "True", "FALSE", "01", "yes", "t"] {
            assert_eq!(
                dangling(&format!("dangling={bad}")),
                Err(FilterError::BadBool {
                    key: "dangling".into(),
                    value: bad.into()
                }),
                "{bad}"
            );
        }
        assert_eq!(
            dangling("dangling=1 dangling=0"),
            Err(FilterError::ConflictingValues {
                key: "dangling".into()
            })
        );
        // in-use= is Imagen's own: the same four, and true/false in any case.
        let in_use = |q: &str| parse_query(q).map(|q| q.in_use);
        assert_eq!(in_use("in-use=1"), Ok(Some(true)));
        assert_eq!(in_use("in-use=0"), Ok(Some(false)));
        assert_eq!(in_use("in-use=TRUE"), Ok(Some(true)));
        assert!(in_use("in-use=yes").is_err());
    }

    #[test]
    fn free_text_finds_the_none_rows_of_docker_images() {
        let image = |tags: &[&str], digests: &[&str]| ImageSummary {
            id: ImageId::new(format!("sha256:{}", "d4e5f6".repeat(10) + "3333")),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            digests: digests.iter().map(|d| (*d).to_owned()).collect(),
            size: 1,
            created: 1,
            dangling: tags.is_empty(),
            digest_named: false,
            containers: ContainerUsage::default(),
            labels: Default::default(),
        };
        let digest = format!("sha256:{}", "b".repeat(64));
        let images = [
            // `<none>  <none>` in docker images; the card: `<none>@d4e5f6d4e5f6`.
            image(&[], &[]),
            // `ghcr.io/owner/tool  <none>` (twice pulled: one row); the card: `…tool:<none>`.
            image(
                &[],
                &[
                    &format!("ghcr.io/owner/tool@{digest}"),
                    &format!("ghcr.io/owner/tool@sha256:{}", "c".repeat(64)),
                ],
            ),
            // `app  1` and `nginx  <none>`: a digest in a repository the image has no tag in.
            image(&["app:1"], &[&format!("nginx@{digest}")]),
            // `nginx  latest` only: its digest is in the tagged repository.
            image(&["nginx:latest"], &[&format!("nginx@{digest}")]),
            image(
                &["localhost:5000/app:1"],
                &[&format!("localhost:5000/app@{digest}")],
            ),
        ];
        let found = |q: &str| apply(&parse_query(q).unwrap(), &images).unwrap();
        assert_eq!(found("<none>"), [0, 1, 2]);
        assert_eq!(found("<NONE>"), [0, 1, 2]);
        assert_eq!(found("tool:<none>"), [1]);
        assert_eq!(found("ghcr.io/owner/tool:<none>"), [1]);
        assert_eq!(found("nginx:<none>"), [2]);
        assert_eq!(found("app:<none>"), Vec::<usize>::new());
        // The chip of the card without tag or digest; not its name, which holds an ID.
        assert_eq!(found("<none>:<none>"), [0]);
        assert_eq!(found("<none>@"), Vec::<usize>::new());
        // Digests are searched only by text that reads as one.
        assert_eq!(haystack(&images[1]), "ghcr.io/owner/tool:<none>");
        assert_eq!(found("cccc"), Vec::<usize>::new());
        assert_eq!(found("tool@sha256:cccc"), [1]);
    }

    #[test]
    fn quotes_group_values_and_mark_free_text() {
        let q = parse_query(r#"label=com.example.note="two words" "a=b"  Nginx"#).unwrap();
        assert_eq!(
            q.labels,
            vec![LabelTerm {
                key: "com.example.note".into(),
                value: Some("two words".into())
            }]
        );
        assert_eq!(q.text, vec!["a=b".to_owned(), "nginx".to_owned()]);
        assert!(parse_query("   ").unwrap().is_empty());
    }

    #[test]
    fn familiar_lookup_normalises_like_the_engine() {
        assert_eq!(familiar_lookup("nginx"), "nginx:latest");
        assert_eq!(familiar_lookup("docker.io/library/nginx:1"), "nginx:1");
        assert_eq!(familiar_lookup("index.docker.io/u/app"), "u/app:latest");
        assert_eq!(familiar_lookup("library/nginx"), "nginx:latest");
        assert_eq!(
            familiar_lookup("localhost:5000/team/app"),
            "localhost:5000/team/app:latest"
        );
        assert_eq!(familiar_lookup("a/b:1@sha256:00"), "a/b@sha256:00");
        assert_eq!(familiar_name("localhost:5000/app"), "localhost:5000/app");
        assert_eq!(familiar_name("localhost:5000/app:1"), "localhost:5000/app");
        assert_eq!(familiar_name("r/app@sha256:00"), "r/app");
    }

    fn summary(v: &Value) -> ImageSummary {
        let strings = |field: &str| -> Vec<String> {
            v[field]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_owned())
                .collect()
        };
        let id = v["id"].as_str().unwrap();
        ImageSummary {
            id: ImageId::new(id),
            tags: strings("tags"),
            digests: strings("digests"),
            size: v["size"].as_u64().unwrap(),
            created: v["created"].as_i64().unwrap(),
            dangling: v["dangling"].as_bool().unwrap(),
            digest_named: v["digestNamed"].as_bool().unwrap(),
            containers: ContainerUsage {
                running: v["containers"]["running"].as_u64().unwrap() as u32,
                stopped: v["containers"]["stopped"].as_u64().unwrap() as u32,
            },
            labels: v["labels"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                .collect(),
        }
    }

    /// The cases `ui/src/lib/images/filter.test.ts` runs through the TypeScript port.
    #[test]
    fn shared_vectors() {
        let vectors: Value =
            serde_json::from_str(include_str!("../../tests/filter-vectors.json")).unwrap();
        let images: Vec<ImageSummary> = vectors["images"]
            .as_array()
            .unwrap()
            .iter()
            .map(summary)
            .collect();
        // The summaries round-trip, so the JSON is what the Rust type serialises (less the
        // texts the list no longer sends, which the UI's copies of these images still carry).
        let mut sent = vectors["images"].clone();
        for image in sent.as_array_mut().unwrap() {
            let fields = image.as_object_mut().unwrap();
            for text in ["shortId", "displayName", "sizeText", "createdText"] {
                fields.remove(text);
            }
        }
        assert_eq!(serde_json::to_value(&images).unwrap(), sent);
        let cases = vectors["cases"].as_array().unwrap();
        // The cases exercise every key of the language and every way a search fails.
        let queries: Vec<&str> = cases.iter().filter_map(|c| c["query"].as_str()).collect();
        for key in valid_keys() {
            assert!(
                queries.iter().any(|q| q.to_lowercase().contains(key)),
                "no shared case uses {key}"
            );
        }
        let kinds: Vec<&str> = cases
            .iter()
            .filter_map(|c| c["expect"]["error"]["kind"].as_str())
            .collect();
        for kind in [
            "UnclosedQuote",
            "UnknownKey",
            "EmptyValue",
            "BadBool",
            "ConflictingValues",
            "BadLabel",
            "BadPattern",
            "BadSize",
            "WrongOperator",
            "NoSuchImage",
        ] {
            assert!(kinds.contains(&kind), "no shared case fails with {kind}");
        }
        let mut failures = Vec::new();
        for case in cases {
            let query = case["query"].as_str().unwrap();
            let got = parse_query(query).and_then(|q| apply(&q, &images));
            let expect = &case["expect"];
            let ok = match (&got, expect) {
                (Ok(indices), Value::Array(_)) => serde_json::to_value(indices).unwrap() == *expect,
                (Err(e), Value::Object(o)) => {
                    serde_json::to_value(e).unwrap() == o["error"]
                        && e.to_string() == o["message"].as_str().unwrap()
                }
                _ => false,
            };
            if !ok {
                let got = match &got {
                    Ok(i) => format!("{i:?}"),
                    Err(e) => format!("{} / {e}", serde_json::to_value(e).unwrap()),
                };
                failures.push(format!("{query:?}: expected {expect}, got {got}"));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    #[test]
    fn keys_listed_in_errors_are_the_valid_keys() {
        match parse_query("x=1").unwrap_err() {
            FilterError::UnknownKey { valid, .. } => assert_eq!(valid, valid_keys()),
            e => panic!("{e:?}"),
        }
    }

    #[cfg(feature = "ts")]
    #[test]
    fn typescript_declaration() {
        use ts_rs::{Config, TS};
        let decl = FilterError::decl(&Config::new());
        println!("{decl}");
        assert!(decl.contains("\"kind\": \"UnknownKey\"") && decl.contains("valid: Array<string>"));
        assert!(decl.contains("\"kind\": \"UnclosedQuote\""));
    }
}
