"""The lock against two instances editing one file, with takeover of a dead owner's."""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import time

import pytest

from proposalkit.i18n import translator
from proposalkit.storage import (
    DocumentLock,
    LockedError,
    LockLostError,
    StorageError,
    acquire_lock,
    check_unlocked,
    read_lock,
)
from proposalkit.storage.lock import LockOwner, lock_path, process_alive
from tests.storage.conftest import needs_fork


@pytest.fixture
def target(tmp_path):
    path = tmp_path / "proposal.pkp"
    path.write_bytes(b"whatever")
    return path


def _write_lock(path, **changes):
    now = time.time()
    owner = {"app": "proposalkit", "pid": os.getpid(), "hostname": socket.gethostname(),
             "user": "josee", "since": now, "refreshed": now, "token": "abc"}
    owner.update(changes)
    lock_path(path).write_text(json.dumps(owner))


def _dead_pid() -> int:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


def test_lock_file_beside_the_proposal(target):
    with DocumentLock(target) as lock:
        assert lock.held and lock.lock_file == target.with_name(".~lock.proposal.pkp#")
        owner = read_lock(target)
        assert owner.pid == os.getpid() and owner.token == lock.owner.token
    assert not lock.held and not lock.lock_file.exists()


def test_second_instance_is_refused_with_a_clear_message(target):
    lock = acquire_lock(target)
    with pytest.raises(LockedError) as info:
        DocumentLock(target).acquire()
    error = info.value
    assert str(os.getpid()) in str(error) and socket.gethostname() in str(error)
    assert "déjà ouvert" in error.message(translator("fr"))
    assert error.holder and error.owner.pid == os.getpid()
    with pytest.raises(LockedError):
        check_unlocked(target)
    lock.release()
    check_unlocked(target)


@needs_fork
def test_lock_of_a_killed_process_is_taken_over(target):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        DocumentLock(target).acquire()
        os.write(write_end, b"locked")
        time.sleep(60)
        os._exit(0)
    os.close(write_end)
    assert os.read(read_end, 10) == b"locked"
    os.close(read_end)
    with pytest.raises(LockedError):
        DocumentLock(target).acquire()
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    assert not process_alive(pid)
    lock = DocumentLock(target)
    assert lock.acquire().pid == os.getpid()
    lock.release()


@needs_fork
@pytest.mark.skipif(not sys.platform.startswith("linux"),
                    reason="a zombie is told apart through /proc (Linux)")
def test_zombie_owner_is_dead():
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        os._exit(0)
    try:
        # Wait until the child has exited, without reaping it (WNOWAIT): it is then a
        # zombie, whatever the machine's load. The bound only stops a broken run.
        deadline = time.monotonic() + 60
        while os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
            assert time.monotonic() < deadline, "the child did not exit within 60 s"
            time.sleep(0.01)
        assert not process_alive(pid)
    finally:
        os.waitpid(pid, 0)


@pytest.mark.parametrize(
    ("changes", "stale"),
    [
        ({"hostname": "other-host"}, False),
        ({"hostname": "other-host", "refreshed": time.time() - 3 * 3600}, True),
        ({"pid": 0}, True),
        ({"since": 1.0, "refreshed": 1.0}, True),  # written before this machine started
    ],
    ids=["other host, fresh", "other host, not refreshed", "dead pid", "before boot"],
)
def test_stale_rules(target, changes, stale):
    _write_lock(target, **changes)
    lock = DocumentLock(target)
    if stale:
        lock.acquire()
        assert read_lock(target).token == lock.owner.token
    else:
        with pytest.raises(LockedError):
            lock.acquire()


def test_unreadable_lock_is_stale_only_once_old(target):
    lock_path(target).write_bytes(b"")  # its owner was killed while writing it
    with pytest.raises(LockedError) as info:
        DocumentLock(target).acquire()
    assert "another proposalkit window" in str(info.value)
    old = time.time() - 60
    os.utime(lock_path(target), (old, old))
    DocumentLock(target).acquire()


def test_forced_takeover_and_the_loser_knows(target):
    first = acquire_lock(target)
    second = acquire_lock(target, force=True)
    with pytest.raises(LockLostError):
        first.refresh()
    first.release()  # must not remove the new owner's lock
    assert read_lock(target).token == second.owner.token
    before = second.owner.refreshed
    time.sleep(0.01)
    second.refresh()
    assert read_lock(target).refreshed > before
    second.release()
    assert read_lock(target) is None


def test_lock_that_cannot_be_created(target, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(StorageError) as info:
        DocumentLock(target).acquire()
    assert info.value.code == "lock_failed"


def test_owner_round_trip_and_garbage():
    owner = LockOwner(12, "h", "u", 1.5, 2.5, "t")
    assert LockOwner.from_json(owner.to_json()) == owner
    for raw in (b"", b"{", b"[]", b'{"app": "other"}', b'{"app": "proposalkit", "pid": "x"}',
                b"\xff\xfe"):
        assert LockOwner.from_json(raw) is None


@needs_fork
def test_two_processes_taking_over_at_once_one_wins(target):
    """Both find the same stale lock and race to take it over: exactly one gets it."""
    for _round in range(12):
        _write_lock(target, pid=_dead_pid(), token="stale")
        go_r, go_w = os.pipe()
        result_r, result_w = os.pipe()
        done_r, done_w = os.pipe()
        children = []
        for _ in range(2):
            pid = os.fork()
            if pid == 0:  # pragma: no cover - child
                code = b"0"
                try:
                    os.read(go_r, 1)
                    DocumentLock(target).acquire()
                    code = b"1"
                except LockedError:
                    pass
                finally:
                    os.write(result_w, code)
                    os.read(done_r, 1)  # hold the lock until both have tried
                    os._exit(0)
            children.append(pid)
        os.write(go_w, b"gg")
        results = b""
        while len(results) < 2:
            results += os.read(result_r, 2)
        os.write(done_w, b"dd")
        for pid in children:
            os.waitpid(pid, 0)
        for fd in (go_r, go_w, result_r, result_w, done_r, done_w):
            os.close(fd)
        assert sorted(results) == [ord("0"), ord("1")], results
        lock_path(target).unlink(missing_ok=True)
