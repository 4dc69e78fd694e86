// `COMMANDS`: the app's commands, named once in src/command_list.rs.
include!("src/command_list.rs");

fn main() {
    // Declaring the app manifest makes app commands go through the ACL: a
    // command is callable only if a capability grants `allow-<command>`.
    // Without it every registered command is callable from any local window.
    println!("cargo:rerun-if-changed=src/command_list.rs");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
