/** Where clips and gaps sit on an event's time bar, in percent of the event's span (pure). */
export interface Placed {
  left: number;
  width: number;
}

export function place(eventStart: string, eventEnd: string, start: string, end: string): Placed {
  const from = Date.parse(eventStart);
  const span = Math.max(1, Date.parse(eventEnd) - from);
  const left = ((Date.parse(start) - from) / span) * 100;
  const width = ((Date.parse(end) - Date.parse(start)) / span) * 100;
  return { left: Math.max(0, Math.min(100, left)), width: Math.max(0, Math.min(100 - Math.max(0, left), width)) };
}
