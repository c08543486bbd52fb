//! The macOS menu bar, in the language the UI speaks.
//!
//! Tauri's default macOS menu (`tauri::menu::Menu::default`) is worded in English whatever
//! the app's language. Imagen builds the same menu itself, from the same predefined items
//! (AppKit's own actions, so Cmd+Z, Cmd+X/C/V, Cmd+A, Cmd+H, Cmd+M, Cmd+W and full screen
//! keep working), with its words from [`Title::words`] and [`Action::words`]. Quit (Cmd+Q)
//! is Imagen's own item: it closes the window, which asks first while work runs (quit.rs).
//!
//! The UI names its language at start and at every switch ([`set_language`]); until it
//! does, the menu is in the first language of the Mac's list that Imagen speaks, as AppKit
//! chooses a bundle's localization (English when none is). Other OSes keep no menu bar, as
//! before: there [`set_language`] only checks and remembers its argument, for the question
//! asked on quitting ([`ui_language`], quit.rs).

use crate::ipc::guarded;
use imagen_core::kit::Language;
use imagen_core::Error;
use std::sync::{Mutex, PoisonError};
use tauri::menu::{
    AboutMetadata, IsMenuItem, Menu, MenuItem, PredefinedMenuItem, Submenu, HELP_SUBMENU_ID,
    WINDOW_SUBMENU_ID,
};
use tauri::{AppHandle, Builder, Manager, Runtime};

/// Where a label names the app; replaced by its name ("Imagen").
const APP: &str = "{app}";

/// A submenu of the menu bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Title {
    App,
    File,
    Edit,
    View,
    Window,
    Help,
}

impl Title {
    /// Every title, to check the table is complete.
    #[cfg(test)]
    const ALL: [Title; 6] = [
        Title::App,
        Title::File,
        Title::Edit,
        Title::View,
        Title::Window,
        Title::Help,
    ];

    /// The title in `language`, as macOS words it; [`APP`] stands for the app's name.
    pub fn words(self, language: Language) -> &'static str {
        match (self, language) {
            (Title::App, _) => APP,
            (Title::File, Language::En) => "File",
            (Title::File, Language::Es) => "Archivo",
            (Title::Edit, Language::En) => "Edit",
            (Title::Edit, Language::Es) => "Edición",
            (Title::View, Language::En) => "View",
            (Title::View, Language::Es) => "Ver",
            (Title::Window, Language::En) => "Window",
            (Title::Window, Language::Es) => "Ventana",
            (Title::Help, Language::En) => "Help",
            (Title::Help, Language::Es) => "Ayuda",
        }
    }

    /// The ID Tauri looks for to make a submenu AppKit's Window menu (the list of windows)
    /// or Help menu (the search field).
    fn id(self) -> Option<&'static str> {
        match self {
            Title::Window => Some(WINDOW_SUBMENU_ID),
            Title::Help => Some(HELP_SUBMENU_ID),
            _ => None,
        }
    }
}

/// A menu item: each one a predefined item, which AppKit carries out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    About,
    Services,
    Hide,
    HideOthers,
    ShowAll,
    Quit,
    CloseWindow,
    Undo,
    Redo,
    Cut,
    Copy,
    Paste,
    SelectAll,
    FullScreen,
    Minimize,
    Zoom,
}

impl Action {
    /// Every action, to check the table is complete.
    #[cfg(test)]
    const ALL: [Action; 16] = [
        Action::About,
        Action::Services,
        Action::Hide,
        Action::HideOthers,
        Action::ShowAll,
        Action::Quit,
        Action::CloseWindow,
        Action::Undo,
        Action::Redo,
        Action::Cut,
        Action::Copy,
        Action::Paste,
        Action::SelectAll,
        Action::FullScreen,
        Action::Minimize,
        Action::Zoom,
    ];

    /// The item's label in `language`, as macOS words it; [`APP`] stands for the app's name.
    pub fn words(self, language: Language) -> &'static str {
        match (self, language) {
            (Action::About, Language::En) => "About {app}",
            (Action::About, Language::Es) => "Acerca de {app}",
            (Action::Services, Language::En) => "Services",
            (Action::Services, Language::Es) => "Servicios",
            (Action::Hide, Language::En) => "Hide {app}",
            (Action::Hide, Language::Es) => "Ocultar {app}",
            (Action::HideOthers, Language::En) => "Hide Others",
            (Action::HideOthers, Language::Es) => "Ocultar otros",
            (Action::ShowAll, Language::En) => "Show All",
            (Action::ShowAll, Language::Es) => "Mostrar todo",
            (Action::Quit, Language::En) => "Quit {app}",
            (Action::Quit, Language::Es) => "Salir de {app}",
            (Action::CloseWindow, Language::En) => "Close Window",
            (Action::CloseWindow, Language::Es) => "Cerrar ventana",
            (Action::Undo, Language::En) => "Undo",
            (Action::Undo, Language::Es) => "Deshacer",
            (Action::Redo, Language::En) => "Redo",
            (Action::Redo, Language::Es) => "Rehacer",
            (Action::Cut, Language::En) => "Cut",
            (Action::Cut, Language::Es) => "Cortar",
            (Action::Copy, Language::En) => "Copy",
            (Action::Copy, Language::Es) => "Copiar",
            (Action::Paste, Language::En) => "Paste",
            (Action::Paste, Language::Es) => "Pegar",
            (Action::SelectAll, Language::En) => "Select All",
            (Action::SelectAll, Language::Es) => "Seleccionar todo",
            (Action::FullScreen, Language::En) => "Enter Full Screen",
            (Action::FullScreen, Language::Es) => "Entrar en pantalla completa",
            (Action::Minimize, Language::En) => "Minimize",
            (Action::Minimize, Language::Es) => "Minimizar",
            (Action::Zoom, Language::En) => "Zoom",
            (Action::Zoom, Language::Es) => "Zoom",
        }
    }
}

/// One line of a submenu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Item(Action),
    Separator,
}

/// Tauri's default macOS menu, item for item, with the app menu's Show All, which every
/// macOS app has beside Hide Others.
const LAYOUT: [(Title, &[Entry]); 6] = {
    use Action::*;
    use Entry::{Item, Separator};
    [
        (
            Title::App,
            &[
                Item(About),
                Separator,
                Item(Services),
                Separator,
                Item(Hide),
                Item(HideOthers),
                Item(ShowAll),
                Separator,
                Item(Quit),
            ],
        ),
        (Title::File, &[Item(CloseWindow)]),
        (
            Title::Edit,
            &[
                Item(Undo),
                Item(Redo),
                Separator,
                Item(Cut),
                Item(Copy),
                Item(Paste),
                Item(SelectAll),
            ],
        ),
        (Title::View, &[Item(FullScreen)]),
        (
            Title::Window,
            &[Item(Minimize), Item(Zoom), Separator, Item(CloseWindow)],
        ),
        // Empty: macOS puts its search field there.
        (Title::Help, &[]),
    ]
};

/// A submenu as it is to be built, in words: what [`build`] makes, as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmenuSpec {
    pub id: Option<&'static str>,
    pub title: String,
    pub entries: Vec<EntrySpec>,
}

/// A line of a [`SubmenuSpec`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntrySpec {
    Item { action: Action, label: String },
    Separator,
}

/// The whole menu bar in `language`, for the app called `app_name`.
pub fn describe(language: Language, app_name: &str) -> Vec<SubmenuSpec> {
    let words = |text: &str| text.replace(APP, app_name);
    LAYOUT
        .iter()
        .map(|(title, entries)| SubmenuSpec {
            id: title.id(),
            title: words(title.words(language)),
            entries: entries
                .iter()
                .map(|entry| match *entry {
                    Entry::Item(action) => EntrySpec::Item {
                        action,
                        label: words(action.words(language)),
                    },
                    Entry::Separator => EntrySpec::Separator,
                })
                .collect(),
        })
        .collect()
}

/// The menu bar in `language`, as [`describe`] has it.
pub fn build<R: Runtime>(app: &AppHandle<R>, language: Language) -> tauri::Result<Menu<R>> {
    let menu = Menu::new(app)?;
    for spec in describe(language, &app.package_info().name) {
        let submenu = match spec.id {
            Some(id) => Submenu::with_id(app, id, &spec.title, true)?,
            None => Submenu::new(app, &spec.title, true)?,
        };
        for entry in &spec.entries {
            let item: Box<dyn IsMenuItem<R>> = match entry {
                EntrySpec::Item {
                    action: Action::Quit,
                    label,
                } => Box::new(quit_item(app, label)?),
                EntrySpec::Item { action, label } => Box::new(predefined(app, *action, label)?),
                EntrySpec::Separator => Box::new(PredefinedMenuItem::separator(app)?),
            };
            submenu.append(item.as_ref())?;
        }
        menu.append(&submenu)?;
    }
    Ok(menu)
}

/// The id of Imagen's own Quit item.
pub const QUIT_ID: &str = "imagen-quit";

/// Quit, with AppKit's shortcut, as Imagen's own item rather than the predefined one:
/// AppKit's `terminate:` ends the app without a close request, so a save running would stop
/// unasked. This one closes the window, which asks first when something runs (quit.rs).
fn quit_item<R: Runtime>(app: &AppHandle<R>, label: &str) -> tauri::Result<MenuItem<R>> {
    MenuItem::with_id(app, QUIT_ID, label, true, Some("CmdOrCtrl+Q"))
}

fn predefined<R: Runtime>(
    app: &AppHandle<R>,
    action: Action,
    label: &str,
) -> tauri::Result<PredefinedMenuItem<R>> {
    let text = Some(label);
    match action {
        Action::About => {
            // What Tauri's default About panel shows.
            let info = app.package_info();
            let config = app.config();
            let metadata = AboutMetadata {
                name: Some(info.name.clone()),
                version: Some(info.version.to_string()),
                copyright: config.bundle.copyright.clone(),
                authors: config.bundle.publisher.clone().map(|p| vec![p]),
                ..Default::default()
            };
            PredefinedMenuItem::about(app, text, Some(metadata))
        }
        Action::Services => PredefinedMenuItem::services(app, text),
        Action::Hide => PredefinedMenuItem::hide(app, text),
        Action::HideOthers => PredefinedMenuItem::hide_others(app, text),
        Action::ShowAll => PredefinedMenuItem::show_all(app, text),
        // Imagen's own item (`quit_item`); the predefined one only where this is not reached.
        Action::Quit => PredefinedMenuItem::quit(app, text),
        Action::CloseWindow => PredefinedMenuItem::close_window(app, text),
        Action::Undo => PredefinedMenuItem::undo(app, text),
        Action::Redo => PredefinedMenuItem::redo(app, text),
        Action::Cut => PredefinedMenuItem::cut(app, text),
        Action::Copy => PredefinedMenuItem::copy(app, text),
        Action::Paste => PredefinedMenuItem::paste(app, text),
        Action::SelectAll => PredefinedMenuItem::select_all(app, text),
        Action::FullScreen => PredefinedMenuItem::fullscreen(app, text),
        Action::Minimize => PredefinedMenuItem::minimize(app, text),
        Action::Zoom => PredefinedMenuItem::maximize(app, text),
    }
}

/// Who named a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// The UI: what the user sees and chose.
    Ui,
    /// The OS's list of languages: a stand-in until the UI names one.
    Os,
}

/// The language the menu bar is in, and whether the UI has named one yet.
#[derive(Debug, Default)]
pub struct MenuLanguage(Mutex<Shown>);

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Shown {
    current: Option<Language>,
    told: bool,
}

impl Shown {
    /// Takes `language` from `source`: the language to build the menu bar in, when it is
    /// not the one shown already. Once the UI has named a language, the OS's is ignored.
    fn choose(&mut self, language: Language, source: Source) -> Option<Language> {
        match source {
            Source::Os if self.told => return None,
            Source::Os => {}
            Source::Ui => self.told = true,
        }
        if self.current == Some(language) {
            return None;
        }
        self.current = Some(language);
        Some(language)
    }
}

/// Adds the menu bar to the app being built: on macOS, in place of Tauri's English one;
/// elsewhere there is none, as before (only the state [`set_language`] reads).
pub fn install<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    let builder = builder.manage(MenuLanguage::default());
    if cfg!(target_os = "macos") {
        builder
            .on_menu_event(|app, event| {
                if event.id() == QUIT_ID {
                    crate::quit::quit_asked(app);
                }
            })
            .menu(initial)
    } else {
        builder
    }
}

/// The menu bar Tauri installs at start-up: English until the Mac's list of languages is
/// read (off the main thread, a moment later) or the UI names its language.
fn initial<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let language = Language::En;
    if let Some(state) = app.try_state::<MenuLanguage>() {
        lock(&state).choose(language, Source::Os);
    }
    ask_the_os(app.clone());
    build(app, language)
}

/// The language the UI last named (on macOS, the system's until it does; elsewhere English):
/// the words of the native question asked on quitting (quit.rs).
pub fn ui_language<R: Runtime>(app: &AppHandle<R>) -> Language {
    app.try_state::<MenuLanguage>()
        .and_then(|state| lock(&state).current)
        .unwrap_or(Language::En)
}

fn lock(state: &MenuLanguage) -> std::sync::MutexGuard<'_, Shown> {
    state.0.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Reads the Mac's preferred languages (`defaults read -g AppleLanguages`) on a thread of
/// its own, and words the menu bar in the first one Imagen speaks, unless the UI has named
/// a language by then.
fn ask_the_os<R: Runtime>(app: AppHandle<R>) {
    let spawned = std::thread::Builder::new()
        .name("menu-language".into())
        .spawn(move || {
            let Some(language) = apple_languages() else {
                return;
            };
            let handle = app.clone();
            if let Err(err) = app.run_on_main_thread(move || show(&handle, language, Source::Os)) {
                eprintln!("imagen: could not word the menu bar in the system's language: {err}");
            }
        });
    if let Err(err) = spawned {
        eprintln!("imagen: could not read the system's languages: {err}");
    }
}

fn apple_languages() -> Option<Language> {
    let output = std::process::Command::new("/usr/bin/defaults")
        .args(["read", "-g", "AppleLanguages"])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| first_spoken(&String::from_utf8_lossy(&output.stdout)))
        .flatten()
}

/// The first language of `defaults read -g AppleLanguages`'s list (`("es-419", "en-US")`,
/// entries quoted or not) that Imagen speaks, matched by its language alone.
fn first_spoken(list: &str) -> Option<Language> {
    list.split(['(', ')', ',', '\n'])
        .map(|entry| entry.trim().trim_matches('"'))
        .filter_map(|tag| tag.split(['-', '_']).next())
        .find_map(|primary| {
            // The wire names of `Language` ("en", "es"): a language added there is found here.
            serde_json::from_value(serde_json::Value::String(primary.to_ascii_lowercase())).ok()
        })
}

/// Words the menu bar in `language`, unless it already is (or `source` is the OS and the UI
/// has spoken). On the main thread, where AppKit's menus live.
fn show<R: Runtime>(app: &AppHandle<R>, language: Language, source: Source) {
    let Some(state) = app.try_state::<MenuLanguage>() else {
        return;
    };
    let Some(language) = lock(&state).choose(language, source) else {
        return;
    };
    if let Err(err) = build(app, language).and_then(|menu| app.set_menu(menu)) {
        eprintln!("imagen: could not word the menu bar in {language:?}: {err}");
        // Not shown: the next call tries again.
        lock(&state).current = None;
    }
}

/// The language the UI speaks, named at start and at every switch: on macOS the menu bar
/// is worded in it (on the main thread, after this returns); elsewhere there is no menu bar
/// and nothing happens. `language` is checked at the door: serde refuses anything but the
/// languages Imagen speaks before this runs.
#[tauri::command]
pub async fn set_language<R: Runtime>(app: AppHandle<R>, language: Language) -> Result<(), Error> {
    guarded(async move {
        if !cfg!(target_os = "macos") {
            // No menu bar: only remembered, for the question asked on quitting (quit.rs).
            if let Some(state) = app.try_state::<MenuLanguage>() {
                lock(&state).choose(language, Source::Ui);
            }
            return Ok(());
        }
        let handle = app.clone();
        app.run_on_main_thread(move || show(&handle, language, Source::Ui))
            .map_err(|err| Error::Internal {
                message: format!("could not word the menu bar: {err}"),
            })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use tauri::menu::MenuItemKind;

    const LANGUAGES: [Language; 2] = [Language::En, Language::Es];

    #[test]
    fn every_title_and_item_has_words_in_every_language() {
        for language in LANGUAGES {
            for title in Title::ALL {
                assert!(!title.words(language).trim().is_empty(), "{title:?}");
            }
            for action in Action::ALL {
                let words = action.words(language);
                assert!(!words.trim().is_empty(), "{action:?} in {language:?}");
                assert_eq!(words.trim(), words, "{action:?} in {language:?}");
            }
        }
        // Every action of the table is in the menu, and only those.
        let used: Vec<Action> = LAYOUT
            .iter()
            .flat_map(|(_, entries)| entries.iter())
            .filter_map(|entry| match entry {
                Entry::Item(action) => Some(*action),
                Entry::Separator => None,
            })
            .collect();
        for action in Action::ALL {
            assert!(used.contains(&action), "{action:?} is not in the menu");
        }
        assert_eq!(
            LAYOUT.map(|(title, _)| title),
            Title::ALL,
            "every submenu once, in order"
        );
    }

    fn words(spec: &[SubmenuSpec]) -> Vec<(String, Vec<String>)> {
        spec.iter()
            .map(|submenu| {
                let entries = submenu
                    .entries
                    .iter()
                    .map(|entry| match entry {
                        EntrySpec::Item { label, .. } => label.clone(),
                        EntrySpec::Separator => "—".to_owned(),
                    })
                    .collect();
                (submenu.title.clone(), entries)
            })
            .collect()
    }

    fn expected(menu: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
        menu.iter()
            .map(|(title, items)| {
                let items = items.iter().map(|item| (*item).to_owned()).collect();
                ((*title).to_owned(), items)
            })
            .collect()
    }

    #[test]
    fn spanish_menu_is_worded_as_macos_words_it() {
        assert_eq!(
            words(&describe(Language::Es, "Imagen")),
            expected(&[
                (
                    "Imagen",
                    &[
                        "Acerca de Imagen",
                        "—",
                        "Servicios",
                        "—",
                        "Ocultar Imagen",
                        "Ocultar otros",
                        "Mostrar todo",
                        "—",
                        "Salir de Imagen",
                    ],
                ),
                ("Archivo", &["Cerrar ventana"]),
                (
                    "Edición",
                    &[
                        "Deshacer",
                        "Rehacer",
                        "—",
                        "Cortar",
                        "Copiar",
                        "Pegar",
                        "Seleccionar todo",
                    ],
                ),
                ("Ver", &["Entrar en pantalla completa"]),
                ("Ventana", &["Minimizar", "Zoom", "—", "Cerrar ventana"]),
                ("Ayuda", &[]),
            ])
        );
    }

    #[test]
    fn english_menu_is_tauris_default_menu() {
        assert_eq!(
            words(&describe(Language::En, "Imagen")),
            expected(&[
                (
                    "Imagen",
                    &[
                        "About Imagen",
                        "—",
                        "Services",
                        "—",
                        "Hide Imagen",
                        "Hide Others",
                        "Show All",
                        "—",
                        "Quit Imagen",
                    ],
                ),
                ("File", &["Close Window"]),
                (
                    "Edit",
                    &["Undo", "Redo", "—", "Cut", "Copy", "Paste", "Select All"],
                ),
                ("View", &["Enter Full Screen"]),
                ("Window", &["Minimize", "Zoom", "—", "Close Window"]),
                ("Help", &[]),
            ])
        );
        let ids: Vec<_> = describe(Language::En, "Imagen")
            .iter()
            .map(|submenu| submenu.id)
            .collect();
        assert_eq!(
            ids,
            [
                None,
                None,
                None,
                None,
                Some(WINDOW_SUBMENU_ID),
                Some(HELP_SUBMENU_ID)
            ]
        );
    }

    #[test]
    fn the_built_menu_is_made_of_predefined_items_but_quit_with_the_words_described() {
        let app = tauri::test::mock_app();
        let handle = app.handle();
        let name = handle.package_info().name.clone();
        for language in LANGUAGES {
            let menu = build(handle, language).unwrap();
            let spec = describe(language, &name);
            let submenus = menu.items().unwrap();
            assert_eq!(submenus.len(), spec.len());
            for (kind, submenu_spec) in submenus.iter().zip(&spec) {
                let submenu = kind.as_submenu().expect("a submenu");
                assert_eq!(submenu.text().unwrap(), submenu_spec.title);
                if let Some(id) = submenu_spec.id {
                    assert_eq!(submenu.id().as_ref(), id);
                }
                let items = submenu.items().unwrap();
                let title = &submenu_spec.title;
                assert_eq!(items.len(), submenu_spec.entries.len(), "{title}");
                for (item, entry_spec) in items.iter().zip(&submenu_spec.entries) {
                    // Quit is Imagen's own, so a close request (and its question) comes first.
                    if let EntrySpec::Item {
                        action: Action::Quit,
                        label,
                    } = entry_spec
                    {
                        let MenuItemKind::MenuItem(quit) = item else {
                            panic!("{title}: Quit is not Imagen's own item");
                        };
                        assert_eq!(quit.id().as_ref(), QUIT_ID);
                        assert_eq!(&quit.text().unwrap(), label);
                        continue;
                    }
                    // Predefined: AppKit's own action and shortcut, not an item Imagen handles.
                    let MenuItemKind::Predefined(predefined) = item else {
                        panic!("{title}: {:?} is not a predefined item", item.id());
                    };
                    if let EntrySpec::Item { label, .. } = entry_spec {
                        assert_eq!(&predefined.text().unwrap(), label, "{title}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_ui_language_wins_over_the_os_one_and_an_unchanged_one_is_not_rebuilt() {
        let mut shown = Shown::default();
        assert_eq!(shown.choose(Language::En, Source::Os), Some(Language::En));
        assert_eq!(shown.choose(Language::Es, Source::Os), Some(Language::Es));
        // The UI names the language shown already: nothing to rebuild.
        assert_eq!(shown.choose(Language::Es, Source::Ui), None);
        // The OS's list, read late, no longer counts.
        assert_eq!(shown.choose(Language::En, Source::Os), None);
        assert_eq!(shown.choose(Language::En, Source::Ui), Some(Language::En));
        assert_eq!(shown.choose(Language::Es, Source::Ui), Some(Language::Es));
    }

    #[test]
    fn the_os_language_is_the_first_of_the_list_imagen_speaks() {
        let defaults = "(\n    \"fr-FR\",\n    \"es-419\",\n    en\n)\n";
        assert_eq!(first_spoken(defaults), Some(Language::Es));
        assert_eq!(
            first_spoken("(\n    \"en-GB\",\n    es\n)"),
            Some(Language::En)
        );
        assert_eq!(first_spoken("(\n    \"ES_es\"\n)"), Some(Language::Es));
        assert_eq!(first_spoken("(\n    \"fr-FR\",\n    de\n)"), None);
        assert_eq!(first_spoken(""), None);
    }

    /// The bundle declares the languages Imagen speaks, so AppKit localizes its own parts
    /// (Save and Open panels, the web view's context menu) instead of keeping them English.
    #[test]
    fn the_bundle_declares_every_language_imagen_speaks() -> std::io::Result<()> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/Info.plist");
        let plist = std::fs::read_to_string(path)?;
        let compact: String = plist.split_whitespace().collect();
        let wire = |language: Language| serde_json::to_value(language).ok();
        let strings: String = LANGUAGES
            .iter()
            .filter_map(|language| wire(*language))
            .filter_map(|value| {
                value
                    .as_str()
                    .map(|code| format!("<string>{code}</string>"))
            })
            .collect();
        assert_eq!(strings, "<string>en</string><string>es</string>");
        assert!(
            compact.contains(&format!(
                "<key>CFBundleLocalizations</key><array>{strings}</array>"
            )),
            "{plist}"
        );
        assert!(
            compact.contains("<key>CFBundleDevelopmentRegion</key><string>en</string>"),
            "{plist}"
        );
        Ok(())
    }
}
