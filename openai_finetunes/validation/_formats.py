"""Structural checks of one parsed example for each training-data format.

These functions know nothing about lines or files: they return the example's
format and a list of ``(code, message)`` errors for the caller to place.
"""

from __future__ import annotations

import json
from typing import Any

import attrs

from ._report import Format, Method

ROLES = ("system", "developer", "user", "assistant", "tool")
_ROLE_LIST = ", ".join(ROLES)

_MESSAGE_KEYS_COMMON = frozenset({"role", "content", "name"})
_MESSAGE_KEYS_BY_ROLE: dict[str, frozenset[str]] = {
    "assistant": frozenset({"tool_calls", "function_call", "weight", "refusal"}),
    "tool": frozenset({"tool_call_id"}),
}
_ALL_MESSAGE_KEYS = _MESSAGE_KEYS_COMMON.union(*_MESSAGE_KEYS_BY_ROLE.values())

_CHAT_KEYS = frozenset({"messages", "tools", "functions", "parallel_tool_calls"})
_LEGACY_KEYS = ("prompt", "completion")
_PREFERENCE_KEYS = ("input", "preferred_output", "non_preferred_output")
_PREFERENCE_INPUT_KEYS = frozenset({"messages", "tools", "parallel_tool_calls"})
_CONTENT_PART_TYPES = ("text", "image_url", "input_audio", "file")

#: The legacy completion models: the only ones trained on prompt/completion examples.
#: Every other model (gpt-4o-mini, gpt-4.1, gpt-3.5-turbo...) is a chat model.
LEGACY_COMPLETION_MODELS = ("babbage-002", "davinci-002")
_LEGACY_LIST = " and ".join(LEGACY_COMPLETION_MODELS)

_FORMAT_NAMES: dict[str, str] = {
    "chat": "a chat example ('messages')",
    "prompt_completion": "a prompt/completion example",
    "preference": "a preference (DPO) example",
}

Issue = tuple[str, str]


@attrs.frozen
class ExampleResult:
    """Outcome of checking one example."""

    format: Format | None
    issues: list[Issue]
    #: Only meaningful for chat examples; used for aggregated warnings.
    has_system: bool = True
    has_user: bool = True


def detect_format(example: dict[str, Any]) -> Format | None:
    """Which format ``example`` is written in, judged by its keys."""
    if "messages" in example:
        return "chat"
    if any(key in example for key in _PREFERENCE_KEYS):
        return "preference"
    if any(key in example for key in _LEGACY_KEYS):
        return "prompt_completion"
    return None


def is_legacy_completion_model(model: str) -> bool:
    """Whether ``model`` takes prompt/completion examples: a legacy completion model, or
    one fine-tuned from it (``ft:davinci-002:...``).

    >>> is_legacy_completion_model("ft:babbage-002:org::abc"), is_legacy_completion_model("gpt-4.1")
    (True, False)
    """
    return model.removeprefix("ft:").split(":", 1)[0] in LEGACY_COMPLETION_MODELS


def check_example(
    example: dict[str, Any], method: Method, model: str | None = None
) -> ExampleResult:
    """Check ``example`` against what ``method`` accepts for ``model``.

    Supervised examples for a legacy completion model (`LEGACY_COMPLETION_MODELS`) are
    prompt/completion examples; for any other model, and when ``model`` is None, they
    are chat examples: a prompt/completion example is then reported as ``wrong_format``.
    """
    fmt = detect_format(example)
    issues: list[Issue] = []
    if method == "dpo":
        if fmt in ("chat", "prompt_completion"):
            issues.append(("wrong_format", _wrong_format(fmt, method, "a preference example")))
            return ExampleResult(fmt, issues)
        _check_preference(example, issues)
        return ExampleResult("preference", issues)

    if method == "supervised" and model is not None and is_legacy_completion_model(model):
        return _check_for_legacy_model(example, fmt, model)
    if fmt == "prompt_completion" and method == "supervised":
        issues.append(("wrong_format", _legacy_for_chat_model(model)))
        return ExampleResult(fmt, issues)
    if fmt == "preference" or fmt == "prompt_completion":
        issues.append(("wrong_format", _wrong_format(fmt, method, "a chat example")))
        return ExampleResult(fmt, issues)
    if fmt is None:
        issues.append(
            ("missing_messages", f"missing required key 'messages'{_found_keys(example)}")
        )
        return ExampleResult(None, issues)
    has_system, has_user = _check_chat(example, issues, lenient=method == "reinforcement")
    return ExampleResult("chat", issues, has_system, has_user)


def _check_for_legacy_model(
    example: dict[str, Any], fmt: Format | None, model: str
) -> ExampleResult:
    issues: list[Issue] = []
    if fmt == "prompt_completion":
        _check_legacy(example, issues)
    elif fmt is None:
        issues.append(
            (
                "missing_key",
                f"missing required keys 'prompt' and 'completion'{_found_keys(example)}",
            )
        )
    else:
        issues.append(
            (
                "wrong_format",
                f"expected a prompt/completion example for the legacy completion model "
                f"{model!r}, got {_FORMAT_NAMES[fmt]}",
            )
        )
    return ExampleResult(fmt, issues)


def _legacy_for_chat_model(model: str | None) -> str:
    which = (
        f"for chat model {model!r}"
        if model is not None
        else "while no model was given, so a chat model is assumed"
    )
    hint = "" if model is not None else f" (pass model={LEGACY_COMPLETION_MODELS[1]!r} for one)"
    return (
        f"prompt/completion example {which}: that format is only for the legacy completion "
        f"models {_LEGACY_LIST}{hint}; chat models need chat examples ('messages')"
    )


def _wrong_format(fmt: str, method: str, expected: str) -> str:
    hint = " (use method='dpo')" if fmt == "preference" else ""
    return f"expected {expected} for method={method!r}, got {_FORMAT_NAMES[fmt]}{hint}"


def _found_keys(example: dict[str, Any]) -> str:
    if not example:
        return " (the object is empty)"
    keys = list(example)
    shown = ", ".join(repr(k) for k in keys[:5])
    return f" (found keys: {shown}{', ...' if len(keys) > 5 else ''})"


def json_type(value: object) -> str:
    """The JSON name of a parsed value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _unknown_keys(
    obj: dict[str, Any], allowed: frozenset[str], where: str, issues: list[Issue]
) -> None:
    for key in obj:
        if key not in allowed:
            issues.append(("unknown_key", f"unknown key {key!r} {where}"))


def _check_chat(
    example: dict[str, Any], issues: list[Issue], *, lenient: bool
) -> tuple[bool, bool]:
    if not lenient:
        # Reinforcement examples may carry extra fields for the grader.
        _unknown_keys(example, _CHAT_KEYS, "in example", issues)
    _check_definitions(example, "", issues)
    messages = example["messages"]
    if not isinstance(messages, list):
        issues.append(("invalid_type", f"'messages' must be an array, got {json_type(messages)}"))
        return True, True
    if not messages:
        issues.append(("empty_messages", "'messages' is empty"))
        return True, True
    roles = _check_messages(messages, "messages", issues)
    # A message whose role is unreadable may be the assistant one: already reported.
    all_roles_known = len(roles) == len(messages)
    if all_roles_known and "assistant" not in roles and not lenient:
        issues.append(("no_assistant_message", "no assistant message in 'messages'"))
    return "system" in roles or "developer" in roles, "user" in roles


def _check_definitions(container: dict[str, Any], prefix: str, issues: list[Issue]) -> None:
    for key in ("tools", "functions"):
        if key in container:
            value = container[key]
            if not isinstance(value, list):
                issues.append(
                    ("invalid_type", f"'{prefix}{key}' must be an array, got {json_type(value)}")
                )
            elif any(not isinstance(item, dict) for item in value):
                issues.append(("invalid_type", f"every item of '{prefix}{key}' must be an object"))
    if "parallel_tool_calls" in container and not isinstance(
        container["parallel_tool_calls"], bool
    ):
        got = json_type(container["parallel_tool_calls"])
        issues.append(
            ("invalid_type", f"'{prefix}parallel_tool_calls' must be a boolean, got {got}")
        )


def _check_messages(messages: list[Any], path: str, issues: list[Issue]) -> list[str]:
    """Check every message; return the valid roles seen, in order."""
    roles: list[str] = []
    for index, message in enumerate(messages):
        role = _check_message(message, f"{path}[{index}]", issues)
        if role is not None:
            roles.append(role)
    return roles


def _check_message(message: object, where: str, issues: list[Issue]) -> str | None:
    if not isinstance(message, dict):
        issues.append(("invalid_type", f"{where} must be an object, got {json_type(message)}"))
        return None
    if "role" not in message:
        issues.append(("missing_role", f"{where} has no 'role'"))
        role = None
    elif not isinstance(message["role"], str):
        issues.append(
            ("invalid_type", f"{where}.role must be a string, got {json_type(message['role'])}")
        )
        role = None
    elif message["role"] not in ROLES:
        issues.append(
            (
                "unknown_role",
                f"unknown role {message['role']!r} in {where} (expected one of: {_ROLE_LIST})",
            )
        )
        role = None
    else:
        role = message["role"]

    for key in message:
        if key not in _ALL_MESSAGE_KEYS:
            issues.append(("unknown_key", f"unknown key {key!r} in {where}"))
        elif key == "weight" and role not in (None, "assistant"):
            issues.append(
                ("invalid_weight", f"{where}: 'weight' is only allowed on assistant messages")
            )
        elif (
            role is not None
            and key not in _MESSAGE_KEYS_COMMON
            and key not in _MESSAGE_KEYS_BY_ROLE.get(role, ())
        ):
            issues.append(
                ("unknown_key", f"{where}: key {key!r} is not allowed on a {role} message")
            )

    if "weight" in message and role in (None, "assistant"):
        weight = message["weight"]
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight not in (0, 1):
            issues.append(
                ("invalid_weight", f"{where}.weight must be 0 or 1, got {_short(weight)}")
            )

    if "name" in message and not isinstance(message["name"], str):
        issues.append(
            ("invalid_type", f"{where}.name must be a string, got {json_type(message['name'])}")
        )

    has_calls = False
    if role == "assistant":
        has_calls = _check_tool_calls(message, where, issues)
    _check_content(message, where, role, has_calls, issues)

    if role == "tool":
        if "tool_call_id" not in message:
            issues.append(("missing_key", f"{where} (tool) is missing 'tool_call_id'"))
        elif not isinstance(message["tool_call_id"], str):
            got = json_type(message["tool_call_id"])
            issues.append(("invalid_type", f"{where}.tool_call_id must be a string, got {got}"))
    return role


def _check_tool_calls(message: dict[str, Any], where: str, issues: list[Issue]) -> bool:
    """Check ``tool_calls``/``function_call``; return whether either is present."""
    present = False
    if message.get("tool_calls") is not None:
        present = True
        calls = message["tool_calls"]
        if not isinstance(calls, list) or not calls:
            issues.append(("invalid_tool_calls", f"{where}.tool_calls must be a non-empty array"))
        else:
            for i, call in enumerate(calls):
                at = f"{where}.tool_calls[{i}]"
                if not isinstance(call, dict):
                    issues.append(
                        ("invalid_tool_calls", f"{at} must be an object, got {json_type(call)}")
                    )
                    continue
                if call.get("type", "function") != "function":
                    issues.append(
                        (
                            "invalid_tool_calls",
                            f"{at}.type must be 'function', got {_short(call['type'])}",
                        )
                    )
                if "id" in call and not isinstance(call["id"], str):
                    issues.append(("invalid_tool_calls", f"{at}.id must be a string"))
                _check_function(call.get("function"), f"{at}.function", issues)
    if message.get("function_call") is not None:
        present = True
        _check_function(message["function_call"], f"{where}.function_call", issues)
    return present


def _check_function(function: object, at: str, issues: list[Issue]) -> None:
    if not isinstance(function, dict):
        issues.append(("invalid_tool_calls", f"{at} must be an object with 'name' and 'arguments'"))
        return
    for key in ("name", "arguments"):
        if not isinstance(function.get(key), str):
            issues.append(("invalid_tool_calls", f"{at}.{key} must be a string"))
    arguments = function.get("arguments")
    if isinstance(arguments, str):
        problem = _arguments_problem(arguments)
        if problem is not None:
            issues.append(("invalid_tool_calls", f"{at}.arguments {problem}"))


def _arguments_problem(arguments: str) -> str | None:
    """Why a function call's ``arguments`` string is not a JSON-encoded object, or None."""
    try:
        value = json.loads(arguments, parse_constant=reject_constant)
    except json.JSONDecodeError as exc:
        return (
            f"is not valid JSON ({exc.msg} at column {exc.colno}); it must be a "
            """JSON-encoded object such as '{"city": "Paris"}'"""
        )
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        return f"is not valid JSON ({reason})"
    if isinstance(value, dict):
        return None
    twice = " (JSON-encoded twice?)" if isinstance(value, str) else ""
    return f"must encode a JSON object, got {json_type(value)}{twice}"


def reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _check_content(
    message: dict[str, Any], where: str, role: str | None, has_calls: bool, issues: list[Issue]
) -> None:
    content = message.get("content")
    if content is None:
        if has_calls:
            return
        state = "no 'content'" if "content" not in message else "null 'content'"
        need = " and no tool_calls/function_call" if role == "assistant" else ""
        issues.append(("missing_content", f"{where} has {state}{need}"))
        return
    if isinstance(content, str):
        if role == "assistant" and not has_calls and not content.strip():
            _empty_assistant(message, where, "an empty 'content'", issues)
        return
    if not isinstance(content, list):
        issues.append(
            (
                "invalid_type",
                f"{where}.content must be a string or an array of content parts, got {json_type(content)}",
            )
        )
        return
    if not content and not has_calls:
        issues.append(("missing_content", f"{where}.content is an empty array"))
    elif role == "assistant" and not has_calls and all(_is_empty_text(p) for p in content):
        _empty_assistant(message, where, "only empty text parts", issues)
    for i, part in enumerate(content):
        _check_part(part, f"{where}.content[{i}]", issues)


def _is_empty_text(part: object) -> bool:
    if not isinstance(part, dict) or part.get("type") != "text":
        return False
    text = part.get("text")
    return isinstance(text, str) and not text.strip()


def _empty_assistant(message: dict[str, Any], where: str, what: str, issues: list[Issue]) -> None:
    refusal = message.get("refusal")
    if isinstance(refusal, str) and refusal.strip():
        return  # the refusal is what the model learns to say
    issues.append(
        (
            "missing_content",
            f"{where} (assistant) has {what} and no tool_calls/function_call: "
            "there is nothing to learn from it",
        )
    )


def _check_part(part: object, at: str, issues: list[Issue]) -> None:
    if not isinstance(part, dict):
        issues.append(("invalid_content_part", f"{at} must be an object, got {json_type(part)}"))
        return
    kind = part.get("type")
    if not isinstance(kind, str):
        issues.append(("invalid_content_part", f"{at} has no string 'type'"))
        return
    if kind not in _CONTENT_PART_TYPES:
        expected = ", ".join(_CONTENT_PART_TYPES)
        issues.append(
            (
                "invalid_content_part",
                f"{at} has unknown type {kind!r} (expected one of: {expected})",
            )
        )
    elif kind == "text" and not isinstance(part.get("text"), str):
        issues.append(("invalid_content_part", f"{at} (text) needs a string 'text'"))
    elif kind == "image_url":
        image = part.get("image_url")
        if not (isinstance(image, dict) and isinstance(image.get("url"), str)):
            issues.append(
                (
                    "invalid_content_part",
                    f"{at} (image_url) needs an 'image_url' object with a string 'url'",
                )
            )


def _check_legacy(example: dict[str, Any], issues: list[Issue]) -> None:
    for key in _LEGACY_KEYS:
        if key not in example:
            issues.append(("missing_key", f"missing required key {key!r}"))
        elif not isinstance(example[key], str):
            issues.append(
                ("invalid_type", f"{key!r} must be a string, got {json_type(example[key])}")
            )
    _unknown_keys(example, frozenset(_LEGACY_KEYS), "in prompt/completion example", issues)


def _check_preference(example: dict[str, Any], issues: list[Issue]) -> None:
    for key in _PREFERENCE_KEYS:
        if key not in example:
            issues.append(("missing_key", f"missing required key {key!r}"))
    _unknown_keys(example, frozenset(_PREFERENCE_KEYS), "in preference example", issues)

    if "input" in example:
        inp = example["input"]
        if not isinstance(inp, dict):
            issues.append(("invalid_type", f"'input' must be an object, got {json_type(inp)}"))
        else:
            _unknown_keys(inp, _PREFERENCE_INPUT_KEYS, "in 'input'", issues)
            _check_definitions(inp, "input.", issues)
            messages = inp.get("messages")
            if "messages" not in inp:
                issues.append(("missing_messages", "missing required key 'input.messages'"))
            elif not isinstance(messages, list):
                issues.append(
                    (
                        "invalid_type",
                        f"'input.messages' must be an array, got {json_type(messages)}",
                    )
                )
            elif not messages:
                issues.append(("empty_messages", "'input.messages' is empty"))
            else:
                _check_messages(messages, "input.messages", issues)

    for key in _PREFERENCE_KEYS[1:]:
        if key not in example:
            continue
        output = example[key]
        if not isinstance(output, list):
            issues.append(
                (
                    "invalid_type",
                    f"{key!r} must be an array of assistant messages, got {json_type(output)}",
                )
            )
            continue
        if not output:
            issues.append(("empty_messages", f"{key!r} is empty; it needs one assistant message"))
        elif len(output) > 1:
            issues.append(
                (
                    "too_many_messages",
                    f"{key!r} has {len(output)} messages; it must hold exactly one "
                    "assistant message",
                )
            )
        for i, message in enumerate(output):
            role = _check_message(message, f"{key}[{i}]", issues)
            if role is not None and role != "assistant":
                issues.append(
                    ("wrong_role", f"{key}[{i}] must have role 'assistant', got {role!r}")
                )


def _short(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
