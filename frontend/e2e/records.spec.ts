import { clinicContext, demo, expect, signIn, test, unique } from './support';

// The smallest valid PNG: 1x1 pixel.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

test('a doctor adds a record entry and a report that the patient then reads and downloads', async ({
  browser,
}) => {
  const diagnosis = unique('Seasonal rhinitis ');
  const title = unique('Allergy panel ');

  await test.step('the doctor writes in Alice’s chart', async () => {
    const context = await clinicContext(browser);
    const page = await context.newPage();
    await signIn(page, demo.doctor);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Patients' })
      .click();
    // The home page lists Alice's visits too: wait for the patients page before choosing her.
    await expect(page).toHaveURL(/\/doctor\/patients$/);
    await page.getByRole('main').getByRole('link', { name: 'Alice Patel' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Alice Patel' })).toBeVisible();

    // The chart opens on the record; each form opens on demand.
    await page.getByRole('button', { name: 'Add a record entry' }).click();
    await page.getByLabel('Diagnosis').fill(diagnosis);
    await page.getByLabel('Treatment plan').fill('Antihistamine in the morning.');
    await page.getByRole('button', { name: 'Add entry' }).click();
    await expect(page.getByText('The entry has been added to the record.')).toBeVisible();
    await expect(
      page.getByRole('list', { name: 'Record entries' }).getByRole('heading', { name: diagnosis }),
    ).toBeVisible();

    await page.getByRole('button', { name: 'Upload a report' }).click();
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('File (PDF, PNG or JPEG, up to 10 MB)').setInputFiles({
      name: 'allergy-panel.png',
      mimeType: 'image/png',
      buffer: PNG,
    });
    await page.getByRole('button', { name: 'Upload report' }).click();
    await expect(page.getByText(`“${title}” has been uploaded.`)).toBeVisible();
    await context.close();
  });

  await test.step('Alice reads the entry and downloads the report', async () => {
    const context = await clinicContext(browser);
    const page = await context.newPage();
    await signIn(page, demo.patient);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'My record' })
      .click();
    const history = page.getByRole('list', { name: 'History' });
    await expect(history.getByRole('heading', { name: diagnosis })).toBeVisible();
    await expect(history).toContainText('Antihistamine in the morning.');

    const reports = page.getByRole('list', { name: 'Reports' });
    const report = reports.getByRole('listitem').filter({ hasText: title });
    const download = page.waitForEvent('download');
    await report.getByRole('button', { name: 'Download allergy-panel.png' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('allergy-panel.png');

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Access log' })
      .click();
    await expect(
      page
        .getByRole('main')
        .getByRole('listitem')
        .filter({ hasText: /^Dr Meredith Grey / })
        .first(),
    ).toContainText('uploaded a report');
    await context.close();
  });
});
