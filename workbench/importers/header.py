"""The metadata header at the top of interview notes: YAML front matter between '---' lines
(.md/.txt), or 'Key: value' lines up to the first blank line (any format).

Keys may be written in English or Spanish (see docs/notes-template.md); keys the workbench
does not know are kept with the interview.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import yaml

from workbench.importers.results import Rejected

KEYS = ("title", "interviewee", "protection", "interviewer", "date", "place", "language",
        "interpreter", "mode", "consent")
ALIASES = {
    "title": "title", "titulo": "title",
    "interviewee": "interviewee", "interviewees": "interviewee", "entrevistado": "interviewee",
    "entrevistada": "interviewee", "entrevistados": "interviewee",
    "entrevistadas": "interviewee", "persona entrevistada": "interviewee",
    "protection": "protection", "proteccion": "protection",
    "interviewer": "interviewer", "interviewers": "interviewer",
    "entrevistador": "interviewer", "entrevistadora": "interviewer",
    "entrevistadores": "interviewer",
    "date": "date", "fecha": "date",
    "place": "place", "location": "place", "lugar": "place",
    "language": "language", "idioma": "language", "lengua": "language",
    "interpreter": "interpreter", "interprete": "interpreter",
    "mode": "mode", "modalidad": "mode", "modo": "mode",
    "consent": "consent", "consentimiento": "consent",
}
PROTECTION_VALUES = {"public": "public", "publico": "public", "publica": "public",
                     "pseudonymous": "pseudonymous", "seudonimo": "pseudonymous",
                     "pseudonimo": "pseudonymous", "withheld": "withheld",
                     "reservado": "withheld", "reservada": "withheld"}
MODE_VALUES = {"in person": "in person", "in-person": "in person", "presencial": "in person",
               "phone": "phone", "telephone": "phone", "telefono": "phone",
               "telefonica": "phone", "video": "video", "videollamada": "video",
               "written": "written", "escrita": "written", "por escrito": "written",
               "other": "other", "otra": "other", "otro": "other"}
CONSENT_VALUES = {"notes": "notes", "notas": "notes", "internal": "internal",
                  "interno": "internal", "uso interno": "internal",
                  "anonymous-quotes": "anonymous-quotes", "citas-anonimas": "anonymous-quotes",
                  "citas anonimas": "anonymous-quotes", "named": "named",
                  "con-nombre": "named", "con nombre": "named", "photos": "photos",
                  "fotos": "photos"}

_KEY_LINE = re.compile(r"^\s*([^\W\d_][\w \-]{0,40}?)\s*:\s*(.*?)\s*$")
MAX_HEADER_CHARS = 64 * 1024


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass
class NotesHeader:
    fields: dict[str, str] = field(default_factory=dict)  # known keys, canonical names
    extra: dict[str, str] = field(default_factory=dict)  # unknown keys, as written
    body: str = ""

    @property
    def interviewees(self) -> list[str]:
        return [n.strip() for n in self.fields.get("interviewee", "").split(";") if n.strip()]

    def choice(self, key: str, table: dict[str, str]) -> str:
        raw = self.fields.get(key, "")
        if not raw:
            return ""
        value = table.get(fold(raw))
        if value is None:
            allowed = ", ".join(dict.fromkeys(table.values()))
            raise Rejected(f"header '{key}: {raw}' is not one of: {allowed}")
        return value

    def consent_scopes(self) -> str:
        raw = self.fields.get("consent", "")
        scopes = []
        for part in re.split(r"[,;]", raw):
            if not part.strip():
                continue
            scope = CONSENT_VALUES.get(fold(part))
            if scope is None:
                raise Rejected(f"header 'consent': '{part.strip()}' is not one of: "
                               f"{', '.join(dict.fromkeys(CONSENT_VALUES.values()))}")
            scopes.append(scope)
        return ",".join(scopes)


def _add(header: NotesHeader, key: str, value: str) -> None:
    canonical = ALIASES.get(fold(key))
    if canonical is None:
        header.extra[key.strip()] = value
    elif canonical == "interviewee" and header.fields.get("interviewee"):
        header.fields["interviewee"] += f"; {value}"  # a repeated key adds a person
    else:
        header.fields[canonical] = value


def _scalar(value: object, joiner: str) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return joiner.join(_scalar(v, joiner) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_scalar(v, joiner)}" for k, v in value.items())
    return str(value).strip()


def _front_matter(text: str) -> NotesHeader | None:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return None
    block = "\n".join(lines[1:end])
    if len(block) > MAX_HEADER_CHARS:
        raise Rejected("the front matter is too long")
    if re.search(r"(^|[\s\[{,])[&*][^\s]", block):
        raise Rejected("the front matter uses YAML anchors or aliases, which the header "
                       "does not accept")
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise Rejected(f"the front matter is not valid YAML{where}: "
                       f"{getattr(exc, 'problem', None) or 'syntax error'}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise Rejected("the front matter is not a list of 'key: value' lines")
    header = NotesHeader(body="\n".join(lines[end + 1:]).lstrip("\n"))
    for key, value in data.items():
        joiner = "; " if ALIASES.get(fold(str(key))) == "interviewee" else ", "
        _add(header, str(key), _scalar(value, joiner))
    return header


def _key_lines(text: str) -> NotesHeader | None:
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    header = NotesHeader()
    end = start
    while end < len(lines) and lines[end].strip():
        match = _KEY_LINE.match(lines[end])
        if not match:
            return None  # prose, not a header
        _add(header, match[1], match[2])
        end += 1
    if not header.fields:  # no known key: the first paragraph was text after all
        return None
    header.body = "\n".join(lines[end:]).strip("\n")
    return header


def split_header(text: str, fmt: str) -> NotesHeader:
    """The header (if any) and the notes text after it."""
    text = text.lstrip("\ufeff")
    if fmt in ("md", "txt"):
        header = _front_matter(text)
        if header is not None:
            return header
    return _key_lines(text) or NotesHeader(body=text.strip("\n"))
