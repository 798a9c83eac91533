"""The teacher's journal grid: model, delegate, frozen-column view, undo commands,
the lesson panel and the page that ties them to the database worker."""
