"""Numbers and units as trade text writes them, converted by the pint-derived table."""

from __future__ import annotations

import pytest

from interdictor.goods.extract import extract_quantities
from interdictor.goods.units import unit_table


def first(text: str, kind: str) -> tuple[float, float]:
    for quantity in extract_quantities(text, unit_table()):
        values = quantity.values(kind)
        if values is not None:
            return values
    raise AssertionError(f"no {kind} in {text!r}")


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("0-10 Torr", "pressure", (0.0, 1333.2237)),
        ("range 0 to 100 mbar", "pressure", (0.0, 10000.0)),
        ("1,200 MPa", "pressure", (1.2e9, 1.2e9)),
        ("UTS 1.2 GPa", "pressure", (1.2e9, 1.2e9)),
        ("150 ksi", "pressure", (1.0342e9, 1.0342e9)),
        ("30 psi", "pressure", (206842.7, 206842.7)),
        ("760 mmHg", "pressure", (101325.0, 101325.0)),
        ("< 5 x 10-10 mbar", "pressure", (5e-8, 5e-8)),
        ("1×10⁻⁹ mbar", "pressure", (1e-7, 1e-7)),
        ("1e-8 mbar", "pressure", (1e-6, 1e-6)),
        ("≤ 5 µm", "length", (5e-6, 5e-6)),
        ("±0.01 mm", "length", (1e-5, 1e-5)),
        ("35 inch", "length", (0.889, 0.889)),
        ("DN50", "length", (0.05, 0.05)),
        ("1/2 inch", "length", (0.0127, 0.0127)),
        ("18,000 l/s", "flow", (18.0, 18.0)),
        ("60 m3/h", "flow", (60 / 3600, 60 / 3600)),
        ("100 cfm", "flow", (0.0471947, 0.0471947)),
        ("1,600 °C", "temperature", (1873.15, 1873.15)),
        ("−50 to +100 °C", "temperature", (223.15, 373.15)),
        ("212 °F", "temperature", (373.15, 373.15)),
        ("2.2 kVA", "power", (2200.0, 2200.0)),
        ("3 HP", "power", (2237.1, 2237.1)),
        ("0-1500 Hz", "frequency", (0.0, 1500.0)),
        ("100 GHz", "frequency", (1e11, 1e11)),
        ("±0.05 % FS", "fraction", (0.05, 0.05)),
        ("Frequenzstabilität 0,05 %", "fraction", (0.05, 0.05)),
        ("130 ppm", "fraction", (0.013, 0.013)),
        ("2 µF", "capacitance", (2e-6, 2e-6)),
        ("20 nH", "inductance", (2e-8, 2e-8)),
        ("2.5 kJ", "energy", (2500.0, 2500.0)),
        ("delay 50 ns", "time", (5e-8, 5e-8)),
        ("6 hours", "time", (21600.0, 21600.0)),
        ("2,100,000 fps", "frame_rate", (2.1e6, 2.1e6)),
        ("225 kfps", "frame_rate", (225000.0, 225000.0)),
        ("1.2 GS/s", "sample_rate", (1.2e9, 1.2e9)),
        ("400 MSPS", "sample_rate", (4e8, 4e8)),
        ("bias 40 µg", "acceleration", (4e-5, 4e-5)),
        ("±15 g", "acceleration", (15.0, 15.0)),
        ("0.01 °/h", "angular_rate", (0.01, 0.01)),
        ("±400 °/s", "angular_rate", (1.44e6, 1.44e6)),
        ("0.001 °/√h", "arw", (0.001, 0.001)),
        ("ARW 0.002 deg/rt-hr", "arw", (0.002, 0.002)),
        ("10 Ω", "resistance", (10.0, 10.0)),
        ("12 m²", "area", (12.0, 12.0)),
        ("500 L", "volume", (0.5, 0.5)),
        ("15,000 cm³", "volume", (0.015, 0.015)),
        ("150 kN", "force", (150000.0, 150000.0)),
        ("8,000 rpm", "rotational_speed", (8000.0, 8000.0)),
        ("1.80 g/cm³", "density", (1800.0, 1800.0)),
        ("2-260 amu", "ion_mass", (2.0, 260.0)),
        ("46.3 km/h", "speed", (12.8611, 12.8611)),
        ("0.13 kg/N/h", "sfc", (0.13, 0.13)),
        ("5-axis", "axes", (5.0, 5.0)),
        ("3 contouring axes", "axes", (3.0, 3.0)),
        ("single roller", "rollers", (1.0, 1.0)),
        ("14-bit", "bits", (14.0, 14.0)),
        ("pressure ratio 3:1", "ratio", (3.0, 3.0)),
        ("5 million frames per second", "frame_rate", (5e6, 5e6)),
        ("drift 0,05 °/ч", "angular_rate", (0.05, 0.05)),
    ],
)
def test_units_and_ranges(text: str, kind: str, expected: tuple[float, float]) -> None:
    assert first(text, kind) == pytest.approx(expected, rel=1e-4)


def test_spans_point_at_the_source_text() -> None:
    text = "Capacitance manometer, 0-10 Torr full scale, accuracy ±0.25 % of reading"
    quantities = extract_quantities(text, unit_table())
    assert [text[q.start : q.end] for q in quantities] == ["0-10 Torr", "0.25 % of reading"]
    assert quantities[1].qualifier == "±" and quantities[1].basis == "reading"


def test_numbers_glued_to_words_are_not_values() -> None:
    quantities = extract_quantities("T700 fibre, 12K tow, 1280x800 pixels", unit_table())
    assert all(q.spelling is None for q in quantities)
    assert [q.lo_raw for q in quantities] == [12.0, 1280.0]


def test_unknown_word_after_a_number_is_kept_for_reporting() -> None:
    (quantity,) = extract_quantities("frequency 600 zorks", unit_table())
    assert quantity.spelling is None and quantity.unknown_word == "zorks"


def test_ambiguous_spelling_keeps_both_readings() -> None:
    (quantity,) = extract_quantities("15 g", unit_table())
    assert set(quantity.kinds) == {"acceleration", "mass"}
    assert quantity.values("mass") == pytest.approx((0.015, 0.015))
