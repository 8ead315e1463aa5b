// Generates the TypeScript declarations of the wire form (the package's `wire.d.ts`) from the JSON
// Schema the core commits in docs/schema/, so that the types cannot drift from the core.
//
//   node bindings-wasm/tools/wire-types.mjs <out.d.ts>
//
// The schema files share their definitions (Actor, Command, Event…); they are merged into one
// schema whose definitions are all emitted, each once. A definition that two files define
// differently stops the build. Two titles are renamed because they would shadow TypeScript
// globals: `Record` becomes `LogRecord` and `Error` becomes `ErrorInfo` (the thrown error is the
// `GrassrootsError` interface of the package).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { compile } from 'json-schema-to-typescript';

const schemaDir = new URL('../../docs/schema/', import.meta.url);
const out = process.argv[2];
if (!out) {
  console.error('usage: node wire-types.mjs <out.d.ts>');
  process.exit(2);
}

const RENAMED = { Record: 'LogRecord', Error: 'ErrorInfo' };
const rename = (name) => RENAMED[name] ?? name;

const defs = {};
// A file's root is also a definition in other files (there without its `title`).
const untitled = ({ title, ...rest }) => rest;
// A struct with a flattened tagged enum (the questionnaire's `Item`: common fields plus a `type`)
// comes as `properties` beside `oneOf`; json-schema-to-typescript would split that into two types.
// As `allOf` it becomes one intersection: `{ common fields } & ({ type: 'text' } | …)`.
function flattenedToAllOf(schema) {
  if (!schema || typeof schema !== 'object' || !schema.properties || !schema.oneOf) return schema;
  const { oneOf, properties, required, type, additionalProperties, ...rest } = schema;
  return { ...rest, allOf: [{ type: 'object', properties, ...(required ? { required } : {}) }, { oneOf }] };
}

function define(name, schema, file) {
  schema = flattenedToAllOf(schema);
  if (name in defs && !isDeepStrictEqual(untitled(defs[name]), untitled(schema))) {
    throw new Error(`${file}: definition ${name} differs from the one of another schema file`);
  }
  defs[name] = { ...defs[name], ...schema };
}

// A `$ref` becomes `tsType`, the name of the definition's type: json-schema-to-typescript would
// otherwise inline a `$ref` that has a sibling `description` (schemars writes one for every
// documented field) as a numbered copy of the type (`CampaignConfig1`). Every definition is emitted
// once (`unreachableDefinitions`), so the name always resolves.
function rewriteRefs(value) {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  // A newtype variant of a tagged enum (`QueryResult::Head(HeadResult)`) comes as a `$ref` to its
  // payload with the tag in `properties` beside it: the two become one intersection,
  // `HeadResult & { type: 'head' }`, instead of the tag being dropped.
  if (value && typeof value === 'object' && typeof value.$ref === 'string' && value.properties) {
    const { $ref, properties, required, type, additionalProperties, ...rest } = value;
    const tag = { type: 'object', properties, ...(required ? { required } : {}) };
    return rewriteRefs({ ...rest, allOf: [{ $ref }, tag] });
  }
  if (value && typeof value === 'object') {
    const copy = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref') {
        if (typeof inner !== 'string' || !inner.startsWith('#/$defs/')) throw new Error(`unexpected $ref ${inner}`);
        copy.tsType = rename(inner.slice('#/$defs/'.length));
      } else {
        copy[key] = rewriteRefs(inner);
      }
    }
    return copy;
  }
  return value;
}

const files = readdirSync(schemaDir).filter((f) => f.endsWith('.schema.json')).sort();
if (files.length === 0) throw new Error(`no schema files in ${schemaDir.pathname}`);
const roots = [];
for (const file of files) {
  const { $schema, $defs = {}, ...root } = JSON.parse(readFileSync(new URL(file, schemaDir), 'utf8'));
  for (const [name, schema] of Object.entries($defs)) define(rename(name), rewriteRefs(schema), file);
  const name = rename(root.title);
  define(name, rewriteRefs({ ...root, title: name }), file);
  roots.push(name);
}

// The root only gathers the definitions; json-schema-to-typescript emits it as an empty interface,
// which is dropped below.
const merged = {
  title: 'WireRoot',
  type: 'object',
  additionalProperties: false,
  properties: {},
  $defs: defs,
};
let ts = await compile(merged, 'WireRoot', {
  bannerComment: `/* The wire form of grassroots, generated from docs/schema/ (${files.join(', ')}) by
 * bindings-wasm/tools/wire-types.mjs. Do not edit: change the core's types and regenerate. */`,
  unreachableDefinitions: true,
  unknownAny: true,
  additionalProperties: false,
  strictIndexSignatures: true,
  format: true,
  style: { singleQuote: true, printWidth: 110 },
});
ts = ts
  .replace(/export interface WireRoot \{\}\n*/, '')
  .replace(/ \*\n \* This (interface|type) was referenced by `WireRoot`'s JSON-Schema\n \* via the `definition` "\w+".\n/g, '')
  .replace(/\/\*\*\n \* This (interface|type) was referenced by `WireRoot`'s JSON-Schema\n \* via the `definition` "\w+".\n \*\/\n/g, '');
if (/referenced by `WireRoot`/.test(ts)) throw new Error('a generator comment was left in');
const numbered = ts.match(/export (interface|type) \w+\d\b/g);
if (numbered) throw new Error(`duplicated types were generated: ${numbered.join(', ')}`);
if (/\bany\b/.test(ts.replace(/\/\*[\s\S]*?\*\//g, '').replace(/'[^']*'/g, ''))) {
  throw new Error('the generated wire types contain `any`');
}
for (const name of roots) {
  if (!new RegExp(`export (interface|type) ${name}\\b`).test(ts)) throw new Error(`no type ${name} was generated`);
}
writeFileSync(out, ts);
console.log(`${out}: ${roots.length} top-level types (${roots.join(', ')}), ${Object.keys(defs).length} in all`);
