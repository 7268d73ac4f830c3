"""A VS Code settings text made safe to keep in a doctor facts file, with the same lines and columns.

`goide doctor` keeps the settings files it checks in its facts, so that `--facts FILE` judges
them on another machine exactly as on this one. Those files hold much more than Go settings
(proxy passwords, tokens in `terminal.integrated.env.*`, database connections), so what goes
into the facts is the text with:

- every comment blanked (its `//`, `/*`, `*/` and line breaks kept);
- every string of a setting the Go checks do not read replaced by a keyed hash of the same
  length (equal values stay equal, so "the same key given twice with the same value" is still
  told apart from "with different values"; the key is random per run, so nothing can be
  guessed back);
- the strings the Go checks do read (`go.*`, `gopls`, `[go]` sections, launch configurations)
  passed through `goide.core.redact`, with environment variables judged by name.

Keys, numbers, booleans and the layout stay as they are, so findings point at the same
line and column as in the user's file. Pure: text in, text out.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from goide.core.redact import redact_env_value, redact_text
from goide.settings.jsonc import Document, Node, whole_tree

# Objects whose members are environment variables: their values are judged by the variable's name.
ENV_OBJECTS = frozenset({"go.toolsEnvVars", "go.testEnvVars", "env"})


def is_go_key(key: str) -> bool:
    """A top-level settings key the Go checks read."""
    return key.startswith(("go.", "gopls")) or key == "launch" or _is_go_section(key)


def _is_go_section(key: str) -> bool:
    if not (key.startswith("[") and key.endswith("]")):
        return False
    return any(lang in ("go", "gomod", "gowork", "gotmpl") for lang in key.strip("[]").split("]["))


class _Redactor:
    def __init__(self, doc: Document, key: bytes) -> None:
        self.doc = doc
        self.key = key
        self.edits: list[tuple[int, int, str]] = []

    def blank(self, start: int, end: int, keep_head: int, keep_tail: int) -> None:
        text = self.doc.text
        inner = "".join(c if c in "\r\n" else " " for c in text[start + keep_head : end - keep_tail])
        self.edits.append((start, end, text[start : start + keep_head] + inner + text[end - keep_tail : end]))

    def hashed(self, node: Node) -> None:
        width = node.end - node.start - 2  # the characters between the quotes
        if width <= 0:
            return
        digest = hmac.new(self.key, str(node.value).encode("utf-8", "surrogatepass"), hashlib.sha256)
        token = (digest.hexdigest() * (width // 64 + 1))[:width]
        self.edits.append((node.start, node.end, f'"{token}"'))

    def redacted(self, node: Node, env_name: str | None) -> None:
        value = str(node.value)
        safe = redact_env_value(env_name, value) if env_name is not None else redact_text(value)
        if safe != value:
            token = json.dumps(safe, ensure_ascii=False)
            # Padding keeps the columns after it; a longer token shifts only the rest of this line.
            self.edits.append((node.start, node.end, token.ljust(node.end - node.start)))

    def walk(self, node: Node, *, read: bool, env: bool = False) -> None:
        """`read`: the Go checks read this value (redact it); otherwise hash its strings."""
        if node.kind == "string":
            if read:
                self.redacted(node, None)
            else:
                self.hashed(node)
        elif node.kind == "array":
            for item in node.items:
                self.walk(item, read=read)
        elif node.kind == "object":
            for member in node.members:
                if env and member.value.kind == "string":
                    if read:
                        self.redacted(member.value, member.key)
                    else:
                        self.hashed(member.value)
                else:
                    self.walk(member.value, read=read, env=member.key in ENV_OBJECTS)

    def settings_object(self, node: Node) -> None:
        """A settings object: Go keys are read, everything else is hashed."""
        if node.kind != "object":
            self.walk(node, read=False)
            return
        for member in node.members:
            if _is_go_section(member.key):
                self.settings_object(member.value)
            else:
                self.walk(member.value, read=is_go_key(member.key), env=member.key in ENV_OBJECTS)

    def apply(self) -> str:
        text = self.doc.text
        out: list[str] = []
        pos = 0
        for start, end, replacement in sorted(self.edits):
            out.append(text[pos:start])
            out.append(replacement)
            pos = end
        out.append(text[pos:])
        return "".join(out)


def redact_settings_text(doc: Document, kind: str, key: bytes) -> str:
    """The text of `doc` (a settings file of `kind`: user, workspace, code-workspace, launch) with
    comments blanked, settings other than Go's hashed and secrets redacted. `key` keys the hash."""
    redactor = _Redactor(doc, key)
    for start, end in doc.comments:
        is_block = doc.text.startswith("/*", start)
        redactor.blank(start, end, 2, 2 if is_block else 0)
    root = whole_tree(doc)  # every string is read: the nodes are made in one pass
    if root is not None:
        if kind == "launch":
            redactor.walk(root, read=True)
        elif kind == "code-workspace" and root.kind == "object":
            for member in root.members:
                if member.key == "settings":
                    redactor.settings_object(member.value)
                else:
                    redactor.walk(member.value, read=member.key == "launch")
        else:
            redactor.settings_object(root)
    # A final pass over the whole text, as facts files get: what it would change is changed now,
    # so that the text saved and the text judged are the same.
    return redact_text(redactor.apply())
