# ruff: noqa: E501  (the HTML template below keeps its rows on one line each)
"""A self-contained HTML report of assessments: one section per deal, readable offline and printable.

Per deal: the band and score with each flag's contribution row (rows add up to the total), the
fired flags with their evidence (record, field, value, rule), the goods verdicts and screening
matches, the flags that could not be evaluated with the data they lack, the analyst questions, and
the recommended actions for the actor. Every value from the input is escaped (jinja2 autoescape):
a party named `<script>` is shown, never run. No external assets: styles are inline.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from jinja2 import Environment, select_autoescape

from interdictor.assess.core import Assessment

__all__ = ["render_html"]

_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Interdictor assessment</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222;padding:0 1em}
h1{font-size:1.5em} h2{font-size:1.2em;margin-top:2em;border-top:1px solid #ccc;padding-top:1em}
h3{font-size:1em;margin:1.2em 0 .3em}
table{border-collapse:collapse;margin:.3em 0 1em;width:100%} td,th{border:1px solid #ddd;padding:.25em .5em;
text-align:left;vertical-align:top} th{background:#f4f4f4}
.band{display:inline-block;padding:.1em .6em;border-radius:.3em;font-weight:bold;color:#fff}
.high{background:#b00020}.medium{background:#c77700}.low{background:#8a8a00}.none{background:#2e7d32}
.muted{color:#666} code{background:#f4f4f4;padding:0 .2em} ul{margin:.2em 0 .8em}
.summary td{white-space:nowrap}
</style></head><body>
<h1>Assessment report</h1>
<p class="muted">{{ results|length }} deal(s), viewed as <b>{{ actor }}</b>; generated {{ generated }};
reference data {{ reference }}; combining rule {{ rule }}.</p>
<table class="summary"><tr><th>deal</th><th>records</th><th>band</th><th>score</th><th>fired</th></tr>
{% for a in results %}<tr><td><a href="#d{{ loop.index }}">{{ a.deal_id }}</a></td>
<td>{{ a.record_ids|join(", ") }}</td><td><span class="band {{ a.risk.band }}">{{ a.risk.band }}</span></td>
<td>{{ a.risk.total }}</td><td>{{ a.fired|map(attribute="flag_id")|join(", ") }}</td></tr>
{% endfor %}</table>
{% for a in results %}
<h2 id="d{{ loop.index }}">Deal {{ a.deal_id }} <span class="band {{ a.risk.band }}">{{ a.risk.band }}</span>
score {{ a.risk.total }}</h2>
<p class="muted">Records: {{ a.record_ids|join(", ") }}.{% if a.risk.reasons %} Why: {{ a.risk.reasons|join("; ") }}.{% endif %}</p>
<h3>Recommended actions ({{ a.actor }})</h3>
<ul>{% for action in a.actions %}<li>{{ action }}</li>{% endfor %}</ul>
<h3>Score</h3>
{% if a.risk.contributions %}<table><tr><th>flag</th><th>severity</th><th>family</th><th>points</th><th>note</th></tr>
{% for c in a.risk.contributions %}<tr><td>{{ c.flag_id }}</td><td>{{ c.severity }}</td><td>{{ c.family or "" }}</td>
<td>+{{ c.weight }}</td><td>{{ c.note or "" }}</td></tr>{% endfor %}
<tr><th colspan="3">total</th><th>{{ a.risk.total }}</th><th></th></tr></table>
{% else %}<p>No flag fired.</p>{% endif %}
{% if a.fired %}<h3>Flags that fired, with evidence</h3>
{% for f in a.fired %}<p><b>{{ f.flag_id }}</b> {{ f.title }} <span class="muted">(severity {{ f.severity }},
rule v{{ f.rule_version or f.flag_version }})</span></p>
<table><tr><th>record</th><th>field</th><th>value</th><th>finding</th><th>rule / reference</th></tr>
{% for e in f.evidence %}<tr><td>{{ e.record_id or "" }}</td><td><code>{{ e.field }}</code></td><td>{{ e.value if e.value is not none else "" }}</td>
<td>{{ e.message }}</td><td><code>{{ e.condition }}</code>{% if e.reference %}<br>{{ e.reference }}{% endif %}</td></tr>{% endfor %}
</table><p class="muted">Ask: {{ f.ask }}</p>{% endfor %}{% endif %}
{% if a.goods %}<h3>Goods</h3><table><tr><th>record</th><th>line</th><th>description</th><th>verdict</th><th>entries</th></tr>
{% for g in a.goods %}<tr><td>{{ g.record_id }}</td><td>{{ g.line }}</td><td>{{ g.description }}</td><td>{{ g.status }}</td>
<td>{{ (g.entries + g.near_entries)|join(", ") }}</td></tr>{% endfor %}</table>{% endif %}
<h3>Screening</h3>
{% if a.screening is none %}<p>No screening source was available: list matches were not checked (ORD-01 not evaluable).</p>
{% else %}{% set matched = a.screening|selectattr("matches")|list %}
{% if matched %}<table><tr><th>record</th><th>party</th><th>role</th><th>list</th><th>matched name</th><th>score</th><th>entry countries</th><th>ORD-01</th></tr>
{% for s in matched %}{% for m in s.matches %}<tr><td>{{ s.record_id }}</td><td>{{ s.name }}</td><td>{{ s.role }}</td>
<td>{{ m.list }}</td><td>{{ m.matched_name }}</td><td>{{ m.score }}</td><td>{{ m.countries }}</td><td>{{ m.note }}</td></tr>{% endfor %}{% endfor %}</table>
{% else %}<p>{{ a.screening|length }} parties screened, no list match.</p>{% endif %}{% endif %}
{% if a.not_evaluable %}<h3>Not evaluable: data missing</h3><table><tr><th>flag</th><th>severity</th><th>missing</th></tr>
{% for f in a.not_evaluable %}<tr><td>{{ f.flag_id }} {{ f.title }}</td><td>{{ f.severity }}</td><td>{{ f.missing|join(", ") }}</td></tr>{% endfor %}
</table>{% endif %}
{% if a.questions %}<h3>Questions for the analyst (judgement and network flags)</h3>
<ul>{% for f in a.questions %}<li><b>{{ f.flag_id }}</b> {{ f.title }}: {{ f.ask }}</li>{% endfor %}</ul>{% endif %}
{% endfor %}
</body></html>
"""

_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def render_html(results: Sequence[Assessment], *, actor: str = "analyst") -> str:
    """The report as one HTML document (UTF-8 text)."""
    template = _ENV.from_string(_TEMPLATE)
    return template.render(
        results=list(results),
        actor=actor,
        generated=datetime.now(UTC).isoformat(timespec="seconds"),
        reference=results[0].reference_version if results else "-",
        rule=results[0].risk.rule if results else "-",
    )
