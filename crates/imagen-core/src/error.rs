//! The one error type of imagen-core.
//!
//! Every variant is something the UI can act on, so it crosses IPC as a tagged object
//! (`{"kind": "EngineUnreachable", "address": …}`) and the UI switches on `kind` instead of
//! parsing text. Messages are complete sentences a first-timer can read.

use serde::Serialize;

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong between Imagen and a Docker engine.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ImagenError"))]
#[serde(tag = "kind")]
pub enum Error {
    /// No engine answered at `address` (socket missing, connection refused, engine stopped).
    #[error("Cannot reach the Docker engine at {address}: {reason}")]
    EngineUnreachable {
        /// The address Imagen tried, e.g. `unix:///var/run/docker.sock`.
        address: String,
        /// What the operating system or the connection said.
        reason: String,
    },
    /// The engine accepted the connection but did not answer in time.
    #[error("The Docker engine at {address} did not answer within {seconds} seconds")]
    EngineTimeout {
        /// The address Imagen tried.
        address: String,
        /// How long Imagen waited.
        seconds: u32,
    },
    /// `DOCKER_HOST` (or a configured address) uses a scheme Imagen cannot speak.
    #[error("Imagen cannot connect to {address}: use unix://, npipe://, tcp:// or http://")]
    UnsupportedAddress {
        /// The address as given.
        address: String,
    },
    /// The engine answered with an error status.
    #[error("The Docker engine refused the request ({status}): {message}")]
    EngineRejected {
        /// HTTP status code from the engine.
        status: u16,
        /// The engine's own message.
        message: String,
    },
    /// The engine answered something Imagen could not understand.
    #[error("The Docker engine sent an answer Imagen could not read: {message}")]
    Protocol {
        /// What failed to parse.
        message: String,
    },
    /// A bug in Imagen itself (a panic caught at the IPC boundary, say).
    #[error("Imagen hit an internal error: {message}")]
    Internal {
        /// What happened.
        message: String,
    },
}

impl Error {
    /// Maps a bollard error, naming the engine address for connection failures.
    pub(crate) fn from_bollard(address: &str, err: bollard::errors::Error) -> Self {
        use bollard::errors::Error as B;
        match err {
            B::DockerResponseServerError {
                status_code,
                message,
            } => Error::EngineRejected {
                status: status_code,
                message,
            },
            // The address already names the path; say what is wrong with it.
            B::SocketNotFoundError(_) => Error::EngineUnreachable {
                address: address.to_owned(),
                reason: "the socket file does not exist".into(),
            },
            B::UnsupportedURISchemeError { uri } => Error::UnsupportedAddress { address: uri },
            B::RequestTimeoutError => Error::EngineTimeout {
                address: address.to_owned(),
                seconds: crate::engine::REQUEST_TIMEOUT_SECS as u32,
            },
            B::JsonDataError { message, .. } => Error::Protocol { message },
            B::JsonSerdeError { err } => Error::Protocol {
                message: err.to_string(),
            },
            B::APIVersionParseError {} => Error::Protocol {
                message: "the engine reported an API version Imagen cannot parse".into(),
            },
            // Hyper/IO errors all mean the same to a user: nothing usable answered there.
            other => Error::EngineUnreachable {
                address: address.to_owned(),
                reason: root_cause(&other),
            },
        }
    }

    /// True when the engine itself is gone or silent, so a reconnect is worth trying.
    pub fn is_connection_failure(&self) -> bool {
        matches!(
            self,
            Error::EngineUnreachable { .. } | Error::EngineTimeout { .. }
        )
    }
}

/// The innermost cause reads best ("Connection refused (os error 111)").
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = err;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_tagged_object() {
        let err = Error::EngineUnreachable {
            address: "unix:///tmp/x.sock".into(),
            reason: "the socket file does not exist".into(),
        };
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "kind": "EngineUnreachable",
                "address": "unix:///tmp/x.sock",
                "reason": "the socket file does not exist"
            })
        );
    }

    #[test]
    fn message_names_the_address() {
        let err = Error::from_bollard(
            "unix:///tmp/dead.sock",
            bollard::errors::Error::SocketNotFoundError("/tmp/dead.sock".into()),
        );
        assert!(err.to_string().contains("unix:///tmp/dead.sock"));
        assert!(err.is_connection_failure());
    }
}
