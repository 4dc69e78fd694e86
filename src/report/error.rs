//! What can go wrong making, writing or reading back a report PDF, with every
//! error as a sentence in both languages (the command line prints the English
//! `Display`, the app shows the language the user chose). Details that come from
//! elsewhere — a path, the operating system's or lopdf's own words — are quoted
//! as they are inside the Chinese sentence, as the store's errors do.

use crate::Text;
use std::fmt;

/// A part of the PDF document that Assay completes after printpdf wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfPart {
    /// The document catalog (`/Root`), where the attachments are listed.
    Catalog,
    /// The document information dictionary (`/Info`), where the fingerprint is.
    Info,
}

impl PdfPart {
    fn zh_cn(self) -> &'static str {
        match self {
            PdfPart::Catalog => "文档目录（catalog）",
            PdfPart::Info => "文档信息字典（/Info）",
        }
    }
}

impl fmt::Display for PdfPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PdfPart::Catalog => "catalog",
            PdfPart::Info => "info",
        })
    }
}

/// A font file that was tried and not used: missing, or why it was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontTried {
    pub path: String,
    /// `None`: there is no file at `path`.
    pub error: Option<ReportError>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// No usable CJK font among the candidates (`ASSAY_FONT`, `assets/fonts/`, the system's).
    #[error(
        "no CJK font found; install Noto Sans SC into assets/fonts/ or set ASSAY_FONT (tried: {})",
        tried_list(.tried, |e| e.to_string(), ", ")
    )]
    NoFont { tried: Vec<FontTried> },
    #[error("cannot read {path}: {detail}")]
    FontUnreadable { path: String, detail: String },
    /// `font` names the file and the face index (`path#0`).
    #[error("{font} is not a font printpdf can read")]
    NotAFont { font: String },
    #[error("{font} lacks Latin or Chinese glyphs")]
    FontLacksGlyphs { font: String },
    /// The document printpdf produced has no such part (not expected).
    #[error("no {part}: {detail}")]
    PdfPartMissing { part: PdfPart, detail: String },
    /// The document printpdf produced has the part, but not as a dictionary.
    #[error("bad {part}: {detail}")]
    PdfPartMalformed { part: PdfPart, detail: String },
    #[error("cannot write the PDF: {detail}")]
    PdfSave { detail: String },
    #[error("the digest placeholder is missing")]
    NoDigestPlaceholder,
    /// Writing the exported file failed (nothing is left at `path`).
    #[error("cannot write {path}: {detail}")]
    Write { path: String, detail: String },
    /// Reading a report back (`verify`): not a PDF lopdf can load.
    #[error("the file is not a readable PDF ({detail})")]
    NotPdf { detail: String },
    #[error("no catalog ({detail})")]
    NoCatalog { detail: String },
    #[error("no embedded report data ({detail})")]
    NoEmbeddedData { detail: String },
    #[error("attachment {name} unreadable ({detail})")]
    AttachmentUnreadable { name: String, detail: String },
    /// Signing the exported report failed (nothing is written).
    #[error("{0}")]
    Sign(super::sign::SignError),
}

fn tried_list(
    tried: &[FontTried],
    text: impl Fn(&ReportError) -> String,
    separator: &str,
) -> String {
    tried
        .iter()
        .map(|t| match &t.error {
            None => t.path.clone(),
            Some(e) => format!("{} ({})", t.path, text(e)),
        })
        .collect::<Vec<_>>()
        .join(separator)
}

impl ReportError {
    /// The error in English and Chinese.
    pub fn text(&self) -> Text {
        let en = self.to_string();
        let zh_cn = match self {
            ReportError::NoFont { tried } => format!(
                "未找到中文字体；请将 Noto Sans SC 放入 assets/fonts/，或设置 ASSAY_FONT（已尝试：{}）",
                tried_list(tried, |e| e.text().zh_cn, "、")
            ),
            ReportError::FontUnreadable { path, detail } => {
                format!("无法读取 {path}：{detail}")
            }
            ReportError::NotAFont { font } => format!("{font} 不是 printpdf 能读取的字体"),
            ReportError::FontLacksGlyphs { font } => {
                format!("{font} 缺少拉丁字母或汉字的字形")
            }
            ReportError::PdfPartMissing { part, detail } => {
                format!("生成的 PDF 缺少{}：{detail}", part.zh_cn())
            }
            ReportError::PdfPartMalformed { part, detail } => {
                format!("生成的 PDF 中{}有误：{detail}", part.zh_cn())
            }
            ReportError::PdfSave { detail } => format!("无法生成 PDF 文件：{detail}"),
            ReportError::NoDigestPlaceholder => {
                "PDF 中缺少整个文件摘要的占位符".to_string()
            }
            ReportError::Write { path, detail } => format!("无法写入 {path}：{detail}"),
            ReportError::NotPdf { detail } => format!("该文件不是可读取的 PDF（{detail}）"),
            ReportError::NoCatalog { detail } => format!("PDF 没有文档目录（{detail}）"),
            ReportError::NoEmbeddedData { detail } => {
                format!("PDF 中没有内嵌的报告数据（{detail}）")
            }
            ReportError::AttachmentUnreadable { name, detail } => {
                format!("附件 {name} 无法读取（{detail}）")
            }
            ReportError::Sign(e) => e.text().zh_cn,
        };
        Text { en, zh_cn }
    }
}
