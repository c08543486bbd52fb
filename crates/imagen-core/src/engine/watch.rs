//! Long calls on an engine that may freeze: a call's own limit fits slow work (minutes for a
//! `docker stop`, a large delete, a pull over bad Wi-Fi), so whether the engine is there at
//! all is asked apart, with pings.

use super::Engine;
use crate::error::Error;

/// Runs `step` while checking every `step_watch` that the engine answers a ping. A step's
/// own limit fits slow work (minutes for a `docker stop` or a large delete); an engine that
/// no longer answers at all (refused at once, or silent for two pings in a row: one slow
/// ping on a busy Docker Desktop VM or over ssh is not enough) ends the step as a lost
/// connection instead, and what the engine did with the request is then not known (the
/// dialog says so). Used by removal steps and by a pull's silent stream.
pub(crate) async fn while_answering<T, E: From<Error>>(
    engine: &Engine,
    step: impl std::future::Future<Output = std::result::Result<T, E>>,
) -> std::result::Result<T, E> {
    let every = engine.limits().step_watch;
    let watch = async {
        let mut silent = 0;
        loop {
            tokio::time::sleep(every).await;
            match engine.ping().await {
                Err(e @ Error::EngineTimeout { .. }) => {
                    silent += 1;
                    if silent >= 2 {
                        return e;
                    }
                }
                Err(e) if e.is_connection_failure() => return e,
                _ => silent = 0,
            }
        }
    };
    tokio::select! {
        r = step => r,
        lost = watch => Err(lost.into()),
    }
}
