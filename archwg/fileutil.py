"""Writing files so that a crash never leaves half a file behind."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def atomic_write(path: Path | str, text: str, encoding: str = "utf-8", *, parents: bool = False) -> None:
    """Write *text* to *path* through a temporary file in the same folder and a rename.

    A symlink is written through (its target is replaced, the link kept); a
    device, FIFO or socket is written into directly, as there is no file to replace.

    A missing folder is an error (a mistyped ``-o`` must not leave a new tree
    behind); *parents* is for archwg's own state folders, which it creates.
    """
    path = Path(path)
    if parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.parent.is_dir():
        from archwg.errors import BadInput

        raise BadInput(f"{path}: no such folder {path.parent.as_posix() or '.'}")
    if _is_special(path):
        # A device, FIFO or socket (or a link to one: /dev/stdout) cannot be renamed over: that
        # would put a plain file in its place.
        try:
            with open(path, "w", encoding=encoding, newline="") as handle:
                handle.write(text)
        except OSError as error:
            raise _write_error(path, error) from None
        return
    if path.is_symlink():
        # Replacing the link would cut it off from the file it names.
        path = Path(os.path.realpath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise _write_error(path, error) from None
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as error:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(error, OSError):
            raise _write_error(path, error) from None
        raise


def _is_special(path: Path) -> bool:
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _write_error(path: Path, error: OSError):
    """The error names the file asked for, never the temporary one beside it. A folder the user may
    not write in is their input (2); anything else failing on a good path, a full disk or a file
    system that takes no new files (/proc), is an operation that failed (1)."""
    import errno

    from archwg.errors import BadInput, OperationFailed

    kind = BadInput if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS) else OperationFailed
    return kind(f"{path}: cannot write: {error.strerror or error}")
