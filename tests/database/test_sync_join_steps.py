"""Joining from the screens: the folder check before a share is set up, codes with a
validity, answers to a wrong or expired code, the computers list, and a load that is
cancelled leaving no half school."""

from __future__ import annotations

from pathlib import Path

import pytest

from database.errors import ConflictError, StorageError
from database.paths import SchoolPaths
from database.sync import computers as comp
from database.sync import share_setup
from database.sync.codes import CODE_VALID_HOURS, pending_codes
from database.sync.config import load_config
from database.sync.enrol import new_enrolment_code
from database.sync.joining import (
    JoinCancelled,
    bootstrap,
    check_join_folder,
    load_unfinished,
    poll_join,
    send_request,
)
from tests.database.sync_helpers import make_admin


def test_folder_check_reads_only(tmp_path: Path) -> None:
    missing = tmp_path / "not-mounted"
    assert share_setup.check_share_folder(missing, None).kind == share_setup.UNREACHABLE
    assert not missing.exists()  # nothing created where the share should be
    empty = tmp_path / "empty"
    empty.mkdir()
    assert share_setup.check_share_folder(empty, None).kind == share_setup.EMPTY
    assert list(empty.iterdir()) == []
    (empty / "letter.docx").write_text("x")
    check = share_setup.check_share_folder(empty, None)
    assert check.kind == share_setup.NOT_EMPTY and check.usable and "(1)" in check.message

    share = tmp_path / "share"
    share.mkdir()
    admin = make_admin(tmp_path, share)
    with admin.maker() as session:
        config = load_config(session)
    assert share_setup.check_share_folder(share, config).kind == share_setup.OURS
    foreign = share_setup.check_share_folder(share, None)  # seen by another school
    assert foreign.kind == share_setup.FOREIGN and not foreign.usable
    assert "другой школы" in foreign.message
    admin.close()


def test_wrong_and_expired_codes_are_answered(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    admin = make_admin(tmp_path, share)
    with admin.maker.begin() as session:
        code = new_enrolment_code(session, "Кабинет 7")
        with pytest.raises(ConflictError):
            new_enrolment_code(session, "кабинет 7")  # one code per computer name
        [issued] = pending_codes(session)
    assert issued.code == code and issued.expires_ms is not None
    new = SchoolPaths(tmp_path / "room7")
    with pytest.raises(StorageError, match="нет общей папки"):
        check_join_folder(tmp_path)
    send_request(new, share, "zzzzz-zzzzz", "Кабинет 7")
    assert poll_join(new, share, "zzzzz-zzzzz", "Кабинет 7").refused is None  # not yet read
    assert admin.sync().enrolled == []
    state = poll_join(new, share, "zzzzz-zzzzz", "Кабинет 7")
    assert not state.enrolled and state.refused and "Неверный код" in state.refused

    send_request(new, share, code, "Кабинет 7")  # typed again, right this time
    assert poll_join(new, share, code, "Кабинет 7").refused is None  # the old answer is gone
    with admin.maker() as session:
        rows = comp.list_computers(session, admin.paths.root).rows
    assert [(r.name, r.state) for r in rows if r.device_id is None] == [
        ("Кабинет 7", comp.REQUESTED)]
    late_ms = (issued.expires_ms or 0) + 1
    with admin.maker.begin() as session:  # the administration looks a day later
        config = load_config(session)
        assert config is not None
        from database.sync.enrol import cached_registry, process_requests
        from database.sync.share import ShareLayout

        registry = cached_registry(session)
        assert registry is not None
        _, enrolled = process_requests(session, ShareLayout(share), config, registry,
                                       admin.system(), now_ms=late_ms)
    assert enrolled == []
    refused = poll_join(new, share, code, "Кабинет 7").refused
    assert refused and "истёк" in refused and CODE_VALID_HOURS == 24
    admin.close()


def test_approve_then_cancelled_load_leaves_no_half_school(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    admin = make_admin(tmp_path, share)
    with admin.maker.begin() as session:
        code = new_enrolment_code(session, "Кабинет 8")
    new = SchoolPaths(tmp_path / "room8")
    send_request(new, share, code, "Кабинет 8")
    with admin.maker.begin() as session:
        assert comp.approve_requests(session, admin.paths.root, admin.system()) == ["Кабинет 8"]
    assert poll_join(new, share, code, "Кабинет 8").enrolled
    with admin.maker() as session:
        view = comp.list_computers(session, admin.paths.root)
    assert view.can_enrol
    assert {(r.name, r.state, r.this_computer) for r in view.rows} == {
        ("Администрация", comp.ACTIVE, True), ("Кабинет 8", comp.ACTIVE, False)}

    def stop(text: str, fraction: float) -> None:
        raise JoinCancelled

    with pytest.raises(JoinCancelled):
        bootstrap(new, share, stop)
    assert not new.exists() and not load_unfinished(new)
    report = bootstrap(new, share, lambda text, fraction: None)
    assert report.ok and new.exists() and not load_unfinished(new)
    admin.close()


def test_a_copied_identity_is_refused_and_may_be_replaced_on_first_start(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from database.sync import identity
    from database.sync.joining import identity_copied, replace_copied_identity

    share = tmp_path / "share"
    share.mkdir()
    admin = make_admin(tmp_path, share)
    with admin.maker.begin() as session:
        code = new_enrolment_code(session, "Кабинет 9")
    new = SchoolPaths(tmp_path / "room9")
    send_request(new, share, code, "Кабинет 9")
    original = identity.load_identity(new.root).device_id
    # The disk is copied to another machine: another fingerprint.
    monkeypatch.setattr(identity, "machine_fingerprint", lambda root: "another machine")
    assert identity_copied(new)
    with pytest.raises(StorageError, match="копия диска"):
        send_request(new, share, code, "Кабинет 9")
    replace_copied_identity(new)
    assert not identity_copied(new)
    send_request(new, share, code, "Кабинет 9")
    assert identity.load_identity(new.root).device_id != original
    admin.close()
