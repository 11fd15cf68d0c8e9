"""Fuzz targets for the doors issue 18 names (``tools/fuzz.py --target NAME``):

* ``history``: a proposal file whose ``history.json`` is mutated (times without a zone
  or out of range, deep nesting, wrong types, hostile values), through ``versions``,
  ``diff`` and ``versions --add``, in a random time zone.
* ``merge``: pairs of copies of one proposal, each edited and its history mutated,
  through ``merge`` (both ways, settling conflicts) and the merged file reopened.
* ``form``: partner forms with fields filled with hostile text (control characters,
  non-characters, long text, edited hidden ids) and bytes mutated, through
  ``import-partner`` and, when imported, ``partner-forms`` again.
* ``pack``: the shipped packs' TOML mutated (lines, values, deep nesting, shipped ids)
  in the user programs folder, through ``programs`` and ``pack check``.
* ``words``: the user's word list as random bytes, huge, a folder or a pipe, through the
  spelling checker.

Each input runs the real command line (``proposalkit.cli.main``); a failure is an
exception out of it, a traceback or an error message of several lines on stderr, or an
input slower than ``--timeout``. Returns the number of failures.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

_ZONES = ["UTC", "America/Toronto", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kolkata"]
_TIMES = ['"2026-12-01T10:00:00"', '"9999-12-31T23:59:59-05:00"', '"0001-01-01T00:00:00"',
          '"0001-01-01T00:00:00+14:00"', '"2026-13-45T99:99:99"', '"1970-01-01T00:00:00Z"',
          "1e30", "null", '"now"', "[" * 300 + "]" * 300, '"2100-12-31T23:59:59-12:00"']
_TEXTS = ["Jos\x00\x07\x1b[31m\ufffe\uffff\x9b", "x" * 5000, "\u202eexe.fdp", "\ud800"[:0] + "é",
          "Rôle\x1b]0;title\x07", "\t\n\r", "😀" * 50, "", "1 000 000 000 000 $", "-5",
          "2018-02-30", "31/12/9999"]


class _Timeout(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise _Timeout()


def cli(argv: list[str]) -> tuple[int, str, str]:
    """Run the command line; (exit status, stdout, stderr)."""
    from proposalkit.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def _check(code: int, err: str) -> str | None:
    """Why the outcome is a failure, or None."""
    if "Traceback" in err:
        return "traceback"
    # An error is one line (pack check lists a pack's problems, one a line, unprefixed).
    errors = [line for line in err.splitlines() if line.startswith("proposalkit:")]
    if len(errors) > 1 or any("\n" in line for line in errors):
        return f"error not one line: {err[-300:]!r}"
    return None


def _reset_catalog() -> None:
    import proposalkit.core.program as program

    program._default_catalog = None


def _run(name: str, minutes: float, seed: int, timeout: int, save: Path,
         one: Callable[[random.Random, Path], tuple[str, list[tuple[int, str]]]]) -> int:
    """The loop every target shares: ``one`` makes an input in a scratch folder, runs the
    commands and returns (description, [(exit status, stderr)])."""
    rng = random.Random(seed)
    outcomes: Counter[str] = Counter()
    failures = tried = 0
    slowest = 0.0
    end = time.monotonic() + minutes * 60
    signal.signal(signal.SIGALRM, _alarm)
    with tempfile.TemporaryDirectory(prefix=f"proposalkit-fuzz-{name}-") as scratch:
        base = Path(scratch)
        os.environ.update(PROPOSALKIT_STATE_DIR=str(base / "state"),
                          PROPOSALKIT_CONFIG_DIR=str(base / "config"),
                          PROPOSALKIT_DATA_DIR=str(base / "data"),
                          PROPOSALKIT_USER_PROGRAMS=str(base / "programs"))
        while time.monotonic() < end:
            tried += 1
            folder = base / f"in-{tried}"
            folder.mkdir()
            started = time.monotonic()
            failure, described = None, "?"
            signal.alarm(timeout)
            try:
                described, results = one(rng, folder)
                for code, err in results:
                    outcomes[f"exit {code}"] += 1
                    failure = failure or _check(code, err)
            except _Timeout:
                failure = f"took more than {timeout} s"
            except Exception as exc:  # the point of the run: anything else is a failure
                failure = f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
            finally:
                signal.alarm(0)
                os.environ.pop("TZ", None)
                time.tzset()
            slowest = max(slowest, time.monotonic() - started)
            if failure is not None:
                failures += 1
                kept = save / f"{name}-{tried:06d}"
                shutil.copytree(folder, kept, dirs_exist_ok=True, ignore_dangling_symlinks=True,
                                ignore=shutil.ignore_patterns("*.fifo"))
                print(f"FAIL {tried} ({described[:120]}): {failure[:300]}", file=sys.stderr)
            shutil.rmtree(folder, ignore_errors=True)
    print(f"{name}: {tried} inputs in {minutes:g} min (seed {seed}), {failures} failures, "
          f"slowest input {slowest:.2f} s")
    for outcome, count in sorted(outcomes.items()):
        print(f"  {outcome}: {count}")
    return failures


_GOOD: dict[str, bytes] = {}


def _good_file() -> bytes:
    """A small proposal saved twice with a named version (a history worth mutating)."""
    if "pkp" not in _GOOD:
        from tests.storage.conftest import small_document

        from proposalkit.storage import read_document, write_document
        from proposalkit.storage.history import add_version

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "good.pkp"
            write_document(path, small_document())
            document = read_document(path)
            add_version(document.history, "Envoyé", document.current_data())
            document.proposal.applicant.legal_name = "Autre nom"
            write_document(path, document)
            _GOOD["pkp"] = path.read_bytes()
    return _GOOD["pkp"]


def _with_history(good: bytes, history_text: str, proposal: dict | None = None) -> bytes:
    from tests.storage.hostile import entries_of, make_zip, manifest_for

    from proposalkit.storage.schema import FORMAT_VERSION

    entries = [(n, d) for n, d in entries_of(good) if n != "manifest.json"]
    entries = [(n, history_text.encode("utf-8", "surrogatepass") if n == "history.json"
                else json.dumps(proposal).encode() if proposal is not None and n == "proposal.json"
                else d) for n, d in entries]
    return make_zip([("manifest.json", manifest_for(entries, format_version=FORMAT_VERSION)),
                     *entries])


def _mutated_history(rng: random.Random, good: bytes) -> tuple[str, str]:
    from tests.storage.fuzzing import HOSTILE_VALUES, replace_json_values
    from tests.storage.hostile import entries_of

    text = dict(entries_of(good))["history.json"].decode()
    changes = [(rng.randrange(1000), None if rng.random() < 0.1 else
                rng.choice(_TIMES if rng.random() < 0.5 else HOSTILE_VALUES))
               for _ in range(rng.randint(1, 4))]
    return f"history {[(w, (v or '')[:20]) for w, v in changes]!r}", replace_json_values(
        text, changes)


def _history_one(rng: random.Random, folder: Path) -> tuple[str, list[tuple[int, str]]]:
    described, text = _mutated_history(rng, _good_file())
    path = folder / "h.pkp"
    path.write_bytes(_with_history(_good_file(), text))
    os.environ["TZ"] = rng.choice(_ZONES)
    time.tzset()
    results = []
    for argv in (["versions", str(path)], ["diff", str(path)],
                 ["diff", str(path), "--from", "1", "--to", "current", "--json"],
                 ["versions", str(path), "--add", "v"]):
        code, _out, err = cli(["--lang", rng.choice(["fr", "en"]), *argv])
        results.append((code, err))
    return described, results


def _merge_one(rng: random.Random, folder: Path) -> tuple[str, list[tuple[int, str]]]:
    from tests.storage.fuzzing import STRESS_TEXT
    from tests.storage.hostile import entries_of

    good = _good_file()
    described = []
    paths = []
    for side in ("a", "b"):
        data = good
        proposal = json.loads(dict(entries_of(good))["proposal.json"])
        if rng.random() < 0.7:
            proposal["applicant"]["legal_name"] = rng.choice(STRESS_TEXT)[:300]
            proposal.setdefault("sections", {})[rng.choice(["context", "x"])] = rng.choice(
                STRESS_TEXT)
        what, text = _mutated_history(rng, good) if rng.random() < 0.6 else (
            "history as is", dict(entries_of(good))["history.json"].decode())
        described.append(what)
        data = _with_history(good, text, proposal)
        path = folder / f"{side}.pkp"
        path.write_bytes(data)
        paths.append(path)
    os.environ["TZ"] = rng.choice(_ZONES)
    time.tzset()
    results = []
    for ours, theirs, extra in ((paths[0], paths[1], []), (paths[1], paths[0], ["--take-ours"]),
                                (paths[0], paths[1], ["--take-theirs"])):
        out = folder / f"m-{len(results)}.pkp"
        code, _out, err = cli(["--lang", "en", "merge", str(ours), str(theirs), "-o", str(out),
                               *extra])
        results.append((code, err))
        if out.exists():
            results.append(cli(["--lang", "en", "versions", str(out)])[::2])
    return " | ".join(described), results


def _form_one(rng: random.Random, folder: Path) -> tuple[str, list[tuple[int, str]]]:
    from pypdf import PdfReader, PdfWriter
    from tests.export.hostile_pdf import mutate_pdf

    if "form" not in _GOOD:
        path = folder / "p.pkp"
        path.write_bytes(_good_file())
        assert cli(["--lang", "en", "partner-forms", str(path), "-o", str(folder / "f")])[0] == 0
        _GOOD["form"] = next((folder / "f").glob("*.pdf")).read_bytes()
    (folder / "p.pkp").write_bytes(_good_file())
    fields = ["name", "role", "contact_name", "contact_email", "cash_1", "in_kind_2",
              "cash_description", "attest_name", "attest_date", "pk_partner", "pk_check",
              "pk_proposal"]
    values = {rng.choice(fields): rng.choice(_TEXTS) for _ in range(rng.randint(1, 5))}
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_GOOD["form"])))
    writer.update_page_form_field_values(writer.pages[0], values, auto_regenerate=False)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    described = f"fields {sorted(values)}"
    if rng.random() < 0.4:
        from tests.export.hostile_pdf import _KEYWORDS, _NAMES, _NUMBERS

        from tools.fuzz import _operation

        names = {"number": _NUMBERS, "name": _NAMES, "keyword": _KEYWORDS}
        data = mutate_pdf(data, [_operation(rng, names) for _ in range(rng.randint(1, 4))])
        described += " + bytes"
    (folder / "form.pdf").write_bytes(data)
    results = [cli(["--lang", "fr", "import-partner", str(folder / "p.pkp"),
                    str(folder / "form.pdf"), "-o", str(folder / "out.pkp")])[::2]]
    if results[0][0] == 0:
        results.append(cli(["--lang", "en", "partner-forms", str(folder / "out.pkp"), "-o",
                            str(folder / "again"), "--force"])[::2])
    return described, results


def _pack_one(rng: random.Random, folder: Path) -> tuple[str, list[tuple[int, str]]]:
    from proposalkit.paths import resources_dir

    programs = Path(os.environ["PROPOSALKIT_USER_PROGRAMS"])
    shutil.rmtree(programs, ignore_errors=True)
    programs.mkdir()
    shipped = sorted((resources_dir() / "programs").glob("*.toml"))
    lines = rng.choice(shipped).read_text(encoding="utf-8").splitlines()
    described = []
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(["delete", "duplicate", "value", "deep", "dotted", "id", "bytes"])
        described.append(kind)
        at = rng.randrange(len(lines))
        if kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[rng.randrange(len(lines))])
        elif kind == "value" and "=" in lines[at]:
            lines[at] = lines[at].split("=")[0] + "= " + rng.choice(
                ["1e400", "9" * 5000, '"x"', "[]", "{}", "-1", "nan", "2018-02-30", '"\x1b"'])
        elif kind == "deep":
            depth = rng.choice([10, 70, 500, 3000])
            lines.insert(at, "deep = " + "[" * depth + "]" * depth)
        elif kind == "dotted":
            lines.insert(0, "a" + ".a" * rng.choice([10, 80, 2000]) + " = 1")
        elif kind == "id":
            taken = rng.choice(["pri-2018", "mine"])
            lines = [f'id = "{taken}"' if line.startswith("id =") else line for line in lines]
        else:
            lines[at] = "".join(chr(rng.randrange(0, 0x2FF)) for _ in range(rng.randint(1, 40)))
    text = "\n".join(lines)
    (programs / "mine.toml").write_text(text, encoding="utf-8", errors="surrogatepass")
    _reset_catalog()
    results = []
    code, out, err = cli(["--lang", "en", "programs"])
    if "pri-2018" not in out:
        err += "\nTraceback: the shipped packs are gone"
    results.append((code, err))
    results.append(cli(["--lang", "fr", "pack", "check", str(programs / "mine.toml")])[::2])
    return ",".join(described), results


def _words_one(rng: random.Random, folder: Path) -> tuple[str, list[tuple[int, str]]]:
    from proposalkit.core.spelling import SpellChecker, user_words_path

    path = user_words_path("fr")
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    kind = rng.choice(["bytes", "words", "huge", "folder", "pipe", "link"])
    if kind == "bytes":
        path.write_bytes(rng.randbytes(rng.randint(0, 5000)))
    elif kind == "words":
        words = ["mot", "Québec", "\x1b[31m", "\ufffe", "a" * 500, "#c", "deux mots", "😀"]
        path.write_text("\n".join(rng.choice(words) for _ in range(200)), encoding="utf-8")
    elif kind == "huge":
        path.write_bytes(b"mot\n" * rng.randint(300_000, 2_000_000))
    elif kind == "folder":
        path.mkdir()
    elif kind == "pipe":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero" if rng.random() < 0.5 else folder / "missing")
    checker = SpellChecker("fr", words_path=path)
    checker.check("mot")
    checker.misspellings("Un mot et un autre motte.")
    from proposalkit.errors import ProposalKitError
    from proposalkit.i18n import translator

    try:
        checker.add("nouveaumot")
    except ProposalKitError as exc:  # the window says it in one line
        return kind, [(2, "proposalkit: " + exc.message(translator("fr")) + "\n")]
    return kind, [(0, "")]


def fuzz_history(minutes: float, seed: int, timeout: int, save: Path) -> int:
    """Mutated histories through versions and diff (see the module's docstring)."""
    return _run("history", minutes, seed, timeout, save, _history_one)


def fuzz_merge(minutes: float, seed: int, timeout: int, save: Path) -> int:
    """Pairs of edited copies with mutated histories through merge."""
    return _run("merge", minutes, seed, timeout, save, _merge_one)


def fuzz_form(minutes: float, seed: int, timeout: int, save: Path) -> int:
    """Filled and mutated partner forms through import-partner."""
    return _run("form", minutes, seed, timeout, save, _form_one)


def fuzz_pack(minutes: float, seed: int, timeout: int, save: Path) -> int:
    """Mutated user packs through programs and pack check."""
    return _run("pack", minutes, seed, timeout, save, _pack_one)


def fuzz_words(minutes: float, seed: int, timeout: int, save: Path) -> int:
    """Hostile word lists through the spelling checker."""
    return _run("words", minutes, seed, timeout, save, _words_one)


TARGETS = {"history": fuzz_history, "merge": fuzz_merge, "form": fuzz_form,
           "pack": fuzz_pack, "words": fuzz_words}
