//! What Imagen says about itself: its version and licence, for the About dialog and
//! `imagen --version`.

use serde::Serialize;

/// Imagen's version and licence, both from the workspace `Cargo.toml`
/// (`[workspace.package]`), which every crate of the workspace inherits: the one place the
/// version is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// Imagen's version, e.g. `0.1.0`.
    pub version: String,
    /// The licence Imagen is distributed under, as an SPDX expression: `MIT`.
    pub licence: String,
}

impl AppInfo {
    /// This build's version and licence.
    pub fn current() -> Self {
        Self {
            version: VERSION.to_owned(),
            licence: env!("CARGO_PKG_LICENSE").to_owned(),
        }
    }
}

/// Imagen's version, e.g. `0.1.0` (the workspace `Cargo.toml`'s `version`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_the_workspace_version_and_mit() {
        let info = AppInfo::current();
        let manifest = include_str!("../../../Cargo.toml");
        let declared = manifest
            .lines()
            .skip_while(|l| l.trim() != "[workspace.package]")
            .find_map(|l| l.strip_prefix("version = "))
            .map(|v| v.trim_matches('"'));
        assert_eq!(declared, Some(info.version.as_str()));
        assert_eq!(info.licence, "MIT");
        assert_eq!(
            serde_json::to_value(&info).ok(),
            Some(serde_json::json!({ "version": info.version, "licence": "MIT" }))
        );
    }
}
