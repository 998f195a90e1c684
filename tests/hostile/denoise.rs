//! Hostile inputs for `toolcup denoise`.
