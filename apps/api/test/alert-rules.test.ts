import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { promtool, promtoolPath } from './support/prometheus';
import { describeNeeding, need } from './support/requirements';

const rulesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../ops/prometheus');

describeNeeding(
  [need(promtoolPath(), 'promtool (apt-get install prometheus)')],
  'ops/prometheus alert rules',
  () => {
    it('pass `promtool check rules`', () => {
      const checked = promtool(['check', 'rules', 'alerts.yml'], { cwd: rulesDir });
      expect(checked.output).toContain('SUCCESS: 8 rules found');
      expect(checked.status, checked.output).toBe(0);
    });

    it('fire on synthetic series that break them and stay quiet otherwise (`promtool test rules`)', () => {
      const tested = promtool(['test', 'rules', 'alerts.test.yml'], { cwd: rulesDir });
      expect(tested.status, tested.output).toBe(0);
      expect(tested.output).toContain('SUCCESS');
    });

    it('load from the example scrape configuration', () => {
      const checked = promtool(['check', 'config', '--syntax-only', 'prometheus.example.yml'], {
        cwd: rulesDir,
      });
      expect(checked.status, checked.output).toBe(0);
    });
  },
);
