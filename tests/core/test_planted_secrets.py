"""Planted secrets, in every spelling users give them, must not reach any output of any command.

The corpus plants secrets where real users keep them: camelCase, PascalCase, kebab, snake and
dotted names in `go.testEnvVars`, `go.toolsEnvVars`, launch `env`; `-X=main.githubToken=...` in
`go.buildFlags` and in GOFLAGS; `--password X`, `--token X` in launch `args`; `Authorization`,
a bare `Bearer X`; credentials in a GOPROXY URL; and token shapes (OpenAI, Stripe, Google, npm,
GitLab, Slack). Each command is run for real, in each of its output formats, and its stdout,
stderr and every file it writes are searched for every planted value.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from goide.core.redact import redact_text
from tests.helpers import goide

# The secret values; each is unique so that a leak names its source.
PLANTED = {
    "camel env": "pl4nted-camel-0001",
    "snake env": "pl4nted-snake-0002",
    "kebab env": "pl4nted-kebab-0003",
    "pascal env": "pl4nted-pascal-0004",
    "dotted key": "pl4nted-dotted-0005",
    "ldflags": "pl4nted-ldflags-0006",
    "goflags": "pl4nted-goflags-0007",
    "proxy password": "pl4nted-proxypass-0008",
    "flag --password": "pl4nted-flagpass-0009",
    "flag --token": "pl4nted-flagtoken-0010",
    "flag --token=": "pl4nted-flagtokeneq-0011",
    "authorization": "pl4nted-authz-0012",
    "bearer": "pl4nted-bearer-0013",
    "launch env": "pl4nted-launchenv-0014",
    "launch args": "pl4nted-launchargs-0015",
    "openai": "sk-proj-Pl4ntedOpenAIKey0123456789abcdef",
    "stripe": "sk_live_Pl4ntedStripe0123456789",
    "google": "AIzaSyPl4ntedGoogleKey0123456789abcdefgh",
    "npm": "npm_Pl4ntedNpmToken0123456789abcdefghijkl",
    "gitlab": "glpat-Pl4ntedGitlab0123456789",
    "slack": "xoxb-pl4nted-slack-000111",
    "env GOFLAGS": "pl4nted-envgoflags-0016",
    "env GOPROXY": "pl4nted-envproxy-0017",
}

SETTINGS = f"""{{
  // planted secrets for goide's redaction test
  "go.testEnvVars": {{
    "dbPassword": "{PLANTED["camel env"]}",
    "API_TOKEN": "{PLANTED["snake env"]}",
    "client-secret": "{PLANTED["kebab env"]}",
    "GithubToken": "{PLANTED["pascal env"]}"
  }},
  "go.delveConfig": {{"service.apiKey": "{PLANTED["dotted key"]}"}},
  "go.buildFlags": ["-ldflags=-X=main.githubToken={PLANTED["ldflags"]}"],
  "go.toolsEnvVars": {{
    "GOFLAGS": "-ldflags=-X=main.apiKey={PLANTED["goflags"]}",
    "GOPROXY": "https://bob:{PLANTED["proxy password"]}@proxy.example.com"
  }},
  "go.testFlags": ["--password", "{PLANTED["flag --password"]}", "--token", "{PLANTED["flag --token"]}",
                   "--token={PLANTED["flag --token="]}"],
  "gopls": {{"env": {{"Authorization": "token {PLANTED["authorization"]}",
                     "X": "Bearer {PLANTED["bearer"]}"}}}},
  "go.lintFlags": ["--key={PLANTED["openai"]}", "{PLANTED["stripe"]}", "{PLANTED["google"]}"],
  "go.lintTool": "golangcilint"
}}
"""

LAUNCH = f"""{{
  "version": "0.2.0",
  "configurations": [
    {{
      "name": "planted", "type": "go", "request": "launch", "program": "${{workspaceFolder}}",
      "env": {{"apiToken": "{PLANTED["launch env"]}"}},
      "args": ["--password", "{PLANTED["launch args"]}", "{PLANTED["npm"]}", "{PLANTED["gitlab"]}",
               "{PLANTED["slack"]}"],
      "bogusAttribute": true
    }}
  ]
}}
"""


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("planted")
    workspace = root / "ws"
    (workspace / ".vscode").mkdir(parents=True)
    (workspace / ".vscode" / "settings.json").write_text(SETTINGS)
    (workspace / ".vscode" / "launch.json").write_text(LAUNCH)
    home = root / "home"
    user = home / ".config" / "Code" / "User"
    user.mkdir(parents=True)
    (user / "settings.json").write_text(SETTINGS)
    go = shutil.which("go")
    assert go, "the real go is needed"
    env = {
        "HOME": str(home),
        "PATH": f"{Path(go).parent}:{os.environ['PATH']}",
        "GOFLAGS": f"-ldflags=-X=main.githubToken={PLANTED['env GOFLAGS']}",
        "GOPROXY": f"https://alice:{PLANTED['env GOPROXY']}@proxy.example.com,direct",
    }
    return workspace, env


def _leaks(text: str) -> list[str]:
    return [name for name, value in PLANTED.items() if value in text]


def test_the_corpus_is_what_users_write() -> None:
    # every value really is in the files the commands read, so a clean output means redaction
    for name, value in PLANTED.items():
        if not name.startswith("env "):
            assert value in SETTINGS + LAUNCH, name
    assert not _leaks(redact_text(SETTINGS + LAUNCH))


COMMANDS = [
    ("doctor", "text", ["doctor", "-v", "--workspace", "{ws}"]),
    ("doctor", "json", ["doctor", "--json", "--workspace", "{ws}"]),
    ("doctor", "markdown", ["doctor", "--markdown", "--workspace", "{ws}"]),
    ("doctor", "facts", ["doctor", "--workspace", "{ws}", "--facts-out", "{out}"]),
    ("settings", "text", ["settings", "check", "-v", "--workspace", "{ws}"]),
    ("settings", "json", ["settings", "check", "--json", "--workspace", "{ws}"]),
    ("debug", "text", ["debug", "check", "--workspace", "{ws}"]),
    ("debug", "json", ["debug", "check", "--json", "--workspace", "{ws}"]),
]


@pytest.mark.integration
@pytest.mark.parametrize(("command", "view", "argv"), COMMANDS, ids=[f"{c}-{v}" for c, v, _ in COMMANDS])
def test_no_planted_secret_in_any_output(
    planted: tuple[Path, dict[str, str]], tmp_path: Path, command: str, view: str, argv: list[str]
) -> None:
    workspace, env = planted
    out = tmp_path / "out"
    args = [a.format(ws=workspace, out=out) for a in argv]
    result = goide(*args, env=env, cwd=workspace)
    assert result.returncode in (0, 1), result.stderr.decode(errors="replace")
    text = result.stdout.decode(errors="replace") + result.stderr.decode(errors="replace")
    if out.exists():
        text += out.read_text(errors="replace")
    assert text.strip(), "the command printed nothing to check"
    assert _leaks(text) == []
    if view == "facts":
        # the settings texts doctor keeps in its facts are there (so the check above saw them)
        facts = json.loads(out.read_text())
        assert "go.testEnvVars" in json.dumps(facts)
