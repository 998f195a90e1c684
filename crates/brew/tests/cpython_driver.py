"""Runs (def, call) cases through CPython and prints what it does, one JSON object a line.

Input: JSON Lines on stdin, each {"def": "def ...", "call": "..."}.
Output: one JSON object per case, in order:
  {"outcome": "ok", "bound": [[name, repr], ...]}
  {"outcome": "error", "type": "TypeError", "message": "...",
   "lineno": n|null, "offset": n|null, "end_lineno": n|null, "end_offset": n|null, "stage": "def"|"call"}
Messages are what Python's traceback prints (NameError gets its "Did you mean" suggestion).
A runtime error of the call (or of a def written with its body) also carries
"traceback": what `python3 script.py` prints for it, the text being the file
`<call>` (or `<def>`).
Used by crates/brew/tests/differential.rs; needs CPython 3.13.
"""
import ast
import contextlib
import io
import json
import linecache
import sys
import tokenize
import traceback
import warnings

warnings.simplefilter("ignore")


def error(stage, exc, source=None):
    """The exception as the driver reports it; for a runtime error of a
    text given as `source` (the `<def>` or `<call>` file), also the whole
    traceback of that text's own frame, as `python3 script.py` prints it."""
    out = {"outcome": "error", "type": type(exc).__name__, "stage": stage}
    if source is not None and not isinstance(exc, SyntaxError) and exc.__traceback__:
        name = "<def>" if stage == "def" else "<call>"
        # As linecache reads a file: universal newlines, nothing else splits.
        linecache.cache[name] = (len(source), None, io.StringIO(source, newline=None).readlines(), name)
        tb = exc.__traceback__.tb_next
        out["traceback"] = "".join(traceback.format_exception(type(exc), exc, tb))
    if isinstance(exc, SyntaxError):
        out["message"] = exc.msg
        out["lineno"] = exc.lineno
        out["offset"] = exc.offset
        out["end_lineno"] = exc.end_lineno
        out["end_offset"] = exc.end_offset
    else:
        last = traceback.format_exception(exc)[-1].rstrip("\n")
        prefix = type(exc).__name__ + ": "
        out["message"] = last[len(prefix):] if last.startswith(prefix) else str(exc)
    return out


def script_globals():
    """The globals of a script run as `python3 brew.py`, in CPython 3.13's order."""
    return {
        "__name__": "__main__",
        "__doc__": None,
        "__package__": None,
        "__loader__": None,
        "__spec__": None,
        "__annotations__": {},
        "__builtins__": __builtins__,
        "__file__": "brew.py",
        "__cached__": None,
    }


def completed(text):
    """The def line as a script holds it: as written when it has a body (after
    its `:` at bracket depth 0, on its line or indented below it) or more
    lines after its header, or when its text cannot be tokenized (CPython's
    own error for it, such as an unclosed bracket); else with ` pass` after
    its `:`, or `: pass` after its header's last token (before a comment or
    the line break that ends it)."""
    skip = (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER)
    try:
        toks = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return text
    lines = text.splitlines(True)

    def offset(row, col):
        return len("".join(lines[: row - 1])) + col

    depth = 0
    last = None
    for i, tok in enumerate(toks):
        if tok.type == tokenize.NEWLINE:
            if any(t.type not in skip for t in toks[i + 1:]):
                return text
            break
        if tok.type in skip:
            continue
        if tok.type == tokenize.OP:
            if tok.string in "([{":
                depth += 1
            elif tok.string in ")]}":
                depth -= 1
            elif tok.string == ":" and depth == 0:
                if any(t.type not in skip for t in toks[i + 1:]):
                    return text
                at = offset(*tok.end)
                return text[:at] + " pass" + text[at:]
        last = tok
    if last is None:
        return text + ": pass"
    at = offset(*last.end)
    return text[:at] + ": pass" + text[at:]


def run_bound(case):
    """Defines the function in a script's globals, calls it from a script's
    globals holding it, and captures its bound locals: the def is compiled as
    written (with `: pass` when it has no body), then run with its body
    replaced by one that records `locals()`."""
    src = completed(case["def"])
    ns = script_globals()
    results = []
    try:
        compile(src, "<def>", "exec")
        tree = ast.parse(src)
        tree.body[0].body = ast.parse("__brew_result__.append(dict(locals()))").body
        code = compile(tree, "<def>", "exec")
        exec(code, ns)
    except Exception as exc:  # noqa: BLE001
        # The traceback shows the def's line as written only when it had a body.
        return error("def", exc, src if src == case["def"] else None)
    fn = next(v for k, v in ns.items() if k not in script_globals())
    ns["__brew_result__"] = results
    try:
        code = compile(case["call"], "<call>", "exec")
    except Exception as exc:  # noqa: BLE001
        return error("call", exc)
    # Run the call in a script's globals holding the function.
    call_ns = script_globals()
    call_ns[fn.__name__] = fn
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # a call to print() must not print
            exec(code, call_ns)
    except Exception as exc:  # noqa: BLE001
        return error("call", exc, case["call"])
    if not results:
        return {"outcome": "ok", "bound": None}
    try:
        bound = [[k, repr(v)] for k, v in results[-1].items()]
    except ValueError as exc:  # an int too long for repr
        return error("repr", exc)
    return {"outcome": "ok", "bound": bound}


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        case = json.loads(line)
        print(json.dumps(run_bound(case), ensure_ascii=False), flush=False)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
