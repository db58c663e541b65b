"""The app's on-disk configuration cache (mittaristo.config.cache, issue 17): a hit returns what
the validator returned, and every change to what the validator reads is seen at once."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mittaristo.config import cache
from mittaristo.config.load import ConfigValidationError, load_config
from mittaristo.config.project import municipality_names

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    """A copy of the shipped configuration (indicators.yaml and two towns) to edit."""
    root = tmp_path / "config"
    (root / "strategies").mkdir(parents=True)
    shutil.copy(ROOT / "indicators.yaml", root / "indicators.yaml")
    for town in ("heinola", "kemi"):
        shutil.copy(ROOT / "strategies" / f"{town}.yaml", root / "strategies" / f"{town}.yaml")
    return root


class Loader:
    """load_config of a folder, counting the real validations."""

    def __init__(self, root: Path, names: object):
        self.root, self.names, self.calls = root, names, 0

    def __call__(self):
        self.calls += 1
        return load_config(self.root, municipalities=self.names)


def load(root: Path, cache_dir: Path, names=None) -> tuple[object, int]:
    names = municipality_names() if names is None else names
    loader = Loader(root, names)
    return cache.cached_config(root, names, cache_dir, loader), loader.calls


def first_goal_title(config, town: str) -> str:
    return config.strategies[town].goals[0].name.fi


def test_a_hit_is_the_validated_configuration_without_validating(config_dir, tmp_path):
    cache_dir = tmp_path / "cache"
    fresh, calls = load(config_dir, cache_dir)
    assert calls == 1
    assert len(list(cache_dir.glob("config-*.pickle"))) == 1
    cached, calls = load(config_dir, cache_dir)
    assert calls == 0
    assert cached == fresh
    assert cached.config_dir == config_dir
    assert sorted(cached.strategies) == ["heinola", "kemi"]
    assert cached.catalog == load_config(config_dir, municipalities=municipality_names()).catalog


def test_an_edit_that_keeps_size_and_modification_time_is_seen(config_dir, tmp_path):
    cache_dir = tmp_path / "cache"
    before, _ = load(config_dir, cache_dir)
    path = config_dir / "strategies" / "kemi.yaml"
    text = path.read_text(encoding="utf-8")
    title = first_goal_title(before, "kemi")
    assert len(title) >= 3
    changed = title[:-3] + "XYZ"  # same length in characters
    assert title.encode() != changed.encode()
    stat = path.stat()
    new_text = text.replace(title, changed)
    if len(new_text.encode()) != stat.st_size:  # an accented letter replaced: keep the byte size
        pytest.fail("the test edit changed the file size; pick another title")
    path.write_text(new_text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after, calls = load(config_dir, cache_dir)
    assert calls == 1
    assert first_goal_title(after, "kemi") == changed


def test_an_added_and_a_removed_town_are_seen(config_dir, tmp_path):
    cache_dir = tmp_path / "cache"
    load(config_dir, cache_dir)
    shutil.copy(ROOT / "strategies" / "lieksa.yaml", config_dir / "strategies" / "lieksa.yaml")
    added, calls = load(config_dir, cache_dir)
    assert calls == 1 and sorted(added.strategies) == ["heinola", "kemi", "lieksa"]
    (config_dir / "strategies" / "heinola.yaml").unlink()
    removed, calls = load(config_dir, cache_dir)
    assert calls == 1 and sorted(removed.strategies) == ["kemi", "lieksa"]


def test_a_catalog_edit_is_seen(config_dir, tmp_path):
    cache_dir = tmp_path / "cache"
    before, _ = load(config_dir, cache_dir)
    path = config_dir / "indicators.yaml"
    first = before.catalog.indicators[0]
    path.write_text(
        path.read_text(encoding="utf-8").replace(first.name.fi, first.name.fi + " (muutettu)", 1),
        encoding="utf-8",
    )
    after, calls = load(config_dir, cache_dir)
    assert calls == 1
    assert after.catalog.indicators[0].name.fi == first.name.fi + " (muutettu)"


def test_an_invalid_edit_raises_every_time_and_is_never_cached(config_dir, tmp_path):
    cache_dir = tmp_path / "cache"
    load(config_dir, cache_dir)
    path = config_dir / "strategies" / "kemi.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("municipality: KU240", "municipality: KU999", 1), "utf-8")
    assert "municipality: KU999" in path.read_text(encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ConfigValidationError) as exc:
            load(config_dir, cache_dir)
        assert any("KU999" in str(issue) for issue in exc.value.issues)
    assert len(list(cache_dir.glob("config-*.pickle"))) == 1  # only the good one
    path.write_text(good, encoding="utf-8")
    _, calls = load(config_dir, cache_dir)
    assert calls == 0  # back to the exact earlier inputs: the earlier result


def test_another_municipality_list_is_another_key(config_dir, tmp_path):
    cache_dir = tmp_path / "cache"
    names = municipality_names()
    load(config_dir, cache_dir, names)
    fewer = {code: name for code, name in names.items() if code != "KU111"}  # no Heinola
    with pytest.raises(ConfigValidationError):
        load(config_dir, cache_dir, fewer)


def test_a_torn_cache_file_is_rebuilt(config_dir, tmp_path):
    cache_dir = tmp_path / "cache"
    fresh, _ = load(config_dir, cache_dir)
    (file,) = cache_dir.glob("config-*.pickle")
    file.write_bytes(file.read_bytes()[:100])
    again, calls = load(config_dir, cache_dir)
    assert calls == 1 and again == fresh
    _, calls = load(config_dir, cache_dir)
    assert calls == 0


def test_a_cache_folder_that_cannot_be_written_only_costs_time(config_dir, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    fresh, calls = load(config_dir, blocked / "cache")
    assert calls == 1 and sorted(fresh.strategies) == ["heinola", "kemi"]
    _, calls = load(config_dir, blocked / "cache")
    assert calls == 1


def test_the_code_and_the_reference_lists_are_in_the_key():
    files = {p.name for p in cache._code_and_reference_files()}
    assert {"load.py", "model.py", "checks.py", "result.py", "reference.py"} <= files
    assert {"municipalities.csv", "mergers.csv"} <= files


def test_only_the_newest_files_are_kept(config_dir, tmp_path):
    cache_dir = tmp_path / "cache"
    path = config_dir / "strategies" / "kemi.yaml"
    text = path.read_text(encoding="utf-8")
    for n in range(cache.KEEP + 2):
        path.write_text(text + f"\n# edit {n}\n", encoding="utf-8")
        load(config_dir, cache_dir)
    assert len(list(cache_dir.glob("config-*.pickle"))) == cache.KEEP


CHILD = """
import sys
from mittaristo.settings import load_settings
from mittaristo.config.project import cached_project_config
config = cached_project_config(load_settings())
print(sorted(config.strategies), "mittaristo.config.load" in sys.modules)
"""


def test_the_app_start_with_a_warm_cache_never_imports_the_validator(tmp_path):
    env = {**os.environ, "MITTARISTO_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=120, check=True).stdout.split("]")[-1].strip()
        for _ in range(2)
    ]  # fmt: skip
    assert runs == ["True", "False"]  # the first start validates, the second reads the cache
