"""The school's share and computers in the GUI: the administration's «share and
computers» window (:mod:`.window`, :mod:`.computers`) and joining this computer to a
school on first start (:mod:`.join`). The work itself is in :mod:`database.sync`
(``share_setup``, ``computers``, ``joining``), always on the database worker."""
