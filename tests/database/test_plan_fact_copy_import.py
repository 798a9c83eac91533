"""The КТП beyond its editing: plan against fact, copying the plan of another class
of the grade, and reading a plan from XLSX/CSV (all or nothing)."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy.orm import Session

from database.changelog import save
from database.errors import PermissionDenied, ValidationError
from database.imports.plan_file import read_plan_file
from database.imports.table import ImportFileError
from database.models import SchoolClass, TeachingAssignment
from database.queries.plan_fact import plan_against_fact
from database.services.lessons import update_lesson
from database.services.plans import PlanTopicInput as T
from database.services.plans import copy_plan, set_plan
from tests.database.conftest import SmallSchool


def _other_class(session: Session, s: SmallSchool, grade: int, subject: uuid.UUID,
                 teacher: uuid.UUID) -> uuid.UUID:
    other = SchoolClass(year_id=s.year_id, grade=grade, letter="Б")
    save(session, s.system, other)
    session.flush()
    assignment = TeachingAssignment(year_id=s.year_id, class_id=other.id, subject_id=subject,
                                    teacher_id=teacher, hours_per_week=5)
    save(session, s.system, assignment)
    session.commit()
    return assignment.id


def test_plan_against_fact_names_the_lessons_of_each_topic(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    plan = set_plan(session, s.math_teacher, s.math_assignment_id,
                    [T("Натуральные числа", 2), T("Дроби", 1)])
    update_lesson(session, s.admin, s.math_lesson_old_id, plan_topic_id=plan.topics[0].id,
                  control_work=True, reason="тема из КТП")
    session.commit()
    fact = plan_against_fact(session, s.math_teacher, s.math_assignment_id)
    assert fact.title == "5 «А» · Математика"
    first, second = fact.topics
    assert [(g.date, g.lesson_number, g.control_work) for g in first.given] == [
        (date(2026, 9, 7), 1, True)]
    assert not first.done and second.given == ()
    assert (fact.planned_hours, fact.given_hours) == (3, 1)
    assert (fact.lessons_held, fact.lessons_without_plan) == (2, 1)  # today's has no topic
    with pytest.raises(PermissionDenied):
        plan_against_fact(session, s.other_teacher, s.math_assignment_id)


def test_copy_from_another_class_of_the_grade(session: Session, small_school: SmallSchool) -> None:
    s = small_school
    other = _other_class(session, s, 5, s.math_id, s.other_teacher_id)
    set_plan(session, s.other_teacher, other, [T("Числа", 3, "§ 1"), T("Контрольная", 1)])
    session.commit()
    fact = plan_against_fact(session, s.math_teacher, s.math_assignment_id)
    assert [(src.assignment_id, src.title, src.topics) for src in fact.sources] == [
        (other, "5 «Б» · Математика (Попова Е. В.)", 2)]
    copied = copy_plan(session, s.math_teacher, s.math_assignment_id, other)
    assert [(t.topic, t.hours, t.homework) for t in copied.topics] == [
        ("Числа", 3, "§ 1"), ("Контрольная", 1, "")]
    # Another grade, another subject, or someone else's journal: refused.
    sixth = _other_class_6(session, s)
    with pytest.raises(ValidationError, match="той же параллели"):
        copy_plan(session, s.math_teacher, s.math_assignment_id, sixth)
    with pytest.raises(ValidationError, match="той же параллели"):
        copy_plan(session, s.math_teacher, s.math_assignment_id, s.english1_assignment_id)
    with pytest.raises(PermissionDenied):
        copy_plan(session, s.english_teacher, s.math_assignment_id, other)


def _other_class_6(session: Session, s: SmallSchool) -> uuid.UUID:
    other = SchoolClass(year_id=s.year_id, grade=6, letter="А")
    save(session, s.system, other)
    session.flush()
    assignment = TeachingAssignment(year_id=s.year_id, class_id=other.id, subject_id=s.math_id,
                                    teacher_id=s.other_teacher_id, hours_per_week=5)
    save(session, s.system, assignment)
    session.commit()
    return assignment.id


def test_a_plan_is_read_from_xlsx_and_csv(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Календарно-тематическое планирование, 5 класс"])
    sheet.append(["№ п/п", "Тема урока", "Кол-во часов", "Д/з"])
    sheet.append([1, "Натуральные числа", 2, "§ 1"])
    sheet.append([2, "  Дроби  ", None, ""])
    sheet.append([None, None, None, None])
    sheet.append([3, "Контрольная работа № 1", 1.0, None])
    path = tmp_path / "ktp.xlsx"
    book.save(path)
    assert read_plan_file(path) == [T("Натуральные числа", 2, "§ 1"), T("Дроби", 1, ""),
                                    T("Контрольная работа № 1", 1, "", True)]
    csv = tmp_path / "ktp.csv"
    csv.write_text("Тема;Часов\nЧисла;3\nДроби;1,5\nУравнения;x\n", encoding="cp1251")
    with pytest.raises(ImportFileError) as refused:
        read_plan_file(csv)
    assert "B3: часов должно быть целое число от 1 до 40, а не «1,5»" in refused.value.message
    assert "B4:" in refused.value.message
    csv.write_text("Тема;Часов\nЧисла;3\n", encoding="utf-8")
    assert read_plan_file(csv) == [T("Числа", 3)]
    csv.write_text("Предмет;Класс\nМатематика;5\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="Тема"):
        read_plan_file(csv)
