"""What a platform adapter is: header signature, column map, personal columns, row hooks.

An adapter describes one platform's export by the column names the platform's own source
code writes. Column names are compared after :func:`~pinneberg_analysis.ingest.columns.
normalise_header` (``title/de`` -> ``title de``) and given as regular expressions that must
match the whole name, in order of preference; :func:`localised` builds the patterns for a
translated column (``title/de``, then any other locale, then ``title``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from pinneberg_analysis.ingest.columns import normalise_header
from pinneberg_analysis.ingest.records import FileRead, Item, ReadOptions

#: The schema columns an adapter may fill (``parent``: the id of the proposal a comment is on).
TARGETS = ("title", "text", "field", "votes", "date", "source_id", "participant_group",
           "round", "section", "parent")

Finish = Callable[[list[Item], FileRead, ReadOptions], list[Item]]


def localised(name: str) -> tuple[str, ...]:
    """Patterns for a translated column: German first, then any locale, then untranslated.

    Examples
    --------
    >>> localised("title")
    ('title de', 'title [a-z]{2}(?: [a-z]{2})?', 'title', 'title machine translations de')
    """
    key = re.escape(normalise_header(name))
    return (f"{key} de", f"{key} [a-z]{{2}}(?: [a-z]{{2}})?", key,
            f"{key} machine translations de")


def strip_html(text: str) -> str:
    """Plain text of an HTML fragment (tags dropped, entities decoded, breaks kept).

    Examples
    --------
    >>> strip_html("<p>Mehr <b>Radwege</b></p><p>am&nbsp;Bahnhof</p>")
    'Mehr Radwege\\nam Bahnhof'
    """
    if "<" not in text and "&" not in text:
        return text
    text = re.sub(r"(?i)<\s*(br|/p|/div|/li|/h[1-6])\s*/?>", "\n", text)
    text = re.sub(r"<[^>]*>", "", text)
    text = html.unescape(text).replace("\u00a0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class Platform:
    """One platform's export format.

    Attributes
    ----------
    name : str
        The ``--format`` name (lower case, ASCII).
    label : str
        The platform's name for messages.
    signature : tuple of str
        Column-name patterns that identify the export; ``min_signature`` of them must occur.
    columns : mapping
        Schema column (:data:`TARGETS`) -> column-name patterns, best first.
    personal : tuple of str
        Patterns of columns that hold personal data: never copied anywhere.
    min_signature : int
        How many signature patterns a header must match.
    clean : callable, optional
        Applied to every text cell (e.g. undo a protective apostrophe, strip HTML).
    finish : callable, optional
        Applied to the rows of a table after reading (merge repeated rows, reject
        moderated ones, link comments to proposals); returns the rows to keep.
    section : str
        The section of rows (``idea`` for proposals, ``other`` for comments).
    description : str
        What is read, for the README and ``--format`` help.
    own : tuple of str
        Targets the ``finish`` hook fills itself (no column is taken for them by name).
    """

    name: str
    label: str
    signature: tuple[str, ...]
    columns: Mapping[str, tuple[str, ...]]
    personal: tuple[str, ...] = ()
    min_signature: int = 2
    clean: Callable[[str], str] | None = None
    finish: Finish | None = None
    section: str = "idea"
    description: str = ""
    own: tuple[str, ...] = ()

    def score(self, header: Sequence[str]) -> int:
        """How many signature patterns ``header`` matches (0 when fewer than required)."""
        keys = [normalise_header(h) for h in header]
        hits = sum(1 for pattern in self.signature
                   if any(re.fullmatch(pattern, k) for k in keys if k))
        return hits if hits >= self.min_signature else 0

    def is_personal(self, name: str) -> bool:
        """Whether a column holds personal data (never copied)."""
        key = normalise_header(name)
        return any(re.fullmatch(pattern, key) for pattern in self.personal)

    def map_columns(self, header: Sequence[str]) -> dict[str, list[int]]:
        """Schema column -> the columns that may hold it, best first.

        A row takes the first of them that is filled in: a Decidim proposal written only
        in English has an empty ``title/de`` and a filled ``title/en``.
        """
        keys = [normalise_header(h) for h in header]
        out: dict[str, list[int]] = {}
        used: set[int] = set()
        for target, patterns in self.columns.items():
            for pattern in patterns:
                for idx, key in enumerate(keys):
                    if idx not in used and key and re.fullmatch(pattern, key):
                        out.setdefault(target, []).append(idx)
                        used.add(idx)
        return out


#: Column names of personal data that no export's rows should carry into the outputs.
COMMON_PERSONAL = (
    r"(author|autor|urheber|creator|verfasser|einreicher|user|benutzer|nutzer)( .*)?",
    r"(ihre |your )?(e ?mail|e ?mailadresse|email address|mail)( .*)?",
    r"(ihre |your )?(telefon|telefonnummer|phone|phone number|tel)( .*)?",
    r"(vor|nach|familien)?name", r"(first|last|full) name", r"strasse|street|hausnummer",
    r"plz|postleitzahl|postal code|zip|zip code", r"anschrift|adresse der person",
)
