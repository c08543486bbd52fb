//! A start-up timeline for the benchmark: with `IMAGEN_TRACE_START=1` in its environment the
//! app prints, to stderr, when each step between its start and the page's first list happened
//! (`imagen: +412 ms first list: listed (10,000 images)`), so `scripts/bench-app.mjs` can
//! tell the engine's part of "process start → first card" from the web view's. Silent and
//! nearly free otherwise (one environment read, once).

use std::sync::OnceLock;
use std::time::Instant;

/// The variable that turns the timeline on.
const TRACE_VARIABLE: &str = "IMAGEN_TRACE_START";

struct Timeline {
    began: Instant,
    on: bool,
}

static TIMELINE: OnceLock<Timeline> = OnceLock::new();

fn timeline() -> &'static Timeline {
    TIMELINE.get_or_init(|| Timeline {
        began: Instant::now(),
        on: std::env::var_os(TRACE_VARIABLE).is_some_and(|v| v == "1"),
    })
}

/// Starts the clock; call first thing in `main` (later steps are timed from here).
pub fn begin() {
    mark("main");
}

/// Notes that `step` happened now, when the timeline is on.
pub fn mark(step: impl std::fmt::Display) {
    let t = timeline();
    if t.on {
        eprintln!("imagen: +{} ms {step}", t.began.elapsed().as_millis());
    }
}
