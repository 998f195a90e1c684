"""Evaluates one Python expression per input line (JSON strings) and prints
one JSON answer per line: {"ok": repr}, {"error": "Type: message"}, or
{"address": type} when the repr shows a memory address. Run under
PYTHONHASHSEED=0 so that sets of strings print in a reproducible order.

The order of a constant set display also depends on whether an equal
string was interned in the process when the display was compiled (CPython
then rebuilds the constant frozenset once more): every expression is
compiled with no value of an earlier one still alive, as in a fresh
process, and the generator avoids the strings CPython interns at startup."""

import json
import signal
import sys
import warnings

warnings.simplefilter("ignore")


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


signal.signal(signal.SIGALRM, on_alarm)

for line in sys.stdin:
    expr = json.loads(line)
    signal.alarm(5)
    try:
        value = eval(compile(expr, "<expr>", "eval"), {})
        text = repr(value)
        if " object at 0x" in text:
            out = {"address": type(value).__name__}
        else:
            out = {"ok": text}
    except Timeout:
        out = {"timeout": True}
    except Exception as e:
        out = {"error": f"{type(e).__name__}: {e}"}
    finally:
        signal.alarm(0)
    # Drop the value before compiling the next expression (see above).
    value = text = None
    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
sys.stdout.flush()
