//! Image IDs (the SHA-256 digest of the image's configuration) and container IDs: typed,
//! so a name is never joined where an ID is meant.

use serde::{Deserialize, Serialize};

/// A full image ID as the engine reports it (`sha256:` + 64 hex digits). The UI sends it
/// back as a plain string; commands check its shape at the door (`input::full_image_id`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImageId(String);

impl ImageId {
    /// Wraps an ID exactly as the engine gave it.
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The full ID, `sha256:…`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 12-hex-digit form `docker images` prints (the algorithm prefix dropped).
    pub fn short(&self) -> &str {
        let hex = self.0.split_once(':').map_or(self.0.as_str(), |(_, h)| h);
        hex.get(..12).unwrap_or(hex)
    }
}

impl std::fmt::Display for ImageId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `sha256:<hex>` when `hex` is a bare SHA-256 image ID (64 hex digits, no algorithm):
/// Podman's compat API writes some IDs that way (`Deleted`, `ParentId`), and `docker save`
/// names an image's config part by it (`blobs/sha256/HEX`, `HEX.json`).
pub(crate) fn sha256_of_bare_hex(hex: &str) -> Option<String> {
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| format!("sha256:{hex}"))
}

/// Whether `repo_digest` (a `RepoDigests` entry) names the image `image_id` by that same ID:
/// what Docker's containerd image store lists, `web@<ID>`, made from the image's first name
/// (moby's `daemon/containerd/image_list.go`), because there the ID is the digest of the
/// image's index or manifest. Never on the classic store, where the ID is the digest of the
/// image's configuration, which no registry names the image by.
pub(crate) fn digest_is_own_id(repo_digest: &str, image_id: &str) -> bool {
    crate::reference::ImageRef::parse(repo_digest)
        .ok()
        .is_some_and(|parsed| parsed.digest() == Some(image_id))
}

/// A full container ID as the engine reports it (64 hex digits).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ContainerId(String);

impl ContainerId {
    /// Wraps an ID exactly as the engine gave it.
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The full ID.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 12 hex digits `docker ps` shows.
    pub fn short(&self) -> &str {
        self.0.get(..12).unwrap_or(&self.0)
    }
}

impl std::fmt::Display for ContainerId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::{sha256_of_bare_hex, ImageId};

    #[test]
    fn bare_hex_gets_its_algorithm_and_nothing_else_does() {
        let hex = "a".repeat(64);
        assert_eq!(sha256_of_bare_hex(&hex), Some(format!("sha256:{hex}")));
        assert_eq!(sha256_of_bare_hex(&format!("sha256:{hex}")), None);
        assert_eq!(sha256_of_bare_hex(&"a".repeat(63)), None);
        assert_eq!(sha256_of_bare_hex(&"g".repeat(64)), None);
        assert_eq!(sha256_of_bare_hex(""), None);
    }

    #[test]
    fn short_id_drops_the_algorithm_and_keeps_12_hex() {
        let id =
            ImageId::new("sha256:9c7a54a9a43cca047013b82af109fe963fde787f63f9e016fdc3384500c2823d");
        assert_eq!(id.short(), "9c7a54a9a43c");
    }

    #[test]
    fn short_id_of_bare_hex() {
        assert_eq!(ImageId::new("0123456789abcdef").short(), "0123456789ab");
    }

    #[test]
    fn short_id_of_short_input_does_not_panic() {
        assert_eq!(ImageId::new("sha256:abc").short(), "abc");
        assert_eq!(ImageId::new("").short(), "");
    }
}
