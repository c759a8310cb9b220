"""Token alignment between two names: the hot loop of the scorer.

Tokens are paired in any order: exact equals first, then the best remaining pairs by similarity
(typos, initials, abbreviations, alternative renderings), then run-on words ("SiemensAG",
"DALIANYANGGUANG") against several tokens of the other name, then acronyms ("PLA" against
"People's Liberation Army"). What stays unpaired on each side drives the penalties in `names.py`.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA

from interdictor.screening.forms import NameForm
from interdictor.screening.vocab import STOPWORDS

__all__ = ["Alignment", "Pair", "align", "allowed_edits", "token_similarity"]

#: Similarity credited to each kind of non-literal token match.
ALT_SIM = 0.95
ABBREV_SIM = 0.9
INITIAL_SIM = 0.9
ACRONYM_SIM = 0.85
SKELETON_SIM = 0.8
#: Similarity of a first name and its short form ("Ben" / "Benjamin"), and the shortest short form.
SHORT_FORM_SIM = 0.8
SHORT_FORM_MIN = 3
#: Similarity of a token written with the same letters in another order, from this length on.
SCRAMBLE_SIM = 0.8
SCRAMBLE_MIN = 5
#: A weight below this marks a token as an ordinary word ("bank", "gas"): two different ordinary
#: words are a substitution ("Saudi Arabian Gas" vs "Oil"), not a typo, in organisation names.
COMMON_WORD_WEIGHT = 0.6
#: Below this a word is seen in enough list names to be a known word that lists abbreviate ("communications").
KNOWN_WORD_WEIGHT = 0.95


#: Each edit costs this share of the token length, so one typo in a short token counts for more.
EDIT_COST = 1.25


def allowed_edits(length: int, person: bool = False) -> int:
    """Typos tolerated in a token of this length: 0 up to 3 letters (1 in a person's name), then 1, 2, 3."""
    if length <= 3:
        return 1 if person and length == 3 else 0
    if length <= 6:
        return 1
    if length <= 10:
        return 2
    return 3


@lru_cache(maxsize=100000)
def _skeleton(token: str) -> str:
    """Consonant skeleton for vowel-variant spellings of one name ("husayn" / "hussein" -> "hsn")."""
    out: list[str] = []
    for ch in (
        token.replace("ph", "f")
        .replace("kh", "k")
        .replace("q", "k")
        .replace("ou", "u")
        .replace("zh", "j")
        .replace("x", "ks")
    ):
        if ch in "aeiouyw":
            continue
        if ch in "cg":
            ch = "k"
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def _plausible_typo(a: str, b: str, dist: int) -> bool:
    """Reject edits that change what distinguishes two names rather than misspell one.

    A name cut short ("albano" / "albanese") is another name. Once a shared beginning and ending
    are set aside, two edits that leave nothing in common ("ahmed" / "ahmad" passes, "sukarno" /
    "sukamto" does not) or three or more edits that rewrite most of what differs ("jonsdottir" /
    "tomasdottir") are another name too, however long the shared ending.
    """
    if dist < 2:
        return True
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if len(long) > len(short) and long.startswith(short[:-1]):
        # A name cut short is another name, unless the longer one only adds an inflection: Latvian
        # and Lithuanian write a final -s ("Sergejs", "Lavrovs" for Sergey, Lavrov).
        return long.endswith("s") and not short.endswith("s") and OSA.distance(long[:-1], short) <= 1
    start = 0
    limit = len(short)
    while start < limit and a[start] == b[start]:
        start += 1
    end = 0
    while end < limit - start and a[-1 - end] == b[-1 - end]:
        end += 1
    core_a, core_b = a[start : len(a) - end], b[start : len(b) - end]
    if not core_a or not core_b:
        return True
    if dist == 2:
        return not set(core_a).isdisjoint(core_b)
    return dist <= 0.5 * max(len(core_a), len(core_b))


_VOWELS = frozenset("aeiouy")


def _transliterated(a: str, b: str) -> bool:
    """Two renderings of one person's name rather than a typo: the vowels written differently,
    letter for letter ("osama" / "usama", "laden" / "ladin"), or a Latvian or Lithuanian final -s
    on a name one edit away ("sergejs" / "sergey", "lavrovs" / "lavrov")."""
    if len(a) == len(b):
        return all(x == y or (x in _VOWELS and y in _VOWELS) for x, y in zip(a, b, strict=True))
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return len(long) == len(short) + 1 and long.endswith("s") and OSA.distance(long[:-1], short) <= 1


def _short_form(a: str, b: str) -> bool:
    """A given name and its short form, its first letters ("Ben" / "Benjamin", "Alex" /
    "Alexander"): three letters at least, two cut at least.
    Only the first words of two person names are compared so (given names come first): further
    on, a name's start is another name ("Lind" / "Lindemann", "Oleksandr" / "Oleksandrovych")."""
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return (
        len(short) >= SHORT_FORM_MIN
        and len(long) >= len(short) + 2
        and long.startswith(short)
        and short.isalpha()
    )


def _is_abbreviation(short: str, long: str) -> bool:
    """True if `short` is written with letters of `long`, in order, starting alike ("grp" / "group")."""
    if short[0] != long[0]:
        return False
    pos = 0
    for ch in short:
        pos = long.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def token_similarity(a: str, b: str, wa: float, wb: float, person: bool) -> tuple[float, str]:
    """Similarity of two different tokens in [0, 1] and how it was reached ("" when none)."""
    la, lb = len(a), len(b)
    if la == 1 or lb == 1:
        if person and a[0] == b[0]:
            return INITIAL_SIM, "initial"
        return 0.0, ""
    if a[0].isdigit() or b[0].isdigit():
        return 0.0, ""
    longest = la if la > lb else lb
    cutoff = allowed_edits(longest, person)
    if cutoff:
        dist = OSA.distance(a, b, score_cutoff=cutoff)
        if dist <= cutoff and _plausible_typo(a, b, dist):
            if not person and wa < COMMON_WORD_WEIGHT and wb < COMMON_WORD_WEIGHT:
                return 0.0, ""
            sim = max(0.0, 1.0 - EDIT_COST * dist / longest)
            if person and sim < SKELETON_SIM and la >= 4 and lb >= 4 and _transliterated(a, b):
                return SKELETON_SIM, "spelling variant"
            return sim, "typo"
    scrambled = la == lb and la >= SCRAMBLE_MIN and sorted(a) == sorted(b)
    if scrambled and (person or (wa >= COMMON_WORD_WEIGHT and wb >= COMMON_WORD_WEIGHT)):
        # The same letters in another order ("Vladimir nitPu", "rimaldiV"): a name disguised or
        # mistyped letter by letter, where edit distance sees a different word.
        return SCRAMBLE_SIM, "scrambled"
    if not person and la >= 2 and lb >= 2:
        short, long, wlong = (a, b, wb) if la < lb else (b, a, wa)
        if len(long) >= len(short) + 2 and wlong < KNOWN_WORD_WEIGHT and _is_abbreviation(short, long):
            return ABBREV_SIM, "abbreviation"
    if ("x" in a or "x" in b) and a.replace("x", "ks") == b.replace("x", "ks"):
        return SKELETON_SIM, "spelling variant"
    if person and la >= 4 and lb >= 4 and -1 <= la - lb <= 1:
        sa = _skeleton(a)
        if len(sa) >= 3 and sa == _skeleton(b):
            return SKELETON_SIM, "spelling variant"
    return 0.0, ""


#: The same token pairs ("mohammad" / "muhammad") come back across queries and aliases: memoised.
_cached_similarity = lru_cache(maxsize=262_144)(token_similarity)


class Pair:
    """Tokens of the query (qi) paired with tokens of the candidate (cj) at a similarity."""

    __slots__ = ("cj", "how", "qi", "sim")

    def __init__(self, qi: tuple[int, ...], cj: tuple[int, ...], sim: float, how: str) -> None:
        self.qi = qi
        self.cj = cj
        self.sim = sim
        self.how = how


class Alignment:
    """The outcome of pairing two names' tokens, with the weighted coverage of each side."""

    __slots__ = ("c_free", "c_matched", "candidate", "pairs", "q_free", "q_matched", "query")

    def __init__(self, query: NameForm, candidate: NameForm, pairs: list[Pair]) -> None:
        self.query = query
        self.candidate = candidate
        self.pairs = pairs
        qw, cw = query.weights, candidate.weights
        q_seen: set[int] = set()
        c_seen: set[int] = set()
        q_matched = c_matched = 0.0
        for pair in pairs:
            sim = pair.sim
            for i in pair.qi:
                q_matched += sim * qw[i]
                q_seen.add(i)
            for j in pair.cj:
                c_matched += sim * cw[j]
                c_seen.add(j)
        self.q_matched = q_matched
        self.c_matched = c_matched
        self.q_free = [i for i in range(len(qw)) if i not in q_seen]
        self.c_free = [j for j in range(len(cw)) if j not in c_seen]


def _merge_pass(
    a: NameForm, b: NameForm, a_used: list[bool], b_used: list[bool], pairs: list[Pair], flip: bool
) -> None:
    """Pair one token of `a` with 2-3 consecutive free tokens of `b` written apart ("good will")."""
    at, bt = a.tokens, b.tokens
    for i, tok in enumerate(at):
        if a_used[i] or len(tok) < 4:
            continue
        for j in range(len(bt) - 1):
            if b_used[j] or not tok.startswith(bt[j][:1]):
                continue
            joined = bt[j]
            for k in range(j + 1, min(j + 4, len(bt))):
                if b_used[k]:
                    break
                joined += bt[k]
                if len(joined) > len(tok) + 3:
                    break
                cutoff = allowed_edits(len(tok)) if len(tok) >= 5 else 0
                dist = OSA.distance(tok, joined, score_cutoff=cutoff)
                if dist <= cutoff:
                    span = tuple(range(j, k + 1))
                    sim = 1.0 - EDIT_COST * dist / max(len(tok), len(joined))
                    a_used[i] = True
                    for m in span:
                        b_used[m] = True
                    pairs.append(Pair(span, (i,), sim, "joined") if flip else Pair((i,), span, sim, "joined"))
                    break
            if a_used[i]:
                break


def _acronym_pass(
    a: NameForm, b: NameForm, a_used: list[bool], b_used: list[bool], pairs: list[Pair], flip: bool
) -> None:
    """Pair a short token of `a` with the run of free tokens of `b` it abbreviates ("pla", "jc")."""
    at, bt = a.tokens, b.tokens
    max_len = 3 if a.person else 6
    for i, tok in enumerate(at):
        if a_used[i] or not 2 <= len(tok) <= max_len or not tok.isalpha():
            continue
        for j in range(len(bt)):
            if b_used[j] or bt[j][0] != tok[0] or bt[j] in STOPWORDS:
                continue
            span: list[int] = []
            pos = 0
            k = j
            while k < len(bt) and pos < len(tok) and not b_used[k]:
                word = bt[k]
                if word[0] == tok[pos]:
                    span.append(k)
                    pos += 1
                elif word not in STOPWORDS:
                    break
                k += 1
            if pos == len(tok) and len(span) >= 2:
                a_used[i] = True
                for m in span:
                    b_used[m] = True
                cj = tuple(span)
                pairs.append(
                    Pair(cj, (i,), ACRONYM_SIM, "acronym") if flip else Pair((i,), cj, ACRONYM_SIM, "acronym")
                )
                break


def align(query: NameForm, candidate: NameForm) -> Alignment:
    """Pair the tokens of two names, in any order, and measure what each side left unpaired."""
    qt, ct = query.tokens, candidate.tokens
    q_used = [False] * len(qt)
    c_used = [False] * len(ct)
    pairs: list[Pair] = []
    for i, tok in enumerate(qt):
        for j, other in enumerate(ct):
            if not c_used[j] and tok == other:
                q_used[i] = c_used[j] = True
                pairs.append(Pair((i,), (j,), 1.0, "exact"))
                break
    if len(pairs) < len(qt) and len(pairs) < len(ct):
        person = query.person
        qa, ca = query.alts, candidate.alts
        qw, cw = query.weights, candidate.weights
        options: list[tuple[float, int, int, str]] = []
        for i, tok in enumerate(qt):
            if q_used[i]:
                continue
            for j, other in enumerate(ct):
                if c_used[j]:
                    continue
                if (qa is not None and (other in qa[i] or (ca is not None and qa[i] & ca[j]))) or (
                    ca is not None and tok in ca[j]
                ):
                    options.append((ALT_SIM, i, j, "translation"))
                    continue
                sim, how = _cached_similarity(tok, other, qw[i], cw[j], person)
                if sim > 0.0:
                    options.append((sim, i, j, how))
        if options:
            options.sort(key=lambda o: -o[0])
            for sim, i, j, how in options:
                if not q_used[i] and not c_used[j]:
                    q_used[i] = c_used[j] = True
                    pairs.append(Pair((i,), (j,), sim, how))
    if query.person and qt and ct and not q_used[0] and not c_used[0] and _short_form(qt[0], ct[0]):
        q_used[0] = c_used[0] = True
        pairs.append(Pair((0,), (0,), SHORT_FORM_SIM, "short form"))
    if not all(q_used) and not all(c_used):
        _merge_pass(query, candidate, q_used, c_used, pairs, flip=False)
        _merge_pass(candidate, query, c_used, q_used, pairs, flip=True)
    if not all(q_used) and not all(c_used):
        _acronym_pass(query, candidate, q_used, c_used, pairs, flip=False)
        _acronym_pass(candidate, query, c_used, q_used, pairs, flip=True)
    return Alignment(query, candidate, pairs)
