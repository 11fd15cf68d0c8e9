"""Before Qt starts: no display, or a platform plugin whose libraries are missing, is one
line and exit 2. The system is never broken for it: ``ldd`` and the plugin folder are
stand-ins."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from proposalkit.gui.qpa import (
    PlatformError,
    check_platform,
    debian_package,
    missing_libraries,
    platform_candidates,
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


@pytest.fixture
def plugins(tmp_path):
    for name in ("libqxcb.so", "libqwayland.so"):
        (tmp_path / name).write_bytes(b"\x7fELF")
    return tmp_path


def _check(env, plugins, outputs, uses_apt=True):
    """check_platform with ldd answering ``outputs[plugin file name]``."""
    check_platform(env, plugins, ldd=lambda path: outputs[path.name], platform="linux",
                   uses_apt=lambda: uses_apt)


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
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0", "QT_QPA_PLATFORM_PLUGIN_PATH": str(plugins),
           "PROPOSALKIT_CONFIG_DIR": str(tmp_path / "config"), "LANG": "fr_CA.UTF-8"}
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    result = subprocess.run([sys.executable, "-m", "proposalkit.cli", "--quit-after-show"],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("proposalkit: La fenêtre ne peut pas s’ouvrir\u00a0: le module de "
                           "plateforme xcb de Qt a besoin de libxcb-icccm.so.4, "
                           "libxcb-keysyms.so.1, absentes de cet ordinateur")
