// node:test of the JavaScript API in node: lint, forms, validation, sessions, PMH link.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import * as monshin from "../pkg/node.js";
import { bundledForms, fillGenerated, generatedDefinition, rootDir, TODAY } from "./helpers.mjs";

const forms = bundledForms();
const byName = (n) => forms.find((f) => f.name === n);
const pcv = byName("vaccination-pcv");

/** Run `fn`, expect it to throw a MonshinError with `code`; return the error. */
function throwsCode(fn, code) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught, `expected ${code} to be thrown`);
  assert.equal(typeof caught, "object", "errors are objects, never strings");
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, "MonshinError");
  assert.equal(caught.code, code, caught.message);
  assert.equal(typeof caught.message, "string");
  assert.equal(typeof caught.location, "object");
  return caught;
}

test("lintDefinition reports codes, fields and spans, and never throws", () => {
  for (const f of forms) {
    const r = monshin.lintDefinition(f.definition);
    assert.equal(r.valid, true, f.name);
    assert.ok(!r.findings.some((x) => x.severity === "error"));
  }
  const def = JSON.parse(pcv.definition);
  def.pages[0].items[0].enableWhen = "$PCV_SEX = '1' and $NO_SUCH = 2";
  def.pages[0].items[1].options = [{ code: "1", label: "はい" }];
  const r = monshin.lintDefinition(JSON.stringify(def));
  assert.equal(r.valid, false);
  const bad = r.findings.find((x) => x.code === "definition.bad-expression");
  assert.ok(bad, JSON.stringify(r.findings));
  assert.equal(bad.location.field, "enableWhen");
  assert.equal(bad.location.masterId, def.pages[0].items[0].id);
  const expr = def.pages[0].items[0].enableWhen;
  assert.deepEqual(bad.location.span, { offset: expr.indexOf("$NO_SUCH"), length: "$NO_SUCH".length });
  assert.equal(bad.detailCode, "expr.unknown-item");
  assert.ok(r.findings.some((x) => x.code === "definition.invalid-item-field" && x.location.field === "options"));

  const syntax = monshin.lintDefinition('{"formKind": "vaccination",');
  assert.equal(syntax.valid, false);
  assert.equal(syntax.error.code, "document.json-syntax");
  assert.equal(syntax.error.location.line, 1);
  const shape = monshin.lintDefinition('{"formKind": "vaccination", "id": 3}');
  assert.equal(shape.error.code, "document.json-shape");
  assert.equal(shape.error.location.pointer, "/id");
});

test("Form compiles every bundled form and throws invalid-definition with findings", () => {
  for (const f of forms) {
    const form = new monshin.Form(f.definition);
    const info = form.info();
    assert.equal(info.id, JSON.parse(f.definition).id);
    assert.ok(info.pages.length >= 3);
    assert.ok(info.itemCount >= 25);
    assert.deepEqual(form.definition(), JSON.parse(f.definition));
    const items = form.items();
    assert.equal(items.length, info.itemCount);
    assert.ok(items.some((i) => i.group));
    form.free();
  }
  const e = throwsCode(() => new monshin.Form('{"formKind":"vaccination","id":"V","title":"t","version":"1","pages":[]}'), "document.invalid-definition");
  assert.ok(e.findings.some((f) => f.code === "definition.empty-page"));
  throwsCode(() => new monshin.Form("not json"), "document.json-syntax");
});

test("dependenciesOf lists what an item's expressions read", () => {
  const form = new monshin.Form(pcv.definition);
  const deps = form.dependenciesOf("PCV_AGE_M");
  assert.deepEqual(deps, ["PCV_BIRTH"]);
  assert.deepEqual(form.dependenciesOf("NO_SUCH"), []);
});

test("Form.validate: text and object inputs agree; modes; examples", () => {
  for (const f of forms) {
    const form = new monshin.Form(f.definition);
    const fromText = form.validate(f.complete, { today: TODAY });
    const fromObject = form.validate(JSON.parse(f.complete), { today: TODAY });
    assert.deepEqual(fromText, fromObject);
    assert.equal(fromText.valid, true, `${f.name}: ${JSON.stringify(fromText.findings)}`);
    const draft = form.validate(f.draft, { today: TODAY });
    assert.equal(draft.valid, true, f.name);
    const draftAsComplete = form.validate(f.draft, { today: TODAY, mode: "complete" });
    assert.equal(draftAsComplete.valid, false, f.name);
    assert.ok(draftAsComplete.findings.some((x) => x.code === "answers.required-missing"));
  }
  const form = new monshin.Form(pcv.definition);
  const r = form.validate(pcv.invalid, { today: TODAY });
  const codes = new Set(r.findings.map((f) => f.code));
  for (const c of ["answers.out-of-range", "answers.needs-normalization", "answers.answered-while-disabled", "answers.repeat-seq-gap", "answers.unknown-item"]) {
    assert.ok(codes.has(c), `${c} in ${[...codes]}`);
  }
  const e = throwsCode(() => form.validate('{"definition": "vaccination-pcv", "status": "draft", "answers": [}'), "document.json-syntax");
  assert.equal(e.location.line, 1);
  throwsCode(() => form.validate(pcv.complete, { today: "2026/04/01" }), "wasm.bad-date");
  throwsCode(() => form.validate(pcv.complete, { todya: TODAY }), "wasm.bad-option");
});

test("validate options: the one-call reader of plain options and the key-by-key reader agree", () => {
  const form = new monshin.Form(pcv.definition);
  const draft = form.validate(pcv.draft, { today: TODAY, mode: "draft" });
  const complete = form.validate(pcv.draft, { today: TODAY, mode: "complete" });
  assert.ok(complete.findings.length > draft.findings.length, "complete mode reports more on a draft");
  // The same options through the key-by-key reader: an object the one-call reader declines
  // (a key inherited from its prototype, read by both) gives the same reports.
  const inherited = Object.create({ mode: "complete" });
  inherited.today = TODAY;
  assert.deepEqual(form.validate(pcv.draft, inherited), complete);
  assert.deepEqual(form.validate(pcv.draft, { today: TODAY, mode: null }), form.validate(pcv.draft, { today: TODAY }));
  // Dates of the right shape that do not exist, or before year 1000, are refused either way.
  for (const today of ["2026-02-30", "2026-13-01", "0999-01-01", "2026-1-01", "２０２６-04-01", "2026-04-01 "]) {
    throwsCode(() => form.validate(pcv.complete, { today }), "wasm.bad-date");
  }
  throwsCode(() => form.validate(pcv.complete, { today: 20260401 }), "wasm.bad-option");
  throwsCode(() => form.validate(pcv.complete, { mode: "Complete" }), "wasm.bad-option");
  throwsCode(() => form.validate(pcv.complete, ["x"]), "wasm.bad-option");
  throwsCode(() => form.validate(pcv.complete, "today"), "wasm.bad-option");
  // A getter that throws is read as absent by both readers, never thrown through the module.
  const throwing = { get mode() { throw new Error("getter"); }, today: TODAY };
  assert.deepEqual(form.validate(pcv.draft, throwing), form.validate(pcv.draft, { today: TODAY }));
  // A valid report is a fresh object each call.
  const a = form.validate(pcv.complete, { today: TODAY });
  const b = form.validate(pcv.complete, { today: TODAY });
  assert.deepEqual(a, { valid: true, findings: [] });
  assert.notEqual(a, b);
  a.findings.push(1);
  assert.equal(b.findings.length, 0);
});

test("documents enter the module whole: any text size, non-ASCII, objects, unreadable values", () => {
  const form = new monshin.Form(pcv.definition);
  const expected = form.validate(pcv.invalid, { today: TODAY });
  // The text is written into a buffer the module keeps: a large document grows it (and it is
  // given back after), smaller ones after it must read only their own bytes.
  const padded = pcv.invalid.replace("{", "{" + " ".repeat(2 << 20));
  assert.deepEqual(form.validate(padded, { today: TODAY }), expected);
  assert.deepEqual(form.validate(pcv.invalid, { today: TODAY }), expected);
  assert.deepEqual(form.validate(JSON.parse(pcv.invalid), { today: TODAY }), expected);
  const short = '{"definition":"vaccination-pcv","status":"draft","answers":[]}';
  assert.equal(form.validate(short, { today: TODAY }).findings.length, form.validate(JSON.parse(short), { today: TODAY }).findings.length);
  // Non-ASCII text, and a lone surrogate: in text it is encoded as U+FFFD and read; in an
  // object JSON.stringify escapes it, and a lone surrogate escape is not JSON the readers take.
  const set = JSON.parse(pcv.complete);
  const free = set.answers.find((a) => /[^\x00-\x7f]/.test(a.value)) ?? set.answers[0];
  free.value = "発熱なし";
  assert.deepEqual(form.validate(set, { today: TODAY }), form.validate(JSON.stringify(set), { today: TODAY }));
  free.value = "発熱なし\ud800";
  const withSurrogate = JSON.stringify(set).replace("\\ud800", "\ud800");
  free.value = "発熱なし\ufffd";
  assert.deepEqual(form.validate(withSurrogate, { today: TODAY }), form.validate(set, { today: TODAY }));
  free.value = "発熱なし\ud800";
  throwsCode(() => form.validate(set, { today: TODAY }), "document.json-syntax");
  // What JSON.stringify cannot write is an unreadable document, not an exception of the binding.
  const cyclic = JSON.parse(short);
  cyclic.self = cyclic;
  throwsCode(() => form.validate(cyclic, { today: TODAY }), "document.json-syntax");
  throwsCode(() => form.validate(undefined, { today: TODAY }), "document.json-syntax");
  throwsCode(() => form.validate(() => 1, { today: TODAY }), "document.json-syntax");
});

test("messages and errors never contain answer values", () => {
  const form = new monshin.Form(pcv.definition);
  const invalid = JSON.parse(pcv.invalid);
  const r = form.validate(pcv.invalid, { today: TODAY });
  const text = JSON.stringify(r.findings.map((f) => f.message));
  for (const a of invalid.answers) {
    if (a.value.length >= 3) assert.ok(!text.includes(a.value), `message leaks ${a.id}`);
  }
  const s = form.session(null, { today: TODAY });
  const secret = "秘密の病名ABC";
  const e = throwsCode(() => s.set("NO_SUCH_ITEM", 1, secret), "session.unknown-item");
  assert.ok(!e.message.includes(secret) && !JSON.stringify(e.location).includes(secret));
  const e2 = throwsCode(() => form.validate(`{"definition":"vaccination-pcv","status":"draft","lastPage":1,"answers":[{"id":"PCV_TEMP","seq":"${secret}","value":"1"}]}`), "document.json-shape");
  assert.ok(!e2.message.includes(secret));
});

test("session: follow-up questions appear and disappear; pages; calculated values", () => {
  const form = new monshin.Form(pcv.definition);
  const s = form.session(null, { today: TODAY });
  const detail = () => s.view().cells.find((c) => c.id === "PCV_UNWELL_DETAIL");
  assert.equal(detail().enabled, false);
  let change = s.set("PCV_UNWELL", 1, "1");
  const cell = change.cells.find((c) => c.id === "PCV_UNWELL_DETAIL");
  assert.ok(cell, "the follow-up is re-evaluated");
  assert.equal(cell.enabled, true);
  assert.ok(s.visibleItems().some((v) => v.id === "PCV_UNWELL_DETAIL"));
  change = s.set("PCV_UNWELL", 1, "0");
  assert.equal(change.cells.find((c) => c.id === "PCV_UNWELL_DETAIL").enabled, false);
  assert.deepEqual(s.visiblePages(), form.info().pages.map((p) => p.number));

  change = s.set("PCV_BIRTH", 1, "2025-10-06");
  const age = change.cells.find((c) => c.id === "PCV_AGE_M");
  assert.equal(age.computed, "5");
  change = s.clear("PCV_BIRTH", 1);
  assert.equal(change.cells.find((c) => c.id === "PCV_AGE_M").computed, undefined);
});

test("session: repetitions are added, filled and removed; bounds are errors", () => {
  const form = new monshin.Form(pcv.definition);
  const s = form.session(null, { today: TODAY });
  const group = form.items().find((i) => i.type === "group");
  const members = form.items().filter((i) => i.group === group.id);
  const def = form.definition();
  const groupDef = def.pages.flatMap((p) => p.items).find((i) => i.id === group.id);
  let c = s.addRepetition(group.id);
  assert.equal(c.seq, 1);
  assert.equal(c.groups[0].rows, 1);
  assert.equal(c.groups[0].repetitions, 0, "an empty row is not a repetition");
  c = s.addRepetition(group.id);
  assert.equal(c.seq, 2);
  const first = members.find((m) => m.type === "single-choice" || m.type === "text");
  const value = first.type === "text" ? "テスト" : groupDef.items.find((i) => i.id === first.id).options[0].code;
  c = s.set(first.id, 2, value);
  assert.equal(c.groups.find((g) => g.id === group.id).repetitions, 2);
  // Row 1 is empty between: the answer set has a seq gap.
  assert.ok(s.validate().findings.some((f) => f.code === "answers.repeat-seq-gap"));
  c = s.removeRepetition(group.id, 1);
  assert.equal(c.groups[0].rows, 1);
  assert.equal(s.answers().answers.find((a) => a.id === first.id).seq, 1, "rows moved up");
  assert.ok(!s.validate().findings.some((f) => f.code === "answers.repeat-seq-gap"));
  throwsCode(() => s.removeRepetition(group.id, 5), "session.no-such-repetition");
  throwsCode(() => s.set(first.id, 4, value), "session.no-such-repetition");
  throwsCode(() => s.addRepetition("PCV_TEMP"), "session.not-a-group");
  for (let i = 1; i < (groupDef.maxRepeat ?? 1000); i++) s.addRepetition(group.id);
  throwsCode(() => s.addRepetition(group.id), "session.too-many-repeats");
});

test("session: set with normalize stores canonical text and says what it did", () => {
  const form = new monshin.Form(pcv.definition);
  const s = form.session(null, { today: TODAY });
  let c = s.set("PCV_TEMP", 1, "３６．５");
  assert.equal(c.cells[0].findings[0].code, "answers.needs-normalization");
  c = s.set("PCV_TEMP", 1, "３６．５", { normalize: true });
  assert.deepEqual(c.normalized, { value: "36.5", rules: ["full-width"] });
  assert.equal(c.cells[0].value, "36.5");
  assert.deepEqual(c.cells[0].findings, []);
  c = s.set("PCV_BIRTH", 1, "令和7年10月6日", { normalize: true });
  assert.equal(c.normalized.value, "2025-10-06");
  assert.ok(c.normalized.rules.includes("era-date"));
});

test("session: as-you-type normalisation of Japanese input, refusals with their own codes", () => {
  const form = new monshin.Form(pcv.definition);
  const s = form.session(null, { today: TODAY });
  const typed = (id, text) => s.set(id, 1, text, { normalize: true });
  let c = typed("PCV_TEMP", "36度5分");
  assert.deepEqual(c.normalized, { value: "36.5", rules: ["unit-removed"] });
  c = typed("PCV_BIRTH_WEIGHT", "3.25kg");
  assert.deepEqual(c.normalized, { value: "3250", rules: ["unit-converted"] });
  c = typed("PCV_BIRTH_WEIGHT", "不明");
  assert.deepEqual(c.normalized, { value: "unknown", rules: ["unknown-word"] });
  assert.deepEqual(c.cells[0].findings, []);
  c = typed("PCV_DELIVERY_ABN", "なかった");
  assert.deepEqual(c.normalized, { value: "0", rules: ["yes-no-label"] });
  c = typed("PCV_BIRTH", "Ｈ３１．４．３０");
  assert.deepEqual(c.normalized, { value: "2019-04-30", rules: ["full-width", "era-date"] });
  // Refused: stored as typed, reported with the refusal's own code, never moved to 令和.
  c = typed("PCV_BIRTH", "平成31年5月1日");
  assert.ok(c.normalized == null);
  assert.equal(c.cells[0].findings[0].code, "answers.date-outside-era");
  assert.ok(!c.cells[0].findings[0].message.includes("31"), "the message never echoes the value");
  c = typed("PCV_BIRTH", "令和6年2月30日");
  assert.equal(c.cells[0].findings[0].code, "answers.nonexistent-date");
});

test("session findings equal Form.validate of the session's answers, by page and mode", () => {
  for (const f of forms) {
    const form = new monshin.Form(f.definition);
    const s = form.session(f.complete, { today: TODAY });
    // Edit a few answers (including invalid and non-canonical text) and compare.
    const answers = JSON.parse(f.complete).answers;
    for (const [i, a] of answers.entries()) {
      if (i % 5 === 0) s.set(a.id, a.seq, "９９");
      if (i % 7 === 0) s.clear(a.id, a.seq);
    }
    for (const mode of ["draft", "complete"]) {
      const status = mode === "draft" ? "draft" : "answered";
      const ours = s.validate({ mode });
      const core = form.validate(s.answersJson({ status }), { today: TODAY, mode });
      assert.deepEqual(ours, core, `${f.name} ${mode}`);
      for (const page of form.info().pages) {
        const onPage = s.validate({ mode, page: page.number });
        assert.deepEqual(onPage.findings, core.findings.filter((x) => x.location.page === page.number));
      }
    }
  }
});

test("sessions load answer sets; uneditable ones are refused with findings", () => {
  const form = new monshin.Form(pcv.definition);
  const s = form.session(pcv.complete, { today: TODAY });
  assert.equal(s.validate({ mode: "complete" }).valid, true);
  assert.equal(s.lastPage, JSON.parse(pcv.complete).lastPage);
  const view = s.view();
  assert.equal(view.definition, "vaccination-pcv");
  assert.equal(view.today, TODAY);
  const e = throwsCode(() => form.session(pcv.invalid, { today: TODAY }), "wasm.answers-not-editable");
  assert.ok(e.findings.some((f) => f.code === "answers.unknown-item"));
  throwsCode(() => s.setLastPage(99), "session.last-page-out-of-range");
  s.setLastPage(2);
  assert.equal(s.lastPage, 2);
  throwsCode(() => s.setMode("final"), "wasm.bad-option");
  s.setMode("complete");
  assert.equal(s.mode, "complete");
});

/** A form-answers read response (operation 3 or 8) holding an example answer set. */
function readResponse(form, answersText, status) {
  const set = JSON.parse(answersText);
  const info = form.info();
  return {
    [info.kind === "vaccination" ? "formId" : "checkupId"]: info.kind === "vaccination" ? "Y-PCV15-3" : "C-2028-3Y-0311",
    title: info.title,
    answerable: true,
    status,
    lastPage: set.lastPage,
    basicFiveInfo: { name: "架空 花子", nameKana: "カクウ ハナコ", address: "東京都架空区1-2-3", dateOfBirth: "2025-10-06", sex: "2" },
    pageLabels: info.pages.map((p) => p.label),
    answers: set.answers.map((a) => ({ masterId: a.id, seq: a.seq, value: a.value })),
  };
}

test("resume from PMH, diff, and register payloads that fit the PMH schemas", () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const schema = (n) => JSON.parse(readFileSync(join(rootDir, "schemas", `pmh-${n}.schema.json`), "utf8"));
  const checkers = {
    vaccination: ajv.compile(schema("register-questionnaire-answer")),
    "child-checkup": ajv.compile(schema("register-child-questionnaire-answer")),
  };
  for (const f of forms) {
    const form = new monshin.Form(f.definition);
    const kind = form.info().kind;
    const read = readResponse(form, f.draft, "下書き");
    const s = form.resume(kind === "vaccination" && f.name.endsWith("pcv") ? JSON.stringify(read) : read, { today: TODAY });
    assert.deepEqual(s.resumeFindings(), []);
    assert.deepEqual(s.diff().pages, []);
    const draftPlan = s.registerPayload({ status: "draft" });
    assert.equal(draftPlan.transition, "save-draft");
    assert.ok(checkers[kind](draftPlan.payload), JSON.stringify(checkers[kind].errors));
    assert.deepEqual(JSON.parse(draftPlan.body), draftPlan.payload);

    // Fill in the rest from the complete example: diff shows it, submit builds 回答済み.
    const complete = JSON.parse(f.complete);
    for (const a of complete.answers) {
      const g = form.items().find((i) => i.id === a.id).group;
      if (g) while (s.view().groups.find((x) => x.id === g).rows < a.seq) s.addRepetition(g);
      s.set(a.id, a.seq, a.value);
    }
    const draftIds = new Set(JSON.parse(f.draft).answers.map((a) => `${a.id}#${a.seq}`));
    for (const a of JSON.parse(f.draft).answers) {
      if (!complete.answers.some((b) => b.id === a.id && b.seq === a.seq)) s.clear(a.id, a.seq);
    }
    s.setLastPage(complete.lastPage);
    const d = s.diff({ status: "answered" });
    assert.deepEqual(d.status, { from: "draft", to: "answered" });
    const changed = d.pages.flatMap((p) => p.changes);
    assert.ok(changed.some((c) => c.change === "added" && !draftIds.has(`${c.id}#${c.seq}`)));
    const plan = s.registerPayload({ status: "answered" });
    assert.equal(plan.transition, "submit");
    assert.equal(plan.payload.status, "回答済み");
    assert.ok(checkers[kind](plan.payload), JSON.stringify(checkers[kind].errors));
    const ids = plan.payload.answers.map((a) => `${a.masterId}#${a.seq}`).sort();
    const expected = complete.answers.map((a) => `${a.id}#${a.seq}`).sort();
    assert.deepEqual(ids, expected, f.name);
    s.markRegistered({ status: "answered" });
    assert.deepEqual(s.diff({ status: "answered" }).pages, []);
    // Reopening an answered form: allowed by the guideline, a policy warning by default.
    const reopen = s.registerPayload({ status: "draft" });
    assert.equal(reopen.transition, "reopen");
    assert.equal(reopen.payload.status, "下書き");
    assert.deepEqual(reopen.policyWarnings, ["lifecycle.answered-to-draft"]);
    assert.deepEqual(plan.policyWarnings, []);
  }
  const form = new monshin.Form(pcv.definition);
  const empty = form.session(null, { today: TODAY });
  const e = throwsCode(() => empty.registerPayload({ status: "answered" }), "wasm.answers-invalid");
  assert.ok(e.findings.some((f) => f.code === "answers.required-missing"));
  const wrongForm = readResponse(form, pcv.draft, "下書き");
  // Any PMH ID resumes (the catalogue decides which definition answers it); the body carries it.
  wrongForm.formId = "Y-PCV15-4";
  const other = form.resume(wrongForm, { today: TODAY });
  assert.equal(other.registerPayload({ status: "draft" }).payload.formId, "Y-PCV15-4");
  const named = form.session(pcv.draft, { today: TODAY, pmhId: "Y-PCV15-2" });
  assert.equal(named.registerPayload({ status: "draft" }).payload.formId, "Y-PCV15-2");
  const notWire = throwsCode(() => form.resume({ formId: 1 }, { today: TODAY }), "wire.wrong-type");
  assert.equal(notWire.location.pointer, "/formId");
  const labels = readResponse(form, pcv.draft, "下書き");
  labels.pageLabels[1] = "古いラベル";
  const resumed = form.resume(labels, { today: TODAY });
  assert.equal(resumed.resumeFindings()[0].code, "lifecycle.page-label-mismatch");
  assert.equal(resumed.resumeFindings()[0].page, 2);
});

// Timing lives in bench/bench.mjs (node) and in the Chromium measurement (reported, not
// asserted): a test asserts what makes a change cheap — it re-evaluates only what reads it.
test("a change on the 200-item form re-evaluates only the items that read it", () => {
  const form = new monshin.Form(generatedDefinition());
  assert.equal(form.info().itemCount, 200);
  const s = fillGenerated(form);
  assert.equal(s.validate({ mode: "complete" }).valid, true);
  const ids = ["G1_N1", "G4_Q1", "G7_M1", "G9_GRP_SICK", "G2_D1"];
  const values = [["10", "20"], ["0", "1"], ["1,5", "2"], ["1", "0"], ["2020-01-01", "2019-01-01"]];
  // The dependency graph, reversed: who reads each item (conditions, calculations, constraints).
  const items = form.items();
  const readersOf = new Map(items.map((it) => [it.id, []]));
  for (const it of items) for (const dep of form.dependenciesOf(it.id)) readersOf.get(dep)?.push(it.id);
  const closure = (id) => {
    const seen = new Set([id]);
    const stack = [id];
    while (stack.length) for (const r of readersOf.get(stack.pop()) ?? []) if (!seen.has(r)) (seen.add(r), stack.push(r));
    return seen;
  };
  let checked = 0;
  let withReaders = 0;
  for (let i = 0; i < 40; i++) {
    const k = i % ids.length;
    const id = ids[k];
    const change = s.set(id, 1, values[k][Math.floor(i / ids.length) % 2]);
    const reach = closure(id);
    withReaders += reach.size > 1 ? 1 : 0;
    const touched = new Set(change.cells.map((c) => c.id));
    assert.ok(touched.has(id), `${id} itself is re-checked`);
    // Everything re-evaluated reads the changed item, directly or through another reader ...
    for (const t of touched) assert.ok(reach.has(t), `${t} was re-evaluated but does not read ${id}`);
    // ... and every direct reader outside a group is re-evaluated.
    for (const r of readersOf.get(id)) if (items.find((it) => it.id === r)?.group === undefined) assert.ok(touched.has(r), `${r} reads ${id}`);
    checked += touched.size;
  }
  assert.ok(checked >= 40, `${checked} re-evaluated cells checked`);
  assert.ok(withReaders >= 24, `only ${withReaders} edits changed an item that others read`);
  // And the result is still right.
  const core = form.validate(s.answersJson({ status: "answered" }), { today: TODAY, mode: "complete" });
  assert.deepEqual(s.validate({ mode: "complete" }), core);
});

test("limits: a 300-page form needs { limits: { pages: 300 } }; ceilings and names are checked", () => {
  const pages = [];
  for (let n = 1; n <= 300; n++) {
    pages.push({ number: n, label: `p${n}`, items: [{ id: `I${n}`, type: "text", text: "t" }] });
  }
  const big = JSON.stringify({ formKind: "vaccination", id: "big", title: "big", version: "1", pages });
  throwsCode(() => new monshin.Form(big), "document.too-many");
  const lintDefault = monshin.lintDefinition(big);
  assert.equal(lintDefault.error.code, "document.too-many");
  const form = new monshin.Form(big, { limits: { pages: 300 } });
  assert.equal(form.info().pages.length, 300);
  assert.equal(monshin.lintDefinition(big, { limits: { pages: 300 } }).error, undefined);
  throwsCode(() => new monshin.Form(big, { limits: { pages: 5001 } }), "limit.above-ceiling");
  const unknown = throwsCode(() => new monshin.Form(big, { limits: { "SENTINEL-名": 3 } }), "limit.unknown");
  assert.ok(!unknown.message.includes("SENTINEL"));
  throwsCode(() => new monshin.Form(big, { limits: { pages: "300" } }), "wasm.bad-option");
  throwsCode(() => new monshin.Form(big, { limitz: {} }), "wasm.bad-option");
});
