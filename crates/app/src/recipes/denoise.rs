//! The denoise recipe shared by `cli/denoise.rs` and the denoise tab.
