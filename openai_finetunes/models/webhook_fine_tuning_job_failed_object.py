from enum import StrEnum


class WebhookFineTuningJobFailedObject(StrEnum):
    EVENT = "event"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _lookup(cls, value: object) -> "WebhookFineTuningJobFailedObject":
        # openai-finetunes: how parsing builds members; `cls(value)` goes through Enum's
        # metaclass, several times slower, and is kept for what is not a listed value.
        try:
            return cls._value2member_map_[value]  # type: ignore[return-value]
        except (KeyError, TypeError):
            return cls(value)

    @classmethod
    def _missing_(cls, value: object) -> "WebhookFineTuningJobFailedObject | None":
        # openai-finetunes: a value the API added after this client was generated parses
        # as a pseudo-member (not listed in the class) and round-trips through to_dict().
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value.upper()
        member._value_ = value
        return member
