"""Imports: a school's spreadsheets (XLSX, CSV) turned into service calls, with a
preview of every row before anything is written.

- :mod:`columns` — the columns of each kind (students, parents, staff, teaching
  assignments), shared by the reader and the templates;
- :mod:`table` — reading XLSX/CSV and finding the header row;
- :mod:`values` — cells to text, dates, classes;
- one module per kind that plans the rows and writes them;
- :mod:`engine` — ``preview_import`` and ``run_import`` (all or nothing, one batch);
- :mod:`templates` and :mod:`export` — the template files and the people lists as XLSX.
"""
