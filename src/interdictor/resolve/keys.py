"""Normalised keys of party attributes: what makes two spellings of one fact compare equal.

Resolution compares records written by different people in different systems: "+86 06982596829"
and "0086-069-82596829" are one phone, "Hauptstrasse 1, 76425 Karlsruhe" and the same address in
parts are one address. Names go through the screening engine's normalisation and transliteration
(`interdictor.screening.forms.analyze_name`), so resolution and screening agree on what a name is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from interdictor.screening.forms import Kind, analyze_name
from interdictor.screening.text import clean_text, to_ascii, tokenize
from interdictor.screening.vocab import STOPWORDS

__all__ = [
    "WEBMAIL_DOMAINS",
    "address_key",
    "domain_of",
    "email_key",
    "identifier_key",
    "name_keys",
    "phone_key",
]

#: Romanised legal forms that the screening engine's legal-form list (Latin-script forms) leaves in a
#: name: pinyin "gufen youxian gongsi", Korean "yuhan hoesa", Japanese "kabushiki kaisha"... Dropped
#: from keys, because the same company is written with and without them.
ROMANISED_LEGAL_TOKENS = frozenset(
    {
        "gufen", "youxian", "gongsi", "zeren", "jituan", "yuhanhoesa", "yuhan", "hoesa", "jusikhoesa",
        "jusik", "kabushiki", "kaisha", "kabushikigaisha", "yugen", "zhushi", "huishe", "sdn", "bhd",
        "berhad", "co", "ltd", "limited", "inc", "corp", "corporation", "company", "llc", "plc",
    }
)  # fmt: skip

#: Free mail providers: a shared domain there says nothing about two parties being one.
WEBMAIL_DOMAINS = frozenset(
    {
        "gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "mail.ru", "yandex.ru", "163.com",
        "126.com", "qq.com", "protonmail.com", "proton.me", "aol.com", "icloud.com", "gmx.de",
        "web.de", "naver.com", "hanmail.net", "sina.com", "yahoo.co.jp", "live.com", "inbox.ru",
    }
)  # fmt: skip

_NON_ALNUM = re.compile(r"[^0-9A-Za-z]+")


@lru_cache(maxsize=200_000)
def name_keys(name: str, person: bool) -> tuple[str, ...]:
    """Order-free keys of a name: its ASCII tokens without legal forms and stopwords, sorted.

    One key per comparison form (a Han name gives its pinyin form, a Latin name its plain form), the
    first being the main one. Sorting makes "Hengtong (Shanghai) Machine Tool" and "Shanghai
    Hengtong Machine Tool" one key; an empty tuple means the name had no usable letters.
    """
    kind = Kind.PERSON if person else Kind.ORG
    keys: list[str] = []
    for form in analyze_name(clean_text(name), kind):
        tokens = [
            t for t in form.tokens if t not in STOPWORDS and (person or t not in ROMANISED_LEGAL_TOKENS)
        ]
        if not tokens:
            tokens = list(form.tokens)
        key = " ".join(sorted(tokens))
        if key and key not in keys:
            keys.append(key)
    return tuple(keys)


def phone_key(phone: str | None) -> str | None:
    """Digits of a phone in international form: "00" and "+" prefixes agree, punctuation goes.

    Numbers shorter than six digits are dropped: they are extensions or typing errors, and a
    short key would join unrelated parties.
    """
    if not phone:
        return None
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("00"):
        digits = digits[2:]
    return digits if len(digits) >= 6 else None


def email_key(email: str | None) -> str | None:
    """Lower-cased address; anything without exactly one "@" and a dotted domain is not an e-mail."""
    if not email:
        return None
    value = email.strip().lower().strip("<>")
    local, at, domain = value.rpartition("@")
    if not at or not local or "." not in domain or "@" in local:
        return None
    return value


def domain_of(email: str | None = None, website: str | None = None) -> str | None:
    """The organisation's own domain, from an e-mail or a website; free-mail domains say nothing."""
    domain: str | None = None
    if email and "@" in email:
        domain = email.rpartition("@")[2].strip().lower()
    elif website:
        value = website.strip().lower()
        for prefix in ("https://", "http://"):
            value = value.removeprefix(prefix)
        domain = value.split("/", 1)[0].removeprefix("www.")
    if not domain or "." not in domain or domain in WEBMAIL_DOMAINS:
        return None
    return domain


def identifier_key(value: str | None) -> str | None:
    """Letters and digits of an identifier, upper-cased: "DE89 3704 0044" and "de89370400 44" agree.

    Identifiers shorter than five characters are dropped; they are not distinctive enough to link.
    """
    if not value:
        return None
    key = _NON_ALNUM.sub("", value).upper()
    return key if len(key) >= 5 else None


@lru_cache(maxsize=200_000)
def _address_tokens(text: str) -> str:
    return " ".join(a for a in (to_ascii(t) for t in tokenize(clean_text(text))) if a)


def address_key(
    *, raw: str | None = None, street: str | None = None, po_box: str | None = None, unit: str | None = None
) -> str | None:
    """The street line (or PO box) of an address in sorted ASCII tokens, so part order does not matter.

    Cities are left out on purpose: the same address is written with "上海" and "Shanghai",
    "Düsseldorf" and "Duesseldorf", while the street line with its number is what sets one
    address apart within a country. A raw one-line address keeps its first comma-separated part.
    """
    parts: list[str] = []
    if street or po_box or unit:
        if po_box:
            parts.append(f"po box {po_box}")
        if street:
            parts.append(street)
        if unit:
            parts.append(unit)
    elif raw:
        segments = [p for p in raw.split(",") if p.strip()]
        # The last segment of a one-line address is "postcode city" (or the country): left out.
        parts.extend(segments[:-1] if len(segments) > 1 else segments)
    if not parts:
        return None
    text = " ".join(parts).replace("P.O. Box", "po box").replace("PO Box", "po box")
    key = " ".join(sorted(_address_tokens(text).split()))
    return key or None
