//! Where exports go and imports come from, and the glue around the core's
//! writers (`assay::app::report::export_pdf_with_font`, `assay::app::write_atomic`, `Store::backup_to`).
//!
//! A destination comes from a [`PathPicker`] and an imported file from an
//! [`OpenPicker`]: the native dialogs (tauri-plugin-dialog, opened from Rust, so
//! the web page needs no dialog permission); an exported file is opened by a
//! [`Launcher`], the system's default app. Only a binary built with the cargo
//! feature `e2e-hooks` (the one the end-to-end test drives; see `e2e_hooks.rs`)
//! replaces them with fixed paths when `ASSAY_E2E_*` variables are set; without
//! the feature those variables are never read.

use std::any::Any;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use assay::app::{report, ReportData};
use assay::app::{ExportResult, SaveResult};
use assay::Lang;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};

use crate::commands::CommandError;
use crate::state::AppState;

/// What a file dialog offers: a filter name and its file extensions (none: any
/// file, with or without an extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileKind {
    pub name: &'static str,
    pub extensions: &'static [&'static str],
}

pub const PDF: FileKind = FileKind {
    name: "PDF",
    extensions: &["pdf"],
};

pub const XLSX: FileKind = FileKind {
    name: "Excel workbook",
    extensions: &["xlsx"],
};

pub const DOCX: FileKind = FileKind {
    name: "Word document",
    extensions: &["docx"],
};

pub const DATABASE: FileKind = FileKind {
    name: "Assay database",
    extensions: &["db"],
};

/// What the open dialog of a workbook import offers.
pub const WORKBOOK_IN: FileKind = FileKind {
    name: "Workbook (XLSX or CSV)",
    extensions: &["xlsx", "csv"],
};

/// What the evidence editor's open dialog offers.
pub const ANY_FILE: FileKind = FileKind {
    name: "Evidence file",
    extensions: &[],
};

/// What the "load a questionnaire" dialog offers.
pub const QUESTIONNAIRE_IN: FileKind = FileKind {
    name: "Questionnaire (JSON)",
    extensions: &["json"],
};

/// A native file dialog for `kind`, modal over the app's window.
fn dialog<R: Runtime>(app: &AppHandle<R>, kind: FileKind) -> FileDialogBuilder<R> {
    let mut dialog = app.dialog().file();
    if !kind.extensions.is_empty() {
        dialog = dialog.add_filter(kind.name, kind.extensions);
    }
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    dialog
}

/// The dialogs and the viewer of one run of the app.
pub struct Pickers {
    /// Where an export (PDF, workbook, backup) is written.
    pub save: Box<dyn PathPicker>,
    /// The workbook an import reads.
    pub import: Box<dyn OpenPicker>,
    /// The file attached to a piece of evidence.
    pub attach: Box<dyn OpenPicker>,
    /// The file "load a questionnaire" reads.
    pub questionnaires: Box<dyn OpenPicker>,
    /// The organisation's certificate (.p12/.pfx) a signed export uses.
    pub certificate: Box<dyn OpenPicker>,
    /// What opens an exported file.
    pub viewer: Box<dyn Launcher>,
}

impl Pickers {
    /// The native dialogs and the system's default app.
    pub fn native() -> Pickers {
        Pickers {
            save: Box::new(SaveDialog),
            import: Box::new(OpenDialog),
            attach: Box::new(OpenDialog),
            questionnaires: Box::new(OpenDialog),
            certificate: Box::new(OpenDialog),
            viewer: Box::new(SystemViewer),
        }
    }

    /// The pickers of this run, given the process environment `env` (a lookup
    /// by name: `std::env::var_os` in the app). Without the feature `e2e-hooks`
    /// always [`Pickers::native`]: `env` is not even called.
    pub fn for_run(env: &dyn Fn(&str) -> Option<OsString>) -> Pickers {
        #[cfg(feature = "e2e-hooks")]
        return crate::e2e_hooks::pickers(env);
        #[cfg(not(feature = "e2e-hooks"))]
        {
            let _ = env;
            Pickers::native()
        }
    }
}

/// Chooses the file an export is written to; `Ok(None)` when the user cancels.
/// (`Any`: the tests check which picker a build uses.)
pub trait PathPicker: Any + Send + Sync {
    fn pick(
        &self,
        app: &AppHandle,
        suggested_name: &str,
        kind: FileKind,
    ) -> Result<Option<PathBuf>, CommandError>;
}

/// The native save dialog. Blocks until the user answers: call it only from an
/// async command or a blocking task, never on the main thread.
pub struct SaveDialog;

impl PathPicker for SaveDialog {
    fn pick(
        &self,
        app: &AppHandle,
        suggested_name: &str,
        kind: FileKind,
    ) -> Result<Option<PathBuf>, CommandError> {
        let Some(chosen) = dialog(app, kind)
            .set_file_name(suggested_name)
            .blocking_save_file()
        else {
            return Ok(None);
        };
        chosen.into_path().map(Some).map_err(|e| {
            CommandError::export(
                format!("The chosen location cannot be used as a file: {e}"),
                format!("所选位置不能用作文件：{e}"),
            )
        })
    }
}

/// Asks where to save with the state's `picker`, off the async workers;
/// `None` when the user cancels.
pub async fn ask_save_path(
    app: &AppHandle,
    suggested_name: String,
    kind: FileKind,
) -> Result<Option<PathBuf>, CommandError> {
    let app = app.clone();
    blocking(move || {
        app.state::<AppState>()
            .picker
            .pick(&app, &suggested_name, kind)
    })
    .await
}

/// Asks for the organisation's certificate file and opens it with `password`,
/// off the async workers; `None` when the user cancels the dialog.
pub async fn ask_certificate(
    app: &AppHandle,
    password: String,
) -> Result<Option<report::SigningIdentity>, CommandError> {
    let app = app.clone();
    blocking(move || {
        let state = app.state::<AppState>();
        let Some(path) = state.certificate_picker.pick(&app, CERTIFICATE)? else {
            return Ok(None);
        };
        Ok(Some(report::signing_identity(&path, &password)?))
    })
    .await
}

/// Chooses the file an import reads; `Ok(None)` when the user cancels.
pub trait OpenPicker: Any + Send + Sync {
    fn pick(&self, app: &AppHandle, kind: FileKind) -> Result<Option<PathBuf>, CommandError>;
}

/// The native open dialog. Blocks: call it off the main thread.
pub struct OpenDialog;

impl OpenPicker for OpenDialog {
    fn pick(&self, app: &AppHandle, kind: FileKind) -> Result<Option<PathBuf>, CommandError> {
        let Some(chosen) = dialog(app, kind).blocking_pick_file() else {
            return Ok(None);
        };
        chosen.into_path().map(Some).map_err(|e| {
            CommandError::invalid(
                format!("The chosen file cannot be read as a local file: {e}"),
                format!("所选文件无法作为本地文件读取：{e}"),
            )
        })
    }
}

/// Opens a file the app wrote for the user to see.
pub trait Launcher: Any + Send + Sync {
    fn open(&self, path: &Path) -> Result<(), CommandError>;
}

/// The user's default application for the file.
pub struct SystemViewer;

impl Launcher for SystemViewer {
    fn open(&self, path: &Path) -> Result<(), CommandError> {
        // Detached: the viewer outlives neither a wait here nor the app's exit.
        open::that_detached(path).map_err(|e| open_failed(path, e))
    }
}

/// "`path` could not be opened", in both languages.
pub fn open_failed(path: &Path, e: std::io::Error) -> CommandError {
    CommandError::export(
        format!("{} could not be opened: {e}", path.display()),
        format!("无法打开 {}：{e}", path.display()),
    )
}

/// The file name the dialog suggests, e.g. `assay-evaluation-3-zh-CN.pdf`.
pub fn suggested_name(evaluation_id: i64, lang: Lang) -> String {
    format!("assay-evaluation-{evaluation_id}-{}.pdf", lang.code())
}

/// `assay-questionnaire-3-both.xlsx` / `assay-comparison-3-en.xlsx`.
pub fn workbook_name(what: &str, evaluation_id: i64, lang: &str) -> String {
    format!("assay-{what}-{evaluation_id}-{lang}.xlsx")
}

/// The file name the backup dialog suggests, e.g. `assay-backup-20270115-093000.db`.
pub fn backup_name(now: chrono::NaiveDateTime) -> String {
    format!("assay-backup-{}.db", now.format("%Y%m%d-%H%M%S"))
}

/// Writes `bytes` to `path` atomically; "open" may then launch it. Blocking:
/// run it with [`blocking`].
pub fn write_bytes(
    app: &AppHandle,
    path: PathBuf,
    bytes: &[u8],
) -> Result<SaveResult, CommandError> {
    never_the_database(app, &path)?;
    assay::app::write_atomic(&path, bytes).map_err(|e| {
        CommandError::export(
            format!("{}: the file could not be saved: {e}", path.display()),
            format!("{}：文件无法保存：{e}", path.display()),
        )
    })?;
    app.state::<AppState>().remember_export(&path);
    Ok(SaveResult::Saved {
        path: path.display().to_string(),
        bytes: bytes.len() as u64,
    })
}

/// Copies the open database to `path` (SQLite online backup). Blocking.
pub fn backup(app: &AppHandle, path: PathBuf) -> Result<SaveResult, CommandError> {
    {
        let state = app.state::<AppState>();
        let store = state.local_store()?;
        // The save dialog asked about replacing an existing file.
        assay::app::check_output_path(store.path(), &path, true)?;
        store.write_backup(&path, true)?;
    }
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    Ok(SaveResult::Saved {
        path: path.display().to_string(),
        bytes,
    })
}

/// The certificate file dialog's filter.
pub const CERTIFICATE: FileKind = FileKind {
    name: "PKCS#12 certificate",
    extensions: &["p12", "pfx"],
};

/// Renders the report of `evaluation` from `data`, signs it with `signer` when
/// given, writes it to `path` (font loaded on first use) and records the export
/// in the database; "open" may then launch it. Blocking: run it with [`blocking`].
pub fn write_pdf(
    app: &AppHandle,
    evaluation: i64,
    data: &ReportData,
    lang: Lang,
    path: PathBuf,
    signer: Option<&report::SigningIdentity>,
) -> Result<ExportResult, CommandError> {
    never_the_database(app, &path)?;
    let state = app.state::<AppState>();
    let font = state.font()?;
    let generated_at = chrono::Local::now().fixed_offset();
    let r = report::export_pdf_with_font(data, generated_at, lang, &font, &path, signer).map_err(
        |e| {
            CommandError::export(
                format!("The PDF could not be saved: {e}"),
                format!("PDF 无法保存：{}", e.text().zh_cn),
            )
        },
    )?;
    state.remember_export(&path);
    state
        .workspace()?
        .record_export(evaluation, &r, lang, generated_at)?;
    Ok(ExportResult::Saved {
        path: path.display().to_string(),
        bytes: r.bytes.len() as u64,
        pages: r.pages as u64,
        fingerprint: r.fingerprint,
        signed_by: r.signed_by,
    })
}

/// Refuses a chosen file that is the open database or one of its files; the
/// save dialog has already asked about replacing any other existing file.
fn never_the_database(app: &AppHandle, path: &std::path::Path) -> Result<(), CommandError> {
    let db = app
        .state::<AppState>()
        .store()
        .ok()
        .and_then(|s| s.path().map(|p| p.to_path_buf()));
    assay::app::check_output_path(db.as_deref(), path, true)?;
    Ok(())
}

/// Runs blocking work (dialog, font, rendering, disk) off the async workers.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| {
            CommandError::export(
                format!("The work stopped unexpectedly: {e}"),
                format!("操作意外中止：{e}"),
            )
        })?
}

#[cfg(test)]
mod tests {
    use super::*;
    use assay::app::WbLang;
    use std::cell::Cell;

    /// A user's build (no feature `e2e-hooks`: `cargo test -p assay-desktop
    /// --features custom-protocol`) ignores the test hooks' variables, all set
    /// here, and never reads the environment for them: every picker is the native
    /// dialog and exports open in the default app. A build with the hooks uses
    /// the stand-ins instead, so this fails if the hooks leak into the default build.
    #[test]
    fn the_e2e_variables_replace_the_dialogs_only_in_a_build_with_the_hooks() {
        let hooks = cfg!(feature = "e2e-hooks");
        let read = Cell::new(false);
        let env = |name: &str| {
            read.set(true);
            name.starts_with("ASSAY_E2E_")
                .then(|| OsString::from("/tmp/assay-e2e-hooks-test"))
        };
        let pickers = Pickers::for_run(&env);
        let save: &dyn Any = &*pickers.save;
        assert_eq!(
            save.is::<SaveDialog>(),
            !hooks,
            "with ASSAY_E2E_EXPORT_DIR set, the save picker is the dialog only without e2e-hooks"
        );
        for (what, open) in [
            ("ASSAY_E2E_IMPORT_FILE", &*pickers.import),
            ("ASSAY_E2E_ATTACH_FILE", &*pickers.attach),
            ("ASSAY_E2E_QUESTIONNAIRE_FILES", &*pickers.questionnaires),
            ("ASSAY_E2E_CERTIFICATE_FILE", &*pickers.certificate),
        ] {
            let open: &dyn Any = open;
            assert_eq!(open.is::<OpenDialog>(), !hooks, "with {what} set");
        }
        let viewer: &dyn Any = &*pickers.viewer;
        assert_eq!(
            viewer.is::<SystemViewer>(),
            !hooks,
            "with ASSAY_E2E_OPEN_LOG set"
        );
        assert_eq!(
            read.get(),
            hooks,
            "the environment is read only with the hooks"
        );
    }

    /// The hooks are never on unless asked for: not a default feature of the shell.
    #[test]
    fn e2e_hooks_is_not_a_default_feature() {
        let manifest = include_str!("../Cargo.toml");
        let features = &manifest[manifest.find("[features]").expect("a [features] table")..];
        let default = features
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with("default") && l.contains('='));
        assert!(
            default.is_none_or(|l| !l.contains("e2e-hooks")),
            "{default:?}"
        );
        assert!(features.contains("\ne2e-hooks = []"), "the feature exists");
    }

    #[test]
    fn native_pickers_are_the_dialogs() {
        let pickers = Pickers::native();
        let save: &dyn Any = &*pickers.save;
        assert!(save.is::<SaveDialog>());
        let import: &dyn Any = &*pickers.import;
        assert!(import.is::<OpenDialog>());
        let viewer: &dyn Any = &*pickers.viewer;
        assert!(viewer.is::<SystemViewer>());
    }

    #[test]
    fn names() {
        assert_eq!(
            suggested_name(3, Lang::ZhCn),
            "assay-evaluation-3-zh-CN.pdf"
        );
        assert_eq!(
            workbook_name("questionnaire", 3, WbLang::Both.as_str()),
            "assay-questionnaire-3-both.xlsx"
        );
        assert_eq!(
            workbook_name("comparison", 3, Lang::En.code()),
            "assay-comparison-3-en.xlsx"
        );
        let json = serde_json::to_value(SaveResult::Cancelled).unwrap();
        assert_eq!(json, serde_json::json!({ "status": "cancelled" }));
    }

    #[test]
    fn backup_names_sort_by_time() {
        let t = chrono::NaiveDate::from_ymd_opt(2027, 1, 15)
            .unwrap()
            .and_hms_opt(9, 30, 5)
            .unwrap();
        assert_eq!(backup_name(t), "assay-backup-20270115-093005.db");
        let json = serde_json::to_value(SaveResult::Cancelled).unwrap();
        assert_eq!(json, serde_json::json!({ "status": "cancelled" }));
    }

    #[test]
    fn cancelled_and_saved_serialize_with_a_status() {
        let json = serde_json::to_value(ExportResult::Cancelled).unwrap();
        assert_eq!(json, serde_json::json!({ "status": "cancelled" }));
        let saved = ExportResult::Saved {
            path: "/tmp/a.pdf".into(),
            bytes: 10,
            pages: 2,
            fingerprint: "ab".into(),
            signed_by: Some("Procurement Office".into()),
        };
        let json = serde_json::to_value(saved).unwrap();
        assert_eq!(json["status"], "saved");
        assert_eq!(json["fingerprint"], "ab");
        assert_eq!(json["signed_by"], "Procurement Office");
    }
}
