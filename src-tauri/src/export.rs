//! Where an exported PDF goes, and the glue around `assay::report::export_to_file`.
//!
//! The destination comes from a [`PathPicker`]: normally the native save dialog
//! (tauri-plugin-dialog, opened from Rust, so the web page needs no dialog
//! permission); when `ASSAY_E2E_EXPORT_DIR` is set, a fixed file in that
//! directory instead. Native dialogs cannot be driven by WebDriver, so the
//! end-to-end test sets that variable. It is a test-only bypass: the app never
//! sets it, and a user who does simply gets files written to that directory.

use std::path::PathBuf;

use assay::report::{self, data::ReportData};
use assay::workbook::WbLang;
use assay::Lang;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::commands::CommandError;
use crate::state::AppState;

/// Test-only: export into this directory without showing the save dialog.
pub const E2E_EXPORT_DIR_ENV: &str = "ASSAY_E2E_EXPORT_DIR";

/// What `export_pdf` resolves to. A cancelled dialog is not an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ExportResult {
    Saved {
        path: String,
        bytes: u64,
        pages: u64,
        /// SHA-256 of the report data, printed on every page.
        fingerprint: String,
    },
    Cancelled,
}

/// What the save dialog offers: a filter name and its file extensions.
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

/// What the open dialog of a workbook import offers.
pub const WORKBOOK_IN: FileKind = FileKind {
    name: "Workbook (XLSX or CSV)",
    extensions: &["xlsx", "csv"],
};

/// What the evidence editor's open dialog offers: any file (no filter is set).
pub const ANY_FILE: FileKind = FileKind {
    name: "Evidence file",
    extensions: &["*"],
};

pub const DATABASE: FileKind = FileKind {
    name: "Assay database",
    extensions: &["db"],
};

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
        pick_with_dialog(app, suggested_name, kind)
    }
}

fn pick_with_dialog<R: Runtime>(
    app: &AppHandle<R>,
    suggested_name: &str,
    kind: FileKind,
) -> Result<Option<PathBuf>, CommandError> {
    let mut dialog = app
        .dialog()
        .file()
        .add_filter(kind.name, kind.extensions)
        .set_file_name(suggested_name);
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window); // modal over the app's window
    }
    let Some(chosen) = dialog.blocking_save_file() else {
        return Ok(None);
    };
    chosen.into_path().map(Some).map_err(|e| {
        CommandError::export(
            format!("The chosen location cannot be used as a file: {e}"),
            format!("所选位置不能用作文件：{e}"),
        )
    })
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

/// The picker for this run: `FixedDir` when `ASSAY_E2E_EXPORT_DIR` is set, else the dialog.
pub fn picker_from_env() -> Box<dyn PathPicker> {
    match std::env::var_os(E2E_EXPORT_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => Box::new(FixedDir(PathBuf::from(dir))),
        None => Box::new(SaveDialog),
    }
}

/// Test-only: import this file without showing the open dialog.
pub const E2E_IMPORT_FILE_ENV: &str = "ASSAY_E2E_IMPORT_FILE";

/// Chooses the file an import reads; `Ok(None)` when the user cancels.
pub trait OpenPicker: Send + Sync {
    fn pick(&self, app: &AppHandle, kind: FileKind) -> Result<Option<PathBuf>, CommandError>;
}

/// The native open dialog. Blocks: call it off the main thread.
pub struct OpenDialog;

impl OpenPicker for OpenDialog {
    fn pick(&self, app: &AppHandle, kind: FileKind) -> Result<Option<PathBuf>, CommandError> {
        let mut dialog = app.dialog().file();
        // `ANY_FILE` offers every file, with or without an extension: no filter.
        if kind.extensions != ["*"] {
            dialog = dialog.add_filter(kind.name, kind.extensions);
        }
        if let Some(window) = app.get_webview_window("main") {
            dialog = dialog.set_parent(&window);
        }
        let Some(chosen) = dialog.blocking_pick_file() else {
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

/// Test-only: always the same file, no dialog.
pub struct FixedFile(pub PathBuf);

impl OpenPicker for FixedFile {
    fn pick(&self, _app: &AppHandle, _kind: FileKind) -> Result<Option<PathBuf>, CommandError> {
        Ok(Some(self.0.clone()))
    }
}

/// Test-only: attach this file to evidence without showing the open dialog.
pub const E2E_ATTACH_FILE_ENV: &str = "ASSAY_E2E_ATTACH_FILE";

/// The open picker for this run: `FixedFile` when `ASSAY_E2E_IMPORT_FILE` is set.
pub fn open_picker_from_env() -> Box<dyn OpenPicker> {
    picker_for(E2E_IMPORT_FILE_ENV)
}

/// The evidence file picker: `FixedFile` when `ASSAY_E2E_ATTACH_FILE` is set.
pub fn attach_picker_from_env() -> Box<dyn OpenPicker> {
    picker_for(E2E_ATTACH_FILE_ENV)
}

/// Test-only: the questionnaire files the "load a questionnaire" button opens
/// without a dialog, one per click in this order (a path list, like `PATH`).
pub const E2E_QUESTIONNAIRE_FILES_ENV: &str = "ASSAY_E2E_QUESTIONNAIRE_FILES";

/// What the "load a questionnaire" dialog offers.
pub const QUESTIONNAIRE_IN: FileKind = FileKind {
    name: "Questionnaire (JSON)",
    extensions: &["json"],
};

/// The questionnaire picker: `FixedFiles` when `ASSAY_E2E_QUESTIONNAIRE_FILES` is set.
pub fn questionnaire_picker_from_env() -> Box<dyn OpenPicker> {
    match std::env::var_os(E2E_QUESTIONNAIRE_FILES_ENV).filter(|v| !v.is_empty()) {
        Some(list) => Box::new(FixedFiles {
            files: std::env::split_paths(&list).collect(),
            next: std::sync::atomic::AtomicUsize::new(0),
        }),
        None => Box::new(OpenDialog),
    }
}

/// Test-only: each pick returns the next file; the last one repeats.
struct FixedFiles {
    files: Vec<PathBuf>,
    next: std::sync::atomic::AtomicUsize,
}

impl OpenPicker for FixedFiles {
    fn pick(&self, _app: &AppHandle, _kind: FileKind) -> Result<Option<PathBuf>, CommandError> {
        let i = self.next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(self
            .files
            .get(i.min(self.files.len().saturating_sub(1)))
            .cloned())
    }
}

/// Test-only: instead of opening an exported file in its default app, append
/// its path to this file (a viewer cannot be checked, or closed, from WebDriver).
pub const E2E_OPEN_LOG_ENV: &str = "ASSAY_E2E_OPEN_LOG";

/// Opens a file the app wrote in the user's default application for it.
pub fn open_in_default_app(path: &std::path::Path) -> Result<(), CommandError> {
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

fn picker_for(env: &str) -> Box<dyn OpenPicker> {
    match std::env::var_os(env).filter(|v| !v.is_empty()) {
        Some(file) => Box::new(FixedFile(PathBuf::from(file))),
        None => Box::new(OpenDialog),
    }
}

/// `"en"`, `"zh-CN"` or `"both"`: the language(s) of a blank workbook.
pub fn parse_wb_lang(lang: &str) -> Result<WbLang, CommandError> {
    WbLang::parse(lang).ok_or_else(|| {
        CommandError::invalid(
            format!("Unknown workbook language {lang:?}: use \"en\", \"zh-CN\" or \"both\"."),
            format!("未知的工作簿语言 {lang:?}：请使用 \"en\"、\"zh-CN\" 或 \"both\"。"),
        )
    })
}

/// What the XLSX exports resolve to. A cancelled dialog is not an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SaveResult {
    Saved { path: String, bytes: u64 },
    Cancelled,
}

/// Asks where to save (the state's `picker`), then writes `bytes` there
/// atomically. Blocking: run it with [`blocking`].
pub fn save_bytes(
    app: &AppHandle,
    name: &str,
    kind: FileKind,
    bytes: Vec<u8>,
) -> Result<SaveResult, CommandError> {
    let Some(path) = app.state::<AppState>().picker.pick(app, name, kind)? else {
        return Ok(SaveResult::Cancelled);
    };
    report::write_atomic(&path, &bytes).map_err(|e| {
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

/// `"en"` or `"zh-CN"`.
pub fn parse_lang(lang: &str) -> Result<Lang, CommandError> {
    Lang::parse(lang).ok_or_else(|| {
        CommandError::invalid(
            format!("Unknown report language {lang:?}: use \"en\" or \"zh-CN\"."),
            format!("未知的报告语言 {lang:?}：请使用 \"en\" 或 \"zh-CN\"。"),
        )
    })
}

/// The file name the dialog suggests, e.g. `assay-evaluation-3-zh-CN.pdf`.
pub fn suggested_name(evaluation_id: i64, lang: Lang) -> String {
    let code = match lang {
        Lang::En => "en",
        Lang::ZhCn => "zh-CN",
    };
    format!("assay-evaluation-{evaluation_id}-{code}.pdf")
}

/// `assay-questionnaire-3-both.xlsx` / `assay-comparison-3-en.xlsx`.
pub fn workbook_name(what: &str, evaluation_id: i64, lang: &str) -> String {
    format!("assay-{what}-{evaluation_id}-{lang}.xlsx")
}

/// What `backup_database` resolves to. A cancelled dialog is not an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum BackupResult {
    Saved { path: String, bytes: u64 },
    Cancelled,
}

/// The file name the backup dialog suggests, e.g. `assay-backup-20270115-093000.db`.
pub fn backup_name(now: chrono::NaiveDateTime) -> String {
    format!("assay-backup-{}.db", now.format("%Y%m%d-%H%M%S"))
}

/// Copies the open database to `path` (SQLite online backup). Blocking.
pub fn backup(app: &AppHandle, path: PathBuf) -> Result<BackupResult, CommandError> {
    app.state::<AppState>().store()?.backup_to(&path)?;
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    Ok(BackupResult::Saved {
        path: path.display().to_string(),
        bytes,
    })
}

/// Renders `data` and writes it to `path` (font loaded on first use).
/// Blocking: run it with [`blocking`].
pub fn save(
    app: &AppHandle,
    data: &ReportData,
    lang: Lang,
    path: PathBuf,
) -> Result<ExportResult, CommandError> {
    let font = app.state::<AppState>().font()?;
    let generated_at = chrono::Local::now().fixed_offset();
    let r = report::export_to_file(data, generated_at, lang, &font, &path).map_err(|e| {
        CommandError::export(
            format!("The PDF could not be saved: {e}"),
            format!("PDF 无法保存：{e}"),
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

    #[test]
    fn languages_and_names() {
        assert_eq!(parse_lang("zh-CN").unwrap(), Lang::ZhCn);
        assert_eq!(parse_lang("en").unwrap(), Lang::En);
        assert_eq!(parse_lang("fr").unwrap_err().code, "invalid_input");
        assert_eq!(
            suggested_name(3, Lang::ZhCn),
            "assay-evaluation-3-zh-CN.pdf"
        );
    }

    #[test]
    fn workbook_languages_and_names() {
        assert_eq!(parse_wb_lang("both").unwrap(), WbLang::Both);
        assert_eq!(parse_wb_lang("zh-CN").unwrap(), WbLang::ZhCn);
        assert_eq!(parse_wb_lang("de").unwrap_err().code, "invalid_input");
        assert_eq!(
            workbook_name("questionnaire", 3, "both"),
            "assay-questionnaire-3-both.xlsx"
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
        let json = serde_json::to_value(BackupResult::Cancelled).unwrap();
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
