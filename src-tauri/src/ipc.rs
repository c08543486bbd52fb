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

    /// Every command runs inside [`guarded`], async: a synchronous command runs on the main
    /// thread inside the web view's IPC callback, where a panic aborts the whole app, and
    /// Tauri catches none. Read from the sources, so a new command cannot forget it.
    #[test]
    fn every_command_is_guarded() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut commands = 0;
        for entry in std::fs::read_dir(&src).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            // Line ends as git may check them out on Windows.
            let text = std::fs::read_to_string(&path)
                .unwrap()
                .replace("\r\n", "\n");
            // At the start of a line, with arguments or not: the attribute, not this
            // test's own string.
            for (at, _) in text.match_indices("\n#[tauri::command") {
                commands += 1;
                // The command's whole item: up to the first line that closes it.
                let rest = &text[at + 1..];
                let item = &rest[..rest.find("\n}\n").unwrap_or(rest.len())];
                // The line after the attribute (and any others before the function).
                let signature = item
                    .lines()
                    .skip(1)
                    .find(|l| !l.starts_with("#["))
                    .unwrap_or_default();
                let name = path.file_name().unwrap().to_string_lossy();
                assert!(
                    signature.starts_with("pub async fn "),
                    "{name}: not async: {signature}"
                );
                assert!(
                    item.contains("guarded("),
                    "{name}: not inside guarded: {signature}"
                );
            }
        }
        assert!(commands >= 31, "only {commands} commands found");
    }
}
