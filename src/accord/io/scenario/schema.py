"""Pydantic models that mirror the scenario file format key for key.

These models check the *shape* of the data: which keys exist, which are
required, and what type each value has. They forbid unknown keys so that a typo
(``weigths:``) is reported instead of silently ignored. Cross-references
(unknown issue ids, options that do not exist, ranges) are checked afterwards by
:mod:`accord.io.scenario.convert`, which turns these models into :mod:`accord.model` objects.

Ids and option names are text. Plain numbers or ``true``/``false`` written
where an id or option name belongs are read as text: ``1`` becomes ``"1"``,
``2.5`` becomes ``"2.5"`` and ``true`` becomes ``"true"``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args

from annotated_types import MinLen
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, model_validator
from pydantic_core import PydanticCustomError

from accord.io.errors import brief, kind_of
from accord.io.scenario.schema_uncertainty import Probability, Uncertain

Action = Literal[
    "propose",
    "accept",
    "reject",
    "request_time",
    "grant_time",
    "walk_away",
    "breakdown",
    "statement",
]
"""The actions a history entry may record."""

ACTIONS: tuple[str, ...] = get_args(Action)

ScalarValue = str | int | float
"""An option as written in a condition, an outcome or a value table (bools are ints)."""


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("accord", message)


def to_label(value: object) -> object:
    """Read a plain number or boolean written as an id or option name as text.

    Other values are returned unchanged (and then rejected if they are not text).
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    return value


def _label_keys(value: object) -> object:
    """Turn a mapping's keys into labels, refusing two keys that become the same label."""
    if not isinstance(value, dict):
        return value
    seen: dict[object, object] = {}
    out: dict[object, object] = {}
    for key, item in value.items():
        label = to_label(key)
        if label in seen:
            raise _fail(f"the keys {brief(seen[label])} and {brief(key)} both mean {brief(label)}")
        seen[label] = key
        out[label] = item
    return out


def _scalar(value: object) -> ScalarValue:
    if isinstance(value, float) and not math.isfinite(value):
        raise _fail(f"expected an option (text or a finite number), got {brief(value)}")
    if isinstance(value, str | int | float):
        return value
    raise _fail(f"expected an option (text or a number), got {_got(value)}")


def _got(value: object) -> str:
    if value is None:
        return "nothing (the value is empty)"
    return f"{kind_of(value)} {brief(value)}"


def _bound(value: object, key: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(f"{key} must be a number, got {_got(value)}")
    try:
        number = float(value)
    except OverflowError:
        raise _fail(f"{key} is too large") from None
    if not math.isfinite(number):
        raise _fail(f"{key} must be a finite number, got {brief(value)}")
    return number


@dataclass(frozen=True)
class Bounds:
    """A ``{min, max}`` range in a condition on a numeric issue (inclusive)."""

    low: float | None
    high: float | None


def _condition_entry(value: object) -> tuple[ScalarValue, ...] | Bounds:
    if isinstance(value, list):
        options = []
        for position, item in enumerate(value):
            try:
                options.append(_scalar(item))
            except PydanticCustomError as exc:
                raise _fail(f"item {position}: {exc.message()}") from None
        return tuple(options)
    if isinstance(value, dict):
        extra = [k for k in value if k not in ("min", "max")]
        if extra:
            raise _fail(f"unknown key {brief(extra[0])} in a range; a range has only min and max")
        low = _bound(value.get("min"), "min")
        high = _bound(value.get("max"), "max")
        if low is None and high is None:
            raise _fail("a range needs min, max or both")
        if low is not None and high is not None and high < low:
            raise _fail(f"max {high:g} is below min {low:g}")
        return Bounds(low, high)
    raise _fail(f"expected a list of options or a range {{min, max}}, got {_got(value)}")


def _evidence_items(value: object) -> object:
    if isinstance(value, str):
        return [{"says": value}]
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [{"says": item} if isinstance(item, str) else item for item in value]
    raise _fail(f"expected text, a {{says, source}} mapping or a list of those, got {_got(value)}")


def _one_or_many(value: object) -> object:
    if isinstance(value, str | int | float):
        return [value]
    return value


Label = Annotated[str, BeforeValidator(to_label), MinLen(1)]
"""An id or option name: non-empty text (numbers and booleans are read as text)."""

Scalar = Annotated[ScalarValue, PlainValidator(_scalar)]
"""An option as written in a condition, an outcome or a value table."""

ConditionEntry = Annotated[tuple[ScalarValue, ...] | Bounds, PlainValidator(_condition_entry)]
"""What a condition says about one issue: a list of options or a numeric range."""

Condition = Annotated[dict[Label, ConditionEntry], BeforeValidator(_label_keys)]
"""Issue id -> allowed options; holds when every listed issue is in its set."""

ValueTable = dict[Scalar, Uncertain]
"""Option (discrete) or anchor point (numeric) -> value in ``[0, 1]`` (or a range)."""


class Model(BaseModel):
    """Base of the file-format models: strict types and no unknown keys."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _known_keys_only(cls, data: object) -> object:
        if isinstance(data, dict):
            allowed = [field.alias or name for name, field in cls.model_fields.items()]
            unknown = [key for key in data if key not in allowed]
            if unknown:
                raise PydanticCustomError(
                    "unknown_keys", "unknown keys", {"keys": unknown, "allowed": allowed}
                )
        return data


class EvidenceItem(Model):
    """What a source says in support of a position."""

    says: str
    source: Label | None = None


Evidence = Annotated[list[EvidenceItem], BeforeValidator(_evidence_items)]
"""Evidence as text, as ``{says, source}`` or as a list of those."""


class SourceModel(Model):
    """A document the scenario is built from."""

    id: Label | None = None
    title: str | None = None
    says: str = ""
    url: str = ""


class ActorModel(Model):
    """A party or a mediator."""

    id: Label
    name: str | None = None
    description: str = ""


class RangeModel(Model):
    """A numeric issue's grid: ``min, min + step, ...`` up to ``max``."""

    min: float
    max: float
    step: float


class IssueModel(Model):
    """An issue with named ``options`` or a numeric ``range``."""

    id: Label
    name: str | None = None
    options: list[Label] | None = None
    range: RangeModel | None = None
    description: str = ""
    evidence: Evidence = Field(default_factory=list)


class RedLineModel(Model):
    """A hard constraint: ``require``, ``forbid`` or ``if`` + ``then``."""

    id: Label
    text: str = ""
    require: Condition | None = None
    forbid: Condition | None = None
    if_: Condition | None = Field(default=None, alias="if")
    then: Condition | None = None
    probability: Probability | None = None
    evidence: Evidence = Field(default_factory=list)


class RectangleModel(Model):
    """A region of the outcome space (a condition) worth ``utility`` to the party."""

    utility: float
    where: Condition


class PreferencesModel(Model):
    """One party's weights, values, rectangles, red lines, reservation and discount."""

    reservation: Uncertain = 0.0
    discount: float = 1.0
    weights: Annotated[dict[Label, Uncertain], BeforeValidator(_label_keys)] | None = None
    values: Annotated[dict[Label, ValueTable], BeforeValidator(_label_keys)] = Field(
        default_factory=dict
    )
    rectangles: list[RectangleModel] = Field(default_factory=list)
    red_lines: list[RedLineModel] = Field(default_factory=list)
    evidence: Evidence = Field(default_factory=list)


class ProposalModel(Model):
    """A package tabled during the talks."""

    id: Label
    by: Annotated[list[Label], BeforeValidator(_one_or_many)]
    name: str = ""
    outcome: Annotated[dict[Label, Scalar], BeforeValidator(_label_keys)]
    evidence: Evidence = Field(default_factory=list)


class EventModel(Model):
    """One entry of the history of the talks."""

    actor: Label
    action: Action
    proposal: Label | None = None
    evidence: Evidence = Field(default_factory=list)


class ScenarioModel(Model):
    """A whole scenario file."""

    name: Annotated[str, MinLen(1)]
    description: str = ""
    sources: list[SourceModel] = Field(default_factory=list)
    parties: list[ActorModel]
    mediators: list[ActorModel] = Field(default_factory=list)
    issues: list[IssueModel]
    preferences: Annotated[dict[Label, PreferencesModel], BeforeValidator(_label_keys)]
    beliefs: Annotated[dict[Label, PreferencesModel], BeforeValidator(_label_keys)] = Field(
        default_factory=dict
    )
    proposals: list[ProposalModel] = Field(default_factory=list)
    history: list[EventModel] = Field(default_factory=list)
    conflict: Any = None
    """The conflict-analysis section; checked by :mod:`accord.io.conflict`, not here."""
