"""A real S3 endpoint for tests: moto's server on loopback, a fresh bucket per test.

Skipped cleanly where moto or boto3 is not installed (the oldest-versions environment).
"""

from __future__ import annotations

import secrets
import socket

import pytest

PORTS = range(19500, 19600)


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 19500-19599 for the S3 test server")


@pytest.fixture(scope="session")
def moto_endpoint():
    pytest.importorskip("boto3")
    server_mod = pytest.importorskip("moto.server")
    # Port 0: the system picks a free port as the server binds, so parallel test processes (and the
    # UI tests' S3 server) can never race for the same one.
    server = server_mod.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def unreachable_endpoint():
    """An endpoint url nothing answers: a port held bound but not listening, so connections are refused
    at once and no server started meanwhile (another test's moto) can take it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{s.getsockname()[1]}"


AWS_ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture
def s3_url(moto_endpoint, monkeypatch):
    """`s3://<fresh bucket>/store`, with the standard AWS variables pointing at moto."""
    import boto3

    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_endpoint)
    for k, v in AWS_ENV.items():
        monkeypatch.setenv(k, v)
    for k in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(k, raising=False)
    bucket = f"ckpt-{secrets.token_hex(6)}"
    boto3.client("s3", endpoint_url=moto_endpoint).create_bucket(Bucket=bucket)
    return f"s3://{bucket}/store"


def s3_client():
    import boto3

    return boto3.client("s3")


def keys(url: str) -> list[str]:
    """Every key under the store's bucket."""
    bucket = url[len("s3://") :].split("/")[0]
    out = []
    for page in s3_client().get_paginator("list_objects_v2").paginate(Bucket=bucket):
        out += [o["Key"] for o in page.get("Contents", [])]
    return out


@pytest.fixture
def s3_server_config(s3_url):
    """A Jupyter server with the extension and its store on the test's bucket (use it as a module's
    `jp_server_config`)."""
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_checkpoints": True}},
        "ContentsManager": {"checkpoints_class": "jupyterlab_checkpoints.contents_checkpoints.StoreCheckpoints"},
        "CheckpointStore": {"url": s3_url},
    }
