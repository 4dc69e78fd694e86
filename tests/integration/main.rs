//! The one integration-test binary (see ARCHITECTURE.md): each module tests a
//! boundary a user touches — files in, the command line, scores out.

mod support;

mod bindings;
mod cli;
mod questionnaire_load;
mod report;
mod scoring;
mod scoring_props;
mod shipped_questionnaires;
mod store;
mod synthetic;
mod views;
mod workbook;
