//! The brew recipe shared by `cli/brew.rs` and the brew tab.
