"""monshin: the questionnaire engine for PMH 予診票 and 乳幼児健診問診票 answer sets.

Compile a definition once with ``Form.from_json`` (or ``Form.bundled``), then validate,
normalise and build PMH register payloads for any number of answer sets; ``validate_ndjson``
reads NDJSON batches. Errors are ``MonshinError`` subclasses carrying ``code``, ``location``
and ``findings``, never answer values.
"""

from ._monshin import (
    AnswersInvalidError,
    ArgumentError,
    BatchReader,
    BatchResult,
    DefinitionError,
    DocumentError,
    Finding,
    Form,
    InputError,
    Location,
    MonshinError,
    Normalization,
    Normalized,
    PayloadError,
    RegisterPayload,
    Report,
    __version__,
    catalogue,
    forms,
)

__all__ = [
    "AnswersInvalidError",
    "ArgumentError",
    "BatchReader",
    "BatchResult",
    "DefinitionError",
    "DocumentError",
    "Finding",
    "Form",
    "InputError",
    "Location",
    "MonshinError",
    "Normalization",
    "Normalized",
    "PayloadError",
    "RegisterPayload",
    "Report",
    "__version__",
    "catalogue",
    "forms",
]
