//! Where exports go and imports come from, and the glue around the core's
//! writers (`assay::app::report::export_pdf_with_font`, `assay::app::write_atomic`, `Store::backup_to`).
//!
//! A destination comes from a [`PathPicker`] and an imported file from an
//! [`OpenPicker`]: normally the native dialogs (tauri-plugin-dialog, opened from
//! Rust, so the web page needs no dialog permission); when the test-only
//! `ASSAY_E2E_*` variables are set, fixed paths instead. Native dialogs cannot
//! be driven by WebDriver, so the end-to-end test sets them. The app never sets
//! them, and a user who does simply gets files written to or read from there.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use assay::app::{report, ReportData};
use assay::app::{ExportResult, SaveResult};
use assay::Lang;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};

use crate::commands::CommandError;
use crate::state::AppState;

/// Test-only: export into this directory without showing the save dialog.
pub const E2E_EXPORT_DIR_ENV: &str = "ASSAY_E2E_EXPORT_DIR";
/// Test-only: import this file without showing the open dialog.
pub const E2E_IMPORT_FILE_ENV: &str = "ASSAY_E2E_IMPORT_FILE";
/// Test-only: attach this file to evidence without showing the open dialog.
pub const E2E_ATTACH_FILE_ENV: &str = "ASSAY_E2E_ATTACH_FILE";
/// Test-only: the questionnaire files the "load a questionnaire" button opens
/// without a dialog, one per click in this order (a path list, like `PATH`).
pub const E2E_QUESTIONNAIRE_FILES_ENV: &str = "ASSAY_E2E_QUESTIONNAIRE_FILES";
/// Test-only: instead of opening an exported file in its default app, append
/// its path to this file (a viewer cannot be checked, or closed, from WebDriver).
pub const E2E_OPEN_LOG_ENV: &str = "ASSAY_E2E_OPEN_LOG";

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

/// Chooses the file an export is written to; `Ok(None)` when the user cancels.
pub trait PathPicker: Send + Sync {
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

/// Test-only: always `<dir>/<suggested name>`, no dialog.
pub struct FixedDir(pub PathBuf);

impl PathPicker for FixedDir {
    fn pick(
        &self,
        _app: &AppHandle,
        suggested_name: &str,
        _kind: FileKind,
    ) -> Result<Option<PathBuf>, CommandError> {
        std::fs::create_dir_all(&self.0).map_err(|e| {
            CommandError::export(
                format!(
                    "The export directory {} cannot be created: {e}",
                    self.0.display()
                ),
                format!("无法创建导出目录 {}：{e}", self.0.display()),
            )
        })?;
        Ok(Some(self.0.join(suggested_name)))
    }
}

/// The save picker for this run: `FixedDir` when `ASSAY_E2E_EXPORT_DIR` is set,
/// else the dialog.
pub fn picker_from_env() -> Box<dyn PathPicker> {
    match std::env::var_os(E2E_EXPORT_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => Box::new(FixedDir(PathBuf::from(dir))),
        None => Box::new(SaveDialog),
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

/// Chooses the file an import reads; `Ok(None)` when the user cancels.
pub trait OpenPicker: Send + Sync {
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

/// Test-only: each pick returns the next file; the last one repeats.
struct FixedFiles {
    files: Vec<PathBuf>,
    next: AtomicUsize,
}

impl OpenPicker for FixedFiles {
    fn pick(&self, _app: &AppHandle, _kind: FileKind) -> Result<Option<PathBuf>, CommandError> {
        let i = self.next.fetch_add(1, Ordering::SeqCst);
        Ok(self
            .files
            .get(i.min(self.files.len().saturating_sub(1)))
            .cloned())
    }
}

/// An open picker for this run: when the test-only variable `env` is set, the
/// files it lists (a path list, like `PATH`) in turn, else the dialog.
pub fn open_picker_from_env(env: &str) -> Box<dyn OpenPicker> {
    match std::env::var_os(env).filter(|v| !v.is_empty()) {
        Some(list) => Box::new(FixedFiles {
            files: std::env::split_paths(&list).collect(),
            next: AtomicUsize::new(0),
        }),
        None => Box::new(OpenDialog),
    }
}

/// Opens a file the app wrote in the user's default application for it.
pub fn open_in_default_app(path: &Path) -> Result<(), CommandError> {
    let failed = |e: std::io::Error| {
        CommandError::export(
            format!("{} could not be opened: {e}", path.display()),
            format!("无法打开 {}：{e}", path.display()),
        )
    };
    match std::env::var_os(E2E_OPEN_LOG_ENV).filter(|v| !v.is_empty()) {
        Some(log) => {
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(log)
                .map_err(failed)?;
            writeln!(f, "{}", path.display()).map_err(failed)
        }
        // Detached: the viewer outlives neither a wait here nor the app's exit.
        None => open::that_detached(path).map_err(failed),
    }
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
        let store = state.store()?;
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

/// Renders `data` and writes it to `path` (font loaded on first use); "open"
/// may then launch it. Blocking: run it with [`blocking`].
pub fn write_pdf(
    app: &AppHandle,
    data: &ReportData,
    lang: Lang,
    path: PathBuf,
) -> Result<ExportResult, CommandError> {
    never_the_database(app, &path)?;
    let font = app.state::<AppState>().font()?;
    let generated_at = chrono::Local::now().fixed_offset();
    let r = report::export_pdf_with_font(data, generated_at, lang, &font, &path).map_err(|e| {
        CommandError::export(
            format!("The PDF could not be saved: {e}"),
            format!("PDF 无法保存：{}", e.text().zh_cn),
        )
    })?;
    app.state::<AppState>().remember_export(&path);
    Ok(ExportResult::Saved {
        path: path.display().to_string(),
        bytes: r.bytes.len() as u64,
        pages: r.pages as u64,
        fingerprint: r.fingerprint,
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
        };
        let json = serde_json::to_value(saved).unwrap();
        assert_eq!(json["status"], "saved");
        assert_eq!(json["fingerprint"], "ab");
    }
}
