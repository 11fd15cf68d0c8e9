"""What a newcomer meets first: which words open the window, the help, no display, and
export names that match what is written."""

from __future__ import annotations

import sys
import zipfile

import pytest

from proposalkit import cli
from proposalkit.cli import main
from proposalkit.i18n import translator


@pytest.fixture
def opened(monkeypatch):
    """Records the window openings instead of starting Qt."""
    calls = []
    monkeypatch.setattr(cli, "run_gui", lambda *args: calls.append(args) or 0)
    return calls


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    path = tmp_path_factory.mktemp("front") / "exemple.pkp"
    assert main(["example", "-o", str(path)]) == 0
    return path


def test_unknown_word_is_a_usage_error_not_the_window(capsys, opened):
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2 and opened == []
    err = capsys.readouterr().err
    assert "frobnicate" in err
    for command in cli.commands():
        assert command in err


def test_unknown_option_is_a_usage_error_not_the_window(capsys, opened):
    with pytest.raises(SystemExit) as info:
        main(["--frobnicate"])
    assert info.value.code == 2 and opened == []
    assert "--frobnicate" in capsys.readouterr().err


def test_existing_file_still_opens_the_app(example, opened):
    assert main([str(example)]) == 0
    assert opened == [(example, False, None)]
    assert main(["--lang", "fr", str(example), "--quit-after-show"]) == 0
    assert opened[-1] == (example, True, "fr")


def test_missing_proposal_file_says_so(capsys, opened, tmp_path):
    missing = tmp_path / "perdu.pkp"
    assert main(["--lang", "fr", str(missing)]) == 2
    err = capsys.readouterr().err
    said = translator("fr").gettext("{path} does not exist.").format(path=missing)
    assert err.strip() == f"proposalkit: {said}" and "existe pas" in said
    assert opened == []


@pytest.mark.parametrize(("lang", "file", "sentence"), [
    ("en", "[FILE]", "Without a command, proposalkit opens the app"),
    ("fr", "[FICHIER]", "Sans commande, proposalkit ouvre l’application"),
])
def test_help_shows_the_file_form(capsys, lang, file, sentence):
    with pytest.raises(SystemExit) as info:
        main(["--lang", lang, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert file in out.splitlines()[0]
    assert sentence in " ".join(out.split())


def test_subcommand_usage_starts_with_the_program(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "en", "validate"])
    assert "usage: proposalkit validate" in capsys.readouterr().err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland: Linux")
def test_no_display_is_one_line_and_exit_2(capsys, monkeypatch):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main(["--lang", "en", "--quit-after-show"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "There is no display" in err


@pytest.mark.parametrize(("option", "name"), [
    ("--docx", "dossier.pdf"), ("--pdf", "dossier.docx"), ("--package", "paquet.docx"),
    ("--pdf", "dossier"),
])
def test_export_refuses_a_mismatched_extension(capsys, example, tmp_path, option, name):
    target = tmp_path / name
    assert main(["--lang", "fr", "export", str(example), option, str(target)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "--force" in err and str(target) in err
    assert not target.exists()


def test_export_force_keeps_the_name_and_case_does_not_matter(capsys, example, tmp_path):
    odd = tmp_path / "dossier.pdf"
    assert main(["export", str(example), "--docx", str(odd), "--force"]) == 0
    assert zipfile.is_zipfile(odd)  # a DOCX, under the name asked for
    upper = tmp_path / "DOSSIER.PDF"
    assert main(["export", str(example), "--pdf", str(upper)]) == 0
    assert upper.read_bytes().startswith(b"%PDF")


def test_python_dash_m_proposalkit_is_the_same_command_line():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "proposalkit", "--lang", "en", "programs"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "pri-2018" in done.stdout
