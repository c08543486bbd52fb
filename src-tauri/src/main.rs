// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Answered before Tauri starts: no window, no engine, no display needed.
    match std::env::args().nth(1).as_deref() {
        Some("--version" | "-V") => {
            println!("Imagen {}", imagen_core::about::VERSION);
            return;
        }
        Some("--help" | "-h") => {
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
