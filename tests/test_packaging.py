"""The installer configuration is coherent (fast: nothing is built here).

The full check, which builds the bundle and runs it from a clean folder, is
``python packaging/smoke_test.py``; it takes minutes, so it is not part of the suite.
"""

from __future__ import annotations

import ast
import configparser
import importlib
import importlib.metadata
import importlib.util
import plistlib
import re
import shutil
import subprocess
import sys
import tomllib
import types
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import proposalkit

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
if not (PACKAGING / "appmeta.py").is_file():  # e.g. tests run from an sdist
    pytest.skip("packaging/ is not in this source tree", allow_module_level=True)
sys.path.insert(0, str(PACKAGING))
import appmeta  # noqa: E402
import build  # noqa: E402

MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def _pyproject() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)


# --- one version ------------------------------------------------------------------------


def test_version_has_one_source():
    # pyproject -> installed metadata -> proposalkit.__version__ -> installers.
    assert appmeta.pyproject_version() == _pyproject()["project"]["version"]
    assert appmeta.version() == proposalkit.__version__, "reinstall: pip install -e ."
    assert appmeta.pyproject_version() == proposalkit.__version__, "reinstall: pip install -e ."


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)), ("2.0.1rc1", (2, 0, 1, 0)),
     ("3.4.5.6.7", (3, 4, 5, 6)), ("1.0.0.dev3+local", (1, 0, 0, 0))],
)
def test_windows_version_numbers(text, numbers):
    assert appmeta.version_tuple(text) == numbers


def _versioninfo_module(monkeypatch):
    """PyInstaller's version-resource classes. Off Windows its module cannot import (it
    wants pefile and win32api, used only to write the resource), so stand-ins are lent
    for the import; the classes themselves are plain Python."""
    if sys.platform == "win32":
        return importlib.import_module("PyInstaller.utils.win32.versioninfo")
    compat = pytest.importorskip("PyInstaller.compat")
    monkeypatch.setattr(compat, "win32api", types.SimpleNamespace(), raising=False)
    if importlib.util.find_spec("pefile") is None:
        monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
    monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)
    module = importlib.import_module("PyInstaller.utils.win32.versioninfo")
    monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo")
    return module


def test_windows_version_resource_carries_the_version(monkeypatch):
    versioninfo = _versioninfo_module(monkeypatch)
    version = proposalkit.__version__
    info = appmeta.windows_version_info(versioninfo, version, appmeta.GUI_EXE)
    text = str(info)
    assert f"filevers={appmeta.version_tuple(version)}" in text
    assert f"'ProductVersion', '{version}'" in text
    assert f"'OriginalFilename', '{appmeta.GUI_EXE}.exe'" in text
    # The text form is what PyInstaller reads back: it must round-trip.
    assert str(eval(text, vars(versioninfo))) == text  # noqa: S307 - our own output


# --- what goes into the bundle ----------------------------------------------------------


def test_data_folders_exist_and_match_the_wheel():
    force_include = _pyproject()["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert dict(appmeta.DATA_FOLDERS) == force_include
    for source, target in appmeta.DATA_FOLDERS:
        assert (ROOT / source).is_dir(), source
        # proposalkit.paths looks for <package>/<name> when frozen.
        assert target == f"proposalkit/{Path(source).name}"


def test_bundled_data_is_complete():
    resources = ROOT / "resources"
    assert list((resources / "programs").glob("*.toml"))
    assert (resources / "locale" / "fr" / "LC_MESSAGES" / "proposalkit.po").is_file()
    assert list((resources / "examples").iterdir())
    assert appmeta.ICON_PNG.is_file()
    fonts = [p for p in (resources / "fonts").glob("*") if p.suffix in (".ttf", ".otf")]
    if fonts:
        licences = [p for p in (resources / "fonts").iterdir()
                    if re.match(r"(OFL|LICEN[CS]E)", p.name, re.IGNORECASE)]
        assert licences, "fonts ship with their licence"
    dictionaries = resources / "dictionaries"
    for name in ("fr", "en_CA"):
        assert (dictionaries / f"{name}.aff").is_file() and (dictionaries / f"{name}.dic").is_file()
    for licence in ("MPL-2.0.txt", "en_CA-LICENSE.txt", "README.md"):
        assert (dictionaries / licence).is_file(), licence


def test_spec_is_valid_python_and_uses_appmeta():
    text = (PACKAGING / "proposalkit.spec").read_text(encoding="utf-8")
    ast.parse(text)
    for needed in ("copy_metadata(appmeta.APP_NAME)", "appmeta.DATA_FOLDERS",
                   "appmeta.info_plist(VERSION)", "appmeta.windows_version_info",
                   "appmeta.QT_HIDDEN_IMPORTS", "appmeta.QT_EXCLUDES",
                   "appmeta.wanted_data", "appmeta.unwanted_binary", "launcher.py",
                   "notices.write_notices"):
        assert needed in text, needed


class _Recorder:
    """Stands in for one of PyInstaller's spec classes, keeping its arguments."""

    made: list[_Recorder] = []

    def __init__(self, kind: str, *args, **kwargs) -> None:
        self.kind, self.args, self.kwargs = kind, args, kwargs
        _Recorder.made.append(self)


def _fake_analysis(scripts, datas, **kwargs):
    """Expands the datas as PyInstaller does, and adds what its hooks would collect."""
    analysis = _Recorder("Analysis", scripts, datas=datas, **kwargs)
    entries = []
    for source, dest in datas:
        source = Path(source)
        files = [source] if source.is_file() else sorted(source.rglob("*"))
        entries += [(str(Path(dest) / (f.name if f == source else f.relative_to(source))),
                     str(f), "DATA") for f in files if f.is_file()]
    hooks = ["PySide6/Qt/translations/qtbase_fr.qm", "PySide6/Qt/translations/qtbase_de.qm",
             "babel/locale-data/fr_CA.dat", "babel/locale-data/ja.dat"]
    analysis.datas = entries + [(t, t, "DATA") for t in hooks]
    analysis.binaries = [("libQt6Widgets.so.6", "x", "BINARY"),
                         ("libQt6Quick.so.6", "x", "BINARY")]
    analysis.scripts, analysis.pure = ["launcher"], []
    return analysis


@pytest.mark.parametrize("platform", ["linux", "win32", "darwin"])
def test_spec_builds_the_right_bundle_on_each_system(platform, monkeypatch, tmp_path):
    # Run the spec with PyInstaller's classes replaced by recorders, as each system would.
    licences = tmp_path / "licences"
    licences.mkdir()
    (licences / "LGPL-3.0.txt").write_text("LGPL")
    files = importlib.metadata.distribution("proposalkit").files or []
    dist_info = Path(str(next(f for f in files if f.name == "METADATA").locate())).parent
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda name: [name, f"{name}.cli"]
    hooks.copy_metadata = lambda name: [(str(dist_info), dist_info.name)]
    win32 = types.ModuleType("PyInstaller.utils.win32")
    win32.versioninfo = types.SimpleNamespace(**{
        name: (lambda *a, _n=name, **k: (_n, a, k)) for name in (
            "VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable",
            "StringStruct", "VarFileInfo", "VarStruct")})
    for name, module in (("PyInstaller", types.ModuleType("PyInstaller")),
                         ("PyInstaller.utils", types.ModuleType("PyInstaller.utils")),
                         ("PyInstaller.utils.hooks", hooks),
                         ("PyInstaller.utils.win32", win32),
                         ("notices", types.SimpleNamespace(write_notices=lambda *a: licences))):
        monkeypatch.setitem(sys.modules, name, module)
    _Recorder.made = []
    names = {
        "SPECPATH": str(PACKAGING), "Analysis": _fake_analysis,
        **{kind: (lambda *a, _k=kind, **k: _Recorder(_k, *a, **k))
           for kind in ("PYZ", "EXE", "COLLECT", "BUNDLE")},
    }
    code = compile((PACKAGING / "proposalkit.spec").read_text(encoding="utf-8"), "spec", "exec")
    monkeypatch.setattr(sys, "platform", platform)
    exec(code, names)  # noqa: S102 - our own spec
    monkeypatch.undo()

    made = {kind: [r for r in _Recorder.made if r.kind == kind]
            for kind in ("Analysis", "EXE", "COLLECT", "BUNDLE")}
    (analysis,) = made["Analysis"]
    kept = {entry[0] for entry in analysis.datas}
    assert "PySide6/Qt/translations/qtbase_fr.qm" in kept
    assert "PySide6/Qt/translations/qtbase_de.qm" not in kept
    assert "babel/locale-data/ja.dat" not in kept
    assert any(t.startswith("proposalkit/resources/programs/") for t in kept)
    assert [b[0] for b in analysis.binaries] == ["libQt6Widgets.so.6"]
    assert "PySide6.QtWebEngineCore" in analysis.kwargs["excludes"]
    assert "PySide6.QtPdf" in analysis.kwargs["hiddenimports"]
    assert "hunspell" in analysis.kwargs["hiddenimports"]
    assert "proposalkit/resources/dictionaries/fr.dic" in kept

    exes = {exe.kwargs["name"]: exe.kwargs for exe in made["EXE"]}
    if platform == "win32":
        assert set(exes) == {appmeta.GUI_EXE, appmeta.CLI_EXE}
        assert exes[appmeta.GUI_EXE]["console"] is False
        assert exes[appmeta.CLI_EXE]["console"] is True
        assert all(exe["version"][0] == "VSVersionInfo" for exe in exes.values())
        assert exes[appmeta.GUI_EXE]["icon"] == str(appmeta.ICON_ICO)
    else:
        assert set(exes) == {appmeta.GUI_EXE}
        assert exes[appmeta.GUI_EXE]["version"] is None
        assert exes[appmeta.GUI_EXE]["console"] is (platform == "linux")
    if platform == "darwin":
        (bundle,) = made["BUNDLE"]
        assert bundle.kwargs["icon"] == str(appmeta.ICON_ICNS)
        plist = bundle.kwargs["info_plist"]
        assert plist["CFBundleShortVersionString"] == proposalkit.__version__
        assert ("proposalkit-document.icns", str(appmeta.DOCUMENT_ICON_ICNS), "DATA") in {
            (e[0], e[1], e[2]) for e in analysis.datas}
    else:
        assert made["BUNDLE"] == []
    (collect,) = made["COLLECT"]
    assert collect.kwargs["name"] == appmeta.APP_NAME
    assert collect.kwargs["strip"] is (platform == "linux")


def test_launcher_runs_the_command_line(tmp_path):
    result = subprocess.run(
        [sys.executable, str(PACKAGING / "launcher.py"), "--version"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"proposalkit {proposalkit.__version__}"


def test_qt_modules_we_need_exist_and_none_we_exclude_is_imported():
    for module in appmeta.QT_HIDDEN_IMPORTS + appmeta.PYTHON_HIDDEN_IMPORTS:
        assert importlib.util.find_spec(module) is not None, module
    excluded = set(appmeta.QT_EXCLUDES) | set(appmeta.PYTHON_EXCLUDES)
    offenders = []
    for path in (ROOT / "src" / "proposalkit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names
                          if n in excluded or n.split(".")[0] in excluded]
    assert offenders == [], "the bundle leaves these modules out"


@pytest.mark.parametrize("target", [
    "PySide6/Qt/lib/libQt6Widgets.so.6", "libQt6Pdf.so.6", "libQt6PrintSupport.so.6",
    "PySide6/Qt/lib/libQt6PdfWidgets.so.6", "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/imageformats/libqjpeg.so", "pillow.libs/libjpeg-6dc8d115.so.62.4.0",
    "PySide6/Qt6Widgets.dll", "PySide6/plugins/platforms/qwindows.dll",
    "PySide6/Qt/lib/QtWidgets.framework/Versions/A/QtWidgets", "libfreetype.so.6",
    "libfontconfig.so.1",
])
def test_needed_binaries_are_kept(target):
    assert not appmeta.unwanted_binary(target)
    assert appmeta.wanted_data(target)


@pytest.mark.parametrize("target", [
    "libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Qml.so.6", "PySide6/Qt6Quick.dll",
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    r"PySide6\plugins\platforminputcontexts\qtvirtualkeyboardplugin.dll",
    "PySide6/Qt/lib/QtQml.framework/Versions/A/QtQml", "libcairo.so.2",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so", "PySide6/Qt/plugins/platforms/libqeglfs.so",
])
def test_unneeded_binaries_are_dropped(target):
    assert appmeta.unwanted_binary(target)


@pytest.mark.parametrize(("target", "kept"), [
    ("PySide6/Qt/translations/qtbase_fr.qm", True),
    ("PySide6/Qt/translations/qt_en.qm", True),
    (r"PySide6\translations\qtbase_fr.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/translations/qtbase_zh_CN.qm", False),
    ("babel/locale-data/fr_CA.dat", True),
    ("babel/locale-data/en_001.dat", True),
    ("babel/locale-data/root.dat", True),
    ("babel/locale-data/de_DE.dat", False),
    ("proposalkit/resources/programs/pri-2018.toml", True),
    ("proposalkit-0.1.0.dist-info/METADATA", True),
    ("proposalkit-0.1.0.dist-info/direct_url.json", False),
])
def test_only_our_languages_are_bundled(target, kept):
    assert appmeta.wanted_data(target) is kept


def test_licences_of_every_component_are_gathered(tmp_path):
    import notices

    target = notices.write_notices(tmp_path / "licences", ROOT)
    summary = (target / "THIRD-PARTY.txt").read_text(encoding="utf-8")
    for name in ("PySide6_Essentials", "PySide6_Addons", "shiboken6", "reportlab",
                 "fonttools", "pydantic", "Python"):
        assert re.search(rf"^{name} [\d.]+: \S", summary, re.MULTILINE), name
    # Qt is used under the LGPL, whose text comes from packaging/licence-texts.
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (target / "LGPL-3.0.txt").read_text()
    assert (target / "GPL-3.0.txt").is_file()
    assert list(target.glob("reportlab-*/*"))
    # Hunspell's licence, which chunspell's wheels leave out, comes from licence-texts.
    if importlib.util.find_spec("hunspell") is not None:
        assert re.search(r"^chunspell [\d.]+: .*Hunspell-MPL-1\.1\.txt", summary, re.MULTILINE)
        assert "Mozilla Public License" in (target / "Hunspell-MPL-1.1.txt").read_text()


# --- macOS ------------------------------------------------------------------------------


def test_info_plist_declares_the_pkp_document_type():
    version = proposalkit.__version__
    info = plistlib.loads(plistlib.dumps(appmeta.info_plist(version)))
    assert info["CFBundleShortVersionString"] == version
    assert info["CFBundleVersion"] == version
    assert info["CFBundleIdentifier"] == appmeta.BUNDLE_ID
    (document,) = info["CFBundleDocumentTypes"]
    assert document["LSItemContentTypes"] == [appmeta.DOCUMENT_UTI]
    assert document["CFBundleTypeExtensions"] == ["pkp"]
    assert document["CFBundleTypeRole"] == "Editor"
    (exported,) = info["UTExportedTypeDeclarations"]
    assert exported["UTTypeIdentifier"] == appmeta.DOCUMENT_UTI
    tags = exported["UTTypeTagSpecification"]
    assert tags["public.filename-extension"] == ["pkp"]
    assert tags["public.mime-type"] == [appmeta.DOCUMENT_MIME]
    for name in (document["CFBundleTypeIconFile"], exported["UTTypeIconFile"]):
        assert (appmeta.ICONS_DIR / name).is_file()


# --- Windows ----------------------------------------------------------------------------


def test_inno_setup_script_associates_pkp():
    text = (PACKAGING / "windows" / "proposalkit.iss").read_text(encoding="utf-8")
    assert f'#define AppExe "{appmeta.GUI_EXE}.exe"' in text
    assert f'#define ProgId "{appmeta.PROG_ID}"' in text
    assert "ChangesAssociations=yes" in text
    assert r'Subkey: "Software\Classes\.pkp"' in text
    assert r'shell\open\command' in text and '""%1""' in text
    assert "AppVersion={#AppVersion}" in text
    # The version comes from build.py, never written in the script.
    assert proposalkit.__version__ not in re.sub(r"^;.*$", "", text, flags=re.M)
    for icon in re.findall(r"\{#IconsDir\}\\([\w.-]+\.ico)", text):
        assert (appmeta.ICONS_DIR / icon).is_file(), icon


# --- Linux ------------------------------------------------------------------------------


def test_desktop_entry_is_valid(tmp_path):
    path = PACKAGING / "linux" / "proposalkit.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(path, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"].split()[0] == appmeta.GUI_EXE
    assert re.search(r"%[fFuU]", desktop["Exec"])
    assert appmeta.DOCUMENT_MIME in desktop["MimeType"].split(";")
    assert desktop["Icon"] == appmeta.ICON_PNG.stem
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True,
                                text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_mime_type_is_valid(tmp_path):
    path = PACKAGING / "linux" / "proposalkit-mime.xml"
    root = ET.parse(path).getroot()
    assert root.tag == f"{MIME_NS}mime-info"
    (mime,) = root.findall(f"{MIME_NS}mime-type")
    assert mime.get("type") == appmeta.DOCUMENT_MIME
    assert [g.get("pattern") for g in mime.findall(f"{MIME_NS}glob")] == ["*.pkp"]
    if shutil.which("update-mime-database"):
        (tmp_path / "packages").mkdir()
        shutil.copy(path, tmp_path / "packages" / "proposalkit.xml")
        subprocess.run(["update-mime-database", str(tmp_path)], check=True,
                       capture_output=True)
        assert f"{appmeta.DOCUMENT_MIME}:*.pkp" in (tmp_path / "globs2").read_text()


def test_linux_install_script_matches_the_build():
    script = PACKAGING / "linux" / "install.sh"
    if shutil.which("sh"):
        subprocess.run(["sh", "-n", str(script)], check=True)
    text = script.read_text(encoding="utf-8")
    source = (PACKAGING / "build.py").read_text(encoding="utf-8")
    for installed in ("share/applications/proposalkit.desktop",
                      "share/mime/packages/proposalkit.xml",
                      "share/icons/hicolor/256x256/apps/proposalkit.png",
                      "share/icons/hicolor/256x256/mimetypes/application-x-proposalkit.png"):
        assert installed in text, installed
        assert all(part in source for part in installed.split("/")), installed


def test_artefact_names():
    tag = build.platform_tag()
    assert re.fullmatch(r"(linux|windows|macos|\w+)-[\w]+", tag)
    assert appmeta.artefact_stem("1.2.3", tag) == f"proposalkit-1.2.3-{tag}"


# --- icons ------------------------------------------------------------------------------


def test_icons_exist_and_stay_small():
    files = [appmeta.ICON_PNG, appmeta.ICON_ICO, appmeta.ICON_ICNS, appmeta.DOCUMENT_ICON_ICO,
             appmeta.DOCUMENT_ICON_ICNS, appmeta.ICONS_DIR / "proposalkit-document.png"]
    for path in files:
        assert path.is_file(), path
    assert sum(p.stat().st_size for p in files) < 200_000
    assert appmeta.ICON_ICNS.read_bytes()[:4] == b"icns"
    assert appmeta.ICON_ICO.read_bytes()[:4] == b"\x00\x00\x01\x00"
    from PIL import Image

    with Image.open(appmeta.ICON_PNG) as png:
        assert png.size == (256, 256)
    with Image.open(appmeta.ICON_ICO) as ico:
        assert {(16, 16), (32, 32), (256, 256)} <= set(ico.info["sizes"])
