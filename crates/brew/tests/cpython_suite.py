"""Compares this crate with CPython 3.13 on the one-line calls and def lines
that CPython's own test suite expects to fail (test_syntax.py,
test_extcall.py, test_positional_only_arg.py, test_keywordonlyarg.py, read
from the running interpreter's Lib/test), and prints the tally.

Run from the repository root with CPython 3.13, after
`cargo build -p toolcup-brew --example probe`:
    ~/.pyenv/versions/3.13.0/bin/python3 crates/brew/tests/cpython_suite.py target/debug/examples/probe
A call is bound to `def brew_coffee(a, b=2, *args, c=3, **kw)`; a def line is
called as `brew_coffee(1)`. Both go through tests/cpython_driver.py.
"""
import json
import os
import re
import subprocess
import sys
import sysconfig

FILES = ["test_syntax.py", "test_extcall.py", "test_positional_only_arg.py", "test_keywordonlyarg.py"]
DEF = "def brew_coffee(a, b=2, *args, c=3, **kw): pass"


def sources():
    test_dir = os.path.join(sysconfig.get_paths()["stdlib"], "test")
    found = set()
    for name in FILES:
        text = open(os.path.join(test_dir, name), encoding="utf-8").read()
        found.update(m.group(1) for m in re.finditer(r"^\s*>>> (.*)$", text, re.M))
        for m in re.finditer(r"""(?:check_syntax_error|_check_error|assertSyntaxError|compile)\(\s*(?:self,\s*)?(["'])((?:\\.|(?!\1).)*)\1""", text):
            try:
                found.add(eval(m.group(1) + m.group(2) + m.group(1)))
            except Exception:  # noqa: BLE001
                pass
    out = []
    for s in sorted(found):
        s = s.strip()
        if "\n" in s:
            continue
        try:
            compile(s, "<s>", "exec")
            continue
        except SyntaxError:
            pass
        except Exception:  # noqa: BLE001
            continue
        if s.startswith("def ") or re.match(r"^[A-Za-z_][A-Za-z_0-9.]*\(", s):
            out.append(s)
    return out


def main():
    probe = sys.argv[1]
    cases = [(s, "brew_coffee(1)") if s.startswith("def ") else (DEF, s) for s in sources()]
    here = os.path.dirname(os.path.abspath(__file__))
    driver = os.path.join(here, "cpython_driver.py")
    py_in = "".join(json.dumps({"def": d, "call": c}) + "\n" for d, c in cases)
    py = subprocess.run([sys.executable, driver], input=py_in, capture_output=True, text=True, check=True).stdout.splitlines()
    ours_in = "".join(json.dumps([d, c]) + "\n" for d, c in cases)
    ours = subprocess.run([probe], input=ours_in, capture_output=True, text=True, check=True).stdout.splitlines()
    same = 0
    for (d, c), p, o in zip(cases, py, ours):
        p = json.loads(p)
        text = d if c == "brew_coffee(1)" else c
        if p["outcome"] == "error":
            loc = tuple(p.get(k) for k in ("lineno", "offset", "end_lineno", "end_offset"))
            want = f'{p["stage"]} {p["type"]}: {p["message"]} {loc}'
            got = o.replace("Some((", "(").replace("))", ")")
            if loc == (None, None, None, None):
                want = want[: -len(" (None, None, None, None)")]
                got = got[: -len(" None")] if got.endswith(" None") else got
        else:
            want, got = "ok", "ok" if o.startswith("ok ") else o
        if want == got:
            same += 1
        else:
            print(f"DIFF {text}\n   CPython: {want}\n   ours:    {got}")
    print(f"{len(cases)} cases from CPython's test suite: {same} identical, {len(cases) - same} different")


main()
