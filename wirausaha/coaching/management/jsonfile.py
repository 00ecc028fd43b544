"""What the two planners' commands (plan_calc, assign_counselors) share: reading a JSON file or
standard input into plain data, with the problem found named the way each pure module names its
own, and printing JSON as read by people (no escaped letters)."""

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def read_json(file: str, problem: Callable[..., dict], root: str) -> tuple[Any, list[dict]]:
    """The data in `file` ('-': standard input), or ([], the problem) when it cannot be read."""
    try:
        text = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as error:
        return None, [problem(root, "unreadable", detail=error.strerror or str(error))]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as error:
        return None, [
            problem(root, "invalid_json", detail=f"baris {error.lineno}, kolom {error.colno}: {error.msg}")
        ]
    except (UnicodeDecodeError, ValueError) as error:
        # Not UTF-8, or an integer of thousands of digits (Python refuses to read those).
        return None, [problem(root, "invalid_json", detail=str(error)[:120])]


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def errors_json(errors: list[dict]) -> str:
    return dumps({"errors": [{"field": e["field"], "message": e["message"]} for e in errors]})
