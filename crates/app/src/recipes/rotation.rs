//! The rotation recipe shared by `cli/rotation.rs` and the rotation tab.
