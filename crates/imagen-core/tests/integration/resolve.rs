//! Which engine, checked against the docker CLI itself: contexts made with `docker context
//! create` / `docker context use` in a throwaway `DOCKER_CONFIG`, or in `~/.docker` of a
//! throwaway `HOME`, are read back by `resolve()` and `candidates()` exactly as `docker
//! context inspect`, `docker context show` and `docker context ls` show them. `DOCKER_CONFIG`
//! or `HOME` is set on each `docker` command only, never on this process; `DOCKER_HOST` and
//! `DOCKER_CONTEXT` are removed there unless a test sets them on the command and its
//! `Environment` alike (this process's `DOCKER_HOST` names the private test engine).

use imagen_core::engine::resolve::{self, Environment, Origin, Platform};
use imagen_core::engine::{CandidateKind, TlsFiles};
use imagen_core::Error;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh folder for one test's configuration.
fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("imagen-it-resolve-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `docker args…` with `DOCKER_CONFIG=config`, failing loudly; its stdout.
fn docker_in(config: &Path, args: &[&str]) -> String {
    let out = Command::new("docker")
        .args(args)
        .env("DOCKER_CONFIG", config)
        .env_remove("DOCKER_HOST")
        .env_remove("DOCKER_CONTEXT")
        .env_remove("DOCKER_TLS_VERIFY")
        .env_remove("DOCKER_TLS")
        .env_remove("DOCKER_CERT_PATH")
        .output()
        .unwrap_or_else(|e| panic!("cannot run docker {args:?}: {e}"));
    assert!(
        out.status.success(),
        "docker {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The environment the `docker` commands above see: only `DOCKER_CONFIG`.
fn env_of(config: &Path) -> Environment {
    Environment {
        docker_config: Some(config.to_owned()),
        home: Some(config.join("no-home")),
        platform: Platform::current(),
        ..Environment::default()
    }
}

/// `docker args…` seeing, of the variables the docker CLI reads, only what `env` sets:
/// the home folder, `DOCKER_CONFIG`, `DOCKER_HOST` and `DOCKER_CONTEXT`. Fails loudly;
/// its stdout.
fn docker_with(env: &Environment, args: &[&str]) -> String {
    let mut command = Command::new("docker");
    command.args(args);
    for key in [
        "DOCKER_CONFIG",
        "DOCKER_HOST",
        "DOCKER_CONTEXT",
        "DOCKER_TLS_VERIFY",
        "DOCKER_TLS",
        "DOCKER_CERT_PATH",
    ] {
        command.env_remove(key);
    }
    let home_key = if env.platform == Platform::Windows {
        "USERPROFILE"
    } else {
        "HOME"
    };
    let vars = [
        (home_key, env.home.as_ref().map(|h| h.as_os_str())),
        (
            "DOCKER_CONFIG",
            env.docker_config.as_ref().map(|c| c.as_os_str()),
        ),
        ("DOCKER_HOST", env.docker_host.as_ref().map(|h| h.as_ref())),
        (
            "DOCKER_CONTEXT",
            env.docker_context.as_ref().map(|c| c.as_ref()),
        ),
    ];
    for (key, value) in vars {
        if let Some(value) = value {
            command.env(key, value);
        }
    }
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run docker {args:?}: {e}"));
    assert!(
        out.status.success(),
        "docker {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A throwaway home folder and nothing else: the CLI's configuration is `~/.docker`.
fn env_of_home(home: &Path) -> Environment {
    Environment {
        home: Some(home.to_owned()),
        docker_config: None,
        docker_host: None,
        docker_context: None,
        platform: Platform::current(),
        ..Environment::default()
    }
}

/// The store's folder name for a context: the hex SHA-256 of its name.
fn digest(name: &str) -> String {
    Sha256::digest(name.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `resolve()` and `candidates()` in `env` against the docker CLI with the same variables:
/// the context `docker context show` names is the current candidate, and the engine is the
/// Host of `docker context inspect` (the current context). Returns what `resolve()` said.
fn agrees_with_the_cli(env: &Environment) -> resolve::Resolved {
    let shown = docker_with(env, &["context", "show"]).trim().to_owned();
    let inspect: Value = serde_json::from_str(&docker_with(env, &["context", "inspect"])).unwrap();
    assert_eq!(inspect[0]["Name"].as_str(), Some(shown.as_str()), "{env:?}");
    let host = inspect[0]["Endpoints"]["docker"]["Host"].as_str().unwrap();
    let r = resolve::resolve(env, none).unwrap();
    assert_eq!(r.endpoint.address.as_str(), host, "{env:?}");
    let current: Vec<String> = resolve::candidates(env, none)
        .into_iter()
        .filter(|c| c.current)
        .map(|c| c.id)
        .collect();
    assert_eq!(current, [format!("context:{shown}")], "{env:?}");
    r
}

/// Throwaway TLS material: a self-signed certificate serves as CA and client certificate.
fn pem_files(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let cert = rcgen::generate_simple_self_signed(vec!["imagen-test".into()]).unwrap();
    let (ca, crt, key) = (
        dir.join("ca.pem"),
        dir.join("cert.pem"),
        dir.join("key.pem"),
    );
    let cert_pem = pem("CERTIFICATE", cert.cert.der());
    std::fs::write(&ca, &cert_pem).unwrap();
    std::fs::write(&crt, &cert_pem).unwrap();
    std::fs::write(&key, pem("PRIVATE KEY", &cert.key_pair.serialize_der())).unwrap();
    (ca, crt, key)
}

/// DER as PEM (rcgen's `pem` feature is off here).
fn pem(label: &str, der: &[u8]) -> String {
    use base64::Engine as _;
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

fn none(_: &Path) -> bool {
    false
}

#[test]
fn contexts_made_by_the_docker_cli_are_read_back_exactly() {
    let root = temp_dir("cli");
    let config = root.join("config");
    let (ca, cert, key) = pem_files(&root);
    let tls_arg = format!(
        "host=tcp://10.0.0.1:2376,ca={},cert={},key={}",
        ca.display(),
        cert.display(),
        key.display()
    );
    docker_in(
        &config,
        &["context", "create", "ctx-a", "--docker", &tls_arg],
    );
    docker_in(
        &config,
        &[
            "context",
            "create",
            "ctx-b",
            "--docker",
            "host=unix:///tmp/x.sock",
            "--description",
            "the b one",
        ],
    );
    docker_in(
        &config,
        &[
            "context",
            "create",
            "ctx-c",
            "--docker",
            "host=tcp://10.0.0.3:2376,skip-tls-verify=true",
        ],
    );
    docker_in(&config, &["context", "use", "ctx-b"]);

    // config.json's current context.
    let r = resolve::resolve(&env_of(&config), none).unwrap();
    assert_eq!(r.endpoint.address.as_str(), "unix:///tmp/x.sock");
    assert_eq!(r.endpoint.tls, None);
    assert_eq!(
        r.origin,
        Origin::CurrentContext {
            name: "ctx-b".into()
        }
    );

    // DOCKER_CONTEXT names the TLS one: its copied files, where `docker context inspect`
    // says the material is.
    let inspect: Value =
        serde_json::from_str(&docker_in(&config, &["context", "inspect", "ctx-a"])).unwrap();
    let tls_path = PathBuf::from(inspect[0]["Storage"]["TLSPath"].as_str().unwrap()).join("docker");
    assert_eq!(
        inspect[0]["TLSMaterial"]["docker"],
        serde_json::json!(["ca.pem", "cert.pem", "key.pem"])
    );
    let env = Environment {
        docker_context: Some("ctx-a".into()),
        ..env_of(&config)
    };
    let r = resolve::resolve(&env, none).unwrap();
    assert_eq!(
        r.endpoint.address.as_str(),
        inspect[0]["Endpoints"]["docker"]["Host"].as_str().unwrap()
    );
    assert_eq!(
        r.endpoint.tls,
        Some(TlsFiles {
            ca: Some(tls_path.join("ca.pem")),
            cert: Some(tls_path.join("cert.pem")),
            key: Some(tls_path.join("key.pem")),
            verify: true,
        })
    );
    let tls = r.endpoint.tls.unwrap();
    for (copy, original) in [(tls.ca, &ca), (tls.cert, &cert), (tls.key, &key)] {
        assert_eq!(
            std::fs::read(copy.unwrap()).unwrap(),
            std::fs::read(original).unwrap()
        );
    }
    assert_eq!(
        r.origin,
        Origin::DockerContextEnv {
            name: "ctx-a".into()
        }
    );

    // skip-tls-verify=true: TLS, unverified, no material.
    let env = Environment {
        docker_context: Some("ctx-c".into()),
        ..env_of(&config)
    };
    let tls = resolve::resolve(&env, none).unwrap().endpoint.tls.unwrap();
    assert!(!tls.verify);
    assert_eq!((tls.ca, tls.cert, tls.key), (None, None, None));

    // candidates() against `docker context ls`: same names, endpoints, descriptions and
    // current context.
    let listed: Vec<Value> = docker_in(&config, &["context", "ls", "--format", "json"])
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let candidates = resolve::candidates(&env_of(&config), none);
    let contexts: Vec<_> = candidates
        .iter()
        .filter_map(|c| match &c.kind {
            CandidateKind::Context {
                name, description, ..
            } => Some((name, description, c)),
            CandidateKind::Socket { .. } => None,
        })
        .collect();
    assert_eq!(contexts.len(), listed.len(), "{listed:?}");
    for entry in &listed {
        let name = entry["Name"].as_str().unwrap();
        let (_, description, c) = contexts
            .iter()
            .find(|(n, _, _)| n.as_str() == name)
            .unwrap_or_else(|| panic!("no candidate for {name}"));
        assert_eq!(c.id, format!("context:{name}"));
        assert_eq!(c.current, entry["Current"].as_bool().unwrap(), "{name}");
        assert_eq!(
            c.address.as_str(),
            entry["DockerEndpoint"].as_str().unwrap()
        );
        if name != "default" {
            assert_eq!(
                description.as_deref().unwrap_or(""),
                entry["Description"].as_str().unwrap(),
                "{name}"
            );
        }
    }
    let current: Vec<&str> = candidates
        .iter()
        .filter(|c| c.current)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(current, ["context:ctx-b"]);
    let ctx_a = candidates.iter().find(|c| c.id == "context:ctx-a").unwrap();
    assert!(ctx_a.tls);
    assert_eq!(ctx_a.docker_command, "docker context use ctx-a");

    // Each ID resolves again to the same endpoint.
    for c in &candidates {
        let r = resolve::resolve_choice(&env_of(&config), none, &c.id).unwrap();
        assert_eq!(r.endpoint, c.endpoint);
    }

    // `docker context use default`: back to the platform default, no context.
    docker_in(&config, &["context", "use", "default"]);
    let r = resolve::resolve(&env_of(&config), none).unwrap();
    assert_eq!(r.origin, Origin::Default);
    assert_eq!(
        r.endpoint.address.as_str(),
        Platform::current().standard_address()
    );

    // A removed context is an error for whoever names it, never another engine.
    docker_in(&config, &["context", "rm", "ctx-c"]);
    let env = Environment {
        docker_context: Some("ctx-c".into()),
        ..env_of(&config)
    };
    let err = resolve::resolve(&env, none).unwrap_err();
    assert!(
        matches!(&err, Error::EngineContext { context: Some(n), .. } if n == "ctx-c"),
        "{err:?}"
    );
    assert!(resolve::resolve_choice(&env_of(&config), none, "context:ctx-c").is_err());
    assert!(!resolve::candidates(&env_of(&config), none)
        .iter()
        .any(|c| c.id == "context:ctx-c"));

    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_temporary_home_is_read_like_the_cli_reads_it() {
    let root = temp_dir("home");
    let home = root.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let (ca, cert, key) = pem_files(&root);
    let env = env_of_home(&home);
    let tls_arg = format!(
        "host=tcp://10.0.0.1:2376,ca={},cert={},key={}",
        ca.display(),
        cert.display(),
        key.display()
    );
    docker_with(
        &env,
        &["context", "create", "ctx-tls", "--docker", &tls_arg],
    );
    docker_with(
        &env,
        &[
            "context",
            "create",
            "ctx-sock",
            "--docker",
            "host=unix:///tmp/imagen-home.sock",
        ],
    );
    docker_with(&env, &["context", "use", "ctx-tls"]);

    // The CLI wrote ~/.docker: config.json's currentContext, and the store's folders
    // named by the SHA-256 of the context's name.
    let docker_dir = home.join(".docker");
    let config: Value =
        serde_json::from_slice(&std::fs::read(docker_dir.join("config.json")).unwrap()).unwrap();
    assert_eq!(config["currentContext"], "ctx-tls");
    let meta = docker_dir.join("contexts/meta").join(digest("ctx-tls"));
    assert!(meta.join("meta.json").is_file(), "{}", meta.display());
    let tls_dir = docker_dir
        .join("contexts/tls")
        .join(digest("ctx-tls"))
        .join("docker");
    let inspect: Value =
        serde_json::from_str(&docker_with(&env, &["context", "inspect", "ctx-tls"])).unwrap();
    assert_eq!(
        inspect[0]["Storage"]["MetadataPath"].as_str(),
        meta.to_str()
    );
    assert_eq!(
        PathBuf::from(inspect[0]["Storage"]["TLSPath"].as_str().unwrap()).join("docker"),
        tls_dir
    );

    // currentContext, read from ~/.docker with no DOCKER_CONFIG: the TLS context and the
    // material the CLI copied under ~/.docker/contexts/tls.
    assert_eq!(env.config_dir(), Some(docker_dir.clone()));
    let r = agrees_with_the_cli(&env);
    assert_eq!(
        r.origin,
        Origin::CurrentContext {
            name: "ctx-tls".into()
        }
    );
    assert_eq!(r.endpoint.address.as_str(), "tcp://10.0.0.1:2376");
    assert_eq!(
        r.endpoint.tls,
        Some(TlsFiles {
            ca: Some(tls_dir.join("ca.pem")),
            cert: Some(tls_dir.join("cert.pem")),
            key: Some(tls_dir.join("key.pem")),
            verify: true,
        })
    );
    let tls = r.endpoint.tls.unwrap();
    for (copy, original) in [(tls.ca, &ca), (tls.cert, &cert), (tls.key, &key)] {
        assert_eq!(
            std::fs::read(copy.unwrap()).unwrap(),
            std::fs::read(original).unwrap()
        );
    }

    // DOCKER_CONTEXT overrides the currentContext `docker context use` wrote.
    let with_context = Environment {
        docker_context: Some("ctx-sock".into()),
        ..env.clone()
    };
    let r = agrees_with_the_cli(&with_context);
    assert_eq!(
        r.origin,
        Origin::DockerContextEnv {
            name: "ctx-sock".into()
        }
    );
    assert_eq!(r.endpoint.address.as_str(), "unix:///tmp/imagen-home.sock");
    assert_eq!(r.endpoint.tls, None);

    // DOCKER_HOST overrides both: the CLI shows `default`, whose host is DOCKER_HOST, and
    // the terminal command for `default` is DOCKER_HOST itself.
    for base in [&env, &with_context] {
        let with_host = Environment {
            docker_host: Some("tcp://192.0.2.7:2375".into()),
            ..base.clone()
        };
        assert_eq!(
            docker_with(&with_host, &["context", "show"]).trim(),
            "default"
        );
        let r = agrees_with_the_cli(&with_host);
        assert_eq!(r.origin, Origin::DockerHost);
        assert_eq!(r.endpoint.address.as_str(), "tcp://192.0.2.7:2375");
        assert_eq!(r.endpoint.tls, None);
        let default = resolve::candidates(&with_host, none).remove(0);
        assert_eq!(default.id, "context:default");
        assert_eq!(
            default.docker_command,
            if cfg!(windows) {
                "$env:DOCKER_HOST=\"tcp://192.0.2.7:2375\""
            } else {
                "export DOCKER_HOST=tcp://192.0.2.7:2375"
            }
        );
    }

    // `docker context use default`: the platform default, no context; `default` is
    // reached by `docker context use default` again.
    docker_with(&env, &["context", "use", "default"]);
    let r = agrees_with_the_cli(&env);
    assert_eq!(r.origin, Origin::Default);
    assert_eq!(
        r.endpoint.address.as_str(),
        Platform::current().standard_address()
    );
    let default = resolve::candidates(&env, none).remove(0);
    assert_eq!(default.docker_command, "docker context use default");

    let _ = std::fs::remove_dir_all(&root);
}
