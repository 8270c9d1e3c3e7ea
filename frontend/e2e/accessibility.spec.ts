import AxeBuilder from '@axe-core/playwright';

import { mainPages } from './pages';
import { expect, signIn, test } from './support';

for (const [area, { user, pages }] of Object.entries(mainPages)) {
  test(`the ${area} pages have no serious or critical accessibility violations`, async ({
    page,
  }) => {
    if (user) {
      await signIn(page, user);
    }
    for (const { path, heading } of pages) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      // Wait for the page's data, so the scan sees the finished page and not a spinner.
      await expect(page.getByText(/^Loading/)).toHaveCount(0);
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
        .analyze();
      expect(results.passes.length, `axe checked nothing on ${path}`).toBeGreaterThan(0);
      const severe = results.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => ({
          rule: violation.id,
          impact: violation.impact,
          help: violation.help,
          targets: violation.nodes.map((node) => node.target.join(' ')),
        }));
      expect(severe, `accessibility violations on ${path}`).toEqual([]);
    }
  });
}
