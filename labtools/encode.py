"""Turn the values a learner's code returns into plain JSON, and describe them briefly.

The grader compares values outside the learner's kernel, so a check records *data*, never live
objects: an object whose ``__eq__`` always says yes becomes an opaque ``$repr`` that equals
nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

MAX_ITEMS = 5000  # a value larger than this is cut; no check needs more


def encode(value: Any, _depth: int = 0) -> Any:
    """A JSON-safe description of ``value``."""
    if _depth > 20:
        return {"$repr": "(nested too deeply)"}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return {"$float": repr(value)}
        return float(value)
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, BaseException):
        return {
            "$error": {
                "type": type(value).__name__,
                "types": [t.__name__ for t in type(value).__mro__],
                "message": str(value)[:500],
            }
        }
    module = type(value).__module__
    if module.startswith("numpy"):
        return _encode_numpy(value, _depth)
    if module.startswith("pandas"):
        return _encode_pandas(value, _depth)
    if isinstance(value, (dt.datetime, dt.date)):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dict):
        items = list(value.items())[:MAX_ITEMS]
        return {"$dict": [[encode(k, _depth + 1), encode(v, _depth + 1)] for k, v in items]}
    if isinstance(value, (list, tuple)):
        return [encode(v, _depth + 1) for v in list(value)[:MAX_ITEMS]]
    if isinstance(value, (set, frozenset)):
        return {"$set": sorted((encode(v, _depth + 1) for v in value), key=repr)[:MAX_ITEMS]}
    return {"$repr": f"{type(value).__name__} object"}


def _encode_numpy(value: Any, depth: int) -> Any:
    import numpy as np

    if isinstance(value, np.ndarray):
        return encode(value.tolist(), depth + 1)
    if isinstance(value, np.generic):
        return encode(value.item(), depth + 1)
    return {"$repr": f"{type(value).__name__} object"}


def _encode_pandas(value: Any, depth: int) -> Any:
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        frame = value.head(MAX_ITEMS)
        return {
            "$frame": {
                "columns": [encode(c, depth + 1) for c in frame.columns],
                "index": [encode(i, depth + 1) for i in frame.index],
                "data": [[encode(v, depth + 1) for v in row] for row in frame.itertuples(index=False)],
            }
        }
    if isinstance(value, pd.Series):
        series = value.head(MAX_ITEMS)
        return {
            "$series": {
                "name": encode(series.name, depth + 1),
                "index": [encode(i, depth + 1) for i in series.index],
                "data": [encode(v, depth + 1) for v in series.tolist()],
            }
        }
    if isinstance(value, pd.Timestamp):
        return {"$datetime": value.isoformat()}
    if value is pd.NaT:
        return {"$float": "nan"}
    if value is pd.NA:
        return None
    if isinstance(value, pd.Period):
        return {"$datetime": str(value)}
    return {"$repr": f"{type(value).__name__} object"}


def describe(encoded: Any, limit: int = 120) -> str:
    """A short, readable description of an encoded value, for feedback."""
    text = _describe(encoded)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(v: Any) -> str:
    if isinstance(v, dict):
        if "$error" in v:
            err = v["$error"]
            return f"{err['type']}: {err['message']}" if err["message"] else err["type"]
        if "$frame" in v:
            f = v["$frame"]
            return f"a table with {len(f['data'])} rows and columns {', '.join(map(str, f['columns']))}"
        if "$series" in v:
            s = v["$series"]
            return f"a column of {len(s['data'])} values"
        if "$float" in v:
            return v["$float"]
        if "$decimal" in v:
            return v["$decimal"]
        if "$datetime" in v:
            return v["$datetime"]
        if "$repr" in v:
            return str(v["$repr"])
        if "$set" in v:
            return "{" + ", ".join(_describe(x) for x in v["$set"]) + "}"
        if "$dict" in v:
            return "{" + ", ".join(f"{_describe(k)}: {_describe(x)}" for k, x in v["$dict"]) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_describe(x) for x in v) + "]"
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, str):
        return repr(v)
    return str(v)


def is_error(encoded: Any) -> bool:
    return isinstance(encoded, dict) and "$error" in encoded
