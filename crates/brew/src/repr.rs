//! Python's `repr` of values: quoting rules for `str` and `bytes`, the
//! shortest round-trip `float` repr, `complex`, and containers.

use num_bigint::BigInt;

use crate::error::{Error, PyErrorKind, PyException};
use crate::limits::Limit;
use crate::value::Value;

/// CPython's default limit on digits when an `int` is converted to decimal text.
pub const INT_MAX_STR_DIGITS: usize = 4300;

impl Value {
    /// Python's `repr(value)`, or where Python's `repr` would raise (an int
    /// of more than [`INT_MAX_STR_DIGITS`] decimal digits somewhere inside),
    /// a bracketed description of that error.
    ///
    /// Sets print in CPython's hash-table order (for strings, the order of
    /// CPython run with `PYTHONHASHSEED=0`; see [`crate::py_hash`]).
    ///
    /// ```
    /// use toolcup_brew::Value;
    /// assert_eq!(Value::Str("it's".into()).repr(), "\"it's\"");
    /// assert_eq!(Value::Float(1e16).repr(), "1e+16");
    /// assert_eq!(Value::Float(2.0).repr(), "2.0");
    /// assert_eq!(Value::Tuple(vec![Value::None]).repr(), "(None,)");
    /// assert_eq!(Value::Complex { re: 0.0, im: 2.0 }.repr(), "2j");
    /// ```
    pub fn repr(&self) -> String {
        self.try_repr().unwrap_or_else(|e| format!("<{e}>"))
    }

    /// Python's `repr(value)`, failing as CPython does with `ValueError:
    /// Exceeds the limit (4300 digits) for integer string conversion…`.
    ///
    /// Containers of any depth are printed without recursion.
    ///
    /// ```
    /// use toolcup_brew::Value;
    /// let big = Value::Int(num_bigint::BigInt::from(10).pow(4300));
    /// assert_eq!(
    ///     big.try_repr().unwrap_err().to_string(),
    ///     "ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
    /// );
    /// ```
    pub fn try_repr(&self) -> Result<String, Error> {
        let mut out = String::new();
        write_repr(self, &mut out)?;
        Ok(out)
    }
}

/// What is left to print: a value, or literal text between values.
enum Piece<'a> {
    Value(&'a Value),
    Text(&'static str),
}

fn write_repr(v: &Value, out: &mut String) -> Result<(), Error> {
    let mut stack = vec![Piece::Value(v)];
    // Pushes `open item, item, ... close` in reverse, so they pop in order.
    fn push_items<'a>(
        stack: &mut Vec<Piece<'a>>,
        open: &'static str,
        items: impl DoubleEndedIterator<Item = &'a Value> + ExactSizeIterator,
        close: &'static str,
    ) {
        stack.push(Piece::Text(close));
        for (i, item) in items.enumerate().rev() {
            stack.push(Piece::Value(item));
            if i > 0 {
                stack.push(Piece::Text(", "));
            }
        }
        stack.push(Piece::Text(open));
    }
    while let Some(piece) = stack.pop() {
        let v = match piece {
            Piece::Text(t) => {
                out.push_str(t);
                continue;
            }
            Piece::Value(v) => v,
        };
        match v {
            Value::None => out.push_str("None"),
            Value::Ellipsis => out.push_str("Ellipsis"),
            Value::Bool(true) => out.push_str("True"),
            Value::Bool(false) => out.push_str("False"),
            Value::Int(i) => out.push_str(&int_repr(i)?),
            Value::Float(f) => out.push_str(&float_repr(*f)),
            Value::Complex { re, im } => out.push_str(&complex_repr(*re, *im)),
            Value::Str(s) => out.push_str(&str_repr(s)),
            Value::Bytes(b) => out.push_str(&bytes_repr(b)),
            Value::Tuple(items) if items.len() == 1 => {
                stack.push(Piece::Text(",)"));
                stack.push(Piece::Value(&items[0]));
                stack.push(Piece::Text("("));
            }
            Value::Tuple(items) => push_items(&mut stack, "(", items.iter(), ")"),
            Value::List(items) => push_items(&mut stack, "[", items.iter(), "]"),
            Value::Set(t) if t.is_empty() => out.push_str("set()"),
            Value::Set(t) => {
                let members: Vec<&Value> = t.iter().collect();
                push_items(&mut stack, "{", members.into_iter(), "}");
            }
            Value::FrozenSet(t) if t.is_empty() => out.push_str("frozenset()"),
            Value::FrozenSet(t) => {
                let members: Vec<&Value> = t.iter().collect();
                push_items(&mut stack, "frozenset({", members.into_iter(), "})");
            }
            Value::Dict(pairs) => {
                stack.push(Piece::Text("}"));
                for (i, (k, x)) in pairs.iter().enumerate().rev() {
                    stack.push(Piece::Value(x));
                    stack.push(Piece::Text(": "));
                    stack.push(Piece::Value(k));
                    if i > 0 {
                        stack.push(Piece::Text(", "));
                    }
                }
                stack.push(Piece::Text("{"));
            }
            Value::Builtin(b) if b.is_type() => out.push_str(&format!("<class '{}'>", b.name())),
            Value::Builtin(b) => out.push_str(&format!("<built-in function {}>", b.name())),
            Value::Iterator(_) => {
                return Err(Limit::NotSupported(
                    "the repr of an iterator (CPython prints its memory address)",
                )
                .into());
            }
            Value::GenericAlias(_) | Value::Union(_) => out.push_str(&type_expression(v)?),
            Value::TypeParam(t) => out.push_str(&t.name),
            Value::Range(r) => {
                out.push_str(&format!(
                    "range({}, {}",
                    int_repr(&r.start)?,
                    int_repr(&r.stop)?
                ));
                if r.step != BigInt::from(1) {
                    out.push_str(&format!(", {}", int_repr(&r.step)?));
                }
                out.push(')');
            }
        }
    }
    Ok(())
}

/// How `types.GenericAlias` and `types.UnionType` print an item: a builtin
/// type or function by its name, `None` for `NoneType` in a union, `...`,
/// nested aliases and unions as themselves, a list as `[a, b]`, anything
/// else by its repr.
fn type_item(v: &Value, in_union: bool) -> Result<String, Error> {
    Ok(match v {
        Value::Builtin(b) => b.name().to_string(),
        Value::Ellipsis => "...".to_string(),
        Value::None if in_union => "None".to_string(),
        Value::GenericAlias(_) | Value::Union(_) => crate::depth::grow(|| type_expression(v))?,
        Value::List(items) if !in_union => {
            let parts = items
                .iter()
                .map(|x| type_item(x, false))
                .collect::<Result<Vec<_>, _>>()?;
            format!("[{}]", parts.join(", "))
        }
        other => other.try_repr()?,
    })
}

/// The repr of `list[int]` or `int | None`.
fn type_expression(v: &Value) -> Result<String, Error> {
    Ok(match v {
        Value::GenericAlias(ga) => {
            let args = if ga.args.is_empty() {
                "()".to_string()
            } else {
                ga.args
                    .iter()
                    .map(|a| type_item(a, false))
                    .collect::<Result<Vec<_>, _>>()?
                    .join(", ")
            };
            let star = if ga.unpacked { "*" } else { "" };
            format!("{star}{}[{args}]", ga.origin.name())
        }
        Value::Union(members) => members
            .iter()
            .map(|m| type_item(m, true))
            .collect::<Result<Vec<_>, _>>()?
            .join(" | "),
        other => type_item(other, false)?,
    })
}

/// The error CPython raises converting an int of more than 4,300 digits to text.
pub(crate) fn int_too_long_for_str() -> Error {
    PyException::new(
        PyErrorKind::ValueError,
        format!(
            "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
        ),
    )
    .into()
}

/// Decimal text of an int, or CPython's `ValueError` beyond
/// [`INT_MAX_STR_DIGITS`] digits.
pub(crate) fn int_repr(i: &BigInt) -> Result<String, Error> {
    // 2**14284 < 10**4300 <= 2**14285: only ints that long need counting.
    if i.bits() > 14_300 {
        return Err(int_too_long_for_str());
    }
    let text = i.to_str_radix(10);
    let digits = text.len() - usize::from(text.starts_with('-'));
    if digits > INT_MAX_STR_DIGITS {
        return Err(int_too_long_for_str());
    }
    Ok(text)
}

/// Python's `repr(float)`: the shortest text that round-trips, in fixed
/// notation when the decimal exponent is in `-4..16`, else scientific with
/// a signed two-digit exponent.
///
/// ```
/// use toolcup_brew::float_repr;
/// assert_eq!(float_repr(1e16), "1e+16");
/// assert_eq!(float_repr(1e15), "1000000000000000.0");
/// assert_eq!(float_repr(0.0001), "0.0001");
/// assert_eq!(float_repr(0.00001), "1e-05");
/// assert_eq!(float_repr(f64::INFINITY), "inf");
/// assert_eq!(float_repr(-0.0), "-0.0");
/// ```
pub fn float_repr(f: f64) -> String {
    format_float(f, true)
}

/// The shortest digits that read back as `f` (finite), nearest to its
/// exact value among strings of that length, and the decimal exponent of
/// the first one (`1.5` is `("15", 0)`): `_Py_dg_dtoa`'s mode 0.
pub(crate) fn shortest_digits(f: f64) -> (String, i64) {
    let shortest = format!("{:e}", f.abs());
    let len = shortest
        .bytes()
        .take_while(|&b| b != b'e')
        .filter(u8::is_ascii_digit)
        .count();
    let nearest = format!("{:.*e}", len.saturating_sub(1), f.abs());
    let sci = if nearest.parse::<f64>().ok() == Some(f.abs()) {
        nearest
    } else {
        shortest
    };
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    (
        mantissa.chars().filter(char::is_ascii_digit).collect(),
        exp.parse().unwrap_or(0),
    )
}

pub(crate) fn format_float(f: f64, add_dot_zero: bool) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    // Rust's LowerExp without precision prints the shortest round-trip
    // digits; where two strings of that length read back as `f`, CPython
    // prints the one nearest to `f`'s exact value (ties to even), which is
    // the correctly rounded string of that length (Rust picked the other one
    // for 2195147379038865.25: .3 where CPython prints .2).
    let (digits, exp) = shortest_digits(f);
    let exp = exp as i32;
    let sign = if f.is_sign_negative() { "-" } else { "" };
    let decpt = exp + 1; // digits d1 d2 ... with the point after decpt digits
    let mut out = String::from(sign);
    if !(-4 < decpt && decpt <= 16) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.abs()));
    } else if decpt <= 0 {
        out.push_str("0.");
        for _ in 0..(-decpt) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let decpt = decpt as usize;
        if digits.len() <= decpt {
            out.push_str(&digits);
            for _ in digits.len()..decpt {
                out.push('0');
            }
            if add_dot_zero {
                out.push_str(".0");
            }
        } else {
            out.push_str(&digits[..decpt]);
            out.push('.');
            out.push_str(&digits[decpt..]);
        }
    }
    out
}

/// Python's `repr(complex)`: `2j`, `(1+2j)`, `(-0-0j)`, `(nan+infj)`.
pub(crate) fn complex_repr(re: f64, im: f64) -> String {
    let im_text = format_float(im, false);
    if re == 0.0 && re.is_sign_positive() {
        return format!("{im_text}j");
    }
    let re_text = format_float(re, false);
    let signed_im = if im_text.starts_with('-') {
        im_text
    } else {
        format!("+{im_text}")
    };
    format!("({re_text}{signed_im}j)")
}

/// Python's `repr(str)`: single quotes unless the text has a single quote and
/// no double quote; printable characters kept, others escaped.
///
/// ```
/// use toolcup_brew::str_repr;
/// assert_eq!(str_repr("a'b\"c\n"), r#"'a\'b"c\n'"#);
/// assert_eq!(str_repr("café\u{7f}"), r"'café\x7f'");
/// ```
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_ascii() || is_printable(c) => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

/// Python's `str.isprintable` for one character: not a control, format,
/// surrogate, private-use, unassigned or separator character (space is printable).
pub(crate) fn is_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    crate::unicode::is_printable(c)
}

/// Python's `repr(bytes)`.
///
/// ```
/// use toolcup_brew::bytes_repr;
/// assert_eq!(bytes_repr(b"caf\xc3\xa9'"), r#"b"caf\xc3\xa9'""#);
/// ```
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(quote as char);
    for &x in b {
        match x {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            x if x == quote => {
                out.push('\\');
                out.push(x as char);
            }
            x if !(0x20..0x7f).contains(&x) => out.push_str(&format!("\\x{x:02x}")),
            x => out.push(x as char),
        }
    }
    out.push(quote as char);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_match_python() {
        for (f, want) in [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e22, "1e+22"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (1.5e-7, "1.5e-07"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (100.0, "100.0"),
            (0.001, "0.001"),
        ] {
            assert_eq!(float_repr(f), want);
        }
    }

    #[test]
    fn complex_matches_python() {
        assert_eq!(complex_repr(1.0, 2.0), "(1+2j)");
        assert_eq!(complex_repr(-0.0, -2.0), "(-0-2j)");
        assert_eq!(complex_repr(0.0, 0.0), "0j");
        assert_eq!(complex_repr(-0.0, -0.0), "(-0-0j)");
        assert_eq!(complex_repr(1e16, 1.5), "(1e+16+1.5j)");
        assert_eq!(complex_repr(0.0, f64::INFINITY), "infj");
    }

    #[test]
    fn empty_set_and_nested() {
        assert_eq!(Value::Set(Default::default()).repr(), "set()");
        assert_eq!(Value::FrozenSet(Default::default()).repr(), "frozenset()");
        let d = Value::Dict(vec![(
            Value::Str("a".into()),
            Value::List(vec![Value::Bool(true)]),
        )]);
        assert_eq!(d.repr(), "{'a': [True]}");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A deliberately naive float repr: try 1, 2, … 17 significant digits
    /// until the text reads back as the same float, then lay the digits out
    /// by Python's rule (fixed for exponents -4..16, else `d.ddde±XX`).
    fn naive_float_repr(f: f64) -> String {
        if f.is_nan() {
            return "nan".into();
        }
        if f.is_infinite() {
            return if f > 0.0 { "inf".into() } else { "-inf".into() };
        }
        let mut sci = String::new();
        for digits in 1..=17 {
            sci = format!("{:.*e}", digits - 1, f.abs());
            if sci.parse::<f64>().ok() == Some(f.abs()) {
                break;
            }
        }
        let (mantissa, exp) = sci.split_once('e').unwrap();
        let exp: i32 = exp.parse().unwrap();
        let mut digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        while digits.len() > 1 && digits.ends_with('0') {
            digits.pop();
        }
        let sign = if f.is_sign_negative() { "-" } else { "" };
        if (-4..16).contains(&exp) {
            // Place the point by building the number from its digit string.
            let point = exp + 1;
            let body = if point <= 0 {
                format!("0.{}{}", "0".repeat((-point) as usize), digits)
            } else if digits.len() as i32 <= point {
                format!(
                    "{}{}.0",
                    digits,
                    "0".repeat((point - digits.len() as i32) as usize)
                )
            } else {
                format!(
                    "{}.{}",
                    &digits[..point as usize],
                    &digits[point as usize..]
                )
            };
            format!("{sign}{body}")
        } else {
            let frac = if digits.len() > 1 {
                format!(".{}", &digits[1..])
            } else {
                String::new()
            };
            let esign = if exp < 0 { '-' } else { '+' };
            format!("{sign}{}{frac}e{esign}{:02}", &digits[..1], exp.abs())
        }
    }

    /// A float exactly halfway between two shortest strings: CPython 3.13
    /// prints `repr(2195147379038865.25)` as the even one.
    #[test]
    fn shortest_ties_go_to_the_nearest_even_string() {
        let f = f64::from_bits(4_836_639_390_057_327_173);
        assert_eq!(float_repr(f), "2195147379038865.2");
    }

    proptest! {
        #[test]
        fn float_repr_matches_naive_reference(bits in any::<u64>()) {
            let f = f64::from_bits(bits);
            prop_assert_eq!(float_repr(f), naive_float_repr(f));
        }

        #[test]
        fn float_repr_matches_naive_reference_on_round_numbers(m in -100_000i64..100_000, e in -30i32..30) {
            let f = m as f64 * 10f64.powi(e);
            prop_assert_eq!(float_repr(f), naive_float_repr(f));
        }

        #[test]
        fn str_repr_reads_back(s in "\\PC{0,20}") {
            // Every repr is a quoted literal whose unescaped text is the original.
            let r = str_repr(&s);
            let quote = r.chars().next().unwrap();
            prop_assert!(quote == '\'' || quote == '"');
            prop_assert!(r.ends_with(quote));
            let call = format!("f({r})");
            let parsed = crate::parse_call(&call).unwrap();
            prop_assert_eq!(parsed.arguments[0].value().unwrap(), crate::Value::Str(s));
        }
    }
}
