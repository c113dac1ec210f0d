// node:test of the FHIR module (wasm/pkg-fhir/, built with the `fhir` feature): import a
// Questionnaire, validate QuestionnaireResponses; and the engine module does not carry it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as fhir from "../pkg-fhir/node.js";
import * as engine from "../pkg/node.js";
import { rootDir, TODAY } from "./helpers.mjs";

const fixtures = join(rootDir, "crates/monshin-fhir/tests/fixtures");
const read = (name) => readFileSync(join(fixtures, name), "utf8");
const family = read("family.questionnaire.json");
const disabledIn3rd = read("family-disabled-in-3rd.response.json");

test("fhirImport reads JSON and XML questionnaires into the same definition", () => {
  const json = fhir.fhirImport(read("small.questionnaire.json"));
  const xml = fhir.fhirImport(read("small.questionnaire.xml"));
  assert.equal(json.valid, true, JSON.stringify(json.findings));
  assert.deepEqual(xml.definition, json.definition);
  const temp = json.definition.pages[0].items.find((i) => i.id === "temp");
  assert.equal(temp.enableWhen, "$fever = true");
  // A JS object works as well as text.
  assert.deepEqual(fhir.fhirImport(JSON.parse(read("small.questionnaire.json"))).definition, json.definition);
});

test("fhirImport reports what cannot be mapped, with FHIR paths", () => {
  const result = fhir.fhirImport(read("all-types.questionnaire.json"), "child-checkup");
  assert.equal(result.valid, false);
  assert.equal(result.definition.formKind, "child-checkup");
  const at = result.findings.map((f) => `${f.code} ${f.expression}`);
  assert.ok(at.includes("fhir.unsupported-item-type Questionnaire.item[23]"), at.join("\n"));
});

test("fhirValidate reports the disabled item in the third repetition, as an OperationOutcome too", () => {
  const report = fhir.fhirValidate(family, disabledIn3rd, TODAY);
  assert.equal(report.valid, false);
  assert.equal(report.mode, "complete");
  assert.deepEqual(
    report.findings.map((f) => [f.code, f.expression]),
    [["answers.answered-while-disabled", "QuestionnaireResponse.item[3].item[2]"]],
  );
  assert.equal(report.operationOutcome.resourceType, "OperationOutcome");
  assert.deepEqual(report.operationOutcome.issue[0].expression, ["QuestionnaireResponse.item[3].item[2]"]);
  assert.ok(!JSON.stringify(report).includes("SENTINEL"), "no answer value in the report");
  const draft = JSON.parse(disabledIn3rd);
  draft.status = "in-progress";
  const asDraft = fhir.fhirValidate(family, draft, TODAY);
  assert.equal(asDraft.mode, "draft");
  assert.equal(asDraft.valid, true, JSON.stringify(asDraft.findings));
});

test("errors are MonshinErrors with fhir codes", () => {
  let caught;
  try {
    fhir.fhirValidate(family, '{"resourceType":"Patient"}', TODAY);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, "MonshinError");
  assert.equal(caught.code, "fhir.wrong-resource");
});

test("the engine module does not carry FHIR", () => {
  assert.equal(typeof engine.fhirImport, "undefined");
  assert.equal(typeof engine.fhirValidate, "undefined");
  assert.equal(typeof fhir.lintDefinition, typeof engine.lintDefinition);
});
