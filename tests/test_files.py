"""The output folder as a reader sees it: all old files or all new ones, never a mix, and an
environment that cannot take the files reported in one line before anything is laid out."""

from __future__ import annotations

import errno
import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE

import brochure
from brochure.cli import main
from brochure.files import OutputError, check_writable, publish

NAMES = ("patient-brochure.pdf", "clinician-summary.pdf", "build-report.json")


def view(out: Path, names: tuple[str, ...] = NAMES) -> dict[str, bytes | None]:
    """What a reader opening each path gets right now."""
    seen: dict[str, bytes | None] = {}
    for name in names:
        try:
            seen[name] = (out / name).read_bytes()
        except OSError:
            seen[name] = None
    return seen


def generation(tag: str) -> dict[str, bytes]:
    return {name: f"{tag} {name}".encode() for name in NAMES}


def leftovers(out: Path) -> list[str]:
    """Temporary files and generation folders other than the current one."""
    current = os.readlink(out / ".current") if (out / ".current").is_symlink() else None
    return sorted(
        p.name
        for p in out.iterdir()
        if p.name.endswith(".tmp") or (p.name.startswith(".gen-") and p.name != current)
    )


@pytest.mark.parametrize("older_layout", [False, True], ids=["links", "plain-files"])
def test_every_step_of_a_publish_shows_all_old_or_all_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, older_layout: bool
) -> None:
    """This test ensures that at every change publishing makes to the folder, a reader sees
    the whole previous set or the whole new one (it used to rename one file at a time)."""
    out = tmp_path / "output"
    old, new = generation("old"), generation("new")
    if older_layout:  # what earlier versions of the tool left: plain files
        out.mkdir()
        for name, data in old.items():
            (out / name).write_bytes(data)
    else:
        publish(out, old)
    views: list[dict[str, bytes | None]] = []

    def watched(name: str) -> Any:
        real = getattr(os, name)

        def step(*args: Any, **kwargs: Any) -> Any:
            result = real(*args, **kwargs)
            views.append(view(out))
            return result

        return step

    for name in ("replace", "rename", "unlink", "symlink", "link", "rmdir"):
        monkeypatch.setattr(os, name, watched(name))
    publish(out, new)
    assert len(views) >= 3
    for seen in views:
        assert seen in (old, new), seen
    assert view(out) == new
    assert leftovers(out) == []


def test_a_folder_in_the_way_midway_leaves_every_old_file_and_no_temporaries(
    tmp_path: Path,
) -> None:
    """This test ensures that when one output path is a folder, publishing fails naming it,
    every old file is unchanged, and nothing it made is left behind (no new name either)."""
    out = tmp_path / "output"
    old = {"a.pdf": b"old a", "c.html": b"old c"}
    publish(out, old)
    (out / "b.pdf").mkdir()
    new = {"a.pdf": b"new a", "fresh.pdf": b"new", "b.pdf": b"new b", "c.html": b"new c"}
    with pytest.raises(OutputError) as caught:
        publish(out, new)
    assert str(caught.value).startswith(f"{out / 'b.pdf'}: ")
    assert view(out, ("a.pdf", "c.html")) == old
    assert not (out / "fresh.pdf").exists() and not (out / "fresh.pdf").is_symlink()
    assert leftovers(out) == []


def test_a_full_disk_leaves_every_old_file_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that ENOSPC while writing is one line naming the file, with the old
    set whole and no temporaries (it was an 'internal error')."""
    out = tmp_path / "output"
    publish(out, generation("old"))
    full_disk(monkeypatch)
    with pytest.raises(OutputError) as caught:
        publish(out, generation("new"))
    assert str(caught.value) == (
        f"{out / 'patient-brochure.pdf'}: cannot write the outputs (the disk is full)"
    )
    assert view(out) == generation("old")
    assert leftovers(out) == []


def test_what_killed_builds_left_is_swept(tmp_path: Path) -> None:
    """This test ensures half-written generations and temporary files from killed builds are
    removed by the next build, and nothing else in the folder is touched."""
    out = tmp_path / "output"
    publish(out, generation("old"))
    (out / ".gen-k1lled00").mkdir()
    (out / ".gen-k1lled00" / "patient-brochure.pdf").write_bytes(b"half")
    (out / ".patient-brochure.pdf.x7f3k2q9.tmp").write_bytes(b"half")  # from older versions
    (out / ".current.ab12cd34.tmp").symlink_to(".gen-k1lled00")
    (out / "notes.txt").write_text("mine")
    (out / "previews").mkdir()
    publish(out, generation("new"))
    assert leftovers(out) == []
    assert (out / "notes.txt").read_text() == "mine" and (out / "previews").is_dir()
    assert view(out) == generation("new")


def test_a_copy_made_with_links_followed_still_publishes(tmp_path: Path) -> None:
    """This test ensures a folder copied as plain files and folders (cp -rL) builds again."""
    publish(tmp_path / "first", generation("old"))
    out = tmp_path / "copy"
    shutil.copytree(tmp_path / "first", out)  # links followed: .current is a real folder
    publish(out, {"patient-brochure.pdf": b"new"})
    assert view(out)["patient-brochure.pdf"] == b"new"
    assert view(out)["build-report.json"] == b"old build-report.json"
    assert leftovers(out) == []


def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file opened for writing through os.fdopen fails as a full disk does."""
    real = os.fdopen

    class Full(io.FileIO):
        def write(self, data: Any) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        return Full(fd, "w") if mode == "wb" else real(fd, mode, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)


def read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Creating a file in the folder fails as on a read-only file system."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)


def output_is_a_file(out: Path) -> None:
    out.write_text("not a folder")


def output_name_is_a_folder(out: Path) -> None:
    (out / "clinician-summary.pdf").mkdir(parents=True)


@pytest.mark.parametrize(
    ("make_it_so", "expected"),
    [
        (output_is_a_file, "{out}: is a file, where the output folder should be"),
        (read_only, "{out}: cannot write in the output folder (read-only or not permitted)"),
        (
            output_name_is_a_folder,
            "{out}/clinician-summary.pdf: is a folder, where the build writes a file",
        ),
    ],
    ids=["output-is-a-file", "read-only", "output-path-is-a-folder"],
)
def test_an_output_folder_that_cannot_be_written_is_reported_before_layout(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    make_it_so: Any,
    expected: str,
) -> None:
    """This test ensures an unwritable output folder is one line naming the path, exit 2,
    before any variant is laid out (it was an internal error after the whole layout)."""
    out = tmp_path / "output"
    if make_it_so is read_only:
        read_only(monkeypatch)
    else:
        make_it_so(out)

    def no_layout(*args: Any) -> Any:
        raise AssertionError("laid out before checking the output folder")

    monkeypatch.setattr(brochure, "produce_all", no_layout)
    status = main(["build", "--root", str(SAMPLE), "--out", str(out), "--variant", "summary"])
    err = capsys.readouterr().err.strip()
    assert status == 2
    assert err == expected.format(out=out)


def test_a_full_disk_under_the_command_line_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """This test ensures a disk that fills up while the outputs are written is exit 2 with
    the file named, and leaves no output and no temporaries."""
    out = tmp_path / "output"
    full_disk(monkeypatch)
    status = main(["build", "--root", str(SAMPLE), "--out", str(out), "--variant", "summary"])
    err = capsys.readouterr().err.strip()
    assert status == 2
    assert err == f"{out}/clinician-summary.pdf: cannot write the outputs (the disk is full)"
    assert not (out / "clinician-summary.pdf").exists()
    assert leftovers(out) == []


def test_check_writable_names_the_file_that_blocks_a_nested_folder(tmp_path: Path) -> None:
    """This test ensures that when a parent of the output folder is a file, that file is named."""
    (tmp_path / "output").write_text("")
    with pytest.raises(OutputError) as caught:
        check_writable(tmp_path / "output" / "acme" / "es", [])
    assert (
        str(caught.value) == f"{tmp_path / 'output'}: is a file, where the output folder should be"
    )


def checking(out: Path, times: int = 400) -> int:
    """A process that checks ``out`` as a build does before layout, ``times`` times; its
    exit status (``finished``) is 1 if any check failed."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's status is what is checked
        code = 0
        try:
            for _ in range(times):
                check_writable(out, [])
        except OutputError:
            code = 1
        os._exit(code)
    return pid


def finished(pid: int) -> int:
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def test_two_builds_checking_one_folder_at_once_both_pass(tmp_path: Path) -> None:
    """This test ensures two processes that check the same output folder at the same moment
    (two workers planning one edition) both find it writable: one's sweep of leftover
    temporary files must not take the other's probe file from under it."""
    out = tmp_path / "output"
    out.mkdir()
    pids = [checking(out), checking(out)]
    assert [finished(pid) for pid in pids] == [0, 0]
    assert leftovers(out) == []


def test_a_file_written_beside_the_outputs_survives_a_build_checking_the_folder(
    tmp_path: Path,
) -> None:
    """This test ensures the catalogue, written into ``output/`` beside the default
    leaflet's outputs, is never lost to a build that checks that folder at the same moment
    (its sweep of leftover temporary files took the catalogue's from under it)."""
    from brochure.files import write_beside_outputs

    out = tmp_path / "output"
    out.mkdir()
    pid = checking(out)
    failed = []
    for i in range(400):
        try:
            write_beside_outputs(out / "catalogue.pdf", b"%PDF-" + str(i).encode())
        except OSError as exc:
            failed.append(exc)
    assert finished(pid) == 0
    assert failed == []
    assert (out / "catalogue.pdf").read_bytes() == b"%PDF-399"
    assert leftovers(out) == []
