//! Test hooks of the end-to-end suite (tests/e2e), compiled only with the cargo
//! feature `e2e-hooks` (off by default; the scripts that build the binary the
//! suite drives turn it on). Native dialogs and the default PDF viewer cannot be
//! driven or checked from WebDriver, so the suite sets these `ASSAY_E2E_*`
//! variables and the app uses fixed paths instead. A build without the feature —
//! every binary a user runs — contains none of this and never reads them.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use tauri::AppHandle;

use crate::commands::CommandError;
use crate::export::{FileKind, Launcher, OpenPicker, PathPicker, Pickers};

/// Export into this directory without showing the save dialog.
pub const EXPORT_DIR_ENV: &str = "ASSAY_E2E_EXPORT_DIR";
/// Import this file without showing the open dialog.
pub const IMPORT_FILE_ENV: &str = "ASSAY_E2E_IMPORT_FILE";
/// Attach this file to evidence without showing the open dialog.
pub const ATTACH_FILE_ENV: &str = "ASSAY_E2E_ATTACH_FILE";
/// The questionnaire files the "load a questionnaire" button opens without a
/// dialog, one per click in this order (a path list, like `PATH`).
pub const QUESTIONNAIRE_FILES_ENV: &str = "ASSAY_E2E_QUESTIONNAIRE_FILES";
/// Sign exports with this certificate file without showing the open dialog.
pub const CERTIFICATE_FILE_ENV: &str = "ASSAY_E2E_CERTIFICATE_FILE";
/// Instead of opening an exported file in its default app, append its path to
/// this file (a viewer cannot be checked, or closed, from WebDriver).
pub const OPEN_LOG_ENV: &str = "ASSAY_E2E_OPEN_LOG";

/// The pickers of an end-to-end run: each variable that `env` has (non-empty)
/// replaces its dialog or viewer; the others stay native.
pub fn pickers(env: &dyn Fn(&str) -> Option<OsString>) -> Pickers {
    let var = |name: &str| env(name).filter(|v| !v.is_empty());
    let mut pickers = Pickers::native();
    if let Some(dir) = var(EXPORT_DIR_ENV) {
        pickers.save = Box::new(FixedDir(PathBuf::from(dir)));
    }
    for (picker, name) in [
        (&mut pickers.import, IMPORT_FILE_ENV),
        (&mut pickers.attach, ATTACH_FILE_ENV),
        (&mut pickers.questionnaires, QUESTIONNAIRE_FILES_ENV),
        (&mut pickers.certificate, CERTIFICATE_FILE_ENV),
    ] {
        if let Some(list) = var(name) {
            *picker = Box::new(FixedFiles {
                files: std::env::split_paths(&list).collect(),
                next: AtomicUsize::new(0),
            });
        }
    }
    if let Some(log) = var(OPEN_LOG_ENV) {
        pickers.viewer = Box::new(OpenLog(PathBuf::from(log)));
    }
    pickers
}

/// Always `<dir>/<suggested name>`, no dialog.
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

/// Each pick returns the next file; the last one repeats.
pub struct FixedFiles {
    files: Vec<PathBuf>,
    next: AtomicUsize,
}

impl FixedFiles {
    fn next_file(&self) -> Option<PathBuf> {
        let i = self.next.fetch_add(1, Ordering::SeqCst);
        self.files
            .get(i.min(self.files.len().saturating_sub(1)))
            .cloned()
    }
}

impl OpenPicker for FixedFiles {
    fn pick(&self, _app: &AppHandle, _kind: FileKind) -> Result<Option<PathBuf>, CommandError> {
        Ok(self.next_file())
    }
}

/// Appends the path of each file "opened" to a log file, one a line.
pub struct OpenLog(pub PathBuf);

impl Launcher for OpenLog {
    fn open(&self, path: &Path) -> Result<(), CommandError> {
        use std::io::Write;
        let failed = |e: std::io::Error| crate::export::open_failed(path, e);
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.0)
            .map_err(failed)?;
        writeln!(f, "{}", path.display()).map_err(failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{OpenDialog, SaveDialog, SystemViewer};
    use std::any::Any;

    #[test]
    fn each_variable_replaces_only_its_own_dialog() {
        let env = |name: &str| (name == EXPORT_DIR_ENV).then(|| OsString::from("/tmp/exports"));
        let pickers = pickers(&env);
        let save: &dyn Any = &*pickers.save;
        assert_eq!(
            save.downcast_ref::<FixedDir>().map(|d| d.0.clone()),
            Some(PathBuf::from("/tmp/exports"))
        );
        let import: &dyn Any = &*pickers.import;
        assert!(import.is::<OpenDialog>());
        let viewer: &dyn Any = &*pickers.viewer;
        assert!(viewer.is::<SystemViewer>());
    }

    #[test]
    fn an_empty_variable_is_unset() {
        let env = |_: &str| Some(OsString::new());
        let pickers = pickers(&env);
        let save: &dyn Any = &*pickers.save;
        assert!(save.is::<SaveDialog>());
        let questionnaires: &dyn Any = &*pickers.questionnaires;
        assert!(questionnaires.is::<OpenDialog>());
    }

    #[test]
    fn fixed_files_come_in_turn_and_the_last_repeats() {
        let env = |name: &str| {
            (name == QUESTIONNAIRE_FILES_ENV).then(|| OsString::from("/a.json:/b.json"))
        };
        let pickers = pickers(&env);
        let questionnaires: &dyn Any = &*pickers.questionnaires;
        let files = questionnaires
            .downcast_ref::<FixedFiles>()
            .expect("fixed files");
        let picked: Vec<_> = (0..3).filter_map(|_| files.next_file()).collect();
        assert_eq!(picked, ["/a.json", "/b.json", "/b.json"].map(PathBuf::from));
    }
}
