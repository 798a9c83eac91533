"""The cryptography of the share, all from ``cryptography`` (no home-made crypto).

- Ed25519 signs everything a device or the administration puts on the share (marker,
  registry, segments, heads), so a file written by anyone else is refused.
- X25519 + HKDF + AES-256-GCM seal the school key to one device (an ECIES "sealed
  box": an ephemeral key pair per seal, the recipient's public key in the derivation).
- AES-256-GCM encrypts segment bodies under the school key, the plain header as
  associated data.
- HMAC-SHA256 proves an enrolment request knows the one-time code.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
NONCE_BYTES = 12
SIGNATURE_BYTES = 64
_RAW = serialization.Encoding.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw
_NO_ENC = serialization.NoEncryption()


class CryptoFailure(Exception):
    """A signature, tag or sealed key did not verify (the file is not trusted)."""


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


# --- signing -----------------------------------------------------------------------------


def new_signing_key() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(_RAW, _RAW_PRIV, _NO_ENC)


def signing_public(private: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private).public_key().public_bytes(_RAW, _RAW_PUB)


def sign(private: bytes, data: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private).sign(data)


def verify(public: bytes, signature: bytes, data: bytes) -> None:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except (InvalidSignature, ValueError) as exc:
        raise CryptoFailure("bad signature") from exc


def signed_document(private: bytes, body: dict[str, Any]) -> bytes:
    """A small signed JSON file: ``{"body": ..., "sig": hex}``."""
    signature = sign(private, canonical(body)).hex()
    return canonical({"body": body, "sig": signature})


def open_signed_document(raw: bytes, public: bytes | None) -> dict[str, Any]:
    """The body of a signed document, verified with ``public`` (or with the key the body
    names itself as ``signer`` when ``public`` is None — only for a marker, whose key
    the caller then compares with the one it trusts)."""
    try:
        document = json.loads(raw.decode("utf-8"))
        body = document["body"]
        signature = bytes.fromhex(document["sig"])
        key = bytes.fromhex(body["signer"]) if public is None else public
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CryptoFailure("not a signed document") from exc
    if not isinstance(body, dict):
        raise CryptoFailure("not a signed document")
    verify(key, signature, canonical(body))
    return body


# --- sealing to a device -------------------------------------------------------------------


def new_box_key() -> bytes:
    return X25519PrivateKey.generate().private_bytes(_RAW, _RAW_PRIV, _NO_ENC)


def box_public(private: bytes) -> bytes:
    return X25519PrivateKey.from_private_bytes(private).public_key().public_bytes(_RAW, _RAW_PUB)


def _seal_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=ephemeral + recipient,
        info=b"school-journal sealed box v1",
    ).derive(shared)


def seal(recipient_public: bytes, plaintext: bytes) -> bytes:
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(_RAW, _RAW_PUB)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    key = _seal_key(shared, ephemeral_public, recipient_public)
    nonce = secrets.token_bytes(NONCE_BYTES)
    return ephemeral_public + nonce + AESGCM(key).encrypt(nonce, plaintext, None)


def unseal(recipient_private: bytes, sealed: bytes) -> bytes:
    if len(sealed) < 32 + NONCE_BYTES + 16:
        raise CryptoFailure("sealed box too short")
    private = X25519PrivateKey.from_private_bytes(recipient_private)
    ephemeral_public, nonce, body = sealed[:32], sealed[32:44], sealed[44:]
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        key = _seal_key(shared, ephemeral_public, box_public(recipient_private))
        return AESGCM(key).decrypt(nonce, body, None)
    except (InvalidTag, ValueError) as exc:
        raise CryptoFailure("sealed box does not open") from exc


# --- symmetric -------------------------------------------------------------------------------


def encrypt(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def decrypt(key: bytes, data: bytes, aad: bytes) -> bytes:
    if len(data) < NONCE_BYTES + 16:
        raise CryptoFailure("ciphertext too short")
    try:
        return AESGCM(key).decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], aad)
    except InvalidTag as exc:
        raise CryptoFailure("bad tag") from exc


def code_proof(code: str, message: bytes) -> str:
    """HMAC-SHA256 of ``message`` keyed by an enrolment code."""
    key = hashlib.sha256(b"school-journal enrol v1" + code.encode("utf-8")).digest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def proof_matches(code: str, message: bytes, proof: str) -> bool:
    return hmac.compare_digest(code_proof(code, message), proof)
