"""Saving an IPython kernel's variables with a checkpoint and loading them back."""
