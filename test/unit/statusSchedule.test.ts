import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatRemaining } from '../../src/core/duration';
import { nextStatusUpdateDelay, statusBarText, statusTooltipLines } from '../../src/core/statusSchedule';
import { H, M, S, T0, link } from '../fixtures/linkRecords';


describe('statusSchedule', () => {
  describe('statusBarText', () => {
    it('shows the count and the time to the next expiry', () => {
      assert.equal(statusBarText([link(2 * H), link(12 * M + 30 * S), link(3 * H)], T0), '$(link) 3 · 12m');
      assert.equal(statusBarText([link(45 * S)], T0), '$(link) 1 · 45s');
      assert.equal(statusBarText([link(3 * H + 5 * M)], T0), '$(link) 1 · 3h');
      assert.equal(statusBarText([link(50 * H)], T0), '$(link) 1 · 2d');
    });

    it('ignores expired links, the boundary included', () => {
      assert.equal(statusBarText([link(0), link(-5 * M), link(90 * S)], T0), '$(link) 1 · 1m');
      assert.equal(statusBarText([link(1)], T0), '$(link) 1 · 1s');
      assert.equal(statusBarText([], T0), '$(link) 0');
      assert.equal(statusBarText([link(M)], T0 + M), '$(link) 0');
    });
  });

  describe('statusTooltipLines', () => {
    it('lists active links, soonest first', () => {
      assert.deepEqual(
        statusTooltipLines(
          [
            link(2 * H + 30 * M, { key: 'uploads/in.csv', method: 'PUT', bucket: 'drop' }),
            link(12 * M, { key: 'report.pdf' }),
            link(-1, { key: 'gone.txt' }),
            link(30 * S, { key: 'folder/' }),
          ],
          T0,
        ),
        [
          'Share link for folder (my-bucket) expires in 30 s',
          'Share link for report.pdf (my-bucket) expires in 12 min',
          'Upload link for in.csv (drop) expires in 2 h 30 min',
        ],
      );
    });

    it('says when there are none', () => {
      assert.deepEqual(statusTooltipLines([link(-1)], T0), ['No active presigned links.']);
    });
  });

  describe('nextStatusUpdateDelay', () => {
    it('is undefined when nothing is active', () => {
      assert.equal(nextStatusUpdateDelay([], T0), undefined);
      assert.equal(nextStatusUpdateDelay([link(0), link(-M)], T0), undefined);
    });

    it('wakes just past the next minute boundary of the soonest remaining time (the text rounds down)', () => {
      assert.equal(nextStatusUpdateDelay([link(12 * M + 30 * S)], T0), 30 * S + 1);
      assert.equal(nextStatusUpdateDelay([link(12 * M)], T0), 1, '"12m" now, "11m" 1 ms later');
      assert.equal(nextStatusUpdateDelay([link(3 * H + 17 * S + 250)], T0), 17 * S + 251);
      assert.equal(nextStatusUpdateDelay([link(M)], T0), 1);
    });

    it('wakes every second in the last minute', () => {
      assert.equal(nextStatusUpdateDelay([link(59 * S + 400)], T0), 401);
      assert.equal(nextStatusUpdateDelay([link(45 * S)], T0), 1);
      assert.equal(nextStatusUpdateDelay([link(300)], T0), 300);
    });

    it('wakes when any link expires', () => {
      // The soonest changes text in 901 ms; the count changes when either link expires.
      assert.equal(nextStatusUpdateDelay([link(30 * S + 900), link(30 * S + 950)], T0), 901);
      assert.equal(nextStatusUpdateDelay([link(30 * S + 900), link(30 * S + 950)], T0 + 30 * S + 900), 50);
    });

    it('always wakes exactly when the visible text changes, never later (property)', () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 8 * 24 * 3600 * 1000 }), { minLength: 1, maxLength: 5 }), (offsets) => {
          const links = offsets.map((ms) => link(ms));
          const delay = nextStatusUpdateDelay(links, T0)!;
          assert.ok(delay > 0);
          const text = statusBarText(links, T0);
          // Nothing visible changes before the wake-up…
          assert.equal(statusBarText(links, T0 + delay - 1), text);
          // …and at the wake-up either the text changed or a minute boundary of the soonest link was just
          // crossed (hours and days show no minutes).
          const soonest = Math.min(...offsets);
          const changed = statusBarText(links, T0 + delay) !== text;
          assert.ok(changed || (soonest - delay + 1) % M === 0, `no change at ${delay} for ${offsets}`);
          assert.ok(delay <= M);
        }),
      );
    });

    it('agrees with formatRemaining about the last second', () => {
      assert.equal(formatRemaining(1500), '1s');
      // The last two seconds both read "1s": no wake-up until the link expires.
      assert.equal(nextStatusUpdateDelay([link(1500)], T0), 1500);
      assert.equal(statusBarText([link(1500)], T0 + 1499), '$(link) 1 · 1s');
      assert.equal(statusBarText([link(1500)], T0 + 1500), '$(link) 0');
      // Exactly on a second: "2s" now, "1s" one millisecond later (fast-check found this one).
      assert.equal(nextStatusUpdateDelay([link(2000)], T0), 1);
      assert.equal(statusBarText([link(2000)], T0 + 1), '$(link) 1 · 1s');
    });
  });
});
