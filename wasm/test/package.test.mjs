// The npm package as a user gets it: `npm pack` makes the tarball, which is installed offline
// into an empty directory; node imports it by name (ESM), validates a bundled example form,
// runs the top-level README's node example as written, and `tsc --noEmit --strict` type-checks a
// TypeScript use of it against the shipped `.d.ts`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { examplesDir, formsDir, rootDir, TODAY, wasmDir } from "./helpers.mjs";

const pkg = JSON.parse(readFileSync(join(wasmDir, "package.json"), "utf8"));

function run(cmd, args, cwd) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", timeout: 120_000 });
  } catch (e) {
    assert.fail(`${cmd} ${args.join(" ")} failed:\n${e.stdout}${e.stderr}`);
  }
}

test("package.json is publishable", () => {
  assert.equal(pkg.private, undefined, "a private package cannot be published");
  for (const key of ["name", "version", "license", "description", "files", "exports", "types"]) {
    assert.ok(pkg[key], `package.json lacks ${key}`);
  }
  assert.equal(pkg.type, "module");
  assert.deepEqual(pkg.dependencies ?? {}, {}, "the package runs on node alone");
});

test("npm pack → install into an empty directory → use from node ESM and TypeScript", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "monshin-npm-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  const [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", dir], wasmDir));
  assert.equal(packed.name, pkg.name);
  const files = packed.files.map((f) => f.path);
  for (const f of [
    "package.json",
    "README.md",
    "pkg/monshin_wasm.js",
    "pkg/monshin_wasm.d.ts",
    "pkg/monshin_wasm_bg.wasm",
    "pkg/node.js",
    "pkg/node.d.ts",
    "pkg-fhir/node.js",
  ]) {
    assert.ok(files.includes(f), `the tarball lacks ${f}`);
  }
  for (const f of files) {
    assert.match(f, /^(package\.json|README\.md|pkg\/|pkg-fhir\/)/, `the tarball should not hold ${f}`);
  }

  const app = join(dir, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", join(dir, packed.filename)], app);

  // Node, ESM, by package name: a bundled 予診票 and its example answer sets.
  writeFileSync(
    join(app, "use.mjs"),
    `import { readFileSync } from "node:fs";
import { Form, version } from "${pkg.name}";
import { fhirImport } from "${pkg.name}/fhir";
const [definition, complete, invalid] = process.argv.slice(2).map((p) => readFileSync(p, "utf8"));
const form = new Form(definition);
const ok = form.validate(complete, { today: "${TODAY}" });
const bad = form.validate(invalid, { today: "${TODAY}" });
let thrown;
try { form.validate("{", { today: "${TODAY}" }); } catch (e) { thrown = { name: e.name, code: e.code }; }
console.log(JSON.stringify({
  version: version(),
  id: form.info().id,
  ok: ok.valid,
  bad: bad.valid,
  codes: [...new Set(bad.findings.map((f) => f.code))].sort(),
  thrown,
  fhir: typeof fhirImport,
}));
`,
  );
  const out = JSON.parse(
    run(
      "node",
      [
        "use.mjs",
        join(formsDir, "vaccination-pcv.form.json"),
        join(examplesDir, "vaccination-pcv.complete.answers.json"),
        join(examplesDir, "vaccination-pcv.invalid.answers.json"),
      ],
      app,
    ),
  );
  assert.equal(out.version, pkg.version);
  assert.equal(out.id, "vaccination-pcv");
  assert.equal(out.ok, true);
  assert.equal(out.bad, false);
  assert.ok(out.codes.includes("answers.out-of-range"), out.codes.join(", "));
  assert.deepEqual(out.thrown, { name: "MonshinError", code: "document.json-syntax" });
  assert.equal(out.fhir, "function");

  // The top-level README's node example, as written, beside the files it reads.
  const readme = readFileSync(join(rootDir, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  assert.equal(blocks.length, 1, "README.md should have one js block");
  assert.ok(blocks[0].includes(`from "${pkg.name}"`), "the README imports the package by its name");
  writeFileSync(join(app, "readme.mjs"), blocks[0]);
  copyFileSync(join(formsDir, "vaccination-pcv.form.json"), join(app, "vaccination-pcv.form.json"));
  copyFileSync(join(examplesDir, "vaccination-pcv.complete.answers.json"), join(app, "answers.json"));
  assert.equal(run("node", ["readme.mjs"], app).trim(), "true []", "the README example prints valid, no findings");

  // TypeScript against the installed package's declarations (resolved through `exports`).
  writeFileSync(
    join(app, "use.ts"),
    `import { Form, type Finding, type Report } from "${pkg.name}";
declare const definition: string;
const form: Form = new Form(definition);
const report: Report = form.validate({ definition: "vaccination-pcv", status: "draft", answers: [] }, { mode: "complete" });
const codes: string[] = report.findings.map((f: Finding) => f.code);
const page: number | null | undefined = report.findings[0]?.location.page;
export { codes, page };
`,
  );
  writeFileSync(
    join(app, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "es2022",
        lib: ["esnext", "dom"],
        module: "nodenext",
        moduleResolution: "nodenext",
        skipLibCheck: false,
        types: [],
      },
      files: ["use.ts"],
    }),
  );
  run(join(wasmDir, "node_modules/.bin/tsc"), ["-p", join(app, "tsconfig.json")], app);
  // And a misuse is caught: the check is real.
  writeFileSync(join(app, "use.ts"), `import { Form } from "${pkg.name}";\nconst n: number = new Form("{}").validate("{}").valid;\nexport { n };\n`);
  let failed = false;
  try {
    execFileSync(join(wasmDir, "node_modules/.bin/tsc"), ["-p", join(app, "tsconfig.json")], {
      cwd: app,
      encoding: "utf8",
      timeout: 120_000,
    });
  } catch (e) {
    failed = true;
    assert.match(e.stdout, /TS2322/);
  }
  assert.ok(failed, "tsc accepted a boolean as a number");
});
