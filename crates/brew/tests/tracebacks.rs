//! Runtime tracebacks as CPython 3.13 prints them for a script: the
//! `File` line with the failing expression's line, its source lines
//! (dedented) and 3.13's caret rows (`~~~^^^`), for errors raised while
//! evaluating an argument, a default or an annotation, or binding the call.
//!
//! Each row is a `def` (with its body) and a call. CPython's answer is
//! committed in `tests/data/tracebacks.jsonl`; `rows_match_cpython` checks
//! ours against it everywhere, and against CPython 3.13 itself when present
//! (skipping that part with a printed reason when not). CPython runs the
//! def as the file `<def>` and the call as the file `<call>`, in a script's
//! globals, and its traceback module formats the exception of the call's
//! own frame, as `python3 script.py` prints it. Regenerate the committed
//! answers with `BREW_REGENERATE=1`.

#![allow(clippy::unwrap_used)]

#[path = "support/cpython.rs"]
mod cpython;

use cpython::{cpython_313, json_lines, live_or_committed};
use toolcup_brew::{Error, Signature, bind_call, format_exception};

const PRESET: &str = "def brew_coffee(coffee_type, strength=3, milk_amount=0): pass";

/// (def, call); an empty def is [`PRESET`].
const ROWS: &[(&str, &str)] = &[
    ("", "brew_coffee(1/0)"),
    ("", "brew_coffee((1)/0)"),
    ("", "brew_coffee(1/(0))"),
    ("", "brew_coffee((1)/(0))"),
    ("", "brew_coffee(((1))  /  ((0)))"),
    ("", "brew_coffee(1 / 0)"),
    ("", "brew_coffee(1//0)"),
    ("", "brew_coffee(1 // 0)"),
    ("", "brew_coffee(1%0)"),
    ("", "brew_coffee(2**-1 + 1/0)"),
    ("", "brew_coffee(1/0 + 2)"),
    ("", "brew_coffee(1 + 2/0)"),
    ("", "brew_coffee(1 + 'a')"),
    ("", "brew_coffee('a' + 1)"),
    ("", "brew_coffee('a' - 'b')"),
    ("", "brew_coffee([] * 1.5)"),
    ("", "brew_coffee(1 << -1)"),
    ("", "brew_coffee(1 >>-1)"),
    ("", "brew_coffee(1 @ 2)"),
    ("", "brew_coffee(2.0 ** 10000)"),
    ("", "brew_coffee(\"Latte\", strength=1 + \"a\")"),
    ("", "brew_coffee(\"Latte\", 1/0, milk_amount=2)"),
    ("", "brew_coffee(\"咖啡\", 1/0)"),
    ("", "brew_coffee(\"咖啡咖啡\", strength=len(5))"),
    ("", "brew_coffee(\"ｆｕｌｌ\" + 1)"),
    ("", "brew_coffee(\"é\", 1/0)"),
    ("", "brew_coffee([1][5])"),
    ("", "brew_coffee([1] [5])"),
    ("", "brew_coffee(([1])[5])"),
    ("", "brew_coffee({'a': 1}['b'])"),
    ("", "brew_coffee('abc'[1:'x'])"),
    ("", "brew_coffee((1, 2)[0][0])"),
    ("", "brew_coffee(int('x'))"),
    ("", "brew_coffee(int ('x'))"),
    ("", "brew_coffee((int)('x'))"),
    ("", "brew_coffee(((int))('x'))"),
    ("", "brew_coffee(\"Latte\", len(5))"),
    ("", "brew_coffee(\"Latte\", float('nope'), 2)"),
    ("", "brew_coffee(int(str(1/0)))"),
    ("", "brew_coffee(str(int('x')))"),
    ("", "brew_coffee(max())"),
    ("", "brew_coffee(sorted([1, 'a']))"),
    ("", "brew_coffee(-'a')"),
    ("", "brew_coffee(- 'a')"),
    ("", "brew_coffee(~1.5)"),
    ("", "brew_coffee(-(('a')))"),
    ("", "brew_coffee(not 1/0)"),
    ("", "brew_coffee(1 < 'a')"),
    ("", "brew_coffee((1) < 'a')"),
    ("", "brew_coffee(1 < 2 < 'a')"),
    ("", "brew_coffee(1 in 5)"),
    ("", "brew_coffee('a' not in 5)"),
    ("", "brew_coffee(1 if 1/0 else 2)"),
    ("", "brew_coffee(1 or 1/0, 0 and 1, 1 and 1/0)"),
    ("", "brew_coffee(undefined)"),
    ("", "brew_coffee(\"Latte\", strengh)"),
    ("", "brew_coffee( undefined )"),
    ("", "brew_cofee(\"Latte\")"),
    ("", "  brew_coffee(1/0)"),
    ("", "brew_coffee(1/0)  # a comment"),
    ("", "brew_coffee(1/0) ; brew_coffee(2)"),
    ("", "brew_coffee()"),
    ("", "brew_coffee(coffee_type=\"Latte\", coffee_type2=1)"),
    ("", "brew_coffee(\"Latte\", 1, 2, 3)"),
    ("", "brew_coffee(\"Latte\", coffee_type=\"Mocha\")"),
    ("", "brew_coffee(*1)"),
    ("", "brew_coffee(1, *2)"),
    ("", "brew_coffee(**1)"),
    ("", "brew_coffee('a', **{'strength': 1}, strength=2)"),
    ("", "brew_coffee(**{1: 2})"),
    ("", "brew_coffee({[]: 1})"),
    ("", "brew_coffee({[]})"),
    ("", "brew_coffee({1: 2, **3})"),
    ("", "brew_coffee([*1])"),
    ("", "brew_coffee((*1,))"),
    ("", "brew_coffee(f'{1/0}')"),
    ("", "brew_coffee(f'{\"a\" + 1!r}')"),
    ("", "brew_coffee(\"Latte\",\n    1/0,\n)"),
    ("", "brew_coffee(\"Latte\",\n    strength=1/0)"),
    ("", "brew_coffee(\"Latte\",\n    strength=1\n    /\n    0)"),
    (
        "",
        "brew_coffee(\"Latte\",\n    strength=(1 +\n        'a'))",
    ),
    (
        "",
        "brew_coffee(\"Latte\",\n    strength=(1  # one\n        + 'a'))",
    ),
    (
        "",
        "brew_coffee(\"Latte\",\n    strength=1 \\\n        + 'a')",
    ),
    ("", "brew_coffee(\"Latte\",\n    strength=int('x')\n)"),
    ("", "brew_coffee(\"Latte\",\n    strength=int('x'),\n)"),
    (
        "",
        "brew_coffee(\"Latte\",\n    strength = int('x')  # why\n)",
    ),
    (
        "",
        "brew_coffee(\"Latte\",\n    strength=int(\n        'x')\n)",
    ),
    ("", "brew_coffee(\"Latte\",\n    int('x')\n)"),
    ("", "brew_coffee(\"Latte\",\n    undefined\n)"),
    ("", "brew_coffee(\"Latte\",\n    -'a'\n)"),
    ("", "brew_coffee(\"Latte\",\n    [1][2]\n)"),
    (
        "",
        "brew_coffee(\n    \"Latte\",\n    1,\n    2,\n    3,\n    4,\n)",
    ),
    (
        "",
        "brew_coffee(\n    \"Latte\",\n    1,\n    2,\n    3,\n    4)",
    ),
    ("", "brew_coffee(\"Latte\", 1, 2,\n    3)"),
    ("", "brew_coffee(\"Latte\",\n\tstrength=1/0)"),
    (
        "",
        "brew_coffee(\"Latte\",\n\tstrength=1/0,\n        milk_amount=2)",
    ),
    ("", "brew_coffee(\"Latte\", [1,\n  2][\n  5])"),
    ("", "brew_coffee(\"Latte\", len(\n  5))"),
    ("", "brew_coffee(\"咖啡\",\n    \"咖啡\" +\n    1)"),
    ("", "brew_coffee(\"Latte\",\n    1\n    +\n    'a' )"),
    ("", "\x0cbrew_coffee(1/0)"),
    ("", "brew_coffee(1/0)\n"),
    ("", "brew_coffee(\"Latte\", 1 / 0 if True else 2)"),
    ("", "brew_coffee(\"Latte\", (1 / 0))"),
    ("", "brew_coffee(\"Latte\", ((1) / 0) + 2)"),
    ("", "brew_coffee(\"Latte\", 1 + (2 / 0))"),
    ("", "brew_coffee(\"Latte\", 10**5000 * 1.0)"),
    ("", "brew_coffee(\"Latte\", repr(10**5000))"),
    ("", "brew_coffee(\"Latte\", str(10**5000))"),
    ("", "brew_coffee(\"Latte\", abs('a'))"),
    ("", "brew_coffee(\"Latte\", round(1.5, 'a'))"),
    ("", "brew_coffee(\"Latte\", {'a': 1}[\"b\"] + 1)"),
    ("", "brew_coffee(\"Latte\", (1, 2)[\"咖\"])"),
    ("", "brew_coffee(\"Latte\", \"咖\"[5])"),
    ("", "brew_coffee(\"Latte\", hash([]))"),
    ("", "brew_coffee(\"Latte\", cup_size='\u{2028}', extra=1)"),
    ("", "brew_coffee(\"Latte\", '\u{2028}' + 1)"),
    ("", "brew_coffee(\"Latte\", '\u{85}',\n    1/0)"),
    ("", "brew_coffee(\"Latte\",\n    ｓtrength=int('x')\n)"),
    ("", "brew_coffee(\"Latte\",\n    strength=int('é')\n)"),
    ("", "brew_coffee(\"Latte\",\n    strength=(int('x'))\n)"),
    ("", "brew_coffee(\"Latte\",\n    strength=int('x')(1)\n)"),
    ("", "brew_coffee(\"Latte\",\n    strength=int\n    ('x')\n)"),
    ("", "brew_coffee(\"Latte\",\n  strength=int(\n'x'))"),
    (
        "",
        "brew_coffee(\"Latte\", strength=(\n    1\n    +\n    2\n    +\n    3\n    +\n    'a'\n))",
    ),
    (
        "",
        "brew_coffee(\"Latte\", strength=(\n    'a'\n    +\n    2\n    +\n    3\n    +\n    4\n))",
    ),
    (
        "",
        "brew_coffee(\"Latte\", [\n    1,\n    2,\n    3,\n    4,\n][\n    9\n])",
    ),
    (
        "",
        "brew_coffee(\"Latte\", len(\n    1,\n    2,\n    3,\n    4,\n))",
    ),
    (
        "",
        "brew_coffee(\n    \"Latte\",\n    strength=3,\n    milk_amount=2,\n    sugar=1,\n    size=4,\n    extra=5,\n)",
    ),
    ("", "brew_coffee(\"Latte\", 1 /\t0)"),
    ("", "brew_coffee(\"Latte\", 1/# no\n0)"),
    ("", "brew_coffee(\"Latte\", (1 # one\n)/0)"),
    ("", "brew_coffee(\"Latte\", 1 ** -'a')"),
    ("", "brew_coffee(\"Latte\", -1 ** 'a')"),
    ("", "brew_coffee(\"Latte\", 1 //(0))"),
    ("", "brew_coffee(\"Latte\", [1] [ 5 ])"),
    ("", "brew_coffee(\"Latte\", \"𝔘\" + 1, 𝔘)"),
    ("", "brew_coffee(\"Latte\", \"🍵\"[9])"),
    ("", "brew_coffee(\"Latte\", \"Ａ\" * 'b')"),
    ("", "brew_coffee(\"Latte\", 1, 2, 3)(4)"),
    ("", "(brew_coffee)(\"Latte\", 1, 2, 3)"),
    ("def brew_coffee[T](a: str | 1): pass", "brew_coffee(1)"),
    (
        "def brew_coffee[T](a: undefined): pass  # note",
        "brew_coffee(1)",
    ),
    ("def brew_coffee[T](a=1/0): pass", "brew_coffee(1)"),
    (
        "def brew_coffee[T](a) -> [T][5]: pass; pass",
        "brew_coffee(1)",
    ),
    ("def brew_coffee[T](a) -> [T][5]: pass;", "brew_coffee(1)"),
    (
        "def brew_coffee[T](\n    a: str | 1,\n): pass",
        "brew_coffee(1)",
    ),
    (
        "def brew_coffee[T](\n    a,\n    b,\n    c: int('x'),\n): 'doc'",
        "brew_coffee(1)",
    ),
    ("", "brew_coffee(f'{0.0:{2}.{4}s}')"),
    ("", "brew_coffee(\"Latte\", f'{[1]=:7b}')"),
    ("", "brew_coffee(\"Latte\", f'a{ 1 :{\"z\"}d}b')"),
    ("", "brew_coffee(\"Latte\", f'{10**5000}')"),
    ("", "brew_coffee(\"Latte\", f'{10**5000!r:>5}')"),
    ("", "brew_coffee(\"Latte\", f'{1:{1/0}}')"),
    ("", "brew_coffee(\"Latte\", f'{1:x}{ 2.5 :d}')"),
    ("", "brew_coffee(\"Latte\", format(1.5, 'd'))"),
    ("", "brew_coffee(\"Latte\", format(1, 2))"),
    (
        "def brew_coffee(coffee_type, /, strength=3): pass",
        "brew_coffee(coffee_type=\"Latte\")",
    ),
    (
        "def brew_coffee(coffee_type, *, strength): pass",
        "brew_coffee(\"Latte\")",
    ),
    (
        "def brew_coffee(coffee_type, *, strength): pass",
        "brew_coffee(\"Latte\", 2)",
    ),
    (
        "def brew_coffee(coffee_type, strength=1/0): pass",
        "brew_coffee(\"Latte\")",
    ),
    (
        "def brew_coffee(coffee_type, strength=int('x')): pass",
        "brew_coffee(\"Latte\")",
    ),
    (
        "def brew_coffee(coffee_type, strength=-'a'): pass",
        "brew_coffee(\"Latte\")",
    ),
    (
        "def brew_coffee(coffee_type: 1/0): pass",
        "brew_coffee(\"Latte\")",
    ),
    (
        "def brew_coffee(coffee_type: undefined): pass",
        "brew_coffee(\"Latte\")",
    ),
    (
        "def brew_coffee(coffee_type) -> [1][1]: pass",
        "brew_coffee(\"Latte\")",
    ),
    (
        "def brew_coffee(coffee_type=\"咖啡\", strength=\"咖\" + 1): pass",
        "brew_coffee(\"Latte\")",
    ),
];

/// The def and call of row `i`.
fn row(i: usize) -> (String, String) {
    let (d, c) = ROWS[i];
    let d = if d.is_empty() { PRESET } else { d };
    (d.to_string(), c.to_string())
}

/// What we print: the def's traceback (as the file `<def>`), the call's
/// (as `<call>`), or `ok`.
fn ours(def: &str, call: &str) -> String {
    match Signature::parse(def) {
        Err(Error::Python(exc)) => format!("def\n{}", format_exception(&exc, def, "<def>")),
        Err(e) => format!("refused {e}"),
        Ok(sig) => match bind_call(&sig, call) {
            Ok(_) => "ok".to_string(),
            Err(Error::Python(exc)) => format!("call\n{}", format_exception(&exc, call, "<call>")),
            Err(e) => format!("refused {e}"),
        },
    }
}

/// Runs each `[def, call]` in one CPython process and prints what a
/// script would print for it, as a JSON string a line.
const DRIVER: &str = r#"
import io, json, linecache, sys, traceback
def script_globals():
    return {"__name__": "__main__", "__doc__": None, "__package__": None,
            "__loader__": None, "__spec__": None, "__annotations__": {},
            "__builtins__": __builtins__, "__file__": "brew.py", "__cached__": None}
def run(src, name, ns):
    # As linecache reads a file: universal newlines, nothing else splits.
    linecache.cache[name] = (len(src), None, io.StringIO(src, newline=None).readlines(), name)
    try:
        exec(compile(src, name, "exec", dont_inherit=True), ns)
    except BaseException as e:
        return "".join(traceback.format_exception(e.with_traceback(e.__traceback__.tb_next)))
    return None
for line in sys.stdin:
    d, c = json.loads(json.loads(line))
    ns = script_globals()
    out = run(d, "<def>", ns)
    if out is not None:
        print(json.dumps("def\n" + out))
        continue
    out = run(c, "<call>", ns)
    print(json.dumps("ok" if out is None else "call\n" + out))
"#;

const COMMITTED: &str = "tests/data/tracebacks.jsonl";

#[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
struct Recorded {
    def: String,
    call: String,
    cpython: String,
}

#[test]
fn rows_match_cpython() {
    let rows: Vec<(String, String)> = (0..ROWS.len()).map(row).collect();
    let expected: Vec<Recorded> = live_or_committed(COMMITTED, rows.len(), |python| {
        let inputs = rows
            .iter()
            .map(|(d, c)| serde_json::to_string(&[d, c]).unwrap());
        let live: Vec<String> = json_lines(python, DRIVER, inputs);
        rows.iter()
            .zip(live)
            .map(|((d, c), cpython)| Recorded {
                def: d.clone(),
                call: c.clone(),
                cpython,
            })
            .collect()
    });
    let mut differ = 0;
    for (r, (d, c)) in expected.iter().zip(&rows) {
        assert_eq!(
            (&r.def, &r.call),
            (d, c),
            "{COMMITTED} is in the table's order"
        );
        let got = ours(d, c);
        assert_ne!(r.cpython, "ok", "every row raises: {d} / {c:?}");
        if got != r.cpython {
            differ += 1;
            println!("--- {d}\n--- {c:?}\nCPython:\n{}\nours:\n{got}", r.cpython);
        }
    }
    assert_eq!(differ, 0, "{differ} of {} tracebacks differ", rows.len());
}

/// The driver runs each text as a file of its own in one process; this
/// checks that it prints what `python3 script.py` prints, for a few rows
/// run as real scripts (the def on line 1, the call from line 2).
#[test]
fn driver_matches_a_real_script() {
    let python = match cpython_313() {
        Ok(p) => p,
        Err(why) => {
            println!("SKIPPED driver_matches_a_real_script: {why}");
            return;
        }
    };
    let dir = std::env::temp_dir().join(format!("brew-tracebacks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let picks = [
        "brew_coffee(\"咖啡\", 1/0)",
        "brew_coffee(\"Latte\",\n    strength=int('x')\n)",
        "brew_coffee(\n    \"Latte\",\n    1,\n    2,\n    3,\n    4,\n)",
        "brew_coffee(\"Latte\",\n    strength=1 \\\n        + 'a')",
        "\u{c}brew_coffee(1/0)",
        "brew_coffee(f'{0.0:{2}.{4}s}')",
    ];
    for (k, call) in picks.iter().enumerate() {
        let index = (0..ROWS.len()).find(|&i| ROWS[i].1 == *call).unwrap();
        let (def, call) = row(index);
        let driver: Vec<String> = json_lines(
            &python,
            DRIVER,
            [serde_json::to_string(&[&def, &call]).unwrap()],
        );
        let script = dir.join(format!("s{k}.py"));
        std::fs::write(&script, format!("{def}\n{call}\n")).unwrap();
        let out = std::process::Command::new(&python)
            .arg(&script)
            .output()
            .unwrap();
        let real = String::from_utf8_lossy(&out.stderr).replace(
            &format!("File \"{}\", line ", script.display()),
            "File \"<call>\", line +",
        );
        // The call starts on the script's line 2: shift the line numbers.
        let shifted = driver[0]
            .strip_prefix("call\n")
            .unwrap()
            .lines()
            .map(|l| match l.split_once("File \"<call>\", line ") {
                Some((head, rest)) => {
                    let (n, tail) = rest.split_once(',').unwrap();
                    let n: u32 = n.parse().unwrap();
                    format!("{head}File \"<call>\", line +{},{tail}\n", n + 1)
                }
                None => format!("{l}\n"),
            })
            .collect::<String>();
        assert_eq!(real, shifted, "{call:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
