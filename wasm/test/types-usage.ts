// Compiled by `tsc --noEmit` in test/types.test.mjs: the package's declarations type the API.
import {
  Form,
  lintDefinition,
  type AnswerSet,
  type Change,
  type Definition,
  type Finding,
  type FindingCode,
  type LintReport,
  type MonshinError,
  type RegisterPlan,
  type RegisterPayload,
  type Report,
  type SessionView,
} from "../pkg/node.js";

declare const definitionText: string;

const lint: LintReport = lintDefinition(definitionText);
const codes: FindingCode[] = lint.findings.map((f: Finding) => f.code);
const spans: (number | undefined)[] = lint.findings.map((f) => f.location.span?.offset ?? undefined);

const form = new Form(definitionText);
const def: Definition = form.definition();
const firstItemId: string = def.pages[0].items[0].id;
const answers: AnswerSet = { definition: def.id, status: "draft", lastPage: 1, answers: [{ id: firstItemId, seq: 1, value: "1" }] };
const report: Report = form.validate(answers, { mode: "draft", today: "2026-04-01" });
const ok: boolean = report.valid;

const session = form.session(null, { today: "2026-04-01", pmhId: "Y-PCV15-3" });
const change: Change = session.set(firstItemId, 1, "1", { normalize: true });
const enabled: boolean[] = change.cells.map((c) => c.enabled);
const view: SessionView = session.view();
const pages: number[] = session.visiblePages();
try {
  const plan: RegisterPlan = session.registerPayload({ status: "answered" });
  const payload: RegisterPayload = plan.payload;
  const status: "下書き" | "回答済み" = payload.status;
  const body: string = plan.body;
  void [status, body];
} catch (e) {
  const err = e as MonshinError;
  const code: string = err.code;
  const findings: Finding[] = err.findings ?? [];
  void [code, findings];
}

// @ts-expect-error: modes are "draft" | "complete"
session.setMode("final");

void [codes, spans, ok, enabled, view, pages];
