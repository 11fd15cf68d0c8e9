"""The errors proposalkit reports to a user: each says what went wrong in French or
English, in one line, and is never shown as a traceback."""

from __future__ import annotations

from proposalkit.i18n import Translator, translator


class ProposalKitError(Exception):
    """A problem the user can act on. ``template`` is an English msgid with ``{}`` fields."""

    template = "Something went wrong."

    def __init__(self, template: str | None = None, **fields: object) -> None:
        if template is not None:
            self.template = template
        self.fields = fields
        super().__init__(self.message(translator("en")))

    def message(self, tr: Translator) -> str:
        """The message in ``tr``'s language."""
        # A field may be another error, or a callable giving text in the language asked.
        fields = {
            key: value.message(tr)
            if isinstance(value, ProposalKitError)
            else value(tr)
            if callable(value)
            else value
            for key, value in self.fields.items()
        }
        return tr.gettext(self.template).format(**fields)


class ProgramNotFound(ProposalKitError):
    """The proposal names a program pack that is not installed."""


class ProposalFileError(ProposalKitError):
    """A proposal file that cannot be read or written."""
