//! A small model of the engine's image store that answers "what would `docker rmi` do?"
//! without touching anything.
//!
//! The rules are moby's `daemon/images/image_delete.go` (`ImageDelete`,
//! `imageDeleteHelper`, `checkImageDeleteConflict`, `isSingleReference`) and
//! `image_prune.go`, transcribed step by step so a plan can be shown before anything is
//! deleted. Every rule is pinned against the real engine by `tests/removal/` (a private engine of its own).
//! Comments quote the moby function each part mirrors.

use crate::reference::ImageRef;
use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One repository reference of an image: a tag (`nginx:alpine`) or a digest
/// (`nginx@sha256:…`), as the engine lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ref {
    /// The reference as `docker images` prints it (familiar form).
    pub text: String,
    /// The normalised repository (`docker.io/library/nginx`), which moby's `Name()` gives.
    pub repo: String,
    /// A digest reference (`reference.Canonical`) rather than a tag.
    pub digest: bool,
    /// The reference normalised (`docker.io/library/nginx:latest`), worked out once: two
    /// spellings name the same reference when their keys are equal.
    pub key: String,
}

impl Ref {
    /// Builds a reference from the engine's `RepoTags`/`RepoDigests` text. Returns `None`
    /// for placeholders and text that is no reference.
    pub fn parse(text: &str) -> Option<Self> {
        let parsed = ImageRef::parse(text).ok()?;
        Some(Self {
            text: text.to_owned(),
            repo: parsed.repository(),
            digest: parsed.digest().is_some() && parsed.tag().is_none(),
            key: parsed.to_string(),
        })
    }
}

/// The key a name is looked up by (see [`Ref::key`]); `None` for text that is no reference,
/// which names nothing.
fn name_key(name: &str) -> Option<String> {
    ImageRef::parse(name).ok().map(|r| r.to_string())
}

/// An image as the store sees it.
#[derive(Debug, Clone)]
pub(crate) struct Img {
    /// Full ID, `sha256:…`.
    pub id: String,
    /// `ParentId` (classic builder chains); `None` for pulled and BuildKit images.
    pub parent: Option<String>,
    /// Tags and digests, in engine order.
    pub refs: Vec<Ref>,
}

/// A container as far as image deletion cares.
#[derive(Debug, Clone)]
pub(crate) struct Ctr {
    /// Full container ID.
    pub id: String,
    /// The image it was created from, by ID.
    pub image_id: String,
    /// moby's `IsRunning()`: running, paused and restarting all count.
    pub running: bool,
    /// The reference it was created from (`Config.Image`: a name, or an ID as typed), when
    /// known. Only the containerd store's prune reads it (`containerd_prune_records`).
    pub created_as: Option<String>,
}

/// What `docker rmi` is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A name (`nginx:alpine`, `nginx@sha256:…`).
    Name(String),
    /// An ID or ID prefix, resolved to the full ID.
    Id(String),
}

/// One line of the engine's answer to `DELETE /images/{name}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Record {
    /// A reference was removed.
    Untagged(String),
    /// The image (by ID) was deleted.
    Deleted(String),
}

/// Why the engine would refuse (HTTP 409).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reason {
    /// `image has dependent child images` (hard).
    ChildImages,
    /// `image is being used by running container …` (hard).
    RunningContainer(String),
    /// `image is referenced in multiple repositories` (soft).
    MultipleReferences,
    /// `image is being used by stopped container …` (soft).
    StoppedContainer(String),
    /// `unable to remove repository reference … (must force) - container … is using its
    /// referenced image` (soft): untagging would leave a container's image nameless.
    ReferenceInUse(String),
}

/// A refusal: which image, why, and whether `force` would get past it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Conflict {
    /// The image the engine refused to delete or untag.
    pub image_id: String,
    /// Hard conflicts ("cannot be forced") stop even `-f`.
    pub hard: bool,
    /// The engine's reason.
    pub reason: Reason,
}

/// The answer to a `rmi` that did not go through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// No image by that name or ID (HTTP 404).
    NotFound(String),
    /// HTTP 409.
    Conflict(Conflict),
}

// moby's conflict masks (image_delete.go).
const CHILD: u8 = 1;
const RUNNING: u8 = 2;
const ACTIVE_REFERENCE: u8 = 4;
const STOPPED: u8 = 8;
const HARD: u8 = CHILD | RUNNING;
const SOFT: u8 = ACTIVE_REFERENCE | STOPPED;

/// Every image by ID, with the two look-ups the engine's rules make on every call kept as
/// indexes (a name → the images it names, a parent → its children), so planning thousands of
/// images stays linear: a scan of the store per call made it quadratic.
#[derive(Debug, Default)]
pub(crate) struct Images {
    by_id: BTreeMap<String, Img>,
    /// [`Ref::key`] → the images with such a reference, in ID order.
    by_name: HashMap<String, BTreeSet<String>>,
    /// Parent ID → its children's IDs, in ID order.
    children: HashMap<String, BTreeSet<String>>,
}

impl Images {
    pub fn get<Q: Ord + ?Sized>(&self, id: &Q) -> Option<&Img>
    where
        String: Borrow<Q>,
    {
        self.by_id.get(id)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, id: &Q) -> bool
    where
        String: Borrow<Q>,
    {
        self.by_id.contains_key(id)
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.by_id.keys()
    }

    pub fn values(&self) -> impl Iterator<Item = &Img> {
        self.by_id.values()
    }

    /// Adds (or replaces) the image `id`.
    pub fn insert(&mut self, id: String, img: Img) {
        self.remove(&id);
        for r in &img.refs {
            self.by_name
                .entry(r.key.clone())
                .or_default()
                .insert(id.clone());
        }
        if let Some(parent) = &img.parent {
            self.children
                .entry(parent.clone())
                .or_default()
                .insert(id.clone());
        }
        self.by_id.insert(id, img);
    }

    /// Removes the image `id` from the store and from the indexes.
    pub fn remove(&mut self, id: &str) -> Option<Img> {
        let img = self.by_id.remove(id)?;
        for r in &img.refs {
            unindex(&mut self.by_name, &r.key, id);
        }
        if let Some(parent) = &img.parent {
            unindex(&mut self.children, parent, id);
        }
        Some(img)
    }

    /// The first image (in ID order) with a reference whose key is `key`.
    fn named(&self, key: &str) -> Option<&String> {
        self.by_name.get(key).and_then(|ids| ids.first())
    }

    /// The IDs of the images whose parent is `id`, in ID order.
    fn children_of(&self, id: &str) -> impl Iterator<Item = &String> {
        self.children.get(id).into_iter().flatten()
    }

    /// Removes from image `id` its first reference whose key is `key`.
    fn remove_ref(&mut self, id: &str, key: &str) -> Option<Ref> {
        let img = self.by_id.get_mut(id)?;
        let at = img.refs.iter().position(|r| r.key == key)?;
        let removed = img.refs.remove(at);
        if !img.refs.iter().any(|r| r.key == key) {
            unindex(&mut self.by_name, key, id);
        }
        Some(removed)
    }
}

fn unindex(index: &mut HashMap<String, BTreeSet<String>>, key: &str, id: &str) {
    if let Some(ids) = index.get_mut(key) {
        ids.remove(id);
        if ids.is_empty() {
            index.remove(key);
        }
    }
}

impl Clone for Images {
    fn clone(&self) -> Self {
        #[cfg(test)]
        copied::add(self.by_id.len());
        Self {
            by_id: self.by_id.clone(),
            by_name: self.by_name.clone(),
            children: self.children.clone(),
        }
    }
}

/// How many images this thread has copied with a store: a plan copies the whole store a
/// fixed number of times, never once per selected image.
#[cfg(test)]
pub(crate) mod copied {
    use std::cell::Cell;

    thread_local!(static IMAGES: Cell<usize> = const { Cell::new(0) });

    pub(crate) fn add(n: usize) {
        IMAGES.with(|c| c.set(c.get() + n));
    }

    /// The count so far, set back to 0.
    pub(crate) fn take() -> usize {
        IMAGES.with(|c| c.replace(0))
    }
}

impl FromIterator<(String, Img)> for Images {
    fn from_iter<I: IntoIterator<Item = (String, Img)>>(iter: I) -> Self {
        let mut images = Self::default();
        for (id, img) in iter {
            images.insert(id, img);
        }
        images
    }
}

impl<Q: Ord + ?Sized> std::ops::Index<&Q> for Images
where
    String: Borrow<Q>,
{
    type Output = Img;

    fn index(&self, id: &Q) -> &Img {
        &self.by_id[id]
    }
}

/// The store: images by ID and every container.
#[derive(Debug, Clone, Default)]
pub(crate) struct World {
    /// Every image, intermediate build images included (`/images/json?all=1`).
    pub images: Images,
    /// Every container (`/containers/json?all=1`).
    pub containers: Vec<Ctr>,
    /// The engine keeps its images in Docker's containerd image store (Docker Desktop's
    /// default), whose `ImageDelete` (moby's `daemon/containerd/image_delete.go`) knows no
    /// child-image conflict (`World::hard`).
    pub containerd: bool,
}

impl World {
    /// The image a target names, as moby's `GetImage` resolves it.
    pub fn resolve(&self, target: &Target) -> Option<String> {
        match target {
            Target::Id(prefix) => {
                let mut matches = self.ids_starting(prefix);
                let first = matches.next();
                // An ambiguous prefix is a 404-like refusal at the engine too.
                match matches.next() {
                    None => first.cloned(),
                    Some(_) => None,
                }
            }
            Target::Name(name) => self.images.named(&name_key(name)?).cloned(),
        }
    }

    /// The IDs that `prefix` (an ID or the start of one, with or without `sha256:`) could
    /// name: those whose hex digits, with or without the algorithm, start with it. Two
    /// ranges of the ordered store, not a scan of it.
    fn ids_starting<'a>(&'a self, prefix: &str) -> impl Iterator<Item = &'a String> + 'a {
        let hex = prefix.strip_prefix("sha256:").unwrap_or(prefix).to_owned();
        let with_algorithm = format!("sha256:{hex}");
        let with = self
            .images
            .by_id
            .range(with_algorithm.clone()..)
            .map(|(id, _)| id)
            .take_while(move |id| id.starts_with(&with_algorithm));
        let without = self
            .images
            .by_id
            .range(hex.clone()..)
            .map(|(id, _)| id)
            .take_while(move |id| id.starts_with(&hex))
            // Those are the range above when the prefix itself starts with `sha256:`.
            .filter(|id| !id.starts_with("sha256:"));
        with.chain(without)
    }

    /// Images whose parent is `id` (moby's `imageStore.Children`).
    pub fn children(&self, id: &str) -> Vec<String> {
        self.images.children_of(id).cloned().collect()
    }

    /// The part of the store that deleting image `id` on its own can read or change: the
    /// image, the images a name or ID prefix of it also names and their parent chains
    /// (pruned with them), which are the only images the calls act on; with the containers
    /// using any of them. A plan works out each selected image's verdict there, on a copy
    /// of a few images instead of the whole store.
    ///
    /// Of the other images, the rules ask only whether an image acted on has children
    /// (a child stops its delete; a childless untagged image is dangling), and only the
    /// images acted on can be deleted. So each keeps its children that are acted on
    /// themselves and at most one other, which is never deleted and answers "yes" as all
    /// of them would: with thousands of children of one parent (a classic builder's
    /// cache), each judged child copies three images, not its thousands of siblings.
    pub fn around(&self, id: &str) -> World {
        // Images a call may act on: `id`, what its names and ID also name, their parents.
        let mut acted: BTreeSet<&String> = BTreeSet::new();
        let mut todo: Vec<&String> = Vec::new();
        if let Some((own, img)) = self.images.by_id.get_key_value(id) {
            todo.push(own);
            todo.extend(self.ids_starting(id));
            for r in &img.refs {
                todo.extend(self.images.by_name.get(&r.key).into_iter().flatten());
            }
        }
        while let Some(at) = todo.pop() {
            if !acted.insert(at) {
                continue;
            }
            if let Some(parent) = self.images.get(at).and_then(|i| i.parent.as_ref()) {
                if let Some((parent, _)) = self.images.by_id.get_key_value(parent) {
                    todo.push(parent);
                }
            }
        }
        // Decided once every image acted on is known, so the order they were found in
        // cannot matter. Looking past the children acted on finds the first other one.
        let mut keep = acted.clone();
        for at in &acted {
            if let Some(other) = self.images.children_of(at).find(|c| !acted.contains(c)) {
                keep.insert(other);
            }
        }
        #[cfg(test)]
        copied::add(keep.len());
        World {
            images: keep
                .iter()
                .filter_map(|id| Some(((*id).clone(), self.images.get(*id)?.clone())))
                .collect(),
            containers: self
                .containers
                .iter()
                .filter(|c| keep.contains(&c.image_id))
                .cloned()
                .collect(),
            containerd: self.containerd,
        }
    }

    /// Whether any image has `id` as its parent.
    pub fn has_children(&self, id: &str) -> bool {
        self.images.children_of(id).next().is_some()
    }

    fn refs(&self, id: &str) -> Vec<Ref> {
        self.images
            .get(id)
            .map(|img| img.refs.clone())
            .unwrap_or_default()
    }

    /// moby's `imageIsDangling`: no references and no children.
    fn is_dangling(&self, id: &str) -> bool {
        self.images.get(id).is_none_or(|img| img.refs.is_empty()) && !self.has_children(id)
    }

    fn first_container(&self, id: &str, running: Option<bool>) -> Option<String> {
        self.containers
            .iter()
            .find(|c| c.image_id == id && running.is_none_or(|r| c.running == r))
            .map(|c| c.id.clone())
    }

    /// Removes the reference `text` (however it is spelled) from image `id`.
    fn remove_ref(&mut self, id: &str, text: &str) -> Option<Ref> {
        self.images.remove_ref(id, &name_key(text)?)
    }

    /// The classic store, after a tag was removed: "If a tag reference was removed and the
    /// only remaining references to the same repository are digest references, then clean
    /// up those digest references."
    fn drop_lone_digests(
        &mut self,
        id: &str,
        removed: &Ref,
        repo_refs: &mut Vec<Ref>,
        records: &mut Vec<Record>,
    ) {
        if removed.digest {
            return;
        }
        let tag_left = repo_refs
            .iter()
            .any(|r| !r.digest && r.repo == removed.repo);
        if tag_left {
            return;
        }
        let mut remaining = Vec::new();
        for r in std::mem::take(repo_refs) {
            if r.digest && r.repo == removed.repo {
                self.images.remove_ref(id, &r.key);
                records.push(Record::Untagged(r.text));
            } else {
                remaining.push(r);
            }
        }
        *repo_refs = remaining;
    }

    /// The names of image `id` that a delete by `name` removes on the containerd store
    /// (moby's `getSameReferences` there), as keys, `name`'s first: a tag with its
    /// repository's digests when no other tag of that repository is left; a digest with
    /// every name of its repository. Empty when the image has no such name.
    fn same_references(&self, id: &str, name: &str) -> Vec<String> {
        let refs = self.refs(id);
        let Some(key) = name_key(name) else {
            return Vec::new();
        };
        let Some(named) = refs.iter().find(|r| r.key == key) else {
            return Vec::new();
        };
        let same_repo = refs.iter().filter(|r| r.repo == named.repo && r.key != key);
        let mut keys = vec![key.clone()];
        if named.digest {
            keys.extend(same_repo.map(|r| r.key.clone()));
        } else if !same_repo.clone().any(|r| !r.digest) {
            keys.extend(same_repo.map(|r| r.key.clone()));
        }
        keys
    }

    /// Removes a container (`docker rm`); containers do not affect anything else here.
    pub fn remove_container(&mut self, id: &str) {
        self.containers.retain(|c| c.id != id);
    }

    /// Stops a container (`docker stop`).
    pub fn stop_container(&mut self, id: &str) {
        for c in self.containers.iter_mut().filter(|c| c.id == id) {
            c.running = false;
        }
    }

    /// `DELETE /images/{target}?force=…&noprune=!prune`, as moby's `ImageDelete` runs it.
    /// On refusal nothing changes, except that moby has already untagged when the
    /// refusal comes from deleting after an untag; that is mirrored exactly.
    pub fn delete(
        &mut self,
        target: &Target,
        force: bool,
        prune: bool,
    ) -> Result<Vec<Record>, Refusal> {
        let name = match target {
            Target::Id(s) | Target::Name(s) => s.clone(),
        };
        let id = self
            .resolve(target)
            .ok_or(Refusal::NotFound(name.clone()))?;
        let mut records = Vec::new();
        let mut repo_refs = self.refs(&id);
        let names_before = repo_refs.len();
        let mut removed_repository_ref = false;

        match target {
            Target::Name(_) => {
                // What the call removes on the containerd store (`getSameReferences`).
                let same = if self.containerd {
                    self.same_references(&id, &name)
                } else {
                    Vec::new()
                };
                // "A repository reference was given and should be removed first." The
                // containerd store refuses when the call would remove every name.
                let last = if self.containerd {
                    !same.is_empty() && same.len() == repo_refs.len()
                } else {
                    is_single_reference(&repo_refs)
                };
                if !force && last {
                    if let Some(ctr) = self.first_container(&id, None) {
                        return Err(Refusal::Conflict(Conflict {
                            image_id: id,
                            hard: false,
                            reason: Reason::ReferenceInUse(ctr),
                        }));
                    }
                }
                if self.containerd {
                    if same.is_empty() {
                        return Err(Refusal::NotFound(name));
                    }
                    for key in &same {
                        if let Some(r) = self.images.remove_ref(&id, key) {
                            records.push(Record::Untagged(r.text));
                        }
                    }
                    repo_refs = self.refs(&id);
                } else {
                    let Some(removed) = self.remove_ref(&id, &name) else {
                        return Err(Refusal::NotFound(name));
                    };
                    records.push(Record::Untagged(removed.text.clone()));
                    repo_refs = self.refs(&id);
                    self.drop_lone_digests(&id, &removed, &mut repo_refs, &mut records);
                }
                // "If it has remaining references then the untag finished the remove."
                if !repo_refs.is_empty() {
                    return Ok(records);
                }
                // The containerd store, forced, only untags an image a container uses, running
                // or stopped (moby's `softImageDelete`): it stays, as `<none>`.
                if self.containerd && force && self.first_container(&id, None).is_some() {
                    return Ok(records);
                }
                // Its only name removed without force leaves an image with children there, as
                // `<none>` (moby keeps a dangling record for it, and answers `Deleted` all the
                // same, which `execute.rs` checks against what is left); its `deleteAll` still
                // prunes the nameless parents, as below. A call that removed several names
                // at once deletes it (moby clears the reference conflict then).
                if self.containerd && !force && names_before == 1 && self.has_children(&id) {
                    let parent = self.images.get(&id).and_then(|img| img.parent.clone());
                    if let Some(parent) = parent.filter(|p| prune && self.images.contains_key(p)) {
                        self.delete_helper(&parent, &mut records, false, true, true)
                            .map_err(Refusal::Conflict)?;
                    }
                    return Ok(records);
                }
                removed_repository_ref = true;
            }
            Target::Id(_) => {
                // "If an ID reference was given AND there is at most one tag reference to
                // the image AND all references are within one repository, then remove all
                // references."
                if is_single_reference(&repo_refs) {
                    let mut mask = self.hard();
                    if !force {
                        mask |= SOFT & !ACTIVE_REFERENCE;
                    }
                    if let Some(conflict) = self.check_conflict(&id, mask) {
                        return Err(Refusal::Conflict(conflict));
                    }
                    for r in repo_refs {
                        self.images.remove_ref(&id, &r.key);
                        records.push(Record::Untagged(r.text));
                    }
                }
            }
        }
        self.delete_helper(&id, &mut records, force, prune, removed_repository_ref)
            .map_err(Refusal::Conflict)?;
        Ok(records)
    }

    /// moby's `imageDeleteHelper`.
    fn delete_helper(
        &mut self,
        id: &str,
        records: &mut Vec<Record>,
        force: bool,
        prune: bool,
        quiet: bool,
    ) -> Result<(), Conflict> {
        let mut mask = self.hard();
        if !force {
            mask |= SOFT;
        }
        if let Some(conflict) = self.check_conflict(id, mask) {
            let used = matches!(
                conflict.reason,
                Reason::RunningContainer(_) | Reason::StoppedContainer(_)
            );
            // "Ignore conflicts UNLESS the image is dangling or not being used in which
            // case we want the user to know."
            if quiet && (!self.is_dangling(id) || used) {
                return Ok(());
            }
            return Err(conflict);
        }
        let parent = self.images.get(id).and_then(|img| img.parent.clone());
        // removeAllReferencesToImageID
        for r in self.refs(id) {
            records.push(Record::Untagged(r.text));
        }
        self.images.remove(id);
        records.push(Record::Deleted(id.to_owned()));
        match parent {
            // "Do not force prunings, but do so quietly (stopping on any encountered
            // conflicts)."
            Some(parent) if prune && self.images.contains_key(&parent) => {
                self.delete_helper(&parent, records, false, true, true)
            }
            _ => Ok(()),
        }
    }

    /// The conflicts even force cannot pass. The containerd store has no child-image
    /// conflict: an image with children is deleted by ID, with or without force, and by its
    /// last name with force (seen on Engine 28.5; the children stay whole).
    fn hard(&self) -> u8 {
        if self.containerd {
            HARD & !CHILD
        } else {
            HARD
        }
    }

    /// moby's `checkImageDeleteConflict`, checks in moby's order.
    fn check_conflict(&self, id: &str, mask: u8) -> Option<Conflict> {
        let conflict = |hard, reason| {
            Some(Conflict {
                image_id: id.to_owned(),
                hard,
                reason,
            })
        };
        if mask & CHILD != 0 && self.has_children(id) {
            return conflict(true, Reason::ChildImages);
        }
        if mask & RUNNING != 0 {
            if let Some(c) = self.first_container(id, Some(true)) {
                return conflict(true, Reason::RunningContainer(c));
            }
        }
        if mask & ACTIVE_REFERENCE != 0 && self.images.get(id).is_some_and(|i| !i.refs.is_empty()) {
            return conflict(false, Reason::MultipleReferences);
        }
        if mask & STOPPED != 0 {
            if let Some(c) = self.first_container(id, Some(false)) {
                return conflict(false, Reason::StoppedContainer(c));
            }
        }
        None
    }

    /// `docker image prune` (`all = false`: dangling only) or `docker image prune -a`,
    /// as moby's `ImagesPrune` runs it with no further filters. Returns the records in
    /// the order the simulation produced them; the engine's order follows map
    /// iteration and is not stable.
    pub fn prune(&mut self, all: bool) -> Vec<Record> {
        self.prune_calls(all)
            .into_iter()
            .flat_map(|c| c.records)
            .collect()
    }

    /// The `ImageDelete` calls moby's `ImagesPrune` makes, each with what it did here.
    /// Imagen runs exactly the calls that did something, so a confirmed prune removes the
    /// previewed images and nothing pulled since.
    pub fn prune_calls(&mut self, all: bool) -> Vec<PruneCall> {
        if self.containerd {
            return self.prune_calls_containerd(all);
        }
        // `imageStore.Heads()` (no children) for dangling-only, `Map()` for `-a`; then
        // "Filter intermediary images": drop those with no references but children.
        let top: Vec<String> = self
            .images
            .values()
            .filter(|img| {
                let childless = !self.has_children(&img.id);
                // Heads always; with `-a` also images with children when they have a name.
                childless || (all && !img.refs.is_empty())
            })
            .map(|img| img.id.clone())
            .collect();
        let mut calls = Vec::new();
        for id in top {
            if !self.images.contains_key(&id) {
                continue; // pruned meanwhile as somebody's parent
            }
            // No container check here: like moby, containers stop a prune only through
            // `ImageDelete`'s conflicts (so an image with two tags and a stopped container
            // loses its first tag under `prune -a`).
            let mut refs = self.refs(&id);
            if refs.is_empty() {
                let target = Target::Id(id.clone());
                let records = self.delete(&target, false, true).unwrap_or_default();
                calls.push(PruneCall {
                    target,
                    image: id,
                    records,
                    prune: true,
                });
                continue;
            }
            // "Only delete if it has no references which is a valid NamedTagged."
            if all || refs.iter().all(|r| r.digest) {
                // The reference store lists references sorted by their full name.
                refs.sort_by(|a, b| a.key.cmp(&b.key));
                for r in refs {
                    let target = Target::Name(r.text.clone());
                    let records = self.delete(&target, false, true).unwrap_or_default();
                    calls.push(PruneCall {
                        target,
                        image: id.clone(),
                        records,
                        prune: true,
                    });
                }
            }
        }
        calls
    }
}

/// One `ImageDelete` call of a prune.
#[derive(Debug, Clone)]
pub(crate) struct PruneCall {
    /// What is deleted: a reference, or an image with none by its full ID.
    pub target: Target,
    /// The image the target names.
    pub image: String,
    /// What it did in the model (empty: refused or nothing left to do).
    pub records: Vec<Record>,
    /// Whether the call prunes the image's nameless parents (`noprune=false`): the classic
    /// store's prune deletes intermediate images that way; the containerd store's deletes
    /// each of them by itself.
    pub prune: bool,
}

/// moby's `isSingleReference`: at most one tag, and every reference in that tag's
/// repository. No references at all is *not* a single reference.
pub(crate) fn is_single_reference(refs: &[Ref]) -> bool {
    if refs.len() <= 1 {
        return refs.len() == 1;
    }
    let mut single: Option<&Ref> = None;
    let mut digest_repos = std::collections::BTreeSet::new();
    for r in refs {
        if r.digest {
            digest_repos.insert(r.repo.as_str());
        } else if single.is_none() {
            single = Some(r);
        } else {
            return false;
        }
    }
    let single = single.unwrap_or(&refs[0]);
    digest_repos.len() == 1 && digest_repos.contains(single.repo.as_str())
}

#[path = "model_containerd_prune.rs"]
mod containerd_prune;

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
