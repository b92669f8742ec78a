/**
 * GIVEN identifiers attune shows members by name (stored tables in /privacy status, ranking methods in list footers)
 * THEN each has a label in every language, so a table or method added later fails here instead of showing its id.
 */
import { describe, expect, it } from 'vitest';
import { APP_LOCALES } from '../../src/i18n/locale.js';
import { privacyText } from '../../src/i18n/privacy.js';
import { servableMethods } from '../../src/model/methods.js';
import { RENAMED_METHODS } from '../../src/model/registry.js';
import { FALLBACK_METHOD } from '../../src/model/promotion.js';
import { personalDataTables } from '../../src/privacy/personal-data.js';
import { methodLabel } from '../../commands/render/method-label.js';

describe('labels for what members see by name', () => {
  it('GIVEN every table the privacy registry exports THEN /privacy status has a label for it in every language', () => {
    const tables = personalDataTables().map((t) => t.table);
    expect(tables.length).toBeGreaterThan(20);
    for (const locale of APP_LOCALES) {
      const text: Readonly<Record<string, unknown>> = privacyText(locale);
      for (const table of tables) expect(typeof text[`table_${table}`], `${locale}: no label for ${table}`).toBe('string');
    }
  });

  it('GIVEN every ranking method serving can choose, and the pipeline\'s own THEN the footer names it, differently per language', () => {
    // Stored lists may still name a method by an id it had before a rename.
    const methods = [...servableMethods().map((m) => m.name), ...Object.keys(RENAMED_METHODS), FALLBACK_METHOD, 'cold-start', 'none'];
    for (const method of methods) {
      const en = methodLabel(method, 'en');
      const zh = methodLabel(method, 'zh-CN');
      expect(en, `no English label for ${method}`).not.toBe(method);
      expect(zh, `no Chinese label for ${method}`).toMatch(/\p{Script=Han}/u);
    }
    expect(methodLabel('a-method-added-later', 'zh-CN')).toBe('a-method-added-later');
  });
});
