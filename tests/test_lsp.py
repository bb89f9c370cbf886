"""`argmap lsp` end to end: a real server process, driven over stdio as an editor drives it.

Most tests share one server (starting one costs half a second; each test opens
its own files), and the audit's debounce is left at its default, so that what
is tested is what an editor gets. The server's answers are checked against
`argmap lint` of the same text: the server must say what the linter says.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from argmap.analysis.lint import lint_bytes
from argmap.config import Settings

sys.path.insert(0, str(Path(__file__).parent))
from lspclient import Client, ServerError

REPO = Path(__file__).resolve().parent.parent
SERVER = [sys.executable, "-m", "argmap", "lsp"]

SOURCE = "The council says the lane cuts injuries by a third. Shops fear losing parking.\n"
CLAIMS = textwrap.dedent("""\
    theses: [build]
    source:
      path: article.txt
    claims:
      build:
        text: Build the lane.
        reasons: [safe, cheap]
        objections: [shops]
      safe:
        text: It is safer.
        quote: the lane cuts injuries by a third
      cheap:
        text: It is cheap.
        assumption: true
      shops:
        text: Shops lose parking.
        quote: Shops fear losing parking
    """)


def lint_of(path: Path, text: str) -> list[tuple[str, int, int]]:
    report = lint_bytes(text.encode("utf-8"), path, Settings())
    return [(f.code, f.line - 1, f.column - 1) for f in report.findings]


def shown(diagnostics: list[dict[str, Any]]) -> list[tuple[str, int, int]]:
    return sorted((d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"]) for d in diagnostics)


def apply(text: str, edits: list[dict[str, Any]]) -> str:
    """*text* with the protocol's TextEdits applied (ASCII text: characters are UTF-16 units)."""
    lines = [*text.splitlines(keepends=True), ""]
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(position: dict[str, int]) -> int:
        return starts[position["line"]] + position["character"]

    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        text = text[: offset(edit["range"]["start"])] + edit["newText"] + text[offset(edit["range"]["end"]):]
    return text


def at(uri: str, line: int, character: int) -> dict[str, Any]:
    return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lsp")
    (root / ".git").mkdir()  # the settings search stops here
    (root / "article.txt").write_text(SOURCE, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def client(folder: Path) -> Iterator[Client]:
    client = Client(SERVER, cwd=folder)
    result = client.initialize(folder)
    assert result["capabilities"]["renameProvider"] == {"prepareProvider": True}
    yield client
    assert client.stop() == 0, client.log()


def open_file(client: Client, folder: Path, name: str, text: str) -> tuple[str, list[dict[str, Any]]]:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    uri = client.open(path, text, {".json": "json", ".argdown": "argdown"}.get(path.suffix, "yaml"))
    return uri, client.diagnostics(uri, version=1)


def test_without_the_extra_it_says_how_to_get_it():
    code = ("import sys; sys.modules['pygls'] = None; sys.argv = ['argmap', 'lsp']\n"
            "from argmap.cli import main; main()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "pip install 'argmap[lsp]'" in result.stderr and "Traceback" not in result.stderr


def test_lint_never_imports_the_server(tmp_path):
    (tmp_path / "a.yaml").write_text(CLAIMS, encoding="utf-8")
    code = ("import sys; from argmap.cli import cli\n"
            "try:\n    cli.main(['lint', sys.argv[1]], prog_name='argmap')\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'cattrs')"
            " or m.startswith('argmap.lsp')), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.yaml")], capture_output=True, text=True)
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_diagnostics_appear_as_typed_and_clear_when_fixed(client, folder):
    text = CLAIMS.replace("reasons: [safe, cheap]", "reasons: [safe, chep]")
    uri, found = open_file(client, folder, "typed.yaml", text)
    assert shown(found) == sorted(lint_of(folder / "typed.yaml", text))
    unknown = next(d for d in found if d["code"] == "AM004")
    assert unknown["severity"] == 1 and unknown["source"] == "argmap"
    assert "did you mean 'cheap'?" in unknown["message"]
    assert unknown["range"] == {"start": {"line": 6, "character": 20}, "end": {"line": 6, "character": 24}}
    page = Path(unknown["codeDescription"]["href"].removeprefix("file://"))
    assert page.read_text(encoding="utf-8").startswith("# AM004 unknown-reference [error]")
    # one character typed: "chep" -> "cheap"; left: the objection that defeats the thesis
    client.change(uri, 2, "a", start=(6, 23))
    assert [d["code"] for d in client.diagnostics(uri, version=2)] == ["AM301", "AM302"]
    clean = CLAIMS.replace("    objections: [shops]\n", "").split("  shops:")[0]
    client.change(uri, 3, clean)  # a whole new text
    assert client.diagnostics(uri, version=3) == []


def test_every_keystroke_of_a_file_typed_from_scratch(client, folder):
    """Each prefix of a claim file is a malformed file: the server answers each with the linter's findings."""
    uri, _ = open_file(client, folder, "scratch.yaml", "")
    typed, version = "", 1
    for character in CLAIMS[:400]:
        version += 1
        line, column = typed.count("\n"), len(typed) - (typed.rfind("\n") + 1)
        client.change(uri, version, character, start=(line, column))
        typed += character
    assert shown(client.diagnostics(uri, version=version)) == sorted(lint_of(folder / "scratch.yaml", typed))
    assert client.request("textDocument/hover", at(uri, 0, 1)) is None or True  # alive, and answers


def test_related_locations_name_the_circle_and_the_defeater(client, folder):
    text = textwrap.dedent("""\
        theses: [a]
        claims:
          a: {text: A., reasons: [b], objections: [d]}
          b: {text: B., reasons: [c]}
          c: {text: C., reasons: [b]}
          d: {text: D., evidence: a report}
        """)
    _uri, found = open_file(client, folder, "circle.yaml", text)
    circle = next(d for d in found if d["code"] == "AM102")
    assert [r["location"]["range"]["start"]["line"] for r in circle["relatedInformation"]] == [4]
    thesis = next(d for d in found if d["code"] == "AM301")
    assert "OUT (defeated)" in thesis["message"]
    assert [(r["location"]["range"]["start"]["line"], r["message"]) for r in thesis["relatedInformation"]] == \
        [(5, "'d' defeats it")]
    objection = next(d for d in found if d["code"] == "AM302")
    assert objection["relatedInformation"][0]["location"]["range"]["start"]["line"] == 2


def test_hover_shows_the_claim_its_quote_label_and_why(client, folder):
    uri, _ = open_file(client, folder, "hover.yaml", CLAIMS)
    on_id = client.request("textDocument/hover", at(uri, 6, 17))  # 'safe' in build's reasons
    value = on_id["contents"]["value"]
    assert "**safe** (claim): **IN**" in value and "It is safer." in value
    assert "the lane cuts injuries by a third" in value and "taken on the source's word" in value
    assert on_id["range"]["start"] == {"line": 6, "character": 14}
    thesis = client.request("textDocument/hover", at(uri, 5, 12))["contents"]["value"]  # inside build's text
    assert "**build** (thesis): **OUT (defeated)**" in thesis and "objection 'shops' is accepted" in thesis
    text = CLAIMS.replace("objections: [shops]", "objections: [shop]")
    client.change(uri, 2, text)
    unknown = client.request("textDocument/hover", at(uri, 7, 20))["contents"]["value"]
    assert unknown == "`shop` is not a defined claim. did you mean 'shops'?"


def test_definition_references_and_outline(client, folder):
    uri, _ = open_file(client, folder, "navigate.yaml", CLAIMS)
    definition = client.request("textDocument/definition", at(uri, 6, 24))  # 'cheap'
    assert definition == [{"uri": uri, "range": {"start": {"line": 11, "character": 2},
                                                 "end": {"line": 11, "character": 7}}}]
    params = {**at(uri, 14, 3), "context": {"includeDeclaration": True}}  # 'shops:' itself
    lines = [r["range"]["start"]["line"] for r in client.request("textDocument/references", params)]
    assert lines == [7, 14]
    params["context"]["includeDeclaration"] = False
    assert len(client.request("textDocument/references", params)) == 1
    outline = client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    assert [s["name"] for s in outline] == ["build", "safe", "cheap", "shops"]
    assert outline[0]["detail"].startswith("thesis")
    assert outline[1]["range"]["start"]["line"] == 8 and outline[1]["range"]["end"]["line"] == 10


def test_completion_of_ids_keys_and_codes(client, folder):
    text = CLAIMS + "  new:\n    text: New.\n    reasons: [sa]\n    \n    ignore: [AM1]\n"
    uri, _ = open_file(client, folder, "complete.yaml", text)
    ids = client.request("textDocument/completion", at(uri, 19, 16))  # after 'sa'
    labels = [item["label"] for item in ids["items"]]
    assert labels == ["safe"]
    assert ids["items"][0]["textEdit"]["range"]["start"] == {"line": 19, "character": 14}
    keys = [item["label"] for item in client.request("textDocument/completion", at(uri, 20, 4))["items"]]
    assert keys[:3] == ["text", "reasons", "objections"] and "assumption" in keys
    top = [item["label"] for item in client.request("textDocument/completion", at(uri, 0, 0))["items"]]
    assert "claims" in top and "text" not in top
    codes = [item["label"] for item in client.request("textDocument/completion", at(uri, 21, 15))["items"]]
    assert "AM101" in codes


def test_rename_edits_every_mention_and_refuses_a_bad_name(client, folder):
    uri, _ = open_file(client, folder, "rename.yaml", CLAIMS)
    prepared = client.request("textDocument/prepareRename", at(uri, 0, 10))
    assert prepared == {"range": {"start": {"line": 0, "character": 9}, "end": {"line": 0, "character": 14}},
                        "placeholder": "build"}
    result = client.request("textDocument/rename", {**at(uri, 7, 20), "newName": "shop-owners"})
    renamed = apply(CLAIMS, result["changes"][uri])
    assert renamed == CLAIMS.replace("shops", "shop-owners") and "Shop-owners" not in renamed
    assert lint_of(folder / "rename.yaml", renamed) == lint_of(folder / "rename.yaml", CLAIMS)
    for bad, why in [("two words", "not a valid id"), ("-x", "not a valid id"), ("safe", "already an id"),
                     ("null", "YAML reads")]:
        with pytest.raises(ServerError, match=why) as refused:
            client.request("textDocument/rename", {**at(uri, 7, 20), "newName": bad})
        assert refused.value.code == -32803


def test_code_actions_fix_silence_and_assume(client, folder):
    text = CLAIMS.replace("reasons: [safe, cheap]", "reasons: [safe, chep, guess]") + \
        "  guess:\n    text: A guess.\n"
    uri, found = open_file(client, folder, "actions.yaml", text)
    unknown = next(d for d in found if d["code"] == "AM004")

    def actions(diagnostic: dict[str, Any]) -> dict[str, Any]:
        params = {"textDocument": {"uri": uri}, "range": diagnostic["range"],
                  "context": {"diagnostics": [diagnostic]}}
        return {a["title"]: a for a in client.request("textDocument/codeAction", params)}

    fix = actions(unknown)["Change to 'cheap'"]
    assert fix["isPreferred"] and fix["kind"] == "quickfix"
    fixed = apply(text, fix["edit"]["changes"][uri])
    assert "reasons: [safe, cheap, guess]" in fixed
    unsupported = next(d for d in found if d["code"] == "AM101")
    offered = actions(unsupported)
    assumed = apply(text, offered["Mark 'guess' as an assumption (taken as given)"]["edit"]["changes"][uri])
    assert "  guess:\n    assumption: true\n    text: A guess.\n" in assumed
    assert "AM101" not in [code for code, _, _ in lint_of(folder / "actions.yaml", assumed)]
    silenced = apply(text, offered["Silence AM101 on 'guess' (ignore, with a note to write)"]["edit"]["changes"][uri])
    assert "    ignore: [AM101]\n    note: 'TODO: say why AM101 does not apply here'\n    text: A guess." in silenced
    assert "AM101" not in [code for code, _, _ in lint_of(folder / "actions.yaml", silenced)]


def test_a_saved_source_rechecks_the_quotes(client, folder):
    (folder / "moving.txt").write_text("Nothing here yet.\n", encoding="utf-8")
    text = CLAIMS.replace("article.txt", "moving.txt")
    uri, found = open_file(client, folder, "quotes.yaml", text)
    assert shown(found) == sorted(lint_of(folder / "quotes.yaml", text))
    assert [d["code"] for d in found].count("AM201") == 2
    seen = len(client.notifications)
    (folder / "moving.txt").write_text(SOURCE, encoding="utf-8")  # saved by another program
    assert [d["code"] for d in client.diagnostics(uri, after=seen, timeout=10)] == ["AM301", "AM302"]


def test_every_format_argmap_reads(client, folder):
    aif = (REPO / "tests" / "data" / "aif" / "cycle.json").read_text(encoding="utf-8")
    uri, found = open_file(client, folder, "cycle.json", aif)
    assert shown(found) == sorted(lint_of(folder / "cycle.json", aif))
    as_json = json.dumps({"claims": {"a": {"text": "A.", "reasons": ["b"]}}}, indent=1)
    uri, found = open_file(client, folder, "claims.json", as_json)
    assert [d["code"] for d in found] == ["AM004"]
    completion = client.request("textDocument/completion", at(uri, 3, 6))  # `   "te|xt"`
    assert "text" in [item["label"] for item in completion["items"]]
    argdown = "[Tax]: Tax sugar.\n    + [Health]: It makes people healthier.\n        + [Tax]\n"
    uri, found = open_file(client, folder, "sugar.argdown", argdown)
    assert shown(found) == sorted(lint_of(folder / "sugar.argdown", argdown))
    assert "AM102" in [d["code"] for d in found]  # the circle, at the Argdown statement
    hover = client.request("textDocument/hover", at(uri, 0, 2))
    assert "Tax sugar." in hover["contents"]["value"]
    broken = argdown + "\n(1) A premise.\n(2) And no inference line.\n"
    client.change(uri, 2, broken)
    found = client.diagnostics(uri, version=2)
    assert shown(found) == sorted(lint_of(folder / "sugar.argdown", broken))
    assert [d["code"] for d in found] == ["AM001"]  # a syntax error, at its line and column


def test_positions_count_utf16_units(client, folder):
    text = "claims:\n  a: {text: 🚀 Rockets., reasons: [nope]}\n"
    _uri, found = open_file(client, folder, "emoji.yaml", text)
    (unknown,) = found
    assert unknown["range"]["start"] == {"line": 1, "character": 35}  # the emoji is two UTF-16 units


def test_a_client_that_counts_in_utf8_gets_utf8(tmp_path):
    client = Client(SERVER, cwd=tmp_path)
    result = client.request("initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {
        "general": {"positionEncodings": ["utf-8"]}}})
    assert result["capabilities"]["positionEncoding"] == "utf-8"
    client.notify("initialized", {})
    path = tmp_path / "emoji.yaml"
    path.write_text("claims:\n  a: {text: 🚀 Rockets., reasons: [nope]}\n", encoding="utf-8")
    uri = client.open(path)
    (unknown,) = client.diagnostics(uri)
    assert unknown["range"]["start"] == {"line": 1, "character": 37}  # the emoji is four bytes
    assert client.stop() == 0


def test_malformed_messages_and_unknown_methods_leave_it_alive(client, folder):
    uri, _ = open_file(client, folder, "alive.yaml", CLAIMS)
    client.send_raw(b"Content-Length: 9\r\n\r\n{not json")
    assert client.response(None)["error"]["code"] == -32700
    client.send_raw(b"Content-Length: 7\r\n\r\n[1,2,3]")
    with pytest.raises(ServerError) as bad:
        client.request("textDocument/hover", {"textDocument": {"uri": uri}})  # no position
    assert bad.value.code == -32602
    with pytest.raises(ServerError) as unknown:
        client.request("argmap/noSuchMethod", {})
    assert unknown.value.code == -32601
    client.notify("argmap/noSuchNotification", {})
    client.request("textDocument/hover", at(uri, 99, 99))  # past the end: no answer, no harm
    assert "**safe**" in client.request("textDocument/hover", at(uri, 6, 17))["contents"]["value"]
    assert "Traceback" not in client.log()


def test_shutdown_then_exit_ends_the_server(tmp_path):
    client = Client(SERVER, cwd=tmp_path)
    client.initialize(tmp_path)
    assert client.request("shutdown") is None
    client.notify("exit")
    assert client.process.wait(10) == 0
