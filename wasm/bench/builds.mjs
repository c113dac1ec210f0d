// Several builds of the module side by side on one peer-harness size: each build's
// Form.validate (text in and object in) beside JSON.parse + ajv 8 (`oneof`, discriminator), in
// paired rounds (every function timed in every round, order alternating), medians of the
// per-round ratios to ajv and to the first build. How the opt-level variants of
// BENCHMARKS.md (h) were compared; peer.mjs measures one build on every size.
//
// Usage: node bench/builds.mjs DIR SIZE PKG... [--rounds R]
//   DIR: the peer inputs (see peer.mjs); SIZE: n0050, n0200 or n1000; PKG: a copy of wasm/pkg/
//   of each build (e.g. `cp -r wasm/pkg /tmp/pkg-hot2` after `MONSHIN_WASM_HOT_OPT=2 build.sh`).
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import { isDate } from "./peer-formats.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const rounds = Number(opt("--rounds", 31));
const [dir, size, ...pkgs] = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--rounds");
if (!dir || !size || pkgs.length === 0) {
  console.error("usage: node bench/builds.mjs DIR SIZE PKG... [--rounds R]");
  process.exit(2);
}
const TODAY = "2026-04-01";
const read = (...p) => readFileSync(join(dir, ...p), "utf8");
const ajv = new Ajv2020({ allErrors: true, strict: false, discriminator: true, formats: { date: isDate } });
const oneof = ajv.compile(JSON.parse(read(`schema-${size}.oneof.json`)));
const theirs = read(`doc-${size}.json`);
const theirsObject = JSON.parse(theirs);
const ours = read("monshin", `doc-${size}.json`).replace('"formId"', '"definition"');
const oursObject = JSON.parse(ours);
const definition = read("monshin", `form-${size}.form.json`).replace('"formId"', '"id"');

const fns = { ajv: () => oneof(JSON.parse(theirs)), "ajv object": () => oneof(theirsObject) };
for (const pkg of pkgs) {
  const m = await import(pathToFileURL(join(resolve(pkg), "node.js")).href);
  const form = new m.Form(definition);
  fns[pkg] = () => form.validate(ours, { today: TODAY });
  fns[`${pkg} object`] = () => form.validate(oursObject, { today: TODAY });
}
const n = Math.max(20, Math.round(20000 / oursObject.answers.length));
const time = (f) => {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f();
  return Number(process.hrtime.bigint() - t0) / n / 1000;
};
const names = Object.keys(fns);
for (const k of names) time(fns[k]); // warm-up
const times = Object.fromEntries(names.map((k) => [k, []]));
for (let r = 0; r < rounds; r++) {
  for (const k of r % 2 ? [...names].reverse() : names) times[k].push(time(fns[k]));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ratio = (a, b) => median(times[a].map((t, i) => t / times[b][i])).toFixed(3);
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}; ${size}, ${rounds} rounds`);
for (const k of names) {
  if (k.startsWith("ajv")) {
    console.log(`${k}: ${median(times[k]).toFixed(1)} µs`);
    continue;
  }
  const object = k.endsWith(" object");
  const first = object ? `${pkgs[0]} object` : pkgs[0];
  console.log(
    `${k}: ${median(times[k]).toFixed(1)} µs, ratio to ${object ? "ajv object" : "JSON.parse + ajv"} ` +
      `${ratio(k, object ? "ajv object" : "ajv")}, to ${first} ${ratio(k, first)}`,
  );
}
