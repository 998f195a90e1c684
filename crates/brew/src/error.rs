//! Errors of this crate: what Python itself would raise, what we refuse, and
//! what breaks the machine's rules.

use std::fmt;

use crate::location::Location;

/// The Python exception classes this crate reproduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum PyErrorKind {
    /// `SyntaxError`, raised while compiling the text.
    SyntaxError,
    /// `IndentationError`, a `SyntaxError` about leading whitespace.
    IndentationError,
    /// `TabError`, an `IndentationError` for tabs and spaces mixed
    /// inconsistently in a block's indentation.
    TabError,
    /// `TypeError`, raised while evaluating or binding the call.
    TypeError,
    /// `NameError`, raised for a call to an unknown function.
    NameError,
    /// `ValueError`, raised for an integer too long to print in decimal.
    ValueError,
    /// `ZeroDivisionError`, raised by `/`, `//`, `%`, `divmod` and `**` on zero.
    ZeroDivisionError,
    /// `OverflowError`, raised when a float or a size cannot hold a result.
    OverflowError,
    /// `IndexError`, raised by a subscript out of range.
    IndexError,
    /// `KeyError`, raised by a dict subscript with a missing key.
    KeyError,
    /// `UnicodeEncodeError`, raised by `bytes(str, encoding)`.
    UnicodeEncodeError,
    /// `UnicodeDecodeError`, raised by `str(bytes, encoding)`.
    UnicodeDecodeError,
    /// `LookupError`, raised for an unknown codec name.
    LookupError,
    /// `MemoryError`, raised by CPython's parser when the text nests deeper
    /// than its stack (`Parser stack overflowed - Python source too complex to parse`).
    MemoryError,
    /// `RecursionError`, raised by CPython's compiler for an expression
    /// nested too deeply (`maximum recursion depth exceeded during compilation`).
    RecursionError,
}

impl PyErrorKind {
    /// The class name exactly as Python prints it.
    ///
    /// ```
    /// assert_eq!(toolcup_brew::PyErrorKind::TypeError.name(), "TypeError");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Self::SyntaxError => "SyntaxError",
            Self::IndentationError => "IndentationError",
            Self::TabError => "TabError",
            Self::TypeError => "TypeError",
            Self::NameError => "NameError",
            Self::ValueError => "ValueError",
            Self::ZeroDivisionError => "ZeroDivisionError",
            Self::OverflowError => "OverflowError",
            Self::IndexError => "IndexError",
            Self::KeyError => "KeyError",
            Self::UnicodeEncodeError => "UnicodeEncodeError",
            Self::UnicodeDecodeError => "UnicodeDecodeError",
            Self::LookupError => "LookupError",
            Self::MemoryError => "MemoryError",
            Self::RecursionError => "RecursionError",
        }
    }

    /// Whether Python raises this while compiling (so it carries a location).
    pub fn is_syntax(self) -> bool {
        matches!(
            self,
            Self::SyntaxError | Self::IndentationError | Self::TabError
        )
    }
}

impl fmt::Display for PyErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An exception exactly as CPython 3.13 would raise it: class, message and,
/// for syntax errors, the location that Python's traceback points at.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PyException {
    /// The exception class.
    pub kind: PyErrorKind,
    /// The message, `str(exc)` for runtime errors and `exc.msg` for syntax errors.
    pub message: String,
    /// Where a syntax error points (1-based line and column, as in `SyntaxError.lineno`/`offset`).
    pub location: Option<Location>,
    /// Where a runtime exception was raised: the expression whose
    /// instruction CPython's traceback points at (see [`crate::format_exception`]).
    #[serde(skip)]
    pub(crate) raised_at: Option<RaisedAt>,
    /// For an exception raised in a nested scope that the module called
    /// (a generic def's `<generic parameters of f>`, where its annotations
    /// run): the scope's name and the range of the module's statement that
    /// called it, the traceback's first frame.
    #[serde(skip)]
    pub(crate) called_from: Option<Box<(String, RaisedAt)>>,
}

/// The source range of the expression whose instruction raised a runtime
/// exception (CPython's `co_positions`): 1-based lines, 0-based character
/// columns, exclusive end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RaisedAt {
    pub start: (u32, u32),
    pub end: (u32, u32),
}

impl PyException {
    pub(crate) fn syntax(message: impl Into<String>, location: Location) -> Self {
        Self {
            kind: PyErrorKind::SyntaxError,
            message: message.into(),
            location: Some(location),
            raised_at: None,
            called_from: None,
        }
    }

    pub(crate) fn type_error(message: impl Into<String>) -> Self {
        Self::new(PyErrorKind::TypeError, message)
    }

    /// A runtime exception (no location) of `kind` with `message`, as `str(exc)` prints it.
    pub fn new(kind: PyErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            location: None,
            raised_at: None,
            called_from: None,
        }
    }
}

impl fmt::Display for PyException {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)?;
        if let Some(loc) = self.location {
            write!(f, " (line {}, column {})", loc.line, loc.column)?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in this crate.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Python itself would raise this exception for the given text.
    #[error("{0}")]
    Python(PyException),
    /// The text is valid Python but uses something this engine does not
    /// evaluate (a variable, an operator, a call, an f-string, ...). This is
    /// our own refusal, not a Python error.
    #[error("not supported at line {}, column {}: {what}", .location.line, .location.column)]
    Unsupported {
        /// What was found and why it is refused.
        what: String,
        /// Where it starts.
        location: Location,
    },
    /// The call is not a single call statement (for example `1 + 2` or two statements).
    #[error("not a brew call at line {}, column {}: {what}", .location.line, .location.column)]
    NotACall {
        /// What was found instead.
        what: String,
        /// Where it starts.
        location: Location,
    },
    /// The input exceeds one of the engine's explicit size limits.
    #[error("input too large: {what} (limit {limit})")]
    TooLarge {
        /// What is too large.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// Evaluating a value would exceed one of the engine's documented limits
    /// (see [`crate::limits`]); Python itself might carry it out. This is our
    /// own refusal, not a Python error.
    #[error("{0}")]
    Limit(crate::limits::Limit),
    /// The drink is not on the menu.
    #[error("unknown drink {given:?} for coffee_type{}", suggestion_text(.suggestion))]
    UnknownDrink {
        /// The drink as given.
        given: String,
        /// The closest drink on the menu, if one is close.
        suggestion: Option<&'static str>,
    },
    /// A parameter of the order has the wrong type.
    #[error("{parameter} must be an integer from {min} to {max}, got {value} ({type_name})")]
    NotAnInteger {
        /// The parameter name.
        parameter: &'static str,
        /// The value as Python's repr.
        value: String,
        /// The Python type name of the value.
        type_name: &'static str,
        /// Smallest allowed value.
        min: u8,
        /// Largest allowed value.
        max: u8,
    },
    /// A parameter of the order is an integer outside its range.
    #[error("{parameter} must be from {min} to {max}, got {value}")]
    OutOfRange {
        /// The parameter name.
        parameter: &'static str,
        /// The value as given.
        value: String,
        /// Smallest allowed value.
        min: u8,
        /// Largest allowed value.
        max: u8,
    },
    /// The bound call lacks a parameter the machine needs.
    #[error("the signature has no parameter {0:?}, which the machine needs")]
    MissingParameter(&'static str),
    /// A queue or simulation setting is invalid.
    #[error("invalid setting {setting}: {reason}")]
    InvalidSetting {
        /// The setting.
        setting: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The brewing was cancelled through its progress callback.
    #[error("brewing cancelled during step {step} of {total}")]
    Cancelled {
        /// The 1-based step that was running.
        step: usize,
        /// Number of steps.
        total: usize,
    },
}

fn suggestion_text(suggestion: &Option<&'static str>) -> String {
    match suggestion {
        Some(s) => format!(". Did you mean {s:?}?"),
        None => String::new(),
    }
}

impl From<crate::limits::Limit> for Error {
    fn from(l: crate::limits::Limit) -> Self {
        Self::Limit(l)
    }
}

impl From<PyException> for Error {
    fn from(e: PyException) -> Self {
        Self::Python(e)
    }
}

impl Error {
    /// The Python exception, when this error is one Python would raise.
    pub fn as_python(&self) -> Option<&PyException> {
        match self {
            Self::Python(e) => Some(e),
            _ => None,
        }
    }
}

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
