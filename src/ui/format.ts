// Display formatting for the tree and notifications (pure: no `vscode` import, unit-tested in plain Node).

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

/** The last segment of a key, which is what people call the file. */
export function displayName(key: string): string {
  return key.split('/').filter(Boolean).pop() ?? key;
}
