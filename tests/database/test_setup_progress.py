"""The set-up checklist's facts (queries.setup_progress) and the calendar presets
with their gaps check."""

from __future__ import annotations

import itertools
import uuid
from datetime import date

import pytest
from sqlalchemy.orm import Session

from database.actor import Actor, Role
from database.calendar_presets import PRESETS, PeriodSpan, calendar_problems, year_preset
from database.errors import PermissionDenied
from database.notation import DEFAULT_SETTINGS
from database.queries.setup_progress import STEP_KEYS, setup_progress
from database.school_calendar import DayOff
from database.services import accounts, people, school
from tests.database.conftest import TODAY, SmallSchool, fixed_clock


@pytest.fixture
def empty_school(session: Session, device_id: uuid.UUID) -> Actor:
    """What «Создать школу» leaves: the school, default settings, the director and
    the administrator's account."""
    system = Actor.system(device_id, clock=fixed_clock)
    school.update_school(session, system, full_name="Муниципальное бюджетное "
                         "общеобразовательное учреждение «Школа № 3»",
                         short_name="Школа № 3", director_name="Петрова Анна Ивановна")
    school.set_settings(session, system, DEFAULT_SETTINGS)
    director = people.add_staff(session, system, "Петрова", "Анна", "Ивановна",
                                position="директор")
    account = accounts.create_account(session, system, "director", Role.ADMIN,
                                      staff_id=director.id)
    session.commit()
    return Actor(role=Role.ADMIN, device_id=device_id, account_id=account.id,
                 staff_id=director.id, clock=fixed_clock)


def test_an_empty_school_has_only_its_card(session: Session, empty_school: Actor) -> None:
    progress = setup_progress(session, empty_school, TODAY)
    assert tuple(s.key for s in progress.steps) == STEP_KEYS
    assert [s.key for s in progress.steps if s.done] == ["school"]
    assert progress.year_name == "" and not progress.complete
    assert progress.next_step is not None and progress.next_step.key == "calendar"
    assert progress.step("staff").count == 1  # the director alone is not staffed
    assert progress.step("accounts").extra == {"staff": 0, "students": 0, "guardians": 0}


def test_the_calendar_step_follows_the_year_and_its_periods(
    session: Session, empty_school: Actor
) -> None:
    admin = empty_school
    year = school.create_academic_year(session, admin, date(2026, 9, 1), date(2027, 5, 31),
                                       make_current=True)
    school.add_study_period(session, admin, year.id, "quarter", 1, 1, 9,
                            date(2026, 9, 1), date(2026, 10, 24))
    step = setup_progress(session, admin, TODAY).step("calendar")
    assert not step.done
    assert "Для 10–11 классов не заданы учебные периоды." in step.problems
    assert any("после периода «I четверть»" in p for p in step.problems)

    preset = year_preset("quarters_halves", 2026)
    for p in preset.periods[1:]:
        school.add_study_period(session, admin, year.id, p.kind, p.number, p.grade_from,
                                p.grade_to, p.start, p.end)
    progress = setup_progress(session, admin, TODAY)
    step = progress.step("calendar")
    assert step.done and step.count == 6
    # Without the vacations the days between the quarters are gaps, still listed.
    assert any("между периодами «I четверть» и «II четверть»" in p for p in step.problems)
    assert progress.year_name == "2026/2027"
    assert not progress.step("bells").done and not progress.step("holidays").done


def test_the_small_school_lacks_its_card_calendar_plans_and_some_accounts(
    session: Session, small_school: SmallSchool
) -> None:
    progress = setup_progress(session, small_school.admin, TODAY)
    done = {s.key for s in progress.steps if s.done}
    assert done >= {"bells", "subjects", "staff", "classes", "students", "assignments"}
    # The small school has no school card (its fixture writes none), I and II
    # quarters for 1–9 only, no holidays, no plan, and three lessons of its 5 «А»'s
    # weekly sixteen in the timetable.
    assert not done & {"school", "calendar", "holidays", "plans", "timetable"}
    assert progress.step("timetable").lacking == ("5 «А»",)
    students = progress.step("students")
    assert students.count == 4 and students.extra == {"guardians": 2, "consents": 1}
    assert progress.step("classes").lacking == ()
    assert progress.step("plans").of == 4
    accounts_step = progress.step("accounts")
    # Students 2–4 have no account; the director's and every teacher's exist.
    assert accounts_step.extra["students"] == 3 and not accounts_step.done


def test_only_the_administration_reads_the_progress(
    session: Session, small_school: SmallSchool
) -> None:
    for actor in (small_school.sysadmin, small_school.math_teacher, small_school.parent):
        with pytest.raises(PermissionDenied):
            setup_progress(session, actor, TODAY)


@pytest.mark.parametrize("preset", list(PRESETS))
def test_presets_cover_every_grade_without_gaps(preset: str) -> None:
    year = year_preset(preset, 2026)
    spans = [PeriodSpan(p.name, p.grade_from, p.grade_to, p.start, p.end) for p in year.periods]
    days_off = [DayOff(h.start, h.end, h.grade_from, h.grade_to) for h in year.holidays]
    assert calendar_problems(year.start, year.end, spans, days_off) == []
    for grade in range(1, 12):
        own = sorted((p for p in year.periods if p.grade_from <= grade <= p.grade_to),
                     key=lambda p: p.start)
        assert own[0].start == year.start and own[-1].end == year.end
        assert all(a.end < b.start for a, b in itertools.pairwise(own))


def test_trimesters_end_on_the_last_day_of_february_in_a_leap_year() -> None:
    second = year_preset("trimesters", 2027).periods[1]
    assert second.end == date(2028, 2, 29)
