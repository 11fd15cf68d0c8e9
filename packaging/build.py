"""Build proposalkit's installable bundle for the operating system this runs on.

One command on each system, from the repository root, in a virtual environment where
proposalkit is installed with the ``bundle`` extra (``pip install -e ".[bundle]"``)::

    python packaging/build.py

It runs PyInstaller on ``packaging/proposalkit.spec`` and then packs the result in
``dist/``:

- Linux: ``dist/proposalkit/`` (the app folder, with ``install.sh``, the menu entry and
  the ``.pkp`` MIME type) and ``proposalkit-VERSION-linux-ARCH.tar.gz``;
- Windows: ``proposalkit-VERSION-windows-ARCH.zip`` and, when Inno Setup's ``ISCC.exe``
  is found (on PATH, or in its default folder), the installer
  ``proposalkit-VERSION-windows-ARCH-setup.exe`` from ``packaging/windows/proposalkit.iss``;
- macOS: ``dist/proposalkit.app`` and ``proposalkit-VERSION-macos-ARCH.dmg`` (hdiutil).

``--package-only`` skips PyInstaller and packs an existing ``dist/``. The build is not
signed; see the README for what that means for people who install it.
"""

from __future__ import annotations

import argparse
import os
import platform
import plistlib
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import appmeta  # noqa: E402

ROOT = appmeta.ROOT
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
SPEC = appmeta.PACKAGING_DIR / "proposalkit.spec"


def platform_tag() -> str:
    """``linux-x86_64``, ``windows-x64``, ``macos-arm64``…: the artefacts' suffix."""
    machine = platform.machine().lower()
    if sys.platform == "win32":
        return "windows-" + {"amd64": "x64", "x86_64": "x64"}.get(machine, machine)
    if sys.platform == "darwin":
        return "macos-" + machine
    return f"{sys.platform.rstrip('0123456789')}-{machine}"


def folder_size(path: Path) -> int:
    """Bytes of the regular files under ``path`` (links not followed)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def human(size: int) -> str:
    """``123.4 MiB``."""
    return f"{size / 2**20:.1f} MiB"


def linux_preflight() -> None:
    """Warn when a library Qt's X11/Wayland plugins need is missing from this machine."""
    try:
        known = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    except OSError:
        return
    missing = [pkg for lib, pkg in appmeta.LINUX_BUILD_LIBRARIES.items() if lib not in known]
    if missing:
        print("warning: the bundle will lack libraries Qt needs on some desktops; install "
              f"them first: apt-get install {' '.join(missing)}", file=sys.stderr)


def run_pyinstaller() -> float:
    """Run PyInstaller on the spec; return the seconds it took."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit("PyInstaller is missing: pip install -e '.[bundle]'")
    start = time.perf_counter()
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC),
    ]
    print("$", " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=ROOT)
    return time.perf_counter() - start


def linux_extras(app_dir: Path) -> None:
    """Put the installer script, menu entry, MIME type and icons in the app folder."""
    linux = appmeta.PACKAGING_DIR / "linux"
    share = app_dir / "share"
    copies = {
        linux / "install.sh": app_dir / "install.sh",
        linux / "proposalkit.desktop": share / "applications" / "proposalkit.desktop",
        linux / "proposalkit-mime.xml": share / "mime" / "packages" / "proposalkit.xml",
        appmeta.ICON_PNG: share / "icons" / "hicolor" / "256x256" / "apps" / "proposalkit.png",
        appmeta.ICONS_DIR / "proposalkit-document.png": (
            share / "icons" / "hicolor" / "256x256" / "mimetypes"
            / "application-x-proposalkit.png"
        ),
    }
    for source, target in copies.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    (app_dir / "install.sh").chmod(0o755)


def make_tarball(app_dir: Path, stem: str) -> Path:
    """``dist/STEM.tar.gz`` holding ``STEM/`` (links kept as links)."""
    target = DIST / f"{stem}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(app_dir, arcname=stem)
    return target


def make_zip(app_dir: Path, stem: str) -> Path:
    """``dist/STEM.zip`` holding ``STEM/``."""
    target = DIST / f"{stem}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(app_dir.rglob("*")):
            if path.is_file():
                archive.write(path, Path(stem) / path.relative_to(app_dir))
    return target


def find_iscc() -> Path | None:
    """Inno Setup's compiler, if installed."""
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):
        if base and (Path(base) / "Inno Setup 6" / "ISCC.exe").is_file():
            return Path(base) / "Inno Setup 6" / "ISCC.exe"
    return None


def make_windows_installer(app_dir: Path, version: str, stem: str) -> Path | None:
    """Compile ``packaging/windows/proposalkit.iss``; ``None`` without Inno Setup."""
    iscc = find_iscc()
    script = appmeta.PACKAGING_DIR / "windows" / "proposalkit.iss"
    defines = [
        f"/DAppVersion={version}", f"/DSourceDir={app_dir}", f"/DOutputDir={DIST}",
        f"/DOutputBase={stem}-setup", f"/DIconsDir={appmeta.ICONS_DIR}",
    ]
    if iscc is None:
        print("Inno Setup not found: install it (https://jrsoftware.org/isinfo.php), then run")
        print("  ISCC " + " ".join(defines) + f" {script}")
        return None
    subprocess.run([str(iscc), *defines, str(script)], check=True)
    return DIST / f"{stem}-setup.exe"


def make_dmg(app: Path, stem: str, version: str) -> Path:
    """``dist/STEM.dmg``: the app and a link to /Applications to drag it onto."""
    staging = WORK / "dmg"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    subprocess.run(["ditto", str(app), str(staging / app.name)], check=True)
    (staging / "Applications").symlink_to("/Applications")
    target = DIST / f"{stem}.dmg"
    target.unlink(missing_ok=True)
    subprocess.run(
        ["hdiutil", "create", "-volname", f"{appmeta.DISPLAY_NAME} {version}",
         "-srcfolder", str(staging), "-ov", "-format", "UDZO", str(target)],
        check=True,
    )
    return target


def check_macos_app(app: Path, version: str) -> None:
    """The built Info.plist is the one ``appmeta.bundle_info_plist`` describes (version,
    bundle id, the .pkp document type and its UTI, minimum macOS) and names files that
    exist in the app."""
    with open(app / "Contents" / "Info.plist", "rb") as fh:
        info = plistlib.load(fh)
    expected = appmeta.bundle_info_plist(version)
    wrong = {key: info.get(key) for key, value in expected.items() if info.get(key) != value}
    assert not wrong, f"Info.plist differs from appmeta.bundle_info_plist: {wrong}"
    assert (app / "Contents" / "MacOS" / info["CFBundleExecutable"]).is_file()
    for icon in (info["CFBundleIconFile"], appmeta.DOCUMENT_ICON_ICNS.name):
        assert (app / "Contents" / "Resources" / icon).is_file(), icon


def main(argv: list[str] | None = None) -> int:
    """Build, pack and print what was made, how big, and how long it took."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package-only", action="store_true",
                        help="pack an existing dist/ without running PyInstaller")
    args = parser.parse_args(argv)

    version = appmeta.check_version_in_sync()
    stem = appmeta.artefact_stem(version, platform_tag())
    start = time.perf_counter()
    if sys.platform.startswith("linux"):
        linux_preflight()
    seconds = 0.0 if args.package_only else run_pyinstaller()
    app_dir = DIST / appmeta.APP_NAME
    if not app_dir.is_dir():
        sys.exit(f"{app_dir} is missing: run without --package-only")

    artefacts: list[Path] = []
    if sys.platform == "darwin":
        app = DIST / f"{appmeta.DISPLAY_NAME}.app"
        check_macos_app(app, version)
        artefacts += [app, make_dmg(app, stem, version)]
    elif sys.platform == "win32":
        artefacts += [app_dir, make_zip(app_dir, stem)]
        installer = make_windows_installer(app_dir, version, stem)
        if installer is not None:
            artefacts.append(installer)
    else:
        linux_extras(app_dir)
        artefacts += [app_dir, make_tarball(app_dir, stem)]

    total = time.perf_counter() - start
    print(f"\nproposalkit {version} for {platform_tag()}")
    for artefact in artefacts:
        size = folder_size(artefact) if artefact.is_dir() else artefact.stat().st_size
        print(f"  {artefact.relative_to(ROOT)}\t{human(size)}")
    print(f"  PyInstaller {seconds:.0f} s, packing {total - seconds:.0f} s, total {total:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
