// monshin-wasm beside JSON.parse + ajv 8 (allErrors) on the peer harness's inputs: the same form
// and answers for both (BENCHMARKS.md section (h) says how to generate them), ajv on both schema
// encodings (`oneof` with `discriminator: true`, its fastest, and `grouped`).
//
// Usage: node bench/peer.mjs DIR [--rounds R] [--json FILE]
//   DIR: the output of gen.py --out DIR and to_monshin.py --data DIR.
// Method: paired rounds. Each round times monshin and each ajv variant back to back on the same
// document (order alternating between rounds), so both see the same machine load; the figure
// is the median over rounds of the per-round ratio monshin / ajv (and the median times). The
// load average is printed: the machine is shared.
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import * as monshin from "../pkg/node.js";
import Ajv2020 from "ajv/dist/2020.js";
import { isDate } from "./peer-formats.mjs";

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith("--") && !/^\d+$/.test(a));
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const rounds = Number(opt("--rounds", 15));
const jsonOut = opt("--json", null);
if (!dir) {
  console.error("usage: node bench/peer.mjs DIR [--rounds R] [--json FILE]");
  process.exit(2);
}
const TODAY = "2026-04-01";
const read = (...p) => readFileSync(join(dir, ...p), "utf8");
// to_monshin.py spells the form's identity `formId`; monshin's formats spell the top-level key
// `id` (definition) and `definition` (answer set). Only that first key is renamed.
const asDefinition = (text) => text.replace('"formId"', '"id"');
const asAnswerSet = (text) => text.replace('"formId"', '"definition"');

const newAjv = () => new Ajv2020({ allErrors: true, strict: false, discriminator: true, formats: { date: isDate } });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** µs per call of fn over `n` calls. */
function time(fn, n) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  return Number(process.hrtime.bigint() - t0) / n / 1000;
}

/** Paired rounds of the named functions: medians of times and of ratios to `fns[0]`. */
function paired(fns, n) {
  const names = Object.keys(fns);
  for (const f of Object.values(fns)) time(f, Math.max(50, n)); // warm-up (JIT, caches)
  const times = Object.fromEntries(names.map((k) => [k, []]));
  const ratios = Object.fromEntries(names.slice(1).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...names].reverse() : names;
    const t = {};
    for (const k of order) t[k] = time(fns[k], n);
    for (const k of names) times[k].push(t[k]);
    for (const k of names.slice(1)) ratios[k].push(t[names[0]] / t[k]);
  }
  return {
    us: Object.fromEntries(names.map((k) => [k, median(times[k])])),
    ratio: Object.fromEntries(names.slice(1).map((k) => [k, median(ratios[k])])),
  };
}

const fmt = (us) => `${us.toFixed(us < 10 ? 2 : 1)} µs`;
const results = { loadavgBefore: loadavg(), rounds, sizes: {} };
console.log(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);

for (const size of ["n0050", "n0200", "n1000"]) {
  const form = new monshin.Form(asDefinition(read("monshin", `form-${size}.form.json`)));
  const ours = asAnswerSet(read("monshin", `doc-${size}.json`));
  const oursObject = JSON.parse(ours);
  const theirs = read(`doc-${size}.json`);
  const theirsObject = JSON.parse(theirs);
  const oneof = newAjv().compile(JSON.parse(read(`schema-${size}.oneof.json`)));
  const grouped = newAjv().compile(JSON.parse(read(`schema-${size}.grouped.json`)));
  const report = form.validate(ours, { today: TODAY });
  // The schemas do not require presence: monshin reports the required items the document
  // leaves unanswered (1–3 findings); both engines must at least read it and agree otherwise.
  if (!oneof(theirsObject) || !grouped(theirsObject)) {
    console.error(`${size}: the document is not valid for ajv; stopping`);
    process.exit(1);
  }
  if (report.findings.some((f) => f.code !== "answers.required-missing")) {
    console.error(`${size}: monshin reports findings other than required-missing; stopping`);
    process.exit(1);
  }
  const n = Math.max(20, Math.round(20000 / oursObject.answers.length));
  const text = paired(
    {
      monshin: () => form.validate(ours, { today: TODAY }),
      "ajv oneof": () => oneof(JSON.parse(theirs)),
      "ajv grouped": () => grouped(JSON.parse(theirs)),
    },
    n,
  );
  const object = paired(
    {
      monshin: () => form.validate(oursObject, { today: TODAY }),
      "ajv oneof": () => oneof(theirsObject),
    },
    n,
  );
  results.sizes[size] = { answers: oursObject.answers.length, text, object };
  console.log(
    `${size} (${oursObject.answers.length} answers)  text in: monshin ${fmt(text.us.monshin)}, ` +
      `JSON.parse+ajv oneof ${fmt(text.us["ajv oneof"])} (ratio ${text.ratio["ajv oneof"].toFixed(3)}), ` +
      `grouped ${fmt(text.us["ajv grouped"])} (ratio ${text.ratio["ajv grouped"].toFixed(3)})`,
  );
  console.log(
    `${" ".repeat(size.length)}   object in: monshin ${fmt(object.us.monshin)}, ajv oneof ${fmt(object.us["ajv oneof"])} ` +
      `(ratio ${object.ratio["ajv oneof"].toFixed(3)})`,
  );
}

// A batch of 1,000 documents of the 50-answer form (~10 % invalid): every line validated.
{
  const form = new monshin.Form(asDefinition(read("monshin", "form-n0050.form.json")));
  const ours = read("monshin", "batch-n0050.ndjson").split("\n").filter(Boolean).map(asAnswerSet);
  const theirs = read("batch-n0050.ndjson").split("\n").filter(Boolean);
  const oneof = newAjv().compile(JSON.parse(read("schema-n0050.oneof.json")));
  let i = 0;
  let j = 0;
  const batch = paired(
    {
      monshin: () => {
        try {
          form.validate(ours[i++ % ours.length], { today: TODAY });
        } catch {
          // unreadable line: counted like a rejected one
        }
      },
      "ajv oneof": () => {
        try {
          oneof(JSON.parse(theirs[j++ % theirs.length]));
        } catch {
          // not JSON
        }
      },
    },
    ours.length,
  );
  results.batch = { lines: ours.length, ...batch };
  console.log(
    `batch n0050 (${ours.length} lines): monshin ${fmt(batch.us.monshin)} per line, JSON.parse+ajv oneof ` +
      `${fmt(batch.us["ajv oneof"])} (ratio ${batch.ratio["ajv oneof"].toFixed(3)})`,
  );
}
results.loadavgAfter = loadavg();
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 2));
