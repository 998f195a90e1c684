//! Function signatures written as Python `def` lines, with CPython 3.13's
//! definition errors, and the Espressix's signature history as presets.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::ast::{Expr, ExprKind};
use crate::error::{Error, PyErrorKind, PyException, Result};
use crate::eval::{Scope, eval_expr};
use crate::lexer::{Tok, tokenize};
use crate::limits::Budget;
use crate::location::{Location, Pos};
use crate::parser::{Fail, Parser, cost, is_keyword, resolve};
use crate::value::{TypeParam, TypeParamKind, Value};

/// The kind of a parameter, as in Python's `inspect.Parameter.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamKind {
    /// Before `/`.
    PositionalOnly,
    /// Between `/` and `*`.
    PositionalOrKeyword,
    /// `*args`.
    VarPositional,
    /// After `*` or `*args`.
    KeywordOnly,
    /// `**kwargs`.
    VarKeyword,
}

/// One parameter of a signature.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: ParamKind,
    /// Its default value, if it has one.
    pub default: Option<Value>,
    /// The default as Python's repr.
    pub default_text: Option<String>,
    /// Its annotation's value (evaluated when the `def` runs, as CPython
    /// 3.13 does), if it has one.
    pub annotation: Option<Value>,
}

impl Param {
    /// A parameter without default or annotation.
    pub fn new(name: impl Into<String>, kind: ParamKind) -> Param {
        Param {
            name: name.into(),
            kind,
            default: None,
            default_text: None,
            annotation: None,
        }
    }

    /// The annotation as `inspect.signature` writes it (`str`,
    /// `list[str]`, `str | None`, `'str'`), if there is one.
    pub fn annotation_text(&self) -> Option<String> {
        self.annotation.as_ref().map(annotation_text)
    }
}

/// An annotation as `inspect.formatannotation` writes it: a builtin type by
/// its name, anything else by its repr.
///
/// ```
/// use toolcup_brew::{Builtin, Value, annotation_text};
/// assert_eq!(annotation_text(&Value::Builtin(Builtin::Str)), "str");
/// assert_eq!(annotation_text(&Value::from("str")), "'str'");
/// assert_eq!(Value::Builtin(Builtin::Str).repr(), "<class 'str'>");
/// ```
pub fn annotation_text(v: &Value) -> String {
    match v {
        Value::Builtin(b) if b.is_type() => b.name().to_string(),
        other => other.repr(),
    }
}

/// A parsed `def` line.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    /// The function's name.
    pub name: String,
    /// The parameters in order.
    pub params: Vec<Param>,
    /// The return annotation's value, if there is one.
    pub returns: Option<Value>,
}

/// The Espressix's signatures, oldest first (see the machine's manual).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// `def brew_coffee(coffee_type, strength, milk_amount)`
    V1Positional,
    /// `def brew_coffee(coffee_type, strength, milk_amount, *add_ons)`
    V2AddOns,
    /// `def brew_coffee(coffee_type, *add_ons, strength, milk_amount)`
    V3KeywordOnly,
    /// `def brew_coffee(coffee_type, *add_ons, strength, milk_amount, **instructions)`
    V4Instructions,
    /// `def brew_coffee(coffee_type, *add_ons, strength=3, milk_amount, **instructions)`
    V5StrengthDefault,
    /// `def brew_coffee(coffee_type, *add_ons, strength=3, milk_amount=0, **instructions)`
    V6Defaults,
    /// `def brew_coffee(coffee_type, /, *add_ons, strength=3, milk_amount=0, **instructions)`: the current machine.
    Current,
    /// `def brew_coffee(coffee_type, /, *, strength=3, milk_amount=0, **instructions)`: the basic model, no add-ons.
    BasicModel,
    /// `def brew_coffee(coffee_type, /, another_param, *, strength=3, milk_amount=0, **instructions)`
    AnotherParam,
}

impl Preset {
    /// All presets, oldest first.
    pub const ALL: [Preset; 9] = [
        Preset::V1Positional,
        Preset::V2AddOns,
        Preset::V3KeywordOnly,
        Preset::V4Instructions,
        Preset::V5StrengthDefault,
        Preset::V6Defaults,
        Preset::Current,
        Preset::BasicModel,
        Preset::AnotherParam,
    ];

    /// The `def` line.
    pub fn def(self) -> &'static str {
        match self {
            Self::V1Positional => "def brew_coffee(coffee_type, strength, milk_amount)",
            Self::V2AddOns => "def brew_coffee(coffee_type, strength, milk_amount, *add_ons)",
            Self::V3KeywordOnly => "def brew_coffee(coffee_type, *add_ons, strength, milk_amount)",
            Self::V4Instructions => {
                "def brew_coffee(coffee_type, *add_ons, strength, milk_amount, **instructions)"
            }
            Self::V5StrengthDefault => {
                "def brew_coffee(coffee_type, *add_ons, strength=3, milk_amount, **instructions)"
            }
            Self::V6Defaults => {
                "def brew_coffee(coffee_type, *add_ons, strength=3, milk_amount=0, **instructions)"
            }
            Self::Current => {
                "def brew_coffee(coffee_type, /, *add_ons, strength=3, milk_amount=0, **instructions)"
            }
            Self::BasicModel => {
                "def brew_coffee(coffee_type, /, *, strength=3, milk_amount=0, **instructions)"
            }
            Self::AnotherParam => {
                "def brew_coffee(coffee_type, /, another_param, *, strength=3, milk_amount=0, **instructions)"
            }
        }
    }

    /// A short name for command lines and pickers (`v1` … `v6`, `current`, `basic`, `another-param`).
    pub fn name(self) -> &'static str {
        match self {
            Self::V1Positional => "v1",
            Self::V2AddOns => "v2",
            Self::V3KeywordOnly => "v3",
            Self::V4Instructions => "v4",
            Self::V5StrengthDefault => "v5",
            Self::V6Defaults => "v6",
            Self::Current => "current",
            Self::BasicModel => "basic",
            Self::AnotherParam => "another-param",
        }
    }

    /// The preset with this [`name`](Self::name).
    ///
    /// ```
    /// use toolcup_brew::Preset;
    /// assert_eq!(Preset::from_name("basic"), Some(Preset::BasicModel));
    /// ```
    pub fn from_name(name: &str) -> Option<Preset> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// The manual's invalid variant, which Python refuses to define.
pub const INVALID_VARIANT: &str =
    "def brew_coffee_variant(coffee_type, strength=3, milk_amount, **instructions)";

impl Signature {
    /// The signature of a preset.
    pub fn preset(preset: Preset) -> Signature {
        // The presets are valid by construction (pinned by a test).
        Signature::parse(preset.def()).unwrap_or_else(|_| Signature {
            name: "brew_coffee".into(),
            params: Vec::new(),
            returns: None,
        })
    }

    /// Parses a `def` line (a trailing `:` and `pass` or `...` are allowed).
    /// Invalid definitions fail with CPython 3.13's SyntaxError.
    ///
    /// ```
    /// use toolcup_brew::Signature;
    /// let err = Signature::parse("def brew_coffee_variant(coffee_type, strength=3, milk_amount, **instructions)").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "SyntaxError: parameter without a default follows parameter with a default (line 1, column 50)"
    /// );
    /// ```
    pub fn parse(text: &str) -> Result<Signature> {
        if text.chars().count() > crate::call::MAX_SOURCE_CHARS {
            return Err(Error::TooLarge {
                what: "def text (characters)",
                limit: crate::call::MAX_SOURCE_CHARS,
            });
        }
        crate::call::check_null_bytes(text)?;
        let lexed = tokenize(text);
        if let Some(err) = &lexed.error {
            if err.message == "unexpected indent" {
                // CPython's parser raises that at the INDENT token: an error
                // in the def line before it wins, and a line without its
                // colon is "expected ':'" at its NEWLINE.
                let mut p = Parser::new(&lexed.tokens);
                match def_line(&mut p) {
                    Err(
                        f @ (Fail::Syntax(_)
                        | Fail::ForgotComma(_)
                        | Fail::SyntaxRawEnd(_)
                        | Fail::Generic(_)),
                    ) => {
                        let before = crate::lexer::Lexed {
                            error: None,
                            ..lexed.clone()
                        };
                        return Err(resolve(f, &before, text, p.furthest_failure));
                    }
                    Ok(_) => {
                        let n = lexed.tokens.len();
                        if n >= 2
                            && matches!(lexed.tokens[n - 1].tok, Tok::Newline)
                            && !lexed.tokens[n - 2].is_op(":")
                        {
                            // The NEWLINE token starts at a comment's `#`.
                            let mut at = lexed.tokens[n - 1].range();
                            let prev = lexed.tokens[n - 2].end;
                            if let Some(line) = text.split('\n').nth(at.line as usize - 1)
                                && let Some(hash) =
                                    line.chars().skip(prev.col as usize).position(|c| c == '#')
                            {
                                at.column = i64::from(prev.col) + hash as i64 + 1;
                            }
                            return Err(Error::Python(PyException::syntax("expected ':'", at)));
                        }
                    }
                    Err(_) => {}
                }
            }
            return Err(Error::Python(err.clone()));
        }
        let mut p = Parser::new(&lexed.tokens);
        let parsed = def_line(&mut p);
        if let Some(err) = p.out_of_steps() {
            return Err(err);
        }
        let parsed = match parsed {
            Ok(x) => x,
            Err(f) => {
                let mut err = resolve(f, &lexed, text, p.furthest_failure);
                mark_comment(&mut err, text);
                return Err(err);
            }
        };
        if let Some(e) = &lexed.error {
            return Err(Error::Python(e.clone()));
        }
        // Symbol table: the type parameters in order (a repeated name, then
        // the parameter's bound and default), then the annotations.
        let generic = !parsed.tparams.is_empty();
        // Sets: a 100,000-character def holds ~25,000 names.
        let mut tp_seen: HashSet<&str> = HashSet::new();
        for tp in &parsed.tparams {
            if !tp_seen.insert(tp.param.name.as_str()) {
                return Err(Error::Python(PyException::syntax(
                    format!("duplicate type parameter '{}'", tp.param.name),
                    tp.range,
                )));
            }
            let kind = tp.param.kind.short_name();
            if let Some(b) = &tp.bound {
                crate::call::check_depth(b)?;
                let what = if matches!(b.kind, ExprKind::Tuple(_)) {
                    "constraint"
                } else {
                    "bound"
                };
                check_annotation_scope(b, &format!("a {kind} {what}"), false)?;
            }
            if let Some(d) = &tp.default {
                crate::call::check_depth(d)?;
                check_annotation_scope(d, &format!("a {kind} default"), false)?;
            }
        }
        if generic {
            for (_, e) in annotation_order(&parsed) {
                crate::call::check_depth(e)?;
                check_annotation_scope(e, "the definition of a generic", false)?;
            }
            if let Some(e) = &parsed.returns {
                crate::call::check_depth(e)?;
                check_annotation_scope(e, "the definition of a generic", false)?;
            }
        }
        // Symbol table: duplicates, visited as CPython does (positional, keyword-only, *args, **kwargs).
        let order = [
            ParamKind::PositionalOnly,
            ParamKind::PositionalOrKeyword,
            ParamKind::KeywordOnly,
            ParamKind::VarPositional,
            ParamKind::VarKeyword,
        ];
        let mut seen: HashSet<&str> = HashSet::new();
        for kind in order {
            for (param, loc) in parsed.params.iter().filter(|(p, _)| p.kind == kind) {
                if !seen.insert(param.name.as_str()) {
                    return Err(Error::Python(PyException::syntax(
                        format!("duplicate argument '{}' in function definition", param.name),
                        *loc,
                    )));
                }
            }
        }
        // The compiler: no parameter may be named `__debug__` (checked in
        // the order positional-only, positional, *args, keyword-only, **kwargs).
        for kind in [
            ParamKind::PositionalOnly,
            ParamKind::PositionalOrKeyword,
            ParamKind::VarPositional,
            ParamKind::KeywordOnly,
            ParamKind::VarKeyword,
        ] {
            for (param, loc) in parsed.params.iter().filter(|(p, _)| p.kind == kind) {
                if param.name == "__debug__" {
                    return Err(Error::Python(PyException::syntax(
                        "cannot assign to __debug__",
                        *loc,
                    )));
                }
            }
        }
        // Compile-time checks of every expression, in CPython's order
        // (defaults, then the type parameters, then annotations), before
        // anything runs.
        for (_, e) in &parsed.defaults {
            crate::call::check_depth(e)?;
            crate::call::compile_checks(e)?;
        }
        let mut seen_default = false;
        for tp in &parsed.tparams {
            if tp.default.is_some() {
                seen_default = true;
            } else if seen_default {
                return Err(Error::Python(PyException::syntax(
                    format!(
                        "non-default type parameter '{}' follows default type parameter",
                        tp.param.name
                    ),
                    tp.range,
                )));
            }
            if tp.param.name == "__debug__" {
                return Err(Error::Python(PyException::syntax(
                    "cannot assign to __debug__",
                    tp.range,
                )));
            }
            for e in tp.bound.iter().chain(&tp.default) {
                crate::call::check_depth(e)?;
                crate::call::compile_checks(e)?;
            }
        }
        for (_, e) in &parsed.annotations {
            crate::call::check_depth(e)?;
            crate::call::compile_checks(e)?;
        }
        if let Some(e) = &parsed.returns {
            crate::call::check_depth(e)?;
            crate::call::compile_checks(e)?;
        }
        // The `def` runs: defaults in order, then the annotations of the
        // positional-or-keyword parameters, the positional-only ones,
        // `*args`, the keyword-only ones, `**kwargs` and the return
        // (CPython's `compiler_visit_annotations`).
        let scope = Scope {
            function: None,
            type_params: &[],
        };
        // The annotations see the type parameters; the defaults do not.
        let tparams: Vec<TypeParam> = parsed.tparams.iter().map(|t| t.param.clone()).collect();
        let annotation_scope = Scope {
            function: None,
            type_params: &tparams,
        };
        let mut budget = Budget::default();
        let mut params: Vec<Param> = parsed.params.into_iter().map(|(p, _)| p).collect();
        // The names are distinct by now: index them (a def may hold ~25,000).
        let index: HashMap<String, usize> = params
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.clone(), i))
            .collect();
        for (name, expr) in &parsed.defaults {
            let value = eval_expr(expr, scope, &mut budget)?;
            if let Some(param) = index.get(name).map(|&i| &mut params[i]) {
                param.default_text = Some(value.repr());
                param.default = Some(value);
            }
        }
        let annotations: HashMap<&str, &Expr> = parsed
            .annotations
            .iter()
            .map(|(n, e)| (n.as_str(), e))
            .collect();
        // A generic def's annotations run in its `<generic parameters of
        // f>` scope, which the module's `def` statement calls.
        let in_scope = |err: Error| match err {
            Error::Python(mut exc) if !tparams.is_empty() && exc.raised_at.is_some() => {
                exc.called_from = Some(Box::new((
                    format!("<generic parameters of {}>", parsed.name),
                    def_statement_range(text),
                )));
                Error::Python(exc)
            }
            other => other,
        };
        for kind in [
            ParamKind::PositionalOrKeyword,
            ParamKind::PositionalOnly,
            ParamKind::VarPositional,
            ParamKind::KeywordOnly,
            ParamKind::VarKeyword,
        ] {
            for param in params.iter_mut().filter(|p| p.kind == kind) {
                if let Some(expr) = annotations.get(param.name.as_str()) {
                    param.annotation =
                        Some(eval_expr(expr, annotation_scope, &mut budget).map_err(in_scope)?);
                }
            }
        }
        let returns = match &parsed.returns {
            Some(e) => Some(eval_expr(e, annotation_scope, &mut budget).map_err(in_scope)?),
            None => None,
        };
        Ok(Signature {
            name: parsed.name,
            params,
            returns,
        })
    }

    /// The parameter named `name`.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }
}

impl fmt::Display for Signature {
    /// Writes the `def` line back, with `/` and `*` markers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "def {}(", self.name)?;
        let mut parts: Vec<String> = Vec::new();
        let mut star_written = false;
        for (i, p) in self.params.iter().enumerate() {
            let text = match p.kind {
                ParamKind::VarPositional => {
                    star_written = true;
                    format!("*{}", p.name)
                }
                ParamKind::VarKeyword => format!("**{}", p.name),
                ParamKind::KeywordOnly if !star_written => {
                    star_written = true;
                    parts.push("*".into());
                    p.name.clone()
                }
                _ => p.name.clone(),
            };
            let (text, eq) = match p.annotation_text() {
                Some(a) => (format!("{text}: {a}"), " = "),
                None => (text, "="),
            };
            let text = match &p.default_text {
                Some(d) => format!("{text}{eq}{d}"),
                None => text,
            };
            parts.push(text);
            let next_not_posonly = self
                .params
                .get(i + 1)
                .is_none_or(|n| n.kind != ParamKind::PositionalOnly);
            if p.kind == ParamKind::PositionalOnly && next_not_posonly {
                parts.push("/".into());
            }
        }
        write!(f, "{})", parts.join(", "))?;
        if let Some(r) = &self.returns {
            write!(f, " -> {}", annotation_text(r))?;
        }
        Ok(())
    }
}

struct ParsedDef {
    name: String,
    tparams: Vec<ParsedTypeParam>,
    params: Vec<(Param, Location)>,
    defaults: Vec<(String, Expr)>,
    annotations: Vec<(String, Expr)>,
    returns: Option<Expr>,
}

/// The parameters' annotations in the order CPython's symbol table visits
/// them: positional-only, positional, `*args`, `**kwargs`, keyword-only.
fn annotation_order(parsed: &ParsedDef) -> Vec<&(String, Expr)> {
    // A name's annotations in source order: a duplicated parameter (an
    // error found later) keeps each of its annotations.
    let mut by_name: HashMap<&str, std::collections::VecDeque<&(String, Expr)>> = HashMap::new();
    for a in &parsed.annotations {
        by_name.entry(a.0.as_str()).or_default().push_back(a);
    }
    let mut out = Vec::new();
    for kind in [
        ParamKind::PositionalOnly,
        ParamKind::PositionalOrKeyword,
        ParamKind::VarPositional,
        ParamKind::VarKeyword,
        ParamKind::KeywordOnly,
    ] {
        for (param, _) in parsed.params.iter().filter(|(p, _)| p.kind == kind) {
            out.extend(
                by_name
                    .get_mut(param.name.as_str())
                    .and_then(|q| q.pop_front()),
            );
        }
    }
    out
}

/// `def f  # note`: CPython's "expected '('" starts at the comment, where
/// its NEWLINE token starts (nothing but blanks stand between the name and it).
fn mark_comment(err: &mut Error, text: &str) {
    let Error::Python(exc) = err else { return };
    let Some(loc) = exc.location.as_mut() else {
        return;
    };
    if exc.message != "expected '('" || loc.end_column != loc.column + 1 {
        return;
    }
    let Some(line) = usize::try_from(loc.line - 1)
        .ok()
        .and_then(|n| text.split('\n').nth(n))
    else {
        return;
    };
    if let Some(hash) = line.chars().position(|c| c == '#') {
        loc.column = hash as i64 + 1;
    }
}

fn generic<T>(p: &Parser<'_>) -> std::result::Result<T, Fail> {
    Err(Fail::Generic(p.i))
}

fn syntax<T>(msg: &str, loc: Location) -> std::result::Result<T, Fail> {
    Err(Fail::Syntax(PyException::syntax(msg, loc)))
}

fn def_line(p: &mut Parser<'_>) -> std::result::Result<ParsedDef, Fail> {
    let t = p.bump()?;
    let def_line_no = t.start.line;
    if t.is_name("async") && p.at_name("def") {
        return Err(Fail::Refused(Error::Unsupported {
            what: "an async def (its call makes a coroutine)".into(),
            location: t.start.start_location(),
        }));
    }
    if !t.is_name("def") {
        return Err(Fail::Refused(Error::NotACall {
            what: "a signature starts with `def`".into(),
            location: t.start.start_location(),
        }));
    }
    let t = p.peek()?;
    let name = match &t.tok {
        Tok::Name(n) if !is_keyword(n) => crate::unicode::nfkc_identifier(n),
        _ => return generic(p),
    };
    p.i += 1;
    let mut tparams = Vec::new();
    if p.at_op("[") {
        let open = p.bump()?;
        let t = p.peek()?;
        if t.is_op("]") {
            let mut at = t.start.cursor();
            at.column += 1;
            at.end_column += 1;
            return syntax("Type parameter list cannot be empty", at);
        }
        tparams = match type_params(p) {
            Ok(x) => x,
            // The list is optional: anything else in it leaves `(` expected at `[`.
            Err(Fail::Generic(_)) => return syntax("expected '('", open.range()),
            Err(other) => return Err(other),
        };
    }
    if let Tok::Newline = p.peek()?.tok {
        // CPython's NEWLINE token runs from a comment's `#` (if any; see
        // `mark_comment`) through one past the end of the line.
        let nl = p.peek()?.start;
        return syntax(
            "expected '('",
            Location {
                line: nl.line,
                column: i64::from(nl.col) + 1,
                end_line: nl.line,
                end_column: i64::from(nl.col) + 2,
            },
        );
    }
    if !p.at_op("(") {
        return syntax("expected '('", p.peek()?.range());
    }
    p.i += 1;
    let (params, defaults, annotations) = parameters(p)?;
    let mut returns = None;
    if p.at_op("->") {
        let arrow = p.bump()?;
        if !p.starts_expression() {
            return syntax("expected ':'", arrow.range());
        }
        returns = Some(p.at_level(cost::DEF_DEFAULT, Parser::expression)?);
    }
    let had_colon = p.at_op(":");
    // A body indented below the def line ends the def by itself; any other
    // def line must end after its colon's one-line body (or without one).
    let mut indented = false;
    if had_colon {
        p.i += 1;
        indented = matches!(p.peek()?.tok, Tok::Newline)
            && p.peek_at(1)
                .is_some_and(|t| !matches!(t.tok, Tok::EndMarker));
        if indented {
            block(p, def_line_no)?;
        } else {
            body(p, false)?;
        }
    }
    if !indented {
        let t = p.peek()?;
        match t.tok {
            Tok::Newline | Tok::EndMarker => {}
            // The `&&':'` after the parameters and the return annotation (a
            // def line may also end there, without its colon and body).
            _ if !had_colon => return syntax("expected ':'", t.range()),
            _ => return generic(p),
        }
    }
    Ok(ParsedDef {
        name,
        tparams,
        params,
        defaults,
        annotations,
        returns,
    })
}

/// A body indented below the `def` line (`self.i` at the newline after
/// its `:`), parsed as [`body`] parses one line, and never run; what follows
/// the block is refused. Without an indented line, CPython's
/// "expected an indented block".
fn block(p: &mut Parser<'_>, def_line: u32) -> std::result::Result<(), Fail> {
    p.i += 1;
    let t = p.peek()?;
    if !matches!(t.tok, Tok::Indent) {
        return Err(Fail::Syntax(PyException {
            kind: PyErrorKind::IndentationError,
            ..PyException::syntax(
                format!("expected an indented block after function definition on line {def_line}"),
                t.range(),
            )
        }));
    }
    p.i += 1;
    loop {
        let t = p.peek()?;
        match t.tok {
            Tok::Dedent | Tok::EndMarker => break,
            Tok::Newline => p.i += 1,
            _ => {
                body(p, true)?;
                // `body` stops at the line's newline.
                if matches!(p.peek()?.tok, Tok::Newline) {
                    p.i += 1;
                }
            }
        }
    }
    while matches!(p.peek()?.tok, Tok::Dedent | Tok::Newline) {
        p.i += 1;
    }
    let t = p.peek()?;
    if !matches!(t.tok, Tok::EndMarker) {
        return Err(Fail::Refused(Error::Unsupported {
            what: "a statement after the function's body".into(),
            location: t.start.start_location(),
        }));
    }
    Ok(())
}

/// A body on the `def` line, which the engine parses and never runs:
/// simple statements separated by `;` that are `pass`, `...`, `return
/// [expression]` or an expression. Anything else is refused (its syntax is
/// not checked here).
///
/// In an indented block (`in_block`), a compound statement is valid Python
/// that is refused; on the `def` line it cannot follow the colon.
fn body(p: &mut Parser<'_>, in_block: bool) -> std::result::Result<(), Fail> {
    loop {
        let t = p.peek()?;
        if matches!(t.tok, Tok::Newline | Tok::EndMarker) {
            return Ok(());
        }
        if t.is_name("pass") {
            p.i += 1;
        } else if t.is_name("return") {
            p.i += 1;
            if p.starts_expression() {
                p.at_level(cost::DEF_DEFAULT, Parser::expression)?;
            }
        } else if p.starts_expression()
            && !matches!(&t.tok, Tok::Name(n) if is_keyword(n) && !matches!(n.as_str(), "None" | "True" | "False" | "not" | "lambda" | "await" | "yield"))
        {
            p.at_level(cost::DEF_DEFAULT, Parser::expression)?;
        } else if matches!(&t.tok, Tok::Name(n) if matches!(n.as_str(), "for" | "while" | "if" | "with" | "try" | "def" | "class" | "async" | "else" | "elif" | "except" | "finally"))
        {
            if in_block {
                return Err(Fail::Refused(Error::Unsupported {
                    what: "a compound statement in the function's body".into(),
                    location: t.start.start_location(),
                }));
            }
            // A compound statement cannot follow the colon on its line.
            return generic(p);
        } else {
            return Err(Fail::Refused(Error::Unsupported {
                what: "a function body other than pass, ..., return or an expression".into(),
                location: t.start.start_location(),
            }));
        }
        let t = p.peek()?;
        if t.is_op(";") {
            p.i += 1;
        } else if p.starts_expression() {
            // `return a b`: two expressions in a row.
            return generic(p);
        } else if !matches!(t.tok, Tok::Newline | Tok::EndMarker) {
            // An assignment or another statement we do not parse.
            return Err(Fail::Refused(Error::Unsupported {
                what: "a function body other than pass, ..., return or an expression".into(),
                location: t.start.start_location(),
            }));
        }
    }
}

/// One type parameter as written: `T`, `T: bound`, `T: (constraints)`,
/// `*Ts`, `**P`, each with an optional `= default`.
struct ParsedTypeParam {
    param: TypeParam,
    /// The whole parameter, in bytes (the compiler's errors).
    range: Location,
    bound: Option<Expr>,
    default: Option<Expr>,
}

/// `[T, *Ts, **P]` after the `[` (PEP 695, with 3.13's PEP 696 defaults);
/// the bounds and defaults are parsed, never evaluated (CPython evaluates
/// them lazily).
fn type_params(p: &mut Parser<'_>) -> std::result::Result<Vec<ParsedTypeParam>, Fail> {
    let mut out = Vec::new();
    loop {
        let first = p.bump()?;
        let kind = if first.is_op("*") {
            TypeParamKind::TypeVarTuple
        } else if first.is_op("**") {
            TypeParamKind::ParamSpec
        } else {
            TypeParamKind::TypeVar
        };
        let name_tok = if kind == TypeParamKind::TypeVar {
            first
        } else {
            p.bump()?
        };
        let name = match &name_tok.tok {
            Tok::Name(n) if !is_keyword(n) => crate::unicode::nfkc_identifier(n),
            _ => return generic(p),
        };
        let mut bound = None;
        if p.at_op(":") {
            let colon = p.bump()?;
            if !p.starts_expression() {
                return generic(p);
            }
            let e = p.at_level(cost::DEF_DEFAULT, Parser::expression)?;
            if kind != TypeParamKind::TypeVar {
                let what = if matches!(e.kind, ExprKind::Tuple(_)) {
                    "constraints"
                } else {
                    "bound"
                };
                // The range ends where the next token starts (CPython's
                // RAISE_SYNTAX_ERROR_STARTING_FROM).
                return syntax(
                    &format!("cannot use {what} with {}", kind.short_name()),
                    Pos::range(colon.start, p.peek()?.start),
                );
            }
            if !matches!(p.peek()?.tok, Tok::Op("," | "]" | "=")) {
                // `T: a b`: CPython's "Perhaps you forgot a comma?".
                return Err(p.after_element(&e));
            }
            bound = Some(e);
        }
        let mut default = None;
        if p.at_op("=") {
            p.i += 1;
            let star = if kind == TypeParamKind::TypeVarTuple && p.at_op("*") {
                Some(p.bump()?.start)
            } else {
                None
            };
            if !p.starts_expression() || p.at_op("*") {
                return generic(p);
            }
            let e = p.at_level(cost::DEF_DEFAULT, Parser::expression)?;
            if !matches!(p.peek()?.tok, Tok::Op("," | "]")) {
                return Err(p.after_element(&e));
            }
            default = Some(match star {
                Some(s) => {
                    let end = e.end;
                    Expr::new(ExprKind::Starred(Box::new(e)), s, end)
                }
                None => e,
            });
        }
        out.push(ParsedTypeParam {
            param: TypeParam { name, kind },
            range: Pos::byte_range(first.start, p.prev_end()),
            bound,
            default,
        });
        let t = p.bump()?;
        if t.is_op("]") {
            return Ok(out);
        }
        if !t.is_op(",") {
            return generic(p);
        }
        if p.at_op("]") {
            p.i += 1;
            return Ok(out);
        }
    }
}

/// The symbol table's check of an expression in a type parameter's bound or
/// default or in an annotation of a generic `def`: no `yield`, `await` or
/// `:=` (CPython's "… cannot be used within …"). One inside a comprehension
/// meets other checks of CPython's, not modelled: refused. A lambda's body
/// is a scope of its own.
fn check_annotation_scope(e: &Expr, within: &str, in_comprehension: bool) -> Result<()> {
    crate::depth::grow(|| {
        let what = match &e.kind {
            ExprKind::Yield { .. } => Some("yield expression"),
            ExprKind::Await(_) => Some("await expression"),
            ExprKind::Named(..) => Some("named expression"),
            _ => None,
        };
        if let Some(what) = what {
            if in_comprehension {
                return Err(Error::Unsupported {
                    what: format!("a {what} in a comprehension within {within}"),
                    location: e.start.start_location(),
                });
            }
            return Err(Error::Python(PyException::syntax(
                format!("{what} cannot be used within {within}"),
                Pos::byte_range(e.start, e.end),
            )));
        }
        match &e.kind {
            ExprKind::Lambda { defaults, .. } => {
                for d in defaults {
                    check_annotation_scope(d, within, in_comprehension)?;
                }
                Ok(())
            }
            ExprKind::Comprehension(..) => {
                for c in e.children() {
                    check_annotation_scope(c, within, true)?;
                }
                Ok(())
            }
            _ => {
                for c in e.children() {
                    check_annotation_scope(c, within, in_comprehension)?;
                }
                Ok(())
            }
        }
    })
}

type Params = (
    Vec<(Param, Location)>,
    Vec<(String, Expr)>,
    Vec<(String, Expr)>,
);

/// `: expression` after a parameter's name (`: *expression` after `*args`'s).
fn annotation(p: &mut Parser<'_>, star_allowed: bool) -> std::result::Result<Expr, Fail> {
    p.i += 1; // the colon
    if star_allowed && p.at_op("*") {
        let star = p.bump()?;
        let e = p.at_level(cost::DEF_DEFAULT, Parser::expression)?;
        if !matches!(p.peek()?.tok, Tok::Op("," | ")" | "=")) {
            return Err(p.after_element(&e));
        }
        let end = e.end;
        return Ok(Expr::new(ExprKind::Starred(Box::new(e)), star.start, end));
    }
    if !p.starts_expression() || p.at_op("*") {
        return generic(p);
    }
    let e = p.at_level(cost::DEF_DEFAULT, Parser::expression)?;
    if !matches!(p.peek()?.tok, Tok::Op("," | ")" | "=")) {
        return Err(p.after_element(&e));
    }
    Ok(e)
}

fn parameters(p: &mut Parser<'_>) -> std::result::Result<Params, Fail> {
    let mut params: Vec<(Param, Location)> = Vec::new();
    let mut defaults = Vec::new();
    let mut annotations = Vec::new();
    let mut seen_slash = false;
    let mut seen_star = false;
    let mut seen_kwargs = false;
    let mut seen_default = false;
    // Whether the `/` group holds a default, and how many parameters follow it.
    let mut slash_with_default = false;
    let mut after_slash = 0usize;
    loop {
        let t = p.peek()?;
        if t.is_op(")") {
            p.i += 1;
            break;
        }
        if seen_kwargs
            && (matches!(t.tok, Tok::Name(_)) || t.is_op("*") || t.is_op("**") || t.is_op("/"))
        {
            // The error covers the whole parameter, annotation included.
            let mut range = t.range();
            if let Tok::Name(_) = t.tok {
                let at = p.i;
                p.i += 1;
                if p.at_op(":") && annotation(p, false).is_ok() {
                    range = Pos::range(t.start, p.prev_end());
                }
                p.i = at;
            }
            return syntax("arguments cannot follow var-keyword argument", range);
        }
        if t.is_op("/") {
            if params.is_empty() && !seen_star {
                if p.toks.get(p.i + 1).is_some_and(|n| n.is_op(",")) {
                    return syntax("at least one argument must precede /", t.range());
                }
                return generic(p);
            }
            if seen_star {
                return syntax("/ must be ahead of *", t.range());
            }
            if seen_slash {
                return syntax("/ may appear only once", t.range());
            }
            seen_slash = true;
            slash_with_default = seen_default;
            after_slash = 0;
            for (param, _) in params.iter_mut() {
                param.kind = ParamKind::PositionalOnly;
            }
            p.i += 1;
            let n = p.peek()?;
            if n.is_op("*") {
                return syntax("expected comma between / and *", n.range());
            }
        } else if t.is_op("*") {
            if seen_star {
                let ok = p.toks.get(p.i + 1).is_some_and(|n| {
                    n.is_op(",") || matches!(&n.tok, Tok::Name(x) if !is_keyword(x))
                });
                if ok {
                    return syntax("* argument may appear only once", t.range());
                }
                return generic(p);
            }
            seen_star = true;
            p.i += 1;
            let n = p.peek()?;
            match &n.tok {
                Tok::Name(name) if !is_keyword(name) => {
                    let name = &crate::unicode::nfkc_identifier(name);
                    p.i += 1;
                    if p.at_op("=") {
                        return syntax(
                            "var-positional argument cannot have default value",
                            p.peek()?.range(),
                        );
                    }
                    if p.at_op(":") {
                        annotations.push((name.clone(), annotation(p, true)?));
                    }
                    if p.at_op("=") {
                        // `'*' param '='`: after its annotation too.
                        return syntax(
                            "var-positional argument cannot have default value",
                            p.peek()?.range(),
                        );
                    }
                    // The compiler's errors count columns in bytes.
                    let range = Pos::byte_range(n.start, p.prev_end());
                    params.push((Param::new(name.clone(), ParamKind::VarPositional), range));
                }
                Tok::Op(",") => {
                    let after = p.toks.get(p.i + 1);
                    if after.is_some_and(|a| a.is_op(")") || a.is_op("**")) {
                        return syntax("named arguments must follow bare *", t.range());
                    }
                }
                Tok::Op(")") => return syntax("named arguments must follow bare *", t.range()),
                _ => return generic(p),
            }
        } else if t.is_op("**") {
            p.i += 1;
            let n = p.peek()?;
            let Tok::Name(name) = &n.tok else {
                return generic(p);
            };
            if is_keyword(name) {
                return generic(p);
            }
            let name = &crate::unicode::nfkc_identifier(name);
            p.i += 1;
            if p.at_op("=") {
                return syntax(
                    "var-keyword argument cannot have default value",
                    p.peek()?.range(),
                );
            }
            if p.at_op(":") {
                annotations.push((name.clone(), annotation(p, false)?));
            }
            if p.at_op("=") {
                return syntax(
                    "var-keyword argument cannot have default value",
                    p.peek()?.range(),
                );
            }
            seen_kwargs = true;
            let range = Pos::byte_range(n.start, p.prev_end());
            params.push((Param::new(name.clone(), ParamKind::VarKeyword), range));
        } else if t.is_op("(") {
            // `def f((a, b))`: Python 2's tuple parameters.
            let mut j = p.i + 1;
            let mut ok = false;
            while let Some(x) = p.toks.get(j) {
                match &x.tok {
                    Tok::Name(n) if !is_keyword(n) => j += 1,
                    _ => break,
                }
                match p.toks.get(j) {
                    Some(c) if c.is_op(",") => j += 1,
                    Some(c) if c.is_op(")") => {
                        ok = true;
                        break;
                    }
                    _ => break,
                }
                if p.toks.get(j).is_some_and(|c| c.is_op(")")) {
                    ok = true;
                    break;
                }
            }
            if ok && !seen_star && !seen_default {
                let close = &p.toks[j];
                return syntax(
                    "Function parameters cannot be parenthesized",
                    Pos::range(t.start, close.end),
                );
            }
            return generic(p);
        } else if let Tok::Name(name) = &t.tok {
            if is_keyword(name) {
                return generic(p);
            }
            let name = &crate::unicode::nfkc_identifier(name);
            p.i += 1;
            if p.at_op(":") {
                annotations.push((name.clone(), annotation(p, false)?));
            }
            let kind = if seen_star {
                ParamKind::KeywordOnly
            } else {
                ParamKind::PositionalOrKeyword
            };
            let param = Param::new(name.clone(), kind);
            // The parameter's node: its name and annotation (the compiler's
            // errors count its columns in bytes, the parser's in characters).
            let range = Pos::range(t.start, p.prev_end());
            let compiler_range = Pos::byte_range(t.start, p.prev_end());
            if p.at_op("=") {
                let eq = p.bump()?;
                if p.at_op(")") || p.at_op(",") {
                    return syntax("expected default value expression", eq.range());
                }
                let e = p.at_level(cost::DEF_DEFAULT, Parser::expression)?;
                if !matches!(p.peek()?.tok, Tok::Op("," | ")")) {
                    return Err(p.after_element(&e));
                }
                if !seen_star {
                    seen_default = true;
                }
                defaults.push((name.clone(), e));
            } else if !seen_star && seen_default {
                // CPython's second pass scans the following parameters first: a
                // `name=` without a value there is reported instead.
                // (That alternative needs a `/` group in front; it stops at `*` or `/`.)
                // Only the parameter list's own tokens count: a `/` in a
                // default (`d=1/0`) is a division.
                let mut j = p.i;
                let mut depth = 0usize;
                while seen_slash && let Some(tok) = p.toks.get(j) {
                    if tok.is_op("(") || tok.is_op("[") || tok.is_op("{") {
                        depth += 1;
                    } else if depth > 0 && (tok.is_op(")") || tok.is_op("]") || tok.is_op("}")) {
                        depth -= 1;
                    } else if depth == 0 {
                        if tok.is_op("=")
                            && p.toks
                                .get(j + 1)
                                .is_some_and(|n| n.is_op(",") || n.is_op(")"))
                        {
                            return syntax("expected default value expression", tok.range());
                        }
                        // A parameter's own place: right after a comma.
                        let param_place = j > 0 && p.toks[j - 1].is_op(",");
                        if tok.is_op("/") && param_place {
                            return syntax("/ may appear only once", tok.range());
                        }
                        let stop =
                            tok.is_op(")") || (param_place && (tok.is_op("*") || tok.is_op("**")));
                        if stop || matches!(tok.tok, Tok::Newline | Tok::EndMarker) {
                            break;
                        }
                    }
                    j += 1;
                }
                if slash_with_default && after_slash > 0 {
                    // CPython's rule wants this parameter right after a `/`
                    // group with defaults (`a=1, /, b`); after `a=1, /, b=1`
                    // no rule matches: invalid syntax at the token after it.
                    return generic(p);
                }
                return syntax(
                    "parameter without a default follows parameter with a default",
                    range,
                );
            }
            after_slash += 1;
            params.push((param, compiler_range));
        } else {
            return generic(p);
        }
        // Separator.
        let n = p.peek()?;
        if n.is_op(",") {
            p.i += 1;
        } else if !n.is_op(")") {
            return generic(p);
        }
    }
    Ok((params, defaults, annotations))
}

/// The range of the `def` statement in `text` (CPython's FunctionDef node,
/// from `def` to the end of its body), which the module's frame shows for
/// an error in a generic def's annotations.
fn def_statement_range(text: &str) -> crate::error::RaisedAt {
    let lexed = tokenize(text);
    let mut tokens = lexed.tokens.iter().filter(|t| {
        !matches!(
            t.tok,
            crate::lexer::Tok::Newline | crate::lexer::Tok::EndMarker
        )
    });
    // Its end is the last token before the line's end, a `;` included
    // (the parser's last non-whitespace token).
    let first = tokens.next();
    let last = tokens.next_back().or(first);
    let start = first.map_or(Default::default(), |t| t.start);
    let end = last.map_or(start, |t| t.end);
    crate::error::RaisedAt {
        start: (start.line, start.col),
        end: (end.line, end.col),
    }
}
