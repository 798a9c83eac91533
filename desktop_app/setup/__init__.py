"""The administration's set-up screens: the set-up checklist, the school card and
rules, the school year with its periods, holidays and bells, the import from
spreadsheets — and the widgets they share with the timetable and КТП screens
(``record_list``, ``date_range``, ``problem_label``)."""
