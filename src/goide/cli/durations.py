"""The argparse type of every timeout flag: a finite number of seconds, above 0, below a ceiling.

`float()` accepts "nan", "inf" and "1e308"; passed on, they end as a ValueError or an
OverflowError deep inside a subprocess or thread wait (an internal error, or a probe that
"crashes"). One shared type turns them into `error:` + `hint:` and exit 2 before anything runs.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from goide.core.errors import InputError

# A probe runs one quick command (go env, dlv version, a Delve launch): an hour is already absurd.
PROBE_LIMIT = 3600.0
# A run (go test, benchmarks) may legitimately take hours; a day is the ceiling.
RUN_LIMIT = 86400.0


def seconds(flag: str, *, limit: float, example: str) -> Callable[[str], float]:
    """An argparse `type=` for `flag`: raises InputError (not ValueError, so that the message
    names the flag and carries a hint) for anything but a finite number in (0, limit]."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value <= 0 or value > limit:
            raise InputError(
                f"{flag} must be a number of seconds above 0 and at most {limit:g}, not {text!r}",
                hint=f"for example {flag} {example}",
            )
        return value

    return parse
