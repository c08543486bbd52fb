//! Image references: the `name[:tag][@digest]` strings users type to pull an image.
//!
//! The grammar follows [distribution/reference] (the Go package the `docker` CLI uses, via
//! `ParseNormalizedNamed`), written out as a small hand parser instead of regular
//! expressions:
//!
//! ```text
//! reference  := name [ ":" tag ] [ "@" digest ]
//! name       := [ domain "/" ] component ( "/" component )*
//! domain     := host [ ":" port ]
//! host       := label ( "." label )* | "[" ipv6 "]"
//! label      := [a-zA-Z0-9] | [a-zA-Z0-9] [a-zA-Z0-9-]* [a-zA-Z0-9]
//! port       := [0-9]+
//! component  := [a-z0-9]+ ( separator [a-z0-9]+ )*
//! separator  := "." | "_" | "__" | "-"+
//! tag        := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
//! digest     := algorithm ":" hex
//! algorithm  := [A-Za-z][A-Za-z0-9]* ( [-_+.] [A-Za-z][A-Za-z0-9]* )*
//! hex        := [0-9a-fA-F]{32,}
//! ```
//!
//! Normalisation is the CLI's: the first `/`-separated part is a registry only if it is
//! `localhost` or contains `.`, `:` or an uppercase letter; otherwise the registry is
//! `docker.io`, and a one-part name on `docker.io` gets `library/`. `index.docker.io`
//! becomes `docker.io`. The normalised path, without the registry (`library/nginx`), is at
//! most 255 characters, as distribution/reference 0.6 (the docker CLI's) counts it. A reference with neither tag nor digest gets the tag `latest`.
//! Digests must use an algorithm the engine supports (`sha256`, `sha384`, `sha512`, as
//! go-digest requires) with exactly the right number of lowercase hex digits.
//!
//! Invalid input never reaches the engine: everything that would make `docker pull` say
//! "invalid reference format" is rejected here, with a [`ReferenceError`] naming the rule
//! broken and the part that breaks it, which the UI words under the input field in the
//! user's language (its `Display`, one English sentence, is for logs). Parsing never panics.
//!
//! Whitespace anywhere is an error, as in distribution/reference: the grammar does not
//! trim. (The Pull field trims what the user typed before asking; pasted names often carry
//! a space.)
//!
//! [distribution/reference]: https://github.com/distribution/reference

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// The registry assumed when a name does not start with one.
pub const DEFAULT_DOMAIN: &str = "docker.io";
/// The old name of Docker Hub's registry; normalised to [`DEFAULT_DOMAIN`].
const LEGACY_DEFAULT_DOMAIN: &str = "index.docker.io";
/// The namespace of Docker Hub's official images (`nginx` is `library/nginx`).
const OFFICIAL_REPO_PREFIX: &str = "library/";
/// The tag assumed when a reference has neither tag nor digest.
pub const DEFAULT_TAG: &str = "latest";
/// The longest a normalised name (`domain/path`) may be, in characters.
pub const NAME_MAX_LEN: usize = 255;
/// The longest a tag may be, in characters.
pub const TAG_MAX_LEN: usize = 128;
/// The fewest hex digits a digest may have (go-digest's grammar).
const DIGEST_MIN_HEX: usize = 32;

/// Why a string is not a valid image reference: which rule it breaks, with the values the
/// UI needs to word it (the offending part, a length…).
///
/// It reaches the UI as the `rule` of [`crate::Error::InvalidReference`] (in TypeScript,
/// `ReferenceRule`), which the UI words from its catalogs in the user's language. The
/// `Display` text, one English sentence, is the error's `reason`: for logs, and shown only
/// as a last resort.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ReferenceRule"))]
#[serde(tag = "kind")]
pub enum ReferenceError {
    /// The input is empty, or it is only a tag or digest (`:alpine`, `@sha256:…`).
    #[error("Enter an image name, like nginx or nginx:alpine.")]
    MissingName,
    /// The input starts or ends with whitespace.
    #[error("Remove the spaces before or after the name.")]
    Whitespace,
    /// The input is a 64-digit image ID, which the engine would not pull (the CLI refuses
    /// these too).
    #[error("That is an image ID, not a name: enter a repository name like nginx.")]
    ImageId {
        /// The ID as entered.
        id: String,
    },
    /// The registry part (before the first `/`) is not a host name, IPv4 address or
    /// bracketed IPv6 address.
    #[error("“{domain}” is not a valid registry address.")]
    InvalidDomain {
        /// The registry part as entered, port included.
        domain: String,
    },
    /// The registry's port is not a number.
    #[error("“:{port}” is not a valid registry port.")]
    InvalidPort {
        /// What follows the registry's `:`.
        port: String,
    },
    /// The repository name (after the registry) has uppercase letters.
    #[error("The repository name must be lowercase: “{name}”.")]
    Uppercase {
        /// The repository name as entered (without registry, tag or digest).
        name: String,
    },
    /// The repository name has characters other than lowercase letters, digits, `.`, `_`,
    /// `-` and `/`.
    #[error(
        "The repository name “{name}” contains characters that are not allowed \
         (lowercase letters, digits, _ . - and / only)."
    )]
    InvalidNameCharacters {
        /// The repository name as entered.
        name: String,
    },
    /// The repository name starts or ends with `/`, or has `//`.
    #[error("The repository name has an empty part: check for a leading, trailing or double “/”.")]
    EmptyNameComponent {
        /// The repository name as entered.
        name: String,
    },
    /// A `/`-separated part of the repository name starts or ends with `.`, `_` or `-`.
    #[error("A repository name component cannot start or end with a separator: “{component}”.")]
    SeparatorAtEdge {
        /// The offending part.
        component: String,
    },
    /// Letters or digits are joined by something other than `.`, `_`, `__` or dashes
    /// (`a..b`, `a___b`, `a._b`).
    #[error(
        "“{component}” joins letters with separators that are not allowed: use one “.”, \
         one or two “_”, or dashes."
    )]
    InvalidSeparator {
        /// The offending part of the repository name.
        component: String,
    },
    /// The normalised path (`library/…` included, the registry not) is longer than 255
    /// characters.
    #[error("The name is longer than {max} characters.")]
    NameTooLong {
        /// Length of the normalised path, in characters.
        length: usize,
        /// The most it may have: [`NAME_MAX_LEN`].
        max: usize,
    },
    /// Nothing follows the tag's `:` (`nginx:`).
    #[error("The tag after “:” is empty.")]
    EmptyTag,
    /// The tag has characters other than letters, digits, `_`, `.` and `-`.
    #[error(
        "The tag “{tag}” contains characters that are not allowed \
         (letters, digits, _ . - only)."
    )]
    InvalidTag {
        /// The tag as entered.
        tag: String,
    },
    /// The tag's characters are allowed, but it starts with `.` or `-`.
    #[error("The tag “{tag}” cannot start with “.” or “-”.")]
    TagStartsWithSeparator {
        /// The tag as entered.
        tag: String,
    },
    /// The tag is longer than 128 characters.
    #[error("The tag is longer than {max} characters.")]
    TagTooLong {
        /// Length of the tag, in characters.
        length: usize,
        /// The most it may have: [`TAG_MAX_LEN`].
        max: usize,
    },
    /// The digest (after `@`) is malformed, uses an unsupported algorithm or has the wrong
    /// number of hex digits.
    #[error("Invalid digest: {problem}.")]
    InvalidDigest {
        /// The digest as entered (without the `@`).
        digest: String,
        /// What is wrong with it.
        problem: DigestProblem,
    },
    /// The platform asked for beside the reference is not `os/arch` or `os/arch/variant` in
    /// lowercase words. [`ImageRef::parse`] never returns it; [`validate_platform`] does.
    #[error(
        "“{platform}” is not a platform: use os/arch or os/arch/variant, like linux/amd64 \
         or linux/arm/v7."
    )]
    InvalidPlatform {
        /// The platform as given.
        platform: String,
    },
}

/// What is wrong with a digest (the part after `@`); its `Display` is a phrase for
/// [`ReferenceError::InvalidDigest`]'s sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind")]
pub enum DigestProblem {
    /// Nothing follows the `@`.
    #[error("nothing follows “@”")]
    Empty,
    /// It is not `algorithm:hex` (no `:`, or nothing on one side of it).
    #[error("expected the form sha256:<64 hex digits>")]
    Form,
    /// The algorithm is not a name (`1sha`, `sha--256`).
    #[error("“{algorithm}” is not a valid algorithm name")]
    AlgorithmName {
        /// The algorithm as entered.
        algorithm: String,
    },
    /// The algorithm is well formed but not one the engine supports.
    #[error("“{algorithm}” is not supported (use sha256, sha384 or sha512)")]
    UnsupportedAlgorithm {
        /// The algorithm as entered.
        algorithm: String,
    },
    /// A supported algorithm with the wrong number of hex digits.
    #[error("{algorithm} needs {digits} hex digits")]
    Length {
        /// `sha256`, `sha384` or `sha512`.
        algorithm: String,
        /// How many it needs: 64, 96 or 128.
        digits: usize,
    },
    /// A supported algorithm with uppercase hex digits.
    #[error("{algorithm} digests use lowercase hex digits")]
    Uppercase {
        /// `sha256`, `sha384` or `sha512`.
        algorithm: String,
    },
    /// The part after the algorithm has characters other than hex digits.
    #[error("the part after “{algorithm}:” must be hex digits (0-9, a-f)")]
    NotHex {
        /// The algorithm as entered.
        algorithm: String,
    },
    /// An unsupported algorithm's hex part is shorter than any digest's.
    #[error("the hex part needs at least {minimum} digits")]
    HexTooShort {
        /// The fewest digits a digest has (32).
        minimum: usize,
    },
}

/// Checks a platform string: `os/arch` or `os/arch/variant`, lowercase words (letters,
/// digits and `_`).
pub fn validate_platform(platform: &str) -> Result<(), ReferenceError> {
    let parts: Vec<&str> = platform.split('/').collect();
    let word = |p: &&str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    if (2..=3).contains(&parts.len()) && parts.iter().all(word) {
        Ok(())
    } else {
        Err(ReferenceError::InvalidPlatform {
            platform: platform.to_owned(),
        })
    }
}

/// A parsed, normalised image reference: `docker.io/library/nginx:latest`.
///
/// Built only by [`ImageRef::parse`] (or [`str::parse`]), so every value is valid and its
/// [`Display`](fmt::Display) form parses back to an equal value.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(as = "ParsedReference"))]
pub struct ImageRef {
    domain: String,
    path: String,
    tag: Option<String>,
    digest: Option<String>,
    /// `latest` was filled in because the text named neither a tag nor a digest. How it
    /// was typed, not what it names: left out of equality and hashing.
    tag_defaulted: bool,
}

impl PartialEq for ImageRef {
    fn eq(&self, other: &Self) -> bool {
        (&self.domain, &self.path, &self.tag, &self.digest)
            == (&other.domain, &other.path, &other.tag, &other.digest)
    }
}

impl Eq for ImageRef {}

impl std::hash::Hash for ImageRef {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (&self.domain, &self.path, &self.tag, &self.digest).hash(state);
    }
}

/// An [`ImageRef`] spelled out for the UI, which shows the normalised form under the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ParsedReference {
    /// Fully normalised: `docker.io/library/nginx:latest`.
    pub normalized: String,
    /// Short form as the `docker` CLI prints it: `nginx:latest`.
    pub familiar: String,
    /// Registry: `docker.io`, `localhost:5000`, `[::1]:5000`.
    pub domain: String,
    /// Repository path on the registry: `library/nginx`.
    pub path: String,
    /// Tag, if any (`latest` when neither tag nor digest was entered).
    pub tag: Option<String>,
    /// Digest, if any: `sha256:…`.
    pub digest: Option<String>,
    /// Neither a tag nor a digest was typed, so `latest` is assumed (the Pull dialog says
    /// so).
    pub tag_defaulted: bool,
}

/// Serialises as its [`ParsedReference`].
impl Serialize for ImageRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_parsed().serialize(serializer)
    }
}

impl From<ImageRef> for ParsedReference {
    fn from(r: ImageRef) -> Self {
        r.to_parsed()
    }
}

impl ImageRef {
    /// Parses and normalises a reference the way `docker pull` does.
    ///
    /// With neither tag nor digest, the tag is `latest`. Nothing is trimmed.
    pub fn parse(input: &str) -> Result<Self, ReferenceError> {
        let s = input;
        if s.trim().is_empty() {
            return Err(ReferenceError::MissingName);
        }
        // Inside a name, whitespace is a stray character and the part it is in says so.
        if s.trim() != s {
            return Err(ReferenceError::Whitespace);
        }
        // Also as the inspector and `docker images --no-trunc` show it, `sha256:…`: the
        // grammar would take it for the tag of a repository `library/sha256`, which costs a
        // round trip to Docker Hub on bad Wi-Fi to end with "no such repository".
        let hex = s.strip_prefix("sha256:").unwrap_or(s);
        if hex.len() == 64 && hex.bytes().all(is_lower_hex) {
            return Err(ReferenceError::ImageId { id: s.to_owned() });
        }

        // Neither the name nor the tag may contain `@`, so the first one starts the digest.
        let (name_tag, digest) = match s.split_once('@') {
            Some((name_tag, digest)) => (name_tag, Some(digest)),
            None => (s, None),
        };
        if name_tag.is_empty() {
            return Err(ReferenceError::MissingName);
        }

        let (written_domain, rest) = split_domain(name_tag);
        // The path cannot contain `:`, so the first one starts the tag.
        let (path, tag) = match rest.split_once(':') {
            Some((path, tag)) => (path, Some(tag)),
            None => (rest, None),
        };

        if let Some(domain) = written_domain {
            validate_domain(domain)?;
        } else if path.is_empty() {
            return Err(ReferenceError::MissingName);
        }
        validate_path(path)?;
        if let Some(tag) = tag {
            validate_tag(tag)?;
        }
        if let Some(digest) = digest {
            validate_digest(digest)?;
        }

        let domain = match written_domain {
            None | Some(LEGACY_DEFAULT_DOMAIN) => DEFAULT_DOMAIN,
            Some(domain) => domain,
        };
        let path = if domain == DEFAULT_DOMAIN && !path.contains('/') {
            format!("{OFFICIAL_REPO_PREFIX}{path}")
        } else {
            path.to_owned()
        };
        let length = path.chars().count();
        if length > NAME_MAX_LEN {
            return Err(ReferenceError::NameTooLong {
                length,
                max: NAME_MAX_LEN,
            });
        }

        let tag_defaulted = tag.is_none() && digest.is_none();
        let tag = match (tag, digest) {
            (Some(tag), _) => Some(tag.to_owned()),
            (None, None) => Some(DEFAULT_TAG.to_owned()),
            (None, Some(_)) => None,
        };
        Ok(ImageRef {
            domain: domain.to_owned(),
            path,
            tag,
            digest: digest.map(str::to_owned),
            tag_defaulted,
        })
    }

    /// The registry: `docker.io`, `ghcr.io`, `localhost:5000`, `[::1]:5000`.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The repository path on the registry: `library/nginx`, `user/app`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The tag, if any. `parse` sets `latest` when there is neither tag nor digest, so this
    /// is `None` only for digest references without a tag.
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// The digest (`sha256:…`), if any.
    pub fn digest(&self) -> Option<&str> {
        self.digest.as_deref()
    }

    /// The tag, or `latest` when there is none (only digest references have none).
    pub fn tag_or_latest(&self) -> &str {
        self.tag.as_deref().unwrap_or(DEFAULT_TAG)
    }

    /// What to send as `tag` in the engine's `/images/create?fromImage=<repository>&tag=…`:
    /// the digest if there is one (it pins the content, as `docker pull` does), else the
    /// tag. Never empty, so the engine is never asked to pull every tag of a repository.
    pub fn pull_tag_or_digest(&self) -> &str {
        self.digest
            .as_deref()
            .or(self.tag.as_deref())
            .unwrap_or(DEFAULT_TAG)
    }

    /// The normalised repository, `domain/path`: `docker.io/library/nginx`. This is what
    /// goes in `fromImage`.
    pub fn repository(&self) -> String {
        format!("{}/{}", self.domain, self.path)
    }

    /// The repository as the `docker` CLI prints it: `nginx`, `user/app`,
    /// `localhost:5000/app`, `ghcr.io/owner/app`.
    ///
    /// Like the CLI's `FamiliarName`, `docker.io/` and a lone `library/` are dropped. Unlike
    /// it, `docker.io/` is kept when the path's first part would otherwise be read as a
    /// registry (`docker.io/my.org/app`), so the short form always parses back to the same
    /// reference.
    pub fn familiar_name(&self) -> String {
        if self.domain != DEFAULT_DOMAIN {
            return self.repository();
        }
        let remainder = match self.path.strip_prefix(OFFICIAL_REPO_PREFIX) {
            Some(rest) if !rest.contains('/') => rest,
            _ => self.path.as_str(),
        };
        match split_domain(remainder) {
            (None, _) => remainder.to_owned(),
            (Some(_), _) => self.repository(),
        }
    }

    /// The short form as the `docker` CLI prints it (`FamiliarString`): `nginx:latest`,
    /// `user/app@sha256:…`, `localhost:5000/app:1.0`.
    pub fn familiar(&self) -> String {
        let mut out = self.familiar_name();
        self.push_tag_and_digest(&mut out);
        out
    }

    /// The form the UI shows and sends over IPC.
    pub fn to_parsed(&self) -> ParsedReference {
        ParsedReference {
            normalized: self.to_string(),
            familiar: self.familiar(),
            domain: self.domain.clone(),
            path: self.path.clone(),
            tag: self.tag.clone(),
            digest: self.digest.clone(),
            tag_defaulted: self.tag_defaulted,
        }
    }

    fn push_tag_and_digest(&self, out: &mut String) {
        if let Some(tag) = &self.tag {
            out.push(':');
            out.push_str(tag);
        }
        if let Some(digest) = &self.digest {
            out.push('@');
            out.push_str(digest);
        }
    }
}

impl fmt::Display for ImageRef {
    /// The fully normalised form: `docker.io/library/nginx:latest`,
    /// `docker.io/library/nginx@sha256:…`, `ghcr.io/o/app:1.0@sha256:…`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = self.repository();
        self.push_tag_and_digest(&mut out);
        f.write_str(&out)
    }
}

impl FromStr for ImageRef {
    type Err = ReferenceError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ImageRef::parse(s)
    }
}

impl TryFrom<&str> for ImageRef {
    type Error = ReferenceError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        ImageRef::parse(s)
    }
}

/// Splits off the registry the way the CLI's `splitDockerDomain` does: the part before the
/// first `/` is a registry only if it is `localhost` or has `.`, `:` or an uppercase letter.
fn split_domain(name: &str) -> (Option<&str>, &str) {
    match name.split_once('/') {
        Some((first, rest))
            if first == "localhost"
                || first.contains(['.', ':'])
                || first.bytes().any(|b| b.is_ascii_uppercase()) =>
        {
            (Some(first), rest)
        }
        _ => (None, name),
    }
}

fn is_lower_hex(b: u8) -> bool {
    b.is_ascii_digit() || (b'a'..=b'f').contains(&b)
}

fn is_tag_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// `host[:port]` where host is DNS labels (IPv4 included) or a bracketed IPv6 address.
fn validate_domain(domain: &str) -> Result<(), ReferenceError> {
    let invalid = || ReferenceError::InvalidDomain {
        domain: domain.to_owned(),
    };
    let port = if let Some(bracketed) = domain.strip_prefix('[') {
        let (ip, after) = bracketed.split_once(']').ok_or_else(invalid)?;
        if ip.is_empty() || !ip.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
            return Err(invalid());
        }
        if after.is_empty() {
            None
        } else {
            Some(after.strip_prefix(':').ok_or_else(invalid)?)
        }
    } else {
        let (host, port) = match domain.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (domain, None),
        };
        if !host.split('.').all(is_domain_label) {
            return Err(invalid());
        }
        port
    };
    match port {
        Some(port) if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) => {
            Err(ReferenceError::InvalidPort {
                port: port.to_owned(),
            })
        }
        _ => Ok(()),
    }
}

/// `[a-zA-Z0-9]` or `[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]`.
fn is_domain_label(label: &str) -> bool {
    !label.is_empty()
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Lowercase components joined by `/`, each `[a-z0-9]+` joined by `.`, `_`, `__` or `-+`.
fn validate_path(path: &str) -> Result<(), ReferenceError> {
    if path.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(ReferenceError::Uppercase {
            name: path.to_owned(),
        });
    }
    let allowed = |c: char| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-' | '/')
    };
    if !path.chars().all(allowed) {
        return Err(ReferenceError::InvalidNameCharacters {
            name: path.to_owned(),
        });
    }
    for component in path.split('/') {
        if component.is_empty() {
            return Err(ReferenceError::EmptyNameComponent {
                name: path.to_owned(),
            });
        }
        let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
        if !component.starts_with(alnum) || !component.ends_with(alnum) {
            return Err(ReferenceError::SeparatorAtEdge {
                component: component.to_owned(),
            });
        }
        // Every run of separators between alphanumerics must be `.`, `_`, `__` or dashes.
        let bad_run = component
            .split(alnum)
            .filter(|run| !run.is_empty())
            .any(|run| !matches!(run, "." | "_" | "__") && !run.bytes().all(|b| b == b'-'));
        if bad_run {
            return Err(ReferenceError::InvalidSeparator {
                component: component.to_owned(),
            });
        }
    }
    Ok(())
}

/// `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
fn validate_tag(tag: &str) -> Result<(), ReferenceError> {
    if tag.is_empty() {
        return Err(ReferenceError::EmptyTag);
    }
    if !tag.chars().all(is_tag_char) {
        return Err(ReferenceError::InvalidTag {
            tag: tag.to_owned(),
        });
    }
    if tag.starts_with(['.', '-']) {
        return Err(ReferenceError::TagStartsWithSeparator {
            tag: tag.to_owned(),
        });
    }
    if tag.len() > TAG_MAX_LEN {
        return Err(ReferenceError::TagTooLong {
            length: tag.len(),
            max: TAG_MAX_LEN,
        });
    }
    Ok(())
}

/// `algorithm:hex` as go-digest validates it: the algorithm must be one the engine
/// supports, with exactly its number of lowercase hex digits.
fn validate_digest(digest: &str) -> Result<(), ReferenceError> {
    let fail = |problem: DigestProblem| ReferenceError::InvalidDigest {
        digest: digest.to_owned(),
        problem,
    };
    if digest.is_empty() {
        return Err(fail(DigestProblem::Empty));
    }
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return Err(fail(DigestProblem::Form));
    };
    if algorithm.is_empty() || hex.is_empty() {
        return Err(fail(DigestProblem::Form));
    }
    let algorithm_owned = || algorithm.to_owned();
    if !is_digest_algorithm(algorithm) {
        return Err(fail(DigestProblem::AlgorithmName {
            algorithm: algorithm_owned(),
        }));
    }
    let expected_len = match algorithm {
        "sha256" => Some(64),
        "sha384" => Some(96),
        "sha512" => Some(128),
        _ => None,
    };
    let not_hex = || {
        fail(DigestProblem::NotHex {
            algorithm: algorithm_owned(),
        })
    };
    match expected_len {
        Some(digits) => {
            if hex.chars().count() != digits {
                Err(fail(DigestProblem::Length {
                    algorithm: algorithm_owned(),
                    digits,
                }))
            } else if hex.bytes().all(is_lower_hex) {
                Ok(())
            } else if hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                Err(fail(DigestProblem::Uppercase {
                    algorithm: algorithm_owned(),
                }))
            } else {
                Err(not_hex())
            }
        }
        None => {
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                Err(not_hex())
            } else if hex.len() < DIGEST_MIN_HEX {
                Err(fail(DigestProblem::HexTooShort {
                    minimum: DIGEST_MIN_HEX,
                }))
            } else {
                Err(fail(DigestProblem::UnsupportedAlgorithm {
                    algorithm: algorithm_owned(),
                }))
            }
        }
    }
}

/// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*`.
fn is_digest_algorithm(algorithm: &str) -> bool {
    algorithm.split(['-', '_', '+', '.']).all(|part| {
        part.starts_with(|c: char| c.is_ascii_alphabetic())
            && part.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    macro_rules! h64 {
        () => {
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
        };
    }
    macro_rules! h128 {
        () => {
            concat!(h64!(), h64!())
        };
    }
    macro_rules! h96 {
        () => {
            concat!(h64!(), "0123456789abcdef0123456789abcdef")
        };
    }
    macro_rules! d64 {
        () => {
            concat!("sha256:", h64!())
        };
    }
    const D: &str = d64!();

    /// input, domain, path, tag, digest, Display, familiar()
    type OkCase = (
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        &'static str,
        &'static str,
    );

    #[rustfmt::skip]
    const OK_CASES: &[OkCase] = &[
        // Docker Hub, official images.
        ("nginx", "docker.io", "library/nginx", Some("latest"), None,
         "docker.io/library/nginx:latest", "nginx:latest"),
        ("nginx:alpine", "docker.io", "library/nginx", Some("alpine"), None,
         "docker.io/library/nginx:alpine", "nginx:alpine"),
        ("nginx:latest", "docker.io", "library/nginx", Some("latest"), None,
         "docker.io/library/nginx:latest", "nginx:latest"),
        ("library/nginx", "docker.io", "library/nginx", Some("latest"), None,
         "docker.io/library/nginx:latest", "nginx:latest"),
        ("docker.io/nginx", "docker.io", "library/nginx", Some("latest"), None,
         "docker.io/library/nginx:latest", "nginx:latest"),
        ("docker.io/library/nginx", "docker.io", "library/nginx", Some("latest"), None,
         "docker.io/library/nginx:latest", "nginx:latest"),
        ("index.docker.io/library/nginx:1.27", "docker.io", "library/nginx", Some("1.27"), None,
         "docker.io/library/nginx:1.27", "nginx:1.27"),
        ("index.docker.io/nginx", "docker.io", "library/nginx", Some("latest"), None,
         "docker.io/library/nginx:latest", "nginx:latest"),
        ("index.docker.io/user/app", "docker.io", "user/app", Some("latest"), None,
         "docker.io/user/app:latest", "user/app:latest"),
        ("ubuntu:22.04", "docker.io", "library/ubuntu", Some("22.04"), None,
         "docker.io/library/ubuntu:22.04", "ubuntu:22.04"),
        ("busybox:1.36.1-musl", "docker.io", "library/busybox", Some("1.36.1-musl"), None,
         "docker.io/library/busybox:1.36.1-musl", "busybox:1.36.1-musl"),
        ("node:20_slim", "docker.io", "library/node", Some("20_slim"), None,
         "docker.io/library/node:20_slim", "node:20_slim"),
        ("redis:_", "docker.io", "library/redis", Some("_"), None,
         "docker.io/library/redis:_", "redis:_"),
        ("redis:_x.-", "docker.io", "library/redis", Some("_x.-"), None,
         "docker.io/library/redis:_x.-", "redis:_x.-"),
        ("redis:UPPER", "docker.io", "library/redis", Some("UPPER"), None,
         "docker.io/library/redis:UPPER", "redis:UPPER"),
        ("redis:7", "docker.io", "library/redis", Some("7"), None,
         "docker.io/library/redis:7", "redis:7"),
        ("0", "docker.io", "library/0", Some("latest"), None,
         "docker.io/library/0:latest", "0:latest"),
        ("a", "docker.io", "library/a", Some("latest"), None,
         "docker.io/library/a:latest", "a:latest"),
        // Docker Hub, user images and deeper paths.
        ("user/app", "docker.io", "user/app", Some("latest"), None,
         "docker.io/user/app:latest", "user/app:latest"),
        ("user/app:v2", "docker.io", "user/app", Some("v2"), None,
         "docker.io/user/app:v2", "user/app:v2"),
        ("docker.io/user/app", "docker.io", "user/app", Some("latest"), None,
         "docker.io/user/app:latest", "user/app:latest"),
        ("a/b/c/d", "docker.io", "a/b/c/d", Some("latest"), None,
         "docker.io/a/b/c/d:latest", "a/b/c/d:latest"),
        ("library/a/b", "docker.io", "library/a/b", Some("latest"), None,
         "docker.io/library/a/b:latest", "library/a/b:latest"),
        ("docker.io/my.org/app", "docker.io", "my.org/app", Some("latest"), None,
         "docker.io/my.org/app:latest", "docker.io/my.org/app:latest"),
        ("docker.io/localhost/app", "docker.io", "localhost/app", Some("latest"), None,
         "docker.io/localhost/app:latest", "docker.io/localhost/app:latest"),
        ("docker.io/library/my.app", "docker.io", "library/my.app", Some("latest"), None,
         "docker.io/library/my.app:latest", "my.app:latest"),
        ("example.com", "docker.io", "library/example.com", Some("latest"), None,
         "docker.io/library/example.com:latest", "example.com:latest"),
        ("localhost", "docker.io", "library/localhost", Some("latest"), None,
         "docker.io/library/localhost:latest", "localhost:latest"),
        ("localhost:5000", "docker.io", "library/localhost", Some("5000"), None,
         "docker.io/library/localhost:5000", "localhost:5000"),
        ("sha256:0123", "docker.io", "library/sha256", Some("0123"), None,
         "docker.io/library/sha256:0123", "sha256:0123"),
        // Separators.
        ("a__b", "docker.io", "library/a__b", Some("latest"), None,
         "docker.io/library/a__b:latest", "a__b:latest"),
        ("a---b", "docker.io", "library/a---b", Some("latest"), None,
         "docker.io/library/a---b:latest", "a---b:latest"),
        ("a-b", "docker.io", "library/a-b", Some("latest"), None,
         "docker.io/library/a-b:latest", "a-b:latest"),
        ("a.b", "docker.io", "library/a.b", Some("latest"), None,
         "docker.io/library/a.b:latest", "a.b:latest"),
        ("a_b", "docker.io", "library/a_b", Some("latest"), None,
         "docker.io/library/a_b:latest", "a_b:latest"),
        ("a.b_c__d-e--f", "docker.io", "library/a.b_c__d-e--f", Some("latest"), None,
         "docker.io/library/a.b_c__d-e--f:latest", "a.b_c__d-e--f:latest"),
        ("foo_bar/x-y.z", "docker.io", "foo_bar/x-y.z", Some("latest"), None,
         "docker.io/foo_bar/x-y.z:latest", "foo_bar/x-y.z:latest"),
        // Other registries.
        ("localhost/app", "localhost", "app", Some("latest"), None,
         "localhost/app:latest", "localhost/app:latest"),
        ("localhost:5000/app:1.0", "localhost:5000", "app", Some("1.0"), None,
         "localhost:5000/app:1.0", "localhost:5000/app:1.0"),
        ("localhost:5000/a/b/c", "localhost:5000", "a/b/c", Some("latest"), None,
         "localhost:5000/a/b/c:latest", "localhost:5000/a/b/c:latest"),
        ("127.0.0.1:5000/a/b", "127.0.0.1:5000", "a/b", Some("latest"), None,
         "127.0.0.1:5000/a/b:latest", "127.0.0.1:5000/a/b:latest"),
        ("127.0.0.1/app", "127.0.0.1", "app", Some("latest"), None,
         "127.0.0.1/app:latest", "127.0.0.1/app:latest"),
        ("[::1]:5000/app", "[::1]:5000", "app", Some("latest"), None,
         "[::1]:5000/app:latest", "[::1]:5000/app:latest"),
        ("[::1]/app", "[::1]", "app", Some("latest"), None,
         "[::1]/app:latest", "[::1]/app:latest"),
        ("[2001:db8::1]/app:v1", "[2001:db8::1]", "app", Some("v1"), None,
         "[2001:db8::1]/app:v1", "[2001:db8::1]/app:v1"),
        ("[2001:DB8::1]:443/team/app", "[2001:DB8::1]:443", "team/app", Some("latest"), None,
         "[2001:DB8::1]:443/team/app:latest", "[2001:DB8::1]:443/team/app:latest"),
        ("ghcr.io/owner/app", "ghcr.io", "owner/app", Some("latest"), None,
         "ghcr.io/owner/app:latest", "ghcr.io/owner/app:latest"),
        ("quay.io/coreos/etcd:v3.5.0", "quay.io", "coreos/etcd", Some("v3.5.0"), None,
         "quay.io/coreos/etcd:v3.5.0", "quay.io/coreos/etcd:v3.5.0"),
        ("gcr.io/distroless/static", "gcr.io", "distroless/static", Some("latest"), None,
         "gcr.io/distroless/static:latest", "gcr.io/distroless/static:latest"),
        ("registry.example.com/app", "registry.example.com", "app", Some("latest"), None,
         "registry.example.com/app:latest", "registry.example.com/app:latest"),
        ("Registry.Example.com/app", "Registry.Example.com", "app", Some("latest"), None,
         "Registry.Example.com/app:latest", "Registry.Example.com/app:latest"),
        ("FOO/bar", "FOO", "bar", Some("latest"), None,
         "FOO/bar:latest", "FOO/bar:latest"),
        ("Docker.io/nginx", "Docker.io", "nginx", Some("latest"), None,
         "Docker.io/nginx:latest", "Docker.io/nginx:latest"),
        ("my-registry.local:8080/x", "my-registry.local:8080", "x", Some("latest"), None,
         "my-registry.local:8080/x:latest", "my-registry.local:8080/x:latest"),
        ("a-b.c-d.e:1/x", "a-b.c-d.e:1", "x", Some("latest"), None,
         "a-b.c-d.e:1/x:latest", "a-b.c-d.e:1/x:latest"),
        ("xn--80ak6aa92e.com/app", "xn--80ak6aa92e.com", "app", Some("latest"), None,
         "xn--80ak6aa92e.com/app:latest", "xn--80ak6aa92e.com/app:latest"),
        ("host:65535/app", "host:65535", "app", Some("latest"), None,
         "host:65535/app:latest", "host:65535/app:latest"),
        ("index.docker.io:443/app", "index.docker.io:443", "app", Some("latest"), None,
         "index.docker.io:443/app:latest", "index.docker.io:443/app:latest"),
        // Digests.
        (concat!("registry.example.com/team/app@sha256:", h64!()),
         "registry.example.com", "team/app", None, Some(d64!()),
         concat!("registry.example.com/team/app@sha256:", h64!()),
         concat!("registry.example.com/team/app@sha256:", h64!())),
        (concat!("app:tag@sha256:", h64!()),
         "docker.io", "library/app", Some("tag"), Some(d64!()),
         concat!("docker.io/library/app:tag@sha256:", h64!()),
         concat!("app:tag@sha256:", h64!())),
        (concat!("nginx@sha256:", h64!()),
         "docker.io", "library/nginx", None, Some(d64!()),
         concat!("docker.io/library/nginx@sha256:", h64!()),
         concat!("nginx@sha256:", h64!())),
        (concat!("docker.io/library/nginx@sha256:", h64!()),
         "docker.io", "library/nginx", None, Some(d64!()),
         concat!("docker.io/library/nginx@sha256:", h64!()),
         concat!("nginx@sha256:", h64!())),
        (concat!("user/app@sha256:", h64!()),
         "docker.io", "user/app", None, Some(d64!()),
         concat!("docker.io/user/app@sha256:", h64!()),
         concat!("user/app@sha256:", h64!())),
        (concat!("localhost:5000/app:1@sha256:", h64!()),
         "localhost:5000", "app", Some("1"), Some(d64!()),
         concat!("localhost:5000/app:1@sha256:", h64!()),
         concat!("localhost:5000/app:1@sha256:", h64!())),
        (concat!("nginx@sha512:", h128!()),
         "docker.io", "library/nginx", None, Some(concat!("sha512:", h128!())),
         concat!("docker.io/library/nginx@sha512:", h128!()),
         concat!("nginx@sha512:", h128!())),
        (concat!("nginx@sha384:", h96!()),
         "docker.io", "library/nginx", None, Some(concat!("sha384:", h96!())),
         concat!("docker.io/library/nginx@sha384:", h96!()),
         concat!("nginx@sha384:", h96!())),
    ];

    type ErrCase = (&'static str, ReferenceError);

    fn err_cases() -> Vec<ErrCase> {
        use ReferenceError as E;
        let tag = |t: &str| E::InvalidTag { tag: t.into() };
        let upper = |n: &str| E::Uppercase { name: n.into() };
        let chars = |n: &str| E::InvalidNameCharacters { name: n.into() };
        let empty = |n: &str| E::EmptyNameComponent { name: n.into() };
        let edge = |c: &str| E::SeparatorAtEdge {
            component: c.into(),
        };
        let sep = |c: &str| E::InvalidSeparator {
            component: c.into(),
        };
        let domain = |d: &str| E::InvalidDomain { domain: d.into() };
        let port = |p: &str| E::InvalidPort { port: p.into() };
        let lead = |t: &str| E::TagStartsWithSeparator { tag: t.into() };
        let digest = |d: &str, problem: DigestProblem| E::InvalidDigest {
            digest: d.into(),
            problem,
        };
        use DigestProblem as P;
        let alg = |a: &str| a.to_owned();
        vec![
            // Nothing to pull.
            ("", E::MissingName),
            ("   ", E::MissingName),
            ("\n\t", E::MissingName),
            // Too long: the normalised path `library/` + 248 characters is 256.
            (
                Box::leak("a".repeat(248).into_boxed_str()),
                E::NameTooLong {
                    length: 256,
                    max: NAME_MAX_LEN,
                },
            ),
            (
                Box::leak(format!("nginx:{}", "t".repeat(129)).into_boxed_str()),
                E::TagTooLong {
                    length: 129,
                    max: TAG_MAX_LEN,
                },
            ),
            // Not trimmed (distribution/reference does not trim either).
            ("  nginx  ", E::Whitespace),
            ("\tuser/app:1\n", E::Whitespace),
            ("\u{a0}nginx\u{3000}", E::Whitespace),
            (":tag", E::MissingName),
            (":", E::MissingName),
            ("@sha256:abc", E::MissingName),
            (concat!("@sha256:", h64!()), E::MissingName),
            ("@", E::MissingName),
            (h64!(), E::ImageId { id: h64!().into() }),
            (
                concat!("sha256:", h64!()),
                E::ImageId {
                    id: concat!("sha256:", h64!()).into(),
                },
            ),
            // Uppercase and stray characters in the repository name.
            ("Nginx", upper("Nginx")),
            ("nginX:latest", upper("nginX")),
            ("user/App", upper("user/App")),
            ("localhost/App", upper("App")),
            ("ngi nx", chars("ngi nx")),
            ("nginx :latest", chars("nginx ")),
            ("user/ app", chars("user/ app")),
            ("ngïnx", chars("ngïnx")),
            ("nginx🐳", chars("nginx🐳")),
            ("ng!nx", chars("ng!nx")),
            ("a+b", chars("a+b")),
            ("a\\b", chars("a\\b")),
            ("[::1]", chars("[")),
            // Empty components.
            ("a//b", empty("a//b")),
            ("a/", empty("a/")),
            ("/a", empty("/a")),
            ("/", empty("/")),
            ("localhost/", empty("")),
            ("localhost//app", empty("/app")),
            ("a/b/:tag", empty("a/b/")),
            // Separators.
            ("-a", edge("-a")),
            ("a-", edge("a-")),
            ("_a", edge("_a")),
            ("a_", edge("a_")),
            (".a", edge(".a")),
            ("a.", edge("a.")),
            ("-", edge("-")),
            ("user/-app", edge("-app")),
            ("a___b", sep("a___b")),
            ("a..b", sep("a..b")),
            ("a._b", sep("a._b")),
            ("a-_b", sep("a-_b")),
            ("a_-b", sep("a_-b")),
            ("a.-b", sep("a.-b")),
            ("x/a__.b", sep("a__.b")),
            // Registries.
            ("my_registry.local/app", domain("my_registry.local")),
            ("foo_bar.baz/x-y", domain("foo_bar.baz")),
            ("-bad.com/app", domain("-bad.com")),
            ("bad-.com/app", domain("bad-.com")),
            ("a..com/app", domain("a..com")),
            (".com/app", domain(".com")),
            ("com./app", domain("com.")),
            (":5000/app", domain(":5000")),
            ("[]/app", chars("[]/app")),
            ("[::1/app", domain("[::1")),
            ("[::g]/app", domain("[::g]")),
            ("[::1]x/app", domain("[::1]x")),
            ("Reg!stry/app", domain("Reg!stry")),
            ("ex ample.com/app", domain("ex ample.com")),
            ("localhost:abc/app", port("abc")),
            ("localhost:/app", port("")),
            ("localhost:50 00/app", port("50 00")),
            ("localhost:5000:1/app", port("5000:1")),
            ("[::1]:x/app", port("x")),
            ("nginx:1.0/foo", port("1.0")),
            // Tags.
            ("nginx:", E::EmptyTag),
            (concat!("nginx:@sha256:", h64!()), E::EmptyTag),
            ("nginx:latest:extra", tag("latest:extra")),
            ("nginx:a b", tag("a b")),
            ("nginx:-x", lead("-x")),
            ("nginx:.x", lead(".x")),
            ("nginx:-x y", tag("-x y")),
            ("nginx:ä", tag("ä")),
            ("nginx:a+b", tag("a+b")),
            ("user/app:v1/x", tag("v1/x")),
            ("nginx:lat est", tag("lat est")),
            ("nginx:\u{200b}", tag("\u{200b}")),
            // Digests.
            ("nginx@", digest("", P::Empty)),
            ("nginx@sha256", digest("sha256", P::Form)),
            ("nginx@sha256:", digest("sha256:", P::Form)),
            ("nginx@:abc", digest(":abc", P::Form)),
            (
                "nginx@sha256:abc",
                digest(
                    "sha256:abc",
                    P::Length {
                        algorithm: alg("sha256"),
                        digits: 64,
                    },
                ),
            ),
            (
                concat!("nginx@1sha:", h64!()),
                digest(
                    concat!("1sha:", h64!()),
                    P::AlgorithmName {
                        algorithm: alg("1sha"),
                    },
                ),
            ),
            (
                concat!("nginx@sha--256:", h64!()),
                digest(
                    concat!("sha--256:", h64!()),
                    P::AlgorithmName {
                        algorithm: alg("sha--256"),
                    },
                ),
            ),
            (
                concat!("nginx@md5:", h64!()),
                digest(
                    concat!("md5:", h64!()),
                    P::UnsupportedAlgorithm {
                        algorithm: alg("md5"),
                    },
                ),
            ),
            (
                "nginx@md5:0123456789abcdef0123456789abcde",
                digest(
                    "md5:0123456789abcdef0123456789abcde",
                    P::HexTooShort { minimum: 32 },
                ),
            ),
            (
                "nginx@x+y.z:0123456789abcdef0123456789abcdeg",
                digest(
                    "x+y.z:0123456789abcdef0123456789abcdeg",
                    P::NotHex {
                        algorithm: alg("x+y.z"),
                    },
                ),
            ),
            (
                concat!("nginx@sha256:", h64!(), "@x"),
                digest(
                    concat!("sha256:", h64!(), "@x"),
                    P::Length {
                        algorithm: alg("sha256"),
                        digits: 64,
                    },
                ),
            ),
            (
                concat!("nginx@sha512:", h64!()),
                digest(
                    concat!("sha512:", h64!()),
                    P::Length {
                        algorithm: alg("sha512"),
                        digits: 128,
                    },
                ),
            ),
            (
                concat!("nginx@SHA256:", h64!()),
                digest(
                    concat!("SHA256:", h64!()),
                    P::UnsupportedAlgorithm {
                        algorithm: alg("SHA256"),
                    },
                ),
            ),
            (
                Box::leak(format!("nginx@sha384:{}", h96!().to_uppercase()).into_boxed_str()),
                digest(
                    Box::leak(format!("sha384:{}", h96!().to_uppercase()).into_boxed_str()),
                    P::Uppercase {
                        algorithm: alg("sha384"),
                    },
                ),
            ),
        ]
    }

    #[test]
    fn valid_references() {
        for &(input, domain, path, tag, digest, display, familiar) in OK_CASES {
            let r = ImageRef::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(r.domain(), domain, "domain of {input:?}");
            assert_eq!(r.path(), path, "path of {input:?}");
            assert_eq!(r.tag(), tag, "tag of {input:?}");
            assert_eq!(r.digest(), digest, "digest of {input:?}");
            assert_eq!(r.to_string(), display, "Display of {input:?}");
            assert_eq!(r.familiar(), familiar, "familiar of {input:?}");
            assert_eq!(r.repository(), format!("{domain}/{path}"));
            assert_eq!(
                ImageRef::parse(display).as_ref(),
                Ok(&r),
                "round trip {input:?}"
            );
            assert_eq!(
                ImageRef::parse(familiar).as_ref(),
                Ok(&r),
                "familiar {input:?}"
            );
        }
    }

    #[test]
    fn invalid_references() {
        for (input, expected) in err_cases() {
            assert_eq!(ImageRef::parse(input), Err(expected), "input {input:?}");
        }
    }

    #[test]
    fn digest_hex_rules() {
        let h63 = &h64!()[..63];
        let h65 = concat!(h64!(), "0");
        let cases = [
            (format!("nginx@sha256:{h63}"), "sha256 needs 64 hex digits"),
            (format!("nginx@sha256:{h65}"), "sha256 needs 64 hex digits"),
            (
                format!("nginx@sha256:{}", h64!().to_uppercase()),
                "sha256 digests use lowercase hex digits",
            ),
            (
                format!("nginx@sha256:{}A", h63),
                "sha256 digests use lowercase hex digits",
            ),
            (
                format!("nginx@sha256:{}g", h63),
                "the part after “sha256:” must be hex digits (0-9, a-f)",
            ),
            (
                format!("nginx@sha256:{} {}", &h64!()[..30], &h64!()[31..]),
                "the part after “sha256:” must be hex digits (0-9, a-f)",
            ),
            (
                format!("nginx@sha512:{}", &h128!()[..127]),
                "sha512 needs 128 hex digits",
            ),
            (
                format!("nginx@sha512:{}0", h128!()),
                "sha512 needs 128 hex digits",
            ),
            (
                format!("nginx@sha512:{}", h128!().to_uppercase()),
                "sha512 digests use lowercase hex digits",
            ),
        ];
        for (input, reason) in cases {
            match ImageRef::parse(&input) {
                Err(ReferenceError::InvalidDigest { problem, .. }) => {
                    assert_eq!(problem.to_string(), reason, "input {input:?}")
                }
                other => panic!("{input:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn tag_length_limit() {
        let t128 = "a".repeat(128);
        let r = ImageRef::parse(&format!("nginx:{t128}")).unwrap();
        assert_eq!(r.tag(), Some(t128.as_str()));
        let t129 = "a".repeat(129);
        assert_eq!(
            ImageRef::parse(&format!("nginx:{t129}")),
            Err(ReferenceError::TagTooLong {
                length: 129,
                max: TAG_MAX_LEN
            })
        );
        let t200 = format!("_{}", "-".repeat(199));
        assert_eq!(
            ImageRef::parse(&format!("nginx:{t200}")),
            Err(ReferenceError::TagTooLong {
                length: 200,
                max: TAG_MAX_LEN
            })
        );
    }

    #[test]
    fn name_length_limit() {
        // The limit applies to the normalised path, registry left out: `library/` counts.
        let ok = "a".repeat(255 - 8);
        assert!(ImageRef::parse(&ok).is_ok());
        let long = "a".repeat(255 - 7);
        assert_eq!(
            ImageRef::parse(&long),
            Err(ReferenceError::NameTooLong {
                length: 256,
                max: NAME_MAX_LEN
            })
        );
        let n256 = "a".repeat(256);
        assert_eq!(
            ImageRef::parse(&n256),
            Err(ReferenceError::NameTooLong {
                length: 264,
                max: NAME_MAX_LEN
            })
        );
        // A registry does not count: example.com/ and a 255-character path is valid.
        let reg = format!("example.com/{}", "b".repeat(255));
        assert!(ImageRef::parse(&reg).is_ok());
        let reg = format!("example.com/{}:t", "b".repeat(256));
        assert_eq!(
            ImageRef::parse(&reg),
            Err(ReferenceError::NameTooLong {
                length: 256,
                max: NAME_MAX_LEN
            })
        );
        let path = format!("example.com/{}/c", "b".repeat(254));
        assert!(matches!(
            ImageRef::parse(&path),
            Err(ReferenceError::NameTooLong { .. })
        ));
    }

    #[test]
    fn pull_arguments() {
        let r = ImageRef::parse("nginx").unwrap();
        assert_eq!(r.repository(), "docker.io/library/nginx");
        assert_eq!(r.pull_tag_or_digest(), "latest");
        assert_eq!(r.tag_or_latest(), "latest");
        assert_eq!(r.familiar_name(), "nginx");

        let r = ImageRef::parse("localhost:5000/app:1.0").unwrap();
        assert_eq!(r.pull_tag_or_digest(), "1.0");
        assert_eq!(r.tag_or_latest(), "1.0");
        assert_eq!(r.familiar_name(), "localhost:5000/app");

        let r = ImageRef::parse(concat!("user/app@sha256:", h64!())).unwrap();
        assert_eq!(r.pull_tag_or_digest(), D);
        assert_eq!(r.tag(), None);
        assert_eq!(r.tag_or_latest(), "latest");
        assert_eq!(r.familiar_name(), "user/app");

        let r = ImageRef::parse(concat!("app:v1@sha256:", h64!())).unwrap();
        assert_eq!(r.pull_tag_or_digest(), D);
        assert_eq!(r.tag_or_latest(), "v1");
    }

    #[test]
    fn remembers_whether_latest_was_assumed() {
        assert!(ImageRef::parse("nginx").unwrap().to_parsed().tag_defaulted);
        assert!(
            ImageRef::parse("localhost:5000/app")
                .unwrap()
                .to_parsed()
                .tag_defaulted
        );
        assert!(
            !ImageRef::parse("nginx:latest")
                .unwrap()
                .to_parsed()
                .tag_defaulted
        );
        assert!(
            !ImageRef::parse(concat!("nginx@sha256:", h64!()))
                .unwrap()
                .to_parsed()
                .tag_defaulted
        );
        // How it was typed does not change what it names.
        assert_eq!(
            ImageRef::parse("nginx").unwrap(),
            ImageRef::parse("nginx:latest").unwrap()
        );
    }

    #[test]
    fn from_str_and_serialisation() {
        let r: ImageRef = "user/app:1".parse().unwrap();
        assert_eq!(r, ImageRef::try_from("docker.io/user/app:1").unwrap());
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "normalized": "docker.io/user/app:1",
                "familiar": "user/app:1",
                "domain": "docker.io",
                "path": "user/app",
                "tag": "1",
                "digest": null,
                "tagDefaulted": false,
            })
        );
        assert_eq!(json, serde_json::to_value(r.to_parsed()).unwrap());

        let err = ImageRef::parse("nginx:").unwrap_err();
        assert_eq!(
            serde_json::to_value(&err).unwrap(),
            serde_json::json!({"kind": "EmptyTag"})
        );
        let err = ImageRef::parse("Nginx").unwrap_err();
        assert_eq!(
            serde_json::to_value(&err).unwrap(),
            serde_json::json!({"kind": "Uppercase", "name": "Nginx"})
        );
    }

    #[test]
    fn messages() {
        let msg = |s: &str| ImageRef::parse(s).unwrap_err().to_string();
        assert_eq!(msg(""), "Enter an image name, like nginx or nginx:alpine.");
        assert_eq!(
            msg("Nginx"),
            "The repository name must be lowercase: “Nginx”."
        );
        assert_eq!(
            msg(&format!("a:{}", "b".repeat(129))),
            "The tag is longer than 128 characters."
        );
        assert_eq!(
            msg("a@sha256:abc"),
            "Invalid digest: sha256 needs 64 hex digits."
        );
        assert_eq!(
            msg("a:a b"),
            "The tag “a b” contains characters that are not allowed (letters, digits, _ . - only)."
        );
        assert_eq!(msg("a:-b"), "The tag “-b” cannot start with “.” or “-”.");
        assert_eq!(msg(" a"), "Remove the spaces before or after the name.");
        assert_eq!(
            msg("a b"),
            "The repository name “a b” contains characters that are not allowed \
             (lowercase letters, digits, _ . - and / only)."
        );
        assert_eq!(
            msg("a..b"),
            "“a..b” joins letters with separators that are not allowed: use one “.”, \
             one or two “_”, or dashes."
        );
        assert_eq!(msg("a@"), "Invalid digest: nothing follows “@”.");
        assert_eq!(
            msg("a@sha256"),
            "Invalid digest: expected the form sha256:<64 hex digits>."
        );
        assert_eq!(
            msg(concat!("a@1sha:", h64!())),
            "Invalid digest: “1sha” is not a valid algorithm name."
        );
        assert_eq!(
            msg(concat!("a@md5:", h64!())),
            "Invalid digest: “md5” is not supported (use sha256, sha384 or sha512)."
        );
        assert_eq!(
            msg("a@md5:0123"),
            "Invalid digest: the hex part needs at least 32 digits."
        );
        assert_eq!(
            msg(&format!("a@sha256:{}", h64!().to_uppercase())),
            "Invalid digest: sha256 digests use lowercase hex digits."
        );
        assert_eq!(
            msg(&format!("a@sha256:{}g", &h64!()[..63])),
            "Invalid digest: the part after “sha256:” must be hex digits (0-9, a-f)."
        );
        assert_eq!(
            validate_platform("linux").unwrap_err().to_string(),
            "“linux” is not a platform: use os/arch or os/arch/variant, like linux/amd64 \
             or linux/arm/v7."
        );
        assert_eq!(
            msg("localhost:50x/app"),
            "“:50x” is not a valid registry port."
        );
        assert_eq!(
            msg(&"a".repeat(256)),
            "The name is longer than 255 characters."
        );
        assert_eq!(
            msg("a-"),
            "A repository name component cannot start or end with a separator: “a-”."
        );
        assert_eq!(msg("nginx:"), "The tag after “:” is empty.");
        assert_eq!(
            msg("a_b/"),
            "The repository name has an empty part: check for a leading, trailing or double “/”."
        );
        assert_eq!(
            msg("bad_host.com/x"),
            "“bad_host.com” is not a valid registry address."
        );
        assert_eq!(
            msg(h64!()),
            "That is an image ID, not a name: enter a repository name like nginx."
        );
        // Every message is one sentence.
        for (input, e) in all_cases() {
            let m = e.to_string();
            assert!(m.ends_with('.') && !m.contains('\n'), "{input:?}: {m}");
        }
    }

    #[cfg(feature = "ts")]
    #[test]
    fn typescript_declarations() {
        use ts_rs::{Config, TS};
        let cfg = Config::new();
        let parsed = ParsedReference::decl(&cfg);
        let error = ReferenceError::decl(&cfg);
        println!("{parsed}\n{error}\n{}", ImageRef::inline(&cfg));
        assert!(parsed.contains("normalized: string") && parsed.contains("tag: string | null"));
        assert!(error.contains("\"kind\": \"MissingName\"") && error.contains("length: number"));
    }

    /// Platforms `validate_platform` refuses.
    fn platform_cases() -> Vec<ErrCase> {
        let bad = |p: &'static str| {
            (
                p,
                ReferenceError::InvalidPlatform {
                    platform: p.to_owned(),
                },
            )
        };
        vec![
            bad(""),
            bad("linux"),
            bad("Linux/amd64"),
            bad("linux//amd64"),
            bad("linux/arm/v7/x"),
            bad("linux/amd 64"),
        ]
    }

    fn all_cases() -> Vec<ErrCase> {
        let mut all = err_cases();
        all.extend(platform_cases());
        all
    }

    #[test]
    fn platforms() {
        for ok in [
            "linux/amd64",
            "linux/arm/v7",
            "windows/amd64",
            "linux/arm64/v8",
        ] {
            assert_eq!(validate_platform(ok), Ok(()), "{ok:?}");
        }
        for (input, expected) in platform_cases() {
            assert_eq!(validate_platform(input), Err(expected), "{input:?}");
        }
        assert_eq!(
            serde_json::to_value(validate_platform("x").unwrap_err()).unwrap(),
            serde_json::json!({"kind": "InvalidPlatform", "platform": "x"})
        );
    }

    #[test]
    fn every_digest_problem_is_exercised() {
        // Each way a digest can be wrong has a case in the table (the `match` fails to
        // compile when a variant is added, which points here).
        let problems: Vec<DigestProblem> = err_cases()
            .into_iter()
            .filter_map(|(_, e)| match e {
                ReferenceError::InvalidDigest { problem, .. } => Some(problem),
                _ => None,
            })
            .collect();
        let names = |p: &DigestProblem| match p {
            DigestProblem::Empty => "Empty",
            DigestProblem::Form => "Form",
            DigestProblem::AlgorithmName { .. } => "AlgorithmName",
            DigestProblem::UnsupportedAlgorithm { .. } => "UnsupportedAlgorithm",
            DigestProblem::Length { .. } => "Length",
            DigestProblem::Uppercase { .. } => "Uppercase",
            DigestProblem::NotHex { .. } => "NotHex",
            DigestProblem::HexTooShort { .. } => "HexTooShort",
        };
        let seen: std::collections::BTreeSet<&str> = problems.iter().map(names).collect();
        assert_eq!(seen.len(), 8, "{seen:?}");
        let err = ImageRef::parse("a@sha256:abc").unwrap_err();
        assert_eq!(
            serde_json::to_value(&err).unwrap(),
            serde_json::json!({
                "kind": "InvalidDigest",
                "digest": "sha256:abc",
                "problem": {"kind": "Length", "algorithm": "sha256", "digits": 64},
            })
        );
    }

    #[test]
    fn every_error_is_exercised() {
        // Each way a reference can be refused has a case in the tables (the `match` fails to
        // compile when a variant is added, which points here).
        let seen = |want: fn(&ReferenceError) -> bool| all_cases().iter().any(|(_, e)| want(e));
        type Is = fn(&ReferenceError) -> bool;
        let all: [(&str, Is); 18] = [
            ("MissingName", |e| matches!(e, ReferenceError::MissingName)),
            ("Whitespace", |e| matches!(e, ReferenceError::Whitespace)),
            ("ImageId", |e| matches!(e, ReferenceError::ImageId { .. })),
            ("InvalidDomain", |e| {
                matches!(e, ReferenceError::InvalidDomain { .. })
            }),
            ("InvalidPort", |e| {
                matches!(e, ReferenceError::InvalidPort { .. })
            }),
            ("Uppercase", |e| {
                matches!(e, ReferenceError::Uppercase { .. })
            }),
            ("InvalidNameCharacters", |e| {
                matches!(e, ReferenceError::InvalidNameCharacters { .. })
            }),
            ("EmptyNameComponent", |e| {
                matches!(e, ReferenceError::EmptyNameComponent { .. })
            }),
            ("SeparatorAtEdge", |e| {
                matches!(e, ReferenceError::SeparatorAtEdge { .. })
            }),
            ("InvalidSeparator", |e| {
                matches!(e, ReferenceError::InvalidSeparator { .. })
            }),
            ("NameTooLong", |e| {
                matches!(e, ReferenceError::NameTooLong { .. })
            }),
            ("EmptyTag", |e| matches!(e, ReferenceError::EmptyTag)),
            ("InvalidTag", |e| {
                matches!(e, ReferenceError::InvalidTag { .. })
            }),
            ("TagStartsWithSeparator", |e| {
                matches!(e, ReferenceError::TagStartsWithSeparator { .. })
            }),
            ("TagTooLong", |e| {
                matches!(e, ReferenceError::TagTooLong { .. })
            }),
            ("InvalidPlatform", |e| {
                matches!(e, ReferenceError::InvalidPlatform { .. })
            }),
            ("InvalidDigest", |e| {
                matches!(e, ReferenceError::InvalidDigest { .. })
            }),
            ("exhaustive", |e| match e {
                ReferenceError::MissingName
                | ReferenceError::Whitespace
                | ReferenceError::ImageId { .. }
                | ReferenceError::InvalidDomain { .. }
                | ReferenceError::InvalidPort { .. }
                | ReferenceError::Uppercase { .. }
                | ReferenceError::InvalidNameCharacters { .. }
                | ReferenceError::EmptyNameComponent { .. }
                | ReferenceError::SeparatorAtEdge { .. }
                | ReferenceError::InvalidSeparator { .. }
                | ReferenceError::NameTooLong { .. }
                | ReferenceError::EmptyTag
                | ReferenceError::InvalidTag { .. }
                | ReferenceError::TagStartsWithSeparator { .. }
                | ReferenceError::TagTooLong { .. }
                | ReferenceError::InvalidDigest { .. }
                | ReferenceError::InvalidPlatform { .. } => true,
            }),
        ];
        for (name, want) in all {
            assert!(seen(want), "no table case is refused with {name}");
        }
    }

    fn check_round_trip(s: &str) -> Result<(), TestCaseError> {
        if let Ok(r) = ImageRef::parse(s) {
            let display = r.to_string();
            prop_assert_eq!(
                ImageRef::parse(&display),
                Ok(r.clone()),
                "Display {}",
                display
            );
            let familiar = r.familiar();
            let again = ImageRef::parse(&familiar);
            prop_assert_eq!(
                again.as_ref().map(ToString::to_string),
                Ok(display.clone()),
                "familiar {}",
                familiar
            );
            prop_assert_eq!(again, Ok(r.clone()));
            prop_assert!(r.domain().chars().count() + 1 + r.path().chars().count() <= NAME_MAX_LEN);
            prop_assert!(!r.pull_tag_or_digest().is_empty());
            prop_assert!(r.tag().is_some() || r.digest().is_some());
        }
        Ok(())
    }

    /// References built from the grammar, so the round trip sees many valid inputs.
    fn grammar_reference() -> impl Strategy<Value = String> {
        let domain = prop_oneof![
            Just(String::new()),
            Just("docker.io/".to_owned()),
            Just("index.docker.io/".to_owned()),
            Just("localhost/".to_owned()),
            "[a-zA-Z0-9]([a-zA-Z0-9-]{0,5}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]{1,4}){0,2}(:[0-9]{1,5})?/",
            "\\[[0-9a-fA-F:]{1,10}\\](:[0-9]{1,5})?/",
        ];
        let component = "[a-z0-9]{1,4}((\\.|_|__|-{1,3})[a-z0-9]{1,4}){0,2}";
        let path = proptest::collection::vec(component, 1..4).prop_map(|c| c.join("/"));
        let tag = proptest::option::of("[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}");
        let digest = proptest::option::of(prop_oneof![
            "[a-f0-9]{64}".prop_map(|h| format!("sha256:{h}")),
            "[a-f0-9]{128}".prop_map(|h| format!("sha512:{h}")),
        ]);
        (domain, path, tag, digest).prop_map(|(d, p, t, g)| {
            let mut s = format!("{d}{p}");
            if let Some(t) = t {
                s.push(':');
                s.push_str(&t);
            }
            if let Some(g) = g {
                s.push('@');
                s.push_str(&g);
            }
            s
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn never_panics_on_anything(s in ".*") {
            check_round_trip(&s)?;
        }

        #[test]
        fn never_panics_on_grammar_alphabet(s in "[a-zA-Z0-9:/@._\\-\\[\\]]{0,300}") {
            check_round_trip(&s)?;
        }

        #[test]
        fn grammar_references_round_trip(s in grammar_reference()) {
            check_round_trip(&s)?;
        }

        #[test]
        fn built_references_parse(
            path in "[a-z0-9]{1,8}(/[a-z0-9]{1,8}){0,2}",
            tag in "[A-Za-z0-9_][A-Za-z0-9_.-]{0,30}",
        ) {
            let r = ImageRef::parse(&format!("{path}:{tag}"));
            prop_assert!(r.is_ok(), "{:?}", r);
        }
    }
}
