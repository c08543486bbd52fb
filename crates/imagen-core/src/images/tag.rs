//! `docker tag`: a new name for an image the user saw, re-checked at the moment of tagging so
//! that a tag already naming another image is never moved without the user being asked.

use serde::Serialize;

/// What changed between what the user saw and the engine now; nothing was tagged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum TagChange {
    /// The image to tag is not on the engine any more.
    ImageGone,
    /// The new tag now names another image (`now`, its full ID) than it did when the user
    /// looked (`before`, `null` when it named none): tagging would move it away from `now`.
    TargetTaken {
        /// The tag, normalised (`docker.io/library/web:2`) and familiar (`web:2`).
        reference: String,
        /// The full ID it named when the user looked, if any.
        before: Option<String>,
        /// The full ID it names now.
        now: String,
    },
}

/// How a tag request ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "status", rename_all_fields = "camelCase")]
pub enum TagOutcome {
    /// The image has the new tag (it may have had it already).
    Tagged {
        /// The tag in the short form `docker images` shows (`web:2`, `reg:5000/a/b:1`).
        reference: String,
        /// `docker tag sha256:… web:2`.
        command: String,
    },
    /// Nothing was tagged: the engine changed; ask again with the new picture.
    Changed {
        /// What changed.
        change: TagChange,
    },
}
