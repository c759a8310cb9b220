"""Evaluate catalogue rules on a deal: condition trees over collections, or named predicates.

Conditions are three-valued. A field comparison whose field is absent is *unknown* and names the
field it lacked; `all` is false if any part is false, `any` is true if any part is true, otherwise
unknown wins. A rule fires when some item is true, is clear when items were judged false, and is
"not evaluable" when nothing could be judged: absence of data is never reported as absence of risk
(REDFLAGS.md section 5, point 5).
"""

from __future__ import annotations

import string
from decimal import Decimal
from typing import Any

from interdictor.flags import predicates as _predicates  # noqa: F401  (registers the predicates)
from interdictor.flags.deal import Deal, Node, has_field, resolve
from interdictor.flags.model import Evidence, FlagResult, FlagSpec, Outcome, RuleSpec
from interdictor.flags.reference import ReferenceData
from interdictor.flags.registry import PREDICATES, Hit, Verdict

__all__ = ["evaluate_condition", "evaluate_flag", "imo_valid"]

_TEXT_OPS = {"contains_ref"}


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


def _compare(op: str, got: Any, want: Any, ref: ReferenceData) -> tuple[bool, Any]:
    """(result, the value to cite) for one comparison; `want` is a literal or a reference-set name."""
    got = _plain(got)
    if op == "eq":
        return got == want, got
    if op == "ne":
        return got != want, got
    if op == "in":
        return str(got) in {str(w) for w in want}, got
    if op == "not_in":
        return str(got) not in {str(w) for w in want}, got
    if op == "in_ref":
        return str(got) in ref.get(want), got
    if op == "not_in_ref":
        return str(got) not in ref.get(want), got
    if op in {"lt", "le", "gt", "ge"}:
        a, b = float(got), float(want)
        return {"lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[op], got
    if op == "len_ge":
        return len(got) >= int(want), len(got)
    if op == "contains_ref":
        texts = got if isinstance(got, list) else [got]
        for text in texts:
            low = str(text).lower()
            for phrase in sorted(ref.get(want), key=len, reverse=True):
                if phrase.lower() in low:
                    return True, str(text)
        return False, got
    raise ValueError(f"unknown operator {op!r}")


_DESCRIBED: dict[int, tuple[dict[str, Any], str]] = {}


def _describe(cond: dict[str, Any]) -> str:
    """The condition as text for evidence; cached per condition object (catalogue rules live long)."""
    found = _DESCRIBED.get(id(cond))
    if found is not None and found[0] is cond:
        return found[1]
    text = _describe_uncached(cond)
    _DESCRIBED[id(cond)] = (cond, text)
    return text


def _describe_uncached(cond: dict[str, Any]) -> str:
    parts = [str(cond["field"]), str(cond["op"])]
    if "value" in cond:
        parts.append(repr(cond["value"]))
    if "other" in cond:
        parts.append(str(cond["other"]))
    return " ".join(parts) + (f" (via {cond['transform']})" if cond.get("transform") else "")


def _leaf(cond: dict[str, Any], item: Node, prefix: str, ref: ReferenceData) -> Verdict:
    field, op = str(cond["field"]), str(cond["op"])
    head = field.split(".")[0].split("[")[0]
    if item.value is not None and not has_field(type(item.value), head):
        return Verdict(judged=True)  # the item has no such field at all: the condition does not apply
    nodes = resolve(field, start=item)
    present = [n for n in nodes if n.value is not None and n.value != ""]
    text = _describe(cond)
    generic = f"{prefix}.{field}" if prefix else field
    if op in {"exists", "missing"}:
        is_there = any(_present(n.value) for n in present)
        want = cond.get("value", True) if op == "exists" else not cond.get("value", True)
        if is_there == want:
            shown = next((n for n in present if _present(n.value)), None) or (
                nodes[0] if nodes else item.child(field, None)
            )
            return Verdict([Hit(item.record, shown.path, _plain(shown.value), text)], judged=True)
        return Verdict(judged=True)
    if not present:
        return Verdict(missing=[generic])
    reference = ref.cite(cond["value"]) if op in {"in_ref", "not_in_ref", "contains_ref"} else None
    hits: list[Hit] = []
    missing: list[str] = []
    for node in present:
        value = _transform(cond.get("transform"), node.value)
        if op in {"lt_field", "ne_field"}:
            others = [o for o in resolve(str(cond["other"]), start=item) if _present(o.value)]
            if not others:
                missing.append(f"{prefix}.{cond['other']}" if prefix else str(cond["other"]))
                continue
            a, b = _plain(value), _plain(others[0].value)
            ok = a < b if op == "lt_field" else a != b
            if ok:
                hits.append(Hit(item.record, node.path, a, text, reference, {"other": b}))
            continue
        ok, cited = _compare(op, value, cond.get("value"), ref)
        if ok:
            hits.append(Hit(item.record, node.path, cited, text, reference))
    judged = len(missing) < len(present)
    return Verdict(hits, missing, judged)


def evaluate_condition(
    cond: dict[str, Any], deal: Deal, item: Node, prefix: str, ref: ReferenceData
) -> Verdict:
    """Evaluate one condition tree on one item of a collection."""
    if "all" in cond or "any" in cond:
        parts = [evaluate_condition(c, deal, item, prefix, ref) for c in cond.get("all") or cond["any"]]
        missing = [m for p in parts for m in p.missing]
        states = [p.state for p in parts]
        if "all" in cond:
            if False in states:
                return Verdict(missing=missing, judged=True)
            if None in states:
                return Verdict(missing=missing)
            return Verdict([h for p in parts for h in p.hits], missing, True)
        if True in states:
            return Verdict([h for p in parts for h in p.hits], missing, True)
        return Verdict(missing=missing, judged=None not in states)
    if "not" in cond:
        inner = evaluate_condition(cond["not"], deal, item, prefix, ref)
        if inner.state is None:
            return inner
        if inner.state:
            return Verdict(missing=inner.missing, judged=True)
        return Verdict([Hit(item.record, item.path, None, f"not {cond['not']}")], judged=True)
    if "predicate" in cond:
        return PREDICATES[str(cond["predicate"])](deal, item, dict(cond.get("params") or {}), ref)
    return _leaf(cond, item, prefix, ref)


def _rule_verdict(rule: RuleSpec, deal: Deal, ref: ReferenceData) -> Verdict:
    if rule.predicate is not None:
        return PREDICATES[rule.predicate](deal, None, rule.params, ref)
    assert rule.when is not None
    total = Verdict()
    for path in rule.each:
        items = resolve(path, deal)
        if not items:
            total.missing.append(path)
        for item in items:
            verdict = evaluate_condition(rule.when, deal, item, path, ref)
            for found in verdict.hits:
                for name in ("name", "role", "line", "old", "new", "country", "type"):
                    value = getattr(item.value, name, None)
                    if value is not None:
                        found.words.setdefault(name, _plain(value))
            total.hits.extend(verdict.hits)
            total.missing.extend(verdict.missing)
            total.judged = total.judged or verdict.state is not None
    return total


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


def evaluate_flag(flag: FlagSpec, deal: Deal, ref: ReferenceData) -> FlagResult:
    """One flag on one deal: fired with evidence, clear, not evaluable (with what it lacked), or a
    question.
    """
    base: dict[str, Any] = {
        "flag_id": flag.id,
        "flag_version": flag.version,
        "title": flag.title,
        "severity": flag.severity,
    }
    if flag.rule is None:
        return FlagResult(**base, outcome=Outcome.NOT_EXECUTABLE, missing=flag.missing_data, ask=flag.ask)
    verdict = _rule_verdict(flag.rule, deal, ref)
    missing = list(dict.fromkeys(verdict.missing))
    outcome = {True: Outcome.FIRED, False: Outcome.CLEAR, None: Outcome.NOT_EVALUABLE}[verdict.state]
    evidence = [
        Evidence(
            record_id=getattr(h.record, "id", None),
            record_kind=getattr(h.record, "kind", None),
            field=h.path or "(record)",
            value=h.value if isinstance(h.value, str | int | float | bool | type(None)) else str(h.value),
            condition=h.condition,
            reference=h.reference,
            message=_message(flag.rule.message, h),
        )
        for h in verdict.hits
    ]
    return FlagResult(
        **base,
        rule_version=flag.rule.version,
        outcome=outcome,
        evidence=evidence,
        missing=missing,
        ask=flag.ask,
    )
