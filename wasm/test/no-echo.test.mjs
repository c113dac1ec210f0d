// node:test: nothing a user typed appears in an error of the WebAssembly API. A sentinel goes
// into every key, ID, value and option of what each entry point reads; no thrown MonshinError
// (message, location, findings) and no finding of a report contains it.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as monshin from "../pkg/node.js";
import { bundledForms, TODAY } from "./helpers.mjs";

const SENTINELS = ["YAMADA_Taro_19850401", "山田太郎"];
const pcv = bundledForms().find((f) => f.name === "vaccination-pcv");

/** What `fn` throws or returns, as text: everything a caller could show. */
function outcome(fn) {
  try {
    const r = fn();
    return JSON.stringify(r ?? null);
  } catch (e) {
    assert.equal(e.name, "MonshinError", String(e));
    assert.ok(e.code.includes("."), e.code);
    return JSON.stringify({ code: e.code, message: e.message, location: e.location, findings: e.findings });
  }
}

function poisoned(sentinel) {
  const base = () => JSON.parse(pcv.complete);
  const docs = [];
  const edit = (f) => {
    const d = base();
    f(d);
    docs.push(JSON.stringify(d));
  };
  edit((d) => (d[sentinel] = 1));
  edit((d) => (d.answers[0][sentinel] = 1));
  edit((d) => (d.answers[0].id = sentinel));
  edit((d) => (d.formId = sentinel));
  edit((d) => (d.status = sentinel));
  edit((d) => (d.answers[0].seq = sentinel));
  edit((d) => (d.lastPage = sentinel));
  return docs;
}

test("no entry point echoes a key, ID, value or option it was given", () => {
  const form = new monshin.Form(pcv.definition);
  let checked = 0;
  const check = (what, text, sentinel) => {
    assert.ok(!text.includes(sentinel), `${what} echoes it: ${text.slice(0, 400)}`);
    checked++;
  };
  for (const sentinel of SENTINELS) {
    for (const doc of poisoned(sentinel)) {
      const validated = outcome(() => form.validate(doc, { today: TODAY }));
      // A report's findings may name the form's own master IDs, never the typed one.
      check("validate", validated, sentinel);
      check("session", outcome(() => form.session(doc, { today: TODAY })), sentinel);
    }
    const s = form.session(null, { today: TODAY });
    check("set id", outcome(() => s.set(sentinel, 1, "1")), sentinel);
    check("clear id", outcome(() => s.clear(sentinel, 1)), sentinel);
    check("addRepetition", outcome(() => s.addRepetition(sentinel)), sentinel);
    check("removeRepetition", outcome(() => s.removeRepetition(sentinel, 1)), sentinel);
    check("set value", outcome(() => s.set("PCV_TEMP", 1, sentinel).cells.map((c) => c.findings)), sentinel);
    check("validate option key", outcome(() => form.validate(pcv.complete, { [sentinel]: 1 })), sentinel);
    check("validate mode", outcome(() => form.validate(pcv.complete, { mode: sentinel })), sentinel);
    check("validate today", outcome(() => form.validate(pcv.complete, { today: sentinel })), sentinel);
    check("set option", outcome(() => s.set("PCV_TEMP", 1, "36.5", { [sentinel]: true })), sentinel);
    check("answers status", outcome(() => s.answers({ status: sentinel })), sentinel);
    check("setMode", outcome(() => s.setMode(sentinel)), sentinel);
    const def = JSON.parse(pcv.definition);
    def[sentinel] = 1;
    check("lint unknown key", outcome(() => monshin.lintDefinition(JSON.stringify(def))), sentinel);
    check("Form unknown key", outcome(() => new monshin.Form(JSON.stringify(def))), sentinel);
    const read = { formId: sentinel, [sentinel]: 1 };
    check("resume", outcome(() => form.resume(read, { today: TODAY })), sentinel);
  }
  assert.ok(checked >= 50, `${checked} checks`);
});

test("an unknown answer ID is located by a JSON Pointer and described by its shape", () => {
  const form = new monshin.Form(pcv.definition);
  const d = JSON.parse(pcv.complete);
  d.answers.push({ id: "YAMADA_Taro", seq: 1, value: "1" });
  const f = form.validate(JSON.stringify(d), { today: TODAY }).findings.find((x) => x.code === "answers.unknown-item");
  assert.equal(f.location.pointer, `/answers/${d.answers.length - 1}/id`);
  assert.equal(f.location.masterId, undefined);
  assert.match(f.message, /11 chars, letters\+symbols, #[0-9a-f]{6}/);
});
