// Browser test: Playwright (playwright-core) drives Debian's Chromium
// headless against newsweave servers this script starts on loopback.
//
//   NEWSWEAVE_BIN  the newsweave binary (default: target/debug/newsweave)
//   SEEDS          the seed articles (default: ../shared/seeds beside the repo)
//   CHROMIUM       the browser (default: /usr/bin/chromium)
//   STORIES        stories in the paginated store (default: 600)
//
// Two stores: the three seed articles (given outlets and dates in front
// matter, one left without) plus a two-article story whose outlets give
// different death tolls; and a store of STORIES unrelated one-article
// stories for the front page. Exits non-zero, with the reason, when any
// check fails. Screenshots go to tests/browser/screenshots/.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { manyStories } from "./fixtures.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const bin =
  process.env.NEWSWEAVE_BIN ||
  path.join(process.env.CARGO_TARGET_DIR || path.join(repo, "target"), "debug/newsweave");
const seeds = process.env.SEEDS || path.resolve(repo, "../shared/seeds");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const STORIES = Number(process.env.STORIES || 600);
const shots = path.join(here, "screenshots");
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const SUN = "003_623325d71c16a6fc";
const ITV = "000_dd91db12d2c4c90d";

for (const [what, p] of [["newsweave binary", bin], ["seeds", seeds], ["chromium", browserPath]]) {
  if (!existsSync(p)) {
    console.error(`browser test: ${what} not found at ${p}`);
    process.exit(1);
  }
}
mkdirSync(shots, { recursive: true });
const work = mkdtempSync(path.join(tmpdir(), "newsweave-browser-"));

// The seeds with front matter: outlet and date for two, nothing for the third.
const seedDir = path.join(work, "seeds");
mkdirSync(seedDir);
const front = {
  [ITV]: "---\noutlet: ITV News\ndate: 2016-10-11T09:30:00Z\nurl: https://www.itv.com/news/\n---\n",
  [SUN]: "---\noutlet: The Sun\ndate: 2016-10-11T16:45:00+01:00\n---\n",
  "004_474c5a378a245884": "",
};
for (const [id, head] of Object.entries(front)) {
  writeFileSync(path.join(seedDir, `${id}.txt`), head + readFileSync(path.join(seeds, `${id}.txt`), "utf8"));
}
// A story whose two outlets disagree on a figure.
const floodText = (n) =>
  `The flood in Riverside killed ${n} people on Saturday after the River Wend burst its banks near the ` +
  "old textile mill, police said.\n\nRescue teams searched the flooded streets of Riverside through the " +
  "night. Mayor Ann Holt said the river had risen faster than ever before.";
const flood = [
  {
    id: "flood-gazette",
    outlet: "Riverside Gazette",
    date: "2026-03-14T09:30:00Z",
    url: "https://gazette.example/flood",
    title: "Flood in Riverside kills 12",
    text: floodText(12),
  },
  {
    id: "flood-herald",
    outlet: "Valley Herald",
    date: "2026-03-14T15:00:00Z",
    url: "https://herald.example/flood",
    title: "Riverside flood death toll rises to 19",
    text: floodText(19),
  },
];
const floodFile = path.join(seedDir, "flood.jsonl");
writeFileSync(floodFile, flood.map((a) => JSON.stringify(a)).join("\n") + "\n");

const manyFile = path.join(work, "many.jsonl");
writeFileSync(manyFile, manyStories(STORIES).join("\n") + "\n");

function ingest(db, inputs) {
  const t0 = Date.now();
  execFileSync(bin, ["-q", "ingest", ...inputs, "--db", db], { stdio: ["ignore", "ignore", "inherit"] });
  return (Date.now() - t0) / 1000;
}

// Starts a server on a free loopback port; it prints the address on stderr.
function serve(db) {
  const proc = spawn(bin, ["serve", "--db", db, "--addr", "127.0.0.1:0"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${seen}`)), 30000);
    proc.stderr.on("data", (chunk) => {
      seen += chunk;
      const m = seen.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (m) {
        clearTimeout(timer);
        resolve({ base: m[0], proc });
      }
    });
    proc.on("exit", (code) => reject(new Error(`server exited with ${code}: ${seen}`)));
  });
}

const spanText = (api, src) =>
  Array.from(api.articles.find((a) => a.id === src.article).text)
    .slice(src.start, src.end)
    .join("");

// No serious or critical accessibility violations (axe-core) on the page.
async function accessible(page, what) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, first: v.nodes[0]?.html }));
  });
  const bad = result.filter((v) => v.impact === "serious" || v.impact === "critical");
  const minor = result.filter((v) => !bad.includes(v)).map((v) => `${v.id} (${v.impact})`);
  assert.deepEqual(bad, [], `${what}: serious or critical axe violations`);
  console.log(`ok: axe finds no serious or critical violation on the ${what} page${minor.length ? ` (minor: ${minor.join(", ")})` : ""}`);
}

const servers = [];
let browser;
let failed = false;
try {
  const seedDb = path.join(work, "seeds.db");
  const manyDb = path.join(work, "many.db");
  ingest(seedDb, [seedDir]);
  const secs = ingest(manyDb, [manyFile]);
  console.log(`ok: ingested ${STORIES} one-article stories in ${secs.toFixed(1)} s`);
  const seedsServer = await serve(seedDb);
  const manyServer = await serve(manyDb);
  servers.push(seedsServer.proc, manyServer.proc);

  browser = await chromium.launch({
    executablePath: browserPath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });

  // --- Front page of STORIES stories: paginated, newest first. ---
  {
    const base = manyServer.base;
    const response = await page.goto(base + "/");
    const size = (await response.body()).length;
    const items = page.locator("ol.stories li.item");
    const perPage = await items.count();
    assert.equal(perPage, 30, "30 stories a page");
    assert.ok(size < 100_000, `front page is ${size} bytes`);
    const pages = Math.ceil(STORIES / 30);
    assert.match(await page.locator("nav.pages").first().innerText(), new RegExp(`Page 1 of ${pages} · ${STORIES} stories`));
    // Newest first: the last article of the stream opens the list.
    const firstTitle = await items.first().locator("h2").innerText();
    assert.match(firstTitle, new RegExp(`number ${STORIES - 1}$`));
    // Each item: teaser, coverage bar with a label, outlet count, time range.
    const item = items.first();
    assert.ok((await item.locator("p.teaser").innerText()).length > 10, "teaser shown");
    assert.match(await item.locator("svg.coverage").getAttribute("aria-label"), /^Coverage: 1 article from 1 outlet/);
    assert.match(await item.innerText(), /1 outlet · 1 article/);
    assert.match(await item.innerText(), /\d{1,2} (Jan|Feb) 2026, \d\d:\d\d UTC/);
    console.log(`ok: front page 1 of ${pages}: 30 stories, newest first, ${size} bytes`);
    await page.screenshot({ path: path.join(shots, "front.png"), fullPage: false });

    // Keyboard: j / ArrowDown move to the next story, k / ArrowUp back.
    const focused = () => page.evaluate(() => document.activeElement?.closest("li.item")?.querySelector("h2")?.innerText || "");
    await page.keyboard.press("j");
    assert.equal(await focused(), firstTitle, "j focuses the first story");
    await page.keyboard.press("ArrowDown");
    const second = await items.nth(1).locator("h2").innerText();
    assert.equal(await focused(), second, "ArrowDown moves to the second story");
    await page.keyboard.press("k");
    assert.equal(await focused(), firstTitle, "k moves back");
    await page.keyboard.press("j");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/stories\//);
    assert.match(await page.locator("h1").innerText(), new RegExp(second.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    console.log("ok: keyboard j/k/arrows move between stories, Enter opens one");

    // Next page, then the last page holds the oldest story.
    await page.goto(base + "/");
    await page.locator("nav.pages a[rel=next]").first().click();
    await page.waitForURL(/page=2/);
    assert.match(await page.locator("ol.stories li.item h2").first().innerText(), new RegExp(`number ${STORIES - 31}$`));
    await page.goto(`${base}/?page=${pages}`);
    const last = page.locator("ol.stories li.item h2");
    assert.match(await last.last().innerText(), /number 0$/);
    assert.equal(await page.locator("nav.pages a[rel=next]").count(), 0, "no next link on the last page");
    const api = await (await fetch(`${base}/api/stories?page=2&per_page=50`)).json();
    assert.equal(api.total, STORIES);
    assert.equal(api.stories.length, 50);
    assert.equal(api.page, 2);
    console.log("ok: next/last pages and /api/stories?page= agree");
    await page.goto(base + "/");
    await accessible(page, "front");
  }

  // --- The seeds' story page. ---
  const base = seedsServer.base;
  await page.goto(base + "/");
  await page.locator("ol.stories a.story-link", { hasText: /Johnson|Russia|Syria|Corbyn/ }).first().click();
  await page.waitForSelector("ol.summary li.sel");
  const storyId = decodeURIComponent(page.url().split("/stories/")[1]);
  const api = await (await fetch(`${base}/api/stories/${encodeURIComponent(storyId)}`)).json();
  await page.screenshot({ path: path.join(shots, "story.png"), fullPage: true });
  {
    const meta = await page.locator("p.meta").first().innerText();
    assert.match(meta, /3 articles · 3 outlets/);
    assert.match(meta, /first reported by ITV News \(11 Oct 2016, 09:30 UTC\)/);
    const bar = page.locator("figure.bar svg.coverage");
    assert.match(await bar.getAttribute("aria-label"), /^Coverage: 3 articles from 3 outlets: .*ITV News 1.*The Sun 1.*unknown 1/);
    const timeline = page.locator("svg.timeline");
    assert.ok(await timeline.isVisible(), "timeline shown");
    assert.match(await timeline.getAttribute("aria-label"), /^Coverage timeline: 2 dated articles, 11 Oct 2016, 09:30 UTC – 11 Oct 2016, 16:45 \+01:00, 1 undated article/);
    const ticks = await timeline.locator("text.tick").allTextContents();
    assert.ok(ticks.length >= 2 && ticks.every((t) => /\d+ Oct/.test(t)), `time axis labelled: ${ticks}`);
    assert.equal(await timeline.locator("circle").count(), 3, "one dot per article");
    assert.ok((await timeline.innerHTML()).includes(">undated<"), "undated column");
    // Articles in time order, linked to their original when given.
    const order = await page.locator("aside.articles section.article").evaluateAll((s) => s.map((e) => e.id));
    assert.deepEqual(order, [`art-${ITV}`, `art-${SUN}`, "art-004_474c5a378a245884"]);
    assert.equal(await page.locator(`#art-${ITV} a[href="https://www.itv.com/news/"]`).count(), 1);
    // Headlines side by side, and summary citations in order.
    assert.equal(await page.locator(".headlines .headline").count(), 3);
    for (const cites of await page.locator("ol.summary .cite").allInnerTexts()) {
      const n = [...cites.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
      assert.deepEqual(n, [...n].sort((a, b) => a - b), `citations sorted: ${cites}`);
    }
    console.log("ok: story page has coverage bar, labelled timeline, first reporter, time-ordered linked articles");
  }

  // Clicking a summary sentence highlights its source span.
  {
    const src = api.report.summary[0].sources[0];
    assert.equal(await page.locator("mark.hl").count(), 0, "no highlight before the click");
    const sentence = page.locator("ol.summary li.sel").first();
    await sentence.click();
    await page.waitForSelector("mark.hl");
    assert.ok(await sentence.evaluate((el) => el.classList.contains("active")), "sentence marked active");
    const mark = page.locator(`.text[data-article="${src.article}"] mark.hl`).first();
    assert.equal(await mark.textContent(), spanText(api, src), "highlighted text is the sentence's source span");
    assert.ok(await mark.isVisible(), "the highlighted source is visible");
    console.log(`ok: clicking summary sentence 1 highlights ${src.article} [${src.start}, ${src.end})`);
  }
  await accessible(page, "story");

  // Without JavaScript the story still reads: summary, timeline, articles.
  {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const p2 = await ctx.newPage();
    await p2.goto(`${base}/stories/${encodeURIComponent(storyId)}`);
    assert.ok((await p2.locator("ol.summary li").count()) > 0);
    assert.ok(await p2.locator("svg.timeline").isVisible());
    assert.ok(await p2.locator(`#art-${SUN} .text`).isVisible());
    await ctx.close();
    console.log("ok: the story page reads without JavaScript");
  }

  // --- A conflict between outlets: clicking it highlights both sources. ---
  {
    await page.goto(base + "/");
    await page.locator("ol.stories a.story-link", { hasText: /flood/i }).first().click();
    const conflict = page.locator("ul.compare li.c-conflict").first();
    await conflict.waitFor();
    assert.match(await conflict.innerText(), /Conflict/);
    await conflict.click();
    await page.waitForSelector("mark.hl");
    const id = decodeURIComponent(page.url().split("/stories/")[1]);
    const floodApi = await (await fetch(`${base}/api/stories/${encodeURIComponent(id)}`)).json();
    const sources = JSON.parse(await conflict.getAttribute("data-sources"));
    const articles = new Set(sources.map((s) => s.article));
    assert.deepEqual([...articles].sort(), ["flood-gazette", "flood-herald"], "the conflict has both outlets' figures");
    for (const s of sources) {
      const marks = await page.locator(`.text[data-article="${s.article}"] mark.hl`).allTextContents();
      assert.ok(marks.includes(spanText(floodApi, s)), `${s.article} marks ${spanText(floodApi, s)}`);
    }
    console.log(`ok: clicking the conflict highlights ${[...articles].join(" and ")}`);
    await page.screenshot({ path: path.join(shots, "conflict.png"), fullPage: false });
  }

  // --- Actor page. ---
  {
    await page.goto(base + "/actors/Boris%20Johnson");
    assert.match(await page.locator("h1").innerText(), /Boris Johnson/);
    assert.ok((await page.locator("ul.quotes li").count()) > 0, "Johnson's quotes listed");
    await page.screenshot({ path: path.join(shots, "actor.png"), fullPage: false });
    await accessible(page, "actor");
  }

  // --- Search from the header box: "napalm" finds The Sun's article. ---
  {
    await page.goto(base + "/");
    await page.fill("header input[name=q]", "napalm");
    await page.press("header input[name=q]", "Enter");
    await page.waitForSelector("ul.hits");
    const hit = page.locator(`li.hit[data-article="${SUN}"]`);
    assert.equal(await hit.count(), 1, "The Sun's article is a hit");
    assert.match((await hit.locator("mark").first().textContent()) || "", /napalm/i);
    console.log(`ok: search "napalm" finds ${SUN}`);
    await page.screenshot({ path: path.join(shots, "search.png") });
    await accessible(page, "search");
    await hit.locator("a").first().click();
    await page.waitForSelector(`#art-${SUN}`);
    console.log("ok: the hit opens its story");
  }
} catch (err) {
  failed = true;
  console.error("browser test FAILED:", err);
} finally {
  if (browser) await browser.close();
  for (const s of servers) s.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
