"""Tokens, hashes, the answering cookie, trustees' deposits and drafts.

- Invitation tokens and paper codes: 20 characters of Crockford base32 (100 bits), shown in groups of four;
  only their sha256 is stored.
- Drafts are encrypted with a key derived from the respondent's own token (HKDF), under a lookup id
  sha256("draft:" + token). Ballots are sealed by ``surveys.ballotbox`` (public-key, no SECRET_KEY involved).
- While answering, the code lives only in the respondent's browser, in a cookie wrapped with a key derived
  from SECRET_KEY (never in the server-side session).
- Fernet tokens normally carry their creation time in clear: we always encrypt "at time 0", so that no
  ciphertext tells when it was written.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import secrets
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
TOKEN_LENGTH = 20
_TRANSLATE = str.maketrans({"O": "0", "I": "1", "L": "1"})

__all__ = ["InvalidToken", "decrypt", "draft_cipher", "draft_lookup", "format_token", "new_token"]


def new_token() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(TOKEN_LENGTH))


def normalise_token(raw: str) -> str:
    """What the respondent typed or pasted → canonical form (case, dashes, spaces and O/I/L forgiven)."""
    cleaned = "".join(ch for ch in raw.upper() if ch.isalnum()).translate(_TRANSLATE)
    return cleaned[:64]


def format_token(token: str) -> str:
    return "-".join(token[i : i + 4] for i in range(0, len(token), 4))


def token_hash(token: str) -> str:
    return hashlib.sha256(normalise_token(token).encode()).hexdigest()


def draft_lookup(token: str) -> str:
    return hashlib.sha256(("draft:" + normalise_token(token)).encode()).hexdigest()


def _fernet(secret: bytes, info: bytes) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)
    return Fernet(base64.urlsafe_b64encode(key))


@functools.lru_cache(maxsize=4)
def _cookie_cipher(secret: str) -> Fernet:
    return _fernet(secret.encode(), b"qualivie:surveys:cookie:v1")


def cookie_cipher() -> Fernet:
    """Wraps the code in the respondent's own answering cookie, so that it is not in clear in request headers
    (a proxy that logs headers); the code itself is never stored on the server."""
    return _cookie_cipher(settings.SECRET_KEY)


def deposit_cipher() -> Fernet:
    """Trustees' shares entered at the count, kept until the box is opened (minutes), then erased."""
    return _fernet(settings.SECRET_KEY.encode(), b"qualivie:surveys:deposit:v1")


def draft_cipher(token: str) -> Fernet:
    return _fernet(normalise_token(token).encode(), b"qualivie:surveys:draft:v1")


def encrypt(cipher: Fernet, data: Any) -> bytes:
    return cipher.encrypt_at_time(json.dumps(data, separators=(",", ":")).encode(), current_time=0)


def decrypt(cipher: Fernet, blob: bytes | memoryview) -> Any:
    return json.loads(cipher.decrypt(bytes(blob)))
