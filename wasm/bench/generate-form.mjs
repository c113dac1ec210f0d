// Deterministic generator of the 200-item benchmark form (`test/fixtures/generated-200.form.json`).
//
// Nine pages of 22 items each (the last without its note) (yes-no questions with follow-ups, numbers with cross-item
// constraints, a calculation, dates, choices with requiredWhen, a repeatable group with a
// follow-up inside it) plus an age calculation, a form-wide sum and a count: 200 items. Run with `node` to print it.

export function generateForm(pages = 9) {
  const def = {
    formKind: "vaccination",
    id: "V-GEN-200",
    title: "生成フォーム（200項目）",
    version: "2026.1",
    pages: [],
  };
  for (let p = 1; p <= pages; p++) {
    const g = (s) => `G${p}_${s}`;
    const items = [
      { id: g("NOTE"), type: "note", text: `${p}ページ目の注意事項` },
      { id: g("Q1"), type: "yes-no", text: "具合の悪いところがありますか", required: true },
      { id: g("Q1_D"), type: "text", text: "具合の悪い症状", maxLength: 100, required: true, enableWhen: `$${g("Q1")} = true` },
      {
        id: g("Q1_K"), type: "single-choice", text: "いつからですか", enableWhen: `$${g("Q1")} = true`,
        options: [{ code: "1", label: "今日" }, { code: "2", label: "昨日" }, { code: "3", label: "2〜3日前" }, { code: "4", label: "それより前" }],
      },
      { id: g("Q2"), type: "yes-no", text: "薬を飲んでいますか", required: true },
      { id: g("Q2_D"), type: "text", text: "薬の名前", enableWhen: `$${g("Q2")} = true`, required: true },
      { id: g("N1"), type: "integer", text: "数値1", min: 0, max: 300, unit: "回", required: true },
      {
        id: g("N2"), type: "integer", text: "数値2", min: 0, max: 300, unit: "回",
        constraints: [{ code: "n2-le-n1", expr: `$${g("N2")} <= $${g("N1")}`, message: "数値2は数値1以下にしてください", severity: "error" }],
      },
      { id: g("N3"), type: "decimal", text: "体温", min: 34, max: 42, precision: 1, unit: "℃",
        constraints: [{ code: "fever", expr: `$${g("N3")} < 37.5`, message: "37.5℃以上です", severity: "warning" }] },
      { id: g("C1"), type: "integer", text: "合計", unit: "回", calculate: `$${g("N1")} + $${g("N2")}` },
      { id: g("D1"), type: "date", text: "日付", constraints: [{ code: "future", expr: `$${g("D1")} <= today()`, message: "未来の日付です", severity: "error" }] },
      {
        id: g("M1"), type: "multi-choice", text: "当てはまるもの", minSelected: 1,
        options: [1, 2, 3, 4, 5].map((n) => ({ code: String(n), label: n === 5 ? "その他" : `選択肢${n}` })),
      },
      { id: g("M1_O"), type: "text", text: "その他の内容", enableWhen: `contains($${g("M1")}, '5')`, required: true },
      {
        id: g("S1"), type: "single-choice", text: "区分", required: true,
        options: [{ code: "1", label: "A" }, { code: "2", label: "B" }, { code: "3", label: "C" }],
      },
      { id: g("S1_X"), type: "text", text: "Cの理由", requiredWhen: `$${g("S1")} = '3'` },
      { id: g("L1"), type: "long-text", text: "自由記入", maxLength: 200, enableWhen: `$${g("C1")} > 0` },
      { id: g("YM"), type: "year-month", text: "年月" },
      {
        id: g("GRP"), type: "group", text: "同居の家族", minRepeat: 0, maxRepeat: 5,
        enableWhen: p > 1 ? `$G${p - 1}_Q2 != true or $${g("Q2")} = true` : undefined,
        items: [
          { id: g("GRP_NAME"), type: "text", text: "続柄", required: true },
          { id: g("GRP_AGE"), type: "integer", text: "年齢", min: 0, max: 120, unit: "歳" },
          { id: g("GRP_SICK"), type: "yes-no", text: "具合が悪いですか" },
          { id: g("GRP_SICK_D"), type: "text", text: "症状", enableWhen: `$${g("GRP_SICK")} = true`, required: true },
        ],
      },
    ];
    if (p === 1) {
      items.push({ id: "AGE", type: "integer", text: "年齢", unit: "歳", calculate: `age_years($G1_D1, today())` });
    }
    if (p === pages) {
      const terms = Array.from({ length: pages }, (_, i) => `$G${i + 1}_N1`).join(" + ");
      items.push({ id: "TOTAL", type: "integer", text: "全体の合計", unit: "回", calculate: terms });
      items.push({
        id: "FAMILY", type: "integer", text: "家族の人数", unit: "人",
        constraints: [{ code: "family-count", expr: `$FAMILY >= count($G1_GRP_NAME)`, message: "1ページ目の家族の数より少なくなっています", severity: "warning" }],
      });
    }
    if (p === pages) items.shift(); // no note on the last page: 200 items in all
    for (const it of items) if (it.enableWhen === undefined) delete it.enableWhen;
    def.pages.push({ number: p, label: `ページ${p}`, items });
  }
  return def;
}

export function countItems(def) {
  let n = 0;
  for (const page of def.pages) for (const it of page.items) n += 1 + (it.items ? it.items.length : 0);
  return n;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(JSON.stringify(generateForm(), null, 2) + "\n");
}
