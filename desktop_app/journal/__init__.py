"""The teacher's journal grid: model, delegate, frozen-column view, undo commands,
the lesson panel and the page that ties them to the database worker."""

from desktop_app.pyside_fix import pin_none

# The grid repaints thousands of cells; see desktop_app.pyside_fix.
pin_none()
