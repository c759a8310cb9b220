"""Name-level evidence from a token alignment: similarity, conflicting parts and numbers.

The similarity rewards the share of each name's information (token weights) that found a partner,
leaning on the better-covered side: "Boris Johnson" is fully inside "Alexandre Boris de Pfeffel
Johnson", so a missing middle name costs little. A conflict is different: when both names keep a
distinctive part the other lacks ("Sergey Ivanovich Lavrov" / "Sergey Viktorovich Lavrov"), that
is evidence of two different parties, and it is scored as a separate, negative feature.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from rapidfuzz.distance import OSA

from interdictor.screening.align import Alignment, Pair, align
from interdictor.screening.forms import NameForm
from interdictor.screening.text import clean_text, to_ascii, tokenize
from interdictor.screening.vocab import PARTICLES, STOPWORDS

__all__ = ["VIEW_BUILDERS", "NameEvidence", "compare_names", "is_place"]

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

#: Weight of the `unmatched_distinctive` feature, repeated here for picking the best pair of names.
EXTRA_WEIGHT = 0.25
#: Unpaired tokens below this weight are ordinary words ("trading", "group"): they cost nothing extra.
EXTRA_MIN_WEIGHT = 0.5
#: A bracketed qualifier ("Deutsche Bank (Schweiz)") is added or dropped freely by lists: it costs less.
BRACKETED_FACTOR = 0.25

#: A place name ("México", "Schweiz", "Europe") marks a national branch of the same group more often
#: than another company: it costs less than a brand or business-line word ("Systems", "Litigation").
PLACE_FACTOR = 0.5
_REGIONS = frozenset(
    {"europe", "european", "asia", "asian", "africa", "african", "eurasia", "americas", "latam", "emea"}
    | {"apac", "mena", "nordic", "nordics", "scandinavia", "caribbean", "baltic", "balkans"}
)


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """One-word place names shipped in data/places.txt (from rigour's territories), plus regions."""
    path = resources.files("interdictor.screening").joinpath("data/places.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in (line.strip() for line in lines) if w and not w.startswith("#")) | _REGIONS


def is_place(token: str) -> bool:
    """True for country, region and major city names ("mexico", "schweiz", "moscow", "europe")."""
    return token in _places()


#: Similarity of two names with the same letters spaced differently ("SiemensAG" / "Siemens AG").
JOINED_SIM = 0.95

_FULL_MATCHES = frozenset(
    {"exact", "typo", "translation", "joined", "spelling variant", "abbreviation", "scrambled", "short form"}
)
_IGNORED = STOPWORDS | PARTICLES


class NameEvidence:
    """What one pair of names says: cheap slots, read by the features and the explanation."""

    __slots__ = ("alignment", "conflict", "extra", "extra_tokens", "numbers", "similarity", "via")

    def __init__(
        self,
        alignment: Alignment,
        similarity: float,
        conflict: float,
        numbers: float,
        via: str,
        extra: float = 0.0,
        extra_tokens: tuple[tuple[str, str, float], ...] = (),
    ) -> None:
        self.alignment = alignment
        self.similarity = similarity
        self.conflict = conflict
        self.numbers = numbers
        self.via = via
        #: Distinctive words of one name with no counterpart in the other, beyond the conflict.
        self.extra = extra
        #: (side, token, weight) of the unpaired distinctive words, strongest first, for the explanation.
        self.extra_tokens = extra_tokens

    @property
    def net(self) -> float:
        """Similarity less the penalties, used to pick the best pair of aliases."""
        return self.similarity - 0.5 * self.conflict - 0.35 * self.numbers - EXTRA_WEIGHT * self.extra


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


def _unpaired(form: NameForm, free: list[int], side: str) -> list[tuple[str, str, float]]:
    """Distinctive unpaired words of one side as (side, token, cost), bracketed qualifiers discounted."""
    out: list[tuple[str, str, float]] = []
    bracketed = form.bracketed
    for i in free:
        weight = form.weights[i]
        if form.numeric[i] or form.initials[i] or weight < EXTRA_MIN_WEIGHT or form.tokens[i] in _IGNORED:
            continue
        if bracketed is not None and bracketed[i]:
            weight *= BRACKETED_FACTOR
        elif is_place(form.tokens[i]):
            weight *= PLACE_FACTOR
        out.append((side, form.tokens[i], weight))
    return out


def _extra(al: Alignment, conflict: float) -> tuple[float, tuple[tuple[str, str, float], ...]]:
    """Cost of distinctive words one organisation name has and the other lacks, in 0..1.

    "Banco Santander" is inside "Banco Santander México", and "Global Trading" inside "OPG Global
    General Trading": the shared words do not make the same company when the other name keeps a
    rare word of its own (a subsidiary, another brand). The cost is the rarity (token weight) of the
    strongest such word, less what `name_conflict` already counts when both sides keep one.
    Ordinary words ("trading", "group") cost nothing here; they already weigh little in coverage.
    """
    if not al.pairs or (not al.q_free and not al.c_free):
        return 0.0, ()
    found = _unpaired(al.query, al.q_free, "query") + _unpaired(al.candidate, al.c_free, "candidate")
    if not found or conflict > 0.0:
        return 0.0, ()
    found.sort(key=lambda t: -t[2])
    return found[0][2], tuple(found)


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


#: A Korean loose key already absorbs spelling differences: a further edit in a key of one or two
#: syllables is another syllable ("pyong" / "myong", "yun" / "yon"), not a typo.
KOREAN_KEY_TYPO_MIN = 6


def _cross_script_pairs(al: Alignment, via: str) -> Alignment:
    """Drop pairs that a lossy cross-script key made look alike but that differ in what the script
    writes: a final -i written in Arabic script in a person's name ("سلطانی" is Sultani, not Sultan;
    "Salimi" is not "سالم"; organisation names translate nisba adjectives, "العربي" is "Arab"), or
    one edit in a short Korean key ("병철" Byong-chol is not Myong Chol)."""
    q, c = al.query, al.candidate
    keep: list[Pair] = []
    for pair in al.pairs:
        if len(pair.qi) == 1 and len(pair.cj) == 1:
            i, j = pair.qi[0], pair.cj[0]
            if via == "ar" and q.person and q.endings is not None and c.endings is not None:
                qe, ce = q.endings[i], c.endings[j]
                if qe is not None and ce is not None and qe != ce:
                    continue
            short = min(len(q.tokens[i]), len(c.tokens[j])) < KOREAN_KEY_TYPO_MIN
            if via == "ko" and pair.how == "typo" and short:
                continue
        keep.append(pair)
    return al if len(keep) == len(al.pairs) else Alignment(q, c, keep)


def _legal_words(form: NameForm) -> tuple[str, ...]:
    """The words of a name that its legal form took away ("joint", "stock", "company", "ag")."""
    return _words_outside(form.original, form.tokens)


@lru_cache(maxsize=65_536)
def _words_outside(original: str, tokens: tuple[str, ...]) -> tuple[str, ...]:
    kept = set(tokens)
    words = (to_ascii(t) for t in tokenize(clean_text(original).casefold()))
    return tuple(w for w in words if w and w not in kept)


def _without_misspelt_legal_form(side: NameForm, other: NameForm) -> NameForm:
    """`side` with its last words set aside as a legal form when they spell, with at most one typo
    each, the legal form `other` had set aside ("JOYNT STOCK COMPANY" for "JOINT STOCK COMPANY",
    "AkG" for "AG"): rigour recognises legal forms as written, and a misspelt one would count as
    distinctive name words."""
    if side.person or side.legal or not other.legal or len(side.tokens) < 2:
        return side
    words = _legal_words(other)
    if not words:
        return side
    cut = len(side.tokens)
    while cut > 1 and any(
        w == side.tokens[cut - 1]
        or (
            min(len(w), len(side.tokens[cut - 1])) >= 2
            and OSA.distance(w, side.tokens[cut - 1], score_cutoff=1) <= 1
        )
        for w in words
    ):
        cut -= 1
    if cut == len(side.tokens):
        return side
    legal = list(other.legal)
    return NameForm(
        side.original,
        side.kind,
        side.script,
        side.tokens[:cut],
        side.weights[:cut],
        None if side.alts is None else side.alts[:cut],
        legal,
        side.numbers,
        side.origin,
        side.joined,
    )


def _evidence(q: NameForm, c: NameForm, via: str, factor: float) -> NameEvidence:
    if not q.person and not via:
        q, c = _without_misspelt_legal_form(q, c), _without_misspelt_legal_form(c, q)
    al = align(q, c)
    if via:
        al = _cross_script_pairs(al, via)
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
    conflict = _conflict(al)
    # Across scripts an unpaired word is more often a gap in translation ("科技" is "science and
    # technology") than a word of another company: the rule is for names in one script.
    same_script = q.origin is None and c.origin is None
    extra, extra_tokens = _extra(al, conflict) if same_script and not q.person else (0.0, ())
    return NameEvidence(al, min(1.0, similarity * factor), conflict, _numbers(al), via, extra, extra_tokens)


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
