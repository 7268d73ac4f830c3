"""The results of a `go test` run: packages, tests, build failures and totals, as plain data.

Filled by `testrun.aggregate.Aggregate` and read by every view (terminal summary, JSON, JUnit,
HTML); no view re-reads the stream.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from goide.testrun.output import Output

PASS = "pass"
FAIL = "fail"
SKIP = "skip"
RUNNING = "running"

# Why a test that never reported a result counts as failed.
CRASH_PANIC = "panic"
CRASH_TIMEOUT = "timeout"
CRASH_EXIT = "exit"  # the test binary ended (os.Exit, a signal) while the test ran
CRASH_SUBTEST = "subtest-crashed"  # a subtest crashed the binary; the parent never finished
CRASH_OTHER = "other-crashed"  # another test's goroutine crashed the binary while this test ran
CRASH_STREAM_END = "stream-ended"  # the stream ended (go test killed, file cut) before the result


@dataclass(eq=False)
class TestResult:
    """One run of one test, benchmark, example or fuzz seed (subtests have `/` in the name)."""

    name: str
    status: str = RUNNING
    elapsed: float | None = None
    output: Output | None = field(default_factory=Output)
    attrs: dict[str, str] = field(default_factory=dict)
    skip_reason: str = ""
    crash: str = ""  # one of CRASH_*, set when the binary died before the test ended
    panicked: bool = False
    # The crash (panic and stacks) that this test caused, when test2json filed it elsewhere: under
    # the test running at the time, under the parent of a subtest, or as package output.
    crash_text: list[str] = field(default_factory=list)
    crashed_by: str = ""  # for CRASH_OTHER: the test whose goroutine crashed the binary
    flaky: str = ""  # "passed on rerun N": it failed, then passed when run again
    attached: bool = False  # in its package's (or parent's) list of tests
    subtests: list[TestResult] = field(default_factory=list)
    parent: TestResult | None = None

    @property
    def depth(self) -> int:
        return self.name.count("/")


@dataclass(eq=False)
class BuildFailure:
    """A build or vet failure (Go 1.24+ build events, or pre-1.24 text on stderr)."""

    import_path: str  # the package ID: "m/p [m/p.test]", "m/dep", or an unrelated path for load errors
    output: list[str] = field(default_factory=list)
    failed: bool = False
    broken_packages: list[str] = field(default_factory=list)
    from_text: bool = False  # read from plain text (pre-1.24 stderr), not from build events


@dataclass(eq=False)
class PackageResult:
    name: str
    status: str = RUNNING
    elapsed: float | None = None
    coverage: str = ""
    cached: bool = False
    no_test_files: bool = False
    no_tests_to_run: bool = False
    failed_build: str = ""  # FailedBuild, or "[build failed]"/"[setup failed]" seen in the output
    shuffle_seed: str = ""
    output: Output = field(default_factory=Output)  # package-level output (no Test)
    tests: list[TestResult] = field(default_factory=list)  # root tests, in order of appearance
    running: dict[str, TestResult] = field(default_factory=dict)
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    runs: int = 0  # a package started again (the same stream repeated, reruns)
    started: bool = False  # a start event was seen (events may arrive without one)
    panicked: bool = False
    timed_out: bool = False
    started_at: str = ""  # the Time of its start event
    stream_ended: bool = False  # the stream ended before the package's result
    # A crash no test could be named for (a goroutine of a library, init): kept on the package.
    crash_text: list[str] = field(default_factory=list)
    # Passed tests whose output holds a crash: kept until the package result says whether the
    # crash was theirs (test2json files a panic under the test that was printing at the time).
    held: list[TestResult] = field(default_factory=list)
    # Tests that ended lately, to ignore a second result event without a new `run`.
    recently_ended: dict[str, TestResult] = field(default_factory=dict)


@dataclass
class Totals:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    build_errors: int = 0
    packages: int = 0
    packages_failed: int = 0


@dataclass(frozen=True, order=True)
class SlowTest:
    elapsed: float
    package: str
    name: str


def walk_tests(tests: list[TestResult]) -> list[TestResult]:
    """`tests` and all their subtests, depth first, parents before their children."""
    result: list[TestResult] = []
    for test in tests:
        result.append(test)
        result.extend(walk_tests(test.subtests))
    return result
