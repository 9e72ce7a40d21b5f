"""Every checkpoint made through the extension's routes records who made it."""

import json

import pytest
from jupyter_server.auth.identity import IdentityProvider, User

from jupyterlab_checkpoints.store.author import author_of

from .conftest import notebook


class Ada(IdentityProvider):
    """Every request is Ada's (the default provider invents a new anonymous user per token request)."""

    def get_user(self, handler):
        return User(username="ada", name="Ada L.", display_name="Ada Lovelace")


@pytest.fixture
def jp_server_config(jp_server_config):
    return {
        **jp_server_config,
        "ServerApp": {**jp_server_config["ServerApp"], "identity_provider_class": Ada, "disable_check_xsrf": True},
    }


async def test_created_and_restore_entries_name_their_author(api):
    who = "Ada Lovelace"
    await api.put_notebook("a.ipynb", notebook(["x = 1"]))
    made = await api.create_ext("a.ipynb", kind="manual")
    assert made["author"] == who
    await api.put_notebook("a.ipynb", notebook(["x = 2"]))
    r = await api.fetch(
        "jupyterlab-checkpoints",
        "checkpoints",
        made["id"],
        "restore",
        method="POST",
        params={"path": "a.ipynb"},
        body="{}",
    )
    done = json.loads(r.body)
    assert done["kept"]["author"] == who and done["rollback"]["author"] == who
    # The stock contents API tells us nobody: its checkpoints carry no author rather than a wrong one.
    await api.put_notebook("a.ipynb", notebook(["x = 3"]))
    stock = await api.create("a.ipynb")
    assert "author" not in stock


def test_hostile_names_are_kept_as_plain_text():
    class User:
        display_name = "  <img src=x onerror=alert(1)>\x07\n" + "a" * 500
        name = "ignored"

    assert author_of(User()) == "<img src=x onerror=alert(1)>" + "a" * 72
    assert author_of(object()) == ""
