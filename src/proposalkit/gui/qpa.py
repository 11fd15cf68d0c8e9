"""Before the window: can Qt's platform plugin load on this computer?

Qt aborts the process (exit 134, a wall of text that blames the wrong library) when the
platform asked for has no plugin (``QT_QPA_PLATFORM=bogus``), and on Linux when its X11 or
Wayland platform plugin cannot load, when there is no display at all, or when the display
named does not answer (``DISPLAY=:99`` left by a dropped SSH session or a crashed
desktop). :func:`check_platform` finds these cases first, without creating a
QApplication: it reads which platforms the plugins provide, connects to the display's
socket (:mod:`proposalkit.gui.qpa_probe`), asks ``ldd`` which of the plugin's libraries
the system lacks and names them (with the Debian packages that hold them where apt is the
package manager), so the user gets one line in their language and exit 2 instead.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from proposalkit.errors import ProposalKitError
from proposalkit.gui.qpa_probe import available_platforms, display_answers, platform_plugin_dirs

#: The platforms that need a display server, and the variable that names it.
DISPLAY_VARIABLES = {"xcb": "DISPLAY", "wayland": "WAYLAND_DISPLAY",
                     "wayland-egl": "WAYLAND_DISPLAY"}
#: Each of those platforms' plugin file in Qt's ``platforms`` plugin folder.
PLUGIN_FILES = {"xcb": "libqxcb.so", "wayland": "libqwayland.so",
                "wayland-egl": "libqwayland.so"}

# Debian names most library packages after the soname (libxcb-icccm.so.4 ->
# libxcb-icccm4, libX11.so.6 -> libx11-6); these are the exceptions Qt's plugins meet.
_PACKAGE_EXCEPTIONS = {
    "libGLdispatch.so.0": "libglvnd0",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libbrotlicommon.so.1": "libbrotli1",
    "libbrotlidec.so.1": "libbrotli1",
    "libz.so.1": "zlib1g",
    "libgcc_s.so.1": "libgcc-s1",
}
_SONAME = re.compile(r"^(lib.+)\.so\.(\d+)(?:\.\d+)*$")
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)

Ldd = Callable[[Path], str]
#: Whether the display server of a platform (``xcb``, ``wayland``) answers; None: cannot tell.
Answers = Callable[[str, Mapping[str, str]], "bool | None"]


class PlatformError(ProposalKitError):
    """The window cannot open on this computer (no display, or Qt's plugin cannot load)."""


def debian_package(soname: str) -> str:
    """The Debian (and Ubuntu) package that holds the library ``soname``."""
    if soname in _PACKAGE_EXCEPTIONS:
        return _PACKAGE_EXCEPTIONS[soname]
    match = _SONAME.match(soname)
    if match is None:
        return soname
    name, version = match.group(1).lower(), match.group(2)
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def missing_libraries(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` reports as not found, each once, in its order."""
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))


def platform_candidates(env: Mapping[str, str]) -> list[str] | None:
    """The display platforms Qt will try, in its order; None when the platform asked for
    needs no display server (``offscreen``, ``minimal``, ``vnc``…): nothing to check."""
    asked = [part.split(":")[0].strip() for part in env.get("QT_QPA_PLATFORM", "").split(";")]
    names = [name for name in asked if name]
    if not names:
        # Qt 6 prefers Wayland in a Wayland session and falls back to X11.
        wayland = env.get("XDG_SESSION_TYPE") == "wayland" or bool(env.get("WAYLAND_DISPLAY"))
        names = ["wayland", "xcb"] if wayland else ["xcb"]
    if any(name not in DISPLAY_VARIABLES for name in names):
        return None
    return names


def run_ldd(library: Path) -> str:
    """``ldd``'s report on ``library``; empty when it cannot tell (no ldd, a failure)."""
    import subprocess  # only when a plugin is missing libraries: not on every start

    try:
        result = subprocess.run(["ldd", str(library)], capture_output=True, text=True,
                                timeout=30, env={**os.environ, "LC_ALL": "C"}, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout if result.returncode == 0 else ""


def kept_ldd(library: Path) -> str:
    """:func:`run_ldd`'s report, kept in the user's cache while the library and the
    dynamic loader's cache (``/etc/ld.so.cache``, rewritten when a library is installed
    or removed) stay as they are, for the same ``PATH`` and ``LD_LIBRARY_PATH``: a start
    on X11 does not run ldd each time (about as long as Qt takes to show a window)."""
    from proposalkit import cache_files

    stamps = []
    for path in (library, Path("/etc/ld.so.cache")):
        try:
            info = path.stat()
        except OSError:
            return run_ldd(library)
        stamps.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    key = cache_files.digest(*stamps, os.environ.get("PATH", ""),
                             os.environ.get("LD_LIBRARY_PATH", ""))
    name = "ldd-" + library.name.split(".")[0]
    kept = cache_files.read(name, key)
    if isinstance(kept, str) and kept:
        return kept
    report = run_ldd(library)
    if report:
        cache_files.write(name, key, report)
    return report


def qt_platforms_dir(env: Mapping[str, str]) -> Path:
    """Where Qt looks for its platform plugins first."""
    if env.get("QT_QPA_PLATFORM_PLUGIN_PATH"):
        return Path(env["QT_QPA_PLATFORM_PLUGIN_PATH"])
    return qt_own_platforms_dir()


def qt_own_platforms_dir() -> Path:
    """The ``platforms`` folder of the Qt that PySide6 brings."""
    from PySide6.QtCore import QLibraryInfo  # no QApplication needed

    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"


def _uses_apt() -> bool:
    return Path("/etc/debian_version").exists()


def check_plugin_exists(env: Mapping[str, str], dirs: list[Path]) -> None:
    """Raise :class:`PlatformError` when ``QT_QPA_PLATFORM`` names only platforms that no
    plugin here provides (Qt would abort); any system, before the display is looked at."""
    asked = [part.split(":")[0].strip()
             for part in env.get("QT_QPA_PLATFORM", "").split(";") if part.strip()]
    if not asked:
        return
    # File names first (libqoffscreen.so): the usual case reads no plugin file.
    for read in (False, True):
        available = available_platforms(dirs, read)
        if available is None or any(name.lower() in available for name in asked):
            return
    raise PlatformError(
        "The window cannot open: Qt has no platform plugin {asked} (QT_QPA_PLATFORM); "
        "the ones installed are {available}. Unset QT_QPA_PLATFORM or choose one of them.",
        asked=" / ".join(asked), available=", ".join(sorted(available or ())))


def check_platform(env: Mapping[str, str] | None = None, platforms_dir: Path | None = None,
                   ldd: Ldd = kept_ldd, platform: str | None = None,
                   uses_apt: Callable[[], bool] = _uses_apt,
                   answers: Answers = display_answers) -> None:
    """Raise :class:`PlatformError` when Qt could not open a window here: a platform
    plugin asked for that does not exist (any system); on Linux, no display, a display
    that does not answer, or a plugin whose libraries are missing.

    Nothing is raised when it cannot be told (no ``ldd``, a plugin not where expected):
    Qt then has its say. The arguments other than ``env`` are for the tests.
    """
    env = os.environ if env is None else env
    if env.get("QT_QPA_PLATFORM"):
        check_plugin_exists(env, [platforms_dir] if platforms_dir
                            else platform_plugin_dirs(env, qt_own_platforms_dir()))
    if not (platform or sys.platform).startswith("linux"):
        return
    names = platform_candidates(env)
    if names is None:
        return
    usable = [name for name in names if env.get(DISPLAY_VARIABLES[name])]
    if not usable:
        raise PlatformError(
            "There is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are "
            "not set): start proposalkit from a desktop session; its commands work without "
            "one (proposalkit --help).")
    folder = platforms_dir or qt_platforms_dir(env)
    missing: dict[str, list[str]] = {}
    silent: list[str] = []
    for name in usable:
        plugin = folder / PLUGIN_FILES[name]
        libraries = missing_libraries(ldd(plugin)) if plugin.is_file() else []
        if libraries:
            missing[name] = libraries
        elif answers(name, env) is False:
            silent.append(f"{DISPLAY_VARIABLES[name]}={env[DISPLAY_VARIABLES[name]]}")
        else:
            return  # this one loads and its display answers (or we cannot tell): Qt uses it
    if not missing:
        raise PlatformError(
            "The window cannot open: no display answers at {displays} (the desktop session "
            "has ended, or cannot be reached from here). Start proposalkit from a desktop "
            "session; its commands work without one (proposalkit --help).",
            displays=" / ".join(silent))
    # Name the libraries of the platform Qt falls back to last: X11 on most desktops.
    platform_name, libraries = list(missing.items())[-1]
    shown = ", ".join(libraries)
    if uses_apt():
        packages = " ".join(dict.fromkeys(debian_package(lib) for lib in libraries))
        raise PlatformError(
            "The window cannot open: Qt's {platform} platform plugin needs {libraries}, "
            "missing on this computer. On Debian or Ubuntu: sudo apt-get install {packages}",
            platform=platform_name, libraries=shown, packages=packages)
    raise PlatformError(
        "The window cannot open: Qt's {platform} platform plugin needs {libraries}, "
        "missing on this computer; install them with the system's package manager.",
        platform=platform_name, libraries=shown)
