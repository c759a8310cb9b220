"""The screening scorer: arithmetic of explanations, name rules, identifiers, qualifiers, bad input."""

from __future__ import annotations

import csv
import math
import time
from pathlib import Path

import pytest

import interdictor.screening as screening
from interdictor.screening import NameScreeningV1, Party, prepare, score
from interdictor.screening.glossary import _load, validate_glossary

HERE = Path(__file__).parent
THRESHOLD = NameScreeningV1.THRESHOLD

PAIRS = [
    ("Person", "Vladimir Putin", "PUTIN, Vladimir Vladimirovich"),
    ("Person", "Sergey Ivanovich Lavrov", "Sergey Viktorovich Lavrov"),
    ("Company", "Siemens AG", "SiemensAG"),
    ("Company", "Company 1", "Company 2"),
    ("Company", "Dalian Sunny Industries Co Ltd", "大连阳光实业有限公司"),
    ("Person", "Hans Muller", "Петр Иванов"),
    ("Company", "", "Acme"),
    ("Company", "Global Trading Co., Ltd.", "OPG GLOBAL GENERAL TRADING CO. L.L.C"),
    ("Company", "Banco Santander S.A.", "Banco Santander México S.A."),
    ("Person", "Mao Tse-tung", "毛泽东"),
]


def test_public_namespace_matches_all() -> None:
    public = {name for name in dir(screening) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(screening, name)).__name__ == "module"}
    assert public - modules == set(screening.__all__)


@pytest.mark.parametrize(("schema", "left", "right"), PAIRS)
def test_contributions_recombine_to_the_score(schema: str, left: str, right: str) -> None:
    result = score(Party([left], schema), Party([right], schema))
    assert 0.0 <= result.score <= 1.0
    assert math.isclose(sum(r.contribution for r in result.rows), result.score, abs_tol=1e-9)
    explained = result.explain()
    assert math.isclose(sum(f.contribution for f in explained.features), explained.score, abs_tol=1e-9)
    assert explained.is_match == (result.score >= THRESHOLD)


def test_clipped_scores_show_the_clip_as_a_row() -> None:
    result = score(
        Party(["Hans Friedrich"], "Person"), Party(["Hans Friedrich"], "Person", identifiers=["X123456"])
    )
    query = Party(["Hans Friedrich"], "Person", identifiers=["X123456"])
    result = score(query, Party(["Hans Friedrich"], "Person", identifiers=["X 123456"]))
    assert result.score == 1.0
    assert result.rows[-1].name == "bounds"


def test_feature_docs_are_unique_and_non_empty() -> None:
    docs = NameScreeningV1.get_docs()
    descriptions = [f.description for f in docs.features]
    assert all(len(d) > 20 for d in descriptions)
    assert len(set(descriptions)) == len(descriptions)
    assert docs.threshold == THRESHOLD and docs.name == "interdictor-names"


def _s(schema: str, left: str, right: str) -> float:
    return score(Party([left], schema), Party([right], schema)).score


@pytest.mark.parametrize(
    ("schema", "left", "right"),
    [
        ("Person", "Olaf Scholze", "Olaf Scholz"),
        ("Person", "bin Salman Mohammed", "Mohammed bin Salman"),
        ("Person", "Ali A. Velayati", "Ali Akbar Velayati"),
        ("Person", "JC Juncker", "Jean-Claude Juncker"),
        ("Person", "Boris Johnson", "Alexandre Boris de Pfeffel Johnson"),
        ("Person", "SergeiLavrov", "Sergei Lavrov"),
        ("Person", "Moammar Qaddafi", "Muammar Gaddafi"),
        ("Company", "Siemens Aktiengesellschaft", "Siemens AG"),
        ("Company", "OAO Gazprom", "Gazprom JSC"),
        ("Company", "COMM GRP", "Communications Group"),
        ("Company", "Good Will Company", "Goodwill Company"),
        ("Organization", "PLA", "People's Liberation Army"),
        ("Organization", "Brigade Fourty-four", "Brigade 44"),
        ("Company", "Procter & Gamble Co.", "Procter and Gamble Co."),
    ],
)
def test_variants_of_one_name_match(schema: str, left: str, right: str) -> None:
    assert _s(schema, left, right) >= THRESHOLD


@pytest.mark.parametrize(
    ("schema", "left", "right"),
    [
        ("Person", "Sergey Ivanovich Lavrov", "Sergey Viktorovich Lavrov"),
        ("Person", "A. Nazarbayev", "Nursultan Nazarbayev"),
        ("Person", "Barack Obama", "Michelle Obama"),
        ("Person", "SALMAN BIN MUHAMMAD AL-RAWI", "MUHAMMAD BIN SALMAN AL-RAWI"),
        ("Person", "Anthony Albano", "Anthony Albanese"),
        ("Person", "Halla Jónsdóttir", "Halla Tómasdóttir"),
        ("Company", "Company 1", "Company 2"),
        ("Company", "Acme Trading Co Ltd", "Zenith Trading Co Ltd"),
        ("Company", "Saudi Arabian Gas Company", "Saudi Arabian Oil Company"),
        ("Company", "Blinq Holdings Pty Ltd", "Bailey Holdings Pty Ltd"),
        ("Company", "Management Company", "Westminister Management Company"),
        ("Person", "Vladimir Putin", "Acme Trading"),
    ],
)
def test_different_parties_do_not_match(schema: str, left: str, right: str) -> None:
    assert _s(schema, left, right) < THRESHOLD


def test_legal_form_is_ignored_but_recorded() -> None:
    result = score(
        Party(["Oboronnye Initsiativy OOO"], "Company"), Party(["Oboronnye Initsiativy AO"], "Company")
    )
    assert result.score >= 0.95
    assert result.legal == {"query": ["llc"], "candidate": ["jsc"]}
    row = next(r for r in result.rows if r.name == "legal_form_differs")
    assert row.contribution == 0.0 and "llc" in row.detail


def test_generic_words_weigh_less_than_distinctive_ones() -> None:
    generic = _s("Company", "Acme Trading International", "Acme Shipping International")
    distinctive = _s("Company", "Acme Trading International", "Zenith Trading International")
    assert distinctive < generic


def test_identifier_match_lifts_a_renamed_vessel() -> None:
    old = Party(["Ocean Star"], "Vessel", identifiers=["IMO 9187629"])
    renamed = Party(["Sea Breeze"], "Vessel", identifiers=["imo:9187629"])
    other = Party(["Sea Breeze"], "Vessel", identifiers=["IMO 9321483"])
    assert score(old, renamed).score >= THRESHOLD
    assert score(old, other).score < THRESHOLD
    assert any(r.name == "identifier_match" and "9187629" in r.detail for r in score(old, renamed).rows)


def test_bic_branch_phone_and_email_normalise() -> None:
    bank = Party(["Bank Sepah"], "Company", identifiers=["SEPBIRTH"])
    assert score(bank, Party(["Sepah Bank"], "Company", identifiers=["SEPB IRTH 123"])).score >= 0.9
    person = Party(["John Smith"], "Person", identifiers=["+98 21 8896 1234", "J.Smith@Example.com"])
    other = Party(["Jon Smyth"], "Person", identifiers=["00982188961234"])
    assert any(r.name == "identifier_match" for r in score(person, other).rows)


def test_birth_date_and_country_qualify() -> None:
    base = Party(["Ali Hassan Mahmoud"], "Person", birth_dates=["1970-05-01"], countries=["iq"])
    same = score(base, Party(["Ali Hassan Mahmoud"], "Person", birth_dates=["1970"], countries=["iq"]))
    other_year = score(base, Party(["Ali Hassan Mahmoud"], "Person", birth_dates=["1985-02-03"]))
    other_country = score(base, Party(["Ali Hassan Mahmoud"], "Person", countries=["sy"]))
    assert same.score > other_country.score > other_year.score
    assert any(r.name == "dob_year_mismatch" for r in other_year.rows)


def test_person_is_not_compared_with_company() -> None:
    result = score(Party(["Acme"], "Person"), Party(["Acme"], "Company"))
    assert result.score == 0.0
    generic = score(Party(["Acme"], "LegalEntity"), Party(["Acme"], "Company"))
    assert generic.score >= THRESHOLD


@pytest.mark.parametrize(
    "name",
    ["", " ", "x", "A" * 10000, "Acme\x00\x07 Trading\u200b", "Владимир Putin 习近平 محمد", "!!!", "12345"],
)
def test_bad_input_gives_a_result(name: str) -> None:
    result = score(Party([name], "LegalEntity"), Party(["Acme Trading"], "Company"))
    assert 0.0 <= result.score <= 1.0


def test_glossary_validates() -> None:
    assert validate_glossary(_load()) == []
    assert validate_glossary({"xx": {"a": ["b"]}, "zh": {"公司": []}}) == [
        "xx: unknown language (expected one of zh, ko, ar, ko_surnames)",
        "zh.公司: expected a non-empty list of English renderings",
    ]


def test_cross_script_recall() -> None:
    """Own test set: Chinese, Korean, Arabic, Persian, Russian, Greek and Hebrew vs Latin renderings."""
    with (HERE / "cross_script.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 150
    tp = fp = fn = 0
    for row in rows:
        hit = _s(row["schema"], row["name1"], row["name2"]) >= THRESHOLD
        truth = row["is_match"] == "true"
        tp += hit and truth
        fp += hit and not truth
        fn += truth and not hit
    assert tp / (tp + fn) >= 0.85
    assert tp / (tp + fp) >= 0.95


def test_scoring_prepared_parties_is_fast() -> None:
    pairs = [(prepare(Party([a], s)), prepare(Party([b], s))) for s, a, b in PAIRS[:5]] * 200
    start = time.perf_counter()
    for q, c in pairs:
        NameScreeningV1.score(q, c)
    per_pair = (time.perf_counter() - start) / len(pairs)
    assert per_pair < 0.5e-3
