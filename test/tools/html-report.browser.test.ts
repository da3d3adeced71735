/**
 * The HTML report in a real browser: Debian's Chromium, headless, driven by playwright-core. `.ci/run` installs
 * Chromium; on a machine without it the test is skipped, and under CI=true it fails (test/helpers/chromium.ts).
 * The page and a full-page screenshot are kept in test-artifacts/ (git-ignored).
 */
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { estimateCost } from '../../lib/tools/cost/estimate';
import { readCloudAssembly } from '../../lib/tools/read/assembly';
import { renderHtml } from '../../lib/tools/report/html';
import { reviewAssembly } from '../../lib/tools/review/review';
import { reviewDoc } from '../../lib/tools/review/review-doc';
import { runCli } from '../../lib/tools/cli/program';
import { synthForeignApp } from '../helpers/foreign-app';
import { browserTests, CHROMIUM } from '../helpers/chromium';
import { sharedApp } from '../helpers/shared-synth';

const ARTIFACTS = join(__dirname, '../../test-artifacts');
const describeBrowser = browserTests() === 'run' ? describe : describe.skip;

/** The example app's assembly, synthesized once for the whole test run by `cdk synth` (test/helpers/shared-synth). */
const exampleApp = () => sharedApp('example').assembly.directory;

/**
 * The words of the text in `selector` that the browser split across two lines although they fit on one: text
 * wraps between words, and only a word wider than its box may break inside ("c oncurrent" must not happen).
 */
async function wordsBrokenMidWord(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements) => {
    const broken: string[] = [];
    for (const element of elements) {
      const box = element.getBoundingClientRect().width;
      const walker = element.ownerDocument.createTreeWalker(element, 4 /* NodeFilter.SHOW_TEXT */);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const m of text.matchAll(/\S+/g)) {
          const range = element.ownerDocument.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          // A word on two lines is a defect unless it is wider than its box; names and URLs may break after a
          // dash or a slash, as browsers break them.
          const width = range.getBoundingClientRect().width;
          const pieces = m[0].split(/(?<=[-/])/);
          if (lines.size > 1 && width < box && pieces.length === 1) broken.push(m[0]);
        }
      }
    }
    return broken;
  });
}

/** Writes the review page of an assembly to test-artifacts/ and returns its path. */
function writeReport(name: string, dir: string): string {
  const read = readCloudAssembly(dir);
  const html = renderHtml(reviewDoc({ ...reviewAssembly(read), root: name }, { cost: estimateCost(read) }));
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.html`);
  writeFileSync(file, html);
  return file;
}

describeBrowser('headless Chromium', () => {
  // One browser for the file's pages (each test opens its own page): a launch is a second or two of CPU.
  let browser: BrowserContext;
  beforeAll(async () => {
    // A fresh profile per run, and the flags that keep Chromium from reaching out on its own.
    browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => browser?.close());

  describe('the HTML review in headless Chromium', () => {
    const requests: string[] = [];

    async function open(file: string): Promise<Page> {
      const page = await browser.newPage();
      // Nothing may leave the page: record and refuse every request that is not the file itself.
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file://')) return route.continue();
        requests.push(url);
        return route.abort();
      });
      await page.goto(`file://${file}`);
      return page;
    }

    test('example app: summary, one card per alarm with its M-of-N window, filter, no network', async () => {
      const page = await open(writeReport('review-example-app', exampleApp()));
      expect(await page.locator('h1').textContent()).toBe('Alarm review');
      const figures = await page
        .locator('.figure')
        .evaluateAll((els) =>
          els.map(
            (e) => `${e.querySelector('.label')?.textContent}=${e.querySelector('.value')?.textContent}`,
          ),
        );
      expect(figures).toEqual([
        'Stacks=10',
        'Alarms=111',
        'critical=46',
        'warning=65',
        'info=0',
        'Findings=0',
        'Cost / month=$68.59',
      ]);
      const severityBars = await page
        .locator('[data-chart="Alarms by severity"] .bar-row')
        .evaluateAll((els) =>
          els.map((e) => `${e.getAttribute('data-label')}:${e.getAttribute('data-value')}`),
        );
      expect(severityBars).toEqual(['critical:46', 'warning:65', 'info:0']);

      expect(await page.locator('.card').count()).toBe(111);
      expect(await page.locator('.card svg.window').count()).toBe(100); // composites have a rule, not a window
      // Every chart draws N bars, M of them breaching, and is laid out with a real size.
      const charts = await page.locator('svg.window').evaluateAll((svgs) =>
        svgs.map((s) => ({
          m: Number(s.getAttribute('data-m')),
          n: Number(s.getAttribute('data-n')),
          bars: s.querySelectorAll('rect.bar').length,
          breach: s.querySelectorAll('rect.bar.breach').length,
          width: s.getBoundingClientRect().width,
        })),
      );
      for (const c of charts) {
        expect(c.bars).toBe(c.n);
        expect(c.breach).toBe(c.m);
        expect(c.width).toBeGreaterThan(200);
      }
      const card = page.locator('.card', { hasText: 'sophie-api-sophie-authorizer-latencyBudget-critical' });
      await expect(card.locator('.caption').textContent()).resolves.toBe(
        'ALARM when 3 of the last 5 datapoints (1 min each) are > 75 ms. Missing data: notBreaching.',
      );
      expect(await card.locator('.threshold-label').textContent()).toBe('threshold > 75 ms');
      expect(await card.locator('dd').first().textContent()).toBe(
        'via sophie-api-service-anyCritical-critical',
      );

      await page.locator('.filter').fill('throttles');
      // Six Lambda functions' throttles, and the table's read and write throttles.
      const shown = await page.locator('.card:visible h4').allTextContents();
      expect(shown).toHaveLength(8);
      expect(shown.every((t) => /-(throttles|readThrottles|writeThrottles)-warning$/.test(t))).toBe(true);
      await page.locator('.filter').fill('');
      // Descriptions, conditions and names wrap between words ("900 concurrent", not "900 c oncurrent").
      expect(await wordsBrokenMidWord(page, '.card dd, .card h4, .card .cond, .card .caption')).toEqual([]);

      const shot = join(ARTIFACTS, 'review-example-app.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(50_000);
      expect(requests).toEqual([]);
    });

    test('foreign app: inferred severities, findings and anomaly bands are rendered', async () => {
      const page = await open(writeReport('review-foreign-app', synthForeignApp().directory));
      const findingRows = await page.locator('table').nth(1).locator('tbody tr').count();
      expect(findingRows).toBe(3);
      const band = page.locator('.card', { hasText: 'shop-Orders-Warning' });
      expect(await band.locator('rect.band').count()).toBe(1);
      expect(await band.locator('.sub').textContent()).toBe('Shop · warning (from name)');
      const unnamed = page.locator('.card', { hasText: 'Shop-ApiLatency' });
      expect(await unnamed.locator('.flag').allTextContents()).toEqual([
        'no-action: no ALARM action, and no composite alarm with an action watches it',
        'percentile-low-sample: p90 Latency has no EvaluateLowSampleCountPercentile',
        'note: AlarmName: none, CloudFormation generates one at deploy',
      ]);
      await page.screenshot({ path: join(ARTIFACTS, 'review-foreign-app.png'), fullPage: true });
      expect(requests).toEqual([]);
    });
  });

  describe('the HTML backtest in headless Chromium', () => {
    test('charts with and without data, the composite that pages, no "0 ms" and no made-up scale', async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = join(ARTIFACTS, 'backtest-example-app.html');
      const history = join(__dirname, '../../examples/history/sophie-list-tasks.json');
      const io = { out: () => undefined, err: () => undefined, isTTY: false };
      const argv = [
        'backtest',
        '--app',
        exampleApp(),
        '--history',
        history,
        '--alarm',
        'sophie-api-sophie-list-tasks-*',
      ];
      expect(await runCli([...argv, '--format', 'html', '-o', file], io)).toBe(0);
      const page = await browser.newPage();
      await page.goto(`file://${file}`);
      const section = (name: string) =>
        page.locator('section', { has: page.locator('h2', { hasText: name }) });

      // An alarm with history: a series, its scale, the ALARM band; it pages through the composite, which is listed.
      const rate = section('sophie-api-sophie-list-tasks-errorRate-critical');
      expect(await rate.locator('path.series').count()).toBe(1);
      expect(await rate.locator('rect.alarm').count()).toBe(1);
      expect(await rate.locator('p.muted').first().textContent()).toContain(
        '1 ALARM episode · 10 min in alarm · 0 pages',
      );
      const composite = section('sophie-api-service-anyCritical-critical');
      expect(await composite.locator('p.muted').first().textContent()).toMatch(/· 1 page$/);

      // An alarm without history: no series and no scale made from the threshold alone ("9k .. 9k").
      const quiet = section('sophie-api-sophie-list-tasks-duration-warning');
      expect(await quiet.locator('p.muted').first().textContent()).toContain('· never in ALARM ·');
      expect(await quiet.locator('path.series').count()).toBe(0);
      expect(await quiet.locator('svg text').allTextContents()).toEqual([
        'threshold 9k',
        'no datapoint in this range',
        '2026-03-02 00:00',
        '2026-03-02 02:00',
      ]);
      expect(await page.locator('body').textContent()).not.toMatch(/\b0 ms\b/);
      expect(await wordsBrokenMidWord(page, 'h2, p')).toEqual([]);

      const shot = join(ARTIFACTS, 'backtest-example-app.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(50_000);
    });
  });
});
