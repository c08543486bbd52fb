//! What the transport needs to reach one engine: its address, and for `tcp://` the TLS
//! material, for `ssh://` how to run `ssh`. Where an endpoint comes from (`DOCKER_HOST`, a
//! docker context, a detected socket, the user's choice in the header) is decided in
//! [`super::resolve`]; how it is carried is [`super::raw`]'s business.

use super::EngineAddress;
use std::path::PathBuf;

/// One engine, as the transport reaches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `unix:///var/run/docker.sock`, `npipe:////./pipe/docker_engine`, `tcp://host:2376`,
    /// `ssh://user@host`.
    pub address: EngineAddress,
    /// TLS for `tcp://` (ignored for other schemes). `None` speaks plain HTTP.
    pub tls: Option<TlsFiles>,
    /// Extra arguments for the system's `ssh` before the host (ignored unless `ssh://`).
    /// Users configure ssh in `~/.ssh/config`, as for the docker CLI; the tests pass
    /// `-F <config>` here so they never touch the user's ssh setup.
    pub ssh_args: Vec<String>,
}

/// TLS settings the way the docker CLI takes them: `DOCKER_TLS_VERIFY` + `DOCKER_CERT_PATH`
/// (`ca.pem`, `cert.pem`, `key.pem`), or a context's material under
/// `~/.docker/contexts/tls/<sha256 of the name>/docker/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// Authority that signed the engine's certificate; `None` trusts the OS's roots.
    pub ca: Option<PathBuf>,
    /// Client certificate and its key, for engines that demand one (`--tlsverify`).
    pub cert: Option<PathBuf>,
    /// The client certificate's private key (PEM: PKCS#8, PKCS#1 or SEC1).
    pub key: Option<PathBuf>,
    /// Check the engine's certificate and name. Off only when the user asked for it
    /// (`DOCKER_TLS=1` without `DOCKER_TLS_VERIFY`, a context's `SkipTLSVerify`).
    pub verify: bool,
}

impl Endpoint {
    /// An endpoint with no TLS and no ssh arguments.
    pub fn plain(address: EngineAddress) -> Self {
        Self {
            address,
            tls: None,
            ssh_args: Vec::new(),
        }
    }

    /// With TLS settings.
    pub fn with_tls(mut self, tls: TlsFiles) -> Self {
        self.tls = Some(tls);
        self
    }

    /// With extra `ssh` arguments (placed before the host).
    pub fn with_ssh_args(mut self, args: impl IntoIterator<Item = String>) -> Self {
        self.ssh_args = args.into_iter().collect();
        self
    }

    /// Plain HTTP over TCP to a host that is not this machine: anyone on the way can read
    /// and change what is sent, so Imagen warns and never sends registry credentials.
    pub fn is_exposed(&self) -> bool {
        self.tls.is_none() && tcp_host(self.address.as_str()).is_some_and(|h| !is_loopback(h))
    }
}

impl From<EngineAddress> for Endpoint {
    fn from(address: EngineAddress) -> Self {
        Self::plain(address)
    }
}

impl From<&EngineAddress> for Endpoint {
    fn from(address: &EngineAddress) -> Self {
        Self::plain(address.clone())
    }
}

/// The host part of a `tcp://host:port` or `http://host:port` address, brackets removed.
pub(crate) fn tcp_host(address: &str) -> Option<&str> {
    let rest = address
        .strip_prefix("tcp://")
        .or_else(|| address.strip_prefix("http://"))?;
    let authority = rest.split('/').next().unwrap_or(rest);
    if let Some(v6) = authority.strip_prefix('[') {
        return v6.split(']').next();
    }
    Some(authority.rsplit_once(':').map_or(authority, |(h, _)| h))
}

/// `localhost`, `127.0.0.0/8` or `::1`: traffic that never leaves this machine.
pub(crate) fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(address: &str) -> Endpoint {
        Endpoint::plain(EngineAddress::new(address))
    }

    #[test]
    fn plain_tcp_to_another_host_is_exposed() {
        assert!(endpoint("tcp://192.0.2.2:2375").is_exposed());
        assert!(endpoint("tcp://docker.example:2375").is_exposed());
        assert!(endpoint("tcp://[2001:db8::1]:2375").is_exposed());
        assert!(!endpoint("tcp://127.0.0.1:2375").is_exposed());
        assert!(!endpoint("tcp://127.8.9.1:2375").is_exposed());
        assert!(!endpoint("tcp://localhost:2375").is_exposed());
        assert!(!endpoint("tcp://[::1]:2375").is_exposed());
        assert!(!endpoint("unix:///var/run/docker.sock").is_exposed());
        assert!(!endpoint("ssh://me@far.example").is_exposed());
        let tls = TlsFiles {
            ca: None,
            cert: None,
            key: None,
            verify: true,
        };
        assert!(!endpoint("tcp://192.0.2.2:2376").with_tls(tls).is_exposed());
    }
}
