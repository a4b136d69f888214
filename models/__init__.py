"""textkit's trained models, shipped as package data (``importlib.resources.files("textkit.models")``).

This folder is the package ``textkit.models`` (``pyproject.toml`` maps it); ``models/README.md`` is
the model card of each file and the command that rebuilds it.
"""
