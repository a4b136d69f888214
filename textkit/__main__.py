"""``python -m textkit`` runs the command line."""

from .cli import main

main(prog_name="textkit")
