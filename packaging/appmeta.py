"""The application's identity for the installers, in one place.

The PyInstaller spec, the build script, the smoke test and ``tests/test_packaging.py``
all read these values, so the name, the ``.pkp`` document type and the version cannot
drift apart between the Windows, macOS and Linux bundles.

The version has one source: ``[project] version`` in ``pyproject.toml``, read back from
the installed package's metadata (``importlib.metadata``), which is what
``proposalkit.__version__`` reports and what the frozen app carries (the spec copies the
metadata into the bundle). :func:`check_version_in_sync` refuses a build from a stale
install whose metadata no longer matches ``pyproject.toml``.

Standard library only: the test suite imports this module without PyInstaller.
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

PACKAGING_DIR = Path(__file__).resolve().parent
ROOT = PACKAGING_DIR.parent

APP_NAME = "proposalkit"
DISPLAY_NAME = "proposalkit"
COMPANY = "proposalkit developers"
COPYRIGHT = "© proposalkit developers, MIT licence"
DESCRIPTION_EN = "Funding proposals for Québec regional innovation hubs"
DESCRIPTION_FR = "Demandes de financement pour les pôles régionaux d'innovation du Québec"

# Reverse-DNS identifiers for macOS. They are stable: changing them breaks existing file
# associations on users' Macs.
BUNDLE_ID = "ca.proposalkit.proposalkit"
DOCUMENT_UTI = "ca.proposalkit.proposal"

DOCUMENT_EXTENSION = "pkp"
DOCUMENT_MIME = "application/x-proposalkit"
DOCUMENT_NAME_EN = "proposalkit proposal"
DOCUMENT_NAME_FR = "Demande proposalkit"
# The Windows ProgID of a .pkp file (HKCU\Software\Classes\<PROG_ID>).
PROG_ID = "proposalkit.proposal"

# Qt 6.10+ runs on macOS 13 or newer (Qt's "Supported Configurations" for macOS).
MACOS_MINIMUM = "13.0"

# Windows gets two executables in one folder: the GUI one (no console window pops up
# when a .pkp is double-clicked) and a console one for the command line.
GUI_EXE = APP_NAME
CLI_EXE = f"{APP_NAME}-cli"

ICONS_DIR = PACKAGING_DIR / "icons"
ICON_PNG = ROOT / "resources" / "icons" / "proposalkit.png"
ICON_ICO = ICONS_DIR / "proposalkit.ico"
ICON_ICNS = ICONS_DIR / "proposalkit.icns"
DOCUMENT_ICON_ICO = ICONS_DIR / "proposalkit-document.ico"
DOCUMENT_ICON_ICNS = ICONS_DIR / "proposalkit-document.icns"

# Data folders shipped inside the bundle, as (source in the repository, destination in
# the bundle). The destinations are where ``proposalkit.paths`` looks when frozen.
DATA_FOLDERS: tuple[tuple[str, str], ...] = (
    ("resources", "proposalkit/resources"),
    ("templates", "proposalkit/templates"),
)

# Qt modules the app uses beyond what the GUI imports today: the PDF preview and printing,
# and the overview's budget charts (loaded when first drawn). QtCharts' C++ library needs
# Qt's OpenGL libraries, which PyInstaller finds from its links; their Python bindings
# (QtOpenGL alone is 8.5 MB) are not needed.
QT_HIDDEN_IMPORTS: tuple[str, ...] = (
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtPrintSupport",
    "PySide6.QtCharts",
)

# Python modules imported only inside a function, when first needed: the Hunspell binding
# (chunspell's ``hunspell``), imported by proposalkit.core.spelling on the first word checked;
# openpyxl, imported by the budget's workbook export and import (export/budget_xlsx.py,
# core/sheets.py) when the user asks for one; reportlab's C accelerator (``_rl_accel``,
# from rl_accel), which reportlab imports through ``exec``, out of PyInstaller's sight.
PYTHON_HIDDEN_IMPORTS: tuple[str, ...] = ("hunspell", "openpyxl", "_rl_accel")

# Qt modules the app does not use. PyInstaller only bundles what is imported, so this list
# is a guard: a stray import elsewhere must not drag 200 MB of WebEngine in. The Python
# bindings of QtNetwork (whose hook adds the TLS and network-information plugins), QtDBus
# and QtOpenGL are left out too: Qt's C++ libraries that need them stay (QtPdf links
# Qt6Network, QtCharts Qt6OpenGL), found by PyInstaller from the links.
QT_EXCLUDES: tuple[str, ...] = tuple(
    f"PySide6.{name}"
    for name in (
        "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
        "QtBluetooth", "QtCanvasPainter", "QtDataVisualization", "QtDBus", "QtDesigner",
        "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLabsStyleKit",
        "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth",
        "QtNfc", "QtOpenGL", "QtOpenGLWidgets", "QtPositioning", "QtQml", "QtQmlFeatures",
        "QtQuick", "QtQuick3D",
        "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml",
        "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql",
        "QtStateMachine", "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel",
        "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets",
        "QtWebView",
    )
)
# Test tools reached through optional plugins (pydantic.v1's hypothesis plugin, pydantic's
# mypy plugin), Tk, and parts of libraries the app never reaches: Pillow's AVIF codec
# (5 MB of libavif; the app reads PNG and JPEG) and lxml's objectify (lxml is no
# dependency since the DOCX is written without python-docx; openpyxl would use lxml.etree
# if a build machine had it).
PYTHON_EXCLUDES: tuple[str, ...] = (
    "tkinter", "_tkinter", "PyQt5", "PyQt6", "PySide2", "hypothesis", "pytest", "_pytest",
    "pytestqt", "mypy", "mypyc", "ast_serialize", "librt", "PIL._avif", "PIL.AvifImagePlugin",
    "lxml.objectify",
    # Build tools some libraries import only when present (setuptools' vendored packages
    # and wheel's metadata came into the Windows bundle); nothing the app runs needs them.
    "setuptools", "pkg_resources", "wheel",
)

# Binaries dropped after PyInstaller's dependency analysis (regular expressions searched in
# the path inside the bundle, with forward slashes). Qt's virtual keyboard plugin would
# bring QtQuick and QML (about 20 MB); the embedded-Linux platforms (eglfs, linuxfb, VNC)
# are for kiosks, not laptops.
BINARY_EXCLUDES: tuple[str, ...] = (
    r"qtvirtualkeyboardplugin",
    r"(^|/)(lib)?Qt6?(VirtualKeyboard|Quick|Qml)\w*",
    r"plugins/egldeviceintegrations/",
    r"plugins/generic/",
    r"plugins/platforms/(lib)?q(eglfs|linuxfb|vnc|vkkhrdisplay|minimalegl)",
    r"(^|/)libQt6EglFs",
    # Image formats the app never reads (it shows PNG, JPEG, SVG and ICO); Qt's PDF image
    # plugin (the preview uses QtPdf directly).
    r"plugins/imageformats/(lib)?q(tga|wbmp|icns|tiff|webp|pdf)\b",
    # Windows: Mesa's software OpenGL (20 MB), a fallback for Qt Quick and OpenGL widgets,
    # which the app does not use (its widgets, charts included, paint with the raster engine).
    r"(^|/)opengl32sw\.dll$",
    # Qt's GTK 3 theme plugin would load the user's GTK against the GLib, Pango and Cairo
    # of the build machine, a mix that breaks on newer distributions; without it Qt draws
    # its own Fusion style and uses the desktop portal for file dialogs. These are the
    # libraries only that plugin needed (checked with ldd on the Linux bundle).
    r"platformthemes/libqgtk3",
    r"^lib(atk-1\.0|cairo|cairo-gobject|gdk_pixbuf-2\.0|pango-1\.0|pangocairo-1\.0"
    r"|pangoft2-1\.0|pixman-1|harfbuzz|fribidi|thai|datrie|graphite2|Xrender|Xext|jpeg)\.so",
)

# Libraries of the Linux build machine that Qt's X11 and Wayland plugins need and that
# the bundle carries, so that a laptop without them still starts (Debian/Ubuntu names).
LINUX_BUILD_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}

# Qt's own catalogs kept in the bundle (qt_fr and qtbase_fr for the standard dialogs,
# which the app loads); the other ~300 languages, and the catalogs of Qt modules the app
# does not ship (qt_help, qtmultimedia…), are dropped.
QT_TRANSLATION_LANGS: tuple[str, ...] = ("fr", "en")
QT_TRANSLATION_CATALOGS: tuple[str, ...] = ("qt", "qtbase")


_LANGS = "|".join(QT_TRANSLATION_LANGS)
_QT_CATALOG = re.compile(rf"^({'|'.join(QT_TRANSLATION_CATALOGS)})_({_LANGS})(_[A-Z]{{2}})?\.qm$")
_BABEL_LOCALE = re.compile(rf"^(root|({_LANGS})(_\w+)?)\.dat$")
_UNWANTED_BINARY = re.compile("|".join(BINARY_EXCLUDES), re.IGNORECASE)


def wanted_data(target: str) -> bool:
    """Whether a data file (its path inside the bundle) is kept: Qt's catalogs and Babel's
    locale data only for the languages the app speaks, and no dropped binary's link."""
    path = PurePosixPath(target.replace("\\", "/"))
    if path.suffix == ".qm" and "translations" in path.parts:
        return bool(_QT_CATALOG.search(path.name))
    if path.suffix == ".dat" and path.parent.name == "locale-data":
        return bool(_BABEL_LOCALE.match(path.name))
    if path.name == "direct_url.json" and path.parent.suffix == ".dist-info":
        return False  # where the build machine's checkout was; the version is in METADATA
    return not unwanted_binary(target)


def unwanted_binary(target: str) -> bool:
    """Whether a binary (its path inside the bundle) is left out (see BINARY_EXCLUDES)."""
    return bool(_UNWANTED_BINARY.search(target.replace("\\", "/")))


def pyproject_version() -> str:
    """``[project] version`` from ``pyproject.toml``: the one place the version is set."""
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def version() -> str:
    """The installed package's version, as ``proposalkit.__version__`` reports it."""
    return metadata.version(APP_NAME)


def check_version_in_sync() -> str:
    """The version, or exit with advice when the install is older than ``pyproject.toml``."""
    installed, declared = version(), pyproject_version()
    if installed != declared:
        sys.exit(
            f"proposalkit is installed as {installed} but pyproject.toml says {declared}: "
            "reinstall it (pip install -e '.[bundle]') before building."
        )
    return installed


def version_tuple(text: str) -> tuple[int, int, int, int]:
    """The four numbers Windows wants from a PEP 440 version (pre/dev/post parts dropped)."""
    match = re.match(r"^\s*v?(\d+(?:\.\d+)*)", text)
    if not match:
        raise ValueError(f"not a version: {text!r}")
    numbers = [int(part) for part in match.group(1).split(".")][:4]
    numbers += [0] * (4 - len(numbers))
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def info_plist(app_version: str) -> dict[str, Any]:
    """Keys merged into the macOS app's ``Info.plist``: version and the ``.pkp`` type."""
    return {
        "CFBundleName": DISPLAY_NAME,
        "CFBundleDisplayName": DISPLAY_NAME,
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleShortVersionString": app_version,
        "CFBundleVersion": app_version,
        "CFBundleDevelopmentRegion": "fr",
        # Lets macOS show its own panels (Open, Print) in French on a French Mac.
        "CFBundleLocalizations": ["fr", "en"],
        "NSHumanReadableCopyright": COPYRIGHT,
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,
        "LSMinimumSystemVersion": MACOS_MINIMUM,
        "LSApplicationCategoryType": "public.app-category.productivity",
        "CFBundleDocumentTypes": [
            {
                "CFBundleTypeName": DOCUMENT_NAME_EN,
                "CFBundleTypeRole": "Editor",
                "LSHandlerRank": "Owner",
                "LSItemContentTypes": [DOCUMENT_UTI],
                "CFBundleTypeIconFile": DOCUMENT_ICON_ICNS.name,
                "CFBundleTypeExtensions": [DOCUMENT_EXTENSION],
            }
        ],
        "UTExportedTypeDeclarations": [
            {
                "UTTypeIdentifier": DOCUMENT_UTI,
                "UTTypeDescription": DOCUMENT_NAME_EN,
                "UTTypeConformsTo": ["public.data", "public.content"],
                "UTTypeIconFile": DOCUMENT_ICON_ICNS.name,
                "UTTypeTagSpecification": {
                    "public.filename-extension": [DOCUMENT_EXTENSION],
                    "public.mime-type": [DOCUMENT_MIME],
                },
            }
        ],
    }


def bundle_info_plist(app_version: str) -> dict[str, Any]:
    """The whole ``Contents/Info.plist`` of the macOS app, as PyInstaller's ``BUNDLE``
    writes it: its minimal keys (PyInstaller 6, ``building/osx.py``) updated with
    :func:`info_plist`. Built without PyInstaller so a test can check it on any system;
    ``build.py`` compares the real one with it on macOS."""
    return {
        "CFBundleDisplayName": DISPLAY_NAME,
        "CFBundleName": DISPLAY_NAME,
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleExecutable": GUI_EXE,
        "CFBundleIconFile": ICON_ICNS.name,
        "CFBundleInfoDictionaryVersion": "6.0",
        "CFBundlePackageType": "APPL",
        "CFBundleShortVersionString": app_version,
        "NSHighResolutionCapable": True,
        **info_plist(app_version),
    }


def windows_version_info(versioninfo: Any, app_version: str, exe_name: str) -> Any:
    """The Windows version resource (``VSVersionInfo``) for one executable.

    ``versioninfo`` is ``PyInstaller.utils.win32.versioninfo``, passed in so that this
    module does not need PyInstaller to be imported.
    """
    numbers = version_tuple(app_version)
    strings = [
        versioninfo.StringStruct("CompanyName", COMPANY),
        versioninfo.StringStruct("FileDescription", DESCRIPTION_EN),
        versioninfo.StringStruct("FileVersion", app_version),
        versioninfo.StringStruct("InternalName", exe_name),
        versioninfo.StringStruct("LegalCopyright", COPYRIGHT),
        versioninfo.StringStruct("OriginalFilename", f"{exe_name}.exe"),
        versioninfo.StringStruct("ProductName", DISPLAY_NAME),
        versioninfo.StringStruct("ProductVersion", app_version),
    ]
    return versioninfo.VSVersionInfo(
        ffi=versioninfo.FixedFileInfo(filevers=numbers, prodvers=numbers),
        kids=[
            # 0x040C is French (France), 0x0409 English (US); 1200 is Unicode.
            versioninfo.StringFileInfo(
                [
                    versioninfo.StringTable("040C04B0", strings),
                    versioninfo.StringTable("040904B0", strings),
                ]
            ),
            versioninfo.VarFileInfo([versioninfo.VarStruct("Translation", [0x040C, 1200,
                                                                           0x0409, 1200])]),
        ],
    )


def artefact_stem(app_version: str, platform_tag: str) -> str:
    """Base name of a built artefact, e.g. ``proposalkit-0.1.0-linux-x86_64``."""
    return f"{APP_NAME}-{app_version}-{platform_tag}"
