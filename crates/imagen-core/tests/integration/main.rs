//! imagen-core against a real engine: the PRIVATE one `scripts/test-engine.sh` starts.
//!
//! One test binary, one module per behaviour. Run through `scripts/test.sh` (or
//! `scripts/test-engine.sh run -- cargo test -p imagen-core --features engine-tests --test
//! integration`). Behind the `engine-tests` feature, so a plain `cargo test --workspace` on a
//! machine without the private engine stays green.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // failing loudly is the point

mod connect;
mod events;
mod filter;
mod first_list;
mod inspect;
mod kit;
mod list_images;
mod pull;
mod remote;
mod resolve;
mod stalled;
mod support;
mod switched;
mod tag;
mod token_registry;
mod updates;
mod versioned;
