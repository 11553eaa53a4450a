import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../api.js';
import { CHECK_FIRST, submittedLine, submitVersion } from '../panels/assign.js';

const SUBMITTED = { id: 's1', goals_passed: 3, goals_total: 4 };
const checkFirst = () => new ApiError(409, { detail: `${CHECK_FIRST} (Check my design), then submit.` });

function flow({ answers, checked = { passed: true }, ready = true }) {
  const said = [];
  const calls = { posts: 0, checks: 0, opened: 0 };
  const post = async () => {
    const answer = answers[calls.posts++];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  const args = {
    post,
    ready: async () => ready,
    checkNow: async () => { calls.checks += 1; return checked; },
    beforeCheck: () => { calls.opened += 1; },
    say: (text, kind = 'info') => said.push([text, kind]),
  };
  return { args, said, calls };
}

test('a checked version is submitted at once and says how many goals it met', async () => {
  const { args, said, calls } = flow({ answers: [SUBMITTED] });
  assert.deepEqual(await submitVersion(args), SUBMITTED);
  assert.equal(calls.checks, 0);
  assert.deepEqual(said.at(-1), ['Submitted: 3/4 goals met.', 'info']);
});

test('an unchecked version is checked first, then submitted again', async () => {
  const { args, said, calls } = flow({ answers: [checkFirst(), { ...SUBMITTED, goals_passed: 4 }] });
  const done = await submitVersion(args);
  assert.equal(done.goals_passed, 4);
  assert.deepEqual(calls, { posts: 2, checks: 1, opened: 1 });
  assert.ok(said.some(([text]) => text.startsWith('Checking this version first')));
  assert.deepEqual(said.at(-1), ['Submitted: 4/4 goals met. Well done.', 'ok']);
});

test('a check that does not finish submits nothing', async () => {
  const { args, said, calls } = flow({ answers: [checkFirst()], checked: null });
  assert.equal(await submitVersion(args), null);
  assert.equal(calls.posts, 1);
  assert.equal(said.at(-1)[1], 'warn');
});

test("another refusal is the server's own sentence, with no check run", async () => {
  const closed = new ApiError(409, { detail: 'This assignment is closed: your design is kept as it is.' });
  const { args, said, calls } = flow({ answers: [closed] });
  assert.equal(await submitVersion(args), null);
  assert.equal(calls.checks, 0);
  assert.deepEqual(said.at(-1), ['This assignment is closed: your design is kept as it is.', 'warn']);
});

test('a design that cannot be saved or has problems is not submitted', async () => {
  const { args, said, calls } = flow({ answers: [SUBMITTED], ready: false });
  assert.equal(await submitVersion(args), null);
  assert.equal(calls.posts, 0);
  assert.equal(said.at(-1)[1], 'warn');
});

test('one goal reads in the singular', () => {
  assert.equal(submittedLine({ goals_passed: 1, goals_total: 1 }), 'Submitted: 1/1 goal met. Well done.');
});
