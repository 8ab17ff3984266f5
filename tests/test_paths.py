"""display_path: each folder resolved once, the same name as resolving the whole path."""

import os
from pathlib import Path

from newsbench.paths import display_path


def resolved_whole(path) -> str:
    """The definition display_path keeps."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def test_display_path_names_files_as_resolving_the_whole_path_does(tmp_path, monkeypatch):
    work, outside = tmp_path / "work", tmp_path / "outside"
    (work / "gold").mkdir(parents=True)
    outside.mkdir()
    (work / "gold" / "a.json").write_text("{}")
    (outside / "b.json").write_text("{}")
    (work / "linked").symlink_to(outside, target_is_directory=True)  # a folder link leading out of the folder
    (work / "gold" / "link.json").symlink_to(outside / "b.json")  # a file link leading out
    (work / "gold" / "in.json").symlink_to(work / "gold" / "a.json")  # a file link staying inside
    (work / "loop").symlink_to(work / "loop")
    monkeypatch.chdir(work)
    cases = ["gold/a.json", "./gold/a.json", "gold//a.json", "gold/../gold/a.json", "gold/missing.json",
             "linked/b.json", "gold/link.json", "gold/in.json", "loop/x.json", "loop", ".", "..", "gold/",
             str(work / "gold" / "a.json"), str(outside / "b.json"), "/"]
    for case in cases:
        for given in (case, Path(case)):
            assert display_path(given) == resolved_whole(given), case
    os.chdir("/")
    assert display_path(work / "gold" / "a.json") == resolved_whole(work / "gold" / "a.json")
