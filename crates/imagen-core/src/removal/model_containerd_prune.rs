//! `docker image prune [-a]` on Docker's containerd image store (Docker Desktop's default),
//! whose `pruneUnused` (moby's `daemon/containerd/image_prune.go`) works on the store's name
//! records, not on images and their parent chains as the classic store's prune does:
//!
//! - every nameless image (its one record, `moby-dangling@<ID>`) is a candidate, children or
//!   not; intermediate build images go one by one, and their children stay whole;
//! - with `-a`, every name of every image is one too, except a name a container was created
//!   from (`Config.Image`, `:latest` added), whichever image it names now;
//! - a container keeps the nameless record of its image;
//! - names go in the order of their full spelling; an image's last record stays when a
//!   container uses the image.
//!
//! The engine deletes those records directly, with no conflict checks. Imagen makes
//! `ImageDelete` calls that prune nothing (`noprune=1`): each name by itself, then a nameless
//! image by its ID (also one the store kept as `<none>` for its children when its last name
//! went). In the usual cases that is the same result; where it cannot be, Imagen's prune
//! removes less, never more, and its preview says what it will do:
//! - an image a container uses keeps a name. The engine counts only containers created
//!   from its ID or a digest there, so when a container was created from a name that has
//!   since moved to another image, its prune deletes the last name of the image the
//!   container runs, and that image with it;
//! - a call that would remove a name the prune keeps is not made (a digest name's call
//!   removes its repository's tags too: `getSameReferences`);
//! - a call that `ImageDelete` would refuse is not made. (A defence: the last name of an
//!   image a container uses is the refusal there, and the rules above keep such a name, so
//!   a call that would take it is left out before.)

use super::{PruneCall, Target, World};
use crate::reference::ImageRef;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The record of a nameless image on that store.
fn dangling_record(id: &str) -> String {
    format!("moby-dangling@{id}")
}

/// The records a container's `Config.Image` keeps from `-a`: the name as the engine
/// normalises it, and for `name:tag@digest` also `name:tag`.
fn kept_by_name(created_as: &str) -> Vec<String> {
    let Ok(parsed) = ImageRef::parse(created_as) else {
        return Vec::new();
    };
    let mut keys = vec![parsed.to_string()];
    if let (Some(tag), Some(_)) = (parsed.tag(), parsed.digest()) {
        keys.push(format!("{}:{tag}", parsed.repository()));
    }
    keys
}

impl World {
    /// The records `pruneUnused` deletes: record name (a name's [`super::Ref::key`]) →
    /// (image ID, the name as listed, or `None` for a nameless image's record), in the
    /// engine's order.
    fn containerd_prune_records(&self, all: bool) -> BTreeMap<String, (String, Option<String>)> {
        let mut records = BTreeMap::new();
        // How many records each image has, kept or not (moby's `digestRefCount`).
        let mut count: HashMap<String, usize> = HashMap::new();
        for img in self.images.values() {
            if img.refs.is_empty() {
                count.insert(img.id.clone(), 1);
                records.insert(dangling_record(&img.id), (img.id.clone(), None));
                continue;
            }
            count.insert(img.id.clone(), img.refs.len());
            if all {
                for r in &img.refs {
                    records.insert(r.key.clone(), (img.id.clone(), Some(r.text.clone())));
                }
            }
        }
        let mut used: HashSet<&str> = HashSet::new();
        for c in &self.containers {
            records.remove(&dangling_record(&c.image_id));
            // The engine's `usedDigests` has only images created from by ID or digest;
            // Imagen's has every image in use (see the module's note).
            used.insert(c.image_id.as_str());
            for key in c
                .created_as
                .as_deref()
                .map(kept_by_name)
                .unwrap_or_default()
            {
                records.remove(&key);
            }
        }
        // In name order (`retain` visits keys in ascending order), as moby sorts them.
        records.retain(|_, (id, _)| match count.get_mut(id.as_str()) {
            Some(n) if *n > 1 => {
                *n -= 1;
                true
            }
            _ => !used.contains(id.as_str()),
        });
        records
    }

    /// The `ImageDelete` calls that delete what `pruneUnused` would, each with what it did
    /// here (see the module's note).
    pub(super) fn prune_calls_containerd(&mut self, all: bool) -> Vec<PruneCall> {
        let records = self.containerd_prune_records(all);
        // By image, in the order of each image's first record; its names (key and text) in
        // record order.
        let mut images: Vec<(String, Vec<(String, String)>)> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        for (key, (id, text)) in records {
            let i = *at.entry(id.clone()).or_insert_with(|| {
                images.push((id, Vec::new()));
                images.len() - 1
            });
            if let Some(text) = text {
                images[i].1.push((key, text));
            }
        }
        let mut calls = Vec::new();
        for (id, names) in images {
            let doomed: HashSet<&str> = names.iter().map(|(key, _)| key.as_str()).collect();
            // Every record of the image goes: it is deleted, and not only untagged. Not when
            // one of its calls is left out or refused (below): the image keeps that name.
            let mut whole = self
                .images
                .get(&id)
                .is_some_and(|img| img.refs.len() == names.len());
            for (key, text) in &names {
                if !self.refs(&id).iter().any(|r| r.key == *key) {
                    continue; // gone with an earlier call of this image (a tag's digest)
                }
                // A call that would also remove a name the prune keeps (a digest's call takes
                // its repository's tags there) is left out: Imagen's prune removes less then,
                // never more.
                if self
                    .same_references(&id, text)
                    .iter()
                    .any(|k| !doomed.contains(k.as_str()))
                {
                    whole = false;
                    continue;
                }
                let target = Target::Name(text.clone());
                let records = self.delete(&target, false, false).unwrap_or_default();
                // Refused (a container's image would lose its last name; see the module's
                // note): it keeps it.
                whole &= !records.is_empty();
                calls.push(PruneCall {
                    target,
                    image: id.clone(),
                    records,
                    prune: false,
                });
            }
            if whole && self.images.get(&id).is_some_and(|img| img.refs.is_empty()) {
                let target = Target::Id(id.clone());
                let records = self.delete(&target, false, false).unwrap_or_default();
                calls.push(PruneCall {
                    target,
                    image: id,
                    records,
                    prune: false,
                });
            }
        }
        calls
    }
}
