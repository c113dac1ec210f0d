// The package's TypeScript declarations: generated types included verbatim, and they type a
// real use of the API under `tsc --strict`. Also: the generated benchmark form is current.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { wasmDir } from "./helpers.mjs";
import { generateForm } from "../bench/generate-form.mjs";

test("pkg declarations contain types/monshin.d.ts", () => {
  const generated = readFileSync(join(wasmDir, "types/monshin.d.ts"), "utf8");
  const pkg = readFileSync(join(wasmDir, "pkg/monshin_wasm.d.ts"), "utf8");
  assert.ok(pkg.includes(generated.trim()), "wasm-bindgen output lacks the generated types");
});

test("the declarations type-check a use of the API (tsc --strict)", () => {
  const tsc = join(wasmDir, "node_modules/.bin/tsc");
  try {
    execFileSync(tsc, ["-p", join(wasmDir, "test/tsconfig.json")], { encoding: "utf8", timeout: 120_000 });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

test("test/fixtures/generated-200.form.json is what bench/generate-form.mjs writes", () => {
  const fixture = JSON.parse(readFileSync(join(wasmDir, "test/fixtures/generated-200.form.json"), "utf8"));
  assert.deepEqual(fixture, generateForm());
});
