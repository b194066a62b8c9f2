import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  EXPIRY_PRESETS,
  MAX_EXPIRY_SECONDS,
  MIN_EXPIRY_SECONDS,
  formatDuration,
  formatDurationSpec,
  formatExpiryNotice,
  formatRemaining,
  parseExpiry,
} from '../../src/core/duration';

function seconds(input: unknown): number {
  const result = parseExpiry(input);
  assert.ok(result.ok, `expected ${JSON.stringify(input)} to parse: ${result.ok ? '' : result.message}`);
  return result.seconds;
}

function refusal(input: unknown): string {
  const result = parseExpiry(input);
  assert.equal(result.ok, false, `expected ${String(input)} to be refused`);
  return result.ok ? '' : result.message;
}

const LIMIT_MESSAGE =
  'Links can be valid for at most 7 days (604800 seconds): that is the longest SigV4 signature S3 accepts.';
const FORMAT_HINT = 'Use seconds (3600) or a duration like 90s, 15m, 2h30m or 7d.';

describe('duration', () => {
  describe('parseExpiry', () => {
    it('has the SigV4 bounds', () => {
      assert.equal(MIN_EXPIRY_SECONDS, 1);
      assert.equal(MAX_EXPIRY_SECONDS, 604800);
    });

    it('accepts whole numbers of seconds', () => {
      assert.equal(seconds(1), 1);
      assert.equal(seconds(3600), 3600);
      assert.equal(seconds(604800), 604800);
    });

    it('accepts digit strings and unit groups', () => {
      const cases: [string, number][] = [
        ['3600', 3600],
        ['1', 1],
        ['604800', 604800],
        ['90s', 90],
        ['15m', 900],
        ['2h30m', 9000],
        ['7d', 604800],
        ['1d12h', 129600],
        ['1h1s', 3601],
        ['1d2h3m4s', 93784],
        ['90m', 5400],
        ['  15m \t', 900],
        ['2H30M', 9000],
        ['7D', 604800],
        ['0h1s', 1],
      ];
      for (const [input, expected] of cases) {
        assert.equal(seconds(input), expected, input);
      }
    });

    it('refuses over-limit values, stating the limit and why', () => {
      for (const input of ['7d1s', '604801', 604801, '8d', '99999999999999999999', '99999999999999999999d', 2 ** 53, '168h1s']) {
        assert.equal(refusal(input), LIMIT_MESSAGE, String(input));
      }
    });

    it('refuses zero and negative values with the minimum', () => {
      for (const input of [0, '0', '0s', '0d0h', -1, '-1', '-5m']) {
        assert.equal(refusal(input), `A link must be valid for at least 1 second. ${FORMAT_HINT}`, String(input));
      }
    });

    it('refuses malformed text, naming the accepted forms', () => {
      assert.equal(refusal('abc'), `"abc" is not a valid expiry. ${FORMAT_HINT}`);
      for (const input of ['1.5h', '1e9', '1m1h', '1h1h', '1 h', '2h 30m', 'h', '+5', '0x10', '1w', '15 m', '１２', '3600s5']) {
        assert.equal(refusal(input), `${JSON.stringify(input)} is not a valid expiry. ${FORMAT_HINT}`, input);
      }
    });

    it('keeps a huge pasted value out of the message', () => {
      const message = refusal('x'.repeat(5000));
      assert.ok(message.length < 200, message);
      assert.ok(message.includes('…'));
    });

    it('refuses empty text', () => {
      assert.equal(refusal(''), `The expiry is empty. ${FORMAT_HINT}`);
      assert.equal(refusal('   '), `The expiry is empty. ${FORMAT_HINT}`);
    });

    it('refuses numbers that are not whole or finite', () => {
      assert.equal(refusal(1.5), 'The expiry must be a whole number of seconds, not 1.5.');
      assert.equal(refusal(Number.NaN), 'The expiry must be a whole number of seconds, not NaN.');
      assert.equal(refusal(Infinity), 'The expiry must be a whole number of seconds, not Infinity.');
      assert.equal(refusal(-Infinity), 'The expiry must be a whole number of seconds, not -Infinity.');
    });

    it('refuses other types, naming the type', () => {
      const cases: [unknown, string][] = [
        [null, 'null'],
        [undefined, 'undefined'],
        [[3600], 'a list'],
        [{ seconds: 3600 }, 'an object'],
        [true, 'boolean'],
        [BigInt(60), 'bigint'],
      ];
      for (const [input, type] of cases) {
        assert.equal(refusal(input), `The expiry must be a number of seconds or a duration text, not ${type}. ${FORMAT_HINT}`);
      }
    });

    it('never throws and only accepts values within the bounds (property)', () => {
      fc.assert(
        fc.property(fc.anything(), (input) => {
          const result = parseExpiry(input);
          if (result.ok) {
            assert.ok(Number.isSafeInteger(result.seconds));
            assert.ok(result.seconds >= 1 && result.seconds <= 604800);
          } else {
            assert.ok(result.message.length > 0);
          }
        }),
      );
      fc.assert(
        fc.property(fc.string({ maxLength: 30 }), (input) => {
          const result = parseExpiry(input);
          if (result.ok) {
            assert.ok(result.seconds >= 1 && result.seconds <= 604800);
          }
        }),
      );
    });
  });

  describe('formatDuration', () => {
    it('uses at most two units', () => {
      const cases: [number, string][] = [
        [0, '0 s'],
        [1, '1 s'],
        [59, '59 s'],
        [60, '1 min'],
        [90, '1 min 30 s'],
        [900, '15 min'],
        [3599, '59 min 59 s'],
        [3600, '1 h'],
        [3900, '1 h 5 min'],
        [9000, '2 h 30 min'],
        [43200, '12 h'],
        [86400, '1 day'],
        [129600, '1 day 12 h'],
        [172800, '2 days'],
        [604800, '7 days'],
      ];
      for (const [input, expected] of cases) {
        assert.equal(formatDuration(input), expected, String(input));
      }
    });

    it('rounds to the second unit, carrying over', () => {
      assert.equal(formatDuration(3661), '1 h 1 min');
      assert.equal(formatDuration(3689), '1 h 1 min');
      assert.equal(formatDuration(3690), '1 h 2 min');
      assert.equal(formatDuration(7199), '2 h');
      assert.equal(formatDuration(86399), '1 day');
      assert.equal(formatDuration(90061), '1 day 1 h');
      assert.equal(formatDuration(604799), '7 days');
      assert.equal(formatDuration(59.6), '1 min');
      assert.equal(formatDuration(0.4), '0 s');
    });

    it('treats negative and non-finite input as zero', () => {
      assert.equal(formatDuration(-5), '0 s');
      assert.equal(formatDuration(Number.NaN), '0 s');
    });
  });

  describe('formatDurationSpec', () => {
    it('writes the canonical parseable form', () => {
      const cases: [number, string][] = [
        [1, '1s'],
        [90, '1m30s'],
        [900, '15m'],
        [3600, '1h'],
        [9000, '2h30m'],
        [129600, '1d12h'],
        [604800, '7d'],
        [93784, '1d2h3m4s'],
        [0, '0s'],
      ];
      for (const [input, expected] of cases) {
        assert.equal(formatDurationSpec(input), expected, String(input));
      }
    });

    it('round-trips through parseExpiry for every valid expiry (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 604800 }), (value) => {
          assert.equal(seconds(formatDurationSpec(value)), value);
        }),
      );
    });
  });

  describe('EXPIRY_PRESETS', () => {
    it('offers 1 min to 7 days with labels', () => {
      assert.deepEqual(
        EXPIRY_PRESETS.map((p) => [p.seconds, p.label]),
        [
          [60, '1 min'],
          [900, '15 min'],
          [3600, '1 h'],
          [43200, '12 h'],
          [86400, '1 day'],
          [604800, '7 days'],
        ],
      );
    });

    it('cannot be modified', () => {
      assert.ok(Object.isFrozen(EXPIRY_PRESETS));
      assert.ok(Object.isFrozen(EXPIRY_PRESETS[0]));
    });
  });

  describe('formatExpiryNotice', () => {
    const now = new Date(2025, 11, 1, 14, 32, 0); // Mon 1 Dec 2025, 14:32 local
    const later = (ms: number) => new Date(now.getTime() + ms);

    it('shows the local time and the relative time today', () => {
      assert.equal(formatExpiryNotice(later(3600_000), now), 'expires 15:32, in 1 h');
      assert.equal(formatExpiryNotice(later(59_000), now), 'expires 14:32, in 59 s');
      assert.equal(formatExpiryNotice(later(12 * 60_000), now), 'expires 14:44, in 12 min');
      assert.equal(formatExpiryNotice(later(65 * 60_000), now), 'expires 15:37, in 1 h 5 min');
      assert.equal(formatExpiryNotice(later(200), now), 'expires 14:32, in 1 s');
    });

    it('rounds to whole minutes past ten minutes, so a link shown a moment after signing reads as chosen', () => {
      assert.equal(formatExpiryNotice(later(15 * 60_000 - 1_000), now), 'expires 14:46, in 15 min');
      assert.equal(formatExpiryNotice(later(3600_000 - 1_000), now), 'expires 15:31, in 1 h');
      assert.equal(formatExpiryNotice(later(90_000), now), 'expires 14:33, in 1 min 30 s');
    });

    it('pads hours and minutes', () => {
      const early = new Date(2025, 11, 1, 7, 5, 0);
      assert.equal(formatExpiryNotice(new Date(2025, 11, 1, 8, 5, 0), early), 'expires 08:05, in 1 h');
    });

    it('includes the date when it is not today', () => {
      assert.equal(formatExpiryNotice(later(2 * 86400_000 + 3600_000), now), 'expires Wed 3 Dec 15:32, in 2 days 1 h');
      assert.equal(formatExpiryNotice(new Date(2025, 11, 2, 15, 32), now), 'expires Tue 2 Dec 15:32, in 1 day 1 h');
      assert.equal(formatExpiryNotice(later(10 * 3600_000), now), 'expires Tue 2 Dec 00:32, in 10 h');
    });

    it('includes the year when it differs', () => {
      const newYearsEve = new Date(2025, 11, 31, 20, 0, 0);
      assert.equal(formatExpiryNotice(new Date(2026, 0, 2, 9, 0), newYearsEve), 'expires Fri 2 Jan 2026 09:00, in 1 day 13 h');
    });

    it('says when a link has already expired', () => {
      assert.equal(formatExpiryNotice(new Date(now.getTime() - 5 * 60_000), now), 'expired 14:27, 5 min ago');
      assert.equal(formatExpiryNotice(now, now), 'expired 14:32, 0 s ago');
    });
  });

  describe('formatRemaining', () => {
    it('shows whole units, rounded down', () => {
      const cases: [number, string][] = [
        [45_000, '45s'],
        [45_999, '45s'],
        [59_999, '59s'],
        [60_000, '1m'],
        [12 * 60_000 + 59_999, '12m'],
        [3_599_999, '59m'],
        [3_600_000, '1h'],
        [3 * 3_600_000 + 1, '3h'],
        [86_399_999, '23h'],
        [86_400_000, '1d'],
        [2 * 86_400_000 + 5, '2d'],
        [604_800_000, '7d'],
      ];
      for (const [ms, expected] of cases) {
        assert.equal(formatRemaining(ms), expected, String(ms));
      }
    });

    it('shows 1s in the last second and 0s once expired', () => {
      assert.equal(formatRemaining(1), '1s');
      assert.equal(formatRemaining(999), '1s');
      assert.equal(formatRemaining(1000), '1s');
      assert.equal(formatRemaining(0), '0s');
      assert.equal(formatRemaining(-1000), '0s');
      assert.equal(formatRemaining(Number.NaN), '0s');
    });
  });
});
