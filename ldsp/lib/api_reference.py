"""An OpenAPI 3 document turned into what a reference page lists: operations grouped by
tag, each with its parameters, request body fields and responses, and the data shapes
they refer to. Pure: a dict in, dataclasses out; the page template does the markup."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
REF_PREFIX = "#/components/schemas/"
NO_PRACTICAL_LIMIT = 999_999_999
# Every list answers with these keys (see the page's "Lists and pages"), so a list is
# described as "a page of" what it holds rather than as a shape of its own.
PAGE_KEYS = {"items", "count", "page", "pages", "next", "previous"}
PAGE_PARAMETERS = {"page", "page_size"}
ERROR_SHAPE = "ErrorOut"
INLINE_CODE = re.compile(r"``?([^`]+?)``?")


@dataclass(frozen=True)
class TypeName:
    """How a value's type reads: text either side of an optional data shape's name."""

    before: str
    ref: str = ""
    after: str = ""

    def __str__(self) -> str:
        return f"{self.before}{self.ref}{self.after}"

    @property
    def anchor(self) -> str:
        return shape_anchor(self.ref) if self.ref else ""


@dataclass(frozen=True)
class Field:
    """One parameter or property: its name, where it goes, its type and its rules."""

    name: str
    type: TypeName
    required: bool
    location: str = ""
    rules: list[str] = field(default_factory=list)
    description: str = ""


@dataclass(frozen=True)
class Response:
    """One status code an operation can answer with, and what its body holds."""

    status: str
    reason: str
    body: TypeName | None

    @property
    def is_error(self) -> bool:
        return self.status.isdigit() and int(self.status) >= 400


@dataclass(frozen=True)
class Operation:
    """One method on one path."""

    method: str
    path: str
    anchor: str
    summary: str
    description: str
    needs_sign_in: bool
    parameters: list[Field]
    paged: bool
    body_fields: list[Field]
    body_type: TypeName | None
    responses: list[Response]


@dataclass(frozen=True)
class Shape:
    """A named data shape (a component schema) and its fields."""

    name: str
    anchor: str
    description: str
    fields: list[Field]
    choices: list[str]


@dataclass(frozen=True)
class Group:
    """The operations sharing a tag, in the document's order."""

    tag: str
    anchor: str
    operations: list[Operation]
    shapes: list[Shape]


@dataclass(frozen=True)
class Reference:
    """Everything the reference page shows."""

    title: str
    version: str
    description: str
    groups: list[Group]


def inline_code_html(text: str) -> str:
    """Escape ``text``, then show what it quotes in backticks as code."""
    return INLINE_CODE.sub(r"<code>\1</code>", html.escape(text))


def _anchor(*parts: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-") for part in parts if part)


def shape_anchor(name: str) -> str:
    """The fragment identifier of a data shape's part of the page."""
    return _anchor("shape", name)


def _ref_name(ref: str) -> str:
    return ref.removeprefix(REF_PREFIX)


def type_name(schema: dict[str, Any]) -> TypeName:
    """A value's type in words: ``string``, ``list of PlayOut``, ``integer or null`` …"""
    if "$ref" in schema:
        return TypeName("", _ref_name(schema["$ref"]))
    for combiner in ("anyOf", "oneOf", "allOf"):
        if combiner in schema:
            options = [option for option in schema[combiner] if option.get("type") != "null"]
            nullable = len(options) < len(schema[combiner])
            if len(options) == 1:
                inner = type_name(options[0])
                if nullable:
                    return TypeName(inner.before, inner.ref, f"{inner.after} or null")
                return inner
            words = " or ".join(str(type_name(option)) for option in options)
            return TypeName(words + (" or null" if nullable else ""))
    kind = schema.get("type", "")
    if isinstance(kind, list):
        return TypeName(" or ".join(kind))
    if kind == "array":
        inner = type_name(schema.get("items", {}))
        return TypeName(f"list of {inner.before}", inner.ref, inner.after)
    if "format" in schema:
        return TypeName(f"{kind} ({schema['format']})")
    return TypeName(kind or "any value")


def _rules(schema: dict[str, Any]) -> list[str]:
    """The limits a value must keep to, in words."""
    rules: list[str] = []
    if "enum" in schema:
        rules.append("one of: " + ", ".join(str(value) for value in schema["enum"]))
    low, high = schema.get("minimum"), schema.get("maximum")
    if high is not None and high >= NO_PRACTICAL_LIMIT:
        high = None  # a database column's range, not a rule a caller meets
    if low is not None and high is not None:
        rules.append(f"from {low} to {high}")
    elif low is not None:
        rules.append(f"at least {low}")
    elif high is not None:
        rules.append(f"at most {high}")
    shortest, longest = schema.get("minLength"), schema.get("maxLength")
    if shortest and longest:
        rules.append(f"{shortest} to {longest} characters")
    elif longest:
        rules.append(f"up to {longest} characters")
    elif shortest:
        rules.append(f"at least {shortest} characters")
    if "default" in schema and schema["default"] not in ("", None, []):
        rules.append(f"default {schema['default']}")
    return rules


def _schema_fields(schema: dict[str, Any]) -> list[Field]:
    required = set(schema.get("required", []))
    return [
        Field(
            name=name,
            type=type_name(prop),
            required=name in required,
            rules=_rules(prop),
            description=prop.get("description", ""),
        )
        for name, prop in schema.get("properties", {}).items()
    ]


def _parameter(parameter: dict[str, Any]) -> Field:
    schema = parameter.get("schema", {})
    return Field(
        name=parameter["name"],
        location=parameter.get("in", ""),
        type=type_name(schema),
        required=bool(parameter.get("required")),
        rules=_rules(schema),
        description=parameter.get("description") or schema.get("description", ""),
    )


def _json_schema(container: dict[str, Any]) -> dict[str, Any] | None:
    content = container.get("content", {})
    media = content.get("application/json") or next(iter(content.values()), None)
    return media.get("schema") if media else None


def _answer_type(schema: dict[str, Any], schemas: dict[str, Any]) -> TypeName:
    """What an answer holds; for a list, "a page of" the shape of its items."""
    kind = type_name(schema)
    properties = schemas.get(kind.ref, {}).get("properties", {})
    if kind.ref and set(properties) == PAGE_KEYS:
        items = type_name(properties["items"])
        if items.before == "list of " and items.ref:
            return TypeName("a page of ", items.ref, items.after)
    return kind


def _reason(status: str) -> str:
    try:
        return HTTPStatus(int(status)).phrase
    except ValueError:
        return ""


def _operation(
    method: str, path: str, details: dict[str, Any], schemas: dict[str, Any]
) -> Operation:
    body_fields: list[Field] = []
    body_type: TypeName | None = None
    body_schema = _json_schema(details.get("requestBody", {}))
    if body_schema is not None:
        body_type = type_name(body_schema)
        resolved = schemas.get(body_type.ref, {}) if body_type.ref else body_schema
        body_fields = _schema_fields(resolved)
    responses = []
    for status, answer in sorted(details.get("responses", {}).items()):
        schema = _json_schema(answer)
        responses.append(
            Response(
                status=str(status),
                reason=_reason(str(status)) or answer.get("description", ""),
                body=_answer_type(schema, schemas) if schema is not None else None,
            )
        )
    parameters = [_parameter(parameter) for parameter in details.get("parameters", [])]
    paged = PAGE_PARAMETERS.issubset(parameter.name for parameter in parameters)
    return Operation(
        method=method.upper(),
        path=path,
        anchor=_anchor(method, path.replace("{", "").replace("}", "")),
        summary=details.get("summary") or f"{method.upper()} {path}",
        description=details.get("description", ""),
        needs_sign_in=bool(details.get("security")),
        parameters=[p for p in parameters if not (paged and p.name in PAGE_PARAMETERS)],
        paged=paged,
        body_fields=body_fields,
        body_type=body_type,
        responses=responses,
    )


def _shapes_used(operations: list[Operation], schemas: dict[str, Any]) -> list[Shape]:
    """The shapes that ``operations`` answer with or take in a field, and those they
    refer to in turn; not the errors' shape, nor request bodies shown field by field."""
    types = []
    for operation in operations:
        types += [response.body for response in operation.responses]
        types += [item.type for item in [*operation.parameters, *operation.body_fields]]
    waiting = [kind.ref for kind in types if kind is not None and kind.ref]
    used: set[str] = set()
    while waiting:
        name = waiting.pop()
        if name in used or name not in schemas or name == ERROR_SHAPE:
            continue
        used.add(name)
        waiting += [item.type.ref for item in _schema_fields(schemas[name]) if item.type.ref]
    return [
        Shape(
            name=name,
            anchor=shape_anchor(name),
            description=schemas[name].get("description", ""),
            fields=_schema_fields(schemas[name]),
            choices=[str(value) for value in schemas[name].get("enum", [])],
        )
        for name in sorted(used)
    ]


def api_reference(document: dict[str, Any]) -> Reference:
    """What a reader needs from ``document``, grouped by tag in first-seen order."""
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    groups: dict[str, list[Operation]] = {}
    for path, methods in document.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in methods:
                details = methods[method]
                tag = (details.get("tags") or ["other"])[0]
                groups.setdefault(tag, []).append(_operation(method, path, details, schemas))
    info = document.get("info", {})
    return Reference(
        title=info.get("title", "API"),
        version=str(info.get("version", "")),
        description=info.get("description", ""),
        groups=[
            Group(
                tag=tag,
                anchor=_anchor("tag", tag),
                operations=operations,
                shapes=_shapes_used(operations, schemas),
            )
            for tag, operations in groups.items()
        ],
    )
