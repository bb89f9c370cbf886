"""The Mermaid that argmap writes, read by Mermaid's own parser (the npm package, in Node).

`make test` installs it (tests/mermaid, pinned to 11.3.0, the version GitHub was
seen drawing with); without Node or that install these tests fail and say how
to get them, never skip. What Mermaid made of each diagram is compared with
what the model says should be there: every claim and dot, every link with its
arrow, every label as the reader will see it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter

import pytest

from argmap.convert import mermaid, one_line
from argmap.model import ArgumentFile
from conftest import REPO, UNDERCUTS, write
from test_convert_graphs import HOSTILE, ISTANBUL, chain, convert, expected_links, load, shown, steps

CHECKER = REPO / "tests" / "mermaid"
#: Mermaid's links as its parser types them
ARROWS = {"-->": ("arrow_point", "normal"), "--x": ("arrow_cross", "normal"),
          "---": ("arrow_open", "normal"), "-.-": ("arrow_open", "dotted")}
#: the parser keeps entity codes in private characters until it draws
PRIVATE_ENTITY = re.compile("\ufb02\u00b0(\u00b0?)(\\w+)\u00b6\u00df")



def parse(diagrams: list[str]) -> list[dict]:
    """What Mermaid's parser made of each diagram."""
    node = shutil.which("node")
    if node is None or not (CHECKER / "node_modules" / "mermaid").is_dir():
        pytest.fail("Mermaid's parser is not installed: Node.js and `npm ci` in tests/mermaid are needed "
                    "(make test does it)")
    run = subprocess.run([node, str(CHECKER / "check.mjs")], input=json.dumps(diagrams), capture_output=True,
                         text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    results: list[dict] = json.loads(run.stdout)
    return results


@pytest.fixture(scope="module")
def parsed(tmp_path_factory) -> dict[str, tuple[ArgumentFile, dict]]:
    """Every diagram of this module through one run of the parser."""
    folder = tmp_path_factory.mktemp("mermaid")
    cases = {"istanbul": load(ISTANBUL), "hostile": load(write(folder, HOSTILE, "hostile.yaml")),
             "undercuts": load(write(folder, UNDERCUTS, "undercuts.yaml")), "500 links": chain(mermaid.MAX_EDGES)}
    texts = {name: convert(mermaid, model)[0] for name, model in cases.items()}
    one_too_many = texts["500 links"] + "  c_c500 --> c_c0\n"
    results = parse([*texts.values(), one_too_many])
    found = {name: (cases[name], result) for name, result in zip(texts, results, strict=False)}
    found["501 links"] = (cases["500 links"], results[-1])
    return found


def decoded(text: str) -> str:
    """A label as the parser keeps it, back in Mermaid's entity codes."""
    return PRIVATE_ENTITY.sub(lambda m: f"#{m[2]};", text)


@pytest.mark.parametrize("name", ["istanbul", "hostile", "undercuts", "500 links"])
def test_mermaid_parser_reads_every_claim_dot_and_link(parsed, name):
    model, result = parsed[name]
    assert result["ok"], result.get("error")
    assert result["version"] == "11.3.0"
    all_steps = steps(model)
    ids = mermaid.node_ids([*model.claims, *(step.id for step in all_steps)])
    vertices = {vertex["id"]: vertex for vertex in result["vertices"]}
    junctions = {ids[s.id] for s in all_steps if len(s.premises) > 1 or s.objections or s.label is not None}
    assert set(vertices) == {ids[cid] for cid in model.claims} | junctions
    for cid, claim in model.claims.items():
        vertex = vertices[ids[cid]]
        body, foot = shown(decoded(vertex["text"])).split("\n")
        assert body == one_line(claim.text)
        assert foot.split(" \u00b7 ")[0] == cid
        assert vertex["type"] == "square"
        assert {"accepted", "unsupported", "defeated", "undecided"} & set(vertex["classes"])
    for junction in junctions:
        assert vertices[junction]["type"] == "circle"
        assert set(vertices[junction]["classes"]) & {"reason", "objection"}
    expected = Counter()
    for (start, arrow, end), count in expected_links(model, ids).items():
        expected[(start, end, *ARROWS[arrow])] += count
    assert Counter((e["start"], e["end"], e["type"], e["stroke"]) for e in result["edges"]) == expected
    labels = sorted(shown(decoded(e["text"])) for e in result["edges"] if e["text"])
    assert labels == sorted(one_line(s.label) for s in all_steps if s.label is not None)
    assert set(result["classes"]) >= {"accepted", "thesis", "reason", "objection"}


def test_mermaid_parser_refuses_link_501(parsed):
    """The limit the writer holds to is Mermaid's own: 500 links parse, 501 do not."""
    _, result = parsed["501 links"]
    assert not result["ok"] and "Edge limit exceeded" in result["error"]


# -- drawn by Mermaid in a real browser -----------------------------------------------

#: what the page reports once Mermaid has drawn: each node's and each link label's text
PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body>
{diagrams}
<pre id="result">pending</pre>
<script src="{script}"></script>
<script>
mermaid.initialize({{startOnLoad: false, securityLevel: "strict"}});
mermaid.run().then(() => {{
  const found = [...document.querySelectorAll("pre.mermaid")].map((chart) => ({{
    nodes: Object.fromEntries([...chart.querySelectorAll("g.node")].map((n) => [n.id.split("-").slice(1, -1).join("-"), n.textContent])),
    links: [...chart.querySelectorAll("g.edgeLabel")].map((l) => l.textContent).filter((t) => t),
    scripts: chart.querySelectorAll("script, iframe").length,
  }}));
  document.getElementById("result").textContent = JSON.stringify(found);
}}, (error) => {{ document.getElementById("result").textContent = "ERROR " + error; }});
</script></body></html>"""
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--allow-file-access-from-files", "--virtual-time-budget=20000", "--dump-dom")


def draw(diagrams: list[str], folder) -> list[dict]:
    """Each diagram drawn by Mermaid (the same install) in headless Chromium: the texts it shows."""
    import html

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.fail("Chromium is not installed: `apt-get install chromium` (.ci/run does it)")
    script = CHECKER / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    if not script.is_file():
        pytest.fail("Mermaid is not installed: `npm ci` in tests/mermaid (make test does it)")
    page = folder / "page.html"
    charts = "\n".join(f'<pre class="mermaid">{html.escape(text)}</pre>' for text in diagrams)
    page.write_text(PAGE.format(diagrams=charts, script=script.as_uri()), encoding="utf-8")
    run = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={folder / 'profile'}", page.as_uri()],
                         capture_output=True, text=True, timeout=120, check=False)
    found = re.search(r'<pre id="result">(.*?)</pre>', run.stdout, re.DOTALL)
    assert found is not None, run.stderr[-2000:]
    result = html.unescape(found[1])
    assert not result.startswith(("ERROR", "pending")), result
    drawn: list[dict] = json.loads(result)
    return drawn


def test_mermaid_draws_every_text_as_written(parsed, tmp_path):
    """Markdown, HTML, entities, KaTeX and directives in claim texts and inference labels
    come out as the plain text they are (Mermaid 11.3 reads labels as Markdown)."""
    names = ["istanbul", "hostile", "undercuts"]
    drawn = draw([convert(mermaid, parsed[name][0])[0] for name in names], tmp_path)
    for name, chart in zip(names, drawn, strict=True):
        model = parsed[name][0]
        ids = mermaid.node_ids([*model.claims, *(step.id for step in steps(model))])
        assert chart["scripts"] == 0
        for cid, claim in model.claims.items():
            text = chart["nodes"][ids[cid]].replace("\u2060", "")
            assert text.startswith(one_line(claim.text) + cid), (cid, text)
        labels = sorted(one_line(s.label) for s in steps(model) if s.label is not None)
        assert sorted(label.replace("\u2060", "") for label in chart["links"]) == labels
