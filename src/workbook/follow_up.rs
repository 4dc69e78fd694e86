//! The follow-up workbook: the blank workbook with only the questions still to
//! ask one vendor (its request list). Same layout, same metadata sheet naming the
//! questionnaire, so it comes back through the same import as the blank one;
//! rows absent from it leave the stored answers as they are.

use super::export::{export_blank, WorkbookError};
use super::WbLang;
use crate::questionnaire::Questionnaire;

/// The workbook of `q` reduced to `questions` (ids; order and sections as in `q`;
/// sections left empty are dropped).
pub fn export_follow_up(
    q: &Questionnaire,
    lang: WbLang,
    questions: &[String],
) -> Result<Vec<u8>, WorkbookError> {
    let mut subset = q.clone();
    for section in &mut subset.sections {
        section.questions.retain(|x| questions.contains(&x.id));
    }
    subset.sections.retain(|s| !s.questions.is_empty());
    export_blank(&subset, lang)
}
