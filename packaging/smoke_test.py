r"""Check a built bundle the way a user would get it: unpacked in a folder of its own,
started with an empty environment, nothing from the virtual environment or the repository.

    python packaging/smoke_test.py            # use dist/'s artefact, build it if missing
    python packaging/smoke_test.py --build    # build first (python packaging/build.py)
    python packaging/smoke_test.py --app-dir "C:\Program Files\proposalkit"  # installed

The artefact (the Linux .tar.gz, the Windows .zip, the macOS .app) is unpacked into a new
temporary folder outside the repository, and each command runs there with only ``PATH``
(``/usr/bin:/bin``), ``HOME`` (a new empty folder) and ``QT_QPA_PLATFORM=offscreen`` set,
as ``env -i`` would: ``--version``, ``example``, ``validate`` (English and French),
``programs``, then ``export`` to DOCX and PDF, and the GUI: ``--quit-after-show`` alone
(first paint) and with the example (every step's page shown, each module the editor
imports by name loaded from the bundle). Any traceback or logged error in any command's
output fails the check. ``--app-dir`` checks an installed program's folder in place.
Each command's output goes through a temporary file and only the command is waited for,
never a process it leaves behind (such as the desktop process Wine starts with the first
window); a command still running after 180 s is killed with every process it started.
Where ``strace`` exists, the run is traced and any file opened from the
repository or the build's Python is reported: the bundle must not need them. On Linux,
``ldd`` checks that every bundled library finds its dependencies, and where ``xvfb-run``
exists the window also opens on a real X11 display (Qt's xcb plugin).

Prints the bundle's size, the build time (with ``--build``) and each command's time; exits
1 when a check fails. Its own output is UTF-8 whatever the console or pipe (Windows).
Too slow for the test suite, which checks the configuration only
(``tests/test_packaging.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import appmeta  # noqa: E402
import build  # noqa: E402

IS_WINDOWS = sys.platform == "win32"
IS_MACOS = sys.platform == "darwin"
TIMEOUT = 180


@dataclass
class Report:
    """Checks run so far, printed as a table at the end."""

    rows: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, status: str, name: str, detail: str = "") -> None:
        """Record and print one check (PASS, FAIL, SKIP or INFO)."""
        self.rows.append((status, name, detail))
        print(f"[{status}] {name}" + (f": {detail}" if detail else ""), flush=True)

    @property
    def failed(self) -> bool:
        """Whether any check failed."""
        return any(status == "FAIL" for status, _name, _detail in self.rows)


def artefact_path(version: str) -> Path:
    """The artefact ``build.py`` makes on this system."""
    stem = appmeta.artefact_stem(version, build.platform_tag())
    if IS_MACOS:
        return build.DIST / f"{appmeta.DISPLAY_NAME}.app"
    if IS_WINDOWS:
        return build.DIST / f"{stem}.zip"
    return build.DIST / f"{stem}.tar.gz"


def unpack(artefact: Path, into: Path) -> Path:
    """Unpack or copy the artefact into a new folder ``into``; return the app's folder."""
    into.mkdir()
    if artefact.suffix == ".app":
        target = into / artefact.name
        subprocess.run(["ditto", str(artefact), str(target)], check=True)
        return target
    if artefact.name.endswith(".tar.gz"):
        with tarfile.open(artefact) as tar:
            if hasattr(tarfile, "tar_filter"):  # Python 3.11.4 and later
                tar.extractall(into, filter="tar")
            else:
                tar.extractall(into)  # noqa: S202 - our own archive
    else:
        with zipfile.ZipFile(artefact) as archive:
            archive.extractall(into)
    (folder,) = [p for p in into.iterdir() if p.is_dir()]
    return folder


def executables(app: Path) -> tuple[Path, Path]:
    """(command-line executable, GUI executable) inside the unpacked app."""
    if IS_MACOS:
        exe = app / "Contents" / "MacOS" / appmeta.GUI_EXE
        return exe, exe
    if IS_WINDOWS:
        return app / f"{appmeta.CLI_EXE}.exe", app / f"{appmeta.GUI_EXE}.exe"
    exe = app / appmeta.GUI_EXE
    return exe, exe


def clean_env(home: Path) -> dict[str, str]:
    """What ``env -i PATH=/usr/bin:/bin HOME=… QT_QPA_PLATFORM=offscreen`` leaves."""
    if IS_WINDOWS:
        system_root = os.environ.get("SystemRoot", r"C:\Windows")
        return {
            "PATH": rf"{system_root}\System32;{system_root}",
            "SystemRoot": system_root,
            "USERPROFILE": str(home),
            "APPDATA": str(home / "AppData" / "Roaming"),
            "LOCALAPPDATA": str(home / "AppData" / "Local"),
            "TEMP": str(home),
            "TMP": str(home),
            "QT_QPA_PLATFORM": "offscreen",
        }
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}


class Runner:
    """Runs the bundle's commands in the clean folder, timed, optionally traced."""

    def __init__(self, exe: Path, work: Path, env: dict[str, str], trace: bool) -> None:
        self.exe, self.work, self.env = exe, work, env
        self.strace = shutil.which("strace") if trace else None
        self.traces: list[Path] = []
        #: (command, first lines) of every run whose output holds a traceback or an error.
        self.errors: list[tuple[str, str]] = []

    def __call__(self, *args: str, exe: Path | None = None, prefix: tuple[str, ...] = (),
                 env: dict[str, str] | None = None) -> tuple[int, str, float]:
        """Run ``[prefix…] exe args…``; return (exit code, stdout + stderr, seconds)."""
        command = [*prefix, str(exe or self.exe), *args]
        if self.strace and not prefix:
            log = self.work / f"strace-{len(self.traces)}.log"
            self.traces.append(log)
            command = [self.strace, "-f", "-qq", "-e", "trace=open,openat,execve",
                       "-o", str(log), *command]
        start = time.perf_counter()
        code, output = run_captured(command, cwd=self.work, env=env or self.env,
                                    timeout=TIMEOUT, scratch=self.work)
        seconds = time.perf_counter() - start
        shown = " ".join(args)
        if code is None:  # what it wrote before it was killed is shown too
            code, output = 124, f"timed out after {TIMEOUT} s\n{output}".rstrip()
        print(f"$ proposalkit {shown}  ({seconds:.2f} s, exit {code})")
        for line in output.splitlines()[:12]:
            print(f"    {line}")
        if logged_error(output):
            self.errors.append((shown, output[:400]))
        return code, output, seconds

    def _opened(self, log: Path) -> list[str]:
        pattern = r'(?:open|openat|execve)\((?:AT_FDCWD, )?"([^"]+)"[^=]*= (\d+)'
        return [m.group(1) for m in re.finditer(pattern, log.read_text(errors="replace"))]

    def last_run_opened(self, name: str, under: Path) -> bool | None:
        """Whether the last traced run opened ``name`` from inside ``under`` (None: not
        traced)."""
        if not self.strace or not self.traces:
            return None
        return any(Path(path).name == name and path.startswith(str(under))
                   for path in self._opened(self.traces[-1]))

    def foreign_opens(self, app: Path) -> list[str]:
        """Files the traced runs opened from the repository or the build's Python."""
        forbidden = {str(appmeta.ROOT), sys.prefix, sys.base_prefix}
        forbidden = {root.rstrip("/") + "/" for root in forbidden}
        found: set[str] = set()
        for log in self.traces:
            for path in self._opened(log):
                if path.startswith(str(app)) or path.startswith(str(self.work)):
                    continue
                if any(path.startswith(root) for root in forbidden):
                    found.add(path)
        return sorted(found)


def run_captured(command: list[str], *, cwd: Path, env: dict[str, str], timeout: float,
                 scratch: Path) -> tuple[int | None, str]:
    """Run ``command``; return (exit code, stdout + stderr), the code None on a timeout.

    The output goes to a temporary file, never a pipe, and only the process itself is
    waited for: a process it starts may keep its standard handles open long after it has
    exited (under Wine the first windowed program starts ``explorer.exe /desktop``, which
    inherits them), and a pipe then never ends (``subprocess.run(capture_output=True)``
    would wait for it forever, even after its timeout). On a timeout the whole process
    tree is killed."""
    with tempfile.TemporaryFile(dir=scratch) as sink:
        # A session of its own (POSIX): its process group is killed on a timeout.
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                   stdout=sink, stderr=subprocess.STDOUT,
                                   start_new_session=not IS_WINDOWS)
        try:
            code: int | None = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_tree(process)
            code = None
        sink.seek(0)
        output = sink.read().decode("utf-8", errors="replace")
    return code, output.replace("\r\n", "\n").rstrip()


def kill_tree(process: subprocess.Popen[bytes]) -> None:
    """Kill a process and every process it started, then reap it (never blocks long)."""
    if IS_WINDOWS:
        try:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)],
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=60, check=False)
        except (OSError, subprocess.TimeoutExpired):
            pass  # the process itself is still killed below
    else:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.kill()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pass


_ERROR_LINE = re.compile(r"^(Traceback \(most recent call last\)|(ERROR|CRITICAL)[: ]"
                         r"|\w+(Error|Exception): )", re.MULTILINE)


def logged_error(output: str) -> bool:
    """Whether a command's output holds a Python traceback or an error logged."""
    return bool(_ERROR_LINE.search(output))


def utf8_output() -> None:
    """Print UTF-8 whatever the console or pipe: a redirected Windows pipe would be cp1252,
    which cannot show the commands' French output (``L’appel``)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="backslashreplace")


def missing_libraries(app: Path) -> list[str]:
    """Linux: shared libraries a bundled binary needs that neither the bundle nor the
    system has (``ldd``, with the library path the bootloader sets)."""
    internal = app / "_internal"
    env = {"PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": str(internal)}
    missing: set[str] = set()
    for path in internal.rglob("*.so*"):
        if not path.is_file() or path.is_symlink():
            continue
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env).stdout
        for line in out.splitlines():
            if "not found" in line:
                missing.add(f"{line.split()[0]} (for {path.relative_to(internal)})")
    return sorted(missing)


def check_docx(path: Path, version: str, report: Report) -> None:
    """A DOCX that opens as a zip with a body; is the version in its properties?"""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            props = b"".join(archive.read(n) for n in names if n.startswith("docProps/"))
    except zipfile.BadZipFile:
        report.add("FAIL", "DOCX is a valid package", str(path))
        return
    ok = "word/document.xml" in names
    report.add("PASS" if ok else "FAIL", "DOCX has a body",
               f"{path.stat().st_size / 1024:.0f} KiB")
    # The four Noto Sans faces, from the ready-made subsets the bundle carries.
    fonts = sorted(n for n in names if n.endswith(".odttf"))
    report.add("PASS" if len(fonts) >= 4 else "FAIL", "DOCX embeds its fonts",
               f"{len(fonts)} faces")
    report.add("PASS" if version.encode() in props else "INFO",
               "version in the DOCX properties", version if version.encode() in props else
               "not found (written by the exporter)")


def check_pdf(path: Path, version: str, report: Report) -> None:
    """A PDF with pages; fonts embedded; is the version in its metadata?"""
    data = path.read_bytes()
    report.add("PASS" if data.startswith(b"%PDF-") else "FAIL", "PDF header",
               f"{len(data) / 1024:.0f} KiB")
    fonts = sorted({m.decode() for m in re.findall(rb"/BaseFont\s*/([A-Za-z0-9+_-]+)", data)})
    embedded = b"/FontFile" in data
    report.add("INFO", "PDF fonts", ", ".join(fonts) + (" (embedded)" if embedded else ""))
    report.add("PASS" if version.encode() in data else "INFO", "version in the PDF metadata",
               version if version.encode() in data else "not found (written by the exporter)")


def main(argv: list[str] | None = None) -> int:
    """Build if asked, unpack into a clean folder, run the checks, print the summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", action="store_true", help="run packaging/build.py first")
    parser.add_argument("--artefact", type=Path, help="artefact to test (default: dist/'s)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--no-trace", action="store_true", help="do not use strace")
    parser.add_argument("--app-dir", type=Path,
                        help="check this installed program folder in place (no unpacking)")
    args = parser.parse_args(argv)
    utf8_output()

    report = Report()
    version = appmeta.version()
    artefact = args.artefact or artefact_path(version)
    build_seconds = None
    if args.app_dir is None and (args.build or not artefact.exists()):
        start = time.perf_counter()
        subprocess.run([sys.executable, str(appmeta.PACKAGING_DIR / "build.py")], check=True)
        build_seconds = time.perf_counter() - start
    if args.app_dir is None:
        report.add("INFO", "artefact", f"{artefact.name}, {build.human(_size(artefact))}")

    top = Path(tempfile.mkdtemp(prefix="proposalkit-smoke-"))
    try:
        home, work = top / "home", top / "work"
        home.mkdir()
        work.mkdir()
        if args.app_dir is not None:
            app = args.app_dir
            size = build.human(build.folder_size(app))
            report.add("INFO", "installed program", f"{app} ({size})")
        else:
            app = unpack(artefact, top / "bundle")
            report.add("INFO", "unpacked into", f"{app} ({build.human(build.folder_size(app))})")
        if sys.platform.startswith("linux") and shutil.which("ldd"):
            missing = missing_libraries(app)
            report.add("FAIL" if missing else "PASS", "every bundled library resolves (ldd)",
                       "; ".join(missing[:6]))
        cli, gui = executables(app)
        env = clean_env(home)
        print("environment: env -i " + " ".join(f"{k}={v}" for k, v in env.items()))
        run = Runner(cli, work, env, trace=not args.no_trace)
        _checks(run, gui, version, report)
        report.add("FAIL" if run.errors else "PASS", "no traceback or logged error in any output",
                   "; ".join(f"{command}: {text[:200]!r}" for command, text in run.errors[:3]))
        if run.strace:
            foreign = run.foreign_opens(app)
            report.add("FAIL" if foreign else "PASS",
                       "no file opened from the repository or the build's Python",
                       "; ".join(foreign[:5]) or f"{len(run.traces)} traced runs")
        else:
            report.add("SKIP", "file-access trace", "strace not installed")
    finally:
        if args.keep:
            print(f"kept {top}")
        else:
            shutil.rmtree(top, ignore_errors=True)

    print()
    if build_seconds is not None:
        print(f"build: {build_seconds:.0f} s (python packaging/build.py)")
    for status, name, detail in report.rows:
        print(f"{status:5} {name}" + (f" — {detail}" if detail else ""))
    return 1 if report.failed else 0


def _size(path: Path) -> int:
    return build.folder_size(path) if path.is_dir() else path.stat().st_size


def _checks(run: Runner, gui: Path, version: str, report: Report) -> None:
    code, out, seconds = run("--version")
    report.add("PASS" if code == 0 and out.strip() == f"proposalkit {version}" else "FAIL",
               "--version", f"{out.strip()!r} in {seconds:.2f} s")

    code, out, _s = run("example", "-o", "x.pkp")
    report.add("PASS" if code == 0 and (run.work / "x.pkp").is_file() else "FAIL",
               "example -o x.pkp", out.splitlines()[-1] if out else "")

    code, out, seconds = run("validate", "x.pkp")
    report.add("PASS" if code == 0 else "FAIL", "validate x.pkp",
               f"{out.splitlines()[-1] if out else ''} in {seconds:.2f} s")

    code, out, _s = run("--lang", "fr", "validate", "x.pkp")
    report.add("PASS" if code == 0 and "erreur" in out else "FAIL",
               "French messages (bundled catalog)", out.splitlines()[-1] if out else "")

    code, out, _s = run("programs", "--json")
    try:
        ids = sorted(p["id"] for p in json.loads(out))
    except (ValueError, KeyError, TypeError):
        ids = []
    report.add("PASS" if code == 0 and "pri-2018" in ids else "FAIL", "program packs",
               ", ".join(ids))

    _code, help_text, _s = run("--help")
    if re.search(r"\bexport\b", help_text):
        code, out, seconds = run("export", "x.pkp", "--docx", "x.docx", "--pdf", "x.pdf")
        docx, pdf = run.work / "x.docx", run.work / "x.pdf"
        report.add("PASS" if code == 0 and docx.is_file() and pdf.is_file() else "FAIL",
                   "export x.pkp --docx x.docx --pdf x.pdf",
                   f"exit {code} in {seconds:.2f} s" + ("" if code == 0 else f": {out[-300:]}"))
        if docx.is_file():
            check_docx(docx, version, report)
        if pdf.is_file():
            check_pdf(pdf, version, report)
    else:
        report.add("SKIP", "export to DOCX and PDF", "no export command in this build yet")

    if "--quit-after-show" in help_text:
        code, out, seconds = run("--quit-after-show", exe=gui)
        report.add("PASS" if code == 0 else "FAIL", "GUI --quit-after-show (offscreen)",
                   f"exit {code} in {seconds:.2f} s" + ("" if code == 0 else f": {out[-300:]}"))
        _every_step(run, gui, report)
        code, out, seconds = run("--lang", "fr", "--quit-after-show", exe=gui)
        loaded = run.last_run_opened("qtbase_fr.qm", under=gui.parent)
        status = "SKIP" if loaded is None else "PASS" if code == 0 and loaded else "FAIL"
        report.add(status, "GUI in French loads Qt's qtbase_fr.qm from the bundle",
                   "needs strace" if loaded is None else f"exit {code} in {seconds:.2f} s")
        xvfb = shutil.which("xvfb-run") if sys.platform.startswith("linux") else None
        if xvfb:
            # A real X11 display: Qt's xcb plugin with the libraries the bundle carries.
            code, out, seconds = run("--quit-after-show", exe=gui, prefix=(xvfb, "-a"),
                                     env={**run.env, "QT_QPA_PLATFORM": "xcb"})
            report.add("PASS" if code == 0 else "FAIL", "GUI on an X11 display (Xvfb, xcb)",
                       f"exit {code} in {seconds:.2f} s" + ("" if code == 0 else f": {out[-300:]}"))
        else:
            report.add("SKIP", "GUI on an X11 display", "xvfb-run not installed")
    else:
        report.add("SKIP", "GUI --quit-after-show", "no GUI entry in this build yet")


def _every_step(run: Runner, gui: Path, report: Report) -> None:
    """The example opened, every step's page shown: the console executable prints which
    pages (and any error); on Windows the windowed one is run too, for its exit status."""
    code, out, seconds = run("--quit-after-show", "x.pkp")
    steps = re.search(r"(\d+) step pages shown: (.*)", out)
    names = steps.group(2).split(", ") if steps else []
    missing = [name for name in expected_steps() if name not in names]
    if not any(name.startswith("section:") for name in names):
        missing.append("section:…")
    ok = code == 0 and steps is not None and not missing and not logged_error(out)
    report.add("PASS" if ok else "FAIL", "GUI shows every step page of the example",
               f"{len(names)} pages in {seconds:.2f} s" if ok
               else f"exit {code}, missing {missing}: {out[-600:]}")
    if gui != run.exe:
        code, out, seconds = run("--quit-after-show", "x.pkp", exe=gui)
        report.add("PASS" if code == 0 else "FAIL", "windowed executable shows every step page",
                   f"exit {code} in {seconds:.2f} s" + ("" if code == 0 else f": {out[-300:]}"))


def expected_steps() -> list[str]:
    """The steps every proposal has (plus one a section, which vary with the program),
    from the table of steps of the proposalkit this is built from."""
    from proposalkit.core.steps import STEP_KINDS

    return [kind.key for kind in STEP_KINDS if not kind.per_section]


if __name__ == "__main__":
    sys.exit(main())
