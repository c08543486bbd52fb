//! `docker tag`: a new name for an image the user saw, re-checked at the moment of tagging so
//! that a tag already naming another image is never moved without the user being asked.

use crate::engine::calls::CallError;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::input;
use crate::record::shell_line;
use crate::reference::ImageRef;
use crate::Connection;
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
        /// `docker tag sha256:… web:2` (the image's full ID: see [`tag_command`]).
        command: String,
    },
    /// Nothing was tagged: the engine changed; ask again with the new picture.
    Changed {
        /// What changed.
        change: TagChange,
    },
}

/// The Terminal record's line for tagging `image_id` as `reference`: `docker tag <full ID>
/// <reference>`. The full ID, always (never the 12-digit short form), so the line names the
/// same image whatever else appears on the engine later. `reference` is written in the short
/// form [`tag_image`] answers with (`web:2` for `web`, `docker.io/library/web:2`…) when it
/// is a valid tag; otherwise as given, quoted.
pub fn tag_command(image_id: &str, reference: &str) -> String {
    let familiar = match ImageRef::parse(reference) {
        Ok(r) if r.digest().is_none() => r.familiar(),
        _ => reference.to_owned(),
    };
    shell_line(&["docker", "tag", image_id, &familiar])
}

/// `docker tag <image_id> <target>`, re-checked first.
///
/// `image_id` is the full ID the user saw; `target` the new name as typed (`web:2`, no tag
/// means `latest`, a digest is refused); `expected` the full ID the target named when the
/// user looked (`None`: it named nothing). Nothing is tagged when the image is gone
/// ([`TagChange::ImageGone`]) or when the target now names another image than `expected`
/// ([`TagChange::TargetTaken`]): the tag would be taken away from that image without the
/// user having seen it. A target that already names the image is [`TagOutcome::Tagged`]
/// without a request; one that named `expected` and is free now is tagged (nothing moves).
///
/// Between the re-check and the tag request there is no lock on the engine (`docker tag` has
/// none): a tag moved by someone else in that instant is moved again, as the CLI would.
pub async fn tag_image(
    conn: &Connection,
    image_id: &str,
    target: &str,
    expected: Option<&str>,
) -> Result<TagOutcome> {
    let image_id = input::full_image_id("image", image_id)?.to_owned();
    let target = parse_target(target)?;
    let expected = match expected {
        Some(e) => Some(input::full_image_id("expected", e)?.to_owned()),
        None => None,
    };
    conn.run(|engine| async move { tag_on(&engine, &image_id, &target, expected.as_deref()).await })
        .await
}

/// Whether `target` is a tag `docker tag` would take, as [`tag_image`] checks it: for the
/// command, so a refused target is not recorded as a `docker tag` line first.
pub fn check_target(target: &str) -> Result<()> {
    parse_target(target).map(|_| ())
}

/// The target checked at the door: a reference with a tag (`latest` when none was typed)
/// and no digest.
fn parse_target(target: &str) -> Result<ImageRef> {
    let target = input::text("tag", target)?;
    let parsed = crate::pull::parse_reference(target)?;
    if parsed.digest().is_some() {
        return Err(Error::InvalidInput {
            field: "tag".to_owned(),
            reason: "it names a digest (@sha256:…), which only a registry can give; a tag is \
                     a name with an optional :tag, like web:2"
                .to_owned(),
        });
    }
    Ok(parsed)
}

/// What the re-check decided.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Decision {
    /// The target already names the image: nothing to do.
    AlreadyTagged,
    /// Tag it: the target is free, or names what the user saw it name.
    Tag,
    /// The target names another image (`now`) than the user saw (`expected`).
    Taken { now: String },
}

/// The re-check, as a pure function of the image, what the user saw the target name
/// (`expected`) and what it names `now`.
fn decide(image_id: &str, expected: Option<&str>, now: Option<&str>) -> Decision {
    match now {
        Some(now) if now == image_id => Decision::AlreadyTagged,
        None => Decision::Tag,
        Some(now) if Some(now) == expected => Decision::Tag,
        Some(now) => Decision::Taken {
            now: now.to_owned(),
        },
    }
}

async fn tag_on(
    engine: &Engine,
    image_id: &str,
    target: &ImageRef,
    expected: Option<&str>,
) -> Result<TagOutcome> {
    let reference = target.familiar();
    let gone = || TagOutcome::Changed {
        change: TagChange::ImageGone,
    };
    if engine.image_id_of(image_id).await?.is_none() {
        return Ok(gone());
    }
    // The normalised name with its tag: never read as an ID prefix (`abcdef123456`).
    let now = engine.image_id_of(&target.to_string()).await?;
    let tagged = TagOutcome::Tagged {
        reference: reference.clone(),
        command: tag_command(image_id, &reference),
    };
    match decide(image_id, expected, now.as_deref()) {
        Decision::AlreadyTagged => return Ok(tagged),
        Decision::Taken { now } => {
            return Ok(TagOutcome::Changed {
                change: TagChange::TargetTaken {
                    reference,
                    before: expected.map(str::to_owned),
                    now,
                },
            })
        }
        Decision::Tag => {}
    }
    match engine
        .tag_image(image_id, &target.familiar_name(), target.tag_or_latest())
        .await
    {
        Ok(()) => Ok(tagged),
        Err(CallError::Status(404, _)) => Ok(gone()),
        Err(e) => Err(e.into_error()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const B: &str = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    const C: &str = "sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";

    #[test]
    fn the_recheck_tags_only_what_the_user_saw() {
        // Free then, free now.
        assert_eq!(decide(A, None, None), Decision::Tag);
        // Named B then, still B: the user accepted moving it.
        assert_eq!(decide(A, Some(B), Some(B)), Decision::Tag);
        // Named B then, free now: nothing moves.
        assert_eq!(decide(A, Some(B), None), Decision::Tag);
        // Already on the image: nothing to do, whatever the user saw.
        assert_eq!(decide(A, None, Some(A)), Decision::AlreadyTagged);
        assert_eq!(decide(A, Some(B), Some(A)), Decision::AlreadyTagged);
        // Taken meanwhile, or moved to another image.
        assert_eq!(decide(A, None, Some(B)), Decision::Taken { now: B.into() });
        assert_eq!(
            decide(A, Some(B), Some(C)),
            Decision::Taken { now: C.into() }
        );
    }

    #[test]
    fn targets_are_checked_at_the_door() {
        let t = parse_target("web").unwrap();
        assert_eq!(t.familiar(), "web:latest");
        assert_eq!(
            parse_target("127.0.0.1:5000/a/b:1").unwrap().familiar(),
            "127.0.0.1:5000/a/b:1"
        );
        let digest = format!("web@sha256:{}", "a".repeat(64));
        match parse_target(&digest).unwrap_err() {
            Error::InvalidInput { field, reason } => {
                assert_eq!(field, "tag");
                assert!(reason.contains("digest"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        assert!(parse_target(&format!("web:1@sha256:{}", "a".repeat(64))).is_err());
        for bad in [
            "",
            "Web:1",
            "../x?force=1",
            "web:1\0",
            "a b",
            &"a".repeat(600),
        ] {
            assert!(parse_target(bad).is_err(), "{bad}");
        }
        assert!(matches!(
            parse_target("web:-x").unwrap_err(),
            Error::InvalidReference { .. }
        ));
    }

    #[test]
    fn the_command_names_the_full_id_and_the_short_reference() {
        assert_eq!(tag_command(A, "web:2"), format!("docker tag {A} web:2"));
        assert_eq!(
            tag_command(A, "docker.io/library/web"),
            format!("docker tag {A} web:latest")
        );
        assert_eq!(
            tag_command(A, "127.0.0.1:5000/a/b:1"),
            format!("docker tag {A} 127.0.0.1:5000/a/b:1")
        );
        assert_eq!(tag_command(A, "it's"), format!(r#"docker tag {A} "it's""#));
    }
}
