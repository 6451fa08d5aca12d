"""Write files so that a reader never sees half of one, nor a mix of two builds.

One file (a brand edit, a cache entry): temporary file, fsync unless the file checks
itself, rename (``write_atomic``).

An output folder's set of files (``publish``): each build writes its files into a new
generation folder ``OUT/.gen-XXXXXXXX/`` (with hard links to the files it did not rebuild);
``OUT/.current`` is a symbolic link to the current generation, and every output keeps its
usual path, ``OUT/NAME``, as a link to ``.current/NAME``. Replacing ``.current`` is one rename,
so every file switches at once: whoever opens ``OUT/patient-brochure.pdf`` and
``OUT/build-report.json`` sees both old or both new. A build that fails or is killed before
that rename leaves the previous generation untouched; its half-written generation and
temporary files are swept by the next build.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import BrochureError

CURRENT = ".current"
GENERATION = ".gen-"
LOCK = ".lock"
# What mkstemp and this module leave behind when killed: ".NAME.XXXXXXXX.tmp".
_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


class OutputError(BrochureError):
    """The output folder cannot take the files: say which path and why (exit status 2)."""


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write to a temporary file beside ``path`` and rename it into place only when complete.

    A failed or interrupted write leaves the previous file byte-identical and no temporary
    file behind. ``durable``: on disk before it is renamed (fsync), so a power cut cannot
    leave an empty file under the name; a cache entry that checks itself need not wait.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are shared files
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_beside_outputs(path: Path, data: bytes) -> None:
    """``write_atomic`` into an output folder, under its lock: a build checking that folder
    at the same moment (watch beside make) sweeps leftover temporary files, and would take
    this one's from under it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path.parent):
        write_atomic(path, data)


def check_writable(out_dir: Path, names: Iterable[str]) -> None:
    """Fail in one line, before any layout, when ``out_dir`` cannot take these files.

    Raises:
        OutputError: the folder cannot be made or written, or a file's path is a folder.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next(p for p in [out_dir, *out_dir.parents] if p.exists() and not p.is_dir())
        raise OutputError(f"{blocker}: is a file, where the output folder should be") from None
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create the output folder ({_why(exc)})") from exc
    try:
        # Under the lock: another process's sweep would otherwise take the probe from under us.
        with _locked(out_dir):  # not while another build publishes into this folder
            fd, probe = tempfile.mkstemp(prefix=".probe.", suffix=".tmp", dir=out_dir)
            os.close(fd)
            os.unlink(probe)
            sweep(out_dir)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write in the output folder ({_why(exc)})") from exc
    for name in names:
        path = out_dir / name
        if path.is_dir() and not path.is_symlink():
            raise OutputError(f"{path}: is a folder, where the build writes a file")


def publish(out_dir: Path, files: dict[str, bytes], remove: Iterable[str] = ()) -> None:
    """Make ``files`` and every file of the current generation not named in ``remove``
    the folder's new generation, switched in by one rename; then delete ``remove``.

    Raises:
        OutputError: a write failed (disk full, read-only, a folder in the way); the previous
            files are all still there, unchanged.
    """
    gone = set(remove)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with _locked(out_dir):
            sweep(out_dir)
            _adopt(out_dir, [n for n in files if _is_plain_file(out_dir / n)])
            old = _current(out_dir)
            kept = {n: p for n, p in _files(old).items() if n not in files and n not in gone}
            new = _stage(out_dir, files, kept)
            fresh = [n for n in files if not (out_dir / n).is_symlink()]
            try:
                _link_names(out_dir, files)
            except BaseException:  # nothing switched: undo the links made for new names
                for name in fresh:
                    if (out_dir / name).is_symlink():
                        (out_dir / name).unlink()
                shutil.rmtree(new)
                raise
            _switch(out_dir, new)
            for name in gone:
                if (out_dir / name).is_symlink() or _is_plain_file(out_dir / name):
                    (out_dir / name).unlink()
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        where = exc.filename2 or exc.filename or out_dir
        raise OutputError(f"{where}: cannot write the outputs ({_why(exc)})") from exc


def sweep(out_dir: Path) -> None:
    """Remove what killed builds left: generations that are not current, temporary files."""
    link = out_dir / CURRENT
    if link.is_dir() and not link.is_symlink():  # a copy made with links followed
        adopted = Path(tempfile.mkdtemp(prefix=GENERATION, dir=out_dir))
        os.replace(link, adopted)
        _replace_with_link(out_dir, link, adopted.name)
    current = _current(out_dir)
    with os.scandir(out_dir) as entries:
        for entry in entries:
            if entry.name.startswith(GENERATION) and entry.is_dir(follow_symlinks=False):
                if current is None or entry.name != current.name:
                    shutil.rmtree(entry.path, ignore_errors=True)
            elif _TEMPORARY.match(entry.name) and not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)


@contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """One publisher per folder at a time (make and watch may overlap), so the sweep never
    removes another build's generation while it is being written."""
    fd = os.open(out_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock, as does the process dying


def _current(out_dir: Path) -> Path | None:
    link = out_dir / CURRENT
    return out_dir / os.readlink(link) if link.is_symlink() and link.is_dir() else None


def _files(generation: Path | None) -> dict[str, Path]:
    """Name -> path of every file in a generation (none before the first)."""
    if generation is None:
        return {}
    return {name: generation / name for name in sorted(os.listdir(generation))}


def _is_plain_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def _adopt(out_dir: Path, plain: list[str]) -> None:
    """Plain files from an older build become links into a generation holding their own
    bytes, so that the switch that follows changes all of them at once."""
    if not plain:
        return
    old = _current(out_dir)
    kept = {n: p for n, p in _files(old).items() if n not in plain}
    _switch(out_dir, _stage(out_dir, {}, {**kept, **{n: out_dir / n for n in plain}}))
    _link_names(out_dir, plain)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _stage(out_dir: Path, files: dict[str, bytes], kept: dict[str, Path]) -> Path:
    """A complete new generation folder: ``files`` written, ``kept`` linked (or copied)."""
    generation = Path(tempfile.mkdtemp(prefix=GENERATION, dir=out_dir))
    written: list[tuple[str, BinaryIO]] = []
    try:
        os.chmod(generation, 0o777 & ~_umask())  # mkdtemp makes 0700
        try:
            for name, data in files.items():
                try:
                    fd = os.open(generation / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                    written.append((name, os.fdopen(fd, "wb")))
                    written[-1][1].write(data)
                    written[-1][1].flush()
                except OSError as exc:
                    exc.filename = str(out_dir / name)  # the path a reader knows
                    raise
            _sync_together(out_dir, written)
        finally:
            for _name, fh in written:
                fh.close()
        for name, source in kept.items():
            try:
                os.link(source, generation / name)
            except OSError:  # a file system without hard links
                shutil.copy2(source, generation / name)
        _fsync_dir(generation)
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    return generation


def _sync_together(out_dir: Path, written: list[tuple[str, BinaryIO]]) -> None:
    """Every file on disk before the switch, their fsyncs waiting at once: the file system
    commits them in one journal transaction (a build's 13 files took 60 ms one by one)."""

    def sync(fh: BinaryIO) -> OSError | None:
        try:
            os.fsync(fh.fileno())
        except OSError as exc:
            return exc
        return None

    if len(written) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(len(written), 16)) as threads:
            failed = list(threads.map(sync, [fh for _name, fh in written]))
    else:
        failed = [sync(fh) for _name, fh in written]
    for (name, _fh), exc in zip(written, failed, strict=True):
        if exc is not None:
            exc.filename = str(out_dir / name)  # the path a reader knows, not the generation's
            raise exc


def _link_names(out_dir: Path, names: Iterable[str]) -> None:
    """``OUT/NAME -> .current/NAME`` for each name (already so for all but new outputs)."""
    for name in names:
        target = f"{CURRENT}/{name}"
        path = out_dir / name
        if path.is_symlink() and os.readlink(path) == target:
            continue
        _replace_with_link(out_dir, path, target)


def _switch(out_dir: Path, generation: Path) -> None:
    """The one rename that replaces every output at once."""
    _replace_with_link(out_dir, out_dir / CURRENT, generation.name)
    _fsync_dir(out_dir)


def _replace_with_link(out_dir: Path, path: Path, target: str) -> None:
    tmp = out_dir / f".{path.name}.{os.urandom(6).hex()[:8]}.tmp"
    os.symlink(target, tmp)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "read-only or not permitted"
    if exc.errno == errno.EISDIR:
        return "a folder is in the way"
    return exc.strerror or str(exc)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
