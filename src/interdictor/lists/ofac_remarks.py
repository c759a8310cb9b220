"""The Remarks field of OFAC's CSV files: semicolon-separated facts turned into FtM properties.

OFAC writes every fact it has no column for into one free-text field ("DOB 10 Dec 1948; POB
Tehran, Iran; Passport A123 (Iran); Linked To: X."). The parser reads each fragment as
`[alt.] LABEL VALUE`: a table of known labels first, then general rules (a label ending in
No./Number/ID/Code is an identifier; a role word makes a position), and whatever is left
goes to `notes` with its text intact, so nothing OFAC wrote is lost. Every fact keeps the
whole fragment as its original value.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

__all__ = ["Fact", "parse_dates", "parse_remarks"]


class Fact(NamedTuple):
    """One fact: an FtM property (or a `_link`/`_operator`/`_wallet` marker), value, source text."""

    prop: str
    value: str
    original: str
    rule: str  # "label", "generic", "vocabulary", "unknown" or "cut": for the notes statistics


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_DATE = re.compile(r"(?:(\d{1,2})\s+)?(?:([A-Za-z]{3})[a-z]*\.?\s+)?(\d{4})")
_RANGE = re.compile(r"\s+to\s+|\s+-\s+|(?<=\d{4})-(?=\d{4}$)")


def _one_date(text: str) -> str | None:
    """'10 Dec 1948' -> '1948-12-10', 'Dec 1948' -> '1948-12', '1948' -> '1948'; None otherwise."""
    match = _DATE.fullmatch(text.strip())
    if match is None:
        return None
    day, month, year = match.groups()
    if month is None:
        return None if day else year
    number = _MONTHS.get(month.lower())
    if number is None:
        return None
    if day is None:
        return f"{year}-{number:02d}"
    if not 1 <= int(day) <= 31:
        return None
    return f"{year}-{number:02d}-{int(day):02d}"


@lru_cache(maxsize=8192)
def parse_dates(text: str) -> tuple[str, ...]:
    """ISO dates for '10 Dec 1948', 'Dec 1948', 'circa 1951', '1960 to 1962' (every year of a range)."""
    text = text.strip().rstrip(".")
    if text.lower().startswith(("circa ", "approximately ", "about ")):
        text = text.partition(" ")[2]
    parts = _RANGE.split(text)
    if len(parts) == 1:
        single = _one_date(text)
        return (single,) if single else ()
    if len(parts) != 2:
        return ()
    start, end = _one_date(parts[0]), _one_date(parts[1])
    if start is None or end is None:
        return ()
    if len(start) == len(end) == 4 and 0 < int(end) - int(start) <= 20:
        return tuple(str(year) for year in range(int(start), int(end) + 1))
    return (start, end)


# Known labels, lower case, as their words appear; the handler says what the value becomes.
# fmt: off
_LABELS: dict[str, str] = {
    "dob": "date:birthDate", "pob": "place", "nationality": "country:nationality",
    "citizen": "country:citizenship", "citizenship": "country:citizenship", "gender": "gender",
    "linked to": "link", "email address": "text:email", "email": "text:email", "e-mail": "text:email",
    "website": "text:website", "web site": "text:website",
    "phone number": "phone", "phone": "phone", "phone no.": "phone", "telephone": "phone",
    "telephone no.": "phone", "telephone number": "phone", "fax": "phone", "fax no.": "phone",
    "fax number": "phone",
    "organization established date": "date:incorporationDate", "organization type": "text:sector",
    "target type": "text:classification", "digital currency address": "wallet",
    "position": "text:position", "issuer name": "text:alias", "ethnicity": "text:ethnicity",
    "nationality of registration": "country:country", "registration country": "country:country",
    # vessels and aircraft
    "vessel registration identification": "id:imoNumber", "mmsi": "id:mmsi",
    "vessel year of build": "date:buildDate", "former vessel flag": "country:pastFlags",
    "other vessel flag": "country:flag", "other vessel call sign": "id:callSign",
    "other vessel type": "text:type", "vessel type": "text:type",
    "aircraft manufacturer's serial number (msn)": "id:serialNumber",
    "aircraft construction number (also called l/n or s/n or f/n)": "id:serialNumber",
    "aircraft serial identification": "id:serialNumber", "aircraft manufacture date": "date:buildDate",
    "aircraft model": "text:model", "aircraft tail number": "id:registrationNumber",
    "previous aircraft tail number": "id:registrationNumber", "aircraft operator": "operator",
    "aircraft mode s transponder code": "id:icaoCode",
    # identifiers whose label does not say what they are
    "passport": "id:passportNumber", "diplomatic passport": "id:passportNumber",
    "ssn": "id:socialSecurityNumber", "legal entity number": "id:leiCode", "swift/bic": "id:swiftBic",
    "unified social credit code (uscc)": "id:uscCode",
    "united social credit code certificate (usccc)": "id:uscCode", "d-u-n-s number": "id:dunsCode",
    "isin": "id:isinCode", "equity ticker": "id:ticker", "bik (ru)": "id:bikCode",
    "v.a.t. number": "id:vatCode", "vat number": "id:vatCode",
    "r.f.c.": "id:taxNumber", "rfc": "id:taxNumber", "nit #": "id:taxNumber", "ruc #": "id:taxNumber",
    "rif #": "id:taxNumber", "rtn": "id:taxNumber", "c.i.f.": "id:taxNumber", "c.u.i.t.": "id:taxNumber",
    "c.u.i.l.": "id:taxNumber", "us fein": "id:taxNumber", "italian fiscal code": "id:taxNumber",
    "c.u.r.p.": "id:idNumber", "curp": "id:idNumber", "d.n.i.": "id:idNumber", "c.u.i.": "id:idNumber",
    "i.f.e.": "id:idNumber", "nie": "id:idNumber", "credencial electoral": "id:idNumber",
    "numero de identidad": "id:idNumber", "cartilla de servicio militar nacional": "id:idNumber",
    "visanumberid": "id:idNumber", "c.r. no.": "id:registrationNumber", "le number": "id:registrationNumber",
    "romanian c.r.": "id:registrationNumber", "license": "id:licenseNumber",
    # statements about the sanction itself, kept whole
    "secondary sanctions risk": "summary", "additional sanctions information": "summary",
    "transactions prohibited for persons owned or controlled by u.s. financial institutions": "summary",
    "executive order": "summary", "caatsa section": "summary", "for more information": "summary",
    "for more information on directives": "summary", "listing date": "summary", "effective date": "summary",
    "purchase/sales for divestment date": "summary", "ifca determination": "summary",
}
# fmt: on
_BY_FIRST_WORD: dict[str, list[tuple[int, str]]] = {}
for _label in _LABELS:
    _words = _label.split()
    _BY_FIRST_WORD.setdefault(_words[0], []).append((len(_words), _label))
for _candidates in _BY_FIRST_WORD.values():
    _candidates.sort(reverse=True)

# Handlers with a fixed fact property; `_link` and `_operator` name entries the party builder resolves.
_MARKERS = {"link": "_link", "operator": "_operator", "phone": "phone"}
_QUOTED_NAME = {"a.k.a.": "weakAlias", "n.k.a.": "weakAlias", "d.b.a.": "weakAlias", "f.k.a.": "previousName"}
# A label ending in one of these words (or in an acronym in brackets, or itself an acronym
# like C.U.I.P.), then a value holding a digit: an identifier.
_ID_LABEL_END = re.compile(
    r"(?:\b(?:No|Nos|Number|ID|Code|Card|Document|Certificate|Identification|Registration|License|Licence|"
    r"Permit|Passport)\b\.?|\([A-Za-z .]+\)|(?:\b[A-Z]\.){2,})(?:\s*#)?\s*[:#]?$",
    re.I,
)
_NOT_A_VALUE = frozenset({"no", "no.", "number", "id", "code", "issued", "expires"})
_DIGIT = re.compile(r"\d")
_INFORMATION = re.compile(r"[\w .()/-]{1,60}?\binformation\s*[:-]", re.I)
_URL = re.compile(r"(?:website:?\s*)?((?:https?://|www\.)\S+?)\.?(?:\s*\(website\))?", re.I)
_EMAIL = re.compile(
    r"(?:e-?mail(?: address)?:?\s*)?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)\.?(?:\s*\(e-?mail\))?", re.I
)
_ID_KINDS = (
    (re.compile(r"passport", re.I), "passportNumber"),
    (re.compile(r"\btax\b|fiscal|tributar|v\.?a\.?t\b", re.I), "taxNumber"),
    (re.compile(r"licen[cs]e|permit", re.I), "licenseNumber"),
    (re.compile(r"serial", re.I), "serialNumber"),
    (
        re.compile(r"registr|compan|business|commerc|chamber|incorporat|enterprise|folio|matricula", re.I),
        "registrationNumber",
    ),
)
_ID_TAIL = re.compile(r"\s+(?:issued|expires|valid)\b.*$", re.I)
_ID_COUNTRY = re.compile(r"\s*\(([^()]*)\)\s*$")
_IMO = re.compile(r"IMO\s*(\d{7})", re.I)
_ROLE = re.compile(
    r"\b(?:Minister|Ministry|Director|Member|Chairman|Chairperson|Chairwoman|President|Commander|Chief|"
    r"Head|Deputy|Secretary|Judge|General|Colonel|Officer|Official|Representative|Manager|Governor|"
    r"Leader|Figure|Advis[eo]r|CEO|Founder|Co-founder|Ambassador|Mayor|Prosecutor|Admiral|Captain|"
    r"Lieutenant|Major|Brigadier|Employee|Aide|Rector|Magistrate|Commissioner|Executive|Spokes(?:man|person)|"
    r"Financier|Owner|Shareholder|Associate|Senator|Treasurer|Emir|Amir|Coordinator|Administrator|"
    r"Attorney|Inspector|Chancellor|Premier|Partner|Envoy|Consul|Attache|Agent|Operative|Mufti|"
    r"Warden|Speaker|Counse(?:l)?lor|Chair|Diplomat|Congressman|Congresswoman|Ombudsman|Constituent|"
    r"Superintendent|Chef|Commandant|Marshal|Sergeant|Dean|Professor|Vice)\b",
    re.I,
)
_HONORIFIC = re.compile(
    r"(?:Haji|Hajji|Alhaji|Maulana|Maulawi|Mawlawi|Mawlavi|Mullah|Mulla|Sheikh|Shaykh|Sheik|Doctor|Dr|Qari|"
    r"Hojjatoleslam|Ayatollah|Sayyid|Imam|Engineer|Eng|Professor|Prof|Hafiz|Qazi|Ustad|Ustadz|Mulawi|"
    r"Moulana|Mawlana|Lt\. Col|Lieutenant Colonel)\.?",
    re.I,
)
_SCOPE = re.compile(
    r"\b(?:worldwide|all offices|all branches|all locations|only locations|other locations)\b", re.I
)


def _split_id(value: str) -> str:
    """'A123 (Iran) issued 2010 expires 2020' -> 'A123': the number, without country and dates."""
    value = _ID_TAIL.sub("", value.strip().rstrip("."))
    while True:
        match = _ID_COUNTRY.search(value)
        if match is None or match.start() == 0:
            break
        value = value[: match.start()]
    value = value.strip(" ,;:#-")
    imo = _IMO.fullmatch(value)
    return f"IMO{imo[1]}" if imo else value


def _identifier(prop: str, value: str, fragment: str, rule: str) -> Fact:
    """An identifier fact; an IMO number is one wherever OFAC writes it ('Company Number IMO 123')."""
    number = _split_id(value)
    if number.startswith("IMO") and _IMO.fullmatch(number):
        prop = "imoNumber"
    elif prop == "imoNumber":  # "Vessel Registration Identification" without an IMO number
        prop = "registrationNumber"
    return Fact(prop, number, fragment, rule)


def _generic_id(body: str) -> tuple[str, str] | None:
    """(label, value) when the fragment reads LABEL VALUE, the label ending like an identifier's
    ('... No.', '... Number', '(NUIT)', 'C.U.I.P.') and the value holding a digit early on."""
    digit = _DIGIT.search(body)
    if digit is None:
        return None
    words = body.split(" ")
    first = body.count(" ", 0, digit.start())
    for start in (first, first - 1):
        if start < 1 or (start < first and len(words[start]) > 6):
            break
        if words[start].lower() in _NOT_A_VALUE:
            continue
        label = " ".join(words[:start])
        if len(label) <= 60 and label[0].isalpha() and _ID_LABEL_END.search(label):
            return label, " ".join(words[start:])
    return None


def _labelled(words: list[str], lower: list[str]) -> tuple[str, str] | None:
    """(handler, rest of the fragment) for the longest known label the fragment starts with."""
    for size, label in _BY_FIRST_WORD.get(lower[0].rstrip(":"), ()):
        if size > len(lower):
            continue
        head = " ".join(lower[:size])
        if head == label or head.rstrip(":,") == label:
            return _LABELS[label], " ".join(words[size:]).lstrip(":#- ")
    return None


def _handle(handler: str, rest: str, fragment: str) -> list[Fact]:
    """The facts a known label's handler ('kind:property') makes of the rest of the fragment."""
    kind, _, prop = handler.partition(":")
    if kind == "summary":
        return [Fact("summary", fragment, fragment, "label")]
    if not rest:
        return [Fact("notes", fragment, fragment, "unknown")]
    if kind == "id":
        return [_identifier(prop, rest, fragment, "label")]
    if kind == "date":
        dates = parse_dates(rest)
        if not dates:
            return [Fact("notes", fragment, fragment, "unknown")]
        return [Fact(prop, value, fragment, "label") for value in dates]
    if kind == "place":
        facts = [Fact("birthPlace", rest, fragment, "label")]
        country = rest.rpartition(",")[2].strip()
        return [*facts, Fact("birthCountry", country, fragment, "optional")]
    if kind == "gender":
        return [Fact("gender", rest.lower(), fragment, "label")]
    if kind == "wallet":
        currency, _, address = rest.partition(" ")
        if not address.strip():
            return [Fact("notes", fragment, fragment, "unknown")]
        return [Fact("_wallet", f"{currency.upper()} {address.strip()}", fragment, "label")]
    return [Fact(_MARKERS.get(kind, prop), rest, fragment, "label")]


@lru_cache(maxsize=65536)
def _fragment(fragment: str, is_person: bool) -> tuple[Fact, ...]:
    """The facts of one fragment; remembered, as most recur ('Gender Male', 'Linked To: HIZBALLAH')."""
    return tuple(_read_fragment(fragment, is_person))


def _read_fragment(fragment: str, is_person: bool) -> list[Fact]:
    words = fragment.split()
    lower = fragment.lower().split()
    if lower[0] == "alt." and len(words) > 1:
        words, lower = words[1:], lower[1:]
    body = " ".join(words)
    quoted = _QUOTED_NAME.get(lower[0])
    if quoted is not None:
        name = body[len(words[0]) :].strip()
        if len(name) > 1 and name[0] == "'" and name[-1] == "'":
            name = name[1:-1]
        return [Fact(quoted, name.strip(), fragment, "label")] if name.strip() else []
    found = _labelled(words, lower)
    if found is not None:
        return _handle(found[0], found[1], fragment)
    generic = _generic_id(body)
    if generic is not None:
        label, value = generic
        prop = "idNumber" if is_person else "registrationNumber"
        for pattern, kind in _ID_KINDS:
            if pattern.search(label):
                prop = kind
                break
        return [_identifier(prop, value, fragment, "generic")]
    for shape, prop in ((_URL, "website"), (_EMAIL, "email")):
        shaped = shape.fullmatch(body)
        if shaped is not None:
            return [Fact(prop, shaped[1], fragment, "generic")]
    if _SCOPE.search(body) or _INFORMATION.match(body):
        return [Fact("summary", fragment, fragment, "vocabulary")]
    if is_person:
        text = body.rstrip(".") if not body.endswith(("Jr.", "Sr.")) else body
        if _HONORIFIC.fullmatch(body):
            return [Fact("title", text, fragment, "vocabulary")]
        if _ROLE.search(body):
            return [Fact("position", text, fragment, "vocabulary")]
    return [Fact("notes", fragment, fragment, "unknown")]


def parse_remarks(remarks: str, *, is_person: bool, cut: bool = False) -> list[Fact]:
    """Facts from a Remarks text; `cut` says OFAC truncated it, so the last fragment is kept as is."""
    text = remarks.strip()
    if text.endswith("."):
        text = text[:-1]
    fragments = [f.strip() for f in text.split(";")]
    facts: list[Fact] = []
    last = len(fragments) - 1
    for index, fragment in enumerate(fragments):
        if not fragment:
            continue
        if cut and index == last:
            facts.append(Fact("notes", fragment, fragment, "cut"))
            continue
        facts.extend(_fragment(fragment, is_person))
    return facts
