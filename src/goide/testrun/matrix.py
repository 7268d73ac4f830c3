"""`goide test matrix`: packages split into N CI buckets of about equal time, as gotestsum's
`tool ci-matrix` does, from the package times of saved streams.

Longest processing time first (LPT, Graham 1969): packages sorted by time, longest first, each put
in the bucket with the least time so far; the longest bucket is then at most 4/3 of the optimum.
A package with no recorded time is given the median of the known ones (gotestsum counts it as
0 s, which piles every new package into one bucket). The output is the JSON of a GitHub Actions
matrix strategy, in gotestsum's shape: `{"include": [{"id", "estimatedRuntime", "packages",
"description"}]}`.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import IO, Any

from goide.testrun.timings import go_duration

NO_TIMING_FALLBACK = 1.0  # seconds, when no package has a recorded time at all


@dataclass
class Bucket:
    id: int
    seconds: float = 0.0
    packages: list[str] = field(default_factory=list)


def split(packages: list[str], times: dict[str, float], partitions: int) -> tuple[list[Bucket], list[str]]:
    """The buckets, and the packages whose time was estimated."""
    known = [times[p] for p in packages if p in times]
    estimate = statistics.median(known) if known else NO_TIMING_FALLBACK
    unknown = [p for p in packages if p not in times]
    cost = {p: times.get(p, estimate) for p in packages}
    buckets = [Bucket(i) for i in range(partitions)]
    for package in sorted(dict.fromkeys(packages), key=lambda p: (-cost[p], p)):
        bucket = min(buckets, key=lambda b: (b.seconds, b.id))
        bucket.packages.append(package)
        bucket.seconds += cost[package]
    return buckets, unknown


def matrix_json(buckets: list[Bucket]) -> dict[str, Any]:
    include = []
    for bucket in buckets:
        first = bucket.packages[0].rsplit("/", 1)[-1] if bucket.packages else "no packages"
        others = len(bucket.packages) - 1
        description = f"{bucket.id} - {first}" + (f" and {others} others" if others > 0 else "")
        include.append(
            {
                "id": bucket.id,
                "estimatedRuntime": go_duration(bucket.seconds),
                "packages": " ".join(bucket.packages),
                "description": description,
            }
        )
    return {"include": include}


def run_matrix(
    packages: list[str], timing_files: list[str], *, partitions: int, out: IO[str], err: IO[str]
) -> int:
    from goide.core.jsonout import dumps
    from goide.testrun.timings import read_timings

    times = read_timings(timing_files).package_mean()
    buckets, estimated = split(packages, times, partitions)
    if estimated:
        err.write(
            f"note: no recorded time for {len(estimated)} of {len(packages)} packages; "
            "counted as the median of the others\n"
        )
    out.write(dumps(matrix_json(buckets), indent=False).decode() + "\n")
    return 0
