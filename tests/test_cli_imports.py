"""What the command line loads: a PDF export needs reportlab only, not python-docx, pypdf
nor cryptography (nor Qt)."""

from __future__ import annotations

import json
import subprocess
import sys

from proposalkit.core.example import example_attachments, example_proposal
from proposalkit.storage import Document, write_document

_PROBE = """
import json, sys
from proposalkit.cli import main
code = main(sys.argv[1:])
roots = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps({"code": code, "roots": roots}))
"""


def test_pdf_export_loads_neither_docx_nor_pypdf(tmp_path):
    source = tmp_path / "example.pkp"
    proposal = example_proposal()
    write_document(source, Document(proposal, example_attachments(proposal)))
    out = tmp_path / "dossier.pdf"
    done = subprocess.run([sys.executable, "-c", _PROBE, "export", str(source), "--pdf",
                           str(out), "--lang", "en"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["code"] in (0, 1, None)
    assert out.read_bytes().startswith(b"%PDF")
    assert "reportlab" in seen["roots"]
    assert not {"docx", "pypdf", "cryptography", "PySide6"} & set(seen["roots"])
