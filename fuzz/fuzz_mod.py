"""Fuzz targets for `goide mod`'s parsers: .netrc, GOPROXY, GOAUTH, patterns and the error decoder,
seeded from Go's own netrc test table, GOPROXY values from real reports and the error texts of
tests/data/mod/issues.json.

Properties for any input: no exception but the documented ones, bounded results, every password
Go would send kept among the secrets scrubbed from output, proxy URLs without credentials, the
decoder's line numbers in range and at most MAX_ERRORS errors, and the streaming decoder (which
skips lines of blocks no error shape can match) finding exactly what the line-by-line one finds.
Run with `run(max_examples=N)`; tests/mod/test_fuzz.py runs it.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goide.mod.decode import MAX_ERRORS, decode_lines, decode_stream
from goide.mod.goauth import parse_goauth
from goide.mod.netrc import MIN_SECRET, netrc_problems, parse_netrc, read_netrc
from goide.mod.patterns import match_prefix_patterns
from goide.mod.proxy import parse_goproxy

NETRC_SEEDS = [
    "machine api.github.com\n  login user\n  password pwd\n\nmachine oneline login u3 password p3\n",
    "machine ignore.host macdef ignore\n  login nobody\n  password nothing\n\ndefault\nlogin "
    "anonymous\npassword gopher\n",
    "machine incomplete\npassword none\nmachine x login\n",
]
GOPROXY_SEEDS = [
    "https://proxy.golang.org,direct",
    "https://goproxy.cn|https://proxy.golang.org|direct",
    "https://user:pass@artifactory.corp/api/go/go,off",
    "file:///srv/goproxy",
    "proxy",
    " , |direct",
]
_ISSUES = Path(__file__).resolve().parent.parent / "tests" / "data" / "mod" / "issues.json"
NETRC_ALPHABET = st.sampled_from(list("machine login password default macdef account \n\t\r:/@.ab12"))
PROXY_ALPHABET = st.sampled_from(list(",|:/.@%[]? \tabdefhilnoprstux0123456789"))


def decode_seeds() -> list[str]:
    return [entry["text"] for entry in json.loads(_ISSUES.read_text())]


def check_netrc(text: str) -> None:
    netrc = read_netrc("/n", text, 0o600)
    problems = netrc_problems(text)
    lines = text.count("\n") + 1
    assert all(1 <= p.line <= lines for p in problems)
    assert all(1 <= e.line <= lines for e in netrc.entries)
    for entry in netrc.entries:
        assert entry.machine
        assert entry.login
    for _machine, _login, password, _line in parse_netrc(text):
        assert len(password) < MIN_SECRET or password in netrc.secrets


def check_goproxy(value: str) -> None:
    parsed = parse_goproxy(value)
    assert parsed.error is not None or parsed.entries
    for entry in parsed.entries:
        # Credentials are cut at the last "@" of the authority, so none is left in a URL kept.
        assert not entry.has_credentials or "@" not in entry.url.split("://", 1)[-1].split("/", 1)[0]


def check_decode(text: str) -> None:
    lines = text.split("\n")
    errors, dropped = decode_lines(enumerate(lines, start=1))
    assert len(errors) <= MAX_ERRORS
    assert dropped >= 0
    for error in errors:
        assert 1 <= error.line <= len(lines)
        assert error.fix.description
        assert error.cause
    streamed = decode_stream(io.BytesIO(text.encode())).errors
    assert [(e.kind, e.line, e.module, e.count, e.evidence) for e in streamed] == [
        (e.kind, e.line, e.module, e.count, e.evidence) for e in errors
    ]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[str], alphabet: st.SearchStrategy[str]) -> str:
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        piece = "".join(draw(st.lists(alphabet, min_size=1, max_size=5)))
        action = draw(st.integers(0, 2))
        if action == 0:
            text = text[:at] + piece + text[at:]
        elif action == 1:
            text = text[:at] + text[at + len(piece) :]
        else:
            text = text[:at] + piece + text[at + 1 :]
    return text


def run(max_examples: int = 200) -> None:
    common = settings(max_examples=max_examples, deadline=None, suppress_health_check=list(HealthCheck))
    decode_alphabet = st.sampled_from(
        list("go: @v1/\t\n'\"reading https://x.example/@v/list 404 Not Found verifying module fatal")
    )

    @common
    @given(st.one_of(mutated(NETRC_SEEDS, NETRC_ALPHABET), st.text(max_size=120)))
    def netrc(text: str) -> None:
        check_netrc(text)

    @common
    @given(st.one_of(mutated(GOPROXY_SEEDS, PROXY_ALPHABET), st.text(max_size=60)))
    def goproxy(value: str) -> None:
        check_goproxy(value)
        parse_goauth(value.replace(",", ";"))
        match_prefix_patterns(value, "corp.example/x/y")

    @common
    @given(st.one_of(mutated(decode_seeds(), decode_alphabet), st.text(max_size=200)))
    def decode(text: str) -> None:
        check_decode(text)

    netrc()
    goproxy()
    decode()
