"""Imports of a school's spreadsheets: each kind from XLSX and CSV, the messy files
real schools have, the preview, all-or-nothing, re-imports and the change log."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from database.errors import PermissionDenied
from database.imports.engine import preview_import, run_import
from database.imports.outcome import ImportRefused, Status
from database.imports.table import ImportFileError
from database.models import (
    ChangeLog,
    ClassGroup,
    Enrolment,
    GroupMember,
    Guardian,
    SchoolClass,
    Staff,
    Student,
    StudentGuardian,
    Subject,
    TeachingAssignment,
)
from tests.database.conftest import SmallSchool
from tests.database.import_files import write_csv, write_xlsx

STUDENT_HEADER = ["№ п/п", "Фамилия", "Имя", "Отчество", "Пол", "Дата рождения", "Класс",
                  "Группы", "№ личного дела"]


def count(session: Session, model: type) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def statuses(preview: object) -> list[str]:
    return [row.status.value for row in preview.rows]  # type: ignore[attr-defined]


def student(session: Session, surname: str) -> Student:
    return session.execute(select(Student).where(Student.surname == surname)).scalar_one()


def class_of(session: Session, student_id: object) -> str:
    grade, letter = session.execute(
        select(SchoolClass.grade, SchoolClass.letter)
        .join(Enrolment, Enrolment.class_id == SchoolClass.id)
        .where(Enrolment.student_id == student_id, Enrolment.end_date.is_(None))
    ).one()
    return f"{grade}{letter}"


def groups_of(session: Session, student_id: object) -> set[str]:
    return set(session.execute(
        select(ClassGroup.name).join(GroupMember, GroupMember.group_id == ClassGroup.id)
        .where(GroupMember.student_id == student_id, GroupMember.end_date.is_(None))
    ).scalars())


# --- students -------------------------------------------------------------------------------


def messy_students(path: Path) -> Path:
    """A title merged across the sheet, a blank row, the header on row 3, a blank
    column, a blank row among the data, dates as text / serial / datetime, a Latin
    «A», double and trailing spaces, «е» for «ё», capitals."""
    return write_xlsx(path, [
        ["Список учащихся МБОУ СОШ № 1 на 01.09.2026"],
        [],
        [*STUDENT_HEADER[:4], None, *STUDENT_HEADER[4:]],
        [1, "Сидоров ", "Иван", "Петрович", None, "м", "01.09.2015", "5A",
         "Английский, 1 гр.", "С-1"],
        [2, "ВАСИЛЬЕВ", "Петр", "Олегович", None, "м", datetime(2015, 3, 3), "5 «А»", None,
         None],
        [],
        [3, "Кузьмина", "Ольга  Мария", "", None, "ж", 42401, "6б",
         "Информатика, 1-я группа; Английский язык, 2-я группа", "К-7"],
    ], merges=["A1:J1"])


def test_messy_xlsx_preview_then_import(session: Session, small_school: SmallSchool,
                                        tmp_path: Path) -> None:
    path = messy_students(tmp_path / "ученики.xlsx")
    students_before = count(session, Student)
    preview = preview_import(session, small_school.admin, "students", path)
    assert [row.row for row in preview.rows] == [4, 5, 7]
    assert statuses(preview) == ["new", "unchanged", "new"]
    # «Петр» is the school's «Пётр» (born 03.03.2015) in 5 «А»: no second student.
    assert preview.rows[1].who == "Васильев Петр Олегович, 5 «А»"
    assert "класс 6 «Б»" in preview.created
    assert count(session, Student) == students_before  # a preview writes nothing

    result = run_import(session, small_school.admin, "students", path)
    session.commit()
    assert result.written
    assert count(session, Student) == students_before + 2
    # The Latin «A» went into the existing 5 «А»; 6 «Б» was created once.
    assert count(session, SchoolClass) == 2
    sidorov = student(session, "Сидоров")
    assert (sidorov.name, sidorov.birth_date, sidorov.personal_file_no) == (
        "Иван", date(2015, 9, 1), "С-1")
    assert class_of(session, sidorov.id) == "5А"
    assert groups_of(session, sidorov.id) == {"Английский, 1 гр."}
    kuzmina = student(session, "Кузьмина")
    assert kuzmina.name == "Ольга Мария"
    assert kuzmina.birth_date == date(2016, 2, 1)  # Excel serial 42401
    assert class_of(session, kuzmina.id) == "6Б"
    assert groups_of(session, kuzmina.id) == {"Информатика, 1-я группа",
                                              "Английский язык, 2-я группа"}
    assert student(session, "Васильев").name == "Пётр"  # «ё» kept


@pytest.mark.parametrize(("delimiter", "encoding"), [(";", "cp1251"), (",", "utf-8-sig"),
                                                     (";", "utf-8")])
def test_students_from_csv(session: Session, small_school: SmallSchool, tmp_path: Path,
                           delimiter: str, encoding: str) -> None:
    path = write_csv(tmp_path / "students.csv", [
        ["", "", "Список класса"],
        ["ФИО", "Дата рождения", "Класс", "Группы", "Пол"],
        ["Ёлкина  Дарья Игоревна ", "05.05.2015", "5а", "Английский, 2 гр.", ""],
        ["Борисова Мария Андреевна", "02.03.2015", "5А", "", "ж"],
    ], delimiter=delimiter, encoding=encoding)
    preview = preview_import(session, small_school.admin, "students", path)
    assert statuses(preview) == ["new", "unchanged"]
    run_import(session, small_school.admin, "students", path)
    session.commit()
    darya = student(session, "Ёлкина")
    assert (darya.name, darya.patronymic, darya.gender) == ("Дарья", "Игоревна", "f")
    assert groups_of(session, darya.id) == {"Английский, 2 гр."}


def test_errors_name_the_cell_and_nothing_is_written(
    session: Session, small_school: SmallSchool, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", [
        STUDENT_HEADER,
        [1, "Новиков", "Антон", "Сергеевич", "м", "10.10.2015", "5А", None, "Н-1"],
        [2, "Smith", "Анна", "", "ж", "01.01.2015", "5А", None, None],
        [3, "Орлова", "Вера", "", "ж", "31.02.2015", "5А", None, None],
        [4, "Павлов", "Иван", "", "", "01.01.2015", "12Б", None, None],
        [5, "Рыбаков", "Олег", "Ильич", "м", "01.01.2015", "5А", None, "Н-1"],
    ])
    preview = preview_import(session, small_school.admin, "students", path)
    assert statuses(preview) == ["new", "error", "error", "error", "error"]
    smith, orlova, pavlov, rybakov = preview.rows[1:]
    assert smith.cell == "B3" and "русскими буквами" in smith.detail
    assert orlova.cell == "F4" and "не похоже на дату" in orlova.detail
    assert pavlov.cell == "E5" and "пол" in pavlov.detail.lower()
    assert "G5" in pavlov.detail and "от 1 до 11" in pavlov.detail
    assert rybakov.cell == "I6" and "строке 2" in rybakov.detail

    log_before, students_before = count(session, ChangeLog), count(session, Student)
    with pytest.raises(ImportRefused) as refused:
        run_import(session, small_school.admin, "students", path)
    assert "строк с ошибками: 4" in refused.value.message
    session.rollback()
    assert count(session, Student) == students_before
    assert count(session, ChangeLog) == log_before


def test_reimport_is_idempotent_and_updates(session: Session, small_school: SmallSchool,
                                            tmp_path: Path) -> None:
    rows = [
        STUDENT_HEADER,
        [1, "Новиков", "Антон", "Сергеевич", "м", "10.10.2015", "5А", "Английский, 1 гр.",
         "Н-1"],
        [2, "Орлова", "Вера", "Ивановна", "ж", "11.11.2015", "5А", None, None],
    ]
    path = write_xlsx(tmp_path / "v1.xlsx", rows)
    run_import(session, small_school.admin, "students", path)
    session.commit()
    students, log = count(session, Student), count(session, ChangeLog)

    again = preview_import(session, small_school.admin, "students", path)
    assert statuses(again) == ["unchanged", "unchanged"]
    run_import(session, small_school.admin, "students", path)
    session.commit()
    assert (count(session, Student), count(session, ChangeLog)) == (students, log)

    # The next version: Новиков married into another surname (same file number),
    # moved to a new class with the other group; Орлова's birth date corrected is a
    # different person by the rule (name + birth date), so she is matched by name
    # only when there is no birth date: give her the same one and a new group.
    rows[1] = [1, "Новикова-Ким", "Антон", "Сергеевич", "м", "10.10.2015", "5Б",
               "Английский, 2 гр.", "Н-1"]
    rows[2] = [2, "Орлова", "Вера", "Ивановна", "ж", "11.11.2015", "5А",
               "Английский, 2 гр.", None]
    path2 = write_xlsx(tmp_path / "v2.xlsx", rows)
    preview = preview_import(session, small_school.admin, "students", path2)
    assert statuses(preview) == ["updated", "updated"]
    assert "фамилия" in preview.rows[0].detail and "перевод" in preview.rows[0].detail
    log_before = count(session, ChangeLog)
    result = run_import(session, small_school.admin, "students", path2)
    session.commit()
    assert count(session, Student) == students
    # The services' own writes (update, transfer, groups) carry the batch too.
    reasons = set(session.execute(
        select(ChangeLog.reason).where(ChangeLog.seq > log_before)).scalars())
    assert reasons == {result.batch}
    moved = student(session, "Новикова-Ким")
    assert class_of(session, moved.id) == "5Б"
    assert groups_of(session, moved.id) == {"Английский, 2 гр."}
    orlova = student(session, "Орлова")
    assert groups_of(session, orlova.id) == {"Английский, 2 гр."}
    assert statuses(preview_import(session, small_school.admin, "students", path2)) == [
        "unchanged", "unchanged"]


def test_whole_import_is_one_batch(session: Session, small_school: SmallSchool,
                                   tmp_path: Path) -> None:
    path = messy_students(tmp_path / "s.xlsx")
    log_before = count(session, ChangeLog)
    result = run_import(session, small_school.admin, "students", path)
    session.commit()
    new_rows = session.execute(
        select(ChangeLog.reason, ChangeLog.author_id).where(ChangeLog.seq > log_before)
    ).all()
    # 2 students, 2 enrolments, 3 group memberships, class 6 «Б» and its 2 groups.
    assert len(new_rows) == 10
    assert {reason for reason, _ in new_rows} == {result.batch}
    assert result.batch.startswith("Импорт из таблицы «s.xlsx» (ученики), пакет ")
    assert {author for _, author in new_rows} == {str(small_school.admin.account_id)}


def test_a_teacher_may_not_import(session: Session, small_school: SmallSchool,
                                  tmp_path: Path) -> None:
    path = messy_students(tmp_path / "s.xlsx")
    for call in (preview_import, run_import):
        with pytest.raises(PermissionDenied, match="импорт"):
            call(session, small_school.math_teacher, "students", path)


def test_file_problems_are_clear(session: Session, small_school: SmallSchool,
                                 tmp_path: Path) -> None:
    no_header = write_xlsx(tmp_path / "x.xlsx", [["Ученик", "Кто"], ["Иванов", "5А"]])
    with pytest.raises(ImportFileError, match="нет столбцов: «Класс»"):
        preview_import(session, small_school.admin, "students", no_header)
    nothing = write_xlsx(tmp_path / "y.xlsx", [["a", "b"], [1, 2]])
    with pytest.raises(ImportFileError, match="Не найдена строка заголовков"):
        preview_import(session, small_school.admin, "students", nothing)
    broken = tmp_path / "z.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ImportFileError, match="не открывается"):
        preview_import(session, small_school.admin, "students", broken)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ImportFileError, match=r"\.xls\)"):
        preview_import(session, small_school.admin, "students", old)


def test_header_merged_over_two_rows(session: Session, small_school: SmallSchool,
                                     tmp_path: Path) -> None:
    """«Ученик» merged over «Фамилия / Имя / Отчество»; «Класс» merged down."""
    path = write_xlsx(tmp_path / "two.xlsx", [
        ["Ученик", None, None, "Класс", "Пол"],
        ["Фамилия", "Имя", "Отчество", None, None],
        ["Зайцев", "Глеб", "Романович", "5А", None],
    ], merges=["A1:C1", "D1:D2", "E1:E2"])
    preview = preview_import(session, small_school.admin, "students", path)
    assert [(r.row, r.status) for r in preview.rows] == [(3, Status.NEW)]
    run_import(session, small_school.admin, "students", path)
    assert student(session, "Зайцев").gender == "m"  # from the patronymic


# --- parents --------------------------------------------------------------------------------


PARENT_HEADER = ["Фамилия родителя", "Имя родителя", "Отчество родителя", "Телефон",
                 "Кем приходится", "ФИО ученика", "Дата рождения ученика", "Класс ученика"]


def test_parents_linked_and_shared_by_siblings(session: Session, small_school: SmallSchool,
                                               tmp_path: Path) -> None:
    rows = [
        PARENT_HEADER,
        ["Васильева", "Ольга", "Ивановна", "8 (912) 111-22-33", "мать",
         "Васильев Пётр Олегович", "03.03.2015", "5А"],
        ["Васильева", "Ольга", "Ивановна", "+7 912 111 22 33", "мать",
         "Григорьева Анна Сергеевна", None, None],
        ["Алексеева", "Ирина", "Павловна", None, "мать", "Алексеев  Иван Петрович",
         "01.03.2015", None],
    ]
    path = write_csv(tmp_path / "parents.csv", rows, encoding="cp1251")
    preview = preview_import(session, small_school.admin, "parents", path)
    assert statuses(preview) == ["new", "new", "unchanged"]
    assert "строке 2" in preview.rows[1].detail
    guardians = count(session, Guardian)
    run_import(session, small_school.admin, "parents", path)
    session.commit()
    assert count(session, Guardian) == guardians + 1  # one mother of two children
    mother = session.execute(select(Guardian).where(Guardian.surname == "Васильева")).scalar_one()
    children = session.execute(select(func.count()).select_from(StudentGuardian).where(
        StudentGuardian.guardian_id == mother.id)).scalar_one()
    assert (children, mother.gender, mother.phone) == (2, "f", "8 (912) 111-22-33")
    assert statuses(preview_import(session, small_school.admin, "parents", path)) == [
        "unchanged"] * 3

    xlsx = write_xlsx(tmp_path / "parents.xlsx", [
        PARENT_HEADER,
        ["Васильева", "Ольга", "Ивановна", "8 (912) 111-22-33", "опекун",
         "Васильев Пётр Олегович", None, None],
        ["Петров", "Пётр", "", None, "отец", "Неизвестный Ученик", None, None],
    ])
    preview = preview_import(session, small_school.admin, "parents", xlsx)
    assert statuses(preview) == ["updated", "error"]
    assert preview.rows[0].detail == "кем приходится"
    assert preview.rows[1].cell == "F3" and "в школе нет" in preview.rows[1].detail


# --- staff ---------------------------------------------------------------------------------------


def test_staff_new_updated_unchanged(session: Session, small_school: SmallSchool,
                                     tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "staff.xlsx", [
        ["Сотрудники"],
        ["ФИО", "Должность"],
        ["Смирнова Ольга Петровна", "учитель математики"],
        ["Кузнецова Анна Игоревна", "заместитель директора по УВР"],
        ["Белов  Игорь Семёнович", "учитель физики"],
    ])
    preview = preview_import(session, small_school.admin, "staff", path)
    assert statuses(preview) == ["unchanged", "updated", "new"]
    run_import(session, small_school.admin, "staff", path)
    session.commit()
    belov = session.execute(select(Staff).where(Staff.surname == "Белов")).scalar_one()
    assert (belov.name, belov.gender, belov.position, belov.active) == (
        "Игорь", "m", "учитель физики", True)
    assert statuses(preview_import(session, small_school.admin, "staff", path)) == [
        "unchanged"] * 3


# --- assignments ---------------------------------------------------------------------------


def test_assignments_create_subjects_and_update_hours(
    session: Session, small_school: SmallSchool, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "load.csv", [
        ["Класс", "Предмет", "Группа", "Учитель", "Часов в неделю", "Оценивание"],
        ["5А", "Математика", "", "Смирнова О.П.", "4", ""],
        ["5А", "Английский язык", "Английский, 1 гр.", "Кузнецова Анна Игоревна", "3", ""],
        ["5A", "Музыка", "", "Попова Е. В.", "1,5", "без оценок"],
        ["5А", "Физика", "", "Иванов И. И.", "2", ""],
    ], delimiter=",")
    preview = preview_import(session, small_school.admin, "assignments", path)
    assert statuses(preview) == ["updated", "unchanged", "new", "error"]
    assert preview.rows[0].detail == "часов в неделю"
    assert preview.rows[3].cell == "D5"
    with pytest.raises(ImportRefused):
        run_import(session, small_school.admin, "assignments", path)
    session.rollback()

    fixed = write_csv(tmp_path / "load2.csv", [
        ["Класс", "Предмет", "Группа", "Учитель", "Часов в неделю", "Оценивание"],
        ["5А", "Математика", "", "Смирнова О.П.", "4", ""],
        ["5A", "Музыка", "", "Попова Е. В.", "1,5", "без оценок"],
        ["5А", "Английский язык", "Английский, 3 гр.", "Кузнецова Анна Игоревна", "2", ""],
    ])
    run_import(session, small_school.admin, "assignments", fixed)
    session.commit()
    music = session.execute(select(Subject).where(Subject.name == "Музыка")).scalar_one()
    assert music.assessment == "none"
    hours = session.execute(
        select(TeachingAssignment.hours_per_week).where(
            TeachingAssignment.subject_id == music.id)).scalar_one()
    assert hours == 1.5
    math = session.get(TeachingAssignment, small_school.math_assignment_id)
    assert math is not None and math.hours_per_week == 4
    assert session.execute(select(func.count()).select_from(ClassGroup).where(
        ClassGroup.name == "Английский, 3 гр.")).scalar_one() == 1
    assert statuses(preview_import(session, small_school.admin, "assignments", fixed)) == [
        "unchanged"] * 3


def test_students_need_a_current_school_year(session: Session, tmp_path: Path) -> None:
    from database.actor import Actor
    from database.errors import ValidationError
    from tests.database.conftest import fixed_clock

    admin = Actor.system(uuid.uuid4(), clock=fixed_clock)
    path = write_xlsx(tmp_path / "s.xlsx", [["ФИО", "Класс"], ["Орлов Глеб Ильич", "5А"]])
    with pytest.raises(ValidationError, match="нет текущего учебного года"):
        preview_import(session, admin, "students", path)
    staff = write_xlsx(tmp_path / "staff.xlsx", [["ФИО"], ["Орлова Вера Павловна"]])
    assert statuses(preview_import(session, admin, "staff", staff)) == ["new"]


def test_parents_consent_opens_the_diary(session: Session, small_school: SmallSchool,
                                         tmp_path: Path) -> None:
    """Борисов (parent of Борисова, no consent yet) brings the signed paper."""
    from database.permissions import has_consent, require_student_read

    header = ["ФИО родителя", "ФИО ученика", "Дата рождения ученика", "Дата согласия",
              "Документ согласия"]
    bad = write_xlsx(tmp_path / "bad.xlsx", [
        header,
        ["Борисов Андрей Николаевич", "Борисова Мария Андреевна", "02.03.2015",
         "01.12.2026", "Заявление № 40"],
        ["Алексеева Ирина Павловна", "Алексеев Иван Петрович", "01.03.2015", "10.09.2026",
         None],
    ])
    preview = preview_import(session, small_school.admin, "parents", bad)
    assert statuses(preview) == ["error", "error"]
    assert preview.rows[0].cell == "D2" and "в будущем" in preview.rows[0].detail
    assert preview.rows[1].cell == "E3"

    good = write_xlsx(tmp_path / "good.xlsx", [
        header,
        ["Борисов Андрей Николаевич", "Борисова Мария Андреевна", "02.03.2015",
         datetime(2026, 11, 17), "Заявление № 40 от 17.11.2026"],
        ["Алексеева Ирина Павловна", "Алексеев Иван Петрович", "01.03.2015", "10.09.2026",
         "Заявление № 41"],  # already registered on 02.09.2026: nothing to do
    ])
    preview = preview_import(session, small_school.admin, "parents", good)
    assert statuses(preview) == ["updated", "unchanged"]
    assert preview.rows[0].detail == "согласие на обработку ПД"
    father = small_school.guardian_without_consent_id
    assert not has_consent(session, father, date(2026, 11, 18))
    run_import(session, small_school.admin, "parents", good)
    session.commit()
    assert has_consent(session, father, date(2026, 11, 18))
    require_student_read(session, small_school.parent_without_consent,
                         small_school.student_ids[1], date(2026, 11, 18))
    assert statuses(preview_import(session, small_school.admin, "parents", good)) == [
        "unchanged", "unchanged"]


def test_subject_rows_without_a_class(session: Session, small_school: SmallSchool,
                                      tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "subjects.xlsx", [
        ["Предмет", "Краткое название предмета", "Оценивание", "Класс", "Учитель",
         "Часов в неделю"],
        ["Математика", "Матем.", "", None, None, None],
        ["Английский язык", "Англ. яз.", "", None, None, None],
        ["ОРКСЭ", "", "без оценок", None, None, None],
        ["Музыка", "", "по настроению", None, None, None],
        ["Физика", "", "", "7А", None, "2"],
    ])
    preview = preview_import(session, small_school.admin, "assignments", path)
    assert statuses(preview) == ["unchanged", "updated", "new", "error", "error"]
    assert preview.rows[1].detail == "краткое название"
    assert preview.rows[3].cell == "C5"
    assert preview.rows[4].cell == "E6" and "учитель" in preview.rows[4].detail.lower()
    fixed = write_xlsx(tmp_path / "subjects2.xlsx", [
        ["Предмет", "Краткое название предмета", "Оценивание"],
        ["Английский язык", "Англ. яз.", ""],
        ["ОРКСЭ", "", "без оценок"],
    ])
    run_import(session, small_school.admin, "assignments", fixed)
    session.commit()
    english = session.get(Subject, small_school.english_id)
    assert english is not None and english.short_name == "Англ. яз."
    orkse = session.execute(select(Subject).where(Subject.name == "ОРКСЭ")).scalar_one()
    assert orkse.assessment == "none"


def test_damaged_files_are_refused_clearly(session: Session, small_school: SmallSchool,
                                           tmp_path: Path) -> None:
    import zipfile

    good = messy_students(tmp_path / "good.xlsx")
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]  # cut in the middle of the sheet's XML
            target.writestr(item, data)
    with pytest.raises(ImportFileError, match="повреждён"):
        preview_import(session, small_school.admin, "students", damaged)
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(b"\x98\xff\x00;\x01\n")
    with pytest.raises(ImportFileError):
        preview_import(session, small_school.admin, "students", garbage)
