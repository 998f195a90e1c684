//! `format(value, spec)` and f-strings' `{value!conv:spec}` against
//! CPython 3.13: a table of values crossed with format specs (fill, align,
//! sign, `z`, `#`, `0`, width, grouping, precision, every type code, and
//! the specs CPython refuses), plus f-strings with nested replacement
//! fields and conversions. CPython's answers are committed in
//! `tests/data/format_spec.jsonl` (the result's repr, or the exception's
//! `Kind: message`); `rows_match_cpython` checks ours against them
//! everywhere and against CPython 3.13 itself when present (one batch
//! process), skipping that part with a printed reason when not.
//! Regenerate with `BREW_REGENERATE=1`.

#![allow(clippy::unwrap_used)]

#[path = "support/cpython.rs"]
mod cpython;

use cpython::{json_lines, live_or_committed};
use toolcup_brew::{Error, parse_call, str_repr};

const VALUES: &[&str] = &[
    "0",
    "1",
    "-1",
    "42",
    "-1234567",
    "255",
    "10**20",
    "-10**20",
    "True",
    "False",
    "65",
    "0.0",
    "-0.0",
    "1.0",
    "-1.5",
    "3.14159",
    "1234.5678",
    "-1234.5678",
    "1e-05",
    "1.5e-10",
    "1e16",
    "1e22",
    "123456789.0",
    "0.5",
    "2.5",
    "9.995",
    "2.675",
    "1e300",
    "float('inf')",
    "float('-inf')",
    "float('nan')",
    "1+2j",
    "-1.5-0.5j",
    "2j",
    "complex(-0.0, -0.0)",
    "1234.5+0.001j",
    "''",
    "'a'",
    "'Latte'",
    "'café'",
    "'咖啡'",
    "None",
    "[1, 2]",
    "(1,)",
    "{'a': 1}",
    "b'x'",
    "range(3)",
    "len",
];

const SPECS: &[&str] = &[
    "",
    "s",
    "d",
    "5",
    "<5",
    ">8",
    "^9",
    "=10",
    "*^11",
    "0>6",
    "05",
    "010",
    "+",
    "-",
    " ",
    "+10",
    " 8",
    "z",
    "z.1f",
    "#",
    "#x",
    "#o",
    "#b",
    "#X",
    "x",
    "X",
    "o",
    "b",
    "c",
    "n",
    ",",
    "_",
    ",d",
    "_d",
    "_x",
    "_b",
    ",x",
    "010,",
    "012_",
    "#012_x",
    "e",
    "E",
    ".0e",
    ".3e",
    "#.0e",
    "f",
    "F",
    ".0f",
    ".2f",
    "#.0f",
    ".10f",
    "g",
    "G",
    ".0g",
    ".1g",
    ".3g",
    "#g",
    "#.3g",
    ".17g",
    "%",
    ".1%",
    ",.2f",
    "_.3f",
    "+.2e",
    ".3",
    ".0",
    ".20",
    ".2s",
    "10.3s",
    "z.0f",
    "z+.1f",
    "=+10.2f",
    "ss",
    ".",
    ",_",
    "_,",
    ".2d",
    "zd",
    "+c",
    "#c",
    ",s",
    "_s",
    "=5",
    "#5",
    "x<+#08_x",
    "^+#10,.3f",
    "\u{85}",
    "€",
    "٣",
    ".١f",
    "9223372036854775808",
    ".2147483648f",
    ",,",
    "z#",
    "+#=5",
    "n,",
    ",n",
    "0=+12,.1f",
    "-^-5",
];

/// Extra rows: f-strings (nested fields, conversions, `=`) and `format()`'s
/// own argument checks.
const EXTRA: &[&str] = &[
    "f'{3.14159:.2f}'",
    "f'{3.14159:{8}.{3}f}'",
    "f'{42:{\"*\"}^{9}}'",
    "f'{1234567:{\",\"}}'",
    "f'{\"Latte\"!r:>12}'",
    "f'{\"Latte\"!s:*<8}'",
    "f'{\"café\"!a:^12}'",
    "f'{3.5!r:>6}'",
    "f'{3.5!s:d}'",
    "f'{2=:>5}'",
    "f'{2.5=}'",
    "f'{2.5=:.3f}'",
    "f'{2.5=!s:^7}'",
    "f'{\"x\":{\"\"}}'",
    "f'{1:{\"d\"}}{2.5:{\"d\"}}'",
    "f'{1/0:{2}}'",
    "f'{1:{1/0}}'",
    "f'{[1]:x}'",
    "f'{None:}'",
    "f'{None:>5}'",
    "f'{True:}{True:d}{True:>5}'",
    "f'{10**5000:d}'",
    "f'{10**5000:x}'",
    "format(1.5)",
    "format(1.5, '')",
    "format()",
    "format(1, 2)",
    "format(1, None)",
    "format(1, '', 3)",
    "format(1, format_spec='x')",
    "format(2**64, 'c')",
    "format(0x110000, 'c')",
    "format(-1, 'c')",
    "format(10**400, 'e')",
    "format(3, '.5%')",
    "format(1e16, '.17')",
    "format(0.1, '.30f')",
    "format(5e-324, '.1e')",
    "format(5e-324, '')",
    "format(1.7976931348623157e308, ',.0f')",
    "format(123.456, '.0%')",
    "format(-0.0, 'z')",
    "format(-0.0001, 'z.2f')",
    "format(-0.0001, 'z.2e')",
    "format(-1e-10, 'z.3g')",
    "format(complex(-0.0, -0.0), 'z.1f')",
    "format(0.0001, 'g')",
    "format(0.00001, 'g')",
    "format(1e-5, '#.2g')",
    "format(100.0, '.2g')",
    "format(100.0, '#.2g')",
    "format(1e100, 'n')",
    "format(float('nan'), '+')",
    "format(-float('nan'), 'F')",
    "format(float('-inf'), '=+10')",
    "format(float('inf'), '010,')",
    "format(1234, '^+#12_b')",
    "format(-255, '#08X')",
    "format(-255, '0=+#12_X')",
    "format(1, '0<5')",
    "format(-1, '0^7')",
    "format('ab', '0<5')",
    "format('ab', '0')",
    "format(12, '0')",
    "format(1.5j, '^10')",
    "format(1.5j, '+')",
    "format(-1.5j, '+')",
    "format(1+1j, ' ')",
    "format(1+1j, '+.2e')",
    "format(1+1j, '#')",
    "format(1e20+1j, '')",
    "format(1e20+1j, ',')",
    "format(1e20+1j, ',f')",
    "format(5e-324, '.1000000f')[-3:]",
    "format(5e-324, '.1000000e')[:20]",
    "format(5e-324, '.70000e')[-30:]",
    "format(5e-324, '#.1000000g')[-8:]",
    "format(1.7976931348623157e308, '.1000000g')[:30]",
    "len(format(0.1, '.100000f'))",
    "('%.100000f' % 1.5)[:20]",
    "('%.100000e' % 1.5)[-8:]",
    "('%.100000g' % 0.1)[:30]",
    "('%#.100000g' % 0.1)[-5:]",
    "format(range(3), '')",
    "format(len, 's')",
];

/// What we answer for the expression `e`: the repr of its value, the
/// exception's `Kind: message`, or `refused`.
fn ours(e: &str) -> String {
    let call = match parse_call(&format!("f({e})")) {
        Ok(c) => c,
        Err(err) => return format!("refused {err}"),
    };
    match call.arguments[0].value() {
        Ok(v) => v.repr(),
        Err(Error::Python(exc)) => format!("{}: {}", exc.kind, exc.message),
        Err(other) => format!("refused {other}"),
    }
}

fn rows() -> Vec<String> {
    let mut rows = Vec::new();
    for v in VALUES {
        for s in SPECS {
            rows.push(format!("format({v}, {})", str_repr(s)));
        }
    }
    rows.extend(EXTRA.iter().map(|e| e.to_string()));
    rows
}

const DRIVER: &str = r#"
import json, sys
g = {"__name__": "__main__", "__builtins__": __builtins__}
for line in sys.stdin:
    e = json.loads(line)
    try:
        out = repr(eval(e, dict(g)))
    except Exception as exc:
        out = type(exc).__name__ + ": " + str(exc)
    print(json.dumps(out))
"#;

const COMMITTED: &str = "tests/data/format_spec.jsonl";

#[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
struct Recorded {
    expr: String,
    cpython: String,
}

#[test]
fn rows_match_cpython() {
    let rows = rows();
    assert!(rows.len() >= 300, "at least 300 rows: {}", rows.len());
    let expected: Vec<Recorded> = live_or_committed(COMMITTED, rows.len(), |python| {
        let live: Vec<String> = json_lines(python, DRIVER, rows.iter().cloned());
        rows.iter()
            .zip(live)
            .map(|(e, cpython)| Recorded {
                expr: e.clone(),
                cpython,
            })
            .collect()
    });
    let mut differ = Vec::new();
    let mut refused = 0;
    for (r, e) in expected.iter().zip(&rows) {
        assert_eq!(&r.expr, e, "{COMMITTED} is in the table's order");
        let got = ours(e);
        if got.starts_with("refused") {
            refused += 1;
            println!("REFUSED {e}: {got} (CPython: {})", r.cpython);
        } else if got != r.cpython {
            differ.push(format!("{e}\n  CPython {}\n  ours    {got}", r.cpython));
        }
    }
    for d in &differ {
        println!("DIFFERENT {d}");
    }
    println!(
        "{} rows: {} identical, {refused} refused, {} different",
        rows.len(),
        rows.len() - refused - differ.len(),
        differ.len()
    );
    assert!(
        differ.is_empty(),
        "{} rows differ from CPython",
        differ.len()
    );
}

/// Widths and precisions past the engine's item limit are our refusal
/// (CPython would build the string), answered at once; CPython's own
/// limits stay CPython's errors.
#[test]
fn huge_widths_and_precisions_are_bounded() {
    for e in [
        "format(1, '2000000')",
        "format('a', '>2000000')",
        "format(1.5, '.2000000f')",
        "format(1e300, '.2000000e')",
        "format(1+1j, '.2000000g')",
        "f'{1:{10**6 * 3}}'",
        "format(1, '9' * 50)",
    ] {
        let got = ours(e);
        assert!(
            got.starts_with("refused") || got.starts_with("ValueError: Too many decimal digits"),
            "{e}: {got}"
        );
    }
    assert_eq!(
        ours("format(1.5, '.2147483648f')"),
        "ValueError: precision too big"
    );
    // Within the limit, the digits are exact (CPython 3.13's
    // `format(1e300, '.0f')`, then 1,000 zeros).
    let wide = ours("format(1e300, '.1000f')");
    let digits = "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160";
    assert_eq!(wide, format!("'{digits}.{}'", "0".repeat(1000)));
}
