"""The exception hierarchy of textkit: one base class, a few specific errors.

Every error a user can act on is a :class:`TextkitError`; its ``error_type``
is what the ``errors`` table records (``unsupported_format``, ``empty`` …).
"""

from __future__ import annotations


class TextkitError(Exception):
    """Base class of every error textkit raises on purpose."""

    error_type = "error"


class ReadError(TextkitError):
    """A document could not be read into text (``errors.error_type`` = ``read_error``)."""

    error_type = "read_error"


class UnsupportedFormatError(ReadError):
    """The file's format is not one textkit reads (for example ``.xls``)."""

    error_type = "unsupported_format"


class DecodeError(ReadError):
    """The bytes are not text in any encoding textkit recognises (binary data)."""

    error_type = "undecodable"


class EmptyDocumentError(ReadError):
    """The document holds no text (empty, or only white space)."""

    error_type = "empty"


class NoTextLayerError(ReadError):
    """A PDF has no usable text layer (a scan, or glyphs without a Unicode map)."""

    error_type = "no_text_layer"


class ConverterMissingError(ReadError):
    """A legacy format needs an external converter that is not installed."""

    error_type = "converter_missing"


class LimitExceededError(ReadError):
    """A configured limit (file size, decompressed size, characters, time) was exceeded."""

    error_type = "limit_exceeded"


class ModelError(TextkitError):
    """A trained model is missing, corrupt or of an incompatible version."""

    error_type = "model_error"


class OutputError(TextkitError):
    """OUTDIR cannot be used or written: another run holds it, it holds another run, or the disk is full.

    Fatal to the run (``textkit extract`` exits with status 2); nothing half-written is left behind.
    """

    error_type = "output_error"


class QueryError(TextkitError):
    """A ``textkit query`` that is not one read-only SELECT over OUTDIR's tables, or that DuckDB refused."""

    error_type = "query_error"
