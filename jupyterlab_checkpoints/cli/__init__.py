"""`jupyter checkpoints`: list, show, export and restore checkpoints, verify and collect the store, from
the command line (app.py dispatches; one module per group of subcommands)."""
