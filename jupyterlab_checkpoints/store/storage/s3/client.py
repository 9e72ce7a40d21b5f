"""The S3 client (botocore), the store's errors for what it answers, and the start-up probe.

Endpoint and credentials come from the standard AWS configuration (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID,
AWS_PROFILE, ~/.aws/config...); `c.CheckpointStore.storage_options` adds client options: `profile`,
`endpoint_url`, `region_name`, `aws_access_key_id`..., and `config` (a dict of botocore Config options).
"""

from __future__ import annotations

import secrets
from urllib.parse import urlparse

import botocore.session
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from ...errors import InvalidInput, StoreUnavailable, UnsupportedFormat

# Short timeouts and few retries: an unreachable endpoint answers the panel in seconds, not minutes.
DEFAULT_CONFIG = {
    "connect_timeout": 5,
    "read_timeout": 30,
    "retries": {"max_attempts": 3, "mode": "standard"},
    "max_pool_connections": 24,  # pieces go 16 at a time (objects.py), leases and indexes beside them
}


def parse_url(url: str) -> tuple[str, str]:
    """(bucket, key prefix ending with "/" or empty) of `s3://bucket/prefix`."""
    parts = urlparse(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise InvalidInput(f"c.CheckpointStore.url {url!r} is not of the form s3://bucket/prefix")
    prefix = parts.path.strip("/")
    return parts.netloc, prefix + "/" if prefix else ""


def make_client(options: dict):
    options = dict(options or {})
    session = botocore.session.Session(profile=options.pop("profile", None))
    config = Config(**{**DEFAULT_CONFIG, **options.pop("config", {})})
    return session.create_client("s3", config=config, **options)


def status_of(error: Exception) -> int:
    if isinstance(error, ClientError):
        return int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
    return 0


def code_of(error: Exception) -> str:
    return error.response.get("Error", {}).get("Code", "") if isinstance(error, ClientError) else ""


def is_missing_key(error: Exception) -> bool:
    """A GET of a key that is not there (some endpoints answer a bare 404 without NoSuchKey)."""
    return code_of(error) == "NoSuchKey" or (status_of(error) == 404 and code_of(error) != "NoSuchBucket")


def unavailable(where: str, error: Exception) -> StoreUnavailable:
    """A clear message for what the endpoint (or the way to it) answered."""
    status, code = status_of(error), code_of(error)
    if status == 403 or code in ("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
        why = "access denied (check the credentials and the bucket's policy)"
    elif code == "NoSuchBucket" or (status == 404 and code in ("404", "NotFound")):
        why = "the bucket does not exist"
    elif isinstance(error, BotoCoreError):
        why = f"cannot reach the object storage ({error})"
    else:
        why = f"the object storage answered {code or status or type(error).__name__}"
    return StoreUnavailable(f"checkpoint store {where}: {why}. No checkpoint was changed.")


def probe(client, bucket: str, prefix: str, where: str) -> None:
    """Refuse an endpoint that cannot hold the store safely: unreachable, no bucket, no rights, or one
    that ignores conditional writes (If-None-Match on create, If-Match on replace), which several servers
    on one bucket rely on to never lose a checkpoint."""
    key = f"{prefix}probe/{secrets.token_hex(8)}"
    try:
        client.head_bucket(Bucket=bucket)
        client.put_object(Bucket=bucket, Key=key, Body=b"1", IfNoneMatch="*")
        honoured = {"If-None-Match": _refused(client, bucket, key, IfNoneMatch="*")}
        honoured["If-Match"] = _refused(client, bucket, key, IfMatch='"0000"')
        client.delete_object(Bucket=bucket, Key=key)  # its own random key: unconditionally
    except (BotoCoreError, ClientError) as e:
        raise unavailable(where, e) from e
    ignored = [h for h, ok in honoured.items() if not ok]
    if ignored:
        raise StoreUnavailable(
            f"checkpoint store {where}: the object storage ignores conditional writes ({', '.join(ignored)}); "
            "several servers could then lose each other's checkpoints, so it is not used. Use an endpoint "
            "that honours them (AWS S3, recent MinIO) or a local store."
        )


def _refused(client, bucket: str, key: str, **condition) -> bool:
    try:
        client.put_object(Bucket=bucket, Key=key, Body=b"2", **condition)
    except ClientError as e:
        if status_of(e) == 412:
            return True
        raise
    return False


def check_format(client, bucket: str, prefix: str, version: int, where: str) -> None:
    """Write the format marker of a new store; refuse one of another format version."""
    import orjson

    key = f"{prefix}format.json"
    try:
        found = orjson.loads(client.get_object(Bucket=bucket, Key=key)["Body"].read()).get("format")
    except ClientError as e:
        if not is_missing_key(e):
            raise unavailable(where, e) from e
        found = None
    except (orjson.JSONDecodeError, AttributeError):
        found = None
    if found is not None and found != version:
        raise UnsupportedFormat(
            f"the checkpoint store {where} has format version {found!r}; this version of "
            f"jupyterlab_checkpoints reads version {version}. Upgrade the package or use another prefix."
        )
    if found is None:
        try:
            client.put_object(Bucket=bucket, Key=key, Body=orjson.dumps({"format": version}))
        except (BotoCoreError, ClientError) as e:
            raise unavailable(where, e) from e
