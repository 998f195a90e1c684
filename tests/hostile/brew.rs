//! Hostile inputs for `toolcup brew`.
