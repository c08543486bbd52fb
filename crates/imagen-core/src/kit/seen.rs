//! The archive previews the user was shown, by file ID, so that loading compares the file
//! and the engine with what the user saw, never with something the web view sends back.

use super::ArchivePreview;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// How many previews are kept (as many as file grants: one per chosen file at most).
const KEPT: usize = 32;

/// The latest preview shown for each file to load.
#[derive(Debug, Default, Clone)]
pub struct SeenArchives {
    inner: Arc<Mutex<VecDeque<(String, ArchivePreview)>>>,
}

impl SeenArchives {
    fn lock(&self) -> MutexGuard<'_, VecDeque<(String, ArchivePreview)>> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps `preview` as what was shown for file `file_id`, replacing an older one.
    pub fn keep(&self, file_id: &str, preview: ArchivePreview) {
        let mut seen = self.lock();
        seen.retain(|(id, _)| id != file_id);
        if seen.len() >= KEPT {
            seen.pop_front();
        }
        seen.push_back((file_id.to_owned(), preview));
    }

    /// What was last shown for file `file_id`, if anything.
    pub fn get(&self, file_id: &str) -> Option<ArchivePreview> {
        self.lock()
            .iter()
            .find(|(id, _)| id == file_id)
            .map(|(_, p)| p.clone())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::kit::Compression;

    fn preview(bytes: u64) -> ArchivePreview {
        ArchivePreview {
            file: "kit.tar".into(),
            bytes,
            compression: Compression::None,
            decompress_first: false,
            tags: vec![],
            images: 1,
            taken: None,
            platforms: vec![],
            engine_platform: None,
            engine: None,
        }
    }

    #[test]
    fn keeps_the_latest_per_file_and_a_bounded_number() {
        let seen = SeenArchives::default();
        seen.keep("file-a", preview(1));
        seen.keep("file-a", preview(2));
        assert_eq!(seen.get("file-a").unwrap().bytes, 2);
        for i in 0..KEPT {
            seen.keep(&format!("file-{i}"), preview(3));
        }
        assert!(seen.get("file-a").is_none(), "the oldest went first");
        assert_eq!(seen.lock().len(), KEPT);
    }
}
