//! Random constant expressions over the value API: literals of every type,
//! operators, comparisons and chains, `and`/`or`, conditional expressions,
//! subscripts, slices, displays with `*`/`**` unpacking, and builtin calls
//! with right and wrong arguments. Seeded, so a seed always gives the same
//! expressions; every compound part is parenthesised in the Python text.

use toolcup_brew::ops::{BinaryOp, CompareOp, DictItem, Item, UnaryOp};
use toolcup_brew::{Builtin, Value, bytes_repr, float_repr, str_repr};

/// One node of an expression.
#[derive(Debug, Clone)]
pub enum Node {
    /// A literal and its Python text.
    Lit(Value, String),
    Unary(UnaryOp, Box<Node>),
    Binary(BinaryOp, Box<Node>, Box<Node>),
    /// `a and b` (true) or `a or b` (false).
    BoolOp(bool, Box<Node>, Box<Node>),
    Compare(Box<Node>, Vec<(CompareOp, Node)>),
    IfExp(Box<Node>, Box<Node>, Box<Node>),
    Subscript(Box<Node>, Box<Node>),
    Slice(Box<Node>, [Option<Box<Node>>; 3]),
    Tuple(Vec<Item<Node>>),
    List(Vec<Item<Node>>),
    Set(Vec<Item<Node>>),
    Dict(Vec<DictItem<Node>>),
    Call(Builtin, Vec<Node>, Vec<(String, Node)>),
    Name(Builtin),
}

/// SplitMix64: small, seedable, and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const INTS: [&str; 24] = [
    "0",
    "1",
    "2",
    "3",
    "5",
    "7",
    "10",
    "16",
    "42",
    "100",
    "255",
    "256",
    "1000",
    "4300",
    "65536",
    "9007199254740993",
    "18446744073709551616",
    "1180591620717411303424",
    "123456789012345678901234567890",
    "2305843009213693951",
    "2305843009213693952",
    "63",
    "64",
    "31",
];
const FLOATS: [f64; 20] = [
    0.0,
    -0.0,
    0.5,
    1.0,
    1.5,
    2.5,
    0.1,
    0.2,
    3.0,
    1e16,
    1e-7,
    1e300,
    5e-324,
    2.675,
    0.125,
    1e22,
    123456.789,
    1.7976931348623157e308,
    9007199254740993.0,
    4.35,
];
// Not "abc": CPython interns it at startup, which changes the order of a
// constant set holding it (see driver.py).
const STRS: [&str; 16] = [
    "",
    "a",
    "ab",
    "abd",
    "coffee",
    "Latte",
    "oat",
    "it's",
    "\"q\"",
    "caf\u{e9}",
    "\u{20ac}",
    "\u{1f600}",
    "a\nb",
    "12",
    " 7 ",
    "1_000",
];
const TEXTS: [&str; 22] = [
    "0x1f",
    "0b101",
    "0o17",
    "-12",
    "+3",
    " 42 ",
    "1e5",
    "1.5",
    "inf",
    "-nan",
    "1_0.5",
    "1__0",
    "\u{661}\u{662}",
    "(1+2j)",
    "j",
    "-j",
    "1+2J",
    "1e",
    "",
    "infinity",
    "12a",
    "0_7",
];
const BYTES: [&[u8]; 6] = [b"", b"a", b"ab", b"\xff", b"caf\xc3\xa9", b"a'b"];

const FORMATS: [&str; 30] = [
    "%s",
    "%d",
    "%5.2f",
    "%x|%r",
    "%(a)s",
    "%-6s|",
    "%+05d",
    "%e",
    "%g",
    "%.3g",
    "%c",
    "%%",
    "%s %s",
    "%*d",
    "%#x",
    "%.2s",
    "%10.4f|",
    "%a",
    "100%",
    "%(a)s %(b)d",
    "%o",
    "%.0f",
    "%G",
    "%i",
    "%#08.3X",
    "% .1e",
    "%(a)r %s",
    "%y",
    "%.*f",
    "coffee",
];
const BYTE_FORMATS: [&[u8]; 8] = [
    b"%s", b"%d", b"%x|%c", b"%5b|", b"%r", b"%(a)s", b"%a%%", b"%.3f",
];

/// Builtins the generator uses as values (keys of `min`, annotations).
const NAMES: [Builtin; 14] = [
    Builtin::Len,
    Builtin::Abs,
    Builtin::Str,
    Builtin::Int,
    Builtin::List,
    Builtin::Dict,
    Builtin::Tuple,
    Builtin::Set,
    Builtin::FrozenSet,
    Builtin::Bool,
    Builtin::Float,
    Builtin::Bytes,
    Builtin::Range,
    Builtin::Enumerate,
];

/// Builtins the generator calls, with how many positional arguments they
/// usually take.
const CALLS: [(Builtin, usize); 34] = [
    (Builtin::Abs, 1),
    (Builtin::All, 1),
    (Builtin::Any, 1),
    (Builtin::Ascii, 1),
    (Builtin::Bin, 1),
    (Builtin::Bool, 1),
    (Builtin::Bytes, 1),
    (Builtin::Chr, 1),
    (Builtin::Complex, 2),
    (Builtin::Dict, 1),
    (Builtin::Divmod, 2),
    (Builtin::Enumerate, 1),
    (Builtin::Float, 1),
    (Builtin::FrozenSet, 1),
    (Builtin::Hash, 1),
    (Builtin::Hex, 1),
    (Builtin::Int, 1),
    (Builtin::Len, 1),
    (Builtin::List, 1),
    (Builtin::Max, 2),
    (Builtin::Min, 1),
    (Builtin::Oct, 1),
    (Builtin::Ord, 1),
    (Builtin::Pow, 2),
    (Builtin::Range, 2),
    (Builtin::Repr, 1),
    (Builtin::Reversed, 1),
    (Builtin::Round, 2),
    (Builtin::Set, 1),
    (Builtin::Sorted, 1),
    (Builtin::Str, 1),
    (Builtin::Sum, 1),
    (Builtin::Tuple, 1),
    (Builtin::Zip, 2),
];

fn lit(v: Value, text: String) -> Node {
    Node::Lit(v, text)
}

/// The generator's state: a random source and whether the expression being
/// built ends up in a set (where members hashed by address would print in
/// an order that changes from run to run).
pub struct Gen {
    pub rng: Rng,
}

impl Gen {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: Rng::new(seed),
        }
    }

    /// One expression of at most `depth` levels.
    pub fn expr(&mut self, depth: u32) -> Node {
        self.node(depth, false)
    }

    fn leaf(&mut self, in_set: bool) -> Node {
        let r = &mut self.rng;
        match r.below(if in_set { 9 } else { 11 }) {
            0..=2 => {
                let text = *r.pick(&INTS);
                lit(Value::Int(text.parse().expect("an int")), text.to_string())
            }
            3 | 4 => {
                let f = *r.pick(&FLOATS);
                if f.is_sign_negative() {
                    // -0.0 is written as a unary minus.
                    return Node::Unary(
                        UnaryOp::Neg,
                        Box::new(lit(Value::Float(0.0), "0.0".into())),
                    );
                }
                lit(Value::Float(f), float_repr(f))
            }
            5 => {
                let s = *r.pick(&STRS);
                lit(Value::from(s), str_repr(s))
            }
            6 => {
                let (v, t) = r.pick(&[
                    (Value::Bool(true), "True"),
                    (Value::Bool(false), "False"),
                    (Value::None, "None"),
                ]);
                lit(v.clone(), t.to_string())
            }
            7 => {
                let im = *r.pick(&[0.0, 1.0, 2.0, 0.5, 1e300]);
                lit(
                    Value::Complex { re: 0.0, im },
                    format!("{}j", float_repr(im).trim_end_matches(".0")),
                )
            }
            8 => {
                let b = *r.pick(&BYTES);
                lit(Value::Bytes(b.to_vec()), bytes_repr(b))
            }
            9 => {
                // inf and nan only come from calls, never from literals.
                let t = *r.pick(&["inf", "-inf", "nan"]);
                Node::Call(
                    Builtin::Float,
                    vec![lit(Value::from(t), str_repr(t))],
                    vec![],
                )
            }
            _ => lit(Value::Ellipsis, "...".into()),
        }
    }

    fn items(&mut self, depth: u32, in_set: bool, max: usize) -> Vec<Item<Node>> {
        let n = self.rng.below(max + 1);
        (0..n)
            .map(|_| {
                if self.rng.chance(12) {
                    Item::Star(self.iterable(depth, in_set))
                } else {
                    Item::One(self.node(depth, in_set))
                }
            })
            .collect()
    }

    /// Something that is usually iterable.
    fn iterable(&mut self, depth: u32, in_set: bool) -> Node {
        match self.rng.below(6) {
            0 => Node::List(self.items(depth, in_set, 4)),
            1 => Node::Tuple(self.items(depth, in_set, 4)),
            2 => {
                let s = *self.rng.pick(&STRS);
                lit(Value::from(s), str_repr(s))
            }
            3 => Node::Call(
                Builtin::Range,
                vec![self.small_int(), self.small_int()],
                vec![],
            ),
            4 => Node::Set(self.items(depth, true, 4)),
            _ => self.node(depth, in_set),
        }
    }

    fn small_int(&mut self) -> Node {
        let n = self.rng.below(12) as i64 - 3;
        if n < 0 {
            Node::Unary(
                UnaryOp::Neg,
                Box::new(lit(Value::from(-n), (-n).to_string())),
            )
        } else {
            lit(Value::from(n), n.to_string())
        }
    }

    fn node(&mut self, depth: u32, in_set: bool) -> Node {
        if depth == 0 || self.rng.chance(25) {
            return self.leaf(in_set);
        }
        let d = depth - 1;
        match self.rng.below(19) {
            0..=3 => {
                let op = *self.rng.pick(&BinaryOp::ALL);
                let a = self.node(d, in_set);
                // Keep powers and shifts small enough for CPython to answer at once.
                let b = if matches!(op, BinaryOp::Pow | BinaryOp::LShift) && self.rng.chance(70) {
                    self.small_int()
                } else {
                    self.node(d, in_set)
                };
                Node::Binary(op, Box::new(a), Box::new(b))
            }
            4 => {
                let op =
                    *self
                        .rng
                        .pick(&[UnaryOp::Neg, UnaryOp::Pos, UnaryOp::Invert, UnaryOp::Not]);
                Node::Unary(op, Box::new(self.node(d, in_set)))
            }
            5 => {
                let first = self.node(d, in_set);
                let n = 1 + self.rng.below(2);
                let links = (0..n)
                    .map(|_| {
                        let op = *self.rng.pick(&[
                            CompareOp::Eq,
                            CompareOp::Ne,
                            CompareOp::Lt,
                            CompareOp::Le,
                            CompareOp::Gt,
                            CompareOp::Ge,
                            CompareOp::In,
                            CompareOp::NotIn,
                        ]);
                        let rhs = if matches!(op, CompareOp::In | CompareOp::NotIn) {
                            self.iterable(d, in_set)
                        } else {
                            self.node(d, in_set)
                        };
                        (op, rhs)
                    })
                    .collect();
                Node::Compare(Box::new(first), links)
            }
            6 => Node::BoolOp(
                self.rng.chance(50),
                Box::new(self.node(d, in_set)),
                Box::new(self.node(d, in_set)),
            ),
            7 => Node::IfExp(
                Box::new(self.node(d, in_set)),
                Box::new(self.node(d, in_set)),
                Box::new(self.node(d, in_set)),
            ),
            8 => {
                let container = self.iterable(d, in_set);
                let index = if self.rng.chance(80) {
                    self.small_int()
                } else {
                    self.node(d, in_set)
                };
                Node::Subscript(Box::new(container), Box::new(index))
            }
            9 => {
                let container = self.iterable(d, in_set);
                let bound = |g: &mut Self| {
                    if g.rng.chance(40) {
                        None
                    } else if g.rng.chance(85) {
                        Some(Box::new(g.small_int()))
                    } else {
                        Some(Box::new(g.node(d, in_set)))
                    }
                };
                let b = [bound(self), bound(self), bound(self)];
                Node::Slice(Box::new(container), b)
            }
            10 => match self.rng.below(3) {
                0 => Node::Tuple(self.items(d, in_set, 4)),
                1 => Node::List(self.items(d, in_set, 4)),
                _ => Node::Set(self.items(d, true, 6)),
            },
            11 => {
                let n = self.rng.below(4);
                let items = (0..n)
                    .map(|_| {
                        if self.rng.chance(15) {
                            DictItem::Unpack(self.node(d, in_set))
                        } else {
                            DictItem::Pair(self.node(d, true), self.node(d, in_set))
                        }
                    })
                    .collect();
                Node::Dict(items)
            }
            12 if !in_set => Node::Name(*self.rng.pick(&NAMES)),
            13 if !in_set => self.type_expression(d),
            14 if !in_set => self.set_expression(),
            15 => self.percent_format(d, in_set),
            _ => self.call(d, in_set),
        }
    }

    /// A set member for the larger sets: small and large ints, floats,
    /// strings and tuples of them, with many collisions in small tables.
    fn member(&mut self) -> Node {
        match self.rng.below(10) {
            0..=4 => {
                let n = self.rng.below(70) as i64 - 5;
                if n < 0 {
                    Node::Unary(
                        UnaryOp::Neg,
                        Box::new(lit(Value::from(-n), (-n).to_string())),
                    )
                } else {
                    lit(Value::from(n), n.to_string())
                }
            }
            5 => {
                let text = *self.rng.pick(&INTS);
                lit(Value::Int(text.parse().expect("an int")), text.to_string())
            }
            6 => {
                let f = *self.rng.pick(&FLOATS);
                lit(Value::Float(f.abs()), float_repr(f.abs()))
            }
            7 => {
                let s = *self.rng.pick(&STRS);
                lit(Value::from(s), str_repr(s))
            }
            8 => Node::Tuple(vec![Item::One(self.member()), Item::One(self.member())]),
            _ => {
                let b = self.rng.chance(50);
                lit(Value::Bool(b), if b { "True" } else { "False" }.into())
            }
        }
    }

    /// A set of 0 to 60 members: a display (constant or with a computed
    /// member), `set(list)` or `frozenset(tuple)`.
    fn big_set(&mut self) -> Node {
        let n = self.rng.below(61);
        let mut items: Vec<Item<Node>> = (0..n).map(|_| Item::One(self.member())).collect();
        match self.rng.below(4) {
            0 => Node::Set(items),
            1 => {
                // A computed member makes CPython build the set item by item.
                items.push(Item::One(Node::Call(
                    Builtin::Abs,
                    vec![lit(Value::from(self.rng.below(40) as i64), String::new())],
                    vec![],
                )));
                if let Some(Item::One(Node::Call(_, args, _))) = items.last_mut()
                    && let Some(Node::Lit(v, text)) = args.first_mut()
                {
                    *text = v.repr();
                }
                Node::Set(items)
            }
            2 => Node::Call(Builtin::Set, vec![Node::List(items)], vec![]),
            _ => Node::Call(Builtin::FrozenSet, vec![Node::Tuple(items)], vec![]),
        }
    }

    /// Operations that delete from, merge and rebuild sets, printed as a list
    /// so that the order shows.
    fn set_expression(&mut self) -> Node {
        let a = self.big_set();
        let inner = if self.rng.chance(75) {
            let op = *self.rng.pick(&[
                BinaryOp::Sub,
                BinaryOp::BitXor,
                BinaryOp::BitOr,
                BinaryOp::BitAnd,
            ]);
            let b = self.big_set();
            let first = Node::Binary(op, Box::new(a), Box::new(b));
            if self.rng.chance(40) {
                let op2 = *self.rng.pick(&[
                    BinaryOp::Sub,
                    BinaryOp::BitXor,
                    BinaryOp::BitOr,
                    BinaryOp::BitAnd,
                ]);
                Node::Binary(op2, Box::new(first), Box::new(self.big_set()))
            } else {
                first
            }
        } else {
            Node::Set(vec![Item::Star(a), Item::One(self.member())])
        };
        Node::Call(Builtin::List, vec![inner], vec![])
    }

    /// `format % args` for str and bytes formats, with a tuple, one value
    /// or a dict of arguments.
    fn percent_format(&mut self, d: u32, in_set: bool) -> Node {
        let (format, bytes) = if self.rng.chance(80) {
            let f = *self.rng.pick(&FORMATS);
            (lit(Value::from(f), str_repr(f)), false)
        } else {
            let f = *self.rng.pick(&BYTE_FORMATS);
            (lit(Value::Bytes(f.to_vec()), bytes_repr(f)), true)
        };
        let arg = match self.rng.below(3) {
            0 => {
                let n = self.rng.below(4);
                Node::Tuple(
                    (0..n)
                        .map(|_| Item::One(self.format_arg(d, in_set, bytes)))
                        .collect(),
                )
            }
            1 => self.format_arg(d, in_set, bytes),
            _ => {
                let key = |g: &mut Self| {
                    let k = *g.rng.pick(&["a", "b"]);
                    if bytes && g.rng.chance(80) {
                        lit(
                            Value::Bytes(k.as_bytes().to_vec()),
                            bytes_repr(k.as_bytes()),
                        )
                    } else {
                        lit(Value::from(k), str_repr(k))
                    }
                };
                let n = self.rng.below(3);
                Node::Dict(
                    (0..n)
                        .map(|_| DictItem::Pair(key(self), self.format_arg(d, in_set, bytes)))
                        .collect(),
                )
            }
        };
        Node::Binary(BinaryOp::Mod, Box::new(format), Box::new(arg))
    }

    fn format_arg(&mut self, d: u32, in_set: bool, bytes: bool) -> Node {
        match self.rng.below(5) {
            0 => self.small_int(),
            1 => {
                let f = *self.rng.pick(&FLOATS);
                lit(Value::Float(f), float_repr(f))
            }
            2 if bytes => {
                let b = *self.rng.pick(&BYTES);
                lit(Value::Bytes(b.to_vec()), bytes_repr(b))
            }
            2 => {
                let s = *self.rng.pick(&STRS);
                lit(Value::from(s), str_repr(s))
            }
            _ => self.node(d.saturating_sub(1), in_set),
        }
    }

    /// An annotation-like expression: `list[int]`, `dict[str, int]`, `int | None`.
    fn type_expression(&mut self, d: u32) -> Node {
        let ty = |g: &mut Self| -> Node {
            if g.rng.chance(15) {
                return lit(Value::None, "None".into());
            }
            Node::Name(*g.rng.pick(&NAMES))
        };
        if self.rng.chance(50) {
            let n = 1 + self.rng.below(2);
            let args: Vec<Item<Node>> = (0..n)
                .map(|_| {
                    if d > 0 && self.rng.chance(30) {
                        Item::One(self.type_expression(d - 1))
                    } else {
                        Item::One(ty(self))
                    }
                })
                .collect();
            let index = if args.len() == 1 {
                match args.into_iter().next() {
                    Some(Item::One(n)) => n,
                    _ => lit(Value::None, "None".into()),
                }
            } else {
                Node::Tuple(args)
            };
            Node::Subscript(
                Box::new(Node::Name(*self.rng.pick(&NAMES))),
                Box::new(index),
            )
        } else {
            let a = if d > 0 && self.rng.chance(30) {
                self.type_expression(d - 1)
            } else {
                ty(self)
            };
            let b = ty(self);
            Node::Binary(BinaryOp::BitOr, Box::new(a), Box::new(b))
        }
    }

    fn call(&mut self, d: u32, in_set: bool) -> Node {
        let (mut b, mut usual) = *self.rng.pick(&CALLS);
        // An iterator in a set is hashed by its address in CPython.
        if in_set && matches!(b, Builtin::Zip | Builtin::Enumerate | Builtin::Reversed) {
            (b, usual) = (Builtin::Tuple, 1);
        }
        let n = if self.rng.chance(85) {
            usual
        } else {
            self.rng.below(4)
        };
        let mut args = Vec::with_capacity(n);
        for i in 0..n {
            args.push(self.argument(b, i, d, in_set));
        }
        let mut kwargs = Vec::new();
        if self.rng.chance(20) {
            let names: &[&str] = match b {
                Builtin::Min | Builtin::Max => &["key", "default"],
                Builtin::Sorted => &["key", "reverse"],
                Builtin::Int => &["base"],
                Builtin::Round => &["ndigits"],
                Builtin::Sum | Builtin::Enumerate => &["start"],
                Builtin::Zip => &["strict"],
                Builtin::Str | Builtin::Bytes => &["encoding", "errors"],
                Builtin::Dict => &["a", "b"],
                _ => &["x"],
            };
            let name = self.rng.pick(names).to_string();
            let value = match name.as_str() {
                "key" => Node::Name(*self.rng.pick(&[
                    Builtin::Len,
                    Builtin::Abs,
                    Builtin::Str,
                    Builtin::Repr,
                ])),
                "encoding" => {
                    let e = *self
                        .rng
                        .pick(&["utf-8", "ascii", "latin-1", "UTF8", "foo", "cp1252"]);
                    lit(Value::from(e), str_repr(e))
                }
                "errors" => {
                    let e = *self.rng.pick(&[
                        "strict",
                        "ignore",
                        "replace",
                        "backslashreplace",
                        "bogus",
                    ]);
                    lit(Value::from(e), str_repr(e))
                }
                _ => self.node(d, in_set),
            };
            kwargs.push((name, value));
        }
        Node::Call(b, args, kwargs)
    }

    fn argument(&mut self, b: Builtin, i: usize, d: u32, in_set: bool) -> Node {
        let text = |g: &mut Self| {
            let t = *g.rng.pick(&TEXTS);
            lit(Value::from(t), str_repr(t))
        };
        match (b, i) {
            (Builtin::Int | Builtin::Float | Builtin::Complex, 0) if self.rng.chance(50) => {
                text(self)
            }
            (Builtin::Int, 1) if self.rng.chance(70) => {
                let base = *self.rng.pick(&[0i64, 2, 8, 10, 16, 36, 37, 1]);
                lit(Value::from(base), base.to_string())
            }
            (Builtin::Round | Builtin::Pow | Builtin::Chr | Builtin::Range | Builtin::Hex, _)
                if self.rng.chance(60) =>
            {
                self.small_int()
            }
            (Builtin::Str | Builtin::Bytes, 1) => {
                let e = *self.rng.pick(&["utf-8", "ascii", "latin-1", "foo"]);
                lit(Value::from(e), str_repr(e))
            }
            (
                Builtin::Len
                | Builtin::List
                | Builtin::Tuple
                | Builtin::Set
                | Builtin::FrozenSet
                | Builtin::Sorted
                | Builtin::Sum
                | Builtin::Min
                | Builtin::Max
                | Builtin::Any
                | Builtin::All
                | Builtin::Enumerate
                | Builtin::Zip
                | Builtin::Reversed
                | Builtin::Dict,
                _,
            ) if self.rng.chance(80) => {
                self.iterable(d, in_set || matches!(b, Builtin::Set | Builtin::FrozenSet))
            }
            _ => self.node(d, in_set),
        }
    }
}

impl Node {
    /// The expression as Python text, every compound part in parentheses.
    pub fn source(&self) -> String {
        let items = |items: &[Item<Node>]| -> Vec<String> {
            items
                .iter()
                .map(|i| match i {
                    Item::One(n) => n.source(),
                    Item::Star(n) => format!("*{}", n.source()),
                })
                .collect()
        };
        match self {
            Node::Lit(_, text) => text.clone(),
            Node::Unary(op, a) => match op {
                UnaryOp::Not => format!("(not {})", a.source()),
                _ => format!("({}{})", op.symbol(), a.source()),
            },
            Node::Binary(op, a, b) => format!("({} {} {})", a.source(), op.symbol(), b.source()),
            Node::BoolOp(and, a, b) => {
                format!(
                    "({} {} {})",
                    a.source(),
                    if *and { "and" } else { "or" },
                    b.source()
                )
            }
            Node::Compare(first, links) => {
                let mut s = format!("({}", first.source());
                for (op, n) in links {
                    s.push_str(&format!(" {} {}", op.symbol(), n.source()));
                }
                s.push(')');
                s
            }
            Node::IfExp(c, a, b) => {
                format!("({} if {} else {})", a.source(), c.source(), b.source())
            }
            Node::Subscript(c, i) => format!("{}[{}]", c.source(), i.source()),
            Node::Slice(c, [a, b, s]) => {
                let part =
                    |x: &Option<Box<Node>>| x.as_ref().map(|n| n.source()).unwrap_or_default();
                match s {
                    Some(_) => format!("{}[{}:{}:{}]", c.source(), part(a), part(b), part(s)),
                    None => format!("{}[{}:{}]", c.source(), part(a), part(b)),
                }
            }
            Node::Tuple(xs) => {
                let parts = items(xs);
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            Node::List(xs) => format!("[{}]", items(xs).join(", ")),
            Node::Set(xs) if xs.is_empty() => "set()".into(),
            Node::Set(xs) => format!("{{{}}}", items(xs).join(", ")),
            Node::Dict(xs) => {
                let parts: Vec<String> = xs
                    .iter()
                    .map(|i| match i {
                        DictItem::Pair(k, v) => format!("{}: {}", k.source(), v.source()),
                        DictItem::Unpack(m) => format!("**{}", m.source()),
                    })
                    .collect();
                format!("{{{}}}", parts.join(", "))
            }
            Node::Call(b, args, kwargs) => {
                let mut parts: Vec<String> = args.iter().map(Node::source).collect();
                parts.extend(kwargs.iter().map(|(k, v)| format!("{k}={}", v.source())));
                format!("{}({})", b.name(), parts.join(", "))
            }
            Node::Name(b) => b.name().to_string(),
        }
    }
}
