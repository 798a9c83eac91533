"""School Journal's data layer: models, encrypted storage, services, queries.

Qt-free by design: nothing under ``database`` may import PySide6.
"""
