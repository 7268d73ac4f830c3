"""Output flags write into devices and named pipes; they never replace them with a regular file.

As root (CI containers, sudo), an atomic write (temporary file, then rename) over `/dev/null`
would replace the null device. Each output flag is run against a character device made with
`mknod` in a temporary directory (the same major/minor as /dev/null) and against a FIFO with a
reader; the node must still be a device or a FIFO afterwards, and the FIFO's reader must get the
report. A block device is refused with an error and a hint.
"""

from __future__ import annotations

import os
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from tests.helpers import goide, write_module

NULL = os.makedev(1, 3)


@pytest.fixture(scope="module")
def stream(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real `go test -json` stream of a one-test module."""
    root = tmp_path_factory.mktemp("mod")
    write_module(
        root,
        {
            "go.mod": "module example.com/a\n\ngo 1.21\n",
            "a_test.go": 'package a\n\nimport "testing"\n\nfunc TestA(t *testing.T) { t.Log("hi") }\n',
        },
    )
    out = subprocess.run(["go", "test", "-json", "./..."], cwd=root, capture_output=True, check=True).stdout
    path = root / "stream.json"
    path.write_bytes(out)
    return path


def _need_root() -> None:
    """mknod of a device needs root; CI runs as root, so there this never skips."""
    if os.geteuid() != 0 and not os.environ.get("CI"):
        pytest.skip("mknod of a device node needs root (CI runs as root)")


def _device(directory: Path, name: str) -> Path:
    _need_root()
    node = directory / name
    os.mknod(node, 0o666 | stat.S_IFCHR, NULL)
    return node


FLAGS = [
    ("test-json", ["test", "--input", "{stream}", "--json", "{node}"]),
    ("test-junit", ["test", "--input", "{stream}", "--junit", "{node}"]),
    ("test-html", ["test", "--input", "{stream}", "--html", "{node}"]),
    ("doctor-facts-out", ["doctor", "--facts-out", "{node}"]),
]


@pytest.mark.parametrize(("name", "argv"), FLAGS, ids=[n for n, _ in FLAGS])
def test_output_into_a_character_device_keeps_the_device(
    tmp_path: Path, stream: Path, name: str, argv: list[str]
) -> None:
    node = _device(tmp_path, "null")
    result = goide(*[a.format(stream=stream, node=node) for a in argv])
    assert result.returncode in (0, 1), result.stderr
    assert stat.S_ISCHR(os.lstat(node).st_mode), f"{name} replaced the device with a regular file"
    assert not [p for p in tmp_path.iterdir() if p.name != "null"], "a temporary file was left behind"


@pytest.mark.parametrize(("name", "argv"), FLAGS, ids=[n for n, _ in FLAGS])
def test_output_into_a_named_pipe_reaches_its_reader(
    tmp_path: Path, stream: Path, name: str, argv: list[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = goide(*[a.format(stream=stream, node=fifo) for a in argv], timeout=120)
    reader.join(timeout=30)
    assert result.returncode in (0, 1), result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received
    assert received[0].strip(), f"{name} wrote nothing into the pipe"


def test_a_block_device_is_refused(tmp_path: Path, stream: Path) -> None:
    _need_root()
    node = tmp_path / "disk"
    os.mknod(node, 0o600 | stat.S_IFBLK, os.makedev(7, 0))
    result = goide("test", "--input", str(stream), "--json", str(node))
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert lines[-2] == f"error: cannot write JSON report {node}: it is a block device"
    assert lines[-1].startswith("hint: ")
    assert stat.S_ISBLK(os.lstat(node).st_mode)
