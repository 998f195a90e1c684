//! The releases recipe shared by `cli/releases.rs` and the releases tab.
