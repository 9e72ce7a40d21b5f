"""Who makes a checkpoint: the identity of the request being served, set by the REST layer.

A context variable, not a parameter through every call: it follows the request into the worker thread
that runs the store (`asyncio.to_thread` copies the context), and calls that come from no request of
ours (the stock contents API, a rename) simply record no author.
"""

from __future__ import annotations

from contextvars import ContextVar

AUTHOR: ContextVar[str] = ContextVar("checkpoint_author", default="")
MAX_AUTHOR_LENGTH = 100


def author_of(user) -> str:
    """A printable name of a jupyter_server user: display name, else name, else username."""
    for attribute in ("display_name", "name", "username"):
        value = getattr(user, attribute, None)
        if isinstance(value, str) and value.strip():
            text = "".join(c for c in value.strip() if ord(c) >= 32 and ord(c) != 127)
            return text[:MAX_AUTHOR_LENGTH]
    return ""
