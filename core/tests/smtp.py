"""A real SMTP server on localhost for tests (aiosmtpd), catching every message it receives."""

import email
import socket
from email.message import Message

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


class CatchingHandler:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refuse_next = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        if self.refuse_next > 0:
            self.refuse_next -= 1
            return "451 Temporary failure, try again later"
        self.messages.append(email.message_from_bytes(envelope.original_content or b""))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def body_of(message: Message) -> str:
    if message.is_multipart():
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                raw = part.get_payload(decode=True)
                charset = part.get_content_charset() or "utf-8"
                return raw.decode(charset) if isinstance(raw, bytes) else str(raw)
    payload = message.get_payload(decode=True)
    return (
        payload.decode(message.get_content_charset() or "utf-8")
        if isinstance(payload, bytes)
        else str(payload)
    )


def start(handler: CatchingHandler) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller
