//! The user's languages as the OS states them, for the UI's first choice of language.
//!
//! macOS and Windows web views report the OS preferences in `navigator.languages` already.
//! WebKitGTK fills it from `setlocale(LC_CTYPE)` alone, so on Linux `LANGUAGE` (a list, the
//! way GNOME and gettext let a user say "Spanish, else English") and `LC_MESSAGES` would be
//! ignored. This reads them in gettext's order of precedence instead.

/// `LANGUAGE` (colon-separated), then `LC_ALL`, `LC_MESSAGES`, `LANG`, as gettext reads
/// them: `es_ES.UTF-8` → `es-ES`. Empty off Linux (the web view knows better there), and when
/// nothing names a language (`C`, `POSIX`).
pub fn preferred(var: impl Fn(&str) -> Option<String>) -> Vec<String> {
    if !cfg!(all(unix, not(target_os = "macos"))) {
        return Vec::new();
    }
    let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
    // gettext ignores LANGUAGE when the locale itself is C: a program run with LC_ALL=C
    // speaks English whatever LANGUAGE says.
    let locale = set("LC_ALL")
        .or_else(|| set("LC_MESSAGES"))
        .or_else(|| set("LANG"));
    if locale.as_deref().is_some_and(is_c) {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    let listed = set("LANGUAGE").unwrap_or_default();
    for name in listed.split(':').map(str::to_owned).chain(locale) {
        if let Some(tag) = tag_of(&name) {
            if !out.contains(&tag) {
                out.push(tag);
            }
        }
    }
    out
}

fn is_c(name: &str) -> bool {
    let base = name.split(['.', '@']).next().unwrap_or(name);
    base == "C" || base == "POSIX"
}

/// `es_ES.UTF-8@euro` → `es-ES`; `C`, empty or odd values → `None`.
fn tag_of(name: &str) -> Option<String> {
    let base = name.trim().split(['.', '@']).next()?;
    if base.is_empty() || is_c(base) {
        return None;
    }
    let tag = base.replace('_', "-");
    let plausible = tag.len() <= 35 && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    plausible.then_some(tag)
}

#[cfg(test)]
mod tests {
    use super::preferred;
    use std::collections::HashMap;

    fn with(vars: &[(&str, &str)]) -> Vec<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        preferred(|name| map.get(name).cloned())
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn reads_the_variables_in_gettexts_order() {
        assert_eq!(with(&[("LANG", "es_ES.UTF-8")]), ["es-ES"]);
        assert_eq!(
            with(&[("LANGUAGE", "es_AR:en"), ("LANG", "en_US.UTF-8")]),
            ["es-AR", "en", "en-US"]
        );
        assert_eq!(
            with(&[("LC_ALL", "es_MX.UTF-8"), ("LANG", "en_US.UTF-8")]),
            ["es-MX"]
        );
        assert_eq!(
            with(&[("LC_MESSAGES", "es_ES.UTF-8"), ("LANG", "en_US.UTF-8")]),
            ["es-ES"]
        );
        // A C locale means English, whatever LANGUAGE says (gettext's rule).
        assert!(with(&[("LANGUAGE", "es"), ("LC_ALL", "C")]).is_empty());
        assert!(with(&[("LANG", "C.UTF-8")]).is_empty());
        assert!(with(&[]).is_empty());
        assert!(with(&[("LANG", "<script>")]).is_empty());
    }

    /// On Windows and macOS the web view reports the OS's languages itself; a LANG left
    /// by a terminal (Git Bash, a macOS shell) must not override them.
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    #[test]
    fn off_linux_the_variables_are_not_read() {
        assert!(with(&[("LANG", "es_ES.UTF-8"), ("LANGUAGE", "es")]).is_empty());
    }
}
