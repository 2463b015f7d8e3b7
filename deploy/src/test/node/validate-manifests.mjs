// Validates every document of the YAML files given against the schema of its apiVersion and kind, offline: the
// built-in kinds with kubernetes-models (Kubernetes' OpenAPI schemas), the custom resources the chart renders with the
// same project's packages for their operators. Prints one line per problem; exits 1 if there is any, 2 on a usage error.
// The schemas check types, required fields, enums and formats; like Kubernetes' own OpenAPI schemas they allow
// unknown fields (the API server's strict field validation refuses those at install).
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

// The package holding each API group's models; the core group ("v1") and the other built-in groups are in
// kubernetes-models.
const CUSTOM_RESOURCE_PACKAGES = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "keda.sh": "@kubernetes-models/keda",
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
};

async function model(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  const base = CUSTOM_RESOURCE_PACKAGES[group] ?? "kubernetes-models";
  try {
    const module = await import(`${base}/${apiVersion}/${kind}`);
    return module[kind];
  } catch {
    return undefined;
  }
}

async function problems(document, where) {
  if (document.errors.length > 0) {
    return document.errors.map((error) => `${where}: not YAML: ${error.message}`);
  }
  const manifest = document.toJS();
  if (manifest === null || manifest === undefined) {
    return [];
  }
  const { apiVersion, kind } = manifest;
  const name = `${where}: ${kind ?? "?"} ${manifest.metadata?.name ?? "?"}`;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return [`${name}: no apiVersion and kind`];
  }
  const Model = await model(apiVersion, kind);
  if (Model === undefined) {
    return [`${name}: no schema known for ${apiVersion} ${kind}`];
  }
  try {
    new Model(manifest).validate();
    return [];
  } catch (error) {
    return [`${name} (${apiVersion}): ${error.message}`];
  }
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate-manifests.mjs <manifests.yaml>...");
  process.exit(2);
}
let found = [];
let validated = 0;
for (const file of files) {
  // YAML 1.1, as Kubernetes and Helm read it: "yes" or "on" unquoted is a boolean there, not a string.
  const documents = parseAllDocuments(readFileSync(file, "utf8"), { version: "1.1" });
  for (const [index, document] of documents.entries()) {
    const more = await problems(document, `${file}#${index + 1}`);
    found = found.concat(more);
    validated++;
  }
}
found.forEach((problem) => console.log(problem));
console.log(`${validated} documents, ${found.length} problems`);
process.exit(found.length > 0 ? 1 : 0);
