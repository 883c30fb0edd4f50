// nianbao serve: the page. Plain JavaScript, no framework. Report text is hostile: it is only
// ever put into the page as text (textContent / createTextNode), never as markup.
"use strict";

(function () {
  const SEVERITY = { error: "错误", warning: "警告", info: "提示" };
  // The rule pack's sections, [id, template title] in the report's order (from /api/info):
  // findings are grouped under them.
  let sections = [];
  const $ = (id) => document.getElementById(id);
  let current = null; // { file, data }
  let exportsOffered = [];

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function setStatus(text, isError) {
    const status = $("status");
    status.textContent = text;
    status.classList.toggle("error", Boolean(isError));
  }

  async function errorOf(response) {
    try {
      const body = await response.json();
      if (body && body.error) return body.error;
    } catch (_e) {
      /* not JSON */
    }
    return "检查失败（HTTP " + response.status + "）";
  }

  async function upload(file) {
    setStatus("正在检查“" + file.name + "”……", false);
    $("result").hidden = true;
    const form = new FormData();
    form.append("file", file, file.name);
    let response;
    try {
      response = await fetch("/api/check?view=1", { method: "POST", body: form });
    } catch (_e) {
      setStatus("无法连接检查程序：请确认 nianbao serve 仍在运行", true);
      return;
    }
    if (!response.ok) {
      setStatus(await errorOf(response), true);
      return;
    }
    const data = await response.json();
    await infoLoaded;
    current = { file: file, data: data };
    render(data);
    setStatus("已检查“" + file.name + "”。", false);
  }

  function number(value) {
    return value === null || value === undefined ? "—" : String(value);
  }

  function where(location) {
    // scope: the section by the report's own heading (where a missing part belongs), or 全文
    const parts = [];
    if (location.scope && location.scope !== "全文") parts.push(location.scope);
    else if (location.section) parts.push("第" + location.section + "部分");
    if (location.table) parts.push(location.table);
    if (location.row) parts.push("“" + location.row + "”行");
    if (location.column) parts.push("“" + location.column + "”列");
    if (location.page) parts.push("第" + location.page + "页");
    if (!parts.length && location.line && location.quote) parts.push("第" + location.line + "行");
    return parts.length ? parts.join(" · ") : "全文";
  }

  function cost(finding, points) {
    if (!finding.certain) return "待核实，不扣分";
    return points > 0 ? "扣 " + points + " 分" : "不扣分";
  }

  function render(data) {
    const report = data.reports[0];
    const view = data.view || { blocks: [], tables: {}, findings: [] };
    $("result").hidden = false;
    $("grade").textContent = report.grade || "未评分";
    $("score").textContent = report.score === null || report.score === undefined ? "—" : report.score + " 分";
    $("title").textContent = report.title || report.path;
    const meta = [report.path];
    if (report.issuer) meta.push(report.issuer);
    if (report.year) meta.push(report.year + " 年度");
    if (report.pack) meta.push("规则包 " + report.pack);
    $("meta").textContent = meta.join(" · ");
    const c = report.counts || {};
    const uncertain = report.findings.filter((f) => !f.certain).length;
    $("counts").textContent =
      "错误 " + (c.error || 0) + " 处，警告 " + (c.warning || 0) + " 处，提示 " + (c.info || 0) + " 处" +
      (uncertain ? "，待核实 " + uncertain + " 处" : "");
    renderDownloads();
    const anchors = renderDocument(report, view);
    renderFindings(report, view, anchors);
  }

  function renderDownloads() {
    const box = $("downloads");
    box.querySelectorAll("button.export").forEach((b) => b.remove());
    for (const fmt of exportsOffered) {
      const button = el("button", "export", fmt.toUpperCase());
      button.type = "button";
      button.id = "dl-" + fmt;
      button.addEventListener("click", () => exportAs(fmt));
      box.appendChild(button);
    }
  }

  function save(blob, name) {
    const link = el("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(() => {
      URL.revokeObjectURL(link.href);
      link.remove();
    }, 1000);
  }

  function stem() {
    const name = current ? current.file.name : "report";
    const dot = name.lastIndexOf(".");
    return (dot > 0 ? name.slice(0, dot) : name) + "-nianbao";
  }

  $("dl-json").addEventListener("click", () => {
    if (!current) return;
    const contract = { version: current.data.version, nianbao: current.data.nianbao, reports: current.data.reports };
    save(new Blob([JSON.stringify(contract, null, 2)], { type: "application/json" }), stem() + ".json");
  });

  async function exportAs(fmt) {
    if (!current) return;
    setStatus("正在生成 " + fmt.toUpperCase() + "……", false);
    const form = new FormData();
    form.append("file", current.file, current.file.name);
    const response = await fetch("/api/export/" + fmt, { method: "POST", body: form });
    if (!response.ok) {
      setStatus(await errorOf(response), true);
      return;
    }
    save(await response.blob(), stem() + "." + fmt);
    setStatus("已生成 " + fmt.toUpperCase() + "。", false);
  }

  // ---- the report, with each finding anchored at its place ----

  function renderDocument(report, view) {
    const doc = $("doc");
    doc.replaceChildren();
    const anchors = report.findings.map(() => null); // finding index -> element
    const spans = [];
    const byLine = new Map();
    report.findings.forEach((f, i) => {
      const v = view.findings[i] || {};
      if (f.location.table && view.tables[f.location.table]) return;
      if (v.span) spans.push({ start: v.span[0], end: v.span[1], index: i });
      else if (f.location.line) byLine.set(f.location.line, (byLine.get(f.location.line) || []).concat([i]));
    });
    spans.sort((a, b) => a.start - b.start);
    if (!view.blocks.length) {
      doc.appendChild(el("p", "hint", "没有可显示的报告文字（文件无法读取，或不是年度报告）。"));
    }
    for (const block of view.blocks) {
      if (block.table !== undefined) {
        doc.appendChild(renderTable(block.table, view.tables[block.table], report, anchors));
        continue;
      }
      const p = el("p");
      const hits = spans.filter((s) => s.start < block.end && s.end > block.start);
      appendMarked(p, block, hits, report, anchors);
      const lineHits = byLine.get(block.line) || [];
      if (lineHits.length) {
        p.classList.add("para-hit");
        p.dataset.finding = String(lineHits[0]);
        for (const i of lineHits) if (!anchors[i]) anchors[i] = p;
      }
      doc.appendChild(p);
    }
    if (view.truncated) doc.appendChild(el("p", "hint", "（报告较长，后面的文字没有显示；问题清单是完整的。）"));
    return anchors;
  }

  function appendMarked(p, block, hits, report, anchors) {
    const cuts = new Set([block.start, block.end]);
    for (const h of hits) {
      cuts.add(Math.max(block.start, Math.min(block.end, h.start)));
      cuts.add(Math.max(block.start, Math.min(block.end, h.end)));
    }
    const points = Array.from(cuts).sort((a, b) => a - b);
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k];
      const b = points[k + 1];
      const text = block.text.slice(a - block.start, b - block.start);
      if (!text) continue;
      const covering = hits.filter((h) => h.start <= a && h.end >= b);
      if (!covering.length) {
        p.appendChild(document.createTextNode(text));
        continue;
      }
      const worst = covering.map((h) => report.findings[h.index]).sort(bySeverity)[0];
      const mark = el("span", "mark " + worst.severity, text);
      mark.dataset.finding = String(covering[0].index);
      mark.title = covering.map((h) => report.findings[h.index].message).join("\n");
      for (const h of covering) if (!anchors[h.index]) anchors[h.index] = mark;
      p.appendChild(mark);
    }
  }

  function bySeverity(a, b) {
    const order = { error: 0, warning: 1, info: 2 };
    return order[a.severity] - order[b.severity];
  }

  function renderTable(name, table, report, anchors) {
    const wrap = el("div", "table-wrap");
    if (!table) return wrap;
    const t = el("table", "report");
    t.dataset.table = name;
    t.appendChild(el("caption", null, name));
    const rows = Object.keys(table.values);
    const columns = [];
    for (const row of rows) for (const col of Object.keys(table.values[row])) if (!columns.includes(col)) columns.push(col);
    const head = el("tr");
    head.appendChild(el("th", null, "项目"));
    const headers = {};
    for (const col of columns) {
      const th = el("th", null, col);
      headers[col] = th;
      head.appendChild(th);
    }
    const thead = el("thead");
    thead.appendChild(head);
    t.appendChild(thead);
    const body = el("tbody");
    const cells = {};
    const rowHeads = {};
    for (const row of rows) {
      const tr = el("tr");
      const th = el("th", null, row);
      th.scope = "row";
      rowHeads[row] = th;
      tr.appendChild(th);
      cells[row] = {};
      for (const col of columns) {
        const has = Object.prototype.hasOwnProperty.call(table.values[row], col);
        const value = has ? table.values[row][col] : undefined;
        const td = el("td", "num", has ? number(value) : "");
        const undecided = (table.undecided[row] || {})[col];
        if (has && value === null && undecided) {
          td.classList.add("unsettled");
          td.textContent = undecided.join(" 或 ");
          td.title = "读不准：可能是 " + undecided.join("、");
        }
        td.dataset.row = row;
        td.dataset.column = col;
        cells[row][col] = td;
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    t.appendChild(body);
    report.findings.forEach((f, i) => {
      const loc = f.location;
      if (loc.table !== name) return;
      const hit = (node) => {
        node.classList.add("cell-hit", f.severity);
        node.dataset.finding = String(i);
        node.title = f.message;
        if (!anchors[i]) anchors[i] = node;
      };
      const note = (node) => {
        if (f.observed === null && f.expected === null) return;
        const text = "填报 " + number(f.observed) + (f.expected !== null ? " · 应为 " + number(f.expected) : "");
        node.appendChild(el("span", "note", text));
      };
      if (loc.row && loc.column && cells[loc.row] && cells[loc.row][loc.column]) {
        hit(cells[loc.row][loc.column]);
        note(cells[loc.row][loc.column]);
      } else if (loc.row && rowHeads[loc.row]) {
        hit(rowHeads[loc.row]);
        note(rowHeads[loc.row]);
        const total = cells[loc.row]["总计"];
        if (total) hit(total);
      } else if (loc.column && headers[loc.column]) {
        hit(headers[loc.column]);
        note(headers[loc.column]);
        for (const row of rows) if (cells[row][loc.column]) cells[row][loc.column].classList.add("col-hit");
      } else {
        if (!anchors[i]) anchors[i] = t;
      }
    });
    wrap.appendChild(t);
    return wrap;
  }

  function onDocumentClick(event) {
    const target = event.target.closest("[data-finding]");
    if (!target) return;
    const item = document.getElementById("finding-" + target.dataset.finding);
    if (item) {
      item.scrollIntoView({ block: "center", behavior: "auto" });
      activate(item, null);
    }
  }

  function activate(item, anchor) {
    document.querySelectorAll(".finding.active").forEach((n) => n.classList.remove("active"));
    item.classList.add("active");
    document.querySelectorAll(".flash").forEach((n) => n.classList.remove("flash"));
    if (anchor) {
      void anchor.offsetWidth; // restart the animation
      anchor.classList.add("flash");
    }
  }

  // ---- the findings, grouped by section ----

  function renderFindings(report, view, anchors) {
    const box = $("findings");
    box.replaceChildren();
    if (!report.findings.length) {
      box.appendChild(el("p", null, "没有发现问题。"));
      return;
    }
    const titles = new Map(sections);
    const groups = new Map();
    groups.set("", []); // the title and the opening lines, or the report as a whole
    for (const [id] of sections) groups.set(id, []);
    report.findings.forEach((f, i) => {
      // a section the pack does not name still gets its own group, after the pack's
      const key = f.location.section || "";
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(i);
    });
    for (const [key, indices] of groups) {
      if (!indices.length) continue;
      const group = el("div", "group");
      group.appendChild(el("h3", null, key ? titles.get(key) || key : "标题、导语及全文"));
      for (const i of indices) group.appendChild(renderFinding(report.findings[i], i, view, anchors));
      box.appendChild(group);
    }
  }

  function renderFinding(f, i, view, anchors) {
    const item = el("div", "finding " + f.severity);
    item.id = "finding-" + i;
    item.dataset.rule = f.rule;
    const head = el("div", "head");
    head.appendChild(el("span", "sev " + f.severity, SEVERITY[f.severity]));
    if (!f.certain) head.appendChild(el("span", "uncertain", "待核实"));
    head.appendChild(el("span", "rule", f.rule));
    const points = (view.findings[i] || {}).points || 0;
    head.appendChild(el("span", "cost", cost(f, points)));
    item.appendChild(head);
    item.appendChild(el("p", "message", f.message));
    item.appendChild(el("div", "where", "位置：" + where(f.location)));
    // the report's own words, to find the place in Word with Ctrl+F
    if (f.location.quote) item.appendChild(el("div", "quote", "「" + f.location.quote + "」"));
    const button = el("button", "explain-btn", "规则说明");
    button.type = "button";
    button.addEventListener("click", (event) => {
      event.stopPropagation();
      toggleExplanation(item, f.rule);
    });
    item.appendChild(button);
    item.addEventListener("click", (event) => {
      if (event.target.closest(".explain")) return;
      const anchor = anchors[i];
      if (anchor) {
        anchor.scrollIntoView({ block: "center", behavior: "auto" });
      }
      activate(item, anchor);
    });
    return item;
  }

  async function toggleExplanation(item, ruleId) {
    const open = item.querySelector(".explain");
    if (open) {
      open.remove();
      return;
    }
    const box = el("div", "explain", "正在读取规则说明……");
    item.appendChild(box);
    const response = await fetch("/api/rules/" + encodeURIComponent(ruleId));
    if (!response.ok) {
      box.textContent = await errorOf(response);
      return;
    }
    const rule = await response.json();
    box.replaceChildren();
    const line = (label, text) => {
      if (!text) return;
      const p = el("p");
      p.appendChild(el("span", "label", label + "："));
      p.appendChild(document.createTextNode(text));
      box.appendChild(p);
    };
    line(rule.id + " " + rule.name, rule.title);
    line("说明", rule.description);
    line("依据", rule.basis);
    line("扣分", rule.scoring || (rule.points > 0 ? rule.points + " 分（" + SEVERITY[rule.severity] + "）" : "不扣分"));
    if (rule.examples) {
      line("合规示例", rule.examples.pass);
      line("问题示例", rule.examples.fail);
    }
    for (const p of rule.profiles || []) {
      line("配置 " + p.name, p.title + "：" + SEVERITY[p.severity] + "，扣 " + p.points + " 分");
    }
  }

  // ---- choosing a file ----

  $("doc").addEventListener("click", onDocumentClick);
  const input = $("file");
  const drop = $("drop");
  input.addEventListener("change", () => {
    if (input.files && input.files[0]) upload(input.files[0]);
  });
  ["dragenter", "dragover"].forEach((type) =>
    drop.addEventListener(type, (event) => {
      event.preventDefault();
      drop.classList.add("over");
    })
  );
  ["dragleave", "drop"].forEach((type) =>
    drop.addEventListener(type, () => drop.classList.remove("over"))
  );
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    const files = event.dataTransfer && event.dataTransfer.files;
    if (files && files[0]) upload(files[0]);
  });

  // upload() renders a result only once this has settled, so its groups have their titles
  const infoLoaded = fetch("/api/info")
    .then((r) => r.json())
    .then((info) => {
      exportsOffered = info.exports || [];
      sections = (info.sections || []).map((s) => [s.id, s.title]);
      $("version").textContent = info.nianbao || "";
    })
    .catch(() => {});
})();
