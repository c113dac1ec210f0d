// Shared by the node tests, the benchmark and the browser tests' fixtures: paths, bundled
// forms, and a complete answer set for the generated 200-item form.
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

export const wasmDir = join(dirname(fileURLToPath(import.meta.url)), "..");
export const rootDir = join(wasmDir, "..");
export const formsDir = join(rootDir, "crates/monshin-forms/forms");
export const examplesDir = join(rootDir, "crates/monshin-forms/examples");
export const TODAY = "2026-04-01";

/** Every bundled form: `{ name, definition, complete, draft, invalid? }` (JSON text). */
export function bundledForms() {
  return readdirSync(formsDir)
    .filter((f) => f.endsWith(".form.json"))
    .sort()
    .map((f) => {
      const name = f.replace(/\.form\.json$/, "");
      const read = (suffix) => {
        try {
          return readFileSync(join(examplesDir, `${name}.${suffix}.answers.json`), "utf8");
        } catch {
          return undefined;
        }
      };
      return {
        name,
        definition: readFileSync(join(formsDir, f), "utf8"),
        complete: read("complete"),
        draft: read("draft"),
        invalid: read("invalid"),
      };
    });
}

export function generatedDefinition() {
  return readFileSync(join(wasmDir, "test/fixtures/generated-200.form.json"), "utf8");
}

/** Fill the generated form completely through a session; returns the session. */
export function fillGenerated(form, today = TODAY) {
  const s = form.session(null, { today, mode: "complete" });
  const def = form.definition();
  for (const page of def.pages) {
    const p = page.number;
    const g = (x) => `G${p}_${x}`;
    const set = (id, v, seq = 1) => s.set(id, seq, v);
    set(g("Q1"), "1");
    set(g("Q1_D"), "頭痛");
    set(g("Q1_K"), "2");
    set(g("Q2"), "0");
    set(g("N1"), String(10 + p));
    set(g("N2"), "5");
    set(g("N3"), "36.5");
    set(g("D1"), "2020-01-01");
    set(g("M1"), "1,5");
    set(g("M1_O"), "その他の内容");
    set(g("S1"), "3");
    set(g("S1_X"), "理由");
    set(g("L1"), "自由記入の文章です。\n2行目です。");
    set(g("YM"), "2025-10");
    for (let r = 1; r <= 2; r++) {
      const { seq } = s.addRepetition(g("GRP"));
      s.set(g("GRP_NAME"), seq, r === 1 ? "父" : "母");
      s.set(g("GRP_AGE"), seq, String(30 + r));
      s.set(g("GRP_SICK"), seq, r === 1 ? "1" : "0");
      if (r === 1) s.set(g("GRP_SICK_D"), seq, "せき");
    }
  }
  s.set("FAMILY", 1, "3");
  return s;
}
