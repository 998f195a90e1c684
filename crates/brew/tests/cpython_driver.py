"""Runs (def, call) cases through CPython and prints what it does, one JSON object a line.

Input: JSON Lines on stdin, each {"def": "def ...", "call": "..."}.
Output: one JSON object per case, in order:
  {"outcome": "ok", "bound": [[name, repr], ...]}
  {"outcome": "error", "type": "TypeError", "message": "...",
   "lineno": n|null, "offset": n|null, "end_lineno": n|null, "end_offset": n|null, "stage": "def"|"call"}
Messages are what Python's traceback prints (NameError gets its "Did you mean" suggestion).
Used by crates/brew/tests/differential.rs; needs CPython 3.13.
"""
import contextlib
import io
import json
import sys
import traceback
import warnings

warnings.simplefilter("ignore")


def error(stage, exc):
    out = {"outcome": "error", "type": type(exc).__name__, "stage": stage}
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


def run_bound(case):
    """Like run, but captures the bound locals by making the function return them into a cell."""
    ns = {}
    src = case["def"] + ":\n    __brew_result__.append(dict(locals()))"
    ns["__brew_result__"] = []
    try:
        exec(compile(src, "<def>", "exec"), ns)
    except Exception as exc:  # noqa: BLE001
        return error("def", exc)
    results = ns.pop("__brew_result__")
    ns["__brew_result__"] = results
    fn = next(v for k, v in ns.items() if k not in ("__builtins__", "__brew_result__"))
    try:
        code = compile(case["call"], "<call>", "exec")
    except Exception as exc:  # noqa: BLE001
        return error("call", exc)
    # Run the call in a namespace holding only the function and builtins, in that order.
    call_ns = {"__builtins__": __builtins__, fn.__name__: fn}
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # a call to print() must not print
            exec(code, call_ns)
    except Exception as exc:  # noqa: BLE001
        return error("call", exc)
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
