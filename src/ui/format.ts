// Display formatting for the tree, the status bar and notifications (pure: no `vscode` import).

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** `1536` → `1.5 KB`; binary multiples, one decimal below 10 units. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Local time as `2026-11-30 15:02`: sortable and unambiguous across locales. */
export function formatTimestamp(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

// Characters that change how the rest of a name reads without being seen: C0/C1 controls, bidi
// marks, embeddings, overrides and isolates (U+202E makes `gpj.exe` read `exe.jpg`), line and paragraph
// separators, the zero-width space and the BOM. Keys are chosen by whoever can upload (issue 12).
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

/** `text` with every invisible or reordering character shown as its `\uXXXX` escape. */
export function visibleText(text: string): string {
  return text.replace(HIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** The last segment of a key, which is what people call the file, with hidden characters shown. */
export function displayName(key: string): string {
  return visibleText(key.split('/').filter(Boolean).pop() ?? key);
}
