//! The web view stays home: it may show Imagen's own UI and nothing else.
//!
//! The page can call Imagen's commands, which stop containers and delete images. A page from
//! anywhere else must never get that power, so every top-level or frame navigation to another
//! origin is refused here (a link, `location.href = …`, a form, a redirect), whatever the
//! cause: a bug, a crafted label or tag rendered as a link, or an injected script. The CSP in
//! tauri.conf.json already stops scripts and connections to other origins; this stops the
//! window itself from going there.
//!
//! New windows (`window.open`, `target="_blank"`) are refused by the platforms' defaults when
//! no new-window handler is set, which is the case for the main window, created from
//! tauri.conf.json (Tauri only takes a handler from `WebviewWindowBuilder::on_new_window`, not
//! from a plugin). In wry 0.57: WebKitGTK (Linux) gets no `create` signal handler, so its
//! default returns no web view and `window.open` returns null; WebView2 (Windows) marks every
//! NewWindowRequested as handled without a new window; WKWebView (macOS) returns nil from
//! `createWebViewWithConfiguration`. e2e/webview-home.test.mjs checks that on the real app.
//! Navigations stay guarded here for every web view, including any a future version creates.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Manager, Runtime, Url};

/// The plugin that refuses navigation away from the app's own origins.
pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation-guard")
        .on_navigation(|webview, url| {
            // A dev build (tauri compiled without `custom-protocol`, i.e. `tauri dev` or a
            // plain `cargo run`) loads the UI from the Vite dev server (`build.devUrl`); a
            // release or e2e build serves the bundled UI and never trusts that server.
            let config = webview.config();
            let dev_server = if cfg!(dev) {
                config.build.dev_url.as_ref()
            } else {
                None
            };
            // The window's own config says whether WebView2 serves it over https.
            let https = config
                .app
                .windows
                .iter()
                .find(|w| w.label == webview.label())
                .is_some_and(|w| w.use_https_scheme);
            let allowed = is_app_url(url, Served::here(https), dev_server);
            if !allowed {
                refused(url);
            }
            allowed
        })
        .build()
}

/// The one origin the bundled UI is served from. Only that one is home: WebView2 sends the
/// other `*.tauri.localhost` scheme to the loopback address, where any web server (a
/// container published on port 80 or 443) would answer, and Tauri counts both
/// `http(s)://tauri.localhost` as local, so such a page would get the app's commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Served {
    /// `tauri://localhost` (Linux, macOS).
    TauriScheme,
    /// `http://tauri.localhost` (Windows).
    HttpLocalhost,
    /// `https://tauri.localhost` (Windows with `useHttpsScheme`).
    HttpsLocalhost,
}

impl Served {
    /// Where this platform serves the bundled UI, for a window with or without
    /// `useHttpsScheme` (which only Windows reads).
    pub fn here(use_https_scheme: bool) -> Self {
        if !cfg!(windows) {
            Served::TauriScheme
        } else if use_https_scheme {
            Served::HttpsLocalhost
        } else {
            Served::HttpLocalhost
        }
    }

    fn origin(self) -> (&'static str, &'static str) {
        match self {
            Served::TauriScheme => ("tauri", "localhost"),
            Served::HttpLocalhost => ("http", "tauri.localhost"),
            Served::HttpsLocalhost => ("https", "tauri.localhost"),
        }
    }
}

/// Whether `url` is one of the app's own pages: the bundled UI at the origin it is `served`
/// from, or, when given, the dev server's origin (scheme, host and port all equal).
///
/// Userinfo is refused outright: the app never uses it, and `http://tauri.localhost@evil.com`
/// is the classic way to make another host look like ours.
pub fn is_app_url(url: &Url, served: Served, dev_server: Option<&Url>) -> bool {
    if !url.username().is_empty() || url.password().is_some() {
        return false;
    }
    let (scheme, host) = served.origin();
    let bundled = url.scheme() == scheme && url.host_str() == Some(host) && url.port().is_none();
    // `origin()` compares scheme, host and effective port; it is opaque (never equal) for
    // schemes without a network origin, so a `data:` or `file:` URL can never match it.
    bundled || dev_server.is_some_and(|dev| dev.origin() == url.origin())
}

/// One line on stderr per refused navigation; the URL is cut short so that a page cannot
/// flood the log with a megabyte `data:` URL.
fn refused(url: &Url) {
    let text = url.as_str();
    let shown: String = text.chars().take(200).collect();
    let ellipsis = if shown.len() < text.len() { "…" } else { "" };
    eprintln!("imagen: refused navigation away from the app to {shown}{ellipsis}");
}

#[cfg(test)]
mod tests {
    use super::{is_app_url, Served};
    use tauri::Url;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    const DEV: &str = "http://localhost:5173";

    fn allowed(text: &str) -> bool {
        is_app_url(&url(text), Served::here(false), None)
    }

    fn allowed_in_dev(text: &str) -> bool {
        is_app_url(&url(text), Served::here(false), Some(&url(DEV)))
    }

    #[test]
    fn the_bundled_ui_is_home_where_it_is_served_and_nowhere_else() {
        let cases = [
            (
                Served::TauriScheme,
                &[
                    "tauri://localhost",
                    "tauri://localhost/",
                    "tauri://localhost/index.html?x=1#images",
                ][..],
            ),
            (
                Served::HttpLocalhost,
                &["http://tauri.localhost/", "http://TAURI.localhost/"][..],
            ),
            (
                Served::HttpsLocalhost,
                &["https://tauri.localhost/index.html"][..],
            ),
        ];
        for (served, homes) in cases {
            for (other, pages) in cases {
                for page in pages {
                    for dev in [None, Some(url(DEV))] {
                        assert_eq!(
                            is_app_url(&url(page), served, dev.as_ref()),
                            served == other,
                            "{page} served from {served:?}, dev server {dev:?}"
                        );
                    }
                }
            }
            assert!(!homes.is_empty());
        }
    }

    #[test]
    fn each_platform_serves_one_origin() {
        if cfg!(windows) {
            assert_eq!(Served::here(false), Served::HttpLocalhost);
            assert_eq!(Served::here(true), Served::HttpsLocalhost);
        } else {
            assert_eq!(Served::here(false), Served::TauriScheme);
            assert_eq!(Served::here(true), Served::TauriScheme);
        }
    }

    #[test]
    fn the_dev_server_is_home_only_in_dev_builds() {
        for page in [
            "http://localhost:5173/",
            "http://localhost:5173/index.html?x#y",
        ] {
            assert!(
                !allowed(page),
                "{page} must be refused without a dev server"
            );
            assert!(allowed_in_dev(page), "{page} should be allowed in dev");
        }
    }

    #[test]
    fn other_origins_are_refused() {
        for away in [
            "https://example.com/",
            "http://localhost:5174/",
            "https://localhost:5173/",
            "http://127.0.0.1:5173/",
            "http://localhost/",
            "tauri://localhost:8080/",
            "tauri://evil.com/",
            "http://tauri.localhost:8080/",
            "http://tauri.localhost.evil.com/",
            "http://evil.com/tauri.localhost",
            "ws://tauri.localhost/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "about:blank",
            "blob:tauri://localhost/0b6b4b0e",
        ] {
            assert!(!allowed(away), "{away} must be refused");
            assert!(!allowed_in_dev(away), "{away} must be refused in dev too");
        }
    }

    #[test]
    fn userinfo_tricks_are_refused() {
        for trick in [
            "http://tauri.localhost@evil.com/",
            "https://tauri.localhost:443@evil.com/",
            "http://user@tauri.localhost/",
            "http://user:pass@tauri.localhost/",
            "tauri://user@localhost/",
            "http://localhost:5173@evil.com/",
            "http://user@localhost:5173/",
        ] {
            assert!(!allowed(trick), "{trick} must be refused");
            assert!(!allowed_in_dev(trick), "{trick} must be refused in dev too");
        }
    }

    /// The release CSP keeps every other origin out of the window: no frame at all (the
    /// guard above sees only top-level navigations on Windows, and CSP's `'self'` would let
    /// an `https://tauri.localhost` frame in beside an `http://` app), no inline or remote
    /// script, and connections only to the IPC.
    #[test]
    fn the_release_csp_lets_no_other_origin_in() {
        let config: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
        let csp = config["app"]["security"]["csp"].as_str().unwrap();
        let directive = |name: &str| {
            csp.split(';')
                .map(str::trim)
                .find_map(|d| d.strip_prefix(name).map(str::trim))
                .unwrap_or_else(|| panic!("no {name} in {csp}"))
                .to_owned()
        };
        assert_eq!(directive("frame-src "), "'none'");
        assert_eq!(directive("frame-ancestors "), "'none'");
        assert_eq!(directive("object-src "), "'none'");
        assert_eq!(directive("script-src "), "'self'");
        assert_eq!(directive("default-src "), "'self'");
        assert_eq!(directive("connect-src "), "ipc: http://ipc.localhost");
    }
}
