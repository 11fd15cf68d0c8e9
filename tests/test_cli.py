"""The command line: programs, new, example, validate; exit codes; no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from proposalkit.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_programs_lists_both_packs(capsys):
    code, out, _ = run(capsys, "programs", "--lang", "fr")
    assert code == 0
    assert "pri-2018" in out and "rnpri-2018" in out
    assert "400\xa0000,00\xa0$" in out and "échéance" in out
    code, out, _ = run(capsys, "programs", "--json")
    data = {p["id"]: p for p in json.loads(out)}
    assert data["rnpri-2018"]["funder_per_year"] == ["1000000", "750000", "750000", "750000"]


def test_example_is_valid(capsys, tmp_path):
    path = tmp_path / "exemple.pkp"
    code, out, _ = run(capsys, "example", "-o", str(path))
    assert code == 0 and path.exists() and str(path) in out
    code, out, _ = run(capsys, "validate", str(path), "--today", "2018-04-01", "--lang", "en")
    assert code == 0
    assert out.splitlines()[-1] == "Nothing left to do."  # as the status bar says it


def test_example_json_output(capsys, tmp_path):
    path = tmp_path / "e.pkp"
    run(capsys, "example", "-o", str(path))
    code, out, _ = run(capsys, "validate", str(path), "--json", "--lang", "en")
    data = json.loads(out)
    assert code == 0
    # "todo": the errors that are things still to fill in (also counted in "error").
    assert data["counts"] == {"error": 0, "warning": 1, "info": 0, "todo": 0}  # call closed
    assert data["findings"][0]["code"] == "PRI-DEADLINE"


def test_new_proposal_has_errors_exit_1(capsys, tmp_path):
    path = tmp_path / "vide.pkp"
    code, _, _ = run(capsys, "new", "--program", "pri-2018", "-o", str(path))
    assert code == 0
    code, out, _ = run(capsys, "validate", str(path), "--lang", "fr")
    assert code == 1
    assert "ERREUR\tPRI-IDENTITY\tapplicant.neq" in out


def test_existing_file_is_not_overwritten(capsys, tmp_path):
    path = tmp_path / "x.pkp"
    path.write_bytes(b"precious")
    code, _, err = run(capsys, "new", "--program", "pri-2018", "-o", str(path), "--lang", "fr")
    assert code == 2 and "existe déjà" in err
    assert path.read_bytes() == b"precious"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("new", "--program", "nope", "-o", "{tmp}/n.pkp"), "nope"),
        (("validate", "{tmp}/missing.pkp"), "missing.pkp"),
        (("validate", "{tmp}"), "{tmp}"),
        (("validate", "{tmp}/garbage.pkp"), "garbage.pkp"),
        (("validate", "{tmp}/ok.pkp", "--today", "demain"), "demain"),
    ],
)
def test_user_errors_are_one_line_exit_2(capsys, tmp_path, args, fragment):
    (tmp_path / "garbage.pkp").write_bytes(b"\x00\x01 not a proposal")
    main(["example", "-o", str(tmp_path / "ok.pkp")])
    capsys.readouterr()
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, out, err = run(capsys, *args, "--lang", "en")
    assert code == 2
    assert err.count("\n") == 1 and fragment.replace("{tmp}", str(tmp_path)) in err
    assert "Traceback" not in err


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2


def test_subprocess_error_has_no_traceback(tmp_path):
    bad = tmp_path / "bad.pkp"
    bad.write_text("{", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "proposalkit.cli", "validate", str(bad), "--lang", "fr"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("proposalkit: ")


def test_lang_before_the_command_reaches_it(capsys, tmp_path):
    from pypdf import PdfReader

    source, out = tmp_path / "e.pkp", tmp_path / "e.pdf"
    main(["example", "-o", str(source)])
    code, _, _ = run(capsys, "--lang", "en", "export", str(source), "--pdf", str(out))
    assert code == 0
    text = PdfReader(out).pages[0].extract_text()
    assert "Regional innovation hub" in text or "Applicant" in text, text[:300]


def test_closed_pipe_is_not_a_traceback():
    # `proposalkit programs | head -1`: the reader leaves before the writer is done.
    result = subprocess.run(
        f"{sys.executable} -m proposalkit.cli programs --lang en | head -c 1",
        shell=True, capture_output=True, text=True)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_usage_and_help_speak_french(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--lang", "fr", "validate"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "utilisation\u00a0:" in err and "erreur\u00a0: ces arguments sont obligatoires" in err
    with pytest.raises(SystemExit):
        main(["--lang", "fr", "--help"])
    out = capsys.readouterr().out
    assert "afficher cette aide et quitter" in out and "afficher le numéro de version" in out
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--help"])
    assert "show this help message and exit" in capsys.readouterr().out
