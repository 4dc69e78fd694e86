//! The one integration-test binary (see ARCHITECTURE.md): each module tests a
//! boundary a user touches — files in, the command line, scores out.

// A failed unwrap is a failed test here.
#![allow(clippy::unwrap_used)]

mod support;

mod app;
mod atomic_writes;
mod bindings;
mod cli;
mod cli_input;
mod code_map;
mod corpus;
mod decision;
mod hostile;
mod hostile_bundles;
mod hostile_output;
mod hostile_text;
mod layers;
mod mappings;
mod negotiation;
mod questionnaire_load;
mod report;
mod schedule;
mod scoring;
mod scoring_props;
mod shipped_questionnaires;
mod signing;
mod store;
mod synthetic;
mod team;
mod upgrade;
mod workbook;
