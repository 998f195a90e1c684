//! AlphaBrew, the software of the Espressix coffee machine.
//!
//! This crate will hold: parsing of Python `def` signatures and of brew calls
//! typed at the counter, argument binding that follows CPython 3.13 exactly
//! (including its error texts), the machine's order rules, the ticket, and
//! the simulated brewing with its order queue.
