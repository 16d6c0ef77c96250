"""A safe YAML loader for scenario files.

:class:`ScenarioLoader` is a :class:`yaml.SafeLoader` that reads plain values
the way YAML 1.2 (its core schema) does, so what you write is what you get:

* only ``true``/``false`` (also ``True``, ``TRUE``, ...) are booleans; ``yes``,
  ``no``, ``on``, ``off``, ``y`` and ``n`` stay text, so they work as option names;
* integers are ``123``, ``-4``, ``0o17`` or ``0x1F`` (``010`` is ten, and ``1:30``
  is text, not a sexagesimal number);
* floats are ``1.5``, ``-2e3``, ``.inf`` or ``.nan``;
* ``~``, ``null`` and an empty value are null;
* dates stay text.

It also refuses what a scenario never needs and an attacker might use: merge
keys (``<<``), which can multiply a small file into a huge one; duplicate keys,
which usually hide a typo; and every explicit tag beyond the plain types
(``!!binary``, ``!!set``, ``!!python/...``).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"

_BOOL_RE = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
_INT_RE = re.compile(r"(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\Z")
_FLOAT_RE = re.compile(
    r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z"
)
_NULL_RE = re.compile(r"(?:~|null|Null|NULL|)\Z")
_MERGE_RE = re.compile(r"<<\Z")


class ScenarioLoader(yaml.SafeLoader):
    """Safe YAML loader with YAML 1.2 core-schema scalars and no surprises."""

    # Start from empty tables: only the resolvers and constructors added below apply.
    yaml_implicit_resolvers = {}  # noqa: RUF012 - PyYAML's own class-level registry
    yaml_constructors = {}  # noqa: RUF012 - PyYAML's own class-level registry

    def construct_core_bool(self, node: Node) -> bool:
        value = self._scalar_text(node)
        if not _BOOL_RE.match(value):
            raise ConstructorError(None, None, f"{value!r} is not true or false", node.start_mark)
        return value.lower() == "true"

    def construct_core_int(self, node: Node) -> int:
        value = self._scalar_text(node)
        try:
            if value.startswith("0o"):
                return int(value[2:], 8)
            if value.startswith("0x"):
                return int(value[2:], 16)
            if not _INT_RE.match(value):
                raise ValueError(value)
            return int(value, 10)
        except ValueError:
            raise ConstructorError(
                None, None, f"{value[:40]!r} is not a usable integer", node.start_mark
            ) from None

    def construct_core_float(self, node: Node) -> float:
        value = self._scalar_text(node)
        if not _FLOAT_RE.match(value):
            raise ConstructorError(None, None, f"{value[:40]!r} is not a number", node.start_mark)
        lowered = value.lower()
        if lowered.endswith(".inf"):
            return float("-inf") if lowered.startswith("-") else float("inf")
        if lowered == ".nan":
            return float("nan")
        return float(value)

    def construct_core_null(self, node: Node) -> None:
        self._scalar_text(node)

    def construct_core_str(self, node: Node) -> str:
        return self.construct_yaml_str(node)

    def construct_core_seq(self, node: Node) -> Iterator[list[object]]:
        return self.construct_yaml_seq(node)

    def construct_core_map(self, node: MappingNode) -> Iterator[dict[Hashable, object]]:
        return self.construct_yaml_map(node)

    def construct_unsupported(self, node: Node) -> None:
        tag = str(node.tag)
        if tag.startswith("tag:yaml.org,2002:"):
            tag = "!!" + tag.removeprefix("tag:yaml.org,2002:")
        raise ConstructorError(
            None, None, f"the tag {tag[:60]} is not supported in scenario files", node.start_mark
        )

    def _scalar_text(self, node: Node) -> str:
        if not isinstance(node, ScalarNode):
            raise ConstructorError(
                None, None, f"expected a plain value for {node.tag!r}", node.start_mark
            )
        return str(node.value)

    def flatten_mapping(self, node: MappingNode) -> None:
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                raise ConstructorError(
                    None, None, "merge keys (<<) are not supported", key_node.start_mark
                )

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Hashable, object]:
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, "expected a mapping", node.start_mark)
        self.flatten_mapping(node)
        mapping: dict[Hashable, object] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise ConstructorError(
                    None,
                    None,
                    "a key must be a plain value, not a list or mapping",
                    key_node.start_mark,
                )
            if key in mapping:
                raise ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


for _tag, _pattern, _first in (
    (_BOOL, _BOOL_RE, "tTfF"),
    (_INT, _INT_RE, "-+0123456789"),
    (_FLOAT, _FLOAT_RE, "-+.0123456789"),
    (_NULL, _NULL_RE, ["~", "n", "N", ""]),
    (_MERGE, _MERGE_RE, "<"),
):
    ScenarioLoader.add_implicit_resolver(_tag, _pattern, list(_first))

ScenarioLoader.add_constructor(_NULL, ScenarioLoader.construct_core_null)
ScenarioLoader.add_constructor(_BOOL, ScenarioLoader.construct_core_bool)
ScenarioLoader.add_constructor(_INT, ScenarioLoader.construct_core_int)
ScenarioLoader.add_constructor(_FLOAT, ScenarioLoader.construct_core_float)
ScenarioLoader.add_constructor(_STR, ScenarioLoader.construct_core_str)
ScenarioLoader.add_constructor(_SEQ, ScenarioLoader.construct_core_seq)
ScenarioLoader.add_constructor(_MAP, ScenarioLoader.construct_core_map)
ScenarioLoader.add_constructor(None, ScenarioLoader.construct_unsupported)


def load_yaml(text: str) -> object:
    """Parse one YAML document with :class:`ScenarioLoader`.

    Raises :class:`yaml.YAMLError` (with a position) for bad YAML; a document
    nested too deeply for the parser raises :class:`RecursionError`.
    """
    return yaml.load(text, Loader=ScenarioLoader)  # ScenarioLoader is a SafeLoader subclass
