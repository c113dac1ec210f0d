// Benchmarks of monshin-wasm in node: package size, per-change cost of a session on the
// generated 200-item form (incremental vs whole-form re-validation), full validation of
// complete answer sets beside JSON.parse + ajv with the form's JSON Schema (from
// `monshin schema FORM --mode complete`), and — when the package was built with
// `MONSHIN_WASM_FEATURES=bench-codecs ./build.sh` — serde-wasm-bindgen vs JSON text.
//
// Usage: node bench/bench.mjs [--quick] [--json FILE]
// Numbers are medians of 9 rounds after a warm-up; the machine is shared, so expect noise.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import * as monshin from "../pkg/node.js";
import Ajv2020 from "ajv/dist/2020.js";
import { bundledForms, fillGenerated, generatedDefinition, wasmDir, rootDir, TODAY } from "../test/helpers.mjs";

const quick = process.argv.includes("--quick");
const jsonOut = process.argv.includes("--json") ? process.argv[process.argv.indexOf("--json") + 1] : null;
const scale = quick ? 0.2 : 1;
const results = {};

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** µs per call of fn(i), median of rounds. */
function measure(fn, n) {
  n = Math.max(10, Math.round(n * scale));
  for (let i = 0; i < Math.min(n, 300); i++) fn(i);
  const rounds = [];
  for (let r = 0; r < 9; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn(i);
    rounds.push(Number(process.hrtime.bigint() - t0) / n / 1000);
  }
  return median(rounds);
}

const fmt = (us) => `${us.toFixed(us < 10 ? 2 : 1)} µs`;

// ---- sizes -------------------------------------------------------------------------------------
const sizes = {};
for (const f of ["monshin_wasm_bg.wasm", "monshin_wasm.js"]) {
  const bytes = readFileSync(join(wasmDir, "pkg", f));
  sizes[f] = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}
results.sizes = sizes;
console.log("== package size");
for (const [f, s] of Object.entries(sizes)) {
  console.log(`  ${f.padEnd(24)} ${String(s.raw).padStart(8)} B raw  ${String(s.gzip).padStart(8)} B gzip (${(s.gzip / 1024).toFixed(1)} KiB)`);
}

// ---- per-change cost -----------------------------------------------------------------------------
const gen = new monshin.Form(generatedDefinition());
console.log(`\n== per-change cost, generated form (${gen.info().itemCount} items)`);
const filled = fillGenerated(gen);
// A complete, valid answer set of the generated form (taken before the edits below).
const answersText = filled.answersJson({ status: "answered" });
// A mix of edits a person makes: typing text, toggling a question with follow-ups, numbers
// feeding a calculation, a constraint and a form-wide sum, a date used by an age, choices
// with requiredWhen, group rows.
const edits = [];
for (let p = 1; p <= 9; p++) {
  const g = (x) => `G${p}_${x}`;
  edits.push(
    [g("Q1_D"), 1, ["頭痛", "腹痛", "発熱"]],
    [g("Q1"), 1, ["0", "1"]],
    [g("Q2"), 1, ["1", "0"]],
    [g("N1"), 1, ["12", "250", "7"]],
    [g("N2"), 1, ["3", "9"]],
    [g("N3"), 1, ["36.5", "38.1"]],
    [g("D1"), 1, ["2020-01-01", "2019-05-05"]],
    [g("M1"), 1, ["1,5", "2"]],
    [g("S1"), 1, ["3", "1"]],
    [g("GRP_SICK"), 1, ["0", "1"]],
    [g("GRP_AGE"), 2, ["40", "41"]],
  );
}
let k = 0;
let touched = 0;
let changes = 0;
const perChange = measure(() => {
  const [id, seq, values] = edits[k % edits.length];
  const change = filled.set(id, seq, values[Math.floor(k / edits.length) % values.length]);
  touched += change.cells.length;
  changes++;
  k++;
}, 20000);
const wholeForm = measure(() => filled.validate({ mode: "complete" }), 1000);
const fullFromText = measure(() => gen.validate(answersText, { today: TODAY }), 500);
const addRemove = measure((i) => {
  const c = filled.addRepetition("G5_GRP");
  filled.set("G5_GRP_NAME", c.seq, "兄");
  filled.removeRepetition("G5_GRP", c.seq);
}, 3000);
results.perChange = {
  items: gen.info().itemCount,
  setMedianUs: perChange,
  cellsReportedPerChange: touched / changes,
  wholeFormSessionValidateUs: wholeForm,
  wholeFormValidateFromJsonUs: fullFromText,
  addFillRemoveRepetitionUs: addRemove,
};
console.log(`  session.set (mixed edits, result included)   ${fmt(perChange)} per change  (${(touched / changes).toFixed(1)} cells re-evaluated/reported)`);
console.log(`  for comparison: session.validate() whole form ${fmt(wholeForm)}`);
console.log(`  for comparison: Form.validate(JSON text)      ${fmt(fullFromText)}`);
console.log(`  addRepetition + set + removeRepetition        ${fmt(addRemove)}`);

// ---- full validation vs JSON.parse + ajv ------------------------------------------------------
console.log("\n== full validation of a complete answer set: monshin-wasm vs JSON.parse + ajv");
const schemaDir = join(wasmDir, "artifacts/schemas");
mkdirSync(schemaDir, { recursive: true });
function schemaFor(formArg, key, mode = "complete") {
  const file = join(schemaDir, `${key}.${mode}.schema.json`);
  if (!existsSync(file)) {
    const text = execFileSync("cargo", ["run", "-q", "--locked", "-p", "monshin-cli", "--", "schema", formArg, "--mode", mode], {
      cwd: rootDir,
      encoding: "utf8",
      maxBuffer: 64 << 20,
      timeout: 600_000,
    });
    writeFileSync(file, text);
  }
  return JSON.parse(readFileSync(file, "utf8"));
}
const cases = bundledForms().map((b) => ({ key: b.name, formArg: b.name, definition: b.definition, answers: b.complete }));
cases.push({ key: "generated-200", formArg: join(wasmDir, "test/fixtures/generated-200.form.json"), definition: generatedDefinition(), answers: answersText });
results.validation = [];
const ajv = new Ajv2020({ allErrors: true, strict: false });
for (const c of cases) {
  let schema;
  try {
    schema = schemaFor(c.formArg, c.key);
  } catch (e) {
    console.log(`  ${c.key}: no schema (monshin schema failed: ${String(e.message).split("\n")[0]}); skipped`);
    continue;
  }
  const form = new monshin.Form(c.definition);
  const validateSchema = ajv.compile(schema);
  const ours = form.validate(c.answers, { today: TODAY });
  const theirs = validateSchema(JSON.parse(c.answers));
  if (!ours.valid || !theirs) {
    console.log(`  ${c.key}: example not valid (monshin ${ours.valid}, ajv ${theirs}); skipped`);
    continue;
  }
  const tWasm = measure(() => form.validate(c.answers, { today: TODAY }), 2000);
  const tAjv = measure(() => validateSchema(JSON.parse(c.answers)), quick ? 50 : 300);
  // The draft-rules schema (shape and encodings only) is much cheaper for ajv.
  const validateDraft = ajv.compile(schemaFor(c.formArg, c.key, "draft"));
  const tAjvDraft = measure(() => validateDraft(JSON.parse(c.answers)), quick ? 50 : 300);
  const answers = JSON.parse(c.answers).answers.length;
  results.validation.push({ form: c.key, answers, bytes: c.answers.length, monshinUs: tWasm, ajvCompleteUs: tAjv, ajvDraftUs: tAjvDraft, ratioComplete: tWasm / tAjv, ratioDraft: tWasm / tAjvDraft });
  console.log(`  ${c.key.padEnd(24)} ${String(answers).padStart(3)} answers  monshin ${fmt(tWasm).padStart(9)}   JSON.parse+ajv complete-rules schema ${fmt(tAjv).padStart(10)} (ratio ${(tWasm / tAjv).toFixed(3)})   draft-rules schema ${fmt(tAjvDraft).padStart(9)} (ratio ${(tWasm / tAjvDraft).toFixed(2)})`);
}

// ---- codecs -------------------------------------------------------------------------------------
if (typeof monshin.__setCodec === "function") {
  console.log("\n== serde-wasm-bindgen vs JSON text (build with bench-codecs)");
  const pcv = bundledForms().find((b) => b.name === "vaccination-pcv");
  const pcvForm = new monshin.Form(pcv.definition);
  const pcvObject = JSON.parse(pcv.complete);
  const rows = {};
  for (const codec of ["serde", "json", "serde", "json"]) {
    monshin.__setCodec(codec);
    const s = gen.session(null, { today: TODAY, mode: "complete" });
    const one = {
      "answer set object in, Report out": measure(() => pcvForm.validate(pcvObject, { today: TODAY }), 2000),
      "answer set text in, invalid Report out": measure(() => pcvForm.validate(pcv.invalid, { today: TODAY }), 2000),
      "session.set → Change": measure((i) => s.set("G1_N1", 1, String(i % 300)), 10000),
      "session.view() (200 items)": measure(() => s.view(), 300),
    };
    for (const [name, v] of Object.entries(one)) rows[name] = { ...(rows[name] ?? {}), [codec]: Math.min(rows[name]?.[codec] ?? Infinity, v) };
  }
  monshin.__setCodec("serde");
  results.codecs = rows;
  for (const [name, r] of Object.entries(rows)) {
    console.log(`  ${name.padEnd(40)} serde-wasm-bindgen ${fmt(r.serde).padStart(9)}   JSON text ${fmt(r.json).padStart(9)}`);
  }
}

if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 2));
