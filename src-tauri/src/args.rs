//! Typed command arguments. A value the page sends that is not one of its
//! type's values (`lang: "fr"`) is refused by the IPC layer, before the command
//! runs, as a `CommandError` with the code `invalid_input` like every other
//! refusal (Tauri's own refusal of an argument is a bare string, without a code).

use assay::app::WbLang;
use serde::{Deserialize, Deserializer};
use tauri::ipc::{CommandArg, CommandItem, InvokeError};
use tauri::Runtime;

use crate::commands::CommandError;

/// A command argument that must deserialize as `T`, e.g. `lang: Arg<assay::Lang>`
/// (`"en"` or `"zh-CN"`).
pub struct Arg<T>(pub T);

impl<'de, T: Deserialize<'de>, R: Runtime> CommandArg<'de, R> for Arg<T> {
    fn from_command(command: CommandItem<'de, R>) -> Result<Self, InvokeError> {
        let (name, key) = (command.name, command.key);
        parse(name, key, command)
            .map(Arg)
            .map_err(InvokeError::from)
    }
}

/// `value` as a `T`, or the `invalid_input` error that names the command, the
/// argument and what it accepts.
pub fn parse<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    command: &str,
    key: &str,
    value: D,
) -> Result<T, CommandError> {
    T::deserialize(value).map_err(|e| {
        CommandError::invalid(
            format!("{command}: the argument {key} is not acceptable: {e}."),
            format!("{command}：参数 {key} 不可接受：{e}。"),
        )
    })
}

/// The language(s) of a blank workbook as the page names them: `"en"`,
/// `"zh-CN"` or `"both"` (the core's `WbLang` has no serialized names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum WorkbookLang {
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "both")]
    Both,
}

impl From<WorkbookLang> for WbLang {
    fn from(lang: WorkbookLang) -> WbLang {
        match lang {
            WorkbookLang::En => WbLang::En,
            WorkbookLang::ZhCn => WbLang::ZhCn,
            WorkbookLang::Both => WbLang::Both,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use assay::app::ErrorCode;
    use assay::Lang;
    use serde_json::json;

    #[test]
    fn report_languages() {
        let lang = |v| parse::<Lang, _>("export_pdf", "lang", v);
        assert_eq!(lang(json!("zh-CN")).unwrap(), Lang::ZhCn);
        assert_eq!(lang(json!("en")).unwrap(), Lang::En);
        let refused = lang(json!("fr")).unwrap_err();
        assert_eq!(refused.code, ErrorCode::InvalidInput);
        assert_eq!(
            refused.en,
            "export_pdf: the argument lang is not acceptable: \
             unknown variant `fr`, expected `en` or `zh-CN`."
        );
        assert!(refused
            .zh_cn
            .starts_with("export_pdf：参数 lang 不可接受："));
        assert_eq!(lang(json!(3)).unwrap_err().code, ErrorCode::InvalidInput);
    }

    #[test]
    fn workbook_languages() {
        let lang =
            |v| parse::<WorkbookLang, _>("export_blank_workbook", "lang", v).map(WbLang::from);
        assert_eq!(lang(json!("both")).unwrap(), WbLang::Both);
        assert_eq!(lang(json!("zh-CN")).unwrap(), WbLang::ZhCn);
        assert_eq!(lang(json!("en")).unwrap(), WbLang::En);
        let refused = lang(json!("de")).unwrap_err();
        assert_eq!(refused.code, ErrorCode::InvalidInput);
        assert!(
            refused.en.contains("expected one of `en`, `zh-CN`, `both`"),
            "{}",
            refused.en
        );
    }
}
