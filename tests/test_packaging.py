"""A non-editable install must ship the rule packs (rules/ → checker/_packs/) and work without the source tree.

The wheel is built from a copy of the project in tmp_path, so a stale build/ folder in the work tree
cannot leak into it. The zip check always runs; installing the wheel into a fresh venv is marked slow
and runs when NIANBAO_SLOW=1 or CI is set.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
CLEAN = ROOT / "examples" / "qingshi-2023.txt"
PROJECT_FILES = ["pyproject.toml", "README.md", "MANIFEST.in", "setup.py", "setup.cfg", "LICENSE"]

run_slow = bool(os.environ.get("NIANBAO_SLOW") or os.environ.get("CI"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in PROJECT_FILES:
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_packs")
    shutil.copytree(ROOT / "checker", src / "checker", ignore=ignore)
    shutil.copytree(RULES, src / "rules", ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    wheels = list(out.glob("nianbao-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_ships_every_rule_file_and_module(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "checker/_packs/gov-info-disclosure-2021/pack.yaml" in names
    rule_files = sorted(p.relative_to(RULES).as_posix() for p in RULES.rglob("*.yaml"))
    assert len(rule_files) >= 46  # pack.yaml + at least 45 rules
    missing = [f for f in rule_files if f"checker/_packs/{f}" not in names]
    assert not missing, f"rule files missing from the wheel: {missing}"
    extra = sorted(
        n for n in names if n.startswith("checker/_packs/") and n[len("checker/_packs/") :] not in rule_files
    )
    assert not extra, f"unexpected files under checker/_packs: {extra}"
    modules = sorted(
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "checker").rglob("*.py")
        if "_packs" not in p.parts and "__pycache__" not in p.parts
    )
    missing = [m for m in modules if m not in names]
    assert not missing, (
        f"modules missing from the wheel (add the package to [tool.setuptools] packages): {missing}"
    )
    assert "checker/py.typed" in names
    assert not any(n.startswith(("rules/", "tests/", "examples/")) for n in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "nianbao = checker.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


@pytest.mark.slow
@pytest.mark.skipif(not run_slow, reason="set NIANBAO_SLOW=1 (or CI) to install the wheel into a fresh venv")
def test_wheel_installs_and_runs_without_source_tree(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    pip = subprocess.run(
        [str(bindir / "python"), "-m", "pip", "install", "-q", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert pip.returncode == 0, pip.stdout + pip.stderr
    cwd = tmp_path  # away from the source tree: nothing may come from the work tree's rules/
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["COLUMNS"] = "200"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=60)

    code = "from checker.rules import builtin_packs_dir; print(builtin_packs_dir())"
    where = run(str(bindir / "python"), "-c", code)
    assert where.returncode == 0, where.stderr
    packs = Path(where.stdout.strip())
    assert packs.name == "_packs" and venv.resolve() in packs.resolve().parents

    nianbao = str(bindir / "nianbao")
    listed = run(nianbao, "rules", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)["rules"]) >= 45
    assert run(nianbao, "rules", "list").returncode == 0

    checked = run(nianbao, "check", "--format", "json", str(CLEAN))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert json.loads(checked.stdout)["reports"][0]["score"] == 100
