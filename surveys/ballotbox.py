"""The sealed ballot box: trustees' keys, threshold sharing, sealing and opening of ballots. No Django.

Every primitive comes from a well-kept library, none is written here:

- each trustee holds a personal X25519 key pair (PyNaCl); the platform stores only the public half, and hands
  the private half to the trustee once, optionally wrapped under a passphrase of theirs (Argon2id + SecretBox);
- at opening, the box key pair is made (PyNaCl); its private key is encrypted with AES-GCM (``cryptography``)
  under a random 16-byte key ``K``; ``K`` is split with Shamir's scheme (pycryptodome) into one share per
  trustee, ``quorum`` of which rebuild it; each share is sealed to its trustee's public key (SealedBox).
  ``K``, the shares in clear and the box's private key are then forgotten: the database holds only what a
  quorum of trustees' private keys can open;
- each submission is serialised, compressed, padded to the campaign's fixed ballot size and sealed with the
  box's public key (SealedBox: an ephemeral key per ballot, so two ballots never share anything in clear).
"""

from __future__ import annotations

import array
import base64
import json
import secrets
import struct
import zlib
from dataclasses import dataclass
from typing import Any

import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.utils
import numpy as np
import orjson
from Crypto.Protocol.SecretSharing import Shamir
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from nacl.public import PrivateKey, PublicKey, SealedBox

KEY_PREFIX = "QVCLE1"
PROTECTED_PREFIX = "QVCLEP1"
SEAL_OVERHEAD = 48  # SealedBox: ephemeral public key (32) + Poly1305 tag (16)
_LENGTH = struct.Struct(">I")
MIN_BALLOT_SIZE = 1024
TEXT_ALLOWANCE = 1536  # compressed bytes per free-text question (about 2,500 characters of French prose)


class BoxError(Exception):
    """A key, share or ballot that cannot be used; ``message`` is French, for the person who gave it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BallotTooLarge(Exception):
    """The answers do not fit in the campaign's fixed ballot size (only very long free texts can do that)."""


# --- Trustees' personal keys -----------------------------------------------------------------------------


def trustee_key_new() -> tuple[bytes, str]:
    """A trustee's key pair: (public key to store, private key as text to hand over once)."""
    private = PrivateKey.generate()
    return public_of(private), key_text(private)


def trustee_key_protect(key_text: str, passphrase: str) -> str:
    """The private key text wrapped under a passphrase (Argon2id, then XSalsa20-Poly1305)."""
    raw = _private_bytes(key_text)
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    wrap = _passphrase_key(passphrase, salt)
    return _text(PROTECTED_PREFIX, salt + nacl.secret.SecretBox(wrap).encrypt(raw))


def trustee_key_read(key_text: str, passphrase: str = "") -> PrivateKey:
    """Read a private key as handed over (plain or protected); ``BoxError`` with a French message otherwise."""
    cleaned = "".join(key_text.split())
    if cleaned.upper().startswith(PROTECTED_PREFIX):
        blob = _untext(PROTECTED_PREFIX, cleaned)
        salt, boxed = blob[: nacl.pwhash.argon2id.SALTBYTES], blob[nacl.pwhash.argon2id.SALTBYTES :]
        if not passphrase:
            raise BoxError("Cette clé est protégée par une phrase secrète : saisissez-la.")
        try:
            raw = nacl.secret.SecretBox(_passphrase_key(passphrase, salt)).decrypt(boxed)
        except nacl.exceptions.CryptoError as error:
            raise BoxError("La phrase secrète ne correspond pas à cette clé.") from error
        return PrivateKey(raw)
    return PrivateKey(_private_bytes(cleaned))


def key_text(private: PrivateKey) -> str:
    """A private key as handed to its trustee (the demo's keys are derived from a seed, real ones are random)."""
    return _text(KEY_PREFIX, bytes(private))


def public_of(private: PrivateKey) -> bytes:
    return bytes(private.public_key)


def _passphrase_key(passphrase: str, salt: bytes) -> bytes:
    return nacl.pwhash.argon2id.kdf(
        nacl.secret.SecretBox.KEY_SIZE,
        passphrase.encode(),
        salt,
        opslimit=nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE,
        memlimit=nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE,
    )


def _text(prefix: str, raw: bytes) -> str:
    body = base64.b32encode(raw).decode().rstrip("=")
    check = base64.b32encode(zlib.crc32(raw).to_bytes(4, "big")).decode().rstrip("=")
    groups = [body[i : i + 4] for i in range(0, len(body), 4)]
    return "-".join([prefix, *groups, check])


def _untext(prefix: str, text: str) -> bytes:
    parts = text.upper().replace(" ", "").split("-")
    if len(parts) < 3 or parts[0] != prefix:
        raise BoxError("Ce texte n'est pas une clé de dépositaire Qualivie.")
    body, check = "".join(parts[1:-1]), parts[-1]
    try:
        raw = base64.b32decode(body + "=" * (-len(body) % 8))
        expected = base64.b32encode(zlib.crc32(raw).to_bytes(4, "big")).decode().rstrip("=")
    except ValueError as error:
        raise BoxError("Cette clé contient des caractères inattendus : vérifiez la copie.") from error
    if check != expected:
        raise BoxError("Cette clé est incomplète ou mal recopiée : vérifiez-la caractère par caractère.")
    return raw


def _private_bytes(text: str) -> bytes:
    raw = _untext(KEY_PREFIX, text)
    if len(raw) != PrivateKey.SIZE:
        raise BoxError("Cette clé de dépositaire n'a pas la bonne longueur.")
    return raw


# --- The box's keys --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoxKeys:
    public_key: bytes
    sealed_private_key: bytes  # nonce + AES-GCM(K, box private key)
    sealed_shares: list[bytes]  # per trustee, in the order of the given public keys: SealedBox(share)


def box_create(trustee_public_keys: list[bytes], quorum: int) -> BoxKeys:
    """Make the box key pair and share its private key among the trustees (``quorum`` of them open it)."""
    if not 2 <= quorum <= len(trustee_public_keys):
        raise ValueError("quorum must be between 2 and the number of trustees")
    box = PrivateKey.generate()
    wrap = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    sealed_private = nonce + AESGCM(wrap).encrypt(nonce, bytes(box), b"qualivie-box")
    shares = Shamir.split(quorum, len(trustee_public_keys), wrap)
    sealed = [
        SealedBox(PublicKey(public)).encrypt(bytes([number]) + share)
        for (number, share), public in zip(shares, trustee_public_keys, strict=True)
    ]
    return BoxKeys(bytes(box.public_key), sealed_private, sealed)


def share_open(sealed_share: bytes, trustee_key: PrivateKey) -> tuple[int, bytes]:
    """A trustee's share, opened with their private key."""
    try:
        plain = SealedBox(trustee_key).decrypt(bytes(sealed_share))
    except nacl.exceptions.CryptoError as error:
        raise BoxError("Cette clé n'est pas celle de ce·tte dépositaire pour cette campagne.") from error
    return plain[0], plain[1:]


def box_private_key(shares: list[tuple[int, bytes]], sealed_private_key: bytes) -> PrivateKey:
    """Rebuild the box's private key from a quorum of shares (exists only in the caller's memory)."""
    wrap = Shamir.combine(shares)
    blob = bytes(sealed_private_key)
    try:
        raw = AESGCM(wrap).decrypt(blob[:12], blob[12:], b"qualivie-box")
    except Exception as error:  # cryptography raises InvalidTag
        raise BoxError("Les parts déposées ne permettent pas d'ouvrir l'urne.") from error
    return PrivateKey(raw)


# --- Ballots ---------------------------------------------------------------------------------------------


def ballot_size(text_questions: int) -> int:
    """Plaintext size of every ballot of a questionnaire: fixed, so that a ballot's length tells nothing."""
    return MIN_BALLOT_SIZE + TEXT_ALLOWANCE * text_questions


def sealed_size(size: int) -> int:
    return size + SEAL_OVERHEAD


def seal(public_key: bytes, payload: dict[str, Any], size: int) -> bytes:
    """Serialise, compress, pad to ``size`` and seal. ``BallotTooLarge`` if the payload cannot fit."""
    body = zlib.compress(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode(), 9)
    if len(body) + _LENGTH.size > size:
        raise BallotTooLarge
    padded = _LENGTH.pack(len(body)) + body + bytes(size - len(body) - _LENGTH.size)
    return SealedBox(PublicKey(public_key)).encrypt(padded)


def unseal(box: SealedBox, sealed: bytes) -> dict[str, Any]:
    """One ballot's payload; ``box`` is ``SealedBox(private_key)`` built once by the caller."""
    padded = box.decrypt(bytes(sealed))
    (length,) = _LENGTH.unpack_from(padded)
    # orjson: a ballot's 40 answers parse in 2 µs instead of 8 (1.2 M ballots at the count)
    data: dict[str, Any] = orjson.loads(zlib.decompress(padded[_LENGTH.size : _LENGTH.size + length]))
    return data


# --- Opening many ballots (the count) --------------------------------------------------------------------
#
# The count opens ballots in chunks, in this process or in a pool of worker processes (``ballot_box_open``
# picks). A worker gets the box's private key once, through ``pool_init`` (the pool's own pipe: in memory, never
# on disk, never in a queue of jobs); this module imports nothing from Django, so a spawned worker starts
# without Django and never touches the database: it only turns sealed bytes into plaintext.


@dataclass(frozen=True)
class OpenSpec:
    """What to extract from each ballot: reporting attributes, and the scale items as (key, lowest, highest)."""

    attributes: tuple[str, ...]
    scale_items: tuple[tuple[str, int, int], ...]
    not_disclosed: str  # attribute value of a ballot that gave none
    not_concerned: int  # the answer « non concerné·e » (kept as is in the scale codes)


@dataclass
class OpenedChunk:
    """Plaintext of a chunk of ballots, in the chunk's order.

    ``scale`` holds, per ballot, one int8 per scale item of ``OpenSpec.scale_items``: the answer as given (in
    the item's range, or ``not_concerned``), ``-1`` when unanswered or not a valid value: what is stored as
    ``Response.scale``. ``answers`` is each ballot's other answers (choices) as JSON text, ``texts`` its
    free-text comments ([key, text] pairs).
    """

    units: list[int]
    attributes: list[tuple[str, ...]]
    scale: bytes
    answers: list[str]
    texts: list[list[list[str]] | None]


def open_chunk(box: SealedBox, sealed: list[bytes], spec: OpenSpec) -> OpenedChunk:
    """Open ``sealed`` ballots with ``box`` (``SealedBox(private_key)``); raises on a ballot that does not open.

    Besides the decryption (a key agreement per ballot, ~40 µs), a ballot costs its JSON parsing and little more:
    the scale answers are copied as a row of signed bytes in C (``array``), and checked against each item's range
    once per chunk (numpy), not one Python comparison per answer (that was ~15 µs a ballot)."""
    units: list[int] = []
    attributes: list[tuple[str, ...]] = []
    answers: list[str] = []
    texts: list[list[list[str]] | None] = []
    keys = [key for key, _low, _high in spec.scale_items]
    scale_keys = frozenset(keys)
    unanswered = [-1] * len(keys)
    raw = array.array("b")
    nd = spec.not_disclosed
    interned: dict[tuple[str, ...], tuple[str, ...]] = {}
    for one in sealed:
        data = unseal(box, one)
        units.append(int(data["u"]))
        given = data.get("a") or {}
        combo = tuple(str(given.get(a) or nd) for a in spec.attributes)
        attributes.append(interned.setdefault(combo, combo))
        x = data.get("x") or {}
        values = list(map(x.get, keys, unanswered))
        if _PLAIN_INT.issuperset(map(type, values)):  # whole numbers only (no bool, no text): in C
            try:
                raw.extend(values)
            except OverflowError:
                raw.extend(map(_code, values))
        else:
            raw.extend(map(_code, values))
        others = x.keys() - scale_keys
        answers.append(orjson.dumps({k: x[k] for k in others}).decode() if others else "{}")
        texts.append(data.get("c") or None)  # None, not one empty list per ballot
    codes = np.frombuffer(raw.tobytes(), dtype=np.int8).reshape(len(units), len(keys))
    low = np.array([low for _key, low, _high in spec.scale_items], dtype=np.int8)
    high = np.array([high for _key, _low, high in spec.scale_items], dtype=np.int8)
    valid = (codes == spec.not_concerned) | ((codes >= low) & (codes <= high))
    scale = np.where(valid, codes, np.int8(-1)).astype(np.int8)  # -1: unanswered or not a value of the item
    return OpenedChunk(units, attributes, scale.tobytes(), answers, texts)


_PLAIN_INT = frozenset({int})


def _code(value: Any) -> int:
    """A scale answer as a signed byte: itself if a whole number that fits, else -1 (not a value of any item)."""
    return value if type(value) is int and -128 <= value <= 127 else -1


_POOL_STATE: dict[str, Any] = {}


def pool_init(private_key: bytes, spec: OpenSpec) -> None:
    """Initialiser of a worker process of the count: keep the box key (in this process's memory only)."""
    _POOL_STATE["box"] = SealedBox(PrivateKey(private_key))
    _POOL_STATE["spec"] = spec


def pool_open(sealed: list[bytes]) -> OpenedChunk:
    """Task of a worker process of the count: open one chunk with the key given to ``pool_init``."""
    return open_chunk(_POOL_STATE["box"], sealed, _POOL_STATE["spec"])
