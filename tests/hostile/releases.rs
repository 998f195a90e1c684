//! Hostile inputs for `toolcup releases`.
