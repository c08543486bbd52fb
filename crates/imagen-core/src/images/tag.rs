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
    /// Imagen is connected to another engine than the one the user saw the image on (a
    /// reconnect that followed docker elsewhere, another engine chosen): the same image ID
    /// may be there too, but what the user looked at was the other engine.
    EngineSwitched {
        /// The engine the image was seen on (its address).
        from: String,
        /// The engine Imagen is connected to now.
        to: String,
    },
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
    /// The image the tag would be moved from (`holder`, its full ID) has other tags now than
    /// the user was told it keeps: moving the tag could leave it nameless (`<none>`) unseen.
    HolderChanged {
        /// The tag, familiar (`web:2`).
        reference: String,
        /// The full ID of the image that has it.
        holder: String,
        /// The tags that image would keep now, familiar (`web:1`); empty: none.
        keeps: Vec<String>,
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

/// What the user saw the new tag name when confirming: the image that had it (`holder`, a
/// full ID; `None`: no image) and the other tags that image keeps (`keeps`, as listed).
#[derive(Debug, Clone, Copy, Default)]
pub struct TagSeen<'a> {
    /// The address of the engine the user saw the image on; `None`: not known (nothing is
    /// compared).
    pub engine: Option<&'a str>,
    /// The full ID the target named, if any.
    pub holder: Option<&'a str>,
    /// The holder's other tags, which the user was told it keeps (empty: it becomes `<none>`).
    pub keeps: &'a [String],
}

/// How many tags the holder's `keeps` may list; an image rarely has more than a handful.
const MAX_KEEPS: usize = 1000;

/// `docker tag <image_id> <target>`, re-checked first.
///
/// `image_id` is the full ID the user saw; `target` the new name as typed (`web:2`, no tag
/// means `latest`, a digest is refused); `seen` what the target named when the user looked.
/// Nothing is tagged when Imagen is on another engine than `seen.engine`
/// ([`TagChange::EngineSwitched`]), when the image is gone ([`TagChange::ImageGone`]), when the target now
/// names another image than `seen.holder` ([`TagChange::TargetTaken`]: the tag would be
/// taken away from that image without the user having seen it), or when that image's other
/// tags are not `seen.keeps` ([`TagChange::HolderChanged`]: it could be left nameless
/// unseen). A target that already names the image is [`TagOutcome::Tagged`] without a
/// request; one that named the holder and is free now is tagged (nothing moves).
///
/// Between the re-check and the tag request there is no lock on the engine (`docker tag` has
/// none): a tag moved by someone else in that instant is moved again, as the CLI would.
pub async fn tag_image(
    conn: &Connection,
    image_id: &str,
    target: &str,
    seen: TagSeen<'_>,
) -> Result<TagOutcome> {
    let image_id = input::full_image_id("image", image_id)?.to_owned();
    let target = parse_target(target)?;
    let holder = match seen.holder {
        Some(e) => Some(input::full_image_id("expected", e)?.to_owned()),
        None => None,
    };
    let keeps = check_keeps(seen.keeps)?;
    let seen_on = seen.engine.map(|e| input::text("engine", e)).transpose()?;
    conn.run(|engine| async move {
        let to = engine.info().address.as_str();
        if let Some(from) = seen_on.filter(|from| *from != to) {
            return Ok(TagOutcome::Changed {
                change: TagChange::EngineSwitched {
                    from: from.to_owned(),
                    to: to.to_owned(),
                },
            });
        }
        tag_on(&engine, &image_id, &target, holder.as_deref(), &keeps).await
    })
    .await
}

/// The holder's tags the user saw, checked at the door and brought to the familiar form.
pub fn check_keeps(keeps: &[String]) -> Result<Vec<String>> {
    if keeps.len() > MAX_KEEPS {
        return Err(Error::InvalidInput {
            field: "keeps".to_owned(),
            reason: format!("it lists {} tags; at most {MAX_KEEPS}", keeps.len()),
        });
    }
    keeps
        .iter()
        .map(|t| {
            let t = input::text("keeps", t)?;
            ImageRef::parse(t)
                .map(|r| r.familiar())
                .map_err(|e| Error::InvalidInput {
                    field: "keeps".to_owned(),
                    reason: format!("{t} is not a tag: {e}"),
                })
        })
        .collect()
}

/// Whether `name` is a digest name (`nginx@sha256:…`), not a tag. Docker's containerd image
/// store lists them among an image's `RepoTags`; `docker images` and Imagen's list show
/// them as digests, so the user is never told the holder keeps them.
fn is_digest_name(name: &str) -> bool {
    name.contains('@')
}

/// The tags `holder_tags` (as the engine lists them) leaves the holder once `target` moves
/// away, familiar and sorted, when they are not the `seen` ones; `None` when they are.
/// Digest names count on neither side: moving a tag never takes one away.
fn keeps_changed(
    seen: &[String],
    holder_tags: &[String],
    target: &ImageRef,
) -> Option<Vec<String>> {
    let target = target.familiar();
    let mut now: Vec<String> = holder_tags
        .iter()
        .filter(|t| !t.starts_with("<none>") && !is_digest_name(t))
        .filter_map(|t| ImageRef::parse(t).ok())
        .map(|r| r.familiar())
        .filter(|t| *t != target)
        .collect();
    now.sort();
    now.dedup();
    let mut seen: Vec<String> = seen
        .iter()
        .filter(|t| **t != target && !is_digest_name(t))
        .cloned()
        .collect();
    seen.sort();
    seen.dedup();
    (now != seen).then_some(now)
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
    let id_pasted = || Error::InvalidInput {
        field: "tag".to_owned(),
        reason: "it is an image ID (sha256:…), not a tag; a tag is a name with an optional \
                 :tag, like web:2"
            .to_owned(),
    };
    let parsed = match crate::pull::parse_reference(target) {
        // A whole ID, which the grammar refuses as one.
        Err(Error::InvalidReference {
            rule: crate::reference::ReferenceError::ImageId { .. },
            ..
        }) => return Err(id_pasted()),
        parsed => parsed?,
    };
    // The engine refuses a repository named after the digest algorithm ("refusing to create
    // an ambiguous tag using digest algorithm as name"): it is an image ID pasted as a tag.
    if parsed.familiar_name() == "sha256" {
        return Err(id_pasted());
    }
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
    keeps: &[String],
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
    // Moving it: the image it leaves must keep what the user was told it keeps.
    if let Some(holder) = now.as_deref().filter(|n| Some(*n) == expected) {
        let Some(tags) = engine.image_tags_of(holder).await? else {
            // Gone in this instant: the tag is free, nothing moves.
            return tag_request(engine, image_id, target, tagged, gone()).await;
        };
        if let Some(keeps) = keeps_changed(keeps, &tags, target) {
            return Ok(TagOutcome::Changed {
                change: TagChange::HolderChanged {
                    reference,
                    holder: holder.to_owned(),
                    keeps,
                },
            });
        }
    }
    tag_request(engine, image_id, target, tagged, gone()).await
}

/// The tag request itself: `tagged` when done, `gone` when the image left meanwhile.
async fn tag_request(
    engine: &Engine,
    image_id: &str,
    target: &ImageRef,
    tagged: TagOutcome,
    gone: TagOutcome,
) -> Result<TagOutcome> {
    match engine
        .tag_image(image_id, &target.familiar_name(), target.tag_or_latest())
        .await
    {
        Ok(()) => Ok(tagged),
        Err(CallError::Status(404, _)) => Ok(gone),
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

    /// The image a tag moves from keeps what the user was told, or the move is asked again.
    #[test]
    fn the_holder_keeps_what_the_user_saw() {
        let target = parse_target("web:2").unwrap();
        let s = |v: &[&str]| v.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>();
        // Same tags, in any order and any spelling; the target itself is not kept.
        assert_eq!(
            keeps_changed(
                &s(&["web:1", "app:3"]),
                &s(&["web:2", "app:3", "docker.io/library/web:1"]),
                &target
            ),
            None
        );
        assert_eq!(keeps_changed(&[], &s(&["web:2"]), &target), None);
        assert_eq!(keeps_changed(&[], &s(&["<none>:<none>"]), &target), None);
        // Its other tag was removed in a terminal: it would be left nameless.
        assert_eq!(
            keeps_changed(&s(&["web:1"]), &s(&["web:2"]), &target),
            Some(vec![])
        );
        // It got one meanwhile.
        assert_eq!(
            keeps_changed(&[], &s(&["web:2", "web:3"]), &target),
            Some(s(&["web:3"]))
        );
        // What the user saw, as the door brings it to the familiar form, against the
        // engine's spelling: the same tags.
        let seen = check_keeps(&s(&["docker.io/library/web:1", "localhost:5000/a:1"])).unwrap();
        assert_eq!(seen, s(&["web:1", "localhost:5000/a:1"]));
        assert_eq!(
            keeps_changed(
                &seen,
                &s(&["localhost:5000/a:1", "web:1", "web:2"]),
                &target
            ),
            None
        );
        assert!(check_keeps(&s(&["../x?force=1"])).is_err());
        // Docker's containerd image store lists digest names among the tags; the list shows
        // them as digests, so the user was told of none: the holder keeps what it kept.
        let digest_name = format!("nginx@sha256:{}", "a".repeat(64));
        assert_eq!(
            keeps_changed(&[], &s(&["web:2", &digest_name]), &target),
            None
        );
        assert_eq!(
            keeps_changed(
                &s(&["web:1"]),
                &s(&["web:2", "web:1", &digest_name]),
                &target
            ),
            None
        );
        // One sent by the dialog anyway (checked at the door) is not a tag it keeps either.
        let seen = check_keeps(&s(&[&digest_name])).unwrap();
        assert_eq!(
            keeps_changed(&seen, &s(&["web:2", &digest_name]), &target),
            None
        );
        assert_eq!(keeps_changed(&seen, &s(&["web:2"]), &target), None);
        assert!(check_keeps(&vec!["web:1".to_owned(); MAX_KEEPS + 1]).is_err());
    }

    /// The engine refuses a repository named `sha256`: an image ID pasted as a tag is
    /// refused at the door, with words that say so.
    #[test]
    fn an_image_id_is_not_a_tag() {
        let id = format!("sha256:{}", "a".repeat(64));
        match parse_target(&id).unwrap_err() {
            Error::InvalidInput { field, reason } => {
                assert_eq!(field, "tag");
                assert!(reason.contains("image ID"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        assert!(parse_target("sha256:1").is_err());
        assert!(parse_target("team/sha256:1").is_ok(), "only the whole name");
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
