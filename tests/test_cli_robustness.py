"""Issue 18 from the command line: whatever someone sends, each command answers with one
translated line (exit 2), never a traceback: deep JSON and TOML, times from files."""

from __future__ import annotations

import json
import time

import pytest

from proposalkit.cli import main
from tests.storage.hostile import entries_of, rebuild

DEEP = 500  # the review's 217 KB file


def _deep(depth: int = DEEP) -> str:
    return "[" * depth + "]" * depth


@pytest.fixture
def example(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", "en", "example", "-o", "a.pkp"]) == 0
    return tmp_path / "a.pkp"


def _history(path) -> dict:
    return json.loads(dict(entries_of(path.read_bytes()))["history.json"])


def _with_history(path, history: dict, target):
    data = rebuild(path.read_bytes(),
                   lambda entries: [(n, json.dumps(history).encode() if n == "history.json"
                                     else d) for n, d in entries], format_version=2)
    target.write_bytes(data)
    return target


def _one_line_error(capsys, lang: str = "en") -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("command", [["validate"], ["export", "--pdf", "out.pdf"],
                                     ["versions"]])
def test_a_deep_proposal_is_one_line_in_each_command(example, capsys, command):
    deep = example.parent / "deep.pkp"
    deep.write_text('{"program_id": "pri-2018", "sections": ' + _deep() + "}")
    capsys.readouterr()
    for lang in ("en", "fr"):
        assert main(["--lang", lang, command[0], str(deep), *command[1:]]) == 2
        err = _one_line_error(capsys)
        assert ("500" not in err) and ("64" in err) and "proposal.json" in err


def test_a_deep_ancestor_or_version_is_one_line_in_merge_and_diff(example, capsys):
    main(["--lang", "en", "versions", str(example), "--add", "v1"])
    history = _history(example)
    history["versions"][0]["proposal"]["deep"] = json.loads(_deep(200))
    deep = _with_history(example, history, example.parent / "deep.pkp")
    capsys.readouterr()
    assert main(["--lang", "en", "diff", str(deep)]) == 2
    assert "history.json" in _one_line_error(capsys)
    assert main(["--lang", "en", "merge", str(example), str(deep), "-o", "m.pkp"]) == 2
    assert "history.json" in _one_line_error(capsys)


def test_a_deep_user_pack_is_skipped_and_reported(example, capsys, tmp_path, monkeypatch):
    programs = tmp_path / "programs"
    programs.mkdir()
    monkeypatch.setenv("PROPOSALKIT_USER_PROGRAMS", str(programs))
    (programs / "deep.toml").write_text("x = " + _deep() + "\n")
    (programs / "dotted.toml").write_text("a" + ".a" * 3000 + " = 1\n")
    monkeypatch.setattr("proposalkit.core.program._default_catalog", None)
    capsys.readouterr()
    assert main(["--lang", "en", "programs"]) == 0
    out, err = capsys.readouterr()
    assert "pri-2018" in out and "Traceback" not in err
    assert "deep.toml" in err and "dotted.toml" in err and "nested" in err
    assert main(["--lang", "en", "validate", str(example)]) in (0, 1)
    assert main(["--lang", "fr", "pack", "check", str(programs / "deep.toml")]) == 2
    out, err = capsys.readouterr()
    assert "imbriquées" in out + err and "Traceback" not in err


def test_merge_with_zone_less_times_in_the_other_copy(example, capsys, tmp_path):
    copy = tmp_path / "copy.pkp"
    copy.write_bytes(example.read_bytes())
    main(["--lang", "en", "versions", str(copy), "--add", "theirs"])  # a revision of its own
    history = _history(copy)
    for revision in history["revisions"]:
        revision["saved_at"] = "2026-12-01T10:00:00"  # no zone
    history["versions"][0]["created"] = "2026-12-01T10:00:00"
    other = _with_history(copy, history, tmp_path / "other.pkp")
    main(["--lang", "en", "versions", str(example), "--add", "ours"])
    capsys.readouterr()
    assert main(["--lang", "en", "merge", str(example), str(other), "-o", "m.pkp"]) == 0
    assert main(["--lang", "en", "versions", "m.pkp"]) == 0


@pytest.mark.parametrize(("created", "zone"), [("9999-12-31T23:00:00-05:00", "UTC"),
                                               ("0001-01-01T00:00:00+00:00", "America/Toronto"),
                                               ("0001-01-01T00:00:00", "America/Toronto")])
def test_versions_out_of_range_in_any_zone(example, capsys, tmp_path, monkeypatch,
                                           created, zone):
    main(["--lang", "en", "versions", str(example), "--add", "v1"])
    history = _history(example)
    history["versions"][0]["created"] = created
    odd = _with_history(example, history, tmp_path / "odd.pkp")
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        capsys.readouterr()
        assert main(["--lang", "en", "versions", str(odd)]) == 0
        out = capsys.readouterr().out
        assert "v1" in out and ("2100-12-3" in out or "1990-01-01" in out or "1989-12-31" in out)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_screenshots_leave_no_temporary_folder(tmp_path):
    import os
    import subprocess
    import sys

    pytest.importorskip("PySide6")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "QT_QPA_PLATFORM": "offscreen"}
    code = "from proposalkit.cli import main; raise SystemExit(main())"
    result = subprocess.run([sys.executable, "-c", code, "--lang", "en", "screenshots",
                             str(tmp_path / "shots")], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("name", ["dossier.docx", "dossier.pdf"])
def test_an_export_given_as_a_proposal_says_what_it_is(example, capsys, name):
    main(["--lang", "en", "export", str(example), "--docx", "dossier.docx",
          "--pdf", "dossier.pdf"])
    capsys.readouterr()
    for lang, word in (("en", "not a proposal file"), ("fr", "pas un fichier de demande")):
        assert main(["--lang", lang, "validate", name]) == 2
        err = _one_line_error(capsys)
        assert word in err and "damaged" not in err and "endommagé" not in err


@pytest.mark.parametrize("command", [["new", "--program", "pri-2018"], ["example"]])
def test_new_and_example_refuse_a_name_without_pkp(tmp_path, monkeypatch, capsys, command):
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", "en", *command, "-o", "dossier.pdf"]) == 2
    assert ".pkp" in _one_line_error(capsys)
    assert not (tmp_path / "dossier.pdf").exists()
    assert main(["--lang", "en", *command, "-o", "dossier.pdf", "--force"]) == 0
    assert main(["--lang", "en", *command, "-o", "Dossier.PKP"]) == 0


def test_a_lone_surrogate_in_the_history_can_be_saved_again(example, capsys, tmp_path):
    # Found by tools/fuzz.py --target history: read, then "versions --add" crashed.
    main(["--lang", "en", "versions", str(example), "--add", "v1"])
    history = _history(example)
    history["versions"][0]["name"] = "\udfff"
    history["versions"][0]["proposal"]["applicant"] = {"legal_name": "a\ud800b"}
    text = json.dumps(history)  # ensure_ascii: the surrogates as \\u escapes
    data = rebuild(example.read_bytes(), lambda entries: [
        (n, text.encode() if n == "history.json" else d) for n, d in entries], format_version=3)
    (tmp_path / "s.pkp").write_bytes(data)
    capsys.readouterr()
    assert main(["--lang", "en", "versions", str(tmp_path / "s.pkp"), "--add", "v2"]) == 0
    assert main(["--lang", "en", "versions", str(tmp_path / "s.pkp")]) == 0
    assert "\ufffd" in capsys.readouterr().out
