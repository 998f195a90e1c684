//! Hostile inputs for `toolcup rotation`.
