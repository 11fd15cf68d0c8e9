"""Before Qt starts: no display, or a platform plugin whose libraries are missing, is one
line and exit 2. The system is never broken for it: ``ldd`` and the plugin folder are
stand-ins."""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from proposalkit.gui.qpa import (
    PlatformError,
    check_platform,
    check_plugin_exists,
    debian_package,
    missing_libraries,
    platform_candidates,
    qt_own_platforms_dir,
)
from proposalkit.gui.qpa_probe import (
    available_platforms,
    plugin_keys,
    wayland_answers,
    x11_answers,
)
from proposalkit.i18n import translator

# What ldd said about Qt 6.11's libqxcb.so on a Debian 12 machine lacking two packages.
LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007f17edbf0000)
\tlibGL.so.1 => /lib/x86_64-linux-gnu/libGL.so.1 (0x00007f17ecf79000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f17edb0f000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f17ec760000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
"""
LDD_COMPLETE = "\n".join(line for line in LDD_MISSING.splitlines() if "not found" not in line)
X11 = {"DISPLAY": ":0"}
needs_unix_sockets = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                        reason="Linux's abstract Unix sockets")


def free_display() -> int:
    """A display number nothing answers at on this machine (X11 socket and TCP port)."""
    for number in range(4000 + os.getpid() % 3000, 7200):
        if x11_answers(f":{number}", timeout=0.5) is False:
            return number
    raise AssertionError("no free display number")


def listening_display() -> tuple[int, contextlib.closing]:
    """A display number and a socket that accepts connections there, as an X server's
    would: Linux's abstract ``/tmp/.X11-unix/X<n>`` (no file is made)."""
    number = free_display()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(f"\0/tmp/.X11-unix/X{number}")
    server.listen(4)
    return number, contextlib.closing(server)


@pytest.fixture
def plugins(tmp_path):
    for name in ("libqxcb.so", "libqwayland.so", "libqoffscreen.so"):
        (tmp_path / name).write_bytes(b"\x7fELF")
    return tmp_path


def _check(env, plugins, outputs, uses_apt=True, answers=True):
    """check_platform with ldd answering ``outputs[plugin file name]`` and every display
    answering (or not, or unknown: ``answers``)."""
    check_platform(env, plugins, ldd=lambda path: outputs[path.name], platform="linux",
                   uses_apt=lambda: uses_apt, answers=lambda name, env: answers)


@pytest.mark.parametrize(("soname", "package"), [
    ("libxcb-icccm.so.4", "libxcb-icccm4"), ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-cursor.so.0", "libxcb-cursor0"), ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libX11-xcb.so.1", "libx11-xcb1"), ("libX11.so.6", "libx11-6"), ("libGL.so.1", "libgl1"),
    ("libEGL.so.1", "libegl1"), ("libdbus-1.so.3", "libdbus-1-3"),
    ("libglib-2.0.so.0", "libglib2.0-0"), ("libz.so.1", "zlib1g"),
    ("libwayland-cursor.so.0", "libwayland-cursor0"), ("libpng16.so.16", "libpng16-16"),
])
def test_debian_package_of_a_library(soname, package):
    assert debian_package(soname) == package


def test_missing_libraries_each_once_in_order():
    assert missing_libraries(LDD_MISSING) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert missing_libraries(LDD_COMPLETE) == []


@pytest.mark.parametrize(("env", "expected"), [
    ({}, ["xcb"]),
    ({"QT_QPA_PLATFORM": "xcb"}, ["xcb"]),
    ({"XDG_SESSION_TYPE": "wayland"}, ["wayland", "xcb"]),
    ({"QT_QPA_PLATFORM": "wayland;xcb"}, ["wayland", "xcb"]),
    ({"QT_QPA_PLATFORM": "offscreen"}, None),
    ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, None),
])
def test_platforms_qt_will_try(env, expected):
    assert platform_candidates(env) == expected


def test_missing_libraries_are_named_with_their_packages(plugins):
    with pytest.raises(PlatformError) as info:
        _check(X11, plugins, {"libqxcb.so": LDD_MISSING})
    english = info.value.message(translator("en"))
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in english
    assert english.endswith("sudo apt-get install libxcb-icccm4 libxcb-keysyms1")
    french = info.value.message(translator("fr"))
    assert french.startswith("La fenêtre ne peut pas s’ouvrir") and "\n" not in french
    with pytest.raises(PlatformError) as info:
        _check(X11, plugins, {"libqxcb.so": LDD_MISSING}, uses_apt=False)
    assert "apt-get" not in info.value.message(translator("en"))


def test_complete_plugin_or_unknown_answer_lets_qt_start(plugins):
    _check(X11, plugins, {"libqxcb.so": LDD_COMPLETE})
    _check(X11, plugins, {"libqxcb.so": ""})  # no ldd, or it failed: Qt has its say
    _check(X11, plugins.parent / "nowhere", {})  # no plugin where expected
    _check({"QT_QPA_PLATFORM": "offscreen"}, plugins, {})


def test_wayland_that_loads_is_enough(plugins):
    env = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    _check(env, plugins, {"libqwayland.so": LDD_COMPLETE, "libqxcb.so": LDD_MISSING})
    with pytest.raises(PlatformError):
        _check(env, plugins, {"libqwayland.so": LDD_MISSING, "libqxcb.so": LDD_MISSING})


def test_no_display_at_all(plugins):
    with pytest.raises(PlatformError) as info:
        _check({}, plugins, {})
    assert "DISPLAY" in info.value.message(translator("en"))
    with pytest.raises(PlatformError):
        _check({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, plugins, {})
    check_platform({}, plugins, ldd=lambda path: "", platform="win32")  # not Linux's concern


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd: Linux")
def test_the_app_exits_2_instead_of_aborting(plugins, tmp_path):
    # The real command, with a stand-in ldd first on PATH and Qt's plugin folder pointed
    # at a copy that has a plugin file: nothing on the system changes.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "ldd"
    fake.write_text("#!/bin/sh\ncat <<'EOF'\n" + LDD_MISSING + "EOF\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    number, server = listening_display()
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "QT_QPA_PLATFORM": "xcb", "DISPLAY": f":{number}",
           "QT_QPA_PLATFORM_PLUGIN_PATH": str(plugins),
           "PROPOSALKIT_CONFIG_DIR": str(tmp_path / "config"), "LANG": "fr_CA.UTF-8"}
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    with server:
        result = subprocess.run([sys.executable, "-m", "proposalkit.cli", "--quit-after-show"],
                                capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("proposalkit: La fenêtre ne peut pas s’ouvrir\u00a0: le module de "
                           "plateforme xcb de Qt a besoin de libxcb-icccm.so.4, "
                           "libxcb-keysyms.so.1, absentes de cet ordinateur")


def _cbor_plugin(folder: Path, name: str, keys: list[str]) -> Path:
    """A stand-in plugin file carrying Qt's metadata: ``Keys`` as a CBOR array of texts."""
    array = bytes([0x80 + len(keys)]) + b"".join(bytes([0x60 + len(k)]) + k.encode()
                                                 for k in keys)
    path = folder / name
    path.write_bytes(b"\x7fELF\0\0QTMETADATA \xbf\x02dKeys" + array + b"\xff\0")
    return path


def test_a_plugin_answers_to_the_keys_of_its_metadata(tmp_path):
    plugin = _cbor_plugin(tmp_path, "libqwayland.so", ["wayland", "wayland-egl"])
    assert plugin_keys(plugin) == {"wayland", "wayland-egl"}
    assert plugin_keys(_cbor_plugin(tmp_path, "qwindows.dll", [])) == {"windows"}
    assert available_platforms([tmp_path / "nowhere"]) is None
    real = available_platforms([qt_own_platforms_dir()])
    assert real is not None and {"offscreen", "minimal"} <= real
    if sys.platform.startswith("linux"):
        assert {"xcb", "wayland", "wayland-egl"} <= real


def test_a_platform_without_a_plugin_is_refused_before_qt(plugins):
    with pytest.raises(PlatformError) as info:
        check_plugin_exists({"QT_QPA_PLATFORM": "bogus"}, [plugins])
    english = info.value.message(translator("en"))
    assert "no platform plugin bogus (QT_QPA_PLATFORM)" in english
    assert "offscreen, wayland, xcb" in english
    french = info.value.message(translator("fr"))
    assert "Qt n’a pas de module de plateforme bogus" in french and "\n" not in french
    with pytest.raises(PlatformError):  # on any system, not only Linux
        check_platform({"QT_QPA_PLATFORM": "bogus"}, plugins, platform="win32")
    for fine in ("offscreen", "xcb", "XCB", "bogus;offscreen", "offscreen:fontengine=freetype"):
        check_plugin_exists({"QT_QPA_PLATFORM": fine}, [plugins])
    check_plugin_exists({}, [plugins])
    check_plugin_exists({"QT_QPA_PLATFORM": "bogus"}, [plugins / "nowhere"])  # cannot tell
    # Windows and macOS plugins, by their metadata and their file names.
    _cbor_plugin(plugins, "qwindows.dll", ["windows"])
    _cbor_plugin(plugins, "libqcocoa.dylib", ["cocoa"])
    for native in ("windows", "cocoa"):
        check_plugin_exists({"QT_QPA_PLATFORM": native}, [plugins])
    # A key no file is named after is found in the metadata (wayland-egl: libqwayland.so).
    with pytest.raises(PlatformError):
        check_plugin_exists({"QT_QPA_PLATFORM": "wayland-egl"}, [plugins])
    _cbor_plugin(plugins, "libqwayland.so", ["wayland", "wayland-egl"])
    check_plugin_exists({"QT_QPA_PLATFORM": "wayland-egl"}, [plugins])


def test_a_display_that_does_not_answer_is_one_line(plugins):
    with pytest.raises(PlatformError) as info:
        _check({"DISPLAY": ":99"}, plugins, {"libqxcb.so": LDD_COMPLETE}, answers=False)
    english = info.value.message(translator("en"))
    assert english.startswith("The window cannot open: no display answers at DISPLAY=:99")
    french = info.value.message(translator("fr"))
    assert french.startswith("La fenêtre ne peut pas s’ouvrir\xa0: aucun écran ne répond à "
                             "DISPLAY=:99") and "\n" not in french
    # Missing libraries are said first: they are what to fix before anything else.
    with pytest.raises(PlatformError) as info:
        _check({"DISPLAY": ":99"}, plugins, {"libqxcb.so": LDD_MISSING}, answers=False)
    assert "libxcb-icccm4" in info.value.message(translator("en"))
    # A display form we cannot check is left to Qt; so is one Wayland answers for.
    _check({"DISPLAY": ":99"}, plugins, {"libqxcb.so": LDD_COMPLETE}, answers=None)
    env = {"DISPLAY": ":99", "WAYLAND_DISPLAY": "wayland-0"}
    check_platform(env, plugins, ldd=lambda path: LDD_COMPLETE, platform="linux",
                   answers=lambda name, env: name == "wayland")
    with pytest.raises(PlatformError) as info:
        _check(env, plugins, {"libqwayland.so": LDD_COMPLETE, "libqxcb.so": LDD_COMPLETE},
               answers=False)
    assert "WAYLAND_DISPLAY=wayland-0 / DISPLAY=:99" in info.value.message(translator("en"))


@needs_unix_sockets
def test_an_x_server_answers_when_its_socket_accepts():
    number, server = listening_display()
    with server:
        assert x11_answers(f":{number}") is True
        assert x11_answers(f":{number}.0") is True
        assert x11_answers(f"unix:{number}") is True
    assert x11_answers(f":{number}", timeout=0.5) is False
    assert x11_answers(f"unix:{number}", timeout=0.5) is False
    for unknown in ("", "0", "/private/tmp/launchd-1/org.xquartz:0", "host:x"):
        assert x11_answers(unknown) is None


def test_an_x_server_over_tcp():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        if port - 6000 < 0:
            pytest.skip("the port given is below the X11 range")
        assert x11_answers(f"127.0.0.1:{port - 6000}") is True
    assert x11_answers(f"127.0.0.1:{port - 6000}", timeout=0.5) is False


@needs_unix_sockets
def test_a_wayland_compositor_answers_when_its_socket_accepts(tmp_path):
    env = {"XDG_RUNTIME_DIR": str(tmp_path), "WAYLAND_DISPLAY": "wayland-7"}
    assert wayland_answers(env) is False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(tmp_path / "wayland-7"))
        server.listen(1)
        assert wayland_answers(env) is True
        assert wayland_answers({"WAYLAND_DISPLAY": str(tmp_path / "wayland-7")}) is True
    assert wayland_answers({"WAYLAND_DISPLAY": "wayland-7"}) is False  # no runtime folder
    assert wayland_answers({"WAYLAND_SOCKET": "5"}) is None


def _run_app(tmp_path, **variables) -> subprocess.CompletedProcess:
    env = {**os.environ, "PROPOSALKIT_CONFIG_DIR": str(tmp_path / "config"),
           "LANG": "fr_CA.UTF-8", **variables}
    for name in ("LC_ALL", "LC_MESSAGES", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM_PLUGIN_PATH"):
        if name not in variables:
            env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "proposalkit.cli", "--quit-after-show"],
                          capture_output=True, text=True, timeout=120, env=env)


@needs_unix_sockets
def test_the_app_exits_2_on_a_display_nobody_answers(tmp_path):
    # A dropped SSH session or a crashed desktop: DISPLAY set, nothing listening.
    result = _run_app(tmp_path, DISPLAY=f":{free_display()}", QT_QPA_PLATFORM="xcb")
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("proposalkit: La fenêtre ne peut pas s’ouvrir\xa0: aucun écran ne "
                           "répond à DISPLAY=:")


def test_the_app_exits_2_on_a_platform_that_does_not_exist(tmp_path):
    result = _run_app(tmp_path, QT_QPA_PLATFORM="bogus")
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.splitlines()
    assert "Qt n’a pas de module de plateforme bogus" in line
    for fine in ("offscreen", "minimal"):
        result = _run_app(tmp_path, QT_QPA_PLATFORM=fine)
        assert result.returncode == 0, (fine, result.stderr)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd: Linux")
def test_ldd_is_asked_once_while_the_plugin_stays_the_same(tmp_path, monkeypatch):
    from proposalkit.gui import qpa

    plugin = tmp_path / "libqxcb.so"
    plugin.write_bytes(b"\x7fELF plugin")
    asked = []
    monkeypatch.setattr(qpa, "run_ldd", lambda path: asked.append(path) or LDD_COMPLETE)
    assert qpa.kept_ldd(plugin) == LDD_COMPLETE
    assert qpa.kept_ldd(plugin) == LDD_COMPLETE
    assert len(asked) == 1
    plugin.write_bytes(b"\x7fELF another plugin")
    assert qpa.kept_ldd(plugin) == LDD_COMPLETE
    assert len(asked) == 2
    monkeypatch.setenv("LD_LIBRARY_PATH", str(tmp_path))
    qpa.kept_ldd(plugin)
    assert len(asked) == 3
