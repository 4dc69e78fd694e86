//! Located problems in user-supplied files. Every loader returns all of them at once
//! (`questionnaire::Loaded`, or `Err(Vec<Diagnostic>)`), never panics, and never
//! stops at the first.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line and column, when the problem has a position in the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// JSON path of the offending value, e.g. `$.sections[2].questions[4].weight`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// One plain sentence.
    pub message: String,
    /// The same sentence in Chinese, where the producer says it in both languages
    /// (the app shows it to a Chinese user; the command line prints `message`).
    #[serde(skip_serializing_if = "Option::is_none")]
    /// (Boxed: a `Diagnostic` is the error of many loaders, kept small.)
    pub message_zh_cn: Option<Box<str>>,
}

impl Diagnostic {
    pub fn at_path(file: &str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            line: None,
            column: None,
            path: Some(path.into()),
            message: message.into(),
            message_zh_cn: None,
        }
    }

    pub fn at_position(file: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            line: Some(line),
            column: Some(column),
            path: None,
            message: message.into(),
            message_zh_cn: None,
        }
    }

    pub fn in_file(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            line: None,
            column: None,
            path: None,
            message: message.into(),
            message_zh_cn: None,
        }
    }
}

impl Diagnostic {
    /// A problem said in both languages (see [`Diagnostic::message_zh_cn`]).
    pub fn bilingual(file: &str, at: &str, message: crate::Text) -> Self {
        let mut d = if at.is_empty() {
            Diagnostic::in_file(file, message.en)
        } else {
            Diagnostic::at_path(file, at, message.en)
        };
        d.message_zh_cn = Some(message.zh_cn.into_boxed_str());
        d
    }

    /// The located sentence in Chinese: the same place, the Chinese message when
    /// there is one, else the English one.
    pub fn to_zh_cn(&self) -> String {
        format!(
            "{}{}",
            self.place(),
            self.message_zh_cn.as_deref().unwrap_or(&self.message)
        )
    }
}

impl Diagnostic {
    /// Where the problem is: `file:line:column: path: `, leaving out what is unknown.
    fn place(&self) -> String {
        let mut at = self.file.clone();
        if let Some(line) = self.line {
            at.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                at.push_str(&format!(":{column}"));
            }
        }
        if let Some(path) = &self.path {
            at.push_str(&format!(": {path}"));
        }
        at + ": "
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:column: path: message`, leaving out what is unknown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.place(), self.message)
    }
}

/// A JSON path being built while walking a document: `$`, `.field`, `[index]`.
#[derive(Debug, Clone, Default)]
pub struct JsonPath(String);

impl JsonPath {
    pub fn root() -> Self {
        JsonPath("$".to_string())
    }
    pub fn field(&self, name: &str) -> Self {
        if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            JsonPath(format!("{}.{}", self.0, name))
        } else {
            JsonPath(format!("{}[{:?}]", self.0, name))
        }
    }
    pub fn index(&self, i: usize) -> Self {
        JsonPath(format!("{}[{}]", self.0, i))
    }
    /// Converts a path in this notation back to a JSON Pointer.
    pub fn to_pointer(path: &str) -> String {
        let mut out = String::new();
        let mut rest = path.strip_prefix('$').unwrap_or(path);
        while !rest.is_empty() {
            let token;
            if let Some(r) = rest.strip_prefix('.') {
                let end = r.find(['.', '[']).unwrap_or(r.len());
                token = r[..end].to_string();
                rest = &r[end..];
            } else if let Some(r) = rest.strip_prefix("[\"") {
                // A quoted field name, written with Rust's {:?} escaping.
                let end = r.find("\"]").unwrap_or(r.len());
                token = r[..end].replace("\\\"", "\"").replace("\\\\", "\\");
                rest = r.get(end + 2..).unwrap_or("");
            } else if let Some(r) = rest.strip_prefix('[') {
                let end = r.find(']').unwrap_or(r.len());
                token = r[..end].to_string();
                rest = r.get(end + 1..).unwrap_or("");
            } else {
                break;
            }
            out.push('/');
            out.push_str(&token.replace('~', "~0").replace('/', "~1"));
        }
        out
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Converts a JSON Pointer (`/sections/0/id`) to this notation.
    pub fn from_pointer(pointer: &str) -> Self {
        let mut path = JsonPath::root();
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            path = match token.parse::<usize>() {
                Ok(i) => path.index(i),
                Err(_) => path.field(&token),
            };
        }
        path
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// 1-based line and column of a byte offset in `text` (column counts characters).
pub fn line_column(text: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}
