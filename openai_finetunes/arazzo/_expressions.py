"""Arazzo runtime expressions: parsing, evaluation, and ``{$…}`` embedded in strings.

The grammar is the one of Arazzo 1.0.1 (section "Runtime Expressions")::

    $url  $method  $statusCode
    $request.header.NAME  $request.query.NAME  $request.path.NAME  $request.body#/pointer
    $response.header.NAME $response.query.NAME $response.path.NAME $response.body#/pointer
    $inputs.NAME  $outputs.NAME  $steps.STEP.outputs.NAME  $workflows.ID.(inputs|outputs).NAME
    $sourceDescriptions.NAME.FIELD  $components.(inputs|parameters|successActions|failureActions).NAME

``$inputs``, ``$outputs``, ``$steps``, ``$workflows`` and ``$components`` take a ``#/pointer``
suffix too. Inside a string an expression must be wrapped in braces, ``"Bearer {$inputs.key}"``;
a bare ``$inputs.key`` there is literal text under the spec, and substituted only in lenient mode.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

import attrs
import httpx

from ._types import ArazzoError

__all__ = [
    "MISSING",
    "Exchange",
    "Expression",
    "ExpressionError",
    "Scope",
    "bare_expressions",
    "embedded_expressions",
    "evaluate",
    "evaluate_value",
    "is_expression",
    "parse",
    "render_text",
    "resolve_pointer",
    "to_text",
]


class _Missing:
    """The value of an expression that refers to something absent (an input not given...)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()

ROOTS: Final = frozenset(
    {
        "url",
        "method",
        "statusCode",
        "request",
        "response",
        "inputs",
        "outputs",
        "steps",
        "workflows",
        "sourceDescriptions",
        "components",
    }
)
_COMPONENT_KINDS: Final = ("inputs", "parameters", "successActions", "failureActions")
_TOKEN: Final = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_POINTER_ROOTS: Final = frozenset({"inputs", "outputs", "steps", "workflows", "components"})

_NAME = r"[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*"
_BARE: Final = re.compile(
    r"(?<![{\w$])\$(?:(?:url|method|statusCode)(?![\w.])"
    r"|(?:request|response)\.(?:header\.[!#$%&'*+\-^_`|~0-9A-Za-z]+(?:\.[!#$%&'*+\-^_`|~0-9A-Za-z]+)*"
    r"|(?:query|path)\." + _NAME + r"|body(?:#(?:/[^\s/{}\"']*)*)?)"
    r"|(?:inputs|outputs|steps|workflows|sourceDescriptions|components)\."
    + _NAME
    + r"(?:#(?:/[^\s/{}\"']*)*)?)"
)
_EMBEDDED: Final = re.compile(r"\{(\$[^{}]*)\}")


class ExpressionError(ArazzoError, ValueError):
    """A runtime expression that does not follow the grammar."""


@attrs.frozen
class Expression:
    """A parsed runtime expression.

    >>> e = parse("$steps.createJob.outputs.jobId")
    >>> e.root, e.parts, e.pointer
    ('steps', ('createJob', 'outputs', 'jobId'), None)
    >>> parse("$response.body#/status").pointer
    '/status'
    """

    text: str
    root: str
    parts: tuple[str, ...] = ()
    pointer: str | None = None

    def __str__(self) -> str:
        return self.text


def parse(text: str) -> Expression:
    """Parse one runtime expression (the whole of ``text``); raise `ExpressionError` if invalid."""
    if not text.startswith("$"):
        raise ExpressionError(f"{text!r} is not a runtime expression (it must start with '$')")
    body, hash_sign, fragment = text[1:].partition("#")
    pointer = fragment if hash_sign else None
    if pointer is not None and pointer and not pointer.startswith("/"):
        raise ExpressionError(f"{text!r}: a JSON Pointer after '#' must start with '/'")
    root, _, rest = body.partition(".")
    if root not in ROOTS:
        raise ExpressionError(
            f"{text!r}: unknown expression source '${root}' "
            f"(expected one of {', '.join('$' + r for r in sorted(ROOTS))})"
        )
    if pointer is not None and root not in _POINTER_ROOTS and root not in ("request", "response"):
        raise ExpressionError(f"{text!r}: '${root}' does not take a '#' JSON Pointer")
    if root in ("url", "method", "statusCode"):
        if rest or "." in body:
            raise ExpressionError(f"{text!r}: '${root}' takes no further name")
        return Expression(text, root)
    if not rest:
        raise ExpressionError(f"{text!r}: '${root}' needs a name after '.'")
    if root in ("request", "response"):
        return _parse_message(text, root, rest, pointer)
    if root == "steps":
        step_id, _, tail = rest.partition(".")
        kind, _, name = tail.partition(".")
        if not step_id or kind != "outputs":
            raise ExpressionError(f"{text!r}: expected $steps.<stepId>.outputs[.<name>]")
        return Expression(text, root, (step_id, "outputs", *((name,) if name else ())), pointer)
    if root == "workflows":
        workflow_id, _, tail = rest.partition(".")
        kind, _, name = tail.partition(".")
        if not workflow_id or kind not in ("inputs", "outputs"):
            raise ExpressionError(
                f"{text!r}: expected $workflows.<workflowId>.inputs|outputs[.<name>]"
            )
        return Expression(text, root, (workflow_id, kind, *((name,) if name else ())), pointer)
    if root == "sourceDescriptions":
        name, _, field = rest.partition(".")
        return Expression(text, root, (name, *((field,) if field else ())), pointer)
    if root == "components":
        kind, _, name = rest.partition(".")
        if kind not in _COMPONENT_KINDS or not name:
            raise ExpressionError(
                f"{text!r}: expected $components.<{'|'.join(_COMPONENT_KINDS)}>.<name>"
            )
        return Expression(text, root, (kind, name), pointer)
    return Expression(text, root, (rest,), pointer)  # inputs, outputs


def _parse_message(text: str, root: str, rest: str, pointer: str | None) -> Expression:
    kind, _, name = rest.partition(".")
    if kind == "body":
        if name:
            raise ExpressionError(
                f"{text!r}: use a JSON Pointer to reach into the body: ${root}.body#/{name.replace('.', '/')}"
            )
        return Expression(text, root, ("body",), pointer)
    if kind not in ("header", "query", "path"):
        raise ExpressionError(
            f"{text!r}: expected ${root}.header|query|path.<name> or ${root}.body"
        )
    if pointer is not None:
        raise ExpressionError(f"{text!r}: only ${root}.body takes a JSON Pointer")
    if not name or (kind == "header" and not _TOKEN.match(name)):
        raise ExpressionError(f"{text!r}: missing or invalid {kind} name")
    return Expression(text, root, (kind, name))


def is_expression(value: object) -> bool:
    """True if ``value`` is a string that is, as a whole, a valid runtime expression.

    >>> is_expression("$inputs.model"), is_expression("Bearer $inputs.apiKey")
    (True, False)
    """
    if not isinstance(value, str) or not value.startswith("$") or any(c.isspace() for c in value):
        return False
    try:
        parse(value)
    except ExpressionError:
        return False
    return True


def embedded_expressions(text: str) -> Iterator[tuple[int, int, str]]:
    """The ``{$…}`` expressions in ``text``: (start, end, expression text without braces)."""
    for match in _EMBEDDED.finditer(text):
        yield match.start(), match.end(), match.group(1)


def bare_expressions(text: str) -> Iterator[tuple[int, int, str]]:
    """Expressions written without braces inside a longer string (literal text under the spec).

    >>> [e for _, _, e in bare_expressions("Bearer $inputs.apiKey")]
    ['$inputs.apiKey']
    >>> list(bare_expressions("Bearer {$inputs.apiKey}")), list(bare_expressions("$inputs.apiKey"))
    ([], [])
    """
    if is_expression(text):
        return
    for match in _BARE.finditer(text):
        found = match.group(0).rstrip(".")
        yield match.start(), match.start() + len(found), found


@attrs.frozen
class Exchange:
    """The request a step sent and the response it got, for ``$request``/``$response``."""

    method: str
    url: str
    request_headers: httpx.Headers = attrs.field(factory=httpx.Headers)
    query: Mapping[str, str] = attrs.field(factory=dict)
    path_params: Mapping[str, str] = attrs.field(factory=dict)
    request_body: Any = MISSING
    status_code: int | None = None
    response_headers: httpx.Headers = attrs.field(factory=httpx.Headers)
    response_body: Any = MISSING


@attrs.frozen
class Scope:
    """Everything an expression can refer to at one point of a run."""

    inputs: Mapping[str, Any] = attrs.field(factory=dict)
    #: stepId -> that step's outputs (of its latest execution).
    steps: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    #: workflowId -> {"inputs": {...}, "outputs": {...}} for workflows run so far.
    workflows: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    #: The current workflow's outputs (a step running a workflow sees that workflow's outputs).
    outputs: Mapping[str, Any] = attrs.field(factory=dict)
    source_descriptions: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    components: Mapping[str, Any] = attrs.field(factory=dict)
    exchange: Exchange | None = None
    #: Substitute bare ``$…`` expressions inside strings (the seed documents' form).
    lenient: bool = True


def resolve_pointer(value: Any, pointer: str | None) -> Any:
    """Follow an RFC 6901 JSON Pointer; MISSING where it leads nowhere.

    >>> resolve_pointer({"a": [{"b~c": 1}]}, "/a/0/b~0c")
    1
    """
    if not pointer:
        return value
    for raw in pointer[1:].split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(value, Mapping):
            if token not in value:
                return MISSING
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return MISSING
    return value


def _lookup(mapping: Any, name: str) -> Any:
    """``mapping[name]``, else ``name`` as a dotted path (``customer.id``); MISSING if absent."""
    if not isinstance(mapping, Mapping):
        return MISSING
    if name in mapping:
        return mapping[name]
    value: Any = mapping
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return MISSING
        value = value[part]
    return value


def evaluate(expression: Expression | str, scope: Scope) -> Any:
    """The value of a runtime expression (MISSING when it refers to something absent).

    >>> evaluate("$inputs.model", Scope(inputs={"model": "gpt-4o-mini"}))
    'gpt-4o-mini'
    >>> evaluate("$steps.poll.outputs.status", Scope())
    MISSING
    """
    expr = parse(expression) if isinstance(expression, str) else expression
    value = _evaluate(expr, scope)
    return resolve_pointer(value, expr.pointer) if value is not MISSING else MISSING


def _evaluate(expr: Expression, scope: Scope) -> Any:
    root, parts = expr.root, expr.parts
    exchange = scope.exchange
    if root in ("url", "method", "statusCode", "request", "response"):
        if exchange is None:
            return MISSING
        if root == "url":
            return exchange.url
        if root == "method":
            return exchange.method
        if root == "statusCode":
            return MISSING if exchange.status_code is None else exchange.status_code
        return _message_value(exchange, root, parts)
    if root == "inputs":
        return _lookup(scope.inputs, parts[0])
    if root == "outputs":
        return _lookup(scope.outputs, parts[0])
    if root == "steps":
        outputs = scope.steps.get(parts[0], MISSING)
        return outputs if len(parts) == 2 else _lookup(outputs, parts[2])
    if root == "workflows":
        state = scope.workflows.get(parts[0])
        section = state.get(parts[1], MISSING) if state is not None else MISSING
        return section if len(parts) == 2 else _lookup(section, parts[2])
    if root == "sourceDescriptions":
        source = scope.source_descriptions.get(parts[0], MISSING)
        return source if len(parts) == 1 else _lookup(source, parts[1])
    kind_map = scope.components.get(parts[0], MISSING)
    return _lookup(kind_map, parts[1])


def _message_value(exchange: Exchange, root: str, parts: tuple[str, ...]) -> Any:
    kind = parts[0]
    if kind == "body":
        return exchange.request_body if root == "request" else exchange.response_body
    name = parts[1]
    if kind == "header":
        headers = exchange.request_headers if root == "request" else exchange.response_headers
        return headers.get(name, MISSING)
    # A response has no query or path of its own: $response.query/path name the request's.
    source = exchange.query if kind == "query" else exchange.path_params
    return source.get(name, MISSING)


def to_text(value: Any) -> str:
    """How a value reads inside a string: strings as they are, anything else as JSON.

    >>> to_text("x"), to_text(3), to_text(True), to_text(None), to_text({"a": 1})
    ('x', '3', 'true', 'null', '{"a": 1}')
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return str(value)


def render_text(text: str, scope: Scope) -> Any:
    """Substitute the ``{$…}`` (and, in lenient mode, bare) expressions of a string.

    Returns MISSING if any of them refers to something absent, so that for example an
    ``Authorization`` header built from an input that was not given is left out.

    >>> render_text("Bearer {$inputs.key}", Scope(inputs={"key": "sk-1"}))
    'Bearer sk-1'
    >>> render_text("Bearer $inputs.key", Scope(inputs={"key": "sk-1"}, lenient=False))
    'Bearer $inputs.key'
    """
    spans = list(embedded_expressions(text))
    if scope.lenient:
        spans += [
            (s, e, x)
            for s, e, x in bare_expressions(text)
            if not any(s >= a and e <= b for a, b, _ in spans)
        ]
    if not spans:
        return text
    out: list[str] = []
    position = 0
    for start, end, source in sorted(spans):
        try:
            value = evaluate(source, scope)
        except ExpressionError:
            continue  # not an expression after all: keep the text
        if value is MISSING:
            return MISSING
        out.append(text[position:start])
        out.append(to_text(value))
        position = end
    out.append(text[position:])
    return "".join(out)


def evaluate_value(
    value: Any, scope: Scope, *, on_string: Callable[[str, Scope], Any] | None = None
) -> Any:
    """Evaluate a value position (parameter value, payload, replacement value).

    A string that is a whole expression becomes the expression's value (of any type);
    other strings have their embedded expressions substituted; mappings and lists are
    evaluated item by item, dropping entries whose value is MISSING.

    >>> evaluate_value({"model": "$inputs.m", "n": 2, "x": "$inputs.absent"}, Scope(inputs={"m": "g"}))
    {'model': 'g', 'n': 2}
    """
    if isinstance(value, str):
        if is_expression(value):
            return evaluate(value, scope)
        return (on_string or render_text)(value, scope)
    if isinstance(value, Mapping):
        items = ((k, evaluate_value(v, scope, on_string=on_string)) for k, v in value.items())
        return {k: v for k, v in items if v is not MISSING}
    if isinstance(value, list):
        evaluated = (evaluate_value(v, scope, on_string=on_string) for v in value)
        return [v for v in evaluated if v is not MISSING]
    return value
