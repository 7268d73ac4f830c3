"""The choices of goide test's --junit-* options (applied by junit_options.py); kept apart so that
building the command line imports nothing else."""

NAME_FORMATS = ("full", "relative", "short")
SUBTEST_MODES = ("all", "exclude-parents", "ignore-parent-results")
