//! The syntax tree of a call or a definition: every expression form of
//! Python's grammar that can appear in one, shaped as CPython's `ast` module
//! shapes it (so that nesting depth counts as CPython's compiler counts it).
//!
//! Trees can be thousands of levels deep (`1+1+…+1`, `-(-(-…))` up to
//! CPython's own limits), so every recursive walk over them, including the
//! ones Rust would derive (`Clone`, `PartialEq`, `Debug`, `Drop`), grows the
//! stack on the heap through [`crate::depth::grow`] instead of overflowing it.

use std::fmt;

use crate::depth::grow;
use crate::location::Pos;
use crate::value::Value;

/// An expression with its source range (parentheses around it excluded, as in CPython's AST).
pub(crate) struct Expr {
    pub kind: ExprKind,
    pub start: Pos,
    pub end: Pos,
    /// The outermost parentheses that group it (`(1)` from its `(` to
    /// after its `)`), which is where a CPython node built on it starts or
    /// ends: the BinOp `(1)/0` starts at the `(`. Boxed: most expressions
    /// have none, and the tree stays as small as it was.
    pub parens: Option<Box<(Pos, Pos)>>,
}

/// A unary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnaryOp {
    /// `-x`
    Neg,
    /// `+x`
    Pos,
    /// `~x`
    Invert,
    /// `not x`
    Not,
}

/// A binary operator, in CPython's `ast` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Add,
    Sub,
    Mult,
    MatMult,
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitOr,
    BitXor,
    BitAnd,
}

impl BinOp {
    /// The operator written `op`, if it is one.
    pub(crate) fn from_symbol(op: &str) -> Option<BinOp> {
        Some(match op {
            "+" => Self::Add,
            "-" => Self::Sub,
            "*" => Self::Mult,
            "@" => Self::MatMult,
            "/" => Self::Div,
            "//" => Self::FloorDiv,
            "%" => Self::Mod,
            "**" => Self::Pow,
            "<<" => Self::LShift,
            ">>" => Self::RShift,
            "|" => Self::BitOr,
            "^" => Self::BitXor,
            "&" => Self::BitAnd,
            _ => return None,
        })
    }
}

/// `and` or `or`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BoolOp {
    And,
    Or,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}

/// The four comprehension forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CompKind {
    List,
    Set,
    Dict,
    Generator,
}

/// Valid Python that the parser already knows the engine cannot hold
/// (our refusal, not Python's error), named for the refusal's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Construct {
    /// `"\ud800"`: a lone surrogate has no place in a Rust string.
    LoneSurrogate,
}

impl Construct {
    /// What the refusal says.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Self::LoneSurrogate => "a lone surrogate in a string",
        }
    }
}

/// A piece of an f-string's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FPart {
    /// Literal text, decoded.
    Literal(String),
    /// A replacement field: the index of its expression in the f-string's
    /// list, the text `{x=}` prints before the value, the conversion and
    /// the format spec's own pieces.
    Field {
        index: usize,
        debug: Option<String>,
        conversion: Option<char>,
        spec: Option<Vec<FPart>>,
        /// The field from its `{` to after its `}`: where CPython's
        /// traceback points for an error of its conversion or formatting.
        braces: (Pos, Pos),
    },
}

pub(crate) enum ExprKind {
    /// A literal constant (number, string, bytes, True/False/None, `...`).
    Const(Value),
    /// A bare name.
    Name(String),
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Set(Vec<Expr>),
    /// Key and value; a `None` key is `**mapping`.
    Dict(Vec<(Option<Expr>, Expr)>),
    /// `*x` inside a display or a subscript.
    Starred(Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    Binary(Box<Expr>, BinOp, Box<Expr>),
    /// `a or b or c`: one node, as in CPython.
    Bool(BoolOp, Vec<Expr>),
    /// `a < b < c`: one node, as in CPython.
    Compare(Box<Expr>, Vec<(CmpOp, Expr)>),
    /// `body if test else orelse`.
    IfExp {
        body: Box<Expr>,
        test: Box<Expr>,
        orelse: Box<Expr>,
    },
    /// `lambda params: body`; the parameters' defaults are kept for walks.
    Lambda {
        defaults: Vec<Expr>,
        body: Box<Expr>,
        /// Where a parameter named `__debug__` is (the compiler refuses it).
        debug_param: Option<(Pos, Pos)>,
    },
    /// A call `func(args)`.
    Call(Box<Expr>, Vec<Arg>),
    /// `value.name`.
    Attribute(Box<Expr>, String),
    /// `value[index]`.
    Subscript(Box<Expr>, Box<Expr>),
    /// `lower:upper:step` inside a subscript.
    Slice(Option<Box<Expr>>, Option<Box<Expr>>, Option<Box<Expr>>),
    /// `(target := value)`.
    Named(Box<Expr>, Box<Expr>),
    /// A comprehension: its element(s), then each clause's target, iterable and conditions.
    Comprehension(CompKind, Vec<Expr>),
    /// `yield [value]` (`from` marks `yield from`).
    Yield {
        from: bool,
        value: Option<Box<Expr>>,
    },
    Await(Box<Expr>),
    /// An f-string: the expressions of its replacement fields and format
    /// specs, and how it joins them (`None`: not taken apart, refused).
    FString(Vec<Expr>, Option<Vec<FPart>>),
    /// Valid Python refused for a reason of its own (see [`Construct`]).
    Unsupported(Construct),
}

/// One argument of a call.
pub(crate) struct Arg {
    pub kind: ArgKind,
    pub start: Pos,
    pub end: Pos,
}

pub(crate) enum ArgKind {
    Positional(Expr),
    Star(Expr),
    Keyword(String, Expr),
    DoubleStar(Expr),
}

impl Expr {
    pub(crate) fn new(kind: ExprKind, start: Pos, end: Pos) -> Expr {
        Expr {
            kind,
            start,
            end,
            parens: None,
        }
    }

    /// The range of CPython's node for this expression, which is where
    /// its instructions point (`co_positions`): an operator, comparison,
    /// call, subscript or attribute starts where its first operand's
    /// parentheses start, and a binary, unary or boolean operator ends
    /// where its last operand's parentheses end.
    pub(crate) fn cpython_range(&self) -> (Pos, Pos) {
        let start = match &self.kind {
            ExprKind::Binary(a, _, _)
            | ExprKind::Compare(a, _)
            | ExprKind::IfExp { body: a, .. }
            | ExprKind::Call(a, _)
            | ExprKind::Subscript(a, _)
            | ExprKind::Attribute(a, _) => a.outer_start(),
            ExprKind::Bool(_, values) => values.first().map_or(self.start, Expr::outer_start),
            _ => self.start,
        };
        let end = match &self.kind {
            ExprKind::Binary(_, _, b)
            | ExprKind::IfExp { orelse: b, .. }
            | ExprKind::Unary(_, b) => b.outer_end(),
            ExprKind::Compare(a, links) => links.last().map_or(&**a, |(_, b)| b).outer_end(),
            ExprKind::Bool(_, values) => values.last().map_or(self.end, Expr::outer_end),
            _ => self.end,
        };
        (start, end)
    }

    /// Where a CPython node built on this one starts: its parentheses'
    /// start, or else its own node's start (down the left operands, without
    /// recursion: `1+1+…+1` may be thousands deep).
    fn outer_start(&self) -> Pos {
        let mut e = self;
        loop {
            if let Some(p) = &e.parens {
                return p.0;
            }
            e = match &e.kind {
                ExprKind::Binary(a, _, _)
                | ExprKind::Compare(a, _)
                | ExprKind::IfExp { body: a, .. }
                | ExprKind::Call(a, _)
                | ExprKind::Subscript(a, _)
                | ExprKind::Attribute(a, _) => a,
                ExprKind::Bool(_, values) if !values.is_empty() => &values[0],
                _ => return e.start,
            };
        }
    }

    /// Where a CPython node built on this one ends: its parentheses' end,
    /// or else its own node's end (down the right operands).
    fn outer_end(&self) -> Pos {
        let mut e = self;
        loop {
            if let Some(p) = &e.parens {
                return p.1;
            }
            e = match &e.kind {
                ExprKind::Binary(_, _, b)
                | ExprKind::IfExp { orelse: b, .. }
                | ExprKind::Unary(_, b) => b,
                ExprKind::Compare(_, links) if !links.is_empty() => &links[links.len() - 1].1,
                ExprKind::Bool(_, values) if !values.is_empty() => &values[values.len() - 1],
                _ => return e.end,
            };
        }
    }

    /// Marks the expression as written inside the parentheses from `open`
    /// to `close` (the outermost pair wins: it is marked last).
    pub(crate) fn parenthesized(&mut self, open: Pos, close: Pos) {
        self.parens = Some(Box::new((open, close)));
    }

    /// The direct sub-expressions, left to right as written.
    pub(crate) fn children(&self) -> Vec<&Expr> {
        ExprRef(&self.kind).children()
    }

    /// How deeply expressions nest here, counted as CPython's compiler
    /// counts its recursion (a leaf is 1; `f(x)` is 2; `(x)` is still 1; a
    /// keyword argument or a comprehension clause is not a level).
    pub(crate) fn depth(&self) -> u32 {
        // Iterative: the tree may be deeper than the stack.
        let mut deepest = 0;
        let mut todo: Vec<(&Expr, u32)> = vec![(self, 1)];
        while let Some((e, d)) = todo.pop() {
            deepest = deepest.max(d);
            todo.extend(e.children().into_iter().map(|c| (c, d + 1)));
        }
        deepest
    }

    /// Takes the kind out, leaving a constant behind (for evaluators that
    /// consume the tree; `Expr` has a `Drop` and cannot be destructured).
    pub(crate) fn take_kind(&mut self) -> ExprKind {
        std::mem::replace(&mut self.kind, ExprKind::Const(Value::None))
    }
}

impl Arg {
    pub(crate) fn expr(&self) -> &Expr {
        match &self.kind {
            ArgKind::Positional(e)
            | ArgKind::Star(e)
            | ArgKind::Keyword(_, e)
            | ArgKind::DoubleStar(e) => e,
        }
    }
}

// The walks Rust would derive, each level on a grown stack.

impl Drop for Expr {
    fn drop(&mut self) {
        if !matches!(
            self.kind,
            ExprKind::Const(_) | ExprKind::Name(_) | ExprKind::Unsupported(_)
        ) {
            let kind = self.take_kind();
            grow(move || drop(kind));
        }
    }
}

impl Clone for Expr {
    fn clone(&self) -> Self {
        grow(|| Expr {
            kind: self.kind.clone(),
            start: self.start,
            end: self.end,
            parens: self.parens.clone(),
        })
    }
}

impl PartialEq for Expr {
    fn eq(&self, other: &Self) -> bool {
        grow(|| self.start == other.start && self.end == other.end && self.kind == other.kind)
    }
}

impl fmt::Debug for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        grow(|| {
            f.debug_struct("Expr")
                .field("kind", &self.kind)
                .field("start", &self.start)
                .field("end", &self.end)
                .finish()
        })
    }
}

macro_rules! derive_walks {
    ($($t:ident),*) => {$(
        impl Clone for $t {
            fn clone(&self) -> Self { self.clone_inner() }
        }
    )*};
}

impl ExprKind {
    fn clone_inner(&self) -> Self {
        match self {
            Self::Const(v) => Self::Const(v.clone()),
            Self::Name(n) => Self::Name(n.clone()),
            Self::Tuple(x) => Self::Tuple(x.clone()),
            Self::List(x) => Self::List(x.clone()),
            Self::Set(x) => Self::Set(x.clone()),
            Self::Dict(x) => Self::Dict(x.clone()),
            Self::Starred(x) => Self::Starred(x.clone()),
            Self::Unary(o, x) => Self::Unary(*o, x.clone()),
            Self::Binary(a, o, b) => Self::Binary(a.clone(), *o, b.clone()),
            Self::Bool(o, x) => Self::Bool(*o, x.clone()),
            Self::Compare(a, x) => Self::Compare(a.clone(), x.clone()),
            Self::IfExp { body, test, orelse } => Self::IfExp {
                body: body.clone(),
                test: test.clone(),
                orelse: orelse.clone(),
            },
            Self::Lambda {
                defaults,
                body,
                debug_param,
            } => Self::Lambda {
                defaults: defaults.clone(),
                body: body.clone(),
                debug_param: *debug_param,
            },
            Self::Call(f, a) => Self::Call(f.clone(), a.clone()),
            Self::Attribute(x, n) => Self::Attribute(x.clone(), n.clone()),
            Self::Subscript(a, b) => Self::Subscript(a.clone(), b.clone()),
            Self::Slice(a, b, c) => Self::Slice(a.clone(), b.clone(), c.clone()),
            Self::Named(a, b) => Self::Named(a.clone(), b.clone()),
            Self::Comprehension(k, x) => Self::Comprehension(*k, x.clone()),
            Self::Yield { from, value } => Self::Yield {
                from: *from,
                value: value.clone(),
            },
            Self::Await(x) => Self::Await(x.clone()),
            Self::FString(x, t) => Self::FString(x.clone(), t.clone()),
            Self::Unsupported(c) => Self::Unsupported(*c),
        }
    }
}

impl Arg {
    fn clone_inner(&self) -> Self {
        Arg {
            kind: match &self.kind {
                ArgKind::Positional(e) => ArgKind::Positional(e.clone()),
                ArgKind::Star(e) => ArgKind::Star(e.clone()),
                ArgKind::Keyword(n, e) => ArgKind::Keyword(n.clone(), e.clone()),
                ArgKind::DoubleStar(e) => ArgKind::DoubleStar(e.clone()),
            },
            start: self.start,
            end: self.end,
        }
    }
}

derive_walks!(ExprKind, Arg);

impl PartialEq for ExprKind {
    fn eq(&self, other: &Self) -> bool {
        // Same label, then the children compared node by node (each on a grown stack).
        self.label() == other.label()
            && ExprRef(self)
                .children()
                .into_iter()
                .eq(ExprRef(other).children())
    }
}

impl ExprKind {
    /// What a node is, without its children: its variant and the data that
    /// is not an expression (operators, names, which optional parts exist).
    fn label(&self) -> String {
        match self {
            Self::Const(v) => format!("Const({v:?})"),
            Self::Name(n) => format!("Name({n:?})"),
            Self::Tuple(x) => format!("Tuple({})", x.len()),
            Self::List(x) => format!("List({})", x.len()),
            Self::Set(x) => format!("Set({})", x.len()),
            Self::Dict(pairs) => {
                let keys: Vec<bool> = pairs.iter().map(|(k, _)| k.is_some()).collect();
                format!("Dict({keys:?})")
            }
            Self::Starred(_) => "Starred".into(),
            Self::Unary(op, _) => format!("Unary({op:?})"),
            Self::Binary(_, op, _) => format!("Binary({op:?})"),
            Self::Bool(op, x) => format!("Bool({op:?}, {})", x.len()),
            Self::Compare(_, rest) => {
                let ops: Vec<CmpOp> = rest.iter().map(|(o, _)| *o).collect();
                format!("Compare({ops:?})")
            }
            Self::IfExp { .. } => "IfExp".into(),
            Self::Lambda { defaults, .. } => format!("Lambda({})", defaults.len()),
            Self::Call(_, args) => {
                let kinds: Vec<String> = args.iter().map(Arg::label).collect();
                format!("Call({kinds:?})")
            }
            Self::Attribute(_, n) => format!("Attribute({n:?})"),
            Self::Subscript(..) => "Subscript".into(),
            Self::Slice(a, b, c) => {
                format!("Slice({}, {}, {})", a.is_some(), b.is_some(), c.is_some())
            }
            Self::Named(..) => "Named".into(),
            Self::Comprehension(k, x) => format!("Comprehension({k:?}, {})", x.len()),
            Self::Yield { from, value } => format!("Yield({from}, {})", value.is_some()),
            Self::Await(_) => "Await".into(),
            Self::FString(x, _) => format!("FString({})", x.len()),
            Self::Unsupported(c) => format!("Unsupported({c:?})"),
        }
    }
}

/// A borrowed kind seen as a node, to list its children without its position.
struct ExprRef<'a>(&'a ExprKind);

impl<'a> ExprRef<'a> {
    fn children(&self) -> Vec<&'a Expr> {
        let mut out: Vec<&'a Expr> = Vec::new();
        match self.0 {
            ExprKind::Const(_) | ExprKind::Name(_) | ExprKind::Unsupported(_) => {}
            ExprKind::Tuple(items)
            | ExprKind::List(items)
            | ExprKind::Set(items)
            | ExprKind::Bool(_, items)
            | ExprKind::Comprehension(_, items)
            | ExprKind::FString(items, _) => out.extend(items),
            ExprKind::Dict(pairs) => {
                for (k, v) in pairs {
                    out.extend(k);
                    out.push(v);
                }
            }
            ExprKind::Starred(e)
            | ExprKind::Unary(_, e)
            | ExprKind::Attribute(e, _)
            | ExprKind::Await(e) => out.push(e),
            ExprKind::Binary(a, _, b) | ExprKind::Subscript(a, b) | ExprKind::Named(a, b) => {
                out.push(a);
                out.push(b);
            }
            ExprKind::Compare(first, rest) => {
                out.push(first);
                out.extend(rest.iter().map(|(_, e)| e));
            }
            ExprKind::IfExp { body, test, orelse } => {
                out.push(body);
                out.push(test);
                out.push(orelse);
            }
            ExprKind::Lambda { defaults, body, .. } => {
                out.extend(defaults);
                out.push(body);
            }
            ExprKind::Call(f, args) => {
                out.push(f);
                out.extend(args.iter().map(Arg::expr));
            }
            ExprKind::Slice(a, b, c) => {
                for part in [a, b, c].into_iter().flatten() {
                    out.push(part);
                }
            }
            ExprKind::Yield { value, .. } => out.extend(value.as_deref()),
        }
        out
    }
}

impl Arg {
    fn label(&self) -> String {
        let kind = match &self.kind {
            ArgKind::Positional(_) => "positional".to_string(),
            ArgKind::Star(_) => "star".to_string(),
            ArgKind::Keyword(n, _) => format!("keyword {n}"),
            ArgKind::DoubleStar(_) => "double star".to_string(),
        };
        format!("{kind} {:?}-{:?}", self.start, self.end)
    }
}

impl PartialEq for Arg {
    fn eq(&self, other: &Self) -> bool {
        self.label() == other.label() && self.expr() == other.expr()
    }
}

impl fmt::Debug for ExprKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let children = ExprRef(self).children();
        if children.is_empty() {
            return f.write_str(&self.label());
        }
        f.debug_tuple(&self.label()).field(&children).finish()
    }
}

impl fmt::Debug for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Arg")
            .field("start", &self.start)
            .field("end", &self.end)
            .field("expr", self.expr())
            .finish()
    }
}
