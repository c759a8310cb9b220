"""Feature functions of the screening scorer. Each docstring is the user-facing description.

A feature takes a `Comparison` and returns (value, sentence). The sentence names the values that
were compared, so that an alert can be reviewed without re-running anything.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from interdictor.screening.forms import Kind
from interdictor.screening.identifiers import compare_identifiers
from interdictor.screening.names import NameEvidence, compare_names
from interdictor.screening.party import PreparedParty

__all__ = [
    "Comparison",
    "country_mismatch",
    "dob_day_mismatch",
    "dob_year_mismatch",
    "identifier_match",
    "identifier_mismatch",
    "legal_form_differs",
    "name_conflict",
    "name_similarity",
    "number_mismatch",
    "unmatched_distinctive",
]


class Comparison:
    """One query against one candidate; the best pair of names is found once and shared."""

    __slots__ = ("_ids", "candidate", "evidence", "kind", "query")

    def __init__(self, query: PreparedParty, candidate: PreparedParty) -> None:
        self.query = query
        self.candidate = candidate
        self._ids: tuple[float, float, str] | None = None
        self.kind: Kind | None = query.kind
        if query.generic and not candidate.generic:
            self.kind = candidate.kind
        elif query.kind is not candidate.kind and not candidate.generic and not query.generic:
            self.kind = None
        self.evidence: NameEvidence | None = self._best_names()

    def _best_names(self) -> NameEvidence | None:
        if self.kind is None:
            return None
        best: NameEvidence | None = None
        for qf in self.query.forms(self.kind):
            for cf in self.candidate.forms(self.kind):
                ev = compare_names(qf, cf)
                if best is None or ev.net > best.net:
                    best = ev
                    if ev.net >= 0.999:
                        return best
        return best

    @property
    def ids(self) -> tuple[float, float, str]:
        if self._ids is None:
            self._ids = compare_identifiers(self.query.identifiers, self.candidate.identifiers)
        return self._ids


def _describe(ev: NameEvidence) -> str:
    al = ev.alignment
    q, c = al.query, al.candidate
    parts: list[str] = []
    for pair in al.pairs:
        left = " ".join(q.tokens[i] for i in pair.qi)
        right = " ".join(c.tokens[j] for j in pair.cj)
        parts.append(left if pair.how == "exact" else f"{left}~{right} ({pair.how} {pair.sim:.2f})")
    text = f"{q.original!r} vs {c.original!r}: paired " + (", ".join(parts) or "nothing")
    if al.q_free:
        text += "; only in query: " + " ".join(q.tokens[i] for i in al.q_free)
    if al.c_free:
        text += "; only in candidate: " + " ".join(c.tokens[j] for j in al.c_free)
    if ev.via:
        text += f" (compared as {ev.via} transliteration keys)"
    return text


def name_similarity(cmp: Comparison) -> tuple[float, str | Callable[[], str]]:
    """Share of both names' information (rare tokens weigh more than 'trading' or 'mohammad') that
    pairs with the other name, in any order, allowing typos, initials, abbreviations, run-on words
    and transliteration; missing parts on the longer name cost less than on the shorter one."""
    if cmp.kind is None:
        return 0.0, f"a {cmp.query.party.schema} is not compared with a {cmp.candidate.party.schema}"
    ev = cmp.evidence
    if ev is None:
        return 0.0, "no comparable names"
    return ev.similarity, partial(_describe, ev)


def identifier_match(cmp: Comparison) -> tuple[float, str]:
    """An identifier (IMO, BIC, IBAN, registration, passport or tax number, phone, e-mail) agrees,
    after normalising spaces, prefixes and branch codes."""
    strength, _, detail = cmp.ids
    return strength, detail if strength else ""


def name_conflict(cmp: Comparison) -> tuple[float, str]:
    """Both names keep a distinctive part the other lacks (another given name, another patronymic,
    another initial): a sign of two different parties rather than a shortened name."""
    ev = cmp.evidence
    if ev is None or ev.conflict == 0.0:
        return 0.0, ""
    al = ev.alignment
    left = " ".join(al.query.tokens[i] for i in al.q_free)
    right = " ".join(al.candidate.tokens[j] for j in al.c_free)
    return ev.conflict, f"query has {left!r} where the candidate has {right!r}"


def unmatched_distinctive(cmp: Comparison) -> tuple[float, str]:
    """An organisation name keeps a rare word the other name lacks ("Banco Santander" / "Banco
    Santander México", "Global Trading" / "OPG Global General Trading"): a subsidiary or another
    company sharing ordinary words. The value is the rarity of the strongest such word (a bracketed
    qualifier counts a quarter), less what the conflict feature already counts."""
    ev = cmp.evidence
    if ev is None or ev.extra == 0.0:
        return 0.0, ""
    words = ", ".join(f"{tok!r} ({side}, rarity {w:.2f})" for side, tok, w in ev.extra_tokens)
    return ev.extra, f"not matched in the other name: {words}"


def number_mismatch(cmp: Comparison) -> tuple[float, str]:
    """Numbers in the names disagree ("Fund VII" / "Fund VIII", "Trust 2004-1" / "2004-2"): 1.0 when
    both have numbers and none agree, 0.3 when only one name has a number."""
    ev = cmp.evidence
    if ev is None or ev.numbers == 0.0:
        return 0.0, ""
    q, c = ev.alignment.query, ev.alignment.candidate
    return ev.numbers, f"numbers {sorted(q.numbers)} vs {sorted(c.numbers)}"


def legal_form_differs(cmp: Comparison) -> tuple[float, str]:
    """The legal forms differ ("LLC" / "JSC"); recorded for the reviewer but not scored, because
    companies re-register and lists translate legal forms loosely."""
    ev = cmp.evidence
    if ev is None:
        return 0.0, ""
    q, c = ev.alignment.query.legal, ev.alignment.candidate.legal
    if q and c and set(q).isdisjoint(c):
        return 1.0, f"legal form {'/'.join(q)} vs {'/'.join(c)} (not scored)"
    return 0.0, ""


def identifier_mismatch(cmp: Comparison) -> tuple[float, str]:
    """Both sides carry an identifier of a kind a party has only one of (IMO, IBAN, BIC) and they differ."""
    _, clash, detail = cmp.ids
    return clash, detail if clash else ""


def dob_year_mismatch(cmp: Comparison) -> tuple[float, str]:
    """Both parties have birth dates and no birth year is shared."""
    qy, cy = cmp.query.years, cmp.candidate.years
    if qy and cy and qy.isdisjoint(cy):
        return 1.0, f"born {sorted(qy)} vs {sorted(cy)}"
    return 0.0, ""


def dob_day_mismatch(cmp: Comparison) -> tuple[float, str]:
    """Full birth dates on both sides share the year but not the day (a typo or another person)."""
    qd, cd = cmp.query.days, cmp.candidate.days
    if qd and cd and qd.isdisjoint(cd) and not cmp.query.years.isdisjoint(cmp.candidate.years):
        return 1.0, f"born on {sorted(qd)} vs {sorted(cd)}"
    return 0.0, ""


def country_mismatch(cmp: Comparison) -> tuple[float, str]:
    """Both parties have countries (nationality, jurisdiction, address) and none are shared."""
    qc, cc = cmp.query.countries, cmp.candidate.countries
    if qc and cc and qc.isdisjoint(cc):
        return 1.0, f"countries {sorted(qc)} vs {sorted(cc)}"
    return 0.0, ""
