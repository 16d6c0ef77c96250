"""Pydantic models mirroring the ``conflict:`` section key for key (shape checks only)."""

from __future__ import annotations

from typing import Annotated, Literal

from annotated_types import MinLen
from pydantic import BeforeValidator, Field, model_validator

from accord.io.scenario.schema import Evidence, Label, Model, _label_keys


def _tier(value: object) -> object:
    """A tier is a list of state keys; a single key may be written alone."""
    return [value] if isinstance(value, str) else value


Tier = Annotated[list[str], BeforeValidator(_tier)]


class DecisionMakerModel(Model):
    """A decision maker and the options it controls."""

    id: Label
    name: str | None = None
    options: Annotated[list[Label], MinLen(1)]
    evidence: Evidence = Field(default_factory=list)


class RequiresModel(Model):
    """``option`` is taken only together with ``needs`` (one option or a list)."""

    option: Label
    needs: Annotated[list[Label], BeforeValidator(lambda v: [v] if isinstance(v, str) else v)]


class RuleModel(Model):
    """One feasibility rule: exactly one of its four kinds."""

    mutually_exclusive: Annotated[list[Label], MinLen(2)] | None = None
    at_least_one: Annotated[list[Label], MinLen(1)] | None = None
    requires: RequiresModel | None = None
    states: list[list[Label]] | None = None
    text: str = ""
    evidence: Evidence = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_kind(self) -> RuleModel:
        kinds = [
            k
            for k in ("mutually_exclusive", "at_least_one", "requires", "states")
            if getattr(self, k) is not None
        ]
        if len(kinds) != 1:
            raise ValueError(
                "a rule has exactly one of mutually_exclusive, at_least_one, requires, states"
                + (f" (found {', '.join(kinds)})" if kinds else "")
            )
        return self


class IrreversibleModel(Model):
    """A move that cannot happen."""

    option: Label
    direction: Literal["yes_to_no_forbidden", "no_to_yes_forbidden"] = "yes_to_no_forbidden"
    evidence: Evidence = Field(default_factory=list)


class ConflictPreferenceModel(Model):
    """Option prioritisation (``statements``) or an explicit ``ranking`` of state keys."""

    statements: Annotated[list[str], MinLen(1)] | None = None
    ranking: Annotated[list[Tier], MinLen(1)] | None = None
    evidence: Evidence = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_kind(self) -> ConflictPreferenceModel:
        if (self.statements is None) == (self.ranking is None):
            raise ValueError("give exactly one of statements or ranking")
        return self


class ConflictModel(Model):
    """The whole ``conflict:`` section."""

    description: str = ""
    decision_makers: Annotated[list[DecisionMakerModel], MinLen(2)]
    infeasible: list[RuleModel] = Field(default_factory=list)
    irreversible: list[IrreversibleModel] = Field(default_factory=list)
    status_quo: list[Label] | None = None
    preferences: Annotated[dict[Label, ConflictPreferenceModel], BeforeValidator(_label_keys)]
    coalitions: list[Annotated[list[Label], MinLen(2)]] = Field(default_factory=list)
    evidence: Evidence = Field(default_factory=list)
