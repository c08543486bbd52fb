//! Closing the window while Imagen is still working asks first.
//!
//! A save to a USB stick can take twenty minutes; closing the window used to stop it without
//! a word and remove its unfinished file (and a pull, a load or a removal with it). Now a
//! close while any of them runs is held, and a native dialog, in the UI's language, says
//! what would stop: "Quit anyway" closes, "Keep working" keeps the window.
//!
//! The dialog is native, asked from here, so it shows even when the page is busy or stuck,
//! and the page is not trusted to keep the window open. The window can always be closed:
//! a question that cannot show, or never comes back, lets the next close through.
//!
//! On macOS, Cmd+Q and the menu's Quit close the window too (menu.rs), so they ask as well;
//! the Dock's Quit and logging out end the app as AppKit does, unasked.

use crate::state::AppState;
use imagen_core::kit::Language;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Manager, Runtime, Window, WindowEvent};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

/// What is running: what a close now would stop.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Busy {
    /// Pulls downloading.
    pub pulls: usize,
    /// Work on an image archive: saves, loads and the check of a file before its load.
    pub archives: usize,
    /// Removals and prunes running their steps.
    pub removals: usize,
}

impl Busy {
    /// What `state` has running now.
    pub fn of(state: &AppState) -> Self {
        Self {
            pulls: state.pulls.len(),
            archives: state.kits.len(),
            removals: state.plans.running(),
        }
    }

    /// Nothing a close would stop.
    pub fn is_idle(&self) -> bool {
        *self == Self::default()
    }
}

/// The question's words in `language`: title, message, the button that quits, the one that
/// keeps working.
pub fn question(busy: Busy, language: Language) -> [String; 4] {
    let es = language == Language::Es;
    let mut running = Vec::new();
    let mut after = Vec::new();
    let count = |n: usize, one: &str, many: &str| {
        if n == 1 {
            one.to_owned()
        } else {
            format!("{n} {many}")
        }
    };
    if busy.pulls > 0 {
        running.push(if es {
            count(busy.pulls, "una descarga", "descargas")
        } else {
            count(busy.pulls, "a pull", "pulls")
        });
        after.push(if es {
            "Una descarga detenida conserva las capas que terminaron: al volver a descargar, sigue desde ellas."
        } else {
            "A stopped pull keeps the layers that finished: pulling again carries on from them."
        });
    }
    if busy.archives > 0 {
        running.push(if es {
            count(
                busy.archives,
                "un archivo de imágenes que se guarda, se carga o se revisa",
                "archivos de imágenes que se guardan, se cargan o se revisan",
            )
        } else {
            count(
                busy.archives,
                "an image archive being saved, loaded or checked",
                "image archives being saved, loaded or checked",
            )
        });
        after.push(if es {
            "Un guardado sin terminar se borra; una carga se detiene donde está."
        } else {
            "An unfinished save's file is removed; a load stops where it is."
        });
    }
    if busy.removals > 0 {
        running.push(if es {
            count(busy.removals, "una eliminación", "eliminaciones")
        } else {
            count(busy.removals, "a removal", "removals")
        });
        after.push(if es {
            "Una eliminación se detiene a medias: lo que ya hizo queda hecho."
        } else {
            "A removal stops part-way: what it already did stays done."
        });
    }
    let list = join(&running, if es { "y" } else { "and" });
    let after = after.join(" ");
    if es {
        [
            "Imagen todavía está trabajando".into(),
            format!("Si sales ahora, se detiene lo que está en curso: {list}. {after}"),
            "Salir de todas formas".into(),
            "Seguir trabajando".into(),
        ]
    } else {
        [
            "Imagen is still working".into(),
            format!("Quitting now stops what is running: {list}. {after}"),
            "Quit anyway".into(),
            "Keep working".into(),
        ]
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: &[String], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {and} {last}", rest.join(", ")),
    }
}

/// Where the question stands.
#[derive(Debug, Default, Clone, Copy)]
pub struct Asked {
    /// "Quit anyway" was answered: closes go through from now on.
    pub quitting: bool,
    /// When the question was asked, while it is up.
    pub since: Option<Instant>,
    /// When "Keep working" was answered last.
    pub kept: Option<Instant>,
    /// The last answer came sooner than anyone could give one: the dialog could not show.
    pub unseen: bool,
}

static ASKED: Mutex<Asked> = Mutex::new(Asked {
    quitting: false,
    since: None,
    kept: None,
    unseen: false,
});

/// While the question is up it holds the window (it is modal); a close clicked twice can
/// reach Imagen just as the answer comes. Within this long of asking or of "Keep working",
/// a close is that same click, and is let go.
const SAME_CLICK: Duration = Duration::from_millis(1500);
/// An answer sooner than this after asking came from no one: the dialog could not show.
/// It keeps the window (it may have been a quick Escape), but the next close goes through
/// rather than asking a question that cannot be seen.
const NO_ONE_ANSWERS: Duration = Duration::from_millis(250);

/// What a close request does.
#[derive(Debug, PartialEq, Eq)]
pub enum OnClose {
    /// Let it close.
    Close,
    /// Hold it and ask.
    Ask,
    /// Hold it without asking (the click that was already asked about).
    Hold,
}

/// Decides a close request at `now`: with nothing running, after "Quit anyway", or after a
/// question that could not be seen, it closes; a click already asked about is held; else it
/// is held and the question asked. A question up for long and still unanswered (its dialog
/// lost) lets the close through.
pub fn decide(busy: Busy, asked: Asked, now: Instant) -> OnClose {
    let lately = |at: Option<Instant>| at.is_some_and(|at| now.duration_since(at) < SAME_CLICK);
    if asked.quitting || busy.is_idle() {
        OnClose::Close
    } else if lately(asked.since) || lately(asked.kept) {
        OnClose::Hold
    } else if asked.since.is_some() || asked.unseen {
        OnClose::Close
    } else {
        OnClose::Ask
    }
}

/// Where the question stands after its answer (`quit`, given `shown_for` after asking).
pub fn answered(quit: bool, shown_for: Duration, now: Instant) -> Asked {
    Asked {
        quitting: quit,
        since: None,
        kept: (!quit).then_some(now),
        unseen: !quit && shown_for < NO_ONE_ANSWERS,
    }
}

fn asked() -> std::sync::MutexGuard<'static, Asked> {
    ASKED.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Holds the window's close while work is running, and asks (see the module's comment).
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    let Some(state) = window.try_state::<AppState>() else {
        return;
    };
    let busy = Busy::of(&state);
    let now = Instant::now();
    match decide(busy, *asked(), now) {
        OnClose::Close => return,
        OnClose::Hold => return api.prevent_close(),
        OnClose::Ask => {}
    }
    api.prevent_close();
    asked().since = Some(now);
    let [title, message, quit, stay] =
        question(busy, crate::menu::ui_language(window.app_handle()));
    let closing = window.clone();
    window
        .dialog()
        .message(message)
        .title(title)
        .kind(MessageDialogKind::Warning)
        .parent(window)
        .buttons(MessageDialogButtons::OkCancelCustom(quit, stay))
        .show(move |quit| {
            *asked() = answered(quit, now.elapsed(), Instant::now());
            if quit {
                if let Err(err) = closing.close() {
                    eprintln!("imagen: could not close the window: {err}");
                }
            }
        });
}

/// The menu's Quit (Cmd+Q, menu.rs): closes the window, so the question comes first when
/// something runs; ends the app when there is no window to close.
pub fn quit_asked<R: Runtime>(app: &AppHandle<R>) {
    let windows = app.webview_windows();
    if windows.is_empty() {
        app.exit(0);
    }
    for window in windows.values() {
        if let Err(err) = window.close() {
            eprintln!("imagen: could not close the window: {err}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAVING: Busy = Busy {
        pulls: 0,
        archives: 1,
        removals: 0,
    };

    #[test]
    fn a_close_asks_only_while_something_runs() {
        let now = Instant::now();
        let none = Asked::default();
        assert_eq!(decide(Busy::default(), none, now), OnClose::Close);
        assert_eq!(decide(SAVING, none, now), OnClose::Ask);
        // "Quit anyway" was answered: the close it makes goes through.
        let quitting = Asked {
            quitting: true,
            ..none
        };
        assert_eq!(decide(SAVING, quitting, now), OnClose::Close);
    }

    #[test]
    fn a_close_clicked_twice_is_asked_about_once() {
        let asked_at = Instant::now();
        let now = asked_at + Duration::from_millis(400);
        let up = Asked {
            since: Some(asked_at),
            ..Asked::default()
        };
        assert_eq!(decide(SAVING, up, now), OnClose::Hold);
        let kept = Asked {
            kept: Some(asked_at),
            ..Asked::default()
        };
        assert_eq!(decide(SAVING, kept, now), OnClose::Hold);
        // Later, a new close asks again.
        assert_eq!(decide(SAVING, kept, now + SAME_CLICK), OnClose::Ask);
    }

    #[test]
    fn the_window_can_always_be_closed() {
        // A question that never came back (its dialog lost): the next close goes through.
        let asked_at = Instant::now();
        let lost = Asked {
            since: Some(asked_at),
            ..Asked::default()
        };
        assert_eq!(decide(SAVING, lost, asked_at + SAME_CLICK), OnClose::Close);
        // An answer sooner than anyone could give (the dialog could not show) keeps the
        // window, and the next close goes through without asking again.
        let quick = answered(false, Duration::from_millis(20), asked_at);
        assert!(!quick.quitting);
        assert_eq!(decide(SAVING, quick, asked_at + SAME_CLICK), OnClose::Close);
        // "Keep working" read and answered: the next close asks again.
        let kept = answered(false, Duration::from_secs(2), asked_at);
        assert_eq!(decide(SAVING, kept, asked_at + SAME_CLICK), OnClose::Ask);
        assert!(answered(true, Duration::from_millis(20), asked_at).quitting);
    }

    #[test]
    fn the_question_says_what_would_stop_in_both_languages() {
        let [title, message, quit, stay] = question(SAVING, Language::En);
        assert_eq!(title, "Imagen is still working");
        assert_eq!(
            message,
            "Quitting now stops what is running: an image archive being saved, loaded or checked. An unfinished save's file is removed; a load stops where it is."
        );
        assert_eq!(
            (quit.as_str(), stay.as_str()),
            ("Quit anyway", "Keep working")
        );

        let all = Busy {
            pulls: 2,
            archives: 1,
            removals: 1,
        };
        let [_, message, ..] = question(all, Language::En);
        assert!(
            message.starts_with(
                "Quitting now stops what is running: 2 pulls, an image archive being saved, loaded or checked and a removal. A stopped pull"
            ),
            "{message}"
        );
        let [title, message, quit, stay] = question(all, Language::Es);
        assert_eq!(title, "Imagen todavía está trabajando");
        assert!(
            message.starts_with(
                "Si sales ahora, se detiene lo que está en curso: 2 descargas, un archivo de imágenes que se guarda, se carga o se revisa y una eliminación."
            ),
            "{message}"
        );
        assert_eq!(
            (quit.as_str(), stay.as_str()),
            ("Salir de todas formas", "Seguir trabajando")
        );
    }
}
