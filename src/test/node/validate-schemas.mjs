#!/usr/bin/env node
// Validates JSON samples against component schemas of OpenAI's OpenAPI description.
//
//   node validate-schemas.mjs --spec-dir DIR SAMPLES.json
//
// SAMPLES.json: [{"label": "...", "spec": "openapi.yaml", "schema": "Batch", "sample": {...}}, ...]
// ("spec" defaults to openapi.yaml). Prints one line per sample ("ok" or "FAIL" with every error) and exits
// 0 when every sample is valid, 1 when any is not, 2 on a usage or setup error.
//
// OpenAPI -> JSON Schema 2020-12: `#/components/schemas/X` refs resolve against the spec's schemas (added
// once under an $id, compiled lazily); OpenAPI 3.0's `nullable: true` becomes a null alternative; keywords
// JSON Schema does not know (`x-*`, `discriminator`, `example`, `nullable`) are dropped.
//
// Documented quirks of the real API, allowed on purpose (and only these):
//  1. nullable-optional: fields not listed in `required` may be null (the API sends `"failed_at": null`, ...
//     though the spec does not mark them nullable).
//  2. raw JSONL content: /files/{id}/content is declared a JSON string but is raw JSONL; callers validate its
//     lines against BatchRequestInput / BatchRequestOutput (from the 2025-04-29 copy) instead.
//  3. BatchRequestInput (2025-04-29) declares no `body` though every input line has one (its own example
//     does): `body` is added as an object.
// Beyond the schemas, a property at the top level of a sample that the schema does not declare is an error:
// the emulator must not drift into a private dialect.
import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

function usage(message) {
  console.error(message);
  console.error("usage: node validate-schemas.mjs --spec-dir DIR SAMPLES.json");
  process.exit(2);
}

const args = process.argv.slice(2);
let specDir = null;
let samplesFile = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--spec-dir") specDir = args[++i];
  else samplesFile = args[i];
}
if (!specDir || !samplesFile) usage("missing arguments");

const REF_PREFIX = "#/components/schemas/";
const DROPPED = new Set(["discriminator", "example", "nullable", "externalDocs", "xml"]);

// Converts one OpenAPI schema (3.0 or 3.1) into JSON Schema 2020-12 under the base id `base`; `component` is
// the name of the component schema being converted (the target of draft 2019's `$recursiveRef: "#"`).
function convert(node, base, component) {
  if (Array.isArray(node)) return node.map((n) => convert(n, base, component));
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("x-") || DROPPED.has(key) || key === "$recursiveAnchor") continue;
    if (key === "$ref" && typeof value === "string" && value.startsWith(REF_PREFIX)) {
      out.$ref = `${base}#/$defs/${value.slice(REF_PREFIX.length)}`;
    } else if (key === "$recursiveRef" && value === "#") {
      out.$ref = `${base}#/$defs/${component}`;
    } else if (key === "required" && Array.isArray(value)) {
      out.required = [...new Set(value)]; // the spec repeats some names; 2020-12 wants them unique
    } else if (key === "properties" && value && typeof value === "object") {
      out.properties = {};
      for (const [name, prop] of Object.entries(value)) out.properties[name] = convert(prop, base, component);
    } else if (key === "exclusiveMinimum" || key === "exclusiveMaximum") {
      // 3.0 booleans modify minimum/maximum; 3.1 numbers are already 2020-12
      if (typeof value === "number") out[key] = value;
    } else {
      out[key] = convert(value, base, component);
    }
  }
  if (node.exclusiveMinimum === true && typeof node.minimum === "number") {
    out.exclusiveMinimum = node.minimum;
    delete out.minimum;
  }
  if (node.exclusiveMaximum === true && typeof node.maximum === "number") {
    out.exclusiveMaximum = node.maximum;
    delete out.maximum;
  }
  // quirk 1 (and OpenAPI 3.0 nullable): optional properties may be null
  if (out.properties) {
    const required = new Set(Array.isArray(node.required) ? node.required : []);
    for (const [name, prop] of Object.entries(out.properties)) {
      const nullableIn30 = node.properties[name] && node.properties[name].nullable === true;
      if (!required.has(name) || nullableIn30) out.properties[name] = orNull(prop);
    }
  }
  return out;
}

function orNull(schema) {
  return { anyOf: [schema, { type: "null" }] };
}

const specs = new Map();
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
ajv.addFormat("unixtime", { type: "number", validate: (n) => Number.isInteger(n) });
ajv.addFormat("binary", true);

function loadSpec(name) {
  if (specs.has(name)) return specs.get(name);
  const file = path.join(specDir, name);
  if (!fs.existsSync(file)) usage(`no spec ${file}`);
  const doc = yaml.load(fs.readFileSync(file, "utf8"));
  const raw = (doc.components && doc.components.schemas) || {};
  // quirk 3
  if (raw.BatchRequestInput && raw.BatchRequestInput.properties && !raw.BatchRequestInput.properties.body) {
    raw.BatchRequestInput.properties.body = { type: "object" };
  }
  const base = `https://batchflux.test/${encodeURIComponent(name)}`;
  const defs = {};
  for (const [key, schema] of Object.entries(raw)) defs[key] = convert(schema, base, key);
  const entry = { base, raw, validators: new Map() };
  specs.set(name, entry);
  ajv.addSchema({ $id: base, $defs: defs });
  return entry;
}

function validatorFor(specName, schemaName) {
  const spec = loadSpec(specName);
  if (!spec.raw[schemaName]) throw new Error(`${specName} has no schema ${schemaName}`);
  let validate = spec.validators.get(schemaName);
  if (!validate) {
    validate = ajv.compile({ $ref: `${spec.base}#/$defs/${schemaName}` });
    spec.validators.set(schemaName, validate);
  }
  return validate;
}

// The property names a schema declares at its top level (following refs and allOf; anyOf/oneOf pooled).
function declaredProperties(specName, schema, seen = new Set()) {
  const names = new Set();
  if (!schema || typeof schema !== "object") return names;
  if (schema.$ref && schema.$ref.startsWith(REF_PREFIX)) {
    const target = schema.$ref.slice(REF_PREFIX.length);
    if (seen.has(target)) return names;
    seen.add(target);
    return declaredProperties(specName, loadSpec(specName).raw[target], seen);
  }
  for (const name of Object.keys(schema.properties || {})) names.add(name);
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    for (const sub of schema[key] || []) {
      for (const name of declaredProperties(specName, sub, seen)) names.add(name);
    }
  }
  if (schema.additionalProperties && schema.additionalProperties !== false) names.add("*");
  return names;
}

let samples;
try {
  samples = JSON.parse(fs.readFileSync(samplesFile, "utf8"));
} catch (e) {
  usage(`cannot read ${samplesFile}: ${e.message}`);
}
if (!Array.isArray(samples) || samples.length === 0) usage("the samples file must hold a non-empty array");

let failures = 0;
for (const [index, entry] of samples.entries()) {
  const label = entry.label || `sample ${index}`;
  const specName = entry.spec || "openapi.yaml";
  const problems = [];
  try {
    const validate = validatorFor(specName, entry.schema);
    if (!validate(entry.sample)) {
      for (const err of validate.errors) {
        problems.push(`${err.instancePath || "/"} ${err.message}` +
          (err.params && Object.keys(err.params).length ? ` ${JSON.stringify(err.params)}` : ""));
      }
    }
    if (entry.sample && typeof entry.sample === "object" && !Array.isArray(entry.sample)) {
      const declared = declaredProperties(specName, { $ref: REF_PREFIX + entry.schema });
      if (!declared.has("*")) {
        for (const key of Object.keys(entry.sample)) {
          if (!declared.has(key)) problems.push(`/${key} is not a property of ${entry.schema} in the spec`);
        }
      }
    }
  } catch (e) {
    problems.push(`cannot validate: ${e.message}`);
  }
  if (problems.length === 0) {
    console.log(`ok   ${label} (${entry.schema})`);
  } else {
    failures++;
    console.log(`FAIL ${label} (${entry.schema} in ${specName}):`);
    for (const p of problems) console.log(`       ${p}`);
    console.log(`       sample: ${JSON.stringify(entry.sample).slice(0, 2000)}`);
  }
}
console.log(`${samples.length - failures} of ${samples.length} samples conform`);
process.exit(failures === 0 ? 0 : 1);
