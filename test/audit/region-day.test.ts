/** Calendar days are the region's (China Standard Time by default), for deadlines counted in working days. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { regionDay } from '../../src/domain/time.js';
import { addWorkingDays, pendingFirstDue } from '../../src/audit/review.js';

test('regionDay: the bureau\'s calendar day of an instant', () => {
  assert.equal(regionDay(new Date('2024-01-31T15:59:59Z')), '2024-01-31');
  assert.equal(regionDay(new Date('2024-01-31T16:00:00Z')), '2024-02-01'); // midnight in Beijing
  assert.equal(regionDay(new Date('2024-01-31T16:00:00Z'), 'UTC'), '2024-01-31');
});

test('addWorkingDays counts from the region\'s day and skips weekends', () => {
  // Friday 2024-02-02 00:30 in Beijing is still Thursday in UTC: counted from Friday.
  assert.equal(addWorkingDays(new Date('2024-02-01T16:30:00Z'), 1), '2024-02-05');
  assert.equal(addWorkingDays(new Date('2024-02-01T10:00:00Z'), 1), '2024-02-02');
  assert.equal(addWorkingDays(new Date('2024-02-02T10:00:00Z'), 5), '2024-02-09');
  assert.equal(addWorkingDays(new Date('2024-02-02T10:00:00Z'), 0), '2024-02-02');
  assert.equal(pendingFirstDue('2023-01-02 12:00:00+00', { pending_first: 10 }), '2023-01-16');
  assert.equal(pendingFirstDue('2023-01-02 12:00:00+00', { pending_first: 0 }), null);
});
