use super::*;
use crate::error::{ContextFault, UnreadableEncoding};
use crate::scratch::ScratchDir as TempDir;

/// A fresh, empty folder under the system's temporary folder, removed when dropped.
fn temp_dir(tag: &str) -> TempDir {
    TempDir::new(&format!("resolve-{tag}"))
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Writes a context the way `docker context create` does.
fn add_context(config: &Path, name: &str, host: &str, skip_verify: bool, desc: &str) {
    let meta = serde_json::json!({
        "Name": name,
        "Metadata": {"Description": desc},
        "Endpoints": {"docker": {"Host": host, "SkipTLSVerify": skip_verify}},
    });
    let dir = config
        .join("contexts/meta")
        .join(contexts::digest_dir(name));
    write(&dir.join("meta.json"), &meta.to_string());
}

fn add_tls(config: &Path, name: &str, files: &[&str]) -> PathBuf {
    let dir = config
        .join("contexts/tls")
        .join(contexts::digest_dir(name))
        .join("docker");
    std::fs::create_dir_all(&dir).unwrap();
    for file in files {
        write(&dir.join(file), "-----BEGIN CERTIFICATE-----\n");
    }
    dir
}

fn set_current(config: &Path, name: &str) {
    let json = serde_json::json!({"auths": {}, "currentContext": name});
    write(&config.join("config.json"), &json.to_string());
}

/// Linux, with the configuration in `config` and nothing else set.
fn linux(config: &Path) -> Environment {
    Environment {
        docker_config: Some(config.to_owned()),
        home: Some(PathBuf::from("/home/ana")),
        runtime_dir: Some(PathBuf::from("/run/user/1000")),
        platform: Platform::Linux,
        ..Environment::default()
    }
}

fn none(_: &Path) -> bool {
    false
}

fn address(r: &Resolved) -> &str {
    r.endpoint.address.as_str()
}

#[test]
fn the_store_names_folders_by_the_sha256_of_the_name() {
    // The folder docker/cli gives the context "default" (digest.FromString).
    assert_eq!(
        contexts::digest_dir("default"),
        "37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f"
    );
}

#[test]
fn docker_host_wins_over_docker_context_and_the_current_context() {
    let config = temp_dir("host-wins");
    add_context(&config, "ctx-a", "tcp://10.0.0.1:2376", false, "");
    add_context(&config, "ctx-b", "unix:///tmp/b.sock", false, "");
    set_current(&config, "ctx-b");
    let env = Environment {
        docker_host: Some("unix:///tmp/x.sock".into()),
        docker_context: Some("ctx-a".into()),
        ..linux(&config)
    };
    let r = resolve(&env, |_| true).unwrap();
    assert_eq!(address(&r), "unix:///tmp/x.sock");
    assert_eq!(r.origin, Origin::DockerHost);
    assert_eq!(r.endpoint.tls, None);
    // The switcher's `default` says so, as a fact the page words in its language.
    let list = candidates(&env, |_| true);
    assert_eq!(
        list[0].kind,
        CandidateKind::Context {
            name: "default".into(),
            description: None,
            via: Some(DefaultVia::DockerHost),
        }
    );
}

#[test]
fn docker_context_wins_over_the_current_context() {
    let config = temp_dir("ctx-env");
    add_context(&config, "ctx-a", "tcp://10.0.0.1:2375", false, "");
    add_context(&config, "ctx-b", "unix:///tmp/b.sock", false, "");
    set_current(&config, "ctx-b");
    let env = Environment {
        docker_context: Some("ctx-a".into()),
        ..linux(&config)
    };
    let r = resolve(&env, none).unwrap();
    assert_eq!(address(&r), "tcp://10.0.0.1:2375");
    assert_eq!(
        r.origin,
        Origin::DockerContextEnv {
            name: "ctx-a".into()
        }
    );
    // Without DOCKER_CONTEXT, config.json's current context.
    let r = resolve(&linux(&config), none).unwrap();
    assert_eq!(address(&r), "unix:///tmp/b.sock");
    assert_eq!(
        r.origin,
        Origin::CurrentContext {
            name: "ctx-b".into()
        }
    );
}

#[test]
fn empty_variables_count_as_unset() {
    let config = temp_dir("empty");
    add_context(&config, "ctx-b", "unix:///tmp/b.sock", false, "");
    set_current(&config, "ctx-b");
    let env = Environment {
        docker_host: Some(String::new()),
        docker_context: Some(String::new()),
        ..linux(&config)
    };
    assert_eq!(address(&resolve(&env, none).unwrap()), "unix:///tmp/b.sock");
}

// Paths are compared as Unix spells them.
#[cfg(unix)]
#[test]
fn the_context_named_default_means_no_context() {
    let config = temp_dir("default");
    set_current(&config, "default");
    let desktop = Path::new("/home/ana/.docker/desktop/docker.sock");
    let r = resolve(&linux(&config), |p| p == desktop).unwrap();
    assert_eq!(address(&r), "unix:///home/ana/.docker/desktop/docker.sock");
    assert_eq!(
        r.origin,
        Origin::Detected {
            socket: SocketKind::DockerDesktop
        }
    );
    let env = Environment {
        docker_context: Some("default".into()),
        ..linux(&config)
    };
    let r = resolve(&env, none).unwrap();
    assert_eq!(address(&r), "unix:///var/run/docker.sock");
    assert_eq!(r.origin, Origin::Default);
}

#[test]
fn a_missing_context_is_an_error_that_names_it_and_says_what_to_do() {
    let config = temp_dir("missing");
    let env = Environment {
        docker_context: Some("gone".into()),
        ..linux(&config)
    };
    let err = resolve(&env, |_| true).unwrap_err();
    let Error::EngineContext {
        context,
        message,
        problem,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(context.as_deref(), Some("gone"));
    // The facts the page words in the user's language.
    assert_eq!(
        *problem,
        ContextProblem::Missing {
            named_by: ContextNamedBy::DockerContextEnv
        }
    );
    assert!(message.contains("\"gone\""), "{message}");
    assert!(message.contains("DOCKER_CONTEXT"), "{message}");
    assert!(message.contains("docker context ls"), "{message}");

    set_current(&config, "gone-too");
    let err = resolve(&linux(&config), |_| true).unwrap_err();
    assert!(
        matches!(
            &err,
            Error::EngineContext {
                problem: ContextProblem::Missing {
                    named_by: ContextNamedBy::ConfigJson
                },
                ..
            }
        ),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains("\"gone-too\""), "{message}");
    assert!(message.contains("config.json"), "{message}");
    assert!(message.contains("docker context use"), "{message}");
}

#[test]
fn an_unreadable_context_or_config_json_is_an_error_never_another_engine() {
    let config = temp_dir("broken");
    let dir = config
        .join("contexts/meta")
        .join(contexts::digest_dir("bad"));
    write(&dir.join("meta.json"), "{not json");
    let env = Environment {
        docker_context: Some("bad".into()),
        ..linux(&config)
    };
    let err = resolve(&env, |_| true).unwrap_err();
    assert!(
        matches!(&err, Error::EngineContext { context: Some(n), message, problem: ContextProblem::Broken { named_by: ContextNamedBy::DockerContextEnv, fault: ContextFault::NotJson { path, .. } } }
            if n == "bad" && message.contains("docker context inspect bad") && path.ends_with("meta.json")),
        "{err:?}"
    );
    // A context without a docker endpoint cannot be used either.
    write(&dir.join("meta.json"), r#"{"Name":"bad","Endpoints":{}}"#);
    let err = resolve(&env, |_| true).unwrap_err();
    assert!(err.to_string().contains("no docker endpoint"), "{err}");
    assert!(
        matches!(&err, Error::EngineContext { problem: ContextProblem::Broken { fault: ContextFault::NoDockerEndpoint { path }, .. }, .. }
            if path.ends_with("meta.json")),
        "{err:?}"
    );
    // Nor one whose meta.json cannot be read (here: a folder in its place).
    std::fs::remove_file(dir.join("meta.json")).unwrap();
    std::fs::create_dir(dir.join("meta.json")).unwrap();
    let err = resolve(&env, |_| true).unwrap_err();
    assert!(
        matches!(&err, Error::EngineContext { problem: ContextProblem::Broken { fault: ContextFault::Unreadable { path, why }, .. }, .. }
            if path.ends_with("meta.json") && !why.is_empty()),
        "{err:?}"
    );

    write(&config.join("config.json"), "{\"currentContext\": ");
    let err = resolve(&linux(&config), |_| true).unwrap_err();
    assert!(
        matches!(&err, Error::EngineContext { context: None, message, problem: ContextProblem::ConfigUnreadable { path, .. } }
            if message.contains("config.json") && path.ends_with("config.json")),
        "{err:?}"
    );
}

/// `text` the way Windows PowerShell 5.1's `'…' > file` saves it: UTF-16LE with a BOM.
fn utf16le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

/// `text` the way Notepad and Windows PowerShell 5.1's `Set-Content -Encoding UTF8` save it:
/// UTF-8 with a byte order mark.
fn utf8_bom(text: &str) -> Vec<u8> {
    [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat()
}

/// The docker CLI cannot parse a `config.json` saved with a byte order mark or as UTF-16
/// ("invalid character 'ï'"), warns and uses the default engine: Imagen neither follows
/// the context the file names (the terminal does not) nor silently takes the default, but
/// says what is wrong, and which encoding, as for any `config.json` it cannot parse.
#[test]
fn a_config_json_saved_by_windows_tools_is_unreadable_as_for_docker_never_its_context() {
    let config = temp_dir("bom");
    add_context(
        &config,
        "colima",
        "unix:///home/ana/.colima/default/docker.sock",
        false,
        "",
    );
    let current = r#"{"auths":{},"currentContext":"colima"}"#;
    let mut utf16be = vec![0xFE, 0xFF];
    utf16be.extend(current.encode_utf16().flat_map(u16::to_be_bytes));
    let saved = [
        (UnreadableEncoding::Utf8WithBom, utf8_bom(current)),
        (UnreadableEncoding::Utf16, utf16le(current)),
        (UnreadableEncoding::Utf16, utf16be),
        // Notepad's "empty" file: not an empty configuration to the CLI either.
        (UnreadableEncoding::Utf8WithBom, utf8_bom("\r\n")),
    ];
    for (encoding, bytes) in saved {
        std::fs::write(config.join("config.json"), bytes).unwrap();
        let err = contexts::current_context(&config).unwrap_err();
        assert!(
            matches!(&err, Error::EngineContext { context: None, problem: ContextProblem::ConfigUnreadable { path, why, encoding: Some(e) }, .. }
                if *e == encoding && path.ends_with("config.json") && why.contains("docker cannot read either")),
            "{err:?}"
        );
        let err = resolve(&linux(&config), none).unwrap_err();
        assert!(
            matches!(&err, Error::EngineContext { problem: ContextProblem::ConfigUnreadable { encoding: Some(e), .. }, .. } if *e == encoding),
            "{err:?}"
        );
        assert!(err.to_string().contains("byte order mark"), "{err}");
    }

    // Plain UTF-8 names the context, as before; invalid JSON is unreadable with the
    // parser's words and no encoding to blame.
    write(&config.join("config.json"), current);
    assert_eq!(
        contexts::current_context(&config).unwrap().as_deref(),
        Some("colima")
    );
    write(&config.join("config.json"), "{\"currentContext\": ");
    let err = resolve(&linux(&config), none).unwrap_err();
    assert!(
        matches!(&err, Error::EngineContext { problem: ContextProblem::ConfigUnreadable { why, encoding: None, .. }, .. }
            if why.contains("EOF")),
        "{err:?}"
    );
}

/// A context's `meta.json` saved with a byte order mark is one the CLI's context store
/// cannot parse either: the context is broken, saying which encoding, and left out of
/// the list as any meta.json that is not JSON is.
#[test]
fn a_context_meta_json_saved_by_windows_tools_is_a_broken_context() {
    let config = temp_dir("bom-meta");
    add_context(&config, "remote", "tcp://10.0.0.9:2375", false, "");
    set_current(&config, "remote");
    let meta = config
        .join("contexts/meta")
        .join(contexts::digest_dir("remote"))
        .join("meta.json");
    let plain = std::fs::read_to_string(&meta).unwrap();
    for (encoding, bytes) in [
        (UnreadableEncoding::Utf8WithBom, utf8_bom(&plain)),
        (UnreadableEncoding::Utf16, utf16le(&plain)),
    ] {
        std::fs::write(&meta, bytes).unwrap();
        let err = resolve(&linux(&config), none).unwrap_err();
        assert!(
            matches!(&err, Error::EngineContext { context: Some(n), problem: ContextProblem::Broken { named_by: ContextNamedBy::ConfigJson, fault: ContextFault::NotJson { path, encoding: Some(e), .. } }, .. }
                if n == "remote" && *e == encoding && path.ends_with("meta.json")),
            "{err:?}"
        );
        let ids: Vec<String> = candidates(&linux(&config), none)
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(ids, ["context:default"], "{encoding:?}");
    }
    // Saved plainly again, it is the engine.
    std::fs::write(&meta, &plain).unwrap();
    let r = resolve(&linux(&config), none).unwrap();
    assert_eq!(address(&r), "tcp://10.0.0.9:2375");
}

#[test]
fn a_name_cannot_leave_the_store() {
    let config = temp_dir("escape");
    // Where `contexts/meta/../../evil` would point if names became paths.
    write(
        &config.join("evil/meta.json"),
        r#"{"Name":"x","Endpoints":{"docker":{"Host":"tcp://evil:2375"}}}"#,
    );
    for name in ["../../evil", "../../evil/", "a/../../../evil"] {
        let env = Environment {
            docker_context: Some(name.into()),
            ..linux(&config)
        };
        let err = resolve(&env, none).unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
    }
}

#[test]
fn keys_are_matched_without_regard_to_case_like_go() {
    let config = temp_dir("case");
    let dir = config
        .join("contexts/meta")
        .join(contexts::digest_dir("lower"));
    write(
        &dir.join("meta.json"),
        r#"{"name":"lower","metadata":{"description":"d"},
            "endpoints":{"docker":{"host":"tcp://h:1","skipTLSVerify":true}}}"#,
    );
    write(&config.join("config.json"), r#"{"CurrentContext":"lower"}"#);
    let r = resolve(&linux(&config), none).unwrap();
    assert_eq!(address(&r), "tcp://h:1");
    assert_eq!(r.endpoint.tls.map(|t| t.verify), Some(false));
}

#[test]
fn a_context_with_tls_material_uses_exactly_its_files() {
    let config = temp_dir("tls");
    add_context(&config, "secure", "tcp://10.0.0.1:2376", false, "");
    let dir = add_tls(&config, "secure", &["ca.pem", "cert.pem", "key.pem"]);
    let env = Environment {
        docker_context: Some("secure".into()),
        ..linux(&config)
    };
    let tls = resolve(&env, none).unwrap().endpoint.tls.unwrap();
    assert_eq!(
        tls,
        TlsFiles {
            ca: Some(dir.join("ca.pem")),
            cert: Some(dir.join("cert.pem")),
            key: Some(dir.join("key.pem")),
            verify: true,
        }
    );
    // Only the files that are there.
    add_context(&config, "ca-only", "tcp://10.0.0.2:2376", false, "");
    let dir = add_tls(&config, "ca-only", &["ca.pem"]);
    let env = Environment {
        docker_context: Some("ca-only".into()),
        ..linux(&config)
    };
    let tls = resolve(&env, none).unwrap().endpoint.tls.unwrap();
    assert_eq!(tls.ca, Some(dir.join("ca.pem")));
    assert_eq!((tls.cert, tls.key), (None, None));
}

#[test]
fn tls_follows_the_cli_skip_verify_and_sockets() {
    let config = temp_dir("skip");
    // SkipTLSVerify alone turns TLS on, unverified.
    add_context(&config, "skip", "tcp://10.0.0.1:2376", true, "");
    // No material and no SkipTLSVerify: plain HTTP.
    add_context(&config, "plain", "tcp://10.0.0.1:2375", false, "");
    // TLS material on a socket or ssh host is ignored (`isSocket`, connhelper).
    add_context(&config, "sock", "unix:///tmp/s.sock", true, "");
    add_tls(&config, "sock", &["ca.pem"]);
    add_context(&config, "far", "ssh://me@far", false, "");
    add_tls(&config, "far", &["ca.pem"]);
    let tls_of = |name: &str| {
        let env = Environment {
            docker_context: Some(name.into()),
            ..linux(&config)
        };
        resolve(&env, none).unwrap().endpoint.tls
    };
    let skip = tls_of("skip").unwrap();
    assert!(!skip.verify);
    assert_eq!((skip.ca, skip.cert, skip.key), (None, None, None));
    assert_eq!(tls_of("plain"), None);
    assert_eq!(tls_of("sock"), None);
    assert_eq!(tls_of("far"), None);
}

#[test]
fn docker_tls_verify_and_docker_cert_path() {
    let config = temp_dir("env-tls");
    let certs = temp_dir("env-certs");
    write(&certs.join("ca.pem"), "x");
    write(&certs.join("cert.pem"), "x");
    write(&certs.join("key.pem"), "x");
    let env = Environment {
        docker_host: Some("tcp://192.0.2.1:2376".into()),
        docker_tls_verify: Some("1".into()),
        docker_cert_path: Some(certs.to_path_buf()),
        ..linux(&config)
    };
    let r = resolve(&env, none).unwrap();
    assert_eq!(
        r.endpoint.tls,
        Some(TlsFiles {
            ca: Some(certs.join("ca.pem")),
            cert: Some(certs.join("cert.pem")),
            key: Some(certs.join("key.pem")),
            verify: true,
        })
    );
    // Any non-empty DOCKER_TLS_VERIFY verifies, even "0", as in the CLI.
    let zero = Environment {
        docker_tls_verify: Some("0".into()),
        ..env.clone()
    };
    assert!(resolve(&zero, none).unwrap().endpoint.tls.unwrap().verify);
    // DOCKER_TLS alone: TLS without verification; files from the config folder.
    write(&config.join("ca.pem"), "x");
    let env = Environment {
        docker_host: Some("tcp://192.0.2.1:2376".into()),
        docker_tls: Some("1".into()),
        ..linux(&config)
    };
    let tls = resolve(&env, none).unwrap().endpoint.tls.unwrap();
    assert!(!tls.verify);
    assert_eq!(tls.ca, Some(config.join("ca.pem")));
    assert_eq!((tls.cert, tls.key), (None, None));
    // No TLS variables: plain.
    let env = Environment {
        docker_host: Some("tcp://192.0.2.1:2375".into()),
        ..linux(&config)
    };
    assert_eq!(resolve(&env, none).unwrap().endpoint.tls, None);
    // TLS variables do nothing for a socket.
    let env = Environment {
        docker_host: Some("unix:///tmp/x.sock".into()),
        docker_tls_verify: Some("1".into()),
        ..linux(&config)
    };
    assert_eq!(resolve(&env, none).unwrap().endpoint.tls, None);
    // TLS on and no host: the CLI's tcp://localhost:2376, not a socket.
    let env = Environment {
        docker_tls_verify: Some("1".into()),
        ..linux(&config)
    };
    let r = resolve(&env, |_| true).unwrap();
    assert_eq!(address(&r), "tcp://localhost:2376");
    assert!(r.endpoint.tls.is_some());
}

#[test]
fn docker_host_is_read_like_the_cli_reads_it() {
    assert_eq!(parse_host("localhost:2375"), "tcp://localhost:2375");
    assert_eq!(parse_host("tcp://h"), "tcp://h:2375");
    assert_eq!(parse_host("tcp://[::1]"), "tcp://[::1]:2375");
    assert_eq!(parse_host("tcp://[::1]:9"), "tcp://[::1]:9");
    assert_eq!(parse_host("tcp://"), "tcp://localhost:2375");
    assert_eq!(parse_host("tcp://h/base"), "tcp://h:2375/base");
    assert_eq!(parse_host("unix:///x.sock"), "unix:///x.sock");
    assert_eq!(parse_host("ssh://me@far"), "ssh://me@far");
    let env = Environment {
        docker_host: Some("  unix:///tmp/x.sock \n".into()),
        ..linux(&temp_dir("trim"))
    };
    assert_eq!(address(&resolve(&env, none).unwrap()), "unix:///tmp/x.sock");
}

/// The socket `resolve` detects when exactly `present` exist.
fn detected(env: &Environment, present: &[&str]) -> (String, Origin) {
    let r = resolve(env, |p| present.iter().any(|q| p == Path::new(q))).unwrap();
    (address(&r).to_owned(), r.origin)
}

// Paths are compared as Unix spells them.
#[cfg(unix)]
#[test]
fn linux_sockets_are_tried_in_order() {
    let env = linux(&temp_dir("linux"));
    let order = [
        ("/var/run/docker.sock", SocketKind::Standard),
        (
            "/home/ana/.docker/desktop/docker.sock",
            SocketKind::DockerDesktop,
        ),
        ("/run/user/1000/docker.sock", SocketKind::DockerRootless),
        ("/home/ana/.colima/default/docker.sock", SocketKind::Colima),
        (
            "/home/ana/.config/colima/default/docker.sock",
            SocketKind::Colima,
        ),
        ("/home/ana/.rd/docker.sock", SocketKind::RancherDesktop),
        ("/run/user/1000/podman/podman.sock", SocketKind::Podman),
        ("/run/podman/podman.sock", SocketKind::PodmanRootful),
    ];
    for i in 0..order.len() {
        let present: Vec<&str> = order[i..].iter().map(|(p, _)| *p).collect();
        let (addr, origin) = detected(&env, &present);
        assert_eq!(addr, format!("unix://{}", order[i].0));
        assert_eq!(origin, Origin::Detected { socket: order[i].1 });
    }
    // None there: the standard socket, so the error names what users expect.
    assert_eq!(
        detected(&env, &[]),
        ("unix:///var/run/docker.sock".to_owned(), Origin::Default)
    );
}

// Paths are compared as Unix spells them.
#[cfg(unix)]
#[test]
fn macos_sockets_are_tried_in_order() {
    let env = Environment {
        platform: Platform::MacOs,
        home: Some(PathBuf::from("/Users/ana")),
        tmp_dir: Some(PathBuf::from("/var/folders/xy/T")),
        runtime_dir: None,
        ..linux(&temp_dir("mac"))
    };
    let order = [
        ("/var/run/docker.sock", SocketKind::Standard),
        (
            "/Users/ana/.docker/run/docker.sock",
            SocketKind::DockerDesktop,
        ),
        ("/Users/ana/.colima/default/docker.sock", SocketKind::Colima),
        (
            "/Users/ana/.config/colima/default/docker.sock",
            SocketKind::Colima,
        ),
        ("/Users/ana/.orbstack/run/docker.sock", SocketKind::OrbStack),
        ("/Users/ana/.rd/docker.sock", SocketKind::RancherDesktop),
        // Podman 5, then Podman 4's places (QEMU, Apple's hypervisor, the machine's own
        // folder of early 4.x, the per-user link podman-mac-helper makes).
        (
            "/var/folders/xy/T/podman/podman-machine-default-api.sock",
            SocketKind::PodmanMachine,
        ),
        (
            "/Users/ana/.local/share/containers/podman/machine/qemu/podman.sock",
            SocketKind::PodmanMachine,
        ),
        (
            "/Users/ana/.local/share/containers/podman/machine/applehv/podman.sock",
            SocketKind::PodmanMachine,
        ),
        (
            "/Users/ana/.local/share/containers/podman/machine/podman-machine-default/podman.sock",
            SocketKind::PodmanMachine,
        ),
        (
            "/Users/ana/.local/share/containers/podman/machine/podman.sock",
            SocketKind::PodmanMachine,
        ),
    ];
    for i in 0..order.len() {
        let present: Vec<&str> = order[i..].iter().map(|(p, _)| *p).collect();
        let (addr, origin) = detected(&env, &present);
        assert_eq!(addr, format!("unix://{}", order[i].0));
        assert_eq!(origin, Origin::Detected { socket: order[i].1 });
    }
    // Linux-only places are not looked at on macOS.
    assert_eq!(
        detected(&env, &["/run/podman/podman.sock"]).1,
        Origin::Default
    );
}

#[test]
fn windows_pipes_are_tried_in_order() {
    let env = Environment {
        platform: Platform::Windows,
        ..linux(&temp_dir("win"))
    };
    let (addr, origin) = detected(&env, &[r"\\.\pipe\podman-machine-default"]);
    assert_eq!(addr, "npipe:////./pipe/podman-machine-default");
    assert_eq!(
        origin,
        Origin::Detected {
            socket: SocketKind::PodmanMachine
        }
    );
    let both = [
        r"\\.\pipe\podman-machine-default",
        r"\\.\pipe\docker_engine",
    ];
    assert_eq!(detected(&env, &both).0, "npipe:////./pipe/docker_engine");
    assert_eq!(
        detected(&env, &[]),
        ("npipe:////./pipe/docker_engine".to_owned(), Origin::Default)
    );
    // Docker's pipe is what `default` reaches; Podman's is offered next to it.
    let list = candidates(&env, |p| both.iter().any(|q| p == Path::new(q)));
    assert_eq!(list[0].address.as_str(), "npipe:////./pipe/docker_engine");
    assert_eq!(
        list[1].docker_command,
        "$env:DOCKER_HOST=\"npipe:////./pipe/podman-machine-default\""
    );
}

// Paths are compared as Unix spells them.
#[cfg(unix)]
#[test]
fn a_chosen_socket_stays_listed_while_its_engine_is_stopped() {
    let config = temp_dir("chosen-socket");
    let none = |_: &Path| false;
    let podman = "socket:unix:///run/user/1000/podman/podman.sock";
    let ids = |list: Vec<Candidate>| list.into_iter().map(|c| c.id).collect::<Vec<_>>();
    // Not chosen: a socket that is not there is not offered.
    assert_eq!(ids(candidates(&linux(&config), none)), ["context:default"]);
    // Chosen: still listed, so the switcher can mark it in use (its engine answers nothing).
    assert_eq!(
        ids(candidates_keeping(&linux(&config), none, Some(podman))),
        ["context:default", podman]
    );
    // A chosen context keeps no socket row.
    assert_eq!(
        ids(candidates_keeping(&linux(&config), none, Some("context:x"))),
        ["context:default"]
    );
}

#[test]
fn candidates_list_contexts_and_new_sockets_and_mark_the_current_one() {
    let config = temp_dir("candidates");
    add_context(&config, "zeta", "tcp://10.0.0.9:2376", false, "");
    add_tls(&config, "zeta", &["ca.pem"]);
    add_context(
        &config,
        "colima",
        "unix:///home/ana/.colima/default/docker.sock",
        false,
        "colima",
    );
    set_current(&config, "zeta");
    let present = [
        "/var/run/docker.sock",
        "/home/ana/.colima/default/docker.sock",
        "/run/user/1000/podman/podman.sock",
    ];
    let exists = |p: &Path| present.iter().any(|q| p == Path::new(q));
    let list = candidates(&linux(&config), exists);
    let ids: Vec<&str> = list.iter().map(|c| c.id.as_str()).collect();
    // /var/run/docker.sock is what `default` reaches, Colima's socket is a context:
    // each engine once.
    assert_eq!(
        ids,
        [
            "context:default",
            "context:colima",
            "context:zeta",
            "socket:unix:///run/user/1000/podman/podman.sock"
        ]
    );
    let current: Vec<&str> = list
        .iter()
        .filter(|c| c.current)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(current, ["context:zeta"]);
    assert_eq!(list[0].address.as_str(), "unix:///var/run/docker.sock");
    assert_eq!(
        list[0].kind,
        CandidateKind::Context {
            name: "default".into(),
            description: None,
            via: Some(DefaultVia::Detected {
                socket: SocketKind::Standard
            }),
        }
    );
    assert_eq!(
        list[1].kind,
        CandidateKind::Context {
            name: "colima".into(),
            description: Some("colima".into()),
            via: None,
        }
    );
    assert!(list[2].tls && !list[1].tls);
    assert_eq!(list[2].docker_command, "docker context use zeta");
    assert_eq!(
        list[3].kind,
        CandidateKind::Socket {
            socket: SocketKind::Podman
        }
    );
    assert_eq!(
        list[3].docker_command,
        "export DOCKER_HOST=unix:///run/user/1000/podman/podman.sock"
    );
    // Every candidate resolves, by ID, to the endpoint it shows.
    for c in &list {
        let r = resolve_choice(&linux(&config), exists, &c.id).unwrap();
        assert_eq!(r.endpoint, c.endpoint, "{}", c.id);
        assert_eq!(r.origin, Origin::Chosen { id: c.id.clone() });
    }
    // With DOCKER_HOST set, `default` is current and stands for it.
    let env = Environment {
        docker_host: Some("tcp://127.0.0.1:2375".into()),
        ..linux(&config)
    };
    let list = candidates(&env, exists);
    assert!(list[0].current && list.iter().filter(|c| c.current).count() == 1);
    assert_eq!(list[0].address.as_str(), "tcp://127.0.0.1:2375");
    // A current context that is missing: nothing is current (resolve reports it).
    set_current(&config, "gone");
    let list = candidates(&linux(&config), exists);
    assert!(list.iter().all(|c| !c.current));
}

#[test]
fn candidates_leave_out_folders_that_do_not_match_their_name() {
    let config = temp_dir("tampered");
    add_context(&config, "real", "unix:///tmp/r.sock", false, "");
    write(
        &config.join("contexts/meta/not-a-digest/meta.json"),
        r#"{"Name":"fake","Endpoints":{"docker":{"Host":"tcp://evil:2375"}}}"#,
    );
    let ids: Vec<String> = candidates(&linux(&config), none)
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, ["context:default", "context:real"]);
}

#[test]
fn a_stale_or_unknown_choice_is_an_error() {
    let config = temp_dir("choice");
    let env = linux(&config);
    for id in [
        "context:gone",
        "socket:unix:///etc/passwd",
        "socket:tcp://evil:2375",
        "tcp://evil:2375",
        "",
    ] {
        assert!(resolve_choice(&env, |_| true, id).is_err(), "{id}");
    }
    // A known socket that is not there right now still resolves: connecting says
    // the engine is not running, and Retry finds it once it is.
    let r = resolve_choice(&env, none, "socket:unix:///run/podman/podman.sock").unwrap();
    assert_eq!(address(&r), "unix:///run/podman/podman.sock");
    let message = resolve_choice(&env, none, "context:gone")
        .unwrap_err()
        .to_string();
    assert!(message.contains("choose another engine"), "{message}");
}

#[test]
fn what_crosses_to_the_web_view() {
    let origin = serde_json::to_value(Origin::Detected {
        socket: SocketKind::OrbStack,
    })
    .unwrap();
    assert_eq!(
        origin,
        serde_json::json!({"kind": "Detected", "socket": "OrbStack"})
    );
    let origin = serde_json::to_value(Origin::DockerContextEnv { name: "x".into() }).unwrap();
    assert_eq!(
        origin,
        serde_json::json!({"kind": "DockerContextEnv", "name": "x"})
    );
    let config = temp_dir("json");
    let list = candidates(&linux(&config), none);
    assert_eq!(
        serde_json::to_value(&list[0]).unwrap(),
        serde_json::json!({
            "id": "context:default",
            "label": "default",
            "kind": "Context",
            "name": "default",
            "description": null,
            "via": {"kind": "StandardAddress"},
            "address": "unix:///var/run/docker.sock",
            "tls": false,
            "current": true,
            "dockerCommand": "docker context use default",
        })
    );
}

#[cfg(feature = "ts")]
#[test]
fn typescript_declarations_keep_paths_out() {
    use ts_rs::TS;
    let cfg = ts_rs::Config::new();
    let candidate = Candidate::decl(&cfg);
    assert!(candidate.contains("dockerCommand"), "{candidate}");
    assert!(candidate.contains("\"kind\": \"Socket\""), "{candidate}");
    assert!(!candidate.contains("endpoint"), "{candidate}");
    let origin = Origin::decl(&cfg);
    assert!(origin.contains("\"kind\": \"Detected\""), "{origin}");
}

#[test]
fn commands_quote_what_the_shell_would_split() {
    assert_eq!(shell_word("desktop-linux"), "desktop-linux");
    assert_eq!(
        shell_word("unix:///Users/a b/x.sock"),
        "'unix:///Users/a b/x.sock'"
    );
    assert_eq!(shell_word("it's"), r"'it'\''s'");
}

#[test]
fn the_default_candidate_is_reached_by_docker_host_when_docker_host_names_it() {
    let config = temp_dir("default-command");
    add_context(&config, "ctx-a", "tcp://10.0.0.1:2375", false, "");
    set_current(&config, "ctx-a");
    let default_of = |env: &Environment, present: &[&str]| {
        let list = candidates(env, |p| present.iter().any(|q| p == Path::new(q)));
        assert_eq!(list[0].id, "context:default");
        list[0].docker_command.clone()
    };
    // DOCKER_HOST overrides every context, so `docker context use default` would not
    // bring its engine back: the terminal needs DOCKER_HOST itself, as shown.
    let env = Environment {
        docker_host: Some("tcp://127.0.0.1:2375".into()),
        docker_context: Some("ctx-a".into()),
        ..linux(&config)
    };
    assert_eq!(
        default_of(&env, &["/var/run/docker.sock"]),
        "export DOCKER_HOST=tcp://127.0.0.1:2375"
    );
    let env = Environment {
        docker_host: Some("localhost:2375".into()),
        ..linux(&config)
    };
    assert_eq!(
        default_of(&env, &[]),
        "export DOCKER_HOST=tcp://localhost:2375"
    );
    let env = Environment {
        docker_host: Some("unix:///tmp/a b.sock".into()),
        ..linux(&config)
    };
    assert_eq!(
        default_of(&env, &[]),
        "export DOCKER_HOST='unix:///tmp/a b.sock'"
    );
    // Windows: PowerShell, as for the socket candidates.
    let windows = |host: &str| Environment {
        docker_host: Some(host.into()),
        platform: Platform::Windows,
        ..linux(&config)
    };
    assert_eq!(
        default_of(&windows("npipe:////./pipe/podman-machine-default"), &[]),
        "$env:DOCKER_HOST=\"npipe:////./pipe/podman-machine-default\""
    );
    assert_eq!(
        default_of(&windows("tcp://h:2375/$x"), &[]),
        "$env:DOCKER_HOST='tcp://h:2375/$x'"
    );
    // A DOCKER_HOST with TLS from the environment: a fresh terminal gets those variables too,
    // or its docker speaks plain HTTP to the TLS port.
    let env = Environment {
        docker_host: Some("tcp://192.0.2.7:2376".into()),
        docker_tls_verify: Some("1".into()),
        docker_cert_path: Some("/home/ana/.docker/far certs".into()),
        ..linux(&config)
    };
    assert_eq!(
        default_of(&env, &[]),
        "export DOCKER_HOST=tcp://192.0.2.7:2376; export DOCKER_TLS_VERIFY=1; \
         export DOCKER_CERT_PATH='/home/ana/.docker/far certs'"
    );
    let env = Environment {
        docker_tls_verify: Some("1".into()),
        docker_cert_path: Some(r"C:\Users\ana\.docker\far".into()),
        ..windows("tcp://192.0.2.7:2376")
    };
    assert_eq!(
        default_of(&env, &[]),
        r#"$env:DOCKER_HOST="tcp://192.0.2.7:2376"; $env:DOCKER_TLS_VERIFY="1"; $env:DOCKER_CERT_PATH="C:\Users\ana\.docker\far""#
    );
    // The standard socket (found or not) is the default context's own engine:
    // `docker context use default` reaches it.
    for platform in [Platform::Linux, Platform::MacOs, Platform::Windows] {
        let env = Environment {
            platform,
            ..linux(&config)
        };
        for present in [
            &[][..],
            &["/var/run/docker.sock", r"\\.\pipe\docker_engine"],
        ] {
            assert_eq!(
                default_of(&env, present),
                "docker context use default",
                "{platform:?} {present:?}"
            );
        }
    }
    // Empty DOCKER_HOST is unset.
    let env = Environment {
        docker_host: Some(String::new()),
        ..linux(&config)
    };
    assert_eq!(default_of(&env, &[]), "docker context use default");
}

/// Imagen's `default` may be a detected socket the docker CLI never uses (it goes to the
/// standard address): only DOCKER_HOST points a terminal at that engine.
#[cfg(unix)]
#[test]
fn a_detected_socket_other_than_the_standard_one_is_reached_by_docker_host() {
    let config = temp_dir("detected-command");
    let default_of = |env: &Environment, present: &[&str]| {
        let list = candidates(env, |p| present.iter().any(|q| p == Path::new(q)));
        assert_eq!(list[0].id, "context:default");
        (list[0].kind.clone(), list[0].docker_command.clone())
    };
    // Rootless Podman, no /var/run/docker.sock.
    let (kind, command) = default_of(&linux(&config), &["/run/user/1000/podman/podman.sock"]);
    assert_eq!(
        kind,
        CandidateKind::Context {
            name: "default".into(),
            description: None,
            via: Some(DefaultVia::Detected {
                socket: SocketKind::Podman
            }),
        }
    );
    assert_eq!(
        command,
        "export DOCKER_HOST=unix:///run/user/1000/podman/podman.sock"
    );
    // Colima on macOS.
    let mac = Environment {
        platform: Platform::MacOs,
        ..linux(&config)
    };
    assert_eq!(
        default_of(&mac, &["/home/ana/.colima/default/docker.sock"]).1,
        "export DOCKER_HOST=unix:///home/ana/.colima/default/docker.sock"
    );
    // With the standard socket there too, it wins, and the CLI's default reaches it.
    assert_eq!(
        default_of(
            &linux(&config),
            &["/var/run/docker.sock", "/run/user/1000/podman/podman.sock"]
        )
        .1,
        "docker context use default"
    );
    // Windows: a Podman machine's pipe, in PowerShell.
    let windows = Environment {
        platform: Platform::Windows,
        ..linux(&config)
    };
    assert_eq!(
        default_of(&windows, &[r"\\.\pipe\podman-machine-default"]).1,
        "$env:DOCKER_HOST=\"npipe:////./pipe/podman-machine-default\""
    );
    assert_eq!(
        default_of(&windows, &[r"\\.\pipe\docker_engine"]).1,
        "docker context use default"
    );
}

#[test]
fn powershell_strings_expand_nothing() {
    assert_eq!(
        powershell_string("npipe:////./pipe/x"),
        "\"npipe:////./pipe/x\""
    );
    assert_eq!(powershell_string("tcp://h/$env:X"), "'tcp://h/$env:X'");
    assert_eq!(powershell_string("a`b\"c"), "'a`b\"c'");
    assert_eq!(powershell_string("it's"), "'it''s'");
    assert_eq!(powershell_string("it\u{2019}s"), "'it\u{2019}\u{2019}s'");
}

/// `DOCKER_HOST` and `DOCKER_CONTEXT` both override `docker context use`: the command for a
/// context clears them first in the user's shell, or the terminal stays where it was.
#[test]
fn a_context_command_clears_what_would_override_it() {
    let config = temp_dir("context-command");
    add_context(&config, "ctx-a", "tcp://10.0.0.1:2375", false, "");
    let command = |env: &Environment, id: &str| {
        let list = candidates(env, none);
        let c = list.iter().find(|c| c.id == id).unwrap();
        c.docker_command.clone()
    };
    assert_eq!(
        command(&linux(&config), "context:ctx-a"),
        "docker context use ctx-a"
    );
    let env = Environment {
        docker_host: Some("tcp://127.0.0.1:2375".into()),
        docker_context: Some("ctx-a".into()),
        ..linux(&config)
    };
    assert_eq!(
        command(&env, "context:ctx-a"),
        "unset DOCKER_HOST DOCKER_CONTEXT; docker context use ctx-a"
    );
    let env = Environment {
        docker_context: Some("ctx-a".into()),
        ..linux(&config)
    };
    assert_eq!(
        command(&env, "context:default"),
        "unset DOCKER_CONTEXT; docker context use default"
    );
    let env = Environment {
        docker_host: Some("npipe:////./pipe/docker_engine".into()),
        platform: Platform::Windows,
        ..linux(&config)
    };
    assert_eq!(
        command(&env, "context:ctx-a"),
        "Remove-Item Env:DOCKER_HOST -ErrorAction SilentlyContinue; docker context use ctx-a"
    );
}

/// Windows: a named pipe being served is found in the pipe list (Docker Desktop running),
/// one that nobody serves is not; the list is read, never the pipe opened (that would be a
/// connection to the engine). Pipe names are not case-sensitive.
#[cfg(windows)]
#[tokio::test]
async fn a_served_named_pipe_is_found_and_an_absent_one_is_not() {
    let (_listener, address) = crate::engine::fake::bind("probe-served");
    let pipe = address
        .as_str()
        .trim_start_matches("npipe://")
        .replace('/', "\\");
    assert!(pipe.starts_with(r"\\.\pipe\imagen-fake-"), "{pipe}");
    assert!(probe(Path::new(&pipe)));
    assert!(probe(Path::new(
        &pipe.to_uppercase().replace("PIPE", "pipe")
    )));
    let absent = crate::engine::fake::absent("probe-absent");
    let absent = absent
        .as_str()
        .trim_start_matches("npipe://")
        .replace('/', "\\");
    assert!(!probe(Path::new(&absent)), "{absent}");
}
