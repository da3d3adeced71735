/**
 * The HTML report in a real browser: Debian's Chromium, headless, driven by playwright-core. `.ci/run` installs
 * Chromium; on a machine without it the test is skipped (and fails in CI, where it must run). The page and a
 * full-page screenshot are kept in test-artifacts/ (git-ignored).
 */
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { estimateCost } from '../../lib/tools/cost/estimate';
import { readCloudAssembly } from '../../lib/tools/read/assembly';
import { renderHtml } from '../../lib/tools/report/html';
import { reviewAssembly } from '../../lib/tools/review/review';
import { reviewDoc } from '../../lib/tools/review/review-doc';
import { synthForeignApp } from '../helpers/foreign-app';
import { synthConfig } from '../helpers/synth';
import { readFileSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '../../test-artifacts');
const available = existsSync(CHROMIUM);
if (!available && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
const describeBrowser = available ? describe : describe.skip;

/** Writes the review page of an assembly to test-artifacts/ and returns its path. */
function writeReport(name: string, dir: string): string {
  const read = readCloudAssembly(dir);
  const html = renderHtml(reviewDoc({ ...reviewAssembly(read), root: name }, { cost: estimateCost(read) }));
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.html`);
  writeFileSync(file, html);
  return file;
}

describeBrowser('the HTML review in headless Chromium', () => {
  let browser: BrowserContext;
  const requests: string[] = [];

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
    const EXAMPLE = readFileSync(join(__dirname, '../../telemetry.yaml'), 'utf8');
    const page = await open(writeReport('review-example-app', synthConfig(EXAMPLE).assembly.directory));
    expect(await page.locator('h1').textContent()).toBe('Alarm review');
    const figures = await page
      .locator('.figure')
      .evaluateAll((els) =>
        els.map((e) => `${e.querySelector('.label')?.textContent}=${e.querySelector('.value')?.textContent}`),
      );
    expect(figures).toEqual([
      'Stacks=8',
      'Alarms=70',
      'critical=21',
      'warning=49',
      'info=0',
      'Findings=0',
      'Cost / month=$42.10',
    ]);
    const severityBars = await page
      .locator('[data-chart="Alarms by severity"] .bar-row')
      .evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('data-label')}:${e.getAttribute('data-value')}`),
      );
    expect(severityBars).toEqual(['critical:21', 'warning:49', 'info:0']);

    expect(await page.locator('.card').count()).toBe(70);
    expect(await page.locator('.card svg.window').count()).toBe(68); // composites have a rule, not a window
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
