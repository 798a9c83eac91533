"""The columns of each kind of import: one definition that the reader matches
headers against and the templates are written from, so they never disagree.

A column has a key (what the importer asks for), the title the template prints, the
other spellings schools use for it, whether it must be present, and an example.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from database.imports.values import header_key


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # as printed in the template (Russian)
    aliases: tuple[str, ...] = ()
    required: bool = False
    example: str = ""
    note: str = ""  # what the template's second sheet says about the column

    def header_keys(self) -> set[str]:
        return {header_key(text) for text in (self.title, *self.aliases)}


@dataclass(frozen=True)
class ImportKind:
    key: str  # students | parents | staff | assignments
    title: str  # «Ученики»
    columns: tuple[Column, ...]
    # Alternatives to required columns: a single «ФИО» column instead of three.
    full_name_key: str | None = None
    examples: tuple[tuple[str, ...], ...] = ()

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def template_name(self) -> str:
        return f"Шаблон — {self.title.lower()}.xlsx"


_NAME_NOTE = "Русскими буквами; регистр, «ё» и лишние пробелы исправляются."
_DATE_NOTE = "ДД.ММ.ГГГГ, или ячейка с датой."

STUDENTS = ImportKind(
    "students",
    "Ученики",
    (
        Column("surname", "Фамилия", ("Фамилия ученика", "Фамилия учащегося"), True,
               "Иванов", _NAME_NOTE),
        Column("name", "Имя", ("Имя ученика", "Имя учащегося"), True, "Пётр", _NAME_NOTE),
        Column("patronymic", "Отчество", ("Отчество ученика",), False, "Сергеевич"),
        Column("full_name", "ФИО", ("Ф.И.О.", "Фамилия, имя, отчество", "Фамилия имя отчество",
                                    "ФИО ученика", "Ученик", "Учащийся"), False, "",
               "Вместо трёх столбцов «Фамилия», «Имя», «Отчество»."),
        Column("gender", "Пол", (), False, "м",
               "«м» или «ж»; если пусто — по отчеству."),
        Column("birth_date", "Дата рождения", ("Д.р.", "Дата рожд.", "Дата рождения ученика"),
               False, "14.03.2015", _DATE_NOTE),
        Column("class", "Класс", ("Кл.", "Класс ученика"), True, "5А",
               "«5А», «5 «А»», «5-а»; латинская «A» читается как русская. "
               "Класса нет — будет создан в текущем учебном году."),
        Column("groups", "Группы", ("Группа", "Группы класса", "Подгруппы"), False,
               "Английский язык, 1-я группа",
               "Группы класса через «;». Группы нет — будет создана."),
        Column("personal_file_no", "№ личного дела", ("Номер личного дела", "Личное дело",
                                                      "№ л/д", "Номер л/д", "Л/д"),
               False, "И-215", "По нему ученик узнаётся при повторном импорте."),
        Column("health_group", "Группа здоровья", (), False, "II", "I–V или 1–5."),
        Column("pe_group", "Группа по физкультуре", ("Физкультурная группа",
                                                     "Группа для занятий физкультурой",
                                                     "Физкультура"), False, "основная"),
        Column("address", "Адрес", ("Адрес проживания", "Домашний адрес"), False,
               "ул. Школьная, д. 1, кв. 5"),
        Column("start_date", "Дата зачисления", ("Зачислен", "Дата прибытия"), False,
               "01.09.2026", "Пусто — с начала учебного года."),
        Column("start_order", "Приказ о зачислении", ("Приказ", "№ приказа о зачислении"),
               False, "Приказ № 38-у от 26.08.2026"),
    ),
    full_name_key="full_name",
    examples=(
        ("Иванов", "Пётр", "Сергеевич", "", "м", "14.03.2015", "5А",
         "Английский язык, 1-я группа; Информатика, 1-я группа", "И-215", "II", "основная",
         "ул. Школьная, д. 1, кв. 5", "", ""),
        ("Петрова", "Анна", "Ивановна", "", "ж", "02.11.2014", "5А",
         "Английский язык, 2-я группа", "П-216", "I", "основная", "", "", ""),
    ),
)

PARENTS = ImportKind(
    "parents",
    "Родители",
    (
        Column("surname", "Фамилия родителя", ("Фамилия", "Фамилия представителя"), True,
               "Иванова", _NAME_NOTE),
        Column("name", "Имя родителя", ("Имя", "Имя представителя"), True, "Елена",
               _NAME_NOTE),
        Column("patronymic", "Отчество родителя", ("Отчество", "Отчество представителя"),
               False, "Викторовна"),
        Column("full_name", "ФИО родителя", ("ФИО", "Ф.И.О.", "Родитель",
                                             "Законный представитель",
                                             "ФИО законного представителя"), False, "",
               "Вместо трёх столбцов о родителе."),
        Column("gender", "Пол родителя", ("Пол",), False, "ж",
               "«м» или «ж»; если пусто — по отчеству."),
        Column("phone", "Телефон", ("Телефон родителя", "Контактный телефон", "Тел."), False,
               "+7 912 345-67-89",
               "По ФИО и телефону родитель узнаётся при повторном импорте и у братьев и сестёр."),
        Column("relation", "Кем приходится", ("Степень родства", "Родство", "Кем является"),
               False, "мать", "мать, отец, опекун…"),
        Column("student", "ФИО ученика", ("Ученик", "Ребёнок", "ФИО ребёнка"), True,
               "Иванов Пётр Сергеевич"),
        Column("student_birth_date", "Дата рождения ученика", ("Дата рождения ребёнка",
                                                              "Дата рождения"),
               False, "14.03.2015", "Чтобы отличить тёзок. " + _DATE_NOTE),
        Column("student_file_no", "№ личного дела ученика", ("№ личного дела",
                                                             "Номер личного дела",
                                                             "Номер личного дела ученика"),
               False, "И-215", "Точнее всего находит ученика."),
        Column("student_class", "Класс ученика", ("Класс",), False, "5А"),
        Column("consent_date", "Дата согласия", ("Согласие", "Согласие на обработку ПД",
                                                 "Согласие на обработку персональных данных",
                                                 "Дата согласия на обработку ПД"),
               False, "28.08.2026",
               "Согласие на обработку персональных данных (152-ФЗ): с этой даты родителю "
               "открыт дневник. " + _DATE_NOTE),
        Column("consent_document", "Документ согласия", ("Заявление", "Реквизиты согласия",
                                                         "Документ"), False,
               "Заявление № 12 от 28.08.2026", "Обязателен, если указана дата согласия."),
    ),
    full_name_key="full_name",
    examples=(
        ("Иванова", "Елена", "Викторовна", "", "ж", "+7 912 345-67-89", "мать",
         "Иванов Пётр Сергеевич", "14.03.2015", "И-215", "5А", "28.08.2026",
         "Заявление № 12 от 28.08.2026"),
        ("Иванов", "Сергей", "Петрович", "", "м", "+7 912 000-11-22", "отец",
         "Иванов Пётр Сергеевич", "14.03.2015", "И-215", "5А", "", ""),
    ),
)

STAFF = ImportKind(
    "staff",
    "Сотрудники",
    (
        Column("surname", "Фамилия", ("Фамилия сотрудника",), True, "Смирнова", _NAME_NOTE),
        Column("name", "Имя", ("Имя сотрудника",), True, "Ольга", _NAME_NOTE),
        Column("patronymic", "Отчество", ("Отчество сотрудника",), False, "Петровна"),
        Column("full_name", "ФИО", ("Ф.И.О.", "Фамилия, имя, отчество", "Сотрудник",
                                    "ФИО сотрудника", "Учитель"), False, "",
               "Вместо трёх столбцов «Фамилия», «Имя», «Отчество»."),
        Column("gender", "Пол", (), False, "ж", "«м» или «ж»; если пусто — по отчеству."),
        Column("position", "Должность", ("Занимаемая должность",), False,
               "учитель математики"),
    ),
    full_name_key="full_name",
    examples=(
        ("Смирнова", "Ольга", "Петровна", "", "ж", "учитель математики"),
        ("Кузнецов", "Андрей", "Игоревич", "", "м", "учитель физики"),
    ),
)

ASSIGNMENTS = ImportKind(
    "assignments",
    "Нагрузка",
    (
        Column("class", "Класс", ("Кл.",), True, "5А",
               "Класса нет — будет создан в текущем учебном году."),
        Column("subject", "Предмет", ("Учебный предмет", "Дисциплина"), True, "Математика",
               "Предмета нет — будет создан."),
        Column("group", "Группа", ("Подгруппа",), False, "",
               "Пусто — весь класс. Группы нет — будет создана."),
        Column("teacher", "Учитель", ("ФИО учителя", "Педагог", "Преподаватель"), True,
               "Смирнова Ольга Петровна",
               "ФИО или «Смирнова О. П.»; сотрудник должен быть уже внесён."),
        Column("hours", "Часов в неделю", ("Часы", "Кол-во часов", "Количество часов",
                                           "Часов"), True, "5", "От 0,5 до 10."),
        Column("short_name", "Краткое название предмета", ("Сокращение", "Кратко"), False,
               "Матем.", "Для новых предметов."),
        Column("assessment", "Оценивание", ("Вид оценивания",), False, "отметки",
               "«отметки», «зачёт» или «без оценок» — для новых предметов."),
    ),
    examples=(
        ("5А", "Математика", "", "Смирнова Ольга Петровна", "5", "Матем.", "отметки"),
        ("5А", "Английский язык", "Английский язык, 1-я группа", "Кузнецов Андрей Игоревич",
         "3", "Англ.", "отметки"),
    ),
)

KINDS: Final[dict[str, ImportKind]] = {
    kind.key: kind for kind in (STUDENTS, PARENTS, STAFF, ASSIGNMENTS)
}


def kind_of(key: str) -> ImportKind:
    try:
        return KINDS[key]
    except KeyError:
        raise ValueError(f"unknown import kind {key!r}") from None
