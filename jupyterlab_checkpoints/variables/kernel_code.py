"""Runs INSIDE an IPython kernel: saves the user's variables to files, or loads them back.

The server sends this file's text (see kernel.py) and runs it silently in a private namespace, so the
user's namespace gains no names and the notebook shows no output. It talks back through a JSON file in
files whose names start with a prefix the server gives (in the checkpoint store's tmp area,
where a crash's leftovers are cleaned like any other temporary file), never through output.

Each variable is pickled on its own (cloudpickle when the kernel has it, else dill, else pickle), so an
unchanged variable gives the same bytes and costs nothing in the content-addressed store. What cannot be
saved faithfully is skipped with a reason: generators (their running state), open files and sockets
(pickling some of them would reopen, and with "w" truncate, the file on load), locks, anything above the
size cap and anything whose pickling raises. Modules are recorded as imports.

A plain numpy array (not of object dtype) is not pickled again when unchanged: its pickle depends only
on its bytes, dtype, shape and the pickler, so a sha256 of those (cheaper than pickling and writing) is
kept in the kernel with its pickle's digest, and while the store holds that pickle, the snapshot names
it instead of writing it again. Other values are always pickled: their pickle may depend on state no
cheap fingerprint sees.
"""

import hashlib
import importlib
import io
import json
import os
import pickle
import socket
import sys
import threading
import types

# Names IPython puts in every namespace; user_ns_hidden covers the rest of its own.
_IPYTHON_NAMES = {"In", "Out", "get_ipython", "exit", "quit"}
_LOCKS = (type(threading.Lock()), type(threading.RLock()), threading.Condition, threading.Semaphore)
_GENERATORS = (types.GeneratorType, types.AsyncGeneratorType, types.CoroutineType)


class _Refused(Exception):
    pass


class _TooBig(Exception):
    pass


def _refusal(obj):
    """Why `obj` (at any depth of a variable) is not saved, or None."""
    if isinstance(obj, _GENERATORS):
        return "a generator or coroutine: its running state cannot be saved"
    if isinstance(obj, io.IOBase):
        return "an open file or stream: it is not reopened on restore"
    if isinstance(obj, socket.socket):
        return "an open socket"
    if isinstance(obj, _LOCKS):
        return "a lock"
    return None


def _pickler_module():
    for name in ("cloudpickle", "dill"):
        try:
            return name, importlib.import_module(name)
        except Exception:
            continue
    return "pickle", pickle


def _guarded(base):
    class Guarded(base):
        def reducer_override(self, obj):
            reason = _refusal(obj)
            if reason is not None:
                raise _Refused(reason)
            parent = getattr(super(), "reducer_override", None)
            return parent(obj) if parent is not None else NotImplemented

    return Guarded


class _CappedFile:
    """A file that refuses to grow past `cap` bytes, so a huge variable stops early; with `digest`,
    it hashes what it writes."""

    def __init__(self, f, cap, digest=None):
        self.f, self.cap, self.size, self.digest = f, cap, 0, digest

    def write(self, data):
        self.size += memoryview(data).nbytes
        if self.size > self.cap:
            raise _TooBig()
        if self.digest is not None:
            self.digest.update(data)
        return self.f.write(data)


_CACHE = "_checkpoint_variables_cache"


def _known():
    """name -> {"fingerprint", "hash", "size"}: kept in the kernel between snapshots (a module, since
    this code runs in a fresh namespace each time); a restart forgets it."""
    module = sys.modules.get(_CACHE)
    if module is None:
        module = types.ModuleType(_CACHE)
        module.entries = {}
        sys.modules[_CACHE] = module
    return module.entries


def _fingerprint(value, pickler_name):
    """A digest of all a pickle of `value` depends on, for values where that is provably all: plain,
    C-contiguous numpy arrays of a dtype without Python objects. None for anything else."""
    np = sys.modules.get("numpy")
    if np is None or type(value) is not np.ndarray or value.dtype.hasobject or not value.flags.c_contiguous:
        return None
    h = hashlib.sha256(repr((pickler_name, value.dtype.str, value.dtype.descr, value.shape)).encode())
    h.update(memoryview(value).cast("B"))
    return h.hexdigest()


def _stored(objects_root, digest):
    """Whether the store holds the object `digest`; touched so that collection spares it. Without a
    folder to look in (object storage) the array is pickled again."""
    if objects_root is None:
        return False
    path = os.path.join(objects_root, digest[:2], digest[2:])
    try:
        os.utime(path)
        return True
    except OSError:
        return False


def _type_name(value):
    t = type(value)
    return t.__qualname__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"


def _import_line(name, module):
    real = module.__name__
    return f"import {real}" if name == real else f"import {real} as {name}"


def _user_namespace():
    from IPython import get_ipython

    ip = get_ipython()
    hidden = dict(getattr(ip, "user_ns_hidden", {}))
    return ip.user_ns, hidden


def _say(prefix, data):
    with open(prefix + "part", "w") as f:
        json.dump(data, f)
    os.replace(prefix + "part", prefix + "result.json")


def snapshot(prefix, cap, objects_root):
    ns, hidden = _user_namespace()
    pickler_name, module = _pickler_module()
    Pickler = _guarded(module.Pickler)
    known = _known()
    variables, modules, skipped = [], [], []
    for name, value in list(ns.items()):
        if name.startswith("_") or name in _IPYTHON_NAMES or hidden.get(name, _Refused) is value:
            continue
        if isinstance(value, types.ModuleType):
            modules.append({"name": name, "import": _import_line(name, value), "module": value.__name__})
            continue
        kind = _type_name(value)
        fingerprint = _fingerprint(value, pickler_name)
        seen = known.get(name)
        unchanged = fingerprint is not None and seen and seen["fingerprint"] == fingerprint and seen["size"] <= cap
        if unchanged and _stored(objects_root, seen["hash"]):
            variables.append({"name": name, "type": kind, "hash": seen["hash"], "size": seen["size"]})
            continue
        known.pop(name, None)
        reason = _refusal(value)
        if reason is None:
            file = f"{prefix}{len(variables)}.pkl"
            try:
                with open(file, "wb") as f:
                    out = _CappedFile(f, cap, hashlib.sha256() if fingerprint is not None else None)
                    Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
                variables.append({"name": name, "type": kind, "file": file, "size": out.size})
                if fingerprint is not None:
                    known[name] = {"fingerprint": fingerprint, "hash": out.digest.hexdigest(), "size": out.size}
                continue
            except _TooBig:
                reason = f"larger than the size cap ({cap} bytes)"
            except _Refused as e:
                reason = f"holds {e}"
            except BaseException as e:  # any pickling failure skips this variable only
                if isinstance(e, KeyboardInterrupt):
                    raise
                reason = f"cannot be pickled: {type(e).__name__}: {e}"[:300]
            if os.path.exists(file):
                os.unlink(file)
        skipped.append({"name": name, "type": kind, "reason": reason})
    _say(prefix, {"pickler": pickler_name, "variables": variables, "modules": modules, "skipped": skipped})


def restore(prefix, pickler_name, entries, modules):
    """Load every entry ({"name", "file", "hash"}) after checking ALL hashes: one mismatch loads nothing."""
    blobs = []
    for entry in entries:
        with open(entry["file"], "rb") as f:
            data = f.read()
        if hashlib.sha256(data).hexdigest() != entry["hash"]:
            _say(prefix, {"error": f"the saved bytes of {entry['name']!r} do not match their hash"})
            return
        blobs.append((entry["name"], data))
    ns, _hidden = _user_namespace()
    loaded, restored, skipped = {}, [], []
    try:
        loads = importlib.import_module(pickler_name).loads
    except Exception as e:
        loads = None
        missing = f"needs {pickler_name}, which this kernel cannot import ({type(e).__name__})"
    for name, data in blobs:
        if loads is None:
            skipped.append({"name": name, "reason": missing})
            continue
        try:
            loaded[name] = loads(data)
            restored.append(name)
        except BaseException as e:  # a variable that cannot load is skipped, not fatal
            if isinstance(e, KeyboardInterrupt):
                raise
            skipped.append({"name": name, "reason": f"cannot be loaded: {type(e).__name__}: {e}"[:300]})
    for m in modules:
        try:
            loaded[m["name"]] = importlib.import_module(m["module"])
            restored.append(m["name"])
        except Exception as e:
            skipped.append({"name": m["name"], "reason": f"{m['import']} failed: {type(e).__name__}: {e}"[:300]})
    ns.update(loaded)  # all at once, after every load ran
    _say(prefix, {"restored": restored, "skipped": skipped})
