"""Fuzz proposalkit's handling of untrusted input for N minutes and print the figures.

    python tools/fuzz.py --target annex --minutes 3

One function per target:

* ``annex``: PDF and image annexes (the example's letters, a hostile PDF full of
  scripts, an AES-encrypted one, a PNG and a JPEG) mutated byte by byte and token by
  token, each through the attach-time check and, one in ten, through the whole printable
  package. Every outcome must be a bound annex or a one-line :class:`AnnexError`; anything
  else (another exception, a message of several lines, an input that takes longer than
  ``--timeout`` seconds) is a failure, saved under ``--save`` to replay.
* ``pkp``: proposal files mutated (bytes, members, hostile JSON values), each through
  open, validate, every export and save (see its function).
* ``history``, ``merge``, ``form``, ``pack``, ``words``: the doors of issue 18, see
  ``tools/fuzz_doors.py``.

Exit status 0 when no input failed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the test helpers build the seeds and mutate them
sys.path.insert(0, str(ROOT / "src"))


class _Timeout(Exception):
    pass


def _on_alarm(_signum, _frame) -> None:  # noqa: ANN001
    raise _Timeout()


def _operation(rng: random.Random, names: dict[str, list[bytes]]) -> tuple:
    """One mutation, in the shape tests/export/hostile_pdf.py:mutate_pdf takes."""
    kind = rng.choice(["flip", "set", "delete", "insert", "truncate", "copy", "number",
                       "name", "keyword"])
    where = rng.random()
    if kind in names:
        return kind, where, rng.choice(names[kind])
    value: object = {"flip": lambda: rng.randint(1, 255), "set": lambda: rng.randint(0, 255),
                     "delete": lambda: rng.randint(1, 64),
                     "insert": lambda: rng.randbytes(rng.randint(1, 32)),
                     "truncate": lambda: 0, "copy": lambda: rng.random()}[kind]()
    return kind, where, value


def _seeds() -> list[tuple[str, str, bytes]]:
    from PIL import Image
    from tests.export.hostile_pdf import hostile_pdf

    from proposalkit.core.example import example_attachments, example_proposal

    proposal = example_proposal()
    seeds = [(f"example-{n}.pdf", "application/pdf", data)
             for n, data in enumerate(example_attachments(proposal).values())]
    seeds += [("hostile.pdf", "application/pdf", hostile_pdf()),
              ("aes.pdf", "application/pdf", hostile_pdf(encrypt="AES-256"))]
    for kind, media in (("PNG", "image/png"), ("JPEG", "image/jpeg")):
        buffer = io.BytesIO()
        Image.new("RGB", (120, 80), (40, 90, 160)).save(buffer, format=kind)
        seeds.append((f"image.{kind.lower()}", media, buffer.getvalue()))
    return seeds


def fuzz_annex(minutes: float, seed: int, timeout: int, save: Path) -> int:
    """Mutated annexes through the attach-time check and the package; prints figures and
    returns the number of failures."""
    from tests.export.conftest import dossier_of
    from tests.export.hostile_pdf import (
        _KEYWORDS,
        _NAMES,
        _NUMBERS,
        active_content,
        mutate_pdf,
    )

    from proposalkit.core.example import example_attachments, example_proposal
    from proposalkit.core.model import Attachment
    from proposalkit.export import export_package
    from proposalkit.export.annexes import AnnexError, prepare_annex
    from proposalkit.i18n import translator
    from proposalkit.storage import Document

    rng = random.Random(seed)
    names = {"number": _NUMBERS, "name": _NAMES, "keyword": _KEYWORDS}
    seeds = _seeds()
    proposal = example_proposal()
    files = example_attachments(proposal)
    proposal.attachments.append(Attachment(id="fuzzed", title="Annexe mutée",
                                           reference="attachments/fuzzed.pdf",
                                           filename="fuzzed.pdf", media_type="application/pdf"))
    dossier = dossier_of(proposal)
    fr = translator("fr")
    outcomes: Counter[str] = Counter()
    causes: Counter[str] = Counter()
    failures = packages = checked = 0
    slowest = 0.0
    end = time.monotonic() + minutes * 60
    tried = 0
    while time.monotonic() < end:
        name, media, data = rng.choice(seeds)
        operations = [_operation(rng, names) for _ in range(rng.randint(1, 6))]
        mutated = mutate_pdf(data, operations)
        tried += 1
        started = time.monotonic()
        signal.alarm(timeout)
        failure = None
        try:
            try:
                prepared = prepare_annex(mutated, media, name, name)
                outcomes["bound"] += 1
                if name in ("hostile.pdf", "aes.pdf"):
                    # Whatever survives of a mutated hostile file must still be clean.
                    clean = io.BytesIO()
                    prepared.writer.write(clean)
                    left = active_content(clean.getvalue())
                    checked += 1
                    if left:
                        failure = f"active content left: {sorted(left)}"
            except AnnexError as problem:
                outcomes[f"refused:{problem.code}"] += 1
                causes[type(problem.__cause__).__name__ if problem.__cause__ else "-"] += 1
                message = problem.message(fr)
                if "\n" in message or name not in message:
                    failure = f"message not one line naming the annex: {message!r}"
            if tried % 10 == 0 and media == "application/pdf":
                packages += 1
                files["attachments/fuzzed.pdf"] = mutated
                info = export_package(dossier, Document(proposal, files), io.BytesIO(),
                                      deterministic=True)
                for problem in info.problems:
                    if "\n" in problem.message(fr):
                        failure = f"package message of several lines: {problem.message(fr)!r}"
        except _Timeout:
            failure = f"took more than {timeout} s"
        except Exception as exc:  # the point of the run: anything else is a failure
            failure = f"{type(exc).__name__}: {exc}"
        finally:
            signal.alarm(0)
        slowest = max(slowest, time.monotonic() - started)
        if failure is not None:
            failures += 1
            save.mkdir(parents=True, exist_ok=True)
            (save / f"annex-{tried:06d}-{name}").write_bytes(mutated)
            print(f"FAIL {tried} {name}: {failure[:300]}", file=sys.stderr)
    print(f"annex: {tried} inputs in {minutes:g} min (seed {seed}), {packages} packages, "
          f"{failures} failures, slowest input {slowest:.2f} s; {checked} bound hostile "
          "annexes walked for active content")
    for outcome, count in sorted(outcomes.items()):
        print(f"  {outcome}: {count}")
    print("  causes of refusals: " + ", ".join(f"{k} {v}" for k, v in causes.most_common()))
    return failures


def fuzz_pkp(minutes: float, seed: int, timeout: int, save: Path) -> int:
    """Mutated proposal files (bytes; members behind a consistent manifest; hostile JSON
    values: huge numbers, far dates, lone surrogates, text past its limit, lying
    attachment entries; accepted text that is hard on the writers) through open →
    validate → DOCX, PDF, package → save → reopen (``tests/storage/fuzzing.py``, the
    harness of ``tests/storage/test_fuzz.py``). Every outcome must be a success or a
    typed error with a one-line message; prints figures, returns the failures."""
    import tempfile

    from tests.storage.conftest import small_document
    from tests.storage.fuzzing import random_mutation, run_pipeline

    from proposalkit.storage import write_document

    rng = random.Random(seed)
    outcomes: Counter[str] = Counter()
    failures = tried = 0
    slowest = 0.0
    end = time.monotonic() + minutes * 60
    with tempfile.TemporaryDirectory(prefix="proposalkit-fuzz-") as scratch:
        good_path = Path(scratch) / "good.pkp"
        write_document(good_path, small_document())
        good = good_path.read_bytes()
        while time.monotonic() < end:
            described, data = random_mutation(rng, good)
            tried += 1
            started = time.monotonic()
            failure = None
            signal.alarm(timeout)
            try:
                with tempfile.TemporaryDirectory(dir=scratch) as folder:
                    outcomes[run_pipeline(data, Path(folder))] += 1
            except _Timeout:
                failure = f"took more than {timeout} s"
            except Exception as exc:  # the point of the run: anything else is a failure
                failure = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
            finally:
                signal.alarm(0)
            slowest = max(slowest, time.monotonic() - started)
            if failure is not None:
                failures += 1
                outcomes["FAILURE"] += 1
                save.mkdir(parents=True, exist_ok=True)
                (save / f"pkp-{tried:06d}.pkp").write_bytes(data)
                print(f"FAIL {tried} ({described[:100]}): {failure[:300]}", file=sys.stderr)
    print(f"pkp: {tried} inputs in {minutes:g} min (seed {seed}), {failures} failures, "
          f"slowest input {slowest:.2f} s")
    for outcome, count in sorted(outcomes.items()):
        print(f"  {outcome}: {count}")
    return failures


TARGETS: dict[str, Callable[[float, int, int, Path], int]] = {"annex": fuzz_annex,
                                                               "pkp": fuzz_pkp}


def _doors() -> None:
    # history, merge, form, pack, words (issue 18): in a module of their own.
    from tools.fuzz_doors import TARGETS as DOORS

    TARGETS.update(DOORS)


_doors()


def main(argv: list[str] | None = None) -> int:
    """Run one target for ``--minutes`` and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=sorted(TARGETS), required=True)
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=int, default=30,
                        help="seconds one input may take before it counts as a hang")
    parser.add_argument("--save", type=Path, default=Path("fuzz-failures"),
                        help="folder for the inputs that failed")
    args = parser.parse_args(argv)
    # A runaway input must fail here, not take the machine's memory.
    limit = 3 * 1024 ** 3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.signal(signal.SIGALRM, _on_alarm)
    failures = TARGETS[args.target](args.minutes, args.seed, args.timeout, args.save)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
