"""The rule-pack cache: JSON of the validated pack, never pickle; kept in a directory created
0700; a directory or file that another user owns, or that others may write, is neither read
nor written; a file that does not validate is ignored and rewritten; the key covers the code
and every YAML file of the pack's lineage and profiles."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import stat
from pathlib import Path

import pytest

from checker import rules
from checker.limits import LIMITS
from checker.rules import LoadedPack, load_pack

from .helpers import ROOT

PACKS = ROOT / "rules"
OTHER_UID = 54321  # not the user running the tests (they run as root in CI)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache" / "nianbao"
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(folder))
    monkeypatch.delenv("NIANBAO_NO_CACHE", raising=False)
    monkeypatch.setattr(rules, "_LOADED", {})
    return folder


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    """A copy of both bundled packs (the 2019 one extends the 2021 one)."""
    target = tmp_path / "packs"
    shutil.copytree(PACKS, target)
    return target


def _fresh(root: Path) -> LoadedPack:
    rules._LOADED.clear()  # what a new process would do
    return load_pack(root)


def _cache_path(root: Path) -> Path:
    path = rules._cache_file(root.resolve())
    assert path is not None
    return path


class Planted:
    """A pickle whose loading would create a file: the proof that it ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_pickle_is_never_executed(cache: Path, packs: Path, tmp_path: Path) -> None:
    root = packs / "gov-info-disclosure-2021"
    path = _cache_path(root)
    cache.mkdir(parents=True, mode=0o700)
    marker = tmp_path / "pwned"
    payload = pickle.dumps(Planted(marker))
    # where the cache is looked for, and where the pickle cache of old was
    path.write_bytes(payload)
    path.with_suffix(".pickle").write_bytes(payload)
    loaded = _fresh(root)
    assert not marker.exists()
    assert len(loaded.rules) > 50 and all(r.enabled for r in loaded.rules if r.id == "TBL-01")
    # the unreadable file was replaced by a valid cache
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == rules.CACHE_FORMAT
    assert not marker.exists()


def _tamper(root: Path) -> Path:
    """Write a well-formed cache in which every rule is disabled, as this code writes it."""
    loaded = rules._load_pack_files(root.resolve())
    disabled = [r.model_copy(update={"enabled": False}) for r in loaded.rules]
    path = _cache_path(root)
    path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    rules._write_cache(path, LoadedPack(loaded.pack, disabled, loaded.root, loaded.files, loaded.lineage))
    assert path.is_file()
    return path


def test_a_tampered_cache_is_trusted_only_in_a_private_directory(cache: Path, packs: Path) -> None:
    """The baseline: a private cache is used as it is (this is what the checks below protect)."""
    root = packs / "gov-info-disclosure-2021"
    _tamper(root)
    assert not any(r.enabled for r in _fresh(root).rules)


@pytest.mark.parametrize("mode", [0o770, 0o777, 0o720, 0o702])
def test_a_cache_directory_others_may_write_is_ignored(cache: Path, packs: Path, mode: int) -> None:
    root = packs / "gov-info-disclosure-2021"
    path = _tamper(root)
    before = path.read_bytes()
    os.chmod(cache, mode)
    loaded = _fresh(root)
    assert all(r.enabled for r in loaded.rules if r.id in ("TBL-01", "SEC-01"))
    assert path.read_bytes() == before  # never written into


@pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")
def test_a_cache_directory_another_user_owns_is_ignored(cache: Path, packs: Path) -> None:
    root = packs / "gov-info-disclosure-2021"
    path = _tamper(root)
    before = path.read_bytes()
    os.chown(cache, OTHER_UID, OTHER_UID)
    loaded = _fresh(root)
    assert all(r.enabled for r in loaded.rules if r.id in ("TBL-01", "SEC-01"))
    assert path.read_bytes() == before
    assert sorted(p.name for p in cache.iterdir()) == [path.name]  # nothing new written there


@pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")
def test_a_cache_file_another_user_owns_is_ignored_and_replaced(cache: Path, packs: Path) -> None:
    root = packs / "gov-info-disclosure-2021"
    path = _tamper(root)
    os.chown(path, OTHER_UID, OTHER_UID)
    loaded = _fresh(root)
    assert all(r.enabled for r in loaded.rules if r.id in ("TBL-01", "SEC-01"))
    assert path.stat().st_uid == os.geteuid()  # rebuilt by us


def test_a_cache_file_others_may_write_is_ignored_and_replaced(cache: Path, packs: Path) -> None:
    root = packs / "gov-info-disclosure-2021"
    path = _tamper(root)
    os.chmod(path, 0o666)
    loaded = _fresh(root)
    assert all(r.enabled for r in loaded.rules if r.id in ("TBL-01", "SEC-01"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_symlinked_cache_file_is_not_followed(cache: Path, packs: Path, tmp_path: Path) -> None:
    root = packs / "gov-info-disclosure-2021"
    path = _tamper(root)
    elsewhere = tmp_path / "elsewhere.json"
    path.rename(elsewhere)
    path.symlink_to(elsewhere)
    loaded = _fresh(root)
    assert all(r.enabled for r in loaded.rules if r.id in ("TBL-01", "SEC-01"))


def test_the_cache_directory_is_created_private_whatever_the_umask(cache: Path, packs: Path) -> None:
    old = os.umask(0)
    try:
        _fresh(packs / "gov-info-disclosure-2021")
    finally:
        os.umask(old)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    files = list(cache.iterdir())
    assert len(files) == 1 and stat.S_IMODE(files[0].stat().st_mode) == 0o600


def test_a_cache_that_does_not_validate_is_ignored_and_rewritten(cache: Path, packs: Path) -> None:
    root = packs / "gov-info-disclosure-2021"
    path = _tamper(root)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["rules"][0]["severity"] = "fatal"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    loaded = _fresh(root)
    assert all(r.enabled for r in loaded.rules if r.id in ("TBL-01", "SEC-01"))
    rewritten = json.loads(path.read_text(encoding="utf-8"))
    assert all(r["enabled"] for r in rewritten["rules"] if r["id"] == "TBL-01")


@pytest.mark.parametrize("garbage", [b"", b"{", b"[]", b'{"format": 1}', b"\x80\x04K\x01.", b"[" * 100_000])
def test_garbage_in_the_cache_is_ignored(cache: Path, packs: Path, garbage: bytes) -> None:
    root = packs / "gov-info-disclosure-2021"
    path = _cache_path(root)
    cache.mkdir(parents=True, mode=0o700)
    path.write_bytes(garbage)
    assert len(_fresh(root).rules) > 50
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == rules.CACHE_FORMAT


def test_a_cache_larger_than_the_limit_is_ignored(
    cache: Path, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = packs / "gov-info-disclosure-2021"
    _tamper(root)
    monkeypatch.setattr(LIMITS, "max_cache_bytes", 1000)
    assert all(r.enabled for r in _fresh(root).rules if r.id in ("TBL-01", "SEC-01"))


def test_the_cached_pack_is_the_pack(cache: Path, packs: Path) -> None:
    for name in ("gov-info-disclosure-2021", "gov-info-disclosure-2019"):
        root = (packs / name).resolve()
        fresh = rules._load_pack_files(root)
        first = _fresh(root)  # builds the cache
        assert _cache_path(root).is_file()
        again = _fresh(root)  # reads it
        assert again.pack == fresh.pack == first.pack
        assert again.rules == fresh.rules
        assert again.files == fresh.files and again.lineage == fresh.lineage


@pytest.mark.parametrize(
    "edit",
    [
        "gov-info-disclosure-2021/profiles/henan.yaml",  # a profile
        "gov-info-disclosure-2021/pack.yaml",  # the base pack of the lineage
        "gov-info-disclosure-2021/tables/TBL-01.yaml",  # an inherited rule file
        "gov-info-disclosure-2019/pack.yaml",  # the pack itself
    ],
)
def test_the_cache_key_covers_every_yaml_file_of_the_lineage(cache: Path, packs: Path, edit: str) -> None:
    root = (packs / "gov-info-disclosure-2019").resolve()
    before = rules._cache_key(root)
    with (packs / edit).open("a", encoding="utf-8") as fh:
        fh.write("\n# changed\n")
    assert rules._cache_key(root) != before


def test_the_cache_key_covers_the_code_that_validates(
    cache: Path, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = (packs / "gov-info-disclosure-2021").resolve()
    before = rules._cache_key(root)
    monkeypatch.setattr(rules, "CACHE_FORMAT", rules.CACHE_FORMAT + 1)
    assert rules._cache_key(root) != before
    names = set()
    real = Path.read_bytes

    def spy(self: Path) -> bytes:
        names.add(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    rules._cache_key(root)
    assert {"regexes.py", "pack.py", "rules.py", "profiles.py", "limits.py", "rule.py"} <= names
