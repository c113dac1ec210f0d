// Small static server for the reference page: 127.0.0.1 only, GET/HEAD only, no directory
// listings, nothing outside the served folders. `node web/serve.mjs [port]` prints the URL;
// tests import `startServer()`.
//
//   /                      → web/index.html
//   /web/…                 → wasm/web/
//   /pkg/…                 → wasm/pkg/ (the built package)
//   /fixtures/…            → wasm/test/fixtures/ (the generated benchmark form)
//   /forms/index.json      → the bundled forms: [{ name, id, title, kind, examples }]
//   /forms/<file>.json     → crates/monshin-forms/forms/ and examples/
import { createServer } from "node:http";
import { readFile, readdir } from "node:fs/promises";
import { join, normalize, sep, extname } from "node:path";
import { fileURLToPath } from "node:url";

const wasmDir = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const formsRoot = join(wasmDir, "..", "crates", "monshin-forms");
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".ts": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
};

/** `dir` + `rel`, or null when `rel` would leave `dir`. */
function inside(dir, rel) {
  const path = normalize(join(dir, rel));
  return path === dir || path.startsWith(dir + sep) ? path : null;
}

async function formsIndex() {
  const files = (await readdir(join(formsRoot, "forms"))).filter((f) => f.endsWith(".form.json")).sort();
  const examples = await readdir(join(formsRoot, "examples"));
  const out = [];
  for (const f of files) {
    const name = f.slice(0, -".form.json".length);
    const def = JSON.parse(await readFile(join(formsRoot, "forms", f), "utf8"));
    out.push({
      name,
      id: def.id,
      title: def.title,
      kind: def.formKind,
      examples: examples
        .filter((e) => e.startsWith(`${name}.`) && e.endsWith(".answers.json"))
        .map((e) => e.slice(name.length + 1, -".answers.json".length))
        .sort(),
    });
  }
  return JSON.stringify(out);
}

async function resolve(url) {
  const path = decodeURIComponent(new URL(url, "http://localhost").pathname);
  if (path === "/" || path === "/index.html") return join(wasmDir, "web", "index.html");
  if (path.startsWith("/web/")) return inside(join(wasmDir, "web"), path.slice(5));
  if (path.startsWith("/pkg/")) return inside(join(wasmDir, "pkg"), path.slice(5));
  if (path.startsWith("/fixtures/")) return inside(join(wasmDir, "test", "fixtures"), path.slice(10));
  if (path === "/forms/index.json") return { body: await formsIndex(), type: types[".json"] };
  if (path.startsWith("/forms/")) {
    const name = path.slice(7);
    if (!/^[a-z0-9-]+(\.[a-z]+)?\.(form|answers)\.json$/.test(name)) return null;
    return inside(join(formsRoot, name.endsWith(".form.json") ? "forms" : "examples"), name);
  }
  return null;
}

export function startServer({ port = 0, host = "127.0.0.1" } = {}) {
  const server = createServer(async (req, res) => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD" }).end();
        return;
      }
      const target = await resolve(req.url ?? "/");
      if (!target) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      const { body, type } =
        typeof target === "string"
          ? { body: await readFile(target), type: types[extname(target)] ?? "application/octet-stream" }
          : target;
      res.writeHead(200, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      if (!res.headersSent) res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolvePromise({ url: `http://${host}:${actual}/`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startServer({ port: Number(process.argv[2] ?? 8080) });
  console.log(`monshin reference page: ${url}`);
}
