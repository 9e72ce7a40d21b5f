"""An authorizer granting a role a fixed set of (action, resource) pairs, as a hub's fine-grained roles do.

Tests set `RoleAuthorizer.grants` before their requests (a server in its own process reads them from
JLC_ROLE_GRANTS, "action:resource,..."); the server instantiates the class itself
(`--ServerApp.authorizer_class`), so the real `authorized` decorator and handlers do the checking.
"""

from __future__ import annotations

import os
from typing import ClassVar

from jupyter_server.auth.authorizer import Authorizer


def _from_env() -> set[tuple[str, str]]:
    pairs = (p.split(":", 1) for p in os.environ.get("JLC_ROLE_GRANTS", "").split(",") if ":" in p)
    return {(action, resource) for action, resource in pairs}


class RoleAuthorizer(Authorizer):
    grants: ClassVar[set[tuple[str, str]]] = _from_env()

    def is_authorized(self, handler, user, action, resource) -> bool:
        return (action, resource) in self.grants
