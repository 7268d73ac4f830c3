"""Find and read the executables named on the command line: files, directories, directory trees.

Named files must be executables (anything else is an error). Inside directories, files that are
not executables are skipped silently, as `go version -m DIR` does; files that claim an
executable format but are broken, unreadable files and symlink loops are reported.
Symlinks are followed (to files and, with `recursive`, to directories); a symlink back to a
directory that is being walked is a loop and is reported instead of followed.
"""

from __future__ import annotations

import errno
import os
import stat

from goide.core.errors import InputError
from goide.executables.binfile import NotExecutableError, UnrecognizedFormatError
from goide.executables.read import Executable, read_executable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator


def inspect_paths(paths: Iterable[str], *, recursive: bool) -> Iterator[Executable | InputError]:
    """Each executable found under `paths`, in order, or the error that stopped reading one."""
    for path in paths:
        try:
            info = os.stat(path)
        except OSError as err:
            yield NotExecutableError(f"{path}: {_reason(err)}")
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, info, recursive=recursive)
        else:
            yield _read(path)


def _read(path: str) -> Executable | InputError:
    try:
        return read_executable(path)
    except InputError as err:
        return err


def _walk(top: str, top_info: os.stat_result, *, recursive: bool) -> Iterator[Executable | InputError]:
    """The executables in `top` (and below, if `recursive`) in name order, like filepath.WalkDir.

    An explicit stack instead of recursion, so depth is bounded by the file system and not by
    Python; each level carries the (device, inode) of the directories above it, to detect loops.
    """
    listed = _list(top)
    if isinstance(listed, InputError):
        yield listed
        return
    stack: list[tuple[Iterator[os.DirEntry[str]], frozenset[tuple[int, int]]]] = [
        (iter(listed), frozenset({(top_info.st_dev, top_info.st_ino)}))
    ]
    while stack:
        entries, ancestors = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        try:
            info = entry.stat()  # follows symlinks
        except OSError as err:
            if err.errno == errno.ELOOP:
                yield NotExecutableError(f"{entry.path}: symlink loop")
            continue  # dangling symlinks are skipped, as go version -m does
        if stat.S_ISDIR(info.st_mode):
            if not recursive:
                continue
            key = (info.st_dev, info.st_ino)
            if key in ancestors:
                yield NotExecutableError(
                    f"{entry.path}: symlink loop (leads back to a directory above it); not followed"
                )
                continue
            listed = _list(entry.path)
            if isinstance(listed, InputError):
                yield listed
                continue
            stack.append((iter(listed), ancestors | {key}))
        elif stat.S_ISREG(info.st_mode):
            found = _read(entry.path)
            if not isinstance(found, UnrecognizedFormatError):
                yield found


def _list(directory: str) -> list[os.DirEntry[str]] | InputError:
    try:
        with os.scandir(directory) as scan:
            return sorted(scan, key=lambda entry: entry.name)
    except OSError as err:
        return NotExecutableError(f"{directory}: {_reason(err)}")


def _reason(err: OSError) -> str:
    return os.strerror(err.errno).lower() if err.errno else str(err)
