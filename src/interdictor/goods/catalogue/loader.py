"""Read the control-list catalogue (YAML), check it against its schema and itself, compile it.

Every problem in every file is collected before anything is raised, so one run shows them all,
each located by file and path (for example `09_machine_tools.yaml: entries[2].logic.all[1].unit`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import yaml

from interdictor.exc import Problem, ReferenceDataError
from interdictor.goods.spec import (
    Catalogue,
    CatchAllRule,
    Condition,
    DestinationRule,
    Entry,
    Family,
    KindLeaf,
    Leaf,
    Node,
    ParamDef,
    TermLeaf,
)
from interdictor.goods.text import Lexicon, phrase_pattern
from interdictor.goods.units import KIND_UNITS, unit_table

__all__ = ["CATALOGUE_DIR", "CatalogueError", "default_catalogue", "family_files", "load_catalogue", "schema"]

CATALOGUE_DIR = Path(__file__).resolve().parent
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ten times faster when present
_DERIVED_ARGS = {
    "specific": {"value", "density"},
    "percent_at": {"percent", "full_scale", "at_value", "at_unit"},
    "capacitor_energy": {"capacitance", "voltage"},
    "first_of": {"first", "second"},
}


class CatalogueError(ReferenceDataError):
    """The bundled catalogue (or one passed with --catalogue) is broken; lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = [f"{len(problems)} problem(s) in the goods catalogue"] + [f"  {p}" for p in problems[:50]]
        super().__init__("\n".join(lines))


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return cast(dict[str, Any], json.loads((CATALOGUE_DIR / "schema.json").read_text("utf-8")))


def family_files(directory: Path = CATALOGUE_DIR) -> list[Path]:
    """Family files are the numbered YAML files (01_frequency_changers.yaml ...)."""
    return sorted(p for p in directory.glob("[0-9][0-9]_*.yaml"))


def _path(parts: Iterator[Any] | list[Any]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top)"


def _read_yaml(path: Path, problems: list[Problem]) -> Any:
    try:
        return yaml.load(path.read_text("utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(path.name, f"cannot read: {exc}"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problems.append(Problem(path.name, f"not valid YAML: {getattr(exc, 'problem', exc)}", line=line))
    return None


class _Compiler:
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.units = unit_table()

    def fail(self, file: str, where: str, message: str) -> None:
        self.problems.append(Problem(file, message, field=where))

    def params(self, file: str, raw: dict[str, Any]) -> dict[str, ParamDef]:
        out: dict[str, ParamDef] = {}
        for name, spec in raw.items():
            where = f"parameters.{name}"
            kind = spec["quantity"]
            if kind != "material" and kind not in KIND_UNITS:
                self.fail(
                    file,
                    where,
                    f"unknown quantity {kind!r} (known: {', '.join(sorted(KIND_UNITS))}, material)",
                )
                continue
            vocabulary = Lexicon(spec["vocabulary"]) if spec.get("vocabulary") else None
            if kind == "material" and not vocabulary:
                self.fail(file, where, "a material parameter needs a vocabulary")
            plausible = None
            if "plausible" in spec:
                bounds = spec["plausible"]
                try:
                    lo = self.units.for_limit(bounds["unit"], kind)
                    plausible = (
                        bounds.get("min", float("-inf")) * lo.factor + lo.offset,
                        bounds.get("max", float("inf")) * lo.factor + lo.offset,
                    )
                except KeyError as exc:
                    self.fail(file, f"{where}.plausible.unit", str(exc.args[0]))
            derived = spec.get("derived")
            if derived is not None:
                expected = _DERIVED_ARGS[derived["op"]]
                if set(derived["args"]) != expected:
                    self.fail(
                        file, f"{where}.derived.args", f"{derived['op']} needs arguments {sorted(expected)}"
                    )
            out[name] = ParamDef(
                name=name,
                kind=kind,
                ask=spec["ask"],
                cues=phrase_pattern(spec.get("cues", ())),
                not_cues=phrase_pattern(spec.get("not_cues", ())),
                cue_required=bool(spec.get("cue_required", False)),
                range=spec.get("range", "capability"),
                better=spec.get("better"),
                discrete=bool(spec.get("discrete", False)),
                plus_minus=bool(spec.get("plus_minus", False)),
                selector=bool(spec.get("selector", False)),
                vocabulary=vocabulary,
                derived_op=derived["op"] if derived else None,
                derived_args=tuple(sorted(derived["args"].items())) if derived else (),
                plausible=plausible,
            )
        for name, param in out.items():
            for arg, ref in param.derived_args:
                if arg not in ("at_value", "at_unit") and ref not in out:
                    self.fail(file, f"parameters.{name}.derived.args.{arg}", f"unknown parameter {ref!r}")
        return out

    def condition(
        self, file: str, where: str, raw: dict[str, Any], family: dict[str, Any], params: dict[str, ParamDef]
    ) -> Condition | None:
        if "all" in raw or "any" in raw:
            mode = "all" if "all" in raw else "any"
            children = [
                self.condition(file, f"{where}.{mode}[{i}]", child, family, params)
                for i, child in enumerate(raw[mode])
            ]
            return Node("all" if mode == "all" else "any", tuple(c for c in children if c is not None))
        if "kind" in raw:
            groups = family.get("kinds") or {}
            group = groups.get(raw["kind"])
            if group is None:
                self.fail(file, f"{where}.kind", f"unknown kind group {raw['kind']!r}")
                return None
            unknown = [k for k in raw["in"] if k not in group]
            if unknown:
                self.fail(file, f"{where}.in", f"unknown kinds {unknown} in group {raw['kind']!r}")
            return KindLeaf(raw["kind"], frozenset(raw["in"]))
        if "term" in raw:
            pattern = phrase_pattern(raw["term"])
            assert pattern is not None
            return TermLeaf(tuple(raw["term"]), pattern, raw.get("name", "term"), raw.get("ask"))
        name = raw["p"]
        param = params.get(name)
        if param is None:
            self.fail(file, f"{where}.p", f"unknown parameter {name!r}")
            return None
        if raw["op"] == "in":
            keys = set(param.vocabulary.keys) if param.vocabulary is not None else set()
            values = raw["v"] if isinstance(raw["v"], list) else []
            if not values or not set(values) <= keys:
                self.fail(file, f"{where}.v", f"values must be vocabulary keys of {name!r}: {sorted(keys)}")
            return Leaf(name, "in", 0.0, None, self.units.for_limit(None, "number"), frozenset(values))
        if not isinstance(raw["v"], int | float):
            self.fail(file, f"{where}.v", "a comparison needs a number")
            return None
        try:
            conversion = self.units.for_limit(raw.get("unit"), param.kind)
        except KeyError as exc:
            self.fail(file, f"{where}.unit", str(exc.args[0]))
            return None
        limit = float(raw["v"]) * conversion.factor + conversion.offset
        return Leaf(name, raw["op"], limit, raw.get("unit"), conversion, shown_limit=float(raw["v"]))

    def entry(
        self,
        file: str,
        index: int,
        raw: dict[str, Any],
        family: dict[str, Any],
        params: dict[str, ParamDef],
        groups: dict[str, frozenset[str]],
    ) -> Entry:
        where = f"entries[{index}]"
        logic = None
        if "logic" in raw:
            logic = self.condition(file, f"{where}.logic", raw["logic"], family, params)
        rules = []
        for i, rule in enumerate(raw.get("catch_all", ())):
            destinations: set[str] = set()
            for dest in rule["destinations"]:
                if dest.startswith("@"):
                    if dest[1:] not in groups:
                        self.fail(file, f"{where}.catch_all[{i}].destinations", f"unknown group {dest}")
                    destinations |= groups.get(dest[1:], frozenset())
                else:
                    destinations.add(dest)
            when = None
            if "when" in rule:
                when = self.condition(file, f"{where}.catch_all[{i}].when", rule["when"], family, params)
            rules.append(
                CatchAllRule(
                    rule["id"], frozenset(destinations), rule["note"], rule.get("source"), when, raw["id"]
                )
            )
        source = raw["source"]
        return Entry(
            id=raw["id"],
            family=family["family"],
            eu=raw.get("eu"),
            us=raw.get("us"),
            regime=raw["regime"],
            title=raw["title"],
            hs=tuple(raw.get("hs", ())),
            source=source["document"] + (f" ({source['ref']})" if source.get("ref") else ""),
            confidence=raw["confidence"],
            logic=logic,
            other_than=tuple(raw.get("other_than", ())),
            gate=tuple(p for group in raw.get("gate", ()) if (p := phrase_pattern(group)) is not None),
            context=tuple(p for group in raw.get("context", ()) if (p := phrase_pattern(group)) is not None),
            exclude=phrase_pattern(raw.get("exclude_terms", ())),
            exclusions=tuple(raw.get("exclusions", ())),
            near_cues=tuple(raw.get("near_cues", ())),
            catch_all=tuple(rules),
            parent=raw.get("parent"),
            notes=raw.get("notes"),
        )


def _line_of(text: str, parts: list[Any]) -> int | None:
    """The line where the value at a JSON path starts in the YAML text (only computed for errors)."""
    try:
        node: Any = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    for part in parts:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
        if node is None:
            return None
    return int(node.start_mark.line) + 1


def _validate(path: Path, data: Any, problems: list[Problem]) -> bool:
    from jsonschema import Draft202012Validator  # imported on use

    validator = Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        text = path.read_text("utf-8")
        for error in errors:
            parts = list(error.absolute_path)
            problems.append(
                Problem(path.name, error.message[:300], line=_line_of(text, parts), field=_path(parts))
            )
    return not errors


def load_catalogue(directory: Path | None = None, *, validate: bool | None = None) -> Catalogue:
    """Load, check and compile every family file in `directory` (default: the bundled catalogue).

    Schema validation costs most of the load time, so the bundled files (validated by the test suite,
    tests/unit/goods/test_catalogue.py) skip it unless asked; any other directory is validated.
    Cross-file checks (unique ids, references, parameters, units) always run.
    """
    directory = directory or CATALOGUE_DIR
    if validate is None:
        validate = directory.resolve() != CATALOGUE_DIR
    problems: list[Problem] = []
    manifest = _read_yaml(directory / "manifest.yaml", problems) or {}
    context = _read_yaml(directory / "context.yaml", problems) or {}
    destinations = _read_yaml(directory / "destinations.yaml", problems) or {}
    groups = {
        name: frozenset(spec.get("members", ())) for name, spec in (destinations.get("groups") or {}).items()
    }
    compiler = _Compiler(problems)
    families: dict[str, Family] = {}
    entries: dict[str, Entry] = {}
    headings: dict[str, Entry] = {}
    term_families: dict[str, list[str]] = {}
    files = family_files(directory)
    if not files:
        problems.append(Problem(str(directory), "no family files (NN_name.yaml) found"))
    for path in files:
        data = _read_yaml(path, problems)
        if data is None or (validate and not _validate(path, data, problems)):
            continue
        params = compiler.params(path.name, data["parameters"])
        family_entries = []
        for index, raw in enumerate(data["entries"]):
            entry = compiler.entry(path.name, index, raw, data, params, groups)
            first = entries.get(entry.id)
            # one Trigger List sub-item (0B001.b rotor parts) may be reached from several material families
            shared = (
                first is not None
                and first.family != entry.family
                and first.regime == entry.regime == "NSG Part 1"
                and first.eu == entry.eu
            )
            if (first is not None and not shared) or entry.id in headings:
                problems.append(
                    Problem(path.name, f"duplicate entry id {entry.id!r}", field=f"entries[{index}].id")
                )
            if raw.get("heading"):
                headings[entry.id] = entry  # groups sub-items for `parent`; never a candidate
                continue
            entries.setdefault(entry.id, entry)
            family_entries.append(entry)
        if data["family"] in families:
            problems.append(Problem(path.name, f"duplicate family id {data['family']!r}", field="family"))
        kinds = {
            group: Lexicon(members, whole_words=False) for group, members in (data.get("kinds") or {}).items()
        }
        families[data["family"]] = Family(
            id=data["family"],
            title=data["title"],
            params=params,
            entries=tuple(family_entries),
            kinds=kinds,
            exclude=phrase_pattern(data.get("exclude_terms", ())),
            terms=tuple(data["terms"]),
            source_file=path.name,
        )
        for term in data["terms"]:
            families_of_term = term_families.setdefault(term.strip().lower(), [])
            if data["family"] not in families_of_term:
                families_of_term.append(data["family"])
    for entry in entries.values():
        file = families[entry.family].source_file if entry.family in families else entry.family
        for ref in entry.other_than:
            if ref not in entries:
                problems.append(Problem(file, f"entry {entry.id}: other_than {ref!r} does not resolve"))
        if entry.parent is not None and entry.parent not in headings and entry.parent not in entries:
            problems.append(Problem(file, f"entry {entry.id}: parent {entry.parent!r} does not resolve"))
    rules = []
    for i, rule in enumerate(destinations.get("rules") or ()):
        try:
            rules.append(
                DestinationRule(
                    id=rule["id"],
                    destinations=frozenset(rule["destinations"]),
                    note=rule["note"],
                    source=rule.get("source"),
                    hs_prefixes=tuple(
                        str(p).replace(".", "") for p in rule.get("hs_prefixes", rule.get("hs_chapters", ()))
                    ),
                    when_listed=bool(rule.get("when_listed", False)),
                    when_family=frozenset(rule.get("when_family", ())),
                    always=bool(rule.get("always", False)),
                )
            )
        except (KeyError, TypeError) as exc:
            problems.append(Problem("destinations.yaml", f"rule is missing {exc}", field=f"rules[{i}]"))
    if problems:
        raise CatalogueError(problems)
    term_pattern = phrase_pattern(term_families)
    assert term_pattern is not None
    return Catalogue(
        version=str(manifest.get("version", "unversioned")),
        families=families,
        entries=entries,
        headings=headings,
        term_pattern=term_pattern,
        term_families={term: tuple(fams) for term, fams in term_families.items()},
        consumer=phrase_pattern(context.get("consumer_terms", ())),
        application_markers=tuple(context.get("application_markers", ())),
        request_words=frozenset(w.lower() for w in context.get("request_words", ())),
        marker_pattern=re.compile(
            "|".join(re.escape(m) for m in context.get("application_markers", ())) or "(?!)"
        ),
        destination_rules=tuple(rules),
        groups=groups,
        margin=float(manifest.get("near_threshold_margin", 0.15)),
        files=tuple(p.name for p in files),
    )


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The bundled catalogue, loaded once on first use (never at import)."""
    return load_catalogue()
