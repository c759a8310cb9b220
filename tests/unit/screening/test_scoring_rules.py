"""Rules added to the pair scorer: each with a pair it must match and a pair it must not."""

from __future__ import annotations

import math

import pytest

from interdictor.screening import NameScreeningV1, Party, score
from interdictor.screening.arabic import latin_ending, script_ending
from interdictor.screening.forms import Kind, name_tokens
from interdictor.screening.names import is_place
from interdictor.screening.wadegiles import wade_giles_tokens, wg_syllables

THRESHOLD = NameScreeningV1.THRESHOLD


def _s(schema: str, left: str, right: str) -> float:
    return score(Party([left], schema), Party([right], schema)).score


# unmatched_distinctive: a rare word one organisation name keeps and the other lacks


def test_generic_words_alone_do_not_alert_and_the_missing_word_is_named() -> None:
    result = score(
        Party(["Global Trading Co., Ltd."], "Company"),
        Party(["OPG GLOBAL GENERAL TRADING CO. L.L.C"], "Company"),
    )
    assert result.score < THRESHOLD
    row = next(r for r in result.rows if r.name == "unmatched_distinctive")
    assert row.contribution < 0 and "'opg' (candidate" in row.detail
    assert math.isclose(sum(r.contribution for r in result.rows), result.score, abs_tol=1e-9)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Banco Santander S.A.", "Banco Santander México S.A."),
        ("CRYSTALORD SYSTEMS LIMITED", "CRYSTALORD LTD"),
        ("International Trading LLC", "Zarsazan International Trading LLC"),
        ("Star Shipping Co", "Golden Star Shipping Co"),
    ],
)
def test_an_extra_rare_word_is_another_company(left: str, right: str) -> None:
    assert _s("Company", left, right) < THRESHOLD


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Global Trading Company Limited", "Global Trading Co. Ltd."),
        ("Deutsche Bank (Schweiz) AG", "Deutsche Bank AG"),
        ("Amin Exchange", "Amin Exchange Company"),
        ("Mir Business Bank", "Mir Business Bank Moscow"),
        ("Naftiran Intertrade Co", "Naftiran Intertrade Company Ltd"),
    ],
)
def test_ordinary_words_brackets_and_places_cost_little(left: str, right: str) -> None:
    assert _s("Company", left, right) >= THRESHOLD


def test_places_are_recognised() -> None:
    assert is_place("mexico") and is_place("schweiz") and is_place("europe")
    assert not is_place("systems") and not is_place("global")


def test_persons_are_not_charged_for_extra_names() -> None:
    assert _s("Person", "Boris Johnson", "Alexandre Boris de Pfeffel Johnson") >= THRESHOLD


# legal forms and vessel prefixes


def test_a_leading_legal_form_is_kept_when_the_name_ends_with_one() -> None:
    assert name_tokens("OPG Global General Trading LLC", Kind.ORG) == (
        ["opg", "global", "general", "trading"],
        ["llc"],
    )
    assert name_tokens("OOO Oboronnye Initsiativy", Kind.ORG) == (["oboronnye", "initsiativy"], ["llc"])


def test_a_dotted_legal_form_rigour_misses_is_set_aside() -> None:
    assert name_tokens("Oboronnye Initsiativy o.O.O.", Kind.ORG) == (["oboronnye", "initsiativy"], ["llc"])
    assert name_tokens("Limited Edition Ltd", Kind.ORG)[0] == ["limited", "edition"]


@pytest.mark.parametrize(
    ("left", "right", "match"),
    [
        ("MV Ocean Star", "Ocean Star", True),
        ("M/T Ocean Star", "Ocean Star", True),
        ("Northern Golden Star", "Golden Star", False),
    ],
)
def test_vessel_type_prefixes_are_not_name_words(left: str, right: str, match: bool) -> None:
    assert (_s("Vessel", left, right) >= THRESHOLD) is match


# cross-script: what the script writes must agree


def test_endings() -> None:
    assert latin_ending("soltani") == "y" and latin_ending("sultan") == "" and latin_ending("musa") is None
    assert script_ending("سلطانی") == "y" and script_ending("سلطان") == "" and script_ending("موسی") == "y"


@pytest.mark.parametrize(
    ("left", "right", "match"),
    [
        ("محمد سلطانی", "Mohammad Soltani", True),
        ("علی حسینی", "Ali Hosseini", True),
        ("موسی", "Musa", True),
        ("محمد سلطانی", "Ahmed Sultan", False),
        ("سالم آل حسين", "HOSEIN SALIMI", False),
        ("محمد جعفر پور", "JAFAR MOHAMMADI", False),
    ],
)
def test_a_written_final_i_must_agree(left: str, right: str, match: bool) -> None:
    assert (_s("Person", left, right) >= THRESHOLD) is match


@pytest.mark.parametrize(
    ("left", "right", "match"),
    [
        ("김영일", "Kim Yong Il", True),
        ("강병철", "Kang Pyong Chol", True),
        ("영식 김", "KIM JONG SIK", False),
        ("병철 순옥 강", "Kang Myong Chol", False),
        ("정남 윤", "YO'N CHO'NG NAM", False),
    ],
)
def test_no_typos_in_short_korean_keys(left: str, right: str, match: bool) -> None:
    assert (_s("Person", left, right) >= THRESHOLD) is match


# Wade-Giles


def test_wade_giles_syllables() -> None:
    assert {"xi"} == set(wg_syllables("hsi"))
    assert {"zedong", "cedong"} <= {a + b for a in wg_syllables("tse") for b in wg_syllables("tung")}
    assert wade_giles_tokens("li wei") is None  # nothing pinyin would not write
    assert wade_giles_tokens("vladimir putin") is None


@pytest.mark.parametrize(
    ("left", "right", "match"),
    [
        ("Hsi Chin-ping", "Xi Jinping", True),
        ("Mao Tse-tung", "Mao Zedong", True),
        ("Teng Hsiao-ping", "Deng Xiaoping", True),
        ("Mao Tse-tung", "毛泽东", True),
        ("Mao Tse-tung", "Mao Zetian", False),
        ("Hsi Chin-ping", "Xi Jinbao", False),
    ],
)
def test_wade_giles_names_meet_pinyin(left: str, right: str, match: bool) -> None:
    assert (_s("Person", left, right) >= THRESHOLD) is match


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Dalian Yangguang Shiye Youxian Gongsi", "大连阳光实业有限公司"),
        ("Beijing Zhongguancun Science and Technology Co", "北京中关村科技有限公司"),
        ("Arab Bank", "البنك العربي"),
    ],
)
def test_cross_script_gaps_in_translation_are_not_extra_words(left: str, right: str) -> None:
    result = score(Party([left], "Company"), Party([right], "Company"))
    assert result.score >= THRESHOLD
    assert not any(r.name == "unmatched_distinctive" for r in result.rows)


# Renderings of one person's name that edit distance misreads


def _hows(left: str, right: str) -> str:
    result = score(Party([left], "Person"), Party([right], "Person"))
    return next(str(r.detail) for r in result.rows if r.name == "name_similarity")


@pytest.mark.parametrize(
    ("left", "right", "how"),
    [
        ("Ahmad Kirami", "Ahmad Karimi", "scrambled"),  # the same letters in another order
        ("Usama Haddad", "Osama Haddad", "spelling variant"),  # vowels written differently
        ("Andrejs Ivanovs", "Andrey Ivanov", "spelling variant"),  # Latvian final -s
        ("Alex Morgan", "Alexander Morgan", "short form"),  # a first name's short form
    ],
)
def test_renderings_of_one_name_match(left: str, right: str, how: str) -> None:
    assert _s("Person", left, right) >= THRESHOLD
    assert how in _hows(left, right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Amir Hosseini", "Mira Hosseini"),  # too short to be a scrambled spelling
        ("Marco Albano", "Marco Albanese"),  # a name cut short is another name
        ("Thomas Lind", "Thomas Lindemann"),  # only first names have short forms
        ("Oleksandr Bondar", "Petro Oleksandrovych Bondar"),  # a patronymic is not a short form
    ],
)
def test_other_names_stay_apart(left: str, right: str) -> None:
    assert _s("Person", left, right) < THRESHOLD


# A legal form misspelt on one side is still a legal form


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Orbital Systems Limited", "Orbital Systems Limted"),
        ("Volga Machinery Open Joint Stock Company", "Volga Machinery Open Joint Stok Company"),
    ],
)
def test_misspelt_legal_forms_are_set_aside(left: str, right: str) -> None:
    result = score(Party([left], "Company"), Party([right], "Company"))
    assert result.score >= 0.95
    legal = result.explain().legal_forms
    assert legal["candidate"] == legal["query"] != []


def test_a_name_word_near_a_legal_form_stays_a_name_word() -> None:
    # "Cotton" is not "Co" misspelt: only words within one edit of the other side's legal form go.
    assert _s("Company", "Delta Co", "Delta Cotton") < THRESHOLD
