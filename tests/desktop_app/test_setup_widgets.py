"""The set-up screens' shared widgets: the record list (model, search, sort by key,
selection and its signals), the date range editor, the pairs editor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.setup.date_range import DateRangeEdit
from desktop_app.setup.pairs_editor import PairsEditor
from desktop_app.setup.record_list import Column, RecordList


@dataclass(frozen=True)
class Row:
    name: str
    day: date


ROWS = [Row("Зимние каникулы", date(2026, 12, 29)), Row("Осенние каникулы", date(2026, 10, 25)),
        Row("День Победы", date(2027, 5, 9))]


def make_list(qtbot) -> RecordList:  # type: ignore[no-untyped-def]
    records = RecordList()
    qtbot.addWidget(records)
    records.configure([
        Column("Название", lambda r: r.name),
        Column("Дата", lambda r: r.day.strftime("%d.%m.%Y"), sort=lambda r: r.day),
    ], sort_column=1)
    records.set_rows(ROWS)
    return records


def test_the_record_model(qtmodeltester, qtbot) -> None:  # type: ignore[no-untyped-def]
    records = make_list(qtbot)
    qtmodeltester.check(records.model)
    qtmodeltester.check(records.proxy)


def test_rows_sort_by_their_key_and_filter_by_every_word(qtbot) -> None:  # type: ignore[no-untyped-def]
    records = make_list(qtbot)
    # By date, not by the text «09.05.2027» < «25.10.2026».
    assert [r.name for r in records.rows_shown()] == [
        "Осенние каникулы", "Зимние каникулы", "День Победы"]
    records.search_edit.setText("каникулы зим")
    assert [r.name for r in records.rows_shown()] == ["Зимние каникулы"]
    records.search_edit.setText("12.2026")
    assert [r.name for r in records.rows_shown()] == ["Зимние каникулы"]
    records.search_edit.clear()
    assert len(records.rows_shown()) == 3


def test_edit_and_remove_follow_the_selection(qtbot) -> None:  # type: ignore[no-untyped-def]
    records = make_list(qtbot)
    assert not records.edit_button.isEnabled() and not records.remove_button.isEnabled()
    records.select_where(lambda r: r.name == "День Победы")
    assert records.selected() == [ROWS[2]]
    with qtbot.waitSignal(records.editRequested) as edited:
        records.edit_button.click()
    assert edited.args == [ROWS[2]]
    with qtbot.waitSignal(records.removeRequested) as removed:
        records.remove_button.click()
    assert removed.args == [[ROWS[2]]]
    # A fresh snapshot keeps the selection on the same record.
    records.set_rows([*ROWS, Row("День здоровья", date(2026, 12, 4))])
    assert records.selected() == [ROWS[2]]
    records.view.selectAll()
    assert not records.edit_button.isEnabled() and records.remove_button.isEnabled()


def test_the_date_range_says_what_is_wrong(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = DateRangeEdit()
    qtbot.addWidget(edit)
    edit.set_range(date(2026, 9, 1), date(2026, 10, 24))
    assert edit.range() == (date(2026, 9, 1), date(2026, 10, 24)) and edit.problem() == ""
    # A later start drags the end along.
    edit.start_edit.setDate(edit.start_edit.date().addDays(60))
    assert edit.range() == (date(2026, 10, 31), date(2026, 10, 31))
    edit.end_edit.setDate(edit.end_edit.date().addDays(-1))
    assert "30.10.2026" in edit.problem() and "31.10.2026" in edit.problem()
    edit.set_limits(date(2026, 9, 1), date(2027, 5, 31), "учебного года 2026/2027")
    edit.set_range(date(2026, 9, 1), date(2026, 9, 30))
    assert edit.problem() == ""


def test_the_pairs_editor_drops_empty_rows(qtbot) -> None:  # type: ignore[no-untyped-def]
    pairs = PairsEditor()
    qtbot.addWidget(pairs)
    pairs.set_pairs([("н", "отсутствовал"), ("оп", "опоздал")])
    pairs.add_row("", "ничего", edit=False)
    pairs.add_row(" б ", "болезнь", edit=False)
    assert pairs.pairs() == [("н", "отсутствовал"), ("оп", "опоздал"), ("б", "болезнь")]
    pairs.table.selectRow(0)
    pairs.remove_rows()
    assert [code for code, _ in pairs.pairs()] == ["оп", "б"]
