"""Other Jupyter extensions the store works with when they are installed: real-time collaboration and
Jupytext."""
