//! Assay's core: the questionnaire format, answers, scoring, the store, the report,
//! workbooks, and the application layer (`app`) that the command line and the
//! desktop shell both call. This crate never depends on Tauri, GTK or WebKit (see ARCHITECTURE.md).

pub mod answer_set;
pub mod answers;
pub mod app;
pub mod atomic_write;
pub mod bounded_read;
pub mod catalog;
pub mod diagnostic;
pub mod digest;
pub mod json_document;
pub mod json_position;
pub mod questionnaire;
pub mod report;
pub mod samples;
pub mod schedule;
pub mod schema;
pub mod scoring;
pub mod store;
#[cfg(feature = "fixtures")]
pub mod synthetic;
pub mod text_limits;
pub mod workbook;
pub mod zip_names;

pub use diagnostic::Diagnostic;
pub use questionnaire::{Lang, Questionnaire, Text};
