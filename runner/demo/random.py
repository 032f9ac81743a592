"""Deterministic pseudo-random numbers for set-based SQL generation.

`uniform(key, salt, seed)` renders a SQL expression in [0, 1) that depends only on the
row's key, a per-column salt and the load's seed (PostgreSQL's hashint8extended), so the
same seed gives the same data whatever the plan, parallelism or row order.
"""

from __future__ import annotations

TWO_64 = "18446744073709551616.0"


def uniform(key: str, salt: int, seed: int) -> str:
    """A float8 in [0, 1), stable for (key, salt, seed)."""
    # float8 throughout: bigint / numeric would make every draw slow arbitrary-precision math
    return f"(hashint8extended(({key})::bigint, {seed * 7919 + salt})::float8 / {TWO_64} + 0.5)"


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
