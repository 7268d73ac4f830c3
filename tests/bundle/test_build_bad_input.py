"""Bad input to `goide bundle build`, with the real go: a target Go cannot build for, a version
the module proxy does not have (the real proxy's error), a network failure mid-download (a
local proxy on 127.0.0.1 that cuts the module zip), a full disk (a small tmpfs, or a file-size
limit where mounting is not allowed). Each is one `error:`/`hint:` pair and leaves nothing."""

from __future__ import annotations

import http.server
import io
import os
import resource
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import goide

pytestmark = pytest.mark.integration


def _two_lines(result: subprocess.CompletedProcess[bytes]) -> tuple[str, str]:
    lines = result.stderr.decode().splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    hints = [line for line in lines if line.startswith("hint: ")]
    assert len(errors) == 1, result.stderr.decode()
    assert len(hints) == 1, result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()
    return errors[0], hints[0]


def _nothing_left(parent: Path, out: Path) -> None:
    assert not out.exists()
    assert [p.name for p in parent.iterdir() if p.name.startswith(f".{out.name}.")] == []


def test_target_go_cannot_build_for(tmp_path: Path) -> None:
    out = tmp_path / "b"
    result = goide("bundle", "build", "--target", "darwin/386", "dlv", "--out", str(out))
    assert result.returncode == 2
    error, hint = _two_lines(result)
    assert error.startswith("error: go1.")
    assert error.endswith("cannot build for darwin/386")
    assert "go tool dist list" in hint
    _nothing_left(tmp_path, out)


def test_target_not_os_arch(tmp_path: Path) -> None:
    result = goide("bundle", "build", "--target", "arm64", "--out", str(tmp_path / "b"))
    assert result.returncode == 2
    error, _ = _two_lines(result)
    assert error == "error: --target 'arm64' is not OS/ARCH"


def test_go_that_is_not_go(tmp_path: Path) -> None:
    # echo exits 0 and prints its arguments: a --go that runs but is not the Go command.
    out = tmp_path / "b"
    result = goide("bundle", "build", "dlv", "--go", "/bin/echo", "--out", str(out))
    assert result.returncode == 2
    error, hint = _two_lines(result)
    assert error == "error: `/bin/echo env -json` did not print GOVERSION, GOHOSTOS and GOHOSTARCH"
    assert hint == "hint: check that /bin/echo is the Go command"
    _nothing_left(tmp_path, out)


def test_version_the_proxy_does_not_have(tmp_path: Path) -> None:
    out = tmp_path / "b"
    result = goide("bundle", "build", "--target", "linux/arm64", "dlv@v1.99.0", "--out", str(out))
    assert result.returncode == 2
    error, hint = _two_lines(result)
    assert (
        "github.com/go-delve/delve/cmd/dlv@v1.99.0 for linux/arm64: the module proxy has no such version"
        in error
    )
    # The proxy's own words are kept.
    assert "v1.99.0" in error.split("no such version: ", 1)[1]
    assert hint == "hint: list the versions with `go list -m -versions github.com/go-delve/delve`"
    _nothing_left(tmp_path, out)


def test_out_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "keep.txt").write_text("mine")
    result = goide("bundle", "build", "--target", "linux/arm64", "dlv", "--out", str(tmp_path / "b"))
    assert result.returncode == 2
    assert _two_lines(result)[0].endswith("already exists and is not empty")
    assert (tmp_path / "b" / "keep.txt").read_text() == "mine"


def test_out_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "b").write_text("mine")
    result = goide("bundle", "build", "--target", "linux/arm64", "dlv", "--out", str(tmp_path / "b"))
    assert result.returncode == 2
    assert _two_lines(result)[0].endswith("already exists and is not a directory")
    assert (tmp_path / "b").read_text() == "mine"


_GO_MOD = b"module example.test/hello\n\ngo 1.22\n"
_MAIN = b'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n'


def _module_zip() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        z.writestr("example.test/hello@v1.0.0/go.mod", _GO_MOD)
        z.writestr("example.test/hello@v1.0.0/main.go", _MAIN)
    return data.getvalue()


class _CuttingProxy(http.server.BaseHTTPRequestHandler):
    """A GOPROXY (go help goproxy) serving one module whose zip download breaks off mid-way."""

    def do_GET(self) -> None:
        path = self.path
        if path.endswith("/@v/list"):
            self._send(b"v1.0.0\n")
        elif path.endswith("/@v/v1.0.0.info"):
            self._send(b'{"Version":"v1.0.0","Time":"2026-01-01T00:00:00Z"}')
        elif path.endswith("/@v/v1.0.0.mod"):
            self._send(_GO_MOD)
        elif path.endswith("/@v/v1.0.0.zip"):
            body = _module_zip()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 3])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
        else:
            self.send_error(404)

    def _send(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def cutting_proxy() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CuttingProxy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_network_failure_mid_download(tmp_path: Path, cutting_proxy: str) -> None:
    out = tmp_path / "b"
    env = {
        "GOPROXY": cutting_proxy,
        "GOSUMDB": "off",
        "GOMODCACHE": str(tmp_path / "modcache"),
        "GOFLAGS": "-modcacherw",
    }
    result = goide(
        "bundle", "build", "--target", "linux/arm64", "example.test/hello@v1.0.0", "--out", str(out), env=env
    )
    assert result.returncode == 1, result.stderr.decode()
    error, hint = _two_lines(result)
    assert "example.test/hello@v1.0.0 for linux/arm64: network failure while downloading" in error
    assert "unexpected EOF" in error
    assert "GOPROXY" in hint
    _nothing_left(tmp_path, out)


def _small_disk(tmp_path: Path) -> tuple[Path, bool]:
    """A 6 MiB tmpfs if this machine lets us mount one (root in CI), else a plain directory."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(disk)], capture_output=True, check=False
    )
    return disk, mounted.returncode == 0


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (6 << 20, 6 << 20))


def test_full_disk(tmp_path: Path) -> None:
    disk, mounted = _small_disk(tmp_path)
    out = disk / "b"
    args = [sys.executable, "-m", "goide", "bundle", "build", "--target", "linux/arm64", "dlv@v1.27.2"]
    try:
        result = subprocess.run(
            [*args, "--out", str(out)],
            capture_output=True,
            timeout=900,
            preexec_fn=None if mounted else _limit_file_size,
            env={k: v for k, v in os.environ.items() if k != "GOIDE_DEBUG"},
            check=False,
        )
        assert result.returncode == 1, result.stderr.decode()
        error, hint = _two_lines(result)
        assert "the disk is full" in error
        assert ("no space left on device" if mounted else "file too large") in error
        assert "free space" in hint
        _nothing_left(disk, out)
        assert list(disk.iterdir()) == []
    finally:
        if mounted:
            subprocess.run(["umount", str(disk)], check=False)


class _StallingProxy(_CuttingProxy):
    """Serves the module's list, info and mod, then never answers the zip (a hung download)."""

    def do_GET(self) -> None:
        if self.path.endswith(".zip"):
            time.sleep(60)
            return
        super().do_GET()


def test_interrupt_kills_the_builds_and_leaves_nothing(tmp_path: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _StallingProxy)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    out = tmp_path / "b"
    env = {
        **{k: v for k, v in os.environ.items() if k != "GOIDE_DEBUG"},
        "GOPROXY": f"http://127.0.0.1:{server.server_address[1]}",
        "GOSUMDB": "off",
        "GOMODCACHE": str(tmp_path / "modcache"),
        "GOFLAGS": "-modcacherw",
    }
    args = ["bundle", "build", "--target", "linux/arm64", "example.test/hello@v1.0.0", "--out", str(out)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "goide", *args], stderr=subprocess.PIPE, env=env, text=True
    )
    try:
        assert proc.stderr is not None
        assert proc.stderr.readline().startswith("[0/1] building example.test/hello@v1.0.0")
        deadline = time.monotonic() + 30
        while not _go_running("example.test/hello@v1.0.0") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _go_running("example.test/hello@v1.0.0")  # go install is stuck on the download
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 130
        assert "error: interrupted" in proc.stderr.read()
    finally:
        proc.kill()
        server.shutdown()
        server.server_close()
    assert not _go_running("example.test/hello@v1.0.0")
    _nothing_left(tmp_path, out)


def _go_running(spec: str) -> bool:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if spec.encode() in (entry / "cmdline").read_bytes():
                    return True
            except OSError:
                continue
    return False
