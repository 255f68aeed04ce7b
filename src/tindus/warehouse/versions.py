"""Immutable versions of the warehouse file, published by an atomic swap (no Django import).

DuckDB lets one process write a database file, and no other process may open it meanwhile. So the
warehouse is never written in place: a writer copies the current version into a draft, changes the
draft, checkpoints and closes it, then publishes it by replacing a symbolic link with an atomic
rename. Readers resolve the link when they open a connection: each sees one complete version, the
previous or the new one, never a mix, and any number of processes on any number of machines sharing
the folder keep reading while an import runs. For ``WAREHOUSE_PATH = var/warehouse.duckdb``::

    var/warehouse.duckdb                         link to the current version (what readers open)
    var/warehouse.versions/000012.duckdb         the current version (a read-only file)
    var/warehouse.versions/000011.duckdb         previous versions, kept for readers still on them
    var/warehouse.versions/draft-000013.duckdb   what a writer is building (never read; removed if it died)
    var/warehouse.versions/write.lock            one writer at a time (fcntl lock), and the last version

A warehouse from before versions (a plain file at ``WAREHOUSE_PATH``) becomes version 1 on first use.
"""

from __future__ import annotations

import contextvars
import errno
import fcntl
import json
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

VERSION_NAME = re.compile(r"(\d{6,})\.duckdb")
DRAFT_PREFIX = "draft-"
LOCK_NAME = "write.lock"
POLL_SECONDS = 0.2
_BUSY = (errno.EACCES, errno.EAGAIN)


@dataclass(frozen=True)
class Version:
    """A published version: its number (0 for a single file from before versions) and its file."""

    number: int
    path: Path


@dataclass(frozen=True)
class Holder:
    """Who holds the write lock."""

    host: str
    pid: int
    since: float  # seconds since the epoch


@dataclass
class Draft:
    """The version a writer is building: ``number`` once published, ``path`` of the draft file."""

    number: int
    path: Path
    base: Version | None
    published: Version | None = None
    con: duckdb.DuckDBPyConnection | None = field(default=None, repr=False)


class WarehouseBusyError(Exception):
    """Another writer held the warehouse for longer than this one could wait."""

    def __init__(self, holder: Holder | None, waited: float) -> None:
        self.holder = holder
        self.waited = waited
        who = f"process {holder.pid} on {holder.host}" if holder else "another process"
        super().__init__(f"{who} is writing the warehouse (waited {waited:g} s)")


def versions_folder(link: Path) -> Path:
    """``var/warehouse.duckdb`` → ``var/warehouse.versions``."""
    stem = link.name[: -len(link.suffix)] if link.suffix else link.name
    return link.with_name(stem + ".versions")


# --- which version a reader reads ------------------------------------------------------------------

# Versions pinned for the current request or batch: folder → version (None: resolve at each connection).
_pins: contextvars.ContextVar[dict[str, Version] | None] = contextvars.ContextVar("tindus_warehouse_pins", default=None)


def begin_pinning() -> None:
    """From now on, every connection of this context reads the version the first one read (a request)."""
    _pins.set({})


def end_pinning() -> None:
    _pins.set(None)


@contextmanager
def pinned() -> Iterator[None]:
    """Read one version throughout the block (a batch, a task), whatever is published meanwhile."""
    token = _pins.set({})
    try:
        yield
    finally:
        _pins.reset(token)


# --- one writer at a time ---------------------------------------------------------------------------

# fcntl locks belong to a process: threads of one process also queue on a lock of their own.
_thread_locks: dict[str, threading.Lock] = {}
_thread_locks_guard = threading.Lock()
_local_holders: dict[str, Holder] = {}


def _thread_lock(folder: str) -> threading.Lock:
    with _thread_locks_guard:
        return _thread_locks.setdefault(folder, threading.Lock())


class _LockFile:
    """The open lock file: who writes, and the number of the last published version (authoritative
    over the link, which another machine's cache may show late)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def read(self) -> dict:
        try:
            return json.loads(os.pread(self.fd, 65536, 0) or b"{}")
        except ValueError:
            return {}

    def write(self, state: dict) -> None:
        data = json.dumps(state).encode()
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, data, 0)
        os.fsync(self.fd)


def _holder_of(state: dict) -> Holder | None:
    holder = state.get("holder")
    try:
        return Holder(str(holder["host"]), int(holder["pid"]), float(holder["since"])) if holder else None
    except (KeyError, TypeError, ValueError):
        return None


class Versions:
    """The versions of one warehouse: ``link`` is ``WAREHOUSE_PATH``."""

    def __init__(self, link: Path | str) -> None:
        self.link = Path(link)
        self.folder = versions_folder(self.link)
        self.key = os.path.abspath(self.folder)

    # --- reading ---

    def current(self) -> Version | None:
        """The published version as the link says now; a plain file from before versions is version 0."""
        try:
            target = os.readlink(self.link)
        except FileNotFoundError:
            return None
        except OSError as error:
            if error.errno != errno.EINVAL:
                raise
            return Version(0, self.link) if self.link.exists() else None
        path = self.link.parent / target
        match = VERSION_NAME.fullmatch(path.name)
        ours = match is not None and os.path.abspath(path.parent) == self.key
        return Version(int(match.group(1)) if ours else 0, path)

    def reading(self) -> Version | None:
        """The version a reader opens now: the pinned one inside a request or batch, else the current one
        (a plain file from before versions is migrated first when no writer holds the lock)."""
        pins = _pins.get()
        if pins is not None and self.key in pins:
            return pins[self.key]
        version = self.current()
        if version is not None and version.number == 0 and not self.link.is_symlink():
            self.try_migrate()
            version = self.current()
        if pins is not None and version is not None:
            pins[self.key] = version
        return version

    def forget_pin(self) -> None:
        pins = _pins.get()
        if pins is not None:
            pins.pop(self.key, None)

    def published(self) -> list[Version]:
        """Every version file of the folder, oldest first (the current one and those kept)."""
        try:
            names = os.listdir(self.folder)
        except FileNotFoundError:
            return []
        found = [(int(m.group(1)), name) for name in names if (m := VERSION_NAME.fullmatch(name))]
        return [Version(number, self.folder / name) for number, name in sorted(found)]

    # --- writing ---

    @contextmanager
    def lock(self, wait: float, on_wait: Callable[[Holder | None], None] | None = None) -> Iterator[_LockFile]:
        """Hold the write lock, waiting up to ``wait`` seconds (``on_wait`` is told once who holds it)."""
        deadline = time.monotonic() + max(wait, 0)
        told = False
        thread_lock = _thread_lock(self.key)
        if not thread_lock.acquire(blocking=False):
            if wait <= 0:
                raise WarehouseBusyError(_local_holders.get(self.key), wait)
            if on_wait:
                on_wait(_local_holders.get(self.key))
                told = True
            if not thread_lock.acquire(timeout=wait):
                raise WarehouseBusyError(_local_holders.get(self.key), wait)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
            lock_file = _LockFile(fd)
            try:
                while True:
                    try:
                        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except OSError as error:
                        if error.errno not in _BUSY:
                            raise
                    holder = _holder_of(lock_file.read())
                    if time.monotonic() >= deadline:
                        raise WarehouseBusyError(holder, wait)
                    if not told and on_wait:
                        on_wait(holder)
                        told = True
                    time.sleep(POLL_SECONDS)
                holder = Holder(socket.gethostname(), os.getpid(), time.time())
                state = lock_file.read()
                lock_file.write({**state, "holder": holder.__dict__})
                _local_holders[self.key] = holder
                try:
                    yield lock_file
                finally:
                    _local_holders.pop(self.key, None)
                    state = lock_file.read()
                    state.pop("holder", None)
                    with suppress(OSError):
                        lock_file.write(state)
            finally:
                os.close(fd)  # releases the fcntl lock
        finally:
            thread_lock.release()

    @contextmanager
    def draft(
        self,
        *,
        wait: float,
        keep: int,
        grace: float,
        on_wait: Callable[[Holder | None], None] | None = None,
    ) -> Iterator[Draft]:
        """Under the write lock, a copy of the latest version to change; published when the block ends
        without error (the caller has closed its connection by then), removed otherwise."""
        with self.lock(wait, on_wait) as lock_file:
            self._migrate(lock_file)
            base = self._latest(lock_file)
            self._clear_leftovers(base)
            number = max([v.number for v in self.published()] + [base.number if base else 0]) + 1
            draft = Draft(number, self.folder / f"{DRAFT_PREFIX}{number:06d}.duckdb", base)
            try:
                if base is not None:
                    copy_file(base.path, draft.path)
                yield draft
                draft.published = self._publish(draft, lock_file)
            except BaseException:
                _remove_database(draft.path)
                raise
            with suppress(OSError):  # the version is published: a failed clean-up waits for the next writer
                self.prune(keep=keep, grace=grace)

    def _latest(self, lock_file: _LockFile) -> Version | None:
        """The last published version: the lock file's record when its file exists, else the link's."""
        candidates = [self.current()]
        recorded = lock_file.read().get("current")
        if isinstance(recorded, int):
            path = self.folder / f"{recorded:06d}.duckdb"
            if path.exists():
                candidates.append(Version(recorded, path))
        candidates = [c for c in candidates if c is not None]
        return max(candidates, key=lambda v: v.number) if candidates else None

    def _clear_leftovers(self, base: Version | None) -> None:
        """Drafts of writers that died, versions written but never published, half-made links."""
        for path in self.folder.glob(f"{DRAFT_PREFIX}*"):
            _remove_database(path)
        if base is not None and base.number:
            for version in self.published():
                if version.number > base.number:
                    _remove_database(version.path)
        for path in self.link.parent.glob(f".{self.link.name}.*.tmp"):
            with suppress(FileNotFoundError):
                path.unlink()

    def _publish(self, draft: Draft, lock_file: _LockFile) -> Version:
        if Path(f"{draft.path}.wal").exists():
            raise RuntimeError(f"{draft.path} was not checkpointed and closed before publication")
        _fsync(draft.path)
        os.chmod(draft.path, 0o444)  # immutable from now on
        final = self.folder / f"{draft.number:06d}.duckdb"
        os.rename(draft.path, final)
        _fsync(self.folder)
        version = Version(draft.number, final)
        self._point_to(version)
        lock_file.write({**lock_file.read(), "current": version.number})
        pins = _pins.get()
        if pins is not None:  # the writer's own request reads what it wrote
            pins[self.key] = version
        return version

    def _point_to(self, version: Version) -> None:
        """Replace the link atomically (rename over it): readers see the old target or the new one."""
        temporary = self.link.with_name(f".{self.link.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        with suppress(FileNotFoundError):
            temporary.unlink()
        os.symlink(os.path.relpath(version.path, self.link.parent), temporary)
        os.replace(temporary, self.link)
        _fsync(self.link.parent)

    # --- the layout before versions ---

    def try_migrate(self) -> None:
        """Migrate a plain file now if no writer holds the lock (readers call this; never raises)."""
        with suppress(WarehouseBusyError, OSError, duckdb.Error), self.lock(wait=0) as lock_file:
            self._migrate(lock_file)

    def _migrate(self, lock_file: _LockFile) -> None:
        """A plain file at the link's place becomes version 1 (hard-linked, so readers see it all along)."""
        if self.link.is_symlink() or not self.link.exists():
            return
        if Path(f"{self.link}.wal").exists():  # fold the write-ahead log in, so the file is whole
            con = duckdb.connect(str(self.link))
            try:
                con.execute("CHECKPOINT")
            finally:
                con.close()
        number = max([v.number for v in self.published()] + [0]) + 1
        final = self.folder / f"{number:06d}.duckdb"
        try:
            os.link(self.link, final)
        except OSError:
            shutil.copy2(self.link, final)
        os.chmod(final, 0o444)
        version = Version(number, final)
        self._point_to(version)
        lock_file.write({**lock_file.read(), "current": number})

    # --- retention ---

    def prune(self, *, keep: int, grace: float) -> list[Path]:
        """Delete versions older than the ``keep`` newest, superseded more than ``grace`` seconds ago and
        open in no process (DuckDB holds a lock on a file it reads). Call under the write lock."""
        current = self._latest_published()
        if current is None:
            return []
        versions = [v for v in self.published() if v.number <= current.number]
        removed = []
        for older, newer in zip(versions[: -max(keep, 1)], versions[1:], strict=False):
            try:
                superseded = time.time() - newer.path.stat().st_mtime
            except FileNotFoundError:
                continue
            if superseded >= grace and _remove_if_unused(older.path):
                removed.append(older.path)
        return removed

    def _latest_published(self) -> Version | None:
        version = self.current()
        return version if version is not None and version.number else None


# --- files -----------------------------------------------------------------------------------------


def copy_file(source: Path, target: Path) -> None:
    """Copy a version: ``copy_file_range`` (server-side on NFS 4.2, a reflink on XFS or Btrfs), else bytes."""
    src = os.open(source, os.O_RDONLY)
    try:
        dst = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            size = os.fstat(src).st_size
            copied = 0
            try:
                while copied < size:
                    n = os.copy_file_range(src, dst, size - copied, copied, copied)
                    if n == 0:
                        break
                    copied += n
            except OSError as error:
                if error.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM):
                    raise
                copied = 0
            if copied < size:  # no copy_file_range here: plain reads and writes
                os.ftruncate(dst, 0)
                with open(src, "rb", closefd=False) as reader, open(dst, "wb", closefd=False) as writer:
                    reader.seek(0)
                    shutil.copyfileobj(reader, writer, 1 << 24)
        finally:
            os.close(dst)
    finally:
        os.close(src)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as error:  # some file systems refuse fsync on a directory
        if error.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _remove_database(path: Path) -> None:
    for leftover in (path, Path(f"{path}.wal")):
        with suppress(FileNotFoundError):
            leftover.unlink()
    shutil.rmtree(f"{path}.tmp", ignore_errors=True)  # DuckDB's spill folder of a reader


def _remove_if_unused(path: Path) -> bool:
    """Delete a version unless a process has it open: DuckDB holds a shared fcntl lock on a file it reads,
    so an exclusive lock is refused while any reader (here or, on NFS, on another machine) remains."""
    try:
        os.chmod(path, 0o644)
        fd = os.open(path, os.O_RDWR)
    except OSError:  # gone, or not ours to delete
        return False
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in _BUSY:
                raise
            os.chmod(path, 0o444)
            return False
        _remove_database(path)
        return True
    finally:
        os.close(fd)
