// The reference page: renders any bundled form page by page with monshin-wasm, shows and
// hides follow-up questions, adds and removes repetitions, shows findings beside the fields,
// and shows the register payload at the end. Plain DOM, no framework.
//
// URL parameters: ?form=<name> (a bundled form), ?answers=<complete|draft|…> (start from an
// example answer set), ?today=YYYY-MM-DD (the validation date; default: today).
// Answers are health data: nothing here logs them or sends them anywhere.
import init, { Form } from "/pkg/monshin_wasm.js";

const $ = (sel) => document.querySelector(sel);
const params = new URLSearchParams(location.search);
const today = params.get("today") ?? localToday();

/** Fictional PMH IDs of the bundled forms (a definition's `id` is never a PMH ID). */
const DEMO_PMH_IDS = {
  "vaccination-pcv": "Y-PCV15-3",
  "vaccination-flu-elderly": "Y-FLU-2026-1",
  "child-3-4m": "C-2026-4M-0311",
  "vaccination-hepb": "Y-HEPB-3",
  "vaccination-rota": "Y-ROTA1-2",
  "vaccination-dpt-ipv-hib": "Y-DPTIPVHIB-3",
  "vaccination-bcg": "Y-BCG-1",
  "vaccination-mr": "Y-MR-2",
  "vaccination-varicella": "Y-VAR-2",
  "vaccination-je": "Y-JE-3",
  "vaccination-dt": "Y-DT-1",
  "vaccination-hpv": "Y-HPV9-2",
  "vaccination-ppsv-elderly": "Y-PPSV23-1",
  "vaccination-covid-elderly": "Y-COVID-2026-1",
  "vaccination-zoster": "Y-HZ-1",
  "vaccination-rsv-maternal": "Y-RSV-1",
  "child-1y6m": "C-2026-18M-0509",
  "child-3y": "C-2026-3Y-0802",
};

const state = {
  form: null,
  def: null,
  session: null,
  /** master ID → item definition (group members included) */
  items: new Map(),
  /** member master ID → group item definition */
  groupOf: new Map(),
  /** master ID → page number */
  pageOf: new Map(),
  /** "ID#seq" → cell element */
  cells: new Map(),
  page: 1,
  /** pages the person tried to leave: required findings are shown there */
  attempted: new Set(),
  visiblePages: new Set(),
  onSummary: false,
};

function localToday() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c);
  return e;
}

// ---- messages ------------------------------------------------------------------------------------

const range = (item) => {
  const u = item.unit ?? "";
  if (item.min !== undefined && item.min !== null && item.max !== undefined && item.max !== null) return `${item.min}${u}〜${item.max}${u}`;
  if (item.min !== undefined && item.min !== null) return `${item.min}${u}以上`;
  if (item.max !== undefined && item.max !== null) return `${item.max}${u}以下`;
  return "";
};

/** A finding in words for the person filling the form (codes stay in `data-code`). */
function message(f) {
  const item = state.items.get(f.location.masterId) ?? {};
  const choice = ["yes-no", "consent", "single-choice", "multi-choice"].includes(item.type);
  switch (f.code) {
    case "answers.required-missing":
      return choice ? "選んでください（必須）" : "入力してください（必須）";
    case "answers.constraint-failed":
      return f.message;
    case "answers.out-of-range":
      return `${range(item)}の範囲で入力してください`;
    case "answers.too-precise":
      return `小数点以下${item.precision ?? 0}桁までで入力してください`;
    case "answers.type-mismatch":
      return {
        integer: "半角の整数で入力してください",
        decimal: "数値で入力してください（例: 36.5）",
        date: "日付を入力してください",
        "year-month": "年月を入力してください",
        time: "時刻を入力してください（例: 20:30）",
        text: "改行や制御文字は使えません",
      }[item.type] ?? "入力の形式が正しくありません";
    case "answers.needs-normalization":
      return "半角の形式に直してください（入力欄を離れると自動で直ります）";
    case "answers.invalid-option":
      return "選択肢から選んでください";
    case "answers.length-out-of-range":
      return item.maxLength ? `${item.maxLength}文字以内で入力してください` : `${item.minLength}文字以上で入力してください`;
    case "answers.pattern-mismatch":
      return "入力の形式が正しくありません";
    case "answers.selection-count":
      return `${item.minSelected ?? 1}〜${item.maxSelected ?? (item.options ?? []).length}個選んでください`;
    case "answers.answered-while-disabled":
      return "この質問は回答不要です。回答を消してください";
    case "answers.calculated-mismatch":
      return "自動計算の値と異なります";
    case "answers.too-few-repeats":
      return `少なくとも${item.minRepeat ?? 1}件入力してください`;
    case "answers.repeat-seq-gap":
      return "空の行があります。入力するか削除してください";
    case "answers.too-many-repeats":
      return `${item.maxRepeat}件までです`;
    case "answers.date-outside-era":
      return "その元号にない日付です（例: 平成31年5月1日は令和元年5月1日）";
    case "answers.date-before-gregorian":
      return "明治6年より前の日付は入力できません";
    case "answers.nonexistent-date":
      return "存在しない日付です";
    case "answers.nonexistent-time":
      return "存在しない時刻です（0:00〜23:59）";
    case "answers.ambiguous-time":
      return "午前12時・午後12時はどちらとも読めます。24時間制で入力してください";
    case "answers.ambiguous-yes-no":
      return "あてはまる選択肢が複数あります。選択肢から選んでください";
    case "answers.unit-mismatch":
      return `単位が違います（${item.unit ?? ""}で入力してください）`;
    case "answers.invisible-character":
      return "見えない制御文字が含まれています。入力し直してください";
    case "answers.not-kana":
      return "全角カタカナで入力してください";
    default:
      return f.message;
  }
}

/** Required findings appear once the person tried to leave the page. */
function shown(findings, page) {
  if (state.attempted.has(page)) return findings;
  return findings.filter((f) => f.code !== "answers.required-missing" && f.code !== "answers.too-few-repeats");
}

function renderFindings(list, findings, page) {
  list.replaceChildren(
    ...shown(findings, page).map((f) =>
      el("li", { class: f.severity, "data-code": f.code, title: f.code, text: message(f) }),
    ),
  );
  return list.children.length > 0;
}

// ---- rendering ---------------------------------------------------------------------------------

function displayValue(item, value) {
  if (value === undefined || value === null || value === "") return "";
  switch (item.type) {
    case "yes-no":
      return value === "1" ? "はい" : value === "0" ? "いいえ" : value;
    case "consent":
      return value === "1" ? "同意する" : value === "0" ? "同意しない" : value;
    case "single-choice":
      return item.options.find((o) => o.code === value)?.label ?? value;
    case "multi-choice":
      return value
        .split(",")
        .map((c) => item.options.find((o) => o.code === c)?.label ?? c)
        .join("、");
    case "integer":
    case "decimal":
      return `${value}${item.unit ?? ""}`;
    default:
      return value;
  }
}

function choices(item) {
  if (item.type === "yes-no") return [{ code: "1", label: "はい" }, { code: "0", label: "いいえ" }];
  if (item.type === "consent") return [{ code: "1", label: "同意する" }, { code: "0", label: "同意しない" }];
  return item.options ?? [];
}

function control(item, seq) {
  const key = `${item.id}#${seq}`;
  const name = `f-${key}`;
  const editText = (e, commit) => edit(item.id, seq, e.target.value, commit);
  if (item.calculate) {
    return [el("output", { id: name, "data-output": key }), item.unit ? el("span", { class: "unit", text: item.unit }) : null];
  }
  switch (item.type) {
    case "yes-no":
    case "consent":
    case "single-choice":
      return el(
        "div",
        { class: "options", role: "radiogroup", "aria-labelledby": `${name}-label` },
        choices(item).map((o) =>
          el(
            "label",
            { class: "choice" },
            el("input", { type: "radio", name, value: o.code, onchange: () => edit(item.id, seq, o.code, true) }),
            el("span", { text: o.label }),
          ),
        ),
      );
    case "multi-choice": {
      const group = el("div", { class: "options multi", role: "group", "aria-labelledby": `${name}-label` });
      const changed = () => {
        const codes = [...group.querySelectorAll("input:checked")].map((i) => i.value);
        edit(item.id, seq, codes.join(","), true);
      };
      for (const o of item.options) {
        group.append(el("label", { class: "choice" }, el("input", { type: "checkbox", name, value: o.code, onchange: changed }), el("span", { text: o.label })));
      }
      return group;
    }
    case "integer":
    case "decimal":
      return [
        el("input", {
          type: "text",
          id: name,
          class: "num",
          inputmode: item.type === "integer" ? "numeric" : "decimal",
          oninput: (e) => editText(e, false),
          onchange: (e) => editText(e, true),
        }),
        item.unit ? el("span", { class: "unit", text: item.unit }) : null,
      ];
    case "date":
      return el("input", { type: "date", id: name, oninput: (e) => editText(e, false), onchange: (e) => editText(e, true) });
    case "year-month":
      return el("input", { type: "month", id: name, oninput: (e) => editText(e, false), onchange: (e) => editText(e, true) });
    case "long-text":
      return el("textarea", { id: name, rows: 3, oninput: (e) => editText(e, false), onchange: (e) => editText(e, true) });
    default:
      return el("input", { type: "text", id: name, oninput: (e) => editText(e, false), onchange: (e) => editText(e, true) });
  }
}

function question(item, seq, number) {
  const key = `${item.id}#${seq}`;
  const name = `f-${key}`;
  const node = el(
    "div",
    { class: `q${item.enableWhen ? " follow-up" : ""}`, "data-cell": key, "data-type": item.type },
    el(
      "div",
      { class: "q-label", id: `${name}-label` },
      number ? el("span", { class: "qno", text: number }) : null,
      el(item.type.endsWith("choice") || item.type === "yes-no" || item.type === "consent" || item.calculate ? "span" : "label", { for: name, text: item.text }),
      el("span", { class: "badge req", text: "必須", hidden: true }),
      item.calculate ? el("span", { class: "badge calc", text: "自動計算" }) : null,
    ),
    item.help ? el("p", { class: "help", text: item.help }) : null,
    el("div", { class: "control" }, control(item, seq)),
    el("ul", { class: "findings", "aria-live": "polite" }),
  );
  state.cells.set(key, node);
  return node;
}

function groupBlock(item) {
  const node = el(
    "div",
    { class: `group${item.enableWhen ? " follow-up" : ""}`, "data-group": item.id },
    el("div", { class: "group-head" }, el("span", { text: item.text }), el("small", { text: `（${item.minRepeat ? `${item.minRepeat}〜` : ""}最大${item.maxRepeat ?? "—"}件）` })),
    item.help ? el("p", { class: "help", text: item.help }) : null,
    el("div", { class: "rows" }),
    el("button", { type: "button", class: "btn btn-secondary btn-small add", onclick: () => addRow(item.id) }, `＋ ${item.text}を追加`),
    el("ul", { class: "findings", "aria-live": "polite" }),
  );
  return node;
}

function renderRows(groupId, rows) {
  const item = state.items.get(groupId);
  const block = document.querySelector(`[data-group="${groupId}"]`);
  const container = block.querySelector(".rows");
  for (const member of item.items) for (const key of [...state.cells.keys()]) if (key.startsWith(`${member.id}#`)) state.cells.delete(key);
  container.replaceChildren();
  for (let seq = 1; seq <= rows; seq++) {
    container.append(
      el(
        "fieldset",
        { class: "row", "data-seq": seq },
        el("legend", { text: `${item.text} ${seq}` }),
        item.items.map((m) => question(m, seq)),
        el("div", { class: "row-tools" }, el("button", { type: "button", class: "btn btn-danger btn-small remove", onclick: () => removeRow(groupId, seq) }, "この行を削除")),
      ),
    );
  }
  block.dataset.rows = String(rows);
}

function renderForm() {
  const def = state.def;
  $("#title").textContent = def.title;
  $("#kind").textContent = def.formKind === "vaccination" ? "予防接種 予診票" : "乳幼児健康診査 問診票";
  $("#today").textContent = today;
  $("#today").setAttribute("datetime", today);
  document.title = `${def.title} — monshin`;
  const pages = $("#pages");
  pages.replaceChildren();
  state.cells.clear();
  let number = 0;
  for (const page of def.pages) {
    const section = el("section", { class: "page", "data-page": page.number, hidden: true }, el("h2", { class: "group-label" }, el("span", { class: "num", text: page.number }), page.label));
    for (const item of page.items) {
      if (item.type === "note") section.append(el("div", { class: "note", "data-cell": `${item.id}#1`, text: item.text }));
      else if (item.type === "group") section.append(groupBlock(item));
      else section.append(question(item, 1, item.enableWhen ? null : `問${++number}`));
    }
    pages.append(section);
  }
  $("#steps").replaceChildren(...def.pages.map((p) => el("li", { "data-step": p.number, text: `${p.number} ${p.label}` })));
}

/** Put a value into a cell's control without triggering an edit. */
function setControl(item, seq, value) {
  const key = `${item.id}#${seq}`;
  const node = state.cells.get(key);
  if (!node) return;
  if (item.calculate) return;
  const v = value ?? "";
  if (["yes-no", "consent", "single-choice"].includes(item.type)) {
    for (const input of node.querySelectorAll("input")) input.checked = input.value === v;
  } else if (item.type === "multi-choice") {
    const codes = new Set(v.split(","));
    for (const input of node.querySelectorAll("input")) input.checked = codes.has(input.value);
  } else {
    const input = node.querySelector("input, textarea");
    if (input && input.value !== v && document.activeElement !== input) input.value = v;
  }
}

function applyCell(cell, { values = false } = {}) {
  const key = `${cell.id}#${cell.seq}`;
  const node = state.cells.get(key);
  if (!node) return;
  const item = state.items.get(cell.id);
  node.hidden = !cell.enabled;
  node.querySelector(".badge.req").hidden = !cell.required;
  if (item.calculate) node.querySelector("output").textContent = cell.computed ?? "—";
  if (values) setControl(item, cell.seq, cell.value);
  const page = state.pageOf.get(cell.id);
  const bad = renderFindings(node.querySelector(".findings"), cell.findings, page);
  node.classList.toggle("invalid", bad && cell.findings.some((f) => f.severity === "error"));
}

function applyGroup(group) {
  const block = document.querySelector(`[data-group="${group.id}"]`);
  if (!block) return;
  if (Number(block.dataset.rows ?? -1) !== group.rows) renderRows(group.id, group.rows);
  block.hidden = !group.enabled;
  block.querySelector(".add").disabled = group.rows >= group.maxRepeat;
  renderFindings(block.querySelector(":scope > .findings"), group.findings, state.pageOf.get(group.id));
}

function applyPages(pages) {
  for (const p of pages) {
    if (p.visible) state.visiblePages.add(p.number);
    else state.visiblePages.delete(p.number);
  }
  updateSteps();
}

function apply(change, opts) {
  for (const g of change.groups) applyGroup(g);
  for (const c of change.cells) applyCell(c, opts);
  applyPages(change.pages);
}

function applyView({ values = true } = {}) {
  const view = state.session.view();
  for (const g of view.groups) applyGroup(g);
  for (const c of view.cells) applyCell(c, { values });
  state.visiblePages = new Set();
  applyPages(view.pages);
  return view;
}

// ---- edits ---------------------------------------------------------------------------------------

function edit(id, seq, value, commit) {
  let change;
  try {
    change = value === "" ? state.session.clear(id, seq) : state.session.set(id, seq, value, { normalize: commit });
  } catch (e) {
    // A refused edit (e.g. a removed row): show it beside the field, never the value.
    const node = state.cells.get(`${id}#${seq}`);
    if (node) node.querySelector(".findings").replaceChildren(el("li", { class: "error", "data-code": e.code, text: e.message }));
    return;
  }
  if (commit && change.normalized) setControl(state.items.get(id), seq, change.normalized.value);
  apply(change);
}

function addRow(groupId) {
  const change = state.session.addRepetition(groupId);
  apply(change, { values: true });
  const first = document.querySelector(`[data-group="${groupId}"] .row[data-seq="${change.seq}"] input, [data-group="${groupId}"] .row[data-seq="${change.seq}"] textarea`);
  first?.focus();
}

function removeRow(groupId, seq) {
  apply(state.session.removeRepetition(groupId, seq), { values: true });
}

// ---- navigation ---------------------------------------------------------------------------------

function orderedVisiblePages() {
  return state.def.pages.map((p) => p.number).filter((n) => state.visiblePages.has(n));
}

function updateSteps() {
  for (const li of document.querySelectorAll("#steps li")) {
    const n = Number(li.dataset.step);
    li.classList.toggle("current", !state.onSummary && n === state.page);
    li.classList.toggle("skipped", !state.visiblePages.has(n));
    li.classList.toggle("done", state.attempted.has(n) && (state.onSummary || n !== state.page));
  }
  const pages = orderedVisiblePages();
  const pos = pages.indexOf(state.page) + 1;
  $("#page-indicator").textContent = state.onSummary ? "確認" : `${pos} / ${pages.length} ページ`;
  $("#prev").disabled = !state.onSummary && pos <= 1;
  $("#next").textContent = state.onSummary ? "最初に戻る" : pos === pages.length ? "確認へ" : "次へ";
}

function show(page) {
  state.onSummary = false;
  state.page = page;
  for (const s of document.querySelectorAll("#pages .page")) s.hidden = Number(s.dataset.page) !== page;
  $("#pages").hidden = false;
  $("#summary").hidden = true;
  updateSteps();
  window.scrollTo(0, 0);
}

function next() {
  if (state.onSummary) {
    show(orderedVisiblePages()[0]);
    return;
  }
  state.attempted.add(state.page);
  const report = state.session.validate({ mode: "complete", page: state.page });
  applyView({ values: false });
  const step = document.querySelector(`#steps li[data-step="${state.page}"]`);
  step?.classList.toggle("has-error", !report.valid);
  if (!report.valid) {
    const first = document.querySelector(`#pages .page[data-page="${state.page}"] .findings li.error`);
    first?.closest(".q, .group")?.scrollIntoView({ block: "center" });
    return;
  }
  const pages = orderedVisiblePages();
  const at = pages.indexOf(state.page);
  if (at + 1 < pages.length) show(pages[at + 1]);
  else showSummary();
}

function prev() {
  const pages = orderedVisiblePages();
  if (state.onSummary) show(pages[pages.length - 1]);
  else if (pages.indexOf(state.page) > 0) show(pages[pages.indexOf(state.page) - 1]);
}

function showSummary() {
  state.onSummary = true;
  $("#pages").hidden = true;
  $("#summary").hidden = false;
  const report = state.session.validate({ mode: "complete" });
  const status = $("#summary-status");
  status.className = `summary-status ${report.valid ? "ok" : "ng"}`;
  const errors = report.findings.filter((f) => f.severity === "error");
  const warnings = report.findings.filter((f) => f.severity === "warning");
  status.replaceChildren(
    el("strong", { text: report.valid ? "すべての必須項目が入力されています。" : `確認が必要な項目が${errors.length}件あります。` }),
    ...[...errors, ...warnings].map((f) => el("div", { class: f.severity, "data-code": f.code, text: `${f.severity === "error" ? "要確認" : "注意"}：${state.items.get(f.location.masterId)?.text ?? ""} — ${message(f)}` })),
  );
  const view = state.session.view();
  const list = $("#summary-answers");
  list.replaceChildren();
  for (const page of state.def.pages) {
    if (!state.visiblePages.has(page.number)) continue;
    list.append(el("div", { class: "page-title", text: `${page.number}. ${page.label}` }));
    for (const cell of view.cells) {
      if (state.pageOf.get(cell.id) !== page.number || !cell.enabled) continue;
      const item = state.items.get(cell.id);
      const value = item.calculate ? displayValue(item, cell.computed) : displayValue(item, cell.value);
      if (!value) continue;
      const group = state.groupOf.get(cell.id);
      list.append(el("dt", { text: group ? `${group.text} ${cell.seq}：${item.text}` : item.text }), el("dd", { text: value }));
    }
  }
  try {
    const diff = state.session.diff({ status: "answered" });
    const changes = diff.pages.flatMap((p) => p.changes);
    $("#diff-text").textContent = `PMHに保存されている回答から ${changes.length} 件の変更（追加 ${changes.filter((c) => c.change === "added").length}・変更 ${changes.filter((c) => c.change === "changed").length}・削除 ${changes.filter((c) => c.change === "removed").length}）`;
  } catch (e) {
    $("#diff-text").textContent = `差分を計算できません（${e.code}）`;
  }
  const payload = $("#payload");
  try {
    const plan = state.session.registerPayload({ status: "answered" });
    $("#transition").textContent = `処理種別 ${plan.payload.processType}・回答状況 ${plan.payload.status}（${plan.transition}）・最終更新ページ ${plan.payload.lastPage}`;
    payload.textContent = JSON.stringify(plan.payload, null, 2);
    payload.dataset.ok = "true";
  } catch (e) {
    $("#transition").textContent = `まだ登録できません：${e.code}`;
    payload.textContent = JSON.stringify({ code: e.code, message: e.message, location: e.location }, null, 2);
    payload.dataset.ok = "false";
  }
  updateSteps();
  window.scrollTo(0, 0);
}

// ---- loading ------------------------------------------------------------------------------------

async function load(name) {
  $("#sheet").setAttribute("aria-busy", "true");
  const text = await (await fetch(`/forms/${name}.form.json`)).text();
  state.session?.free();
  state.form?.free();
  state.form = new Form(text);
  state.def = state.form.definition();
  state.items.clear();
  state.groupOf.clear();
  state.pageOf.clear();
  for (const page of state.def.pages) {
    for (const item of page.items) {
      state.items.set(item.id, item);
      state.pageOf.set(item.id, page.number);
      for (const m of item.items ?? []) {
        state.items.set(m.id, m);
        state.groupOf.set(m.id, item);
        state.pageOf.set(m.id, page.number);
      }
    }
  }
  const example = params.get("answers");
  const answers = example ? await (await fetch(`/forms/${name}.${example}.answers.json`)).text() : null;
  // The page registers nowhere: a fictional PMH ID (the fixtures' convention) addresses the body.
  const pmhId = DEMO_PMH_IDS[state.def.id] ?? (state.def.formKind === "vaccination" ? "Y-DEMO-1" : "C-2026-DEMO-0001");
  state.session = state.form.session(answers, { today, mode: "complete", pmhId });
  state.attempted = new Set();
  renderForm();
  applyView();
  show(orderedVisiblePages()[0] ?? 1);
  $("#sheet").setAttribute("aria-busy", "false");
  document.body.dataset.ready = name;
}

async function main() {
  await init();
  const index = await (await fetch("/forms/index.json")).json();
  const select = $("#form-select");
  for (const f of index) select.append(el("option", { value: f.name, text: f.title }));
  const wanted = params.get("form") ?? index[0]?.name;
  select.value = wanted;
  select.addEventListener("change", () => {
    params.set("form", select.value);
    params.delete("answers");
    history.replaceState(null, "", `?${params}`);
    load(select.value);
  });
  $("#next").addEventListener("click", next);
  $("#prev").addEventListener("click", prev);
  // For tests and for developers trying the API in the console.
  window.monshinApp = { Form, state, today };
  await load(wanted);
}

main().catch((e) => {
  $("#title").textContent = "読み込めませんでした";
  document.body.dataset.error = e?.code ?? "load-failed";
});
