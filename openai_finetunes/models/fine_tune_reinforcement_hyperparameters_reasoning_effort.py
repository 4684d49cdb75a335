from enum import StrEnum


class FineTuneReinforcementHyperparametersReasoningEffort(StrEnum):
    DEFAULT = "default"
    HIGH = "high"
    LOW = "low"
    MEDIUM = "medium"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "FineTuneReinforcementHyperparametersReasoningEffort | None":
        # openai-finetunes: a value the API added after this client was generated parses
        # as a pseudo-member (not listed in the class) and round-trips through to_dict().
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value.upper()
        member._value_ = value
        return member
