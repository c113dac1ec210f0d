// The catalogue in JavaScript: PMH list entries resolve to definitions and parameters; an entry
// without a form comes back with its typed code and without its values.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { rootDir } from "./helpers.mjs";
import * as monshin from "../pkg/node.js";

const catalogueText = readFileSync(join(rootDir, "crates/monshin-forms/catalogue.json"), "utf8");

test("a vaccination list resolves entry by entry through the catalogue", () => {
  const catalogue = new monshin.Catalogue(catalogueText);
  assert.ok(catalogue.entries().vaccinations.some((e) => e.dose === 4 && e.definition.id === "vaccination-pcv"));
  const kind = (code, dose, name = "小児用肺炎球菌") => ({ vaccineCommonName: name, vaccineType: code, doseNumber: dose });
  const got = catalogue.resolveList({
    vaccinations: [
      { formId: "Y-PCV15-3", scheduleId: "S-1", kind: kind("13", 3) },
      { formId: "Y-X-1", scheduleId: "S-2", kind: kind("SENTINEL-99", 1, "SENTINEL-ワクチン") },
    ],
  });
  assert.deepEqual(got[0], {
    pmhId: "Y-PCV15-3",
    definition: "vaccination-pcv",
    version: "2026.1",
    params: { dose: "3", doseLabel: "初回3回目" },
  });
  assert.deepEqual(got[1], { pmhId: "Y-X-1", params: {}, noForm: "catalogue.unknown-vaccine" });
  assert.ok(!JSON.stringify(got).includes("SENTINEL"));
});

test("check-ups resolve by name; a bad list throws its wire code", () => {
  const catalogue = new monshin.Catalogue(JSON.parse(catalogueText));
  const got = catalogue.resolveList({
    checkups: [{ checkupId: "C-2026-18M-0509", name: "1歳6か月児健康診査", answerable: true, status: "下書き" }],
  });
  assert.equal(got[0].definition, "child-1y6m");
  assert.throws(() => catalogue.resolveList({ vaccinations: 3 }), (e) => e.code.startsWith("wire."));
  assert.throws(() => new monshin.Catalogue("{"), (e) => e.code === "json-syntax");
});
