"""`nianbao serve`: a local web page to drop a report on, with the findings shown on the report
itself. Starlette, Uvicorn and python-multipart are the optional `serve` dependencies; nothing
here is imported by `nianbao check`."""

from __future__ import annotations

import ipaddress
import socket
import sys

from checker.errors import NianbaoError

INSTALL_HINT = '请先安装网页组件：pip install "nianbao[serve]"（或 pipx install "nianbao[serve]"）'


def _require_components() -> None:
    try:
        import python_multipart  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise NianbaoError(f"nianbao serve 需要的组件 {exc.name} 没有安装", INSTALL_HINT) from exc


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_port(host: str, port: int) -> None:
    """Refuse a port that is taken with one Chinese line (uvicorn would log in English)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise NianbaoError(
                f"无法在 {host}:{port} 上启动网页（{exc.strerror or exc}）", "请换一个端口，如 --port 8766"
            ) from exc


def start(host: str, port: int, max_size_mb: float) -> None:
    """Serve the page until Ctrl-C."""
    if not 0 < port < 65536:
        raise NianbaoError(f"端口 {port} 无效", "请给出 1 到 65535 之间的端口，如 --port 8765")
    if max_size_mb <= 0:
        raise NianbaoError("--max-size 必须是正数", "例如 --max-size 20（单位 MB）")
    _require_components()
    _check_port(host, port)
    import uvicorn

    from checker.limits import MB, configure
    from checker.rules import load_pack
    from checker.serve.app import create_app
    from checker.warmup import warm_up

    limit = int(max_size_mb * MB)
    configure({"serve_max_upload_bytes": limit})
    loaded = load_pack(None)
    warm_up(loaded, pdf=True, batch=False)  # workers fork warm; a page's check has no facts or clusters
    if not is_loopback(host):
        print(
            f"nianbao: 警告：网页绑定在 {host}，局域网内其他电脑也能访问并上传文件；只在本机使用请去掉 --host",
            file=sys.stderr,
        )
    shown = f"[{host}]" if ":" in host else host
    print(f"nianbao 网页已启动：http://{shown}:{port}/ （按 Ctrl+C 结束）", flush=True)
    uvicorn.run(create_app(loaded), host=host, port=port, log_level="warning", access_log=False)
