// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Answered before Tauri starts: no window, no engine, no display needed.
    match std::env::args().nth(1).as_deref() {
        Some("--version" | "-V") => {
            attach_console();
            println!("Imagen {}", imagen_core::about::VERSION);
            return;
        }
        Some("--help" | "-h") => {
            attach_console();
            println!(
                "Imagen {} — see, pull, inspect and remove Docker images\n\n\
                 Usage: imagen [--version | --help]\n\n\
                 Without options, opens Imagen's window on the Docker engine the docker command\n\
                 would use (DOCKER_HOST, DOCKER_CONTEXT, the current docker context, or the\n\
                 usual sockets).\n\n\
                 Options:\n  -V, --version  print the version and exit\n  -h, --help     print this help and exit",
                imagen_core::about::VERSION
            );
            return;
        }
        _ => {}
    }
    imagen_core::startup::begin();
    imagen_lib::run();
}

/// A Windows release build is a GUI program: started from cmd or PowerShell it has no console,
/// so what it prints is lost. Attaching to the terminal's console first makes
/// `imagen --version` print there. (Output redirected to a file or a pipe already has its
/// handle and needs nothing; without a parent console the call fails harmlessly.)
#[cfg(windows)]
#[allow(unsafe_code)]
fn attach_console() {
    use windows_sys::Win32::System::Console::{AttachConsole, ATTACH_PARENT_PROCESS};
    // SAFETY: AttachConsole takes a process ID by value and touches no memory of ours.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

/// Elsewhere the terminal's stdout is already there.
#[cfg(not(windows))]
fn attach_console() {}
