"""The catalogue is data: every file validates against the schema, ids are unique, references resolve,
every family of CONTROLS.md is covered with its regime variants, and units are pint's."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from interdictor.goods.catalogue import CATALOGUE_DIR, CatalogueError, family_files, load_catalogue, schema
from interdictor.goods.spec import KindLeaf, Leaf, Node, TermLeaf
from interdictor.goods.units import compute_factors

# CONTROLS.md section 2: the 25 item families (3 and 3b counted apart) and the codes each must carry.
FAMILY_CODES = {
    "frequency_changer": {"3A225", "0B001"},
    "pressure_transducer": {"2B230"},
    "vacuum_pump": {"2B231", "2B233"},
    "maraging_steel": {"1C216", "1C116"},
    "al_ti_alloy": {"1C202", "1C002"},
    "fibres": {"1C010", "1C210"},
    "filament_winding": {"1B001", "1B101", "1B201"},
    "machine_tool": {"2B001", "2B201"},
    "flow_forming": {"2B009", "2B109", "2B209"},
    "isostatic_press": {"2B004", "2B104", "2B204"},
    "furnace": {"2B226", "2B227"},
    "camera": {"6A003", "6A203"},
    "oscilloscope": {"3A002"},
    "fast_switch": {"3A228"},
    "pulse_capacitor": {"3A201"},
    "initiation": {"3A232", "3A229", "3A230"},
    "mass_spectrometer": {"3A233"},
    "accelerometer": {"7A001", "7A101"},
    "gyro": {"7A002", "7A102"},
    "uav": {"9A012", "9A101", "9A120"},
    "chemical_equipment": {"2B350"},
    "balancing_machine": {"2B229"},
    "dc_power_supply": {"3A226", "3A227"},
    "composite_tube": {"1A202"},
}


def _load(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text("utf-8"))


@pytest.mark.parametrize("path", family_files(), ids=lambda p: p.name)
def test_every_family_file_validates_against_the_schema(path: Path) -> None:
    errors = list(Draft202012Validator(schema()).iter_errors(_load(path)))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def test_schema_is_itself_valid() -> None:
    Draft202012Validator.check_schema(schema())


def test_catalogue_loads_with_validation_and_has_enough_entries() -> None:
    catalogue = load_catalogue(CATALOGUE_DIR, validate=True)
    assert len(catalogue.entries) >= 45
    regimes = Counter(entry.regime for entry in catalogue.entries.values())
    assert {"NSG Part 1", "NSG dual-use", "MTCR", "Wassenaar", "AG"} <= set(regimes)


def test_entry_ids_are_unique_across_files() -> None:
    """Only a Trigger List (NSG Part 1) sub-item may appear in several families (0B001.b rotor parts are made
    of maraging steel, aluminium alloy or composite), and then with the same EU code in each."""
    rows = [(entry, path.name) for path in family_files() for entry in _load(path)["entries"]]
    ids = Counter(entry["id"] for entry, _ in rows)
    duplicates = [entry_id for entry_id, count in ids.items() if count > 1]
    for entry_id in duplicates:
        shared = [(entry, name) for entry, name in rows if entry["id"] == entry_id]
        assert all(entry["regime"] == "NSG Part 1" for entry, _ in shared), entry_id
        assert len({entry["eu"] for entry, _ in shared}) == 1, entry_id
        assert len({name for _, name in shared}) == len(shared), entry_id


def test_references_and_parents_resolve() -> None:
    catalogue = load_catalogue()
    parents = 0
    for entry in catalogue.entries.values():
        for ref in entry.other_than:
            assert ref in catalogue.entries, f"{entry.id} refers to {ref}"
        if entry.parent is not None:
            parents += 1
            assert entry.parent in catalogue.headings, f"{entry.id}: parent {entry.parent}"
            assert entry.id.startswith(entry.parent + "."), f"{entry.id} is not a sub-item of {entry.parent}"
    assert parents >= 20
    for heading in catalogue.headings.values():
        assert heading.logic is None and heading.id not in catalogue.entries


def test_every_family_of_controls_md_is_covered_with_its_regime_variants() -> None:
    catalogue = load_catalogue()
    assert set(catalogue.families) == set(FAMILY_CODES)
    for family_id, codes in FAMILY_CODES.items():
        present = {entry.base_code for entry in catalogue.families[family_id].entries}
        assert codes <= present, f"{family_id}: missing {codes - present}"


def test_every_entry_has_source_confidence_hs_and_a_title_in_our_words() -> None:
    catalogue = load_catalogue()
    for entry in catalogue.entries.values():
        assert entry.confidence in {"V", "H", "R", "C", "K"}
        assert entry.source and entry.hs and len(entry.title) > 10
        assert entry.unverified == (entry.confidence == "R")


def test_logic_refers_only_to_declared_parameters_and_kinds() -> None:
    catalogue = load_catalogue()

    def walk(node: object, family_id: str) -> None:
        family = catalogue.families[family_id]
        if isinstance(node, Node):
            for child in node.children:
                walk(child, family_id)
        elif isinstance(node, Leaf):
            assert node.param in family.params
        elif isinstance(node, KindLeaf):
            assert node.group in family.kinds
        else:
            assert isinstance(node, TermLeaf)

    for entry in catalogue.entries.values():
        if entry.logic is not None:
            walk(entry.logic, entry.family)


def test_broken_catalogue_is_rejected_with_every_problem_located(tmp_path: Path) -> None:
    for name in ("manifest.yaml", "context.yaml", "destinations.yaml"):
        (tmp_path / name).write_text((CATALOGUE_DIR / name).read_text("utf-8"), "utf-8")
    data = _load(CATALOGUE_DIR / "01_frequency_changers.yaml")
    data["entries"][0]["logic"]["all"][1]["unit"] = "kPa"
    data["entries"][0]["other_than"] = ["9Z999"]
    data["entries"][0]["parent"] = "9Z998"
    data["entries"].append(dict(data["entries"][0]))
    (tmp_path / "01_frequency_changers.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(tmp_path)
    messages = [str(p) for p in info.value.problems]
    assert any("entries[0].logic.all[1].unit" in m and "kPa" in m for m in messages)
    assert any("duplicate entry id" in m for m in messages)
    assert any("9Z999" in m for m in messages) and any("parent '9Z998'" in m for m in messages)


def test_schema_problems_name_file_line_and_path(tmp_path: Path) -> None:
    for name in ("manifest.yaml", "context.yaml", "destinations.yaml"):
        (tmp_path / name).write_text((CATALOGUE_DIR / name).read_text("utf-8"), "utf-8")
    text = (
        (CATALOGUE_DIR / "16_capacitors.yaml")
        .read_text("utf-8")
        .replace("regime: NSG dual-use", "regime: NSG-2")
    )
    (tmp_path / "16_capacitors.yaml").write_text(text, "utf-8")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(tmp_path)
    (problem,) = info.value.problems
    assert problem.file == "16_capacitors.yaml" and problem.field == "entries[0].regime"
    assert problem.line == text.splitlines().index("    regime: NSG-2") + 1


def test_compiled_unit_factors_match_pint() -> None:
    """unit_factors.json is generated from pint: regenerate with interdictor.goods.units.write_factors()."""
    compiled = json.loads((CATALOGUE_DIR.parent / "unit_factors.json").read_text("utf-8"))
    fresh = compute_factors()
    assert compiled["digest"] == fresh["digest"]
    for section in ("text", "limits"):
        for spelling, rows in fresh[section].items():
            for (kind, factor, offset), (ckind, cfactor, coffset) in zip(
                rows, compiled[section][spelling], strict=True
            ):
                assert (
                    kind == ckind
                    and factor == pytest.approx(cfactor, rel=1e-12)
                    and offset == pytest.approx(coffset)
                )
