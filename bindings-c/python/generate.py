#!/usr/bin/env python3
"""Generates grassroots/types.py, the typed dataclasses of the wire form, from docs/schema/*.json.

    python3 bindings-c/python/generate.py            # rewrites grassroots/types.py
    python3 bindings-c/python/generate.py --check    # exits 1 if the committed file is stale
    python3 bindings-c/python/generate.py --out DIR/types.py --schema-dir docs/schema

Only the standard library is used. The output is deterministic (sorted, no timestamps), so that a
test can regenerate it and compare it with the committed file.

How the JSON Schemas (draft 2020-12, as schemars writes them) map to Python:

- an object with `properties`                       -> a dataclass (keyword-only fields);
- a `oneOf` of string constants                     -> an `enum.Enum` with `str` values;
- a `oneOf` of objects tagged by a constant          -> a base class and one dataclass per variant,
  property (`type` or `kind`)                          named after the tag and the base
                                                       (`registerHousehold` of `Command` ->
                                                       `RegisterHouseholdCommand`); properties the
                                                       base lists beside its `oneOf` go into every
                                                       variant;
- a `oneOf` of `{"$ref": X, "properties": {tag}}`    -> X itself is the variant (`QueryResult`);
- a string with a pattern (`DivisionCode`, ...)     -> an alias of `str`;
- `["T", "null"]`, `anyOf: [T, null]`, not required  -> `Optional[T] = None`, left out of the JSON
                                                       when None;
- `array` -> `List[T]`; `prefixItems` -> `Tuple[...]`; `additionalProperties`/`patternProperties`
  with a schema -> `Dict[str, T]`; an object with any properties (`additionalProperties: true`, as
  a visit's `answers`) or a shape without a type -> `Dict[str, Any]` / `Any`.
"""

from __future__ import annotations

import argparse
import json
import keyword
import re
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
DEFAULT_SCHEMA_DIR = HERE.parent.parent / "docs" / "schema"
DEFAULT_OUT = HERE / "grassroots" / "types.py"

# The schemas the package types, in this order. Their titles become the root classes.
SCHEMAS = [
    "command-envelope",
    "query-envelope",
    "execute-result",
    "query-answer",
    "record",
    "error",
]

# The wire form's version this package writes: the default of every `schemaVersion` field.
SCHEMA_VERSION = 1

# Keys that only document or constrain values; they do not change the Python type.
ANNOTATIONS = {
    "description", "maxLength", "minLength", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "format", "maxItems", "minItems", "maxProperties", "examples", "pattern",
    "default", "title", "deprecated", "uniqueItems", "readOnly", "writeOnly",
}


class SchemaError(Exception):
    """A schema has a shape the generator does not know how to type."""


def snake(name: str) -> str:
    """camelCase -> snake_case (`expectedSeq` -> `expected_seq`); keywords get a trailing `_`."""
    result = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    return result + "_" if keyword.iskeyword(result) else result


def pascal(name: str) -> str:
    """camelCase -> PascalCase (`registerHousehold` -> `RegisterHousehold`)."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\W]+", name) if part)


def constant(value: str) -> str:
    """An enum member name for a wire value (`subdistrictCadre` -> `SUBDISTRICT_CADRE`)."""
    result = re.sub(r"\W+", "_", snake(value).rstrip("_")).upper()
    if not result or result[0].isdigit():
        result = "V_" + result
    return result


def ref_name(ref: str) -> str:
    if not ref.startswith("#/$defs/"):
        raise SchemaError(f"unsupported $ref {ref!r}")
    return ref[len("#/$defs/"):]


def strip_docs(schema: Any) -> Any:
    """The schema without descriptions, to compare two definitions of the same name."""
    if isinstance(schema, dict):
        return {k: strip_docs(v) for k, v in schema.items() if k not in ("description", "title")}
    if isinstance(schema, list):
        return [strip_docs(v) for v in schema]
    return schema


def load(schema_dir: Path) -> Tuple[Dict[str, dict], List[str], List[str]]:
    """Every definition of the schemas by name, the root names, and the files read."""
    defs: Dict[str, dict] = {}
    roots: List[str] = []
    files: List[str] = []

    def add(name: str, schema: dict, where: str) -> None:
        if name in defs and strip_docs(defs[name]) != strip_docs(schema):
            raise SchemaError(f"{where}: {name} differs from the {name} of another schema")
        defs.setdefault(name, schema)

    for stem in SCHEMAS:
        path = schema_dir / f"{stem}.schema.json"
        document = json.loads(path.read_text(encoding="utf-8"))
        files.append(path.name)
        for name, schema in sorted(document.get("$defs", {}).items()):
            add(name, schema, path.name)
        root = {k: v for k, v in document.items() if k not in ("$schema", "$defs", "title")}
        title = document["title"]
        # A root that is also a definition elsewhere (Record) keeps the root's description.
        if title in defs and strip_docs(defs[title]) == strip_docs(root):
            defs[title] = root
        add(title, root, path.name)
        roots.append(title)
    return defs, roots, files


def tag_of(variant: dict) -> Optional[Tuple[str, str]]:
    """The (property, value) of the constant that tags a variant, if it has exactly one."""
    consts = [(k, p["const"]) for k, p in variant.get("properties", {}).items() if "const" in p]
    return consts[0] if len(consts) == 1 else None


class Field:
    def __init__(self, wire: str, attr: str, hint: str, spec: str, required: bool, doc: str, default: str):
        self.wire, self.attr, self.hint, self.spec = wire, attr, hint, spec
        self.required, self.doc, self.default = required, doc, default


class Generator:
    def __init__(self, defs: Dict[str, dict], roots: List[str]):
        self.defs = defs
        self.roots = roots
        self.enums: Dict[str, dict] = {}
        self.aliases: Dict[str, dict] = {}
        self.structs: Dict[str, dict] = {}  # name -> object schema
        self.unions: Dict[str, dict] = {}  # name -> info
        self.fallbacks: Dict[str, dict] = {}
        self.struct_bases: Dict[str, str] = {}  # struct -> union base (QueryResult's variants)
        self.struct_tags: Dict[str, Tuple[str, str]] = {}  # class -> (tag property, value)
        self.struct_docs: Dict[str, str] = {}
        self.struct_extra: Dict[str, Tuple[dict, List[str]]] = {}  # variant -> (common props, required)
        self.classify()

    # -- classification -------------------------------------------------------------------------

    def classify(self) -> None:
        for name in sorted(self.defs):
            schema = self.defs[name]
            variants = schema.get("oneOf")
            if variants and all(v.get("type") == "string" and "const" in v for v in variants):
                self.enums[name] = schema
            elif variants and all(tag_of(v) for v in variants):
                self.classify_union(name, schema)
            elif schema.get("type") == "object" and "properties" in schema:
                self.structs[name] = schema
            elif schema.get("type") in ("string", "array", "integer", "number", "boolean"):
                self.aliases[name] = schema
            else:
                self.fallbacks[name] = schema
        for name in self.roots:
            if name not in self.structs:
                raise SchemaError(f"the root {name} is not an object")

    def classify_union(self, name: str, schema: dict) -> None:
        variants = schema["oneOf"]
        tagged = [(variant, tag_of(variant)) for variant in variants]
        tags = {t[0] for _, t in tagged if t}
        if len(tags) != 1:
            raise SchemaError(f"{name}: variants tagged by different properties {sorted(tags)}")
        tag = tags.pop()
        members = []
        for variant, variant_tag in tagged:
            assert variant_tag is not None  # classify() checked every variant has one
            value = variant_tag[1]
            if "$ref" in variant:
                # The variant is a named struct with the tag added (QueryResult).
                target = ref_name(variant["$ref"])
                if target in self.struct_bases:
                    raise SchemaError(f"{target} is the variant of two unions")
                self.struct_bases[target] = name
                self.struct_tags[target] = (tag, value)
                members.append((value, target))
            else:
                cls = pascal(value) + name
                if cls in self.defs:
                    raise SchemaError(f"{name}: the variant class {cls} clashes with a definition")
                members.append((value, cls))
                self.struct_bases[cls] = name
                self.struct_tags[cls] = (tag, value)
                self.struct_docs[cls] = variant.get("description", f"`{value}`.")
                common = {k: v for k, v in schema.get("properties", {}).items()}
                common.update(variant.get("properties", {}))
                required = list(schema.get("required", [])) + list(variant.get("required", []))
                self.struct_extra[cls] = (common, required)
        values = [v for v, _ in members]
        if len(set(values)) != len(values):
            raise SchemaError(f"{name}: a tag value is used twice")
        self.unions[name] = {"tag": tag, "members": members, "doc": schema.get("description", "")}

    # -- types ----------------------------------------------------------------------------------

    def type_of(self, schema: Any, where: str) -> Tuple[str, str, bool]:
        """(Python type hint, wire spec literal, nullable) of a property's schema."""
        if schema is True or schema == {}:
            return "Any", '"any"', False
        if "$ref" in schema:
            return self.ref_type(ref_name(schema["$ref"]))
        if "anyOf" in schema:
            options = [o for o in schema["anyOf"] if o.get("type") != "null"]
            nullable = len(options) < len(schema["anyOf"])
            if len(options) == 1:
                hint, spec, inner_nullable = self.type_of(options[0], where)
                return hint, spec, nullable or inner_nullable
            return "Any", '"any"', nullable
        kind = schema.get("type")
        nullable = False
        if isinstance(kind, list):
            nullable = "null" in kind
            kinds = [k for k in kind if k != "null"]
            kind = kinds[0] if len(kinds) == 1 else None
        if "const" in schema:
            return "str", '"str"', nullable
        if kind == "string":
            return "str", '"str"', nullable
        if kind == "integer":
            return "int", '"int"', nullable
        if kind == "number":
            return "float", '"float"', nullable
        if kind == "boolean":
            return "bool", '"bool"', nullable
        if kind == "array":
            if "prefixItems" in schema:
                parts = [self.type_of(item, where)[:2] for item in schema["prefixItems"]]
                hint = "Tuple[" + ", ".join(h for h, _ in parts) + "]"
                spec = '("tuple", (' + "".join(s + ", " for _, s in parts) + "))"
                return hint, spec, nullable
            if isinstance(schema.get("items"), dict):
                hint, spec, _ = self.type_of(schema["items"], where)
                return f"List[{hint}]", f'("list", {spec})', nullable
            return "List[Any]", '("list", "any")', nullable
        if kind == "object":
            values = schema.get("additionalProperties")
            patterns = schema.get("patternProperties")
            if isinstance(patterns, dict) and len(patterns) == 1:
                values = next(iter(patterns.values()))
            if isinstance(values, dict) and not schema.get("properties"):
                hint, spec, _ = self.type_of(values, where)
                return f"Dict[str, {hint}]", f'("map", {spec})', nullable
            return "Dict[str, Any]", '"any"', nullable
        return "Any", '"any"', nullable

    def ref_type(self, name: str) -> Tuple[str, str, bool]:
        if name in self.aliases:
            hint, spec, nullable = self.type_of(self.aliases[name], name)
            return name, spec, nullable
        if name in self.fallbacks:
            return name, '"any"', False
        if name not in self.defs:
            raise SchemaError(f"unknown definition {name}")
        return name, f'("ref", "{name}")', False

    def fields(self, name: str, properties: dict, required: List[str]) -> List[Field]:
        tag = self.struct_tags.get(name, (None,))[0]
        result: List[Field] = []
        order = [p for p in required if p in properties] + [p for p in properties if p not in required]
        seen = set()
        for wire in order:
            if wire == tag or wire in seen:
                continue
            seen.add(wire)
            prop = properties[wire]
            hint, spec, nullable = self.type_of(prop, f"{name}.{wire}")
            is_required = wire in required
            attr = snake(wire)
            default = ""
            if wire == "schemaVersion" and hint == "int":
                default = "SCHEMA_VERSION"
            elif not is_required or nullable:
                hint, default = f"Optional[{hint}]", "None"
            result.append(Field(wire, attr, hint, spec, is_required, prop.get("description", ""), default))
        attrs = [f.attr for f in result]
        if len(set(attrs)) != len(attrs):
            raise SchemaError(f"{name}: two properties map to the same attribute")
        return result

    # -- output ---------------------------------------------------------------------------------

    def render(self, files: List[str]) -> str:
        out: List[str] = []
        w = out.append
        w('"""The typed wire form of grassroots: commands, queries, results, records and events.')
        w("")
        for line in textwrap.wrap(f"Generated by bindings-c/python/generate.py from docs/schema/ ({', '.join(files)}).", 99, break_on_hyphens=False):
            w(line)
        w("Do not edit by hand: change the schema (the Rust types), then run")
        w("`python3 bindings-c/python/generate.py`. Every dataclass has keyword-only fields named in")
        w("snake_case; `to_json()` gives the wire form (camelCase keys, None left out) as a dict, and")
        w("`from_json()` reads it back from a dict or a JSON string.")
        w('"""')
        w("")
        w("# fmt: off")
        w("# ruff: noqa")
        w("from __future__ import annotations")
        w("")
        w("import enum")
        w("from dataclasses import dataclass")
        w("from typing import Any, ClassVar, Dict, List, Optional, Tuple")
        w("")
        w("from ._wire import WireEnum, WireObject, WireUnion")
        w("")
        w(f"SCHEMA_VERSION = {SCHEMA_VERSION}")
        w('"""The wire form\'s version these types write (the default of every `schema_version`)."""')
        w("")
        names: List[str] = ["SCHEMA_VERSION"]

        w("")
        w("")
        w("# " + "-" * 97)
        w("# Enumerations")
        for name in sorted(self.enums):
            schema = self.enums[name]
            w("")
            w("")
            w(f"class {name}(WireEnum):")
            w(docstring(schema.get("description", ""), "    "))
            members = set()
            for variant in schema["oneOf"]:
                member = constant(variant["const"])
                if member in members:
                    raise SchemaError(f"{name}: two values map to {member}")
                members.add(member)
                w("")
                w(f"    {member} = {json.dumps(variant['const'])}")
                if variant.get("description"):
                    w(docstring(variant["description"], "    "))
            names.append(name)

        w("")
        w("")
        w("# " + "-" * 97)
        w("# Tagged unions: the base classes (their variants follow among the dataclasses)")
        for name in sorted(self.unions):
            union = self.unions[name]
            w("")
            w("")
            w(f"class {name}(WireUnion):")
            variants = "One of: " + ", ".join(f"`{cls}`" for _, cls in union["members"]) + "."
            doc = union["doc"] + "\n\n" + "\n".join(textwrap.wrap(variants, 95))
            w(docstring(doc, "    "))
            w("")
            w(f"    _TAG_FIELD: ClassVar[str] = {json.dumps(union['tag'])}")
            names.append(name)

        w("")
        w("")
        w("# " + "-" * 97)
        w("# Dataclasses")
        classes = sorted(set(self.structs) | set(self.struct_extra))
        for name in classes:
            if name in self.struct_extra:
                properties, required = self.struct_extra[name]
                doc = self.struct_docs[name]
            else:
                schema = self.structs[name]
                properties, required = schema["properties"], list(schema.get("required", []))
                doc = schema.get("description", "")
            base = self.struct_bases.get(name, "WireObject")
            w("")
            w("")
            w("@dataclass(kw_only=True)")
            w(f"class {name}({base}):")
            if name in self.struct_tags:
                tag, value = self.struct_tags[name]
                doc = doc + f"\n\nWire form: `{{\"{tag}\": \"{value}\", ...}}`."
            w(docstring(doc, "    "))
            if name in self.struct_tags:
                tag, value = self.struct_tags[name]
                w("")
                w(f"    {tag.upper()}: ClassVar[str] = {json.dumps(value)}")
                w(f"    _TAG: ClassVar[Optional[Tuple[str, str]]] = ({json.dumps(tag)}, {json.dumps(value)})")
            fields = self.fields(name, properties, required)
            for field in fields:
                w("")
                for line in (field.doc or "").splitlines() or [""]:
                    w(f"    #: {line}".rstrip())
                default = f" = {field.default}" if field.default else ""
                w(f"    {field.attr}: {field.hint}{default}")
            w("")
            w("    _FIELDS: ClassVar[Tuple[Tuple[str, str, Any, bool], ...]] = (")
            for field in fields:
                w(f"        ({json.dumps(field.attr)}, {json.dumps(field.wire)}, {field.spec}, {field.required}),")
            w("    )")
            names.append(name)

        w("")
        w("")
        w("# " + "-" * 97)
        w("# Aliases: strings with a documented format, sets, shapes typed as Any")
        for name in sorted(self.aliases):
            hint, _, _ = self.type_of(self.aliases[name], name)
            w("")
            w(f"{name} = {hint}")
            doc = self.aliases[name].get("description", "")
            if not doc and self.aliases[name].get("uniqueItems"):
                doc = f"A set: a list of {hint[5:-1]} without duplicates."
            w(docstring(doc, ""))
            names.append(name)
        for name in sorted(self.fallbacks):
            w("")
            w(f"{name} = Any")
            w(docstring(self.fallbacks[name].get("description", "") + "\n\n(Typed as Any: its shape is not one the generator types.)", ""))
            names.append(name)

        w("")
        w("")
        w("# " + "-" * 97)
        w("# The variants of each union, by tag")
        for name in sorted(self.unions):
            w("")
            w(f"{name}._VARIANTS = {{")
            for value, cls in self.unions[name]["members"]:
                w(f"    {json.dumps(value)}: {cls},")
            w("}")
        w("")
        w("__all__ = [")
        for name in sorted(names):
            w(f"    {json.dumps(name)},")
        w("]")
        return "\n".join(out) + "\n"


def docstring(text: str, indent: str) -> str:
    """A docstring literal for `text` at `indent` (backslashes and quotes escaped)."""
    text = (text or "").strip().replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if not text:
        text = "(Not documented in the schema.)"
    lines = text.splitlines()
    if text.endswith('"'):
        lines[-1] += " "
    if len(lines) == 1:
        return f'{indent}"""{lines[0]}"""'
    body = "\n".join((indent + line).rstrip() for line in lines[1:])
    return f'{indent}"""{lines[0]}\n{body}\n{indent}"""'


def generate(schema_dir: Path) -> str:
    """The text of types.py for the schemas in `schema_dir`."""
    defs, roots, files = load(schema_dir)
    return Generator(defs, roots).render(files)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schema-dir", type=Path, default=DEFAULT_SCHEMA_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="fail if --out differs from what the schemas give")
    args = parser.parse_args(argv)
    try:
        text = generate(args.schema_dir)
    except (OSError, SchemaError, ValueError, KeyError) as error:
        print(f"generate.py: {error}", file=sys.stderr)
        return 2
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"generate.py: {args.out} is stale: run python3 {Path(__file__).name} to regenerate it",
                  file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
