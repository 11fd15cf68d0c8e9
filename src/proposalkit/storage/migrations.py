"""Migrations of the proposal file, one format version at a time.

A migration step takes the :class:`Payload` of version ``n`` (the proposal as plain JSON
data, the attachments' bytes and the manifest's other keys) and returns the payload of
version ``n + 1``. :func:`migrate` runs the steps in order, so that a file of any past
version reaches :data:`~proposalkit.storage.schema.FORMAT_VERSION` through every
intermediate version; the model is validated only at the end. Steps work on plain data,
never on today's model classes, which will keep changing.

A change of the proposal model (:mod:`proposalkit.core.model`) that changes its JSON
schema is a new format version: ``tests/storage/test_model_schema.py`` compares the
model with the golden ``tests/reference/model-schema.json`` of the current
``FORMAT_VERSION`` and fails until the version is bumped. (The model forbids unknown keys:
without the bump, the previous release would call a new file damaged instead of made by
a newer version.)

To add version ``n + 1``: write ``_step_n`` below and register it in :data:`STEPS`, bump
``FORMAT_VERSION``, record the change in ``schema.py``'s history, add a fixture file of
version ``n`` under ``tests/storage/fixtures/``, and regenerate the golden with
``python tools/model_schema.py write``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from proposalkit.storage.schema import FORMAT_VERSION


@dataclass
class Payload:
    """A proposal file's content at one format version, as plain data."""

    version: int
    proposal: dict
    attachments: dict[str, bytes] = field(default_factory=dict)
    #: Manifest keys other than the envelope (app version, program, recovery ...).
    meta: dict = field(default_factory=dict)
    #: ``history.json``'s data (format 2 and later; None when the file has none).
    history: dict | None = None


Step = Callable[[Payload], Payload]


def _step_0(payload: Payload) -> Payload:
    """0 -> 1: a format 0 file held no attachment bytes: keep each attachment entry
    (title, kind, partner) but clear where its bytes would be."""
    proposal = dict(payload.proposal)
    entries = proposal.get("attachments")
    if isinstance(entries, list):
        cleaned = []
        for entry in entries:
            if isinstance(entry, dict):
                entry = dict(entry)
                for key, empty in (("reference", ""), ("size", 0), ("sha256", "")):
                    if key in entry:
                        entry[key] = empty
            cleaned.append(entry)
        proposal["attachments"] = cleaned
    meta = dict(payload.meta)
    if isinstance(proposal.get("program_id"), str):
        meta.setdefault("program_id", proposal["program_id"])
    return Payload(1, proposal, {}, meta)


def _step_1(payload: Payload) -> Payload:
    """1 -> 2: a history of one revision. Its ids are derived from the data, so that two
    copies of one format 1 file, upgraded apart, still share their ancestor: the
    revision from the proposal's content, the proposal id from its program and creation
    time (stable while it is edited) or, without one, from the content."""
    from proposalkit.storage.history import content_id

    proposal = payload.proposal
    revision = content_id(proposal, "r")
    metadata = proposal.get("metadata")
    created = metadata.get("created") if isinstance(metadata, dict) else None
    identity = (content_id([proposal.get("program_id"), created], "p") if created
                else content_id(proposal, "p"))
    history = {"proposal_id": identity, "head": revision,
               "revisions": [{"id": revision, "parent": None}], "versions": []}
    return Payload(2, proposal, payload.attachments, dict(payload.meta), history)


def _step_2(payload: Payload) -> Payload:
    """2 -> 3: the history gets the key partner forms are signed with. Derived from the
    proposal id and the first revision kept (neither is ever in a form), so that two
    copies of one format 2 file, upgraded apart, accept each other's forms; a proposal
    saved in format 3 from the start gets a random key at its first save."""
    history = payload.history
    if isinstance(history, dict) and isinstance(history.get("proposal_id"), str) and (
            "form_key" not in history):
        revisions = history.get("revisions")
        first = revisions[0].get("id") if isinstance(revisions, list) and revisions and (
            isinstance(revisions[0], dict)) else None
        seed = f"proposalkit-form-key\0{history['proposal_id']}\0{first}".encode()
        history = {**history, "form_key": hashlib.sha256(seed).hexdigest()}
    return Payload(3, payload.proposal, payload.attachments, dict(payload.meta), history)


def _step_3(payload: Payload) -> Payload:
    """3 -> 4: the applicant's founding date and the project's end date are new and
    optional; a format 3 file has neither (self-contained: nothing else changes)."""
    return Payload(4, dict(payload.proposal), payload.attachments, dict(payload.meta),
                   payload.history)


def _step_4(payload: Payload) -> Payload:
    """4 -> 5: the applicant and the partners may carry the article of their name
    (``article``, ``article_en``). A format 4 file has none: each stays unset (``""``), so that
    the article is suggested from the name until the user chooses one; nothing else
    changes. The history's snapshots are proposals too and are left as they are (they
    are read with the same defaults)."""
    return Payload(5, payload.proposal, payload.attachments, dict(payload.meta),
                   payload.history)


def _step_5(payload: Payload) -> Payload:
    """5 -> 6: the dossier's structured parts are new (issue 21): the project's summary,
    the action plan's activities, the indicators, the call's declarations, a budget
    line's justification, a revenue line's status (with its date and evidence) and the
    board resolution authorizing the signatory. A format 5 file has none of them: each
    starts empty ("" status: not said yet); nothing else changes."""
    return Payload(6, payload.proposal, payload.attachments, dict(payload.meta),
                   payload.history)


#: ``STEPS[n]`` migrates version ``n`` to ``n + 1``.
STEPS: dict[int, Step] = {0: _step_0, 1: _step_1, 2: _step_2, 3: _step_3, 4: _step_4,
                          5: _step_5}


def migrate(payload: Payload, target: int = FORMAT_VERSION,
            steps: Mapping[int, Step] | None = None) -> Payload:
    """Bring ``payload`` to version ``target``, one registered step at a time.

    Raises ``ValueError`` for a version with no step (a bug, or a newer file that the
    caller should have refused first).
    """
    steps = STEPS if steps is None else steps
    while payload.version < target:
        step = steps.get(payload.version)
        if step is None:
            raise ValueError(f"no migration from format {payload.version}")
        before = payload.version
        payload = step(payload)
        if payload.version != before + 1:
            raise ValueError(f"migration from format {before} gave {payload.version}")
    if payload.version != target:
        raise ValueError(f"cannot migrate format {payload.version} down to {target}")
    return payload
