// Headless Chromium tests of the reference page: fill a 予診票 and a 問診票 to completion
// through the page as a person would (phone width), check findings beside the fields,
// follow-up questions, repetitions and the register payload; measure per-change cost in the
// browser. Screenshots go to wasm/artifacts/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { startServer } from "../web/serve.mjs";
import { launch } from "./chromium.mjs";
import { bundledForms, wasmDir, TODAY } from "../test/helpers.mjs";

const artifacts = join(wasmDir, "artifacts");
mkdirSync(artifacts, { recursive: true });
let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch({ width: 390, height: 844 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openForm(name, query = "") {
  const page = await browser.context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${server.url}?form=${name}&today=${TODAY}${query}`);
  await page.waitForSelector(`body[data-ready="${name}"]`);
  return { page, problems };
}

const shot = (page, file) => page.screenshot({ path: join(artifacts, file), fullPage: true });
const cell = (page, id, seq = 1) => page.locator(`[data-cell="${id}#${seq}"]`);

/** Every item of a definition with its page and group. */
function itemsOf(def) {
  const out = new Map();
  let order = 0;
  for (const page of def.pages) {
    for (const item of page.items) {
      out.set(item.id, { ...item, page: page.number, order: order++ });
      for (const m of item.items ?? []) out.set(m.id, { ...m, page: page.number, group: item.id, order: order++ });
    }
  }
  return out;
}

/** Answer one item through its control, as a person would. */
async function answer(page, item, seq, value) {
  const c = cell(page, item.id, seq);
  await c.waitFor({ state: "visible" });
  switch (item.type) {
    case "yes-no":
    case "consent":
    case "single-choice":
      await c.locator(`input[value="${value}"]`).check();
      break;
    case "multi-choice": {
      const codes = new Set(value.split(","));
      for (const o of item.options) {
        const box = c.locator(`input[value="${o.code}"]`);
        if (codes.has(o.code)) await box.check();
        else await box.uncheck();
      }
      break;
    }
    default: {
      const input = c.locator("input, textarea").first();
      await input.fill(value);
      await input.blur();
    }
  }
}

/** Fill the example answers page by page; screenshot each page; return the payload shown. */
async function fillToTheEnd(page, name, def, set, prefix, onPage = async () => {}) {
  const items = itemsOf(def);
  const answers = [...set.answers].sort((a, b) => {
    const ia = items.get(a.id);
    const ib = items.get(b.id);
    // Group members row by row, everything else in definition order.
    return ia.page - ib.page || (ia.group && ib.group && ia.group === ib.group ? a.seq - b.seq || ia.order - ib.order : ia.order - ib.order || a.seq - b.seq);
  });
  const pages = def.pages.map((p) => p.number);
  for (const number of pages) {
    const section = page.locator(`#pages .page[data-page="${number}"]`);
    if (!(await section.isVisible())) continue;
    await onPage(number);
    for (const a of answers.filter((x) => items.get(x.id).page === number)) {
      const item = items.get(a.id);
      if (item.group) {
        const rows = page.locator(`[data-group="${item.group}"] .row`);
        while ((await rows.count()) < a.seq) await page.locator(`[data-group="${item.group}"] button.add`).click();
      }
      await answer(page, item, a.seq, a.value);
    }
    await shot(page, `${prefix}-page${number}.png`);
    const errors = section.locator(".findings li.error");
    assert.equal(await errors.count(), 0, `${name} page ${number}: ${await errors.allTextContents()}`);
    await page.locator("#next").click();
  }
  await page.locator("#summary").waitFor({ state: "visible" });
  await shot(page, `${prefix}-summary.png`);
  assert.equal(await page.locator("#payload").getAttribute("data-ok"), "true", await page.locator("#payload").textContent());
  return JSON.parse(await page.locator("#payload").textContent());
}

function sameAnswers(payload, set) {
  const key = (id, seq, value) => `${id}#${seq}=${value}`;
  const got = payload.answers.map((a) => key(a.masterId, a.seq, a.value)).sort();
  const want = set.answers.map((a) => key(a.id, a.seq, a.value)).sort();
  assert.deepEqual(got, want);
}

test("予診票 (vaccination-pcv) filled to completion through the page", { timeout: 180_000 }, async () => {
  const bundled = bundledForms().find((f) => f.name === "vaccination-pcv");
  const def = JSON.parse(bundled.definition);
  const set = JSON.parse(bundled.complete);
  const { page, problems } = await openForm("vaccination-pcv");
  await shot(page, "pcv-0-start.png");

  // Leaving page 1 empty: required findings beside the fields, and we stay on page 1.
  await page.locator("#next").click();
  const required = cell(page, "PCV_TEMP").locator('.findings li[data-code="answers.required-missing"]');
  await required.waitFor();
  assert.match(await required.textContent(), /入力してください/);
  assert.equal(await page.locator('#pages .page[data-page="1"]').isVisible(), true);
  await shot(page, "pcv-1-required.png");

  // An eligibility warning of the definition: 37.5℃ or more (the doctor decides; not an error).
  const temp = cell(page, "PCV_TEMP").locator("input");
  await temp.fill("38.2");
  await temp.blur();
  const fever = cell(page, "PCV_TEMP").locator('.findings li[data-code="eligibility.fever"]');
  await fever.waitFor();
  assert.match(await fever.textContent(), /37\.5℃以上/);
  // Full-width digits are normalised when the field is left.
  await temp.fill("３６．７");
  await temp.blur();
  assert.equal(await temp.inputValue(), "36.7");
  assert.equal(await cell(page, "PCV_TEMP").locator(".findings li").count(), 0);
  // The calculated age in months follows the date of birth.
  await answer(page, { id: "PCV_BIRTH", type: "date" }, 1, "2025-10-06");
  assert.equal(await cell(page, "PCV_AGE_M").locator("output").textContent(), "5");
  await shot(page, "pcv-1-fever-and-age.png");

  const payload = await fillToTheEnd(page, "vaccination-pcv", def, set, "pcv", async (number) => {
    if (number === 2) {
      // A follow-up question appears only after はい.
      const detail = cell(page, "PCV_UNWELL_DETAIL");
      assert.equal(await detail.isVisible(), false);
      await answer(page, { id: "PCV_UNWELL", type: "yes-no" }, 1, "1");
      await detail.waitFor({ state: "visible" });
      await shot(page, "pcv-2-follow-up-shown.png");
      await answer(page, { id: "PCV_UNWELL", type: "yes-no" }, 1, "0");
      await detail.waitFor({ state: "hidden" });
    }
    if (number === 4) {
      // Repetitions: add three rows, fill one, remove the extras.
      const group = page.locator('[data-group="PCV_HISTORY"]');
      for (let i = 0; i < 3; i++) await group.locator("button.add").click();
      assert.equal(await group.locator(".row").count(), 3);
      await shot(page, "pcv-4-rows-added.png");
      for (let i = 0; i < 3; i++) await group.locator('.row[data-seq="1"] button.remove').click();
      assert.equal(await group.locator(".row").count(), 0);
    }
  });
  assert.equal(payload.processType, "RegisterQuestionnaireAnswer");
  assert.equal(payload.formId, "Y-PCV15-3");
  assert.equal(payload.status, "回答済み");
  sameAnswers(payload, set);
  assert.match(await page.locator("#summary-status").textContent(), /すべての必須項目/);
  assert.match(await page.locator("#diff-text").textContent(), new RegExp(`${set.answers.length} 件の変更`));
  assert.deepEqual(problems, []);
  await page.close();
});

test("問診票 (child-3y) filled to completion through the page", { timeout: 180_000 }, async () => {
  const bundled = bundledForms().find((f) => f.name === "child-3y");
  const def = JSON.parse(bundled.definition);
  const set = JSON.parse(bundled.complete);
  const { page, problems } = await openForm("child-3y");
  await shot(page, "child3y-0-start.png");
  const payload = await fillToTheEnd(page, "child-3y", def, set, "child3y");
  assert.equal(payload.processType, "RegisterChildQuestionnaireAnswer");
  assert.equal(payload.checkupId, "C-2026-3Y-0802");
  assert.equal(payload.status, "回答済み");
  sameAnswers(payload, set);
  assert.deepEqual(problems, []);
  await page.close();
});

test("every bundled form renders, and its complete example reaches a valid payload", { timeout: 180_000 }, async () => {
  for (const f of bundledForms()) {
    const { page, problems } = await openForm(f.name, "&answers=complete");
    const pages = await page.locator("#pages .page").count();
    assert.equal(pages, JSON.parse(f.definition).pages.length);
    for (let i = 0; i < pages; i++) {
      if (await page.locator("#summary").isVisible()) break;
      await page.locator("#next").click();
    }
    await page.locator("#summary").waitFor({ state: "visible" });
    assert.equal(await page.locator("#payload").getAttribute("data-ok"), "true", f.name);
    assert.deepEqual(problems, [], f.name);
    await page.close();
  }
});

test("desktop width: the same page reads well", { timeout: 60_000 }, async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1024, height: 900 });
  await page.goto(`${server.url}?form=child-1y6m&today=${TODAY}&answers=draft`);
  await page.waitForSelector('body[data-ready="child-1y6m"]');
  await shot(page, "child1y6m-desktop-draft.png");
  // Every page of the form in turn (the page's own sections, shown one at a time).
  const m = await page.evaluate(() => {
    const visible = (e) => e.offsetParent !== null;
    const box = (e) => e.getBoundingClientRect();
    const root = document.documentElement;
    const fontPx = (e) => parseFloat(getComputedStyle(e).fontSize);
    const sections = [...document.querySelectorAll("section.page")];
    const wasHidden = sections.map((sec) => sec.hidden);
    const pages = [];
    for (const shown of sections) {
      for (const sec of sections) sec.hidden = sec !== shown;
      const sheet = box(document.querySelector(".sheet"));
      const outside = (r) => r.left < sheet.left - 0.5 || r.right > sheet.right + 0.5;
      const questions = [...shown.querySelectorAll(".q")].filter(visible);
      const fields = [...shown.querySelectorAll(".control input, .control textarea, .control .choice span, .control output")].filter(visible);
      const overlaps = [];
      for (const group of shown.querySelectorAll(".options")) {
        const spans = [...group.querySelectorAll(".choice span")].filter(visible).map(box);
        for (let i = 0; i < spans.length; i++)
          for (let j = i + 1; j < spans.length; j++) {
            const [a, b] = [spans[i], spans[j]];
            if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) overlaps.push(group.getAttribute("aria-labelledby"));
          }
      }
      const texts = [...shown.querySelectorAll('input[type="text"]')].filter(visible);
      pages.push({
        page: shown.dataset.page,
        overflowX: root.scrollWidth - root.clientWidth,
        sheetLeft: sheet.left,
        sheetRight: root.clientWidth - sheet.right,
        sheetWidth: sheet.width,
        questions: questions.length,
        labelsOutside: questions.map((q) => q.querySelector(".q-label")).filter((l) => l && outside(box(l))).length,
        fieldsOutside: fields.filter((f) => outside(box(f))).length,
        labelMinFont: Math.min(...questions.map((q) => fontPx(q.querySelector(".q-label")))),
        textFields: texts.map((t) => ({ num: t.classList.contains("num"), width: box(t).width, em: box(t).width / fontPx(t) })),
        overlaps,
      });
    }
    sections.forEach((sec, i) => (sec.hidden = wasHidden[i]));
    return { pages, viewport: root.clientWidth, pager: box(document.querySelector(".pager")) };
  });
  assert.ok(m.pages.length >= 3, `${m.pages.length} pages measured`);
  let freeText = 0;
  for (const p of m.pages) {
    const at = `page ${p.page}`;
    // Nothing scrolls sideways; the sheet is one centred column of a readable measure.
    assert.equal(p.overflowX, 0, `${at}: horizontal overflow at 1024 px`);
    assert.ok(p.sheetWidth <= 760 && p.sheetWidth >= 600, `${at}: sheet width ${p.sheetWidth}`);
    assert.ok(Math.abs(p.sheetLeft - p.sheetRight) <= 1, `${at}: sheet not centred: ${p.sheetLeft} / ${p.sheetRight}`);
    // Questions, their labels and every field inside the sheet, labels in a legible size.
    assert.ok(p.questions >= 1, `${at}: no visible question`);
    assert.equal(p.labelsOutside, 0, `${at}: labels outside the sheet`);
    assert.equal(p.fieldsOutside, 0, `${at}: fields outside the sheet`);
    assert.ok(p.labelMinFont >= 14, `${at}: label font ${p.labelMinFont}px`);
    // Text fields neither stretch across the desk nor shrink below a short answer; number
    // fields are a fixed 8 em.
    for (const f of p.textFields) {
      const ok = f.num ? Math.abs(f.em - 8) < 0.5 : f.em <= 28.5 && f.width >= 160;
      assert.ok(ok, `${at}: text field ${JSON.stringify(f)}`);
      freeText += f.num ? 0 : 1;
    }
    // Choice buttons sit side by side without covering one another.
    assert.deepEqual(p.overlaps, [], at);
  }
  assert.ok(freeText >= 1, "no free-text field measured");
  // The pager spans the sheet, within the viewport.
  const first = m.pages[0];
  assert.ok(m.pager.left >= first.sheetLeft - 1 && m.pager.right <= m.viewport - first.sheetRight + 1, "pager outside the sheet");
  await page.close();
});

test("per-change cost in Chromium on the 200-item form", { timeout: 60_000 }, async () => {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}?form=vaccination-pcv&today=${TODAY}`);
  await page.waitForSelector("body[data-ready]");
  const result = await page.evaluate(async (today) => {
    const { Form } = window.monshinApp;
    const form = new Form(await (await fetch("/fixtures/generated-200.form.json")).text());
    const s = form.session(null, { today, mode: "complete" });
    const edits = [];
    for (let p = 1; p <= 9; p++) {
      edits.push([`G${p}_N1`, ["12", "250"]], [`G${p}_Q1`, ["1", "0"]], [`G${p}_Q1_D`, ["頭痛", "発熱"]], [`G${p}_M1`, ["1,5", "2"]], [`G${p}_D1`, ["2020-01-01", "2019-05-05"]]);
    }
    const run = (n) => {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const [id, values] = edits[i % edits.length];
        s.set(id, 1, values[Math.floor(i / edits.length) % 2]);
      }
      return ((performance.now() - t0) * 1000) / n;
    };
    run(2000);
    const rounds = [run(5000), run(5000), run(5000)].sort((a, b) => a - b);
    const items = form.info().itemCount;
    s.free();
    form.free();
    return { perChangeUs: rounds[1], items };
  }, TODAY);
  console.log(`# per-change cost in Chromium, ${result.items} items: ${result.perChangeUs.toFixed(2)} µs`);
  assert.equal(result.items, 200);
  // Reported, not asserted: timings belong to benchmarks (see BENCHMARKS.md, section (f)).
  assert.ok(Number.isFinite(result.perChangeUs) && result.perChangeUs > 0);
  await page.close();
});
