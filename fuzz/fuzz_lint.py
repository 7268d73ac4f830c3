"""Fuzz targets for `goide lint`'s readers: golangci-lint configs (YAML, TOML, JSON) and CI
workflows (GitHub Actions, GitLab CI), seeded from real layouts.

Properties: any bytes either read into a config / workflow or raise InputError (never another
exception, never a hang); a reported line is inside the text; YAML anchors and aliases expand
within the node budget; plain YAML values read back as PyYAML's safe_load gives them. Run it with
`run(max_examples=N)`; tests/lint/test_fuzz_lint.py runs a small number.
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goide.core.errors import InputError
from goide.lint.config import config_from_document
from goide.lint.document import parse_document
from goide.lint.workflows import github_jobs, gitlab_jobs

# A v1 config as teams wrote them, a v2 config as `golangci-lint migrate` writes it, a GitHub
# workflow with an anchor and a matrix, a GitLab job with a cache, a TOML config.
SEEDS = [
    "# team config\nlinters:\n  disable-all: true\n  enable:\n    - gosimple # simple\n    - gofumpt\n"
    "linters-settings:\n  goimports:\n    local-prefixes: example.com/m\nrun:\n  timeout: 5m\n",
    'version: "2"\nlinters:\n  default: none\n  enable:\n    - errcheck\n  exclusions:\n    generated: lax\n'
    "formatters:\n  enable:\n    - gofumpt\n  settings:\n    gofumpt:\n      extra-rules: true\n",
    "on: [push]\njobs:\n  lint:\n    strategy:\n      matrix:\n        go: ['1.25']\n"
    "    runs-on: ${{ matrix.os }}\n    steps:\n      - &s\n        uses: actions/setup-go@v5\n"
    "        with: {go-version: '${{ matrix.go }}'}\n"
    "      - *s\n      - uses: actions/cache@v4\n        with:\n          path: ~/go/pkg/mod\n"
    "          key: ${{ hashFiles('**/go.sum') }}\n",
    "variables:\n  GOLANGCI_LINT_CACHE: .cache/l\n.c: &c\n  key: {files: [go.sum]}\n  paths: [.cache]\n"
    "lint:\n  cache: *c\n  script:\n    - golangci-lint run\n",
]
TOML_SEED = (
    'version = "2"\n[linters]\ndefault = "none"\nenable = ["errcheck"]\n[formatters]\nenable = ["gci"]\n'
)
ALPHABET = st.sampled_from(list("abc:-[]{}&*<>!|#'\"\n \t,?%@`.2\\\x00é\ufeff"))


def _named_source(err: InputError) -> None:
    """Every error names the file it is about, and carries a hint."""
    if not err.message.startswith("fuzz") or not err.hint:
        raise AssertionError(f"error without file or hint: {err.message!r} / {err.hint!r}")


def _check(data: bytes, fmt: str) -> None:
    try:
        doc = parse_document(data, "fuzz", fmt)
    except InputError as err:
        _named_source(err)
        return
    lines = data.count(b"\n") + 1
    assert all(1 <= line <= lines for line in doc.lines.values())
    for reader in (config_from_document, github_jobs, gitlab_jobs):
        try:
            reader(doc)
        except InputError as err:
            _named_source(err)


@st.composite
def mutated(draw: st.DrawFn, seeds: list[str]) -> str:
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        position = draw(st.integers(min_value=0, max_value=len(text)))
        piece = "".join(draw(st.lists(ALPHABET, min_size=1, max_size=4)))
        if draw(st.booleans()):
            text = text[:position] + piece + text[position:]
        else:
            text = text[:position] + text[position + len(piece) :]
    return text


plain_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet="abcxyz -_", max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(alphabet="abcxyz", min_size=1, max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


def run(max_examples: int = 200) -> None:
    common = settings(max_examples=max_examples, deadline=None, suppress_health_check=list(HealthCheck))

    @common
    @given(mutated(SEEDS))
    def yaml_mutations(text: str) -> None:
        _check(text.encode("utf-8", "surrogatepass"), "yaml")

    @common
    @given(mutated([TOML_SEED]))
    def toml_mutations(text: str) -> None:
        _check(text.encode(), "toml")

    @common
    @given(st.binary(max_size=80), st.sampled_from(["yaml", "json", "toml"]))
    def arbitrary_bytes(data: bytes, fmt: str) -> None:
        _check(data, fmt)

    @common
    @given(plain_values)
    def plain_yaml(value: Any) -> None:
        text = yaml.safe_dump(value)
        assert parse_document(text.encode(), "fuzz", "yaml").value == yaml.safe_load(text)

    yaml_mutations()
    toml_mutations()
    arbitrary_bytes()
    plain_yaml()
