"""Planning substitutions: an absent teacher's lessons and the teachers free at each."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from database.errors import PermissionDenied
from database.queries.substitutions import lessons_to_cover
from database.services.lessons import set_substitution
from tests.database.conftest import TODAY, SmallSchool


def test_free_teachers_per_lesson_and_a_recorded_substitute(
    session: Session, small_school: SmallSchool
) -> None:
    s = small_school
    math = lessons_to_cover(session, s.admin, s.year_id, s.math_teacher_id, TODAY, TODAY)
    assert [(c.date, c.lesson_number, c.journal_title) for c in math] == [
        (TODAY, 1, "5 «А» · Математика")]
    # The director teaches nothing; the English teacher is busy only at lesson 2.
    assert [(f.name, f.teaches_subject) for f in math[0].free] == [
        ("Кузнецова А. И.", False), ("Попова Е. В.", False)]
    english = lessons_to_cover(session, s.admin, s.year_id, s.english_teacher_id, TODAY, TODAY)
    assert [f.name for f in english[0].free] == ["Попова Е. В.", "Смирнова О. П."]
    # Once Попова substitutes the math lesson, she is busy at lesson 1.
    set_substitution(session, s.admin, s.math_lesson_today_id, s.other_teacher_id,
                     "болезнь учителя")
    session.commit()
    math = lessons_to_cover(session, s.admin, s.year_id, s.math_teacher_id, TODAY, TODAY)
    assert math[0].substitute == "Попова Е. В."
    assert [f.name for f in math[0].free] == ["Кузнецова А. И."]
    with pytest.raises(PermissionDenied):
        lessons_to_cover(session, s.math_teacher, s.year_id, s.math_teacher_id, TODAY, TODAY)
