"""The contents-manager integration: the checkpoints class the contents API calls, creates from the
page, documents read and replaced, saves watched, notebooks written as the file manager writes them."""
