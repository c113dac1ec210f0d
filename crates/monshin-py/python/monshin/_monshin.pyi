"""Type stubs of the extension module monshin._monshin (kept equal to it by mypy.stubtest in
crates/monshin-py/test.sh)."""

import datetime
import os
from typing import Any, Iterator, Literal, Mapping, Optional, Union, final

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

__version__: str

_Json = Union[str, bytes, bytearray, Mapping[str, Any]]
_Today = Union[datetime.date, str, None]
_Mode = Optional[Literal["draft", "complete"]]

@final
class Location:
    """Where a finding or an error applies; every part may be absent."""

    @property
    def page(self) -> Optional[int]: ...
    @property
    def master_id(self) -> Optional[str]: ...
    @property
    def seq(self) -> Optional[int]: ...
    @property
    def pointer(self) -> Optional[str]: ...
    @property
    def line(self) -> Optional[int]: ...
    @property
    def column(self) -> Optional[int]: ...
    @property
    def field(self) -> Optional[str]: ...
    @property
    def span(self) -> Optional[tuple[int, int]]: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class Finding:
    """A finding: stable code, severity, location, a message without answer values."""

    @property
    def code(self) -> str: ...
    @property
    def severity(self) -> Literal["error", "warning"]: ...
    @property
    def location(self) -> Location: ...
    @property
    def message(self) -> str: ...
    @property
    def detail_code(self) -> Optional[str]: ...
    @property
    def is_error(self) -> bool: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class Report:
    """The result of a validation."""

    @property
    def valid(self) -> bool: ...
    @property
    def findings(self) -> list[Finding]: ...
    @property
    def errors(self) -> list[Finding]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __len__(self) -> int: ...

@final
class Normalization:
    """One rewritten answer: where, and the rules applied."""

    @property
    def location(self) -> Location: ...
    @property
    def rules(self) -> list[str]: ...

@final
class Normalized:
    """The result of Form.normalize."""

    @property
    def answers(self) -> dict[str, Any]: ...
    @property
    def changes(self) -> list[Normalization]: ...
    @property
    def unknown_answers(self) -> list[int]: ...
    def to_json(self) -> str: ...

@final
class RegisterPayload:
    """A PMH register body built from a validated answer set."""

    @property
    def body(self) -> str: ...
    @property
    def document(self) -> dict[str, Any]: ...
    @property
    def process_type(
        self,
    ) -> Literal["RegisterQuestionnaireAnswer", "RegisterChildQuestionnaireAnswer"]: ...
    @property
    def warnings(self) -> list[Finding]: ...

@final
class BatchResult:
    """One answer set of an NDJSON batch."""

    @property
    def line(self) -> int: ...
    @property
    def valid(self) -> bool: ...
    @property
    def findings(self) -> list[Finding]: ...
    @property
    def error(self) -> Optional[Finding]: ...

@final
class BatchReader(Iterator[BatchResult]):
    """Results of an NDJSON batch, in input order."""

    def __iter__(self) -> BatchReader: ...
    def __next__(self) -> BatchResult: ...

@final
class Form:
    """A compiled form definition."""

    @staticmethod
    def from_json(
        definition: _Json, *, limits: Optional[Mapping[str, int]] = None
    ) -> Form: ...
    @staticmethod
    def bundled(name: str) -> Form: ...
    @property
    def id(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def kind(self) -> Literal["vaccination", "child-checkup"]: ...
    @property
    def page_count(self) -> int: ...
    @property
    def warnings(self) -> list[Finding]: ...
    def validate(self, answers: _Json, *, mode: _Mode = None, today: _Today = None) -> Report: ...
    def normalize(self, answers: _Json) -> Normalized: ...
    def register_payload(
        self,
        answers: _Json,
        pmh_id: str,
        *,
        status: Optional[str] = None,
        last_page: Optional[int] = None,
        today: _Today = None,
    ) -> RegisterPayload: ...
    def validate_ndjson(
        self, data: Union[bytes, bytearray], *, mode: _Mode = None, today: _Today = None
    ) -> BatchReader: ...
    def validate_ndjson_file(
        self, path: Union[str, os.PathLike[str]], *, mode: _Mode = None, today: _Today = None
    ) -> BatchReader: ...

def forms() -> list[str]: ...
def catalogue() -> dict[str, Any]: ...

class MonshinError(Exception):
    """Every error of monshin: code, location and findings, never answer values."""

    code: str
    location: Location
    findings: list[Finding]

class DocumentError(MonshinError): ...
class DefinitionError(DocumentError): ...
class ArgumentError(MonshinError): ...
class InputError(MonshinError): ...
class AnswersInvalidError(MonshinError): ...
class PayloadError(MonshinError): ...
