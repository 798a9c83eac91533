"""Builds the demo school, stage by stage, into an empty migrated database."""

from __future__ import annotations

import copy
import random
import time as _time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from database.changelog import ChangeLogWriter
from database.demo import names
from database.demo.accounts import DEMO_PASSWORDS, AccountBook
from database.demo.curriculum import SUBJECTS, TINY_SUBJECTS, plan_for_grade
from database.demo.journal import ClassJournal, JournalContext, period_value
from database.demo.people import TOWN, PeopleFactory
from database.demo.records import (
    AssignmentRec,
    ClassRec,
    StaffRec,
    StudentRec,
    collation_key,
    seeded_id,
    stream,
)
from database.demo.result import DemoAccount, DemoSchool
from database.demo.staffing import choose_class_teachers, staff_school
from database.demo.timetable import build_timetable
from database.demo.writer import BulkWriter
from database.demo.year_calendar import (
    YearCalendar,
    academic_year_of,
    bell_schedule,
    build_calendar,
)
from database.display_names import short_name_of
from database.models import (
    AcademicYear,
    Account,
    Bell,
    ClassGroup,
    Consent,
    Device,
    Enrolment,
    GroupMember,
    Guardian,
    Holiday,
    LoginEvent,
    PeriodMark,
    School,
    SchoolClass,
    Setting,
    Staff,
    Student,
    StudentGuardian,
    StudyPeriod,
    Subject,
    TeachingAssignment,
    TimetableEntry,
)
from database.notation import DEFAULT_SETTINGS
from database.school_calendar import is_school_day

Progress = Callable[[str, float], None]

SCHOOL_FULL_NAME = (
    "Муниципальное бюджетное общеобразовательное учреждение "
    "«Средняя общеобразовательная школа № 17»"
)
SCHOOL_SHORT_NAME = "МБОУ СОШ № 17"
SCHOOL_ADDRESS = f"{TOWN}, ул. Школьная, д. 17"

LETTERS = "АБВГДЕЖЗИК"
LEAVING_REASONS = (
    "перевод в другую образовательную организацию",
    "смена места жительства",
    "переход на семейное образование",
)


@dataclass(frozen=True)
class SizeSpec:
    grades: tuple[int, ...]
    classes_per_grade: int
    students: tuple[int, int]  # per class, grades 1–9
    senior_students: tuple[int, int]  # per class, grades 10–11
    target_load: float  # hours a week a subject teacher is hired for
    deputies: int  # по УВР
    support_staff: bool  # psychologist, social pedagogue, librarian, a deputy for ВР
    sick_teachers: int
    movers: int  # students who left mid-term, and as many who arrived
    subjects: tuple[str, ...] | None = None
    weeks: int | None = None  # only the last weeks up to today (tiny)


SIZES: dict[str, SizeSpec] = {
    "tiny": SizeSpec((5,), 1, (25, 25), (25, 25), 16, 1, False, 1, 1, TINY_SUBJECTS, 2),
    "school": SizeSpec(tuple(range(1, 12)), 2, (23, 28), (20, 25), 16, 2, True, 4, 5),
    "large": SizeSpec(tuple(range(1, 12)), 10, (25, 30), (22, 27), 14, 3, True, 18, 25),
}


def _order(number: int, day: date) -> str:
    return f"Приказ № {number}-у от {day:%d.%m.%Y}"


class _Builder:
    def __init__(
        self,
        session: Session,
        device_id: uuid.UUID,
        spec: SizeSpec,
        size: str,
        seed: int,
        today: date,
        progress: Progress | None,
    ) -> None:
        self.session = session
        self.device_id = device_id
        self.spec = spec
        self.size = size
        self.seed = seed
        self.today = today
        self.report: Progress = progress or (lambda _stage, _fraction: None)
        self.calendar: YearCalendar = build_calendar(academic_year_of(today))
        cal = self.calendar
        self.last_day = min(today, cal.end)
        if spec.weeks is None:
            self.first_day = cal.start
        else:
            # The last weeks of lessons, even when today falls in a vacation.
            school_days = self._school_days(cal.start, self.last_day)
            last_lesson = school_days[-1] if school_days else cal.start
            self.first_day = max(cal.start, last_lesson - timedelta(days=7 * spec.weeks - 1))
        self.ids = stream(seed, "ids")
        self.writer = BulkWriter(session, ChangeLogWriter(session, device_id))
        self.year_id = seeded_id(self.ids)
        self.period_ids: list[uuid.UUID] = []
        self.subject_ids: dict[str, uuid.UUID] = {}
        self.classes: list[ClassRec] = []
        self.staff: list[StaffRec] = []
        self.teachers: list[StaffRec] = []
        self.assignments: list[AssignmentRec] = []
        self.director: StaffRec | None = None
        self.deputies: list[StaffRec] = []
        self.engineer: StaffRec | None = None
        self.featured_class: ClassRec | None = None
        self.featured_student: StudentRec | None = None
        self.book = AccountBook(stream(seed, "accounts"), self.ids, cal.first_year, today)
        self.period_marks = 0
        self.people = PeopleFactory(stream(seed, "people"), self.ids, cal.first_year)
        self.consents: list[tuple[date, int, uuid.UUID]] = []
        self.guardian_count = 0

    # --- helpers ------------------------------------------------------------------------------

    def _school_days(self, first: date, last: date, grade: int = 5) -> list[date]:
        days_off = self.calendar.days_off()
        result: list[date] = []
        day = first
        while day <= last:
            if is_school_day(day, grade, days_off):
                result.append(day)
            day += timedelta(days=1)
        return result

    def _periods_closed(self) -> list[bool]:
        """A period is closed once it has ended (three days' grace) and the demo
        covers it, so it has period marks."""
        return [
            p.end + timedelta(days=3) < self.today
            and self.first_day <= p.start + timedelta(days=14)
            for p in self.calendar.periods
        ]

    # --- 1. the year, calendar and settings ---------------------------------------------------

    def write_calendar(self) -> None:
        cal, w = self.calendar, self.writer
        w.add(AcademicYear, {
            "id": self.year_id, "name": cal.name, "start_date": cal.start,
            "end_date": cal.end, "is_current": True,
        })
        for period, closed in zip(cal.periods, self._periods_closed(), strict=True):
            period_id = seeded_id(self.ids)
            self.period_ids.append(period_id)
            w.add(StudyPeriod, {
                "id": period_id, "year_id": self.year_id, "kind": period.kind,
                "number": period.number, "name": period.name,
                "grade_from": period.grade_from, "grade_to": period.grade_to,
                "start_date": period.start, "end_date": period.end, "closed": closed,
                "closed_at": (datetime.combine(period.end + timedelta(days=3), time(15, 0))
                              if closed else None),
            })
        for holiday in cal.holidays:
            w.add(Holiday, {
                "id": seeded_id(self.ids), "year_id": self.year_id, "name": holiday.name,
                "kind": holiday.kind, "start_date": holiday.start, "end_date": holiday.end,
                "grade_from": holiday.grade_from, "grade_to": holiday.grade_to,
            })
        for number, starts, ends in bell_schedule():
            w.add(Bell, {
                "id": seeded_id(self.ids), "year_id": self.year_id, "lesson_number": number,
                "starts_at": starts, "ends_at": ends,
            })
        for key, value in DEFAULT_SETTINGS.items():
            w.add(Setting, {"id": seeded_id(self.ids), "key": key,
                            "value": copy.deepcopy(value)})

    # --- 2. classes, staff, timetable ---------------------------------------------------------

    def plan_school(self) -> None:
        spec = self.spec
        people = self.people
        for grade in spec.grades:
            for letter in LETTERS[: spec.classes_per_grade]:
                self.classes.append(
                    ClassRec(seeded_id(self.ids), grade, letter,
                             plan_for_grade(grade, spec.subjects))
                )
        self.director = people.staff("директор", None)
        self.deputies = [
            people.staff("заместитель директора по УВР", None) for _ in range(spec.deputies)
        ]
        self.engineer = people.staff("инженер-программист", None, names.MALE)
        support: list[StaffRec] = []
        if spec.support_staff:
            self.deputies.append(people.staff("заместитель директора по ВР", None))
            support = [
                people.staff("педагог-психолог", None, names.FEMALE),
                people.staff("социальный педагог", None, names.FEMALE),
                people.staff("педагог-библиотекарь", None, names.FEMALE),
            ]
        self.teachers, self.assignments = staff_school(
            self.classes, spec.target_load,
            lambda specialty, position: people.staff(position, specialty), self.ids,
        )
        choose_class_teachers(self.classes, self.assignments)
        self.staff = [self.director, *self.deputies, self.engineer, *support, *self.teachers]
        # Rooms: primary classes on the first floor, subject rooms upstairs.
        primary_room = 101
        subject_room = 201
        gym = 1
        for school_class in self.classes:
            teacher = school_class.teacher
            if school_class.grade <= 4 and teacher is not None:
                school_class.room = str(primary_room)
                teacher.room = school_class.room
                primary_room += 1
        for teacher in self.teachers:
            if teacher.room:
                continue
            if teacher.specialty == "pe":
                teacher.room = "Спортзал" if gym == 1 else f"Спортзал {gym}"
                gym += 1
            else:
                teacher.room = str(subject_room)
                subject_room += 1
        for school_class in self.classes:
            if not school_class.room and school_class.teacher is not None:
                school_class.room = school_class.teacher.room
        build_timetable(self.classes, self.assignments, stream(self.seed, "timetable"))
        self.featured_class = next((c for c in self.classes if c.grade >= 5), self.classes[0])

    # --- 3. students and families -------------------------------------------------------------

    def enrol_students(self) -> None:
        spec, cal = self.spec, self.calendar
        rng = stream(self.seed, "students")
        people = self.people
        admission = _order(38, date(cal.first_year, 8, 26))
        promotion = _order(27, date(cal.first_year, 5, 29))
        for school_class in self.classes:
            low, high = spec.senior_students if school_class.grade >= 10 else spec.students
            students = [people.student(school_class.grade) for _ in range(rng.randint(low, high))]
            for student in students:
                student.start = cal.start
                student.start_order = admission if school_class.grade == 1 else promotion
            school_class.students = sorted(
                students, key=lambda s: (collation_key(s.surname), collation_key(s.name))
            )
        featured = self.featured_class
        assert featured is not None
        self.featured_student = featured.students[0]

        # Who left and who arrived during the term, with the orders in date order.
        events: list[tuple[date, int, StudentRec, ClassRec, bool]] = []
        window = self._school_days(self.first_day + timedelta(days=3), self.last_day)
        if window:
            candidates = [
                (s, c) for c in self.classes for s in c.students
                if s is not self.featured_student and c.grade >= 2
            ]
            for i, (student, school_class) in enumerate(
                rng.sample(candidates, k=min(spec.movers, len(candidates)))
            ):
                day = rng.choice(window[:-1] or window)
                events.append((day, i, student, school_class, False))
            for i in range(spec.movers):
                school_class = rng.choice(self.classes)
                student = people.student(school_class.grade)
                day = rng.choice(window)
                events.append((day, spec.movers + i, student, school_class, True))
        events.sort(key=lambda e: (e[0], e[1]))
        for number, (day, _, student, school_class, arrives) in enumerate(events, start=44):
            if arrives:
                student.start = day
                student.start_order = _order(number, day)
                school_class.students.append(student)
                school_class.students.sort(
                    key=lambda s: (collation_key(s.surname), collation_key(s.name))
                )
            else:
                student.end = day
                student.end_order = _order(number, day)
                student.end_reason = rng.choice(LEAVING_REASONS)

        # Groups of split subjects: English by halves of the list, informatics
        # alternating; a newcomer joins the smaller group.
        for school_class in self.classes:
            split = [s.name for s in school_class.subjects if s.split(school_class.grade)]
            for subject_name in split:
                for group in (0, 1):
                    school_class.group_ids[(subject_name, group)] = seeded_id(self.ids)
                first_term = [s for s in school_class.students if s.start == cal.start]
                half = (len(first_term) + 1) // 2
                sizes = [0, 0]
                for index, student in enumerate(first_term):
                    group = (index % 2) if subject_name == "Информатика" else int(index >= half)
                    student.groups[subject_name] = group
                    sizes[group] += 1
                for student in school_class.students:
                    if subject_name not in student.groups:
                        group = 0 if sizes[0] <= sizes[1] else 1
                        student.groups[subject_name] = group
                        sizes[group] += 1

        # Consents (152-ФЗ) from ~90% of guardians, on paper, numbered by date.
        consents: list[tuple[date, int, uuid.UUID]] = []
        seen: set[uuid.UUID] = set()
        counter = 0
        for school_class in self.classes:
            for student in school_class.students:
                for index, guardian in enumerate(student.guardians):
                    if guardian.id in seen:
                        continue
                    seen.add(guardian.id)
                    forced = student is self.featured_student and index == 0
                    if not forced and rng.random() >= 0.9:
                        continue
                    if student.start == cal.start:
                        day = date(cal.first_year, 8, 27) + timedelta(days=rng.randint(0, 19))
                    else:
                        day = student.start + timedelta(days=rng.randint(0, 3))
                    day = min(day, self.today)
                    if forced:
                        day = min(date(cal.first_year, 9, 1), self.today)
                    guardian.consent_on = day
                    counter += 1
                    consents.append((day, counter, guardian.id))
        consents.sort()
        self.consents = consents

    # --- 4. rows for people, classes, subjects, timetable -------------------------------------

    def write_school(self) -> None:
        w = self.writer
        director = self.director
        assert director is not None
        w.add(School, {
            "id": seeded_id(self.ids), "full_name": SCHOOL_FULL_NAME,
            "short_name": SCHOOL_SHORT_NAME, "director_name": director.full_name,
            "address": SCHOOL_ADDRESS,
        })
        for person in self.staff:
            w.add(Staff, {
                "id": person.id, "surname": person.surname, "name": person.name,
                "patronymic": person.patronymic, "gender": person.gender,
                "position": person.position, "active": True,
            })
        used = {s.name for c in self.classes for s in c.subjects}
        for order, subject in enumerate(SUBJECTS, start=1):
            if subject.name not in used:
                continue
            subject_id = seeded_id(self.ids)
            self.subject_ids[subject.name] = subject_id
            w.add(Subject, {
                "id": subject_id, "name": subject.name, "short_name": subject.short_name,
                "assessment": subject.assessment, "sort_order": order * 10,
            })
        for school_class in self.classes:
            teacher = school_class.teacher
            w.add(SchoolClass, {
                "id": school_class.id, "year_id": self.year_id, "grade": school_class.grade,
                "letter": school_class.letter,
                "class_teacher_id": teacher.id if teacher is not None else None,
                "room": school_class.room,
            })
            for (subject_name, group), group_id in school_class.group_ids.items():
                w.add(ClassGroup, {
                    "id": group_id, "class_id": school_class.id,
                    "name": f"{subject_name}, {group + 1}-я группа",
                })
        guardians_written: set[uuid.UUID] = set()
        for school_class in self.classes:
            for student in school_class.students:
                w.add(Student, {
                    "id": student.id, "surname": student.surname, "name": student.name,
                    "patronymic": student.patronymic, "gender": student.gender,
                    "birth_date": student.birth_date,
                    "personal_file_no": student.personal_file_no,
                    "health_group": student.health_group, "pe_group": student.pe_group,
                    "address": student.address,
                })
                w.add(Enrolment, {
                    "id": seeded_id(self.ids), "student_id": student.id,
                    "class_id": school_class.id, "start_date": student.start,
                    "start_order": student.start_order, "end_date": student.end,
                    "end_order": student.end_order, "end_reason": student.end_reason,
                })
                for subject_name, group in student.groups.items():
                    w.add(GroupMember, {
                        "id": seeded_id(self.ids),
                        "group_id": school_class.group_ids[(subject_name, group)],
                        "student_id": student.id, "start_date": student.start,
                        "end_date": student.end,
                    })
                for guardian in student.guardians:
                    if guardian.id not in guardians_written:
                        guardians_written.add(guardian.id)
                        w.add(Guardian, {
                            "id": guardian.id, "surname": guardian.surname,
                            "name": guardian.name, "patronymic": guardian.patronymic,
                            "gender": guardian.gender, "phone": guardian.phone,
                        })
                    w.add(StudentGuardian, {
                        "id": seeded_id(self.ids), "student_id": student.id,
                        "guardian_id": guardian.id, "relation": guardian.relation,
                    })
        self.guardian_count = len(guardians_written)
        for number, (day, _, guardian_id) in enumerate(self.consents, start=1):
            w.add(Consent, {
                "id": seeded_id(self.ids), "guardian_id": guardian_id,
                "kind": "personal_data", "granted_on": day, "withdrawn_on": None,
                "document_ref": f"Заявление № {number} от {day:%d.%m.%Y}",
            })
        for a in self.assignments:
            w.add(TeachingAssignment, {
                "id": a.id, "year_id": self.year_id, "class_id": a.school_class.id,
                "group_id": a.group_id, "subject_id": self.subject_ids[a.subject.name],
                "teacher_id": a.teacher.id, "hours_per_week": float(a.hours),
            })
            room = a.teacher.room or a.school_class.room
            for weekday, number in a.slots:
                w.add(TimetableEntry, {
                    "id": seeded_id(self.ids), "assignment_id": a.id, "weekday": weekday,
                    "lesson_number": number, "room": room,
                    "valid_from": self.calendar.start, "valid_to": None,
                })

    # --- 5. accounts (before the journal: entries name their author) --------------------------

    def open_accounts(self) -> None:
        book = self.book
        director, engineer = self.director, self.engineer
        assert director is not None and engineer is not None
        featured_class = self.featured_class
        assert featured_class is not None

        def staff_account(person: StaffRec, role: str, note: str, login: str | None = None,
                          activated: bool | None = None) -> None:
            account = book.add(role, person.surname, person.name, person.patronymic, note,
                               login=login, staff_id=person.id, activated=activated)
            person.account_id = account.id
            person.login = account.login

        staff_account(director, "admin", "директор", login="admin", activated=True)
        for deputy in self.deputies:
            staff_account(deputy, "admin", deputy.position, activated=True)
        staff_account(engineer, "sysadmin", "инженер-программист", login="sysadmin",
                      activated=True)

        leads = {id(c.teacher): c for c in self.classes if c.teacher is not None}
        featured_teachers: list[StaffRec] = []
        if featured_class.teacher is not None:
            featured_teachers.append(featured_class.teacher)
        for subject in ("Математика", "Алгебра", "Английский язык"):
            for a in self.assignments:
                if (
                    a.school_class is featured_class
                    and a.subject.name == subject
                    and a.teacher not in featured_teachers
                ):
                    featured_teachers.append(a.teacher)
                    break
        others = sorted(
            (t for t in self.teachers if t not in featured_teachers),
            key=lambda t: (collation_key(t.surname), collation_key(t.name)),
        )
        for teacher in [*featured_teachers, *others]:
            note = teacher.position
            lead = leads.get(id(teacher))
            if lead is not None:
                note += f"; классный руководитель {lead.title}"
            staff_account(teacher, "teacher", note,
                          activated=True if teacher in featured_teachers else None)

        featured_student = self.featured_student
        assert featured_student is not None
        ordered = [(featured_student, featured_class)] + [
            (s, c) for c in self.classes for s in c.students if s is not featured_student
        ]
        for student, school_class in ordered:
            pupil = "ученик" if student.gender == names.MALE else "ученица"
            account = book.add(
                "student", student.surname, student.name, student.patronymic,
                f"{pupil} {school_class.title}", prefix="s", student_id=student.id,
                created_on=None if student.start == self.calendar.start else student.start,
                activated=True if student is featured_student else None,
            )
            student.account_id = account.id
            student.login = account.login
            if student.end is not None and student.end < self.today:
                account.status = "disabled"
        done: set[uuid.UUID] = set()
        for student, school_class in ordered:
            for guardian in student.guardians:
                if guardian.id in done:
                    continue
                done.add(guardian.id)
                child = short_name_of(student)
                featured = student is featured_student and guardian is student.guardians[0]
                account = book.add(
                    "parent", guardian.surname, guardian.name, guardian.patronymic,
                    f"{guardian.relation}: {child}, {school_class.title}", prefix="p",
                    guardian_id=guardian.id,
                    created_on=None if student.start == self.calendar.start else student.start,
                    activated=True if featured else None,
                )
                guardian.account_id = account.id
                guardian.login = account.login

    # --- 6. the journal -----------------------------------------------------------------------

    def write_journal(self) -> JournalContext:
        spec = self.spec
        rng = stream(self.seed, "journal")
        sick: dict[uuid.UUID, set[date]] = {}
        school_days = self._school_days(self.first_day, self.last_day - timedelta(days=1))
        if school_days:
            candidates = [t for t in self.teachers if t.load >= 8]
            for teacher in rng.sample(candidates, k=min(spec.sick_teachers, len(candidates))):
                start = rng.randrange(len(school_days))
                length = rng.randint(2, 4)
                sick[teacher.id] = set(school_days[start:start + length])
        busy = {
            (a.teacher.id, weekday, number)
            for a in self.assignments for weekday, number in a.slots
        }
        ctx = JournalContext(
            calendar=self.calendar,
            first_day=self.first_day,
            last_day=self.last_day,
            today=self.today,
            bells={n: (s, e) for n, s, e in bell_schedule()},
            weights=dict(DEFAULT_SETTINGS["work_types"]),
            staff=self.staff,
            sick=sick,
            ids=self.ids,
            rng=rng,
            writer=self.writer,
            busy=busy,
        )
        by_class: dict[int, list[AssignmentRec]] = {}
        for a in self.assignments:
            by_class.setdefault(id(a.school_class), []).append(a)
        for index, school_class in enumerate(self.classes):
            journal = ClassJournal(ctx, school_class, by_class.get(id(school_class), []))
            plans = journal.write_plans()
            journal.write_lessons(plans)
            self.report("Журнал: уроки, отметки, посещаемость",
                        0.15 + 0.75 * (index + 1) / len(self.classes))
        return ctx

    # --- 7. period and year marks -------------------------------------------------------------

    def write_period_marks(self, ctx: JournalContext) -> None:
        rng = stream(self.seed, "period-marks")
        threshold = float(DEFAULT_SETTINGS["rounding_threshold"])
        closed = self._periods_closed()
        year_over = self.today > self.calendar.end and self.first_day == self.calendar.start
        by_class: dict[int, list[AssignmentRec]] = {}
        for a in self.assignments:
            by_class.setdefault(id(a.school_class), []).append(a)
        for school_class in self.classes:
            if school_class.grade == 1:
                continue  # безотметочное обучение
            periods = self.calendar.periods_for(school_class.grade)
            for a in by_class.get(id(school_class), []):
                if a.subject.assessment == "none":
                    continue
                yearly: dict[uuid.UUID, list[str]] = {}
                for index, period in enumerate(periods):
                    global_index = self.calendar.periods.index(period)
                    if not closed[global_index]:
                        continue
                    period_id = self.period_ids[global_index]
                    for student in school_class.students:
                        if not student.enrolled_on(period.end) or not a.teaches(student):
                            continue
                        if a.subject.assessment == "pass_fail":
                            value = "зач." if rng.random() < 0.96 else "незач."
                        else:
                            value = period_value(
                                ctx.stats.totals.get((student.id, a.id, index)), threshold
                            )
                        yearly.setdefault(student.id, []).append(value)
                        self._period_mark(a, student, "period", period_id, value,
                                          period.end, rng)
                if not year_over:
                    continue
                for student in school_class.students:
                    values = yearly.get(student.id)
                    if not values or not student.enrolled_on(self.calendar.end):
                        continue
                    self._period_mark(a, student, "year", None,
                                      _year_value(values, threshold), self.calendar.end, rng)

    def _period_mark(self, a: AssignmentRec, student: StudentRec, kind: str,
                     period_id: uuid.UUID | None, value: str, end: date,
                     rng: random.Random) -> None:
        day = end - timedelta(days=rng.randint(0, 6))
        self.writer.add(PeriodMark, {
            "id": seeded_id(self.ids), "student_id": student.id,
            "subject_id": self.subject_ids[a.subject.name], "year_id": self.year_id,
            "kind": kind, "period_id": period_id, "value": value, "comment": "",
            "entered_by": a.teacher.account_id,
            "entered_at": datetime.combine(day, time(rng.randint(13, 18), rng.randint(0, 59))),
            "late": False,
        })
        self.period_marks += 1

    # --- 8. accounts and sign-ins -------------------------------------------------------------

    def write_accounts(self) -> None:
        w = self.writer
        existing = self.session.get(Device, self.device_id)
        created = datetime.combine(min(date(self.calendar.first_year, 8, 25), self.today),
                                   time(10, 0))
        if existing is None:
            w.add(Device, {"id": self.device_id, "name": "Демонстрационный компьютер",
                           "kind": "admin", "created_at": created})
        rooms = [t.room for t in self.teachers if t.room.isdigit()]
        classroom_count = max(2, len(rooms) // 3)
        staff_devices: list[uuid.UUID] = []
        for room in [*rooms[:classroom_count], "Учительская"]:
            device_id = seeded_id(self.ids)
            staff_devices.append(device_id)
            name = room if not room.isdigit() else f"Кабинет {room}"
            w.add(Device, {"id": device_id, "name": name, "kind": "classroom",
                           "created_at": created})
        library = seeded_id(self.ids)
        w.add(Device, {"id": library, "name": "Библиотека", "kind": "classroom",
                       "created_at": created})
        events = self.book.sign_ins(
            self._school_days(self.calendar.start, self.last_day),
            {"admin": [self.device_id], "staff": staff_devices,
             "pupils": [library, *staff_devices[:2]]},
        )
        for account in self.book.accounts:
            w.add(Account, account.row())
        for event in events:
            w.add(LoginEvent, event)

    def result(self, ctx: JournalContext) -> DemoSchool:
        accounts = tuple(
            DemoAccount(a.login, DEMO_PASSWORDS[a.role], a.role, a.person_name, a.id, a.note)
            for a in self.book.accounts
        )
        stats = ctx.stats
        return DemoSchool(
            size=self.size, seed=self.seed, today=self.today, year_id=self.year_id,
            year_name=self.calendar.name, classes=len(self.classes),
            students=sum(len(c.students) for c in self.classes), staff=len(self.staff),
            guardians=self.guardian_count, lessons=stats.lessons, marks=stats.marks,
            attendance=stats.attendance, period_marks=self.period_marks,
            plan_topics=stats.plan_topics, rows_written=self.writer.rows_written,
            accounts=accounts,
        )


def _year_value(values: list[str], threshold: float) -> str:
    numbers = [int(v) for v in values if v.isdigit()]
    if not numbers:
        return values[-1] if values[-1] in ("зач.", "незач.") else "н/а"
    average = sum(numbers) / len(numbers)
    whole = int(average)
    return str(whole + (1 if average - whole >= threshold - 1e-9 else 0))


def populate_demo(
    session: Session,
    device_id: uuid.UUID,
    *,
    size: str = "school",
    seed: int = 1,
    today: date | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> DemoSchool:
    """Fill an empty, migrated database with a demo school; the caller commits.

    Everything is written through the change log (system author, this device).
    ``today`` (default: the real date) decides the academic year and where the
    journal stops; the same ``size``, ``seed`` and ``today`` give the same school.
    """
    spec = SIZES.get(size)
    if spec is None:
        raise ValueError(f"unknown demo size {size!r}; expected one of {', '.join(SIZES)}")
    builder = _Builder(session, device_id, spec, size, seed, today or date.today(), progress)
    report = builder.report
    started = _time.perf_counter()
    report("Календарь и настройки", 0.0)
    builder.write_calendar()
    report("Классы, учителя и расписание", 0.03)
    builder.plan_school()
    report("Ученики и родители", 0.08)
    builder.enrol_students()
    builder.write_school()
    builder.open_accounts()
    report("Журнал: уроки, отметки, посещаемость", 0.15)
    ctx = builder.write_journal()
    report("Итоговые отметки", 0.92)
    builder.write_period_marks(ctx)
    report("Учётные записи", 0.96)
    builder.write_accounts()
    builder.writer.flush()
    report(f"Готово за {_time.perf_counter() - started:.0f} с", 1.0)
    return builder.result(ctx)
