"""The `--html` report of `goide test`: one self-contained file, failures first, search and filter.

Everything is rendered on the server side (so the page reads without JavaScript) from the same
dict as the `--json` report; a few lines of inline JavaScript filter rows by status and by the
text typed in the search box. The duration chart is inline SVG: one bar per package and per
slowest test. No external resource is loaded.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

_CSS = """
body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.5em}
.totals span{margin-right:1em;font-weight:bold}
.pass{color:#1a7f37}.fail{color:#cf222e}.skip{color:#9a6700}.running{color:#555}
.row{border:1px solid #ddd;border-radius:4px;margin:4px 0;padding:4px 8px}
.row.fail{border-color:#cf222e;background:#fff5f5}
.row pre{color:#222;background:#f6f8fa;padding:6px;overflow:auto;max-height:30em;margin:4px 0}
.msg{color:#cf222e;font-weight:bold}
.controls{position:sticky;top:0;background:#fff;padding:6px 0;border-bottom:1px solid #ddd}
.controls input{width:24em;padding:4px}
.hidden{display:none}
svg text{font-size:11px;font-family:monospace}
"""

_JS = """
const q=document.getElementById('search');
let only='all';
function apply(){const t=q.value.toLowerCase();
 for(const r of document.querySelectorAll('.row')){
  const okS=only==='all'||r.dataset.status===only;
  const okT=!t||r.textContent.toLowerCase().includes(t);
  r.classList.toggle('hidden',!(okS&&okT));}
 document.getElementById('shown').textContent=document.querySelectorAll('.row:not(.hidden)').length;}
q.addEventListener('input',apply);
for(const b of document.querySelectorAll('button[data-only]')){
 b.addEventListener('click',()=>{only=b.dataset.only;apply();});}
const p=new URLSearchParams(location.search);if(p.get('q')){q.value=p.get('q');}
if(p.get('only')){only=p.get('only');}
apply();
"""

_ORDER = {"fail": 0, "skip": 1, "running": 2, "pass": 3}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _seconds(value: float | None) -> str:
    return f"{value:.3f}s" if value is not None else "unknown"


def _chart(bars: list[tuple[str, float, str]]) -> str:
    if not bars:
        return "<p>No durations.</p>"
    width, label_w, row_h = 900, 420, 16
    top = max(v for _, v, _ in bars) or 1.0
    parts = [f'<svg role="img" aria-label="durations" width="{width}" height="{row_h * len(bars) + 4}">']
    for i, (label, value, status) in enumerate(bars):
        y = i * row_h + 2
        w = max(1, int((width - label_w - 80) * value / top))
        color = {"fail": "#cf222e", "skip": "#9a6700"}.get(status, "#1a7f37")
        parts.append(f'<text x="0" y="{y + 11}">{_e(label[-60:])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w}" height="{row_h - 4}" fill="{color}"/>')
        parts.append(f'<text x="{label_w + w + 4}" y="{y + 11}">{value:.3f}s</text>')
    parts.append("</svg>")
    return "".join(parts)


def _test_row(package: str, test: dict[str, Any]) -> str:
    status = test["status"]
    head = (
        f'<b class="{_e(status)}">{_e(status.upper())}</b> {_e(package)} <b>{_e(test["name"])}</b>'
        f" ({_seconds(test['elapsed'])})"
    )
    body = []
    if test.get("crash"):
        body.append(f'<div class="msg">crash: {_e(test["crash"])}</div>')
    if test.get("message"):
        body.append(f'<div class="msg"><pre>{_e(test["message"])}</pre></div>')
    if test.get("skip_reason"):
        body.append(f"<div>reason: {_e(test['skip_reason'])}</div>")
    if test.get("rerun"):
        body.append(f"<div>rerun: {_e(test['rerun'])}</div>")
    if test.get("attrs"):
        body.append("<div>" + ", ".join(f"{_e(k)}={_e(v)}" for k, v in test["attrs"].items()) + "</div>")
    if status == "fail" and test.get("output") and test["output"].strip() != test.get("message", "").strip():
        body.append(f"<pre>{_e(test['output'])}</pre>")
    return f'<div class="row {_e(status)}" data-status="{_e(status)}">{head}{"".join(body)}</div>'


def render_html(report: dict[str, Any], title: str = "go test report") -> str:
    totals = report["totals"]
    rows: list[tuple[int, str]] = []
    for package in report["packages"]:
        if package["failed_build"] or (
            package["status"] == "fail" and not any(t["status"] == "fail" for t in package["tests"])
        ):
            builds = [b for b in report["build_failures"] if package["name"] in b["broken_packages"]]
            text = "".join(b["output"] for b in builds) or package["output"]
            what = f"build failed: {package['failed_build']}" if package["failed_build"] else "package failed"
            rows.append(
                (
                    0,
                    '<div class="row fail" data-status="fail"><b class="fail">FAIL</b> '
                    f"{_e(package['name'])} <b>{_e(what)}</b><pre>{_e(text)}</pre></div>",
                )
            )
        for test in package["tests"]:
            rows.append((_ORDER.get(test["status"], 2), _test_row(package["name"], test)))
    rows.sort(key=lambda r: r[0])
    package_rows = "".join(
        f'<tr><td class="{_e(p["status"])}">{_e(p["status"])}</td><td>{_e(p["name"])}</td>'
        f"<td>{'(cached)' if p['cached'] else _seconds(p['elapsed'])}</td>"
        f"<td>{_e(p['coverage'])}</td></tr>"
        for p in sorted(report["packages"], key=lambda p: (_ORDER.get(p["status"], 2), p["name"]))
    )
    package_bars = sorted(
        ((p["name"], p["elapsed"] or 0.0, p["status"]) for p in report["packages"]), key=lambda b: -b[1]
    )[:30]
    test_bars = [(f"{s['package']} {s['name']}", s["elapsed"], "pass") for s in report["slowest"]]
    flaky = "".join(f"<li>{_e(f['package'])} {_e(f['name'])}</li>" for f in report.get("flaky", []))
    status = report["status"]
    notice = ""
    if report.get("interrupted"):
        why = _e(report["interrupted"])
        notice = f'<p class="fail">The run was interrupted by {why}: the results are incomplete.</p>'

    flaky_section = f"<h2>Flaky (failed, then passed on a rerun)</h2><ul>{flaky}</ul>" if flaky else ""
    counts = "".join(
        f'<span class="{cls}">{totals[key]} {label}</span>'
        for cls, key, label in (
            ("pass", "passed", "passed"),
            ("fail", "failed", "failed"),
            ("skip", "skipped", "skipped"),
            ("fail", "build_errors", "build errors"),
            ("", "packages", "packages"),
        )
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title><style>{_CSS}</style></head>
<body>
<h1>{_e(title)}: <span class="{_e(status)}">{_e(status.upper())}</span></h1>
{notice}<div class="totals">{counts}</div>
{flaky_section}
<div class="controls"><input id="search" type="search" placeholder="search tests and output">
<button data-only="all">all</button><button data-only="fail">failed</button>
<button data-only="skip">skipped</button><button data-only="pass">passed</button>
<span><span id="shown">{len(rows)}</span> shown</span></div>
<h2>Results (failures first)</h2>
<div id="results">{"".join(r for _, r in rows)}</div>
<h2>Packages</h2>
<table><tr><th>status</th><th>package</th><th>time</th><th>coverage</th></tr>{package_rows}</table>
<h2>Durations</h2>
<h3>Packages</h3>{_chart(package_bars)}
<h3>Slowest tests</h3>{_chart(test_bars)}
<script>{_JS}</script>
</body></html>
"""


def write_html(report: dict[str, Any], path: Path) -> None:
    from goide.core.jsonout import valid_text
    from goide.core.safe_write import write_output

    write_output(path, valid_text(render_html(report)).encode("utf-8"), what="HTML report")
