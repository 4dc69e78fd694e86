//! The application layer: one function per user action, used by the CLI and the
//! desktop shell.

pub mod report_data;
