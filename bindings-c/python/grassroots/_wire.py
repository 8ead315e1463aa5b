"""The runtime of the generated types: how a dataclass turns into its JSON wire form and back.

Each generated dataclass lists its fields in `_FIELDS` as `(attribute, wire name, spec, required)`.
A spec is `"str"`, `"int"`, `"float"`, `"bool"`, `"any"`, `("ref", "ClassName")`, `("list", spec)`,
`("map", spec)` or `("tuple", (spec, ...))`. Class names are looked up in the module that defines
the dataclass, so that a field may refer to a class defined further down.
"""

from __future__ import annotations

import enum
import json
import sys
from typing import Any, ClassVar, Dict, Mapping, Optional, Tuple, Type, TypeVar, Union, cast

T = TypeVar("T", bound="WireObject")
U = TypeVar("U", bound="WireUnion")

JsonInput = Union[str, bytes, Mapping[str, Any]]


class WireEnum(str, enum.Enum):
    """An enumeration of the wire form: each member is its wire string (`Role.ADMINISTRATOR ==
    "administrator"`)."""

    def __str__(self) -> str:
        return str(self.value)


class WireObject:
    """A dataclass of the wire form (the base of every generated dataclass)."""

    _FIELDS: ClassVar[Tuple[Tuple[str, str, Any, bool], ...]] = ()
    # (tag property, tag value) of a variant of a tagged union, written first.
    _TAG: ClassVar[Optional[Tuple[str, str]]] = None

    def to_json(self) -> Dict[str, Any]:
        """The wire form as a dict of JSON values: camelCase keys; fields that are None left out."""
        out: Dict[str, Any] = {}
        if self._TAG is not None:
            out[self._TAG[0]] = self._TAG[1]
        for attr, wire, spec, required in self._FIELDS:
            value = getattr(self, attr)
            if value is None and not required:
                continue
            out[wire] = _encode(spec, value)
        return out

    def to_json_string(self) -> str:
        """The wire form as a JSON string (UTF-8 characters kept as they are)."""
        return json.dumps(self.to_json(), ensure_ascii=False)

    @classmethod
    def from_json(cls: Type[T], data: JsonInput) -> T:
        """Reads the wire form: a dict, or a JSON string. Unknown keys are ignored (a newer library
        may add fields); a missing required field or an unknown enum value raises ValueError."""
        if isinstance(data, (str, bytes)):
            data = json.loads(data)
        if not isinstance(data, Mapping):
            raise ValueError(f"{cls.__name__}: expected a JSON object, got {type(data).__name__}")
        module = sys.modules[cls.__module__]
        if cls._TAG is not None and data.get(cls._TAG[0], cls._TAG[1]) != cls._TAG[1]:
            raise ValueError(f"{cls.__name__}: {cls._TAG[0]} is {data.get(cls._TAG[0])!r}, expected {cls._TAG[1]!r}")
        kwargs: Dict[str, Any] = {}
        for attr, wire, spec, required in cls._FIELDS:
            value = data.get(wire)
            if value is None:
                # Absent or null: the field's default (None; SCHEMA_VERSION for schemaVersion).
                if required and wire != "schemaVersion":
                    raise ValueError(f"{cls.__name__}: the required field {wire!r} is missing")
                continue
            kwargs[attr] = _decode(spec, value, module, f"{cls.__name__}.{attr}")
        return cls(**kwargs)


class WireUnion(WireObject):
    """The base of a tagged union (`Command`, `Event`, `Query`, `QueryResult`, ...): its
    `from_json` reads the tag and returns the matching variant."""

    _TAG_FIELD: ClassVar[str] = "type"
    _VARIANTS: ClassVar[Dict[str, Type["WireObject"]]] = {}

    @classmethod
    def from_json(cls: Type[U], data: JsonInput) -> U:
        if "_VARIANTS" not in cls.__dict__:  # a variant: read its own fields
            return super().from_json(data)
        if isinstance(data, (str, bytes)):
            data = json.loads(data)
        if not isinstance(data, Mapping):
            raise ValueError(f"{cls.__name__}: expected a JSON object, got {type(data).__name__}")
        tag = data.get(cls._TAG_FIELD)
        variant = cls._VARIANTS.get(tag) if isinstance(tag, str) else None
        if variant is None:
            raise ValueError(
                f"{cls.__name__}: unknown {cls._TAG_FIELD} {tag!r}; the library may be newer than "
                "these types (regenerate them with bindings-c/python/generate.py)"
            )
        return cast(U, variant.from_json(data))


def _encode(spec: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(spec, str):
        if spec == "any":
            return _encode_any(value)
        if isinstance(value, enum.Enum):
            return value.value
        return value
    kind = spec[0]
    if kind == "ref":
        return _encode_any(value)
    if kind == "list":
        return [_encode(spec[1], item) for item in value]
    if kind == "map":
        return {str(key): _encode(spec[1], item) for key, item in value.items()}
    if kind == "tuple":
        return [_encode(item_spec, item) for item_spec, item in zip(spec[1], value)]
    raise ValueError(f"unknown spec {spec!r}")


def _encode_any(value: Any) -> Any:
    """Encodes a value of a referenced type, or of an untyped field: dataclasses, enums, and
    plain JSON values (a dict or a string is passed through, so raw JSON is accepted too)."""
    if isinstance(value, WireObject):
        return value.to_json()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(key): _encode_any(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode_any(item) for item in value]
    return value


def _decode(spec: Any, value: Any, module: Any, where: str) -> Any:
    if value is None:
        return None
    if isinstance(spec, str):
        return value
    kind = spec[0]
    if kind == "ref":
        target = getattr(module, spec[1])
        if isinstance(target, type) and issubclass(target, enum.Enum):
            try:
                return target(value)
            except ValueError:
                raise ValueError(
                    f"{where}: {value!r} is not a {target.__name__}; the library may be newer than "
                    "these types (regenerate them with bindings-c/python/generate.py)"
                ) from None
        if isinstance(target, type) and issubclass(target, WireObject):
            return target.from_json(value)
        return value
    if kind == "list":
        return [_decode(spec[1], item, module, where) for item in value]
    if kind == "map":
        return {key: _decode(spec[1], item, module, where) for key, item in value.items()}
    if kind == "tuple":
        return tuple(_decode(item_spec, item, module, where) for item_spec, item in zip(spec[1], value))
    raise ValueError(f"unknown spec {spec!r}")
