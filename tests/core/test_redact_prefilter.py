"""`redact_text` with its prefilters (issue 18) against the function as it was before them.

`redact_text` skips a pattern when the text lacks a string that every match of that pattern
holds (a secret word, "@" in a URL with userinfo, a token shape's start). The reference below is
the function before that change, kept here word for word, using the same compiled patterns: the
two must agree on every text. The generated texts are built from the shapes secrets take (names
in snake, kebab, camel, Pascal, upper and dotted case, `=`/`:`/flag/quoted forms, URLs with
userinfo, headers, token prefixes) and from the non-ASCII letters that `(?i)` matches to ASCII
ones (the long s, the Kelvin sign, dotted and dotless i), which .lower() does not map.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from goide.core import redact
from goide.core.redact import REDACTED, redact_text


def reference_redact_text(text: str) -> str:
    """redact_text as it was before the prefilters (main at 6bac478, patterns compiled lazily),
    word for word."""
    if not text:
        return text
    lower = text.lower()
    if "://" in text:
        text = redact._URL_USERINFO.get().sub(redact._userinfo, text)
    if "auth" in lower:
        text = redact._AUTH_HEADER.get().sub(
            lambda m: f"{m.group(1)}{m.group(2)}{m.group(3) or ''}{REDACTED}", text
        )
    if "=" in text:
        if "?" in text or "&" in text:
            text = redact._QUERY_SECRET.get().sub(redact._keep_name, text)
        text = redact._KEY_VALUE.get().sub(redact._keep_name, text)
    if ":" in text:
        if "cookie" in lower:
            text = redact._COOKIE_HEADER.get().sub(redact._keep_name_two, text)
        if "-key" in lower or "-token" in lower:
            text = redact._KEY_HEADER.get().sub(redact._keep_name_two, text)
        if '"' in text or "'" in text:
            text = redact._QUOTED_KEY_VALUE.get().sub(lambda m: f'{m.group(1)}"{REDACTED}"', text)
    if "password" in lower:
        text = redact._NETRC_PASSWORD.get().sub(redact._keep_name, text)
    if "-" in text:
        text = redact._FLAG_VALUE.get().sub(redact._keep_name, text)
        if '"' in text or "'" in text:
            text = redact._FLAG_ITEM.get().sub(redact._keep_name, text)
    if "bearer" in lower:
        text = redact._BEARER.get().sub(redact._keep_name, text)
    return redact._TOKEN_SHAPES.get().sub(REDACTED, text)


WORDS = [
    "password", "passwd", "passphrase", "secret", "token", "api_key", "api-key", "apikey",
    "secret_key", "private-key", "privatekey", "access_key", "credential", "credentials",
    "auth", "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key",
    "private-token", "x-goog-api-key", "bearer", "login", "sig", "pwd", "key", "pass",
]  # fmt: skip
# Letters that (?i) matches to an ASCII letter although .lower() keeps them apart.
CONFUSABLES = {"s": "\u017f", "k": "\u212a", "i": "\u0131", "I": "\u0130"}


def _styles(word: str) -> list[str]:
    parts = re.split(r"[_-]", word)
    camel = parts[0] + "".join(p.capitalize() for p in parts[1:])
    return [
        word,
        word.upper(),
        word.capitalize(),
        camel,
        camel[:1].upper() + camel[1:],
        "_".join(parts),
        "-".join(parts),
        "DB_" + "_".join(parts).upper(),
        "main.github" + camel[:1].upper() + camel[1:],
        "my" + camel[:1].upper() + camel[1:],
    ]


NAMES = sorted({style for word in WORDS for style in _styles(word)})
PIECES = [
    "=", " = ", ":", ": ", '"', "'", " ", "\t", "\n", "\r\n", "--", "-", "-X=", "&", "?", "@",
    "://", "https://", "https://user:pa55@host/x", "https://tok3n@github.com", "[", "(", ",",
    ", ", "REDACTED", "protected", "value", "s3cr3t-V4lue", '"quoted value"', "'single'",
    "Bearer ", "login me ", "ghp_", "github_pat_", "glpat-", "xoxb-", "AKIA", "eyJ", ".",
    "sk-", "sk-proj-", "sk_live_", "rk_test_", "AIza", "npm_", "pypi-", "hf_", "dop_v1_",
    "abcdefghijklmnopqrstuvwxyz0123456789", "ABCDEFGHIJKLMNOP", "0123456789abcdef" * 3,
    "/home/me/go/src/x.go:12", "main.main()", "goroutine 1 [running]:", "addr=0x0",
]  # fmt: skip


# One of each token shape, whole, so that every start the prefilter looks for is tried.
TOKENS = [
    "ghp_" + "a" * 20, "gho_" + "B" * 20, "github_pat_" + "C_" * 10, "glpat-" + "d-" * 10,
    "xoxb-" + "e" * 10, "AKIA" + "F" * 16, "eyJ" + "g" * 10 + "." + "h" * 10 + ".i",
    "sk-" + "j" * 20, "sk-proj-" + "k" * 20, "sk-ant-" + "l" * 20, "sk_live_" + "m" * 16,
    "rk_test_" + "n" * 16, "AIza" + "o" * 30, "npm_" + "p" * 30, "pypi-" + "q" * 40,
    "hf_" + "r" * 30, "dop_v1_" + "f" * 40,
]  # fmt: skip


@st.composite
def _confused(draw: st.DrawFn, text: str) -> str:
    """`text` with some letters swapped for those (?i) matches to them."""
    chars = list(text)
    for index in draw(st.lists(st.integers(0, max(0, len(chars) - 1)), max_size=3)):
        if chars and chars[index] in CONFUSABLES:
            chars[index] = CONFUSABLES[chars[index]]
    return "".join(chars)


_piece = st.one_of(
    st.sampled_from(NAMES),
    st.sampled_from(TOKENS),
    st.sampled_from(PIECES),
    st.sampled_from(NAMES).flatmap(_confused),
    st.text(alphabet="aAsSkKiI=:-_ \"'\n@./\u017f\u212a\u0131\u0130\u00e9", max_size=6),
)
TEXTS = st.lists(_piece, max_size=24).map("".join)


@settings(max_examples=3000, deadline=None)
@given(TEXTS)
def test_redact_text_equals_the_reference_on_secret_shapes(text: str) -> None:
    assert redact_text(text) == reference_redact_text(text)


def test_every_token_shape_is_redacted_as_before() -> None:
    for token in TOKENS:
        for text in (token, f"x {token} y", f"/path/{token}\n"):
            assert redact_text(text) == reference_redact_text(text), text
            assert REDACTED in redact_text(text), text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_redact_text_equals_the_reference_on_any_text(text: str) -> None:
    assert redact_text(text) == reference_redact_text(text)


def test_confusable_letters_still_redact() -> None:
    # `(?i)` matches the long s to "s" and the Kelvin sign to "k": these texts reach the
    # patterns although their lowercase holds no ASCII secret word.
    for text in ("pa\u017f\u017fword=hunter2", "api\u212aey=hunter2", "--\u017fecret hunter2"):
        assert redact_text(text) == reference_redact_text(text)
        assert "hunter2" not in redact_text(text), text


def test_prefilters_skip_nothing_in_the_planted_shapes() -> None:
    texts = [
        "DB_PASSWORD = hunter2",
        "dbPassword=hunter2",
        '"api_key": "hunter2"',
        "-X=main.githubToken=hunter2",
        "--token hunter2",
        '["--password", "hunter2"]',
        "https://me:hunter2@proxy.example.com",
        "Authorization: Basic hunter2",
        "Bearer hunter2hunter2",
        "machine x login me password hunter2",
        "sk-proj-" + "A" * 24,
        "AKIA" + "B" * 16,
    ]
    for text in texts:
        assert redact_text(text) == reference_redact_text(text)
        assert "hunter2" not in redact_text(text), text
        assert "AAAA" not in redact_text(text), text
