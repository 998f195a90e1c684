//! AlphaBrew, the software of the Espressix coffee machine.
//!
//! A barista types a Python call such as
//! `brew_coffee("Latte", "vanilla syrup", strength=3, milk_amount=2)`; this
//! crate parses it, binds it to the machine's signature exactly as CPython
//! 3.13 would (with CPython's own error texts and locations), checks the
//! order against the machine's rules, prints the ticket, and simulates the
//! brewing and the queue at the counter.
//!
//! ```
//! use toolcup_brew::{bind_call, Signature, Preset};
//!
//! let sig = Signature::preset(Preset::Current);
//! let bound = bind_call(&sig, r#"brew_coffee("Latte", "vanilla syrup", milk_amount=2)"#).unwrap();
//! assert_eq!(bound.get("strength").unwrap().repr(), "3");
//! assert_eq!(bound.get("add_ons").unwrap().repr(), "('vanilla syrup',)");
//! ```
//!
//! Errors are Python's own where Python would fail:
//!
//! ```
//! use toolcup_brew::{bind_call, Signature, Preset};
//!
//! let sig = Signature::preset(Preset::BasicModel);
//! let err = bind_call(&sig, r#"brew_coffee("Espresso", 3, 0)"#).unwrap_err();
//! assert_eq!(err.to_string(), "TypeError: brew_coffee() takes 1 positional argument but 3 were given");
//! ```

mod arguments;
mod ast;
mod bind;
mod brewing;
pub mod builtins;
mod call;
mod depth;
mod error;
mod eval;
mod hash;
mod lexer;
pub mod limits;
mod literal;
mod location;
pub mod ops;
mod order;
mod parser;
mod python_names;
mod queue;
mod repr;
mod set_table;
mod signature;
mod suggest;
mod ticket;
mod traceback;
mod unicode;
mod unicode_tables;
mod value;

pub use bind::{Binding, BoundParam, Source, bind, bind_call};
pub use brewing::{BrewPlan, Progress, Step, StepKind, brew};
pub use call::{Argument, ArgumentKind, Call, MAX_SOURCE_CHARS, parse_call};
pub use error::{Error, PyErrorKind, PyException, Result};
pub use hash::py_hash;
pub use lexer::MAX_NESTING;
pub use limits::{Budget, Limit};
pub use location::Location;
pub use order::{Drink, MilkAmount, Order, Strength};
pub use queue::{QueueReport, QueuedOrder, ServedOrder, simulate_queue};
pub use repr::{INT_MAX_STR_DIGITS, bytes_repr, float_repr, str_repr};
pub use set_table::SetTable;
pub use signature::{INVALID_VARIANT, Param, ParamKind, Preset, Signature, annotation_text};
pub use ticket::Ticket;
pub use traceback::format_exception;
pub use value::{Builtin, LazyIterator, Range, TypeParam, TypeParamKind, Value, drop_deep};

/// The README's example, compiled and run as a doctest.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
