//! The illustrative demo evaluation (filled in later).
