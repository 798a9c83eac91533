"""Setting up the share, enrolling and revoking computers (administration acts).

- ``share init`` (:func:`init_share`), on the administration workstation only: makes
  the root key, the marker, registry v1 with this computer, the first school key and
  the login key (:mod:`database.sync.people`), sealed to this computer.
- Enrolment with a one-time code: the administration makes a code
  (:func:`new_enrolment_code`, shown on its screen); the new computer creates its
  own identity (key pairs made there, bound to that machine) and leaves a request on
  the share proving it knows the code (:func:`request_join`); the administration's
  next sync (:func:`process_requests`) adds it to the registry, records the
  ``device`` row and seals the school keys to it; the new computer then creates its
  database and bootstraps from the segments (:func:`finish_join`).
- Revoking (:func:`revoke_device`): a new registry marks the device revoked after the
  last seq the administration has applied from it (segments beyond are refused
  everywhere), and a new school key, sealed to the remaining devices only, encrypts
  everything published from then on.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import uuid
from pathlib import Path

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session, sessionmaker

from database.actor import Actor
from database.changelog import init_local_meta, local_device_id
from database.engine import make_engine
from database.errors import ConflictError, StorageError, ValidationError
from database.ids import new_id
from database.models import Device, School, SyncCursor, SyncDevice
from database.paths import SchoolPaths
from database.schema import upgrade_schema
from database.sync import crypto
from database.sync.codes import (
    CODE_VALID_HOURS,
    EXPIRED_KEPT_MS,
    REFUSED_EXPIRED,
    REFUSED_WRONG,
    answer_path,
    codes_of,
)
from database.sync.codes import now_ms as _now
from database.sync.config import (
    META_ENROL_CODES,
    ShareConfig,
    load_config,
    save_config,
    set_meta,
    store_keys,
    write_share_pointer,
)
from database.sync.identity import (
    DeviceIdentity,
    create_identity,
    has_identity,
    load_identity,
)
from database.sync.people import write_login_key_wrap
from database.sync.registry import (
    RegisteredDevice,
    Registry,
    marker_body,
    read_registry,
    read_wrap,
    write_registry,
    write_wrap,
)
from database.sync.share import (
    REQUEST_RE,
    ShareLayout,
    SharePath,
    ShareUnavailable,
    create_share_root,
    list_names,
    publish_file,
    read_bytes,
)

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def cache_registry(session: Session, registry: Registry) -> None:
    session.execute(delete(SyncDevice))
    session.add_all(
        SyncDevice(
            device_id=d.device_id, name=d.name, kind=d.kind, sign_key=d.sign_key.hex(),
            box_key=d.box_key.hex(), revoked_after=d.revoked_after,
            registry_version=registry.version,
        )
        for d in registry.devices.values()
    )
    set_meta(session, {"sync_registry_version": str(registry.version)})


def cached_registry(session: Session) -> Registry | None:
    rows = session.execute(select(SyncDevice)).scalars().all()
    if not rows:
        return None
    devices = {
        r.device_id: RegisteredDevice(
            r.device_id, r.name, r.kind, bytes.fromhex(r.sign_key), bytes.fromhex(r.box_key),
            r.revoked_after,
        )
        for r in rows
    }
    config = load_config(session)
    key_id = config.current_key_id if config is not None and config.keys else 1
    return Registry(rows[0].registry_version, key_id, devices)


def _identity_for(paths: SchoolPaths, device_id: uuid.UUID) -> DeviceIdentity:
    if has_identity(paths.root):
        identity = load_identity(paths.root)
        if identity.device_id != device_id:
            raise StorageError("Удостоверение устройства не относится к этой базе данных.")
        return identity
    return create_identity(paths.root, device_id)


def init_share(
    paths: SchoolPaths, maker: sessionmaker[Session], data_key: bytes, base: SharePath
) -> ShareConfig:
    """Set up ``base`` as the school's share (the folder must exist; nothing else in
    it is touched)."""
    layout = ShareLayout(base)
    with maker.begin() as session:
        if load_config(session) is not None:
            raise ConflictError("Этот компьютер уже подключён к общей папке школы.")
        device_id = local_device_id(session)
        device = session.get(Device, device_id)
        if device is None or device.kind != "admin":
            raise ValidationError(
                "Общую папку школы настраивают только на компьютере администрации."
            )
        school = session.execute(select(School.id).limit(1)).scalar()
        if layout.marker.exists():
            raise ConflictError(
                f"В папке {base} уже настроена общая папка школы; выберите пустую папку."
            )
        create_share_root(layout)
        identity = _identity_for(paths, device_id)
        root_private = crypto.new_signing_key()
        config = ShareConfig(
            share_id=uuid.uuid4().hex, school_id="" if school is None else str(school),
            root_key=crypto.signing_public(root_private), keys={1: crypto.new_key()},
            login_key=crypto.new_key(), registry_version=1, root_private=root_private,
        )
        body = marker_body(config.root_key, config.school_id, config.share_id)
        publish_file(layout.marker, crypto.signed_document(root_private, body), replace=False)
        me = RegisteredDevice(
            str(device_id), device.name, device.kind, identity.sign_public,
            identity.box_public, None,
        )
        registry = Registry(1, 1, {me.device_id: me})
        write_registry(layout, root_private, registry)
        write_wrap(layout, root_private, me, config.keys, config.login_key, 1)
        save_config(session, config)
        cache_registry(session, registry)
    write_login_key_wrap(paths, config.login_key, data_key)
    write_share_pointer(paths.root, base)
    return config


def new_enrolment_code(
    session: Session, name: str, kind: str = "classroom", *, now_ms: int | None = None
) -> str:
    """A one-time code for one new computer (shown at the administration workstation),
    valid for :data:`CODE_VALID_HOURS`."""
    config = load_config(session)
    if config is None or config.root_private is None:
        raise ValidationError("Коды подключения выдаёт компьютер, настроивший общую папку.")
    name = name.strip()
    if not name or len(name) > 100:
        raise ValidationError("Название компьютера: от 1 до 100 символов.")
    if kind not in ("classroom", "admin"):
        raise ValidationError("Вид компьютера: classroom или admin.")
    code = "-".join(
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(5)) for _ in range(2)
    )
    codes = codes_of(session)
    taken = [str(v["name"]) for v in codes.values()]
    taken += list(session.execute(select(Device.name)).scalars())
    if any(other.casefold() == name.casefold() for other in taken):
        raise ConflictError(f"Компьютер «{name}» уже есть в школе или ждёт подключения; "
                            "выберите другое название.")
    now = _now() if now_ms is None else now_ms
    codes[code] = {"name": name, "kind": kind, "expires": now + CODE_VALID_HOURS * 3600_000}
    set_meta(session, {META_ENROL_CODES: json.dumps(codes, ensure_ascii=False)})
    return code


def _request_body(identity: DeviceIdentity, name: str, kind: str) -> dict[str, str]:
    return {
        "device": str(identity.device_id), "name": name, "kind": kind,
        "signer": identity.sign_public.hex(), "box": identity.box_public.hex(),
    }


def request_proof(identity: DeviceIdentity, code: str, name: str) -> str:
    """The proof a request made with ``code`` carries (the new computer recomputes it
    to match an answer to *this* request, not to one made with a mistyped code)."""
    return crypto.code_proof(code.strip().lower(),
                             crypto.canonical(_request_body(identity, name.strip(), "classroom")))


def request_join(school_root: Path, base: SharePath, code: str, name: str) -> DeviceIdentity:
    """On the new computer: its identity (made here), and a request on the share."""
    layout = ShareLayout(base)
    if not layout.marker.is_file():
        raise ShareUnavailable(f"В папке {base} нет общей папки школы.")
    if has_identity(school_root):
        identity = load_identity(school_root)
    else:
        identity = create_identity(school_root, new_id())
    body: dict[str, str] = _request_body(identity, name.strip(), "classroom")
    body["proof"] = request_proof(identity, code, name)
    with contextlib.suppress(OSError):
        answer_path(layout, identity.device_id).unlink()  # an answer to an older request
    publish_file(
        layout.request(identity.device_id),
        crypto.signed_document(identity.sign_private, body), replace=True,
    )
    return identity


def _refuse(layout: ShareLayout, root_private: bytes, device_id: str, proof: str,
            why: str) -> None:
    body = {"signer": crypto.signing_public(root_private).hex(), "device": device_id,
            "proof": proof, "refused": why}
    publish_file(answer_path(layout, device_id), crypto.signed_document(root_private, body),
                 replace=True)


def process_requests(
    session: Session, layout: ShareLayout, config: ShareConfig, registry: Registry,
    actor: Actor, *, now_ms: int | None = None,
) -> tuple[Registry, list[str]]:
    """Administration: enrol every request whose proof matches a pending code; answer a
    request made with a wrong or expired code (signed), so that computer says why."""
    assert config.root_private is not None
    now = _now() if now_ms is None else now_ms
    codes = {
        c: v for c, v in codes_of(session).items()
        if v.get("expires") is None or now < int(v["expires"]) + EXPIRED_KEPT_MS
    }
    enrolled: list[str] = []
    for file_name in list_names(layout.enrol_dir, REQUEST_RE):
        raw = read_bytes(layout.enrol_dir / file_name)
        if raw is None:
            continue
        try:
            body = crypto.open_signed_document(raw, None)
            proof = str(body.pop("proof"))
            device_id = str(uuid.UUID(str(body["device"])))
        except (crypto.CryptoFailure, KeyError, ValueError, TypeError):
            continue
        if device_id in registry.devices:
            # Already enrolled (it asked again after a stopped load): nothing to decide.
            with contextlib.suppress(OSError):
                (layout.enrol_dir / file_name).unlink()
            continue
        message = crypto.canonical(body)
        match = next((c for c in codes if crypto.proof_matches(c, message, proof)), None)
        expires = None if match is None else codes[match].get("expires")
        if match is None or (expires is not None and now > int(expires)):
            _refuse(layout, config.root_private, device_id, proof,
                    REFUSED_WRONG if match is None else REFUSED_EXPIRED)
            with contextlib.suppress(OSError):
                (layout.enrol_dir / file_name).unlink()
            continue
        pending = codes.pop(match)
        device = RegisteredDevice(
            device_id, pending["name"], pending["kind"], bytes.fromhex(body["signer"]),
            bytes.fromhex(body["box"]), None,
        )
        registry = Registry(
            registry.version + 1, registry.key_id, {**registry.devices, device_id: device}
        )
        write_registry(layout, config.root_private, registry)
        write_wrap(layout, config.root_private, device, config.keys, config.login_key,
                   registry.version)
        from database.services.devices import register_device

        register_device(session, actor, pending["name"], pending["kind"],
                        device_id=uuid.UUID(device_id))
        cache_registry(session, registry)
        enrolled.append(pending["name"])
        with contextlib.suppress(OSError):
            (layout.enrol_dir / file_name).unlink()
    set_meta(session, {META_ENROL_CODES: json.dumps(codes, ensure_ascii=False)})
    return registry, enrolled


def finish_join(paths: SchoolPaths, base: SharePath) -> tuple[Engine, bytes] | None:
    """On the new computer, once the administration enrolled it: its own database
    (a new data key), the keys from the share. None while not enrolled yet."""
    from database.keyslots import new_data_key

    layout = ShareLayout(base)
    identity = load_identity(paths.root)
    marker = json.loads(read_bytes(layout.marker) or b"{}").get("body", {})
    root_key = bytes.fromhex(marker.get("signer", ""))
    registry = read_registry(layout, root_key, 1)
    me = None if registry is None else registry.devices.get(str(identity.device_id))
    wrap = read_wrap(layout, root_key, str(identity.device_id), identity.box_private)
    if registry is None or me is None or wrap is None:
        return None
    if me.revoked_after is not None:
        raise StorageError("Этот компьютер отключён от школы администрацией.")
    if paths.exists():
        raise StorageError(f"В папке {paths.root} уже есть база данных школы.")
    keys, login_key = wrap
    data_key = new_data_key()
    paths.root.mkdir(parents=True, exist_ok=True)
    paths.slots_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(paths.db, data_key)
    upgrade_schema(engine)
    with Session(engine) as session, session.begin():
        init_local_meta(session, identity.device_id)
        save_config(session, ShareConfig(
            share_id=str(marker.get("share_id")), school_id=str(marker.get("school_id", "")),
            root_key=root_key, keys=keys, login_key=login_key,
            registry_version=registry.version, root_private=None,
        ))
        cache_registry(session, registry)
    write_login_key_wrap(paths, login_key, data_key)
    write_share_pointer(paths.root, base)
    return engine, data_key


def revoke_device(session: Session, layout: ShareLayout, device_id: str) -> Registry:
    """Administration: refuse the device's segments after what has been applied from it,
    and rotate the school key so it reads nothing new."""
    config = load_config(session)
    if config is None or config.root_private is None:
        raise ValidationError("Отключать компьютеры может компьютер, настроивший общую папку.")
    registry = read_registry(layout, config.root_key, config.registry_version) or cached_registry(
        session
    )
    if registry is None or device_id not in registry.devices:
        raise ValidationError("Такого компьютера нет в списке компьютеров школы.")
    if device_id == str(local_device_id(session)):
        raise ValidationError("Нельзя отключить компьютер, с которого выполняется команда.")
    target = registry.devices[device_id]
    if target.revoked_after is not None:
        raise ConflictError("Этот компьютер уже отключён.")
    cursor = session.get(SyncCursor, device_id)
    revoked = RegisteredDevice(
        target.device_id, target.name, target.kind, target.sign_key, target.box_key,
        0 if cursor is None else cursor.last_seq,
    )
    new_key_id = max(config.keys) + 1
    keys = {**config.keys, new_key_id: crypto.new_key()}
    registry = Registry(registry.version + 1, new_key_id, {**registry.devices, device_id: revoked})
    write_registry(layout, config.root_private, registry)
    for device in registry.active():
        write_wrap(layout, config.root_private, device, keys, config.login_key, registry.version)
    with contextlib.suppress(OSError):
        layout.wrap(device_id).unlink()
    store_keys(session, keys)
    cache_registry(session, registry)
    return registry
