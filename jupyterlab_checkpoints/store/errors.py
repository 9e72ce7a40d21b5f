"""Errors the store raises; the REST layer maps each to one HTTP status."""


class StoreError(Exception):
    """Base class. `status` is the HTTP status the REST layer answers with."""

    status = 500


class InvalidInput(StoreError):
    status = 400


class NotFound(StoreError):
    status = 404


class Conflict(StoreError):
    """A limit or an existing file stands in the way (e.g. the pinned limit)."""

    status = 409


class NoSpace(StoreError):
    """The store's disk is full or read-only; nothing was changed."""

    status = 507


class UnsupportedFormat(StoreError):
    """The store on disk was written by a newer, unknown format version: it is left untouched."""

    status = 503


class StoreUnavailable(StoreError):
    """The store's folder cannot be used (a configured folder that cannot be written): nothing is kept."""

    status = 503


class NotAvailable(StoreError):
    """A feature this storage backend does not offer (yet): nothing was changed."""

    status = 501
