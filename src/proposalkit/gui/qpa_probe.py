"""What :mod:`proposalkit.gui.qpa` asks the system before Qt is: which platform plugins Qt
has here, and whether the display a variable names answers.

Neither question starts Qt. A platform plugin is known by the keys in its metadata (the
``Keys`` array Qt embeds, as CBOR, in every plugin file: ``libqwayland.so`` answers to
``wayland``, ``wayland-egl`` and ``wayland-brcm``), read from the files; a display answers
when a connection to its socket is accepted (the X server's Unix socket, abstract or in
``/tmp/.X11-unix``, or its TCP port; the Wayland compositor's socket), which is what Qt's
xcb and wayland plugins do first. Nothing is sent on the connection.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Iterable, Mapping
from pathlib import Path

#: Seconds to wait for a remote X server (``DISPLAY=host:10``) to accept a connection.
CONNECT_TIMEOUT = 3.0
#: A plugin file bigger than this is not read for its keys (its name still counts).
MAX_PLUGIN_BYTES = 64 * 1024 * 1024
_PLUGIN_SUFFIXES = (".so", ".dll", ".dylib")
_PLUGIN_NAME = re.compile(r"^(?:lib)?q(.+)$")
_KEYS = b"dKeys"


def _cbor_texts(data: bytes, start: int) -> list[str]:
    """The text strings of the CBOR array at ``data[start]`` (empty when it is not one)."""
    if start >= len(data):
        return []
    head = data[start]
    if 0x80 <= head <= 0x97:
        count, position = head - 0x80, start + 1
    elif head == 0x9F:
        count, position = 64, start + 1  # indefinite length, ends with 0xFF
    else:
        return []
    texts: list[str] = []
    for _ in range(count):
        if position >= len(data):
            break
        kind = data[position]
        if 0x60 <= kind <= 0x77:
            size, position = kind - 0x60, position + 1
        elif kind == 0x78 and position + 1 < len(data):
            size, position = data[position + 1], position + 2
        else:
            break
        texts.append(data[position:position + size].decode("utf-8", "replace"))
        position += size
    return texts


def plugin_keys(path: Path, read: bool = True) -> set[str]:
    """The platform names the plugin file ``path`` answers to, lower case: the name its
    file is called by (``libqxcb.so``: ``xcb``) and, when ``read``, the keys of its
    metadata."""
    stem = path.name.split(".")[0]
    match = _PLUGIN_NAME.match(stem)
    keys = {match.group(1).lower()} if match else set()
    try:
        if read and path.stat().st_size <= MAX_PLUGIN_BYTES:
            data = path.read_bytes()
            found = data.find(_KEYS)
            while found >= 0:
                keys.update(key.lower() for key in _cbor_texts(data, found + len(_KEYS)))
                found = data.find(_KEYS, found + 1)
    except OSError:
        pass
    return keys


def platform_plugin_dirs(env: Mapping[str, str], qt_dir: Path | None) -> list[Path]:
    """Where Qt looks for platform plugins, in its order: ``QT_QPA_PLATFORM_PLUGIN_PATH``,
    then ``platforms`` under each ``QT_PLUGIN_PATH`` entry and under Qt's own folder."""
    dirs = [Path(env["QT_QPA_PLATFORM_PLUGIN_PATH"])] if env.get(
        "QT_QPA_PLATFORM_PLUGIN_PATH") else []
    dirs += [Path(entry) / "platforms"
             for entry in env.get("QT_PLUGIN_PATH", "").split(os.pathsep) if entry]
    if qt_dir is not None:
        dirs.append(qt_dir)
    return dirs


def available_platforms(dirs: Iterable[Path], read: bool = True) -> set[str] | None:
    """The platform names the plugins in ``dirs`` answer to (by their file names only
    unless ``read``); None when no plugin file is found at all (a layout we do not know:
    Qt is left to look)."""
    names: set[str] = set()
    found = False
    for folder in dirs:
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.suffix.lower() in _PLUGIN_SUFFIXES and entry.is_file():
                found = True
                names |= plugin_keys(entry, read)
    return names if found else None


def _connects(family: int, address: str | bytes | tuple[str, int],
              timeout: float = CONNECT_TIMEOUT) -> bool:
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(address)
    except (OSError, ValueError):
        return False
    return True


def _tcp_connects(host: str, port: int, timeout: float = CONNECT_TIMEOUT) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except (OSError, ValueError):
        return False


def x11_answers(display: str, timeout: float = CONNECT_TIMEOUT) -> bool | None:
    """True when an X server accepts a connection at ``display`` (``:0``, ``unix:1``,
    ``localhost:10.0``), False when none does; None when ``display`` is not a form we
    can check (Qt then tries it itself)."""
    host, separator, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if not separator or not number.isdigit() or "/" in host:
        return None
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if host in ("", "unix"):
        if hasattr(socket, "AF_UNIX"):
            path = f"/tmp/.X11-unix/X{number}"
            # Linux's abstract socket first, as libxcb does, then the file.
            if _connects(socket.AF_UNIX, "\0" + path, timeout) or _connects(
                    socket.AF_UNIX, path, timeout):
                return True
        if host == "unix":
            return False
        host = "localhost"  # libxcb falls back to TCP on the local machine
    return _tcp_connects(host, 6000 + int(number), timeout)


def wayland_answers(env: Mapping[str, str]) -> bool | None:
    """True when the Wayland compositor named by ``WAYLAND_DISPLAY`` accepts a connection,
    False when it does not; None when there is nothing we can check."""
    if env.get("WAYLAND_SOCKET"):
        return None  # a socket handed over by the parent: nothing to connect to
    name = env.get("WAYLAND_DISPLAY", "")
    if not name or not hasattr(socket, "AF_UNIX"):
        return None
    if os.path.isabs(name):
        path = name
    elif env.get("XDG_RUNTIME_DIR"):
        path = os.path.join(env["XDG_RUNTIME_DIR"], name)
    else:
        return False  # libwayland needs XDG_RUNTIME_DIR for a relative name
    return _connects(socket.AF_UNIX, path)


def display_answers(platform: str, env: Mapping[str, str]) -> bool | None:
    """Whether the display server the platform ``xcb`` or ``wayland…`` uses answers."""
    if platform == "xcb":
        return x11_answers(env.get("DISPLAY", ""))
    return wayland_answers(env)
