//! TLS to a `tcp://` engine, the way the docker CLI sets it up (`--tlsverify`, `--tlscacert`,
//! `--tlscert`, `--tlskey`, or a context's TLS material): rustls with ring.
//!
//! - Trust: the CA file when one is given (an engine's CA is private, so only it may
//!   vouch for the engine), else the operating system's roots plus Mozilla's, as the
//!   registry probe does.
//! - The client certificate and its key when both are given: engines started with
//!   `--tlsverify` refuse clients without one.
//! - `verify: false` accepts any certificate: what the user asked for with `DOCKER_TLS=1`
//!   without `DOCKER_TLS_VERIFY`, or a context's `SkipTLSVerify` (an engine with a
//!   self-signed certificate). The traffic is still encrypted; it is only not known who
//!   is at the other end.
//!
//! Every problem is worded for the user: a file that cannot be read names the file, a
//! refused handshake says it is about certificates.

use super::TlsFiles;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// Why TLS could not be set up, as a sentence for [`crate::Error::EngineUnreachable`]'s
/// reason: the engine cannot be reached until the user fixes their TLS files.
pub(crate) type Problem = String;

/// The client configuration for `tls`, read from its files now (they are small, and a
/// renewed certificate is picked up by the next request).
pub(crate) fn client_config(tls: &TlsFiles) -> Result<Arc<ClientConfig>, Problem> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("cannot set up TLS: {e}"))?;
    let builder = if tls.verify {
        builder.with_root_certificates(roots(tls.ca.as_deref())?)
    } else {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AnyCertificate(provider)))
    };
    let config = match (&tls.cert, &tls.key) {
        (Some(cert), Some(key)) => builder
            .with_client_auth_cert(certificates(cert)?, private_key(key)?)
            .map_err(|e| bad_file(key, &format!("does not match {}: {e}", cert.display())))?,
        _ => builder.with_no_client_auth(),
    };
    Ok(Arc::new(config))
}

/// The name the engine's certificate must carry: the host of the address, an IP address
/// as such (engines are often reached by IP, with the IP in their certificate).
pub(crate) fn server_name(host: &str) -> Result<ServerName<'static>, Problem> {
    ServerName::try_from(host.to_owned())
        .map_err(|_| format!("“{host}” is not a host name TLS can check a certificate for"))
}

/// What a TLS failure somewhere in `err`'s source chain means, for the user, and whether it
/// is about the certificates (else, say, a plain-HTTP engine where TLS was expected); `None`
/// when the failure is not about TLS.
pub(crate) fn describe(err: &(dyn std::error::Error + 'static)) -> Option<(String, bool)> {
    let mut cur = Some(err);
    while let Some(e) = cur {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return Some((wording(tls), about_certificates(tls)));
        }
        // An io::Error's `source()` skips the error it wraps (tokio-rustls wraps rustls's).
        if let Some(inner) = e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            if let Some(tls) = inner.downcast_ref::<rustls::Error>() {
                return Some((wording(tls), about_certificates(tls)));
            }
            cur = Some(inner);
            continue;
        }
        cur = e.source();
    }
    None
}

/// The failures [`wording`] puts down to the certificates.
fn about_certificates(err: &rustls::Error) -> bool {
    use rustls::AlertDescription as A;
    matches!(
        err,
        rustls::Error::InvalidCertificate(_)
            | rustls::Error::AlertReceived(
                A::CertificateRequired
                    | A::BadCertificate
                    | A::UnknownCA
                    | A::CertificateUnknown
                    | A::UnsupportedCertificate
                    | A::CertificateExpired
                    | A::CertificateRevoked
                    | A::HandshakeFailure
            )
    )
}

fn wording(err: &rustls::Error) -> String {
    use rustls::AlertDescription as A;
    let what = match err {
        rustls::Error::InvalidCertificate(_) => {
            "the engine's certificate is not trusted (check the CA certificate)"
        }
        rustls::Error::AlertReceived(A::CertificateRequired) => {
            "the engine requires a client certificate (cert.pem and key.pem)"
        }
        rustls::Error::AlertReceived(
            A::BadCertificate
            | A::UnknownCA
            | A::CertificateUnknown
            | A::UnsupportedCertificate
            | A::CertificateExpired
            | A::CertificateRevoked
            | A::HandshakeFailure,
        ) => "the engine refused the client certificate",
        _ => "the TLS handshake with the engine failed",
    };
    format!("TLS certificate problem: {what} ({err})")
}

/// The CA file's certificates, else the operating system's roots and Mozilla's.
fn roots(ca: Option<&Path>) -> Result<RootCertStore, Problem> {
    if let Some(ca) = ca {
        let mut store = RootCertStore::empty();
        for cert in certificates(ca)? {
            store
                .add(cert)
                .map_err(|e| bad_file(ca, &format!("holds a certificate rustls rejects: {e}")))?;
        }
        return Ok(store);
    }
    Ok(system_roots())
}

/// The operating system's roots first (workshops behind a TLS-inspecting proxy have its CA
/// there), then Mozilla's for machines whose store cannot be read. Used for engines and for
/// the registry probe alike. Loading the OS store reads many files; once per run is enough.
pub(crate) fn system_roots() -> RootCertStore {
    static SYSTEM: OnceLock<RootCertStore> = OnceLock::new();
    SYSTEM
        .get_or_init(|| {
            let mut store = RootCertStore::empty();
            for cert in rustls_native_certs::load_native_certs().certs {
                let _ = store.add(cert);
            }
            store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            store
        })
        .clone()
}

/// Every certificate in a PEM file; at least one.
fn certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, Problem> {
    let pem = read(path)?;
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad_file(path, &format!("is not a PEM certificate file: {e}")))?;
    if certs.is_empty() {
        return Err(bad_file(path, "holds no PEM certificate"));
    }
    Ok(certs)
}

/// The private key in a PEM file (PKCS#8, PKCS#1 or SEC1).
fn private_key(path: &Path) -> Result<PrivateKeyDer<'static>, Problem> {
    let pem = read(path)?;
    PrivateKeyDer::from_pem_slice(&pem)
        .map_err(|e| bad_file(path, &format!("holds no usable PEM private key: {e}")))
}

fn read(path: &Path) -> Result<Vec<u8>, Problem> {
    std::fs::read(path).map_err(|e| bad_file(path, &format!("cannot be read: {e}")))
}

/// A TLS file Imagen cannot use: the user's setup to fix, so the message names the file.
fn bad_file(path: &Path, problem: &str) -> Problem {
    format!("the TLS file {} {problem}", path.display())
}

/// For `verify: false` only (see the module's documentation). Signatures are still
/// checked, so the handshake is a real one with whoever holds the certificate's key.
/// Also the registry probe's, for loopback registries docker treats as insecure.
#[derive(Debug)]
pub(crate) struct AnyCertificate(pub(crate) Arc<CryptoProvider>);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    //! Against an in-process TLS server answering one tiny HTTP response, through the same
    //! [`super::super::raw::send`] every request takes.
    use super::super::{Endpoint, EngineAddress, TlsFiles};
    use crate::error::Error;
    use crate::scratch::ScratchDir;
    use rcgen::{BasicConstraints, CertificateParams, ExtendedKeyUsagePurpose, IsCa, KeyPair};
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A certificate authority and what it signed.
    struct Ca {
        cert: rcgen::Certificate,
        key: KeyPair,
    }

    impl Ca {
        fn new() -> Self {
            let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
            params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            let key = KeyPair::generate().unwrap();
            let cert = params.self_signed(&key).unwrap();
            Self { cert, key }
        }

        /// A leaf for `names` (the server's) or for client authentication.
        fn sign(&self, names: &[&str], client: bool) -> (rcgen::Certificate, KeyPair) {
            let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
            let mut params = CertificateParams::new(names).unwrap();
            if client {
                params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
            }
            let key = KeyPair::generate().unwrap();
            let cert = params.signed_by(&key, &self.cert, &self.key).unwrap();
            (cert, key)
        }
    }

    /// PEM text (rcgen's own PEM output needs a feature, and a crate, Imagen does not use).
    fn pem(label: &str, der: &[u8]) -> String {
        use base64::Engine as _;
        let text = base64::engine::general_purpose::STANDARD.encode(der);
        let lines: Vec<&str> = text
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        format!(
            "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
            lines.join("\n")
        )
    }

    /// A fresh directory for PEM files, deleted when the test is done with it.
    fn dir() -> ScratchDir {
        ScratchDir::new("tls-test")
    }

    fn write(dir: &std::path::Path, name: &str, pem: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, pem).unwrap();
        path
    }

    /// Serves TLS on 127.0.0.1 with `cert`; demands a client certificate signed by
    /// `client_ca` when given. Returns the port and whether a client presented one.
    async fn server(
        cert: &rcgen::Certificate,
        key: &KeyPair,
        client_ca: Option<&Ca>,
    ) -> (u16, Arc<AtomicBool>) {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .unwrap();
        let builder = match client_ca {
            Some(ca) => {
                let mut roots = rustls::RootCertStore::empty();
                roots.add(ca.cert.der().clone()).unwrap();
                let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
                    Arc::new(roots),
                    provider,
                )
                .build()
                .unwrap();
                builder.with_client_cert_verifier(verifier)
            }
            None => builder.with_no_client_auth(),
        };
        let key = PrivateKeyDer::Pkcs8(key.serialize_der().into());
        let config = builder
            .with_single_cert(vec![CertificateDer::from(cert.der().to_vec())], key)
            .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let presented = Arc::new(AtomicBool::new(false));
        let seen = presented.clone();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    continue;
                };
                if tls.get_ref().1.peer_certificates().is_some() {
                    seen.store(true, Ordering::SeqCst);
                }
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                // A body in two chunks, as a pull's progress streams.
                let _ = tls
                    .write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nok-\r\n")
                    .await;
                let _ = tls.flush().await;
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                let _ = tls.write_all(b"4\r\ndone\r\n0\r\n\r\n").await;
                let _ = tls.shutdown().await;
            }
        });
        (port, presented)
    }

    async fn get(port: u16, tls: TlsFiles) -> Result<String, Error> {
        let endpoint =
            Endpoint::plain(EngineAddress::new(format!("tcp://127.0.0.1:{port}"))).with_tls(tls);
        let limit = std::time::Duration::from_secs(10);
        let (_, body) =
            super::super::gateway::exchange_at(&endpoint, hyper::Method::GET, "/version", limit)
                .await?;
        Ok(String::from_utf8_lossy(&body).into_owned())
    }

    fn files(ca: Option<PathBuf>, client: Option<(PathBuf, PathBuf)>, verify: bool) -> TlsFiles {
        let (cert, key) = client.unzip();
        TlsFiles {
            ca,
            cert,
            key,
            verify,
        }
    }

    fn reason(err: Error) -> String {
        match err {
            Error::EngineUnreachable { reason, .. } => reason,
            other => panic!("expected EngineUnreachable, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn the_engines_ca_verifies_it_and_the_body_streams() {
        let ca = Ca::new();
        let (cert, key) = ca.sign(&["127.0.0.1"], false);
        let (port, _) = server(&cert, &key, None).await;
        let dir = dir();
        let ca_pem = write(&dir, "ca.pem", &pem("CERTIFICATE", ca.cert.der()));
        assert_eq!(
            get(port, files(Some(ca_pem), None, true)).await.unwrap(),
            "ok-done"
        );
    }

    #[tokio::test]
    async fn another_ca_is_a_certificate_problem() {
        let (ca, other) = (Ca::new(), Ca::new());
        let (cert, key) = ca.sign(&["127.0.0.1"], false);
        let (port, _) = server(&cert, &key, None).await;
        let dir = dir();
        let wrong = write(&dir, "ca.pem", &pem("CERTIFICATE", other.cert.der()));
        let why = reason(get(port, files(Some(wrong), None, true)).await.unwrap_err());
        assert!(why.contains("certificate is not trusted"), "{why}");
        // The OS's roots do not know a private CA either.
        let why = reason(get(port, files(None, None, true)).await.unwrap_err());
        assert!(why.contains("certificate"), "{why}");
    }

    #[tokio::test]
    async fn a_name_the_certificate_does_not_carry_is_refused() {
        let ca = Ca::new();
        let (cert, key) = ca.sign(&["engine.example"], false);
        let (port, _) = server(&cert, &key, None).await;
        let dir = dir();
        let ca_pem = write(&dir, "ca.pem", &pem("CERTIFICATE", ca.cert.der()));
        let why = reason(
            get(port, files(Some(ca_pem), None, true))
                .await
                .unwrap_err(),
        );
        assert!(why.contains("certificate"), "{why}");
    }

    #[tokio::test]
    async fn the_client_certificate_is_presented_when_configured() {
        let ca = Ca::new();
        let (cert, key) = ca.sign(&["127.0.0.1"], false);
        let (port, presented) = server(&cert, &key, Some(&ca)).await;
        let dir = dir();
        let ca_pem = write(&dir, "ca.pem", &pem("CERTIFICATE", ca.cert.der()));

        // Without one, an engine started with --tlsverify refuses.
        let why = reason(
            get(port, files(Some(ca_pem.clone()), None, true))
                .await
                .unwrap_err(),
        );
        assert!(why.contains("client certificate"), "{why}");
        assert!(!presented.load(Ordering::SeqCst));

        let (client, client_key) = ca.sign(&[], true);
        let client = (
            write(&dir, "cert.pem", &pem("CERTIFICATE", client.der())),
            write(
                &dir,
                "key.pem",
                &pem("PRIVATE KEY", &client_key.serialize_der()),
            ),
        );
        let body = get(port, files(Some(ca_pem), Some(client), true)).await;
        assert_eq!(body.unwrap(), "ok-done");
        assert!(presented.load(Ordering::SeqCst));
    }

    #[tokio::test]
    async fn without_verification_a_self_signed_certificate_is_accepted() {
        let self_signed = rcgen::generate_simple_self_signed(vec!["elsewhere".into()]).unwrap();
        let (port, _) = server(&self_signed.cert, &self_signed.key_pair, None).await;
        assert_eq!(
            get(port, files(None, None, false)).await.unwrap(),
            "ok-done"
        );
        // Checked, the same server is refused.
        let why = reason(get(port, files(None, None, true)).await.unwrap_err());
        assert!(why.contains("certificate"), "{why}");
    }

    #[tokio::test]
    async fn a_missing_or_broken_file_is_named() {
        let dir = dir();
        let missing = dir.join("nope.pem");
        let why = reason(
            get(1, files(Some(missing.clone()), None, true))
                .await
                .unwrap_err(),
        );
        // Read before connecting: nothing listens on port 1, and the file is what is said.
        assert!(why.contains(&missing.display().to_string()), "{why}");

        let junk = write(&dir, "junk.pem", "not a certificate");
        let why = super::client_config(&files(Some(junk.clone()), None, true)).unwrap_err();
        assert!(why.contains(&junk.display().to_string()), "{why}");
        let ca = Ca::new();
        let cert = write(&dir, "cert.pem", &pem("CERTIFICATE", ca.cert.der()));
        let why = super::client_config(&files(None, Some((cert, junk.clone())), true)).unwrap_err();
        assert!(why.contains(&junk.display().to_string()), "{why}");
    }
}
