import * as assert from 'node:assert/strict';
import { buildPresignPolicy } from '../../src/core/policy/build';
import { MAX_POLICY_BYTES, fitPolicySize } from '../../src/core/policy/document';

const pretty = (policy: unknown): string => `${JSON.stringify(policy, null, 2)}\n`;

/** A policy with `count` CIDRs in its network statement: about 20 bytes each, indented. */
function policyWithCidrs(count: number): string {
  const cidrs = Array.from({ length: count }, (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.0/24`);
  return pretty(buildPresignPolicy('my-bucket', { allowedCidrs: cidrs }));
}

describe('policy/document', () => {
  describe('fitPolicySize (S3 refuses policies over 20 KB)', () => {
    it('sends a policy that fits as written', () => {
      const text = policyWithCidrs(10);
      assert.deepEqual(fitPolicySize(text), { ok: true, text });
    });

    it('counts bytes, not characters, up to exactly 20480', () => {
      // `é` is two bytes in UTF-8: the Id takes the document to `bytes` bytes with about half as many characters.
      const withId = (bytes: number): string => {
        const overhead = Buffer.byteLength(JSON.stringify({ Version: '2012-10-17', Id: '', Statement: [] }));
        const room = bytes - overhead;
        return JSON.stringify({ Version: '2012-10-17', Id: 'é'.repeat(Math.floor(room / 2)) + 'x'.repeat(room % 2), Statement: [] });
      };
      const fits = withId(MAX_POLICY_BYTES);
      assert.equal(Buffer.byteLength(fits), 20480);
      assert.deepEqual(fitPolicySize(fits), { ok: true, text: fits });
      const over = withId(MAX_POLICY_BYTES + 1);
      assert.equal(Buffer.byteLength(over), 20481);
      assert.ok(over.length < MAX_POLICY_BYTES, 'fewer characters than the limit');
      assert.equal(fitPolicySize(over).ok, false);
    });

    it('drops the whitespace when only the indentation makes it too large', () => {
      const text = policyWithCidrs(800);
      assert.ok(Buffer.byteLength(text) > MAX_POLICY_BYTES);
      const sized = fitPolicySize(text);
      assert.ok(sized.ok);
      assert.equal(sized.text, JSON.stringify(JSON.parse(text)));
      assert.ok(Buffer.byteLength(sized.text) <= MAX_POLICY_BYTES);
    });

    it('refuses a policy too large even without whitespace, saying what to do', () => {
      const text = policyWithCidrs(1400);
      const compact = Buffer.byteLength(JSON.stringify(JSON.parse(text)));
      assert.ok(compact > MAX_POLICY_BYTES);
      const sized = fitPolicySize(text);
      assert.equal(sized.ok, false);
      assert.equal(
        sized.ok ? '' : sized.message,
        `The policy is too large for S3: ${compact} bytes without whitespace (${Buffer.byteLength(text)} as written), and S3 accepts at ` +
          'most 20480 bytes (20 KB). Remove statements or combine them (several resources, IP ranges or actions in one statement), then apply again.',
      );
    });
  });
});
