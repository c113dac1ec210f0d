// node:test: an item's `pattern` means in the engine what it means to JavaScript. Random patterns
// of the dialect (crates/monshin-pattern) and random answers, validated through a definition,
// against `new RegExp("^(?:" + p + ")$", "u")`.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as monshin from "../pkg/node.js";
import { TODAY } from "./helpers.mjs";

/** mulberry32: a small seeded generator, so that a failure can be replayed. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ATOMS = [
  "a", "b", "Z", "あ", "-", ".", "\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "[a-c]", "[^a\\s]",
  "[\\u3041-\\u3093]", "\\u{3000}", "\\u3042", "\\x41", "\\.", "[\\-_]", "[^]", "\\u{1F600}",
];
const ASSERTIONS = ["^", "$", "\\b", "\\B"];
const QUANTIFIERS = ["*", "+", "?", "{2}", "{1,3}", "{0,}", "*?", "+?", "{0,2}?"];
// Letters, digits, '_' (word), CJK, spaces of three kinds, U+2028 (a line terminator `.` skips).
const ALPHABET = ["a", "b", "c", "Z", "A", "_", "1", "9", "あ", "ア", "-", ".", " ", "\u3000", "\u00a0", "\u2028", "😀"];

function pattern(rnd, depth = 0) {
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const r = rnd();
  if (depth >= 3 || r < 0.35) return pick(ATOMS);
  if (r < 0.45) return pick(ASSERTIONS);
  if (r < 0.7) {
    const n = 1 + Math.floor(rnd() * 3);
    return Array.from({ length: n }, () => pattern(rnd, depth + 1)).join("");
  }
  if (r < 0.85) {
    const n = 2 + Math.floor(rnd() * 2);
    const open = rnd() < 0.5 ? "(?:" : "(";
    return open + Array.from({ length: n }, () => pattern(rnd, depth + 1)).join("|") + ")";
  }
  return "(?:" + pattern(rnd, depth + 1) + ")" + pick(QUANTIFIERS);
}

function answerText(rnd) {
  const n = 1 + Math.floor(rnd() * 6);
  let s = "";
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(rnd() * ALPHABET.length)];
  // Text answers are trimmed by normalisation; keep the oracle to canonical answers.
  s = s.replace(/^\s+|\s+$/gu, "");
  return s === "" ? "a" : s;
}

test("patterns agree with JavaScript's RegExp (u flag) on random patterns and answers", (t) => {
  const rnd = random(20261204);
  const patterns = Array.from({ length: 240 }, () => pattern(rnd));
  const items = patterns.map((p, i) => ({ id: `P${i}`, type: "text", text: `項目${i}`, pattern: p }));
  const pages = [];
  for (let i = 0; i < items.length; i += 40) {
    pages.push({ number: pages.length + 1, label: `ページ${pages.length + 1}`, items: items.slice(i, i + 40) });
  }
  const definition = { formKind: "vaccination", id: "pat-oracle", title: "パターン照合", version: "1", pages };
  const lint = monshin.lintDefinition(JSON.stringify(definition));
  assert.equal(lint.valid, true, JSON.stringify(lint.findings.slice(0, 3)));
  const form = new monshin.Form(JSON.stringify(definition));
  const regexps = patterns.map((p) => new RegExp(`^(?:${p})$`, "u"));

  let compared = 0;
  let matched = 0;
  for (let round = 0; round < 12; round++) {
    const values = patterns.map(() => answerText(rnd));
    const answers = values.map((value, i) => ({ id: `P${i}`, seq: 1, value }));
    const doc = { definition: "pat-oracle", status: "draft", lastPage: 1, answers };
    const r = form.validate(JSON.stringify(doc), { today: TODAY });
    const rejected = new Map(r.findings.map((f) => [f.location.masterId, f.code]));
    values.forEach((value, i) => {
      const expected = regexps[i].test(value);
      const code = rejected.get(`P${i}`);
      const context = `pattern ${JSON.stringify(patterns[i])} on ${JSON.stringify(value)}: ${code}`;
      if (expected) {
        assert.equal(code, undefined, context);
        matched++;
      } else {
        // A rejected answer that normalisation would fix (U+3000 to a space, say) is reported
        // as needs-normalization; any other rejection must be the pattern's.
        assert.ok(code === "answers.pattern-mismatch" || code === "answers.needs-normalization", context);
      }
      compared++;
    });
  }
  assert.equal(compared, 240 * 12);
  t.diagnostic(`${patterns.length} patterns, ${compared} answers, ${matched} matched`);
  // The generator must exercise both outcomes, not just one.
  assert.ok(matched > compared / 20 && matched < compared - compared / 20, `${matched} of ${compared} matched`);
  form.free();
});

test("patterns outside the dialect are bad-pattern with a code and a span", () => {
  const cases = [
    ["(?<=a)b", "pattern.unsupported", 0, 4],
    ["\\p{Script=Katakana}+", "pattern.unsupported", 0, 2],
    ["[0-9]{3", "pattern.syntax", 5, 2],
    ["a\\-b", "pattern.syntax", 1, 2],
  ];
  for (const [p, detail, offset, length] of cases) {
    const def = {
      formKind: "vaccination", id: "pat-bad", title: "t", version: "1",
      pages: [{ number: 1, label: "p", items: [{ id: "X", type: "text", text: "x", pattern: p }] }],
    };
    const r = monshin.lintDefinition(JSON.stringify(def));
    const f = r.findings.find((x) => x.code === "definition.bad-pattern");
    assert.ok(f, p);
    assert.equal(f.detailCode, detail, p);
    assert.equal(f.location.field, "pattern");
    assert.deepEqual(f.location.span, { offset, length }, p);
  }
});
