"""Name-level evidence from a token alignment: similarity, conflicting parts and numbers.

The similarity rewards the share of each name's information (token weights) that found a partner,
leaning on the better-covered side: "Boris Johnson" is fully inside "Alexandre Boris de Pfeffel
Johnson", so a missing middle name costs little. A conflict is different: when both names keep a
distinctive part the other lacks ("Sergey Ivanovich Lavrov" / "Sergey Viktorovich Lavrov"), that
is evidence of two different parties, and it is scored as a separate, negative feature.
"""

from __future__ import annotations

from interdictor.screening.align import Alignment, align
from interdictor.screening.forms import NameForm
from interdictor.screening.vocab import PARTICLES, STOPWORDS

__all__ = ["VIEW_BUILDERS", "NameEvidence", "compare_names"]

#: How much the better-covered side counts against the worse-covered one.
LEAN_PERSON = 0.72
LEAN_ORG = 0.5
#: Weight an unpaired initial carries in a conflict: "A. Nazarbayev" is not "Nursultan Nazarbayev".
INITIAL_CONFLICT_WEIGHT = 0.6
#: Least weight of an unpaired full name part in a conflict: even a common given name ("Mohammad")
#: where the other name has another is a sign of a different person.
CONFLICT_FLOOR = 0.5
#: Number penalty scale: full below NUMBER_SPAN - 1 of agreeing information, never below the floor.
NUMBER_SPAN = 1.5
NUMBER_FLOOR = 0.3
ONE_SIDED_NUMBER = 0.3
_LINEAGE = frozenset({"bin", "ben", "ibn", "bint", "ould"})
#: Factor applied to names matched only through initials or acronyms.
INITIALS_ONLY_FACTOR = 0.6
#: Factor applied to comparisons across scripts made on lossy keys (consonant skeletons, Hangul keys).
CROSS_SCRIPT_FACTOR = 0.97

#: Similarity of two names with the same letters spaced differently ("SiemensAG" / "Siemens AG").
JOINED_SIM = 0.95

_FULL_MATCHES = frozenset({"exact", "typo", "translation", "joined", "spelling variant", "abbreviation"})
_IGNORED = STOPWORDS | PARTICLES


class NameEvidence:
    """What one pair of names says: cheap slots, read by the features and the explanation."""

    __slots__ = ("alignment", "conflict", "numbers", "similarity", "via")

    def __init__(
        self, alignment: Alignment, similarity: float, conflict: float, numbers: float, via: str
    ) -> None:
        self.alignment = alignment
        self.similarity = similarity
        self.conflict = conflict
        self.numbers = numbers
        self.via = via

    @property
    def net(self) -> float:
        """Similarity less the conflict and number penalties, used to pick the best pair of aliases."""
        return self.similarity - 0.5 * self.conflict - 0.35 * self.numbers


def _builders() -> dict[str, object]:
    from interdictor.screening.arabic import skeleton_view
    from interdictor.screening.korean import korean_view

    return {"ar": skeleton_view, "ko": korean_view}


#: Cross-script key builders by name origin, filled on first use.
VIEW_BUILDERS: dict[str, object] = {}


def _side_conflict(form: NameForm, free: list[int]) -> float:
    best = 0.0
    for i in free:
        if form.numeric[i]:
            continue
        if form.initials[i]:
            best = max(best, INITIAL_CONFLICT_WEIGHT)
        elif form.tokens[i] not in _IGNORED:
            best = max(best, CONFLICT_FLOOR if form.person else 0.0, form.weights[i])
    return best


def _lineage_swapped(al: Alignment) -> bool:
    """True when "A bin B" pairs with "B bin A": father and son swapped, so two different people."""
    q, c = al.query, al.candidate
    qp = next((i for i, t in enumerate(q.tokens) if t in _LINEAGE), -1)
    cp = next((j for j, t in enumerate(c.tokens) if t in _LINEAGE), -1)
    if qp <= 0 or cp <= 0:
        return False
    for pair in al.pairs:
        i, j = pair.qi[0], pair.cj[0]
        crossed = (i < qp and j > cp) or (i > qp and j < cp)
        if crossed and not any(p.qi[0] < qp and p.cj[0] < cp for p in al.pairs if p is not pair):
            return True
    return False


def _conflict(al: Alignment) -> float:
    """Strength of the evidence that the names belong to different parties, in 0..1."""
    if al.query.person and _lineage_swapped(al):
        return 1.0
    best_q = _side_conflict(al.query, al.q_free)
    if best_q == 0.0:
        return 0.0
    return min(best_q, _side_conflict(al.candidate, al.c_free))


def _numbers(al: Alignment) -> float:
    """How much differing numbers count against the match, in 0..1.

    Numbers must agree: "Company 1" is not "Company 2". The penalty is full when the rest of the
    name says little ("company"), and falls to NUMBER_FLOOR when the agreeing words identify the
    family on their own ("Blackstone Capital Partners VII" / "VIII": a sibling fund, worth review).
    A number on one side only counts at ONE_SIDED_NUMBER of that.
    """
    q, c = al.query, al.candidate
    if not q.numbers and not c.numbers:
        return 0.0
    if q.numbers and c.numbers and not q.numbers.isdisjoint(c.numbers):
        return 0.0 if q.numbers == c.numbers else 0.5
    info = 0.0
    for pair in al.pairs:
        if len(pair.qi) == 1 and len(pair.cj) == 1 and pair.how != "initial":
            i, j = pair.qi[0], pair.cj[0]
            if not q.numeric[i]:
                info += pair.sim * min(q.weights[i], c.weights[j])
    value = max(NUMBER_FLOOR, min(1.0, NUMBER_SPAN - info))
    return value if q.numbers and c.numbers else ONE_SIDED_NUMBER * value


def _evidence(q: NameForm, c: NameForm, via: str, factor: float) -> NameEvidence:
    al = align(q, c)
    q_total, c_total = q.total_weight, c.total_weight
    if q.joined == c.joined and q.joined:
        # Same letters, different spacing or legal form glued on: "SiemensAG", "SergeiLavrov". The
        # same tokens with the same spacing are simply the same name, and score as such.
        same = not al.q_free and not al.c_free and all(p.how == "exact" for p in al.pairs)
        sim = 1.0 if same else JOINED_SIM
        return NameEvidence(al, sim * factor if al.pairs else sim, 0.0, _numbers(al), via)
    if not al.pairs or q_total <= 0.0 or c_total <= 0.0:
        return NameEvidence(al, 0.0, 0.0, _numbers(al), via)
    cov_q = al.q_matched / q_total
    cov_c = al.c_matched / c_total
    lean = LEAN_PERSON if q.person else LEAN_ORG
    hi, lo = (cov_q, cov_c) if cov_q >= cov_c else (cov_c, cov_q)
    similarity = lean * hi + (1.0 - lean) * lo
    if q.person and not any(p.how in _FULL_MATCHES for p in al.pairs):
        similarity *= INITIALS_ONLY_FACTOR
    return NameEvidence(al, min(1.0, similarity * factor), _conflict(al), _numbers(al), via)


def compare_names(q: NameForm, c: NameForm) -> NameEvidence:
    """Evidence from one query name against one candidate name, across scripts where needed."""
    origin = q.origin if q.origin is not None else c.origin
    if origin is not None and q.origin != c.origin and origin in ("ar", "ko"):
        if not VIEW_BUILDERS:
            VIEW_BUILDERS.update(_builders())
        build = VIEW_BUILDERS[origin]
        qv = q.view(origin, build)  # type: ignore[arg-type]
        cv = c.view(origin, build)  # type: ignore[arg-type]
        return _evidence(qv, cv, origin, CROSS_SCRIPT_FACTOR)
    return _evidence(q, c, "", 1.0)
