"""An authorizer granting a role a fixed set of (action, resource) pairs, as a hub's fine-grained roles do.

Tests set `RoleAuthorizer.grants` before their requests; the server instantiates the class itself
(`--ServerApp.authorizer_class`), so the real `authorized` decorator and handlers do the checking.
"""

from __future__ import annotations

from typing import ClassVar

from jupyter_server.auth.authorizer import Authorizer


class RoleAuthorizer(Authorizer):
    grants: ClassVar[set[tuple[str, str]]] = set()

    def is_authorized(self, handler, user, action, resource) -> bool:
        return (action, resource) in self.grants
