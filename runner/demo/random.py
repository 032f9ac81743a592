"""Deterministic pseudo-random numbers for set-based SQL generation.

`uniform(key, salt, seed)` renders a SQL expression in [0, 1) that depends only on the
row's key, a per-column salt and the load's seed (PostgreSQL's hashint8extended), so the
same seed gives the same data whatever the plan, parallelism or row order.
"""

from __future__ import annotations

# 2^-64, exactly (the shortest decimal that reads back as it): scaling the 64-bit hash by it
# is exact, so it gives the same float8 as dividing by 2^64, and a multiplication is cheaper
TWO_TO_MINUS_64 = "5.421010862427522e-20"


def uniform(key: str, salt: int, seed: int) -> str:
    """A float8 in [0, 1), stable for (key, salt, seed)."""
    # float8 throughout: bigint / numeric would make every draw slow arbitrary-precision math
    return f"(hashint8extended(({key})::bigint, {seed * 7919 + salt})::float8 * {TWO_TO_MINUS_64} + 0.5)"


def integer(key: str, salt: int, seed: int, low: int, high: int) -> str:
    """An int in [low, high], uniform."""
    return f"({low} + floor({uniform(key, salt, seed)} * {high - low + 1})::int)"


def chance(key: str, salt: int, seed: int, probability: float) -> str:
    """A boolean that is true with the given probability."""
    return f"({uniform(key, salt, seed)} < {probability})"


def pick(key: str, salt: int, seed: int, values: list[str]) -> str:
    """One of the given SQL literals, uniformly."""
    array = "array[" + ", ".join(values) + "]"
    return f"({array})[1 + floor({uniform(key, salt, seed)} * {len(values)})::int]"


def money(value: str, scale: int = 2) -> str:
    """`round((value)::numeric, scale)` of a float8: the same numeric (value and scale), cheaper.

    A float8 becomes numeric through its text with 15 significant digits, which is slow.
    While |value| * 10^scale < 1e7, that text times 10^scale is within 1e-7 of the float's
    value * 10^scale, so unless that lies within 1e-6 of a half (.5) both round to the same
    integer: rint(value * 10^scale), shifted back by `scale` digits. Near a half, or for
    larger values, the exact conversion decides. `value` is evaluated up to four times: pass
    a column or a cheap expression.
    """
    factor, unit = f"1e{scale}", "0." + "0" * (scale - 1) + "1"
    shifted = f"(({value}) * {factor})"
    return (
        f"(case when abs({shifted}) < 1e7 and abs({shifted} - floor({shifted}) - 0.5) > 1e-6"
        f" then {shifted}::int8::numeric * {unit} else round(({value})::numeric, {scale}) end)"
    )
