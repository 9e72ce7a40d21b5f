"""Odd inputs answer 4xx with a message, never 500; zip downloads hold portable names and no link out;
labels lose bidi controls; the folder `file` route keeps the server's framing protection."""

import io
import json
import os
import zipfile

import pytest
from tornado.httpclient import HTTPClientError

from .folder_api import FolderApi, write

LONG_PATH = "/".join(["d" * 200] * 25)  # 5,024 bytes
LONG_NAME = "n" * 300 + ".txt"


@pytest.fixture
def fapi(jp_fetch):
    return FolderApi(jp_fetch)


async def answer(fetch, *parts, **kw) -> tuple[int, str]:
    try:
        r = await fetch(*parts, allow_nonstandard_methods=True, **kw)
        return r.code, ""
    except HTTPClientError as e:
        return e.code, json.loads(e.response.body).get("message", "")


@pytest.mark.parametrize("path", [LONG_PATH, LONG_NAME, f"dir/{LONG_NAME}"])
@pytest.mark.parametrize(
    "method,parts",
    [
        ("GET", ("checkpoints",)),
        ("POST", ("checkpoints",)),
        ("GET", ("summaries",)),
        ("GET", ("search",)),
        ("GET", ("folders", "checkpoints")),
        ("POST", ("folders", "checkpoints")),
    ],
)
async def test_oversized_paths_answer_400_with_a_message(jp_fetch, method, parts, path):
    body = "{}" if method == "POST" else None
    code, message = await answer(
        jp_fetch, "jupyterlab-checkpoints", *parts, method=method, body=body, params={"path": path, "q": "x"}
    )
    assert code == 400 and "bytes" in message, (code, message)


async def test_oversized_paths_in_bodies_and_deep_bodies_answer_400(jp_fetch):
    for body in ({"path": LONG_PATH, "id": "x"}, {"path": "a.txt", "id": "x", "target": LONG_NAME}):
        code, message = await answer(
            jp_fetch, "jupyterlab-checkpoints", "deleted", "restore", method="POST", body=json.dumps(body)
        )
        assert code == 400 and "bytes" in message
    deep = "[" * 500 + "]" * 500
    for parts, method in ((("checkpoints", "abc"), "PATCH"), (("deleted", "restore"), "POST"), (("cleanup",), "POST")):
        code, message = await answer(
            jp_fetch, "jupyterlab-checkpoints", *parts, method=method, params={"path": "a.txt"},
            body=f'{{"label": {deep}, "path": {deep}, "deleted_older_than_days": {deep}}}',
        )  # fmt: skip
        assert code == 400 and "nested" in message, (parts, code, message)


async def test_zip_holds_portable_names_and_no_link_out_of_it(fapi, jp_root_dir):
    write(jp_root_dir, "proj/back\\slash.txt", b"b\n")
    write(jp_root_dir, "proj/sub/ok.txt", b"ok\n")
    write(jp_root_dir, "elsewhere.txt", b"e\n")
    os.symlink(jp_root_dir / "proj/sub/ok.txt", jp_root_dir / "proj/absolute")
    os.symlink("../elsewhere.txt", jp_root_dir / "proj/climbing")
    os.symlink("ok.txt", jp_root_dir / "proj/sub/near")
    os.symlink("..", jp_root_dir / "proj/sub/up")  # the archive's top folder
    os.symlink("up/../elsewhere.txt", jp_root_dir / "proj/sub/through")  # the root's file here; out of the archive
    m = await fapi.create("proj")
    r = await fapi.call("GET", m["id"], "zip", raw=True, path="proj")
    with zipfile.ZipFile(io.BytesIO(r.body)) as z:
        names = z.namelist()
        links = {i.filename: z.read(i).decode() for i in z.infolist() if (i.external_attr >> 16) & 0o170000 == 0o120000}
    assert sorted(names) == ["proj/back_slash.txt", "proj/sub/near", "proj/sub/ok.txt", "proj/sub/up"]
    assert links == {"proj/sub/near": "ok.txt", "proj/sub/up": ".."}
    for name in names:
        assert "\\" not in name and ".." not in name.split("/") and not name.startswith("/")


async def test_labels_lose_bidi_controls(api, fapi, jp_root_dir):
    await api.put_text("a.txt", "a\n")
    m = await api.create("a.txt")
    spoof = "\u202etxt.exe\u202c \u2066x\u2069\u200e\u200f\u061c"
    assert (await api.patch("a.txt", m["id"], label=spoof))["label"] == "txt.exe x"
    write(jp_root_dir, "proj/f.txt", b"f\n")
    folder = await fapi.create("proj", label=spoof)
    assert folder["label"] == "txt.exe x"


async def test_the_folder_file_route_keeps_framing_protection(fapi, jp_root_dir):
    write(jp_root_dir, "proj/page.html", b"<script>parent.alert(1)</script>")
    m = await fapi.create("proj")
    r = await fapi.call("GET", m["id"], "file", raw=True, path="proj", file="page.html")
    policy = r.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy and "sandbox" in policy
