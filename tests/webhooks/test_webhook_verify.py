"""openai_finetunes.webhooks: signatures, tolerance, rotation, typed and unknown events."""

from __future__ import annotations

import base64
import email.message
import hashlib
import hmac
import json
from collections.abc import Iterator

import httpx
import pytest

import openai_finetunes.webhooks as webhooks
from openai_finetunes import InvalidArgumentError, OpenAIFinetunesError
from openai_finetunes.models import (
    WebhookFineTuningJobCancelled,
    WebhookFineTuningJobFailed,
    WebhookFineTuningJobSucceeded,
)
from openai_finetunes.webhooks import (
    UnknownWebhookEvent,
    WebhookReceiver,
    WebhookVerificationError,
    generate_secret,
    parse_event,
    sign,
    unwrap,
    verify_signature,
)

SECRET = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
OTHER = "whsec_" + base64.b64encode(b"another secret, another endpoint").decode()
NOW = 1_767_225_600  # pinned: 2026-01-01T00:00:00Z


def event(kind: str = "fine_tuning.job.succeeded", job: str = "ftjob-abc") -> bytes:
    body = {"object": "event", "id": "evt_1", "type": kind, "created_at": NOW, "data": {"id": job}}
    return json.dumps(body).encode()


@pytest.fixture(autouse=True)
def pinned_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(webhooks, "_now", lambda: NOW + 0.75)


def reason(body: bytes | str, headers: dict[str, str], **kwargs: object) -> str:
    with pytest.raises(WebhookVerificationError) as caught:
        verify_signature(body, headers, **{"secret": SECRET, **kwargs})  # type: ignore[arg-type]
    assert isinstance(caught.value, OpenAIFinetunesError)
    assert isinstance(caught.value, ValueError)
    return caught.value.reason


# -- valid deliveries ---------------------------------------------------------------------


def test_a_signed_delivery_verifies_as_bytes_and_as_text() -> None:
    body = event()
    headers = sign(body, secret=SECRET, msg_id="wh_123", timestamp=NOW)

    assert verify_signature(body, headers, secret=SECRET) is None
    assert verify_signature(body.decode(), headers, secret=SECRET) is None
    assert set(headers) == {"webhook-id", "webhook-timestamp", "webhook-signature"}
    assert headers["webhook-id"] == "wh_123"
    assert headers["webhook-timestamp"] == str(NOW)


def test_the_signature_is_the_standard_webhooks_hmac() -> None:
    body = event()
    headers = sign(body, secret=SECRET, msg_id="wh_1", timestamp=NOW)
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    digest = hmac.new(key, b"wh_1." + str(NOW).encode() + b"." + body, hashlib.sha256).digest()

    assert headers["webhook-signature"] == "v1," + base64.b64encode(digest).decode()


def test_any_one_of_several_signatures_may_match() -> None:
    body = event()
    good = sign(body, secret=SECRET, msg_id="wh_1", timestamp=NOW)["webhook-signature"]
    bad = sign(body, secret=OTHER, msg_id="wh_1", timestamp=NOW)["webhook-signature"]
    for signatures in (f"{bad} {good}", f"{good} {bad}", f"v1a,xyz {bad}  {good}"):
        headers = {
            "webhook-id": "wh_1",
            "webhook-timestamp": str(NOW),
            "webhook-signature": signatures,
        }
        verify_signature(body, headers, secret=SECRET)


def test_secret_rotation_accepts_either_secret_and_signs_with_both() -> None:
    body = event()
    old_only = sign(body, secret=OTHER, msg_id="wh_1", timestamp=NOW)
    new_only = sign(body, secret=SECRET, msg_id="wh_1", timestamp=NOW)
    both = sign(body, secret=[OTHER, SECRET], msg_id="wh_1", timestamp=NOW)

    for headers in (old_only, new_only, both):
        verify_signature(body, headers, secret=[SECRET, OTHER])
    assert len(both["webhook-signature"].split()) == 2
    verify_signature(body, both, secret=SECRET)
    verify_signature(body, both, secret=OTHER)
    assert reason(body, old_only, secret=[SECRET]) == "no_matching_signature"


def test_a_raw_secret_without_the_prefix_is_used_as_bytes() -> None:
    body = event()
    headers = sign(body, secret="plain-shared-secret", msg_id="wh_1", timestamp=NOW)

    verify_signature(body, headers, secret="plain-shared-secret")
    assert reason(body, headers) == "no_matching_signature"


def test_header_names_are_case_insensitive_in_any_mapping() -> None:
    body = event()
    headers = sign(body, secret=SECRET, msg_id="wh_1", timestamp=NOW)
    message = email.message.Message()
    for name, value in headers.items():
        message[name.title()] = value

    verify_signature(body, {k.upper(): v for k, v in headers.items()}, secret=SECRET)
    verify_signature(body, httpx.Headers(headers), secret=SECRET)
    verify_signature(body, message, secret=SECRET)  # type: ignore[arg-type]


# -- tolerance ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "tolerance", "expected"),
    [
        (0, 300, None),
        (-300, 300, None),  # exactly `tolerance` old: accepted, as the official SDK does
        (-301, 300, "timestamp_too_old"),
        (300, 300, None),
        (301, 300, "timestamp_too_new"),
        (-3600, 300, "timestamp_too_old"),
        (-20, 10, "timestamp_too_old"),
        (-20, 30, None),
        (0, 0, None),
        (-1, 0, "timestamp_too_old"),
        (1, 0, "timestamp_too_new"),
    ],
)
def test_the_timestamp_must_be_within_the_tolerance_both_ways(
    offset: int, tolerance: int, expected: str | None
) -> None:
    body = event()
    headers = sign(body, secret=SECRET, msg_id="wh_1", timestamp=NOW + offset)

    if expected is None:
        verify_signature(body, headers, secret=SECRET, tolerance=tolerance)
    else:
        assert reason(body, headers, tolerance=tolerance) == expected


# -- invalid deliveries ---------------------------------------------------------------------


def _signed() -> tuple[bytes, dict[str, str]]:
    body = event()
    return body, sign(body, secret=SECRET, msg_id="wh_1", timestamp=NOW)


def test_a_wrong_secret_is_rejected() -> None:
    body, headers = _signed()
    assert reason(body, headers, secret=OTHER) == "no_matching_signature"


def test_a_tampered_body_is_rejected() -> None:
    body, headers = _signed()
    assert reason(body.replace(b"succeeded", b"cancelled"), headers) == "no_matching_signature"
    assert reason(body + b"\n", headers) == "no_matching_signature"


def test_tampered_headers_are_rejected() -> None:
    body, headers = _signed()
    assert reason(body, {**headers, "webhook-id": "wh_2"}) == "no_matching_signature"
    assert reason(body, {**headers, "webhook-timestamp": str(NOW - 1)}) == "no_matching_signature"


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_each_missing_header_is_rejected(missing: str) -> None:
    body, headers = _signed()
    del headers[missing]

    with pytest.raises(WebhookVerificationError, match=missing) as caught:
        verify_signature(body, headers, secret=SECRET)
    assert caught.value.reason == "missing_header"


@pytest.mark.parametrize(
    ("header", "value", "expected"),
    [
        ("webhook-timestamp", "yesterday", "invalid_timestamp"),
        ("webhook-timestamp", "", "invalid_timestamp"),
        ("webhook-timestamp", "1.5e9", "invalid_timestamp"),
        ("webhook-signature", "", "no_matching_signature"),
        ("webhook-signature", "v1,", "no_matching_signature"),
        ("webhook-signature", "v1,not base64!", "no_matching_signature"),
        ("webhook-signature", "v1,ẞignature", "no_matching_signature"),
    ],
)
def test_malformed_headers_are_rejected(header: str, value: str, expected: str) -> None:
    body, headers = _signed()
    assert reason(body, {**headers, header: value}) == expected


def test_a_body_that_is_not_utf8_is_rejected() -> None:
    body = b'{"id": "\xff"}'
    headers = {
        "webhook-id": "wh_1",
        "webhook-timestamp": str(NOW),
        "webhook-signature": "v1,"
        + base64.b64encode(
            hmac.new(
                base64.b64decode(SECRET[6:]), b"wh_1." + str(NOW).encode() + b"." + body, "sha256"
            ).digest()
        ).decode(),
    }
    assert reason(body, headers) == "invalid_body"


@pytest.mark.parametrize(
    "secret", ["", "whsec_", "whsec_abc", [], ["whsec_c2VjcmV0", ""], None, b"bytes"]
)
def test_an_unusable_secret_is_an_invalid_argument(secret: object) -> None:
    body, headers = _signed()
    with pytest.raises(InvalidArgumentError, match="secret"):
        verify_signature(body, headers, secret=secret)  # type: ignore[arg-type]


@pytest.mark.parametrize("tolerance", [-1, 1.5, None])
def test_an_unusable_tolerance_is_an_invalid_argument(tolerance: object) -> None:
    body, headers = _signed()
    with pytest.raises(InvalidArgumentError, match="tolerance"):
        verify_signature(body, headers, secret=SECRET, tolerance=tolerance)  # type: ignore[arg-type]


def test_errors_never_show_the_secret() -> None:
    body, headers = _signed()
    with pytest.raises(WebhookVerificationError) as caught:
        verify_signature(body, headers, secret=OTHER)
    assert OTHER not in str(caught.value)
    assert OTHER not in repr(caught.value)
    assert OTHER[6:] not in str(caught.value)


# -- events -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "model"),
    [
        ("fine_tuning.job.succeeded", WebhookFineTuningJobSucceeded),
        ("fine_tuning.job.failed", WebhookFineTuningJobFailed),
        ("fine_tuning.job.cancelled", WebhookFineTuningJobCancelled),
    ],
)
def test_unwrap_returns_the_generated_model_of_a_fine_tuning_event(kind: str, model: type) -> None:
    body = event(kind, "ftjob-xyz")
    result = unwrap(body, sign(body, secret=SECRET), secret=SECRET)

    assert isinstance(result, model)
    assert result.type_ == kind
    assert result.data.id == "ftjob-xyz"
    assert result.id == "evt_1"
    assert result.created_at == NOW
    assert result.to_dict() == json.loads(body)


def test_an_unknown_event_type_parses_to_a_generic_event() -> None:
    body = json.dumps(
        {"id": "evt_9", "type": "batch.completed", "created_at": 5, "data": {"id": "batch_1"}}
    )
    result = unwrap(body, sign(body, secret=SECRET), secret=SECRET)

    assert isinstance(result, UnknownWebhookEvent)
    assert (result.type_, result.id, result.created_at) == ("batch.completed", "evt_9", 5)
    assert result.type == result.type_  # the same, under its JSON name
    assert result.data == {"id": "batch_1"}
    assert result.to_dict() == json.loads(body)


@pytest.mark.parametrize(
    "kind", ["fine_tuning.job.succeeded", "fine_tuning.job.cancelled", "batch.completed", ""]
)
def test_every_event_says_its_type_as_type_(kind: str) -> None:
    """The module's example reads ``event.type_``: it works on whatever `unwrap` returns."""
    body = event(kind)
    result = unwrap(body, sign(body, secret=SECRET), secret=SECRET)

    assert result.type_ == kind
    assert str(result.type_) == kind
    assert result.to_dict()["type"] == kind


@pytest.mark.parametrize(
    "body",
    [
        {"type": "fine_tuning.job.succeeded"},  # no id, data, created_at
        {"type": "fine_tuning.job.failed", "id": "evt", "created_at": "x", "data": {"id": "j"}},
        {"type": "fine_tuning.job.failed", "id": "evt", "created_at": 1, "data": "j"},
        {"type": 7},
        {},
    ],
)
def test_an_event_its_model_rejects_is_still_an_event(body: dict[str, object]) -> None:
    result = parse_event(body)

    assert isinstance(result, UnknownWebhookEvent)
    assert result.raw == body


@pytest.mark.parametrize("body", [b"[]", b"null", b"not json", b'"text"'])
def test_a_signed_body_that_is_no_json_object_is_an_invalid_payload(body: bytes) -> None:
    with pytest.raises(WebhookVerificationError) as caught:
        unwrap(body, sign(body, secret=SECRET), secret=SECRET)
    assert caught.value.reason == "invalid_payload"


def test_the_generated_secret_is_a_usable_whsec_secret() -> None:
    secret = generate_secret()
    body = event()

    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret[6:])) == 32
    verify_signature(body, sign(body, secret=secret), secret=secret)
    assert generate_secret() != secret


# -- the receiver ---------------------------------------------------------------------------


@pytest.fixture
def received() -> Iterator[tuple[WebhookReceiver, list[object], list[str]]]:
    events: list[object] = []
    rejections: list[str] = []
    with WebhookReceiver(
        events.append, secret=SECRET, on_reject=lambda error: rejections.append(error.reason)
    ) as receiver:
        yield receiver, events, rejections


def test_the_receiver_answers_200_for_valid_and_400_for_invalid_deliveries(
    received: tuple[WebhookReceiver, list[object], list[str]],
) -> None:
    receiver, events, rejections = received
    body = event()

    good = httpx.post(receiver.url, content=body, headers=sign(body, secret=SECRET))
    bad = httpx.post(receiver.url, content=body, headers=sign(body, secret=OTHER))
    unsigned = httpx.post(receiver.url + "hooks/openai", content=body)
    get = httpx.get(receiver.url)

    assert (good.status_code, bad.status_code, unsigned.status_code) == (200, 400, 400)
    assert get.status_code == 405
    assert [type(e) for e in events] == [WebhookFineTuningJobSucceeded]
    assert rejections == ["no_matching_signature", "missing_header"]
    assert (receiver.received, receiver.rejected) == (1, 2)
    assert SECRET not in repr(receiver)
    assert receiver.url in repr(receiver)


def test_the_receiver_answers_500_when_the_handler_fails() -> None:
    def broken(_: object) -> None:
        raise RuntimeError("database down")

    body = event()
    with WebhookReceiver(broken, secret=SECRET) as receiver:
        answer = httpx.post(receiver.url, content=body, headers=sign(body, secret=SECRET))
    assert answer.status_code == 500


def test_a_closed_receiver_no_longer_answers_on_an_open_keep_alive_connection() -> None:
    events: list[object] = []
    body = event()
    receiver = WebhookReceiver(events.append, secret=SECRET).start()
    with httpx.Client() as client:  # keeps its connection open between requests
        first = client.post(receiver.url, content=body, headers=sign(body, secret=SECRET))
        receiver.close()
        try:
            status = client.post(
                receiver.url, content=body, headers=sign(body, secret=SECRET)
            ).status_code
        except httpx.HTTPError:
            status = None  # nothing answers: the sender retries

    assert first.status_code == 200
    assert status in (None, 503)
    assert len(events) == 1
    assert receiver.received == 1


def test_after_stop_accepting_deliveries_are_answered_503(
    caplog: pytest.LogCaptureFixture,
) -> None:
    events: list[object] = []

    def handler(delivered: object) -> None:
        if events:  # enough: stop, and refuse this one too (as `webhooks listen` does)
            receiver.stop_accepting()
            raise RuntimeError("no more events wanted")
        events.append(delivered)

    body = event()

    def post(**headers: str) -> int:
        return httpx.post(receiver.url, content=body, headers=headers).status_code

    with WebhookReceiver(handler, secret=SECRET) as receiver:
        statuses = [post(**sign(body, secret=SECRET)) for _ in range(3)]
        unsigned = post()

    assert statuses == [200, 503, 503]  # the second refused by its handler, the third at once
    assert unsigned == 503
    assert len(events) == 1
    assert (receiver.received, receiver.rejected) == (1, 0)
    assert "the webhook event handler failed" not in caplog.text  # a refusal, not a failure


def test_the_receiver_checks_its_secret_up_front() -> None:
    with pytest.raises(InvalidArgumentError, match="secret"):
        WebhookReceiver(secret="whsec_")
