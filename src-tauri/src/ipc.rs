//! The IPC boundary: a panic inside a command must reach the UI as an error object, not
//! leave its promise pending forever.

use futures_util::FutureExt;
use imagen_core::Error;
use std::future::Future;
use std::panic::AssertUnwindSafe;

/// Runs a command body, turning a panic into [`Error::Internal`].
pub async fn guarded<T>(body: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
    match AssertUnwindSafe(body).catch_unwind().await {
        Ok(result) => result,
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(Error::Internal { message })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn panic_becomes_internal_error() {
        #[allow(clippy::panic)]
        let result: Result<(), Error> = guarded(async { panic!("boom") }).await;
        assert_eq!(
            result,
            Err(Error::Internal {
                message: "boom".into()
            })
        );
    }

    #[tokio::test]
    async fn errors_pass_through() {
        let err = Error::Protocol {
            message: "x".into(),
        };
        let result: Result<(), Error> = guarded(async { Err(err.clone()) }).await;
        assert_eq!(result, Err(err));
    }
}
