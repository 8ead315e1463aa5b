// Shows scenario runs on the page: one table row per scenario, and an overall status that the
// browser test reads (`#status`, its `data-status` is `passed` or `failed`).
import { runScenario } from '../scenario-runner.js';

const cell = (text, className) => {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
};

/** Runs each scenario with the package's `Campaign` and renders the results. */
export function runAndRender({ Campaign, version }, scenarios) {
  const status = document.getElementById('status');
  try {
    document.getElementById('version').textContent = version();
    const body = document.getElementById('scenarios');
    const runs = scenarios.map((scenario) => runScenario(Campaign, scenario));
    for (const run of runs) {
      const row = document.createElement('tr');
      row.dataset.scenario = run.name;
      const okSteps = run.steps.filter((s) => s.ok).length;
      row.append(
        cell(run.name),
        cell(`${okSteps}/${run.steps.length}`),
        cell(String(run.head.seq)),
        cell(run.head.hash, 'hash'),
        cell(run.replayHead.hash === run.head.hash && run.restoreHead.hash === run.head.hash ? 'same head' : 'DIFFERENT'),
        cell(run.passed ? 'passed' : 'failed', run.passed ? 'passed' : 'failed'),
      );
      body.append(row);
    }
    const failed = runs.flatMap((run) => run.steps.filter((s) => !s.ok).map((s) => ({ scenario: run.name, ...s })));
    document.getElementById('detail').textContent = failed.length ? JSON.stringify(failed, null, 2) : '';
    const passed = runs.length > 0 && runs.every((run) => run.passed);
    status.textContent = passed ? `passed (${runs.length} scenarios)` : 'failed';
    status.dataset.status = passed ? 'passed' : 'failed';
  } catch (error) {
    status.textContent = `failed: ${error?.name}: ${error?.message}`;
    status.dataset.status = 'failed';
    throw error;
  }
}
