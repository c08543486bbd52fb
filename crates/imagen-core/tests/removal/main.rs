//! Removal plans against a real engine: every rule the plan model encodes (moby's
//! `image_delete.go` and `image_prune.go`) is pinned here by doing it for real and
//! comparing with what the plan predicted.
//!
//! These tests delete and prune, so they run on an engine of their own with only the
//! busybox base image (`scripts/test.sh` starts it with `IMAGEN_FIXTURES=base`), built with
//! `--features removal-tests`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // failing loudly is the point

mod disk_full;
mod mid_run;
mod prune;
mod races;
mod rmi;
mod scenario;
#[path = "../integration/support.rs"]
#[allow(dead_code)]
mod support;

/// Removal tests take it shared; prune tests take it exclusively, because a prune acts on
/// the whole engine and its preview is compared with the engine's answer.
pub static ENGINE: tokio::sync::RwLock<()> = tokio::sync::RwLock::const_new(());
