"""`nianbao serve`'s API through Starlette's TestClient: the contract JSON is the CLI's, the view
anchors findings, the rules are `rules list`/`explain`'s, uploads are bounded and kept nowhere,
and a check that hangs, eats memory or crashes costs its own worker, not the server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from checker.cli import app as cli_app
from checker.limits import LIMITS, MB

from .helpers import EXAMPLES, SEED, pack
from .renderings import render_docx
from .serve_server import free_port

pytest.importorskip("starlette")
with warnings.catch_warnings():  # "install httpx2 instead": httpx is what the test extras have
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from checker.serve.app import create_app  # noqa: E402

DEFECTS = EXAMPLES / "qingshi-2023-defects.txt"
runner = CliRunner()


@pytest.fixture(autouse=True)
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every temporary directory of a request is made here, and none is left after it."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    yield tmp
    assert list(tmp.iterdir()) == []


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(pack())) as c:
        yield c


def upload(
    client: TestClient,
    path: Path | None = None,
    data: bytes | None = None,
    name: str = "",
    view: bool = False,
) -> Any:
    content = data if data is not None else Path(path or DEFECTS).read_bytes()
    url = "/api/check?view=1" if view else "/api/check"
    return client.post(
        url, files={"file": (name or Path(path or DEFECTS).name, content, "application/octet-stream")}
    )


def cli_json(path: Path) -> dict[str, Any]:
    result = runner.invoke(cli_app, ["check", str(path), "--format", "json"], env={"NIANBAO_NO_CACHE": "1"})
    assert result.exit_code in (0, 1, 3), result.output
    return json.loads(result.stdout)


def without_path(document: dict[str, Any]) -> dict[str, Any]:
    reports = [{k: v for k, v in r.items() if k != "path"} for r in document["reports"]]
    return {**document, "reports": reports}


@pytest.mark.parametrize("name", ["defects", "seed", "docx"])
def test_check_returns_the_cli_json_contract(name: str, client: TestClient, tmp_path: Path) -> None:
    if name == "seed":
        if not SEED.exists():
            pytest.skip("the corpus is absent")
        source = SEED
    elif name == "docx":
        source = tmp_path / "defects.docx"
        source.write_bytes(render_docx(DEFECTS))
    else:
        source = DEFECTS
    response = upload(client, source)
    assert response.status_code == 200
    got = response.json()
    assert "view" not in got  # the plain contract, unchanged
    assert got["reports"][0]["path"] == source.name
    assert without_path(got) == without_path(cli_json(source))


def test_view_anchors_every_finding_and_shows_the_tables(client: TestClient) -> None:
    got = upload(client, view=True).json()
    report, view = got["reports"][0], got["view"]
    assert len(view["findings"]) == len(report["findings"])
    text = DEFECTS.read_text(encoding="utf-8")
    blocks = [b for b in view["blocks"] if "text" in b]
    for block in blocks:
        assert text[block["start"] : block["end"]] == block["text"]
    assert [b["table"] for b in view["blocks"] if "table" in b] == ["表二", "表三", "表四"]
    assert view["tables"]["表三"]["values"] == report["tables"]["表三"]
    by_rule = {f["rule"]: (f, v) for f, v in zip(report["findings"], view["findings"], strict=True)}
    placeholder, where = by_rule["TXT-04"]
    start, end = where["span"]
    assert text[start:end] == "XX"
    citation, where = by_rule["LEG-04"]
    assert text[where["span"][0] : where["span"][1]] == "国务院令第492号"
    # what each finding cost: the points add up to what the score lost
    assert 100 - sum(v["points"] for v in view["findings"]) == report["score"]


def test_bad_uploads_give_the_doc00_finding(client: TestClient) -> None:
    for data, name in [(b"", "empty.txt"), (b"\x89PNG\r\n\x1a\n" + bytes(200), "picture.docx")]:
        response = upload(client, data=data, name=name)
        assert response.status_code == 200
        report = response.json()["reports"][0]
        assert report["findings"][0]["rule"] == "DOC-00"
        assert report["path"] == name
    not_a_form = client.post("/api/check", content=b"plain text", headers={"content-type": "text/plain"})
    assert not_a_form.status_code == 200
    assert not_a_form.json()["reports"][0]["findings"][0]["rule"] == "DOC-00"
    no_file = client.post("/api/check", data={"other": "x"}, files={"note": ("a.txt", b"x")})
    assert "没有收到文件" in no_file.json()["reports"][0]["findings"][0]["message"]


def test_upload_above_the_limit_is_refused_by_its_length_unread(client: TestClient) -> None:
    response = client.post(
        "/api/check",
        content=b"x",
        headers={"content-type": "multipart/form-data; boundary=b", "content-length": str(60 * MB)},
    )
    assert response.status_code == 413
    assert "上传上限为 20 MB" in response.json()["error"]


def test_upload_above_the_limit_is_refused_while_streaming(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """TestClient buffers a request's body, so the counting is tested on the parser's stream
    (and end to end by the real server, tests/test_serve_server.py)."""
    import anyio

    from checker.serve.upload import TooLarge, receive_file

    monkeypatch.setattr(LIMITS, "serve_max_upload_bytes", 64 * 1024)
    sent: list[int] = []

    async def body() -> Any:  # chunked: no Content-Length to go by
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
        for _ in range(1000):
            sent.append(1)
            yield b"x" * 4096

    async def receive() -> None:
        await receive_file("multipart/form-data; boundary=b", body(), tmp_path)

    with pytest.raises(TooLarge):
        anyio.run(receive)
    assert len(sent) == 16  # refused at the first chunk past 64 KB, not after the body was read whole
    assert (tmp_path / "upload.txt").stat().st_size < 64 * 1024


def test_multipart_parts_and_headers_are_capped(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "serve_max_parts", 2)
    parts = {f"f{i}": (f"{i}.txt", b"x") for i in range(3)}
    response = client.post("/api/check", files=parts)
    assert "不是有效的文件表单" in response.json()["reports"][0]["findings"][0]["message"]
    monkeypatch.setattr(LIMITS, "serve_max_header_bytes", 100)
    response = upload(client, name="长" * 200 + ".txt")
    assert "不是有效的文件表单" in response.json()["reports"][0]["findings"][0]["message"]


def test_view_is_capped(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "serve_view_blocks", 5)
    view = upload(client, view=True).json()["view"]
    assert view["truncated"] is True
    assert len([b for b in view["blocks"] if "text" in b]) == 5
    monkeypatch.setattr(LIMITS, "serve_view_blocks", 20_000)
    monkeypatch.setattr(LIMITS, "serve_view_chars", 200)
    view = upload(client, view=True).json()["view"]
    assert view["truncated"] is True
    assert sum(len(b["text"]) for b in view["blocks"] if "text" in b) <= 200


def test_each_check_runs_in_a_worker_process(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import checker.serve.app as serve_app

    def where_made(_result: Any) -> str:
        return json.dumps({"report": {"pid": os.getpid()}, "view": {}})

    monkeypatch.setattr(serve_app, "payload", where_made)
    pid = upload(client).json()["reports"][0]["pid"]
    assert pid != os.getpid()


@pytest.mark.parametrize("hostile", ["hang", "memory", "crash"])
def test_a_hostile_check_costs_its_worker_not_the_server(
    hostile: str, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    import checker.serve.app as serve_app

    def misbehave(_result: Any) -> str:
        if hostile == "hang":
            time.sleep(600)
        elif hostile == "memory":
            hog = [bytearray(64 * MB) for _ in range(10_000)]
            return str(len(hog))
        os._exit(9)

    monkeypatch.setattr(serve_app, "payload", misbehave)
    monkeypatch.setattr(LIMITS, "timeout_s", 1.0)
    monkeypatch.setattr(LIMITS, "kill_grace_s", 0.5)
    monkeypatch.setattr(LIMITS, "memory_bytes", 512 * MB)
    report = upload(client).json()["reports"][0]
    assert report["findings"][0]["rule"] == "DOC-00"
    assert report["score"] is None
    monkeypatch.undo()
    assert upload(client).json()["reports"][0]["grade"] == "合格"  # the server goes on


def test_rules_are_what_rules_list_and_explain_show(client: TestClient) -> None:
    listed = runner.invoke(cli_app, ["rules", "list", "--format", "json"], env={"NIANBAO_NO_CACHE": "1"})
    assert client.get("/api/rules").json() == json.loads(listed.stdout)
    rule = client.get("/api/rules/tbl-01").json()
    explained = runner.invoke(cli_app, ["explain", "TBL-01"], env={"NIANBAO_NO_CACHE": "1"}).stdout
    assert rule["id"] == "TBL-01"
    for key in ("title", "basis"):
        assert rule[key] in explained
    assert rule["examples"]["pass"] in explained and rule["examples"]["fail"] in explained
    assert client.get("/api/rules/Doc-00").json()["kind"] == "builtin"
    assert client.get("/api/rules/sec-09").json()["profiles"][0]["name"] == "henan"
    missing = client.get("/api/rules/NOPE-99")
    assert missing.status_code == 404
    assert missing.json()["error"] == "没有规则“NOPE-99”"


def test_security_headers_on_every_response(client: TestClient) -> None:
    for response in (
        client.get("/"),
        client.get("/static/app.js"),
        client.get("/no-such-page"),
        client.post("/api/check", content=b"x", headers={"content-length": str(60 * MB)}),
    ):
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get("/no-such-page").json()["error"] == "找不到这个地址"


def test_page_loads_nothing_from_outside() -> None:
    static = Path(create_app.__code__.co_filename).parent / "static"
    for path in static.iterdir():
        # an SVG's namespace is a name, not a resource
        text = path.read_text(encoding="utf-8").replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert (
            "http://" not in text and "https://" not in text and "@import" not in text and "url(" not in text
        )
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text and "<script>" not in text


def test_exports_are_real_files(client: TestClient, tmp_path: Path) -> None:
    import openpyxl

    response = client.post("/api/export/xlsx", files={"file": (DEFECTS.name, DEFECTS.read_bytes())})
    assert response.status_code == 200
    assert "qingshi-2023-defects-nianbao.xlsx" in response.headers["content-disposition"]
    target = tmp_path / "out.xlsx"
    target.write_bytes(response.content)
    book = openpyxl.load_workbook(target)
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert any("TBL-01" in c for c in cells)
    assert client.post("/api/export/sarif", files={"file": ("a.txt", b"x")}).status_code == 404
    offered = client.get("/api/info").json()["exports"]
    from checker.render import FORMATS

    assert offered == [f for f in ("xlsx", "html") if f in FORMATS]


def test_info_gives_the_packs_section_titles(client: TestClient) -> None:
    """The page groups findings under these: the pack's data, not the page's."""
    sections = client.get("/api/info").json()["sections"]
    assert sections == [{"id": s.id, "title": s.title} for s in pack().pack.sections]
    assert [s["id"] for s in sections] == ["一", "二", "三", "四", "五", "六"]


def test_serve_without_its_components_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    result = runner.invoke(cli_app, ["serve", "--port", "8799"])
    assert result.exit_code == 2
    assert 'pip install "nianbao[serve]"' in result.output
    assert result.output.count("\n") == 1


def test_non_loopback_host_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    import checker.warmup
    from checker.serve import is_loopback

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    monkeypatch.setattr(checker.warmup, "warm_up", lambda loaded, pdf, batch: None)  # no gc.freeze here
    port = str(free_port())
    result = runner.invoke(
        cli_app, ["serve", "--host", "0.0.0.0", "--port", "0"], env={"NIANBAO_NO_CACHE": "1"}
    )
    assert "端口 0 无效" in result.output and calls == []
    result = runner.invoke(cli_app, ["serve", "--host", "0.0.0.0", "--port", port])
    assert result.exit_code == 0, result.output
    assert "警告" in result.output and calls[0]["host"] == "0.0.0.0"
    result = runner.invoke(cli_app, ["serve", "--port", port])
    assert "警告" not in result.output and calls[1]["host"] == "127.0.0.1"
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("192.168.1.5")


def test_check_start_up_imports_no_web_stack() -> None:
    code = "import sys, checker.cli; print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'python_multipart', 'anyio')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
