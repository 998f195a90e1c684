//! End-to-end tests of the `toolcup` binary live under `cli/`; this library is
//! empty on purpose (a virtual workspace needs a package to hold them).
