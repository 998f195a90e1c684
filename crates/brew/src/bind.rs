//! Binding evaluated arguments to a signature, following CPython 3.13's
//! `initialize_locals` (Python/ceval.c): its order of checks and its texts.

use crate::arguments::{Origin, evaluate};
use crate::call::Call;
use crate::error::{Error, PyErrorKind, PyException, RaisedAt, Result};
use crate::eval::Scope;
use crate::signature::{ParamKind, Signature};
use crate::suggest::{is_builtin, name_error_message, suggest};
use crate::value::Value;

/// How a parameter got its value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "how", rename_all = "snake_case")]
pub enum Source {
    /// The `position`-th (1-based) positional value the function received;
    /// `unpacked` when it came out of a `*iterable`.
    Positional {
        /// 1-based position among the positional values.
        position: usize,
        /// Whether it came from `*iterable`.
        unpacked: bool,
    },
    /// A keyword argument; `unpacked` when it came from a `**mapping`.
    Keyword {
        /// Whether it came from `**mapping`.
        unpacked: bool,
    },
    /// The parameter's default.
    Default,
    /// Collected into `*args`: the 1-based positions of the values.
    CollectedPositional {
        /// The positions collected.
        positions: Vec<usize>,
    },
    /// Collected into `**kwargs`: the keywords collected.
    CollectedKeywords {
        /// The keyword names collected.
        names: Vec<String>,
    },
}

impl Source {
    /// A short English description ("2nd positional argument", "its default", …).
    ///
    /// ```
    /// use toolcup_brew::Source;
    /// assert_eq!(Source::Positional { position: 2, unpacked: false }.describe(), "2nd positional argument");
    /// assert_eq!(Source::Default.describe(), "its default");
    /// assert_eq!(
    ///     Source::CollectedKeywords { names: vec!["milk_type".into(), "temperature".into()] }.describe(),
    ///     "collected from the keywords milk_type and temperature"
    /// );
    /// ```
    pub fn describe(&self) -> String {
        match self {
            Source::Positional { position, unpacked } => {
                let via = if *unpacked { " (from *)" } else { "" };
                format!("{} positional argument{via}", ordinal(*position))
            }
            Source::Keyword { unpacked: false } => "keyword".into(),
            Source::Keyword { unpacked: true } => "keyword (from **)".into(),
            Source::Default => "its default".into(),
            Source::CollectedPositional { positions } if positions.is_empty() => {
                "collected (no extra positional arguments)".into()
            }
            Source::CollectedPositional { positions } => {
                let list: Vec<String> = positions.iter().map(|p| ordinal(*p)).collect();
                let plural = if list.len() == 1 { "" } else { "s" };
                format!(
                    "collected from the {} positional argument{plural}",
                    english_list(&list)
                )
            }
            Source::CollectedKeywords { names } if names.is_empty() => {
                "collected (no extra keywords)".into()
            }
            Source::CollectedKeywords { names } => {
                let plural = if names.len() == 1 { "" } else { "s" };
                format!("collected from the keyword{plural} {}", english_list(names))
            }
        }
    }
}

fn english_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// One parameter with its bound value.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundParam {
    /// The parameter's name.
    pub name: String,
    /// Its kind.
    pub kind: ParamKind,
    /// Its value (a tuple for `*args`, a dict for `**kwargs`).
    pub value: Value,
    /// How it got there.
    pub source: Source,
    /// The parameter's annotation, if it has one (see [`crate::annotation_text`]).
    pub annotation: Option<Value>,
}

/// The result of a successful binding: every parameter in the order of
/// CPython's `locals()` inside the function (the positional parameters, the
/// keyword-only ones, then `*args` and `**kwargs`), which is signature order
/// unless keyword-only parameters follow `*args`.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// The function's name.
    pub function: String,
    /// The parameters in `locals()` order.
    pub params: Vec<BoundParam>,
}

impl Binding {
    /// The value bound to `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.params
            .iter()
            .find(|p| p.name == name)
            .map(|p| &p.value)
    }
}

/// Parses `source` and binds it to `signature` (see [`bind`]).
pub fn bind_call(signature: &Signature, source: &str) -> Result<Binding> {
    let (call, after) = crate::call::parse_call_then(source)?;
    let binding = bind_owned(signature, call)?;
    match after {
        Some(refusal) => Err(refusal),
        None => Ok(binding),
    }
}

/// Binds a parsed call to a signature as CPython 3.13 would: a call to another
/// name raises NameError (with 3.13's suggestion), arguments are evaluated in
/// CPython's order, then bound with `initialize_locals`' checks and texts.
///
/// ```
/// use toolcup_brew::{bind_call, Preset, Signature, Source};
/// let sig = Signature::preset(Preset::V1Positional);
/// let b = bind_call(&sig, r#"brew_coffee("Americano", 1, 4)"#).unwrap();
/// assert_eq!(b.get("milk_amount").unwrap().repr(), "4");
/// assert_eq!(b.params[1].source, Source::Positional { position: 2, unpacked: false });
/// ```
pub fn bind(signature: &Signature, call: &Call) -> Result<Binding> {
    bind_owned(signature, call.clone())
}

/// [`bind`], moving the call's literal values into the binding.
fn bind_owned(signature: &Signature, call: Call) -> Result<Binding> {
    let f = signature.name.as_str();
    if call.function != f {
        if is_builtin(&call.function) {
            return Err(Error::NotACall {
                what: format!(
                    "`{}` is a Python builtin; only {f}(...) can be called here",
                    call.function
                ),
                location: call.function_location,
            });
        }
        return Err(Error::Python(PyException {
            kind: PyErrorKind::NameError,
            message: name_error_message(
                &call.function,
                &Scope {
                    function: Some(f),
                    type_params: &[],
                }
                .globals(),
            ),
            location: None,
            raised_at: Some(RaisedAt {
                start: (
                    call.function_location.line,
                    location_col(call.function_location.column),
                ),
                end: (
                    call.function_location.end_line,
                    location_col(call.function_location.end_column),
                ),
            }),
            called_from: None,
        }));
    }
    let at = call.raised_at;
    bind_evaluated(signature, call).map_err(|err| match err {
        Error::Python(mut exc) if exc.raised_at.is_none() => {
            exc.raised_at = Some(at);
            Error::Python(exc)
        }
        other => other,
    })
}

/// A 1-based [`crate::Location`] column as a 0-based one.
fn location_col(column: i64) -> u32 {
    u32::try_from(column.saturating_sub(1)).unwrap_or(0)
}

/// Evaluates the arguments of a call of the function and binds them.
fn bind_evaluated(signature: &Signature, call: Call) -> Result<Binding> {
    let f = signature.name.as_str();
    let mut args = evaluate(call, f)?;
    let type_error = |msg: String| Error::Python(PyException::type_error(msg));

    let params = &signature.params;
    let positional_params: Vec<usize> = (0..params.len())
        .filter(|&i| {
            matches!(
                params[i].kind,
                ParamKind::PositionalOnly | ParamKind::PositionalOrKeyword
            )
        })
        .collect();
    let kwonly_params: Vec<usize> = (0..params.len())
        .filter(|&i| params[i].kind == ParamKind::KeywordOnly)
        .collect();
    let varargs = params
        .iter()
        .position(|p| p.kind == ParamKind::VarPositional);
    let varkw = params.iter().position(|p| p.kind == ParamKind::VarKeyword);
    let posonly = params
        .iter()
        .filter(|p| p.kind == ParamKind::PositionalOnly)
        .count();
    let co_argcount = positional_params.len();

    let mut slots: Vec<Option<(Value, Source)>> = vec![None; params.len()];
    let n = args.positional.len();
    let origin_source = |pos: usize, o: Origin| Source::Positional {
        position: pos + 1,
        unpacked: o.unpacked,
    };

    let mut rest: Vec<Value> = Vec::new();
    let mut positions: Vec<usize> = Vec::new();
    for (k, (v, o)) in std::mem::take(&mut args.positional).into_iter().enumerate() {
        if k < co_argcount {
            slots[positional_params[k]] = Some((v, origin_source(k, o)));
        } else if varargs.is_some() {
            rest.push(v);
            positions.push(k + 1);
        }
    }
    if let Some(vi) = varargs {
        slots[vi] = Some((
            Value::Tuple(rest),
            Source::CollectedPositional { positions },
        ));
    }

    let mut kwdict: Vec<(Value, Value)> = Vec::new();
    let mut kwnames: Vec<String> = Vec::new();
    // Only the positional-only check needs every keyword's name.
    let keyword_names: Vec<String> = if posonly > 0 && varkw.is_none() {
        args.keywords.iter().map(|(k, _, _)| k.clone()).collect()
    } else {
        Vec::new()
    };
    for (name, value, origin) in std::mem::take(&mut args.keywords) {
        let found = (0..params.len()).find(|&j| {
            matches!(
                params[j].kind,
                ParamKind::PositionalOrKeyword | ParamKind::KeywordOnly
            ) && params[j].name == *name
        });
        match found {
            Some(j) => {
                if slots[j].is_some() {
                    return Err(type_error(format!(
                        "{f}() got multiple values for argument '{name}'"
                    )));
                }
                slots[j] = Some((
                    value,
                    Source::Keyword {
                        unpacked: origin.unpacked,
                    },
                ));
            }
            None if varkw.is_none() => {
                if posonly > 0 {
                    let hits: Vec<&str> = params
                        .iter()
                        .filter(|p| p.kind == ParamKind::PositionalOnly)
                        .filter(|p| keyword_names.contains(&p.name))
                        .map(|p| p.name.as_str())
                        .collect();
                    if !hits.is_empty() {
                        return Err(type_error(format!(
                            "{f}() got some positional-only arguments passed as keyword arguments: '{}'",
                            hits.join(", ")
                        )));
                    }
                }
                let candidates = params
                    .iter()
                    .filter(|p| {
                        matches!(
                            p.kind,
                            ParamKind::PositionalOrKeyword | ParamKind::KeywordOnly
                        )
                    })
                    .map(|p| p.name.as_str());
                let mut msg = format!("{f}() got an unexpected keyword argument '{name}'");
                if let Some(s) = suggest(&name, candidates) {
                    msg.push_str(&format!(". Did you mean '{s}'?"));
                }
                return Err(type_error(msg));
            }
            None => {
                kwdict.push((Value::Str(name.clone()), value));
                kwnames.push(name);
            }
        }
    }
    if let Some(ki) = varkw {
        slots[ki] = Some((
            Value::Dict(kwdict),
            Source::CollectedKeywords { names: kwnames },
        ));
    }

    if n > co_argcount && varargs.is_none() {
        let kwonly_given = kwonly_params
            .iter()
            .filter(|&&i| slots[i].is_some())
            .count();
        let defcount = positional_params
            .iter()
            .filter(|&&i| params[i].default.is_some())
            .count();
        let (sig, plural) = if defcount > 0 {
            (
                format!("from {} to {co_argcount}", co_argcount - defcount),
                true,
            )
        } else {
            (co_argcount.to_string(), co_argcount != 1)
        };
        let kwonly_sig = if kwonly_given > 0 {
            format!(
                " positional argument{} (and {kwonly_given} keyword-only argument{})",
                if n != 1 { "s" } else { "" },
                if kwonly_given != 1 { "s" } else { "" }
            )
        } else {
            String::new()
        };
        let was = if n == 1 && kwonly_given == 0 {
            "was"
        } else {
            "were"
        };
        return Err(type_error(format!(
            "{f}() takes {sig} positional argument{} but {n}{kwonly_sig} {was} given",
            if plural { "s" } else { "" }
        )));
    }

    if n < co_argcount {
        let missing: Vec<&str> = positional_params
            .iter()
            .filter(|&&i| slots[i].is_none() && params[i].default.is_none())
            .map(|&i| params[i].name.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(type_error(format_missing(f, "positional", &missing)));
        }
    }
    for &i in &positional_params {
        if slots[i].is_none()
            && let Some(d) = &params[i].default
        {
            slots[i] = Some((d.clone(), Source::Default));
        }
    }
    let mut missing_kw = Vec::new();
    for &i in &kwonly_params {
        if slots[i].is_none() {
            match &params[i].default {
                Some(d) => slots[i] = Some((d.clone(), Source::Default)),
                None => missing_kw.push(params[i].name.as_str()),
            }
        }
    }
    if !missing_kw.is_empty() {
        return Err(type_error(format_missing(f, "keyword-only", &missing_kw)));
    }

    let mut bound = Vec::with_capacity(params.len());
    for (p, slot) in params.iter().zip(slots) {
        let Some((value, source)) = slot else {
            // Every slot is filled once the checks above pass.
            return Err(type_error(format_missing(
                f,
                "positional",
                &[p.name.as_str()],
            )));
        };
        bound.push(BoundParam {
            name: p.name.clone(),
            kind: p.kind,
            value,
            source,
            annotation: p.annotation.clone(),
        });
    }
    // CPython's `locals()` order: the positional parameters, the
    // keyword-only ones, then `*args` and `**kwargs` (`co_varnames`).
    bound.sort_by_key(|p| match p.kind {
        ParamKind::PositionalOnly | ParamKind::PositionalOrKeyword => 0,
        ParamKind::KeywordOnly => 1,
        ParamKind::VarPositional => 2,
        ParamKind::VarKeyword => 3,
    });
    Ok(Binding {
        function: f.to_string(),
        params: bound,
    })
}

/// CPython's `format_missing`: `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`.
fn format_missing(f: &str, kind: &str, names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| crate::repr::str_repr(n)).collect();
    let list = match quoted.len() {
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        k => format!("{}, and {}", quoted[..k - 1].join(", "), quoted[k - 1]),
    };
    format!(
        "{f}() missing {} required {kind} argument{}: {list}",
        names.len(),
        if names.len() == 1 { "" } else { "s" }
    )
}
