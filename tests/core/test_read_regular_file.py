"""core.inputs.read_regular_file: the one bounded read of a small file (facts files, pasted
reports, lint configs and workflows, bundle manifests), including what its copies disagreed on:
a directory named as such (lint's copy only), a missing file as "no such file" with "check the path"
(lint's), too large refused (facts, lint, bundle) or cut (doctor --from-report), O_BINARY."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from goide.core.errors import InputError
from goide.core.inputs import read_regular_file


def _read(path: str | Path, limit: int = 1 << 20, *, cut: bool = False) -> bytes:
    return read_regular_file(path, limit, what="facts file", hint="pass a facts file", cut=cut)


def test_a_regular_file_is_read_whole_up_to_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(b"{}\r\n" * 4)  # no newline translation (O_BINARY matters on Windows)
    assert _read(path, 16) == b"{}\r\n" * 4  # exactly the limit is still accepted
    assert _read(str(path)) == b"{}\r\n" * 4


def test_one_byte_over_the_limit_is_refused_or_cut(tmp_path: Path) -> None:
    path = tmp_path / "big"
    path.write_bytes(b"x" * ((2 << 20) + 1))
    with pytest.raises(InputError) as caught:
        _read(path, 2 << 20)
    assert caught.value.message == f"facts file {path} is larger than 2 MiB"
    assert caught.value.hint == "pass a facts file"
    assert _read(path, 2 << 20, cut=True) == b"x" * (2 << 20)
    with pytest.raises(InputError, match=r"is larger than 1000 bytes$"):
        _read(path, 1000)


def test_a_missing_file_says_check_the_path(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        _read(tmp_path / "missing.json")
    assert caught.value.message == f"cannot read facts file {tmp_path / 'missing.json'}: no such file"
    assert caught.value.hint == "check the path"


def test_a_directory_is_named_as_one(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        _read(tmp_path)
    assert caught.value.message == f"cannot read facts file {tmp_path}: it is a directory"
    assert caught.value.hint == "pass a facts file"


def test_other_errors_give_the_systems_reason(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError) as caught:
        _read(tmp_path / "file" / "below")  # ENOTDIR: not "missing", not a directory
    assert caught.value.message == f"cannot read facts file {tmp_path / 'file' / 'below'}: Not a directory"
    assert caught.value.hint == "check the file's permissions"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused_without_reading_it(device: str) -> None:
    with pytest.raises(InputError) as caught:
        _read(device, 1 << 40)  # /dev/zero read to a terabyte limit would never end
    assert caught.value.message == f"cannot read facts file {device}: not a regular file"


def test_a_named_pipe_without_writer_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            _read(fifo)
        except InputError as err:
            outcome.append(err)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    thread.join(30)
    if thread.is_alive():  # unblock the open so that the thread ends, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("opening a FIFO with no writer blocked")
    assert [str(e) for e in outcome] == [f"cannot read facts file {fifo}: not a regular file"]


def test_a_symlink_is_judged_by_what_it_points_to(tmp_path: Path) -> None:
    (tmp_path / "real").write_bytes(b"data")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "null").symlink_to("/dev/null")
    assert _read(tmp_path / "link") == b"data"
    with pytest.raises(InputError, match=r"not a regular file$"):
        _read(tmp_path / "null")
