"""Criterion Objects: ``simple`` conditions, ``regex`` and RFC 9535 ``jsonpath``.

Simple conditions follow Arazzo 1.0.1: literals (``true``, ``false``, ``null``, numbers,
``'single-quoted'`` strings), runtime expressions, ``== != < <= > >=``, ``!``, ``&&``,
``||``, ``( )``, ``[index]`` and ``.property``. String comparison ignores case.

The seed documents write JSONPath criteria as comparisons (``$.status == "queued"``), which
RFC 9535 does not allow. `parse_simple` with ``context_paths=True`` reads that form (``$.a.b``
relative to the context, double-quoted strings) so lenient runs can evaluate it.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeAlias

import attrs

from ._deps import require
from ._expressions import MISSING, Expression, ExpressionError, parse, resolve_pointer, to_text
from ._types import ArazzoError

__all__ = [
    "ConditionError",
    "Outcome",
    "check",
    "compile_jsonpath",
    "criterion_type",
    "expressions_in",
    "parse_simple",
    "seed_jsonpath_suggestion",
]


class ConditionError(ArazzoError, ValueError):
    """A condition that cannot be parsed for its declared type."""


# --- simple conditions: tokens and syntax tree ---------------------------------------------

_TOKENS: Final = re.compile(
    r"""\s*(?:
      (?P<expr>\$(?![.\[])[^\s()!=<>&|\[\]]*)
    | (?P<ctx>\$(?:\.[A-Za-z_][\w\-]*)*)
    | (?P<num>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
    | (?P<sq>'(?:[^']|'')*')
    | (?P<dq>"(?:[^"\\]|\\.)*")
    | (?P<word>[A-Za-z_][\w]*)
    | (?P<op>==|!=|<=|>=|&&|\|\||[<>!()\[\].])
    )""",
    re.VERBOSE,
)


@attrs.frozen
class Literal:
    value: Any


@attrs.frozen
class Ref:
    expression: Expression


@attrs.frozen
class ContextPath:
    """``$.a.b`` in the seed documents' JSONPath-as-comparison form: a path in the context."""

    names: tuple[str, ...]


@attrs.frozen
class Not:
    operand: Node


@attrs.frozen
class Binary:
    op: str
    left: Node
    right: Node


@attrs.frozen
class Index:
    target: Node
    index: Node


@attrs.frozen
class Member:
    target: Node
    name: str


Node: TypeAlias = Literal | Ref | ContextPath | Not | Binary | Index | Member

_COMPARISONS: Final = frozenset({"==", "!=", "<", "<=", ">", ">="})


def _tokenize(text: str, *, context_paths: bool) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKENS.match(text, position)
        if match is None or match.end() == position:
            raise ConditionError(f"unexpected text at column {position + 1}: {text[position:]!r}")
        kind = match.lastgroup
        assert kind is not None
        value = match.group(kind)
        if kind == "ctx" and not context_paths:
            raise ConditionError(
                f"{value!r} is JSONPath, not a runtime expression (simple conditions compare "
                "runtime expressions such as $response.body#/status)"
            )
        if kind == "dq" and not context_paths:
            raise ConditionError(f"strings take single quotes in conditions: {value!r}")
        tokens.append((kind, value))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, op: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise ConditionError("unexpected end of condition")
        if op is not None and token != ("op", op):
            raise ConditionError(f"expected {op!r}, found {token[1]!r}")
        self.i += 1
        return token

    def accept(self, *ops: str) -> str | None:
        token = self.peek()
        if token is not None and token[0] == "op" and token[1] in ops:
            self.i += 1
            return token[1]
        return None

    def parse(self) -> Node:
        node = self.or_()
        if self.peek() is not None:
            raise ConditionError(f"unexpected {self.peek()[1]!r}")  # type: ignore[index]
        return node

    def or_(self) -> Node:
        node = self.and_()
        while self.accept("||"):
            node = Binary("||", node, self.and_())
        return node

    def and_(self) -> Node:
        node = self.comparison()
        while self.accept("&&"):
            node = Binary("&&", node, self.comparison())
        return node

    def comparison(self) -> Node:
        node = self.unary()
        op = self.accept(*_COMPARISONS)
        if op is not None:
            node = Binary(op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.accept("!"):
            return Not(self.unary())
        return self.postfix()

    def postfix(self) -> Node:
        node = self.primary()
        while True:
            if self.accept("["):
                node = Index(node, self.or_())
                self.take("]")
            elif self.accept("."):
                kind, name = self.take()
                if kind != "word":
                    raise ConditionError(f"expected a property name after '.', found {name!r}")
                node = Member(node, name)
            else:
                return node

    def primary(self) -> Node:
        kind, value = self.take()
        if kind == "op" and value == "(":
            node = self.or_()
            self.take(")")
            return node
        if kind == "expr":
            try:
                return Ref(parse(value))
            except ExpressionError as exc:
                raise ConditionError(str(exc)) from exc
        if kind == "ctx":
            return ContextPath(tuple(value[2:].split(".")) if value != "$" else ())
        if kind == "num":
            number = float(value)
            return Literal(int(number) if number.is_integer() and "." not in value else number)
        if kind == "sq":
            return Literal(value[1:-1].replace("''", "'"))
        if kind == "dq":
            return Literal(json.loads(value))
        if kind == "word" and value in ("true", "false", "null"):
            return Literal({"true": True, "false": False, "null": None}[value])
        raise ConditionError(f"unexpected {value!r}")


@functools.lru_cache(maxsize=512)
def parse_simple(text: str, *, context_paths: bool = False) -> Node:
    """Parse a simple condition; raise `ConditionError` if it is not valid.

    >>> parse_simple("$statusCode == 200")
    Binary(op='==', left=Ref(expression=Expression(text='$statusCode', root='statusCode', parts=(), pointer=None)), right=Literal(value=200))
    """
    return _Parser(_tokenize(text, context_paths=context_paths)).parse()


def expressions_in(node: Node) -> list[Expression]:
    """The runtime expressions a condition refers to, in order."""
    if isinstance(node, Ref):
        return [node.expression]
    if isinstance(node, Not):
        return expressions_in(node.operand)
    if isinstance(node, Binary):
        return expressions_in(node.left) + expressions_in(node.right)
    if isinstance(node, Index):
        return expressions_in(node.target) + expressions_in(node.index)
    if isinstance(node, Member):
        return expressions_in(node.target)
    return []


Resolver: TypeAlias = Callable[[Expression], Any]


def _value(node: Node, resolve: Resolver, context: Any) -> Any:
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Ref):
        return resolve(node.expression)
    if isinstance(node, ContextPath):
        return resolve_pointer(context, "".join("/" + n for n in node.names))
    if isinstance(node, Not):
        return not _truthy(_value(node.operand, resolve, context))
    if isinstance(node, Index):
        target, index = _value(node.target, resolve, context), _value(node.index, resolve, context)
        if isinstance(target, list) and isinstance(index, int) and not isinstance(index, bool):
            return target[index] if -len(target) <= index < len(target) else MISSING
        if isinstance(target, Mapping) and isinstance(index, str):
            return target.get(index, MISSING)
        return MISSING
    if isinstance(node, Member):
        target = _value(node.target, resolve, context)
        if isinstance(target, Mapping):
            return target.get(node.name, MISSING)
        if node.name == "length" and isinstance(target, list | str):
            return len(target)
        return MISSING
    if node.op == "&&":
        return _truthy(_value(node.left, resolve, context)) and _truthy(
            _value(node.right, resolve, context)
        )
    if node.op == "||":
        return _truthy(_value(node.left, resolve, context)) or _truthy(
            _value(node.right, resolve, context)
        )
    return _compare(
        node.op, _value(node.left, resolve, context), _value(node.right, resolve, context)
    )


def _truthy(value: Any) -> bool:
    return value is not MISSING and bool(value)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _compare(op: str, left: Any, right: Any) -> bool:
    left = None if left is MISSING else left
    right = None if right is MISSING else right
    if isinstance(left, str) and isinstance(right, str):
        a: Any = left.casefold()
        b: Any = right.casefold()
    elif isinstance(left, bool) or isinstance(right, bool) or left is None or right is None:
        a, b = left, right
        if op not in ("==", "!="):
            return False
        same = type(a) is type(b) and a == b
        return same if op == "==" else not same
    elif isinstance(left, int | float) or isinstance(right, int | float):
        a, b = _number(left), _number(right)
        if a is None or b is None:
            return op == "!="
    else:
        a, b = left, right
        if op not in ("==", "!="):
            return False
    if op == "==":
        return bool(a == b)
    if op == "!=":
        return bool(a != b)
    try:
        return bool({"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op])
    except TypeError:
        return False


# --- criterion types ------------------------------------------------------------------


def criterion_type(criterion: Mapping[str, Any]) -> tuple[str, str | None]:
    """The (type, version) of a criterion; ``simple`` when the type is omitted."""
    kind = criterion.get("type", "simple")
    if isinstance(kind, Mapping):
        return str(kind.get("type")), str(kind.get("version"))
    return str(kind), None


@functools.lru_cache(maxsize=256)
def compile_jsonpath(query: str, *, rfc9535: bool = True) -> Any:
    """Compile a JSONPath query (RFC 9535 unless ``rfc9535=False``); raise `ConditionError`."""
    jsonpath = require("jsonpath")
    env = jsonpath.JSONPathEnvironment(strict=rfc9535)
    try:
        return env.compile(query)
    except jsonpath.JSONPathError as exc:
        first_line = str(exc).splitlines()[0]
        raise ConditionError(f"not an RFC 9535 JSONPath query: {first_line}") from exc


@attrs.frozen
class Outcome:
    """Whether a criterion held, and a short explanation for error messages."""

    passed: bool
    detail: str
    #: The criterion used a form that only lenient mode accepts.
    lenient_form: bool = False


def _describe(value: Any) -> str:
    return (
        "absent" if value is MISSING else repr(value) if isinstance(value, str) else to_text(value)
    )


def check(criterion: Mapping[str, Any], resolve: Resolver, *, lenient: bool = True) -> Outcome:
    """Evaluate one Criterion Object.

    ``resolve`` evaluates a runtime expression in the step's scope.

    >>> check({"condition": "$statusCode == 200"}, lambda e: 200).passed
    True
    >>> body = {"status": "queued"}
    >>> check({"context": "$response.body#/status", "type": "regex",
    ...        "condition": "^(queued|running)$"}, lambda e: body["status"]).passed
    True
    """
    condition = str(criterion.get("condition", ""))
    kind, version = criterion_type(criterion)
    if kind == "simple":
        try:
            node = parse_simple(condition)
        except ConditionError as exc:
            return Outcome(False, f"invalid condition {condition!r}: {exc}")
        passed = _truthy(_value(node, resolve, MISSING))
        values = ", ".join(f"{e} = {_describe(resolve(e))}" for e in expressions_in(node))
        return Outcome(passed, f"{condition}" + (f" ({values})" if values else ""))
    context_text = criterion.get("context")
    try:
        context = resolve(parse(str(context_text))) if context_text is not None else MISSING
    except ExpressionError as exc:
        return Outcome(False, f"invalid context {context_text!r}: {exc}")
    if kind == "regex":
        if context is MISSING or context is None:
            return Outcome(False, f"{context_text} is absent, so {condition!r} cannot match")
        try:
            passed = re.search(condition, to_text(context)) is not None
        except re.error as exc:
            return Outcome(False, f"invalid regular expression {condition!r}: {exc}")
        verb = "matches" if passed else "does not match"
        return Outcome(passed, f"{context_text} = {_describe(context)} {verb} {condition!r}")
    if kind == "jsonpath":
        return _check_jsonpath(condition, str(context_text), context, version, lenient=lenient)
    return Outcome(False, f"{kind} criteria are not supported by this runner")


def _check_jsonpath(
    condition: str, context_text: str, context: Any, version: str | None, *, lenient: bool
) -> Outcome:
    if isinstance(context, str):
        with contextlib.suppress(ValueError):
            context = json.loads(context)
    if context is MISSING:
        return Outcome(False, f"{context_text} is absent")
    try:
        query = compile_jsonpath(condition, rfc9535=version is None)
    except ConditionError as exc:
        if not lenient:
            return Outcome(False, f"{condition!r}: {exc}")
        try:
            node = parse_simple(condition, context_paths=True)
        except ConditionError:
            return Outcome(False, f"{condition!r}: {exc}")
        passed = _truthy(_value(node, lambda e: MISSING, context))
        return Outcome(passed, f"{condition} on {context_text} (read as a comparison)", True)
    found = query.findall(context)
    return Outcome(bool(found), f"{condition} on {context_text} selected {len(found)} node(s)")


# --- suggestions for the seed form ----------------------------------------------------


def _pointer_expression(context: str, names: tuple[str, ...]) -> str:
    suffix = "".join("/" + n.replace("~", "~0").replace("/", "~1") for n in names)
    return f"{context}{suffix}" if "#" in context else f"{context}#{suffix}"


def _render(node: Node, context: str) -> str:
    if isinstance(node, Literal):
        if isinstance(node.value, str):
            return "'" + node.value.replace("'", "''") + "'"
        return json.dumps(node.value)
    if isinstance(node, Ref):
        return node.expression.text
    if isinstance(node, ContextPath):
        return _pointer_expression(context, node.names)
    if isinstance(node, Not):
        return "!" + _render(node.operand, context)
    if isinstance(node, Index):
        return f"{_render(node.target, context)}[{_render(node.index, context)}]"
    if isinstance(node, Member):
        return f"{_render(node.target, context)}.{node.name}"
    left, right = _render(node.left, context), _render(node.right, context)
    if node.op in ("&&", "||"):
        left = f"({left})" if _other_logical(node.left, node.op) else left
        right = f"({right})" if _other_logical(node.right, node.op) else right
    return f"{left} {node.op} {right}"


def _other_logical(node: Node, op: str) -> bool:
    return isinstance(node, Binary) and node.op in ("&&", "||") and node.op != op


def _alternatives(node: Node) -> tuple[tuple[str, ...], list[str]] | None:
    """(path, [values]) if ``node`` is ``$.p == "v1" || $.p == "v2" ...`` on one path."""
    if isinstance(node, Binary) and node.op == "||":
        left, right = _alternatives(node.left), _alternatives(node.right)
        if left and right and left[0] == right[0]:
            return left[0], left[1] + right[1]
        return None
    if (
        isinstance(node, Binary)
        and node.op == "=="
        and isinstance(node.left, ContextPath)
        and isinstance(node.right, Literal)
        and isinstance(node.right.value, str)
    ):
        return node.left.names, [node.right.value]
    return None


def seed_jsonpath_suggestion(condition: str, context: str) -> str | None:
    """The spec-correct criterion for a JSONPath-as-comparison condition, or None.

    >>> seed_jsonpath_suggestion('$.status == "a" || $.status == "b"', "$response.body")
    'context: $response.body#/status, type: regex, condition: ^(a|b)$'
    >>> seed_jsonpath_suggestion('$.status == "succeeded"', "$response.body")
    "condition: $response.body#/status == 'succeeded'"
    """
    try:
        node = parse_simple(condition, context_paths=True)
    except ConditionError:
        return None
    alternatives = _alternatives(node)
    if alternatives is not None and len(alternatives[1]) > 1:
        names, values = alternatives
        pattern = "^(" + "|".join(re.escape(v) for v in values) + ")$"
        return f"context: {_pointer_expression(context, names)}, type: regex, condition: {pattern}"
    return f"condition: {_render(node, context)}"
