//! Fuzz target: see fuzz/src/lib.rs.
fn main() {
    assay_fuzz::main_for("bundle");
}
