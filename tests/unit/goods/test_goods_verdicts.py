"""Verdict semantics, explanations, derived values, margins, catch-all warnings and bad input."""

from __future__ import annotations

import doctest
import subprocess
import sys
import types

import pytest

import interdictor.goods as goods
from interdictor.goods import Status, classify


def test_explanation_names_entry_parameter_value_span_limit_and_confidence() -> None:
    text = "Capacitance manometer, 0-10 Torr full scale, accuracy 0.25 % of reading, Inconel sensor"
    result = classify(text)
    assert result.status == Status.CONTROLLED and result.entries == ["2B230"]
    (entry,) = [e for e in result.explanations if e.entry_id == "2B230"]
    assert entry.outcome == "controlled" and entry.confidence == "V" and not entry.unverified
    full_scale = next(c for c in entry.conditions if c.parameter == "full_scale")
    assert full_scale.comparator == "<" and full_scale.limit == 13 and full_scale.unit == "kPa"
    assert full_scale.value_text == "0-10 Torr"
    assert full_scale.span is not None and text[full_scale.span[0] : full_scale.span[1]] == "0-10 Torr"
    assert full_scale.value == pytest.approx(1.33322, rel=1e-4)


def test_derived_specific_modulus_decides_the_fibre_entries() -> None:
    result = classify("Carbon fibre, tensile strength 3.53 GPa, tensile modulus 230 GPa, density 1.76 g/cm3")
    assert result.entries == ["1C210.a"]
    # 1C010.b: specific modulus 9 % short but specific strength 24 % short, so not near
    assert [e.outcome for e in result.explanations if e.entry_id == "1C010.b"] == ["not_controlled"]
    derived = {p.parameter: p for p in result.parameters if p.derived_from}
    assert derived["specific_modulus"].value == pytest.approx(13.33e6, rel=1e-3)
    assert derived["specific_strength"].value == pytest.approx(20.45e4, rel=1e-3)


def test_higher_entry_supersedes_the_other_than_entry() -> None:
    result = classify("T800H carbon fiber: tensile strength 5.49 GPa, modulus 294 GPa, density 1.81 g/cc")
    assert result.entries == ["1C010.b"]
    superseded = [e for e in result.explanations if e.outcome == "superseded"]
    assert [(e.entry_id, e.superseded_by) for e in superseded] == [("1C210.a", "1C010.b")]


def test_margin_is_configurable() -> None:
    text = "Inverter 3-phase, 4 kVA, output 0-500 Hz, frequency stability 0.1 %"
    assert classify(text).status == Status.NOT_LISTED  # 500 Hz is 16.7 % below 600 Hz
    assert classify(text, margin=0.2).status == Status.NEAR_THRESHOLD
    with pytest.raises(ValueError, match="margin"):
        classify(text, margin=1.5)


def test_temperature_margin_is_taken_on_the_limit_as_written() -> None:
    # 1,300 °C is 13.3 % below 1,500 °C (in kelvin it would be 11.3 %); 1,250 °C is 16.7 % below
    near = classify("Hot isostatic press, hot zone 500 mm, 150 MPa, max. temperature 1,300 °C")
    assert near.near_entries == ["2B004"]
    far = classify("Hot isostatic press, hot zone 500 mm, 150 MPa, max. temperature 1,250 °C")
    assert "2B004" not in far.near_entries


def test_insufficient_data_lists_what_to_ask() -> None:
    result = classify("Variable frequency drive, please quote")
    assert result.status == Status.INSUFFICIENT_DATA and result.undecided_entries == ["3A225"]
    assert {q.parameter for q in result.ask} == {"output_power", "output_frequency", "frequency_control"}


def test_unverified_limits_are_flagged() -> None:
    result = classify("Micro turbojet engine 1,200 N thrust, SFC 0.13 kg/N/h")
    assert result.entries == ["9A101"] and result.unverified
    assert result.explanations[0].unverified and result.explanations[0].confidence == "R"


def test_catch_all_warnings_by_destination() -> None:
    text = "3-axis CNC milling machine, positioning accuracy ±0.01 mm"
    assert classify(text).catch_all == []
    warnings = classify(text, destination="ir").catch_all
    assert [w.rule_id for w in warnings] == ["CA-2B201-15UM", "DEST-IR-EMBARGO"] and warnings[
        0
    ].destination == "IR"
    vfd = classify("Spindle inverter 5.5 kVA, output 0-450 Hz, stability 0.1 %", destination="PK")
    assert "CA-3A225-300HZ" in [w.rule_id for w in vfd.catch_all]
    mixer = classify("Stand mixer, 1000 W", hs_code="8509.40", destination="KP")
    assert "DEST-KP-ALL" in [w.rule_id for w in mixer.catch_all]


def test_bad_destination_is_reported_not_guessed() -> None:
    result = classify("3-axis CNC milling machine, positioning accuracy 0.01 mm", destination="Iran")
    assert result.destination is None and any("ISO 3166" in r for r in result.reasons)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n ", "empty"),
        ("x" * 100_000, "100,000 characters"),
        ("Inverter price list: " + "output 0-1200 Hz, 2 kVA; " * 90, "numbers (limit 150)"),
        ("Frequency converter, output frequency 600 kPa, 2 kVA, stability 0.1 %", "contradictory unit"),
        ("Capacitance manometer 0-10 Torr (0-100 mbar), accuracy 0.2 % FS, Inconel", "contradictory units"),
        ("Pressure transducer 0-10 Torr, accuracy 150 % FS, Inconel diaphragm", "impossible value"),
        ("Frequency converter, output frequency -1200 Hz, 2 kVA, stability 0.1 %", "negative"),
        ("Carbon fibre, density 0 g/cm3, modulus 230 GPa, strength 4.9 GPa", "impossible value"),
        ("Maraging steel bar, UTS 90,000 MPa", "impossible value"),
        ("Frequency converter, output frequency 1200 zorks, 2 kVA, stability 0.1 %", "unknown unit 'zorks'"),
    ],
)
def test_bad_input_gives_insufficient_data_with_the_reason(text: str, reason: str) -> None:
    result = classify(text)
    assert result.status == Status.INSUFFICIENT_DATA
    assert result.entries == [] and result.near_entries == []
    assert any(reason in r for r in result.reasons), result.reasons


def test_uncued_values_go_to_the_parameter_that_can_hold_them() -> None:
    result = classify("Carbon prepreg tape 6 mm wide, T700 fibre (230 GPa, 4.9 GPa, 1.8 g/cm3)")
    read = {p.parameter: p.text for p in result.parameters if p.text}
    assert read["tensile_modulus"] == "230 GPa" and read["tensile_strength"] == "4.9 GPa"
    # "grade 1 bar" is a bar of grade 1, not a pressure of 1 bar
    assert classify("Pure titanium grade 1 bar 100 mm, 240 MPa").status == Status.NOT_LISTED
    # a value opening its own segment takes its cue from the segment before
    sheet = classify("Maraging steel sheet, 0.8 mm, UTS 1,800 MPa")
    assert sheet.entries == ["1C116"]


def test_application_words_do_not_name_the_item() -> None:
    result = classify("Brushless motor 2212 920KV for FPV drone")
    assert result.status == Status.NOT_LISTED and result.families == []
    assert classify("Please quote your best price for pressure sensors").families == ["pressure_transducer"]


def test_public_namespace_matches_all() -> None:
    public = {name for name in dir(goods) if not name.startswith("_")}
    # submodules are reachable as attributes once imported; everything else public must be in __all__
    submodules = {name for name in public if isinstance(getattr(goods, name), types.ModuleType)}
    assert public - submodules == set(goods.__all__)


def test_catalogue_is_not_loaded_at_import() -> None:
    code = (
        "import interdictor.goods as g, interdictor.goods.catalogue.loader as l, sys;"
        "assert l.default_catalogue.cache_info().currsize == 0;"
        "assert 'pint' not in sys.modules; print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_batch_api_yields_ids_and_results() -> None:
    items = [goods.GoodsItem("a", "Exploding bridgewire detonators"), "Office chair"]
    results = dict(goods.classify_batch(items))
    assert results["a"].entries == ["3A232"] and results["2"].status == Status.NOT_LISTED


def test_module_docstring_example_runs() -> None:
    failures, _ = doctest.testmod(goods, verbose=False)
    assert failures == 0


def test_embargoed_destinations_always_warn() -> None:
    assert [w.rule_id for w in classify("Office chair", destination="KP").catch_all] == ["DEST-KP-EMBARGO"]
    rule_ids = [w.rule_id for w in classify("EBW detonators", destination="IR").catch_all]
    assert "DEST-IR-EMBARGO" in rule_ids and "DEST-IR-CCL" in rule_ids


def test_icp_mass_spectrometer_written_out_is_a_covered_type_decided_by_resolving_power() -> None:
    """An "ICP mass spectrometer" is an ICP-MS; a stated resolving power (m/dm) decides the resolution
    condition as a peak width would."""
    above = classify("ICP mass spectrometer, mass range 2-260 u, resolving power 300", hs_code="9027.81")
    assert above.status == Status.CONTROLLED
    below = classify("ICP mass spectrometer, mass range 2-200 u, resolving power 300", hs_code="9027.81")
    assert below.status == Status.NEAR_THRESHOLD
    unknown = classify("Quadrupole mass spectrometer, mass range up to 260 u, resolving power 300")
    assert unknown.status == Status.INSUFFICIENT_DATA  # the ion source decides whether 3A233 covers it
