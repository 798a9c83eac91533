"""Parsing what a teacher types into a journal cell (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from database.errors import ValidationError
from database.journal_input import (
    CellInput,
    cell_text,
    normalize_attendance,
    parse_cell,
    parse_marks,
    parse_period_mark,
)
from database.notation import (
    ATTENDANCE_CODES,
    LATIN_TO_CYRILLIC_CODES,
    MARK_VALUES,
    MARKED_PERIOD_VALUES,
    PASS_FAIL_PERIOD_VALUES,
)

CODES = tuple(ATTENDANCE_CODES)

# --- attendance -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("н", "н"), (" Н ", "н"), ("n", "н"), ("N", "н"), ("b", "б"), ("u", "у"),
        ("p", "п"), ("op", "оп"), ("OP", "оп"), ("оп", "оп"), ("О П", "оп"), ("б", "б"),
    ],
)
def test_attendance_codes_latin_and_cyrillic(typed: str, code: str) -> None:
    assert normalize_attendance(typed, ATTENDANCE_CODES) == code


@pytest.mark.parametrize("typed", ["", "   ", "\t"])
def test_empty_attendance_is_none(typed: str) -> None:
    assert normalize_attendance(typed, ATTENDANCE_CODES) is None


@pytest.mark.parametrize("typed", ["x", "нн", "5", "болел", "o"])
def test_unknown_attendance_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as error:
        normalize_attendance(typed, ATTENDANCE_CODES)
    assert error.value.message.startswith("Неизвестное обозначение посещаемости")


def test_attendance_only_among_school_codes() -> None:
    with pytest.raises(ValidationError):
        normalize_attendance("p", {"н": "", "б": ""})  # the school has no «п»


# --- marks ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "marks"),
    [
        ("", ()), ("5", ("5",)), (" 3 ", ("3",)), ("5/4", ("5", "4")), ("5 4", ("5", "4")),
        ("54", ("5", "4")), ("5 / 4", ("5", "4")), ("2,2", ("2", "2")), ("55", ("5", "5")),
    ],
)
def test_parse_marks(typed: str, marks: tuple[str, ...]) -> None:
    assert parse_marks(typed, MARK_VALUES) == marks


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("6", "Недопустимая оценка"), ("0", "Недопустимая оценка"),
        ("55/4", "Недопустимая оценка"), ("5/4/3", "не больше двух"),
        ("a", "Недопустимая оценка"), ("5а", "Недопустимая оценка"),
        ("554", "Недопустимая оценка"), ("5-", "Недопустимая оценка"),
        ("/", "Не удалось прочитать"),
    ],
)
def test_parse_marks_refusals(typed: str, words: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_marks(typed, MARK_VALUES)
    assert words in error.value.message


# --- cells ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "cell"),
    [
        ("", CellInput(None, ())),
        ("н", CellInput("н", ())),
        ("n", CellInput("н", ())),
        ("5", CellInput(None, ("5",))),
        ("5/4", CellInput(None, ("5", "4"))),
        ("н 4", CellInput("н", ("4",))),
        ("н4", CellInput("н", ("4",))),
        ("оп 5", CellInput("оп", ("5",))),
        ("op 5/4", CellInput("оп", ("5", "4"))),
        ("Б", CellInput("б", ())),
    ],
)
def test_parse_cell(typed: str, cell: CellInput) -> None:
    assert parse_cell(typed) == cell


@pytest.mark.parametrize("typed", ["5 н", "x 5", "н 6", "н/а", "оп 5/4/3"])
def test_parse_cell_refusals(typed: str) -> None:
    with pytest.raises(ValidationError):
        parse_cell(typed)


# --- period marks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "assessment", "value"),
    [
        ("5", "marked", "5"), ("1", "marked", "1"), ("н/а", "marked", "н/а"),
        ("на", "marked", "н/а"), ("n/a", "marked", "н/а"), ("Н/А", "marked", "н/а"),
        ("осв", "marked", "осв."), ("осв.", "marked", "осв."), ("зач", "pass_fail", "зач."),
        ("незач.", "pass_fail", "незач."), ("н/а", "pass_fail", "н/а"),
        ("осв", "pass_fail", "осв."),
    ],
)
def test_parse_period_mark(typed: str, assessment: str, value: str) -> None:
    assert parse_period_mark(typed, assessment) == value


@pytest.mark.parametrize(
    ("typed", "assessment"),
    [("зач.", "marked"), ("5", "pass_fail"), ("6", "marked"), ("", "marked"),
     ("5", "none"), ("зач.", "none"), ("хорошо", "marked")],
)
def test_parse_period_mark_refusals(typed: str, assessment: str) -> None:
    with pytest.raises(ValidationError):
        parse_period_mark(typed, assessment)


def test_period_mark_narrowed_by_school_values() -> None:
    allowed = {"5", "4", "3", "2", "н/а"}  # a school without «осв.»
    with pytest.raises(ValidationError):
        parse_period_mark("осв.", "marked", allowed)
    assert parse_period_mark("4", "marked", allowed) == "4"


# --- properties (Hypothesis) ------------------------------------------------------------------

marks_lists = st.lists(st.sampled_from(MARK_VALUES), min_size=0, max_size=2)
separators = st.sampled_from(["/", " ", " / ", ",", ""])
spaces = st.text(alphabet=" \t", max_size=3)


@given(marks=marks_lists, separator=separators, before=spaces, after=spaces)
def test_valid_marks_round_trip(
    marks: list[str], separator: str, before: str, after: str
) -> None:
    typed = before + separator.join(marks) + after
    assert parse_marks(typed, MARK_VALUES) == tuple(marks)


@given(code=st.sampled_from(CODES), upper=st.booleans(), before=spaces, after=spaces)
def test_valid_codes_round_trip(code: str, upper: bool, before: str, after: str) -> None:
    typed = before + (code.upper() if upper else code) + after
    assert normalize_attendance(typed, ATTENDANCE_CODES) == code


@given(
    pair=st.sampled_from(sorted(LATIN_TO_CYRILLIC_CODES.items())),
    marks=marks_lists,
    upper=st.booleans(),
)
def test_latin_and_cyrillic_give_the_same_cell(
    pair: tuple[str, str], marks: list[str], upper: bool
) -> None:
    latin, cyrillic = pair
    latin = latin.upper() if upper else latin
    tail = (" " + "/".join(marks)) if marks else ""
    assert parse_cell(latin + tail) == parse_cell(cyrillic + tail)
    assert normalize_attendance(latin) == normalize_attendance(cyrillic) == cyrillic


@given(code=st.sampled_from((None, *CODES)), marks=marks_lists)
def test_cells_round_trip_through_their_printed_form(
    code: str | None, marks: list[str]
) -> None:
    cell = CellInput(code, tuple(marks))
    assert parse_cell(cell_text(cell.attendance, cell.marks)) == cell


@given(value=st.sampled_from(sorted(MARKED_PERIOD_VALUES)))
def test_marked_period_values_round_trip(value: str) -> None:
    assert parse_period_mark(value, "marked") == value
    assert parse_period_mark(f" {value.upper()} ", "marked") == value


@given(value=st.sampled_from(sorted(PASS_FAIL_PERIOD_VALUES)))
def test_pass_fail_period_values_round_trip(value: str) -> None:
    assert parse_period_mark(value, "pass_fail") == value


junk = st.text(
    alphabet=st.sampled_from(list("0123456789/ ,;\\\t.нбупоНБУПОnbupoNBUPOаяzx-+№ё\u00a0５")),
    max_size=8,
) | st.text(max_size=8)


@given(text=junk)
def test_junk_marks_parse_to_valid_values_or_are_refused(text: str) -> None:
    try:
        marks = parse_marks(text, MARK_VALUES)
    except ValidationError as error:
        assert error.message
    else:
        assert len(marks) <= 2
        assert all(m in MARK_VALUES for m in marks)


@given(text=junk)
def test_junk_cells_parse_to_valid_values_or_are_refused(text: str) -> None:
    try:
        cell = parse_cell(text)
    except ValidationError as error:
        assert error.message
    else:
        assert cell.attendance is None or cell.attendance in ATTENDANCE_CODES
        assert len(cell.marks) <= 2
        assert all(m in MARK_VALUES for m in cell.marks)


@given(text=junk)
def test_junk_attendance_parses_to_a_code_or_is_refused(text: str) -> None:
    try:
        code = normalize_attendance(text, ATTENDANCE_CODES)
    except ValidationError as error:
        assert error.message
    else:
        assert code is None or code in ATTENDANCE_CODES


@given(text=junk, assessment=st.sampled_from(["marked", "pass_fail", "none", "odd"]))
def test_junk_period_marks_parse_to_valid_values_or_are_refused(
    text: str, assessment: str
) -> None:
    try:
        value = parse_period_mark(text, assessment)
    except ValidationError as error:
        assert error.message
    else:
        allowed = MARKED_PERIOD_VALUES if assessment == "marked" else PASS_FAIL_PERIOD_VALUES
        assert value in allowed
