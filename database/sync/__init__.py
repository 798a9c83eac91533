"""Synchronisation through the school's LAN share (see ``SYNC.md``), Qt-free.

- :mod:`.share` — the folder layout, strict names, crash-safe writes;
- :mod:`.crypto` — Ed25519, X25519 sealed boxes, AES-256-GCM (``cryptography``);
- :mod:`.identity` — this computer's device identity, bound to the machine;
- :mod:`.registry` — marker, device registry, school keys sealed to each device;
- :mod:`.enrol` — ``share init``, enrolment with a one-time code, revocation;
- :mod:`.segments` — segment and head formats;
- :mod:`.publish` — this device's new ops onto the share;
- :mod:`.records`, :mod:`.apply`, :mod:`.rules` — merging remote ops per field,
  conflicts kept, permission checks;
- :mod:`.people` — one password for all the school's computers;
- :mod:`.round` — one sync round and the status;
- :mod:`.digest` — state and conflict digests (the post-sync sanity check).
"""
