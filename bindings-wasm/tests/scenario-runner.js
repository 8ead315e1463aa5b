// Runs one scenario file of tests/scenarios/ against the package, exactly as the Rust runner
// (core/tests/scenarios.rs) does: each step's `expect` is the events a command recorded (with
// `retried: true` for a retry), the error it gave (`code`, `field`, `rows`), or a query's result; the
// file's `expectHead` is the final seq and hash. Plain ES module without Node APIs: the Node tests and
// the browser page both use it.

/** JSON text with sorted keys: two values are equal when their canonical texts are. */
export function canonical(value) {
  return JSON.stringify(value, (_key, inner) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.keys(inner).sort().map((k) => [k, inner[k]]))
      : inner,
  );
}

/**
 * The error in the shape of a step's `expect`, as the Rust runner writes it: its rule when `expected`
 * names one (files written before refusals named their rules do not).
 */
function errorExpectation(error, expected) {
  if (error?.name !== 'GrassrootsError') throw error; // not the package's error: a bug, let it show
  const out = { code: error.code };
  if (error.rule !== undefined && expected?.error?.rule !== undefined) out.rule = error.rule;
  if (error.field !== undefined) out.field = error.field;
  if (error.rows !== undefined && error.rows.length > 0) {
    out.rows = error.rows.map((r) => ({ line: r.line, column: r.column ?? null, code: r.code }));
  }
  return { error: out };
}

/** What a step actually gave, in the shape of its `expect`. */
export function runStep(campaign, step) {
  if (step.execute !== undefined) {
    try {
      const answer = campaign.execute(step.execute);
      const out = { events: answer.records.map((r) => r.event) };
      if (answer.retried) out.retried = true;
      return out;
    } catch (error) {
      return errorExpectation(error, step.expect);
    }
  }
  if (step.query !== undefined) {
    try {
      return { result: campaign.query(step.query).result };
    } catch (error) {
      return errorExpectation(error, step.expect);
    }
  }
  throw new Error(`a step has \`execute\` or \`query\`: ${JSON.stringify(step)}`);
}

/**
 * Runs `scenario` on a new campaign of `Campaign` (the package's class). Answers each step's actual
 * and expected value, the final head, and the heads of the campaign replayed from its records and
 * restored from its snapshot; `passed` is true when everything agrees.
 */
export function runScenario(Campaign, scenario) {
  const campaign = new Campaign();
  try {
    const steps = scenario.steps.map((step, index) => {
      const actual = runStep(campaign, step);
      return { index, actual, expected: step.expect, ok: canonical(actual) === canonical(step.expect) };
    });
    const head = campaign.head();
    const replayed = Campaign.replay(campaign.recordsSince(0));
    const restored = Campaign.restore(campaign.snapshot());
    let replayHead, restoreHead, sameAnswers;
    try {
      replayHead = replayed.head();
      restoreHead = restored.head();
      // The loaded campaigns answer the scenario's queries as the live one does.
      sameAnswers = scenario.steps
        .filter((step) => step.query !== undefined)
        .every((step) => canonical(runStep(replayed, step)) === canonical(runStep(campaign, step)) &&
          canonical(runStep(restored, step)) === canonical(runStep(campaign, step)));
    } finally {
      replayed.free();
      restored.free();
    }
    const expectedHead = scenario.expectHead;
    const passed =
      steps.every((s) => s.ok) &&
      canonical(head) === canonical(expectedHead) &&
      canonical(replayHead) === canonical(head) &&
      canonical(restoreHead) === canonical(head) &&
      sameAnswers;
    return { name: scenario.name, steps, head, expectedHead, replayHead, restoreHead, sameAnswers, passed };
  } finally {
    campaign.free();
  }
}
