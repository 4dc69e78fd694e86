// Hide the console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK's accelerated compositing costs ≈ 85 MB PSS (GL context, tile buffers) for
    // forms and tables that paint fine on the CPU (docs/benchmarks.md). Must be set before
    // GTK/WebKit start; a user's own value wins (=0 turns compositing back on).
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    assay_desktop::run();
}
