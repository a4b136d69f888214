"""``python -m textkit`` runs the command line."""

from .cli import main

try:
    main(prog_name="textkit")
finally:
    # Under ``python -m`` CPython ends the process with SIGINT (status -2, not our 130) when a
    # KeyboardInterrupt was ever raised inside string-compiled code (a dataclass being created as
    # Ctrl-C came), even though textkit caught it; an empty string eval clears that flag.
    exec("")
