"""PII detection and redaction, applied before anything is clustered or written.

Personal data in citizen contributions is replaced by typed placeholders:

============  ==============================================================
``[E-Mail]``  e-mail addresses, also ``anna(at)web.de``
``[URL]``     links to a person (social networks, ``/~user``, ``?name=``);
              public pages such as ``www.pinneberg.de`` stay
``[IBAN]``    IBANs and ``Konto``/``BLZ`` numbers
``[Telefon]`` telephone and fax numbers in German formats
``[Adresse]`` a street with a house number (and postcode/town); a street
              name alone stays
``[Name]``    person names (see :mod:`pinneberg_analysis.privacy.names`)
============  ==============================================================

Years, dates, vote counts, bus lines (``Linie 185``), speeds (``30 km/h``), prices and
public places (``Rathaus``, ``Drosteipark``, ``Bahnhof Pinneberg``, keep terms) are
left alone. Only counts are logged, never a found value.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import pandas as pd

from pinneberg_analysis.core.caches import memoize
from pinneberg_analysis.core.config import PrivacyConfig, section
from pinneberg_analysis.core.progress import track
from pinneberg_analysis.privacy.names import NameFinder
from pinneberg_analysis.privacy.patterns import (
    find_addresses,
    find_emails,
    find_ibans,
    find_phones,
    find_urls,
)
from pinneberg_analysis.privacy.wordlists import name_lexicon

logger = logging.getLogger(__name__)

#: The PII types, in the order of the counts table.
PII_TYPES: tuple[str, ...] = ("Name", "E-Mail", "Telefon", "Adresse", "IBAN", "URL")
#: Placeholder written in place of a found value.
PLACEHOLDERS: dict[str, str] = {t: f"[{t}]" for t in PII_TYPES}
_MASK = "\x00"

__all__ = [
    "PII_TYPES",
    "PLACEHOLDERS",
    "PiiSpan",
    "Redactor",
    "counts_table",
    "default_keep_terms",
    "find_pii",
    "get_redactor",
    "redact",
    "redact_series",
    "redact_text",
]


@dataclass(frozen=True, order=True)
class PiiSpan:
    """One found value: ``text[start:end]`` is of type ``type`` (one of :data:`PII_TYPES`)."""

    start: int
    end: int
    type: str


@memoize(maxsize=1)
def default_keep_terms() -> tuple[str, ...]:
    """Public places and institutions of Pinneberg shipped with the package."""
    text = resources.files("pinneberg_analysis").joinpath(
        "resources", "pii_keep_terms.txt"
    ).read_text(encoding="utf-8")
    return tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


class Redactor:
    """Finds and replaces PII in texts; build once, use for many texts.

    Parameters
    ----------
    config : PrivacyConfig, optional
        Extra keep terms, public web domains and names to always redact.

    Examples
    --------
    >>> r = Redactor()
    >>> r.redact_text("Gruß, Anna K. (anna.k@web.de)")[0]
    'Gruß, [Name] ([E-Mail])'
    """

    def __init__(self, config: PrivacyConfig | None = None) -> None:
        self.config = config or PrivacyConfig()
        lexicon = name_lexicon()
        self._names = NameFinder(
            lexicon,
            keep_terms=default_keep_terms() + tuple(self.config.keep_terms),
            extra_names=self.config.extra_names,
        )
        self._keep_domains = tuple(self.config.keep_domains)

        def person_word(word: str) -> bool:
            w = word.capitalize()
            return len(w) >= 3 and lexicon.is_first_name(w, strict=True)

        self._person_word = person_word

    def find(self, text: str) -> list[PiiSpan]:
        """All PII spans in ``text``, sorted, not overlapping."""
        if not text:
            return []
        spans: list[PiiSpan] = []
        masked = text
        finders = (
            ("E-Mail", find_emails),
            ("URL", lambda t: find_urls(t, is_person_word=self._person_word,
                                        keep_domains=self._keep_domains)),
            ("IBAN", find_ibans),
            ("Telefon", find_phones),
            ("Adresse", find_addresses),
            ("Name", self._names.find),
        )
        for kind, finder in finders:
            found = _merge(finder(masked))
            for start, end in found:
                spans.append(PiiSpan(start, end, kind))
            if found:
                masked = _mask(masked, found)
        return sorted(spans)

    def redact_text(self, text: str) -> tuple[str, Counter[str]]:
        """Replace PII with placeholders; return the text and the count per type."""
        spans = self.find(text)
        counts: Counter[str] = Counter(s.type for s in spans)
        if not spans:
            return text, counts
        out = []
        pos = 0
        for span in spans:
            out.append(text[pos:span.start])
            out.append(PLACEHOLDERS[span.type])
            pos = span.end
        out.append(text[pos:])
        return "".join(out), counts

    def redact_extra(self, value: str) -> tuple[str, Counter[str]]:
        """Redact the ``extra`` column (a JSON object of the columns ingest did not know).

        Values under contact-like keys (``E-Mail``, ``Telefon``, ``Name``, ``Adresse``,
        ``IBAN``, ``Website``) are replaced as a whole; other string values are redacted
        like free text. A value that is not a JSON object is redacted as text.
        """
        try:
            data = json.loads(value)
        except (TypeError, ValueError):
            return self.redact_text(value)
        if not isinstance(data, dict):
            return self.redact_text(value)
        counts: Counter[str] = Counter()
        out = {}
        for key, item in data.items():
            kind = _contact_key_type(str(key))
            if kind is not None and item not in (None, "") and not isinstance(item, bool):
                out[key] = PLACEHOLDERS[kind]
                counts[kind] += 1
            elif isinstance(item, str):
                out[key], found = self.redact_text(item)
                counts.update(found)
            else:
                out[key] = item
        return json.dumps(out, ensure_ascii=False), counts


_CONTACT_KEYS = (
    ("E-Mail", re.compile(r"e-?mail|^mail$|mailadresse", re.I)),
    ("Telefon", re.compile(r"telefon|^tel\.?$|phone|handy|mobil(nummer)?$|^fax$|rufnummer", re.I)),
    ("IBAN", re.compile(r"^iban$|kontonummer|bankverbindung", re.I)),
    ("URL", re.compile(r"^(url|website|webseite|homepage|profil|profile)$", re.I)),
    ("Adresse", re.compile(r"^(adresse|anschrift|straße|strasse|postanschrift|wohnadresse)$", re.I)),
    ("Name", re.compile(
        r"^(vor|nach|familien|voll|ruf)?name$|^(ihr|dein)\s+name$|^(autor|autorin|author|"
        r"verfasser|verfasserin|absender|absenderin|ansprechpartner|ansprechpartnerin|"
        r"kontaktperson|teilnehmer|teilnehmerin|einreicher|einreicherin|username|nutzername|"
        r"benutzername)$", re.I)),
)


def _contact_key_type(key: str) -> str | None:
    key = key.strip()
    for kind, pattern in _CONTACT_KEYS:
        if pattern.search(key):
            return kind
    return None


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _mask(text: str, spans: Sequence[tuple[int, int]]) -> str:
    parts = []
    pos = 0
    for start, end in spans:
        parts.append(text[pos:start])
        parts.append(_MASK * (end - start))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _config_key(config: PrivacyConfig | Mapping[str, Any] | None) -> tuple:
    if config is None:
        return ()
    config = section(config, PrivacyConfig)
    return (tuple(config.keep_terms), tuple(config.keep_domains), tuple(config.extra_names))


@memoize(maxsize=8)
def _redactor(key: tuple) -> Redactor:
    if not key:
        return Redactor()
    keep_terms, keep_domains, extra_names = key
    return Redactor(PrivacyConfig(
        keep_terms=list(keep_terms), keep_domains=list(keep_domains), extra_names=list(extra_names)
    ))


def get_redactor(config: PrivacyConfig | None = None) -> Redactor:
    """A cached :class:`Redactor` for ``config``."""
    return _redactor(_config_key(config))


def find_pii(text: str, config: PrivacyConfig | None = None) -> list[PiiSpan]:
    """Find PII in one text.

    Parameters
    ----------
    text : str
        A contribution.
    config : PrivacyConfig, optional
        Keep terms, public domains and extra names.

    Returns
    -------
    list of PiiSpan
        Sorted, non-overlapping spans with their type.

    Examples
    --------
    >>> [(s.type, "Tel. 0176-12345678"[s.start:s.end]) for s in find_pii("Tel. 0176-12345678")]
    [('Telefon', '0176-12345678')]
    """
    return get_redactor(config).find(text)


def redact_text(text: str, config: PrivacyConfig | None = None) -> tuple[str, Counter[str]]:
    """Replace PII in one text with typed placeholders.

    Parameters
    ----------
    text : str
        A contribution.
    config : PrivacyConfig, optional
        Keep terms, public domains and extra names.

    Returns
    -------
    text : str
        The text with ``[Name]``, ``[E-Mail]``, ``[Telefon]``, ``[Adresse]``, ``[IBAN]``,
        ``[URL]`` in place of the found values.
    counts : Counter
        How many values of each type were replaced.

    Examples
    --------
    >>> redact_text("Mein Name ist Jörg Brandt, ich wohne Musterstraße 12.")[0]
    'Mein Name ist [Name], ich wohne [Adresse].'
    >>> redact_text("Linie 185 fährt am 14.03.2022 nur bis 22 Uhr (Tempo 30).")[0]
    'Linie 185 fährt am 14.03.2022 nur bis 22 Uhr (Tempo 30).'
    """
    return get_redactor(config).redact_text(text)


_PROGRESS_EVERY = 500  # rows between progress reports (cheap enough, smooth enough)
_COLUMN_DE = {"title": "Titel", "text": "Texte", "value": "Werte"}


def redact_series(
    values: pd.Series, config: PrivacyConfig | None = None
) -> tuple[pd.Series, list[Counter[str]]]:
    """Redact every text of a Series; missing values stay missing.

    Returns
    -------
    redacted : Series
        Same index and dtype as ``values``.
    counts : list of Counter
        The count per type for each row, in order.
    """
    redactor = get_redactor(config)
    out: list[object] = []
    counts: list[Counter[str]] = []
    column = _COLUMN_DE.get(str(values.name), values.name)
    label = f"Personendaten schwärzen ({column})" if column else "Personendaten schwärzen"
    with track(label, len(values)) as step:
        for k, value in enumerate(values.tolist(), start=1):
            if isinstance(value, str):
                text, found = redactor.redact_text(value)
                out.append(text)
                counts.append(found)
            else:
                out.append(value)
                counts.append(Counter())
            if k % _PROGRESS_EVERY == 0 or k == len(values):
                step.advance(k - step.done)
    return pd.Series(out, index=values.index, dtype=values.dtype, name=values.name), counts


def counts_table(counts: Counter[str]) -> pd.DataFrame:
    """The counts as a table ``pii_type, n`` with every type, zero included, fixed order."""
    return pd.DataFrame({
        "pii_type": pd.array(list(PII_TYPES), dtype="string"),
        "n": pd.array([int(counts.get(t, 0)) for t in PII_TYPES], dtype="Int64"),
    })


def redact(
    contributions: pd.DataFrame,
    config: PrivacyConfig | None = None,
    *,
    columns: Sequence[str] = ("title", "text"),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Redact PII in the contributions table.

    Parameters
    ----------
    contributions : DataFrame
        The table from ``ingest.load`` (columns as in ``docs/contracts.md``).
    config : PrivacyConfig, optional
        Keep terms, public domains and extra names.
    columns : sequence of str
        Free-text columns to redact (those present are used). The ``extra`` JSON column
        is always redacted when present.

    Returns
    -------
    redacted : DataFrame
        A copy with the text columns redacted and a ``pii_types`` column (string) listing
        the types found in the row, ``";"``-joined in :data:`PII_TYPES` order, or ``""``.
    counts : DataFrame
        ``pii_type, n``: how many values of each type were replaced (all types, zeros
        included, in :data:`PII_TYPES` order).

    Examples
    --------
    >>> df = pd.DataFrame({"title": ["Radweg"], "text": ["Gruß, Anna K."]})
    >>> out, counts = redact(df)
    >>> out.loc[0, "text"], out.loc[0, "pii_types"]
    ('Gruß, [Name]', 'Name')
    >>> counts.set_index("pii_type")["n"].to_dict()["Name"]
    1
    """
    redactor = get_redactor(config)
    out = contributions.copy()
    per_row: list[Counter[str]] = [Counter() for _ in range(len(out))]
    for col in [c for c in columns if c in out.columns]:
        redacted, found = redact_series(out[col], config)
        out[col] = redacted
        for row, c in zip(per_row, found, strict=True):
            row.update(c)
    if "extra" in out.columns:
        values = []
        for k, value in enumerate(out["extra"].tolist()):
            if isinstance(value, str) and value not in ("", "{}"):
                value, found = redactor.redact_extra(value)
                per_row[k].update(found)
            values.append(value)
        out["extra"] = pd.Series(values, index=out.index, dtype=out["extra"].dtype)
    out["pii_types"] = pd.array(
        [";".join(t for t in PII_TYPES if row.get(t)) for row in per_row], dtype="string"
    )
    total: Counter[str] = Counter()
    for row in per_row:
        total.update(row)
    n_rows = sum(1 for row in per_row if row)
    summary = ", ".join(f"{t}={total.get(t, 0)}" for t in PII_TYPES)
    logger.info("PII redacted in %d of %d contributions (%s)", n_rows, len(out), summary)
    return out, counts_table(total)
