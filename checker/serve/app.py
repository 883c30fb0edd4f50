"""The ASGI application of `nianbao serve` (Starlette): the page, its static files, and the API.

Every check runs in a worker process of its own under the batch engine's per-file time and
memory limits (checker.batch.check_apart), so a hostile upload can neither hang nor kill the
server. An upload is written only into a private temporary directory, removed before the
response is sent, on every path."""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from checker import __version__
from checker.batch import CheckOptions, check_apart, failed
from checker.limits import LIMITS, MB
from checker.render.json import JSON_VERSION, report_dict
from checker.render.rules_list import listing
from checker.results import ReportResult
from checker.rules import LoadedPack
from checker.serve import rules as rule_info
from checker.serve.upload import BadUpload, TooLarge, receive_file
from checker.serve.view import payload

STATIC = Path(__file__).parent / "static"
EXPORTS = ("xlsx", "html")  # offered when the format is registered (checker.render.FORMATS)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'none'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


class SecurityHeaders:
    """Adds the security headers to every response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in SECURITY_HEADERS}
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = headers + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, sending)


def exports() -> list[str]:
    from checker.render import FORMATS

    return [fmt for fmt in EXPORTS if fmt in FORMATS]


def too_large() -> JSONResponse:
    limit = LIMITS.serve_max_upload_bytes / MB
    return JSONResponse(
        {"error": f"文件过大：上传上限为 {limit:g} MB；请确认上传的是年度报告文件"}, status_code=413
    )


def create_app(loaded: LoadedPack) -> ASGIApp:
    running = threading.BoundedSemaphore(max(1, LIMITS.serve_workers))

    def check_file(path: Path, name: str, prepare: bool) -> ReportResult:
        with running:
            result = check_apart(path, loaded, CheckOptions(prepare=payload if prepare else None))
        result.path = name
        return result

    async def receive(request: Request, directory: Path) -> ReportResult | Response | tuple[Path, str]:
        """The uploaded file in `directory`, a 413, or the DOC-00 result of a bad upload."""
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > LIMITS.serve_max_upload_bytes:
            return too_large()  # refused unread
        try:
            upload = await receive_file(request.headers.get("content-type", ""), request.stream(), directory)
        except TooLarge:
            return too_large()
        except BadUpload:
            return failed("", "上传的内容不是有效的文件表单；请在页面上选择文件，或用表单字段 file 上传")
        if upload.path is None:
            return failed(upload.name, "没有收到文件；请用表单字段 file 上传一份年度报告")
        return upload.path, upload.name or upload.path.name

    async def received_result(request: Request, directory: Path, view: bool) -> Response | ReportResult:
        """The upload checked (an error response, or the DOC-00 result of a bad upload)."""
        received = await receive(request, directory)
        if isinstance(received, Response | ReportResult):
            return received
        return await run_in_threadpool(check_file, *received, view)

    async def check(request: Request) -> Response:
        directory = Path(tempfile.mkdtemp(prefix="nianbao-serve-"))
        try:
            result = await received_result(request, directory, True)
            if isinstance(result, Response):
                return result
        finally:
            shutil.rmtree(directory, ignore_errors=True)
        if result.rendered is not None:
            made = json.loads(result.rendered)
            report, view = made["report"], made["view"]
        else:  # stopped on a limit, or never checked: the DOC-00 finding alone
            report, view = (
                report_dict(result),
                {"blocks": [], "tables": {}, "findings": [], "truncated": False},
            )
        report["path"] = result.path
        out: dict[str, Any] = {"version": JSON_VERSION, "nianbao": __version__, "reports": [report]}
        if request.query_params.get("view") == "1":
            out["view"] = view
        return JSONResponse(out)

    async def export(request: Request) -> Response:
        fmt = request.path_params["fmt"]
        if fmt not in exports():
            raise HTTPException(404, f"没有“{fmt}”格式的导出")
        directory = Path(tempfile.mkdtemp(prefix="nianbao-serve-"))
        try:
            result = await received_result(request, directory, False)
            if isinstance(result, Response):
                return result
            data = await run_in_threadpool(_render, fmt, result, loaded, directory)
        finally:
            shutil.rmtree(directory, ignore_errors=True)
        from urllib.parse import quote

        from checker.render import REGISTRY

        stem = (Path(result.path).stem or "report") + "-nianbao"
        suffix = REGISTRY[fmt].suffixes[0] if REGISTRY[fmt].suffixes else "." + fmt
        media = {
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "html": "text/html; charset=utf-8",
        }.get(fmt, "application/octet-stream")
        disposition = f"attachment; filename*=UTF-8''{quote(stem + suffix)}"
        return Response(data, media_type=media, headers={"content-disposition": disposition})

    async def rules_index(_request: Request) -> Response:
        return JSONResponse(listing(loaded))

    async def rule_detail(request: Request) -> Response:
        found = rule_info.detail(loaded, request.path_params["rule_id"])
        if found is None:
            raise HTTPException(404, f"没有规则“{request.path_params['rule_id']}”")
        return JSONResponse(found)

    async def info(_request: Request) -> Response:
        return JSONResponse(
            {
                "nianbao": __version__,
                "exports": exports(),
                "max_bytes": LIMITS.serve_max_upload_bytes,
                "sections": [{"id": s.id, "title": s.title} for s in loaded.pack.sections],
            }
        )

    async def page(_request: Request) -> Response:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    async def http_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        detail = exc.detail if exc.status_code != 404 or "没有" in exc.detail else "找不到这个地址"
        if exc.status_code == 405:
            detail = "不支持这种请求方式"
        return JSONResponse({"error": detail}, status_code=exc.status_code)

    async def internal_error(_request: Request, exc: Exception) -> Response:
        return JSONResponse(
            {"error": f"内部错误（{type(exc).__name__}）；请把该文件反馈给 nianbao 维护者"}, status_code=500
        )

    routes = [
        Route("/", page),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/export/{fmt}", export, methods=["POST"]),
        Route("/api/rules", rules_index),
        Route("/api/rules/{rule_id}", rule_detail),
        Route("/api/info", info),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error, Exception: internal_error})
    return SecurityHeaders(app)  # outermost, so that error responses carry the headers too


def _render(fmt: str, result: ReportResult, loaded: LoadedPack, directory: Path) -> bytes:
    """The report in an export format, made in the request's temporary directory."""
    from checker.render import REGISTRY, RenderOptions, open_writer

    target = directory / ("export." + fmt)
    options = RenderOptions(to_file=True)
    if REGISTRY[fmt].binary:
        writer = open_writer(fmt, target, loaded, options)
        writer.report(result)
        writer.end([])
    else:
        with target.open("w", encoding="utf-8") as out:
            writer = open_writer(fmt, out, loaded, options)
            writer.report(result)
            writer.end([])
    return target.read_bytes()
