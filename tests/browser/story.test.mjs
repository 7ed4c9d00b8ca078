// Browser test: Playwright (playwright-core) drives Debian's Chromium
// headless against a newsweave server this script starts on loopback.
//
//   NEWSWEAVE_BIN  the newsweave binary (default: target/debug/newsweave)
//   SEEDS          the seed articles (default: ../shared/seeds beside the repo)
//   CHROMIUM       the browser (default: /usr/bin/chromium)
//
// Exits non-zero, with the reason, when any check fails. Screenshots go to
// tests/browser/screenshots/.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const bin =
  process.env.NEWSWEAVE_BIN ||
  path.join(process.env.CARGO_TARGET_DIR || path.join(repo, "target"), "debug/newsweave");
const seeds = process.env.SEEDS || path.resolve(repo, "../shared/seeds");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const shots = path.join(here, "screenshots");
const SUN = "003_623325d71c16a6fc";

for (const [what, p] of [["newsweave binary", bin], ["seeds", seeds], ["chromium", browserPath]]) {
  if (!existsSync(p)) {
    console.error(`browser test: ${what} not found at ${p}`);
    process.exit(1);
  }
}
mkdirSync(shots, { recursive: true });
const work = mkdtempSync(path.join(tmpdir(), "newsweave-browser-"));
const db = path.join(work, "news.db");
execFileSync(bin, ["-q", "ingest", seeds, "--db", db], { stdio: ["ignore", "ignore", "inherit"] });

// Start the server on a free loopback port; it prints the address on stderr.
const server = spawn(bin, ["serve", "--db", db, "--addr", "127.0.0.1:0"], {
  stdio: ["ignore", "ignore", "pipe"],
});
const base = await new Promise((resolve, reject) => {
  let seen = "";
  const timer = setTimeout(() => reject(new Error(`server did not start: ${seen}`)), 30000);
  server.stderr.on("data", (chunk) => {
    seen += chunk;
    const m = seen.match(/http:\/\/127\.0\.0\.1:\d+/);
    if (m) {
      clearTimeout(timer);
      resolve(m[0]);
    }
  });
  server.on("exit", (code) => reject(new Error(`server exited with ${code}: ${seen}`)));
});

let browser;
let failed = false;
try {
  browser = await chromium.launch({
    executablePath: browserPath,
    headless: true,
    args: [
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

  // The story list shows the seeds' one story; open it.
  await page.goto(base + "/");
  const link = page.locator("table.stories a").first();
  await link.click();
  await page.waitForSelector("ol.summary li.sel");
  const storyUrl = page.url();
  const storyId = decodeURIComponent(storyUrl.split("/stories/")[1]);

  // What the API says the first summary sentence's source is.
  const api = await (await fetch(`${base}/api/stories/${encodeURIComponent(storyId)}`)).json();
  const line = api.report.summary[0];
  const src = line.sources[0];
  const article = api.articles.find((a) => a.id === src.article);
  const expected = Array.from(article.text).slice(src.start, src.end).join("");

  // Nothing is marked before the click; after it, the source span is.
  assert.equal(await page.locator("mark.hl").count(), 0, "no highlight before the click");
  const sentence = page.locator("ol.summary li.sel").first();
  await sentence.click();
  await page.waitForSelector("mark.hl");
  assert.ok(await sentence.evaluate((el) => el.classList.contains("active")), "sentence marked active");
  const mark = page.locator(`.text[data-article="${src.article}"] mark.hl`).first();
  assert.equal(await mark.textContent(), expected, "highlighted text is the sentence's source span");
  assert.ok(await mark.isVisible(), "the highlighted source is visible");
  console.log(`ok: clicking summary sentence 1 highlights ${src.article} [${src.start}, ${src.end})`);
  await page.screenshot({ path: path.join(shots, "story-highlight.png") });

  // Hovering another sentence moves the highlight.
  if (api.report.summary.length > 1) {
    const second = api.report.summary[1].sources[0];
    await page.locator("ol.summary li.sel").nth(1).hover();
    const marked = page.locator(`.text[data-article="${second.article}"] mark.hl`).first();
    const want = Array.from(api.articles.find((a) => a.id === second.article).text)
      .slice(second.start, second.end)
      .join("");
    assert.equal(await marked.textContent(), want, "hover highlights the second sentence's source");
    console.log("ok: hovering summary sentence 2 moves the highlight");
  }

  // Search from the header box: "napalm" finds The Sun's article.
  await page.fill("header input[name=q]", "napalm");
  await page.press("header input[name=q]", "Enter");
  await page.waitForSelector("ul.hits");
  const hit = page.locator(`li.hit[data-article="${SUN}"]`);
  assert.equal(await hit.count(), 1, "The Sun's article is a hit");
  assert.match((await hit.locator("mark").first().textContent()) || "", /napalm/i);
  console.log(`ok: search "napalm" finds ${SUN}`);
  await page.screenshot({ path: path.join(shots, "search-napalm.png") });

  // The hit links to the story with that article.
  await hit.locator("a").first().click();
  await page.waitForSelector(`#art-${SUN}`);
  console.log("ok: the hit opens its story");
} catch (err) {
  failed = true;
  console.error("browser test FAILED:", err);
} finally {
  if (browser) await browser.close();
  server.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
