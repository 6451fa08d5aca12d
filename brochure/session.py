"""One build session: every cache a build uses, keyed by content, owned in one place.

A session is made per build (or per watch iteration) and passed down; nothing is cached in
module globals (but for what ReportLab's adapter keeps of one PDF object or drawing for the
next document, by the bytes or the very object it was made from), so a long-running watch can
never print a stale picture. Keys hold the file's identity *and* its size and modification
time (or a hash of its bytes), so even a session kept across edits would see a replaced file
as a new one.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .files import write_atomic

T = TypeVar("T")


def cache_dir(root: Path) -> Path:
    """Where the project at ``root`` keeps prepared pictures, parsed fonts and drawings:
    the folder ``BROCHURE_CACHE`` names, shared by several projects (a library's leaflets,
    a CI cache; entries are keyed by content), or else the project's own ``.cache/images``."""
    shared = os.environ.get("BROCHURE_CACHE", "")
    return Path(shared) if shared else root / ".cache" / "images"


def file_key(path: Path) -> tuple[str, int, int]:
    """What tells two versions of a file apart without reading it: path, size, mtime."""
    st = path.stat()
    return (str(path.resolve()), st.st_size, st.st_mtime_ns)


@dataclass
class Session:
    """Caches for one build: parsed fonts, image headers, prepared pictures, SVG drawings."""

    cache_dir: Path | None = None  # prepared pictures on disk, shared between processes
    read: set[Path] = field(default_factory=set)  # every file read: make's prerequisites
    _memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False)
    _by_file: dict[Path, set[tuple[Any, ...]]] = field(default_factory=dict, repr=False)

    def memo(self, kind: str, key: tuple[Any, ...], make: Callable[[], T]) -> T:
        """The value made for ``(kind, key)`` in this session, made once."""
        full = (kind, *key)
        if full not in self._memo:
            self._memo[full] = make()
        value: T = self._memo[full]
        return value

    def file_memo(self, kind: str, path: Path, make: Callable[[], T], *extra: Any) -> T:
        """Like ``memo``, keyed by the file's current identity (a replaced file is new)."""
        self.read.add(path)
        key = (*file_key(path), *extra)
        self._by_file.setdefault(path, set()).add((kind, *key))
        return self.memo(kind, key, make)

    def forget_stale(self) -> None:
        """Drop what was made from versions of files no longer on disk (a session kept
        across edits, by watch, stays the size of the files it was made from)."""
        for path, keys in list(self._by_file.items()):
            try:
                current: tuple[Any, ...] | None = file_key(path)
            except OSError:
                current = None
            stale = {k for k in keys if k[1:4] != current}
            for k in stale:
                self._memo.pop(k, None)
            keys -= stale
            if not keys:
                del self._by_file[path]

    def digest(self, path: Path) -> str:
        """SHA-256 of a file's bytes (what output fingerprints are made of)."""

        def make() -> str:
            h = hashlib.sha256()
            with path.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            return h.hexdigest()

        return self.file_memo("digest", path, make)


NOT_KEPT = b"not kept: made in every build"  # kept for an object that has no bytes


def disk_cached(
    session: Session,
    path: Path | None,
    target: object,
    make: Callable[[], bytes],
    *,
    fresh: bool = False,
    wait: bool = True,
) -> bytes:
    """``make()``'s bytes for ``path`` prepared as ``target`` (a size, a glyph set, and the
    version of what prepares them; with no path, ``target`` says it all), kept in the
    session's cache folder across builds; a read-only checkout builds, just without the
    cache. ``fresh`` makes them again and replaces what is kept (which the caller found
    unreadable).

    Entries are keyed by the file's bytes (the digest output fingerprints take anyway), not
    its path and time: a copied project, a fresh checkout or a second leaflet with the same
    logo finds them. Each entry ends with a digest of its own bytes and is written without
    waiting for the disk (an fsync per entry cost a first build more than making some of
    them): one that a crash left torn or empty fails its digest, and is made again.

    Sibling processes (a library's workers) wanting a missing entry at once make it once:
    the others wait for it (``_claim``), or with ``wait=False`` are told so (``Busy``) and
    may make another one meanwhile."""
    if session.cache_dir is None:
        return make()
    key = f"{session.digest(path) if path is not None else ''}|{target}"
    disk = session.cache_dir / hashlib.sha1(key.encode()).hexdigest()
    data = None if fresh else _entry(disk)
    if data is None:
        with _claim(disk, wait):
            data = None if fresh else _entry(disk)  # made meanwhile by the one waited for
            if data is None:
                data = make()
                _keep(disk, data)
    return data


class Busy(Exception):
    """Another process is making this cache entry now (``disk_cached(..., wait=False)``)."""


@contextlib.contextmanager
def _claim(disk: Path, wait: bool) -> Iterator[None]:
    """Hold the right to make the entry at ``disk`` while the block runs.

    On a cold cache a library's two workers wanted the same web-font cuts at the same moment
    and each made all of them (0.25 s a face): a third more work than one process did. The
    claim is an exclusive ``flock`` on a file beside the entry, removed by its holder once
    the entry is kept; the kernel drops it if the holder dies, and the next one makes the
    entry. Without a writable cache, or on a file system without locks (some network ones),
    there is no claim, and duplicated work is all it costs."""
    claim = disk.with_name(f".{disk.name}.claim")
    try:
        disk.parent.mkdir(parents=True, exist_ok=True)  # the first entry's claim counts too
        fd = os.open(claim, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield
        return
    try:
        _lock(fd, wait, disk)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.unlink(claim)
    finally:
        os.close(fd)


def _lock(fd: int, wait: bool, disk: Path) -> None:
    """Take the claim open at ``fd`` (or none, where the file system has no locks)."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        if not wait:
            raise Busy(str(disk)) from None
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError:  # ENOLCK, EINVAL: no locks here
        pass


def slot_cached(cache: Path | None, slot: str, key: str, make: Callable[[], bytes]) -> bytes:
    """``make()``'s bytes for ``key``, kept in the one file the cache holds for ``slot``: a
    new key replaces the old. For what only its latest version is worth keeping (an output's
    preflight findings, a leaflet's cover thumbnail): kept by ``disk_cached``, every edit
    would leave one more file behind. The entry starts with a digest of its key."""
    if cache is None:
        return make()
    data = slot_get(cache, slot, key)
    if data is None:
        data = make()
        slot_put(cache, slot, key, data)
    return data


def slot_get(cache: Path, slot: str, key: str) -> bytes | None:
    """What ``slot_put`` kept in ``slot`` for ``key``, if that is what it holds, whole."""
    entry = _entry(_slot(cache, slot))
    head = hashlib.sha1(key.encode()).digest()
    return entry[20:] if entry is not None and entry[:20] == head else None


def slot_put(cache: Path, slot: str, key: str, data: bytes) -> None:
    """Keep ``data`` for ``key`` as the one entry of ``slot`` (see ``slot_cached``)."""
    _keep(_slot(cache, slot), hashlib.sha1(key.encode()).digest() + data)


def _slot(cache: Path, slot: str) -> Path:
    return cache / f"slot-{hashlib.sha1(slot.encode()).hexdigest()}"


def _entry(disk: Path) -> bytes | None:
    """The bytes ``_keep`` wrote at ``disk``, if they are there whole (their digest matches).
    An entry read is marked used (its modification time, at most once a day): ``trim``
    removes the longest unused first."""
    try:
        entry = disk.read_bytes()
    except OSError:  # not there (or trimmed by another build)
        return None
    with contextlib.suppress(OSError):  # a read-only cache is read all the same
        now = time.time()  # the clock ``trim`` reads, for the mark as for the age
        if now - disk.stat().st_mtime > DAY:
            os.utime(disk, (now, now))
    data, digest = entry[:-20], entry[-20:]
    return data if len(entry) > 20 and hashlib.sha1(data).digest() == digest else None


DAY = 24 * 3600
MOST_MB = 1024  # what a cache folder may hold (BROCHURE_CACHE_MB) before ``trim`` removes some


def trim(cache: Path, most: int | None = None) -> None:
    """Keep the cache folder under ``most`` bytes (default ``BROCHURE_CACHE_MB`` MiB): past
    it, remove the entries longest unused until it holds four fifths of that; and remove the
    temporary files and claims (``_claim``) a killed build left. Every entry is made again
    when next wanted, so removing one only costs time; a build reading one as it goes makes
    it again.
    Prepared pictures and web-font subsets are kept per version of a file, so without this a
    library that is edited for years would keep every version it ever printed."""
    if most is None:
        try:
            most = int(os.environ.get("BROCHURE_CACHE_MB", MOST_MB)) * 1024 * 1024
        except ValueError:
            most = MOST_MB * 1024 * 1024
    now = time.time()
    entries: list[tuple[float, int, str]] = []
    try:
        with os.scandir(cache) as found:
            for e in found:
                st = e.stat(follow_symlinks=False)
                if e.name.startswith(".") and e.name.endswith((".tmp", ".claim")):
                    if now - st.st_mtime > 3600:  # left by a killed build, not one under way
                        _remove(e.path)
                elif e.is_file(follow_symlinks=False):
                    entries.append((st.st_mtime, st.st_size, e.path))
    except OSError:
        return  # no cache yet, or one this user may not list
    total = sum(size for _t, size, _p in entries)
    if total <= most:
        return
    for _used, size, path in sorted(entries):
        if total <= most * 4 // 5:
            break
        _remove(path)
        total -= size


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)


def _keep(disk: Path, data: bytes) -> None:
    """Write ``data`` and its digest at ``disk``, without waiting for the disk; a read-only
    cache keeps nothing."""
    with contextlib.suppress(OSError):
        write_atomic(disk, data + hashlib.sha1(data).digest(), durable=False)


def kept(
    session: Session,
    path: Path | None,
    target: object,
    make: Callable[[], tuple[T, bytes | None]],
    restore: Callable[[bytes], T],
) -> T:
    """The object ``make`` makes from ``path`` as ``target``, or the one ``restore`` rebuilds
    from the bytes an earlier process kept (``disk_cached``). ``make`` returns the object and
    its bytes, or None for an object that cannot be kept (made again in every build). Bytes
    that no longer restore (a truncated file, a class that changed) are made again and
    replaced; ``restore`` may raise anything for them."""
    made: list[T] = []

    def produce() -> bytes:
        obj, data = make()
        made.append(obj)
        return NOT_KEPT if data is None else data

    data = disk_cached(session, path, target, produce)
    if made:
        return made[0]
    if data == NOT_KEPT:
        return make()[0]
    try:
        return restore(data)
    except Exception:
        disk_cached(session, path, target, produce, fresh=True)
        return made[0]
