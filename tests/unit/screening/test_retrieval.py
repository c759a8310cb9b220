"""Candidate retrieval: keys per name, rarity, typos, scripts, identifiers, kinds; the index on disk."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from interdictor.screening import Party, Screener, retrieve
from interdictor.screening.entities import entity_table_from_parties
from interdictor.screening.forms import Kind
from interdictor.screening.index import LOCKSTEP_MIN, VALUE_BITS, CandidateIndex, lower_bound
from interdictor.screening.party import prepare
from interdictor.screening.retrieve import (
    WHOLE_READ_MAX,
    QualifierCut,
    _ranges_read,
    allowed_kinds,
    candidates,
    expand,
)
from interdictor.screening.screener import MAX_SCORED
from interdictor.screening.terms import deletion_keys, hash_terms, name_terms, term_hash

LIST = [
    Party(["Zolqadr, Mohammad Baqer"], "Person", ["ir"], ["1954"], id="p-zolqadr"),
    Party(["Viktor Bout", "Victor Butt"], "Person", ["ru"], id="p-bout"),
    Party(["Mohammad Ali Rahimi"], "Person", id="p-rahimi"),
    Party(["大连阳光实业有限公司"], "Company", ["cn"], id="c-dalian"),
    Party(["Orion Star"], "Vessel", identifiers=["imo:IMO9187629"], id="v-orion"),
    Party(["Crystalord Trading Co Ltd"], "Company", id="c-crystalord"),
    Party(["محمد بن سلمان"], "Person", id="p-mbs"),
    Party(["김정은"], "Person", id="p-kju"),
    Party(["Blue Lotus Trading Co Ltd; Blue Lotus Trading LLC"], "Company", id="c-lotus"),
] + [
    Party([f"Golden {w} Trading Co Ltd"], "Company", id=f"c-{w}")
    for w in ("Apex", "Birch", "Cedar", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Indigo", "Jasper")
]


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_table(entity_table_from_parties(("test", p) for p in LIST))


def _ids(screener: Screener, found: list[tuple[int, float]]) -> list[str]:
    return [screener.row(e)["entity_id"] for e, _ in found]


def test_hashes_are_stable_and_distinct() -> None:
    assert term_hash("mohammed") == int(hash_terms(["mohammed"])[0]) == -451978692233000608
    assert len(set(hash_terms([f"t{i}" for i in range(10_000)]).tolist())) == 10_000
    # the plain-Python hash of one key equals the vectorised one, long and non-ASCII keys included
    keys = ["", "a", "\x00id:imo:9187629", "é" * 40, "x" * 31, "y" * 33, "汉字" * 9, "zolqadr"]
    assert [term_hash(k) for k in keys] == hash_terms(keys).tolist()
    assert deletion_keys("abc") == [] and "bout" in deletion_keys("bouts") and len(deletion_keys("bout")) == 5


def test_terms_in_other_scripts_meet_latin() -> None:
    assert {"dalian", "sunny", "industries"} <= set(name_terms("大连阳光实业有限公司", Kind.ORG))
    assert "mhmd" in name_terms("محمد بن سلمان", Kind.PERSON)
    assert name_terms("  \x00 ", Kind.ORG) == []


@pytest.mark.parametrize(
    ("query", "schema", "expected"),
    [
        ("Mohammad Baqer Zolqadr", "Person", "p-zolqadr"),
        ("Mohammad Baqer Zolqadir", "Person", "p-zolqadr"),  # typo in the distinctive token
        ("Zolqard Mohammad", "Person", "p-zolqadr"),  # transposition, other order
        ("Viktor But", "Person", "p-bout"),
        ("Dalian Sunny Industries", "Company", "c-dalian"),
        ("Mohammed bin Salman", "Person", "p-mbs"),
        ("Kim Jong Un", "Person", "p-kju"),
        ("CrystalordTrading", "Company", "c-crystalord"),
        ("Blue Lotus Trading LLC", "Company", "c-lotus"),  # aliases in one cell are split
    ],
)
def test_candidate_found(screener: Screener, query: str, schema: str, expected: str) -> None:
    found = screener.candidates(Party([query], schema))
    assert expected in _ids(screener, found)


def test_generic_words_do_not_fetch_everything(screener: Screener) -> None:
    found = screener.candidates(Party(["Trading Co Ltd"], "Company"))
    assert len(found) <= MAX_SCORED
    assert screener.screen("Trading Co Ltd", schema="Company") == []
    assert screener.screen("Golden Trading Company Limited", schema="Company") == []


def test_common_term_postings_are_not_read_when_a_rare_one_matched(screener: Screener) -> None:
    index = screener.index
    index.common_postings = 3  # "golden", "trading", "co", "ltd" become common in this small index
    try:
        found = screener.candidates(Party(["Golden Falcon Trading"], "Company"))
        assert _ids(screener, found)[0] == "c-Falcon"
        assert len(found) <= 2  # not the ten "Golden ... Trading" companies
    finally:
        index.common_postings = 2000


def test_identifier_finds_an_entity_whatever_its_name(screener: Screener) -> None:
    found = screener.candidates(Party(["Nameless"], "Vessel", identifiers=["9187629"]))
    assert _ids(screener, found) == ["v-orion"]
    matches = screener.screen("Nameless", schema="Vessel", identifiers=["IMO 9187629"])
    assert matches and matches[0].entity_id == "v-orion"


def test_kinds_filter_candidates(screener: Screener) -> None:
    assert screener.candidates(Party(["Viktor Bout"], "Company")) == []
    assert allowed_kinds(None) == frozenset({0, 1, 2, 3})


def test_estimates_rank_the_closest_name_first(screener: Screener) -> None:
    terms = name_terms("Mohammad Ali Rahimi", Kind.PERSON)
    expansions, weights = expand(screener.index, terms)
    assert len(weights) == 3 and {e.how for e in expansions} >= {"exact"}
    found = candidates(screener.index, [terms], allowed_kinds(Kind.PERSON), limit=5)
    assert _ids(screener, found)[0] == "p-rahimi"
    assert found[0][1] == pytest.approx(1.0)
    assert all(a[1] >= b[1] for a, b in itertools.pairwise(found))


def test_screen_returns_store_ids_scores_and_explanations(screener: Screener) -> None:
    matches = screener.screen("ZOLQADR, Mohammad Baqer", schema="Person", country="Iran", birth_date="1954")
    assert [m.entity_id for m in matches] == ["p-zolqadr"]
    match = matches[0]
    assert match.list_name == "test" and match.schema_name == "Person" and match.score == 1.0
    assert match.explanation.features[0].name == "name_similarity"
    assert sum(f.contribution for f in match.explanation.features) == pytest.approx(match.score)
    # a different birth year costs 0.3 and says so
    other = screener.screen("Mohammad Baqer Zolqadr", schema="Person", birth_date="1980")[0]
    assert other.score == pytest.approx(0.7)
    assert "dob_year_mismatch" in [f.name for f in other.explanation.features]
    assert screener.screen("Mohammad Baqer Zolqadr", schema="Person", birth_date="1980", threshold=0.8) == []


@pytest.mark.parametrize(
    "name", ["", "x", "\x00\x01\x02", "A" * 10_000, "Zolqadr " * 2000, "Ñ" * 500 + "汉字"]
)
def test_bad_names_give_a_result_not_a_crash(screener: Screener, name: str) -> None:
    assert isinstance(screener.screen(name, limit=3), list)


def test_screen_many_keeps_order(screener: Screener) -> None:
    out = list(
        screener.screen_many(
            [Party(["Viktor Bout"], "Person"), Party(["Nobody Known"]), Party(["Orion Star"])]
        )
    )
    assert [[m.entity_id for m in ms] for ms in out] == [["p-bout"], [], ["v-orion"]]


def test_index_round_trips_through_disk(screener: Screener, tmp_path: Path) -> None:
    screener.index.save(tmp_path)
    loaded = CandidateIndex.load(tmp_path)
    assert loaded.vocab == screener.index.vocab
    assert loaded.country_codes == screener.index.country_codes
    for name in ("post_names", "years", "year_off", "countries", "country_off"):
        assert np.array_equal(getattr(loaded, name), getattr(screener.index, name)), name
    again = Screener(loaded, screener.entities)
    assert [m.entity_id for m in again.screen("Viktor But", schema="Person")] == ["p-bout"]


def test_empty_index() -> None:
    empty = Screener.from_table(entity_table_from_parties([]))
    assert empty.screen("Anyone") == [] and len(empty.index) == 0


def test_qualifiers_prune_only_what_cannot_alert(screener: Screener) -> None:
    index = screener.index
    zolqadr = _ids(screener, [(e, 0.0) for e in range(len(index))]).index("p-zolqadr")
    ents = np.array([zolqadr, 1, 3], np.int32)  # Zolqadr (1954, ir), Bout (no year, ru), Dalian (cn)
    years, countries = index.qualifier_mismatches(ents, {1980}, {"ru"})
    assert years.tolist() == [True, False, False] and countries.tolist() == [True, False, True]
    assert [a.tolist() for a in index.qualifier_mismatches(ents, (), ())] == [[False] * 3] * 2
    # Another year and another country: at most 1.0 - 0.3 - 0.1 = 0.6, never scored
    query = Party(["Mohammad Baqer Zolqadr"], "Person", ["de"], ["1980"])
    assert "p-zolqadr" not in _ids(screener, screener.candidates(query))
    assert "p-zolqadr" in _ids(screener, screener.candidates(query, prune=False))
    assert screener.screen(query) == []
    # Another year alone leaves exactly 0.7: scored, and it alerts as before
    same_country = Party(["Mohammad Baqer Zolqadr"], "Person", ["ir"], ["1980"])
    assert "p-zolqadr" in _ids(screener, screener.candidates(same_country))
    # A lower threshold prunes less
    assert "p-zolqadr" in _ids(screener, screener.candidates(query, threshold=0.5))


def test_pruning_never_changes_results(screener: Screener) -> None:
    queries = [
        Party([p.names[0]], p.schema, countries, dates)
        for p in LIST
        for countries, dates in (((), ()), (["ir"], ["1954"]), (["de"], ["1980"]), (["ru"], ()))
    ]
    for query in queries:
        pruned = {e for e, _ in screener.search(query)}
        full = {
            e
            for e, _ in screener.candidates(query, prune=False)
            if screener.algorithm.score(prepare(query), screener.prepared(e)).score >= 0.7
        }
        assert pruned == full, query


def test_batch_gives_each_query_what_it_gets_alone(screener: Screener) -> None:
    queries = [
        Party(["Mohammad Baqer Zolqadr"], "Person", ["de"], ["1980"]),
        Party(["Viktor But", "Victor Bout"], "Person", ["ru"]),
        Party(["Golden Falcon Trading"], "Company"),
        Party(["Nobody Known"]),
        Party(["Orion Star"], "Vessel", identifiers=["9187629"]),
        Party(["Dalian Sunny Industries"], "Company", ["cn"]),
    ]
    alone = [screener.search(q) for q in queries]
    together = screener.search_many(queries)
    assert [[(e, r.score) for e, r in found] for found in together] == [
        [(e, r.score) for e, r in found] for found in alone
    ]
    assert [len(found) for found in together] == [0, 1, 1, 0, 1, 1]


def test_entities_with_several_years_and_countries_are_judged_on_all_of_them() -> None:
    parties = [
        Party(["Ivan Petrov"], "Person", ["ru", "by"], ["1960", "1961"], id="several"),
        Party(["Ivan Petrov"], "Person", ["ru"], ["1960"], id="one"),
    ]
    screener = Screener.from_table(entity_table_from_parties(("test", p) for p in parties))
    index = screener.index
    codes = index._qualifiers[np.array([0, 1, 0, 1], np.int32)]
    names = np.array([0, 1, 0, 1], np.int32)  # one name each, in entity order
    by, us = index.country_ids["by"], -2
    years, countries = index.row_mismatches(
        codes, names, np.array([1961, 1961, 1970, -1]), np.array([by, by, us, -1])
    )
    assert years.tolist() == [False, True, True, False]
    assert countries.tolist() == [False, True, True, False]
    # Another year and another country: no entity can reach the threshold; one shared value of
    # several suffices ("one" has neither 1961 nor by).
    found = screener.search_many(
        [
            Party(["Ivan Petrov"], "Person", ["de"], ["1970"]),
            Party(["Ivan Petrov"], "Person", ["by"], ["1961"]),
        ]
    )
    assert [[screener.row(e)["entity_id"] for e, _ in f] for f in found] == [[], ["several"]]


def test_lockstep_search_finds_what_searchsorted_finds_within_each_slice() -> None:
    rng = np.random.default_rng(7)
    lens = rng.integers(0, 300, 400)
    off = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
    term = np.repeat(np.arange(len(lens), dtype=np.int64), lens)
    keys = np.sort((term << VALUE_BITS) | rng.integers(0, 50, len(term)))
    which = rng.integers(0, len(lens), 2000)
    needles = (which.astype(np.int64) << VALUE_BITS) | rng.integers(0, 52, len(which))
    assert len(needles) >= LOCKSTEP_MIN  # the lockstep path, not numpy's
    found = lower_bound(keys, off[which], off[which + 1], needles)
    assert found.tolist() == np.searchsorted(keys, needles, "left").tolist()


def test_ranges_read_only_what_can_reach_the_cut() -> None:
    def cut(years: set[int], countries: set[str], need: float) -> QualifierCut:
        return QualifierCut(frozenset(years), frozenset(countries), 1.0, 0.3, 0.1, need)

    assert _ranges_read(None) == "whole"
    assert _ranges_read(cut({1954}, {"ir"}, 0.7)) == "yc"  # shares the year or the country
    assert _ranges_read(cut({1954}, {"ir"}, 0.75)) == "y"  # another year is too much alone
    assert _ranges_read(cut({1954}, {"ir"}, 0.95)) == "y"  # both must agree: the year reads fewer
    assert _ranges_read(cut({1954}, set(), 0.7)) == "whole"  # another year leaves 0.7
    assert _ranges_read(cut(set(), {"ir"}, 0.95)) == "c"
    assert _ranges_read(cut({1954}, {"ir"}, 1.5)) == ""


@pytest.mark.parametrize("whole_read_max", [0, WHOLE_READ_MAX])
def test_ranged_gather_keeps_what_reading_every_posting_keeps(
    whole_read_max: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retrieve, "WHOLE_READ_MAX", whole_read_max)  # 0: ranges, as in a batch
    # Many namesakes with every mix of years and countries (one, several, none): the ranges of
    # postings read by qualifier must keep exactly the entities the exact check keeps.
    rng = np.random.default_rng(3)
    parties = []
    for n in range(3000):
        years = [str(y) for y in rng.choice([1950, 1951, 1952], rng.integers(0, 3), replace=False)]
        countries = [str(c) for c in rng.choice(["ir", "ru", "de"], rng.integers(0, 3), replace=False)]
        name = f"Ivan {['Petrov', 'Petrova', 'Sidorov'][n % 3]}"
        parties.append(("test", Party([name], "Person", countries, years, id=f"p{n}")))
    big = Screener.from_table(entity_table_from_parties(parties))
    cases = [(["ir"], ["1950"]), (["de", "ru"], ["1951"]), (["xx"], ["1952", "1950"]), ([], ["1950"])]
    for countries, dates in cases:
        query = Party(["Ivan Petrov"], "Person", countries, dates)
        prepared = prepare(query, eager=False)
        for threshold in (0.7, 0.75, 0.95):
            pruned = {e for e, _ in big.candidates(query, threshold=threshold, limit=10**6)}
            unpruned = big.candidates(query, threshold=threshold, limit=10**6, prune=False)
            top, year_cost, country_cost = big.qualifier_bound(prepared)
            ents = np.array([e for e, _ in unpruned], np.int32)
            y_off, c_off = big.index.qualifier_mismatches(ents, prepared.years, prepared.countries)
            bound = np.minimum(1.0, top - year_cost * y_off - country_cost * c_off)
            assert pruned == set(ents[bound >= threshold - 1e-6].tolist()), (countries, dates, threshold)


def test_new_terms_are_widened_together_each_index_term_once_at_its_best(screener: Screener) -> None:
    index = screener.index
    index.expansion_cache.clear()
    ids = index.term_ids
    found, _ = expand(index, ["zolqadir", "zolqadr", "victor", "siemensag", "qqqqqq"])
    by_query: dict[int, dict[int, tuple[float, str]]] = {}
    for e in found:
        assert e.term not in by_query.setdefault(e.qi, {})  # one row per index term
        by_query[e.qi][e.term] = (e.sim, e.how)
    assert by_query[0][ids["zolqadr"]] == (pytest.approx(1 - 1.25 / 8), "typo")
    assert by_query[1][ids["zolqadr"]] == (1.0, "exact")  # not also a typo of itself
    assert by_query[2][ids["victor"]] == (1.0, "exact")
    # one typo in six letters credits 0.79, the shared phonetic key 0.8: the better one stays
    assert by_query[2][ids["viktor"]] == (pytest.approx(0.8), "ph")
    assert 3 not in by_query and 4 not in by_query  # nothing known near them


def test_few_new_terms_are_widened_as_many_are(screener: Screener) -> None:
    index = screener.index
    terms = ["zolqadir", "zolqadr", "victor", "siemensag", "baqer", "mohamad", "dalianyangguang", "qqqq"]
    few = retrieve._widen_few(index, terms)
    many = retrieve._widen(index, terms)
    for a, b in zip(few, many, strict=True):
        assert a.terms.tolist() == b.terms.tolist()
        assert a.sims.tolist() == b.sims.tolist() and a.hows.tolist() == b.hows.tolist()
