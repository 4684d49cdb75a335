"""Same verdicts as the official ``openai`` SDK's ``webhooks.unwrap`` / ``verify_signature``
on every case below (valid and invalid), and as the ``standardwebhooks`` reference
implementation on the cases inside the Standard Webhooks specification."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

import attrs
import httpx
import openai
import pytest
import standardwebhooks

from openai_finetunes.webhooks import UnknownWebhookEvent, sign, unwrap, verify_signature

SECRET = "whsec_" + base64.b64encode(b"parity-secret-parity-secret-32by").decode()
OTHER = "whsec_" + base64.b64encode(b"a different endpoint's secret!!!").decode()
RAW = "a-raw-secret-without-the-prefix"


def _body(kind: str = "fine_tuning.job.succeeded", job: str = "ftjob-abc") -> bytes:
    event = {"object": "event", "id": "evt_1", "type": kind, "created_at": 1, "data": {"id": job}}
    return json.dumps(event).encode()


def _hmac(secret: str, msg_id: str, timestamp: str, body: bytes) -> str:
    key = base64.b64decode(secret[6:]) if secret.startswith("whsec_") else secret.encode()
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


@attrs.frozen
class Case:
    name: str
    body: bytes | str
    headers: Mapping[str, str]
    secret: str = SECRET
    tolerance: int | None = None  # None: unwrap with the default tolerance
    #: Inside the Standard Webhooks specification: standardwebhooks gives a verdict too.
    standard: bool = True


def _cases() -> list[Case]:
    now = int(time.time())
    body = _body()

    def headers(
        secret: str = SECRET, *, msg_id: str = "wh_1", at: int | str = now, data: bytes = body
    ) -> dict[str, str]:
        stamp = str(at)
        return {
            "webhook-id": msg_id,
            "webhook-timestamp": stamp,
            "webhook-signature": "v1," + _hmac(secret, msg_id, stamp, data),
        }

    good = headers()
    good_sig = good["webhook-signature"]
    other_sig = headers(OTHER)["webhook-signature"]
    unknown = _body("batch.completed", "batch_1")
    failed = _body("fine_tuning.job.failed")
    cancelled = _body("fine_tuning.job.cancelled")
    not_utf8 = b'{"id": "evt_\xff", "type": "x"}'
    return [
        # valid
        Case("valid", body, good),
        Case("valid, text body", body.decode(), good),
        Case("valid, failed event", failed, headers(data=failed)),
        Case("valid, cancelled event", cancelled, headers(data=cancelled)),
        Case("valid, unknown type", unknown, headers(data=unknown)),
        Case("valid, raw secret", body, headers(RAW), secret=RAW, standard=False),
        Case(
            "valid, second of two signatures",
            body,
            {**good, "webhook-signature": f"{other_sig} {good_sig}"},
        ),
        Case(
            "valid, first of two signatures",
            body,
            {**good, "webhook-signature": f"{good_sig} {other_sig}"},
        ),
        Case(
            "valid, signature without v1 prefix",
            body,
            {**good, "webhook-signature": good_sig[3:]},
            standard=False,
        ),
        Case("valid, capitalised header names", body, {k.title(): v for k, v in good.items()}),
        Case("valid, httpx.Headers", body, httpx.Headers(good)),
        Case("valid, 290 s old", body, headers(at=now - 290)),
        Case("valid, 290 s ahead", body, headers(at=now + 290)),
        Case(
            "valid, 25 s old, tolerance 60",
            body,
            headers(at=now - 25),
            tolerance=60,
            standard=False,
        ),
        Case("valid, empty webhook-id", body, headers(msg_id=""), standard=False),
        Case("valid, timestamp with a plus sign", body, headers(at=f"+{now}"), standard=False),
        # invalid
        Case("wrong secret", body, headers(OTHER)),
        Case("raw secret against a whsec secret", body, headers(RAW)),
        Case("tampered body", body.replace(b"ftjob-abc", b"ftjob-xyz"), good),
        Case("body with a trailing newline", body + b"\n", good),
        Case("tampered webhook-id", body, {**good, "webhook-id": "wh_2"}),
        Case("tampered timestamp", body, {**good, "webhook-timestamp": str(now - 1)}),
        Case("stale, 400 s old", body, headers(at=now - 400)),
        Case("future, 400 s ahead", body, headers(at=now + 400)),
        Case("stale, a day old", body, headers(at=now - 86_400)),
        Case("25 s old, tolerance 10", body, headers(at=now - 25), tolerance=10, standard=False),
        Case("25 s ahead, tolerance 10", body, headers(at=now + 25), tolerance=10, standard=False),
        Case("missing webhook-id", body, {k: v for k, v in good.items() if k != "webhook-id"}),
        Case(
            "missing webhook-timestamp",
            body,
            {k: v for k, v in good.items() if k != "webhook-timestamp"},
        ),
        Case(
            "missing webhook-signature",
            body,
            {k: v for k, v in good.items() if k != "webhook-signature"},
        ),
        Case("no headers", body, {}),
        Case("non-numeric timestamp", body, {**good, "webhook-timestamp": "noon"}),
        Case("empty signature", body, {**good, "webhook-signature": ""}),
        Case(
            "v1a (asymmetric) signature only",
            body,
            {**good, "webhook-signature": "v1a," + good_sig[3:]},
            standard=False,
        ),
        Case("v2 signature only", body, {**good, "webhook-signature": "v2," + good_sig[3:]}),
        Case("truncated signature", body, {**good, "webhook-signature": good_sig[:-4]}),
        Case(
            "signature of another body",
            body,
            {**good, "webhook-signature": headers(data=b"{}")["webhook-signature"]},
        ),
        Case("not UTF-8, correctly signed", not_utf8, headers(data=not_utf8), standard=False),
    ]


CASES = _cases()


def _verdict(check: Any) -> tuple[bool, Any]:
    try:
        return True, check()
    except Exception as error:  # a verdict: rejected, whatever the exception
        return False, type(error).__name__


def _ours(case: Case) -> tuple[bool, Any]:
    if case.tolerance is not None:
        return _verdict(
            lambda: verify_signature(
                case.body, case.headers, secret=case.secret, tolerance=case.tolerance
            )
        )
    return _verdict(lambda: unwrap(case.body, case.headers, secret=case.secret))


def _official(case: Case) -> tuple[bool, Any]:
    client = openai.OpenAI(api_key="sk-parity-test", webhook_secret=case.secret)
    if case.tolerance is not None:
        return _verdict(
            lambda: client.webhooks.verify_signature(
                case.body, case.headers, tolerance=case.tolerance
            )
        )
    return _verdict(lambda: client.webhooks.unwrap(case.body, case.headers))


def _standard(case: Case) -> tuple[bool, Any]:
    return _verdict(
        lambda: standardwebhooks.Webhook(case.secret).verify(case.body, dict(case.headers))
    )


def test_the_cases_are_many_and_mixed() -> None:
    verdicts = [_official(case)[0] for case in CASES]
    assert len(CASES) >= 20
    assert sum(verdicts) >= 10
    assert verdicts.count(False) >= 10
    assert sum(case.standard for case in CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_same_verdict_as_the_official_sdk(case: Case) -> None:
    ours, event = _ours(case)
    official, official_event = _official(case)

    assert ours == official, (event, official_event)
    if ours and case.tolerance is None:  # the same event, typed alike
        assert event.id == official_event.id
        assert str(event.type if isinstance(event, UnknownWebhookEvent) else event.type_) == (
            official_event.type
        )
        data = event.data if isinstance(event, UnknownWebhookEvent) else event.data.to_dict()
        assert data == official_event.data.to_dict()
        assert type(event).__name__.startswith("Webhook") == (
            official_event.type.startswith("fine_tuning.job.")
        )


@pytest.mark.parametrize(
    "case", [case for case in CASES if case.standard], ids=lambda case: case.name
)
def test_the_same_verdict_as_standardwebhooks(case: Case) -> None:
    assert _ours(case)[0] == _standard(case)[0]


def test_the_official_sdk_accepts_what_sign_produces_with_every_kind_of_secret() -> None:
    body = _body()
    for secret in (SECRET, RAW, [OTHER, SECRET]):
        headers = sign(body, secret=secret, msg_id="wh_sign")
        for one in [secret] if isinstance(secret, str) else secret:
            client = openai.OpenAI(api_key="sk-parity-test", webhook_secret=one)
            assert client.webhooks.unwrap(body, headers).data.id == "ftjob-abc"
    headers = sign(body, secret=SECRET, msg_id="wh_sign")
    standardwebhooks.Webhook(SECRET).verify(body, headers)
