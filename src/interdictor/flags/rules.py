"""Evaluate catalogue rules on a deal: condition trees over collections, or named predicates.

Conditions are three-valued. A field comparison whose field is absent is *unknown* and names the
field it lacked; `all` is false if any part is false, `any` is true if any part is true, otherwise
unknown wins. A rule fires when some item is true, is clear when items were judged false, and is
"not evaluable" when nothing could be judged: absence of data is never reported as absence of risk
(REDFLAGS.md section 5, point 5).
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from interdictor.flags import predicates as _predicates  # noqa: F401  (registers the predicates)
from interdictor.flags.deal import Deal, Node, compile_path, has_field
from interdictor.flags.model import Evidence, FlagResult, FlagSpec, Outcome, RuleSpec
from interdictor.flags.reference import ReferenceData
from interdictor.flags.registry import PREDICATES, Hit, Verdict

__all__ = [
    "compile_condition",
    "compile_rule",
    "compiled",
    "evaluate_condition",
    "evaluate_flag",
    "evaluate_flags",
    "imo_valid",
]


def imo_valid(imo: str) -> bool:
    """IMO number check digit: the weighted sum (7..2) of the first six digits, mod 10, is the seventh."""
    if len(imo) != 7 or not imo.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(imo[:6], range(7, 1, -1), strict=True))
    return total % 10 == int(imo[6])


def _transform(name: str | None, value: Any) -> Any:
    if name is None:
        return value
    text = str(value)
    if name == "email_domain":
        return text.rsplit("@", 1)[-1].lower()
    if name == "hs2":
        return text.replace(".", "")[:2]
    if name == "imo_valid":
        return imo_valid(text)
    if name == "lower":
        return text.lower()
    raise ValueError(f"unknown transform {name!r}")


def _plain(value: Any) -> Any:
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value  # enums compare by their value
    if isinstance(value, Decimal):
        return float(value)
    return value


def _present(value: Any) -> bool:
    return value is not None and value != [] and value != ""


Compare = Callable[[Any], tuple[bool, Any]]
"""One comparison with its literal or reference set bound: (result, the value to cite)."""


def _comparison(op: str, want: Any, ref: ReferenceData) -> Compare:
    """The comparison `op` against `want` (a literal or a reference-set name), prepared once."""
    if op in {"eq", "ne"}:
        equal = op == "eq"
        return lambda got: ((_plain(got) == want) is equal, _plain(got))
    if op in {"in", "not_in", "in_ref", "not_in_ref"}:
        allowed = ref.get(want) if op.endswith("_ref") else frozenset(str(w) for w in want)
        inside = op in {"in", "in_ref"}

        def member(got: Any) -> tuple[bool, Any]:
            got = _plain(got)
            return (str(got) in allowed) is inside, got

        return member
    if op in {"lt", "le", "gt", "ge"}:
        bound = float(want)
        check: Callable[[float], bool] = {
            "lt": bound.__gt__,
            "le": bound.__ge__,
            "gt": bound.__lt__,
            "ge": bound.__le__,
        }[op]
        return lambda got: (check(float(_plain(got))), _plain(got))
    if op == "len_ge":
        size = int(want)
        return lambda got: (len(got) >= size, len(got))
    if op == "contains_ref":
        phrases = [p.lower() for p in sorted(ref.get(want), key=len, reverse=True)]

        def contains(got: Any) -> tuple[bool, Any]:
            got = _plain(got)
            for text in got if isinstance(got, list) else [got]:
                low = str(text).lower()
                if any(phrase in low for phrase in phrases):
                    return True, str(text)
            return False, got

        return contains
    raise ValueError(f"unknown operator {op!r}")


def _describe(cond: dict[str, Any]) -> str:
    """The condition as text for evidence."""
    parts = [str(cond["field"]), str(cond["op"])]
    if "value" in cond:
        parts.append(repr(cond["value"]))
    if "other" in cond:
        parts.append(str(cond["other"]))
    return " ".join(parts) + (f" (via {cond['transform']})" if cond.get("transform") else "")


Condition = Callable[[Deal, Node, str], Verdict]
"""A compiled condition: evaluated on one item of a collection (`prefix` is the collection's path)."""

_JUDGED_NOTHING_FOUND = Verdict(judged=True)


def _compile_leaf(cond: dict[str, Any], ref: ReferenceData) -> Condition:
    field, op = str(cond["field"]), str(cond["op"])
    head = field.split(".")[0].split("[")[0]
    path = compile_path(field, False)
    text = _describe(cond)
    transform = cond.get("transform")
    if op in {"exists", "missing"}:
        want = cond.get("value", True) if op == "exists" else not cond.get("value", True)

        def presence(deal: Deal, item: Node, prefix: str) -> Verdict:
            if item.value is not None and not has_field(type(item.value), head):
                return Verdict(judged=True)
            nodes = path.from_node(item)
            shown = next((n for n in nodes if _present(n.value)), None)
            if (shown is not None) == want:
                if shown is None:
                    shown = nodes[0] if nodes else item.child(field, None)
                return Verdict([Hit(item.record, shown.path, _plain(shown.value), text)], judged=True)
            return Verdict(judged=True)

        return presence
    reference = ref.cite(cond["value"]) if op in {"in_ref", "not_in_ref", "contains_ref"} else None
    if op in {"lt_field", "ne_field"}:
        other = compile_path(str(cond["other"]), False)
        less = op == "lt_field"

        def between(deal: Deal, item: Node, prefix: str) -> Verdict:
            if item.value is not None and not has_field(type(item.value), head):
                return Verdict(judged=True)
            present = [n for n in path.from_node(item) if n.value is not None and n.value != ""]
            if not present:
                return Verdict(missing=[f"{prefix}.{field}" if prefix else field])
            hits: list[Hit] = []
            missing: list[str] = []
            for node in present:
                a = _plain(_transform(transform, node.value))
                others = [o for o in other.from_node(item) if _present(o.value)]
                if not others:
                    missing.append(f"{prefix}.{cond['other']}" if prefix else str(cond["other"]))
                    continue
                b = _plain(others[0].value)
                if (a < b) if less else (a != b):
                    hits.append(Hit(item.record, node.path, a, text, reference, {"other": b}))
            return Verdict(hits, missing, len(missing) < len(present))

        return between
    compare = _comparison(op, cond.get("value"), ref)
    if path.simple:
        return _simple_leaf(head, compare, transform, text, reference)

    def leaf(deal: Deal, item: Node, prefix: str) -> Verdict:
        value = item.value
        if value is not None and not has_field(type(value), head):
            return Verdict(judged=True)  # the item has no such field at all: the condition does not apply
        hits: list[Hit] = []
        seen = False
        for node in path.from_node(item):
            got = node.value
            if got is None or got == "":
                continue
            seen = True
            ok, cited = compare(got if transform is None else _transform(transform, got))
            if ok:
                hits.append(Hit(item.record, node.path, cited, text, reference))
        if not seen:
            return Verdict(missing=[f"{prefix}.{field}" if prefix else field])
        return Verdict(hits, judged=True)

    _HEADS[leaf] = head
    return leaf


def _simple_leaf(
    name: str, compare: Compare, transform: str | None, text: str, reference: str | None
) -> Condition:
    """A comparison of one attribute of the item (`country`, `end_use`): the commonest leaf, kept lean."""

    def leaf(deal: Deal, item: Node, prefix: str) -> Verdict:
        value = item.value
        if value is None:
            return Verdict(missing=[f"{prefix}.{name}" if prefix else name])
        if not has_field(type(value), name):
            return Verdict(judged=True)  # the item has no such field at all: the condition does not apply
        got = getattr(value, name, None)
        if got is None or got == "":
            return Verdict(missing=[f"{prefix}.{name}" if prefix else name])
        ok, cited = compare(got if transform is None else _transform(transform, got))
        if not ok:
            return Verdict(judged=True)
        path = f"{item.path}.{name}" if item.path else name
        return Verdict([Hit(item.record, path, cited, text, reference)], judged=True)

    _HEADS[leaf] = name
    return leaf


#: The first attribute each field comparison reads: an item whose type lacks it is not concerned.
_HEADS: dict[Condition, str] = {}


def compile_condition(cond: dict[str, Any], ref: ReferenceData) -> Condition:
    """A condition tree as one closure: paths parsed, operators and reference sets bound, once."""
    if "all" in cond or "any" in cond:
        every = "all" in cond
        parts = [compile_condition(c, ref) for c in cond.get("all") or cond["any"]]
        relevant: dict[type, list[Condition] | None] = {}

        def concerned(value: Any) -> list[Condition] | None:
            """The parts that apply to items of this type; None when an `all` cannot hold for it."""
            cls = type(value)
            found = relevant.get(cls, parts)
            if found is parts:
                kept = [c for c in parts if c not in _HEADS or value is None or has_field(cls, _HEADS[c])]
                found = None if every and len(kept) < len(parts) else kept
                relevant[cls] = found
            return found

        def combine(deal: Deal, item: Node, prefix: str) -> Verdict:
            kept = concerned(item.value)
            if not kept:  # a part of `all` or every part of `any` does not apply: false
                return Verdict(judged=True)
            verdicts = [part(deal, item, prefix) for part in kept]
            missing = [m for v in verdicts for m in v.missing]
            states = [v.state for v in verdicts]
            if every:
                if False in states:
                    return Verdict(missing=missing, judged=True)
                if None in states:
                    return Verdict(missing=missing)
                return Verdict([h for v in verdicts for h in v.hits], missing, True)
            if True in states:
                return Verdict([h for v in verdicts for h in v.hits], missing, True)
            return Verdict(missing=missing, judged=None not in states)

        return combine
    if "not" in cond:
        inner = compile_condition(cond["not"], ref)
        text = f"not {cond['not']}"

        def negate(deal: Deal, item: Node, prefix: str) -> Verdict:
            found = inner(deal, item, prefix)
            if found.state is None:
                return found
            if found.state:
                return Verdict(missing=found.missing, judged=True)
            return Verdict([Hit(item.record, item.path, None, text)], judged=True)

        return negate
    if "predicate" in cond:
        func = PREDICATES[str(cond["predicate"])]
        params = dict(cond.get("params") or {})
        return lambda deal, item, prefix: func(deal, item, params, ref)
    return _compile_leaf(cond, ref)


def evaluate_condition(
    cond: dict[str, Any], deal: Deal, item: Node, prefix: str, ref: ReferenceData
) -> Verdict:
    """Evaluate one condition tree on one item of a collection (compiles it; rules compile once)."""
    return compile_condition(cond, ref)(deal, item, prefix)


_WORDS = ("name", "role", "line", "old", "new", "country", "type")

RuleFunc = Callable[[Deal], Verdict]


def compile_rule(rule: RuleSpec, ref: ReferenceData) -> RuleFunc:
    """A rule as one function of a deal: its named predicate, or its condition over each collection."""
    if rule.predicate is not None:
        func = PREDICATES[rule.predicate]
        params = rule.params
        return lambda deal: func(deal, None, params, ref)
    assert rule.when is not None
    condition = compile_condition(rule.when, ref)
    paths = [(text, compile_path(text, True)) for text in rule.each]

    def run(deal: Deal) -> Verdict:
        total = Verdict()
        for text, path in paths:
            items = path.from_deal(deal)
            if not items:
                total.missing.append(text)
            for item in items:
                verdict = condition(deal, item, text)
                for found in verdict.hits:
                    for name in _WORDS:
                        value = getattr(item.value, name, None)
                        if value is not None:
                            found.words.setdefault(name, _plain(value))
                total.hits.extend(verdict.hits)
                total.missing.extend(verdict.missing)
                total.judged = total.judged or verdict.state is not None
        return total

    return run


_COMPILED: dict[tuple[int, int], tuple[RuleSpec, ReferenceData, RuleFunc]] = {}


def compiled(rule: RuleSpec, ref: ReferenceData) -> RuleFunc:
    """The compiled form of `rule` with `ref`, built on first use and kept (catalogue rules live long)."""
    key = (id(rule), id(ref))
    found = _COMPILED.get(key)
    if found is None or found[0] is not rule or found[1] is not ref:
        found = (rule, ref, compile_rule(rule, ref))
        _COMPILED[key] = found
    return found[2]


class _Words(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def _message(template: str, hit_: Hit) -> str:
    words = _Words(record=getattr(hit_.record, "id", "?"), kind=getattr(hit_.record, "kind", "?"))
    words["date"] = getattr(hit_.record, "date", "?")
    words.update(field=hit_.path, value=hit_.value)
    words.update(hit_.words)
    try:
        return string.Formatter().vformat(template, (), words)
    except (ValueError, IndexError):
        return template


_QUESTIONS: dict[int, tuple[FlagSpec, FlagResult]] = {}


def _question(flag: FlagSpec) -> FlagResult:
    """The result of a judgement or graph flag: the same question for every deal, built once."""
    found = _QUESTIONS.get(id(flag))
    if found is None or found[0] is not flag:
        result = FlagResult(
            flag_id=flag.id,
            flag_version=flag.version,
            title=flag.title,
            severity=flag.severity,
            outcome=Outcome.NOT_EXECUTABLE,
            missing=list(flag.missing_data),
            ask=flag.ask,
        )
        found = (flag, result)
        _QUESTIONS[id(flag)] = found
    return found[1]


def _plain_value(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


def _result(flag: FlagSpec, rule: RuleSpec, verdict: Verdict, outcome: Outcome) -> FlagResult:
    evidence = [
        Evidence(
            record_id=getattr(h.record, "id", None),
            record_kind=getattr(h.record, "kind", None),
            field=h.path or "(record)",
            value=_plain_value(h.value),
            condition=h.condition,
            reference=h.reference,
            message=_message(rule.message, h),
        )
        for h in verdict.hits
    ]
    return FlagResult(
        flag_id=flag.id,
        flag_version=flag.version,
        rule_version=rule.version,
        title=flag.title,
        severity=flag.severity,
        outcome=outcome,
        evidence=evidence,
        missing=list(dict.fromkeys(verdict.missing)),
        ask=flag.ask,
    )


def _outcome(verdict: Verdict) -> Outcome:
    return Outcome.FIRED if verdict.hits else Outcome.CLEAR if verdict.judged else Outcome.NOT_EVALUABLE


def evaluate_flag(flag: FlagSpec, deal: Deal, ref: ReferenceData) -> FlagResult:
    """One flag on one deal: fired with evidence, clear, not evaluable (with what it lacked), or a
    question.
    """
    rule = flag.rule
    if rule is None:
        return _question(flag)
    verdict = compiled(rule, ref)(deal)
    return _result(flag, rule, verdict, _outcome(verdict))


_PLANS: dict[tuple[tuple[int, ...], int], list[tuple[FlagSpec, RuleFunc | None]]] = {}


def _plan(flags: list[FlagSpec], ref: ReferenceData) -> list[tuple[FlagSpec, RuleFunc | None]]:
    """The flags with their compiled rules, looked up once per selection of flags."""
    key = (tuple(id(f) for f in flags), id(ref))
    found = _PLANS.get(key)
    if found is None or any(a is not b for a, (b, _) in zip(flags, found, strict=True)):
        found = _PLANS[key] = [(f, compiled(f.rule, ref) if f.rule else None) for f in flags]
    return found


def evaluate_flags(
    flags: Iterable[FlagSpec], deal: Deal, ref: ReferenceData
) -> dict[Outcome, list[FlagResult]]:
    """Every flag on one deal, results grouped by outcome in catalogue order.

    The hot path of an assessment: clear and not-evaluable results without evidence are shared per
    flag (most flags are clear or lack data on most deals), questions are built once per flag.
    """
    out: dict[Outcome, list[FlagResult]] = {o: [] for o in Outcome}
    for flag, run in _plan(list(flags), ref):
        rule = flag.rule
        if run is None or rule is None:
            out[Outcome.NOT_EXECUTABLE].append(_question(flag))
            continue
        verdict = run(deal)
        if verdict.hits:
            out[Outcome.FIRED].append(_result(flag, rule, verdict, Outcome.FIRED))
        elif verdict.judged:
            out[Outcome.CLEAR].append(_clear(flag, rule))
        else:
            out[Outcome.NOT_EVALUABLE].append(_unknown(flag, rule, verdict))
    return out


_CLEAR: dict[int, tuple[FlagSpec, FlagResult]] = {}


def _clear(flag: FlagSpec, rule: RuleSpec) -> FlagResult:
    """A clear result carries nothing but the flag: one shared instance per flag (never mutated)."""
    found = _CLEAR.get(id(flag))
    if found is None or found[0] is not flag:
        result = FlagResult(
            flag_id=flag.id,
            flag_version=flag.version,
            rule_version=rule.version,
            title=flag.title,
            severity=flag.severity,
            outcome=Outcome.CLEAR,
            ask=flag.ask,
        )
        found = (flag, result)
        _CLEAR[id(flag)] = found
    return found[1]


_UNKNOWN: dict[tuple[int, tuple[str, ...]], tuple[FlagSpec, FlagResult]] = {}


def _unknown(flag: FlagSpec, rule: RuleSpec, verdict: Verdict) -> FlagResult:
    """A not-evaluable result: one shared instance per flag and list of missing fields (never mutated);
    the same few gaps recur deal after deal."""
    missing = tuple(dict.fromkeys(verdict.missing))
    key = (id(flag), missing)
    found = _UNKNOWN.get(key)
    if found is None or found[0] is not flag:
        if len(_UNKNOWN) > 50_000:
            _UNKNOWN.clear()
        found = (flag, _result(flag, rule, verdict, Outcome.NOT_EVALUABLE))
        _UNKNOWN[key] = found
    return found[1]
