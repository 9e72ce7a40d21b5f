"""The REST routes of the server extension: one base handler, then checkpoints, folders, history and
kernel variables (routes.py lists them all)."""
