import * as assert from 'node:assert/strict';
import { guessContentType } from '../../src/core/contentType';

describe('contentType', () => {
  it('guesses from the extension of the last path segment', () => {
    const cases: [string, string][] = [
      ['report.pdf', 'application/pdf'],
      ['photos/2024/IMG_0001.JPG', 'image/jpeg'],
      ['site/index.html', 'text/html'],
      ['data/export.json', 'application/json'],
      ['notes.txt', 'text/plain'],
      ['archive.tar.gz', 'application/gzip'],
      ['styles.css', 'text/css'],
      ['a b/c d.png', 'image/png'],
      ['v1.2/video.mp4', 'video/mp4'],
    ];
    for (const [key, type] of cases) {
      assert.equal(guessContentType(key), type, key);
    }
  });

  it('is undefined without a known extension', () => {
    for (const key of ['README', 'json', 'folder/json', 'folder/', '.bashrc', 'dir/.json', 'file.', 'file.unknownext', 'v1.2/noext', '']) {
      assert.equal(guessContentType(key), undefined, key);
    }
  });
});
