"""`goide settings check|fix|init` end to end: exit statuses, diffs, backups, and bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from goide.core.errors import GoideError
from goide.settings.fix import plan_fix
from goide.settings.jsonc import parse
from goide.settings.sources import load_schema
from tests.helpers import goide, tool
from tests.settings.test_settings_rules import GUIDE
from tests.vscode_package import install, manifest


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    (folder / ".vscode").mkdir(parents=True)
    return folder


def run(home: Path, *args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    result = goide("settings", *args, env=env, cwd=cwd)
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    return result.returncode, result.stdout.decode(), stderr


def gopls() -> str:
    return str(tool("gopls"))


def test_check_finds_user_and_workspace_files(home: Path, workspace: Path) -> None:
    user = home / ".config" / "Code" / "User" / "settings.json"
    user.parent.mkdir(parents=True)
    user.write_text(GUIDE)
    (workspace / ".vscode" / "settings.json").write_text('{"go.formatTool": "goimport"}')
    status, out, _ = run(home, "check", "--gopls", gopls(), cwd=workspace)
    assert status == 1  # the invalid enum value is an error
    assert f"checked {user} (user)" in out
    assert "checked " + str(workspace / ".vscode" / "settings.json") + " (workspace)" in out
    assert "gopls option experimentalWorkspaceModule was removed" in out
    assert 'go.formatTool: "goimport" is not one of its values' in out


def test_check_json_output(home: Path, workspace: Path) -> None:
    path = workspace / ".vscode" / "settings.json"
    path.write_text(GUIDE)
    status, out, _ = run(home, "check", "--json", "--gopls", gopls(), "--workspace", str(workspace))
    assert status == 0  # warnings only
    document = json.loads(out)
    assert document["summary"]["warning"] == 3
    assert sorted(f["id"] for f in document["findings"]) == [
        "gopls.removed-option",
        "gopls.removed-option",
        "settings.format-tool-bypasses-gopls",
    ]
    assert document["files"] == [{"path": str(path), "kind": "workspace"}]
    assert document["schema_sources"]["gopls"] == f"{gopls()} api-json"


def test_a_cache_that_cannot_be_written_only_costs_time(home: Path, workspace: Path) -> None:
    """The gopls api-json cache is a convenience: where it cannot be written (its folder is a
    file) the check still reads the real gopls schema, and the next run reads gopls again."""
    (workspace / ".vscode" / "settings.json").write_text('{"gopls": {"gofumpt": true}}')
    (home / ".cache").write_text("not a folder\n")
    for _ in range(2):
        status, out, err = run(home, "check", "--gopls", gopls(), cwd=workspace)
        assert (status, err) == (0, "")
        assert f"schema of gopls: {gopls()} api-json\n" in out  # not "(cached)"
    assert (home / ".cache").read_text() == "not a folder\n"


def test_check_uses_the_installed_extension(home: Path, workspace: Path) -> None:
    install(home, manifest("0.56.0"))
    path = workspace / ".vscode" / "settings.json"
    path.write_text('{"go.useLanguageServr": true}')
    status, out, _ = run(home, "check", str(path), "--gopls", gopls())
    assert status == 0
    assert "golang.go 0.56.0" in out
    assert "did you mean go.useLanguageServer?" in out


def test_nothing_to_check_is_a_usage_error(home: Path, workspace: Path) -> None:
    status, _, err = run(home, "check", "--workspace", str(workspace))
    assert status == 2
    assert err.startswith("error: no VS Code settings found")
    assert "\nhint: " in err


@pytest.mark.parametrize(
    ("args", "error", "hint"),
    [
        (["check", "--workspace", "garbage"], "error: garbage: not a directory", "hint: --workspace takes"),
        (["init", "--workspace", "garbage"], "error: garbage: not a directory", "hint: --workspace takes"),
        (
            ["check", "--workspace", ".", "--gopls", "/nonexistent/gopls"],
            "error: /nonexistent/gopls: no such file",
            "hint: --gopls takes a gopls executable",
        ),
    ],
)
def test_bad_flags_say_what_to_do(home: Path, args: list[str], error: str, hint: str) -> None:
    (home / "ws").mkdir()
    (home / "ws" / ".vscode").mkdir()
    (home / "ws" / ".vscode" / "settings.json").write_text("{}")
    status, _, err = run(home, *args, cwd=home / "ws")
    assert status == 2
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0] == error
    assert lines[1].startswith(hint)


@pytest.mark.parametrize(
    ("name", "example"),
    [("settings.json", '{"go.toolsManagement.autoUpdate": true}'), ("launch.json", '"configurations"')],
)
def test_file_that_is_not_an_object_cannot_be_fixed(
    home: Path, workspace: Path, name: str, example: str
) -> None:
    path = workspace / ".vscode" / name
    path.write_text("[1, 2]\n")
    status, _, err = run(home, "fix", str(path), "--yes", "--gopls", gopls())
    assert status == 2
    lines = err.splitlines()
    assert lines[0] == f"error: {path}: a settings file must hold one JSON object, not array"
    assert lines[1].startswith("hint: put everything in one { }, e.g. ")
    assert example in lines[1]
    assert path.read_text() == "[1, 2]\n"


BAD_FILES = [
    (b'{\n  "go.formatTool": "gofmt" /* never closed\n}\n', "2:28: unterminated block comment"),
    (b'{\n  "go.formatTool": "gofmt\n}\n', "2:20: unterminated string"),
    (b'{"go.gopath": "J\xfcrgen"}', "1:17: byte 0xfc is not valid UTF-8"),
]


@pytest.mark.parametrize(("data", "message"), BAD_FILES)
def test_unreadable_file_exits_2_and_is_not_changed(
    home: Path, workspace: Path, data: bytes, message: str
) -> None:
    path = workspace / ".vscode" / "settings.json"
    path.write_bytes(data)
    status, out, _ = run(home, "check", str(path), "--gopls", gopls())
    assert status == 2
    assert message in out
    status, _, err = run(home, "fix", str(path), "--yes", "--gopls", gopls())
    assert status == 2
    assert message in err
    assert path.read_bytes() == data
    assert list(path.parent.iterdir()) == [path]


def test_oversized_file_is_refused(home: Path, workspace: Path) -> None:
    path = workspace / ".vscode" / "settings.json"
    with open(path, "wb") as out:
        out.truncate(40 * 1024 * 1024)
    status, out, _ = run(home, "check", str(path), "--gopls", gopls())
    assert status == 2
    assert "larger than" in out


def test_fix_dry_run_shows_the_diff_and_writes_nothing(home: Path, workspace: Path) -> None:
    path = workspace / ".vscode" / "settings.json"
    path.write_text(GUIDE)
    status, out, _ = run(home, "fix", "--dry-run", str(path), "--gopls", gopls())
    assert status == 0
    assert f"--- {path} (before)" in out
    assert '-        "build.experimentalWorkspaceModule": true,' in out
    assert "(dry run: nothing written)" in out
    assert path.read_text() == GUIDE


def test_fix_writes_with_backup_and_keeps_comments(home: Path, workspace: Path) -> None:
    path = workspace / ".vscode" / "settings.json"
    path.write_text(GUIDE)
    status, out, _ = run(home, "fix", "--yes", str(path), "--gopls", gopls())
    assert status == 0
    backups = list(path.parent.glob("settings.json.goide-backup-*"))
    assert len(backups) == 1
    assert backups[0].read_text() == GUIDE
    assert f"wrote {path} (backup: {backups[0]})" in out
    text = path.read_text()
    for comment in (
        "// Go settings, from a setup guide",
        "/* multi-module repositories */",
        "// lint the whole package",
    ):
        assert comment in text
    assert "experimentalWorkspaceModule" not in text
    status, out, _ = run(home, "check", str(path), "--gopls", gopls())
    assert status == 0
    assert "No issues found." in out


def test_fix_without_yes_and_without_a_terminal_writes_nothing(home: Path, workspace: Path) -> None:
    path = workspace / ".vscode" / "settings.json"
    path.write_text(GUIDE)
    status, out, err = run(home, "fix", str(path), "--gopls", gopls())
    assert status == 2
    assert "--- " in out  # the diff is shown first
    assert err.startswith("error: not writing without confirmation")
    assert path.read_text() == GUIDE


def test_fix_of_a_read_only_file_is_refused(home: Path, workspace: Path) -> None:
    path = workspace / ".vscode" / "settings.json"
    path.write_text(GUIDE)
    path.chmod(0o444)
    status, _, err = run(home, "fix", "--yes", str(path), "--gopls", gopls())
    assert status == 2
    assert err.startswith(f"error: {path} is read-only; goide did not change it")
    assert path.read_text() == GUIDE
    assert list(path.parent.iterdir()) == [path]


def test_fix_refuses_when_the_file_changed_after_reading(workspace: Path, tmp_path: Path) -> None:
    path = workspace / ".vscode" / "settings.json"
    path.write_text(GUIDE)
    schema = load_schema(extension_manifest=None, gopls=tool("gopls"), cache_dir=tmp_path)
    plan = plan_fix(path, "user", schema)
    edited_meanwhile = GUIDE.replace("goimports", "gofumpt")
    path.write_text(edited_meanwhile)
    with pytest.raises(GoideError, match="changed on disk after goide read it"):
        plan.write()
    assert path.read_text() == edited_meanwhile


def test_init_creates_files_that_check_clean(home: Path, workspace: Path) -> None:
    os.rmdir(workspace / ".vscode")
    status, out, _ = run(home, "init", "--yes", "--workspace", str(workspace))
    assert status == 0
    settings = json.loads((workspace / ".vscode" / "settings.json").read_text())
    assert settings["go.toolsManagement.autoUpdate"] is True
    launch = json.loads((workspace / ".vscode" / "launch.json").read_text())
    assert [c["name"] for c in launch["configurations"]] == [
        "Launch package",
        "Debug current test",
        "Attach to process",
    ]
    assert "(new file)" in out
    status, out, _ = run(home, "check", "--workspace", str(workspace), "--gopls", gopls())
    assert status == 0
    assert "No issues found." in out
    status, out, _ = run(home, "init", "--yes", "--workspace", str(workspace))
    assert status == 0
    assert "Nothing to change." in out


def test_init_merges_into_existing_files_by_minimal_edits(home: Path, workspace: Path) -> None:
    settings = workspace / ".vscode" / "settings.json"
    original = (
        '{\r\n\t// my settings\r\n\t"[go]": {\r\n\t\t"editor.formatOnSave": false, // on purpose\r\n\t},\r\n'
        '\t"gopls": {"ui.completion.usePlaceholders": true}\r\n}\r\n'
    )
    settings.write_bytes(original.encode())
    launch = workspace / ".vscode" / "launch.json"
    mine = '{"name": "Launch package", "type": "go", "request": "launch", "program": "./cmd/app"}'
    launch.write_text(
        '{\n  "version": "0.2.0",\n  "configurations": [\n    // mine\n    ' + mine + "\n  ]\n}\n"
    )
    status, out, _ = run(home, "init", "--yes", "--workspace", str(workspace))
    assert status == 0
    assert "kept your [go].editor.formatOnSave (false)" in out
    assert "kept your configuration 'Launch package'" in out
    text = settings.read_bytes().decode()
    assert text.startswith(
        '{\r\n\t// my settings\r\n\t"[go]": {\r\n\t\t"editor.formatOnSave": false, // on purpose\r\n'
    )
    assert text.count("\n") == text.count("\r\n")
    value = parse(text).to_value()
    assert value["gopls"] == {"ui.completion.usePlaceholders": True, "ui.semanticTokens": True}
    assert value["[go]"]["editor.codeActionsOnSave"] == {"source.organizeImports": "explicit"}
    launch_text = launch.read_text()
    assert "    // mine\n    " + mine + ",\n" in launch_text
    assert launch_text.count('"name"') == 3


def test_init_keeps_what_an_empty_file_held(home: Path, workspace: Path) -> None:
    settings = workspace / ".vscode" / "settings.json"
    settings.write_bytes(b"\xef\xbb\xbf// nothing here yet\r\n")
    status, _, _ = run(home, "init", "--yes", "--workspace", str(workspace))
    assert status == 0
    text = settings.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff// nothing here yet\r\n{\r\n")
    assert parse(text).to_value()["go.toolsManagement.autoUpdate"] is True
