//! How the Linux web view draws on machines without a GPU.
//!
//! WebKitGTK composites pages with OpenGL. Without a GPU (a VM, a CI runner, Xvfb) that GL is
//! Mesa's software rasteriser, and compositing then makes every changed frame cost about twice
//! what the same page costs drawn directly: in the 5,000-image benchmark a filter keystroke
//! reached its painted frame in 28–33 ms with compositing and 15 ms without
//! (docs/benchmarks.md). So where the machine shows no GPU render node, compositing is turned
//! off, which WebKitGTK reads from its environment when the web view starts. With a GPU nothing
//! changes, and a user's own setting of the variable always wins.

use std::path::Path;

/// The variable WebKitGTK reads; "1" draws pages without accelerated compositing.
const DISABLE_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Call first thing, before any other thread starts (it sets an environment variable).
pub fn prefer_direct_drawing_without_gpu() {
    if cfg!(target_os = "linux")
        && std::env::var_os(DISABLE_COMPOSITING).is_none()
        && !has_render_node(Path::new("/dev/dri"))
    {
        std::env::set_var(DISABLE_COMPOSITING, "1");
    }
}

/// Whether `dri` holds a GPU render node (`renderD128`…), the device GL drives a GPU through.
fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri)
        .map(|entries| {
            entries
                .flatten()
                .any(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::has_render_node;

    #[test]
    fn a_render_node_means_a_gpu() {
        let dir = std::env::temp_dir().join(format!("imagen-dri-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(!has_render_node(&dir), "an empty /dev/dri has no GPU");
        std::fs::write(dir.join("card0"), "").unwrap();
        assert!(
            !has_render_node(&dir),
            "a display card alone is no render node"
        );
        std::fs::write(dir.join("renderD128"), "").unwrap();
        assert!(has_render_node(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(!has_render_node(&dir), "no /dev/dri at all: no GPU");
    }
}
