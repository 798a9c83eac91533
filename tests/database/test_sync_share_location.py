"""Share locations: folder paths and ``smb://`` addresses, and the pointer that keeps them."""

from __future__ import annotations

from pathlib import Path

import pytest

from database.sync.config import share_pointer, write_share_pointer
from database.sync.identity import IDENTITY_DIR
from database.sync.share import ShareLayout, location_text, share_location
from database.sync.smb import SmbAddressError, SmbPath, parse_smb_address


def test_smb_address_becomes_a_unc_path_and_back() -> None:
    base = parse_smb_address("smb://teacher@fileserver:4450/journal/Школа%201")
    assert isinstance(base, SmbPath)
    assert str(base) == "\\\\fileserver\\journal\\Школа 1"
    assert base.server == "fileserver"
    assert base.username == "teacher"
    assert location_text(base) == "smb://teacher@fileserver:4450/journal/Школа 1"


def test_paths_inside_the_share_stay_on_the_server() -> None:
    layout = ShareLayout(parse_smb_address("smb://fileserver/journal"))
    segments = layout.segments_dir("0" * 32)
    assert isinstance(segments, SmbPath)
    assert str(segments) == ("\\\\fileserver\\journal\\SchoolJournal\\dev\\"
                             + "0" * 32 + "\\seg")
    assert segments.server == "fileserver"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("smb://user:secret@host/journal", "Пароль в адресе"),
        ("smb://host", "не указан общий ресурс"),
        ("smb:///journal", "не похож"),
        ("smb://host:port/journal", "порта"),
    ],
)
def test_bad_smb_addresses_are_explained(text: str, message: str) -> None:
    with pytest.raises(SmbAddressError, match=message):
        share_location(text)


def test_a_folder_stays_a_folder(tmp_path: Path) -> None:
    assert share_location(str(tmp_path / "share")) == tmp_path / "share"
    assert share_location("~/share") == Path.home() / "share"


def test_the_pointer_keeps_the_address_without_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SCHOOL_JOURNAL_SMB_PASSWORD", "very-secret")
    (tmp_path / IDENTITY_DIR).mkdir()
    write_share_pointer(tmp_path, parse_smb_address("smb://admin@srv/journal/year"))
    raw = (tmp_path / IDENTITY_DIR / "share.json").read_text(encoding="utf-8")
    assert "very-secret" not in raw
    assert "smb://admin@srv/journal/year" in raw
    again = share_pointer(tmp_path)
    assert isinstance(again, SmbPath)
    assert str(again) == "\\\\srv\\journal\\year"
