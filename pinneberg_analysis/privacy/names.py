"""Finding person names in German citizen contributions.

Rules, strongest first (a name found by one rule is not looked at again):

1. Title: ``Frau``, ``Herr(n)``, ``Hr.``, ``Fr.``, ``Dr.``, ``Prof.``, ``Familie`` + the
   following capitalised words (``Frau Dr. Martina Engel``, ``Herrn Albers``); role nouns
   are skipped (``Frau Bürgermeisterin Steinberg``), and nothing is taken when none
   follows (``Frau Oberbürgermeisterin war ...``, ``die Frau am Empfang``).
2. Introduction and labels: ``Mein Name ist``, ``ich heiße``, ``hier schreibt``,
   ``Name:``, ``Kontakt:``, ``Ansprechpartnerin:``, ``Kontoinhaber`` + the name.
3. Relations: ``meine Tochter``, ``mein Nachbar``, ``Oma`` ... + a first name (+ surname).
4. Signatures: a greeting (``Grüße``, ``Gruß``, ``LG``, ``MfG``, ``Danke``), an
   optional phrase, a comma or line break, then the name (``Gruß, Anna K.``,
   ``Viele Grüße\\nPeter Meier``, ``MfG\\nH. Schröder``). Groups (``Ihr Seniorenbeirat``,
   ``Schulleitung der ...``) and public names (keep terms) are not names.
5. ``Eure Jana`` / ``Ihre Anna`` at the end of a line.
6. A known first name + a surname or an initial (``Klaus Behrens``, ``Silke J.``).
7. A known first name on its own, if it is not also an ordinary German word
   (``Lea``, ``Emma und Finn``; not ``Heide``, ``Will``, ``Rosa``).

Names inside hyphenated compounds (``Geschwister-Scholl-Schule``, ``Theodor-Heuss-Platz``),
after ``St.``/``Sankt`` and in keep terms stay.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pinneberg_analysis.privacy.wordlists import NameLexicon

_TOKEN = re.compile(r"[^\W\d_]\.|[^\W\d_]+(?:['’-][^\W\d_]+)*")

TITLES = frozenset({"Frau", "Herr", "Herrn", "Familie"})
TITLES_WITH_DOT = frozenset({"Hr", "Fr", "Frl", "Fam", "Dr", "Prof"})
ACADEMIC = frozenset({"Dr", "Prof", "Dipl", "Ing"})
ROLE_WORDS = frozenset(
    "Doktor Doktorin Professor Professorin Pastor Pastorin Pfarrer Pfarrerin Bürgermeister "
    "Bürgermeisterin Oberbürgermeister Oberbürgermeisterin Minister Ministerin Präsident "
    "Präsidentin Direktor Direktorin Kollege Kollegin Nachbar Nachbarin Vorsitzende "
    "Vorsitzender Abgeordnete Abgeordneter Stadtrat Stadträtin Ratsherr Ratsfrau Landrat "
    "Landrätin Senator Senatorin Kommissar Kommissarin Mama Papa Lehrer Lehrerin".split()
)
_ROLE_ENDINGS = (
    "in", "innen", "meister", "rat", "leiter", "beauftragte", "beauftragter", "vorsitzende",
    "vorsitzender", "direktor", "präsident", "minister", "vorsteher",
)
# Capitalised words that never start or continue a name.
FUNCTION_WORDS = frozenset(
    "Der Die Das Den Dem Des Ein Eine Einen Einem Einer Und Oder Aber Sondern Denn Von Vom "
    "Zu Zum Zur Im Am An In Ins Mit Bei Beim Aus Für Auf Über Unter Vor Nach Seit Ohne Um "
    "Ich Wir Sie Er Es Ihr Du Man Mein Meine Unser Unsere Dein Deine Euer Eure Ihre Hier "
    "Dort Da Nicht Auch Noch Schon So Wie Was Wer Wo Wann Warum Bitte Danke Ja Nein Hallo "
    "Moin Liebe Lieber Liebes Sehr Viele Vielen Gruß Grüße Grüßen Tel Telefon Mail E-Mail "
    "Handy Mobil Fax Kontakt Name Adresse Mo Di Mi Do Fr Sa So Januar Februar März April "
    "Mai Juni Juli August September Oktober November Dezember Montag Dienstag Mittwoch "
    "Donnerstag Freitag Samstag Sonntag Ecke Höhe Nähe Richtung Alle Jede Jeder Jedes "
    "Dieser Diese Dieses Wenn Weil Dass Ob Als Bis Nur Sowie PS".split()
)
# Fixed expressions that look like names but are not (fairy tales, placeholders).
NOT_NAMES = frozenset({"Holle"})
INSTITUTION_WORDS = frozenset(
    "Schule Grundschule Gymnasium Gemeinschaftsschule Realschule Straße Str Platz Weg "
    "Allee Haus Halle Park Stiftung Preis Zentrum Kirche Brücke Bad Bibliothek Museum "
    "Denkmal Ring Damm Kita Kindergarten Heim Hof Saal Apotheke Klinik Krankenhaus "
    "Center GmbH KG AG Verlag Bäckerei Gemeinde Kaserne".split()
)
# Endings of street and institution words ("Suttnerplatz", "Adenauer-Platz", "Str").
# Surname endings such as -ring (Döring), -kamp (Osterkamp) are left out on purpose.
_PLACE_ENDINGS = (
    "straße", "strasse", "str", "allee", "platz", "weg", "damm", "brücke", "schule",
    "gymnasium", "chaussee", "gasse", "ufer",
)
RELATIONS = (
    "Tochter|Sohn|Mann|Frau|Ehemann|Ehefrau|Partner|Partnerin|Freund|Freundin|Nachbar|"
    "Nachbarin|Kollege|Kollegin|Enkel|Enkelin|Enkelsohn|Enkeltochter|Oma|Opa|Mutter|Vater|"
    "Bruder|Schwester|Kind|Cousin|Cousine|Onkel|Tante|Schwager|Schwägerin|Mitbewohner|"
    "Mitbewohnerin|Chef|Chefin|Mitschüler|Mitschülerin|Klassenkamerad|Klassenkameradin"
)
_RELATION = re.compile(
    rf"(?:\b(?:[Mm]ein(?:e[mnr]?)?|[Uu]nser(?:e[mnr]?)?|[Dd]ein(?:e[mnr]?)?|[Ee]ure?[mnr]?)\s+"
    rf"(?:(?:kleine[rn]?|große[rn]?|ältere[rn]?|jüngere[rn]?|beste[rn]?)\s+)?(?:{RELATIONS})"
    rf"|\b(?:Oma|Opa|Tante|Onkel))\b[ \t]*(?:\(\d+\)[ \t]*)?"
)
_INTRO_STRONG = re.compile(
    r"(?:\b[Mm]ein (?:Name|Vorname|Nachname) (?:ist|lautet)|\b[Ii]ch hei(?:ße|sse)"
    r"|\b[Hh]ier (?:schreibt|schreiben|spricht)|\b(?:Name|Vorname|Nachname|Absender|"
    r"Absenderin|Verfasser|Verfasserin|Unterzeichner|Unterzeichnerin)\s*:)[ \t]*"
)
_INTRO_WEAK = re.compile(
    r"(?:\b[Ii]ch bin (?:der|die)|\b(?:Kontakt|Ansprechpartner|Ansprechpartnerin|"
    r"Ansprechperson|Kontoinhaber|Kontoinhaberin|Inhaber|Inhaberin|Von)\b\s*:?)[ \t]*"
)
_GREETING = re.compile(
    r"\b(?:Grüße|Grüßen|Gruß|Grüsse|Grüssen|Gruss|Gruße|MfG|Mfg|mfg|LG|VG|BG|LGs|Lg|Vg|lg|vg"
    r"|Tschüss|Ciao"
    r"|[Vv]ielen Dank|[Dd]anke(?: schön)?|Bis bald)\b"
)
# What may follow the name that closes a signature: the end of the line or the text.
_LINE_END = r"[ \t]*(?:$|[\n,.;!?()]|&|und\b|u\.)"
# "den Schwarzen Peter", "Langer Eugen": a capitalised adjective before a first name
# makes an idiom or a nickname of a building.
_IDIOM_BEFORE = re.compile(r"\b(?:Schwarze[nr]?|Lange[nr]?|Dumme[nr]?|Heilige[nr]?)\s+$")
_TITLE_GAP = re.compile(
    r"(?:\.[ \t]{0,2}|[ \t]{1,2})(?:(?:med|dent|rer|nat|phil|vet|habil|jur|pol|oec|h\.c)\.[ \t]{0,2})*"
)
_POSSESSIVE = frozenset({"Ihr", "Ihre", "Euer", "Eure", "Dein", "Deine", "Eurer"})
_PARTICLES = frozenset({"von", "van", "de", "der", "den", "zu", "da", "di", "el", "al", "ter"})
_NAME_PARTICLES = frozenset({"von", "van", "de", "zu", "da", "di", "el", "al", "ter"})


class _Tok:
    """A capitalised word, an initial (``K.``) or a name particle, with its position."""

    __slots__ = ("text", "start", "end", "is_initial", "is_cap")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.is_initial = len(text) == 2 and text[1] == "." and text[0].isupper()
        self.is_cap = (
            text[0].isupper() and not self.is_initial and (len(text) == 1 or not text.isupper())
        )


def _tokens(text: str) -> list[_Tok]:
    # lower-case words are left out: the rules look only at capitalised words, initials and
    # particles, and a left-out word in a gap keeps two tokens from counting as joined
    return [
        _Tok(m.group(0), m.start(), m.end())
        for m in _TOKEN.finditer(text)
        if m.group(0)[0].isupper() or m.group(0) in _PARTICLES
    ]


class NameFinder:
    """Find person names with the rules in the module docstring.

    Parameters
    ----------
    lexicon : NameLexicon
        First names, surnames and common nouns.
    keep_terms : iterable of str
        Public places and institutions that are never names.
    extra_names : iterable of str
        Names that are always redacted where they occur (e.g. staff of a workshop).
    """

    def __init__(self, lexicon: NameLexicon, keep_terms: Iterable[str] = (),
                 extra_names: Iterable[str] = ()) -> None:
        self.lex = lexicon
        terms = sorted({t.strip() for t in keep_terms if t.strip()}, key=len, reverse=True)
        self._keep = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")(?!\w)",
                       re.IGNORECASE) if terms else None
        )
        # one-word terms are checked word by word; longer ones by the pattern above
        self._keep_words = frozenset(t.lower() for t in terms if not re.search(r"[\s-]", t))
        names = sorted({n.strip() for n in extra_names if n.strip()}, key=len, reverse=True)
        self._extra = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
            if names else None
        )

    # ------------------------------------------------------------ helpers
    def _first(self, tok: _Tok, strict: bool = False) -> bool:
        return tok.is_cap and self.lex.is_first_name(tok.text, strict=strict)

    def _kept(self, tok: _Tok) -> bool:
        return tok.text.lower() in self._keep_words

    def _demonym(self, tok: _Tok) -> bool:
        t = tok.text
        return t.endswith("er") and t[:-2].lower() in self._keep_words

    def _surname(self, tok: _Tok) -> bool:
        """A capitalised word that can be a surname after a first name."""
        t = tok.text
        if not tok.is_cap or t in FUNCTION_WORDS or t in INSTITUTION_WORDS or self._kept(tok):
            return False
        if self._demonym(tok):
            return False
        return t in self.lex.last_names or not self.lex.is_common_noun(t)

    def _role(self, tok: _Tok) -> bool:
        t = tok.text
        return t in ROLE_WORDS or (
            t.endswith(_ROLE_ENDINGS) and self.lex.is_common_noun(t)
            and t not in self.lex.last_names
        )

    @staticmethod
    def _joined(text: str, a: _Tok, b: _Tok) -> bool:
        """Whether b follows a on the same line, separated only by spaces."""
        gap = text[a.end:b.start]
        return 0 < len(gap) <= 3 and gap.strip(" \t") == ""

    def _name_run(self, text: str, toks: list[_Tok], i: int, *, limit: int = 3,
                  loose: bool = False) -> int:
        """End index (exclusive) of a run of name words starting at ``toks[i]``.

        ``loose`` accepts any capitalised word that is no function word, keep term or
        role (after a title or ``Mein Name ist``); otherwise words after the first must be
        surnames, first names or initials.
        """
        j = i
        count = 0
        while j < len(toks) and count < limit:
            tok = toks[j]
            if j > i and not self._joined(text, toks[j - 1], tok):
                break
            if tok.text in _PARTICLES:
                # "Jan van Dyk", "Ursula von der Leyen": particles inside a name only
                k = j
                while k < len(toks) and toks[k].text in _PARTICLES and k - j < 2 and (
                    k == j or self._joined(text, toks[k - 1], toks[k])
                ):
                    k += 1
                if (count == 0 or k >= len(toks) or not self._joined(text, toks[k - 1], toks[k])
                        or toks[j].text not in _NAME_PARTICLES
                        or self._name_run(text, toks, k, limit=1, loose=loose) == k):
                    break
                j = k
                continue
            if tok.is_initial:
                ok = True
            elif not tok.is_cap or tok.text in FUNCTION_WORDS or tok.text in NOT_NAMES:
                ok = False
            elif self._kept(tok) or self._demonym(tok) or self._place_word(tok):
                ok = False
            elif loose:
                ok = not self._role(tok) or count > 0 and tok.text in self.lex.last_names
            else:
                ok = self._first(tok) or self._surname(tok)
            if not ok:
                break
            j += 1
            count += 1
        # a run must not end on a hyphen compound ("Anna Schmidt-Schule")
        if j > i and text[toks[j - 1].end:toks[j - 1].end + 1] == "-":
            return i
        return j

    # ------------------------------------------------------------ rules
    def find(self, text: str) -> list[tuple[int, int]]:
        """Spans of person names in ``text`` (other PII already masked out)."""
        toks = _tokens(text)
        if not toks:
            return []
        by_start = {t.start: k for k, t in enumerate(toks)}
        taken: list[tuple[int, int]] = []
        used = [False] * len(toks)

        def add(i: int, j: int) -> None:
            if j <= i or any(used[i:j]) or self._leads_to_place(text, toks, j):
                return
            for k in range(i, j):
                used[k] = True
            taken.append((toks[i].start, toks[j - 1].end))

        def tok_at(pos: int) -> int | None:
            while pos < len(text) and text[pos] in " \t":
                pos += 1
            return by_start.get(pos)

        self._titles(text, toks, add)
        for pattern, loose in ((_INTRO_STRONG, True), (_INTRO_WEAK, False)):
            for m in pattern.finditer(text):
                i = tok_at(m.end())
                if i is None:
                    continue
                if not loose and not (self._first(toks[i]) or toks[i].is_initial):
                    continue
                add(i, self._name_run(text, toks, i, loose=loose))
        for m in _RELATION.finditer(text):
            i = tok_at(m.end())
            if i is not None and (self._first(toks[i]) or (
                toks[i].is_cap and not self.lex.is_common_noun(toks[i].text)
                and toks[i].text not in FUNCTION_WORDS and not self._kept(toks[i])
            )):
                add(i, max(i + 1, self._name_run(text, toks, i)))
        self._signatures(text, toks, add, tok_at)
        self._pairs_and_singles(text, toks, add, used)
        if self._keep is not None and taken:
            kept = [m.span() for m in self._keep.finditer(text)]
            taken = [s for s in taken if not any(s[0] < b and a < s[1] for a, b in kept)]
        if self._extra is not None:  # configured names win over keep terms
            taken.extend(m.span() for m in self._extra.finditer(text))
        return taken

    def _titles(self, text: str, toks: list[_Tok], add) -> None:
        n = len(toks)
        for k, tok in enumerate(toks):
            dotted = tok.text in TITLES_WITH_DOT and text[tok.end:tok.end + 1] == "."
            if not dotted and (tok.text not in TITLES or text[tok.end:tok.end + 1] == "."):
                continue  # "Frau." ends a sentence
            i = k + 1
            # skip academic titles and roles: "Frau Dr. Schulze", "Frau Bürgermeisterin X"
            while i < n and self._joined_title(text, toks[i - 1], toks[i]):
                t = toks[i]
                if t.text in ACADEMIC and text[t.end:t.end + 1] == ".":
                    i += 1
                elif t.is_cap and self._role(t) and i + 1 < n and toks[i + 1].is_cap:
                    i += 1
                else:
                    break
            if i < n and self._joined_title(text, toks[i - 1], toks[i]):
                add(i, self._name_run(text, toks, i, loose=True))

    @staticmethod
    def _joined_title(text: str, a: _Tok, b: _Tok) -> bool:
        """b follows a title on the same line ("Frau Dr. med. Schulz")."""
        return _TITLE_GAP.fullmatch(text[a.end:b.start]) is not None

    def _signatures(self, text: str, toks: list[_Tok], add, tok_at) -> None:
        for m in _GREETING.finditer(text):
            # the name follows right away ("LG Mia") or after an optional phrase and a
            # comma / line break ("Gruß aus dem Quellental, Uwe")
            starts = []
            direct = tok_at(m.end())
            if direct is not None and text[m.end():toks[direct].start].strip(" \t,") == "":
                starts.append(direct)
            tail = text[m.end():m.end() + 80]
            sep = re.search(r"[,\n]|\s[-–]\s", tail)
            if sep and not re.search(r"[.!?;:]", tail[:sep.start()]):
                pos = m.end() + sep.end()
                while pos < len(text) and text[pos] in " \t\n,":
                    pos += 1
                k = tok_at(pos)
                if k is not None:
                    starts.append(k)
            for i in starts:
                self._signature_name(text, toks, i, add)

    def _signature_name(self, text: str, toks: list[_Tok], i: int, add) -> None:
        tok = toks[i]
        if tok.text in _POSSESSIVE:
            if i + 1 < len(toks) and self._first(toks[i + 1]) and self._joined(text, tok, toks[i + 1]):
                add(i + 1, max(i + 2, self._name_run(text, toks, i + 1)))
            return
        if tok.text in TITLES or tok.text in TITLES_WITH_DOT:
            return  # handled by the title rule
        end = self._name_run(text, toks, i)
        if end == i and not self._first(tok):
            # unknown words: accept a short run of non-nouns that ends the line
            end = i
            while end < len(toks) and end - i < 3 and toks[end].is_cap and (
                end == i or self._joined(text, toks[end - 1], toks[end])
            ) and not self.lex.is_common_noun(toks[end].text) and not self._kept(toks[end]) \
                    and toks[end].text not in FUNCTION_WORDS and not self._demonym(toks[end]):
                end += 1
        if end == i and not self._first(tok):
            return
        if end == i or not re.match(_LINE_END, text[toks[end - 1].end:]):
            # a first name and surnames that are also nouns, ending the signature line:
            # "Mit freundlichem Gruß Bernd Grube", "Viele Grüße, Heide Winter"
            loose = self._name_run(text, toks, i, loose=True)
            if loose > i + 1 and (self._first(tok) or tok.is_initial) and re.match(
                    _LINE_END, text[toks[loose - 1].end:]):
                end = loose
        if end == i:
            return
        rest = text[toks[end - 1].end:]
        if not re.match(_LINE_END, rest):
            return  # the name must end the line: not "Gruß an die Verwaltung"
        if not (self._first(tok) or tok.is_initial or end - i >= 2 or self._lone_ok(tok)):
            return
        add(i, end)
        # couples: "Malte und Wiebke", "Kerstin & Ali"
        m = re.match(r"[ \t]*(?:&|und|u\.)[ \t]*", rest)
        if m:
            k = next((x for x in range(end, len(toks)) if toks[x].start >= toks[end - 1].end + m.end()), None)
            if k is not None and toks[k].start == toks[end - 1].end + m.end():
                if self._first(toks[k]) or not self.lex.is_common_noun(toks[k].text):
                    add(k, max(k + 1, self._name_run(text, toks, k)))

    def _lone_ok(self, tok: _Tok) -> bool:
        t = tok.text
        return tok.is_cap and not self.lex.is_common_noun(t) and not self._kept(tok) and (
            t not in FUNCTION_WORDS
        )

    def _pairs_and_singles(self, text: str, toks: list[_Tok], add, used) -> None:
        n = len(toks)
        for i, tok in enumerate(toks):
            if used[i] or not self._first(tok):
                continue
            before = text[max(0, tok.start - 12):tok.start]
            after = text[tok.end:tok.end + 3]
            if re.search(r"(?:St\.|Sankt|[-‐])\s*$", before) or re.match(
                r"\.?[-‐]|\.\s?[\d(a-zäöü]", after  # "Max.-Kolbe-", "Max. 30 Personen"
            ) or _IDIOM_BEFORE.search(before):
                continue
            j = i + 1
            nxt = toks[j] if j < n and self._joined(text, tok, toks[j]) else None
            strict_first = self._first(tok, strict=True)
            if nxt is not None and nxt.is_initial:
                add(i, j + 1)
                continue
            end = self._name_run(text, toks, i) if nxt is not None else i + 1
            if end > i + 1:
                last = toks[end - 1]
                if self._leads_to_place(text, toks, end):
                    continue
                if strict_first or last.text in self.lex.last_names or last.is_initial:
                    add(i, end)
                    continue
            if strict_first and not self._kept(tok):
                if nxt is not None and nxt.is_cap and (
                    nxt.text in INSTITUTION_WORDS or self.lex.is_common_noun(nxt.text)
                ):
                    continue
                add(i, i + 1)

    @staticmethod
    def _place_word(tok: _Tok) -> bool:
        last = tok.text.rsplit("-", 1)[-1]
        return last in INSTITUTION_WORDS or last.lower().endswith(_PLACE_ENDINGS)

    def _leads_to_place(self, text: str, toks: list[_Tok], end: int) -> bool:
        """Whether the words after a name run make it a street or institution name.

        ``Ludwig Erhard Allee``, ``Bertha von Suttner Platz``, ``Konrad Adenauer-Platz``,
        ``Heinrich -Lützeler -Straße``, ``Paul Gerhard Schule``.
        """
        k = end
        prev = toks[end - 1] if end > 0 else None
        for _ in range(4):
            if prev is None or k >= len(toks):
                return False
            gap = text[prev.end:toks[k].start]
            if len(gap) > 3 or gap.strip(" \t.-‐") != "":
                return False
            tok = toks[k]
            if self._place_word(tok):
                return True
            if not (tok.is_cap or tok.text in _PARTICLES):
                return False
            prev = tok
            k += 1
        return False
